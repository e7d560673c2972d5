//! The pages of SPEC §10: the rectification ledger and the pages that show its items
//! (inspections, units, cases, the period ranking), the inspection and model pages, and the
//! training materials that present models beside the cases. One fixture site,
//! `tests/fixtures/pages/ledger/`, holds an item in every state as of its `as_of` (2025-12-01),
//! one done and one found after that day, and an internal inspection that a public item cites.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

const FIXTURE: &str = "pages/ledger";

/// The fixture built for `audience`, as path -> text of its HTML files.
fn built(audience: &str) -> (Site, PathBuf, BTreeMap<String, String>) {
    let site = copy_fixture(FIXTURE);
    let out = site.out(audience);
    build(site.path(), &out, &["--audience", audience]).assert_code(0);
    let pages = files(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect();
    (site, out, pages)
}

fn page<'a>(pages: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    pages.get(path).map(String::as_str).unwrap_or_else(|| panic!("{path} is not built"))
}

/// The ledger rows of a page: (id, the whole `<tr …>` tag, the row's HTML).
fn rows(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<tr id=\"") {
        rest = &rest[i..];
        let tag_end = rest.find('>').expect("tag ends");
        let tag = rest[..=tag_end].to_string();
        let id = tag["<tr id=\"".len()..].split('"').next().unwrap_or_default().to_string();
        let end = rest.find("</tr>").expect("row ends");
        out.push((id, tag, rest[..end].to_string()));
        rest = &rest[end..];
    }
    out
}

// Every item known on the reference date is a row with the attributes the filters and tests
// read, in ledger order, with its state in words; the page says as of which day.
#[test]
fn ledger_rows_follow_the_contract() {
    let (_site, _out, pages) = built("internal");
    let html = page(&pages, "rectifications/index.html");
    assert!(html.contains("data-as-of=\"2025-12-01\">统计截至 2025年12月1日，"), "no as-of line");
    let rows = rows(html);
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    // Overdue first (the item done after the day is still open, and late), by deadline; then
    // open; then closed, the latest done first.
    assert_eq!(ids, ["r-overdue", "r-done-after", "r-open", "r-done-late", "r-done", "r-text"]);
    let want = [
        ("r-overdue", "overdue", "fx-police", "inspection", "已逾期"),
        ("r-done-after", "overdue", "yl-justice", "none", "已逾期"),
        ("r-open", "open", "fx-court", "inspection", "整改中"),
        ("r-done-late", "done-late", "fx-police", "inspection", "逾期办结"),
        ("r-done", "done", "fx-court", "case", "已办结"),
        ("r-text", "done", "yl-justice", "text", "已办结"),
    ];
    for ((id, tag, row), (wid, state, unit, source, label)) in rows.iter().zip(want) {
        assert_eq!(id, wid);
        assert_eq!(tag, &format!("<tr id=\"{id}\" data-state=\"{state}\" data-unit=\"{unit}\" data-source=\"{source}\">"));
        assert!(row.contains(label), "row {id} does not say {label}");
    }
    // What happened after the day is not yet known.
    let after = &rows[1].2;
    assert!(!after.contains("统计日以后才办结") && !after.contains("2025-12-05"), "a later 办结 shows: {after}");
    assert!(!html.contains("统计日以后才发现"), "an item found after the day is listed");
    // Counts per state, and the filters by unit, state and source.
    for (label, n) in [("已逾期", 2), ("整改中", 1), ("逾期办结", 1), ("已办结", 2)] {
        assert!(html.contains(&format!("<dt>{label}</dt><dd><a href=\"#state=")) && html.contains(&format!(">{n}</a><small>项</small>")), "count of {label}");
    }
    for name in ["unit", "state", "source"] {
        assert!(html.contains(&format!("<select name=\"{name}\">")), "no {name} filter");
    }
    assert!(html.contains("<option value=\"text none\">其他（2）</option>"), "the source filter joins text and none under 其他");
    // The source links to the inspection's page.
    assert!(rows[0].2.contains("href=\"../inspections/national-day/index.html\">国庆节前明察暗访情况通报</a>"));
}

