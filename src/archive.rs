//! Half-year snapshots (SPEC §7): records kept with the sources, in `archive/<period>/` of the
//! site folder, each with a manifest of checksums; the list of versions (`archive/versions.json`,
//! and the same list as `versions.js` in every build, so the version menu works from disk);
//! copying old snapshots out of an output folder into `archive/`; verifying snapshots; and what
//! `changes/index.html` compares with the newest snapshot.
//!
//! A snapshot keeps what a later comparison needs: its `data/site.json` (ids, titles, scores)
//! and `data/content.json` (the Markdown of every mechanism, for the redline).

use crate::error::{read_err, write_err, Error, Result};
use crate::load::hex;
use crate::model::Period;
use crate::output::Output;
use crate::sitejson::{ContentJson, SiteJson};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "MANIFEST.sha256";

/// One frozen version, as listed in `versions.json`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Version {
    pub period: String,
    pub label: String,
    /// The day it was frozen, YYYY-MM-DD.
    pub frozen: String,
    pub pages: usize,
    pub files: usize,
}

/// What the output folder already holds of the archive.
#[derive(Clone, Debug, Default)]
pub struct ArchiveState {
    /// Newest first.
    pub versions: Vec<Version>,
    /// The newest snapshot's exports, for `changes/index.html`.
    pub newest: Option<Base>,
}

/// The exports of a snapshot that a comparison reads.
#[derive(Clone, Debug)]
pub struct Base {
    pub period: String,
    pub site: SiteJson,
    pub content: ContentJson,
}

/// How a render is framed: the live site, or a snapshot of one period.
#[derive(Clone, Debug)]
pub enum Mode {
    Live,
    Snapshot { period: Period, frozen: String },
}

/// How a build is framed: live or a snapshot, what the archive already holds, and the
/// versions to list.
#[derive(Clone, Debug)]
pub struct Frame {
    pub mode: Mode,
    pub state: ArchiveState,
    /// The versions to list (for a snapshot: those before it and itself), newest first.
    pub versions: Vec<Version>,
}

impl Frame {
    pub fn live(state: ArchiveState) -> Frame {
        Frame { mode: Mode::Live, versions: state.versions.clone(), state }
    }
}

pub use crate::output::ARCHIVE_DIR;

/// The archive of the site at `root`.
pub fn dir(root: &Path) -> PathBuf {
    root.join(ARCHIVE_DIR)
}

/// The versions listed in `archive/versions.json`, newest first; none when there is no list. A
/// damaged list is an I/O-class error (the archive needs a person's look).
fn read_versions(archive: &Path) -> Result<Vec<Version>> {
    let list = archive.join("versions.json");
    if !list.is_file() {
        return Ok(Vec::new());
    }
    let bytes = std::fs::read(&list).map_err(read_err(&list))?;
    let mut versions: Vec<Version> = serde_json::from_slice(&bytes)
        .map_err(|e| Error::Other(format!("{} 已损坏, 无法读取: {e}", list.display())))?;
    versions.sort_by(|a, b| b.period.cmp(&a.period));
    Ok(versions)
}

/// Read the site's `archive/versions.json` and the newest snapshot's exports. A missing archive
/// is empty.
pub fn read_state(root: &Path) -> Result<ArchiveState> {
    let archive = dir(root);
    let versions = read_versions(&archive)?;
    let newest = match versions.first() {
        Some(v) => {
            let dir = archive.join(&v.period).join("data");
            Some(Base { period: v.period.clone(), site: read_json(&dir.join("site.json"))?, content: read_json(&dir.join("content.json"))? })
        }
        None => None,
    };
    Ok(ArchiveState { versions, newest })
}

/// A snapshot's export, read back; a missing file reads as empty (snapshots made before it
/// existed), a damaged one is an error that names it.
fn read_json<T: serde::de::DeserializeOwned + Default>(path: &Path) -> Result<T> {
    if !path.is_file() {
        return Ok(T::default());
    }
    let bytes = std::fs::read(path).map_err(read_err(path))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Other(format!("{} 已损坏, 无法读取: {e}", path.display())))
}

/// `versions.js`: the list as a script, so pages opened from disk can read it.
pub fn versions_js(versions: &[Version]) -> Vec<u8> {
    let json = serde_json::to_string(versions).unwrap_or_else(|_| "[]".into());
    format!("window.ZF_VERSIONS = {json};\n").into_bytes()
}

pub fn versions_json(versions: &[Version]) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(versions).unwrap_or_else(|_| b"[]".to_vec());
    b.push(b'\n');
    b
}

/// `sha256sum -c` format, sorted by path: `<hex>  <path>`.
pub fn manifest(output: &Output) -> Vec<u8> {
    let mut s = String::new();
    for (path, bytes) in &output.files {
        if path == MANIFEST {
            continue;
        }
        s.push_str(&hex(&Sha256::digest(bytes.as_slice())));
        s.push_str("  ");
        s.push_str(path);
        s.push('\n');
    }
    s.into_bytes()
}

/// The period a snapshot is asked for, or why it cannot be made (an invalid name, or a snapshot
/// of it already in the archive). A refusal changes nothing.
pub fn check_period(period: &str, root: &Path) -> Result<Period> {
    let Some(p) = Period::parse(period) else {
        return Err(Error::Other(format!("期次 \"{period}\" 无效, 应为 YYYY-H1 (上半年) 或 YYYY-H2 (下半年), 例如 2025-H2")));
    };
    let archive = dir(root);
    if read_versions(&archive)?.iter().any(|v| v.period == p.to_string()) || archive.join(p.to_string()).exists() {
        return Err(Error::Other(format!("{} 的归档已经存在 (archive/{p}/), 归档一经生成不可覆盖", p.label())));
    }
    Ok(p)
}

