//! Training materials (SPEC §5): the A4 handout printed by headless Chromium and checked with
//! poppler's `pdfinfo`/`pdftotext`, and the self-contained slide deck driven with real key
//! presses over the Chromium DevTools protocol (a tiny std-only WebSocket client below).
//!
//! Chromium and poppler-utils are required (test.sh installs them): a missing tool fails the
//! test instead of skipping it, so CI cannot pass without having printed anything.

mod common;

use common::cdp::{Browser, Cdp};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const SESSION: &str = "trainings/session";
const PUBLIC_CASE: &str = "测试县人民法院某庭法官违规接受律师宴请问题";
const INTERNAL_CASE: &str = "测试县公安局某民警泄露工作秘密问题";

/// A copy of the fixture site (a build locks its site, and the tests run in parallel) built
/// for one audience into `work/site/`; `work/` also takes PDFs and browser profiles.
struct Built {
    copy: common::Site,
}

impl Built {
    fn join(&self, rel: &str) -> PathBuf {
        self.copy.out("work").join(rel)
    }
}

fn built(audience: &str) -> Built {
    built_with(audience, |_| {})
}

/// Like `built`, after `edit` has changed the copy of the fixture site.
fn built_with(audience: &str, edit: impl FnOnce(&common::Site)) -> Built {
    let copy = common::copy_fixture("training/site");
    edit(&copy);
    common::build(copy.path(), &copy.out("work/site"), &["--audience", audience]).assert_code(0);
    Built { copy }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}


/// Headless Chromium with the flags that keep it quiet and off the network.
fn chromium_cmd(profile: &Path) -> Command {
    let mut c = common::cdp::headless(profile);
    c.arg("--hide-scrollbars");
    c
}

fn print_to_pdf(page: &Path, tmp: &Built, name: &str) -> PathBuf {
    let pdf = tmp.join(name);
    let out = chromium_cmd(&tmp.join(&format!("profile-{name}")))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(page))
        .output()
        .expect("run chromium");
    assert!(pdf.is_file(), "chromium wrote no PDF for {}:\n{}", page.display(), String::from_utf8_lossy(&out.stderr));
    pdf
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is required for the print tests (test.sh installs it): {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (pages, width, height in points) of a PDF.
fn pdf_info(pdf: &Path) -> (usize, f64, f64) {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("pdfinfo printed no {name}:\n{info}"))
    };
    let pages: usize = field("Pages:").parse().expect("page count");
    let size = field("Page size:");
    let mut nums = size.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    let (w, h) = (nums.next().expect("width"), nums.next().expect("height"));
    (pages, w, h)
}

/// Official-style page numbers "— 2 —" found in extracted text (pdftotext may drop the
/// spaces around a one-digit number).
fn page_numbers(text: &str) -> Vec<u32> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('—') {
        let rest = text[i + '—'.len_utf8()..].trim_start_matches([' ', '\u{a0}']);
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            continue;
        }
        if rest[digits.len()..].trim_start_matches([' ', '\u{a0}']).starts_with('—') {
            found.push(digits.parse().unwrap());
        }
    }
    found
}

