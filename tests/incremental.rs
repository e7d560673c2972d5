//! Incremental rebuilds (`zhengfeng::incremental`, what `serve` runs on every change): after each
//! edit of a sequence — a case's body, its title and date, a mechanism's title, a unit's name, a
//! score, a link to a case that does not exist yet, adding that case, deleting a case, a
//! template override, a content error and its fix — the incremental output is byte for byte the
//! output of a fresh full `build::run` of the same files. Run for an internal and a public build
//! (which sanitises bodies and withholds internal items).
//!
//! The latency benchmark on a large site is `examples/incremental_bench.rs`.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zhengfeng::build::{self, Options};
use zhengfeng::diag::Diagnostics;
use zhengfeng::incremental::State;
use zhengfeng::model::Audience;
use zhengfeng::output::Bytes;

/// A copy of the demo site's sources (not its output) in a temp folder.
fn demo_copy(label: &str) -> (TempDir, PathBuf) {
    let demo = demo_site();
    let root = TempDir::new(label);
    let site = root.join("site");
    for part in ["content", "static", "themes"] {
        copy_tree(&demo.join(part), &site.join(part));
    }
    std::fs::copy(demo.join("zhengfeng.toml"), site.join("zhengfeng.toml")).unwrap();
    (root, site)
}

fn full(site: &Path, opts: &Options) -> Option<BTreeMap<String, Bytes>> {
    build::run(site, opts, &mut Diagnostics::new()).unwrap().map(|b| b.output.files)
}

/// Rebuild incrementally after `changed` and compare with a full build.
fn step(state: &mut State, site: &Path, opts: &Options, what: &str, changed: &[PathBuf]) {
    let mut first_pages: BTreeMap<String, Bytes> = BTreeMap::new();
    let mut first = |pages: &[zhengfeng::output::Page]| first_pages.extend(pages.iter().cloned());
    let mut early_pages: Option<BTreeMap<String, Bytes>> = None;
    let mut early = |pages: &[zhengfeng::output::Page]| early_pages = Some(pages.iter().cloned().collect());
    let inc = state
        .rebuild_staged(changed, &mut Diagnostics::new(), Some(&mut first), Some(&mut early))
        .unwrap()
        .map(|b| b.output.files);
    let want = full(site, opts);
    match (&inc, &want) {
        (Some(inc), Some(want)) => {
            let differ: std::collections::BTreeSet<&String> = want.keys().chain(inc.keys()).filter(|k| inc.get(*k) != want.get(*k)).take(10).collect();
            assert!(differ.is_empty(), "after {what}: the incremental output differs from a full build at {differ:?}");
            // The early pages are final: each is the page of the full build.
            let early = early_pages.expect("the pages were handed over early");
            assert!(early.contains_key("index.html"), "after {what}");
            for (path, bytes) in &early {
                assert_eq!(Some(bytes), want.get(path), "after {what}: early page {path} is not final");
            }
            // So are the pages of the edited items, handed over before all others.
            for (path, bytes) in &first_pages {
                assert_eq!(Some(bytes), want.get(path), "after {what}: first page {path} is not final");
            }
            let edited_item = changed.iter().any(|p| {
                let s = p.to_string_lossy();
                (s.contains("content/cases/") || s.contains("content/mechanisms/")) && p.exists()
            });
            // (In a public build the edited item may be internal, and have no page at all.)
            if edited_item && opts.audience != Some(Audience::Public) {
                assert!(!first_pages.is_empty(), "after {what}: the edited item's page came first");
            }
        }
        (None, None) => {}
        _ => panic!("after {what}: incremental {} but full build {}", ok(&inc), ok(&want)),
    }
}

fn ok<T>(o: &Option<T>) -> &'static str {
    if o.is_some() { "succeeded" } else { "failed" }
}

fn edit(path: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    path.to_path_buf()
}

