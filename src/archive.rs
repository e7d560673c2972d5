//! Half-year snapshots (SPEC §7): records kept with the sources, in `archive/<period>/` of the
//! site folder, each with a manifest of checksums; the list of versions (`archive/versions.json`,
//! and the same list as `versions.js` in every build, so the version menu works from disk);
//! copying snapshots out of an output folder into `archive/`; verifying snapshots; and what
//! `changes/index.html` compares with the newest snapshot.
//!
//! The folders are the record: a snapshot is a period's folder holding a manifest, whatever
//! `versions.json` says. The list only adds what a folder does not tell (the day it was made),
//! and is rewritten from the folders whenever the archive changes.
//!
//! A snapshot keeps what a later comparison needs: its `data/site.json` (ids, titles, scores)
//! and `data/content.json` (the Markdown of every mechanism, for the redline).

use crate::diag::Diagnostics;
use crate::error::{read_err, write_err, Error, Result};
use crate::load::hex;
use crate::model::{Audience, Period};
use crate::output::Output;
use crate::source::{Pos, SourceFile};
use crate::sitejson::{ContentJson, SiteJson};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use crate::output::MANIFEST;

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

/// What the site's archive holds, as a build reads it.
#[derive(Clone, Debug, Default)]
pub struct ArchiveState {
    /// Every snapshot, newest first.
    pub versions: Vec<Version>,
    /// The exports of the snapshot `changes/index.html` compares with: the newest of the
    /// build's audience (for a snapshot, the newest before its period).
    pub newest: Option<Base>,
    /// A newer snapshot of the other audience, not compared with: its period and audience.
    pub passed_over: Option<(String, Audience)>,
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

/// The list of snapshots every snapshot adds itself to: in the archive, and in each snapshot.
pub const VERSIONS_JSON: &str = "versions.json";

/// The versions a list holds, newest first; `None` when there is no list, an error (with why)
/// when it cannot be read.
fn read_versions(list: &Path) -> std::result::Result<Option<Vec<Version>>, String> {
    let bytes = match std::fs::read(list) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut versions: Vec<Version> = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    versions.sort_by(|a, b| b.period.cmp(&a.period));
    Ok(Some(versions))
}

/// The folders of `archive` named for a period (`2025-H1`), oldest first: what is there,
/// whatever a list says.
fn period_dirs(archive: &Path) -> Result<Vec<Period>> {
    let entries = match std::fs::read_dir(archive) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Read { path: archive.to_path_buf(), source: e }),
    };
    let mut found: Vec<Period> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            Period::parse(&name).filter(|p| p.to_string() == name)
        })
        .collect();
    found.sort();
    Ok(found)
}

/// The snapshots in `archive`: every folder named for a period that holds a manifest, newest
/// first. The folders decide, not `versions.json`: a snapshot it does not list (a run stopped
/// between the two writes, a list deleted) is still one, and one it lists whose folder is gone
/// is not (`verify` names it).
pub fn snapshots(archive: &Path) -> Result<Vec<Version>> {
    found(archive, &[])
}

/// The snapshots in `archive`, each entry taken as `entry` says, `more` consulted after the
/// archive's own list.
fn found(archive: &Path, more: &[Version]) -> Result<Vec<Version>> {
    let listed = read_versions(&archive.join(VERSIONS_JSON)).ok().flatten().unwrap_or_default();
    let mut versions = Vec::new();
    for p in period_dirs(archive)? {
        let dir = archive.join(p.to_string());
        if dir.join(MANIFEST).is_file() {
            versions.push(entry(&dir, p, &[&listed, more]));
        }
    }
    versions.sort_by(|a, b| b.period.cmp(&a.period));
    Ok(versions)
}