#[test]
fn handout_prints_on_a4_with_a_cover_cases_kept_with_their_facts_and_official_page_numbers() {
    // The internal build holds both cases; the handout must print as A4 with a page for the
    // cover, then the lesson, numbered "— n —", marked 内部资料 on every page.
    let out = built("internal");
    let pdf = print_to_pdf(&out.join(&format!("site/{SESSION}/handout.html")), &out, "handout.pdf");
    let (pages, w, h) = pdf_info(&pdf);
    assert!((w - 595.0).abs() <= 1.0 && (h - 842.0).abs() <= 1.0, "page size {w} x {h} pts is not A4");
    assert!(pages >= 2, "{pages} pages: expected a cover and the lesson after it");
    let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let numbers = page_numbers(&text);
    assert!(numbers.contains(&2), "no \"— 2 —\" page number in the printed handout; numbers found: {numbers:?}\n{text}");
    assert_eq!(numbers.len(), pages - 1, "every page but the cover carries a number: {numbers:?}");
    let sheets: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(sheets.len(), pages);
    for (i, p) in sheets.iter().enumerate() {
        assert!(p.contains("内部资料"), "printed page {} has no 内部资料 mark:\n{p}", i + 1);
    }
    // Cases follow one another, so that no page is left mostly empty, but a case's number,
    // title and facts are never parted: they stand on one page (the cover's contents, which
    // name both cases, aside).
    for (no, next) in [("案例一", "案例二"), ("案例二", "讨论与笔记")] {
        let page = sheets.iter().skip(1).map(|p| p.replace([' ', '\n'], "")).find(|p| p.contains(no));
        let page = page.unwrap_or_else(|| panic!("no page holds {no}"));
        let head = page.split(no).nth(1).unwrap().split(next).next().unwrap();
        for fact in ["通报时间", "违纪类型", "处理结果"] {
            assert!(head.contains(fact), "{fact} of {no} is not on the page of its title:\n{page}");
        }
    }
}

#[test]
fn handout_holds_the_plan_duties_cases_and_questions_with_lines() {
    // What a participant takes home: cover facts, lesson plan, duties, each case with its form,
    // disposition and unit, and the questions with ruled lines to write on.
    let out = built("internal");
    let html = read(&out.join(&format!("site/{SESSION}/handout.html")));
    for needle in [
        "@page",
        "size: A4",
        "break-before: page",
        "2024年7月8日",
        "测试州委政法委队伍建设科",
        "60分钟",
        "内部资料",
        "教学目标",
        "过问干预案件记录报告制度",
        "每半年至少汇总分析一次过问干预案件记录",
        PUBLIC_CASE,
        INTERNAL_CASE,
        "第二种形态（党纪轻处分、组织调整）",
        "党内警告",
        "测试县人民法院",
        "基本案情",
        "法官与律师之间的正常交往和违规交往界限在哪里？",
        "结合本岗位，谈谈怎样落实过问干预案件记录报告制度。",
        "class=\"lines\"",
        "href=\"index.html\"",
    ] {
        assert!(html.contains(needle), "handout lacks {needle:?}");
    }
    assert!(!html.contains("static/style.css") && !html.contains("<script src"), "the handout depends on the site's chrome");
}

#[test]
fn public_build_materials_leave_out_internal_cases_and_marks() {
    // A public build has no trace of the internal case and no 内部资料 mark in either file.
    let out = built("public");
    for file in ["handout.html", "slides.html"] {
        let html = read(&out.join(&format!("site/{SESSION}/{file}")));
        assert!(html.contains(PUBLIC_CASE), "{file} lacks the public case");
        assert!(!html.contains(INTERNAL_CASE), "{file} shows the internal case");
        assert!(!html.contains("内部资料"), "{file} is marked internal in a public build");
    }
}

#[test]
fn session_page_links_both_materials() {
    // The session page offers the handout and the deck by their file names.
    let out = built("internal");
    let html = read(&out.join(&format!("site/{SESSION}/index.html")));
    assert!(html.contains("href=\"handout.html\""), "no link to the handout");
    assert!(html.contains("href=\"slides.html\""), "no link to the deck");
}

