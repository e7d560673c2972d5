//! `init` and `new` (SPEC §6): a new site has an example of every kind and checks and builds;
//! a new item has every field, its blanks marked so that `check` names them until they are
//! filled (tests/office.rs); nothing is overwritten.

mod common;

use common::*;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use zhengfeng::model::Kind;

/// A site made by `init` in a fresh temp folder.
fn init_site() -> Site {
    let root = TempDir::new("scaffold");
    let site = root.join("site");
    let r = run(["init".as_ref(), site.as_os_str()]);
    r.assert_code(0);
    assert!(r.stdout.contains("已创建新站点"), "{}", r.stdout);
    Site { root, site }
}

/// `zhengfeng new <args...> --site <site>`.
fn new(site: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&OsStr> = vec![OsStr::new("new")];
    all.extend(args.iter().map(OsStr::new));
    all.extend([OsStr::new("--site"), site.as_os_str()]);
    run(all)
}

/// The path `new` printed on stdout.
fn printed_path(r: &Run) -> PathBuf {
    let line = r.stdout.lines().find(|l| l.starts_with("已新建 ")).unwrap_or_else(|| panic!("no path printed:\n{}", r.stdout));
    PathBuf::from(line.trim_start_matches("已新建 ").trim())
}

fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

fn site_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("data/site.json")).unwrap()).unwrap()
}

