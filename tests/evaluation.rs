//! Evaluation end to end: a fixture site built by the binary, checked through its exports
//! (data/site.json, the CSV bytes, the XLSX read back).

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluation/site")
}

/// The fixture is built once per test run and shared (a site is built by one process at a time).
fn build() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_once).clone()
}

fn build_once() -> PathBuf {
    let out = std::env::temp_dir().join(format!("zf-eval-{}-{}", std::process::id(), rand_suffix()));
    let status = Command::new(env!("CARGO_BIN_EXE_zhengfeng"))
        .args(["build", "--quiet", "--site"])
        .arg(fixture())
        .arg("--output")
        .arg(&out)
        .status()
        .expect("run zhengfeng");
    assert!(status.success(), "build failed");
    out
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

fn card<'a>(json: &'a serde_json::Value, unit: &str, period: &str) -> &'a serde_json::Value {
    json["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["unit"] == unit && s["period"] == period)
        .unwrap_or_else(|| panic!("no scorecard for {unit} {period}"))
}

// Totals, grades, ranks, changes and unmet duties in data/site.json follow SPEC §3 exactly.
#[test]
fn site_json_holds_the_computed_results() {
    let out = build();
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("data/site.json")).unwrap()).unwrap();
    let c = |u, p| card(&json, u, p);
    // Exact tenths: 19.1+19.2+19.3+19.2+19.2-0.1-0.2.
    assert_eq!(c("a", "2025-H1")["total"], serde_json::json!(95.7));
    // Bonus 3+4 capped at 5.
    assert_eq!(c("b", "2025-H1")["total"], serde_json::json!(95.0));
    // Veto: grade forced, ranked below a lower total that is not vetoed.
    assert_eq!(c("d", "2025-H1")["grade"], "不合格");
    assert_eq!(c("d", "2025-H1")["vetoed"], true);
    assert_eq!(c("d", "2025-H1")["rank"], 5);
    assert_eq!(c("c", "2025-H1")["rank"], 4);
    assert_eq!(c("c", "2025-H1")["grade"], "不合格");
    assert_eq!(c("e", "2025-H1")["grade"], "良好");
    // Rank within type.
    assert_eq!(c("d", "2025-H1")["rank_in_type"], 2);
    assert_eq!(c("b", "2025-H1")["rank_in_type"], 2);
    // Change null in the first period.
    assert!(c("a", "2025-H1")["change"].is_null());
    // Unmet duties: a missing requirement counts 0; a yearly duty is never unmet at H1.
    assert_eq!(c("c", "2025-H1")["unmet"], serde_json::json!(["hy"]));
    assert_eq!(c("a", "2025-H1")["unmet"], serde_json::json!([]));
    // H2: clamped to Σmax, ties share a rank (1, 2, 2, 4), clamped to 0.
    assert_eq!(c("c", "2025-H2")["total"], serde_json::json!(100.0));
    assert_eq!(c("c", "2025-H2")["rank"], 1);
    assert_eq!(c("a", "2025-H2")["rank"], 2);
    assert_eq!(c("b", "2025-H2")["rank"], 2);
    assert_eq!(c("d", "2025-H2")["rank"], 4);
    assert_eq!(c("d", "2025-H2")["total"], serde_json::json!(0.0));
    assert_eq!(c("a", "2025-H2")["rank_in_type"], 1);
    assert_eq!(c("b", "2025-H2")["rank_in_type"], 1);
    // Exactly on the threshold.
    assert_eq!(c("a", "2025-H2")["grade"], "优秀");
    // Change against the period before, exact.
    assert_eq!(c("a", "2025-H2")["change"], serde_json::json!(-5.7));
    assert_eq!(c("c", "2025-H2")["change"], serde_json::json!(50.0));
    // Yearly duty judged at H2 on H1 + H2: a has 1 + 1 = 2 (met), b has 0 + 1 (unmet).
    assert_eq!(c("a", "2025-H2")["unmet"], serde_json::json!([]));
    assert_eq!(c("b", "2025-H2")["unmet"], serde_json::json!(["yr"]));
    assert_eq!(c("d", "2025-H2")["unmet"], serde_json::json!(["hy", "yr"]));
    assert_eq!(c("a", "2025-H2")["satisfaction"], serde_json::json!(92.5));
    assert!(c("b", "2025-H2")["satisfaction"].is_null());
    // A unit without a scorecard in a period has no entry there.
    assert!(json["scorecards"].as_array().unwrap().iter().all(|s| !(s["unit"] == "e" && s["period"] == "2025-H2")));
    // Sorted by period then rank.
    let order: Vec<(String, u64)> = json["scorecards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["period"].as_str().unwrap().to_string(), s["rank"].as_u64().unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(json["site"]["period"], "2025-H2");
}

