//! What `serve` watches, and when a burst of file-system events becomes one rebuild.
//!
//! notify's thread turns file-system events into messages (`Msg`) on the build loop's channel,
//! where Ctrl-C sends its own. The build loop takes them in batches (`Watch::next_changes`): the
//! first event, then every other until the sources have been quiet for `DEBOUNCE`, keeping only
//! the paths that can change the site.
//!
//! May use `config` (the name of the configuration file) and `error`; notify.

use crate::error::{Error, Result};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Quiet time after the last file-system event before a rebuild: editors save in bursts
/// (write a temporary file, rename it, touch metadata) that land within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The site's sources that trigger a rebuild: top-level names under the site folder.
const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static"];
pub(crate) const WATCHED_FILE: &str = crate::config::CONFIG_FILE;

/// Messages to the build loop.
pub(crate) enum Msg {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// The watcher and the folders it watches. The site folder itself is watched without
/// recursion (for `zhengfeng.toml`, and for source folders that appear later); each source
/// folder recursively. The output folder is never watched.
pub(crate) struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watch {
    pub(crate) fn new(root: &Path, tx: Sender<Msg>) -> Result<Watch> {
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let msg = match res {
                // Reads (the build's own included) are not changes.
                Ok(ev) if matches!(ev.kind, EventKind::Access(_)) => return,
                Ok(ev) => Msg::Changed(ev.paths),
                Err(e) => Msg::WatchError(e.to_string()),
            };
            let _ = tx.send(msg);
        })
        .map_err(|e| Error::Other(format!("无法监视文件变化: {e}")))?;
        let mut w = Watch { watcher, root: root.to_path_buf(), watched: HashSet::new() };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Other(format!("无法监视 {}: {e}", root.display())))?;
        w.refresh();
        Ok(w)
    }

    /// Watch the source folders that exist now and were not watched yet (one created after
    /// start, or deleted and made again).
    pub(crate) fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            if self.watched.contains(&dir) {
                continue;
            }
            match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(dir);
                }
                Err(e) => eprintln!("警告: 无法监视 {}: {e}", dir.display()),
            }
        }
    }

    /// Whether a change at `path` can change the site.
    fn relevant(&self, path: &Path, output: &Path) -> bool {
        if path.starts_with(output) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else { return false };
        let parts: Vec<&str> = rel.components().filter_map(|c| c.as_os_str().to_str()).collect();
        let Some(first) = parts.first() else { return false };
        if parts.len() == 1 && *first == WATCHED_FILE {
            return true;
        }
        if !WATCHED_DIRS.contains(first) {
            return false;
        }
        // Editors' swap, backup and temporary files, and hidden folders such as `.git`.
        !parts.iter().any(|p| p.starts_with('.') || p.ends_with('~') || p.ends_with(".swp") || p.ends_with(".swx") || *p == "4913")
    }

    /// The next batch of changes that can change the site, once the sources have been quiet for
    /// a moment; a batch with none is dropped and the wait goes on. Source folders made since
    /// the last batch are watched from then on. `None` once asked to stop. `output` gives the
    /// current output folder, whose changes are the build's own.
    pub(crate) fn next_changes(&mut self, rx: &Receiver<Msg>, output: impl Fn() -> PathBuf) -> Option<BTreeSet<PathBuf>> {
        loop {
            let msg = rx.recv().ok()?;
            let mut changed = BTreeSet::new();
            let mut stop = self.take(msg, &output, &mut changed);
            // Debounce: gather everything until the sources have been quiet for a moment.
            while !stop {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(msg) => stop = self.take(msg, &output, &mut changed),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => {
                        stop = true;
                    }
                }
            }
            if stop {
                return None;
            }
            if !changed.is_empty() {
                // A source folder itself moved, removed or made again (a backup restored by
                // `mv content old && cp -r old content`): its watch followed the old folder, so
                // it is watched afresh.
                for dir in changed.iter().filter(|p| p.parent() == Some(self.root.as_path())) {
                    if self.watched.remove(dir) {
                        let _ = self.watcher.unwatch(dir);
                    }
                }
                self.refresh();
                return Some(changed);
            }
        }
    }

    /// Add the relevant paths of one message to `changed`; true when it asks to stop.
    fn take(&self, msg: Msg, output: &impl Fn() -> PathBuf, changed: &mut BTreeSet<PathBuf>) -> bool {
        match msg {
            Msg::Stop => true,
            Msg::WatchError(e) => {
                eprintln!("警告: 监视文件时出错: {e}");
                false
            }
            Msg::Changed(paths) => {
                let output = output();
                changed.extend(paths.into_iter().filter(|p| self.relevant(p, &output)));
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    // A burst of events becomes one batch of the paths that can change the site; Stop ends it.
    #[test]
    fn a_burst_of_events_becomes_one_batch_of_relevant_paths() {
        let root = std::env::temp_dir().join(format!("zhengfeng-watch-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content")).unwrap();
        let (tx, rx) = mpsc::channel();
        let mut watch = Watch::new(&root, tx.clone()).unwrap();
        let output = || root.join("public");
        tx.send(Msg::Changed(vec![root.join("content/a.md"), root.join("content/.a.md.swp")])).unwrap();
        tx.send(Msg::Changed(vec![root.join("public/index.html"), root.join(WATCHED_FILE)])).unwrap();
        tx.send(Msg::Changed(vec![root.join("README.md")])).unwrap();
        let batch = watch.next_changes(&rx, output);
        assert_eq!(batch, Some([root.join("content/a.md"), root.join(WATCHED_FILE)].into_iter().collect()));
        tx.send(Msg::Changed(vec![root.join("content/b.md")])).unwrap();
        tx.send(Msg::Stop).unwrap();
        assert_eq!(watch.next_changes(&rx, output), None);
        drop(watch);
        let _ = std::fs::remove_dir_all(&root);
    }
}
