//! The rectification ledger of SPEC §10 end to end, over the fixture sites under
//! `tests/fixtures/ledger/`: the state of every item as of a reference date (`--as-of`, else
//! `as_of` in zhengfeng.toml), the exports (`data/site.json`, the CSV bytes, the XLSX read
//! back), every ledger, inspection and model error at its exact location, the audience cut of a
//! withheld source, and the ledger page's contract (`rectifications/index.html`).
//!
//! `ledger/states` is built at two reference dates, chosen so that the items move between
//! states:
//!
//! | item    | found      | deadline   | done       | 2025-11-15 | 2025-12-01 (as_of) |
//! |---------|------------|------------|------------|------------|--------------------|
//! | 2025-01 | 2025-09-26 | 2025-11-15 | —          | open       | overdue            |
//! | 2025-02 | 2025-10-01 | 2025-12-10 | 2025-12-01 | open       | done               |
//! | 2025-03 | 2025-09-01 | 2025-10-31 | 2025-11-20 | overdue    | done-late          |
//! | 2025-04 | 2025-09-26 | 2025-11-20 | 2025-11-20 | open       | done               |
//! | 2025-05 | 2025-11-15 | 2025-11-28 | —          | open       | overdue            |
//! | 2025-06 | 2025-11-20 | 2025-12-31 | —          | (absent)   | open               |
//! | 2025-07 | 2025-12-02 | 2025-12-31 | —          | (absent)   | (absent)           |
//!
//! The boundaries are on purpose: a deadline on the reference date is not yet passed (2025-01
//! at 11-15), an item found on it is known (2025-05 at 11-15), one done on it is done (2025-02
//! at 12-01), and one done on its deadline is not late (2025-04).
//!
//! No test depends on today's date: every build passes `--as-of` or reads the fixture's `as_of`.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::Path;

/// The earlier reference date, given with `--as-of`.
const EARLY: &str = "2025-11-15";

/// Build a copy of a ledger fixture (exit 0) and return its output folder, kept alive with the
/// copy.
fn build_fixture(name: &str, extra: &[&str]) -> (Site, std::path::PathBuf) {
    let site = copy_fixture(&format!("ledger/{name}"));
    let out = site.out("output");
    build(site.path(), &out, extra).assert_code(0);
    (site, out)
}

fn site_json(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("data/site.json")).expect("data/site.json")).expect("valid JSON")
}

/// `(id, state, status, done_on)` of every ledger entry of site.json, in file order.
fn states(json: &Value) -> Vec<(String, String, String, Value)> {
    json["rectifications"]
        .as_array()
        .expect("rectifications array")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["state"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["done_on"].clone(),
            )
        })
        .collect()
}

fn row(id: &str, state: &str, status: &str, done_on: Value) -> (String, String, String, Value) {
    (id.to_string(), state.to_string(), status.to_string(), done_on)
}

/// The ledger as known on 2025-11-15.
fn early_states() -> Vec<(String, String, String, Value)> {
    vec![
        row("2025-01", "open", "open", Value::Null),
        row("2025-02", "open", "open", Value::Null),
        row("2025-03", "overdue", "open", Value::Null),
        row("2025-04", "open", "open", Value::Null),
        row("2025-05", "open", "open", Value::Null),
    ]
}

/// The ledger as known on 2025-12-01.
fn late_states() -> Vec<(String, String, String, Value)> {
    vec![
        row("2025-01", "overdue", "open", Value::Null),
        row("2025-02", "done", "done", json!("2025-12-01")),
        row("2025-03", "done-late", "done", json!("2025-11-20")),
        row("2025-04", "done", "done", json!("2025-11-20")),
        row("2025-05", "overdue", "open", Value::Null),
        row("2025-06", "open", "open", Value::Null),
    ]
}

// ---------------------------------------------------------------------------------------------
// States as of the reference date

// At --as-of 2025-11-15: an item found later is absent, items done later read as open with no
// done_on, and each open item is open or overdue by its deadline (a deadline on the day is open).
#[test]
fn states_at_the_earlier_date() {
    let (_site, out) = build_fixture("states", &["--as-of", EARLY]);
    let json = site_json(&out);
    assert_eq!(states(&json), early_states());
}