fn edits_match_a_full_build(audience: Audience) {
    let (_root, site) = demo_copy("incremental");
    let opts = Options { audience: Some(audience), ..Options::default() };
    let c = |name: &str| site.join("content/cases").join(name);
    let mut state = State::new(&site, &opts);
    step(&mut state, &site, &opts, "the first (full) rebuild", &[]);

    // Nothing changed: every page is reused.
    step(&mut state, &site, &opts, "no change", &[]);
    assert_eq!(state.stats().pages_rendered, 0, "{:?}", state.stats());

    // A public case, so that both builds show it.
    let p = edit(&c("fx-justice-reception.md"), "## 基本案情\n", "## 基本案情\n\n新增的一段案情说明。\n");
    step(&mut state, &site, &opts, "a case body edit", &[p]);
    let s = state.stats();
    assert!(s.pages_reused > s.pages_rendered && s.bodies_rendered == 1, "{s:?}");

    let banquet = c("fx-court-banquet.md");

    let p = edit(&banquet, "date: 2024-04-18", "date: 2019-03-02");
    edit(&banquet, "title: 凤溪县人民法院", "title: 凤溪县法院");
    step(&mut state, &site, &opts, "a case title and date edit", &[p]);

    let p = edit(&site.join("content/mechanisms/supervision.md"), "title: 纪律作风监督检查机制", "title: 纪律作风监督检查制度");
    step(&mut state, &site, &opts, "a mechanism title edit", &[p]);

    // A bundle's photo replaced and a file added to static/: the output holds the new bytes.
    let photo = site.join("content/cases/yl-police-workday-drinking/警示教育大会现场.png");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\nnew bytes").unwrap();
    let notice = site.join("static/files/新通知.pdf");
    std::fs::write(&notice, b"%PDF-1.4 new").unwrap();
    step(&mut state, &site, &opts, "a bundle file and a static file changed", &[photo, notice]);
    let files = full(&site, &opts).expect("the demo builds");
    assert_eq!(files.get("files/新通知.pdf").map(|b| b.as_slice()), Some(&b"%PDF-1.4 new"[..]));

    // The 2025-H1 workbook names each unit as well as its code, so a renamed unit is an error
    // there until the workbook follows: the two runs must agree on that too. Then the name is
    // put back, and the site builds again.
    let p = edit(&site.join("content/units.yaml"), "name: 示例州中级人民法院", "name: 示例州中院");
    step(&mut state, &site, &opts, "a unit name edit", &[p]);
    let p = edit(&site.join("content/units.yaml"), "name: 示例州中院", "name: 示例州中级人民法院");
    step(&mut state, &site, &opts, "a unit name put back", &[p]);
    assert!(full(&site, &opts).is_some(), "the demo builds again");

    let p = edit(&site.join("content/scorecards/2025-H2/bs-court.yaml"), "leadership: 12.5", "leadership: 9.5");
    step(&mut state, &site, &opts, "a score edit", &[p]);

    // A link to a case that does not exist yet, then the case: the linking body must change.
    let p = edit(&c("yl-court-gift.md"), "## 基本案情\n", "## 基本案情\n\n另见[新案例](@/cases/new-case.md)。\n");
    step(&mut state, &site, &opts, "a link to a missing case", &[p]);
    let new_case = c("new-case.md");
    let text = std::fs::read_to_string(&banquet).unwrap().replacen("title: 凤溪县法院", "title: 新增案例", 1).replacen("audience: internal", "audience: public", 1);
    std::fs::write(&new_case, text).unwrap();
    step(&mut state, &site, &opts, "adding a case", std::slice::from_ref(&new_case));

    std::fs::remove_file(c("bs-court-case-interference.md")).unwrap();
    step(&mut state, &site, &opts, "deleting a case", &[c("bs-court-case-interference.md")]);

    // A site template overrides the theme's.
    let templates = site.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let case_html = std::fs::read_to_string(site.join("themes/default/templates/case.html")).unwrap();
    assert!(case_html.contains("{% endblock"), "case.html has blocks");
    std::fs::write(templates.join("case.html"), case_html.replacen("{% endblock", "<!-- 覆盖模板 -->{% endblock", 1)).unwrap();
    step(&mut state, &site, &opts, "a template override", &[templates.join("case.html")]);

    // A content error fails both ways; fixing it builds again.
    let broken = edit(&new_case, "date: ", "date: 不是日期");
    step(&mut state, &site, &opts, "a content error", std::slice::from_ref(&broken));
    edit(&new_case, "date: 不是日期", "date: ");
    step(&mut state, &site, &opts, "fixing the error", &[broken]);

    // A change nobody reported is still seen (by size and modification time).
    edit(&c("yl-justice-business.md"), "## 基本案情\n", "## 基本案情\n\n未经通知的修改。\n");
    step(&mut state, &site, &opts, "an unreported edit", &[]);
}

#[test]
fn internal_edits_match_a_full_build() {
    edits_match_a_full_build(Audience::Internal);
}

#[test]
fn public_edits_match_a_full_build() {
    edits_match_a_full_build(Audience::Public);
}
