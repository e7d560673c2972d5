//! Attachments and images (SPEC §9): bundles copied beside their item's page, `static/` copied
//! to the root, every `src`/`href` relative and resolving from its page's folder, the 附件 box,
//! images embedded in the slide deck, nothing of an internal item in a public build, and the
//! errors: a missing file where it is written, an overwrite of a generated file, a symbolic link,
//! a file over the size cap. A real Chromium opens a case page over file:// and loads its image.
//!
//! The fixture `attachments/site` holds a public mechanism written as a folder (with an .xlsx, a
//! file in a sub-folder, and a file of `static/` in its list), an internal case with a photo and
//! an internal document, a later case for the snapshot cut, a training on the case, and a page
//! linking `static/files/通知.pdf`.

mod common;

use common::cdp::{Browser, Cdp};
use common::*;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

const MECHANISM: &str = "mechanisms/kao-he-ji-zhi";
const CASE: &str = "cases/xian-fa-yuan-yan-qing-an";
const PHOTO: &str = "content/cases/县法院宴请案/会议照片.png";
/// Bytes only the internal case's document holds.
const INTERNAL_MARKER: &str = "INTERNAL-ONLY-7f3a9c";

/// A copy of the fixture built for one audience into `<temp>/out`.
fn built(audience: &str) -> (Site, PathBuf) {
    let site = copy_fixture("attachments/site");
    let out = site.out("out");
    build(site.path(), &out, &["--audience", audience]).assert_code(0);
    (site, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture("attachments/site").join(rel)).unwrap()
}