// The reference date as an office types it, on the command line and in zhengfeng.toml: the
// same states as 2025-11-15.
#[test]
fn the_reference_date_in_office_forms() {
    for form in ["2025年11月15日", "2025/11/15", "2025.11.15"] {
        let (_site, out) = build_fixture("states", &["--as-of", form]);
        assert_eq!(states(&site_json(&out)), early_states(), "{form}");
    }
}

// At 2025-12-01 every item has moved: open → overdue, done after the earlier date → done or
// done-late with its done_on, found after the earlier date → present.
#[test]
fn states_at_the_later_date() {
    let (_site, out) = build_fixture("states", &["--as-of", "2025-12-01"]);
    let json = site_json(&out);
    assert_eq!(states(&json), late_states());
}

// Without --as-of, the build uses `as_of` from zhengfeng.toml (2025-12-01), and says so in
// site.as_of.
#[test]
fn config_as_of_is_used_without_the_flag() {
    let (_site, out) = build_fixture("states", &[]);
    let json = site_json(&out);
    assert_eq!(json["site"]["as_of"], "2025-12-01");
    assert_eq!(states(&json), late_states());
}

// --as-of wins over `as_of` in zhengfeng.toml, and site.as_of is the flag's date.
#[test]
fn as_of_flag_wins_over_the_config() {
    let (_site, out) = build_fixture("states", &["--as-of", EARLY]);
    let json = site_json(&out);
    assert_eq!(json["site"]["as_of"], EARLY);
    assert_eq!(states(&json), early_states());
}

