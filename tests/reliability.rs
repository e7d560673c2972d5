//! Reliability and security: public builds leak nothing internal, template text is escaped,
//! nothing is read through a symlink, an interrupted build loses nothing, and two builds of one
//! site do not run at once.

mod common;

use common::*;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Every output file as text; an `.xlsx` is unzipped and each part read as text.
fn all_text(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in files(dir) {
        if path.ends_with(".xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let name = format!("{path}!{}", part.name().map(|n| n.to_string()).unwrap_or_default());
                let mut s = String::new();
                let _ = part.read_to_string(&mut s);
                out.push((name, s));
            }
        } else {
            out.push((path, String::from_utf8_lossy(&bytes).to_string()));
        }
    }
    out
}

// A public build holds no title, id, body, taxonomy term, requirement, deduction reason or
// comment of any internal item, in any file: pages, listings, taxonomy pages, search shards,
// feed, JSON, CSV, XLSX, changes page, handouts, slides.
#[test]
fn public_build_leaks_nothing() {
    let site = copy_fixture("reliability/leak");
    let out = site.out("public");
    build(site.path(), &out, &["--audience", "public"]).assert_code(0);
    let markers = [
        "LEAKM1", "LEAKCAT", "LEAKTAG", "LEAKREQ", "leakr", "LEAKBODY1", "LEAKC1", "leakc", "LEAKV", "LEAKD", "LEAKS", "LEAKQ",
        "LEAKCT", "LEAKBODY2", "LEAKT1", "leakt", "LEAKBODY3", "LEAKP1", "leakp", "LEAKBODY4", "LEAKDR", "LEAKCOMMENT",
        "hidden-rule", "内部制度标题", "内部案例", "LEAKNOTE",
    ];
    // The public snapshot of the half-year too: its pages, and the Markdown of the public
    // mechanism kept for later comparisons (without its author's comment, its link's target).
    run(["snapshot", "2025-H1", "--audience", "public", "--site", site.path().to_str().unwrap()]).assert_code(0);
    build(site.path(), &out, &["--audience", "public"]).assert_code(0);
    assert!(out.join("archive/2025-H1/data/content.json").is_file());
    let texts = all_text(&out);
    assert!(texts.iter().any(|(p, _)| p == "index.html"));
    assert!(texts.iter().any(|(_, t)| t.contains("公开案例")), "the public case is there");
    let mut found = Vec::new();
    for (path, text) in &texts {
        for m in markers {
            if text.contains(m) {
                found.push(format!("{path}: {m}"));
            }
        }
        assert!(!text.contains("内部资料"), "{path} carries the internal mark in a public build");
    }
    assert!(found.is_empty(), "internal items leaked into the public build:\n{}", found.join("\n"));
    // The internal build of the same site has them (the markers are real).
    let internal = site.out("internal");
    build(site.path(), &internal, &[]).assert_code(0);
    let texts = all_text(&internal);
    for m in ["LEAKM1", "LEAKC1", "LEAKT1", "LEAKP1", "LEAKCOMMENT", "LEAKNOTE", "hidden-case-leakc"] {
        assert!(texts.iter().any(|(_, t)| t.contains(m)), "{m} is in the internal build");
    }
}

const XSS: &str = "<script>alert(1)</script>\\\"onerror=alert(1) x=\\\"";

// Markup in every YAML and front-matter text field comes out escaped, never live.
#[test]
fn template_text_is_always_escaped() {
    let site = copy_fixture("reliability/leak");
    let x = XSS;
    site.write("zhengfeng.toml", format!("title = \"站点{x}\"\ndescription = \"{x}\"\n"));
    site.write("content/units.yaml", format!("- {{ id: unit-a, name: \"甲{x}\", type: \"法院{x}\" }}\n"));
    site.write(
        "content/mechanisms/open-rule.md",
        format!("---\ntitle: \"制度{x}\"\ncategory: \"类{x}\"\nissuer: \"委{x}\"\ndoc_number: \"号{x}\"\neffective: 2024-01-01\nstatus: in-force\ntags: [\"标{x}\"]\naudience: public\nrequirements:\n  - {{ id: open-duty, text: \"要求{x}\", at_least: 1, per: half-year }}\n---\n正文\n"),
    );
    site.write(
        "content/cases/open-case.md",
        format!("---\ntitle: \"案{x}\"\ndate: 2025-01-01\nunit: unit-a\nviolations: [\"违{x}\"]\nform: 1\ndisposition: \"处{x}\"\nnotified_by: \"通{x}\"\nmechanisms: [open-rule]\npersons: [\"王某{x}\"]\nsummary: \"摘{x}\"\nquestions: [\"问{x}\"]\ntags: [\"签{x}\"]\naudience: public\n---\n## 基本案情\n正文\n"),
    );
    site.write(
        "content/trainings/open-training.md",
        format!("---\ntitle: \"训{x}\"\ndate: 2025-03-01\nduration: \"{x}\"\npresenter: \"讲{x}\"\ncases: [open-case]\nmechanisms: [open-rule]\nquestions: [\"题{x}\"]\naudience: public\n---\n教案\n"),
    );
    site.write(
        "content/scorecards/2025-H1/unit-a.yaml",
        format!("unit: unit-a\nperiod: 2025-H1\nassessor: \"组{x}\"\nscores: {{ i1: 80 }}\ndeductions:\n  - {{ points: 1, reason: \"因{x}\" }}\nbonus:\n  - {{ points: 1, reason: \"奖{x}\" }}\nveto: {{ reason: \"否{x}\" }}\ncomment: \"评{x}\"\n"),
    );
    for audience in ["internal", "public"] {
        let out = site.out(audience);
        build(site.path(), &out, &["--audience", audience]).assert_code(0);
        for (path, text) in all_text(&out) {
            if !(path.ends_with(".html") || path.ends_with(".xml")) || path.contains(".xlsx!") {
                continue;
            }
            assert!(!text.contains("<script>alert(1)"), "{audience} {path}: live <script>");
            assert!(!text.contains("\"onerror=") && !text.contains(" onerror="), "{audience} {path}: live onerror attribute");
        }
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped text is shown, not dropped");
    }
}