#[test]
fn slides_refer_to_no_other_file() {
    // The deck is one file: no src=, no href= except #anchors, no url(), @import or fetch. Its
    // icon is inline (a data: URI), so it refers to no file either; it is set aside here.
    let out = built("internal");
    let html = read(&out.join(&format!("site/{SESSION}/slides.html")));
    let icon = html.find("<link rel=\"icon\" href=\"data:").expect("the deck has an inline icon");
    let icon_end = icon + html[icon..].find('>').unwrap() + 1;
    let html = format!("{}{}", &html[..icon], &html[icon_end..]);
    let lower = html.to_lowercase();
    for bad in ["src=", "url(", "@import", "fetch(", "<link", "xmlhttprequest", "import(", "srcset", "<iframe", "<img"] {
        assert!(!lower.contains(bad), "slides.html contains {bad:?}");
    }
    for (i, _) in lower.match_indices("href=") {
        let value = lower[i + 5..].trim_start_matches(['"', '\'']);
        assert!(value.starts_with('#'), "slides.html links to another file: {}", &html[i..(i + 60).min(html.len())]);
    }
    assert!(html.contains("<style>") && html.contains("<script>"), "CSS and JS are inline");
    assert!(html.contains(PUBLIC_CASE) && html.contains(INTERNAL_CASE));
}

/// Slide count written into the deck (`data-total`).
fn total_slides(html: &str) -> usize {
    let i = html.find("data-total=\"").expect("data-total on body") + 12;
    html[i..].split('"').next().unwrap().parse().expect("slide count")
}

#[test]
fn slide_in_the_url_hash_opens_that_slide() {
    // `slides.html#2` opens on slide 2, with its counter "2 / N".
    let out = built("internal");
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let total = total_slides(&read(&deck));
    let dom = chromium_cmd(&out.join("profile-dom"))
        .args(["--dump-dom", "--virtual-time-budget=3000"])
        .arg(format!("{}#2", file_url(&deck)))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-current=\"2\""), "slide 2 is not current:\n{}", &dom[..dom.len().min(2000)]);
    assert!(dom.contains("class=\"slide agenda-slide active\""), "the agenda (slide 2) is not shown");
    assert!(dom.contains(&format!("2 / {total}")), "no counter \"2 / {total}\"");
}

#[test]
fn slides_print_one_per_16_9_page() {
    // Printing the deck gives one 16:9 page per slide.
    let out = built("internal");
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let total = total_slides(&read(&deck));
    let pdf = print_to_pdf(&deck, &out, "slides.pdf");
    let (pages, w, h) = pdf_info(&pdf);
    assert_eq!(pages, total, "{pages} printed pages for {total} slides");
    assert!((w / h - 16.0 / 9.0).abs() < 0.01, "page {w} x {h} is not 16:9");
}

/// Headless Chromium with a DevTools endpoint, killed when dropped.
/// Open `url` in headless Chromium and attach to its page over the DevTools protocol.
fn open_devtools(url: &str, tmp: &Built) -> (Browser, Cdp) {
    let (browser, mut cdp) = common::cdp::open(&tmp.join("profile-cdp"), &["--hide-scrollbars", "--window-size=1280,720", url], |u| u.contains("slides.html"));
    cdp.wait_until("document.readyState === 'complete' && document.body.dataset.current !== undefined");
    (browser, cdp)
}

/// (current slide from the body, the URL hash, the number shown by the visible slide).
fn state(cdp: &mut Cdp) -> (String, String, String) {
    let v = cdp.eval(
        "JSON.stringify([document.body.dataset.current, location.hash, \
         Array.from(document.querySelectorAll('.slide.active')).map(s => s.dataset.no).join(',')])",
    );
    let a: Vec<String> = serde_json::from_str(v.as_str().unwrap()).unwrap();
    (a[0].clone(), a[1].clone(), a[2].clone())
}