#[test]
fn init_makes_a_site_with_every_kind_that_checks_and_builds() {
    // init -> check -> build, strict, for both audiences; every kind of content is there.
    let site = init_site();
    check(site.path(), &["--strict"]).assert_code(0);
    let out = site.out("out");
    build(site.path(), &out, &["--strict"]).assert_code(0);
    let data = site_json(&out);
    let mechanisms = data["mechanisms"].as_array().unwrap();
    assert!(!mechanisms.is_empty());
    assert!(mechanisms.iter().any(|m| !m["requirements"].as_array().unwrap().is_empty()), "no mechanism has a duty");
    assert!(!data["cases"].as_array().unwrap().is_empty());
    assert!(!data["trainings"].as_array().unwrap().is_empty());
    assert!(data["units"].as_array().unwrap().len() >= 2);
    let mut periods: Vec<&str> = data["scorecards"].as_array().unwrap().iter().map(|s| s["period"].as_str().unwrap()).collect();
    periods.dedup();
    assert_eq!(periods.len(), 2, "scorecards of two periods: {periods:?}");
    assert!(site.file("content/_index.md").is_file());
    assert!(site.file("content/scorecards/rubric.yaml").is_file());
    assert!(out.join("pages/about/index.html").is_file());
    // One folder of examples per kind, each holding at least one file.
    for kind in Kind::ALL {
        let dir = site.file(&format!("content/{}", kind.folder()));
        let n = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        assert!(n > 0, "init wrote no example of {}", kind.name());
    }
    let inspections = data["inspections"].as_array().unwrap();
    assert!(!inspections.is_empty(), "no inspection");
    let models: Vec<&str> = data["models"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert!(!models.is_empty(), "no model");
    // The ledger has an open item and a done one, one of them found by the inspection.
    let ledger = data["rectifications"].as_array().unwrap();
    for status in ["open", "done"] {
        assert!(ledger.iter().any(|r| r["status"] == status), "no {status} item: {ledger:?}");
    }
    assert!(ledger.iter().any(|r| r["source"]["inspection"] == inspections[0]["id"]), "{ledger:?}");
    // A training presents the model beside its cases.
    let trainings = std::fs::read_dir(site.file("content/trainings")).unwrap();
    let texts: Vec<String> = trainings.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    assert!(
        texts.iter().any(|t| t.lines().any(|l| l.starts_with("models:") && models.iter().any(|m| l.contains(m)))),
        "no training lists a model"
    );
    // Persons are anonymised, so even a public build with --strict is clean.
    build(site.path(), &site.out("public"), &["--audience", "public", "--strict"]).assert_code(0);
    // A plain `build` writes to the configured output folder.
    build_default(site.path()).assert_code(0);
    assert!(site.file("output/index.html").is_file());
}

fn build_default(site: &Path) -> Run {
    run([OsStr::new("build"), OsStr::new("--site"), site.as_os_str(), OsStr::new("--quiet")])
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    // An existing file is never touched, and nothing is added beside it.
    let root = TempDir::new("init-non-empty");
    std::fs::write(root.join("notes.txt"), "mine").unwrap();
    let before = snapshot(root.path());
    let r = run(["init".as_ref(), root.path().as_os_str()]);
    r.assert_code(2).assert_stderr_contains("不是空的");
    assert_eq!(before, snapshot(root.path()), "init wrote into a non-empty folder");
}

#[test]
fn init_accepts_an_empty_existing_folder() {
    // An empty folder is as good as a new one.
    let root = TempDir::new("init-empty");
    run(["init".as_ref(), root.path().as_os_str()]).assert_code(0);
    check(root.path(), &[]).assert_code(0);
}

#[test]
fn new_items_of_every_kind_are_named_and_commented() {
    // Each new file is named by the title's pinyin, gives today's date as the example of the
    // date to fill in, is fully commented, and is refused by check until its blanks are filled.
    let site = init_site();
    let date = today();
    // The scorecard first: `new scorecard` reads the mechanisms, and refuses a site with errors.
    let r = new(site.path(), &["scorecard", "qh-court", "2026-H1"]);
    r.assert_code(0);
    assert_eq!(printed_path(&r), site.file("content/scorecards/2026-H1/qh-court.yaml"));
    for (kind, title, expected) in [
        ("mechanism", "干警八小时以外监督机制", "content/mechanisms/gan-jing-ba-xiao-shi-yi-wai-jian-du-ji-zhi.md"),
        ("case", "某县法院干警违规饮酒案", "content/cases/mou-xian-fa-yuan-gan-jing-wei-gui-yin-jiu-an.md"),
        ("training", "2026年上半年警示教育专题", "content/trainings/2026-nian-shang-ban-nian-jing-shi-jiao-yu-zhuan-ti.md"),
    ] {
        let r = new(site.path(), &[kind, title]);
        r.assert_code(0);
        let path = printed_path(&r);
        assert_eq!(path, site.file(expected), "{kind}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("title: {title}")), "{text}");
        assert!(text.contains(&date), "{kind}: today's date missing:\n{text}");
        // Every field line carries a Chinese comment.
        let front = text.split("---").nth(1).unwrap();
        for line in front.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            assert!(line.contains(" # "), "{kind}: field without a comment: {line}");
        }
    }
    let r = check(site.path(), &[]);
    r.assert_code(1);
    for file in ["content/mechanisms/", "content/cases/", "content/trainings/", "content/scorecards/2026-H1/qh-court.yaml"] {
        r.assert_stderr_contains(file);
    }
}

/// Fill the blanks `new` leaves (every value holding 待填写), as a user would: dates with
/// today's, the rest by what the field holds.
fn fill_blanks(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("待填写"), "no blank to fill in {}:\n{text}", path.display());
    let date = today();
    let mut filled = String::new();
    for line in text.lines() {
        match line.split_once(':') {
            // A section's guidance in the body, `（待填写：写明……）`.
            _ if line.starts_with("（待填写") => filled.push_str("示例正文。\n"),
            Some((key, rest)) if !line.starts_with('#') && rest.contains("待填写") => {
                let comment = rest.find(" # ").map_or("", |i| &rest[i..]);
                let value = match key {
                    "date" | "effective" => date.as_str(),
                    "form" => "2",
                    "violations" => "[违规饮酒]",
                    "kind" if comment.contains("collective") => "collective",
                    "kind" => "明察暗访",
                    "inspector" => "青禾县委政法委督查室",
                    "honour" => "全县政法系统纪律作风建设先进集体",
                    _ => "示例内容",
                };
                filled.push_str(&format!("{key}: {value}{comment}\n"));
            }
            _ => filled.push_str(&format!("{line}\n")),
        }
    }
    let filled = filled.replace("units: []", "units: [qh-court, qh-police]").replace("# unit: 单位代码", "unit: qh-police");
    let blank = |l: &&str| !l.starts_with('#') && l.split(" # ").next().unwrap_or("").contains("待填写");
    assert!(!filled.lines().any(|l| blank(&l)), "a blank is left in {}:\n{filled}", path.display());
    std::fs::write(path, filled).unwrap();
}

