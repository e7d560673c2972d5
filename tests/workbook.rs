//! Scores from an Excel workbook (SPEC §11): a workbook period reads as the same data in YAML
//! does, every problem is reported at its cell with the cell's value, `new workbook` writes a
//! workbook that builds once filled in, and the period's export holds the detail sheets.
//!
//! Workbooks are written here with rust_xlsxwriter and read back with calamine, as a
//! spreadsheet program would write and read them.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::Path;

/// A cell as a test writes it.
#[derive(Clone)]
enum V {
    /// Nothing written.
    E,
    S(&'static str),
    N(f64),
    /// A formula with the value its program last computed.
    F(&'static str, &'static str),
    /// A date cell.
    D(u16, u8, u8),
}
use V::*;

/// Write a workbook of these sheets, each a list of rows.
fn xlsx(sheets: &[(&str, Vec<Vec<V>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    E => {}
                    S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    N(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    F(f, result) => {
                        ws.write_formula(r, c, Formula::new(*f).set_result(*result)).unwrap();
                    }
                    D(y, m, d) => {
                        ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const WORKBOOK: &str = "content/scorecards/2025-H2/考核评分表.xlsx";
/// The workbook as messages name it.
const SHOWN: &str = WORKBOOK;

/// How many headlines a run has besides the warnings for duties without a column: the small
/// workbooks of the tests about other cells have none (that warning has a test of its own).
fn headlines_besides_duty_columns(r: &Run) -> usize {
    r.headlines().iter().filter(|h| !h.contains("评分表没有履职要求")).count()
}

/// The fixture with its 2025-H2 YAML scorecards taken out, in a fresh folder.
fn without_h2_yaml() -> Site {
    let site = copy_fixture("workbook/site");
    for unit in ["a", "b", "c", "d"] {
        std::fs::remove_file(site.file(&format!("content/scorecards/2025-H2/{unit}.yaml"))).unwrap();
    }
    site
}

/// The fixture's 2025-H2 YAML scorecards as a workbook, written the many ways an office
/// writes one: numbers as text, full-width digits, a formula, a date as text, a header by id,
/// full-width brackets, a unit by name only, and sheets in another order.
fn h2_workbook() -> Vec<u8> {
    xlsx(&[
        (
            "评分",
            vec![
                vec![S("2025年下半年考核评分表")],
                vec![
                    S("序号"),
                    S("单位代码"),
                    S("单位"),
                    S("领导责任落实(15)"),
                    S("学习教育（10）"),
                    S("supervision"),
                    S("满意度"),
                    S("每半年至少开展\n一次作风评议"),
                    S("yr"),
                    S("考评日期"),
                    S("考评组"),
                    S("考评意见"),
                ],
                vec![N(1.0), S("a"), S("甲县人民法院"), N(12.5), N(9.0), N(18.0), S("92.5"), N(1.0), N(1.0), D(2026, 1, 15), S("州委政法委考评组"), S("学习教育扎实, 监督有待加强。")],
                vec![N(2.0), S("b"), E, S("１３．５"), N(8.5), F("=8.5*2", "17"), E, N(1.0), N(0.0), S("2026年1月15日"), S("州委政法委考评组"), E],
                vec![N(3.0), E, S("丙县公安局"), N(14.0), N(9.5), N(19.0), N(95.0), N(2.0), N(1.0), S("2026-01-16"), S("县委政法委考评组"), E],
                vec![N(4.0), S("d"), S("丁县公安局"), N(13.0), N(8.0), N(17.5), N(88.0), N(1.0), N(1.0), D(2026, 1, 16), S("县委政法委考评组"), S("一票否决。")],
                vec![],
                vec![E, E, S("填表人: 某某")],
            ],
        ),
        ("填表说明", vec![vec![S("本表由考评组填写。")]]),
        ("一票否决", vec![vec![S("单位代码"), S("事由")], vec![S("d"), S("发生严重违纪违法案件")]]),
        (
            "扣分",
            vec![
                vec![S("单位代码"), S("单位"), S("分值"), S("事由"), S("案例")],
                vec![E, S("甲县人民法院"), N(2.0), S("1名干警违规接受宴请被通报"), S("banquet")],
                vec![S("d"), E, N(1.0), S("值班人员脱岗"), E],
            ],
        ),
        (
            "加分",
            vec![
                vec![S("单位"), S("分值"), S("事由"), S("案例"), S("典型")],
                vec![S("丙县公安局"), N(2.0), S("户籍窗口获评文明服务窗口"), E, S("window")],
                vec![S("丙县公安局"), S("1.5"), S("经验做法被省级推广"), E, E],
            ],
        ),
    ])
}

fn site_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("data/site.json")).unwrap()).unwrap()
}

// A workbook period and the same data in YAML give byte-identical scorecards in site.json,
// the same CSV, and the same pages.
#[test]
fn a_workbook_reads_as_the_same_yaml() {
    let yaml = copy_fixture("workbook/site");
    build(yaml.path(), &yaml.out("out"), &[]).assert_code(0);
    let wb = without_h2_yaml();
    wb.write(WORKBOOK, h2_workbook());
    let run = build(wb.path(), &wb.out("out"), &[]);
    run.assert_code(0);
    assert!(run.headlines().is_empty(), "no warning expected:\n{}", run.stderr);

    let (a, b) = (site_json(&yaml.out("out")), site_json(&wb.out("out")));
    let cards = |j: &serde_json::Value| serde_json::to_string_pretty(&j["scorecards"]).unwrap();
    assert_eq!(cards(&a), cards(&b));
    assert_eq!(a["scorecards"].as_array().unwrap().iter().filter(|s| s["period"] == "2025-H2").count(), 4);
    let csv = |s: &Site| std::fs::read(s.out("out").join("data/scorecards-2025-H2.csv")).unwrap();
    assert_eq!(csv(&yaml), csv(&wb));
    // Pages show what the scorecards hold (comments, assessors, deductions): all the same.
    let pages = |s: &Site| {
        let mut files = files(&s.out("out"));
        files.retain(|k, _| k.ends_with(".html"));
        files
    };
    let (pa, pb) = (pages(&yaml), pages(&wb));
    let differing: Vec<&String> = pa.keys().filter(|k| pa.get(*k) != pb.get(*k)).collect();
    assert!(differing.is_empty(), "pages differ: {differing:?}");
}

// A unit renamed after a half-year is over: that half-year's workbook keeps the old name. The
// score sheet's row is read by its code, with a warning; the detail sheets' rows naming the old
// name are the same unit's. In the current half-year the same mismatch stays an error.
#[test]
fn a_closed_workbook_keeps_the_name_a_unit_had_then() {
    let yaml = copy_fixture("workbook/site");
    build(yaml.path(), &yaml.out("out"), &[]).assert_code(0);
    let wb = without_h2_yaml();
    wb.write(WORKBOOK, h2_workbook());
    let units = std::fs::read_to_string(wb.path().join("content/units.yaml")).unwrap();
    wb.write("content/units.yaml", units.replace("甲县人民法院", "甲县法院"));
    check(wb.path(), &[]).assert_code(1).assert_headline(&format!("{SHOWN}:评分!C3: 错误: 单位名称 \"甲县人民法院\" 与单位代码 a 不符"));
    let config = std::fs::read_to_string(wb.path().join("zhengfeng.toml")).unwrap();
    wb.write("zhengfeng.toml", format!("current_period = \"2026-H1\"\n{config}"));
    let run = build(wb.path(), &wb.out("out"), &[]);
    run.assert_code(0).assert_headline(&format!("{SHOWN}:评分!C3: 警告: 单位名称 \"甲县人民法院\" 与单位代码 a 在单位名录中的名称 \"甲县法院\" 不同"));
    assert_eq!(run.headlines().len(), 1, "{}", run.stderr);
    let card = |out: &Path| {
        let json = site_json(out);
        json["scorecards"].as_array().unwrap().iter().find(|s| s["period"] == "2025-H2" && s["unit"] == "a").unwrap().clone()
    };
    let (then, now) = (card(&yaml.out("out")), card(&wb.out("out")));
    assert_eq!(now["total"], then["total"], "the 扣分 row naming 甲县人民法院 still counts");
    assert_eq!(now["deductions"], then["deductions"]);
    // Two rows' codes swapped: each name is another unit's name now, an error even in a closed
    // half-year (the scores would go to the wrong unit).
    let header = || vec![S("单位代码"), S("单位"), S("领导责任落实"), S("学习教育"), S("日常监督")];
    wb.write(
        WORKBOOK,
        xlsx(&[("评分", vec![header(), vec![S("a"), S("乙县人民法院"), N(12.0), N(9.0), N(18.0)], vec![S("b"), S("甲县法院"), N(11.0), N(8.0), N(17.0)]])]),
    );
    check(wb.path(), &[]).assert_code(1).assert_headline(&format!("{SHOWN}:评分!B2: 错误: 单位名称 \"乙县人民法院\" 与单位代码 a 不符"));
}

// One run lists a cell's error and a row naming a unit the site does not have (found by the
// reference check): fixing the first does not bring up the second. A unit's code in the 单位
// column of a detail sheet names the unit.
#[test]
fn a_workbooks_cell_errors_and_unknown_units_come_in_one_run() {
    let site = without_h2_yaml();
    let header = || vec![S("单位代码"), S("单位"), S("领导责任落实"), S("学习教育"), S("日常监督")];
    site.write(
        WORKBOOK,
        xlsx(&[
            (
                "评分",
                vec![
                    header(),
                    vec![S("a"), S("甲县人民法院"), N(12.55), N(9.0), N(18.0)],
                    vec![S("b"), S("乙县人民法院"), N(12.0), N(9.0), N(18.0)],
                    vec![S("x-procuratorate"), S("某县人民检察院"), N(10.0), N(8.0), N(15.0)],
                ],
            ),
            ("扣分", vec![vec![S("单位"), S("分值"), S("事由")], vec![S("b"), N(1.0), S("材料报送不及时")]]),
        ]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1)
        .assert_headline(&format!("{SHOWN}:评分!C2: 错误: \"领导责任落实\" 得分 12.55 超过一位小数"))
        .assert_headline(&format!("{SHOWN}:评分!A4: 错误: 引用了不存在的单位 \"x-procuratorate\""))
        .assert_stderr_contains("若是新设立的单位, 请先把它加入 content/units.yaml");
    assert_eq!(headlines_besides_duty_columns(&r), 2, "{}", r.stderr);
}

// Problems found while reading a workbook: each at its cell, with the cell's value shown.
#[test]
fn reading_errors_name_the_cell() {
    let site = without_h2_yaml();
    site.write(
        WORKBOOK,
        xlsx(&[
            (
                "评分",
                vec![
                    vec![S("单位代码"), S("单位"), S("领导责任落实(15)"), S("学习教育"), S("日常监督"), S("满意度"), S("每半年至少开展一次作风评议"), S("考评日期"), S("备注")],
                    vec![S("a"), S("甲县人民法院"), N(12.0), E, N(13.55), E, E, E, S("x")],
                    vec![S("b"), S("丙县人民法院"), S("十二"), N(9.0), N(18.0), N(101.0), N(1.5), S("明年"), E],
                    vec![E, S("己县法院"), N(1.0), N(1.0), N(1.0), E, E, E, E],
                    vec![S("c"), S("丙县公安局"), N(14.0), N(9.0), F("=1/0", "#DIV/0!"), E, E, E, E],
                    vec![S("d"), S("丁县公安局"), E, E, E, E, E, E, E],
                    vec![S("e"), S("戊县司法局"), N(1.0), N(1.0), N(1.0), E, E, E, E],
                    vec![],
                    vec![S("x"), E, N(9.0), N(9.0), N(9.0)],
                ],
            ),
            (
                "扣分",
                vec![
                    vec![S("单位"), S("分值"), S("事由"), S("案例")],
                    vec![S("戊县司法局"), N(0.0), E, S("某法院干警违规接受宴请问题")],
                    vec![S("乙县人民法院"), N(1.0), S("x"), E],
                ],
            ),
            ("一票否决", vec![vec![S("单位")], vec![S("戊县司法局")]]),
        ]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1);
    for headline in [
        format!("{SHOWN}:评分!D2: 错误: \"学习教育\" 得分尚未填写"),
        format!("{SHOWN}:评分!E2: 错误: \"日常监督\" 得分 13.55 超过一位小数"),
        format!("{SHOWN}:评分!I1: 警告: 不认识的表头 \"备注\", 这一列没有读取"),
        format!("{SHOWN}:评分!B3: 错误: 单位名称 \"丙县人民法院\" 与单位代码 b 不符"),
        format!("{SHOWN}:评分!C3: 错误: \"领导责任落实\" 得分应为数字, 实际为 \"十二\""),
        format!("{SHOWN}:评分!F3: 错误: 满意度应在 0 到 100 之间, 实际为 101"),
        format!("{SHOWN}:评分!G3: 错误: 完成次数应为不小于 0 的整数, 实际为 \"1.5\""),
        format!("{SHOWN}:评分!H3: 错误: 考评日期 \"明年\" 无效"),
        format!("{SHOWN}:评分!B4: 错误: 单位名录中没有名为 \"己县法院\" 的单位"),
        format!("{SHOWN}:评分!E5: 错误: \"日常监督\" 得分: 单元格是错误值 #DIV/0!, 应为数字"),
        format!("{SHOWN}:评分!C6: 错误: 这个单位的各项得分都尚未填写"),
        format!("{SHOWN}:评分!A9: 错误: 这一行没有读取: \"评分\"表在第 8 行结束 (单位一栏为空)"),
        format!("{SHOWN}:扣分!B2: 错误: 扣分分值应大于 0"),
        format!("{SHOWN}:扣分!C2: 错误: 扣分事由尚未填写"),
        format!("{SHOWN}:扣分!D2: 错误: 案例标识 \"某法院干警违规接受宴请问题\" 无效"),
        format!("{SHOWN}:一票否决!A1: 错误: \"一票否决\"表缺少 \"事由\" 一列"),
    ] {
        r.assert_headline(&headline);
    }
    r.assert_stderr_contains("请填写阿拉伯数字");
    // A case's title where its id goes: told whose id to write, as in YAML.
    r.assert_stderr_contains("这是案例的标题; 引用要写它的标识 (id): banquet");
    // The cell's value is shown under its headline.
    r.assert_stderr_contains(&format!("{SHOWN}:评分!E2: 错误: \"日常监督\" 得分 13.55 超过一位小数\n E2 | 13.55\n"));
    r.assert_stderr_contains(&format!("{SHOWN}:评分!D2: 错误: \"学习教育\" 得分尚未填写\n D2 | (空白)\n"));
}

// A row whose unit was left out ends the table, but not in silence: it and the rows after it
// would be lost, so it is an error, and so is a blank row with units after it, in every sheet.
#[test]
fn a_row_without_its_unit_is_named() {
    let site = without_h2_yaml();
    let header = || vec![S("单位代码"), S("单位"), S("领导责任落实"), S("学习教育"), S("日常监督")];
    site.write(
        WORKBOOK,
        xlsx(&[("评分", vec![header(), vec![S("a"), E, N(12.0), N(9.0), N(18.0)], vec![E, E, N(11.0), N(8.0), N(17.0)], vec![S("c"), E, N(14.0), N(9.0), N(19.0)]])]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&format!("{SHOWN}:评分!A3: 错误: 这一行填了内容, 但单位一栏为空: \"评分\"表到此结束, 这一行和其后各行没有读取"));
    // A blank row put in to group the units, in the scores and in the deductions.
    let deductions = vec![vec![S("单位代码"), S("分值"), S("事由")], vec![S("a"), N(2.0), S("x")], vec![E, E, E], vec![S("c"), N(3.0), S("y")]];
    site.write(
        WORKBOOK,
        xlsx(&[
            ("评分", vec![header(), vec![S("a"), E, N(12.0), N(9.0), N(18.0)], vec![E, E, E, E, E], vec![S("c"), E, N(14.0), N(9.0), N(19.0)]]),
            ("扣分", deductions),
        ]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1);
    r.assert_headline(&format!("{SHOWN}:评分!A4: 错误: 这一行没有读取: \"评分\"表在第 3 行结束 (单位一栏为空)"));
    r.assert_headline(&format!("{SHOWN}:扣分!A4: 错误: 这一行没有读取: \"扣分\"表在第 3 行结束 (单位一栏为空)"));
    r.assert_stderr_contains("删除第 3 行");
    // Below a blank row, a sign-off line is no unit's data: it may stay.
    site.write(
        WORKBOOK,
        xlsx(&[(
            "评分",
            vec![
                header(),
                vec![S("a"), E, N(12.0), N(9.0), N(18.0)],
                vec![S("b"), E, N(13.0), N(9.0), N(18.0)],
                vec![S("c"), E, N(14.0), N(9.0), N(19.0)],
                vec![S("d"), E, N(11.0), N(8.0), N(17.0)],
                vec![S("e"), E, N(10.0), N(8.0), N(16.0)],
                vec![E, E, E, E, E],
                vec![S("填表人：张三"), S("审核人：李四"), E, E, E],
            ],
        )]),
    );
    check(site.path(), &[]).assert_code(0);
}

// 满意度 in a cell formatted as a percentage is stored as 0.9 for 90%: an error that says so,
// never a published 0.9 %.
#[test]
fn a_satisfaction_formatted_as_a_percentage_is_named() {
    let site = without_h2_yaml();
    let header = || vec![S("单位代码"), S("领导责任落实"), S("学习教育"), S("日常监督"), S("满意度")];
    site.write(WORKBOOK, xlsx(&[("评分", vec![header(), vec![S("a"), N(12.0), N(9.0), N(18.0), N(0.9)], vec![S("b"), N(12.0), S("8，5"), N(18.0), N(88.5)]])]));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&format!("{SHOWN}:评分!E2: 错误: 满意度 0.9 像是百分比格式的 90%"));
    r.assert_stderr_contains("填写 90");
    // A decimal comma (here the full-width one) gets the hint to use a point.
    r.assert_headline(&format!("{SHOWN}:评分!C3: 错误: \"学习教育\" 得分应为数字, 实际为 \"8，5\""));
    r.assert_stderr_contains("小数点请用英文句点: 写成 8.5");
    assert_eq!(headlines_besides_duty_columns(&r), 2, "{}", r.stderr);
}

// The score sheet dragged behind 扣分: said so, naming the sheet to move first.
#[test]
fn the_score_sheet_must_come_first() {
    let site = without_h2_yaml();
    let header = || vec![S("单位代码"), S("领导责任落实"), S("学习教育"), S("日常监督")];
    site.write(
        WORKBOOK,
        xlsx(&[("扣分", vec![vec![S("单位代码"), S("分值"), S("事由")]]), ("评分", vec![header(), vec![S("a"), N(12.0), N(9.0), N(18.0)]])]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&format!("{SHOWN}: 错误: 工作簿的第一个工作表是\"扣分\", 应是填写各单位得分的评分表"));
    r.assert_stderr_contains("把工作表\"评分\"拖到最前面");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

// `待填写` left in any cell that is read (a text, a score, a date, a unit, a reason, a cited
// case) is "尚未填写" at its cell, as in YAML; never a published placeholder.
#[test]
fn placeholders_in_cells_are_unfilled() {
    let site = without_h2_yaml();
    site.write(
        WORKBOOK,
        xlsx(&[
            (
                "评分",
                vec![
                    vec![S("单位代码"), S("领导责任落实"), S("学习教育"), S("日常监督"), S("考评日期"), S("考评组"), S("考评意见"), S("yr")],
                    vec![S("a"), N(12.0), N(9.0), N(18.0), E, S("待填写"), E, E],
                    vec![S("b"), N(12.0), N(9.0), N(18.0), E, E, S("考评意见待填写"), E],
                    vec![S("c"), S("待填写"), N(9.0), N(18.0), S("待填写"), E, E, S("待填写")],
                    vec![S("待填写"), N(12.0), N(9.0), N(18.0), E, E, E, E],
                    vec![S("d"), N(12.0), N(9.0), N(18.0), E, E, E, E],
                ],
            ),
            ("扣分", vec![vec![S("单位代码"), S("分值"), S("事由"), S("案例")], vec![S("d"), N(1.0), S("待填写"), E], vec![S("d"), N(1.0), S("x"), S("待填写")]]),
            ("一票否决", vec![vec![S("单位代码"), S("事由")], vec![S("d"), S("（待填写事由）")]]),
        ]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1);
    let unfilled = |cell: &str, value: &str| format!("{SHOWN}:{cell}: 错误: 尚未填写: \"{value}\"");
    let expected = [
        unfilled("评分!F2", "待填写"),
        unfilled("评分!G3", "考评意见待填写"),
        unfilled("评分!B4", "待填写"),
        unfilled("评分!E4", "待填写"),
        unfilled("评分!H4", "待填写"),
        unfilled("评分!A5", "待填写"),
        unfilled("扣分!C2", "待填写"),
        unfilled("扣分!D3", "待填写"),
        unfilled("一票否决!B2", "（待填写事由）"),
    ];
    for headline in &expected {
        r.assert_headline(headline);
    }
    r.assert_stderr_contains("标着 待填写 的地方都填好以后才能发布");
    // Each once, and nothing else: not also "应为数字" or "无效".
    assert_eq!(headlines_besides_duty_columns(&r), expected.len(), "{}", r.stderr);
}

// A formula written by a script and never computed holds no saved value: said so at its cell,
// with how to get one (open and save the file in Excel or WPS), not "尚未填写".
#[test]
fn a_formula_without_its_value_is_named() {
    let site = without_h2_yaml();
    let bytes = xlsx(&[(
        "评分",
        vec![
            vec![S("单位代码"), S("领导责任落实"), S("学习教育"), S("日常监督"), S("考评意见")],
            vec![S("a"), F("=4+4", "0"), N(9.0), N(18.0), F("=IF(1,\"\",\"x\")", "computed")],
            vec![S("b"), N(12.0), N(9.0), N(18.0), F("=\"工作\"&\"扎实\"", "0")],
        ],
    )]);
    // As a script writes it: the formula alone, no <v> with its value. (E2's formula was
    // computed, to an empty text: an empty cell, as a spreadsheet shows it.)
    site.write(WORKBOOK, with_sheet_xml(&bytes, |xml| xml.replace("</f><v>0</v>", "</f>").replace("<v>computed</v>", "<v></v>")));
    let r = check(site.path(), &[]);
    r.assert_code(1);
    r.assert_headline(&format!("{SHOWN}:评分!B2: 错误: 单元格中的公式 =4+4 没有保存计算结果, 读不到它的值"));
    r.assert_stderr_contains(" B2 | =4+4\n");
    r.assert_stderr_contains("用 Excel 或 WPS 打开它, 保存一次");
    r.assert_headline(&format!("{SHOWN}:评分!E3: 错误: 单元格中的公式 =\"工作\"&\"扎实\" 没有保存计算结果, 读不到它的值"));
    assert!(!r.stderr.contains("尚未填写"), "{}", r.stderr);
    assert_eq!(headlines_besides_duty_columns(&r), 2, "{}", r.stderr);
}

// A sheet the reader does not know is not read, never in silence: a warning naming the sheets
// that are read; and a detail sheet under another name (扣分 renamed 扣分情况, a 加分项 beside
// 加分, a 否决 list) is an error, for its rows would be missing from every result. Empty sheets
// and the instructions say nothing.
#[test]
fn sheets_not_read_are_named() {
    let site = without_h2_yaml();
    let scores = || {
        (
            "评分",
            vec![
                vec![S("单位代码"), S("领导责任落实"), S("学习教育"), S("日常监督")],
                vec![S("a"), N(12.0), N(9.0), N(18.0)],
                vec![S("b"), N(12.0), N(9.0), N(18.0)],
            ],
        )
    };
    let notes = ("统计", vec![vec![S("单位代码"), S("备注")], vec![S("a"), S("材料齐全")]]);
    let copied = ("扣分 (2)", vec![vec![S("单位代码"), S("分值"), S("事由")]]);
    site.write(WORKBOOK, xlsx(&[scores(), notes.clone(), copied.clone(), ("Sheet3", vec![]), ("填表说明", vec![vec![S("说明")]])]));
    let r = check(site.path(), &[]);
    r.assert_code(0);
    let not_read = |at: &str, name: &str| format!("{SHOWN}:{at}!A1: 警告: 工作表 \"{name}\" 没有读取: 只读取第一个工作表 (评分表 \"评分\") 和 \"扣分\"、\"加分\"、\"一票否决\"");
    r.assert_headline(&not_read("统计", "统计"));
    r.assert_headline(&not_read("'扣分 (2)'", "扣分 (2)"));
    assert_eq!(headlines_besides_duty_columns(&r), 2, "{}", r.stderr);

    let rows = |reason: &'static str| vec![vec![S("单位"), S("分值"), S("事由")], vec![S("甲县人民法院"), N(1.0), S(reason)]];
    site.write(
        WORKBOOK,
        xlsx(&[
            scores(),
            ("扣分情况", rows("会议记录不全")),
            ("加分", rows("经验推广")),
            ("加分项", rows("获评先进")),
            ("否决名单", vec![vec![S("单位代码"), S("事由")], vec![S("b"), S("发生严重违纪违法案件")]]),
            ("Sheet5", vec![vec![S("单位代码"), S("分值"), S("事由")], vec![S("b"), N(1.0), S("y")]]),
            notes,
        ]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1);
    let like = |name: &str, what: &str| format!("{SHOWN}:{name}!A1: 错误: 工作表 \"{name}\" 没有读取, 但它像是{what}表: 其中各行不会计入考核结果");
    r.assert_headline(&like("扣分情况", "\"扣分\""));
    r.assert_stderr_contains("把这个工作表改名为 \"扣分\"");
    r.assert_headline(&like("加分项", "\"加分\""));
    r.assert_stderr_contains("工作簿中已有 \"加分\" 表: 把这里的各行移到 \"加分\" 表中");
    r.assert_headline(&like("否决名单", "\"一票否决\""));
    r.assert_headline(&like("Sheet5", "\"扣分\"或\"加分\""));
    r.assert_headline(&not_read("统计", "统计"));
    assert_eq!(headlines_besides_duty_columns(&r), 5, "{}", r.stderr);
}

// Cells merged down a column count for every row of the merge, as the sheet shows them: one
// 考评组 for several units, one unit for its several deductions.
#[test]
fn merged_cells_count_for_every_row() {
    let site = without_h2_yaml();
    let mut wb = Workbook::new();
    let plain = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("评分").unwrap();
    for (c, h) in ["单位代码", "领导责任落实", "学习教育", "日常监督", "考评组", "考评意见"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, unit) in ["a", "b", "c", "d"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *unit).unwrap();
        ws.write_string(r, 5, "工作扎实").unwrap();
        for (c, x) in [12.0, 9.0, 18.0].iter().enumerate() {
            ws.write_number(r, c as u16 + 1, *x).unwrap();
        }
    }
    ws.merge_range(1, 4, 4, 4, "第一考评组", &plain).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("扣分").unwrap();
    for (c, h) in ["单位代码", "分值", "事由"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.merge_range(1, 0, 2, 0, "a", &plain).unwrap();
    ws.write_number(1, 1, 1.0).unwrap();
    ws.write_string(1, 2, "会议记录不全").unwrap();
    ws.write_number(2, 1, 2.0).unwrap();
    ws.write_string(2, 2, "台账未及时更新").unwrap();
    site.write(WORKBOOK, wb.save_to_buffer().unwrap());
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let json = site_json(&out);
    let total = |u: &str| json["scorecards"].as_array().unwrap().iter().find(|s| s["period"] == "2025-H2" && s["unit"] == u).unwrap()["total"].clone();
    assert_eq!(total("a"), serde_json::json!(36.0), "both deductions of a count");
    assert_eq!(total("b"), serde_json::json!(39.0));
    for unit in ["a", "d"] {
        let page = std::fs::read_to_string(out.join(format!("units/{unit}/index.html"))).unwrap();
        assert!(page.contains("第一考评组"), "{unit}'s assessor is the merged cell's");
    }
}

// Problems found when the workbook's scores are checked against the site: a score out of
// range, an unknown unit or case, a unit scored in both a workbook and YAML (naming both).
#[test]
fn checking_errors_name_the_cell() {
    let site = without_h2_yaml();
    site.write("content/scorecards/2025-H2/b.yaml", std::fs::read(fixture("workbook/site").join("content/scorecards/2025-H2/b.yaml")).unwrap());
    site.write(
        WORKBOOK,
        xlsx(&[
            (
                "Sheet1",
                vec![
                    vec![S("单位代码"), S("领导责任落实"), S("学习教育"), S("日常监督")],
                    vec![S("a"), N(15.5), N(9.0), N(18.0)],
                    vec![S("b"), N(13.0), N(9.0), N(18.0)],
                    vec![S("zz"), N(13.0), N(9.0), N(18.0)],
                ],
            ),
            // c's deduction: its row above says zz, a typing slip; the slip is the error shown.
            (
                "扣分",
                vec![
                    vec![S("单位代码"), S("分值"), S("事由"), S("案例")],
                    vec![S("a"), N(1.0), S("x"), S("banquett")],
                    vec![S("c"), N(1.0), S("y"), E],
                ],
            ),
        ]),
    );
    let r = check(site.path(), &[]);
    r.assert_code(1);
    assert!(!r.stderr.contains("在评分表中没有得分"), "{}", r.stderr);
    r.assert_headline("content/scorecards/2025-H2/考核评分表.xlsx:Sheet1!B2: 错误: \"领导责任落实\" 得分 15.5 超出范围 0 到 15.0");
    r.assert_stderr_contains(" B2 | 15.5\n");
    r.assert_headline(&format!("{}:Sheet1!A4: 错误: 引用了不存在的单位 \"zz\"", WORKBOOK));
    r.assert_headline(&format!("{SHOWN}:扣分!D2: 错误: 引用了不存在的案例 \"banquett\""));
    r.assert_headline(&format!("{SHOWN}:Sheet1!A3: 错误: 单位 \"b\" 在 2025-H2 已有考核表"));
    r.assert_stderr_contains("另一份在 content/scorecards/2025-H2/b.yaml:1:7");
}

// A file that is not a workbook, a damaged one, an old .xls and a second workbook are errors
// naming the file; a spreadsheet program's lock file beside an open workbook is left alone.
#[test]
fn unreadable_workbooks_are_named() {
    let site = without_h2_yaml();
    site.write(WORKBOOK, "unit: a\n");
    site.write("content/scorecards/2025-H2/~$考核评分表.xlsx", [0u8; 165]);
    site.write("content/scorecards/2025-H1/旧表.xls", [0xD0, 0xCF, 0x11, 0xE0]);
    let mut damaged = h2_workbook();
    damaged.truncate(damaged.len() / 2);
    site.write("content/scorecards/2024-H2/考核评分表.xlsx", h2_workbook());
    site.write("content/scorecards/2024-H2/另一份.xlsx", &damaged);
    let r = check(site.path(), &[]);
    r.assert_code(1);
    r.assert_headline(&format!("{SHOWN}: 错误: 无法打开 Excel 工作簿: 文件已损坏或不是 .xlsx 格式"));
    // Names sort: 另一份 comes first, and is read (damaged); 考核评分表 is the second workbook.
    r.assert_headline("content/scorecards/2024-H2/另一份.xlsx: 错误: 无法打开 Excel 工作簿: 文件已损坏或不是 .xlsx 格式");
    r.assert_headline("content/scorecards/2024-H2/考核评分表.xlsx: 错误: 一个期次只能有一份考核评分工作簿, 这里已有 content/scorecards/2024-H2/另一份.xlsx");
    r.assert_headline("content/scorecards/2025-H1/旧表.xls: 错误: 考核评分工作簿须为 .xlsx 格式");
    assert!(!r.stderr.contains("~$"), "{}", r.stderr);
}

// One stray value far away makes a sheet too large to read: the message says which cell.
#[test]
fn a_stray_far_away_cell_is_named() {
    let site = without_h2_yaml();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("评分").unwrap();
    ws.write_string(0, 0, "单位代码").unwrap();
    ws.write_string(1, 0, "a").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    site.write(WORKBOOK, wb.save_to_buffer().unwrap());
    check(site.path(), &[])
        .assert_code(1)
        .assert_headline(&format!("{SHOWN}: 错误: 工作表 \"评分\" 的内容散布过广: 最下方的单元格是 XFD1048576, 最右侧的是 XFD1048576"))
        .assert_stderr_contains("Ctrl+End");
}

/// Every sheet of a workbook as rows of cells.
fn read_back(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("open xlsx");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let (top, left) = range.start().unwrap_or((0, 0));
            // Rows and columns from A1, as the sheet holds them.
            let mut rows: Vec<Vec<Data>> = vec![Vec::new(); top as usize];
            for row in range.rows() {
                let mut r = vec![Data::Empty; left as usize];
                r.extend(row.iter().cloned());
                rows.push(r);
            }
            (n, rows)
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

// `new workbook` writes every unit and indicator; a copy filled in by a spreadsheet library
// builds with no other step and ranks every unit. It never overwrites a workbook.
#[test]
fn a_new_workbook_filled_in_builds() {
    let site = without_h2_yaml();
    run(["new", "workbook", "2025-H2", "--site"].map(std::ffi::OsString::from).into_iter().chain([site.path().as_os_str().to_owned()]))
        .assert_code(0);
    let path = site.file(WORKBOOK);
    let blank = std::fs::read(&path).unwrap();
    let sheets = read_back(&blank);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["评分", "扣分", "加分", "一票否决", "填表说明"]);
    let scores = &sheets[0].1;
    let header: Vec<String> = scores[0].iter().map(text).collect();
    assert_eq!(
        header,
        ["单位代码", "单位", "领导责任落实(15)", "学习教育(10)", "日常监督(20)", "满意度", "每半年至少开展一次作风评议", "每年至少组织两次警示教育", "考评日期", "考评组", "考评意见"]
    );
    let units: Vec<(String, String)> = scores[1..].iter().map(|r| (text(&r[0]), text(&r[1]))).collect();
    assert_eq!(units.len(), 5);
    assert_eq!(units[2], ("c".to_string(), "丙县公安局".to_string()));
    // Score cells are validated to 0..max.
    let sheet1 = unzip(&blank, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains(r#"<dataValidation type="decimal" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="得分超出范围""#), "{sheet1}");
    assert!(sheet1.contains("<formula1>0</formula1><formula2>15</formula2>"), "{sheet1}");
    // Printed, each page says which half-year's form it is, and its number.
    assert!(sheet1.contains("<oddHeader>&amp;C&amp;\"-,Bold\"2025年下半年纪律作风建设考核评分表 · 评分</oddHeader><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"), "{sheet1}");
    assert!(text(&sheets[4].1[0][0]).contains("填表说明"));
    // The header is protected (no password): no row can be inserted, a unit's row can be
    // deleted; its cells are unlocked, the header's are not.
    assert!(sheet1.contains(r#"<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" deleteRows="0"/>"#), "{sheet1}");
    assert!(!sheet1.contains("password"), "{sheet1}");
    let styles = unzip(&blank, "xl/styles.xml");
    assert!(styles.contains(r#"<protection locked="0"/>"#), "unit rows are not unlocked: {styles}");
    // A row of a protected sheet can be deleted only when all of it is unlocked, past its last
    // column too (LibreOffice refuses otherwise): each unit's row has an unlocked row format.
    let xfs: Vec<&str> = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap().split("<xf ").skip(1).collect();
    for r in 2..=6 {
        let row = sheet1.split(&format!(r#"<row r="{r}""#)).nth(1).unwrap().split('>').next().unwrap();
        assert!(row.contains(r#"customFormat="1""#), "row {r} has no format of its own: {row}");
        let s: usize = row.split(r#" s=""#).nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(xfs[s].contains(r#"locked="0""#), "row {r}'s format is locked: {}", xfs[s]);
    }
    // Not begun, it holds up nothing else: a warning, and no results for the half-year. Begun,
    // every score still to be filled in is an error.
    check(site.path(), &[]).assert_code(0).assert_headline(&format!("{SHOWN}:评分!C2: 警告: 2025年下半年的考核评分表还没有填写任何得分, 本期结果暂不发布"));
    let out = site.out("blank");
    build(site.path(), &out, &[]).assert_code(0);
    assert!(site_json(&out)["scorecards"].as_array().unwrap().iter().all(|s| s["period"] != "2025-H2"));
    check(site.path(), &["--strict"]).assert_code(1);
    // Nor can it be archived so: a snapshot cannot be made again.
    run(["snapshot", "2025-H2", "--site"].map(std::ffi::OsString::from).into_iter().chain([site.path().as_os_str().to_owned()]))
        .assert_code(2)
        .assert_stderr_contains("不能归档 2025年下半年: 它的考核评分表还没有填写任何得分");

    // Filled in: every score, one deduction by name, one veto.
    let mut filled: Vec<(&str, Vec<Vec<V>>)> = Vec::new();
    for (name, rows) in &sheets {
        let mut out: Vec<Vec<V>> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut cells: Vec<V> = row.iter().map(|d| if *d == Data::Empty { E } else { S(leak(text(d))) }).collect();
            if name == "评分" && r > 0 {
                cells.resize(11, E);
                for (c, v) in [10.0 + r as f64, 8.0, 15.5, 90.0, 1.0, 1.0].iter().enumerate() {
                    cells[c + 2] = N(*v);
                }
            }
            out.push(cells);
        }
        match name.as_str() {
            "扣分" => out.push(vec![S("乙县人民法院"), N(1.5), S("材料报送不及时"), E]),
            "一票否决" => out.push(vec![S("丁县公安局"), S("发生严重违纪违法案件")]),
            _ => {}
        }
        filled.push((leak(name.clone()), out));
    }
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, xlsx(&filled)).unwrap();
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let json = site_json(&out);
    let h2: Vec<&serde_json::Value> = json["scorecards"].as_array().unwrap().iter().filter(|s| s["period"] == "2025-H2").collect();
    assert_eq!(h2.len(), 5);
    let ranks: Vec<u64> = h2.iter().map(|s| s["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5]);
    let card = |u: &str| h2.iter().find(|s| s["unit"] == u).unwrap();
    assert_eq!(card("e")["total"], serde_json::json!(38.5));
    assert_eq!(card("b")["total"], serde_json::json!(34.0));
    assert_eq!(card("d")["vetoed"], true);
    assert_eq!(card("d")["rank"], 5);
    // A half-year scored only in its workbook is the current one for `snapshot` too.
    run(["snapshot", "2025-H2", "--site"].map(std::ffi::OsString::from).into_iter().chain([site.path().as_os_str().to_owned()]))
        .assert_code(0);

    // Asked again, it refuses and leaves the filled workbook alone.
    let before = std::fs::read(&path).unwrap();
    let again = run(["new", "workbook", "2025-H2", "--site"].map(std::ffi::OsString::from).into_iter().chain([site.path().as_os_str().to_owned()]));
    again.assert_code(2).assert_stderr_contains("已存在, 不会覆盖它");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

// Units already scored in YAML for the period are left out of a new workbook, so that, filled
// in, it is not a second scorecard for them.
#[test]
fn a_new_workbook_leaves_out_units_scored_in_yaml() {
    let site = copy_fixture("workbook/site");
    std::fs::remove_file(site.file("content/scorecards/2025-H2/a.yaml")).unwrap();
    run(["new", "workbook", "2025-H2", "--site"].map(std::ffi::OsString::from).into_iter().chain([site.path().as_os_str().to_owned()]))
        .assert_code(0);
    let sheets = read_back(&std::fs::read(site.file(WORKBOOK)).unwrap());
    let units: Vec<String> = sheets[0].1[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(units, ["a", "e"]);
    let notes: Vec<String> = sheets[4].1.iter().map(|r| r.first().map(text).unwrap_or_default()).collect();
    assert!(notes.iter().any(|l| l.contains("乙县人民法院、丙县公安局、丁县公安局")), "{notes:?}");
    // The half-year has begun (three units scored in YAML): its blank rows are errors, not a
    // half-year "not begun" that would rank the three alone.
    check(site.path(), &[]).assert_code(1).assert_headline(&format!("{SHOWN}:评分!C2: 错误: 这个单位的各项得分都尚未填写"));
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// One file inside an xlsx (a zip), as text.
fn unzip(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

// The period's xlsx export: the ranking sheet first, then every indicator score, every
// deduction and bonus with its reason and cited case or model, vetoes, unmet duties and the
// units that did not submit, each read back with its rows.
#[test]
fn the_export_holds_the_details() {
    let site = copy_fixture("workbook/site");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let sheets = read_back(&std::fs::read(out.join("data/scorecards-2025-H2.xlsx")).unwrap());
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["2025-H2", "指标得分", "扣分加分", "一票否决", "未完成履职要求", "未报送"]);
    let rows = |i: usize| -> Vec<Vec<String>> { sheets[i].1.iter().map(|r| r.iter().map(text).collect()).collect() };

    let ranking = rows(0);
    assert_eq!(ranking[0], ["排名", "单位代码", "单位", "类型", "总分", "等次", "较上期", "满意度"]);
    assert_eq!(ranking.len(), 5);

    let scores = rows(1);
    assert_eq!(scores[0], ["排名", "单位代码", "单位", "领导责任落实(15)", "学习教育(10)", "日常监督(20)", "指标得分合计", "扣分", "加分", "总分", "等次"]);
    assert_eq!(scores[1], ["1", "c", "丙县公安局", "14", "9.5", "19", "42.5", "0", "3", "45", "优秀"]);
    assert_eq!(sheets[1].1[3][3], Data::Float(12.5));
    assert_eq!(scores.len(), 5);

    let adjustments = rows(2);
    assert_eq!(adjustments[0], ["单位代码", "单位", "类别", "分值", "事由", "案例", "典型"]);
    assert_eq!(
        &adjustments[1..],
        [
            ["c", "丙县公安局", "加分", "2", "户籍窗口获评文明服务窗口", "", "丙县公安局户籍窗口"].map(String::from).to_vec(),
            ["c", "丙县公安局", "加分", "1.5", "经验做法被省级推广", "", ""].map(String::from).to_vec(),
            ["a", "甲县人民法院", "扣分", "2", "1名干警违规接受宴请被通报", "某法院干警违规接受宴请问题", ""].map(String::from).to_vec(),
            ["d", "丁县公安局", "扣分", "1", "值班人员脱岗", "", ""].map(String::from).to_vec(),
        ]
    );

    assert_eq!(rows(3), [vec!["单位代码", "单位", "事由"], vec!["d", "丁县公安局", "发生严重违纪违法案件"]]);
    assert_eq!(
        rows(4),
        [
            vec!["单位代码", "单位", "履职要求", "周期", "应完成次数", "完成次数", "出自制度"],
            vec!["b", "乙县人民法院", "每年至少组织两次警示教育", "每年 (全年合计)", "2", "0", "作风评议和警示教育制度"],
        ]
    );
    assert_eq!(rows(5), [vec!["单位代码", "单位", "类型"], vec!["e", "戊县司法局", "司法行政"]]);
}

// No workbook, however broken, makes the tool panic: damaged zips, sheets of odd XML, cells
// far out and references that overflow.
#[test]
fn broken_workbooks_never_panic() {
    let good = h2_workbook();
    let mut cases: Vec<Vec<u8>> = Vec::new();
    let mut rng = Rng(0x5eed);
    for _ in 0..24 {
        let mut b = good.clone();
        for _ in 0..1 + rng.below(8) {
            let i = rng.below(b.len());
            b[i] = rng.next() as u8;
        }
        cases.push(b);
    }
    for n in [0, 4, 30, 100, good.len() - 1] {
        cases.push(good[..n].to_vec());
    }
    let odd_sheets = [
        r#"<c r="ZZZZZZZZZZ1"><v>1</v></c>"#,
        r#"<c r="A99999999999"><v>1</v></c>"#,
        r#"<c r="A0"><v>1</v></c>"#,
        r#"<c r="XFD1048576"><v>1</v></c><c r="A1" t="s"><v>9999</v></c>"#,
        r#"<c r="A1" t="s"><v>-1</v></c>"#,
        r#"<c r="A1" t="n"><v>abc</v></c>"#,
        r#"<c r="A1" t="d"><v>not a date</v></c>"#,
        r#"<c r="A1" s="9999"><v>45000</v></c>"#,
        r#"<c r="A1" t="inlineStr"><is><t>单位代码</t></is></c><c r="A2"><v>1e308</v></c>"#,
        r#"<c r="A1"><v>1"#,
    ];
    for cells in odd_sheets {
        cases.push(with_sheet_xml(&good, |_| format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{cells}</row></sheetData></worksheet>"#)));
    }
    let site = without_h2_yaml();
    for (i, bytes) in cases.iter().enumerate() {
        site.write(WORKBOOK, bytes);
        let r = check(site.path(), &[]);
        r.assert_no_panic();
        assert!(matches!(r.code, Some(0 | 1)), "case {i}: exit {:?}\n{}", r.code, r.stderr);
    }
}

/// A workbook with its first sheet's XML changed.
fn with_sheet_xml(xlsx: &[u8], change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            bytes = change(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

// A unit list that cannot be read (saved as GBK) is the one error: the workbook, read against
// it, is not reported row by row as naming units that are not there.
#[test]
fn an_unreadable_unit_list_hides_the_workbooks_unit_errors() {
    let wb = without_h2_yaml();
    wb.write(WORKBOOK, h2_workbook());
    let units = std::fs::read_to_string(wb.file("content/units.yaml")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&units);
    wb.write("content/units.yaml", &gbk);
    let r = check(wb.path(), &[]);
    r.assert_code(1).assert_headline("content/units.yaml:1:18: 错误: 文件不是 UTF-8 编码, 看起来是 GBK/GB18030 编码 (旧版中文编辑器的默认格式)");
    assert!(!r.stderr.contains("单位名录中没有"), "{}", r.stderr);
}

// A workbook made before a duty was added has no column for it: said, since every unit would
// count 0 for the duty and be listed as not meeting it. A duty added for a later half-year is
// no column this one needs.
#[test]
fn a_duty_without_a_column_is_a_warning() {
    let wb = without_h2_yaml();
    wb.write(WORKBOOK, h2_workbook());
    let rule = wb.file("content/mechanisms/duties.md");
    let text = std::fs::read_to_string(&rule).unwrap();
    let added = "  - { id: talks, text: 每半年至少开展一次谈心谈话, at_least: 1, per: half-year }\n";
    let yearly = "  - { id: yr, text: 每年至少组织两次警示教育, at_least: 2, per: year }\n";
    assert!(text.contains(yearly));
    std::fs::write(&rule, text.replace(yearly, &format!("{yearly}{added}"))).unwrap();
    let r = check(wb.path(), &[]);
    r.assert_code(0).assert_headline(&format!("{SHOWN}:评分!B2: 警告: 评分表没有履职要求 \"每半年至少开展一次谈心谈话\" (talks) 一列, 各单位本期都会按完成 0 次、未完成计"));
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    let text = std::fs::read_to_string(&rule).unwrap();
    std::fs::write(&rule, text.replace("per: half-year }\n---", "per: half-year, from: 2026-H1 }\n---")).unwrap();
    let r = check(wb.path(), &["--strict"]);
    r.assert_code(0);
}

// A half-year snapshotted is a closed record even while it is still the latest with scores: a
// unit renamed since is a warning there, not an error pushing the office to edit the record.
#[test]
fn a_snapshotted_workbook_keeps_the_name_a_unit_had_then() {
    let wb = without_h2_yaml();
    wb.write(WORKBOOK, h2_workbook());
    run(["snapshot", "2025-H2", "--site", wb.path().to_str().unwrap()]).assert_code(0);
    let units = std::fs::read_to_string(wb.path().join("content/units.yaml")).unwrap();
    wb.write("content/units.yaml", units.replace("甲县人民法院", "甲县法院"));
    check(wb.path(), &[]).assert_code(0).assert_headline(&format!("{SHOWN}:评分!C3: 警告: 单位名称 \"甲县人民法院\" 与单位代码 a 在单位名录中的名称 \"甲县法院\" 不同"));
}