/// Write a rendered snapshot into the site's `archive/<period>/` (via a temporary folder,
/// renamed into place), then add it to `archive/versions.json`.
pub fn write_snapshot(root: &Path, period: Period, site: &Output, versions: &[Version]) -> Result<()> {
    let archive = dir(root);
    std::fs::create_dir_all(&archive).map_err(write_err(&archive))?;
    let final_dir = archive.join(period.to_string());
    let tmp = archive.join(format!(".{period}.zhengfeng-new"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(write_err(&tmp))?;
    }
    std::fs::create_dir_all(&tmp).map_err(write_err(&tmp))?;
    if let Err(e) = crate::write::write_files(site, &tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, &final_dir).map_err(write_err(&final_dir))?;
    replace_file(&archive.join("versions.json"), &versions_json(versions))
}

/// Snapshots that an output folder holds and the site's archive lacks (made by an older version
/// of the tool, which kept them there), copied into the archive with their entries in
/// `versions.json`. Nothing is deleted. Returns the periods copied.
pub fn adopt(root: &Path, output_dir: &Path) -> Result<Vec<Period>> {
    let old = output_dir.join(ARCHIVE_DIR);
    if !old.is_dir() || old == dir(root) {
        return Ok(Vec::new());
    }
    let archive = dir(root);
    let mut versions = read_versions(&archive)?;
    let listed = read_versions(&old).unwrap_or_default();
    let mut adopted = Vec::new();
    let mut found: Vec<Period> = std::fs::read_dir(&old)
        .map_err(read_err(&old))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().and_then(Period::parse))
        .collect();
    found.sort();
    for p in found {
        let name = p.to_string();
        if archive.join(&name).exists() || versions.iter().any(|v| v.period == name) {
            continue;
        }
        let tmp = archive.join(format!(".{name}.zhengfeng-new"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(write_err(&tmp))?;
        }
        if let Err(e) = crate::write::copy_tree(&old.join(&name), &tmp) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, archive.join(&name)).map_err(write_err(&archive.join(&name)))?;
        let entry = listed.iter().find(|v| v.period == name).cloned().unwrap_or_else(|| {
            // Not listed: its counts from its manifest (which lists every file but itself).
            let manifest = std::fs::read_to_string(archive.join(&name).join(MANIFEST)).unwrap_or_default();
            let pages = manifest.lines().filter(|l| l.ends_with(".html")).count();
            Version { period: name.clone(), label: p.label(), frozen: String::new(), pages, files: manifest.lines().count() + 1 }
        });
        versions.push(entry);
        versions.sort_by(|a, b| b.period.cmp(&a.period));
        replace_file(&archive.join("versions.json"), &versions_json(&versions))?;
        adopted.push(p);
    }
    Ok(adopted)
}

/// Write a file by renaming a finished temporary one over it (a reader never sees half a file,
/// and a hard link to the old file, as builds keep, is left untouched).
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("zhengfeng-tmp");
    std::fs::write(&tmp, bytes).map_err(write_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(write_err(path))
}

/// The outcome of `verify`.
#[derive(Debug, Default)]
pub struct Verification {
    pub snapshots: usize,
    pub files: usize,
    /// (snapshot, path, what) for every file added, removed or changed.
    pub problems: Vec<(String, String, &'static str)>,
}

/// Check every snapshot in the site's `archive/` against its manifest.
pub fn verify(root: &Path) -> Result<Verification> {
    let archive = dir(root);
    let mut v = Verification::default();
    if !archive.is_dir() {
        return Ok(v);
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&archive)
        .map_err(read_err(&archive))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| Period::parse(n).is_some()))
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        v.snapshots += 1;
        let manifest_path = dir.join(MANIFEST);
        let listed: BTreeMap<String, String> = match std::fs::read_to_string(&manifest_path) {
            Ok(text) => text
                .lines()
                .filter_map(|l| l.split_once("  ").map(|(h, p)| (p.to_string(), h.to_string())))
                .collect(),
            Err(_) => {
                v.problems.push((name.clone(), MANIFEST.into(), "清单缺失"));
                continue;
            }
        };
        let mut present = BTreeSet::new();
        for entry in walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Other(format!("无法读取 {}: {e}", dir.display())))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if rel == MANIFEST {
                continue;
            }
            present.insert(rel.clone());
            v.files += 1;
            match listed.get(&rel) {
                None => v.problems.push((name.clone(), rel, "新增")),
                Some(h) => {
                    let bytes = std::fs::read(entry.path()).map_err(read_err(entry.path()))?;
                    if &hex(&Sha256::digest(&bytes)) != h {
                        v.problems.push((name.clone(), rel, "被修改"));
                    }
                }
            }
        }
        for path in listed.keys() {
            if !present.contains(path) {
                v.problems.push((name.clone(), path.clone(), "被删除"));
            }
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_periods_are_refused() {
        let d = Path::new("/nonexistent");
        assert!(check_period("2025-H3", d).is_err());
        assert!(check_period("2025-H1", d).is_ok());
    }
}
