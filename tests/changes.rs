//! The changes page (`changes/index.html`) against the newest snapshot: a redline of the
//! rendered text, duties, new items and ledger changes, the units that changed, and the page
//! before any snapshot. Each test works on its own copy of `tests/fixtures/changes/site`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const PERIOD: &str = "2025-H2";

/// Build the site (its own `output/`), with a fixed reference date so ledger states do not
/// depend on the day the test runs.
fn build_site(site: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--site", site.to_str().unwrap(), "--quiet", "--as-of", "2026-03-01"];
    args.extend_from_slice(extra);
    run(args).assert_code(0);
}

fn snapshot_site(site: &Path) {
    run(["snapshot", PERIOD, "--site", site.to_str().unwrap()]).assert_code(0);
}

/// A fixture copy, built and snapshotted: ready for edits.
fn snapshotted() -> Site {
    let s = copy_fixture("changes/site");
    build_site(s.path(), &[]);
    snapshot_site(s.path());
    s
}

/// The `<main>` element of the changes page.
fn changes_main(site: &Path) -> String {
    let page = std::fs::read_to_string(site.join("output/changes/index.html")).unwrap();
    let start = page.find("<main").expect("a main element");
    let end = page.find("</main>").expect("a main element") + "</main>".len();
    page[start..end].to_string()
}

/// The part of `html` from the element with `id` to the end of its section.
fn section(html: &str, id: &str) -> String {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id} in\n{html}"));
    let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

/// Replace `from` with `to` in a site file, checking that `from` was there.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.file(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// A file of the snapshot, wherever snapshots are kept (the site's `archive/`, or the
/// output's).
fn snapshot_file(site: &Path, rel: &str) -> PathBuf {
    let in_site = site.join("archive").join(PERIOD).join(rel);
    if in_site.is_file() {
        in_site
    } else {
        site.join("output/archive").join(PERIOD).join(rel)
    }
}

// After a real edit of a mechanism body with headings, bold lead-ins and a list, the page shows
// no raw Markdown, the changed heading as a heading, and each change under its own heading.
#[test]
fn redline_shows_rendered_text_under_its_headings() {
    let s = snapshotted();
    let m = "content/mechanisms/supervision.md";
    edit(&s, m, "## 二、监督方式", "## 二、监督检查方式");
    edit(&s, m, "**重点时段检查。**", "**重要节点检查。**");
    edit(&s, m, "- 整改措施的落实情况。", "- 整改措施的落实情况；\n- 群众反映强烈问题的办理情况。");
    edit(&s, m, "一律建立台账，限期整改。", "一律建立台账，限期整改，整改情况每季度通报一次。");
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    let redline = section(&main, "mechanisms");

    assert!(!main.contains("## ") && !main.contains("**"), "raw Markdown on the page:\n{main}");
    for line in main.lines() {
        assert!(!line.trim_start().starts_with("- "), "a Markdown list line on the page: {line}");
    }
    assert!(redline.contains("<h4 class=\"rl-changed\">二、监督<ins>检查</ins>方式</h4>"), "{redline}");
    assert!(redline.contains("重<del>点时段</del><ins>要节点</ins>检查。"), "{redline}");
    // Each change sits after its own heading, with no other heading between.
    for (heading, change) in [
        ("三、检查重点", "<ins>群众反映强烈问题的办理情况。</ins>"),
        ("四、结果运用", "<ins>，整改情况每季度通报一次</ins>"),
    ] {
        let h = redline.find(&format!("<h4>{heading}</h4>")).unwrap_or_else(|| panic!("heading {heading} missing:\n{redline}"));
        let c = redline.find(change).unwrap_or_else(|| panic!("change {change} missing:\n{redline}"));
        assert!(h < c && !redline[h + 4..c].contains("<h4"), "{change} is not under {heading}:\n{redline}");
    }
    // The unchanged opening section is shortened, not shown.
    assert!(!redline.contains("无死角") && redline.contains("… 未改动 2 段 …"), "{redline}");
}