/// A new case's front matter with its four blanks filled in, its body as `new` wrote it.
fn case_front_matter_filled(text: &str) -> String {
    text.replace("date: 待填写", "date: 2025-06-01")
        .replace("[待填写违纪类型]", "[违规饮酒]")
        .replace("form: 待填写", "form: 1")
        .replace("disposition: 待填写处理结果", "disposition: 谈话提醒")
}

#[test]
fn the_guidance_new_writes_into_the_body_is_not_published() {
    // Front matter filled in, the body's guidance left as `new` wrote it: an error at each
    // paragraph of guidance, and nothing is built.
    let site = init_site();
    let r = new(site.path(), &["case", "某县法院干警违规饮酒问题", "--id", "t1"]);
    r.assert_code(0);
    let path = printed_path(&r);
    let text = std::fs::read_to_string(&path).unwrap();
    let filled = case_front_matter_filled(&text);
    std::fs::write(&path, &filled).unwrap();
    let line = filled.lines().position(|l| l.starts_with("（待填写：写明时间")).unwrap() + 1;
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline(&format!("content/cases/t1.md:{line}:1: 错误: 正文尚未填写: 这里还是 zhengfeng new 写入的填写说明 \"（待填写：写明时间、单位和经过。人员一律匿名, 如 王某、该…\""));
    assert_eq!(r.headlines().len(), 3, "one for each section:\n{}", r.stderr);
    // A page that only speaks of the marker is no guidance left in.
    site.write("content/pages/help.md", "---\ntitle: 说明\naudience: internal\n---\n标有“待填写”的地方要填写, 正文中的 `（待填写：写明……）` 要换成正文。\n\n```\n（待填写：写明时间、单位和经过。）\n```\n");
    let filled: String = filled.lines().map(|l| if l.starts_with("（待填写") { "正文。\n".to_string() } else { format!("{l}\n") }).collect();
    std::fs::write(&path, filled).unwrap();
    check(site.path(), &["--strict"]).assert_code(0);
}

#[test]
fn new_inspection_and_model_pass_check_once_filled() {
    // Named by the title's pinyin, today's date as the example, every field commented; with the
    // 待填写 blanks filled in, check --strict passes and the build lists them.
    let site = init_site();
    let date = today();
    for (kind, title, expected) in [
        ("inspection", "2026年元旦明察暗访情况通报", "content/inspections/2026-nian-yuan-dan-ming-cha-an-fang-qing-kuang-tong-bao.md"),
        ("model", "青禾县公安局城关派出所", "content/models/qing-he-xian-gong-an-ju-cheng-guan-pai-chu-suo.md"),
    ] {
        let r = new(site.path(), &[kind, title]);
        r.assert_code(0);
        let path = printed_path(&r);
        assert_eq!(path, site.file(expected), "{kind}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("title: {title}")), "{text}");
        assert!(text.contains(&date), "{kind}: today's date missing:\n{text}");
        let front = text.split("---").nth(1).unwrap();
        for line in front.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            assert!(line.contains(" # "), "{kind}: field without a comment: {line}");
        }
        fill_blanks(&path);
    }
    check(site.path(), &["--strict"]).assert_code(0);
    let out = site.out("out");
    build(site.path(), &out, &["--strict"]).assert_code(0);
    let data = site_json(&out);
    let inspection = data["inspections"].as_array().unwrap().iter().find(|i| i["title"] == "2026年元旦明察暗访情况通报");
    let inspection = inspection.unwrap_or_else(|| panic!("{}", data["inspections"]));
    assert_eq!(inspection["date"], date.as_str());
    assert_eq!(inspection["units"], serde_json::json!(["qh-court", "qh-police"]));
    let model = data["models"].as_array().unwrap().iter().find(|m| m["title"] == "青禾县公安局城关派出所");
    let model = model.unwrap_or_else(|| panic!("{}", data["models"]));
    assert_eq!(model["unit"], "qh-police");
}

