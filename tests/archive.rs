//! Half-year snapshots end to end: snapshot, refusals, rebuilds that keep the archive, verify,
//! a snapshot copied away alone, and the changes page.

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

// A snapshot is a complete site with a manifest; a second snapshot of the same period is refused
// and leaves the archive byte for byte as it was.
#[test]
fn snapshot_then_refuse_a_second() {
    let s = site("refuse");
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    let out = zf(&s, &["snapshot", "2025-H2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let snap = s.join("output/archive/2025-H2");
    for f in ["index.html", "MANIFEST.sha256", "data/site.json", "data/content.json", "changes/index.html", "archive/versions.js", "static/style.css"] {
        assert!(snap.join(f).is_file(), "{f} missing from the snapshot");
    }
    let manifest = std::fs::read_to_string(snap.join("MANIFEST.sha256")).unwrap();
    let paths: Vec<&str> = manifest.lines().map(|l| l.split_once("  ").unwrap().1).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "manifest sorted by path");
    assert!(paths.contains(&"index.html") && !paths.contains(&"MANIFEST.sha256"));
    let page = std::fs::read_to_string(snap.join("index.html")).unwrap();
    assert!(page.contains("archive-banner") && page.contains("2025年下半年"));
    let versions = std::fs::read_to_string(s.join("output/archive/versions.json")).unwrap();
    assert!(versions.contains("\"2025-H2\""));
    assert!(s.join("output/archive/versions.js").is_file() && s.join("output/archive/index.html").is_file());

    let before = tree(&s.join("output/archive"));
    let again = zf(&s, &["snapshot", "2025-H2"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经存在"));
    for bad in ["2025-H3", "2099-H1"] {
        assert_eq!(zf(&s, &["snapshot", bad]).status.code(), Some(1), "{bad} refused");
    }
    assert_eq!(tree(&s.join("output/archive")), before, "refusals change nothing");
    let _ = std::fs::remove_dir_all(s);
}

// A rebuild leaves the archive's bytes unchanged, and verify passes, then names every file that
// was edited, added or deleted.
#[test]
fn rebuild_keeps_archive_and_verify_catches_tampering() {
    let s = site("verify");
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    let before = tree(&s.join("output/archive"));
    std::fs::write(s.join("content/mechanisms/duties.md"), std::fs::read_to_string(s.join("content/mechanisms/duties.md")).unwrap() + "\n新增条款。\n").unwrap();
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    assert_eq!(tree(&s.join("output/archive")), before, "build never changes the archive");
    let ok = zf(&s, &["verify"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("校验通过"));

    let snap = s.join("output/archive/2025-H1");
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
}

// A snapshot copied to another folder on its own has no broken links.
#[test]
fn copied_snapshot_has_no_broken_links() {
    let s = site("copy");
    assert!(zf(&s, &["build", "--quiet"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H1"]).status.success());
    assert!(zf(&s, &["snapshot", "2025-H2"]).status.success());
    let away = tmp("away");
    copy_dir(&s.join("output/archive/2025-H1"), &away.join("usb"));
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
