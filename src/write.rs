//! The only writer of the output folder. A build is written in full to a temporary folder
//! beside `output/` (page by page as it is rendered, or all at once), then swapped in with one atomic rename, so a failed or interrupted build
//! leaves the previous site exactly as it was. The site's `archive/` (its snapshots, kept with
//! the sources) is copied into every build's `archive/` byte for byte: copied, not linked, so
//! that nothing done to an output folder can touch a record.

use crate::error::{write_err, Error, Result};
use crate::output::Output;
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// The folders of a site that hold its sources: an output folder among them would replace them.
const SOURCE_DIRS: &[&str] = &["content", "static", "themes", "templates", crate::output::ARCHIVE_DIR];

/// Refuse an output folder whose replacement would lose files: the site folder itself or one
/// above it, a folder among the site's sources, or a folder already holding files that no build
/// wrote (a build's output always holds `data/site.json`; an older version's output at least
/// `archive/versions.json`). Checked before anything is written.
pub fn check_target(root: &Path, dir: &Path) -> Result<()> {
    let site = resolved(root);
    let out = resolved(dir);
    let shown = dir.strip_prefix(".").ok().filter(|s| !s.as_os_str().is_empty()).unwrap_or(dir);
    let refuse = |why: String| Err(Error::Other(format!("不能输出到 {}: {why}", shown.display())));
    let elsewhere = "请另选一个输出目录 (默认是站点中的 output), 源文件没有改动";
    if site.starts_with(&out) {
        return refuse(format!("这是站点目录本身或它的上级目录, 构建会用生成的网页替换整个目录, 删除其中的源文件。{elsewhere}"));
    }
    if let Some(first) = out.strip_prefix(&site).ok().and_then(|inner| inner.components().next()) {
        let first = first.as_os_str().to_string_lossy();
        if SOURCE_DIRS.contains(&first.as_ref()) {
            return refuse(format!("它在站点的 {first}/ 目录中, 构建会删除那里的源文件。{elsewhere}"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("这是一个文件, 不是目录: 构建会用生成的网页替换它。请另选一个输出目录, 文件没有改动".into());
    }
    if is_mount_point(&out) {
        return refuse(format!(
            "这是一个挂载点 (U 盘或移动硬盘的根目录、网络共享、容器卷): 构建先在旁边写好新的站点目录再整个换上去, 挂载点无法这样替换。请输出到其中的一个子目录, 例如 {}",
            shown.join("site").display()
        ));
    }
    let holds_files = std::fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_some());
    // What a build leaves: its data, or at least the snapshots' list (an older version's output
    // whose snapshots `archive::adopt` takes in).
    let built = out.join("data").join("site.json").is_file() || out.join(crate::output::ARCHIVE_DIR).join("versions.json").is_file();
    if holds_files && !built {
        return refuse(
            "这个目录里已有文件, 但不是本工具生成的站点 (没有 data/site.json), 构建会删除其中的全部文件。请指定一个空目录或新目录, 或者先自行清空它; 目录中的文件没有改动"
                .into(),
        );
    }
    let later = changed_since_built(&out);
    if let Some(first) = later.first() {
        let more = if later.len() > 1 { format!(" 等 {} 个文件", later.len()) } else { String::new() };
        return refuse(format!(
            "其中有上次构建之后放进去或改动过的文件 ({}{more}), 构建会用新生成的站点替换整个目录, 它们会丢失。请把它们移到别处 (要随站点发布的文件放进站点的 static/ 或条目目录), 再构建; 目录中的文件没有改动",
            shown.join(first.strip_prefix(&out).unwrap_or(first)).display()
        ));
    }
    Ok(())
}

/// Whether `dir` is where another file system is mounted: its device differs from its parent's.
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = dir.parent().unwrap_or(dir);
        match (std::fs::metadata(dir), std::fs::metadata(parent)) {
            (Ok(d), Ok(p)) => d.is_dir() && d.dev() != p.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// The files of a built output folder written or changed well after the build that made it (a
/// document put there by hand, a page edited in place): a build replaces the folder whole and
/// would lose them. A build gives its `data/site.json` the time it finished writing (`finish`),
/// so every file it wrote is older; a minute's margin leaves out coarse file times (a
/// FAT-formatted USB stick keeps them to two seconds) and clocks that differ on a network share.
fn changed_since_built(out: &Path) -> Vec<PathBuf> {
    let Ok(built) = out.join("data").join("site.json").metadata().and_then(|m| m.modified()) else { return Vec::new() };
    let after = built + std::time::Duration::from_secs(60);
    walkdir::WalkDir::new(out)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .filter(|e| e.metadata().ok().and_then(|m| m.modified().ok()).is_some_and(|t| t > after))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// The folder a build writes: `dir`, or when `dir` is a symbolic link (an intranet web root
/// linked into the site), the folder it points to — the link is left as it is, and what is
/// behind it is judged by `check_target` like any output folder.
pub fn output_folder(dir: &Path) -> PathBuf {
    if dir.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) && dir.is_dir() {
        resolved(dir)
    } else {
        dir.to_path_buf()
    }
}

/// `path` made absolute as the system would follow it: each `..` taken after the symbolic links
/// before it are resolved (`link/../x` is beside the link's target, not beside the link), and
/// what exists resolved to its real path, so that two names of one folder compare equal.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out = real(&out);
                out.pop();
            }
            c => out.push(c),
        }
    }
    real(&out)
}

