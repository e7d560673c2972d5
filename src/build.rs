//! The pipeline, stage by stage: load -> parse -> validate -> evaluate -> Markdown -> pages,
//! search index and exports -> write. Each stage collects diagnostics; the run stops at the
//! first stage boundary with errors, so no later stage ever sees a half-valid value.
//!
//! `pipeline` is the one composition of the stages; `check`, `build`, `serve` (through
//! `incremental`) and `snapshot` differ only in how far it goes and where its files go
//! (`Target`). Depends on every stage; nothing below depends on it.

use crate::archive::{self, Frame, Mode, Version};
use crate::bodies::{self, Bodies};
use crate::diag::Diagnostics;
use crate::error::Result;
use crate::evaluate::{self, Evaluation};
use crate::load::Asset;
use crate::memo::MemoRun;
use crate::model::{Audience, Period};
use crate::output::{Output, Page, Sink, Stream};
use crate::render::{self, templates, Engine, Renderer};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `build.audience`.
    pub audience: Option<Audience>,
    /// Overrides `build.output_dir`.
    pub output: Option<PathBuf>,
    pub strict: bool,
    /// Overrides `as_of`: the reference date for deadlines.
    pub as_of: Option<chrono::NaiveDate>,
}

/// What a successful run produced.
pub struct Built {
    pub site: Site,
    pub eval: Evaluation,
    pub output: Output,
    pub output_dir: PathBuf,
    /// How the output was framed: live, or the snapshot it is.
    pub frame: Frame,
    /// What the run did that a reader should hear of (old snapshots copied into the archive).
    pub notes: Vec<String>,
}

/// What `incremental` keeps of the first stages between runs: files read and their parse results.
#[derive(Default)]
pub(crate) struct Caches {
    pub files: crate::load::FileCache,
    pub parsed: crate::parse::ParseCache,
}

/// Paths of changed files, and what to call with their items' pages once those are rendered.
pub type First<'a, 'b> = (&'a [PathBuf], Hand<'b>);

/// How far a run of the pipeline goes, and where its files go.
pub(crate) enum Target {
    /// Everything a build checks, without rendering templates or writing anything.
    Check,
    /// Every file, kept in memory.
    Memory,
    /// Every file written to the output folder's temporary twin as soon as it is made (looked
    /// at for names to redact on its way), and the folder swapped in at the end.
    Write,
    /// The site as it stood at the end of this period, as a snapshot, in memory.
    Snapshot(Period),
}

/// The options of one run beyond `Target`: what `serve` reuses and wants early.
#[derive(Default)]
pub(crate) struct Reuse<'a, 'b> {
    /// The first stages reuse these (files read, parse results).
    pub caches: Option<&'a mut Caches>,
    /// Markdown, listing rows and pages reuse what the previous render made.
    pub memo: Option<&'a MemoRun>,
    /// The pages of changed items, before any other.
    pub first: Option<First<'a, 'b>>,
    /// The pages, before the search index and the exports are made.
    pub early: Option<Hand<'b>>,
}

/// What is handed pages as soon as they are made (`serve` publishes them).
pub type Hand<'h> = &'h mut dyn FnMut(&[Page]);

/// A site read, validated and scored.
struct Checked {
    sources: crate::load::Sources,
    site: Site,
    eval: Evaluation,
    output_dir: PathBuf,
}