// A public build withholds the internal inspection: the public item that cites it shows
// 督导检查 alone, and the internal item is gone.
#[test]
fn public_ledger_names_a_withheld_source_by_its_kind() {
    let (_site, _out, pages) = built("public");
    let html = page(&pages, "rectifications/index.html");
    let rows = rows(html);
    assert!(rows.iter().all(|r| r.0 != "r-open"), "an internal item is on the public ledger");
    let (_, tag, row) = rows.iter().find(|r| r.0 == "r-overdue").expect("the public item is listed");
    assert!(tag.contains("data-source=\"inspection\""));
    assert!(row.contains("<span class=\"src-kind\">督导检查</span></td>"), "the source kind is not shown alone: {row}");
    for page_html in pages.values() {
        assert!(!page_html.contains("国庆节前明察暗访") && !page_html.contains("inspections/national-day/"), "the withheld inspection leaks");
    }
}

// An inspection's page lists the items it found with their states; its units link to their
// pages; the list is filterable by the way of inspection.
#[test]
fn inspection_pages_list_what_they_found() {
    let (_site, _out, pages) = built("internal");
    let html = page(&pages, "inspections/national-day/index.html");
    for text in ["明察暗访", "县委政法委督查室", "href=\"../../units/fx-court/index.html\">凤溪县人民法院</a>", "接警台无人值守", "值班记录补记", "已逾期", "整改中"] {
        assert!(html.contains(text), "the inspection page lacks {text}");
    }
    assert!(!html.contains("着装不规范"), "an item of another inspection is listed");
    let index = page(&pages, "inspections/index.html");
    assert!(index.contains("<select name=\"kind\">") && index.contains("data-kind=\"回访复查\"") && index.contains("data-kind=\"明察暗访\""));
    // Newest first.
    assert!(index.find("整改情况回访复查") < index.find("国庆节前明察暗访情况通报"));
}

// A unit's page lists its ledger items and honours; a case's page lists the items sourced from
// it under 以案促改; the period ranking counts each unit's overdue items.
#[test]
fn unit_case_and_period_pages_show_the_ledger() {
    let (_site, _out, pages) = built("internal");
    let unit = page(&pages, "units/fx-police/index.html");
    for text in ["接警台无人值守", "已逾期", "着装不规范", "逾期办结", "李明同志", "全县政法系统纪律作风建设先进个人"] {
        assert!(unit.contains(text), "the unit page lacks {text}");
    }
    assert!(!unit.contains("值班记录补记"), "another unit's item is listed");
    let case = page(&pages, "cases/banquet/index.html");
    assert!(case.contains("以案促改") && case.contains("法官与律师交往缺乏监督") && case.contains("已办结"));
    let period = page(&pages, "scorecards/index.html");
    assert!(period.contains("<th class=\"num\">逾期整改</th>"), "no overdue column");
    assert!(period.contains("rectifications/index.html#unit=fx-police&amp;state=overdue\">1</a>"), "fx-police has 1 overdue item");
    assert!(period.contains("rectifications/index.html#unit=yl-justice&amp;state=overdue\">1</a>"), "yl-justice has 1 overdue item");
    let nav = page(&pages, "index.html");
    for (url, label) in [("inspections/index.html", "督导检查"), ("rectifications/index.html", "整改台账"), ("models/index.html", "先进典型")] {
        assert!(nav.contains(&format!("<a href=\"{url}\">{label}</a>")), "no navigation link to {label}");
    }
}

// A period that ended before the reference date counts the items overdue on its last day, as
// its snapshot would: not items found later, nor deadlines passed since. The counts are not
// links then (the ledger shows today's states).
#[test]
fn a_past_period_counts_what_was_overdue_at_its_end() {
    let site = copy_fixture(FIXTURE);
    let out = site.out("later");
    build(site.path(), &out, &["--as-of", "2026-03-01"]).assert_code(0);
    let period = std::fs::read_to_string(out.join("scorecards/2025-H2/index.html")).unwrap();
    assert!(period.contains("逾期整改：截至 2025年12月31日"), "the note names the period's end");
    let row = |unit: &str| {
        let at = period.find(&format!("units/{unit}/index.html")).unwrap_or_else(|| panic!("{unit} is ranked"));
        let end = at + period[at..].find("</tr>").unwrap();
        period[at..end].to_string()
    };
    assert!(row("fx-police").contains("<td class=\"num overdue\">1</td>"), "{}", row("fx-police"));
    // On 2026-03-01 fx-court has two overdue items (one found on 2025-12-10, one due 2025-12-31);
    // on 2025-12-31, none.
    assert!(row("fx-court").contains("<td class=\"num overdue-none\">0</td>"), "{}", row("fx-court"));
    assert!(!period.contains("state=overdue"), "a past period's counts are not links to today's ledger");
    let ledger = std::fs::read_to_string(out.join("rectifications/index.html")).unwrap();
    assert!(ledger.contains("r-found-after"), "the ledger itself is as of the reference date");
}