// A duty whose at_least changed is listed with its mechanism and the old and new values; an
// added and a removed duty are listed too.
#[test]
fn changed_duties_show_old_and_new_values() {
    let s = snapshotted();
    edit(&s, "content/mechanisms/supervision.md", "at_least: 2, per: half-year", "at_least: 3, per: half-year");
    edit(
        &s,
        "content/mechanisms/education.md",
        "{ id: learning, text: 每半年至少安排一次专题学习, at_least: 1, per: half-year }",
        "{ id: exam, text: 每年至少组织一次纪律作风知识测试, at_least: 1, per: year }",
    );
    for unit in ["a", "b", "c"] {
        edit(&s, &format!("content/scorecards/2025-H2/{unit}.yaml"), "learning: 1", "exam: 1");
    }
    build_site(s.path(), &[]);
    let duties = section(&changes_main(s.path()), "duties");
    let item = duties.split("<li>").find(|li| li.contains("每半年至少开展两次明察暗访")).unwrap_or_else(|| panic!("duty missing:\n{duties}"));
    assert!(item.contains("原为<del>每半年至少 2 次</del>，现为<ins>每半年至少 3 次</ins>"), "{item}");
    assert!(item.contains("监督检查机制"), "{item}");
    assert!(duties.contains("每年至少组织一次纪律作风知识测试") && duties.contains("每年至少 1 次"), "{duties}");
    assert!(duties.contains("<del>每半年至少安排一次专题学习</del>"), "{duties}");
}

// A snapshot made before duties were recorded in full is still read: added duties are listed
// by comparing ids, and the page says that changes in wording or frequency cannot be seen.
#[test]
fn an_older_snapshot_compares_duty_ids_only() {
    let s = snapshotted();
    let path = snapshot_file(s.path(), "data/content.json");
    let mut content: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for m in content["mechanisms"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("requirements");
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&content).unwrap()).unwrap();
    edit(&s, "content/mechanisms/supervision.md", "at_least: 2, per: half-year", "at_least: 3, per: half-year");
    edit(
        &s,
        "content/mechanisms/education.md",
        "  - { id: learning",
        "  - { id: exam, text: 每年至少组织一次纪律作风知识测试, at_least: 1, per: year }\n  - { id: learning",
    );
    build_site(s.path(), &[]);
    let duties = section(&changes_main(s.path()), "duties");
    assert!(duties.contains("每年至少组织一次纪律作风知识测试"), "{duties}");
    assert!(!duties.contains("每半年至少开展两次明察暗访"), "{duties}");
    assert!(duties.contains("只能看出哪些要求增加或删除"), "{duties}");
}

// Only the units whose total or grade changed are listed, with the number of the rest.
#[test]
fn only_changed_units_are_listed() {
    let s = snapshotted();
    edit(&s, "content/scorecards/2025-H2/a.yaml", "i1: 45", "i1: 50");
    build_site(s.path(), &[]);
    let units = section(&changes_main(s.path()), "units");
    assert!(units.contains("甲法院"), "{units}");
    assert!(units.contains("85.0") && units.contains("90.0") && units.contains("良好") && units.contains("优秀"), "{units}");
    assert!(!units.contains("乙法院") && !units.contains("丙公安局"), "{units}");
    assert!(units.contains("其余 2 个单位的总分和等次没有变化"), "{units}");
}

// With nothing changed, the page says so and lists no unit at all.
#[test]
fn an_unchanged_site_lists_nothing() {
    let s = snapshotted();
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    assert!(main.contains("归档之后没有变化"), "{main}");
    assert!(!main.contains("changes-section") && !main.contains("甲法院"), "{main}");
}