#[test]
fn keys_step_through_the_deck_and_the_hash_follows() {
    // Real key presses in headless Chromium: next, previous, first, last; the hash follows the
    // slide, and a reload stays on it.
    let out = built("internal");
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let total = total_slides(&read(&deck));
    assert!(total >= 8, "the fixture deck should have several slides, has {total}");
    let (_browser, mut cdp) = open_devtools(&file_url(&deck), &out);
    assert_eq!(state(&mut cdp), ("1".into(), "#1".into(), "1".into()), "the deck does not open on slide 1");
    let last = total.to_string();
    let steps: &[(&str, &str)] = &[
        ("ArrowRight", "2"),
        (" ", "3"),
        ("PageDown", "4"),
        ("ArrowDown", "5"),
        ("ArrowLeft", "4"),
        ("ArrowUp", "3"),
        ("PageUp", "2"),
        ("End", &last),
        ("ArrowRight", &last),
        ("Home", "1"),
        ("ArrowLeft", "1"),
        ("PageDown", "2"),
        ("PageDown", "3"),
    ];
    for (key, want) in steps {
        cdp.key(key);
        let (current, hash, shown) = state(&mut cdp);
        assert_eq!(current, *want, "after {key:?} the current slide is {current}");
        assert_eq!(hash, format!("#{want}"), "after {key:?} the URL hash is {hash}");
        assert_eq!(shown, *want, "after {key:?} the visible slide is {shown}");
    }
    let counter = cdp.eval("document.querySelector('.slide.active .count').textContent");
    assert_eq!(counter, json!(format!("3 / {total}")));
    cdp.call("Page.reload", json!({}));
    std::thread::sleep(Duration::from_millis(300));
    cdp.wait_until("document.readyState === 'complete' && document.body.dataset.current !== undefined");
    assert_eq!(state(&mut cdp).0, "3", "a reload does not keep the slide");
}

#[test]
fn deck_keeps_16_9_at_any_window_size_and_no_slide_overflows() {
    // The stage scales to the window at 16:9, and no slide's text runs past its box.
    let out = built("internal");
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let (_browser, mut cdp) = open_devtools(&file_url(&deck), &out);
    for (w, h) in [(800, 800), (1600, 600), (390, 844)] {
        cdp.call("Emulation.setDeviceMetricsOverride", json!({"width": w, "height": h, "deviceScaleFactor": 1, "mobile": false}));
        // The deck rescales on the `resize` event, which follows the new size by a frame.
        let scale = (w as f64 / 1280.0).min(h as f64 / 720.0);
        cdp.wait_until(&format!(
            "window.innerWidth === {w} && Math.abs(document.getElementById('stage').getBoundingClientRect().width - {}) < 1",
            1280.0 * scale
        ));
        let rect = cdp.eval("(() => { const r = document.getElementById('stage').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()");
        let r: Vec<f64> = rect.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        assert!((r[2] - 1280.0 * scale).abs() < 1.0 && (r[3] - 720.0 * scale).abs() < 1.0, "stage {r:?} in a {w}x{h} window");
        assert!(r[0] >= -0.5 && r[1] >= -0.5 && r[0] + r[2] <= w as f64 + 0.5 && r[1] + r[3] <= h as f64 + 0.5, "stage {r:?} outside a {w}x{h} window");
    }
    let overflowing = cdp.eval(
        "Array.from(document.querySelectorAll('.slide')).filter(s => { \
           const f = s.querySelector('.fit'); \
           return (f && f.scrollHeight > f.clientHeight + 1) || s.scrollHeight > s.clientHeight + 1; \
         }).map(s => s.dataset.no)",
    );
    assert_eq!(overflowing, json!([]), "slides whose text overflows");
    let smallest = cdp.eval("Math.min(...Array.from(document.querySelectorAll('.fit')).map(f => parseFloat(getComputedStyle(f).fontSize)))");
    assert!(smallest.as_f64().unwrap() >= 24.0, "slide text shrunk to {smallest}px: too small for a projector");
}