// Tags on inspections and models are tags like a case's: each has its tag page, which lists
// them, and the item's page links to it.
#[test]
fn tags_of_inspections_and_models_have_their_pages() {
    let site = copy_fixture(FIXTURE);
    for (file, tag) in [("content/inspections/national-day.md", "明察暗访"), ("content/models/li.md", "服务群众")] {
        let text = std::fs::read_to_string(site.file(file)).unwrap();
        site.write(file, text.replacen("\n---\n", &format!("\ntags: [{tag}]\n---\n"), 1));
    }
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|_| panic!("{p} is not built"));
    let index = read("tags/index.html");
    for tag in ["明察暗访", "服务群众"] {
        assert!(index.contains(tag), "the tag index lacks {tag}");
    }
    let inspection = read("inspections/national-day/index.html");
    let at = inspection.find(">明察暗访</a>").expect("the inspection's tag is a link");
    let href = inspection[..at].rsplit("href=\"").next().unwrap().split('"').next().unwrap().to_string();
    let tag_page = read(&format!("inspections/national-day/{href}").replace("inspections/national-day/../../", ""));
    assert!(tag_page.contains("国庆节前明察暗访情况通报"), "the tag page lists the inspection");
    let model_tag = std::fs::read_dir(out.join("tags")).unwrap().filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("index.html")).ok()).find(|p| p.contains("<h1 class=\"page-title\">服务群众</h1>")).expect("服务群众 has a page");
    assert!(model_tag.contains("models/li/index.html"), "the tag page lists the model");
}

// Model pages carry the honour, the kind and the unit; the list groups collectives and
// individuals.
#[test]
fn model_pages_show_the_honour() {
    let (_site, _out, pages) = built("public");
    let html = page(&pages, "models/li/index.html");
    for text in ["全县政法系统纪律作风建设先进个人", "先进个人", "2025年7月1日", "href=\"../../units/fx-police/index.html\">凤溪县公安局</a>", "李明", "拒收礼品礼金"] {
        assert!(html.contains(text), "the model page lacks {text}");
    }
    let index = page(&pages, "models/index.html");
    assert!(index.find("<h2 class=\"section-title\">先进集体") < index.find("<h2 class=\"section-title\">先进个人"));
}

// A training with models presents them after the cases: on the session page, as a part of the
// handout, and as slides of the deck, which still refers to no other file.
#[test]
fn training_materials_present_models_after_the_cases() {
    let (_site, _out, pages) = built("public");
    let session = page(&pages, "trainings/session/index.html");
    assert!(session.find("某庭副庭长违规接受律师宴请问题") < session.find("凤溪县人民法院立案庭"), "models come after the cases");
    let handout = page(&pages, "trainings/session/handout.html");
    assert!(handout.contains("、先进典型</h1>") && handout.contains("全县政法系统纪律作风建设先进集体") && handout.contains("一站式诉讼服务"));
    assert!(handout.find("、典型案例</h1>") < handout.find("、先进典型</h1>"));
    let deck = page(&pages, "trainings/session/slides.html");
    assert!(deck.contains("class=\"slide model-slide\"") && deck.contains("先进典型一") && deck.contains("李明同志"));
    for (i, _) in deck.match_indices(" href=\"") {
        assert!(deck[i + 7..].starts_with('#') || deck[i + 7..].starts_with("data:"), "the deck links to another file");
    }
    assert!(!deck.contains(" src=\""), "the deck loads another file");
}

// A site without §10 content has none of these pages, and no link to them.
#[test]
fn a_site_without_a_ledger_has_no_ledger_page() {
    let site = copy_fixture("build/pages_only");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let files = files(&out);
    for path in ["rectifications/index.html", "inspections/index.html", "models/index.html"] {
        assert!(!files.contains_key(path), "{path} is built");
    }
    let home = String::from_utf8_lossy(&files["index.html"]).to_string();
    assert!(!home.contains("rectifications/") && !home.contains("整改台账"), "the home page links to a ledger");
}