// New cases, inspections and models, and ledger items opened or closed, are listed and linked
// to their pages.
#[test]
fn new_items_and_ledger_changes_are_linked() {
    let s = snapshotted();
    s.write(
        "content/cases/b-drinking.md",
        "---\ntitle: 乙法院干警工作日饮酒案\ndate: 2026-01-08\nunit: b\nviolations: [违规饮酒]\nform: 1\ndisposition: 谈话提醒\n---\n正文。\n",
    );
    s.write(
        "content/inspections/new-year-check.md",
        "---\ntitle: 元旦前明察暗访情况通报\ndate: 2025-12-28\nkind: 明察暗访\ninspector: 测试委督查室\nunits: [a, b]\n---\n发现问题一起。\n",
    );
    s.write(
        "content/models/c-window.md",
        "---\ntitle: 丙公安局户籍窗口\ndate: 2026-01-05\nhonour: 纪律作风建设先进集体\nkind: collective\nunit: c\n---\n事迹。\n",
    );
    edit(
        &s,
        "content/rectifications/2025.yaml",
        "  status: open\n",
        "  status: done\n  done_on: 2026-01-10\n  feedback: 已补齐记录并通报\n- id: 2026-window\n  unit: b\n  problem: 窗口人员迟到早退\n  source: { inspection: new-year-check }\n  found_on: 2025-12-28\n  deadline: 2026-02-28\n  status: open\n",
    );
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    assert!(section(&main, "cases").contains("href=\"../cases/b-drinking/index.html\""), "{main}");
    assert!(section(&main, "inspections").contains("href=\"../inspections/new-year-check/index.html\">元旦前明察暗访情况通报</a>"), "{main}");
    assert!(section(&main, "models").contains("href=\"../models/c-window/index.html\">丙公安局户籍窗口</a>"), "{main}");
    let ledger = section(&main, "ledger");
    let (opened, closed) = ledger.split_once("办结").unwrap_or_else(|| panic!("{ledger}"));
    assert!(opened.contains("href=\"../rectifications/index.html#2026-window\">窗口人员迟到早退</a>"), "{ledger}");
    assert!(closed.contains("href=\"../rectifications/index.html#2025-duty-roster\">值班记录补记</a>"), "{ledger}");
    assert!(closed.contains("逾期办结") && closed.contains("2026-01-10"), "{ledger}");
}

/// A fixture copy whose ledger also holds an item closed in November and `more`, built and
/// snapshotted; with the ledger's path.
fn snapshotted_with(more: &str) -> (Site, &'static str) {
    let s = copy_fixture("changes/site");
    let ledger = "content/rectifications/2025.yaml";
    let text = std::fs::read_to_string(s.file(ledger)).unwrap();
    let closed = "- id: 2025-closed\n  unit: a\n  problem: 外出报备不及时\n  found_on: 2025-10-01\n  deadline: 2025-11-30\n  status: done\n  done_on: 2025-11-20\n  feedback: 已整改\n";
    s.write(ledger, format!("{text}{closed}{more}"));
    build_site(s.path(), &[]);
    snapshot_site(s.path());
    (s, ledger)
}

// What an auditor must not miss: an item closed in the snapshot and open again, one whose
// deadline was put back or which moved to another unit, and one no longer in the ledger (named
// by its id, linked to the snapshot's ledger, which still holds it).
#[test]
fn ledger_items_reopened_re_dated_or_removed_are_listed() {
    let (s, ledger) = snapshotted_with("- id: 2025-gone\n  unit: b\n  problem: 台账不全\n  found_on: 2025-10-01\n  deadline: 2025-12-20\n  status: open\n");
    let text = std::fs::read_to_string(s.file(ledger)).unwrap();
    let text = text.split("- id: 2025-gone").next().unwrap().to_string();
    let text = text.replace("  status: done\n  done_on: 2025-11-20\n  feedback: 已整改\n", "  status: open\n");
    let text = text.replacen("  unit: a\n  problem: 值班记录补记", "  unit: b\n  problem: 值班记录补记", 1).replacen("deadline: 2025-11-30\n  status: open\n- id: 2025-closed", "deadline: 2026-06-30\n  status: open\n- id: 2025-closed", 1);
    s.write(ledger, &text);
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    let ledger = section(&main, "ledger");
    let part = |title: &str| ledger.split(title).nth(1).map(|rest| rest.split("group-title").next().unwrap_or("").to_string()).unwrap_or_else(|| panic!("no {title} in {ledger}"));
    assert!(part("重新打开 1 项").contains("外出报备不及时"), "{ledger}");
    let changed = part("整改时限或单位变更 1 项");
    assert!(changed.contains("值班记录补记") && changed.contains("<del>2025-11-30</del> → <ins>2026-06-30</ins>"), "{changed}");
    assert!(changed.contains("单位 <del>甲法院</del> → <ins>乙法院</ins>"), "{changed}");
    let removed = part("不再列入台账 1 项");
    assert!(removed.contains(&format!("href=\"../archive/{PERIOD}/rectifications/index.html#2025-gone\">编号 2025-gone</a>")), "{removed}");
    assert!(removed.contains("归档时整改中") || removed.contains("归档时已逾期"), "{removed}");
    assert!(main.contains("#ledger"), "the ledger is in the page's list of changed sections");
}