/// Fifteen short measures, eight findings of two lines each and a table of twenty rows: more
/// than any one slide holds.
fn long_case() -> (String, Vec<String>) {
    let measures: Vec<String> = (1..=15).map(|i| format!("第{i}项整改措施：健全记录报告制度，落实到人")).collect();
    let findings: Vec<String> = (1..=8)
        .map(|i| format!("第{i}个问题：该单位在执行制度过程中存在记录不全、报告不及时、台账不规范等问题，需要逐项整改到位并形成长效机制"))
        .collect();
    let rows: Vec<String> = (1..=20).map(|i| format!("第{i}周督查")).collect();
    let mut md = String::from(
        "---\ntitle: 测试县司法局某所整改不到位问题\ndate: 2024-06-20\nviolations: [违反工作纪律]\nform: 1\n\
         disposition: 批评教育\npersons: [该所工作人员]\naudience: public\n---\n## 案例剖析\n\n",
    );
    md.extend(findings.iter().enumerate().map(|(i, f)| format!("{}. {f}\n", i + 1)));
    md.push_str("\n## 整改措施\n\n");
    md.extend(measures.iter().map(|m| format!("- {m}\n")));
    md.push_str("\n## 督查安排\n\n| 时间 | 内容 |\n| --- | --- |\n");
    md.extend(rows.iter().map(|r| format!("| {r} | 谈心谈话与台账检查 |\n")));
    let all = findings.into_iter().chain(measures).chain(rows).collect();
    (md, all)
}

/// No slide's text overflows its box or had to be shrunk to fit (the deck's script shrinks the
/// type of a slide whose text overflows), no slide runs past its 16:9 frame, and no running head
/// (which cuts off what does not fit) is squeezed to make room.
fn assert_no_slide_overflows(cdp: &mut Cdp) {
    let overflowing = cdp.eval(
        "Array.from(document.querySelectorAll('.slide')).filter(s => { \
           const f = s.querySelector('.fit'); \
           const squeezed = Array.from(s.querySelectorAll('.head')).some(e => e.scrollHeight > e.clientHeight + 1); \
           return (f && (f.scrollHeight > f.clientHeight + 1 || f.style.fontSize)) || s.scrollHeight > s.clientHeight + 1 || squeezed; \
         }).map(s => s.dataset.no)",
    );
    assert_eq!(overflowing, json!([]), "slides whose text overflows its box, or was shrunk to fit, or whose running head was squeezed");
}

#[test]
fn long_lists_and_tables_continue_on_further_slides_and_nothing_is_cut_off() {
    // A case whose lists and table are longer than a slide: every item is in the deck, on
    // screen and in print, numbered lists number on, the table's header is on each of its
    // slides, and no slide's text overflows its box or had to be shrunk.
    let (md, all) = long_case();
    let out = built_with("internal", |site| {
        site.write("content/cases/long.md", &md);
        let session = std::fs::read_to_string(site.file("content/trainings/session.md")).unwrap();
        site.write("content/trainings/session.md", session.replace("cases: [banquet, secret]", "cases: [long, banquet, secret]"));
    });
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let html = read(&deck);
    for item in &all {
        assert_eq!(html.matches(item.as_str()).count(), 1, "{item:?} is not once in the deck");
    }
    assert!(html.contains("<ol start=\""), "the numbered list does not number on after a slide");
    assert!(html.matches("<th>时间</th>").count() >= 2, "the table's header is not on each of its slides");
    assert!(html.contains("整改措施<span class=\"part\">1/2</span>"), "the measures are not marked as going on");

    let (_browser, mut cdp) = open_devtools(&file_url(&deck), &out);
    cdp.wait_until("document.fonts.status === 'loaded'");
    assert_no_slide_overflows(&mut cdp);
    // Every item is shown in full: its last character lies inside its slide's text box.
    let cut = cdp.eval(
        "Array.from(document.querySelectorAll('.fit li, .fit tr')).filter(e => { \
           const box = e.closest('.fit').getBoundingClientRect(), r = e.getBoundingClientRect(); \
           return r.bottom > box.bottom + 0.5; \
         }).map(e => e.textContent.trim())",
    );
    assert_eq!(cut, json!([]), "items cut off at the foot of a slide");

    let pdf = print_to_pdf(&deck, &out, "long.pdf");
    let text: String = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]).chars().filter(|c| !c.is_whitespace()).collect();
    for item in &all {
        assert!(text.contains(item.as_str()), "{item:?} is missing from the printed deck");
    }
}