/// Load, parse, validate and evaluate. `None` when content has errors (they are in `diags`).
fn checked(root: &Path, opts: &Options, frozen: Option<Period>, diags: &mut Diagnostics, mut caches: Option<&mut Caches>) -> Result<Option<Checked>> {
    diags.strict = opts.strict;
    let t = crate::timing::stage("load");
    let sources = crate::load::load_cached(root, diags, caches.as_mut().map(|c| &mut c.files))?;
    drop(t);
    if sources.config.strict {
        diags.make_strict();
    }
    // A file that could not be read (another encoding, too large) or a misnamed folder stops
    // nothing else from being checked, as a file that does not parse does not; a configuration
    // that does not read does.
    if diags.error_files().contains(crate::config::CONFIG_FILE) {
        return Ok(None);
    }
    let config = sources.config.clone();
    if let Some(p) = frozen {
        if let Some(c) = sources.current_period().filter(|c| p > *c) {
            return Err(crate::error::Error::Other(format!("不能归档 {}: 它晚于当前考核期 {}", p.label(), c.label())));
        }
    }
    let audience = opts.audience.unwrap_or(config.audience);
    let output_dir = crate::write::output_folder(&opts.output.clone().unwrap_or_else(|| config.output_dir.clone()));
    let t = crate::timing::stage("parse");
    let parsed = crate::parse::parse_cached(&sources, diags, caches.as_mut().map(|c| &mut c.parsed));
    drop(t);
    // A build's output depends only on its input and this date.
    let as_of = opts.as_of.or(config.as_of).unwrap_or_else(|| chrono::Local::now().date_naive());
    let cut = crate::validate::Cut { audience, as_of, period: frozen };
    if diags.has_errors() {
        // The files that did parse are validated all the same, so that one run lists the
        // problems of both stages; what may only follow from a file that did not parse is left
        // out (a reference to a case in it is not unknown, only unread).
        let failed = diags.error_files();
        let mut more = diags.sibling();
        let site = crate::validate::validate(parsed, config, cut, &mut more);
        // The bodies of the files that were read: a missing image is as wrong now as later. A
        // link to a page is not judged while a file that may hold the page is unread.
        bodies::render(&site, &sources.assets, &mut more, None);
        more.retain(|d| !d.message.contains("指向的页面不存在"));
        let unread = unread_names(&sources, &failed);
        more.retain(crate::validate::independent_of(&failed, &unread));
        diags.extend(more);
        return Ok(None);
    }
    let t = crate::timing::stage("validate");
    let site = crate::validate::validate(parsed, config, cut, diags);
    drop(t);
    if diags.has_errors() {
        // The Markdown bodies too, so that one run lists a missing image with a wrong reference.
        bodies::render(&site, &sources.assets, diags, None);
        return Ok(None);
    }
    let t = crate::timing::stage("evaluate");
    let eval = evaluate::evaluate(&site);
    drop(t);
    Ok(Some(Checked { sources, site, eval, output_dir }))
}

/// What the files in `failed` (which did not parse) may be referred to by, as far as their text
/// shows: the id their name gives (the folder's, for a bundle), and the values of their `id:`
/// and `title:` lines.
fn unread_names(sources: &crate::load::Sources, failed: &std::collections::BTreeSet<String>) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    // By its name (a bundle's by its folder's), as an id is made from it.
    for f in failed {
        let path = Path::new(f);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let stem = if stem == "index" { path.parent().and_then(|p| p.file_name()).and_then(|s| s.to_str()).unwrap_or("") } else { stem };
        names.insert(stem.to_string());
        names.insert(crate::slug::slugify(stem));
    }
    // One that was read, but did not parse, by its `id:` and `title:` too.
    for file in sources.files().filter(|f| failed.contains(&f.display)) {
        for line in file.text.lines() {
            for key in ["id:", "title:"] {
                if let Some(v) = line.strip_prefix(key) {
                    names.insert(v.trim().trim_matches(['"', '\'']).to_string());
                }
            }
        }
    }
    names
}