// Raw HTML in Markdown is kept for internal builds and sanitised in public ones.
#[test]
fn raw_html_is_sanitised_in_public_builds() {
    let site = copy_fixture("reliability/leak");
    site.write(
        "content/pages/about.md",
        "---\ntitle: 关于\naudience: public\n---\n<div class=\"note\">说明<script>alert(2)</script><img src=x onerror=alert(3)><a href=\"javascript:alert(4)\">链接</a></div>\n",
    );
    let public = site.out("public");
    build(site.path(), &public, &["--audience", "public"]).assert_code(0);
    let page = std::fs::read_to_string(public.join("pages/about/index.html")).unwrap();
    assert!(page.contains("说明"));
    assert!(!page.contains("alert(2)") && !page.contains("onerror") && !page.contains("javascript:"), "{page}");
    let internal = site.out("internal");
    build(site.path(), &internal, &[]).assert_code(0);
    let page = std::fs::read_to_string(internal.join("pages/about/index.html")).unwrap();
    assert!(page.contains("<div class=\"note\">"), "internal builds keep raw HTML");
}

// A symbolic link in content/ is refused with a located message, and its target is never read.
#[cfg(unix)]
#[test]
fn symlinks_in_content_are_refused() {
    let site = copy_fixture("reliability/leak");
    let secret = site.root.join("secret.md");
    std::fs::write(&secret, "---\ntitle: 站外文件SECRET\ndate: 2025-01-01\nviolations: [x]\nform: 1\ndisposition: y\n---\n").unwrap();
    std::os::unix::fs::symlink(&secret, site.file("content/cases/link.md")).unwrap();
    let r = check(site.path(), &[]);
    r.assert_code(1);
    r.assert_stderr_contains("content/cases/link.md");
    r.assert_stderr_contains("符号链接");
    let out = site.out("o");
    build(site.path(), &out, &[]).assert_code(1);
    assert!(!out.exists(), "nothing written");
}

// Ids, slugs and file names cannot make the tool write outside the output folder.
#[test]
fn nothing_is_written_outside_the_output() {
    let site = copy_fixture("reliability/leak");
    site.write(
        "content/cases/open-case.md",
        "---\ntitle: 越界\nid: ../../escape\ndate: 2025-01-01\nviolations: [\"../../../x\"]\nform: 1\ndisposition: y\ntags: [\"../..\", \"/etc\"]\naudience: public\n---\n",
    );
    check(site.path(), &[]).assert_code(1).assert_stderr_contains("标识 \"../../escape\" 无效");
    site.write(
        "content/cases/open-case.md",
        "---\ntitle: 越界\ndate: 2025-01-01\nviolations: [\"../../../x\"]\nform: 1\ndisposition: y\ntags: [\"../..\", \"/etc\"]\naudience: public\n---\n",
    );
    let before = snapshot(site.root.path());
    let out = site.out("o");
    build(site.path(), &out, &[]).assert_code(0);
    let after = snapshot(site.root.path());
    for path in after.keys() {
        if !before.contains_key(path) {
            assert!(path.starts_with("o/"), "written outside the output folder: {path}");
        }
    }
}

