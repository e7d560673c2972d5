//! What an office keyboard produces, and nothing unfinished published (SPEC §1, §3, §4): the
//! date forms and full-width digits read as values, the full-width colon, the list item holding
//! ，or 、, a reference by title, the `待填写` marker and empty scores, unknown folders, and
//! template loops. Each case names its exact `path:line:col` headline (columns count
//! characters; front matter starts at line 2); fixtures are under `tests/fixtures/office/` and
//! `tests/fixtures/errors/`.

mod common;

use common::*;

fn site_json(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("data/site.json")).expect("site.json")).expect("site.json is JSON")
}

// ---------------------------------------------------------------------------------------------
// Dates and numbers as offices type them

#[test]
fn office_date_forms_and_full_width_digits_read_as_values() {
    // `2025年3月5日`, `2021/6/1`, `2025.7.15`, `form: ２` and `１３．５` build clean, and read as
    // the same values as `2025-03-05`, `2021-06-01`, `2`, `13.5`.
    let site = copy_fixture("office/forms");
    let r = check(site.path(), &["--strict"]);
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let data = site_json(&out);
    assert_eq!(data["cases"][0]["date"], "2025-03-05", "{}", data["cases"]);
    assert_eq!(data["cases"][0]["form"], 2);
    assert_eq!(data["mechanisms"][0]["effective"], "2021-06-01");
    assert_eq!(data["scorecards"][0]["total"], 27.5);
}

// ---------------------------------------------------------------------------------------------
// The full-width colon

#[test]
fn full_width_colon_in_front_matter_is_named_at_the_colon() {
    // `disposition：谈话提醒` on line 6: the error is at the colon (6:12), not on the next line,
    // and says nothing about quoting.
    let r = check_fails("errors/full_width_colon_front_matter", &[]);
    r.assert_headline("content/cases/a.md:6:12: 错误: 字段名后应为英文冒号 `:`, 这里是中文冒号 `：`")
        .assert_stderr_contains("`disposition: 谈话提醒`");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

#[test]
fn full_width_colon_in_a_yaml_file_counts_characters() {
    // `case：a` inside a flow mapping, after seven Chinese characters: column 39 in characters.
    let r = check_fails("errors/full_width_colon_yaml", &[]);
    r.assert_headline("content/scorecards/2025-H1/fx-court.yaml:7:39: 错误: 字段名后应为英文冒号 `:`, 这里是中文冒号 `：`");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}