/// The one pipeline. `None` when content has errors (they are in `diags`); `Err` for
/// environment failures.
pub(crate) fn pipeline(root: &Path, opts: &Options, diags: &mut Diagnostics, target: Target, reuse: Reuse) -> Result<Option<Built>> {
    let Reuse { caches, memo, first, early } = reuse;
    let frozen = match target {
        Target::Snapshot(p) => Some(p),
        _ => None,
    };
    let Some(Checked { sources, site, eval, output_dir }) = checked(root, opts, frozen, diags, caches)? else { return Ok(None) };
    // A template that extends or includes itself is a content error, found before any page is
    // rendered, by `check` too.
    templates::check(&site.config, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    let names = match &site.config.redact_names_file {
        Some(list) => Some(crate::redact::read_names(list)?),
        None => None,
    };
    if let Target::Check = target {
        let t = crate::timing::stage("markdown");
        bodies::render(&site, &sources.assets, diags, None);
        drop(t);
        // What a build says of the newest snapshot, check says too.
        if let Some(base) = &archive::read_state(root, site.audience, None)?.newest {
            duties_added_since(&site, base, diags);
        }
        if let Some(names) = &names {
            crate::redact::check(names, &sources, &sources.assets.all(), &Output::default(), diags)?;
        }
        if diags.has_errors() {
            return Ok(None);
        }
        let frame = Frame::live(Default::default());
        return Ok(Some(Built { site, eval, output: Output::default(), output_dir, frame, notes: Vec::new() }));
    }
    // The source texts are read again only to look for names to redact: without such a list
    // they go now, before the largest allocations of the build.
    let mut sources = sources;
    let assets = std::mem::take(&mut sources.assets);
    let sources = names.as_ref().map(|_| sources);
    if let Target::Write = target {
        crate::write::check_target(root, &output_dir)?;
    }
    // Snapshots an older version left in the output folder join the archive before it is read.
    let notes: Vec<String> = match target {
        Target::Write => archive::adopt(root, &output_dir)?
            .into_iter()
            .map(archive::adopted_note)
            .collect(),
        _ => Vec::new(),
    };
    let state = archive::read_state(root, site.audience, frozen)?;
    // A snapshot changed since it was frozen is said (those the build carries); an intact copy
    // in the output folder is kept rather than replaced by it.
    let mut intact_copies = Vec::new();
    if let Target::Write = target {
        let carried = archive::carried(site.audience, &state.versions);
        for d in archive::damaged(root, &output_dir, &mut archive::Checked::default())? {
            if carried.as_ref().is_some_and(|c| !c.contains(&d.period.to_string())) {
                continue;
            }
            let (said, help) = archive::damaged_note(root, &d);
            diags.warning_plain(&format!("{}/{}/", crate::output::ARCHIVE_DIR, d.period), said).help = Some(help);
            intact_copies.extend(d.intact_copy.map(|c| (d.period.to_string(), c)));
        }
    }
    if let (None, Some(base)) = (frozen, &state.newest) {
        duties_added_since(&site, base, diags);
    }
    let frame = match frozen {
        Some(p) => snapshot_frame(p, state),
        None => Frame::live(state),
    };
    // Nothing is shown, or handed on, before the redaction check has seen the whole output.
    let (first, early) = if names.is_some() { (None, None) } else { (first, early) };
    // Content errors found on the way drop `staged`, and with it the temporary folder.
    let staged = match target {
        Target::Write => {
            let staged = crate::write::Staged::begin(&output_dir, &archive::dir(root))?.intact_copies(intact_copies);
            Some(match archive::carried(site.audience, &frame.versions) {
                Some(periods) => staged.only_snapshots(periods),
                None => staged,
            })
        }
        _ => None,
    };
    // With a redaction list, each file is looked at on its way to the temporary folder, which
    // is dropped if a name is found.
    let watch = match (&names, &staged) {
        (Some(names), Some(staged)) => Some(crate::redact::Watch::new(names, staged)?),
        _ => None,
    };
    let sink = match (&watch, &staged) {
        (Some(w), _) => Some(w as &dyn Sink),
        (None, Some(s)) => Some(s as &dyn Sink),
        _ => None,
    };

    // Templates are parsed on one core while the Markdown of every item is rendered on all.
    let t = crate::timing::stage("markdown");
    let (templates, bodies) = rayon::join(|| templates::load_fingerprinted(&site.config), || bodies::render(&site, &assets, diags, memo));
    drop(t);
    let templates = templates?;
    let engine = Engine::new(&site, &eval, &frame, templates, memo);
    let r = Renderer::new(&site, &eval, &frame, &bodies, engine)?;
    if let Some((changed, first)) = first {
        if !diags.has_errors() {
            let pages = render::item_pages(&r, changed)?;
            if !pages.is_empty() {
                first(&pages);
            }
        }
    }
    let mut output = render_files(&r, &bodies, diags, sink, early)?;
    publish(root, &bodies.files, &mut output, sink, diags)?;
    if let Mode::Snapshot { .. } = frame.mode {
        let Renderer { listing, .. } = r;
        render::free_in_parallel(listing, bodies);
        let frame = finish_snapshot(&site, &eval, &frame, &mut output)?;
        if let (Some(names), Some(sources)) = (&names, &sources) {
            crate::redact::check(names, sources, &assets.all(), &output, diags)?;
        }
        return Ok((!diags.has_errors()).then_some(Built { site, eval, output, output_dir, frame, notes }));
    }
    // The archive's index and version list, for the copy of the archive every build holds:
    // written before the first snapshot too (an index that says there is none yet, an empty
    // list), so that what links to them never leads nowhere.
    output.add([
        render::changes::archive_page(&r.engine, &frame, "archive/index.html")?,
        ("archive/versions.js".to_string(), archive::versions_js(&frame.versions).into()),
    ])?;
    let Renderer { listing, .. } = r;
    render::free_in_parallel(listing, bodies);
    if let (Some(names), Some(sources)) = (&names, &sources) {
        crate::redact::check(names, sources, &assets.all(), &output, diags)?;
    }
    if let Some(watch) = watch {
        watch.report(diags);
    }
    if diags.has_errors() {
        return Ok(None);
    }
    if let Some(staged) = staged {
        let _t = crate::timing::stage("write");
        staged.put_all(&output)?;
        staged.finish()?;
    }
    Ok(Some(Built { site, eval, output, output_dir, frame, notes }))
}

/// Every file of the site: the page families' jobs beside the search index and the exports,
/// on whichever core is free. With `early`, the pages are rendered first and handed to it —
/// when no error has been found so far — before the search index and the exports, so that
/// `serve` can show an edited page sooner. The output is the same either way.
fn render_files(
    r: &Renderer,
    bodies: &Bodies,
    diags: &Diagnostics,
    sink: Option<&dyn Sink>,
    mut early: Option<Hand>,
) -> Result<Output> {
    let (site, eval, frame) = (r.site, r.eval, r.frame);
    let stream = Stream::new(sink);
    let search = || -> Result<Vec<Page>> {
        let _t = crate::timing::stage("search index");
        let index = crate::search::index(site, bodies, &|pages| stream.keep(pages))?;
        let mut files = index.files;
        files.push(render::search_page(&r.engine, index.shard_count, index.docs)?);
        Ok(files)
    };
    let exports = || -> Result<Vec<Page>> {
        let _t = crate::timing::stage("exports");
        crate::export::files(site, eval, bodies, frame)
    };
    // The search index and the exports run on one thread for long: they start first (see
    // `render::FAMILIES` for why the order matters).
    let mut jobs: Vec<render::Job> = Vec::new();
    if early.is_none() {
        jobs.push(Box::new(search));
        jobs.push(Box::new(exports));
    }
    jobs.extend(render::jobs(r, &stream));
    let t = crate::timing::stage("pages (all)");
    // One task per job, so an idle core can take any job not yet started.
    let results: Vec<Result<Vec<Page>>> = jobs.par_iter().with_max_len(1).map(|j| j().and_then(|pages| stream.keep(pages))).collect();
    drop(t);
    drop(jobs);
    let mut pages = Vec::new();
    for res in results {
        pages.extend(res?);
    }
    if let Some(early) = early.as_mut() {
        if !diags.has_errors() {
            early(&pages);
        }
        pages.extend(search()?);
        pages.extend(exports()?);
    }
    let mut output = Output::default();
    output.add(pages)?;
    output.sunk = stream.finish(&output)?;
    for (name, bytes) in templates::static_files(&site.config)? {
        output.files.insert(format!("static/{name}"), bytes.into());
    }
    Ok(output)
}

/// The files published as they are (SPEC §9), added to the output beside the pages: each
/// bundle's files in its item's folder, and `static/` at the root. A file that would take the
/// place of one the build made (or land in `archive/`, the snapshots' folder) is an error naming
/// both. With a sink, each file is written as soon as it is read, so that a site of large scans
/// is never held in memory whole.
fn publish(root: &Path, files: &BTreeMap<String, Asset>, output: &mut Output, sink: Option<&dyn Sink>, diags: &mut Diagnostics) -> Result<()> {
    let mut sunk = Vec::new();
    for (path, asset) in files {
        let shown = crate::load::display(root, &asset.path);
        let made = output.files.contains_key(path) || output.sunk.binary_search(path).is_ok();
        let archive = path.split('/').next() == Some(crate::output::ARCHIVE_DIR);
        if made || archive {
            let d = if archive {
                diags.error_plain(&shown, "static/archive/ 会与历史归档目录 archive/ 重叠")
            } else {
                diags.error_plain(&shown, format!("该文件会覆盖站点生成的文件 {path}"))
            };
            d.help = Some("请给该文件改名, 或把它移到别的子目录中".into());
            continue;
        }
        let bytes = crate::load::read_asset(asset)?;
        match sink {
            Some(sink) => {
                sink.put(path, &bytes)?;
                sunk.push(path.clone());
            }
            None => {
                output.files.insert(path.clone(), bytes.into());
            }
        }
    }
    if !sunk.is_empty() {
        output.sunk.extend(sunk);
        output.sunk.sort_unstable();
    }
    Ok(())
}

/// A duty added to a mechanism since the newest snapshot, without `from`: it is judged in every
/// half-year the mechanism was in force, the closed ones too, where every unit would now fail
/// it. Said at the duty, with the `from` to write if that is not meant.
fn duties_added_since(site: &Site, base: &archive::Base, diags: &mut Diagnostics) {
    for m in site.items.mechanisms.iter() {
        let Some(then) = base.site.mechanisms.iter().find(|e| e.id == m.id.as_str()) else { continue };
        for r in m.requirements.iter().filter(|r| r.from.is_none() && !then.requirements.iter().any(|id| id == r.id.value.as_str())) {
            let next = Period::parse(&base.period).map(|p| p.next());
            let d = diags.warning(&m.origin.file, r.id.pos, format!("履职要求 {} 是 {} 归档之后新加的, 没有写 from, 会用于之前已结束的各考核期", r.id.value, base.period));
            d.help = Some(match next {
                Some(p) => format!("若它从 {} 起施行, 在这一项中加上 from: {p}; 否则此前各期的单位都会被记为未完成这项要求", p.label()),
                None => "若它从某一期起施行, 在这一项中加上 from: 期次 (如 2026-H1)".into(),
            });
        }
    }
}

/// The frame of a snapshot of `period` while its pages are made: the versions listed are those
/// already archived; its own entry, with its page and file counts, is added once the
/// snapshot is complete (`finish_snapshot`).
fn snapshot_frame(period: Period, state: archive::ArchiveState) -> Frame {
    let frozen = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    Frame { mode: Mode::Snapshot { period, frozen }, versions: state.versions.clone(), state }
}

/// A snapshot is a complete site of its own: its archive page and version list, and the texts a
/// later comparison needs. The version list holds the snapshot's own page and file counts, so
/// it is made last; the frame returned lists every version, this one included.
fn finish_snapshot(site: &Site, eval: &Evaluation, frame: &Frame, output: &mut Output) -> Result<Frame> {
    output.add([("data/content.json".to_string(), crate::sitejson::to_bytes(&crate::export::content_json(site)).into())])?;
    let Mode::Snapshot { period, frozen } = &frame.mode else { return Ok(frame.clone()) };
    // What the three files below and the manifest add: one page, four files.
    let own = Version { period: period.to_string(), label: period.label(), frozen: frozen.clone(), pages: output.pages() + 1, files: output.files.len() + 4 };
    let mut versions = frame.versions.clone();
    versions.push(own);
    versions.sort_by(|a, b| b.period.cmp(&a.period));
    let frame = Frame { mode: frame.mode.clone(), state: frame.state.clone(), versions };
    let engine = Engine::new(site, eval, &frame, templates::load_fingerprinted(&site.config)?, None);
    output.add([
        render::changes::archive_page(&engine, &frame, "archive/index.html")?,
        ("archive/versions.js".to_string(), archive::versions_js(&frame.versions).into()),
        ("archive/versions.json".to_string(), archive::versions_json(&frame.versions).into()),
    ])?;
    let manifest = archive::manifest(output);
    output.files.insert(archive::MANIFEST.into(), manifest.into());
    Ok(frame)
}

/// `check`: every content problem a build would find — including links to missing pages and
/// listed real names in the sources — without rendering templates or writing anything.
pub fn check(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    pipeline(root, opts, diags, Target::Check, Reuse::default())
}

/// Run every stage up to the rendered output, in memory. `None` when content has errors (they
/// are in `diags`); `Err` for environment failures.
pub fn run(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    pipeline(root, opts, diags, Target::Memory, Reuse::default())
}

/// Hold the site's lock for the life of the returned file: two builds or snapshots of one site
/// at once would race on the output folder. The lock is on the site's folder itself (no lock
/// file to leave behind; on Unix a folder can be locked like a file), and the system drops it
/// when the process ends, however it ends. Not on `zhengfeng.toml`: an editor that saves by
/// writing a new file and renaming it over the old gives the file a new lock. Elsewhere, where a
/// folder cannot be opened so, the lock is on `zhengfeng.toml`.
pub fn lock(root: &Path) -> Result<std::fs::File> {
    let config = root.join(crate::config::CONFIG_FILE);
    if !config.is_file() {
        return Err(crate::error::Error::NotASite { path: root.to_path_buf() });
    }
    let path = if cfg!(unix) { root.to_path_buf() } else { config };
    let path = if path.as_os_str().is_empty() { PathBuf::from(".") } else { path };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => return Err(crate::error::Error::Read { path, source: e }),
    };
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
    pub period: Period,
    pub dir: PathBuf,
    pub pages: usize,
    pub files: usize,
}