/// The real path of the longest part of `path` that exists, with the rest (plain names) after it.
fn real(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(found) = existing.canonicalize() {
            let mut out = found;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Write `output` to `dir`, replacing what is there, with a copy of the `archive` folder — or of
/// only the snapshots in `only` (a public build's) — each snapshot in `copies` taken from its
/// intact copy instead.
pub fn write_site(output: &Output, dir: &Path, archive: &Path, only: Option<Vec<String>>, copies: Vec<(String, PathBuf)>) -> Result<()> {
    let mut staged = Staged::begin(dir, archive)?.intact_copies(copies);
    if let Some(periods) = only {
        staged = staged.only_snapshots(periods);
    }
    staged.put_all(output)?;
    staged.finish()
}

/// A site being written: files go into a temporary folder beside the output — as they are
/// rendered, through `Sink`, or all at once — and `finish` swaps it in. Dropped unfinished
/// (an error, content problems found late), it removes the temporary folder, and the previous
/// site stays as it was.
pub struct Staged {
    dir: PathBuf,
    /// The site's snapshots, copied in at the end.
    archive: PathBuf,
    /// When set, only these snapshots (period folders) are copied: a public build carries no
    /// internal snapshot.
    only: Option<Vec<String>>,
    /// Snapshots taken from an intact copy instead of the archive: (period folder, copy).
    copies: Vec<(String, PathBuf)>,
    tmp: PathBuf,
    old: PathBuf,
    finished: bool,
    /// The lock on the folder the output is in, held until the new site is in place.
    _lock: Option<std::fs::File>,
}

impl Staged {
    /// Make an empty temporary folder for a new build of `dir`, whose `archive/` will be a copy
    /// of `archive`.
    pub fn begin(dir: &Path, archive: &Path) -> Result<Staged> {
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        // Two builds writing one output folder at once (two sites given the same --output)
        // would remove each other's temporary folder: the second waits for the first. The
        // site's own folder is locked already by its build (`build::lock`), for the whole run.
        let site = archive.parent().map(resolved);
        let _lock = if site.as_deref() == Some(resolved(parent).as_path()) { None } else { lock_folder(parent)? };
        let tmp = parent.join(format!(".{name}.zhengfeng-new"));
        let old = parent.join(format!(".{name}.zhengfeng-old"));
        // Leftovers of an interrupted run are never the live site: remove them.
        remove_if_exists(&tmp)?;
        remove_if_exists(&old)?;
        std::fs::create_dir_all(&tmp).map_err(write_err(&tmp))?;
        Ok(Staged { dir: dir.to_path_buf(), archive: archive.to_path_buf(), only: None, copies: Vec::new(), tmp, old, finished: false, _lock })
    }

    /// Copy only these snapshots of the archive (their period folders), not the whole folder.
    pub fn only_snapshots(mut self, periods: Vec<String>) -> Staged {
        self.only = Some(periods);
        self
    }

    /// Take these snapshots (period folder, copy) from their copies, not from the archive: the
    /// archive's no longer match their manifests, the copies do (`archive::damaged`).
    pub fn intact_copies(mut self, copies: Vec<(String, PathBuf)>) -> Staged {
        self.copies = copies;
        self
    }

    /// Write the files kept in `output` (those not already put), in parallel.
    pub fn put_all(&self, output: &Output) -> Result<()> {
        write_files(output, &self.tmp)
    }

    /// Copy the archive in (what the build made itself, its index and version script, stays)
    /// and swap the new site in.
    pub fn finish(mut self) -> Result<()> {
        let to = self.tmp.join(crate::output::ARCHIVE_DIR);
        let carried = |p: &str| self.only.as_ref().is_none_or(|only| only.iter().any(|o| o == p));
        let mut from_copies = Vec::new();
        for (p, copy) in self.copies.iter().filter(|(p, _)| carried(p)) {
            copy_tree(copy, &to.join(p))?;
            from_copies.push(p.as_str());
        }
        match &self.only {
            _ if !self.archive.is_dir() => {}
            None => copy_tree_except(&self.archive, &to, &from_copies)?,
            Some(periods) => {
                for p in periods.iter().filter(|p| self.archive.join(p).is_dir() && !from_copies.contains(&p.as_str())) {
                    copy_tree(&self.archive.join(p), &to.join(p))?;
                }
            }
        }
        // The mark of when this build was done (`changed_since_built`): every file of the site
        // is written by now, however long the copying took.
        if let Ok(f) = std::fs::File::options().write(true).open(self.tmp.join("data").join("site.json")) {
            let _ = f.set_modified(std::time::SystemTime::now());
        }
        swap(&self.tmp, &self.dir, &self.old)?;
        self.finished = true;
        remove_tree(&self.old);
        Ok(())
    }
}

impl crate::output::Sink for Staged {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let file = safe_join(&self.tmp, path).ok_or_else(|| Error::Other(format!("拒绝写入站点目录以外的路径: {path}")))?;
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        std::fs::write(&file, bytes).map_err(write_err(&file))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Lock `folder` (Unix: a folder can be opened and locked like a file), waiting for whoever
/// holds it and saying so — for two minutes at most, far longer than a build, so that two
/// builds each waiting for the other's folder end with an error rather than never. Elsewhere,
/// nothing is locked.
fn lock_folder(folder: &Path) -> Result<Option<std::fs::File>> {
    if !cfg!(unix) {
        return Ok(None);
    }
    let file = std::fs::File::open(folder).map_err(write_err(folder))?;
    let started = std::time::Instant::now();
    let mut said = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < std::time::Duration::from_secs(120) => {
                if !said {
                    eprintln!("另一个构建正在写入 {} 中的输出目录, 等它写完…", folder.display());
                    said = true;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Other(format!("另一个构建两分钟来一直在写入 {} 中的输出目录, 请等它结束后再试", folder.display())));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::Write { path: folder.to_path_buf(), source: e }),
        }
    }
}

/// Remove the previous site, its top-level folders in parallel (it is as large as the new one).
/// A symbolic link is removed itself, never what it points to.
fn remove_tree(dir: &Path) {
    if dir.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        let _ = std::fs::remove_file(dir);
        return;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|p| {
            if p.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Write every file under `dir` (which exists), in parallel.
pub fn write_files(output: &Output, dir: &Path) -> Result<()> {
    // Folders first, in parallel (a large site has a folder per page); `create_dir_all`
    // tolerates another thread creating the same parent.
    let mut dirs: Vec<PathBuf> = output
        .files
        .keys()
        .filter_map(|k| safe_join(dir, k).and_then(|p| p.parent().map(Path::to_path_buf)))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.par_iter().try_for_each(|d| std::fs::create_dir_all(d).map_err(write_err(d)))?;
    output.files.par_iter().try_for_each(|(k, bytes)| {
        let path = safe_join(dir, k).ok_or_else(|| Error::Other(format!("拒绝写入站点目录以外的路径: {k}")))?;
        std::fs::write(&path, &bytes[..]).map_err(write_err(&path))
    })
}

/// `dir/rel` when `rel` is a plain relative path that cannot leave `dir`.
pub fn safe_join(dir: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && !rel.contains('\\') && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| dir.join(p))
}

fn remove_if_exists(p: &Path) -> Result<()> {
    if p.symlink_metadata().is_ok() {
        std::fs::remove_dir_all(p).map_err(write_err(p))?;
    }
    Ok(())
}

/// Copy the tree `from` to `to`, byte for byte, leaving files already at `to` as they are.
/// Temporary folders of an interrupted snapshot (`.<period>.zhengfeng-new`) and symbolic links
/// are not copied.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    copy_tree_except(from, to, &[])
}

/// `copy_tree`, leaving out the folders of `from` named in `skip` (its own, not deeper ones).
fn copy_tree_except(from: &Path, to: &Path, skip: &[&str]) -> Result<()> {
    let walk = walkdir::WalkDir::new(from).follow_links(false).sort_by_file_name().into_iter();
    let kept = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.ends_with(".zhengfeng-new") || (e.depth() == 1 && skip.contains(&name.as_ref())))
    };
    for entry in walk.filter_entry(kept) {
        let entry = entry.map_err(|e| Error::Other(format!("无法读取归档目录 {}: {e}", from.display())))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(write_err(&target))?;
        } else if entry.file_type().is_file() && !target.exists() {
            std::fs::copy(entry.path(), &target).map_err(write_err(&target))?;
        }
    }
    Ok(())
}