#[test]
fn an_id_given_with_dash_dash_id_names_the_file_and_the_item() {
    // `--id` on every `new` of a Markdown kind: the file is <id>.md and the item's id is <id>,
    // whatever the title (even one with no letter to make an id from).
    let site = init_site();
    let kinds = [("mechanism", "mechanisms"), ("case", "cases"), ("training", "trainings"), ("inspection", "inspections"), ("model", "models")];
    let titles = ["干警八小时以外监督机制", "《》", "2026年上半年警示教育专题", "2026年元旦明察暗访情况通报", "青禾县公安局城关派出所"];
    for ((kind, folder), title) in kinds.into_iter().zip(titles) {
        let id = format!("2026-{kind}-by-id");
        let r = new(site.path(), &[kind, title, "--id", &id]);
        r.assert_code(0);
        let path = printed_path(&r);
        assert_eq!(path, site.file(&format!("content/{folder}/{id}.md")), "{kind}");
        fill_blanks(&path);
        // The same id again is refused, and the file is kept.
        let before = std::fs::read(&path).unwrap();
        new(site.path(), &[kind, "另一个标题", "--id", &id]).assert_code(2).assert_stderr_contains("不会覆盖");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{kind}");
    }
    check(site.path(), &["--strict"]).assert_code(0);
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let data = site_json(&out);
    // site.json names its arrays after the content folders.
    for (kind, folder) in kinds {
        let id = format!("2026-{kind}-by-id");
        assert!(data[folder].as_array().unwrap().iter().any(|i| i["id"] == id.as_str()), "{id} missing from {folder}: {}", data[folder]);
    }
}

#[test]
fn a_bad_id_is_refused_with_a_message_and_nothing_written() {
    // An id that is not `[a-z0-9][a-z0-9-]*` is a usage error (exit 2) on every kind, with the
    // rule and a suggestion; `new scorecard` takes no --id at all.
    let site = init_site();
    let before = snapshot(site.path());
    for kind in ["mechanism", "case", "training", "inspection", "model"] {
        let r = new(site.path(), &[kind, "某标题", "--id", "National_Day"]);
        r.assert_code(2).assert_no_panic().assert_stderr_contains("\"National_Day\" 无效").assert_stderr_contains("national-day");
        for bad in ["--id=-leading-dash", "--id=国庆检查", "--id=a/../b", "--id="] {
            new(site.path(), &[kind, "某标题", bad]).assert_code(2).assert_stderr_contains("无效");
        }
    }
    new(site.path(), &["scorecard", "qh-court", "2026-H1", "--id", "x"]).assert_code(2);
    assert_eq!(before, snapshot(site.path()), "a refused `new` wrote something");
}

#[test]
fn new_keeps_titles_with_yaml_syntax_intact() {
    // A title with a colon, a hash or brackets is quoted, and reads back exactly.
    let site = init_site();
    let title = "[草稿] 关于: 某所 #2 “违规”问题";
    let r = new(site.path(), &["case", title]);
    r.assert_code(0);
    let path = printed_path(&r);
    let text = std::fs::read_to_string(&path).unwrap();
    let filled = case_front_matter_filled(&text);
    let filled: String = filled.lines().map(|l| if l.starts_with("（待填写") { "正文。\n".to_string() } else { format!("{l}\n") }).collect();
    std::fs::write(&path, filled).unwrap();
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let data = site_json(&out);
    assert!(data["cases"].as_array().unwrap().iter().any(|c| c["title"] == title), "{}", data["cases"]);
}