// A build as of a day before the snapshot's end knows less than the snapshot: an item closed
// or found after that day is neither reopened nor gone.
#[test]
fn an_earlier_reference_date_reopens_and_removes_nothing() {
    let (s, _) = snapshotted_with("- id: 2025-late\n  unit: b\n  problem: 台账不全\n  found_on: 2025-12-20\n  deadline: 2026-01-20\n  status: open\n");
    run(["build", "--site", s.path().to_str().unwrap(), "--quiet", "--as-of", "2025-10-15"]).assert_code(0);
    let main = changes_main(s.path());
    assert!(!main.contains("重新打开") && !main.contains("不再列入台账"), "{main}");
}

// Before any snapshot the page speaks to readers and shows no command.
#[test]
fn before_any_snapshot_the_page_shows_no_command() {
    let s = copy_fixture("changes/site");
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    assert!(main.contains("还没有半年归档"), "{main}");
    assert!(!main.contains("zhengfeng"), "{main}");
    let page = std::fs::read_to_string(s.file("output/changes/index.html")).unwrap();
    assert!(!page.contains("zhengfeng snapshot"), "{page}");
}

// A public build does not compare with an internal snapshot: nothing of it is shown, not even
// its period (for the public site there is no snapshot yet).
#[test]
fn a_public_build_does_not_compare_with_an_internal_snapshot() {
    let s = snapshotted();
    edit(&s, "content/mechanisms/supervision.md", "## 二、监督方式", "## 二、监督检查方式");
    build_site(s.path(), &["--audience", "public"]);
    let main = changes_main(s.path());
    assert!(main.contains("还没有半年归档"), "{main}");
    assert!(!main.contains("changes-section") && !main.contains("<ins>") && !main.contains("2025年下半年"), "{main}");
}

// Nor does an internal build compare with a public snapshot (every internal item would show as
// added, every unit as unreported then): it says why, and compares with the newest internal
// snapshot when there is one.
#[test]
fn an_internal_build_does_not_compare_with_a_public_snapshot() {
    let s = copy_fixture("changes/site");
    run(["snapshot", PERIOD, "--audience", "public", "--site", s.path().to_str().unwrap()]).assert_code(0);
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    assert!(main.contains("最新的归档（2025年下半年）是公开版，收录的内容与本站（内部版）不同，不作对比"), "{main}");
    assert!(!main.contains("changes-section") && !main.contains("未报送"), "{main}");

    run(["snapshot", "2025-H1", "--site", s.path().to_str().unwrap()]).assert_code(0);
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    assert!(main.contains("2025年上半年归档</a>以来的变化"), "{main}");
    assert!(main.contains("此后的2025年下半年归档是公开版"), "{main}");
}

