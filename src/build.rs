//! The pipeline, stage by stage: load -> parse -> validate -> evaluate -> render -> write. Each
//! stage collects diagnostics; the run stops at the first stage boundary with errors, so no
//! later stage ever sees a half-valid value.

use crate::diag::Diagnostics;
use crate::error::Result;
use crate::evaluate::{self, Evaluation};
use crate::model::Audience;
use crate::render::{self, Output};
use crate::site::Site;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `build.audience`.
    pub audience: Option<Audience>,
    /// Overrides `build.output_dir`.
    pub output: Option<PathBuf>,
    pub strict: bool,
}

/// What a successful run produced.
pub struct Built {
    pub site: Site,
    pub eval: Evaluation,
    pub output: Output,
    pub output_dir: PathBuf,
}

/// A site read, validated and scored: what `check` needs, and what rendering starts from.
struct Checked {
    sources: crate::load::Sources,
    site: Site,
    eval: Evaluation,
    output_dir: PathBuf,
}

/// What `incremental` keeps of the first stages between runs: files read and their parse results.
#[derive(Default)]
pub(crate) struct Caches {
    pub files: crate::load::FileCache,
    pub parsed: crate::parse::ParseCache,
}

/// Load, parse, validate and evaluate. `None` when content has errors (they are in `diags`).
fn checked(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Checked>> {
    checked_in(root, opts, diags, None)
}

/// `checked`, reading and parsing again only the files that changed since `caches` was filled.
fn checked_in(root: &Path, opts: &Options, diags: &mut Diagnostics, mut caches: Option<&mut Caches>) -> Result<Option<Checked>> {
    diags.strict = opts.strict;
    let t = crate::timing::stage("load");
    let sources = crate::load::load_cached(root, diags, caches.as_mut().map(|c| &mut c.files))?;
    drop(t);
    if sources.config.strict {
        diags.strict = true;
    }
    if diags.has_errors() {
        return Ok(None);
    }
    let config = sources.config.clone();
    let audience = opts.audience.unwrap_or(config.audience);
    let output_dir = opts.output.clone().unwrap_or_else(|| config.output_dir.clone());
    let t = crate::timing::stage("parse");
    let parsed = crate::parse::parse_cached(&sources, diags, caches.as_mut().map(|c| &mut c.parsed));
    drop(t);
    if diags.has_errors() {
        return Ok(None);
    }
    let t = crate::timing::stage("validate");
    let site = crate::validate::validate(parsed, config, audience, diags);
    drop(t);
    if diags.has_errors() {
        return Ok(None);
    }
    let t = crate::timing::stage("evaluate");
    let eval = evaluate::evaluate(&site);
    drop(t);
    Ok(Some(Checked { sources, site, eval, output_dir }))
}

/// `check`: every content problem a build would find — including links to missing pages and
/// listed real names in the sources — without rendering templates or writing anything.
pub fn check(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    let Some(c) = checked(root, opts, diags)? else { return Ok(None) };
    let t = crate::timing::stage("markdown");
    render::check_bodies(&c.site, diags);
    drop(t);
    if let Some(list) = &c.site.config.redact_names_file {
        let names = crate::redact::read_names(list)?;
        crate::redact::check(&names, &c.sources, &render::Output::default(), diags);
    }
    if diags.has_errors() {
        return Ok(None);
    }
    Ok(Some(Built { site: c.site, eval: c.eval, output: render::Output::default(), output_dir: c.output_dir }))
}

/// Run every stage up to the rendered output, in memory. `None` when content has errors (they
/// are in `diags`); `Err` for environment failures.
pub fn run(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    run_in(root, opts, diags, None, None, None, None)
}

/// `run` for `incremental`: the first stages reuse `caches`, rendering reuses `memo`, and
/// `early` gets the pages before the search index and exports are made (never when names are
/// to be checked for redaction: that needs the whole output first).
pub(crate) fn run_in(
    root: &Path,
    opts: &Options,
    diags: &mut Diagnostics,
    caches: Option<&mut Caches>,
    memo: Option<&render::memo::MemoRun>,
    first: Option<render::First<'_, '_>>,
    early: Option<&mut dyn FnMut(&[render::Page])>,
) -> Result<Option<Built>> {
    let Some(Checked { sources, site, eval, output_dir }) = checked_in(root, opts, diags, caches)? else { return Ok(None) };
    let frame = render::Frame::live(crate::archive::read_state(&output_dir)?);
    // Nothing is shown before the redaction check has seen the whole output.
    let redacting = site.config.redact_names_file.is_some();
    let (first, early) = if redacting { (None, None) } else { (first, early) };
    let output = render::render_with(&site, &eval, &frame, diags, memo, first, early)?;
    check_names(&site, &sources, &output, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    Ok(Some(Built { site, eval, output, output_dir }))
}

/// With `[redact] names_file`: every listed name found in the sources or the output is an
/// error. Needs the whole output in memory.
fn check_names(site: &Site, sources: &crate::load::Sources, output: &render::Output, diags: &mut Diagnostics) -> Result<()> {
    if let Some(list) = &site.config.redact_names_file {
        let names = crate::redact::read_names(list)?;
        crate::redact::check(&names, sources, output, diags);
    }
    Ok(())
}

/// Hold the site's lock for the life of the returned file: two builds or snapshots of one site
/// at once would race on the output folder. The lock is on `zhengfeng.toml` itself (no lock
/// file to leave behind) and the system drops it when the process ends, however it ends.
pub fn lock(root: &Path) -> Result<std::fs::File> {
    let path = root.join(crate::config::CONFIG_FILE);
    let file = std::fs::File::open(&path).map_err(crate::error::read_err(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(crate::error::Error::Other(format!(
            "另一个构建正在处理站点 {} , 请等它结束后再试",
            root.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(crate::error::Error::Read { path, source: e }),
    }
}

/// What `snapshot` made.
pub struct Snapshot {
    pub period: crate::model::Period,
    pub dir: PathBuf,
    pub pages: usize,
    pub files: usize,
}

/// Freeze the current site as `output/archive/PERIOD/`. A refusal (bad or later period, an
/// existing snapshot) is a content error that changes nothing.
pub fn snapshot(root: &Path, period: &str, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Snapshot>> {
    use crate::archive::{self, Mode, Version};
    let _lock = lock(root)?;
    let Some(built) = run(root, opts, diags)? else { return Ok(None) };
    let state = archive::read_state(&built.output_dir)?;
    let p = match archive::check_period(period, built.site.current, &state, &built.output_dir) {
        Ok(p) => p,
        Err(msg) => {
            diags.error_plain("", msg);
            return Ok(None);
        }
    };
    let frozen = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    // The snapshot lists the versions before it and itself; counts are filled in after render.
    let mut versions = state.versions.clone();
    versions.push(Version { period: p.to_string(), label: p.label(), frozen: frozen.clone(), pages: 0, files: 0 });
    versions.sort_by(|a, b| b.period.cmp(&a.period));
    let mut frame = render::Frame { mode: Mode::Snapshot { period: p, frozen: frozen.clone() }, state: state.clone(), versions };
    let first = render::render(&built.site, &built.eval, &frame, diags)?;
    let (pages, files) = (first.pages(), first.files.len() + 1);
    for v in frame.versions.iter_mut().filter(|v| v.period == p.to_string()) {
        v.pages = pages;
        v.files = files;
    }
    let mut output = render::render(&built.site, &built.eval, &frame, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    let manifest = archive::manifest(&output);
    output.files.insert(archive::MANIFEST.into(), manifest.into());
    // The live archive index, rendered as the live site sees it.
    let live = render::Frame { mode: Mode::Live, state, versions: frame.versions.clone() };
    let index = render::Renderer::new(&built.site, &built.eval, &live, &mut diags.sibling())
        .and_then(|r| render::changes::archive_page(&r, "archive/index.html"))?;
    archive::write_snapshot(&built.output_dir, p, &output, index.1.to_vec(), &frame.versions)?;
    Ok(Some(Snapshot { period: p, dir: built.output_dir.join("archive").join(p.to_string()), pages, files }))
}

/// Build and write the site. Returns what was written, or None on content errors (nothing
/// written then).
pub fn build(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    let _lock = lock(root)?;
    let _all = crate::timing::stage("build (all)");
    let Some(Checked { sources, site, eval, output_dir }) = checked(root, opts, diags)? else { return Ok(None) };
    let frame = render::Frame::live(crate::archive::read_state(&output_dir)?);
    // Pages are written into the temporary folder as they are rendered, so a large site is
    // never held in memory whole — unless names are to be checked, which needs all of it.
    // Content errors found on the way drop `staged`, and with it the temporary folder.
    let staged = crate::write::Staged::begin(&output_dir)?;
    let output = if site.config.redact_names_file.is_some() {
        let output = render::render(&site, &eval, &frame, diags)?;
        check_names(&site, &sources, &output, diags)?;
        output
    } else {
        render::render_to(&site, &eval, &frame, diags, &staged)?
    };
    if diags.has_errors() {
        return Ok(None);
    }
    let _t = crate::timing::stage("write");
    staged.put_all(&output)?;
    staged.finish()?;
    Ok(Some(Built { site, eval, output, output_dir }))
}
