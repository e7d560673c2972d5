//! Half-year snapshots end to end: records in the site's `archive/`, refusals, builds that copy
//! the archive, adoption of old snapshots from an output folder, a snapshot of an earlier
//! period as it stood, verify, a snapshot copied away alone, and the changes page.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tmp(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let d = std::env::temp_dir().join(format!("zf-archive-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// A fresh copy of the evaluation fixture site (it has mechanisms, cases-free units, periods).
fn site(name: &str) -> PathBuf {
    let d = tmp(name);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluation/site"), &d);
    d
}

fn zf(site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhengfeng")).args(args).arg("--site").arg(site).output().expect("run zhengfeng")
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk(base, &e.path(), out);
            } else {
                let rel = e.path().strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Links (`href`/`src`) in every HTML file that point at a file that does not exist.
fn broken_links(dir: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, bytes) in tree(dir) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let page_dir = dir.join(&rel).parent().unwrap().to_path_buf();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let target = part.split('"').next().unwrap_or("");
                if target.is_empty() || target.starts_with('#') || target.contains(':') {
                    continue;
                }
                let path = target.split(['#', '?']).next().unwrap_or("");
                if path.is_empty() {
                    continue;
                }
                if !page_dir.join(path).exists() {
                    broken.push(format!("{rel} -> {target}"));
                }
            }
        }
    }
    broken
}

