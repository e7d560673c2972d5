//! Incremental rebuilds for `serve`: the same pipeline as `build::run` (`build::pipeline`), with what the previous
//! run made kept and reused wherever its inputs are unchanged, so that one edited case on a
//! site of 10,000 shows in the browser in a fraction of a full build's time.
//!
//! What is kept between runs, and why each reuse is exact:
//! - content files (`load::FileCache`): read again only when reported changed or when their size
//!   or modification time differ;
//! - parse results (`parse::ParseCache`): a file's result depends on its bytes alone, keyed by
//!   path and SHA-256;
//! - Markdown bodies, case listing rows and whole pages (`memo`): keyed by a 128-bit
//!   fingerprint of every input of the step (for bodies, also the answer to each link lookup).
//!
//! Validation and evaluation run in full every time (they are cheap), as do the search index and
//! the exports; with `rebuild_early` the pages are handed over before those two, so `serve` can
//! reload the browser as soon as the pages are ready. Whatever the edit, the output equals a
//! fresh `build::run` of the same files (`tests/incremental.rs` checks it edit by edit).
//! Depends on `build`, `memo`, `output`.

use crate::build::{self, Built, Caches, Options, Reuse, Target};
use crate::diag::Diagnostics;
use crate::error::Result;
use crate::memo::{Memo, MemoRun, Stats};
use std::path::{Path, PathBuf};

/// A site's pipeline state between rebuilds.
pub struct State {
    root: PathBuf,
    opts: Options,
    caches: Caches,
    memo: Memo,
    stats: Stats,
}

impl State {
    /// A state that has seen nothing yet: its first rebuild is a full one.
    pub fn new(root: &Path, opts: &Options) -> State {
        State { root: root.to_path_buf(), opts: opts.clone(), caches: Caches::default(), memo: Memo::default(), stats: Stats::default() }
    }

    /// Run the pipeline again after `changed` (files the watcher reported; files not named are
    /// still checked by size and modification time). Like `build::run`: `None` on content
    /// errors, which are in `diags`.
    pub fn rebuild(&mut self, changed: &[PathBuf], diags: &mut Diagnostics) -> Result<Option<Built>> {
        self.rebuild_early(changed, diags, None)
    }

    /// `rebuild`, handing the pages to `early` as soon as they are rendered (before the search
    /// index and the exports) when no error has been found by then.
    pub fn rebuild_early(
        &mut self,
        changed: &[PathBuf],
        diags: &mut Diagnostics,
        early: Option<crate::build::Hand>,
    ) -> Result<Option<Built>> {
        self.rebuild_staged(changed, diags, None, early)
    }

    /// `rebuild_early`, also handing the pages of the changed files' own items (an edited case,
    /// a mechanism) to `first` before any other page is rendered.
    pub fn rebuild_staged<'f>(
        &mut self,
        changed: &[PathBuf],
        diags: &mut Diagnostics,
        first: Option<crate::build::Hand<'f>>,
        early: Option<crate::build::Hand<'f>>,
    ) -> Result<Option<Built>> {
        let first = first.map(|f| (changed, f));
        for path in changed {
            self.caches.files.forget(path);
        }
        let run = MemoRun::new(std::mem::take(&mut self.memo));
        let reuse = Reuse { caches: Some(&mut self.caches), memo: Some(&run), first, early };
        let result = build::pipeline(&self.root, &self.opts, diags, Target::Memory, reuse);
        // After a failed run, keep what the last good one made: a content error stops the
        // pipeline before rendering, and the next run will most likely undo the error.
        self.stats = run.stats();
        self.memo = if matches!(result, Ok(Some(_))) { run.finish().0 } else { run.abandon() };
        result
    }

    /// How much the latest rebuild reused.
    pub fn stats(&self) -> Stats {
        self.stats
    }
}