/// A snapshot's entry in the list: as the snapshot recorded itself (its own
/// `archive/versions.json`, under its manifest), else as one of `lists` gives it, else what its
/// manifest tells (its counts; the day it was frozen is then unknown).
fn entry(dir: &Path, p: Period, lists: &[&[Version]]) -> Version {
    let name = p.to_string();
    let own = read_versions(&dir.join(ARCHIVE_DIR).join(VERSIONS_JSON)).ok().flatten().unwrap_or_default();
    let found = own.iter().chain(lists.iter().flat_map(|l| l.iter())).find(|v| v.period == name).cloned();
    let mut v = found.unwrap_or_else(|| {
        // The manifest lists every file but itself.
        let manifest = std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
        let pages = manifest.lines().filter(|l| l.ends_with(".html")).count();
        Version { period: name.clone(), label: String::new(), frozen: String::new(), pages, files: manifest.lines().count() + 1 }
    });
    v.label = p.label();
    v
}

/// Rewrite `archive/versions.json` from the snapshot folders (`more` as in `found`). An entry
/// whose folder is missing is kept: it is the record that the snapshot was made, and `verify`
/// names it until the folder is back (or a person removes the entry).
fn write_versions(archive: &Path, more: &[Version]) -> Result<()> {
    let listed = read_versions(&archive.join(VERSIONS_JSON)).ok().flatten().unwrap_or_default();
    let mut versions = found(archive, more)?;
    versions.extend(listed.into_iter().filter(|v| archive.join(&v.period).symlink_metadata().is_err()));
    versions.sort_by(|a, b| b.period.cmp(&a.period));
    replace_file(&archive.join(VERSIONS_JSON), &versions_json(&versions))
}

/// Read what the site's archive holds for a build of `audience`: every snapshot, and the
/// exports of the one the changes page compares with, the newest of the same audience (a
/// comparison across audiences would show every internal item as added, or, in a public build,
/// name internal items). `before` limits that to snapshots of earlier periods (a snapshot
/// compares with the one before it, not with a later one).
pub fn read_state(root: &Path, audience: Audience, before: Option<Period>) -> Result<ArchiveState> {
    let archive = dir(root);
    let mut state = ArchiveState { versions: Vec::new(), newest: None, passed_over: None };
    // Each snapshot's exports are read at most once: for its audience when the build is public
    // (a public build lists, compares with and carries public snapshots only: an internal one
    // is an internal item, SPEC §2, its very period not to be named), and for the comparison.
    for v in snapshots(&archive)? {
        let earlier = before.is_none_or(|b| Period::parse(&v.period).is_some_and(|p| p < b));
        let compare = earlier && state.newest.is_none();
        if audience == Audience::Internal && !compare {
            state.versions.push(v);
            continue;
        }
        let dir = archive.join(&v.period).join("data");
        let site: SiteJson = read_json(&dir.join("site.json"))?;
        // A snapshot made before audiences were recorded is internal, the default.
        let theirs = Audience::parse(&site.site.audience).unwrap_or_default();
        if audience == Audience::Public && theirs != Audience::Public {
            continue;
        }
        if compare {
            if theirs == audience {
                state.newest = Some(Base { period: v.period.clone(), site, content: read_json(&dir.join("content.json"))? });
            } else {
                state.passed_over.get_or_insert((v.period.clone(), theirs));
            }
        }
        state.versions.push(v);
    }
    Ok(state)
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
    // What exists decides: a folder (or anything else) by that name is never replaced, and an
    // entry in versions.json whose folder is gone does not stand in the way.
    if dir(root).join(p.to_string()).symlink_metadata().is_ok() {
        return Err(Error::Other(format!("{} 的归档已经存在 (archive/{p}/), 归档一经生成不可覆盖", p.label())));
    }
    Ok(p)
}

/// Write a rendered snapshot into the site's `archive/<period>/` (via a temporary folder,
/// renamed into place), then rewrite `archive/versions.json` from the folders. A run stopped
/// between the two leaves a snapshot the list lacks, which every reader takes from its folder.
pub fn write_snapshot(root: &Path, period: Period, site: &Output) -> Result<()> {
    let archive = dir(root);
    std::fs::create_dir_all(&archive).map_err(write_err(&archive))?;
    let final_dir = archive.join(period.to_string());
    let tmp = archive.join(format!(".{period}.zhengfeng-new"));
    // What an interrupted snapshot of any period left (this one holds the site's lock, so
    // none is being written).
    for left in interrupted(&archive) {
        std::fs::remove_dir_all(&left).map_err(write_err(&left))?;
    }
    std::fs::create_dir_all(&tmp).map_err(write_err(&tmp))?;
    if let Err(e) = crate::write::write_files(site, &tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, &final_dir).map_err(write_err(&final_dir))?;
    write_versions(&archive, &[])
}