// A snapshot is a complete site with a manifest, kept in the site's archive/; a second snapshot
// of the same period, an invalid period and a later one are refused with exit 2, and leave the
// archive byte for byte as it was.
#[test]
fn snapshot_then_refuse_a_second() {
    let s = site("refuse");
    let out = zf(&s, &["snapshot", "2025-H2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let snap = s.join("archive/2025-H2");
    for f in ["index.html", "MANIFEST.sha256", "data/site.json", "data/content.json", "changes/index.html", "archive/versions.js", "static/style.css"] {
        assert!(snap.join(f).is_file(), "{f} missing from the snapshot");
    }
    assert!(!s.join("output").exists(), "snapshot writes only under archive/");
    let manifest = std::fs::read_to_string(snap.join("MANIFEST.sha256")).unwrap();
    let paths: Vec<&str> = manifest.lines().map(|l| l.split_once("  ").unwrap().1).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "manifest sorted by path");
    assert!(paths.contains(&"index.html") && !paths.contains(&"MANIFEST.sha256"));
    let page = std::fs::read_to_string(snap.join("index.html")).unwrap();
    assert!(page.contains("archive-banner") && page.contains("2025年下半年"));
    let versions = std::fs::read_to_string(s.join("archive/versions.json")).unwrap();
    assert!(versions.contains("\"2025-H2\""));

    let before = tree(&s.join("archive"));
    let again = zf(&s, &["snapshot", "2025-H2"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经存在"));
    for bad in ["2025-H3", "2099-H1"] {
        let r = zf(&s, &["snapshot", bad]);
        assert_eq!(r.status.code(), Some(2), "{bad} refused: {}", String::from_utf8_lossy(&r.stderr));
    }
    assert_eq!(tree(&s.join("archive")), before, "refusals change nothing");
    // The current half-year, not yet over: refused, saying when it ends.
    let config = std::fs::read_to_string(s.join("zhengfeng.toml")).unwrap();
    std::fs::write(s.join("zhengfeng.toml"), format!("current_period = \"2026-H2\"\nas_of = \"2026-12-01\"\n{config}")).unwrap();
    let early = zf(&s, &["snapshot", "2026-H2"]);
    assert_eq!(early.status.code(), Some(2));
    let err = String::from_utf8_lossy(&early.stderr);
    assert!(err.contains("不能归档 2026年下半年: 它到 2026年12月31日 才结束 (统计日期 (as_of) 为 2026年12月1日)"), "{err}");
    assert_eq!(tree(&s.join("archive")), before, "refusals change nothing");
    std::fs::write(s.join("zhengfeng.toml"), format!("current_period = \"2026-H2\"\nas_of = \"2026-12-31\"\n{config}")).unwrap();
    let last_day = zf(&s, &["snapshot", "2026-H2"]);
    assert!(last_day.status.success(), "on its last day it can be archived: {}", String::from_utf8_lossy(&last_day.stderr));
    let _ = std::fs::remove_dir_all(s);
}

// Every build copies archive/ into its output byte for byte, with the version list and the
// archive index; deleting the output loses nothing, and a build to another --output carries
// the archive too. A rebuild never changes the archive; verify passes, then names every file
// edited, added or deleted.
#[test]
fn rebuild_keeps_archive_and_verify_catches_tampering() {
    let s = site("verify");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    let before = tree(&s.join("archive"));
    std::fs::write(s.join("content/mechanisms/duties.md"), std::fs::read_to_string(s.join("content/mechanisms/duties.md")).unwrap() + "\n新增条款。\n").unwrap();
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    assert_eq!(tree(&s.join("archive")), before, "build never changes the archive");
    let copied = tree(&s.join("output/archive"));
    for (path, bytes) in &before {
        assert_eq!(copied.get(path), Some(bytes), "{path} copied byte for byte");
    }
    assert!(copied.contains_key("versions.js") && copied.contains_key("index.html"), "version list and archive index in every build");
    std::fs::remove_dir_all(s.join("output")).unwrap();
    let elsewhere = tmp("elsewhere");
    let out = zf(&s, &["build", "--quiet", "--output", elsewhere.join("site").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tree(&elsewhere.join("site/archive/2025-H1")), tree(&s.join("archive/2025-H1")));
    let ok = zf(&s, &["verify"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("校验通过"));

    let snap = s.join("archive/2025-H1");
    std::fs::write(snap.join("index.html"), "篡改").unwrap();
    std::fs::write(snap.join("extra.html"), "多出的文件").unwrap();
    std::fs::remove_file(snap.join("feed.xml")).unwrap();
    let bad = zf(&s, &["verify"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("archive/2025-H1/index.html: 错误: 文件被修改"), "{err}");
    assert!(err.contains("archive/2025-H1/extra.html: 错误: 文件新增"), "{err}");
    assert!(err.contains("archive/2025-H1/feed.xml: 错误: 文件被删除"), "{err}");
    let _ = std::fs::remove_dir_all(s);
    let _ = std::fs::remove_dir_all(elsewhere);
}

// A snapshot that an older version left only in output/archive/ is copied into archive/ by the
// next build, which says so; the output's copy stays, and the snapshot still verifies.
#[test]
fn old_snapshot_in_output_is_adopted() {
    let s = site("adopt");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    // As an older version kept it: in the output folder only.
    copy_dir(&s.join("archive"), &s.join("output/archive"));
    let kept = tree(&s.join("archive/2025-H1"));
    std::fs::remove_dir_all(s.join("archive")).unwrap();
    let out = zf(&s, &["build", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("archive/2025-H1/"), "the build says so");
    assert_eq!(tree(&s.join("archive/2025-H1")), kept, "copied byte for byte");
    assert!(std::fs::read_to_string(s.join("archive/versions.json")).unwrap().contains("\"2025-H1\""));
    assert_eq!(tree(&s.join("output/archive/2025-H1")), kept);
    assert!(zf(&s, &["verify"]).status.success());
    let _ = std::fs::remove_dir_all(s);
}

// A snapshot of an earlier period, taken when a later period exists, holds the site as it
// stood at the earlier period's end: its results, its current period, no later case and the
// mechanism version then in force.
#[test]
fn snapshot_of_an_earlier_period_is_as_it_stood() {
    let s = site("as-it-stood");
    std::fs::create_dir_all(s.join("content/cases")).unwrap();
    let case = |date: &str, title: &str| format!("---\ntitle: {title}\ndate: {date}\nviolations: [违规饮酒]\nform: 1\ndisposition: 谈话提醒\n---\n正文。\n");
    std::fs::write(s.join("content/cases/early.md"), case("2025-03-01", "上半年的案例")).unwrap();
    std::fs::write(s.join("content/cases/late.md"), case("2025-09-01", "下半年的案例")).unwrap();
    let duties = std::fs::read_to_string(s.join("content/mechanisms/duties.md")).unwrap().replace("status: in-force", "status: revised");
    std::fs::write(s.join("content/mechanisms/duties.md"), duties).unwrap();
    std::fs::write(
        s.join("content/mechanisms/duties-2025.md"),
        "---\ntitle: 履职要求 (2025年修订)\ncategory: 考核\nissuer: 测试委\neffective: 2025-08-01\nstatus: in-force\nsupersedes: [duties]\n---\n修订后的正文。\n",
    )
    .unwrap();
    let out = zf(&s, &["snapshot", "2025-H1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(s.join("archive/2025-H1/data/site.json")).unwrap()).unwrap();
    assert_eq!(json["site"]["period"], "2025-H1");
    assert_eq!(json["site"]["as_of"], "2025-06-30");
    let periods: Vec<&str> = json["scorecards"].as_array().unwrap().iter().map(|c| c["period"].as_str().unwrap()).collect();
    assert!(!periods.is_empty() && periods.iter().all(|p| *p == "2025-H1"), "{periods:?}");
    let cases: Vec<&str> = json["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(cases, ["early"]);
    let mechanisms: Vec<(&str, &str)> = json["mechanisms"].as_array().unwrap().iter().map(|m| (m["id"].as_str().unwrap(), m["status"].as_str().unwrap())).collect();
    assert_eq!(mechanisms, [("duties", "in-force")]);
    let tree = tree(&s.join("archive/2025-H1"));
    assert!(tree.keys().all(|p| !p.contains("late") && !p.contains("duties-2025")), "no later item's page");
    let home = String::from_utf8_lossy(&tree["index.html"]).to_string();
    assert!(home.contains("2025年上半年") && !home.contains("下半年的案例"));
    let _ = std::fs::remove_dir_all(s);
}

// A snapshot copied to another folder on its own has no broken links.
#[test]
fn copied_snapshot_has_no_broken_links() {
    let s = site("copy");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let away = tmp("away");
    copy_dir(&s.join("archive/2025-H1"), &away.join("usb"));
    let broken = broken_links(&away.join("usb"));
    assert!(broken.is_empty(), "broken links: {broken:?}");
    // The live site links the archive, and nothing there is broken either.
    let live = broken_links(&s.join("output"));
    assert!(live.is_empty(), "broken links: {live:?}");
    let _ = std::fs::remove_dir_all(s);
    let _ = std::fs::remove_dir_all(away);
}

// The changes page shows a revised mechanism's inserted text, marked, and new cases; with no
// snapshot it says so.
#[test]
fn changes_page_shows_a_redline() {
    let s = site("changes");
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let none = std::fs::read_to_string(s.join("output/changes/index.html")).unwrap();
    assert!(none.contains("还没有半年归档"));
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    let path = s.join("content/mechanisms/duties.md");
    let text = std::fs::read_to_string(&path).unwrap().replace("正文。", "正文。每季度通报一次。");
    std::fs::write(&path, text).unwrap();
    std::fs::create_dir_all(s.join("content/cases")).unwrap();
    std::fs::write(
        s.join("content/cases/new-case.md"),
        "---\ntitle: 新增的警示案例\ndate: 2025-10-01\nviolations: [违规饮酒]\nform: 1\ndisposition: 谈话提醒\n---\n正文。\n",
    )
    .unwrap();
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let page = std::fs::read_to_string(s.join("output/changes/index.html")).unwrap();
    assert!(page.contains("<ins>每季度通报一次。</ins>"), "inserted text marked");
    assert!(page.contains("新增的警示案例"));
    // The feed gains an entry per snapshot.
    let feed = std::fs::read_to_string(s.join("output/feed.xml")).unwrap();
    assert!(feed.contains("urn:zhengfeng:snapshot:2025-H2"));
    let _ = std::fs::remove_dir_all(s);
}

/// The periods `versions.js` lists, in its order.
fn listed_periods(versions_js: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(versions_js).unwrap();
    let json = text.trim().strip_prefix("window.ZF_VERSIONS = ").unwrap().trim_end_matches(';');
    let list: serde_json::Value = serde_json::from_str(json).unwrap();
    list.as_array().unwrap().iter().map(|v| v["period"].as_str().unwrap().to_string()).collect()
}

// A snapshot lost from the site's archive/ while an output folder still holds it: verify names
// it and says the output still has a copy; the next build copies it back (saying so) instead of
// replacing the output and losing the last copy; a snapshot of a period whose folder is gone,
// though versions.json lists it, is made.
#[test]
fn snapshot_lost_from_the_archive_is_taken_back_from_the_output() {
    let s = site("lost");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let kept = tree(&s.join("archive/2025-H1"));
    std::fs::remove_dir_all(s.join("archive/2025-H1")).unwrap();

    let lost = zf(&s, &["verify"]);
    assert_eq!(lost.status.code(), Some(1), "a listed snapshot whose folder is gone fails verify");
    let err = String::from_utf8_lossy(&lost.stderr);
    assert!(err.contains("archive/2025-H1/: 错误: 2025年上半年的归档缺失"), "{err}");
    assert!(err.contains("output/archive/2025-H1") && err.contains("zhengfeng build"), "says where a copy is: {err}");

    let out = zf(&s, &["build", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("archive/2025-H1/"), "the build says so");
    assert_eq!(tree(&s.join("archive/2025-H1")), kept, "copied back byte for byte");
    assert_eq!(tree(&s.join("output/archive/2025-H1")), kept, "and still in the output");
    assert!(zf(&s, &["verify"]).status.success());

    // Lost everywhere: the list's entry does not make the period "already archived".
    std::fs::remove_dir_all(s.join("archive/2025-H1")).unwrap();
    std::fs::remove_dir_all(s.join("output")).unwrap();
    let err = String::from_utf8_lossy(&zf(&s, &["verify"]).stderr).to_string();
    assert!(err.contains("请从备份中") && err.contains("versions.json"), "{err}");
    let again = zf(&s, &["snapshot", "2025-H1"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(s.join("archive/2025-H1/MANIFEST.sha256").is_file());
    let _ = std::fs::remove_dir_all(s);
}

// The snapshot folders decide which snapshots exist, not versions.json: with the list deleted
// or emptied (as a run stopped between a snapshot's folder and its list leaves it), a build
// still lists both, and the changes page compares with the newest; the next snapshot rewrites
// the list from the folders, each with the day it was frozen.
#[test]
fn snapshot_folders_decide_what_the_archive_holds() {
    let s = site("folders");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    let frozen: serde_json::Value = serde_json::from_slice(&std::fs::read(s.join("archive/versions.json")).unwrap()).unwrap();
    for list in [None, Some("[]")] {
        match list {
            None => std::fs::remove_file(s.join("archive/versions.json")).unwrap(),
            Some(text) => std::fs::write(s.join("archive/versions.json"), text).unwrap(),
        }
        assert!(zf(&s, &["build", "--quiet"]).status.success());
        assert_eq!(listed_periods(&s.join("output/archive/versions.js")), ["2025-H2", "2025-H1"]);
        let index = std::fs::read_to_string(s.join("output/archive/index.html")).unwrap();
        assert!(index.contains("archive/2025-H1/index.html") && index.contains("archive/2025-H2/index.html"), "{index}");
        let changes = std::fs::read_to_string(s.join("output/changes/index.html")).unwrap();
        assert!(changes.contains("2025年下半年归档") && !changes.contains("还没有半年归档"));
        assert!(std::fs::read_to_string(s.join("output/index.html")).unwrap().contains("version-menu"));
    }
    // A snapshot of an earlier period: the list is rebuilt from the folders, the newest stays
    // the one compared with.
    assert_eq!(zf(&s, &["snapshot", "2025-H1"]).status.code(), Some(2), "an existing folder is refused, listed or not");
    let out = zf(&s, &["snapshot", "2024-H2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&std::fs::read(s.join("archive/versions.json")).unwrap()).unwrap();
    let periods: Vec<&str> = list.as_array().unwrap().iter().map(|v| v["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2025-H2", "2025-H1", "2024-H2"]);
    for v in frozen.as_array().unwrap() {
        let rebuilt = list.as_array().unwrap().iter().find(|w| w["period"] == v["period"]).unwrap();
        assert_eq!(rebuilt, v, "each entry as the snapshot recorded it");
    }
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let changes = std::fs::read_to_string(s.join("output/changes/index.html")).unwrap();
    assert!(changes.contains("2025年下半年归档"), "compared with the newest snapshot");
    // A damaged list stops no build (the folders are the record); verify names it.
    std::fs::write(s.join("archive/versions.json"), "[{\"period\": ").unwrap();
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    assert_eq!(listed_periods(&s.join("output/archive/versions.js")), ["2025-H2", "2025-H1", "2024-H2"]);
    let damaged = zf(&s, &["verify"]);
    assert_eq!(damaged.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("archive/versions.json: 错误: 归档目录列表已损坏"));
    let _ = std::fs::remove_dir_all(s);
}

// A manifest is checked line by line: a line that is no checksum line is named at its line,
// and a manifest overwritten with bytes that are not text is reported as damaged (at the line
// where the damage starts), not as missing.
#[test]
fn verify_names_a_damaged_manifest_at_its_line() {
    let s = site("manifest");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    let manifest = s.join("archive/2025-H1/MANIFEST.sha256");
    let original = std::fs::read(&manifest).unwrap();
    let lines = original.iter().filter(|&&b| b == b'\n').count();

    let mut garbage = original.clone();
    garbage.extend_from_slice("这一行是后来加上的\n".as_bytes());
    std::fs::write(&manifest, &garbage).unwrap();
    let out = zf(&s, &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("archive/2025-H1/MANIFEST.sha256:{}:1: 错误: 文件清单中的这一行不是校验行", lines + 1)), "{err}");

    let mut binary = original[..200].to_vec();
    binary.extend_from_slice(&[0xff, 0xfe, 0x00, 0x9c, 0x80, 0xc3]);
    std::fs::write(&manifest, &binary).unwrap();
    let out = zf(&s, &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = original[..200].iter().filter(|&&b| b == b'\n').count() + 1;
    assert!(err.contains(&format!("archive/2025-H1/MANIFEST.sha256:{line}:")) && err.contains("文件清单已损坏"), "{err}");
    assert!(!err.contains("缺失"), "damaged, not missing: {err}");
    let _ = std::fs::remove_dir_all(s);
}

// Before the first snapshot a build still writes the archive's index, saying there is none
// yet, and an empty version list; nothing on the site links to a page that is not there.
#[test]
fn build_before_any_snapshot_writes_an_empty_archive_index() {
    let s = site("no-snapshot");
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let index = std::fs::read_to_string(s.join("output/archive/index.html")).unwrap();
    assert!(index.contains("还没有半年归档"), "{index}");
    assert!(listed_periods(&s.join("output/archive/versions.js")).is_empty());
    let broken = broken_links(&s.join("output"));
    assert!(broken.is_empty(), "broken links: {broken:?}");
    let _ = std::fs::remove_dir_all(s);
}

/// A page's links and version menu as the browser sees them once scripts have run: the
/// 历史归档 navigation item's address and the version menu's options (label, address).
fn archive_links(page: &Path, profile: &Path) -> (String, Vec<(String, String)>) {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let (_browser, mut cdp) = common::cdp::open(profile, &["--window-size=1280,900", &url], |u| u.starts_with("file://"));
    cdp.wait_until("document.querySelector('.version-menu select')");
    let nav = cdp.eval("Array.from(document.querySelectorAll('.mainnav a')).find(a => a.textContent === '历史归档').href");
    let options = cdp.eval("Array.from(document.querySelectorAll('.version-menu option')).map(o => [o.textContent, new URL(o.value, location.href).href])");
    let options = options.as_array().unwrap().iter().map(|o| (o[0].as_str().unwrap().to_string(), o[1].as_str().unwrap().to_string())).collect();
    (nav.as_str().unwrap().to_string(), options)
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

// On an old snapshot's page inside a built site, the navigation's 历史归档 and the version
// menu's 全部归档 lead to the live site's list of every snapshot (the snapshot's own list knows
// only the versions of its day); a snapshot copied away alone keeps its own list.
#[test]
fn snapshot_pages_lead_to_the_live_archive_list() {
    let s = site("live-list");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let profile = tmp("browser");
    let (nav, options) = archive_links(&s.join("output/archive/2025-H1/scorecards/index.html"), &profile.join("in-site"));
    let live = file_url(&s.join("output/archive/index.html"));
    assert_eq!(nav, live, "历史归档 leads to the live list");
    let labels: Vec<&str> = options.iter().map(|o| o.0.as_str()).collect();
    assert_eq!(labels, ["现行版本", "2025年下半年归档", "2025年上半年归档", "全部归档…"]);
    assert_eq!(options.last().unwrap().1, live, "全部归档 leads to the live list");

    let away = tmp("alone");
    copy_dir(&s.join("archive/2025-H1"), &away.join("usb"));
    let (nav, options) = archive_links(&away.join("usb/scorecards/index.html"), &profile.join("alone"));
    let own = file_url(&away.join("usb/archive/index.html"));
    assert_eq!(nav, own);
    assert_eq!(options.last().unwrap().1, own);
    let _ = std::fs::remove_dir_all(s);
    let _ = std::fs::remove_dir_all(away);
    let _ = std::fs::remove_dir_all(profile);
}

// A snapshot's banner and the archive index say both what the content is as of (the period's
// end) and the day it was archived, as dates in words; an archived results page does not call
// its period current.
#[test]
fn banner_says_as_of_and_archived_on() {
    let s = site("banner");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let list: serde_json::Value = serde_json::from_slice(&std::fs::read(s.join("archive/versions.json")).unwrap()).unwrap();
    let frozen = list[0]["frozen"].as_str().unwrap().to_string();
    let parts: Vec<u32> = frozen.split('-').map(|n| n.parse().unwrap()).collect();
    let in_words = format!("{}年{}月{}日", parts[0], parts[1], parts[2]);

    let page = std::fs::read_to_string(s.join("output/archive/2025-H1/scorecards/index.html")).unwrap();
    let banner = page.split("<aside class=\"archive-banner\"").nth(1).unwrap().split("</aside>").next().unwrap();
    assert!(banner.contains("内容截至 <span class=\"nowrap\">2025年6月30日</span>"), "{banner}");
    assert!(banner.contains(&format!("归档于 <span class=\"nowrap\">{in_words}</span>")), "{banner}");
    assert!(!page.contains("当前考核期"), "a snapshot has no current period of its own");
    assert!(std::fs::read_to_string(s.join("output/scorecards/index.html")).unwrap().contains("当前考核期"));

    let index = std::fs::read_to_string(s.join("output/archive/index.html")).unwrap();
    assert!(index.contains("<th>内容截至</th><th>归档于</th>"), "{index}");
    assert!(index.contains("2025年6月30日") && index.contains(&in_words) && !index.contains(&frozen), "{index}");
    let _ = std::fs::remove_dir_all(s);
}

// A snapshot of an earlier period, made after a later one, compares with the snapshots before
// its own period only: its changes page does not count the later snapshot as its base.
#[test]
fn snapshot_compares_only_with_an_earlier_one() {
    let s = site("earlier-base");
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    let page = std::fs::read_to_string(s.join("archive/2025-H1/changes/index.html")).unwrap();
    assert!(!page.contains("2025年下半年归档以来"), "{page}");
    assert!(page.contains("还没有半年归档"), "{page}");
    let _ = std::fs::remove_dir_all(s);
}

/// `serve` on `site` (any free port) until `done` holds of what it has printed so far, or 90 s
/// pass; what it printed.
fn serve_until(site: &Path, done: impl Fn(&str) -> bool) -> String {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhengfeng"))
        .args(["serve", "--port", "0", "--site"])
        .arg(site)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start serve");
    let printed = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let pipes: [Box<dyn std::io::Read + Send>; 2] = [Box::new(child.stdout.take().unwrap()), Box::new(child.stderr.take().unwrap())];
    for mut pipe in pipes {
        let sink = printed.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
    }
    let started = std::time::Instant::now();
    while !done(&printed.lock().unwrap()) && started.elapsed() < std::time::Duration::from_secs(90) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = printed.lock().unwrap().clone();
    text
}

// A duty added after a snapshot to a mechanism it held, without `from`, would be judged in the
// closed half-years too: the build says so at the duty, with the `from` to write.
#[test]
fn a_duty_added_after_a_snapshot_without_from_is_a_warning() {
    let s = site("new-duty");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    let path = s.join("content/mechanisms/duties.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let added = text.replacen("requirements:\n", "requirements:\n  - { id: nd, text: 每半年至少谈心一次, at_least: 1, per: half-year }\n", 1);
    std::fs::write(&path, &added).unwrap();
    let out = zf(&s, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("content/mechanisms/duties.md:8:11: 警告: 履职要求 nd 是 2025-H1 归档之后新加的, 没有写 from, 会用于之前已结束的各考核期"), "{err}");
    assert!(err.contains("from: 2025-H2"), "{err}");
    // check says it too: `check --strict` passes only where `build --strict` would.
    let out = zf(&s, &["check", "--strict"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("履职要求 nd 是 2025-H1 归档之后新加的"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(&path, added.replace("per: half-year }", "per: half-year, from: 2025-H2 }")).unwrap();
    let out = zf(&s, &["build"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("履职要求 nd"), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(s);
}

// What an interrupted snapshot left in archive/ is named by verify (not an error: it is no
// snapshot) and removed by the next snapshot.
#[test]
fn an_interrupted_snapshots_leftover_is_named_and_cleared() {
    let s = site("leftover");
    let left = s.join("archive/.2025-H2.zhengfeng-new");
    std::fs::create_dir_all(left.join("cases")).unwrap();
    std::fs::write(left.join("index.html"), "half").unwrap();
    let out = zf(&s, &["verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("archive/.2025-H2.zhengfeng-new/: 警告: 这是一次被中断的归档留下的临时目录, 不是归档"), "{err}");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(!left.exists());
    let _ = std::fs::remove_dir_all(s);
}

// A snapshot changed in archive/ after it was frozen is said by every build, and does not
// replace the intact copy the output folder holds; with no intact copy it is carried as it is.
#[test]
fn a_damaged_snapshot_does_not_replace_the_intact_copy_in_the_output() {
    let s = site("damaged");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let intact = tree(&s.join("output/archive/2025-H1"));
    let page = s.join("archive/2025-H1/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes.extend_from_slice("<p>后来加的一句</p>".as_bytes());
    std::fs::write(&page, &bytes).unwrap();
    std::fs::remove_file(s.join("archive/2025-H1/feed.xml")).unwrap();

    let out = zf(&s, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("archive/2025-H1/: 警告: 2025年上半年的归档与它的文件清单不符 (2 处)"), "{err}");
    assert!(err.contains("沿用输出目录中与清单一致的那一份") && err.contains("output/archive/2025-H1"), "{err}");
    assert_eq!(tree(&s.join("output/archive/2025-H1")), intact, "the output keeps the intact copy");
    assert_eq!(std::fs::read(&page).unwrap(), bytes, "the archive itself is left as it is");
    assert!(!zf(&s, &["build", "--strict", "--quiet"]).status.success(), "strict: the warning stops the build");

    std::fs::remove_dir_all(s.join("output")).unwrap();
    let out = zf(&s, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.contains("照原样复制"), "{err}");
    assert_eq!(std::fs::read(s.join("output/archive/2025-H1/index.html")).unwrap(), bytes);
    let _ = std::fs::remove_dir_all(s);
}

// serve writes the output folder as build does: a snapshot only the output folder still holds
// is copied into archive/ first (and said so), and a folder of files no build wrote is refused,
// not replaced.
#[test]
fn serve_keeps_what_the_output_folder_holds() {
    let s = site("serve");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let kept = tree(&s.join("archive/2025-H1"));
    std::fs::remove_dir_all(s.join("archive/2025-H1")).unwrap();
    let said = serve_until(&s, |said| said.contains("archive/2025-H1/") && said.contains("已写入"));
    assert_eq!(tree(&s.join("archive/2025-H1")), kept, "copied back: {said}");
    assert!(said.contains(&format!("已写入 {}", s.join("output").display())), "{said}");
    assert!(said.contains("archive/2025-H1/"), "{said}");

    let other = site("serve-other");
    let config = std::fs::read_to_string(other.join("zhengfeng.toml")).unwrap();
    std::fs::write(other.join("zhengfeng.toml"), format!("{config}\n[build]\noutput_dir = \"docs\"\n")).unwrap();
    std::fs::create_dir_all(other.join("docs")).unwrap();
    std::fs::write(other.join("docs/notes.txt"), "自己的文件").unwrap();
    let said = serve_until(&other, |said| said.contains("未能写入输出目录"));
    assert!(said.contains("不能输出到"), "{said}");
    // The build line does not claim a write that was refused.
    assert!(said.contains("已构建") && !said.contains("已写入") && !said.contains("文件到"), "{said}");
    assert_eq!(std::fs::read_to_string(other.join("docs/notes.txt")).unwrap(), "自己的文件");
    assert!(!other.join("docs/index.html").exists());
    let _ = std::fs::remove_dir_all(s);
    let _ = std::fs::remove_dir_all(other);
}

// serve, which writes the site after every edit, hashes a snapshot again only when its files
// have changed: one changed while it runs is said at the next write, as build would say it.
#[test]
fn serve_says_a_snapshot_changed_while_it_runs() {
    let s = site("serve-tampered");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    let tampered = std::cell::Cell::new(false);
    let said = serve_until(&s, |said| {
        if !tampered.get() && said.contains("已写入") {
            let page = s.join("archive/2025-H1/index.html");
            let mut bytes = std::fs::read(&page).unwrap();
            bytes.extend_from_slice("<p>后来加的一句</p>".as_bytes());
            std::fs::write(&page, bytes).unwrap();
            let rule = s.join("content/mechanisms/duties.md");
            let text = std::fs::read_to_string(&rule).unwrap();
            std::fs::write(&rule, format!("{text}\n又一段。\n")).unwrap();
            tampered.set(true);
        }
        said.contains("归档后被改动过")
    });
    assert!(said.contains("archive/2025-H1/: 警告: 2025年上半年的归档与它的文件清单不符 (1 处)"), "{said}");
    let _ = std::fs::remove_dir_all(s);
}

// serve of a public site writes the public snapshots only, as build does.
#[test]
fn serve_of_a_public_site_carries_no_internal_snapshot() {
    let s = site("serve-public");
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H2", "--audience", "public"]).status.success());
    let config = std::fs::read_to_string(s.join("zhengfeng.toml")).unwrap();
    std::fs::write(s.join("zhengfeng.toml"), format!("{config}\n[build]\naudience = \"public\"\n")).unwrap();
    let said = serve_until(&s, |_| s.join("output/archive/2025-H2/index.html").is_file() && !s.join(".output.zhengfeng-new").exists());
    assert!(s.join("output/archive/2025-H2/index.html").is_file(), "{said}");
    assert!(!s.join("output/archive/2025-H1").exists(), "the internal snapshot was written: {said}");
    let _ = std::fs::remove_dir_all(s);
}