/// Freeze the site as it stood at the end of PERIOD into `archive/PERIOD/`. A refusal (an
/// invalid or later period, an existing snapshot) is an error that changes nothing.
pub fn snapshot(root: &Path, period: &str, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Snapshot>> {
    let _lock = lock(root)?;
    let p = archive::check_period(period, root)?;
    // A snapshot cannot be made again: one made before its half-year is over would freeze the
    // rest of it as unknown. The day is the build's (`as_of`, else today).
    let as_of = opts.as_of.or(crate::load::config_only(root, &mut Diagnostics::new())?.as_of);
    let today = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    // On its last day a half-year is not over yet (what is dated later that day would be left
    // out for good), unless `as_of` says that day is the one the site is judged on.
    if p.end() > today || (as_of.is_none() && p.end() == today) {
        let date = crate::render::views::date_cn;
        let said = if as_of.is_some() { "统计日期 (as_of) 为" } else { "今天是" };
        return Err(crate::error::Error::Other(format!(
            "不能归档 {}: 它到 {} 才结束 ({said} {}); 归档一经生成不可覆盖, 请在它结束后再归档",
            p.label(),
            date(p.end()),
            date(today)
        )));
    }
    // A snapshot judges the ledger as of its period's end, whatever day it is taken.
    let opts = &Options { as_of: Some(p.end()), ..opts.clone() };
    let Some(built) = pipeline(root, opts, diags, Target::Snapshot(p), Reuse::default())? else { return Ok(None) };
    // A half-year whose workbook has no score yet has not been assessed: archived now, it would
    // be frozen without its results.
    let folder = root.join("content").join("scorecards").join(p.to_string());
    let workbook = std::fs::read_dir(&folder).into_iter().flatten().flatten().any(|e| {
        let name = e.file_name().to_string_lossy().to_string();
        name.ends_with(".xlsx") && !name.starts_with("~$")
    });
    if workbook && !built.eval.periods.iter().any(|r| r.period == p) {
        return Err(crate::error::Error::Other(format!("不能归档 {}: 它的考核评分表还没有填写任何得分; 归档一经生成不可覆盖, 请填好后再归档", p.label())));
    }
    let Some(own) = built.frame.versions.iter().find(|v| v.period == p.to_string()) else { return Ok(None) };
    let (pages, files) = (own.pages, own.files);
    archive::write_snapshot(root, p, &built.output)?;
    Ok(Some(Snapshot { period: p, dir: archive::dir(root).join(p.to_string()), pages, files }))
}

/// Build and write the site. Returns what was written, or None on content errors (nothing
/// written then).
pub fn build(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    let _lock = lock(root)?;
    let _all = crate::timing::stage("build (all)");
    pipeline(root, opts, diags, Target::Write, Reuse::default())
}