// What happened after the reference date is in no output file: not the feedback or done date of
// an item done later, nor any trace of an item found later.
#[test]
fn nothing_after_the_reference_date_is_published() {
    let (_site, out) = build_fixture("states", &["--as-of", EARLY]);
    let later = [
        "已召开警示教育大会并通报", // feedback of 2025-02, done 2025-12-01
        "2025-12-01",               // its done date
        "并向县委政法委书面报告",   // feedback of 2025-03, done 2025-11-20
        "已约谈相关人员",           // feedback of 2025-04, done 2025-11-20
        "接处警登记不规范",         // 2025-06, found 2025-11-20
        "2025-06",
        "年底前的问题尚未发现", // 2025-07, found 2025-12-02
        "2025-07",
    ];
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for needle in later {
            assert!(!text.contains(needle), "{path} holds {needle:?}, which is only known after {EARLY}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exports

/// The ledger table of `ledger/states` as of 2025-12-01, without the BOM and line endings.
const LATE_TABLE: [[&str; 12]; 7] = [
    ["编号", "单位代码", "单位", "问题", "来源", "发现日期", "整改时限", "整改责任人", "整改措施", "状态", "办结日期", "办结和反馈情况"],
    ["2025-01", "fx-court", "凤溪县人民法院", "夜间值班人员脱岗, 值班记录补记", "督导检查：国庆节前纪律作风明察暗访", "2025-09-26", "2025-11-15", "分管副院长", "修订值班备勤制度；每周抽查值班记录", "已逾期", "", ""],
    ["2025-02", "fx-court", "凤溪县人民法院", "午间饮酒问题暴露出的日常管理漏洞", "典型案例：某法院干警工作日午间饮酒问题", "2025-10-01", "2025-12-10", "政治处主任", "开展警示教育；落实禁酒令", "已办结", "2025-12-01", "已召开警示教育大会并通报"],
    ["2025-03", "fx-police", "凤溪县公安局", "执法记录仪未按规定使用", "单位自查", "2025-09-01", "2025-10-31", "法制大队长", "逐台检查执法记录仪", "逾期办结", "2025-11-20", "已整改, 并向县委政法委书面报告"],
    ["2025-04", "fx-police", "凤溪县公安局", "窗口单位工作时间玩手机", "督导检查：国庆节前纪律作风明察暗访", "2025-09-26", "2025-11-20", "分管副局长", "明确窗口纪律要求", "已办结", "2025-11-20", "已约谈相关人员"],
    ["2025-05", "fx-court", "凤溪县人民法院", "诉讼服务中心\"冷硬横推\"", "", "2025-11-15", "2025-11-28", "", "", "已逾期", "", ""],
    ["2025-06", "fx-police", "凤溪县公安局", "接处警登记不规范", "群众来信", "2025-11-20", "2025-12-31", "指挥中心主任", "规范接处警登记；每月通报", "整改中", "", ""],
];

// data/rectifications.csv, byte for byte: BOM, CRLF, the header, one row per item in id order,
// a field with a comma or a quote quoted (quotes doubled), measures joined by `；`, the state
// in Chinese, the source in words (kind：title, the text, or empty), empty cells for what an
// open item lacks.
#[test]
fn csv_bytes_are_exact() {
    let (_site, out) = build_fixture("states", &[]);
    let csv = std::fs::read(out.join("data/rectifications.csv")).unwrap();
    let expected = "\u{feff}编号,单位代码,单位,问题,来源,发现日期,整改时限,整改责任人,整改措施,状态,办结日期,办结和反馈情况\r\n\
        2025-01,fx-court,凤溪县人民法院,\"夜间值班人员脱岗, 值班记录补记\",督导检查：国庆节前纪律作风明察暗访,2025-09-26,2025-11-15,分管副院长,修订值班备勤制度；每周抽查值班记录,已逾期,,\r\n\
        2025-02,fx-court,凤溪县人民法院,午间饮酒问题暴露出的日常管理漏洞,典型案例：某法院干警工作日午间饮酒问题,2025-10-01,2025-12-10,政治处主任,开展警示教育；落实禁酒令,已办结,2025-12-01,已召开警示教育大会并通报\r\n\
        2025-03,fx-police,凤溪县公安局,执法记录仪未按规定使用,单位自查,2025-09-01,2025-10-31,法制大队长,逐台检查执法记录仪,逾期办结,2025-11-20,\"已整改, 并向县委政法委书面报告\"\r\n\
        2025-04,fx-police,凤溪县公安局,窗口单位工作时间玩手机,督导检查：国庆节前纪律作风明察暗访,2025-09-26,2025-11-20,分管副局长,明确窗口纪律要求,已办结,2025-11-20,已约谈相关人员\r\n\
        2025-05,fx-court,凤溪县人民法院,\"诉讼服务中心\"\"冷硬横推\"\"\",,2025-11-15,2025-11-28,,,已逾期,,\r\n\
        2025-06,fx-police,凤溪县公安局,接处警登记不规范,群众来信,2025-11-20,2025-12-31,指挥中心主任,规范接处警登记；每月通报,整改中,,\r\n";
    assert_eq!(String::from_utf8(csv).unwrap(), expected);
}

// At the earlier date the CSV holds what was known then: an item done later is 整改中 with no
// 办结 date or feedback, one done later but past its deadline is 已逾期, and 2025-06 is absent.
#[test]
fn csv_at_the_earlier_date() {
    let (_site, out) = build_fixture("states", &["--as-of", EARLY]);
    let csv = String::from_utf8(std::fs::read(out.join("data/rectifications.csv")).unwrap()).unwrap();
    let rows: Vec<&str> = csv.split("\r\n").skip(1).filter(|l| !l.is_empty()).collect();
    assert_eq!(
        rows,
        [
            "2025-01,fx-court,凤溪县人民法院,\"夜间值班人员脱岗, 值班记录补记\",督导检查：国庆节前纪律作风明察暗访,2025-09-26,2025-11-15,分管副院长,修订值班备勤制度；每周抽查值班记录,整改中,,",
            "2025-02,fx-court,凤溪县人民法院,午间饮酒问题暴露出的日常管理漏洞,典型案例：某法院干警工作日午间饮酒问题,2025-10-01,2025-12-10,政治处主任,开展警示教育；落实禁酒令,整改中,,",
            "2025-03,fx-police,凤溪县公安局,执法记录仪未按规定使用,单位自查,2025-09-01,2025-10-31,法制大队长,逐台检查执法记录仪,已逾期,,",
            "2025-04,fx-police,凤溪县公安局,窗口单位工作时间玩手机,督导检查：国庆节前纪律作风明察暗访,2025-09-26,2025-11-20,分管副局长,明确窗口纪律要求,整改中,,",
            "2025-05,fx-court,凤溪县人民法院,\"诉讼服务中心\"\"冷硬横推\"\"\",,2025-11-15,2025-11-28,,,整改中,,",
        ]
    );
}

// data/rectifications.xlsx opens in a reader and holds the same table as the CSV: the three
// date columns as real dates (Excel filters and counts days with them), every other cell text
// (ids such as 2025-01 are not turned into numbers or dates).
#[test]
fn xlsx_holds_the_same_table() {
    use calamine::{Data, Reader, Xlsx};
    let (_site, out) = build_fixture("states", &[]);
    let mut wb: Xlsx<_> = calamine::open_workbook(out.join("data/rectifications.xlsx")).expect("open xlsx");
    let sheet = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&sheet).expect("first sheet");
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) if r == 0 || ![5, 6, 10].contains(&c) => s.clone(),
                    Data::DateTime(d) if r > 0 && [5, 6, 10].contains(&c) => (epoch + chrono::Duration::days(d.as_f64() as i64)).format("%Y-%m-%d").to_string(),
                    other => panic!("row {r}, column {c}: {other:?}"),
                })
                .collect()
        })
        .collect();
    let expected: Vec<Vec<String>> = LATE_TABLE.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(cells, expected);
}