#[test]
fn a_line_leading_into_a_picture_is_on_the_picture_s_slide() {
    // "现场照片如下：" after a paragraph, then a large picture: the line goes onto the picture's
    // slide rather than being left alone at the foot of the one before, and the picture gives
    // it room: nothing overflows, and the picture is still shown large.
    let para = "该所在开展纪律作风专项检查过程中，发现值班记录填写不全、外出报备不及时等问题。".repeat(3);
    let out = built_with("internal", |site| {
        site.write(
            "content/cases/photo/index.md",
            format!(
                "---\ntitle: 测试县司法局某所值班纪律松弛问题\ndate: 2024-06-20\nviolations: [违反工作纪律]\nform: 1\n\
                 disposition: 批评教育\npersons: [该所工作人员]\naudience: public\n---\n## 现场情况\n\n{para}\n\n现场照片如下：\n\n![值班室现场](现场.svg)\n"
            ),
        );
        site.write("content/cases/photo/现场.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1600\" height=\"1200\"><rect width=\"1600\" height=\"1200\" fill=\"#8ab\"/></svg>");
        let session = std::fs::read_to_string(site.file("content/trainings/session.md")).unwrap();
        site.write("content/trainings/session.md", session.replace("cases: [banquet, secret]", "cases: [photo, banquet, secret]"));
    });
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let html = read(&deck);
    let slide = html.split("<section").find(|s| s.contains("现场照片如下")).expect("the line is in the deck");
    assert!(slide.contains("<img"), "the line and its picture are on different slides:\n{slide}");

    let (_browser, mut cdp) = open_devtools(&file_url(&deck), &out);
    cdp.wait_until("document.fonts.status === 'loaded' && Array.from(document.images).every(i => i.complete)");
    assert_no_slide_overflows(&mut cdp);
    let picture = cdp.eval(
        "(() => { const i = document.querySelector('.fit img'); const f = i.closest('.fit'); \
           f.closest('.slide').classList.add('active'); \
           const b = f.getBoundingClientRect(), r = i.getBoundingClientRect(); \
           return [Math.round(r.height), r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5]; })()",
    );
    let (height, inside) = (picture[0].as_f64().unwrap(), picture[1].as_bool().unwrap());
    assert!(inside, "the picture runs past the slide's text box");
    assert!(height >= 300.0, "the picture was squeezed to {height}px");
}

#[test]
fn a_snapshot_s_handout_and_deck_say_they_are_archived() {
    // In archive/<period>/, the handout says 归档 and as of when on its cover and atop every
    // printed page, the deck on its title slide and at the foot of every slide; the live
    // materials say nothing of the kind.
    let out = built("internal");
    common::run(["snapshot", "2024-H2", "--site", out.copy.path().to_str().unwrap()]).assert_code(0);
    let mark = "2024年下半年归档版本";
    let archived = out.copy.file(&format!("archive/2024-H2/{SESSION}"));
    let handout = read(&archived.join("handout.html"));
    assert!(handout.contains(&format!("{mark} · 内容截至2024年12月31日")), "no archive mark atop the handout's pages");
    let cover = handout.split("<p class=\"issuer\">").next().unwrap();
    assert!(cover.contains(mark) && cover.contains("内容截至2024年12月31日"), "the handout's cover does not say it is archived");
    let pdf = print_to_pdf(&archived.join("handout.html"), &out, "archived-handout.pdf");
    let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let sheets: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    for (i, p) in sheets.iter().enumerate() {
        assert!(p.contains(mark), "printed page {} of the archived handout has no 归档 mark:\n{p}", i + 1);
    }

    let deck = read(&archived.join("slides.html"));
    let total = total_slides(&deck);
    let title = deck.split("id=\"s2\"").next().unwrap();
    assert!(title.contains(&format!("{mark} · 内容截至2024年12月31日")), "the title slide does not say the deck is archived");
    assert_eq!(deck.matches(&format!("<span class=\"archived\">{mark}</span>")).count(), total, "a slide's foot lacks the archive mark");

    for file in ["handout.html", "slides.html"] {
        let live = read(&out.join(&format!("site/{SESSION}/{file}")));
        assert!(!live.contains("归档版本"), "the live {file} is marked archived");
    }
}