// A public build carries no internal snapshot: not its folder, not its entry in the version
// list, not its period's name on the changes page (SPEC §2: no trace of an internal item);
// a public snapshot it carries and compares with.
#[test]
fn a_public_build_carries_no_internal_snapshot() {
    let s = copy_fixture("changes/site");
    let site = s.path().to_str().unwrap();
    run(["snapshot", "2025-H1", "--audience", "public", "--site", site]).assert_code(0);
    run(["snapshot", PERIOD, "--site", site]).assert_code(0);
    build_site(s.path(), &["--audience", "public"]);
    let out = s.path().join("output");
    assert!(out.join("archive/2025-H1/index.html").is_file());
    assert!(!out.join(format!("archive/{PERIOD}")).exists(), "the internal snapshot was copied");
    let versions = std::fs::read_to_string(out.join("archive/versions.js")).unwrap();
    assert!(versions.contains("2025-H1") && !versions.contains(PERIOD), "{versions}");
    let main = changes_main(s.path());
    assert!(main.contains("2025年上半年归档</a>以来的变化"), "{main}");
    for f in files(&out).into_iter().filter(|(p, _)| p.ends_with(".html") || p.ends_with(".js") || p.ends_with(".json")) {
        let text = String::from_utf8_lossy(&f.1);
        assert!(!text.contains("2025年下半年归档") && !text.contains(&format!("archive/{PERIOD}")), "{} names the internal snapshot", f.0);
    }
    // The internal build carries both.
    build_site(s.path(), &[]);
    assert!(out.join(format!("archive/{PERIOD}/index.html")).is_file());
}

// A half-year's results added since the snapshot (a period it did not hold) are listed as
// new, with the number of units scored, not counted as "no change".
#[test]
fn a_new_period_of_results_is_listed_as_added() {
    let s = copy_fixture("changes/site");
    run(["snapshot", "2025-H1", "--site", s.path().to_str().unwrap()]).assert_code(0);
    build_site(s.path(), &[]);
    let main = changes_main(s.path());
    let units = section(&main, "units");
    assert!(units.contains("<a href=\"../scorecards/2025-H2/index.html\">2025年下半年考核结果</a>"), "{units}");
    assert!(units.contains("3 个单位"), "{units}");
    let quiet = main.split("没有变化：").nth(1).map(|rest| rest.split('。').next().unwrap_or("")).unwrap_or("");
    assert!(!quiet.contains("考核结果"), "{main}");
}

// Printed, no page of the demo's changes page ends with a heading or the line naming a group
// (整改台账, 办结 4 项): each goes to the next page with what it introduces.
#[test]
fn printed_headings_stay_with_what_follows() {
    let s = copy_demo("changes-print");
    run(["snapshot", "2025-H1", "--site", s.path().to_str().unwrap()]).assert_code(0);
    run(["build", "--site", s.path().to_str().unwrap(), "--quiet"]).assert_code(0);
    let page = s.file("output/changes/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // The headings' texts: section titles and group lines.
    let mut headings: Vec<String> = Vec::new();
    for marker in ["class=\"section-title\"", "class=\"group-title\""] {
        for part in html.split(marker).skip(1) {
            let text = part.split_once('>').unwrap().1.split("</").next().unwrap();
            headings.push(text.trim().to_string());
        }
    }
    assert!(headings.iter().any(|h| h.starts_with("办结")), "{headings:?}");
    let tmp = TempDir::new("changes-print-pdf");
    let pdf = tmp.join("changes.pdf");
    let out = common::cdp::headless(&tmp.join("profile"))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(pdf.is_file(), "chromium wrote no PDF: {}", String::from_utf8_lossy(&out.stderr));
    let text = Command::new("pdftotext").args(["-layout", pdf.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils; test.sh installs it)");
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let sheets: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(sheets.len() > 1, "the page prints on more than one sheet:\n{text}");
    for (i, sheet) in sheets.iter().enumerate() {
        // The last line of text above the page number.
        let last = sheet.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with('—')).unwrap_or("");
        assert!(!headings.iter().any(|h| h == last), "sheet {} ends with the heading {last:?}:\n{sheet}", i + 1);
    }
}