/// Put `new` in place of `dir`. On Linux both exist at every instant (an atomic exchange);
/// elsewhere there is a moment between two renames.
fn swap(new: &Path, dir: &Path, old: &Path) -> Result<()> {
    if !dir.exists() {
        return std::fs::rename(new, dir).map_err(write_err(dir));
    }
    #[cfg(target_os = "linux")]
    {
        if exchange(new, dir).is_ok() {
            // `new` now holds the previous site.
            return std::fs::rename(new, old).map_err(write_err(old));
        }
    }
    std::fs::rename(dir, old).map_err(write_err(dir))?;
    std::fs::rename(new, dir).map_err(write_err(dir))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mount_point_is_told_from_a_folder() {
        assert!(is_mount_point(Path::new("/proc")));
        let plain = std::env::temp_dir().join(format!("zf-mount-{}", std::process::id()));
        std::fs::create_dir_all(&plain).unwrap();
        assert!(!is_mount_point(&plain));
        std::fs::remove_dir_all(&plain).unwrap();
    }

    #[test]
    fn paths_cannot_escape() {
        let d = Path::new("/out");
        assert!(safe_join(d, "a/b.html").is_some());
        assert!(safe_join(d, "../x").is_none());
        assert!(safe_join(d, "/etc/passwd").is_none());
        assert!(safe_join(d, "a/./b").is_some());
        assert!(safe_join(d, "").is_none());
    }
}