/// `会议照片.png` as it is written in an href: each byte of the name percent-encoded.
fn encoded(name: &str) -> String {
    name.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn bundle_files_are_copied_beside_the_page_with_their_folders() {
    // Every file of a bundle but index.md lands in its item's folder, sub-folders kept, bytes
    // unchanged, Chinese names kept.
    let (_site, out) = built("internal");
    let all = files(&out);
    for (from, to) in [
        ("content/mechanisms/考核机制/考核细则.xlsx", format!("{MECHANISM}/考核细则.xlsx")),
        ("content/mechanisms/考核机制/附件/填报说明.txt", format!("{MECHANISM}/附件/填报说明.txt")),
        (PHOTO, format!("{CASE}/会议照片.png")),
        ("content/cases/县法院宴请案/内部通报.docx", format!("{CASE}/内部通报.docx")),
    ] {
        assert_eq!(all.get(&to), Some(&fixture_bytes(from)), "{to} is not a copy of {from}");
    }
    assert!(all.keys().all(|k| !k.ends_with("index.md")), "a bundle's index.md is the item, not an attachment");
    assert!(all.contains_key(&format!("{CASE}/index.html")), "the case page is in the bundle's folder");
}

#[test]
fn static_is_copied_to_the_root_in_every_build() {
    // static/files/通知.pdf -> files/通知.pdf, in internal and public builds alike.
    for audience in ["internal", "public"] {
        let (_site, out) = built(audience);
        assert_eq!(std::fs::read(out.join("files/通知.pdf")).ok(), Some(fixture_bytes("static/files/通知.pdf")), "{audience} build");
    }
}

#[test]
fn static_keeps_a_web_servers_hidden_files() {
    // static/ is copied as it is: .htaccess and .well-known/ too (an intranet server's access
    // rules); what a Mac or an editor leaves behind is not.
    let site = copy_fixture("attachments/site");
    site.write("static/.htaccess", "Require ip 10.0.0.0/8\n");
    site.write("static/.well-known/security.txt", "Contact: mailto:it@example.org\n");
    site.write("static/.DS_Store", "mac");
    site.write("static/files/._通知.pdf", "fork");
    site.write("static/files/.~lock.通知.docx#", "lock");
    site.write("static/.env", "SECRET=1");
    site.write("static/.htpasswd", "admin:x");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    assert_eq!(std::fs::read_to_string(out.join(".htaccess")).unwrap(), "Require ip 10.0.0.0/8\n");
    assert!(out.join(".well-known/security.txt").is_file());
    for junk in [".DS_Store", "files/._通知.pdf", "files/.~lock.通知.docx#", ".env", ".htpasswd"] {
        assert!(!out.join(junk).exists(), "{junk} was published");
    }
}

#[test]
fn every_src_and_href_resolves_from_its_page() {
    // Every src and href of every page, handouts and decks included, is relative and names a
    // file of the output — on the fixture (both audiences) and on the demo site.
    for audience in ["internal", "public"] {
        let (_site, out) = built(audience);
        let problems = link_problems(&out);
        assert!(problems.is_empty(), "{audience} build:\n{}", problems.join("\n"));
    }
    let demo = copy_demo("attachments-demo-links");
    let out = demo.out("out");
    build(demo.path(), &out, &["--quiet"]).assert_code(0);
    let problems = link_problems(&out);
    assert!(problems.is_empty(), "demo:\n{}", problems.join("\n"));
    // The demo's own attachments are among what was checked.
    let mechanism = read(&out.join("mechanisms/leadership/index.html"));
    assert!(mechanism.contains(&format!("href=\"../../mechanisms/leadership/{}\"", encoded("纪律作风建设责任清单.xlsx"))));
    let case = read(&out.join("cases/yl-police-workday-drinking/index.html"));
    assert!(case.contains(&format!("src=\"../../cases/yl-police-workday-drinking/{}\"", encoded("警示教育大会现场.png"))));
    let guide = read(&out.join("pages/guide/index.html"));
    assert!(guide.contains(&format!("href=\"../../files/{}\"", encoded("平台使用指南.pdf"))));
}

#[test]
fn links_and_images_in_markdown_become_relative_and_percent_encoded() {
    // `会议照片.png` beside the case and `/files/通知.pdf` in static/ are written from the page's
    // folder, Chinese names percent-encoded, a fragment kept.
    let (_site, out) = built("internal");
    let case = read(&out.join(format!("{CASE}/index.html")));
    // With the photo's own width and height (48 × 32), so the page keeps its room as it loads.
    assert!(case.contains(&format!("<img src=\"../../{CASE}/{}\" width=\"48\" height=\"32\" alt=\"宴请现场照片\"", encoded("会议照片.png"))), "{case}");
    let mechanism = read(&out.join(format!("{MECHANISM}/index.html")));
    assert!(mechanism.contains(&format!("href=\"../../{MECHANISM}/{}\"", encoded("考核细则.xlsx"))));
    assert!(mechanism.contains(&format!("href=\"../../{MECHANISM}/{}#", encoded("附件/填报说明.txt"))), "./ is dropped and the fragment kept");
    let guide = read(&out.join("pages/guide/index.html"));
    assert!(guide.contains(&format!("href=\"../../files/{}\"", encoded("通知.pdf"))));
    assert!(guide.contains(&format!("href=\"../../{CASE}/index.html\">宴请案</a>")), "a bundle is linked by its index.md");
    for html in [&case, &mechanism, &guide] {
        assert!(!html.contains("href=\"会议照片") && !html.contains("通知.pdf\""), "a raw Chinese path in an href");
    }
}

#[test]
fn the_attachment_box_lists_title_type_and_size() {
    // The mechanism's 附件 box: each listed file with its title (or its name), its type and size,
    // linked relative to the page, in the order written.
    let (_site, out) = built("internal");
    let html = read(&out.join(format!("{MECHANISM}/index.html")));
    let start = html.find("<section class=\"attachments\"").expect("no 附件 box");
    let end = start + html[start..].find("</section>").unwrap();
    let bx = &html[start..end];
    assert!(bx.contains(">附件</h2>"));
    let xlsx_len = fixture_bytes("content/mechanisms/考核机制/考核细则.xlsx").len();
    let rows: Vec<&str> = bx.split("<li>").skip(1).collect();
    assert_eq!(rows.len(), 3, "{bx}");
    assert!(rows[0].contains(&format!("href=\"../../{MECHANISM}/{}\">考核评价细则</a>", encoded("考核细则.xlsx"))), "{}", rows[0]);
    assert!(rows[0].contains(">Excel</span>") && rows[0].contains(&format!("{xlsx_len} B")), "{}", rows[0]);
    assert!(rows[0].contains("考核细则.xlsx"), "a title that differs from the name shows the name too");
    assert!(rows[1].contains(">填报说明.txt</a>") && rows[1].contains(">文本</span>"), "{}", rows[1]);
    assert!(rows[2].contains(&format!("href=\"../../files/{}\">关于开展考核的通知</a>", encoded("通知.pdf"))) && rows[2].contains(">PDF</span>"), "{}", rows[2]);
    // A page without attachments has no box.
    let guide = read(&out.join("pages/guide/index.html"));
    assert!(!guide.contains("class=\"attachments\""));
}

#[test]
fn search_finds_an_attachment_by_title_and_file_name() {
    // The mechanism's search entry holds its attachments' titles and file names.
    let (_site, out) = built("internal");
    let mut text = String::new();
    for (rel, bytes) in files(&out) {
        if rel.starts_with("search/") && rel.ends_with(".js") {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    for needle in ["考核评价细则", "填报说明.txt", "关于开展考核的通知"] {
        assert!(text.contains(needle), "the search index lacks {needle}");
    }
}

#[test]
fn the_deck_embeds_its_image_and_names_no_file() {
    // slides.html shows the case photo as a data: URI of the file's own bytes, and refers to no
    // other file; the handout shows it by a relative path.
    let (_site, out) = built("internal");
    let deck = read(&out.join("trainings/session/slides.html"));
    let prefix = "src=\"data:image/png;base64,";
    let start = deck.find(prefix).expect("the deck shows no embedded image") + prefix.len();
    let data = &deck[start..start + deck[start..].find('"').unwrap()];
    assert_eq!(base64_decode(data), fixture_bytes(PHOTO), "the embedded image is not the photo");
    assert_eq!(deck.matches("src=").count(), 1, "one image, nothing else loaded");
    assert!(!deck.contains("会议照片") && !deck.contains(&encoded("会议照片")), "the deck names the file");
    for (i, _) in deck.match_indices("href=") {
        let value = deck[i + 5..].trim_start_matches(['"', '\'']);
        // In-deck anchors, or data carried inside the file (its icon).
        assert!(value.starts_with('#') || value.starts_with("data:"), "the deck links to another file: {}", &deck[i..(i + 60).min(deck.len())]);
    }
    let handout = read(&out.join("trainings/session/handout.html"));
    assert!(handout.contains(&format!("src=\"../../{CASE}/{}\"", encoded("会议照片.png"))));
    // On paper a link leads nowhere: the handout names the case's attachments.
    assert!(handout.contains("<p class=\"attached\"><b>附件</b>内部通报原文（Word，"), "{handout}");
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let vals: Vec<u32> = s.bytes().filter(|&b| b != b'=').map(|b| ABC.iter().position(|&c| c == b).expect("base64") as u32).collect();
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for k in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}

#[test]
fn office_clutter_and_a_second_item_in_a_bundle_are_not_published() {
    // Word's lock file, Explorer's thumbnail cache and folder settings are skipped without a
    // word; a copy of the item (`index - 副本.md`, front matter and all, here internal) is a
    // warning and is published in no build.
    let site = copy_fixture("attachments/site");
    let bundle = "content/mechanisms/考核机制";
    site.write(&format!("{bundle}/~$考核细则.xlsx"), "owner");
    site.write(&format!("{bundle}/Thumbs.db"), "thumbs");
    site.write(&format!("{bundle}/desktop.ini"), "[.ShellClassInfo]");
    site.write(&format!("{bundle}/附件/Thumbs.db"), "thumbs");
    let copy = format!("{bundle}/index - 副本.md");
    site.write(&copy, "---\ntitle: 副本\naudience: internal\n---\nCOPY-ONLY-51d2\n");
    site.write(&format!("{bundle}/说明.md"), "不带前置元数据的 Markdown 文件按附件发布。\n");
    for audience in ["internal", "public"] {
        let out = site.out(audience);
        build(site.path(), &out, &["--audience", audience])
            .assert_code(0)
            .assert_headline(&format!("{copy}:1:1: 警告: 条目目录中的这个 Markdown 文件有自己的前置元数据, 是另一个条目, 不会发布"));
        let all = files(&out);
        for (rel, bytes) in &all {
            assert!(!rel.contains("~$") && !rel.contains("Thumbs.db") && !rel.contains("desktop.ini") && !rel.contains("副本"), "{rel} published");
            assert!(!String::from_utf8_lossy(bytes).contains("COPY-ONLY-51d2"), "{rel} holds the copy's text");
        }
        assert!(all.contains_key(&format!("{MECHANISM}/说明.md")), "a Markdown file without front matter is an attachment");
    }
}

#[test]
fn a_picture_no_browser_shows_is_a_warning_at_its_image() {
    // An iPhone photo renamed .jpg (HEIC inside), a scanner's TIFF and a PDF used as images:
    // each a warning at its `!`, naming the format; a PNG and an AVIF are not.
    let site = copy_fixture("attachments/site");
    let bundle = "content/cases/县法院宴请案";
    site.write(&format!("{bundle}/手机照片.jpg"), b"\0\0\0\x18ftypheic\0\0\0\0mif1heic");
    site.write(&format!("{bundle}/扫描件.tif"), b"II*\0\x08\0\0\0");
    site.write(&format!("{bundle}/通报.pdf"), b"%PDF-1.7\n");
    site.write(&format!("{bundle}/新格式.avif"), b"\0\0\0\x1cftypmif1\0\0\0\0mif1avifmiaf");
    // A phone's photo at full size: said too (sparse, nothing written).
    site.write(&format!("{bundle}/原图.png"), b"\x89PNG\r\n\x1a\n");
    std::fs::OpenOptions::new().write(true).open(site.file(&format!("{bundle}/原图.png"))).unwrap().set_len(6 * 1024 * 1024).unwrap();
    let index = format!("{bundle}/index.md");
    let text = std::fs::read_to_string(site.path().join(&index)).unwrap();
    site.write(&index, format!("{text}\n![手机](手机照片.jpg)\n\n![扫描](扫描件.tif) ![通报](通报.pdf) ![新](新格式.avif)\n\n![原图](原图.png)\n"));
    let line = text.lines().count() + 2;
    let r = check(site.path(), &[]);
    r.assert_code(0)
        .assert_headline(&format!("{index}:{line}:1: 警告: 这张图片是 HEIC 格式 (苹果手机照片), 浏览器无法显示, 页面、讲义和幻灯片上只会出现一个破图标"))
        .assert_headline(&format!("{index}:{}:1: 警告: 这张图片是 TIFF 格式 (扫描仪常用), 浏览器无法显示, 页面、讲义和幻灯片上只会出现一个破图标", line + 2))
        .assert_headline(&format!("{index}:{}:16: 警告: 这张图片是 PDF 文件, 浏览器无法显示, 页面、讲义和幻灯片上只会出现一个破图标", line + 2))
        .assert_headline(&format!("{index}:{}:1: 警告: 这张图片有 6.0 MB, 页面打开会慢, 用于培训时会整个嵌入幻灯片, 使幻灯片文件很大", line + 4));
    assert_eq!(r.headlines().len(), 4, "{}", r.stderr);
}

#[test]
fn a_public_build_carries_no_byte_of_an_internal_items_attachment() {
    // The internal case's document and photo are nowhere in a public build: no file, no name,
    // no byte of their content; the public mechanism's files and static/ are there.
    let (_site, out) = built("public");
    let all = files(&out);
    let photo = fixture_bytes(PHOTO);
    for (rel, bytes) in &all {
        assert!(!rel.starts_with("cases/xian-fa-yuan-yan-qing-an"), "{rel} belongs to the internal case");
        let text = String::from_utf8_lossy(bytes);
        for needle in [INTERNAL_MARKER, "内部通报", "会议照片", &encoded("会议照片"), &encoded("内部通报")] {
            assert!(!text.contains(needle), "{rel} holds {needle}");
        }
        assert!(!bytes.windows(photo.len()).any(|w| w == photo.as_slice()), "{rel} holds the photo's bytes");
    }
    assert!(all.contains_key(&format!("{MECHANISM}/考核细则.xlsx")) && all.contains_key("files/通知.pdf"));
    // The public guide's link to the internal case keeps its text only, without a warning.
    let guide = String::from_utf8_lossy(&all["pages/guide/index.html"]).into_owned();
    assert!(guide.contains("见宴请案。") && !guide.contains("xian-fa-yuan-yan-qing-an"), "{guide}");
    let site = copy_fixture("attachments/site");
    build(site.path(), &site.out("strict"), &["--audience", "public", "--strict"]).assert_code(0);
}

#[test]
fn a_snapshot_lists_attachments_in_its_manifest_and_leaves_out_later_items_files() {
    // A snapshot of 2025-H1 holds the bundle files of what it keeps, each in MANIFEST.sha256, and
    // no file of the case dated after 30 June.
    let site = copy_fixture("attachments/site");
    run([OsStr::new("snapshot"), OsStr::new("2025-H1"), OsStr::new("--site"), site.path().as_os_str()]).assert_code(0);
    let dir = site.file("archive/2025-H1");
    let manifest = read(&dir.join("MANIFEST.sha256"));
    for rel in [format!("{MECHANISM}/考核细则.xlsx"), format!("{CASE}/会议照片.png"), "files/通知.pdf".to_string()] {
        assert!(dir.join(&rel).is_file(), "{rel} missing from the snapshot");
        assert!(manifest.lines().any(|l| l.ends_with(&format!("  {rel}"))), "{rel} missing from the manifest");
    }
    assert!(!dir.join("cases/later-case").exists(), "a case dated after the period's end brought its files");
    run([OsStr::new("verify"), OsStr::new("--site"), site.path().as_os_str()]).assert_code(0);
}

#[test]
fn a_missing_file_is_an_error_where_it_is_written() {
    // An attachment at its `file` value, an image at its `!`, a link at its `[` — columns in
    // characters — and a relative link from an item written as one file, with a hint to make
    // it a folder. Nothing is written.
    let r = check_fails("attachments/missing", &[]);
    r.assert_headline("content/cases/a/index.md:8:13: 错误: 找不到附件 \"不存在.docx\"")
        .assert_headline("content/cases/a/index.md:12:4: 错误: 找不到图片 \"照片/不存在.jpg\"")
        .assert_headline("content/cases/a/index.md:12:25: 错误: 找不到链接的文件 \"/files/无.xlsx\"")
        .assert_headline("content/cases/b.md:8:4: 错误: 找不到链接的文件 \"表格.xlsx\"")
        .assert_stderr_contains("把 content/cases/b.md 改为 content/cases/b/index.md")
        .assert_stderr_contains("static/files/无.xlsx");
    assert_eq!(r.headlines().len(), 4, "{}", r.stderr);
    // `build` refuses the same way.
    let site = copy_fixture("attachments/missing");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(1).assert_headline("content/cases/a/index.md:12:4: 错误: 找不到图片 \"照片/不存在.jpg\"");
    assert!(!out.exists());
}

#[test]
fn a_static_file_that_would_overwrite_a_generated_page_is_an_error() {
    // static/index.html and a bundle's index.html would replace pages; static/archive/ would
    // land in the snapshots' folder. Exit 1, each named, and the previous output untouched.
    let site = copy_fixture("attachments/site");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let before = snapshot(&out);
    site.write("static/index.html", "<p>自制首页</p>");
    site.write("static/archive/old.txt", "x");
    site.write("content/cases/县法院宴请案/index.html", "<p>旧网页</p>");
    let r = build(site.path(), &out, &[]);
    r.assert_code(1)
        .assert_headline("static/index.html: 错误: 该文件会覆盖站点生成的文件 index.html")
        .assert_headline(&format!("content/cases/县法院宴请案/index.html: 错误: 该文件会覆盖站点生成的文件 {CASE}/index.html"))
        .assert_headline("static/archive/old.txt: 错误: static/archive/ 会与历史归档目录 archive/ 重叠");
    assert!(snapshot(&out) == before, "a failed build changed the output");
}

#[test]
fn a_static_file_in_the_place_of_a_bundles_file_is_an_error() {
    // static/cases/<id>/会议照片.png and the bundle's own 会议照片.png would both be published at
    // one path: an error naming both, where one of them was dropped in silence.
    let site = copy_fixture("attachments/site");
    let photo = std::fs::read(site.file("content/cases/县法院宴请案/会议照片.png")).unwrap();
    site.write(&format!("static/{CASE}/会议照片.png"), photo);
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&format!(
        "static/{CASE}/会议照片.png: 错误: 该文件与条目目录中的 content/cases/县法院宴请案/会议照片.png 都会发布为 {CASE}/会议照片.png, 其中一个会被覆盖"
    ));
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_refused() {
    // A link in a bundle, in static/, or in place of a bundle is an error naming it.
    let site = copy_fixture("attachments/site");
    let outside = site.out("secret.txt");
    std::fs::write(&outside, "outside the site").unwrap();
    std::os::unix::fs::symlink(&outside, site.file("content/cases/县法院宴请案/链接.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, site.file("static/files/link.pdf")).unwrap();
    std::os::unix::fs::symlink(site.file("content/cases/later-case"), site.file("content/cases/alias")).unwrap();
    let out = site.out("out");
    let r = build(site.path(), &out, &[]);
    r.assert_code(1)
        .assert_headline("content/cases/县法院宴请案/链接.txt: 错误: 不接受符号链接 (快捷方式)")
        .assert_headline("static/files/link.pdf: 错误: 不接受符号链接 (快捷方式)")
        .assert_headline("content/cases/alias: 错误: 不接受符号链接 (快捷方式)");
    assert!(!out.exists());
}

#[test]
fn an_attachment_over_100_mib_is_refused() {
    // A file one byte over the cap (sparse: nothing is written) is an error naming it.
    let site = copy_fixture("attachments/site");
    let big = std::fs::File::create(site.file("content/cases/县法院宴请案/录像.mp4")).unwrap();
    big.set_len(100 * 1024 * 1024 + 1).unwrap();
    // Linked from the body, it is not also "missing"; a hidden file linked is said to be one.
    let index = "content/cases/县法院宴请案/index.md";
    let text = std::fs::read_to_string(site.file(index)).unwrap();
    site.write("content/cases/县法院宴请案/.备注.txt", "x");
    site.write(index, format!("{text}\n[录像](录像.mp4) [备注](.备注.txt)\n"));
    let r = check(site.path(), &[]);
    r.assert_code(1)
        .assert_headline("content/cases/县法院宴请案/录像.mp4: 错误: 附件过大 (100.0 MiB), 单个附件上限为 100 MiB")
        .assert_stderr_contains("文件 \".备注.txt\" 存在, 但它是隐藏文件或系统生成的文件, 不会发布");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
}

#[test]
fn a_hash_in_a_linked_file_name_is_explained() {
    // `[通知](通知#1.pdf)` reads as the file `通知` at the place `1.pdf`: the hint says how to
    // write the `#`.
    let site = copy_fixture("attachments/site");
    let index = "content/mechanisms/考核机制/index.md";
    site.write("content/mechanisms/考核机制/通知#1.pdf", "%PDF-1.4\n");
    let text = std::fs::read_to_string(site.file(index)).unwrap();
    site.write(index, format!("{text}\n见[通知](通知#1.pdf)。\n"));
    check(site.path(), &[]).assert_code(1).assert_stderr_contains("文件名 \"通知#1.pdf\" 中的 # 或 ? 在链接里要写成 %23 或 %3F: (通知%231.pdf)");
    site.write(index, format!("{text}\n见[通知](通知%231.pdf)。\n"));
    check(site.path(), &[]).assert_code(0);
    // With a space in the name too: the hint keeps the angle brackets the space needs.
    site.write("content/mechanisms/考核机制/现场 照片 #2.png", "x");
    site.write(index, format!("{text}\n![现场](<现场 照片 #2.png>)\n"));
    check(site.path(), &[]).assert_code(1).assert_stderr_contains("(<现场 照片 %232.png>)");
    site.write(index, format!("{text}\n![现场](<现场 照片 %232.png>)\n"));
    check(site.path(), &[]).assert_code(0);
}

#[test]
fn a_public_page_keeps_no_link_into_an_internal_items_folder() {
    // Its page by its full address, and a file of its bundle: the link's text stays, the link
    // goes, as for `@/cases/x.md`.
    let site = copy_fixture("attachments/site");
    let guide = "content/pages/guide.md";
    let text = std::fs::read_to_string(site.file(guide)).unwrap();
    site.write(guide, format!("{text}\n见[原页](/{CASE}/index.html)与[照片](/{CASE}/会议照片.png)。\n"));
    let out = site.out("public");
    build(site.path(), &out, &["--audience", "public"]).assert_code(0);
    let page = read(&out.join("pages/guide/index.html"));
    assert!(page.contains("见原页与照片。") && !page.contains("xian-fa-yuan-yan-qing-an"), "{page}");
}

#[test]
fn another_items_files_are_found_by_their_place_under_content() {
    // `@/cases/县法院宴请案/会议照片.png` (where the file is under content/, as a page is linked
    // by `@/cases/x.md`) and `/cases/<id>/会议照片.png` (where it is published) both reach the
    // file; a file not there is an error where it is written.
    let site = copy_fixture("attachments/site");
    let guide = "content/pages/guide.md";
    let text = std::fs::read_to_string(site.file(guide)).unwrap();
    site.write(guide, format!("{text}\n![合影](@/cases/县法院宴请案/会议照片.png)\n\n[细则](@/mechanisms/考核机制/考核细则.xlsx) ![同一张](/{CASE}/会议照片.png)\n"));
    let out = site.out("internal");
    build(site.path(), &out, &[]).assert_code(0);
    let page = read(&out.join("pages/guide/index.html"));
    let photo = format!("../../{CASE}/%E4%BC%9A%E8%AE%AE%E7%85%A7%E7%89%87.png");
    assert_eq!(page.matches(&format!("src=\"{photo}\"")).count(), 2, "{page}");
    assert!(page.contains(&format!("href=\"../../{MECHANISM}/%E8%80%83%E6%A0%B8%E7%BB%86%E5%88%99.xlsx\"")), "{page}");
    site.write(guide, format!("{text}\n\n![合影](@/cases/县法院宴请案/合影.png)\n"));
    check(site.path(), &[])
        .assert_code(1)
        .assert_headline(&format!("{guide}:8:1: 错误: 找不到图片 \"@/cases/县法院宴请案/合影.png\""))
        .assert_stderr_contains("content/cases/县法院宴请案/合影.png");
}

#[test]
fn a_public_page_shows_nothing_of_an_internal_items_files_however_written() {
    // The internal case's photo by its place under content/, and raw HTML naming its page and
    // photo in the three ways an address can be written: a public build keeps the texts of the
    // links, drops the pictures, and names neither the case's id nor its folder.
    let site = copy_fixture("attachments/site");
    let guide = "content/pages/guide.md";
    let text = std::fs::read_to_string(site.file(guide)).unwrap();
    site.write(
        guide,
        format!(
            "{text}\n甲![合影说明](@/cases/县法院宴请案/会议照片.png)乙\n\n\
             <p>丙<a href=\"../../{CASE}/\">原案</a><img src=\"/{CASE}/会议照片.png\" alt=\"原图\">\
             <a href=\"@/cases/县法院宴请案/index.md\">又一处</a><img src=\"/cases/县法院宴请案/会议照片.png\" alt=\"原图二\"><a href=\"/files/通知.pdf\">通知原文</a></p>\n"
        ),
    );
    let out = site.out("public");
    build(site.path(), &out, &["--audience", "public"]).assert_code(0);
    let page = read(&out.join("pages/guide/index.html"));
    assert!(page.contains("甲乙"), "the picture and its description are gone:\n{page}");
    assert!(page.contains(">原案</a>") && page.contains(">又一处</a>") && !page.contains("原图") && !page.contains("原图二"), "{page}");
    assert!(page.contains("href=\"/files/%E9%80%9A%E7%9F%A5.pdf\"") || page.contains("href=\"/files/通知.pdf\""), "a public file keeps its link:\n{page}");
    for trace in ["xian-fa-yuan-yan-qing-an", "县法院宴请案", "会议照片"] {
        assert!(!page.contains(trace), "{trace} on the public page:\n{page}");
    }
    // The internal build shows them all.
    let inside = site.out("internal");
    build(site.path(), &inside, &[]).assert_code(0);
    let page = read(&inside.join("pages/guide/index.html"));
    assert!(page.contains("alt=\"合影说明\"") && page.contains("alt=\"原图\""), "{page}");
}

#[test]
fn an_empty_attachment_is_a_warning() {
    // A 0-byte file is almost always a copy that did not finish.
    let site = copy_fixture("attachments/site");
    let index = "content/mechanisms/考核机制/index.md";
    site.write("content/mechanisms/考核机制/空白.docx", "");
    let text = std::fs::read_to_string(site.file(index)).unwrap();
    site.write(index, text.replacen("  - 附件/填报说明.txt\n", "  - 附件/填报说明.txt\n  - 空白.docx\n", 1));
    check(site.path(), &[]).assert_code(0).assert_headline(&format!("{index}:11:5: 警告: 附件 \"空白.docx\" 是空文件 (0 字节)"));
}

#[test]
fn a_folder_without_index_md_is_a_warning() {
    // Files in a folder that is no bundle would not be published: said, not dropped in silence.
    let site = copy_fixture("attachments/site");
    site.write("content/cases/照片/合影.jpg", "x");
    let r = check(site.path(), &[]);
    r.assert_code(0).assert_headline("content/cases/照片: 警告: 目录中没有 index.md, 其中的文件不会发布");
    check(site.path(), &["--strict"]).assert_code(1);
}

// ---------------------------------------------------------------------------------------------
// In a real browser

/// Headless Chromium with a DevTools endpoint, killed when dropped.
/// Open `url` in headless Chromium and attach to its page over the DevTools protocol.
fn open(url: &str, profile: &Path) -> (Browser, Cdp) {
    common::cdp::open(profile, &["--window-size=1280,900", "--allow-file-access-from-files", url], |u| u.starts_with("file://"))
}

#[test]
fn a_case_page_opened_from_disk_shows_its_photo() {
    // Over file://, with the output folder moved away from where it was built (a USB copy), the
    // case page's photo loads: complete, with a natural width, and no wider than the column.
    let (site, out) = built("internal");
    let copy = site.out("usb/站点副本");
    copy_tree(&out, &copy);
    std::fs::remove_dir_all(&out).unwrap();
    let page = copy.join(CASE).join("index.html");
    let url = format!("file://{}", encoded(&page.display().to_string()));
    let (_browser, mut cdp) = open(&url, &site.out("profile"));
    cdp.wait_until("document.readyState === 'complete' && document.querySelector('.prose img') !== null && document.querySelector('.prose img').complete");
    let width = cdp.eval("document.querySelector('.prose img').naturalWidth");
    assert_eq!(width.as_u64(), Some(48), "the photo did not load (naturalWidth {width})");
    let fits = cdp.eval("(() => { const i = document.querySelector('.prose img'); return i.getBoundingClientRect().width <= i.closest('.prose').getBoundingClientRect().width + 0.5; })()");
    assert_eq!(fits, Value::Bool(true), "the image is wider than its column");
}
