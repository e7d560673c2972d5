//! Every class of content error of SPEC §4, each on a tiny fixture site under
//! `tests/fixtures/errors/<case>/`: the exact `path:line:col: 错误: message` headline on stderr,
//! exit code 1, and nothing written by `check`. Line numbers count from the top of the file
//! (the opening `---` of front matter is line 1).
//!
//! Encoding cases (GBK, invalid UTF-8, BOM, CRLF) write their bytes from the test itself, onto a
//! copy of `errors/encoding_base`, so that no editor can "fix" a fixture by re-saving it.

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// Sanity

#[test]
fn valid_base_fixture_checks_clean() {
    // The base all error fixtures vary from is itself free of errors and warnings.
    let site = copy_fixture("errors/valid");
    let r = check(site.path(), &[]);
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Malformed YAML and front matter

#[test]
fn malformed_yaml_in_front_matter() {
    // A `: ` inside an unquoted value is a YAML error, located at that colon (line 2, col 12).
    check_fails("errors/yaml_front_matter", &[])
        .assert_headline("content/cases/a.md:2:12: 错误: YAML 格式错误: 此处不能再出现 `字段: 值` (mapping values are not allowed in this context)");
}

#[test]
fn malformed_yaml_in_units_yaml() {
    // A mis-indented key in units.yaml is an error on its own line (line 3), at its start,
    // with the line as it should be.
    check_fails("errors/yaml_units", &[])
        .assert_headline("content/units.yaml:3:1: 错误: 这一行开头多了 1 个空格, 与上面的字段没有对齐")
        .assert_stderr_contains("与上一行对齐: `  type: 法院`");
}

#[test]
fn missing_front_matter() {
    // A Markdown file that does not start with `---` is an error at 1:1.
    check_fails("errors/no_front_matter", &[]).assert_headline("content/pages/about.md:1:1: 错误: 文件开头缺少 front matter");
}

#[test]
fn unterminated_front_matter() {
    // Front matter with no closing `---` is an error.
    check_fails("errors/unterminated_front_matter", &[])
        .assert_headline("content/pages/about.md:1:1: 错误: front matter 没有结束行");
}

#[test]
fn yaml_anchor_and_alias_are_refused() {
    // `&t` / `*t` are refused (no alias expansion), at the anchor `&t`: `title: &t 关于本站`,
    // line 2, column 8.
    let r = check_fails("errors/yaml_alias", &[]);
    r.assert_headline("content/pages/about.md:2:8: 错误: 不支持 YAML 锚点 (&名称)");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Missing required fields, one kind each, reported where the mapping starts: its first key.

#[test]
fn missing_required_field_mechanism() {
    // A mechanism without `issuer`: at `title`, the first key of the front matter (2:1).
    check_fails("errors/missing_mechanism_field", &[])
        .assert_headline("content/mechanisms/supervision.md:2:1: 错误: 缺少必填字段 \"issuer\"");
}

#[test]
fn missing_required_field_case() {
    // A case without `disposition`: at `title` (2:1).
    check_fails("errors/missing_case_field", &[]).assert_headline("content/cases/a.md:2:1: 错误: 缺少必填字段 \"disposition\"");
}

#[test]
fn missing_required_field_training() {
    // A training without `date`: at `title` (2:1).
    check_fails("errors/missing_training_field", &[]).assert_headline("content/trainings/t.md:2:1: 错误: 缺少必填字段 \"date\"");
}

#[test]
fn missing_required_field_page() {
    // A page without `title`: at `audience`, its only key (2:1).
    check_fails("errors/missing_page_field", &[]).assert_headline("content/pages/about.md:2:1: 错误: 缺少必填字段 \"title\"");
}

#[test]
fn missing_required_field_unit() {
    // The second unit of units.yaml has no `type`: at its first key, `id` in `- id: fx-court`
    // (4:3).
    check_fails("errors/missing_unit_field", &[]).assert_headline("content/units.yaml:4:3: 错误: 缺少必填字段 \"type\"");
}

#[test]
fn missing_required_field_scorecard() {
    // A scorecard without `scores`: at `unit`, the first key of the file (1:1).
    check_fails("errors/missing_scorecard_field", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:1:1: 错误: 缺少必填字段 \"scores\"");
}

#[test]
fn missing_field_is_reported_at_the_start_of_the_mapping() {
    // The position of a missing field is where its mapping starts: the first key.
    check_fails("errors/missing_case_field", &[]).assert_headline("content/cases/a.md:2:1: 错误: 缺少必填字段 \"disposition\"");
    check_fails("errors/missing_unit_field", &[]).assert_headline("content/units.yaml:4:3: 错误: 缺少必填字段 \"type\"");
    check_fails("errors/missing_scorecard_field", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:1:1: 错误: 缺少必填字段 \"scores\"");
}

#[test]
fn case_needs_at_least_one_violation() {
    // `violations: []` does not satisfy "at least one".
    check_fails("errors/empty_violations", &[]).assert_headline("content/cases/a.md:4:13: 错误: violations 至少要列出一种违纪类型");
}

// ---------------------------------------------------------------------------------------------
// Wrong types, unknown fields

#[test]
fn wrong_type_violations_is_a_number() {
    // `violations: 5` where a list is expected.
    check_fails("errors/wrong_type_violations", &[]).assert_headline("content/cases/a.md:4:13: 错误: 应为列表, 实际为文本或数字");
}

#[test]
fn wrong_type_form_is_no_form() {
    // `form: 二级` where a form is expected (`二` or `第二种形态` would read as 2).
    check_fails("errors/wrong_type_form", &[])
        .assert_headline("content/cases/a.md:5:7: 错误: 形态 form 应为 1 到 4 (四种形态), 实际为 \"二级\"")
        .assert_stderr_contains("也可以写成 第一种形态 … 第四种形态");
}

#[test]
fn unknown_front_matter_field_suggests_nearest() {
    // `titel` is unknown and the hint suggests `title`.
    check_fails("errors/unknown_field_front_matter", &[])
        .assert_headline("content/pages/about.md:3:1: 错误: 未知字段 \"titel\"")
        .assert_stderr_contains("是否应为 \"title\"?");
}

#[test]
fn unknown_config_keys_suggest_nearest() {
    // Unknown keys in zhengfeng.toml, top level and under [build], each with a suggestion.
    check_fails("errors/unknown_key_config", &[])
        .assert_headline("zhengfeng.toml:1:1: 错误: 未知配置项 \"titel\"")
        .assert_headline("zhengfeng.toml:4:1: 错误: 未知配置项 \"build.output_dri\"")
        .assert_stderr_contains("是否应为 \"title\"?")
        .assert_stderr_contains("是否应为 \"output_dir\"?");
}

// ---------------------------------------------------------------------------------------------
// Dates and periods

#[test]
fn bad_date_month_13() {
    // 2025-13-01 is not a date.
    check_fails("errors/bad_date_month", &[])
        .assert_headline("content/cases/a.md:3:7: 错误: 日期 \"2025-13-01\" 不存在: 没有 13 月");
}

#[test]
fn bad_date_in_an_office_form() {
    // 2025-3-1 and 2025年3月1日 are dates, but 2025年2月30日 is no day of the year.
    check_fails("errors/bad_date_office_form", &[])
        .assert_headline("content/mechanisms/supervision.md:5:12: 错误: 日期 \"2025年2月30日\" 不存在: 2025年2月没有 30 日");
}

#[test]
fn bad_period_folder_name() {
    // content/scorecards/2025-H3/ is not a period.
    check_fails("errors/bad_period_folder", &[])
        .assert_headline("content/scorecards/2025-H3:1:1: 错误: 目录名 \"2025-H3\" 不是有效的期次");
}

#[test]
fn bad_period_value() {
    // `period: 2025-H5` is not a period.
    check_fails("errors/bad_period_value", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:2:9: 错误: 期次 \"2025-H5\" 无效, 应为 YYYY-H1 或 YYYY-H2");
}

#[test]
fn period_disagrees_with_folder() {
    // `period: 2025-H2` inside the 2025-H1 folder.
    check_fails("errors/period_mismatch", &[]).assert_headline(
        "content/scorecards/2025-H1/fx-court.yaml:2:9: 错误: 期次 \"2025-H2\" 与所在目录 \"2025-H1\" 不一致",
    );
}

// ---------------------------------------------------------------------------------------------
// Duplicates

#[test]
fn duplicate_mechanism_ids_name_both_files() {
    // Two mechanisms with `id: supervision`: the error names both files.
    check_fails("errors/duplicate_mechanism_id", &[])
        .assert_headline("content/mechanisms/b.md:2:5: 错误: 制度标识 \"supervision\" 重复")
        .assert_stderr_contains("content/mechanisms/a.md")
        .assert_stderr_contains("content/mechanisms/b.md 的标识相同");
}

#[test]
fn duplicate_case_id_from_file_name_and_id_field() {
    // `fx-banquet.md` and another case with `id: fx-banquet` clash; both files are named.
    check_fails("errors/duplicate_case_id", &[])
        .assert_headline("content/cases/fx-banquet.md:1:1: 错误: 案例标识 \"fx-banquet\" 重复")
        .assert_stderr_contains("content/cases/b.md");
}

#[test]
fn two_scorecards_for_one_unit_in_a_period() {
    // fx-court.yaml and fx-court-2.yaml both score fx-court in 2025-H1.
    check_fails("errors/two_scorecards_one_unit", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:1:7: 错误: 单位 \"fx-court\" 在 2025-H1 已有考核表")
        .assert_stderr_contains("content/scorecards/2025-H1/fx-court-2.yaml");
}

// ---------------------------------------------------------------------------------------------
// References to unknown items

#[test]
fn unknown_mechanism_in_case() {
    // case.mechanisms names a mechanism that does not exist; the hint suggests the near one.
    check_fails("errors/unknown_ref_case_mechanism", &[])
        .assert_headline("content/cases/a.md:7:14: 错误: 引用了不存在的制度 \"supervisoin\"")
        .assert_stderr_contains("是否应为 \"supervision\"?");
}

#[test]
fn unknown_mechanism_in_training() {
    // training.mechanisms: the second entry is unknown.
    check_fails("errors/unknown_ref_training_mechanism", &[])
        .assert_headline("content/trainings/t.md:5:27: 错误: 引用了不存在的制度 \"education\"");
}

#[test]
fn unknown_mechanism_in_supersedes() {
    // supersedes names a mechanism that does not exist.
    check_fails("errors/unknown_ref_supersedes", &[])
        .assert_headline("content/mechanisms/supervision.md:7:14: 错误: 引用了不存在的制度 \"supervision-2019\"");
}

#[test]
fn unknown_mechanism_in_rubric_indicator() {
    // A rubric indicator's `mechanism` is unknown.
    check_fails("errors/unknown_ref_indicator_mechanism", &[])
        .assert_headline("content/scorecards/rubric.yaml:5:16: 错误: 引用了不存在的制度 \"supervisoin\"");
}

#[test]
fn unknown_case_in_training() {
    // training.cases: the second entry is unknown.
    check_fails("errors/unknown_ref_training_case", &[])
        .assert_headline("content/trainings/t.md:4:12: 错误: 引用了不存在的案例 \"b\"");
}

#[test]
fn unknown_case_in_deduction() {
    // A deduction's `case` is unknown.
    check_fails("errors/unknown_ref_deduction_case", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:7:43: 错误: 引用了不存在的案例 \"b\"");
}

#[test]
fn unknown_unit_in_case() {
    // case.unit is unknown; the hint suggests the near one.
    check_fails("errors/unknown_ref_case_unit", &[])
        .assert_headline("content/cases/a.md:7:7: 错误: 引用了不存在的单位 \"fx-cuort\"")
        .assert_stderr_contains("是否应为 \"fx-court\"?");
}

#[test]
fn unknown_unit_in_scorecard() {
    // scorecard.unit is unknown.
    check_fails("errors/unknown_ref_scorecard_unit", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:1:7: 错误: 引用了不存在的单位 \"fx-cour\"");
}

#[test]
fn unknown_unit_as_parent() {
    // unit.parent is unknown.
    check_fails("errors/unknown_ref_unit_parent", &[])
        .assert_headline("content/units.yaml:7:11: 错误: 引用了不存在的上级单位 \"fx-zwf\"");
}

#[test]
fn unknown_indicator_in_scores() {
    // A `scores` key that is not a rubric indicator.
    check_fails("errors/unknown_ref_indicator", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:6:3: 错误: 引用了不存在的考核指标 \"integrity\"");
}

#[test]
fn unknown_requirement_in_scorecard() {
    // A `requirements` key that no mechanism defines; the hint suggests the near one.
    check_fails("errors/unknown_ref_requirement", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:6:17: 错误: 引用了不存在的履职要求 \"half-year-studdy\"")
        .assert_stderr_contains("是否应为 \"half-year-study\"?");
}

// ---------------------------------------------------------------------------------------------
// Scorecard values

#[test]
fn missing_indicator_in_scores() {
    // `scores` lacks the `education` indicator.
    check_fails("errors/missing_indicator", &[]).assert_headline(
        "content/scorecards/2025-H1/fx-court.yaml:4:3: 错误: scores 缺少指标 \"education\" (学习教育与培训) 的得分",
    );
}

#[test]
fn score_below_zero() {
    // leadership: -1 is below 0.
    check_fails("errors/score_below_zero", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:4:15: 错误: \"领导责任落实\" 得分 -1.0 超出范围 0 到 15.0");
}

#[test]
fn score_above_max() {
    // education: 15.5 is above its max of 15.
    check_fails("errors/score_above_max", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:5:14: 错误: \"学习教育与培训\" 得分 15.5 超出范围 0 到 15.0");
}

#[test]
fn score_with_two_decimals() {
    // 13.55 has more than one decimal place.
    check_fails("errors/too_many_decimals", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:5:14: 错误: 数值 \"13.55\" 超过一位小数");
}

#[test]
fn satisfaction_above_100() {
    // satisfaction: 100.5 is above 100 percent.
    check_fails("errors/satisfaction_over_100", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:6:15: 错误: 满意度 satisfaction 应在 0 到 100 之间");
}

#[test]
fn deduction_of_zero_points() {
    // A deduction of 0 points is refused.
    check_fails("errors/deduction_zero_points", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:7:15: 错误: 扣分分值应大于 0");
}

#[test]
fn deduction_without_reason() {
    // A deduction with no `reason` is refused, at its `{`.
    check_fails("errors/deduction_missing_reason", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:7:5: 错误: 缺少必填字段 \"reason\"");
}

#[test]
fn deduction_with_empty_reason() {
    // `reason: ""` is as good as no reason: an error, not a silently dropped scorecard, at the
    // empty value: `  - { points: 2, reason: "" }`, line 7, column 26.
    check_fails("errors/deduction_empty_reason", &[])
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:7:26: 错误: 必填字段 \"reason\" 不能为空");
}

// ---------------------------------------------------------------------------------------------
// Enumerations

#[test]
fn invalid_mechanism_status() {
    // status must be in-force | revised | repealed.
    check_fails("errors/invalid_status", &[]).assert_headline("content/mechanisms/supervision.md:6:9: 错误: 状态 \"valid\" 无效");
}

#[test]
fn form_outside_one_to_four() {
    // form: 5 is not one of the four forms.
    check_fails("errors/form_out_of_range", &[])
        .assert_headline("content/cases/a.md:5:7: 错误: 形态 form 应为 1 到 4 (四种形态), 实际为 5");
}

// ---------------------------------------------------------------------------------------------
// Anonymisation

#[test]
fn real_name_is_an_error_in_a_public_build() {
    // persons: [王小明] is a real name: an error when checking for the public audience.
    let r = check_fails("errors/persons_real_name", &["--audience", "public"]);
    r.assert_headline("content/cases/a.md:7:11: 错误: 人名 \"王小明\" 未经匿名处理");
    assert!(!r.stderr.contains("人名 \"张某\""), "张某 is anonymised:\n{}", r.stderr);
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

#[test]
fn real_name_hint_counts_where_else_the_text_gives_it() {
    // Changing `persons` alone would leave the name in the title and body: the hint counts them.
    let site = copy_fixture("errors/persons_real_name");
    let case = site.file("content/cases/a.md");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replace("某干警在工作日午间饮酒", "王小明在工作日午间饮酒, 王小明").replace("title: 某县", "title: 王小明等某县")).unwrap();
    check(site.path(), &[]).assert_code(0).assert_stderr_contains("标题、摘要和正文中还有 3 处 \"王小明\", 要一并改掉");
}

#[test]
fn a_copy_of_an_item_is_a_warning() {
    // A case copied in Explorer (`a - 副本.md`, title and text alike) would be published twice:
    // the copy is named, not the original.
    let site = copy_fixture("errors/persons_real_name");
    let text = std::fs::read_to_string(site.file("content/cases/a.md")).unwrap().replace("王小明, ", "");
    site.write("content/cases/a.md", &text);
    site.write("content/cases/a - 副本.md", &text);
    let r = check(site.path(), &[]);
    r.assert_code(0).assert_headline("content/cases/a - 副本.md:1:1: 警告: 与 content/cases/a.md 的标题和正文完全相同, 像是复制出来的副本");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    check(site.path(), &["--strict"]).assert_code(1);
}

#[test]
fn real_name_in_a_public_build_writes_nothing() {
    // `build --audience public` with a real name fails and creates no output folder.
    let site = copy_fixture("errors/persons_real_name");
    let out = site.out("public");
    build(site.path(), &out, &["--audience", "public"]).assert_code(1);
    assert!(!out.exists(), "a failed build created {}", out.display());
}

#[test]
fn real_name_is_a_warning_in_an_internal_build() {
    // The same name is only a warning for the internal audience: exit 0.
    let site = copy_fixture("errors/persons_real_name");
    let r = check(site.path(), &[]);
    r.assert_code(0).assert_headline("content/cases/a.md:7:11: 警告: 人名 \"王小明\" 未经匿名处理");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

#[test]
fn redact_name_in_content_is_an_error() {
    // A name of the `[redact] names_file` list in a case body: an error at its line:col (check
    // and build alike); a build also names the output page that would carry it, and writes nothing.
    check_fails("errors/redact_name", &[])
        .assert_headline("content/cases/a.md:12:4: 错误: 出现了保密名单中的真实姓名 \"李建国\"");
    let site = copy_fixture("errors/redact_name");
    let out = site.out("out");
    build(site.path(), &out, &[])
        .assert_code(1)
        .assert_headline("content/cases/a.md:12:4: 错误: 出现了保密名单中的真实姓名 \"李建国\"")
        .assert_stderr_contains("cases/a/index.html");
    assert!(!out.exists());
}

#[test]
fn redact_name_in_a_file_name_or_an_attachment_is_an_error() {
    // A listed name in the name of a bundle's file, or inside a text attachment, is an error at
    // that file, by check and build alike; the build also names the output path, and writes
    // nothing.
    let site = copy_fixture("errors/redact_name");
    site.write("content/pages/ziliao/index.md", "---\ntitle: 学习资料\naudience: public\n---\n资料见附件。\n");
    site.write("content/pages/ziliao/李建国处分决定.pdf", b"%PDF-1.4\n");
    site.write("content/pages/ziliao/谈话记录.txt", "谈话对象：李建国\n");
    let said = |r: &Run| {
        r.assert_headline("content/pages/ziliao/李建国处分决定.pdf: 错误: 文件名中含有保密名单中的真实姓名 \"李建国\"")
            .assert_headline("content/pages/ziliao/谈话记录.txt: 错误: 附件中含有保密名单中的真实姓名 \"李建国\"");
    };
    let r = check(site.path(), &[]);
    r.assert_code(1);
    said(&r);
    let out = site.out("out");
    let r = build(site.path(), &out, &[]);
    r.assert_code(1).assert_stderr_contains("输出文件 pages/ziliao/李建国处分决定.pdf: 错误: 输出文件的路径中含有保密名单中的真实姓名");
    said(&r);
    assert!(!out.exists());
    assert!(!out.with_file_name(".out.zhengfeng-new").exists(), "the temporary folder is gone");
}

#[test]
fn redact_name_inside_office_files_other_encodings_and_invisible_marks_is_an_error() {
    // An Excel roster (zip-compressed XML), a CSV saved as GB18030, a text saved as UTF-16 and a
    // body with a zero-width space inside the name: each found, by check and build alike.
    let site = copy_fixture("errors/redact_name");
    site.write("content/pages/ziliao/index.md", "---\ntitle: 学习资料\naudience: public\n---\n资料见附件，谈话对象李\u{200B}建国。\n");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "李建国").unwrap();
    site.write("content/pages/ziliao/名册.xlsx", wb.save_to_buffer().unwrap());
    let (gbk, _, _) = encoding_rs::GB18030.encode("李建国,科员\n");
    site.write("content/pages/ziliao/名单.csv", gbk.as_ref());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("李建国".encode_utf16().flat_map(|u| u.to_le_bytes()));
    site.write("content/pages/ziliao/名单16.txt", utf16);
    let said = |r: &Run| {
        for file in ["名册.xlsx", "名单.csv", "名单16.txt"] {
            r.assert_headline(&format!("content/pages/ziliao/{file}: 错误: 附件中含有保密名单中的真实姓名 \"李建国\""));
        }
        r.assert_stderr_contains("content/pages/ziliao/index.md:5:");
    };
    let r = check(site.path(), &[]);
    r.assert_code(1);
    said(&r);
    let r = build(site.path(), &site.out("out"), &[]);
    r.assert_code(1);
    said(&r);
}

// ---------------------------------------------------------------------------------------------
// Line numbers, several errors

#[test]
fn front_matter_error_on_third_line_reports_line_three() {
    // Line numbers count from the top of the file, including the opening `---`, comments and
    // blank lines inside the front matter.
    check_fails("errors/error_on_third_line", &[])
        .assert_headline("content/pages/about.md:3:11: 错误: 受众 \"everyone\" 无效, 应为 internal (内部) 或 public (公开)")
        .assert_headline("content/pages/guide.md:6:11: 错误: 受众 \"everyone\" 无效, 应为 internal (内部) 或 public (公开)");
}

#[test]
fn all_errors_of_a_run_are_reported() {
    // Three files with one error each: all three are reported, and the count says 3.
    let r = check_fails("errors/three_errors", &[]);
    r.assert_headline("content/cases/a.md:5:7: 错误: 形态 form 应为 1 到 4 (四种形态), 实际为 5")
        .assert_headline("content/mechanisms/supervision.md:6:9: 错误: 状态 \"valid\" 无效")
        .assert_headline("content/pages/about.md:3:11: 错误: 受众 \"everyone\" 无效, 应为 internal (内部) 或 public (公开)")
        .assert_stderr_contains("发现 3 个错误");
    assert_eq!(r.headlines().len(), 3, "{}", r.stderr);
}

#[test]
fn each_error_shows_the_line_and_a_caret() {
    // Under the headline: the offending line and a caret under the column (CJK is 2 wide).
    let r = check_fails("errors/wrong_type_form", &[]);
    let lines: Vec<&str> = r.stderr.lines().collect();
    let i = lines.iter().position(|l| l.starts_with("content/cases/a.md:5:7:")).expect("headline");
    assert_eq!(lines[i + 1], " 5 | form: 二级");
    assert_eq!(lines[i + 2], "   |       ^");
}

// ---------------------------------------------------------------------------------------------
// Encodings: bytes written by the test

/// "中文" in GBK.
const GBK_ZHONGWEN: [u8; 4] = [0xD6, 0xD0, 0xCE, 0xC4];

fn check_encoding_case(rel: &str, bytes: &[u8]) -> Run {
    let site = copy_fixture("errors/encoding_base");
    site.write(rel, bytes);
    let before = snapshot(site.root.path());
    let r = check(site.path(), &[]);
    assert_eq!(before, snapshot(site.root.path()), "check wrote to the disk");
    r
}

#[test]
fn a_body_nested_too_deep_is_an_error_where_it_goes_too_deep() {
    // 50,000 `>` on a line: no page is so meant, and sanitising it took seconds per thousand.
    let quotes = ">".repeat(50_000);
    let r = check_encoding_case("content/pages/deep.md", format!("---\ntitle: 深\n---\n{quotes} 深\n").as_bytes());
    r.assert_code(1).assert_headline("content/pages/deep.md:4:65: 错误: 正文的嵌套层次过深 (超过 64 层): 引用 (>)、列表或强调符号一层套一层");
}

#[test]
fn a_file_with_nul_bytes_is_named_as_damaged() {
    // A NUL ends what the YAML reader reads: a file zero-filled from the middle (a USB stick
    // pulled out too soon) would lose its last fields in silence. It is an error where the first
    // NUL is, with the count.
    let r = check_encoding_case("content/pages/nul.md", b"---\ntitle: \xe5\x85\xb3\xe4\xba\x8e\ndisposition: x\0y\n---\n\0\0\n");
    r.assert_code(1).assert_headline("content/pages/nul.md:3:15: 错误: 文件中有 3 个空字符 (NUL), 从这里起: 文件可能已损坏, 这里之后的内容可能不完整");
}

#[test]
fn gbk_markdown_file_is_named_as_gbk() {
    // A page saved as GBK: the error says GBK and how to re-save as UTF-8.
    let mut bytes = b"---\ntitle: ".to_vec();
    bytes.extend_from_slice(&GBK_ZHONGWEN);
    bytes.extend_from_slice(b"\n---\n");
    let r = check_encoding_case("content/pages/gbk.md", &bytes);
    r.assert_code(1)
        .assert_headline("content/pages/gbk.md:2:8: 错误: 文件不是 UTF-8 编码, 看起来是 GBK/GB18030 编码 (旧版中文编辑器的默认格式)")
        .assert_stderr_contains("另存为")
        .assert_stderr_contains("UTF-8 后保存");
}

#[test]
fn gbk_yaml_file_is_named_as_gbk() {
    // units.yaml saved as GBK: the error is where the Chinese starts, after `  name: ` (2:9).
    let mut bytes = b"- id: fx-court\n  name: ".to_vec();
    bytes.extend_from_slice(&GBK_ZHONGWEN);
    bytes.extend_from_slice(b"\n  type: x\n");
    check_encoding_case("content/units.yaml", &bytes)
        .assert_code(1)
        .assert_headline("content/units.yaml:2:9: 错误: 文件不是 UTF-8 编码, 看起来是 GBK/GB18030 编码 (旧版中文编辑器的默认格式)");
}

#[test]
fn gbk_config_file_is_named_as_gbk() {
    // zhengfeng.toml saved as GBK.
    let mut bytes = b"title = \"".to_vec();
    bytes.extend_from_slice(&GBK_ZHONGWEN);
    bytes.extend_from_slice(b"\"\n");
    check_encoding_case("zhengfeng.toml", &bytes)
        .assert_code(1)
        .assert_headline("zhengfeng.toml:1:10: 错误: 文件不是 UTF-8 编码, 看起来是 GBK/GB18030 编码 (旧版中文编辑器的默认格式)");
}

#[test]
fn non_utf8_file_is_an_error() {
    // Bytes that are neither UTF-8 nor GBK: a plain "not UTF-8" error at the first bad byte.
    let r = check_encoding_case("content/pages/bad.md", b"---\ntitle: a\xff\xfe\xfd\n---\n");
    r.assert_code(1).assert_headline("content/pages/bad.md:2:9: 错误: 文件不是 UTF-8 文本");
    assert!(!r.stderr.contains("GBK"), "{}", r.stderr);
}

#[test]
fn utf16_file_is_an_error() {
    // A UTF-16 file (what some Windows tools save) is refused at 1:1, named for what it is.
    let mut bytes = vec![0xFF, 0xFE];
    for u in "---\ntitle: 关于\n---\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    check_encoding_case("content/pages/utf16.md", &bytes)
        .assert_code(1)
        .assert_headline("content/pages/utf16.md:1:1: 错误: 文件不是 UTF-8 编码, 是 UTF-16 编码 (记事本中叫“Unicode”)");
}

#[test]
fn bom_and_crlf_files_are_accepted() {
    // A page with a UTF-8 BOM and CRLF endings, and a CRLF units.yaml, check clean and build.
    let site = copy_fixture("errors/encoding_base");
    site.write("content/pages/windows.md", "\u{feff}---\r\ntitle: 记事本保存的页面\r\naudience: public\r\n---\r\n正文第一段。\r\n\r\n正文第二段。\r\n");
    site.write("content/units.yaml", "\u{feff}- id: fx-court\r\n  name: 凤溪县人民法院\r\n  type: 法院\r\n");
    let r = check(site.path(), &[]);
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let html = std::fs::read_to_string(out.join("pages/windows/index.html")).expect("page of the CRLF file");
    assert!(html.contains("记事本保存的页面"));
    assert!(!html.contains('\u{feff}'), "BOM leaked into the page");
    assert!(!html.contains('\r'), "CR leaked into the page");
}

#[test]
fn error_in_a_crlf_file_has_the_right_line() {
    // Errors in BOM + CRLF files are on the same line:col as in LF files.
    let site = copy_fixture("errors/encoding_base");
    site.write("content/pages/windows.md", "\u{feff}---\r\ntitle: 关于\r\naudience: everyone\r\n---\r\n");
    site.write(
        "content/units.yaml",
        "\u{feff}- id: fx-zfw\r\n  name: 凤溪县委政法委\r\n  type: 政法委\r\n- id: fx-court\r\n  name: 凤溪县人民法院\r\n  type: 法院\r\n  parent: fx-zwf\r\n",
    );
    let before = snapshot(site.root.path());
    let r = check(site.path(), &[]);
    r.assert_code(1)
        .assert_headline("content/pages/windows.md:3:11: 错误: 受众 \"everyone\" 无效, 应为 internal (内部) 或 public (公开)");
    // The units error is found by a later stage; fix the page and check again.
    site.write("content/pages/windows.md", "\u{feff}---\r\ntitle: 关于\r\n---\r\n");
    check(site.path(), &[]).assert_code(1).assert_headline("content/units.yaml:7:11: 错误: 引用了不存在的上级单位 \"fx-zwf\"");
    let mut after = snapshot(site.root.path());
    after.insert("site/content/pages/windows.md".into(), before["site/content/pages/windows.md"].clone());
    assert_eq!(before, after, "check wrote to the disk");
}

#[test]
fn markdown_body_error_in_crlf_file_has_the_right_line() {
    // A broken link in the body of a CRLF file is reported on its own line and column.
    let site = copy_fixture("errors/encoding_base");
    site.write("content/pages/windows.md", "\u{feff}---\r\ntitle: 关于\r\n---\r\n第一段。\r\n\r\n见[别处](@/pages/nowhere.md)。\r\n");
    check(site.path(), &[])
        .assert_code(0)
        .assert_headline("content/pages/windows.md:6:2: 警告: 链接 \"@/pages/nowhere.md\" 指向的页面不存在");
}

// An indicator id twice in the rubric is the one error shown: the scorecards that use the rubric
// are not checked against it until it is mended (each would repeat the one mistake).
#[test]
fn a_duplicated_indicator_id_is_not_repeated_by_every_scorecard() {
    let site = copy_fixture("errors/valid");
    let rubric = std::fs::read_to_string(site.file("content/scorecards/rubric.yaml")).unwrap();
    site.write("content/scorecards/rubric.yaml", rubric.replace("{ id: education,", "{ id: leadership,"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("content/scorecards/rubric.yaml:3:11: 错误: 指标标识 \"leadership\" 重复");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

// A unit id written twice (here fx-court typed as its parent's id) is said once, at the second,
// with no claim that the unit is its own parent.
#[test]
fn a_duplicated_unit_id_is_said_once() {
    let site = copy_fixture("errors/valid");
    let units = std::fs::read_to_string(site.file("content/units.yaml")).unwrap();
    site.write("content/units.yaml", units.replace("- id: fx-court", "- id: fx-zfw"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("content/units.yaml:4:7: 错误: 单位标识 \"fx-zfw\" 重复");
    assert!(!r.stderr.contains("自己的上级"), "{}", r.stderr);
}

// One run lists the problems of both stages: a field misspelt (found as files are read) does not
// hide an unknown unit or a score out of range (found as they are checked together). What only
// follows from a file that could not be read is left out: a case that names a mechanism in a
// file with a syntax error is not told the mechanism is unknown.
#[test]
fn one_run_lists_problems_of_every_stage() {
    let site = copy_fixture("errors/valid");
    let case = std::fs::read_to_string(site.file("content/cases/a.md")).unwrap();
    site.write("content/cases/a.md", case.replace("form: 1", "form: 1\nunit: fx-courtt"));
    site.write("content/cases/b.md", case.replace("title:", "titel:"));
    let card = std::fs::read_to_string(site.file("content/scorecards/2025-H1/fx-court.yaml")).unwrap();
    site.write("content/scorecards/2025-H1/fx-court.yaml", card.replace("leadership: 14", "leadership: 15.5"));
    let r = check(site.path(), &[]);
    r.assert_code(1);
    r.assert_headline("content/cases/b.md:2:1: 错误: 未知字段 \"titel\"");
    r.assert_headline("content/cases/a.md:6:7: 错误: 引用了不存在的单位 \"fx-courtt\"");
    r.assert_headline("content/scorecards/2025-H1/fx-court.yaml:4:15: 错误: \"领导责任落实\" 得分 15.5 超出范围 0 到 15.0");

    let site = copy_fixture("errors/valid");
    site.write("content/cases/a.md", case.replace("form: 1", "form: 1\nmechanisms: [supervision]"));
    let mechanism = std::fs::read_to_string(site.file("content/mechanisms/supervision.md")).unwrap();
    site.write("content/mechanisms/supervision.md", mechanism.replace("status: in-force", "status: in-force\n\tbad: 1"));
    let r = check(site.path(), &[]);
    r.assert_code(1);
    assert!(r.headlines().iter().all(|h| h.starts_with("content/mechanisms/supervision.md")), "{}", r.stderr);

    // A period's own rubric that does not parse: its scorecards are not checked against the
    // shared rubric meanwhile (each would miss the indicators it renamed).
    let site = copy_fixture("errors/valid");
    let rubric = std::fs::read_to_string(site.file("content/scorecards/rubric.yaml")).unwrap();
    site.write("content/scorecards/2025-H1/rubric.yaml", rubric.replace("id: leadership", "id: lead2").replace("bonus_cap: 1", "bonus_cap: 1\n\tbad: 1"));
    let card = std::fs::read_to_string(site.file("content/scorecards/2025-H1/fx-court.yaml")).unwrap();
    site.write("content/scorecards/2025-H1/fx-court.yaml", card.replace("leadership:", "lead2:"));
    let r = check(site.path(), &[]);
    r.assert_code(1);
    assert!(r.headlines().iter().all(|h| h.starts_with("content/scorecards/2025-H1/rubric.yaml")), "{}", r.stderr);
}

#[test]
fn units_whose_parents_go_round_in_a_circle_are_an_error() {
    // fx-zfw under fx-court and fx-court under fx-zfw: one error, at the parent of the first of
    // them in the file, naming both.
    let site = copy_fixture("errors/valid");
    let units = std::fs::read_to_string(site.file("content/units.yaml")).unwrap();
    site.write("content/units.yaml", units.replace("  type: 政法委\n", "  type: 政法委\n  parent: fx-court\n"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(
        "content/units.yaml:4:11: 错误: 上级单位形成了循环: 凤溪县委政法委 (fx-zfw) → 凤溪县人民法院 (fx-court) → 凤溪县委政法委 (fx-zfw)",
    );
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

#[test]
fn a_missing_image_is_listed_with_the_other_errors_of_the_run() {
    // A score with two decimals (a file that does not read) or an unknown unit (a wrong
    // reference), and an image that is nowhere in another file: one run lists both.
    let site = copy_fixture("errors/valid");
    let case = std::fs::read_to_string(site.file("content/cases/a.md")).unwrap();
    let lines = case.lines().count();
    site.write("content/cases/a.md", format!("{case}\n![图](不存在.png)\n"));
    let card = std::fs::read_to_string(site.file("content/scorecards/2025-H1/fx-court.yaml")).unwrap();
    site.write("content/scorecards/2025-H1/fx-court.yaml", card.replace("leadership: 14", "leadership: 13.55"));
    let image = format!("content/cases/a.md:{}:1: 错误: 找不到图片 \"不存在.png\"", lines + 2);
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&image).assert_headline("content/scorecards/2025-H1/fx-court.yaml:4:15: 错误: 数值 \"13.55\" 超过一位小数");
    site.write("content/scorecards/2025-H1/fx-court.yaml", card.replace("unit: fx-court", "unit: fx-courtt"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&image);
    assert!(r.stderr.contains("引用了不存在的单位 \"fx-courtt\""), "{}", r.stderr);
}

#[test]
fn a_file_that_does_not_read_hides_only_the_references_that_may_be_to_it() {
    // A case file that does not parse (c.md): the training's reference to `c` is not called
    // unknown (it is unread), but its reference to `b`, which no file may hold, is — in the
    // same run as the parse error.
    let site = copy_fixture("errors/unknown_ref_training_case");
    let t = std::fs::read_to_string(site.file("content/trainings/t.md")).unwrap();
    site.write("content/trainings/t.md", t.replace("cases: [a, b]", "cases: [a, b, c]"));
    site.write("content/cases/c.md", "---\ntitle: 某案\ndate: 2025-01-01\nviolations: [违规饮酒]\nform: 9\ndisposition: 谈话提醒\n---\n正文。\n");
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("content/trainings/t.md:4:12: 错误: 引用了不存在的案例 \"b\"");
    assert!(!r.stderr.contains("引用了不存在的案例 \"c\""), "{}", r.stderr);
    assert!(r.headlines().iter().any(|h| h.starts_with("content/cases/c.md:")), "{}", r.stderr);
}

#[test]
fn a_file_that_cannot_be_read_stops_no_other_check() {
    // A case saved in GBK and a score out of range elsewhere: one run lists both; a training's
    // reference to the unreadable case (by its file's name) is not called unknown.
    let site = copy_fixture("errors/valid");
    let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 某案\n---\n正文。\n");
    site.write("content/cases/b.md", gbk.as_ref());
    site.write("content/trainings/t.md", "---\ntitle: 警示教育\ndate: 2025-09-20\ncases: [a, b]\n---\n教案。\n");
    let card = "content/scorecards/2025-H1/fx-court.yaml";
    let text = std::fs::read_to_string(site.file(card)).unwrap();
    site.write(card, text.replace("leadership: 14", "leadership: 99"));
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&format!("{card}:4:15: 错误: \"领导责任落实\" 得分 99.0 超出范围 0 到 15.0"));
    assert!(r.headlines().iter().any(|h| h.starts_with("content/cases/b.md:") && h.contains("GBK")), "{}", r.stderr);
    assert!(!r.stderr.contains("引用了不存在的案例"), "{}", r.stderr);
}

#[test]
fn a_file_cut_off_in_the_middle_of_a_character_is_named_as_unfinished() {
    // An editor's save caught half-way (serve reads on the first write event), or a copy cut
    // short: UTF-8 up to a character whose last bytes are missing. Not "another encoding".
    let mut bytes = "---\ntitle: 关于\n---\n正文".as_bytes().to_vec();
    bytes.extend_from_slice(&"内".as_bytes()[..2]);
    let r = check_encoding_case("content/pages/cut.md", &bytes);
    r.assert_code(1).assert_headline("content/pages/cut.md:4:3: 错误: 文件在一个字符的中间结束: 可能还没有保存完, 或复制时被截断");
}