// A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+86…`, `@SUM`, `-2+3`) is
// text in the CSV, kept so by a leading `'`; the xlsx holds it as text anyway.
#[test]
fn csv_cells_are_never_formulas() {
    let site = copy_fixture("ledger/states");
    let ledger = std::fs::read_dir(site.file("content/rectifications")).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(&ledger).unwrap();
    let text = text.replacen("owner: 指挥中心主任", "owner: \"-2+3\"", 1).replacen("problem: 接处警登记不规范", "problem: \"=HYPERLINK(\\\"http://x.example/\\\",\\\"点击\\\")\"", 1);
    std::fs::write(&ledger, text).unwrap();
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let csv = String::from_utf8(std::fs::read(out.join("data/rectifications.csv")).unwrap()).unwrap();
    let row = csv.split("\r\n").find(|l| l.starts_with("2025-06,")).unwrap();
    assert_eq!(row, "2025-06,fx-police,凤溪县公安局,\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"点击\"\")\",群众来信,2025-11-20,2025-12-31,\"'-2+3\",规范接处警登记；每月通报,整改中,,");
}

/// One part of an xlsx (a zip) as text.
fn xlsx_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).expect("xlsx is a zip");
    let mut text = String::new();
    zip.by_name(part).unwrap_or_else(|_| panic!("{part} in {}", path.display())).read_to_string(&mut text).unwrap();
    text
}

// The exports print as an office expects: the ledger on A4 landscape, one page wide, its header
// row on every page, the reference date at the top and page numbers at the foot, each row as
// tall as its wrapped text; a period's ranking one page wide on A4, under the period's name.
#[test]
fn exports_print_on_a4() {
    let (_site, out) = build_fixture("states", &[]);
    let sheet = xlsx_part(&out.join("data/rectifications.xlsx"), "xl/worksheets/sheet1.xml");
    for part in ["paperSize=\"9\"", "orientation=\"landscape\"", "fitToHeight=\"0\"", "<pageSetUpPr fitToPage=\"1\"/>", "统计截至 2025-12-01", "第 &amp;P 页，共 &amp;N 页"] {
        assert!(sheet.contains(part), "the ledger sheet lacks {part}");
    }
    // A row whose text wraps onto more lines is taller than one line.
    assert!(sheet.contains("customHeight=\"1\""), "no row is sized for its text");
    let workbook = xlsx_part(&out.join("data/rectifications.xlsx"), "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles") && workbook.contains("$1:$1"), "the header row is not repeated: {workbook}");

    let site = copy_demo("ranking-print");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let ranking = xlsx_part(&out.join("data/scorecards-2025-H2.xlsx"), "xl/worksheets/sheet1.xml");
    for part in ["paperSize=\"9\"", "<pageSetUpPr fitToPage=\"1\"/>", "2025年下半年考核结果"] {
        assert!(ranking.contains(part), "the ranking sheet lacks {part}");
    }
    assert!(!ranking.contains("landscape"), "eight columns fit a portrait page");
}

// ---------------------------------------------------------------------------------------------
// Errors: exact location, exit 1, nothing written by check or build