#[test]
fn new_scorecard_lists_every_indicator_and_duty() {
    // Every rubric indicator (with its maximum) and every duty of the mechanisms is listed.
    let site = init_site();
    let r = new(site.path(), &["scorecard", "qh-police", "2026-H2"]);
    r.assert_code(0);
    let text = std::fs::read_to_string(printed_path(&r)).unwrap();
    for line in ["unit: qh-police", "period: 2026-H2", "  leadership: ~", "  education: ~", "  satisfaction-work: ~"] {
        assert!(text.lines().any(|l| l.starts_with(line)), "missing {line:?}:\n{text}");
    }
    assert!(text.contains("满分 40"), "{text}");
    // A count is a blank to fill, not a 0 that would publish the duty as unmet.
    for duty in ["  half-year-warning-education: ~", "  annual-integrity-talk: ~"] {
        assert!(text.lines().any(|l| l.starts_with(duty)), "missing {duty:?}:\n{text}");
    }
}

#[test]
fn a_mechanism_being_written_does_not_hold_up_a_new_scorecard() {
    // A new mechanism with its blanks still open: `new scorecard` and `new workbook` go ahead,
    // with a warning that its duties are not listed; a unit with an unfinished YAML scorecard
    // is left out of the workbook all the same.
    let site = init_site();
    new(site.path(), &["mechanism", "测试制度"]).assert_code(0);
    let r = new(site.path(), &["scorecard", "qh-police", "2026-H1"]);
    r.assert_code(0).assert_stderr_contains("content/mechanisms/ce-shi-zhi-du.md:1:1: 警告: 这份制度还有错误, 其中的履职要求没有列入");
    let r = new(site.path(), &["workbook", "2026-H1"]);
    r.assert_code(0);
    let file = std::fs::File::open(site.file("content/scorecards/2026-H1/考核评分表.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(strings.contains(">qh-court<") && !strings.contains(">qh-police<"), "{strings}");
}

#[test]
fn new_refuses_to_overwrite() {
    // A second `new` with the same title, or for the same unit and period, changes nothing.
    let site = init_site();
    let r = new(site.path(), &["case", "某派出所民警酒驾问题"]);
    r.assert_code(0);
    let path = printed_path(&r);
    std::fs::write(&path, "edited by hand").unwrap();
    let r = new(site.path(), &["case", "某派出所民警酒驾问题"]);
    assert_ne!(r.code, Some(0));
    r.assert_no_panic().assert_stderr_contains("不会覆盖");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");

    let card = site.file("content/scorecards/2025-H2/qh-court.yaml");
    let before = std::fs::read(&card).unwrap();
    let r = new(site.path(), &["scorecard", "qh-court", "2025-H2"]);
    assert_ne!(r.code, Some(0));
    r.assert_no_panic().assert_stderr_contains("不会覆盖");
    assert_eq!(std::fs::read(&card).unwrap(), before);
}

#[test]
fn new_refuses_an_id_taken_by_another_file() {
    // An item whose `id` field already claims the new id blocks the new file.
    let site = init_site();
    site.write("content/cases/other.md", "---\nid: mou-suo-wei-gui-an\ntitle: 某所违规案\ndate: 2025-01-01\nviolations: [违规]\nform: 1\ndisposition: 谈话提醒\n---\n");
    let r = new(site.path(), &["case", "某所违规案"]);
    r.assert_code(2).assert_stderr_contains("content/cases/other.md");
    assert!(!site.file("content/cases/mou-suo-wei-gui-an.md").exists());
}

#[test]
fn new_scorecard_checks_the_unit_and_the_period() {
    // An unknown unit (with a suggestion) or a malformed period writes nothing.
    let site = init_site();
    let before = snapshot(site.path());
    new(site.path(), &["scorecard", "qh-courts", "2026-H1"]).assert_code(2).assert_stderr_contains("qh-court");
    new(site.path(), &["scorecard", "qh-court", "2026-H3"]).assert_code(2).assert_stderr_contains("2026-H3");
    new(site.path(), &["scorecard", "qh-court", "2026H1"]).assert_code(2);
    assert_eq!(before, snapshot(site.path()), "a refused `new scorecard` wrote something");
}

#[test]
fn new_outside_a_site_exits_2() {
    // Without zhengfeng.toml there is no site to add to.
    let dir = TempDir::new("new-no-site");
    new(dir.path(), &["case", "某案"]).assert_code(2).assert_stderr_contains("zhengfeng.toml");
    assert!(snapshot(dir.path()).is_empty());
}

#[test]
fn a_title_without_letters_is_refused() {
    // No pinyin, letter or digit: no id can be made.
    let site = init_site();
    new(site.path(), &["mechanism", "《》"]).assert_code(2).assert_stderr_contains("标识");
}

#[test]
fn new_reads_full_width_letters_and_names_swapped_arguments() {
    // `ＡＢＣ…２０２６` names the file as `abc-…-2026`; a training lists `models:`; `new scorecard`
    // given the period first says the order.
    let site = init_site();
    let r = new(site.path(), &["case", "ＡＢＣ全角字母案２０２６"]);
    r.assert_code(0);
    assert_eq!(printed_path(&r), site.file("content/cases/abc-quan-jiao-zi-mu-an-2026.md"));
    let r = new(site.path(), &["training", "测试培训"]);
    let text = std::fs::read_to_string(printed_path(&r)).unwrap();
    assert!(text.lines().any(|l| l.starts_with("models: []")), "{text}");
    new(site.path(), &["scorecard", "2026-H1", "qh-court"]).assert_code(2).assert_stderr_contains("参数顺序是先单位后期次");
}

#[test]
fn the_example_county_left_behind_is_named_once_the_units_are_the_offices_own() {
    // A fresh example checks clean; with its units replaced by the office's own, the site's
    // name, the home page, the about page and the rubric's title still speak of the example's
    // county, and each is a warning.
    let site = init_site();
    check(site.path(), &["--strict"]).assert_code(0);
    let units = std::fs::read_to_string(site.file("content/units.yaml")).unwrap();
    site.write("content/units.yaml", units.replace("青禾县", "松川县"));
    let r = check(site.path(), &[]);
    r.assert_code(0)
        .assert_headline("content/_index.md:1:1: 警告: 首页介绍仍是示例站点的内容, 写的是“青禾县”")
        .assert_headline("content/pages/about.md:1:1: 警告: 页面仍是示例站点的内容, 写的是“青禾县”")
        .assert_headline("content/scorecards/rubric.yaml:1:1: 警告: 考核指标的标题仍是示例站点的内容, 写的是“青禾县”")
        .assert_headline("zhengfeng.toml:2:1: 警告: 站点名称仍是示例站点的: 青禾县政法队伍纪律作风建设学习平台")
        .assert_headline("zhengfeng.toml:3:1: 警告: 站点简介仍是示例站点的: 青禾县政法各单位纪律作风建设的制度机制、典型案例、培训专题与半年考核评价（示例站点，内容均为虚构）");
    assert_eq!(r.headlines().len(), 5, "{}", r.stderr);
}

#[test]
fn new_takes_the_kinds_and_units_by_their_chinese_names() {
    // `new 案例` is `new case`, and a scorecard's unit may be given by its name.
    let site = init_site();
    let r = new(site.path(), &["案例", "某所值班脱岗问题", "--id", "duty"]);
    r.assert_code(0);
    assert_eq!(printed_path(&r), site.file("content/cases/duty.md"));
    let r = new(site.path(), &["考核表", "青禾县人民法院", "2026-H1"]);
    r.assert_code(0);
    assert_eq!(printed_path(&r), site.file("content/scorecards/2026-H1/qh-court.yaml"));
    new(site.path(), &["考核表", "青禾县法院", "2026-H1"]).assert_code(2).assert_stderr_contains("没有名称为 \"青禾县法院\" 的单位; 是否要写 青禾县人民法院 (qh-court)?");
}