// An output folder whose replacement would lose files is refused before anything is written:
// the site folder or one above it, a folder of the site's sources (named on the command line or
// in zhengfeng.toml), or a folder of someone's own files. A folder a build made, an empty one
// and a new one are fine.
#[test]
fn an_output_folder_that_would_lose_files_is_refused() {
    let site = copy_fixture("reliability/leak");
    std::fs::create_dir_all(site.file("static")).unwrap();
    site.write("static/logo.txt", "logo");
    let mine = site.out("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("工作总结.docx"), "notes").unwrap();
    let before = snapshot(site.root.path());
    let inside = |rel: &str| site.file(rel);
    for (out, why) in [
        (inside("content"), "它在站点的 content/ 目录中"),
        (inside("content/cases"), "它在站点的 content/ 目录中"),
        (inside("static"), "它在站点的 static/ 目录中"),
        (inside("themes/default"), "它在站点的 themes/ 目录中"),
        (inside("output/../content"), "它在站点的 content/ 目录中"),
        (site.path().to_path_buf(), "这是站点目录本身或它的上级目录"),
        (site.root.path().to_path_buf(), "这是站点目录本身或它的上级目录"),
        (mine.clone(), "这个目录里已有文件, 但不是本工具生成的站点 (没有 data/site.json)"),
        (inside("zhengfeng.toml"), "这是一个文件, 不是目录"),
    ] {
        build(site.path(), &out, &[])
            .assert_code(2)
            .assert_stderr_contains(&format!("不能输出到 {}: {why}", out.display()));
        assert_eq!(snapshot(site.root.path()), before, "nothing changed after refusing {}", out.display());
    }
    // A link into the sources, then `..` past a folder that does not exist: the system goes up
    // from the link's target, and so does the check.
    #[cfg(unix)]
    {
        let link = site.out("link");
        std::os::unix::fs::symlink(site.file("content/cases"), &link).unwrap();
        let out = link.join("nowhere/../../../content");
        build(site.path(), &out, &[]).assert_code(2).assert_stderr_contains("它在站点的 content/ 目录中");
        std::fs::remove_file(&link).unwrap();
        assert_eq!(snapshot(site.root.path()), before, "nothing changed after refusing a path through a link");
    }
    site.write("zhengfeng.toml", format!("{}\n[build]\noutput_dir = \"content\"\n", std::fs::read_to_string(site.file("zhengfeng.toml")).unwrap()));
    let before = snapshot(site.root.path());
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_zhengfeng")).args(["build", "--quiet", "--site"]).arg(site.path()).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("它在站点的 content/ 目录中"), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(snapshot(site.root.path()), before);

    // A new folder, then the same folder again (a build made it), then an empty one.
    site.write("zhengfeng.toml", std::fs::read_to_string(fixture("reliability/leak").join("zhengfeng.toml")).unwrap());
    let fresh = site.out("fresh");
    build(site.path(), &fresh, &[]).assert_code(0);
    build(site.path(), &fresh, &[]).assert_code(0);
    let empty = site.out("empty");
    std::fs::create_dir_all(&empty).unwrap();
    build(site.path(), &empty, &[]).assert_code(0);
    assert!(empty.join("index.html").is_file());
}

/// A site large enough that a build takes a while: the demo plus many generated cases.
fn large_site() -> Site {
    let site = copy_demo("large");
    let template = std::fs::read_to_string(site.file("content/cases/fx-court-banquet.md")).unwrap();
    for i in 0..400 {
        let text = template.replacen("title: ", &format!("title: 第{i}号 "), 1);
        site.write(&format!("content/cases/gen-{i:04}.md"), text);
    }
    site
}

// A build killed at any moment leaves the previous output exactly as it was, and the next build
// succeeds.
#[cfg(unix)]
#[test]
fn killed_builds_leave_the_previous_output_intact() {
    let site = large_site();
    let out = site.out("output");
    build(site.path(), &out, &["--quiet"]).assert_code(0);
    let good = files(&out);
    // Change the content so an interrupted build would write something different.
    site.write("content/pages/about.md", "---\ntitle: 改过的关于页\naudience: public\n---\n新内容\n");
    let reference = site.out("reference");
    build(site.path(), &reference, &["--quiet"]).assert_code(0);
    let new = files(&reference);
    for delay_ms in [5, 30, 80, 150, 250, 400, 600, 900] {
        let mut child = Command::new(bin())
            .args(["build", "--quiet", "--site"])
            .arg(site.path())
            .arg("--output")
            .arg(&out)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = files(&out);
        if status.success() {
            // The build finished before the kill: the new site is complete.
            assert!(String::from_utf8_lossy(&now["pages/about/index.html"]).contains("改过的关于页"));
            break;
        }
        // Killed: the output is the previous site, or (killed after the swap) the whole new one.
        assert!(now == good || now == new, "a build killed after {delay_ms} ms left a mixed output");
    }
    build(site.path(), &out, &["--quiet"]).assert_code(0);
    assert!(String::from_utf8_lossy(&files(&out)["pages/about/index.html"]).contains("改过的关于页"));
    let leftovers: Vec<_> = std::fs::read_dir(site.root.path()).unwrap().flatten().map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains("zhengfeng-")).collect();
    assert!(leftovers.is_empty(), "temporary folders left behind: {leftovers:?}");
}