/// Run `check` and `build` on a copy of `ledger/<name>`: both exit 1 with this headline as their
/// only error, `check` writes nothing and `build` creates no output folder.
fn fails(name: &str, headline: &str) -> Run {
    let fixture = format!("ledger/{name}");
    let r = check_fails(&fixture, &[]);
    r.assert_headline(headline);
    assert_eq!(r.headlines(), [headline], "one error, and only this one:\n{}", r.stderr);
    let site = copy_fixture(&fixture);
    let out = site.out("output");
    build(site.path(), &out, &[]).assert_code(1).assert_headline(headline);
    assert!(!out.exists(), "a failed build wrote {}", out.display());
    r
}

// A done item without done_on: at its status value.
#[test]
fn done_item_without_done_on() {
    fails("done_without_done_on", "content/rectifications/2025.yaml:6:11: 错误: 已办结 (done) 的整改事项缺少办结日期 done_on");
}

// A done item without feedback: at its status value.
#[test]
fn done_item_without_feedback() {
    fails(
        "done_without_feedback",
        "content/rectifications/2025.yaml:6:11: 错误: 已办结 (done) 的整改事项缺少办结和反馈情况 feedback",
    );
}

// An open item with done_on: at the done_on value.
#[test]
fn open_item_with_done_on() {
    fails("open_with_done_on", "content/rectifications/2025.yaml:7:12: 错误: 整改中 (open) 的事项不应有办结日期 done_on");
}

// A deadline before found_on: at the deadline value, both dates named.
#[test]
fn deadline_before_found_on() {
    fails("deadline_before_found_on", "content/rectifications/2025.yaml:5:13: 错误: 整改时限 2025-09-25 早于发现日期 2025-09-26");
}

// A done_on before found_on: at the done_on value, both dates named.
#[test]
fn done_on_before_found_on() {
    fails("done_on_before_found_on", "content/rectifications/2025.yaml:7:12: 错误: 办结日期 2025-09-20 早于发现日期 2025-09-26");
}

// A status other than open/done (here `overdue`, which the tool works out itself): at the value,
// with a hint that lateness is not written by hand.
#[test]
fn unknown_status() {
    fails(
        "unknown_status",
        "content/rectifications/2025.yaml:6:11: 错误: 整改状态 status 应为 open (整改中) 或 done (已办结), 实际为 \"overdue\"",
    )
    .assert_stderr_contains("提示: 逾期与否由整改时限和统计日期自动判断, 不用写在 status 里");
}

// A ledger item naming an unknown unit: at the unit value, suggesting the nearest id.
#[test]
fn unknown_unit() {
    fails("unknown_unit", "content/rectifications/2025.yaml:2:9: 错误: 引用了不存在的单位 \"fx-cuort\"")
        .assert_stderr_contains("提示: 是否应为 \"fx-court\"?");
}

// In a one-line item, the column counts characters, not bytes: the unit value after seven
// Chinese characters is column 43 (byte 59).
#[test]
fn unknown_unit_column_counts_characters() {
    fails("unknown_unit_flow", "content/rectifications/2025.yaml:1:43: 错误: 引用了不存在的单位 \"fx-cuort\"")
        .assert_stderr_contains("提示: 是否应为 \"fx-court\"?");
}

// A source naming an unknown inspection: at the id inside `{ inspection: ... }`, suggesting
// the nearest.
#[test]
fn unknown_inspection() {
    fails("unknown_inspection", "content/rectifications/2025.yaml:4:25: 错误: 引用了不存在的督导检查 \"national-day-chek\"")
        .assert_stderr_contains("提示: 是否应为 \"national-day-check\"?");
}

// A source naming an unknown case (block style): at the id, suggesting the nearest.
#[test]
fn unknown_case() {
    fails("unknown_case", "content/rectifications/2025.yaml:5:11: 错误: 引用了不存在的案例 \"noon-drinkin\"")
        .assert_stderr_contains("提示: 是否应为 \"noon-drinking\"?");
}

// Two items with one id in two ledger files: at the second, naming both files.
#[test]
fn duplicate_id_across_files() {
    fails("duplicate_id", "content/rectifications/2025-self.yaml:7:7: 错误: 整改事项标识 \"2025-01\" 重复").assert_stderr_contains(
        "提示: content/rectifications/2025-inspections.yaml:1:7 与 content/rectifications/2025-self.yaml 的标识相同",
    );
}