/// The temporary folders of snapshots stopped while being written (`.2025-H2.zhengfeng-new`).
fn interrupted(archive: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(archive)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with('.') && n.ends_with(".zhengfeng-new")))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Snapshots that an output folder holds and the site's archive lacks (made by an older version
/// of the tool, which kept them there, or lost from `archive/` since a build copied them), copied
/// into the archive, and `versions.json` rewritten. What is missing is decided by the folders,
/// not by the list, which may name a snapshot whose folder is gone. Nothing is deleted. Returns
/// the periods copied.
pub fn adopt(root: &Path, output_dir: &Path) -> Result<Vec<Period>> {
    let old = output_dir.join(ARCHIVE_DIR);
    if !old.is_dir() || old == dir(root) {
        return Ok(Vec::new());
    }
    let archive = dir(root);
    let mut adopted = Vec::new();
    for p in period_dirs(&old)? {
        let name = p.to_string();
        if archive.join(&name).symlink_metadata().is_ok() {
            continue;
        }
        std::fs::create_dir_all(&archive).map_err(write_err(&archive))?;
        let tmp = archive.join(format!(".{name}.zhengfeng-new"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(write_err(&tmp))?;
        }
        if let Err(e) = crate::write::copy_tree(&old.join(&name), &tmp) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, archive.join(&name)).map_err(write_err(&archive.join(&name)))?;
        adopted.push(p);
    }
    if !adopted.is_empty() {
        // The day each was frozen, when the snapshot does not record it itself: from the site's
        // list (which may still name a lost snapshot), else from the output's.
        write_versions(&archive, &read_versions(&old.join(VERSIONS_JSON)).ok().flatten().unwrap_or_default())?;
    }
    Ok(adopted)
}

/// The snapshots (period folders) a build of `audience` copies into its output, when not the
/// whole archive: a public build carries the public ones only, `versions` as `read_state` gave
/// them (SPEC §2: no trace of an internal item; an internal snapshot is one).
pub fn carried(audience: Audience, versions: &[Version]) -> Option<Vec<String>> {
    (audience == Audience::Public).then(|| versions.iter().map(|v| v.period.clone()).collect())
}

/// A snapshot in `archive/` that no longer matches its manifest (a file changed, added or
/// removed since it was frozen), and the copy a build carries instead: the output folder's, when
/// that one still matches.
pub struct Damaged {
    pub period: Period,
    /// How many files (or manifest lines) do not match.
    pub problems: usize,
    pub intact_copy: Option<PathBuf>,
}

/// What `damaged` found of each snapshot folder it checked, with the folder's listing then
/// (each file's path, size and time of change): `serve`, which writes the site again after every
/// edit, hashes a snapshot again only when its listing has changed.
#[derive(Default)]
pub struct Checked(HashMap<PathBuf, (Listing, usize)>);

type Listing = Vec<(PathBuf, u64, Option<std::time::SystemTime>)>;

fn listing(dir: &Path) -> Listing {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok().map(|m| (e.path().to_path_buf(), m.len(), m.modified().ok())))
        .collect()
}

/// The snapshots of the site's archive that do not match their manifests. A build checks them
/// before it copies them into the output folder, so that an intact copy there is not replaced by
/// a damaged one. Hashing costs about as much as the copying it guards; a folder `checked`
/// already, unchanged since, is not hashed again.
pub fn damaged(root: &Path, output_dir: &Path, checked: &mut Checked) -> Result<Vec<Damaged>> {
    let archive = dir(root);
    let mut problems = |dir: &Path| -> usize {
        let now = listing(dir);
        if let Some((then, n)) = checked.0.get(dir) {
            if *then == now {
                return *n;
            }
        }
        let mut d = Diagnostics::new();
        let n = match verify_one(dir, "", &mut Verification::default(), &mut d) {
            Ok(()) => d.error_count(),
            Err(_) => 1,
        };
        checked.0.insert(dir.to_path_buf(), (now, n));
        n
    };
    let mut out = Vec::new();
    for p in period_dirs(&archive)? {
        let kept = archive.join(p.to_string());
        let n = problems(&kept);
        if n == 0 {
            continue;
        }
        let copy = output_dir.join(ARCHIVE_DIR).join(p.to_string());
        let intact = copy.join(MANIFEST).is_file() && copy != kept && problems(&copy) == 0;
        out.push(Damaged { period: p, problems: n, intact_copy: intact.then_some(copy) });
    }
    Ok(out)
}