// A second build of the same site while one runs is refused with a clear message — also
// after an editor saved zhengfeng.toml by writing a new file over it (the lock is the site
// folder's, which such a save does not replace).
#[cfg(unix)]
#[test]
fn concurrent_builds_are_refused() {
    let site = copy_fixture("reliability/leak");
    let lock = std::fs::File::open(site.path()).unwrap();
    lock.lock().unwrap();
    let out = site.out("o");
    build(site.path(), &out, &[]).assert_code(2).assert_stderr_contains("另一个构建正在处理站点");
    let config = std::fs::read_to_string(site.file("zhengfeng.toml")).unwrap();
    site.write("zhengfeng.toml.new", &config);
    std::fs::rename(site.file("zhengfeng.toml.new"), site.file("zhengfeng.toml")).unwrap();
    build(site.path(), &out, &[]).assert_code(2).assert_stderr_contains("另一个构建正在处理站点");
    assert!(!out.exists());
    lock.unlock().unwrap();
    build(site.path(), &out, &[]).assert_code(0);
}

// Two sites given one output folder: the second build waits for the first to finish writing,
// and the folder ends as one whole site, never a mix of two half-written ones.
#[cfg(unix)]
#[test]
fn two_sites_building_into_one_folder_take_turns() {
    let big = large_site();
    let small = copy_fixture("reliability/leak");
    let shared = small.out("shared");
    let reference = small.out("reference");
    build(small.path(), &reference, &["--quiet"]).assert_code(0);
    let mut first = Command::new(bin()).args(["build", "--quiet", "--site"]).arg(big.path()).arg("--output").arg(&shared).spawn().unwrap();
    // The second starts once the first is writing (its temporary folder is there) or done, so
    // the small site is the one built last however slow the machine.
    let staging = shared.with_file_name(".shared.zhengfeng-new");
    while !staging.exists() && first.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = build(small.path(), &shared, &["--quiet"]);
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success());
    second.assert_code(0);
    assert_eq!(files(&shared), files(&reference), "the folder is the site built last, whole");
    let _ = &second.stderr;
}

// An output folder that is a symbolic link (a web root linked into the site): the site goes into
// the folder it points to, the link stays, and nothing beside that folder is touched.
#[cfg(unix)]
#[test]
fn a_linked_output_folder_is_built_behind_its_link() {
    let site = copy_fixture("reliability/leak");
    let www = site.out("www");
    build(site.path(), &www, &["--quiet"]).assert_code(0);
    let beside = www.with_file_name("其他系统");
    std::fs::create_dir_all(&beside).unwrap();
    std::fs::write(beside.join("数据.xlsx"), "重要").unwrap();
    let link = site.file("output");
    std::os::unix::fs::symlink(&www, &link).unwrap();
    let run = std::process::Command::new(bin()).args(["build", "--quiet", "--site"]).arg(site.path()).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink(), "the link is left as it is");
    assert!(www.join("index.html").is_file() && www.join("data/site.json").is_file());
    assert_eq!(std::fs::read_to_string(beside.join("数据.xlsx")).unwrap(), "重要");
}

// Files put into a built output folder (or pages edited there) well after the build would be
// lost when the next build replaces the folder: the build is refused and they stay.
#[test]
fn files_added_to_a_built_output_folder_are_not_lost() {
    let site = copy_fixture("reliability/leak");
    let out = site.out("out");
    build(site.path(), &out, &["--quiet"]).assert_code(0);
    // The build's mark is its last write: however long a build takes, none of its own files is
    // newer than data/site.json.
    let mark = std::fs::metadata(out.join("data/site.json")).unwrap().modified().unwrap();
    for (rel, _) in files(&out) {
        assert!(std::fs::metadata(out.join(&rel)).unwrap().modified().unwrap() <= mark, "{rel} is newer than the build's mark");
    }
    std::fs::create_dir_all(out.join("上级通知")).unwrap();
    let added = out.join("上级通知/通知.docx");
    std::fs::write(&added, "通知").unwrap();
    let later = std::time::SystemTime::now() + Duration::from_secs(600);
    std::fs::File::options().write(true).open(&added).unwrap().set_modified(later).unwrap();
    build(site.path(), &out, &[])
        .assert_code(2)
        .assert_stderr_contains("其中有上次构建之后放进去或改动过的文件")
        .assert_stderr_contains("上级通知/通知.docx");
    assert_eq!(std::fs::read_to_string(&added).unwrap(), "通知");
    std::fs::remove_dir_all(out.join("上级通知")).unwrap();
    build(site.path(), &out, &["--quiet"]).assert_code(0);
}