#[test]
fn on_an_upright_phone_the_deck_asks_to_be_turned_and_its_buttons_show_on_touch() {
    // At 390x844 on a touch screen the deck says 横屏观看效果更好 above the stage and shows its
    // page buttons (there is no hover to reveal them); at 1280x720 with a mouse neither changes
    // the projector's look.
    let out = built("internal");
    let deck = out.join(&format!("site/{SESSION}/slides.html"));
    let (_browser, mut cdp) = open_devtools(&file_url(&deck), &out);
    let look = "(() => { const h = document.querySelector('.rotate-hint'), n = document.querySelector('.nav'); \
                const r = h.getBoundingClientRect(), s = document.getElementById('stage').getBoundingClientRect(); \
                return [getComputedStyle(h).display, h.textContent, r.bottom <= s.top, getComputedStyle(n).opacity, n.querySelector('button').getBoundingClientRect().height]; })()";
    let desk = cdp.eval(look);
    assert_eq!(desk[0], json!("none"), "the turn hint shows at 1280x720");
    assert_eq!(desk[3], json!("0"), "the page buttons show without hover at 1280x720");

    cdp.call("Emulation.setDeviceMetricsOverride", json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}));
    cdp.call("Emulation.setTouchEmulationEnabled", json!({"enabled": true, "maxTouchPoints": 5}));
    cdp.wait_until("window.innerWidth === 390 && matchMedia('(hover: none) and (pointer: coarse)').matches");
    let phone = cdp.eval(look);
    assert_eq!(phone[0], json!("block"), "no turn hint on an upright phone");
    assert_eq!(phone[1], json!("横屏观看效果更好"));
    assert_eq!(phone[2], json!(true), "the turn hint covers the stage");
    cdp.wait_until("getComputedStyle(document.querySelector('.nav')).opacity === '1'");
    assert!(phone[4].as_f64().unwrap() >= 44.0, "page buttons too small for a finger: {}", phone[4]);
    if let Ok(dir) = std::env::var("ZHENGFENG_SHOTS") {
        let shot = cdp.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = shot["data"].as_str().unwrap();
        std::fs::write(format!("{dir}/phone.b64"), png).unwrap();
    }
}

#[test]
fn handout_writes_dates_the_chinese_way_and_keeps_no_character_alone_on_a_line() {
    // A mechanism's date in 学习制度 reads 2024年1月1日起施行, like every other date in the
    // handout (no 2024-01-01); headings and contents entries are balanced and paragraphs
    // set so that no character is left alone on a last line.
    let out = built("internal");
    let html = read(&out.join(&format!("site/{SESSION}/handout.html")));
    assert!(html.contains("2024年1月1日起施行"), "the mechanism's date is not written the Chinese way");
    let iso = html.as_bytes().windows(10).find(|w| {
        w.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
    });
    assert!(iso.is_none(), "the handout writes a date as {}", String::from_utf8_lossy(iso.unwrap()));
    assert!(html.contains(".contents li, .cover .issuer { text-wrap: balance;") && html.contains("p, li, dd, .archived { text-wrap: pretty; }"));
    let deck = read(&out.join(&format!("site/{SESSION}/slides.html")));
    assert!(deck.contains(".slide h1, .slide h2 { text-wrap: balance; }"));
}
