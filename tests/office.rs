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

// The words a Chinese keyboard gives for values: `第二种形态` or `二` for a form, 公开 for
// public, and the full stop `。` typed between the parts of a date.
#[test]
fn forms_audiences_and_dates_in_chinese_words_read_as_values() {
    let site = copy_fixture("office/forms");
    let case = "content/cases/a.md";
    let text = std::fs::read_to_string(site.file(case)).unwrap();
    for (form, want) in [("第二种形态", 2), ("三", 3), ("第四种", 4)] {
        let edited = text.replace("form: ２", &format!("form: {form}")).replace("date: 2025年3月5日", "date: 2025。3。5").replace("disposition: 谈话提醒", "disposition: 谈话提醒\naudience: 公开");
        site.write(case, edited);
        let out = site.out("out");
        build(site.path(), &out, &["--strict", "--audience", "public"]).assert_code(0);
        let data = site_json(&out);
        assert_eq!(data["cases"][0]["form"], want, "{form}");
        assert_eq!(data["cases"][0]["date"], "2025-03-05");
    }
    site.write(case, text.replace("form: ２", "form: 第五种形态"));
    check(site.path(), &[]).assert_code(1).assert_stderr_contains("也可以写成 第一种形态 … 第四种形态");
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

// A missing space after the colon, a space too many before a field, quotes as Word types them,
// and a `#` glued to the value (as
// when the 待填写 before a note of `new`'s is replaced up to the `#`): each named where it
// stands, with the line as it should be; what still reads is a warning, not a silent value.
#[test]
fn colon_without_space_word_quotes_and_glued_notes_are_named() {
    let site = copy_fixture("errors/full_width_colon_front_matter");
    let case = "content/cases/a.md";
    let good = std::fs::read_to_string(site.file(case)).unwrap().replace("disposition：谈话提醒", "disposition: 谈话提醒");
    let with = |from: &str, to: &str| {
        assert!(good.contains(from), "{from}");
        site.write(case, good.replacen(from, to, 1));
        check(site.path(), &[])
    };
    with("disposition: 谈话提醒", " disposition: 谈话提醒").assert_code(1).assert_headline(&format!("{case}:6:1: 错误: 这一行开头多了 1 个空格, 与上面的字段没有对齐"));
    with("form: 1", "form:1").assert_code(1).assert_headline(&format!("{case}:5:5: 错误: 冒号后缺少空格, 这一行读不出字段")).assert_stderr_contains("`form: 1`");
    with("title: 某县法院干警工作日午间饮酒问题", "title: “通报: 某县法院干警饮酒问题”")
        .assert_code(1)
        .assert_headline(&format!("{case}:2:8: 错误: 值两边用的是中文引号 “ ”, YAML 只认英文引号 \" \""))
        .assert_stderr_contains("`title: \"通报: 某县法院干警饮酒问题\"`");
    with("form: 1", "form: 1# 四种形态, 填数字: 1 批评教育")
        .assert_code(1)
        .assert_headline(&format!("{case}:5:8: 错误: `#` 前没有空格, `#` 和它后面的说明都被当成了值"))
        .assert_stderr_contains("`form: 1`");
    let r = with("disposition: 谈话提醒", "disposition: 谈话提醒# 处理结果, 例如 党内警告、诫勉谈话");
    r.assert_code(0).assert_headline(&format!("{case}:6:14: 警告: `#` 前没有空格, 其后的说明成了值的一部分: 谈话提醒# 处理结果, 例如 党内警告、诫勉谈话"));
    r.assert_stderr_contains("只留 \"谈话提醒\"");
    with("title: 某县法院干警工作日午间饮酒问题", "title: “某县法院干警饮酒问题”").assert_code(0).assert_headline(&format!("{case}:2:8: 警告: 值两边的中文引号会原样出现在页面上: “某县法院干警饮酒问题”"));
    // `3# 监区` is how a prison area is numbered, no note glued to a value.
    let r = with("disposition: 谈话提醒", "disposition: 3# 监区谈话提醒");
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
    // A date with the note glued on is one error, which says so.
    with("date: 2025-03-12", "date: 2025-03-12# 处理决定或通报的日期").assert_code(1).assert_stderr_contains("`#` 前没有空格, 其后的说明成了日期的一部分");
    // An address in a text block is no field missing its space: the Word quotes below are
    // what the parser stopped at.
    let r = with("disposition: 谈话提醒", "summary: |\n  见 https://www.example.gov.cn/tb/2025/01.html\ndisposition: “党内警告: 责令检查”");
    r.assert_code(1).assert_headline(&format!("{case}:8:14: 错误: 值两边用的是中文引号 “ ”, YAML 只认英文引号 \" \""));
    // A heading typed without the space after its `#` reads as text: said.
    let r = with("## 基本案情", "##基本案情");
    r.assert_code(0).assert_headline(&format!("{case}:8:1: 警告: # 后没有空格, 这一行不是标题, 会作为正文显示: ##基本案情"));
    // Quotes inside a title are the title's own.
    let r = with("title: 某县法院干警工作日午间饮酒问题", "title: “七一”前后某法院干警饮酒问题");
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Nothing unfinished is published

#[test]
fn unfilled_marker_is_an_error_wherever_it_remains() {
    // `待填写` left in front matter (a list item and a text field) and in units.yaml: each an
    // error "尚未填写" at the value, in check and in build, and nothing is written.
    let expected = [
        "content/cases/a.md:4:14: 错误: 尚未填写: \"待填写违纪类型\"",
        "content/cases/a.md:6:14: 错误: 尚未填写: \"待填写处理结果\"",
        "content/units.yaml:6:9: 错误: 尚未填写: \"待填写\"",
    ];
    let r = check_fails("errors/unfilled_marker", &[]);
    for h in expected {
        r.assert_headline(h);
    }
    assert_eq!(r.headlines().len(), 3, "{}", r.stderr);
    let site = copy_fixture("errors/unfilled_marker");
    let out = site.out("out");
    let r = build(site.path(), &out, &[]);
    r.assert_code(1);
    for h in expected {
        r.assert_headline(h);
    }
    assert!(!out.exists(), "a build with blanks wrote {}", out.display());
}

#[test]
fn an_empty_score_is_an_error_not_a_zero() {
    // `leadership:` with nothing after it (at the key, 4:3) and `education: ~` (at the `~`,
    // 5:14): never read as 0.
    let r = check_fails("errors/empty_score", &[]);
    r.assert_headline("content/scorecards/2025-H1/fx-court.yaml:4:3: 错误: 尚未填写: \"leadership\" 的得分")
        .assert_headline("content/scorecards/2025-H1/fx-court.yaml:5:14: 错误: 尚未填写: \"education\" 的得分");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
}

/// A site made by `init`.
fn init_site(label: &str) -> Site {
    let root = TempDir::new(label);
    let site = root.join("site");
    run(["init".as_ref(), site.as_os_str()]).assert_code(0);
    Site { root, site }
}

/// The text of a new file with every blank filled as a user would: `待填写` values by what the
/// field holds, empty scores with a score.
fn fill(text: &str, kind: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let (yaml, comment) = match line.find(" # ") {
            Some(i) if !line.trim_start().starts_with('#') => line.split_at(i),
            _ => (line, ""),
        };
        let filled = if line.starts_with("（待填写") {
            // A section's guidance in the body.
            "示例正文。".to_string()
        } else if yaml.contains("待填写") {
            let key = yaml.split(':').next().unwrap_or("").trim();
            let value = match key {
                "date" | "effective" | "assessed_on" => "2025-06-01",
                "form" => "2",
                "kind" if kind == "model" => "collective",
                "violations" => "[违规饮酒]",
                _ => "示例内容",
            };
            format!("{key}: {value}")
        } else if yaml.trim_end().ends_with(": ~") {
            yaml.replace(": ~", ": 10")
        } else {
            yaml.to_string()
        };
        out.push_str(&filled);
        out.push_str(comment);
        out.push('\n');
    }
    out
}

/// `check`'s headlines for the blanks of `text` in `file`: every value holding `待填写` (at its
/// first character), every empty score or duty's count (at its `~`), and every section's
/// guidance left in the body (at its line's start).
fn blanks(file: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = "";
    for (i, line) in text.lines().enumerate() {
        let yaml = if line.trim_start().starts_with('#') { "" } else { line.split(" # ").next().unwrap_or("") };
        if !yaml.starts_with(' ') && yaml.contains(':') {
            section = yaml.split(':').next().unwrap_or("");
        }
        if line.starts_with("（待填写") {
            let said: String = line.chars().take(30).collect();
            out.push(format!("{file}:{}:1: 错误: 正文尚未填写: 这里还是 zhengfeng new 写入的填写说明 \"{said}…\"", i + 1));
        } else if let Some(at) = yaml.find(": ~").filter(|_| section == "requirements") {
            let key = yaml[..at].trim();
            out.push(format!("{file}:{}:{}: 错误: 尚未填写: 履职要求 \"{key}\" 本期完成的次数", i + 1, at + 3));
        } else if let Some(at) = yaml.find("待填写") {
            let col = yaml[..at].chars().count() + 1;
            let end = yaml[at..].find([']', ' ']).map_or(yaml.len(), |e| at + e);
            out.push(format!("{file}:{}:{col}: 错误: 尚未填写: \"{}\"", i + 1, &yaml[at..end]));
        } else if let Some(at) = yaml.find(": ~") {
            let key = yaml[..at].trim();
            out.push(format!("{file}:{}:{}: 错误: 尚未填写: \"{key}\" 的得分", i + 1, at + 3));
        }
    }
    out
}

#[test]
fn new_files_of_every_kind_are_refused_until_filled() {
    // `new` for every kind it writes (and `new scorecard`): check names each blank at its
    // line:column and refuses the file; filled in, the same file checks clean and builds.
    for kind in ["mechanism", "case", "training", "inspection", "model"] {
        let site = init_site(kind);
        let r = run(["new".as_ref(), kind.as_ref(), "新建示例条目".as_ref(), "--site".as_ref(), site.path().as_os_str()]);
        r.assert_code(0);
        let folder = zhengfeng::model::Kind::ALL.into_iter().find(|k| k.name() == kind).expect("a kind").folder();
        let rel = format!("content/{folder}/xin-jian-shi-li-tiao-mu.md");
        let path = site.file(&rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = blanks(&rel, &text);
        assert!(!expected.is_empty(), "{kind}: nothing to fill in\n{text}");
        let r = check(site.path(), &[]);
        r.assert_code(1);
        let mut got: Vec<&str> = r.headlines();
        got.sort();
        let mut want: Vec<&str> = expected.iter().map(String::as_str).collect();
        want.sort();
        assert_eq!(got, want, "{kind}:\n{}", r.stderr);
        build(site.path(), &site.out("out"), &[]).assert_code(1);
        std::fs::write(&path, fill(&text, kind)).unwrap();
        let r = check(site.path(), &["--strict"]);
        r.assert_code(0);
        build(site.path(), &site.out("out"), &[]).assert_code(0);
    }

    // A scorecard: every score empty, the date a blank.
    let site = init_site("scorecard");
    let r = run(["new".as_ref(), "scorecard".as_ref(), "qh-court".as_ref(), "2026-H1".as_ref(), "--site".as_ref(), site.path().as_os_str()]);
    r.assert_code(0);
    let path = site.file("content/scorecards/2026-H1/qh-court.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let expected = blanks("content/scorecards/2026-H1/qh-court.yaml", &text);
    assert_eq!(expected.len(), 6, "a date, three scores and two duties' counts:\n{text}");
    let r = check(site.path(), &[]);
    r.assert_code(1);
    let mut got: Vec<&str> = r.headlines();
    got.sort();
    let mut want: Vec<&str> = expected.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(got, want, "{}", r.stderr);
    std::fs::write(&path, fill(&text, "scorecard")).unwrap();
    check(site.path(), &["--strict"]).assert_code(0);
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let data = site_json(&out);
    let card = data["scorecards"].as_array().unwrap().iter().find(|s| s["unit"] == "qh-court" && s["period"] == "2026-H1").cloned();
    assert_eq!(card.expect("the filled card")["total"], 30.0);
}

// ---------------------------------------------------------------------------------------------
// A list item holding ，or 、

#[test]
fn list_item_with_a_chinese_comma_is_a_warning_at_the_item() {
    // `[违反中央八项规定精神，违规接受宴请]` (4:14) and `- 王某、李某` (8:5) each read as one
    // entry: a warning at the item, whose hint shows the list written as two; exit 0, and an
    // error under --strict.
    let site = copy_fixture("errors/list_item_comma");
    let r = check(site.path(), &[]);
    r.assert_code(0)
        .assert_headline("content/cases/a.md:4:14: 警告: 列表项 \"违反中央八项规定精神，违规接受宴请\" 含有中文逗号 \"，\", 会被当作一项")
        .assert_headline("content/cases/a.md:8:5: 警告: 列表项 \"王某、李某\" 含有顿号 \"、\", 会被当作一项")
        .assert_stderr_contains("[违反中央八项规定精神, 违规接受宴请]");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
    check_fails("errors/list_item_comma", &["--strict"])
        .assert_headline("content/cases/a.md:4:14: 错误: 列表项 \"违反中央八项规定精神，违规接受宴请\" 含有中文逗号 \"，\", 会被当作一项");
}

// ---------------------------------------------------------------------------------------------
// A reference by title

#[test]
fn reference_by_title_names_the_id_in_its_hint() {
    // A training citing a case by its title, and a case naming its unit by the unit's name:
    // each an unknown reference at the value, whose hint gives the id to write instead.
    let r = check_fails("errors/title_reference", &[]);
    r.assert_headline("content/trainings/t.md:4:9: 错误: 引用了不存在的案例 \"某县法院干警工作日午间饮酒问题\"")
        .assert_stderr_contains("提示: 这是案例的标题; 引用要写它的标识 (id): a")
        .assert_headline("content/cases/a.md:7:7: 错误: 引用了不存在的单位 \"凤溪县人民法院\"")
        .assert_stderr_contains("提示: 这是单位的名称; 引用要写它的标识 (id): fx-court");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Unknown folders and files under content/

#[test]
fn unknown_folder_and_file_under_content_are_warnings_naming_them() {
    // content/notices/ (a folder no reader takes) and a .docx among the cases: each a warning
    // at its path, the folder named once; exit 0, and errors under --strict.
    let site = copy_fixture("errors/unknown_folder");
    let r = check(site.path(), &[]);
    r.assert_code(0)
        .assert_headline("content/notices:1:1: 警告: 不认识的目录, 其中内容不会发布")
        .assert_headline("content/cases/附件.docx:1:1: 警告: 不认识的文件, 其中内容不会发布")
        .assert_stderr_contains("content/ 中只读取 _index.md、units.yaml 和这些目录")
        .assert_stderr_contains("content/cases/ 中只读取 .md 文件");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
    let r = check_fails("errors/unknown_folder", &["--strict"]);
    r.assert_headline("content/notices:1:1: 错误: 不认识的目录, 其中内容不会发布");
    let site = copy_fixture("errors/unknown_folder");
    std::fs::write(site.file("zhengfeng.toml"), "title = \"测试站点\"\n[build]\nstrict = true\n").unwrap();
    check(site.path(), &[]).assert_code(1).assert_headline("content/cases/附件.docx:1:1: 错误: 不认识的文件, 其中内容不会发布");
}

// ---------------------------------------------------------------------------------------------
// Markdown bodies: Chinese line breaks, outline markers, dead links, script text

#[test]
fn pasted_chinese_lines_join_and_outline_markers_start_paragraphs() {
    // Lines pasted from Word with single line breaks: no space between two Chinese lines, on
    // the page and in the search text; `一、` and `（一）` lines are paragraphs of their own.
    let site = copy_fixture("office/bodies");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let page = std::fs::read_to_string(out.join("pages/notice/index.html")).unwrap();
    for p in [
        "<p>各单位要认真落实纪律作风建设的各项要求，切实加强监督。</p>",
        "<p>一、总体要求</p>",
        "<p>（一）提高认识。各单位要高度重视。</p>",
        "<p>（二）落实责任。见<a href=",
    ] {
        assert!(page.contains(p), "missing {p} in:\n{page}");
    }
    let search = search_text(&out);
    assert!(search.contains("各单位要认真落实纪律作风建设的各项要求，切实加强监督。"), "{search}");
    assert!(!search.contains("落实 纪律"), "{search}");
}

/// Everything the search index shows of its documents (`search/text/*.js`).
fn search_text(out: &std::path::Path) -> String {
    files(out).into_iter().filter(|(p, _)| p.starts_with("search/text/")).map(|(_, b)| String::from_utf8_lossy(&b).into_owned()).collect()
}

#[test]
fn a_link_to_a_missing_page_is_kept_and_warned() {
    // Both links lead nowhere: each keeps its link, rewritten relative (a content file to where
    // its page would be), with a warning at its `[`; an error under --strict.
    let site = copy_fixture("office/bodies");
    let out = site.out("out");
    let r = build(site.path(), &out, &[]);
    r.assert_code(0)
        .assert_headline("content/pages/notice.md:12:2: 警告: 链接 \"@/cases/不存在的案例.md\" 指向的页面不存在")
        .assert_headline("content/pages/notice.md:12:30: 警告: 链接 \"/pages/nowhere/\" 指向的页面不存在");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
    for audience in ["internal", "public"] {
        let out = site.out(audience);
        build(site.path(), &out, &["--audience", audience]).assert_code(0);
        let page = std::fs::read_to_string(out.join("pages/notice/index.html")).unwrap();
        // (A public page's links also get `rel="noopener noreferrer"`.)
        assert!(page.contains("<a href=\"../../cases/bu-cun-zai-de-an-li/index.html\""), "{audience}:\n{page}");
        assert!(page.contains("<a href=\"../../pages/nowhere/\""), "{audience}:\n{page}");
        assert!(page.contains(">不存在的页面</a>和<a ") && page.contains(">另一处</a>。"), "{audience}:\n{page}");
    }
    check_fails("office/bodies", &["--strict"])
        .assert_headline("content/pages/notice.md:12:2: 错误: 链接 \"@/cases/不存在的案例.md\" 指向的页面不存在");
}

#[test]
fn script_and_style_contents_are_never_indexed() {
    // A page's inline <script> and <style>: their contents are in no search file of either
    // audience (the public page drops the elements; the internal page keeps them).
    let site = copy_fixture("office/bodies");
    for audience in ["internal", "public"] {
        let out = site.out(audience);
        build(site.path(), &out, &["--audience", audience]).assert_code(0);
        let search: String = files(&out).into_iter().filter(|(p, _)| p.starts_with("search/")).map(|(_, b)| String::from_utf8_lossy(&b).into_owned()).collect();
        assert!(search.contains("文字之后"), "{audience}: the text around them is indexed");
        assert!(!search.contains("secretScript") && !search.contains("secretStyle"), "{audience}: script or style text indexed");
        let page = std::fs::read_to_string(out.join("pages/notice/index.html")).unwrap();
        assert_eq!(page.contains("secretScript"), audience == "internal", "{audience}:\n{page}");
    }
}

// ---------------------------------------------------------------------------------------------
// Template loops

#[test]
fn a_template_that_extends_itself_is_an_error_naming_it() {
    // A site's templates/base.html that extends "base.html" (itself, since it replaces the
    // theme's): exit 1 with the loop named, in check and in build, never a crash; the hint
    // says how to change one block of the theme's base.html.
    let headline = "templates/base.html:1:1: 错误: 模板循环引用: base.html 继承 base.html";
    check_fails("errors/template_extends_itself", &[]).assert_headline(headline).assert_stderr_contains("{% extends \"theme/base.html\" %}");
    let site = copy_fixture("errors/template_extends_itself");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(1).assert_headline(headline);
    assert!(!out.exists());
}

#[test]
fn templates_including_each_other_are_an_error_naming_both() {
    // a.html includes b.html (line 2), which imports a.html: one loop, named once, at the tag
    // in a.html; check and build exit 1.
    let headline = "templates/a.html:2:3: 错误: 模板循环引用: a.html 包含 b.html, b.html 导入 a.html";
    let r = check_fails("errors/template_include_loop", &[]);
    r.assert_headline(headline);
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    let site = copy_fixture("errors/template_include_loop");
    build(site.path(), &site.out("out"), &[]).assert_code(1).assert_headline(headline);
}

#[test]
fn a_macro_that_calls_itself_is_an_error_not_a_crash() {
    // A macro calling itself (directly, or two calling each other) has no end: the template
    // engine would overflow the stack and take the process down. check and build exit 1 at the
    // call. (Across files, calls need imports both ways: a template loop, said as such.)
    let site = copy_fixture("errors/template_extends_itself");
    std::fs::remove_file(site.file("templates/base.html")).unwrap();
    site.write("templates/m.html", "{% macro r(n) %}{{ self::r(n=n) }}{% endmacro %}\n{% macro p() %}{{ self::q() }}{% endmacro %}\n{% macro q() %}{{ self::p() }}{% endmacro %}\n");
    site.write("templates/case.html", "{% extends \"theme/case.html\" %}{% import \"m.html\" as m %}{% block content %}{{ m::r(n=1) }}{% endblock %}\n");
    let r = check(site.path(), &[]);
    r.assert_code(1)
        .assert_headline("templates/m.html:1:20: 错误: 宏调用了它自己: m.html: r → m.html: r, 会无休止地调用下去")
        .assert_headline("templates/m.html:3:19: 错误: 宏调用了它自己: m.html: p → m.html: q → m.html: p, 会无休止地调用下去");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
    build(site.path(), &site.out("out"), &[]).assert_code(1);
    // A call under an `if` may end (a tree drawn level by level): allowed, and it renders.
    site.write("templates/m.html", "{% macro r(n) %}{{ n }}{% if n > 0 %} {{ self::r(n=n-1) }}{% endif %}{% endmacro r %}\n");
    let out = site.out("ok");
    build(site.path(), &out, &[]).assert_code(0);
    let case = files(&out).into_iter().find(|(k, _)| k.starts_with("cases/") && k.ends_with("/index.html") && k != "cases/index.html").unwrap();
    assert!(String::from_utf8_lossy(&case.1).contains("1 0"), "the macro ran to its end");
}

#[test]
fn a_site_template_changes_one_block_of_the_themes_base() {
    // templates/base.html extending "theme/base.html" replaces only the footer block: every
    // page has the new footer and still the theme's header.
    let site = copy_fixture("office/theme_block");
    let out = site.out("out");
    build(site.path(), &out, &["--strict"]).assert_code(0);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<p>本站页脚</p>"), "{home}");
    assert!(home.contains("测试站点"), "{home}");
}

// ---------------------------------------------------------------------------------------------
// Ids from Chinese names

#[test]
fn ids_from_chinese_names_read_polyphones_as_people_say_them() {
    // A case file named in Chinese and its violation type: 银行 is yin-hang, 还款 huan-kuan.
    let site = copy_fixture("errors/valid");
    site.write(
        "content/cases/某银行干警违规还款问题.md",
        "---\ntitle: 某银行干警违规还款问题\ndate: 2025-04-01\nviolations: [违规还款]\nform: 1\ndisposition: 谈话提醒\n---\n正文。\n",
    );
    let out = site.out("out");
    build(site.path(), &out, &["--strict"]).assert_code(0);
    assert!(out.join("cases/mou-yin-hang-gan-jing-wei-gui-huan-kuan-wen-ti/index.html").is_file());
    assert!(out.join("violations/wei-gui-huan-kuan/index.html").is_file());
}

// ---------------------------------------------------------------------------------------------
// Full-width spaces, commas and brackets where YAML wants ASCII ones

/// The valid fixture with `from` replaced by `to` in one file; `check`'s run.
fn check_with(file: &str, from: &str, to: &str) -> Run {
    let site = copy_fixture("errors/valid");
    let text = std::fs::read_to_string(site.file(file)).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    site.write(file, text.replacen(from, to, 1));
    check(site.path(), &[])
}

#[test]
fn a_full_width_space_in_yaml_is_named_where_it_is_typed() {
    // `form:　1` (the space bar in Chinese mode): at the space, not at the next line.
    let r = check_with("content/cases/a.md", "form: 1", "form:\u{3000}1");
    r.assert_code(1).assert_headline("content/cases/a.md:5:6: 错误: 冒号后是全角空格 `　`, 这里要半角空格").assert_stderr_contains("`form: 1`");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    // The last field of a scorecard: not at a line past the end of the file.
    let r = check_with("content/scorecards/2025-H1/fx-court.yaml", "education: 13.5", "education:\u{3000}13.5");
    r.assert_code(1).assert_headline("content/scorecards/2025-H1/fx-court.yaml:5:13: 错误: 冒号后是全角空格 `　`, 这里要半角空格");
    // Before or after a field's name: one error, the field read by its name (no "missing
    // title" besides).
    for (typed, col) in [("\u{3000}title: ", 1), ("title\u{3000}: ", 1)] {
        let r = check_with("content/cases/a.md", "title: ", typed);
        r.assert_code(1).assert_headline(&format!("content/cases/a.md:2:{col}: 错误: 字段名 \"title\" 前后有全角空格 `　`"));
        assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    }
    // A field written twice: one error, not also "unknown field".
    let r = check_with("content/cases/a.md", "form: 1\n", "form: 1\nform: 2\n");
    r.assert_code(1).assert_headline("content/cases/a.md:6:1: 错误: 字段 \"form\" 重复出现");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
}

#[test]
fn full_width_commas_and_brackets_in_yaml_are_named() {
    let card = "content/scorecards/2025-H1/fx-court.yaml";
    let r = check_with(card, "  leadership: 14\n  education: 13.5", "  { leadership: 14， education: 13.5 }");
    r.assert_code(1).assert_headline(&format!("{card}:4:19: 错误: 括号里用了中文逗号 `，`, 这里要英文逗号 `,`"));
    let r = check_with(card, "scores:\n  leadership: 14\n  education: 13.5", "scores: ｛ leadership: 14, education: 13.5 ｝");
    r.assert_code(1).assert_headline(&format!("{card}:3:9: 错误: 这里用了全角括号 `｛`"));
}

#[test]
fn an_invisible_character_is_shown_in_the_message() {
    // A zero-width space pasted with a field name: the message shows it by its code, else
    // "未知字段 \"form\"" and "是否应为 \"form\"?" would look the same.
    let r = check_with("content/cases/a.md", "form: 1", "form\u{200B}: 1");
    r.assert_code(1);
    assert!(r.stderr.contains("form<U+200B>") && r.stderr.contains("(其中有看不见的字符, 已标出, 请删除)"), "{}", r.stderr);
}

#[test]
fn a_bracket_left_open_is_named_where_it_opens() {
    // `violations: [违规饮酒` with its `]` forgotten: the parser stops at the next field's colon;
    // the error is at the `[`, with the line as it should be. A list over two lines is fine.
    let r = check_with("content/cases/a.md", "violations: [违规饮酒]", "violations: [违规饮酒, 违规吃喝");
    r.assert_code(1)
        .assert_headline("content/cases/a.md:4:13: 错误: 这里的 `[` 没有对应的 `]`")
        .assert_stderr_contains("`violations: [违规饮酒, 违规吃喝]`");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    check_with("content/cases/a.md", "violations: [违规饮酒]", "violations: [违规饮酒,\n  违规吃喝]").assert_code(0);
    // A `[` inside a text is the text's own: another mistake below is not blamed on it.
    let r = check_with("content/cases/a.md", "form: 1\ndisposition: 谈话提醒", "disposition: 谈话提醒（见通报[2024\nform: 1\n  bad: x");
    r.assert_code(1);
    assert!(!r.stderr.contains("没有对应的"), "{}", r.stderr);
}

#[test]
fn a_link_typed_so_that_it_is_no_link_is_reported() {
    // An address with a space (a Windows file name) is an error: the page would show the
    // Markdown as text. Full-width round brackets are a warning (a remark in brackets can
    // follow a `]`). Code is never read.
    let body = "\n![现场 照片](现场 照片.png)\n\n见[通知]（通知.pdf）, 又见[注]（见上文）。\n\n`[a](b c)`\n";
    let site = copy_fixture("errors/valid");
    let text = std::fs::read_to_string(site.file("content/cases/a.md")).unwrap();
    site.write("content/cases/a.md", format!("{text}{body}"));
    let lines = text.lines().count();
    let r = check(site.path(), &[]);
    r.assert_code(1)
        .assert_headline(&format!("content/cases/a.md:{}:1: 错误: 图片的地址中有空格, 页面上只会显示这段文字: ![现场 照片](现场 照片.png)", lines + 2))
        .assert_stderr_contains("![现场 照片](<现场 照片.png>)")
        .assert_headline(&format!("content/cases/a.md:{}:2: 警告: 链接用了中文括号, 页面上只会显示这段文字: [通知]（通知.pdf）", lines + 4))
        .assert_stderr_contains("[通知](通知.pdf)");
    assert_eq!(r.headlines().len(), 2, "{}", r.stderr);
}

#[test]
fn a_number_typed_otherwise_says_how_to_write_it() {
    // `92.4%`, `13。5` (the input method's full stop) and `[14]`: each an error at the value
    // with the number written as it should be.
    let card = "content/scorecards/2025-H1/fx-court.yaml";
    let r = check_with(card, "leadership: 14", "leadership: 13。5");
    r.assert_code(1).assert_headline(&format!("{card}:4:15: 错误: 应为数字, 实际为 \"13。5\"")).assert_stderr_contains("小数点要用英文句点: 13.5");
    let r = check_with(card, "leadership: 14", "leadership: [14]");
    r.assert_code(1).assert_headline(&format!("{card}:4:15: 错误: 应为数字, 实际为列表"));
    let r = check_with(card, "  education: 13.5", "  education: 13.5\nsatisfaction: 92.4%");
    r.assert_code(1).assert_stderr_contains("百分比只写数字, 不加 %: 92.4");
}

#[test]
fn a_hash_that_cuts_a_value_short_is_a_warning() {
    // `title: 某案 #1` reads as `某案` (YAML starts a comment): a warning at the `#` with the
    // value quoted; a comment of one's own (`# 说明`) and a `#` in a `|` text are no warning.
    let r = check_with("content/cases/a.md", "disposition: 谈话提醒", "disposition: 谈话提醒 #2 # 说明");
    r.assert_code(0).assert_headline("content/cases/a.md:6:19: 警告: `#` 及其后的文字被当作注释, 不会出现在页面上").assert_stderr_contains("disposition: \"谈话提醒 #2 # 说明\"");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);
    let r = check_with("content/cases/a.md", "disposition: 谈话提醒", "disposition: 谈话提醒 # 说明\nsummary: |\n  第 #1 号");
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
}

#[test]
fn files_saved_the_windows_way_are_named_with_what_to_do() {
    // A file in UTF-16 (Notepad's "Unicode") and `a.md.txt` (Windows hid the .txt).
    let site = copy_fixture("errors/valid");
    site.write("content/cases/b.md", b"\xff\xfe-\x00-\x00-\x00");
    site.write("content/cases/c.md.txt", "---\ntitle: x\n---\n");
    let r = check(site.path(), &[]);
    r.assert_code(1)
        .assert_headline("content/cases/b.md:1:1: 错误: 文件不是 UTF-8 编码, 是 UTF-16 编码 (记事本中叫“Unicode”)")
        .assert_headline("content/cases/c.md.txt:1:1: 警告: 不认识的文件, 其中内容不会发布")
        .assert_stderr_contains("把它改名为 c.md");
}

#[test]
fn the_words_the_pages_show_are_read_as_values() {
    // `status: 现行有效`, `per: 每半年`, a model's `kind: 先进集体` and a ledger item's
    // `status: 整改中`: read as in-force, half-year, collective and open.
    let site = copy_fixture("errors/valid");
    let m = std::fs::read_to_string(site.file("content/mechanisms/supervision.md")).unwrap();
    site.write(
        "content/mechanisms/supervision.md",
        m.replace("status: in-force", "status: 现行有效\nrequirements:\n  - { id: review, text: 每半年评议一次, at_least: 1, per: 每半年 }"),
    );
    site.write("content/models/m.md", "---\ntitle: 某法院立案庭\ndate: 2025-05-01\nhonour: 模范法庭\nkind: 先进集体\n---\n事迹。\n");
    site.write(
        "content/rectifications/2025.yaml",
        "- { id: r1, unit: fx-court, problem: 台账不全, found_on: 2025-03-01, deadline: 2025-04-01, status: 整改中 }\n",
    );
    let r = check(site.path(), &["--strict"]);
    r.assert_code(0);
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let data = site_json(&out);
    assert_eq!(data["mechanisms"][0]["status"], "in-force", "{}", data["mechanisms"]);
    assert_eq!(data["mechanisms"][0]["requirements"][0], "review", "{}", data["mechanisms"]);
    assert_eq!(data["models"][0]["id"], "m", "{}", data["models"]);
    let page = std::fs::read_to_string(out.join("models/m/index.html")).unwrap();
    assert!(page.contains("先进集体"), "{page}");
    assert_eq!(data["rectifications"][0]["status"], "open", "{}", data["rectifications"]);
}

#[test]
fn a_value_starting_with_a_mark_yaml_reserves_is_told_to_be_quoted() {
    // `disposition: *谈话提醒` (emphasis typed as in Word) and `@谈话提醒`: named in Chinese, with
    // the line as it should be.
    let r = check_with("content/cases/a.md", "disposition: 谈话提醒", "disposition: *谈话提醒");
    r.assert_code(1).assert_headline("content/cases/a.md:6:14: 错误: YAML 格式错误: 以 * 开头的值会被当作 YAML 引用 (别名) (while parsing node, found unknown anchor)").assert_stderr_contains("disposition: \"*谈话提醒\"");
    let r = check_with("content/cases/a.md", "disposition: 谈话提醒", "disposition: @谈话提醒");
    r.assert_code(1).assert_stderr_contains("@ 和 ` 不能出现在值的开头").assert_stderr_contains("disposition: \"@谈话提醒\"");
}