// The CSV is UTF-8 with a BOM, the exact header, and one row per scored unit in rank order.
#[test]
fn csv_bytes_are_exact() {
    let out = build();
    let csv = std::fs::read(out.join("data/scorecards-2025-H2.csv")).unwrap();
    let expected = "\u{feff}排名,单位代码,单位,类型,总分,等次,较上期,满意度\r\n\
        1,c,丙公安局,公安,100.0,优秀,50.0,\r\n\
        2,a,甲法院,法院,90.0,优秀,-5.7,92.5\r\n\
        2,b,乙法院,法院,90.0,优秀,-5.0,\r\n\
        4,d,丁公安局,公安,0.0,不合格,-100.0,\r\n";
    assert_eq!(String::from_utf8(csv).unwrap(), expected);
}

// The XLSX opens in a reader and holds the same table, numbers stored as numbers.
#[test]
fn xlsx_holds_the_same_rows() {
    use calamine::{Data, Reader, Xlsx};
    let out = build();
    let mut wb: Xlsx<_> = calamine::open_workbook(out.join("data/scorecards-2025-H2.xlsx")).expect("open xlsx");
    let range = wb.worksheet_range("2025-H2").expect("sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows.len(), 5);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["排名", "单位代码", "单位", "类型", "总分", "等次", "较上期", "满意度"]);
    assert_eq!(rows[1][0], Data::Float(1.0));
    assert_eq!(rows[1][1], Data::String("c".into()));
    assert_eq!(rows[1][4], Data::Float(100.0));
    assert_eq!(rows[2][6], Data::Float(-5.7));
    assert_eq!(rows[2][7], Data::Float(92.5));
    assert_eq!(rows[3][7], Data::Empty);
    assert_eq!(rows[4][5], Data::String("不合格".into()));
}

// The period pages exist, show the ranking, link the downloads, and list units not submitted.
#[test]
fn period_pages_show_ranking_and_downloads() {
    let out = build();
    let page = std::fs::read_to_string(out.join("scorecards/2025-H2/index.html")).unwrap();
    assert!(page.contains("data/scorecards-2025-H2.xlsx"));
    assert!(page.contains("data/scorecards-2025-H2.csv"));
    assert!(page.contains("戊检察院"), "未报送 unit listed");
    assert!(page.contains("<svg"), "charts inline");
    let current = std::fs::read_to_string(out.join("scorecards/index.html")).unwrap();
    assert!(current.contains("2025年下半年"));
    let unit = std::fs::read_to_string(out.join("units/d/index.html")).unwrap();
    assert!(unit.contains("发生严重违纪违法案件"), "veto reason on the unit page");
    assert!(unit.contains("<svg"), "trend chart");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

// A duty added with `from` is judged from that half-year on, not in the half-years before; a
// unit with `from` or `until` is 未报送 only while it is assessed, and a scorecard outside that
// span is an error at its unit.
#[test]
fn duties_and_units_count_only_from_and_until_their_half_years() {
    let site = std::env::temp_dir().join(format!("zf-eval-span-{}-{}", std::process::id(), rand_suffix()));
    copy_dir(&fixture(), &site);
    let edit = |rel: &str, from: &str, to: &str| {
        let path = site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "content/mechanisms/duties.md",
        "  - { id: yr, text: 每年至少讲课两次, at_least: 2, per: year }\n",
        "  - { id: yr, text: 每年至少讲课两次, at_least: 2, per: year }\n  - { id: nd, text: 每半年至少谈心一次, at_least: 1, per: half-year, from: 2025年下半年 }\n",
    );
    edit("content/units.yaml", "- { id: e, name: 戊检察院, type: 检察院 }", "- { id: e, name: 戊检察院, type: 检察院, until: 2025-H1 }\n- { id: f, name: 己检察院, type: 检察院, from: 2025-H2 }");
    let out = site.join("out");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_zhengfeng")).args(args).arg("--site").arg(&site).output().unwrap();
    let built = run(&["build", "--quiet", "--output", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("data/site.json")).unwrap()).unwrap();
    assert_eq!(card(&json, "a", "2025-H1")["unmet"], serde_json::json!([]), "not judged before its half-year");
    assert_eq!(card(&json, "a", "2025-H2")["unmet"], serde_json::json!(["nd"]));
    let h2 = std::fs::read_to_string(out.join("scorecards/2025-H2/index.html")).unwrap();
    let h1 = std::fs::read_to_string(out.join("scorecards/2025-H1/index.html")).unwrap();
    assert!(h2.contains("己检察院") && !h2.contains("戊检察院"), "2025-H2: f is 未报送, e is no longer assessed");
    assert!(!h1.contains("己检察院"), "2025-H1: f was not yet assessed");
    let f = std::fs::read_to_string(out.join("units/f/index.html")).unwrap();
    assert!(f.contains("2025年下半年") && !f.contains("2025年上半年"), "f's page has no half-year before it");
    let index = std::fs::read_to_string(out.join("units/index.html")).unwrap();
    let row = index.split("戊检察院").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("本期不参加考核"), "e is not 未报送 after it was merged away: {row}");

    std::fs::write(site.join("content/scorecards/2025-H2/e.yaml"), std::fs::read_to_string(site.join("content/scorecards/2025-H1/e.yaml")).unwrap().replace("2025-H1", "2025-H2")).unwrap();
    let checked = run(&["check"]);
    let err = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{err}");
    assert!(err.contains("content/scorecards/2025-H2/e.yaml:") && err.contains("单位 \"e\" 在 2025年下半年 不参加考核: 它只参加到 2025年上半年 为止的考核"), "{err}");
    let _ = std::fs::remove_dir_all(&site);
}

// A public build holding a unit's second-half card but not its first (internal): the yearly
// duty is not judged on half the year's count (○), never published as unmet; the internal
// build judges it on both halves.
#[test]
fn a_yearly_duty_is_not_judged_on_a_withheld_half() {
    let site = std::env::temp_dir().join(format!("zf-eval-year-{}-{}", std::process::id(), rand_suffix()));
    copy_dir(&fixture(), &site);
    let h2 = site.join("content/scorecards/2025-H2/a.yaml");
    let text = std::fs::read_to_string(&h2).unwrap();
    std::fs::write(&h2, format!("{text}audience: public\n")).unwrap();
    let built = |audience: &str| {
        let out = site.join(format!("out-{audience}"));
        let run = Command::new(env!("CARGO_BIN_EXE_zhengfeng")).args(["build", "--quiet", "--audience", audience, "--output"]).arg(&out).arg("--site").arg(&site).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        serde_json::from_slice::<serde_json::Value>(&std::fs::read(out.join("data/site.json")).unwrap()).unwrap()
    };
    assert_eq!(card(&built("internal"), "a", "2025-H2")["unmet"], serde_json::json!([]), "1 + 1 meets 2 a year");
    assert_eq!(card(&built("public"), "a", "2025-H2")["unmet"], serde_json::json!([]), "not judged on the public half alone");
    let _ = std::fs::remove_dir_all(&site);
}