// What an office writes first: a source as plain text, and one item without its `- `. Each
// gets the hint that shows the right form.
#[test]
fn first_drafts_get_the_right_form() {
    let site = copy_fixture("ledger/states");
    let path = "content/rectifications/2025.yaml";
    let text = std::fs::read_to_string(site.file(path)).unwrap();
    site.write(path, text.replacen("source: { inspection: national-day-check }", "source: 单位自查", 1));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("content/rectifications/2025.yaml:5:11: 错误: 来源 source 应写成 { inspection: 检查标识 }、{ case: 案例标识 } 或 { text: 文字说明 } 中的一种");
    r.assert_stderr_contains("提示: 文字说明的来源写成 source: { text: 单位自查 }");
    let first: String = text.split("\n- id: 2025-02").next().unwrap().replacen("- id: 2025-01", "  id: 2025-01", 1);
    site.write(path, format!("{first}\n"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("content/rectifications/2025.yaml:2:3: 错误: 整改台账文件应是事项的列表, 这里是单个键值映射");
    r.assert_stderr_contains("第一个事项也要有 `- `");
}

// Two items with one id in one ledger file: at the second, naming the first's line.
#[test]
fn duplicate_id_in_one_file() {
    let site = copy_fixture("ledger/duplicate_id");
    std::fs::remove_file(site.file("content/rectifications/2025-self.yaml")).unwrap();
    let item = std::fs::read_to_string(site.file("content/rectifications/2025-inspections.yaml")).unwrap();
    site.write("content/rectifications/2025-inspections.yaml", format!("{item}{item}"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("content/rectifications/2025-inspections.yaml:7:7: 错误: 整改事项标识 \"2025-01\" 重复");
    r.assert_stderr_contains("提示: 同一文件中 content/rectifications/2025-inspections.yaml:1:7 已有这个标识");
}

// An unknown field in a ledger item: at the key, suggesting the nearest field.
#[test]
fn unknown_field_in_item() {
    fails("unknown_field", "content/rectifications/2025.yaml:5:3: 错误: 未知字段 \"ownr\"")
        .assert_stderr_contains("提示: 是否应为 \"owner\"?");
}

// An inspection without `inspector`: at the first key of its front matter.
#[test]
fn inspection_without_inspector() {
    fails("inspection_missing_inspector", "content/inspections/national-day-check.md:2:1: 错误: 缺少必填字段 \"inspector\"");
}

// A model whose kind is neither collective/individual nor their labels (先进单位): at the value.
#[test]
fn model_with_invalid_kind() {
    fails(
        "model_invalid_kind",
        "content/models/filing-division.md:5:7: 错误: 典型类别 kind 应为 collective (先进集体) 或 individual (先进个人), 实际为 \"先进单位\"",
    );
}

// A training listing an unknown model: at the list item, suggesting the nearest model.
#[test]
fn training_cites_unknown_model() {
    fails("training_unknown_model", "content/trainings/2025-h2-study.md:4:10: 错误: 引用了不存在的先进典型 \"filing-divison\"")
        .assert_stderr_contains("提示: 是否应为 \"filing-division\"?");
}

// A bad `as_of` in zhengfeng.toml: exit 1 at the value in the file.
#[test]
fn bad_as_of_in_config() {
    fails("bad_as_of_config", "zhengfeng.toml:2:9: 错误: 统计日期 as_of \"2025-13-01\" 不存在: 没有 13 月");
}

// A bad --as-of is a usage error: exit 2 with a message naming the flag, on check and build
// alike, and nothing written.
#[test]
fn bad_as_of_flag() {
    let expected = "错误: 参数 --as-of <YYYY-MM-DD> 的值 '2025-13-01' 无效: 日期 \"2025-13-01\" 不存在: 没有 13 月";
    let site = copy_fixture("ledger/states");
    let before = snapshot(site.root.path());
    let r = check(site.path(), &["--as-of", "2025-13-01"]);
    r.assert_code(2);
    assert_eq!(r.stderr.lines().next(), Some(expected), "{}", r.stderr);
    let out = site.out("output");
    let r = build(site.path(), &out, &["--as-of", "2025-13-01"]);
    r.assert_code(2);
    assert_eq!(r.stderr.lines().next(), Some(expected), "{}", r.stderr);
    assert!(before == snapshot(site.root.path()), "a refused run wrote to the disk");
}

// ---------------------------------------------------------------------------------------------
// Audience

// In a public build, a public item whose source is an internal inspection or case shows only the
// source's kind (site.json `{"inspection": null}`, CSV 督导检查 / 典型案例), a public source keeps
// its id and title, and no output file holds the withheld inspection's or case's title, id,
// body or inspection kind. The internal build of the same site holds all of them, so the scan
// would see a leak.
#[test]
fn public_build_withholds_an_internal_source() {
    let (site, out) = build_fixture("public_source", &["--audience", "public"]);
    let json = site_json(&out);
    let sources: Vec<(&str, &Value)> =
        json["rectifications"].as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap(), &r["source"])).collect();
    assert_eq!(
        sources,
        [
            ("2025-01", &json!({ "inspection": null })),
            ("2025-02", &json!({ "case": null })),
            ("2025-03", &json!({ "inspection": "cross-check" })),
        ]
    );
    let csv = String::from_utf8(std::fs::read(out.join("data/rectifications.csv")).unwrap()).unwrap();
    let source_column: Vec<&str> = csv.split("\r\n").skip(1).filter(|l| !l.is_empty()).map(|l| l.split(',').nth(4).unwrap()).collect();
    assert_eq!(source_column, ["督导检查", "典型案例", "督导检查：全县政法单位交叉检查"]);

    let withheld = ["深夜突击暗访值班备勤情况", "night-duty-check", "暗访发现一名值班干警脱岗", "明察暗访", "某所长违规接受管理服务对象宴请问题", "banquet", "某所长接受管理服务对象宴请"];
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for needle in withheld {
            assert!(!text.contains(needle), "the public build's {path} holds {needle:?}");
        }
    }
    let internal = site.out("internal");
    build(site.path(), &internal, &[]).assert_code(0);
    let all: String = files(&internal).values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    for needle in withheld {
        assert!(all.contains(needle), "the internal build should hold {needle:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The ledger page (rectifications/index.html): its contract with the page family

/// The ledger page of `ledger/states` built with these arguments.
fn ledger_page(extra: &[&str]) -> String {
    let (_site, out) = build_fixture("states", extra);
    let path = out.join("rectifications/index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The opening tag of an item's row, as the page contract writes it.
fn row_tag(id: &str, state: &str, unit: &str, source: &str) -> String {
    format!("<tr id=\"{id}\" data-state=\"{state}\" data-unit=\"{unit}\" data-source=\"{source}\">")
}

/// Where the row of `id` starts on the page.
fn row_at(page: &str, id: &str) -> usize {
    page.find(&format!("<tr id=\"{id}\" ")).unwrap_or_else(|| panic!("no row for {id}"))
}

// At 2025-11-15 each row carries the item's state, unit and kind of source, the item found
// later has no row, and the page says 统计截至 2025年11月15日.
#[test]
fn page_rows_at_the_earlier_date() {
    let page = ledger_page(&["--as-of", EARLY]);
    for tag in [
        row_tag("2025-01", "open", "fx-court", "inspection"),
        row_tag("2025-02", "open", "fx-court", "case"),
        row_tag("2025-03", "overdue", "fx-police", "text"),
        row_tag("2025-04", "open", "fx-police", "inspection"),
        row_tag("2025-05", "open", "fx-court", "none"),
    ] {
        assert!(page.contains(&tag), "missing {tag}");
    }
    assert!(!page.contains("<tr id=\"2025-06\""), "2025-06 was found after the reference date");
    assert!(page.contains("统计截至 2025年11月15日"));
}

// At 2025-12-01 (the config's as_of) each row carries its new state, and the page says
// 统计截至 2025年12月1日 (no leading zero).
#[test]
fn page_rows_at_the_config_date() {
    let page = ledger_page(&[]);
    for tag in [
        row_tag("2025-01", "overdue", "fx-court", "inspection"),
        row_tag("2025-02", "done", "fx-court", "case"),
        row_tag("2025-03", "done-late", "fx-police", "text"),
        row_tag("2025-04", "done", "fx-police", "inspection"),
        row_tag("2025-05", "overdue", "fx-court", "none"),
        row_tag("2025-06", "open", "fx-police", "text"),
    ] {
        assert!(page.contains(&tag), "missing {tag}");
    }
    assert!(!page.contains("<tr id=\"2025-07\""), "2025-07 was found after the reference date");
    assert!(page.contains("统计截至 2025年12月1日"));
}

// Overdue rows come first, then open rows, then closed ones (done and done-late).
#[test]
fn page_orders_overdue_then_open_then_closed() {
    let page = ledger_page(&[]);
    let overdue = ["2025-01", "2025-05"].map(|id| row_at(&page, id));
    let open = row_at(&page, "2025-06");
    let closed = ["2025-02", "2025-03", "2025-04"].map(|id| row_at(&page, id));
    assert!(overdue.iter().all(|&o| o < open), "overdue rows before the open row");
    assert!(closed.iter().all(|&c| c > open), "closed rows after the open row");
}

// Open rows are in deadline order (SPEC §10: "then open by deadline"), after the overdue row.
#[test]
fn page_orders_open_rows_by_deadline() {
    let page = ledger_page(&["--as-of", EARLY]);
    // Deadlines: 2025-01 11-15, 2025-04 11-20, 2025-05 11-28, 2025-02 12-10; 2025-03 overdue.
    let order = ["2025-03", "2025-01", "2025-04", "2025-05", "2025-02"].map(|id| row_at(&page, id));
    assert!(order.windows(2).all(|w| w[0] < w[1]), "rows out of order: {order:?}");
}

// A ledger file is read item by item: one item with an error of its own does not hide the
// other items' errors (an unknown unit), so one run lists them all.
#[test]
fn one_faulty_item_hides_no_other_items_errors() {
    let site = copy_fixture("ledger/states");
    site.write(
        "content/rectifications/more.yaml",
        "- id: x-a\n  unit: nosuch\n  problem: 甲\n  found_on: 2025-02-10\n  deadline: 2025-03-10\n  status: open\n\
         - id: x-b\n  unit: fx-police\n  problem: 乙\n  found_on: 2025-02-10\n  deadline: 2025-03-10\n  status: done\n  done_on: 2025-03-01\n",
    );
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_stderr_contains("content/rectifications/more.yaml:2:9: 错误: 引用了不存在的单位 \"nosuch\"");
    r.assert_stderr_contains("content/rectifications/more.yaml:12:11: 错误: 已办结 (done) 的整改事项缺少办结和反馈情况 feedback");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
}

// What an office writes for the two states reads as them (已完成 for done, 未完成 for open);
// any other word is named with the two to write.
#[test]
fn status_in_office_words() {
    let site = copy_fixture("ledger/states");
    let ledger = site.file("content/rectifications/2025.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, text.replace("status: done\n", "status: 已完成\n").replace("status: open\n", "status: 未完成\n")).unwrap();
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    assert_eq!(states(&site_json(&out)), late_states());
    std::fs::write(&ledger, text.replacen("status: done\n", "status: 已处理\n", 1)).unwrap();
    check(site.path(), &[]).assert_code(1).assert_stderr_contains("提示: 未办结的写 open (整改中), 已办结的写 done (已办结)");
}

// A date Excel cannot hold (a typo: year 1025) is no reason to stop a build: the workbook
// holds it as the text it is.
#[test]
fn a_date_excel_cannot_hold_stays_text_in_the_workbook() {
    use calamine::{Data, Reader, Xlsx};
    let site = copy_fixture("ledger/states");
    let ledger = site.file("content/rectifications/2025.yaml");
    let text = std::fs::read_to_string(&ledger).unwrap();
    std::fs::write(&ledger, text.replacen("found_on: 2025-09-26", "found_on: 1025-09-26", 1)).unwrap();
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let mut wb: Xlsx<_> = calamine::open_workbook(out.join("data/rectifications.xlsx")).expect("open xlsx");
    let sheet = wb.sheet_names().first().cloned().unwrap();
    let range = wb.worksheet_range(&sheet).unwrap();
    assert!(range.rows().any(|r| r.get(5) == Some(&Data::String("1025-09-26".into()))), "{range:?}");
}
