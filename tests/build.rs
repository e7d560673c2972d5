//! Build behaviour (SPEC §1, §2, §5, §5.1, §8): themes and overrides, determinism, atomic
//! output, archive kept across builds, audience cut, exports, links that resolve offline.
//! Fixture sites live under `tests/fixtures/build/<case>/`; the demo site at the repository
//! root is built for the whole-site checks.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// Build a copy of a fixture into `<temp>/out`, asserting success.
fn built(fixture_rel: &str, extra: &[&str]) -> (Site, std::path::PathBuf) {
    let site = copy_fixture(fixture_rel);
    let out = site.out("out");
    build(site.path(), &out, extra).assert_code(0);
    (site, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Link checking

fn assert_links_resolve(out: &Path) {
    let problems = link_problems(out);
    assert!(
        problems.is_empty(),
        "{} broken or external link(s), first ones:\n{}",
        problems.len(),
        problems.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn link_checker_sees_broken_links() {
    // The link checker itself: it decodes entities, resolves `..`, strips fragments and
    // queries, and reports missing targets and external assets.
    let dir = TempDir::new("linkcheck");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::write(dir.join("index.html"), "<a href=\"a&#x2F;b&#x2F;page.html#x\">ok</a><a href='missing.html?q=1'>no</a>").unwrap();
    std::fs::write(dir.join("a/b/page.html"), "<link href=\"https://cdn.example/x.css\"><a href=\"../../index.html\">ok</a><img src=\"../../../up.png\"><a href=\"https://example.org/\">out</a><script>var s = '<a href=\"nope.html\">';</script>").unwrap();
    let p = link_problems(dir.path());
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p.iter().any(|x| x.contains("missing.html")));
    assert!(p.iter().any(|x| x.contains("cdn.example")));
    assert!(p.iter().any(|x| x.contains("up.png") && x.contains("leaves")));
}

// ---------------------------------------------------------------------------------------------
// The demo site

#[test]
fn demo_site_builds_byte_identical_twice() {
    // Same input, same output, byte for byte — and the output folder's name leaks nowhere.
    let site = copy_demo("demo-twice");
    let (a, b) = (site.out("first"), site.out("second-build"));
    build(site.path(), &a, &["--quiet"]).assert_code(0);
    build(site.path(), &b, &["--quiet"]).assert_code(0);
    let (fa, fb) = (snapshot(&a), snapshot(&b));
    assert!(fa.len() > 20, "the demo build is suspiciously small: {} entries", fa.len());
    assert!(fa == fb, "two builds differ:\n{}", diff(&fa, &fb));
}

#[test]
fn written_build_equals_the_render_in_memory() {
    // `build` writes pages as they are rendered instead of holding the site in memory; what it
    // writes must be exactly what the in-memory render (used by check, serve, snapshot) makes.
    let site = copy_demo("demo-streamed");
    let out = site.out("out");
    build(site.path(), &out, &["--quiet"]).assert_code(0);
    let opts = zhengfeng::build::Options { output: Some(out.clone()), ..Default::default() };
    let built = zhengfeng::build::run(site.path(), &opts, &mut zhengfeng::diag::Diagnostics::new()).unwrap().expect("the demo builds");
    assert!(built.output.sunk.is_empty(), "an in-memory render keeps every file");
    let memory: std::collections::BTreeMap<String, Vec<u8>> = built.output.files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
    let disk = files(&out);
    let only_disk: Vec<&String> = disk.keys().filter(|k| !memory.contains_key(*k)).take(5).collect();
    let only_memory: Vec<&String> = memory.keys().filter(|k| !disk.contains_key(*k)).take(5).collect();
    assert!(only_disk.is_empty() && only_memory.is_empty(), "only on disk: {only_disk:?}; only in memory: {only_memory:?}");
    let differ: Vec<&String> = memory.keys().filter(|k| memory.get(*k) != disk.get(*k)).take(5).collect();
    assert!(differ.is_empty(), "files differ: {differ:?}");
}

#[test]
fn demo_site_links_resolve_and_nothing_loads_from_outside() {
    // Every href/src of every page of the demo build resolves to a file of the build (relative,
    // offline), and no script, style or image is loaded from http(s).
    let site = copy_demo("demo-links");
    let out = site.out("out");
    build(site.path(), &out, &["--quiet"]).assert_code(0);
    assert!(files(&out).keys().filter(|k| k.ends_with(".html")).count() > 20);
    assert_links_resolve(&out);
}

#[test]
fn demo_site_public_build_links_resolve() {
    // The public cut of the demo drops internal items; no link may point at a dropped page.
    let site = copy_demo("demo-public-links");
    let out = site.out("out");
    build(site.path(), &out, &["--quiet", "--audience", "public"]).assert_code(0);
    assert_links_resolve(&out);
}

// ---------------------------------------------------------------------------------------------
// Themes and templates

#[test]
fn site_without_themes_folder_uses_builtin_theme() {
    // No themes/ folder: the built-in default theme renders every page and its static files.
    let (site, out) = built("build/no_theme", &[]);
    assert!(!site.file("themes").exists());
    for page in ["index.html", "cases/a/index.html", "mechanisms/supervision/index.html", "pages/about/index.html", "static/style.css"] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    assert!(read(&out.join("cases/a/index.html")).contains("某县法院干警工作日午间饮酒问题"));
}

#[test]
fn site_of_only_pages_builds() {
    // A site whose content is only pages/ builds.
    let (_site, out) = built("build/pages_only", &[]);
    assert!(out.join("index.html").is_file());
    assert!(read(&out.join("pages/about/index.html")).contains("关于本站"));
}

#[test]
fn small_sites_link_only_to_pages_that_exist() {
    // Sites without some sections (no trainings, no units) link only to pages that exist.
    for fixture in ["build/pages_only", "build/no_theme"] {
        let (_site, out) = built(fixture, &[]);
        assert_links_resolve(&out);
    }
}

#[test]
fn markdown_link_to_a_section_that_is_not_built_warns() {
    // `[培训专题](/trainings/)` on a site without trainings is a link to a missing page.
    let site = copy_fixture("build/link_to_missing_section");
    check(site.path(), &[])
        .assert_code(0)
        .assert_headline("content/pages/about.md:4:2: 警告: 链接 \"/trainings/\" 指向的页面不存在");
}

#[test]
fn site_template_overrides_theme_which_overrides_builtin() {
    // templates/case.html beats themes/default/templates/case.html; the theme's mechanism.html
    // beats the built-in one; other pages still come from the built-in theme.
    let (_site, out) = built("build/template_override", &[]);
    let case = read(&out.join("cases/a/index.html"));
    assert!(case.contains("SITE-CASE-TEMPLATE"), "{case}");
    assert!(!case.contains("THEME-CASE-TEMPLATE"));
    assert!(case.contains("某县法院干警工作日午间饮酒问题"));
    let mech = read(&out.join("mechanisms/supervision/index.html"));
    assert!(mech.contains("THEME-MECHANISM-TEMPLATE"), "{mech}");
    let home = read(&out.join("index.html"));
    assert!(home.contains("测试站点") && !home.contains("-TEMPLATE"));
}

#[test]
fn broken_site_template_fails_and_keeps_previous_output() {
    // A template with a syntax error is a content error at its line and column, found by
    // `check` too, and the previous output stays byte-identical.
    let site = copy_fixture("build/template_override");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    site.write("templates/case.html", "{% extends \"base.html\" %}\n{% block content %}<p>{% if page.c.title %}x{% endiff %}</p>{% endblock content %}");
    let before = snapshot(site.root.path());
    for run in [check(site.path(), &[]), build(site.path(), &out, &[])] {
        run.assert_code(1).assert_headline("templates/case.html:2:53: 错误: 模板语法错误: 标签应在这里结束");
        run.assert_stderr_contains("endif 写成了 endiff");
    }
    let after = snapshot(site.root.path());
    assert!(before == after, "a failed build changed the disk:\n{}", diff(&before, &after));

    // A template it includes that is nowhere: found by `check`, at the tag.
    site.write("templates/case.html", "{% extends \"base.html\" %}\n{% block content %}{% include \"gone.html\" %}{% include \"maybe.html\" ignore missing %}{% endblock content %}");
    let r = check(site.path(), &[]);
    r.assert_code(1).assert_headline("templates/case.html:2:20: 错误: 找不到包含的模板 \"gone.html\"");
    assert_eq!(r.headlines().len(), 1, "{}", r.stderr);

    // Names in a comment or a raw block are no includes; of a list, the first there is is used.
    site.write(
        "templates/case.html",
        "{% extends \"base.html\" %}\n{# {% include \"old.html\" %} #}{% raw %}{% include \"shown.html\" %}{% endraw %}{% block content %}{% include [\"custom.html\", \"macros.html\"] %}{% endblock content %}",
    );
    check(site.path(), &[]).assert_code(0);
    // A filter given a wrong argument is not a filter that does not exist.
    site.write("templates/case.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.c.title | truncate(length=\"x\") }}{% endblock content %}");
    let r = build(site.path(), &out, &[]);
    r.assert_code(1);
    assert!(!r.stderr.contains("没有名为 truncate"), "{}", r.stderr);
    r.assert_stderr_contains("模板 templates/case.html: 模板无法渲染");

    // What only rendering finds, in Chinese, naming the template's file; exit 1 as for content.
    let output = snapshot(&out);
    site.write("templates/case.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.c.title | shout }}{% endblock content %}");
    check(site.path(), &[]).assert_code(0);
    build(site.path(), &out, &[]).assert_code(1).assert_stderr_contains("模板 templates/case.html: 没有名为 shout 的过滤器");
    site.write("templates/case.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.nothing.here }}{% endblock content %}");
    build(site.path(), &out, &[]).assert_code(1).assert_stderr_contains("模板 templates/case.html: 变量 page.nothing.here 不存在");
    assert!(output == snapshot(&out), "a failed build changed the output");
}

// ---------------------------------------------------------------------------------------------
// Writing the output

#[test]
fn check_writes_nothing() {
    // `check` on a valid site creates no output folder and changes no file.
    let site = copy_fixture("build/no_theme");
    let before = snapshot(site.root.path());
    check(site.path(), &[]).assert_code(0);
    let after = snapshot(site.root.path());
    assert!(before == after, "check wrote:\n{}", diff(&before, &after));
    assert!(!site.file("output").exists());
}

#[test]
fn build_without_output_flag_writes_to_configured_folder() {
    // Without --output the site's `output/` (build.output_dir) receives the build.
    let site = copy_fixture("build/pages_only");
    run(["build", "--quiet", "--site", site.path().to_str().unwrap()]).assert_code(0);
    assert!(site.file("output/pages/about/index.html").is_file());
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    // A build with a content error leaves the previous output byte-identical, with no
    // leftovers beside it.
    let site = copy_fixture("errors/valid");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let before = snapshot(site.root.path());
    let case = read(&site.file("content/cases/a.md"));
    site.write("content/cases/a.md", case.replace("form: 1", "form: 9"));
    let mut expected = before.clone();
    expected.insert("site/content/cases/a.md".into(), Some(std::fs::read(site.file("content/cases/a.md")).unwrap()));
    build(site.path(), &out, &[]).assert_code(1);
    let after = snapshot(site.root.path());
    assert!(expected == after, "a failed build changed the disk:\n{}", diff(&expected, &after));
}

#[test]
fn rebuild_keeps_archive_folder() {
    // A snapshot an older version left in output/archive/ survives a rebuild byte for byte (it
    // is copied into the site's archive/ and from there into the new output), while the rest
    // of the output is replaced (a file left by an older build disappears).
    let site = copy_fixture("build/pages_only");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    std::fs::create_dir_all(out.join("archive/2025-H1/pages/about")).unwrap();
    std::fs::write(out.join("archive/2025-H1/pages/about/index.html"), "<p>冻结的旧版本</p>").unwrap();
    std::fs::write(out.join("archive/2025-H1/MANIFEST.sha256"), "0000  pages/about/index.html\n").unwrap();
    std::fs::write(out.join("stale.html"), "left over from an old build").unwrap();
    let archive_before = snapshot(&out.join("archive/2025-H1"));
    let page = read(&site.file("content/pages/about.md"));
    site.write("content/pages/about.md", page.replace("关于本站", "关于本站 (新版)"));
    build(site.path(), &out, &[]).assert_code(0);
    let archive_after = snapshot(&out.join("archive/2025-H1"));
    assert!(archive_after == archive_before, "archive/ changed:\n{}", diff(&archive_before, &archive_after));
    let adopted = snapshot(&site.file("archive/2025-H1"));
    assert!(adopted == archive_before, "the site's archive/ holds it:\n{}", diff(&archive_before, &adopted));
    assert!(read(&out.join("pages/about/index.html")).contains("关于本站 (新版)"));
    assert!(!out.join("stale.html").exists(), "files of the previous build should be replaced");
    let mut left: Vec<String> = std::fs::read_dir(site.root.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["out", "site"], "a build left temporary folders beside the output");
}

#[test]
fn rebuild_keeps_a_snapshot_and_it_still_verifies() {
    // A snapshot made by `snapshot` is untouched by later builds: same bytes, and `verify`
    // still passes.
    let site = copy_fixture("build/full");
    let s = site.path().to_str().unwrap();
    run(["build", "--quiet", "--site", s]).assert_code(0);
    run(["snapshot", "2025-H2", "--site", s]).assert_code(0);
    let archive = site.file("archive");
    let before = snapshot(&archive);
    assert!(before.keys().any(|k| k.starts_with("2025-H2/")), "no snapshot was made: {:?}", before.keys().collect::<Vec<_>>());
    let case = read(&site.file("content/cases/a.md"));
    site.write("content/cases/a.md", case.replace("disposition: 谈话提醒", "disposition: 批评教育"));
    run(["build", "--quiet", "--site", s]).assert_code(0);
    let after = snapshot(&archive);
    assert!(before == after, "a build changed archive/:\n{}", diff(&before, &after));
    run(["verify", "--site", s]).assert_code(0);
}

// ---------------------------------------------------------------------------------------------
// Audience

/// Strings of the internal items of `build/audience`: none may appear in a public build.
const INTERNAL_TRACES: &[&str] =
    &["内部制度乙机密", "内部案例丁机密", "内部违纪类型戊", "内部标签己", "secret-rules", "secret-case", "nei-bu-"];

#[test]
fn public_build_has_no_trace_of_internal_items() {
    // --audience public: no file name or file content mentions an internal case or mechanism
    // (titles, ids, their violation types and tags), even where public items referred to them.
    let (_site, out) = built("build/audience", &["--audience", "public"]);
    let all = files(&out);
    let mut found = Vec::new();
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        for t in INTERNAL_TRACES {
            if path.contains(t) || text.contains(t) {
                found.push(format!("{path}: {t}"));
            }
        }
    }
    assert!(found.is_empty(), "internal traces in the public build:\n{}", found.join("\n"));
    let text: String = all.values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(text.contains("公开案例丙") && text.contains("公开制度甲") && text.contains("公开培训庚"));
}

#[test]
fn internal_build_has_internal_items() {
    // The same fixture built for internal readers does include the internal items (so the
    // public test above is not vacuous).
    let (_site, out) = built("build/audience", &[]);
    let text: String = files(&out).values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(text.contains("内部制度乙机密") && text.contains("内部案例丁机密"));
    assert!(out.join("cases/secret-case/index.html").is_file());
}

#[test]
fn internal_pages_are_marked_and_public_pages_are_not() {
    // Every page of an internal build carries 内部资料; no page of a public build does.
    let (_site, internal) = built("build/audience", &[]);
    let (_site2, public) = built("build/audience", &["--audience", "public"]);
    for (path, bytes) in files(&internal).iter().filter(|(k, _)| k.ends_with(".html")) {
        assert!(String::from_utf8_lossy(bytes).contains("内部资料"), "internal page without 内部资料: {path}");
    }
    for (path, bytes) in files(&public).iter().filter(|(k, _)| k.ends_with(".html")) {
        assert!(!String::from_utf8_lossy(bytes).contains("内部资料"), "public page marked 内部资料: {path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Exports

fn site_json(out: &Path) -> Value {
    serde_json::from_str(&read(&out.join("data/site.json"))).expect("data/site.json is JSON")
}

fn assert_keys(v: &Value, keys: &[&str], what: &str) {
    let obj = v.as_object().unwrap_or_else(|| panic!("{what} is not an object: {v}"));
    for k in keys {
        assert!(obj.contains_key(*k), "{what} lacks \"{k}\": {v}");
    }
}

#[test]
fn site_json_has_the_keys_of_the_spec() {
    // data/site.json has every key of SPEC §5.1, with the documented types.
    let (site, out) = built("build/full", &[]);
    let j = site_json(&out);
    assert_keys(&j, &["site", "mechanisms", "cases", "trainings", "units", "scorecards"], "site.json");
    assert_keys(&j["site"], &["title", "period", "audience"], "site");
    assert_eq!(j["site"]["title"], "测试站点");
    assert_eq!(j["site"]["period"], "2025-H2");
    assert_eq!(j["site"]["audience"], "internal");
    let list = |k: &str| j[k].as_array().unwrap_or_else(|| panic!("{k} is not a list")).clone();
    for m in list("mechanisms") {
        assert_keys(&m, &["id", "title", "category", "status", "effective", "supersedes", "requirements", "sha256"], "mechanism");
        assert!(m["supersedes"].is_array() && m["requirements"].is_array());
    }
    for c in list("cases") {
        assert_keys(&c, &["id", "title", "date", "unit", "violations", "form", "mechanisms", "sha256"], "case");
        assert!(c["form"].is_number() && c["violations"].is_array());
    }
    for t in list("trainings") {
        assert_keys(&t, &["id", "title", "date", "cases"], "training");
    }
    for u in list("units") {
        assert_keys(&u, &["id", "name", "type", "parent"], "unit");
    }
    let cards = list("scorecards");
    assert_eq!(cards.len(), 3, "two units in 2025-H1, one in 2025-H2: {cards:#?}");
    for s in &cards {
        assert_keys(s, &["unit", "period", "total", "grade", "rank", "rank_in_type", "change", "vetoed", "satisfaction", "unmet"], "scorecard");
        assert!(s["total"].is_number() && s["vetoed"].is_boolean() && s["unmet"].is_array());
        assert!(s["change"].is_number() || s["change"].is_null());
        assert!(s["satisfaction"].is_number() || s["satisfaction"].is_null());
    }
    let mech = list("mechanisms").into_iter().find(|m| m["id"] == "supervision").expect("supervision");
    assert_eq!(mech["supersedes"], serde_json::json!(["supervision-2019"]));
    assert_eq!(mech["requirements"], serde_json::json!(["half-year-study"]));
    assert_eq!(mech["effective"], "2021-06-01");
    // sha256 is the checksum of the source file's bytes.
    use sha2::Digest;
    let bytes = std::fs::read(site.file("content/mechanisms/supervision.md")).unwrap();
    let hex: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(mech["sha256"], hex.as_str());
    let case = list("cases").into_iter().find(|c| c["id"] == "a").expect("case a");
    assert_eq!(case["unit"], "fx-court");
    assert_eq!(case["mechanisms"], serde_json::json!(["supervision"]));
    let unit = list("units").into_iter().find(|u| u["id"] == "fx-zfw").expect("unit");
    assert!(unit["parent"].is_null());
}

#[test]
fn site_json_scorecards_are_sorted_and_computed() {
    // Scorecards sorted by period then rank; totals, change and unmet duties per SPEC §3.
    let (_site, out) = built("build/full", &[]);
    let j = site_json(&out);
    let cards = j["scorecards"].as_array().unwrap();
    let keys: Vec<(String, i64, String)> = cards
        .iter()
        .map(|s| (s["period"].as_str().unwrap().to_string(), s["rank"].as_i64().unwrap_or(-1), s["unit"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        keys,
        vec![("2025-H1".into(), 1, "fx-court".into()), ("2025-H1".into(), 2, "fx-police".into()), ("2025-H2".into(), 1, "fx-court".into())]
    );
    // 14 + 13.5 - 2 + min(1.5, bonus_cap 1) = 26.5
    assert_eq!(cards[0]["total"].as_f64(), Some(26.5));
    assert_eq!(cards[0]["grade"], "合格");
    assert!(cards[0]["change"].is_null(), "no scorecard in 2024-H2");
    assert_eq!(cards[0]["satisfaction"].as_f64(), Some(92.4));
    assert_eq!(cards[0]["unmet"], serde_json::json!([]));
    assert_eq!(cards[1]["total"].as_f64(), Some(19.0));
    assert_eq!(cards[1]["grade"], "不合格");
    assert_eq!(cards[1]["unmet"], serde_json::json!(["half-year-study"]));
    assert_eq!(cards[2]["total"].as_f64(), Some(30.0));
    assert_eq!(cards[2]["change"].as_f64(), Some(3.5));
}

#[test]
fn feed_is_atom_with_an_entry_per_case_and_mechanism() {
    // feed.xml: an XML declaration, one <entry> per case and mechanism, newest first.
    let (_site, out) = built("build/full", &[]);
    let feed = read(&out.join("feed.xml"));
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains("<feed") && feed.trim_end().ends_with("</feed>"));
    let j = site_json(&out);
    let expected = j["cases"].as_array().unwrap().len() + j["mechanisms"].as_array().unwrap().len();
    assert_eq!(expected, 4);
    assert_eq!(feed.matches("<entry>").count(), expected, "{feed}");
    assert_eq!(feed.matches("</entry>").count(), expected);
    for title in ["某县法院干警工作日午间饮酒问题", "某县公安局民警违规收受礼品问题", "日常监督检查制度", "日常监督检查办法 (2019)"] {
        assert!(feed.contains(title), "feed lacks {title}");
    }
    let dates: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| e.split("<updated>").nth(1).and_then(|u| u.split('<').next()).expect("entry <updated>"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "entries are not newest first");
}

#[test]
fn full_fixture_links_resolve() {
    // Every link of a site with every kind of content resolves offline.
    let (_site, out) = built("build/full", &[]);
    assert_links_resolve(&out);
}

// ---------------------------------------------------------------------------------------------
// Ids from file names

#[test]
fn chinese_file_name_gets_a_pinyin_page() {
    // cases/某县法院违规宴请案.md is rendered at cases/mou-xian-fa-yuan-wei-gui-yan-qing-an/.
    let (_site, out) = built("build/chinese_file_name", &[]);
    let page = out.join("cases/mou-xian-fa-yuan-wei-gui-yan-qing-an/index.html");
    assert!(page.is_file(), "missing {}", page.display());
    assert!(read(&page).contains("某县法院干警工作日午间饮酒问题"));
    assert_eq!(site_json(&out)["cases"][0]["id"], "mou-xian-fa-yuan-wei-gui-yan-qing-an");
}

#[test]
fn file_name_with_u_umlaut_pinyin_gets_an_ascii_id() {
    // 律 is lǜ in pinyin; the id of pages/律师须知.md must still be ASCII ([a-z0-9-]).
    let (_site, out) = built("build/chinese_file_name_lv", &[]);
    let pages: Vec<String> = files(&out).into_keys().filter(|k| k.starts_with("pages/")).collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(pages[0].bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/' || b == b'.'), "{pages:?}");
}

#[test]
fn every_output_path_is_ascii() {
    // Violation and tag slugs are ASCII like ids, so paths survive every file system and URL.
    let (_site, out) = built("build/pinyin_u_tag", &[]);
    let bad: Vec<String> = files(&out).into_keys().filter(|k| !k.is_ascii()).collect();
    assert!(bad.is_empty(), "non-ASCII output paths: {bad:?}");
}

// ---------------------------------------------------------------------------------------------
// Warnings and --strict

#[test]
fn link_to_missing_page_is_a_located_warning() {
    // A Markdown link to a page that does not exist: a warning at its line:col, exit 0.
    let site = copy_fixture("build/broken_link");
    let r = check(site.path(), &[]);
    r.assert_code(0).assert_headline("content/pages/about.md:6:2: 警告: 链接 \"@/pages/missing.md\" 指向的页面不存在");
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0).assert_stderr_contains("警告");
    assert!(out.join("pages/about/index.html").is_file());
}

#[test]
fn strict_flag_turns_the_warning_into_an_error() {
    // --strict: the same link is an error, exit 1, for check and build; build writes nothing.
    let site = copy_fixture("build/broken_link");
    check(site.path(), &["--strict"])
        .assert_code(1)
        .assert_headline("content/pages/about.md:6:2: 错误: 链接 \"@/pages/missing.md\" 指向的页面不存在");
    let out = site.out("out");
    build(site.path(), &out, &["--strict"]).assert_code(1);
    assert!(!out.exists());
    // The error is found while pages are already being written: their temporary folder goes too.
    let left: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .filter(|n| n.contains("zhengfeng"))
        .collect();
    assert!(left.is_empty(), "temporary folders left behind: {left:?}");
}

#[test]
fn strict_in_config_turns_the_warning_into_an_error() {
    // `strict = true` under [build] acts like --strict.
    let site = copy_fixture("build/config_strict");
    check(site.path(), &[])
        .assert_code(1)
        .assert_headline("content/pages/about.md:4:2: 错误: 链接 \"@/pages/missing.md\" 指向的页面不存在");
}

#[test]
fn strict_flag_makes_real_name_warning_an_error() {
    // --strict also applies to the unanonymised-name warning of internal builds.
    let site = copy_fixture("errors/persons_real_name");
    check(site.path(), &["--strict"]).assert_code(1).assert_headline("content/cases/a.md:7:11: 错误: 人名 \"王小明\" 未经匿名处理");
}

#[test]
fn a_public_ranking_says_what_it_ranks_and_calls_no_unit_unsubmitted() {
    // Two of eighteen 2025-H2 scorecards public: the public period page ranks those two among
    // themselves and says so; the sixteen others are 未公布 (their cards may be internal, so
    // nothing says they were not submitted), on the page and in the workbook's sheet.
    let site = copy_demo("public-ranking");
    for unit in ["fx-court", "bs-police"] {
        let path = format!("content/scorecards/2025-H2/{unit}.yaml");
        let text = std::fs::read_to_string(site.file(&path)).unwrap();
        site.write(&path, text.replace("audience: internal", "audience: public"));
    }
    let out = site.out("out");
    build(site.path(), &out, &["--audience", "public"]).assert_code(0);
    let page = std::fs::read_to_string(out.join("scorecards/2025-H2/index.html")).unwrap();
    assert!(page.contains("未公布单位 <small>16 个</small>"), "{page}");
    assert!(page.contains("排名为已公布单位之间的名次"), "{page}");
    assert!(!page.contains("未报送"), "{page}");
    let internal = site.out("internal");
    build(site.path(), &internal, &[]).assert_code(0);
    let page = std::fs::read_to_string(internal.join("scorecards/2025-H2/index.html")).unwrap();
    assert!(!page.contains("未公布") && !page.contains("已公布单位之间"), "{page}");
}

#[test]
fn a_new_half_year_without_results_keeps_the_results_page() {
    // current_period 2026-H1 before its first scorecard: scorecards/index.html (linked from
    // every page) shows the latest results, 2025-H2, and says so.
    let site = copy_demo("new-half-year");
    let config = std::fs::read_to_string(site.file("zhengfeng.toml")).unwrap();
    site.write("zhengfeng.toml", config.replace("as_of = \"2025-12-31\"", "as_of = \"2026-03-01\"\ncurrent_period = \"2026-H1\""));
    let out = site.out("out");
    build(site.path(), &out, &[]).assert_code(0);
    let page = std::fs::read_to_string(out.join("scorecards/index.html")).expect("the results page");
    assert!(page.contains("2026年上半年尚无考核结果，下面是2025年下半年的结果。"), "{page}");
    assert!(page.contains("2025年下半年考核评价结果"), "{page}");
}