/// What a build or `serve` says of a damaged snapshot, and what to do.
pub fn damaged_note(root: &Path, d: &Damaged) -> (String, String) {
    let p = d.period;
    let said = format!("{}的归档与它的文件清单不符 ({} 处), 归档后被改动过", p.label(), d.problems);
    match &d.intact_copy {
        Some(copy) => (
            format!("{said}; 本次构建沿用输出目录中与清单一致的那一份"),
            format!("运行 zhengfeng verify 查看是哪些文件; 输出目录中的 {} 是完好的, 可以用它或备份替换 archive/{p}/", crate::load::display(root, copy)),
        ),
        None => (
            format!("{said}; 本次构建照原样复制了它"),
            format!("运行 zhengfeng verify 查看是哪些文件, 再从备份中恢复 archive/{p}/"),
        ),
    }
}

/// What a build or `serve` says of a snapshot it copied in from the output folder.
pub fn adopted_note(p: Period) -> String {
    format!("已把输出目录中的归档 {} 复制到站点的 archive/{p}/ (原文件未删除)", p.label())
}

/// Write a file by renaming a finished temporary one over it (a reader never sees half a file,
/// and a hard link to the old file, as builds keep, is left untouched).
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("zhengfeng-tmp");
    std::fs::write(&tmp, bytes).map_err(write_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(write_err(path))
}

/// The outcome of `verify`: how much it checked. What it found is in the diagnostics.
#[derive(Debug, Default)]
pub struct Verification {
    pub snapshots: usize,
    pub files: usize,
}

/// Check every snapshot in the site's `archive/` against its manifest, naming every file added,
/// removed or changed, every line of a manifest that is no checksum line, and every snapshot
/// `versions.json` lists whose folder is gone (with where a copy may still be: the output
/// folder `output_dir`).
pub fn verify(root: &Path, output_dir: &Path, diags: &mut Diagnostics) -> Result<Verification> {
    let archive = dir(root);
    let mut v = Verification::default();
    let periods = period_dirs(&archive)?;
    for &p in &periods {
        v.snapshots += 1;
        verify_one(&archive.join(p.to_string()), &format!("{ARCHIVE_DIR}/{p}"), &mut v, diags)?;
    }
    for left in interrupted(&archive) {
        let name = left.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        diags.warning_plain(&format!("{ARCHIVE_DIR}/{name}/"), "这是一次被中断的归档留下的临时目录, 不是归档").help =
            Some("可以删除它; 下次运行 zhengfeng snapshot 时也会自动删除".into());
    }
    let list = archive.join(VERSIONS_JSON);
    let shown = format!("{ARCHIVE_DIR}/{VERSIONS_JSON}");
    match read_versions(&list) {
        Err(why) => {
            diags.error_plain(&shown, format!("归档目录列表已损坏, 无法读取: {why}")).help =
                Some("各归档目录本身不受影响; 下次运行 zhengfeng snapshot 时会按现有的归档目录重写这个列表, 也可以先从备份中恢复它".into());
        }
        Ok(listed) => {
            for entry in listed.unwrap_or_default() {
                let Some(p) = Period::parse(&entry.period).filter(|p| !periods.contains(p)) else { continue };
                let copy = output_dir.join(ARCHIVE_DIR).join(p.to_string());
                let help = if copy.join(MANIFEST).is_file() {
                    format!("输出目录中还有一份 ({}): 运行 zhengfeng build 会把它复制回 archive/{p}/, 然后再运行 zhengfeng verify 核对", crate::load::display(root, &copy))
                } else {
                    format!("请从备份中把整个 {p} 目录恢复到 archive/ 中; 如果它确已无法找回, 请在 archive/versions.json 中删去它的条目")
                };
                diags.error_plain(&format!("{ARCHIVE_DIR}/{p}/"), format!("{}的归档缺失: archive/versions.json 列有它, 但它的目录不存在", p.label())).help = Some(help);
            }
        }
    }
    Ok(v)
}

/// Check one snapshot folder against its manifest.
fn verify_one(dir: &Path, shown: &str, v: &mut Verification, diags: &mut Diagnostics) -> Result<()> {
    let manifest_path = dir.join(MANIFEST);
    let manifest_shown = format!("{shown}/{MANIFEST}");
    let bytes = match std::fs::read(&manifest_path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.error_plain(&manifest_shown, "文件清单缺失").help = Some(RESTORE.into());
            return Ok(());
        }
        Err(e) => return Err(Error::Read { path: manifest_path, source: e }),
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            // Where the damage starts: the line and the byte in it.
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
            let d = diags.error_plain(&manifest_shown, "文件清单已损坏: 从这里起不是文本, 无法读取, 归档中的文件无法逐一核对");
            d.pos = Pos::new(line, col);
            d.help = Some(RESTORE.into());
            return Ok(());
        }
    };
    let file = SourceFile::from_str(&manifest_shown, text);
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for (i, line) in file.text.lines().enumerate() {
        match checksum_line(line) {
            Some((hash, path)) => {
                listed.insert(path.to_string(), hash.to_ascii_lowercase());
            }
            None => {
                diags.error(&file, Pos::new(i + 1, 1), "文件清单中的这一行不是校验行 (应为 64 位十六进制校验值、两个空格、文件路径)").help =
                    Some("清单由 zhengfeng snapshot 生成, 不应改动: 这一行若是后来误加的, 删去即可, 否则请从备份中恢复原来的 MANIFEST.sha256".into());
            }
        }
    }
    let mut present = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Other(format!("无法读取 {}: {e}", dir.display())))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if rel == MANIFEST {
            continue;
        }
        present.insert(rel.clone());
        v.files += 1;
        match listed.get(&rel) {
            None => {
                diags.error_plain(&format!("{shown}/{rel}"), "文件新增");
            }
            Some(h) => {
                let bytes = std::fs::read(entry.path()).map_err(read_err(entry.path()))?;
                if &hex(&Sha256::digest(&bytes)) != h {
                    diags.error_plain(&format!("{shown}/{rel}"), "文件被修改");
                }
            }
        }
    }
    for path in listed.keys().filter(|p| !present.contains(*p)) {
        diags.error_plain(&format!("{shown}/{path}"), "文件被删除");
    }
    Ok(())
}

/// What to do about a manifest that is missing or damaged.
const RESTORE: &str = "请从备份中恢复这个归档的 MANIFEST.sha256 (或整个归档目录), 然后再运行 zhengfeng verify";

/// A line of a `sha256sum` manifest: the checksum and the path (`<hex>  <path>`, or
/// `<hex> *<path>` as `sha256sum -b` writes it).
fn checksum_line(line: &str) -> Option<(&str, &str)> {
    let (hash, rest) = line.split_at_checked(64)?;
    let path = rest.strip_prefix("  ").or_else(|| rest.strip_prefix(" *"))?;
    (hash.bytes().all(|b| b.is_ascii_hexdigit()) && !path.is_empty()).then_some((hash, path))
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

    #[test]
    fn checksum_lines_as_sha256sum_writes_them() {
        let hash = "a".repeat(64);
        assert_eq!(checksum_line(&format!("{hash}  index.html")), Some((hash.as_str(), "index.html")));
        assert_eq!(checksum_line(&format!("{hash} *data/site.json")), Some((hash.as_str(), "data/site.json")));
        assert_eq!(checksum_line(&format!("{hash}  ")), None, "no path");
        assert_eq!(checksum_line(&format!("{hash} index.html")), None, "one space");
        assert_eq!(checksum_line(&format!("{}  index.html", "g".repeat(64))), None, "not hex");
        assert_eq!(checksum_line("0000  index.html"), None, "too short");
        assert_eq!(checksum_line("这一行是后来加上的, 足够长足够长足够长足够长足够长足够长足够长足够长"), None);
    }
}
