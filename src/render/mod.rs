//! Rendering: the validated site and its evaluation become a map from output path to bytes
//! (or, for `build`, files handed to a `Sink` as they are made).
//! The only users of Tera. Pages are rendered in parallel; every template gets the same small
//! shared context plus the view of its own page, never a copy of the whole site.

pub mod changes;
pub mod charts;
pub mod memo;
pub mod scorecards;
pub mod training;
pub mod templates;
pub mod views;

use crate::diag::Diagnostics;
use crate::error::{Error, Result};
use crate::evaluate::Evaluation;
use crate::markdown::{self, Links};
use crate::model::*;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use views::*;

/// A file's bytes, shared: serve keeps the previous build's pages and reuses the unchanged ones
/// without copying them.
pub type Bytes = std::sync::Arc<Vec<u8>>;

/// One output file: its site path and bytes.
pub type Page = (String, Bytes);

/// Everything a build writes: site path (with `/`) -> bytes. Ordered, so output is stable.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Bytes>,
    /// Files already handed to a `Sink` as they were rendered (paths, sorted): their bytes are
    /// on disk, not here. Empty unless the render was given a sink.
    pub sunk: Vec<String>,
}

impl Output {
    pub fn pages(&self) -> usize {
        self.files.keys().chain(&self.sunk).filter(|k| k.ends_with(".html")).count()
    }

    /// Every file of the site, kept or sunk.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.sunk.len()
    }
}

/// Takes each finished file at once, so that a build need not hold the whole site in memory
/// (`write::Staged` writes it into the build's temporary folder).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// Where the files of a render go as jobs finish them: kept for the output, or handed to the
/// sink and dropped.
struct Stream<'s> {
    sink: Option<&'s dyn Sink>,
    sunk: std::sync::Mutex<Vec<String>>,
}

impl Stream<'_> {
    /// The pages to keep: all of them without a sink, none with one (they are written).
    fn keep(&self, pages: Vec<Page>) -> Result<Vec<Page>> {
        let Some(sink) = self.sink else { return Ok(pages) };
        let mut paths = Vec::with_capacity(pages.len());
        for (path, bytes) in pages {
            sink.put(&path, &bytes)?;
            paths.push(path);
        }
        self.sunk.lock().unwrap_or_else(|e| e.into_inner()).extend(paths);
        Ok(Vec::new())
    }
}

/// Two files of one render at the same path would make the output depend on which came
/// last: always a bug, never a content problem.
fn duplicate(path: &str) -> Error {
    Error::Other(format!("内部错误: 两个输出文件的路径相同 ({path})"))
}

/// One item's Markdown, rendered once and shared by its page, listings and exports.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub html: String,
    pub text: String,
    pub summary: String,
    pub headings: Vec<(u8, String, String)>,
}

/// Put a large value into a page object by moving it (`json!` would copy it).
pub fn put(page: &mut Value, key: &str, value: impl Into<Value>) {
    if let Value::Object(m) = page {
        m.insert(key.to_string(), value.into());
    }
}

/// Relative prefix from a page at `path` back to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

struct SiteLinks {
    /// Content path (`cases/a.md`) -> site path.
    by_file: HashMap<String, String>,
    /// Every site path that exists (`cases/a/index.html`).
    pages: HashSet<String>,
    /// Items left out of this build, as `cases/a.md` and `cases/id`.
    withheld: HashSet<String>,
}

impl Links for SiteLinks {
    fn resolve(&self, target: &str) -> markdown::Target {
        let found = self.find(target);
        match found {
            Some(p) => markdown::Target::Page(p),
            None if self.withheld.contains(target.trim_start_matches("@/").trim_start_matches('/').trim_end_matches('/')) => {
                markdown::Target::Withheld
            }
            None => markdown::Target::Missing,
        }
    }
}

impl SiteLinks {
    fn find(&self, target: &str) -> Option<String> {
        if let Some(file) = target.strip_prefix("@/") {
            return self.by_file.get(file).cloned();
        }
        let path = target.trim_start_matches('/');
        let candidates = if path.is_empty() {
            vec!["index.html".to_string()]
        } else if path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates.into_iter().find(|c| self.pages.contains(c))
    }
}

/// How this render is framed: live or a snapshot, and what the archive already holds.
#[derive(Clone, Debug)]
pub struct Frame {
    pub mode: crate::archive::Mode,
    pub state: crate::archive::ArchiveState,
    /// The versions to list (for a snapshot: those before it and itself), newest first.
    pub versions: Vec<crate::archive::Version>,
}

impl Frame {
    pub fn live(state: crate::archive::ArchiveState) -> Frame {
        Frame { mode: crate::archive::Mode::Live, versions: state.versions.clone(), state }
    }
}

/// Numbers renders, so that a thread's cached template context is never one of another render.
static NEXT_RENDER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub eval: &'a Evaluation,
    pub frame: &'a Frame,
    pub tera: tera::Tera,
    pub terms: Terms,
    common: Value,
    /// This render's number (`NEXT_RENDER`).
    id: u64,
    pub bodies: Bodies,
    /// Case indices, newest first.
    pub newest_first: Vec<usize>,
    /// Each case's listing row, rendered once with `ROOT` standing for the page's root
    /// (listings of 10,000 cases reuse the rows instead of running the template per entry).
    case_rows: Vec<String>,
    /// Case indices (newest first) by unit, mechanism, violation type and tag.
    pub cases_by_unit: HashMap<Id, Vec<usize>>,
    pub cases_by_mechanism: HashMap<Id, Vec<usize>>,
    pub cases_by_violation: HashMap<String, Vec<usize>>,
    pub cases_by_tag: HashMap<String, Vec<usize>>,
    /// Training indices (site order) by the case and by the mechanism they use, and mechanism
    /// indices by the mechanism they supersede: built once, so no page walks every item.
    trainings_by_case: HashMap<Id, Vec<usize>>,
    trainings_by_mechanism: HashMap<Id, Vec<usize>>,
    superseded_by: HashMap<Id, Vec<usize>>,
    /// Mean score of each indicator, per period, computed once.
    pub indicator_averages: HashMap<Period, HashMap<Id, i64>>,
    /// Reuse of the previous render's results (serve); `None` renders everything.
    memo: Option<&'a memo::MemoRun>,
    /// Fingerprints of the template sources and of `common`, for the memo.
    templates_fp: u128,
    common_fp: u128,
}

/// Stands for a page's root in pre-rendered fragments; never occurs in content.
const ROOT: &str = "\u{1}ROOT\u{1}";

/// Rendered Markdown of every item, by kind and id.
#[derive(Default)]
pub struct Bodies {
    pub mechanisms: HashMap<Id, Body>,
    pub cases: HashMap<Id, Body>,
    pub trainings: HashMap<Id, Body>,
    pub pages: HashMap<Id, Body>,
    pub home: Option<Body>,
}

/// Which sections exist, so navigation links only to pages that exist.
#[derive(Serialize)]
struct Has {
    mechanisms: bool,
    cases: bool,
    scorecards: bool,
    units: bool,
    trainings: bool,
    search: bool,
    archive: bool,
    pages: Vec<Link>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, eval: &'a Evaluation, frame: &'a Frame, diags: &mut Diagnostics) -> Result<Renderer<'a>> {
        Renderer::with_memo(site, eval, frame, diags, None)
    }

    /// A renderer that reuses what `memo`'s previous render made from the same inputs.
    pub fn with_memo(
        site: &'a Site,
        eval: &'a Evaluation,
        frame: &'a Frame,
        diags: &mut Diagnostics,
        memo: Option<&'a memo::MemoRun>,
    ) -> Result<Renderer<'a>> {
        // Templates are parsed on one core while the Markdown of every item is rendered on all.
        let t = crate::timing::stage("markdown");
        let (loaded, bodies) = rayon::join(
            || templates::load_fingerprinted(&site.config).map(|(tera, fp)| (tera, fp, Terms::build(site))),
            || render_bodies(site, diags, memo),
        );
        drop(t);
        let (tera, templates_fp, terms) = loaded?;
        let has = Has {
            mechanisms: !site.mechanisms.is_empty(),
            cases: !site.cases.is_empty(),
            scorecards: !eval.periods.is_empty(),
            units: !site.units.is_empty(),
            trainings: !site.trainings.is_empty(),
            search: true,
            archive: !frame.versions.is_empty(),
            pages: site.pages.iter().map(|p| Link { title: p.title.clone(), url: page_url(&p.id) }).collect(),
        };
        let internal = site.audience == Audience::Internal;
        let common = json!({
            "title": site.config.title,
            "description": site.config.description,
            "language": site.config.language,
            "internal": internal,
            "audience": site.audience.as_str(),
            "period": site.current.map(|p| p.to_string()),
            "period_label": site.current.map(|p| p.label()),
            "has": has,
            "archive": match &frame.mode {
                crate::archive::Mode::Live => json!({"snapshot": false, "menu": !frame.versions.is_empty()}),
                crate::archive::Mode::Snapshot { period, frozen } =>
                    json!({"snapshot": true, "menu": true, "period": period.to_string(), "label": period.label(), "frozen": frozen}),
            },
        });
        let common_fp = memo.map_or(0, |_| memo::Fingerprint::default().value(&common).finish());
        let mut newest_first: Vec<usize> = (0..site.cases.len()).collect();
        newest_first.sort_by(|&a, &b| site.cases[b].date.cmp(&site.cases[a].date).then(site.cases[a].id.cmp(&site.cases[b].id)));
        let mut cases_by_unit: HashMap<Id, Vec<usize>> = HashMap::new();
        let mut cases_by_mechanism: HashMap<Id, Vec<usize>> = HashMap::new();
        let mut cases_by_violation: HashMap<String, Vec<usize>> = HashMap::new();
        let mut cases_by_tag: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &newest_first {
            let c = &site.cases[i];
            if let Some(u) = &c.unit {
                cases_by_unit.entry(u.value.clone()).or_default().push(i);
            }
            for m in &c.mechanisms {
                cases_by_mechanism.entry(m.value.clone()).or_default().push(i);
            }
            for v in &c.violations {
                let list = cases_by_violation.entry(v.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            for t in &c.tags {
                let list = cases_by_tag.entry(t.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let mut trainings_by_case: HashMap<Id, Vec<usize>> = HashMap::new();
        let mut trainings_by_mechanism: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, t) in site.trainings.iter().enumerate() {
            for (map, ids) in [(&mut trainings_by_case, &t.cases), (&mut trainings_by_mechanism, &t.mechanisms)] {
                for x in ids {
                    let list = map.entry(x.value.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let mut superseded_by: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, m) in site.mechanisms.iter().enumerate() {
            for s in &m.supersedes {
                let list = superseded_by.entry(s.value.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let indicator_averages = site
            .periods
            .par_iter()
            .map(|p| (*p, crate::evaluate::indicator_averages(site, *p).into_iter().collect()))
            .collect();
        let mut r = Renderer {
            site,
            eval,
            frame,
            tera,
            terms,
            common,
            id: NEXT_RENDER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            bodies,
            newest_first,
            case_rows: Vec::new(),
            cases_by_unit,
            cases_by_mechanism,
            cases_by_violation,
            cases_by_tag,
            trainings_by_case,
            trainings_by_mechanism,
            superseded_by,
            indicator_averages,
            memo,
            templates_fp,
            common_fp,
        };
        let _t = crate::timing::stage("listing rows");
        let rows: Result<Vec<String>> = site
            .cases
            .par_iter()
            .with_max_len(crate::TASK_LEN)
            .map(|c| {
                let view = r.case_view(c);
                let render = || {
                    let mut ctx = tera::Context::new();
                    ctx.insert("root", ROOT);
                    ctx.insert("c", &view);
                    r.tera.render("case_item.html", &ctx).map_err(|e| Error::Template(format!("渲染案例列表项 (模板 case_item.html) 时出错: {}", templates::chain(&e))))
                };
                match r.memo {
                    None => render(),
                    Some(m) => {
                        let text = serde_json::to_string(&view).map_err(|e| Error::Template(e.to_string()))?;
                        let fp = memo::Fingerprint::default().u128(r.templates_fp).str("case_item.html").str(ROOT).str(&text).finish();
                        m.row(fp, render)
                    }
                }
            })
            .collect();
        r.case_rows = rows?;
        Ok(r)
    }

    /// Render one template to `path` with the page's own values.
    pub fn page(&self, path: &str, template: &str, section: &str, title: &str, crumbs: &[Link], page: Value) -> Result<Page> {
        let Some(m) = self.memo else { return self.render_page(path, template, section, title, crumbs, page) };
        // Everything the template sees, so equal fingerprints mean equal pages.
        let mut fp = memo::Fingerprint::default();
        fp.u128(self.templates_fp).u128(self.common_fp).str(path).str(template).str(section).str(title);
        fp.value(&serde_json::to_value(crumbs).map_err(|e| Error::Template(e.to_string()))?);
        let fp = fp.value(&page).finish();
        let bytes = m.page(path, fp, || self.render_page(path, template, section, title, crumbs, page).map(|p| p.1))?;
        Ok((path.to_string(), bytes))
    }

    fn render_page(&self, path: &str, template: &str, section: &str, title: &str, crumbs: &[Link], page: Value) -> Result<Page> {
        thread_local! {
            /// Per thread, the template context of the render it last worked for: the shared
            /// `site` part goes in once per thread and render, and each page only puts in (and
            /// takes out) its own values, so nothing shared is copied per page.
            static CONTEXT: std::cell::RefCell<(u64, tera::Context)> = std::cell::RefCell::new((0, tera::Context::new()));
        }
        // The page's own values are moved in, not copied.
        let mut own = serde_json::Map::new();
        own.insert("page".into(), page);
        own.insert("root".into(), Value::String(root_of(path)));
        own.insert("path".into(), path.into());
        own.insert("section".into(), section.into());
        own.insert("title".into(), title.into());
        own.insert("crumbs".into(), serde_json::to_value(crumbs).map_err(|e| Error::Template(e.to_string()))?);
        let own = tera::Context::from_value(Value::Object(own)).map_err(|e| Error::Template(templates::chain(&e)))?;
        // Rendered straight into bytes: no second pass to check the UTF-8 of a whole page.
        let mut html = Vec::with_capacity(8 * 1024);
        let rendered = CONTEXT.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.0 != self.id {
                let mut ctx = tera::Context::new();
                ctx.insert("site", &self.common);
                *cell = (self.id, ctx);
            }
            cell.1.extend(own);
            let rendered = self.tera.render_to(template, &cell.1, &mut html);
            // The page's values go with the page, not with the thread.
            cell.1.remove("page");
            rendered
        });
        rendered.map_err(|e| Error::Template(format!("渲染 {path} (模板 {template}) 时出错: {}", templates::chain(&e))))?;
        Ok((path.to_string(), html.into()))
    }

    /// The listing rows of the given cases (indices), for a page whose root is `root`.
    pub fn rows(&self, cases: &[usize], root: &str) -> String {
        let mut out = String::with_capacity(cases.len() * 700);
        for &i in cases {
            // The row split at each `ROOT`, joined with the page's own root.
            let mut parts = self.case_rows[i].split(ROOT);
            if let Some(first) = parts.next() {
                out.push_str(first);
            }
            for part in parts {
                out.push_str(root);
                out.push_str(part);
            }
        }
        out
    }

    /// The rows of a page's cases, looked up by key in one of the groupings.
    fn rows_for<K: std::hash::Hash + Eq + ?Sized>(&self, map: &HashMap<K::Owned, Vec<usize>>, key: &K, path: &str) -> (String, usize)
    where
        K: ToOwned,
        K::Owned: std::hash::Hash + Eq + std::borrow::Borrow<K>,
    {
        let list = map.get(key).map(Vec::as_slice).unwrap_or(&[]);
        (self.rows(list, &root_of(path)), list.len())
    }

    /// The trainings listed under `id` in one of the training maps, in site order.
    fn trainings_of(&self, map: &HashMap<Id, Vec<usize>>, id: &Id) -> Vec<TrainingView> {
        map.get(id).into_iter().flatten().map(|&i| TrainingView::new(&self.site.trainings[i])).collect()
    }

    fn summary_of(&self, c: &Case) -> String {
        self.bodies.cases.get(&c.id).map(|b| b.summary.clone()).unwrap_or_default()
    }

    pub fn case_view(&self, c: &Case) -> CaseView {
        CaseView::new(c, self.site, &self.terms, &self.summary_of(c))
    }
}

/// Render every Markdown body for its diagnostics only (links to missing pages), as `check` does.
pub fn check_bodies(site: &Site, diags: &mut Diagnostics) {
    render_bodies(site, diags, None);
}

/// Markdown of every item rendered once, in parallel. Links to missing pages become warnings
/// at the line and column where they are written.
fn render_bodies(site: &Site, diags: &mut Diagnostics, memo: Option<&memo::MemoRun>) -> Bodies {
    let mut by_file = HashMap::new();
    let mut pages = HashSet::new();
    let mut add = |kind: &str, file: &crate::source::SourceFile, url: String| {
        if let Some(name) = file.path.file_name().and_then(|n| n.to_str()) {
            by_file.insert(format!("{kind}/{name}"), url.clone());
        }
        pages.insert(url);
    };
    for m in &site.mechanisms {
        add("mechanisms", &m.origin.file, mechanism_url(&m.id));
    }
    for c in &site.cases {
        add("cases", &c.origin.file, case_url(&c.id));
    }
    for t in &site.trainings {
        add("trainings", &t.origin.file, training_url(&t.id));
    }
    for p in &site.pages {
        add("pages", &p.origin.file, page_url(&p.id));
    }
    by_file.insert("_index.md".into(), "index.html".into());
    for u in &site.units {
        pages.insert(unit_url(&u.id));
    }
    // Section pages, only those this site builds.
    let has_tags = site.cases.iter().any(|c| !c.tags.is_empty()) || site.mechanisms.iter().any(|m| !m.tags.is_empty());
    for (s, built) in [
        ("index.html", true),
        ("mechanisms/index.html", true),
        ("cases/index.html", true),
        ("violations/index.html", true),
        ("units/index.html", !site.units.is_empty()),
        ("trainings/index.html", !site.trainings.is_empty()),
        ("tags/index.html", has_tags),
        ("scorecards/index.html", !site.periods.is_empty()),
        ("changes/index.html", true),
    ] {
        if built {
            pages.insert(s.to_string());
        }
    }
    let links = SiteLinks { by_file, pages, withheld: site.withheld.clone() };
    let sanitise = site.audience == Audience::Public;
    let strict_sink = diags.sibling();

    type Job<'b> = (u8, &'b Id, &'b crate::model::Body, &'b crate::load::File);
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend(site.mechanisms.iter().map(|m| (0u8, &m.id, &m.body, &m.origin.file)));
    jobs.extend(site.cases.iter().map(|c| (1u8, &c.id, &c.body, &c.origin.file)));
    jobs.extend(site.trainings.iter().map(|t| (2u8, &t.id, &t.body, &t.origin.file)));
    jobs.extend(site.pages.iter().map(|p| (3u8, &p.id, &p.body, &p.origin.file)));
    if let Some(h) = &site.home {
        jobs.push((4u8, &h.id, &h.body, &h.origin.file));
    }
    let done: Vec<(u8, Id, Body, Diagnostics)> = jobs
        .par_iter()
        .with_max_len(crate::TASK_LEN)
        .map(|(kind, id, body, file)| {
            let root = if *kind == 4 { "" } else { "../../" };
            let r = match memo {
                Some(m) => m.markdown(&body.markdown, root, &links, sanitise),
                None => markdown::render(&body.markdown, root, &links, sanitise),
            };
            let mut d = strict_sink.sibling();
            if !r.broken_links.is_empty() {
                let body_start = file.offset(crate::source::Pos::new(body.first_line, 1));
                for (off, target) in &r.broken_links {
                    let pos = file.pos(body_start + off);
                    d.warning(file, pos, format!("链接 \"{target}\" 指向的页面不存在")).help =
                        Some("站内链接写成 @/cases/文件名.md 或 /cases/标识/; 请检查文件名或标识".into());
                }
            }
            let summary = truncate(&r.first_paragraph, 120);
            (*kind, (*id).clone(), Body { html: r.html, text: r.text, summary, headings: r.headings }, d)
        })
        .collect();
    let mut bodies = Bodies::default();
    for (kind, id, body, d) in done {
        diags.extend(d);
        match kind {
            0 => { bodies.mechanisms.insert(id, body); }
            1 => { bodies.cases.insert(id, body); }
            2 => { bodies.trainings.insert(id, body); }
            3 => { bodies.pages.insert(id, body); }
            _ => bodies.home = Some(body),
        }
    }
    bodies
}

/// At most `n` characters, with an ellipsis when cut.
pub fn truncate(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}

/// Render every page of the site.
pub fn render(site: &Site, eval: &Evaluation, frame: &Frame, diags: &mut Diagnostics) -> Result<Output> {
    render_with(site, eval, frame, diags, None, None, None)
}

/// Paths of changed files, and what to call with their items' pages once those are rendered.
pub type First<'a, 'b> = (&'a [std::path::PathBuf], &'b mut dyn FnMut(&[Page]));

/// Render every page of the site, reusing what `memo`'s previous render made from the same
/// inputs. With `early`, the pages (all but the search feature's files) are rendered first and
/// handed to it — when no error has been found so far — before the search index and the
/// exports, so that `serve` can show an edited page sooner. The output is the same either way.
pub fn render_with(
    site: &Site,
    eval: &Evaluation,
    frame: &Frame,
    diags: &mut Diagnostics,
    memo: Option<&memo::MemoRun>,
    first: Option<First<'_, '_>>,
    early: Option<&mut dyn FnMut(&[Page])>,
) -> Result<Output> {
    render_all(site, eval, frame, diags, memo, first, early, None)
}

/// Render every page of the site, handing each file to `sink` as soon as its job is done (a
/// case page as soon as it is rendered) instead of keeping it: the returned output holds only
/// the files made at the end (static files) and the paths of the others.
pub fn render_to(site: &Site, eval: &Evaluation, frame: &Frame, diags: &mut Diagnostics, sink: &dyn Sink) -> Result<Output> {
    render_all(site, eval, frame, diags, None, None, None, Some(sink))
}

#[allow(clippy::too_many_arguments)]
fn render_all(
    site: &Site,
    eval: &Evaluation,
    frame: &Frame,
    diags: &mut Diagnostics,
    memo: Option<&memo::MemoRun>,
    first: Option<First<'_, '_>>,
    mut early: Option<&mut dyn FnMut(&[Page])>,
    sink: Option<&dyn Sink>,
) -> Result<Output> {
    let stream = Stream { sink, sunk: Default::default() };
    let stream = &stream;
    let r = Renderer::with_memo(site, eval, frame, diags, memo)?;
    // The pages of the items whose files changed, before all the others: `serve` shows an
    // edited case or mechanism as soon as its own page is ready.
    if let Some((changed, first)) = first {
        if !diags.has_errors() {
            let touched = |file: &crate::source::SourceFile| changed.iter().any(|p| p.ends_with(&file.display));
            let mut pages = Vec::new();
            for c in site.cases.iter().filter(|c| touched(&c.origin.file)) {
                pages.push(case_page(&r, c)?);
            }
            for m in site.mechanisms.iter().filter(|m| touched(&m.origin.file)) {
                pages.push(mechanism_page(&r, m)?);
            }
            if !pages.is_empty() {
                first(&pages);
            }
        }
    }
    let rr = &r;
    let search = move || {
        let _t = crate::timing::stage("search index");
        crate::search::pages(rr)
    };
    let exports = move || -> Result<Vec<Page>> {
        let _t = crate::timing::stage("exports");
        let mut o = Output::default();
        crate::export::site_json(rr, &mut o);
        crate::export::feed(rr, &mut o);
        crate::export::scorecard_tables(rr, &mut o)?;
        Ok(o.files.into_iter().collect())
    };
    // The jobs that run on one thread for long (the search index's joining, the exports, the
    // 10,000-row case list, the term pages) make the first half of the list, and the ones that
    // split into many small tasks (case, unit, period pages) the second: rayon gives each
    // core one half, and the core with the one-thread jobs joins the other half's loops once
    // it is done, so neither waits at the end.
    let mut jobs: Vec<Box<dyn Fn() -> Result<Vec<Page>> + Send + Sync + '_>> = Vec::new();
    if early.is_none() {
        jobs.push(Box::new(search));
        jobs.push(Box::new(exports));
    }
    jobs.push(Box::new(move || case_index(rr).map(|p| vec![p])));
    jobs.push(Box::new(move || {
        let _t = crate::timing::stage("term pages");
        terms(rr)
    }));
    jobs.push(Box::new(move || Ok(vec![home(rr)?, not_found(rr)?])));
    jobs.push(Box::new(move || changes::changes_page(rr).map(|p| vec![p])));
    jobs.push(Box::new(move || mechanism_index(rr).map(|p| vec![p])));
    jobs.push(Box::new(move || free_pages(rr)));
    jobs.push(Box::new(move || training_pages(rr)));
    jobs.push(Box::new(move || {
        let _t = crate::timing::stage("scorecard pages");
        scorecards::pages(rr)
    }));
    jobs.push(Box::new(move || {
        let _t = crate::timing::stage("unit pages");
        unit_pages(rr)
    }));
    jobs.push(Box::new(move || site.mechanisms.par_iter().with_max_len(4).map(|m| mechanism_page(rr, m)).collect()));
    jobs.push(Box::new(move || {
        let _t = crate::timing::stage("case pages");
        // Each page handed on as soon as it is made: the largest part of the site.
        let kept: Vec<Vec<Page>> = site.cases.par_iter().with_max_len(crate::TASK_LEN).map(|c| stream.keep(vec![case_page(rr, c)?])).collect::<Result<_>>()?;
        Ok(kept.into_iter().flatten().collect())
    }));
    let t = crate::timing::stage("pages (all)");
    // One task per job, so an idle core can take any job not yet started.
    let results: Vec<Result<Vec<Page>>> = jobs.par_iter().with_max_len(1).map(|j| j().and_then(|pages| stream.keep(pages))).collect();
    drop(t);
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
    let mut out = Output::default();
    for (path, bytes) in pages {
        if out.files.contains_key(&path) {
            return Err(duplicate(&path));
        }
        out.files.insert(path, bytes);
    }
    let mut sunk = std::mem::take(&mut *stream.sunk.lock().unwrap_or_else(|e| e.into_inner()));
    sunk.sort_unstable();
    if let Some(p) = sunk.windows(2).find(|w| w[0] == w[1]).map(|w| &w[0]).or_else(|| sunk.iter().find(|p| out.files.contains_key(*p))) {
        return Err(duplicate(p));
    }
    out.sunk = sunk;
    for (name, bytes) in templates::static_files(&site.config)? {
        out.files.insert(format!("static/{name}"), bytes.into());
    }
    if let crate::archive::Mode::Snapshot { .. } = frame.mode {
        // A snapshot is a complete site of its own: its archive page and version list, and the
        // texts a later comparison needs.
        let (path, bytes) = changes::archive_page(&r, "archive/index.html")?;
        out.files.insert(path, bytes);
        out.files.insert("archive/versions.js".into(), crate::archive::versions_js(&frame.versions).into());
        out.files.insert("archive/versions.json".into(), crate::archive::versions_json(&frame.versions).into());
        crate::export::content_json(&r, &mut out);
    }
    drop(jobs);
    let Renderer { bodies, case_rows, .. } = r;
    free_in_parallel(bodies, case_rows);
    Ok(out)
}

/// Free the rendered Markdown of every item and the listing rows on all cores: one core alone
/// takes tens of milliseconds over a large site's hundreds of thousands of strings.
fn free_in_parallel(bodies: Bodies, rows: Vec<String>) {
    let cases: Vec<Body> = bodies.cases.into_values().collect();
    rayon::join(|| cases.into_par_iter().with_max_len(256).for_each(drop), || drop(rows));
}

fn scorecards_grade_class(rubric: &Rubric, grade: &str) -> String {
    scorecards::grade_class(rubric, grade)
}

fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    items.iter().map(|(t, u)| Link { title: t.to_string(), url: u.to_string() }).collect()
}

fn home(r: &Renderer) -> Result<Page> {
    let site = r.site;
    let mut latest: Vec<&Case> = site.cases.iter().collect();
    latest.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let latest: Vec<CaseView> = latest.iter().take(6).map(|c| r.case_view(c)).collect();
    let mut trainings: Vec<&Training> = site.trainings.iter().collect();
    trainings.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let trainings: Vec<TrainingView> = trainings.iter().take(3).map(|t| TrainingView::new(t)).collect();
    let home_title = site.home.as_ref().map(|h| h.title.clone()).unwrap_or_else(|| site.config.title.clone());
    let page = json!({
        "heading": home_title,
        "intro": r.bodies.home.as_ref().map(|b| b.html.clone()),
        "latest_cases": latest,
        "groups": mechanism_groups(r),
        "trainings": trainings,
        "summary": scorecards::home_summary(r),
        "counts": {
            "mechanisms": site.mechanisms.len(),
            "in_force": site.mechanisms.iter().filter(|m| m.status == Status::InForce).count(),
            "cases": site.cases.len(),
            "units": site.units.len(),
            "trainings": site.trainings.len(),
            "requirements": site.requirements().count(),
        },
    });
    r.page("index.html", "index.html", "home", &site.config.title, &[], page)
}

fn not_found(r: &Renderer) -> Result<Page> {
    r.page("404.html", "404.html", "", "页面不存在", &[], json!({}))
}

#[derive(Serialize)]
struct Group {
    name: String,
    items: Vec<MechanismView>,
}

/// Mechanisms grouped by category; categories in the order of their first item, items by
/// `order` then effective date.
fn mechanism_groups(r: &Renderer) -> Vec<Group> {
    let mut ms: Vec<&Mechanism> = r.site.mechanisms.iter().collect();
    ms.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), a.effective, &a.id).cmp(&(b.order.unwrap_or(i64::MAX), b.effective, &b.id))
    });
    let mut groups: Vec<Group> = Vec::new();
    for m in ms {
        let view = MechanismView::new(m, &r.terms);
        match groups.iter_mut().find(|g| g.name == m.category) {
            Some(g) => g.items.push(view),
            None => groups.push(Group { name: m.category.clone(), items: vec![view] }),
        }
    }
    groups
}

fn mechanism_index(r: &Renderer) -> Result<Page> {
    let reqs: Vec<RequirementView> = r.site.requirements().map(|(m, q)| RequirementView::new(m, q)).collect();
    let page = json!({ "groups": mechanism_groups(r), "requirements": reqs, "total": r.site.mechanisms.len() });
    r.page("mechanisms/index.html", "mechanisms.html", "mechanisms", "制度机制", &crumbs(&[("制度机制", "")]), page)
}

fn mechanism_page(r: &Renderer, m: &Mechanism) -> Result<Page> {
    let site = r.site;
    let link = |m: &Mechanism| json!({"title": m.title, "url": mechanism_url(&m.id), "status_label": m.status.label(), "status": m.status.as_str(), "effective": date(m.effective), "doc_number": m.doc_number});
    // The revision chain both ways: what this one replaced (older), and what replaced it (newer).
    let mut older = Vec::new();
    let mut seen = BTreeSet::from([m.id.clone()]);
    let mut frontier: Vec<&Mechanism> = vec![m];
    while let Some(cur) = frontier.pop() {
        for s in &cur.supersedes {
            if let Some(o) = site.mechanism(&s.value) {
                if seen.insert(o.id.clone()) {
                    older.push(o);
                    frontier.push(o);
                }
            }
        }
    }
    let mut newer = Vec::new();
    let mut frontier: Vec<&Mechanism> = vec![m];
    while let Some(cur) = frontier.pop() {
        for n in r.superseded_by.get(&cur.id).into_iter().flatten().map(|&i| &site.mechanisms[i]) {
            if seen.insert(n.id.clone()) {
                newer.push(n);
                frontier.push(n);
            }
        }
    }
    older.sort_by(|a, b| b.effective.cmp(&a.effective));
    newer.sort_by(|a, b| b.effective.cmp(&a.effective));
    let path = mechanism_url(&m.id);
    let (case_rows, case_count) = r.rows_for(&r.cases_by_mechanism, &m.id, &path);
    let trainings = r.trainings_of(&r.trainings_by_mechanism, &m.id);
    // The rubric in force now (a period's own, else the shared one).
    let indicators: Vec<Value> = site
        .current
        .and_then(|p| site.rubrics.get(&p))
        .or(site.rubric.as_ref())
        .into_iter()
        .flat_map(|rb| rb.indicators.iter())
        .filter(|i| i.mechanism.as_ref().is_some_and(|x| x.value == m.id))
        .map(|i| json!({"name": i.name, "max": num(i.max), "group": i.group}))
        .collect::<Vec<_>>();
    let body = r.bodies.mechanisms.get(&m.id);
    let mut page = json!({
        "m": MechanismView::new(m, &r.terms),
        "toc": body.into_iter().flat_map(|b| b.headings.iter()).filter(|h| h.0 == 2).map(|h| json!({"id": h.1, "text": h.2})).collect::<Vec<_>>(),
        "requirements": m.requirements.iter().map(|q| RequirementView::new(m, q)).collect::<Vec<_>>(),
        "older": older.iter().map(|o| link(o)).collect::<Vec<_>>(),
        "newer": newer.iter().map(|o| link(o)).collect::<Vec<_>>(),
        "case_count": case_count,
        "trainings": trainings,
        "indicators": indicators,
    });
    put(&mut page, "body", body.map(|b| b.html.clone()).unwrap_or_default());
    put(&mut page, "case_rows", case_rows);
    r.page(&path, "mechanism.html", "mechanisms", &m.title, &crumbs(&[("制度机制", "mechanisms/index.html"), (&m.title, "")]), page)
}


fn case_index(r: &Renderer) -> Result<Page> {
    use chrono::Datelike;
    let years: BTreeSet<i32> = r.site.cases.iter().map(|c| c.date.year()).collect();
    let mut page = json!({
        "case_count": r.site.cases.len(),
        "violations": violation_terms(r),
        "years": years.into_iter().rev().collect::<Vec<_>>(),
        "forms": (1..=4u8).map(|f| json!({"form": f, "label": case_form_label(f), "meaning": case_form_meaning(f),
            "count": r.site.cases.iter().filter(|c| c.form == f).count()})).collect::<Vec<_>>(),
    });
    put(&mut page, "case_rows", r.rows(&r.newest_first, "../"));
    r.page("cases/index.html", "cases.html", "cases", "典型案例", &crumbs(&[("典型案例", "")]), page)
}

fn violation_terms(r: &Renderer) -> Vec<Term> {
    r.terms
        .violations
        .keys()
        .map(|v| Term { count: r.cases_by_violation.get(v).map_or(0, Vec::len), ..r.terms.violation(v) })
        .collect()
}

fn tag_terms(r: &Renderer, mechanisms_by_tag: &HashMap<&str, Vec<&Mechanism>>) -> Vec<Term> {
    r.terms
        .tags
        .keys()
        .map(|t| Term {
            count: r.cases_by_tag.get(t).map_or(0, Vec::len) + mechanisms_by_tag.get(t.as_str()).map_or(0, Vec::len),
            ..r.terms.tag(t)
        })
        .collect()
}

/// Violation-type and tag pages, each rendered once.
fn terms(r: &Renderer) -> Result<Vec<Page>> {
    let site = r.site;
    let mut out = Vec::new();
    let violations = violation_terms(r);
    out.push(r.page(
        "violations/index.html",
        "terms.html",
        "cases",
        "违纪类型",
        &crumbs(&[("典型案例", "cases/index.html"), ("违纪类型", "")]),
        json!({"kind": "violations", "terms": violations, "intro": "按违纪类型查看典型案例。"}),
    )?);
    for t in &violations {
        let (rows, n) = r.rows_for(&r.cases_by_violation, t.name.as_str(), &t.url);
        out.push(r.page(
            &t.url,
            "term.html",
            "cases",
            &t.name,
            &crumbs(&[("典型案例", "cases/index.html"), ("违纪类型", "violations/index.html"), (&t.name, "")]),
            {
                let mut page = json!({"kind": "violations", "kind_label": "违纪类型", "term": t, "case_count": n, "mechanisms": []});
                put(&mut page, "case_rows", rows);
                page
            },
        )?);
    }
    // Each tag's mechanisms (site order, once each), found in one pass for all tag pages.
    let mut mechanisms_by_tag: HashMap<&str, Vec<&Mechanism>> = HashMap::new();
    for m in &site.mechanisms {
        for t in &m.tags {
            let list = mechanisms_by_tag.entry(t.as_str()).or_default();
            if !list.last().is_some_and(|x| std::ptr::eq(*x, m)) {
                list.push(m);
            }
        }
    }
    let tags = tag_terms(r, &mechanisms_by_tag);
    if !tags.is_empty() {
        out.push(r.page(
            "tags/index.html",
            "terms.html",
            "",
            "标签",
            &crumbs(&[("标签", "")]),
            json!({"kind": "tags", "terms": tags, "intro": "按标签查看制度机制与典型案例。"}),
        )?);
    }
    for t in &tags {
        let (rows, n) = r.rows_for(&r.cases_by_tag, t.name.as_str(), &t.url);
        let mechs: Vec<MechanismView> =
            mechanisms_by_tag.get(t.name.as_str()).into_iter().flatten().map(|m| MechanismView::new(m, &r.terms)).collect();
        out.push(r.page(
            &t.url,
            "term.html",
            "",
            &t.name,
            &crumbs(&[("标签", "tags/index.html"), (&t.name, "")]),
            {
                let mut page = json!({"kind": "tags", "kind_label": "标签", "term": t, "case_count": n, "mechanisms": mechs});
                put(&mut page, "case_rows", rows);
                page
            },
        )?);
    }
    Ok(out)
}

fn unit_pages(r: &Renderer) -> Result<Vec<Page>> {
    let site = r.site;
    if site.units.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    // Types in order of first appearance in units.yaml.
    let mut groups: Vec<(String, Vec<UnitView>)> = Vec::new();
    for u in &site.units {
        let v = UnitView::new(u);
        match groups.iter_mut().find(|g| g.0 == u.unit_type) {
            Some(g) => g.1.push(v),
            None => groups.push((u.unit_type.clone(), vec![v])),
        }
    }
    let case_count: HashMap<&Id, usize> = r.cases_by_unit.iter().map(|(k, v)| (k, v.len())).collect();
    let current = site.current.and_then(|p| r.eval.period(p));
    let rubric = site.current.and_then(|p| site.rubrics.get(&p));
    let groups_json: Vec<Value> = groups
        .iter()
        .map(|(t, us)| {
            json!({"name": t, "units": us.iter().map(|u| {
                let id = Id::parse(&u.id);
                let parent = id.as_ref().and_then(|i| site.unit(i)).and_then(|x| x.parent.as_ref()).and_then(|p| site.unit(&p.value));
                let latest = id.as_ref().and_then(|i| current.and_then(|pr| pr.result(i))).map(|x| json!({"total": crate::evaluate::fmt_tenths(x.total), "grade": x.grade, "grade_class": rubric.map(|rb| scorecards_grade_class(rb, &x.grade)).unwrap_or_default()}));
                json!({"u": u, "cases": id.as_ref().and_then(|i| case_count.get(i)).copied().unwrap_or(0), "latest": latest, "scored": current.is_some(),
                       "parent": parent.map(|p| Link{title: p.name.clone(), url: unit_url(&p.id)})})
            }).collect::<Vec<_>>()})
        })
        .collect();
    out.push(r.page("units/index.html", "units.html", "units", "单位名录", &crumbs(&[("单位名录", "")]),
        json!({"groups": groups_json, "period_label": current.map(|c| c.period.label())}))?);
    // Each unit's subordinate units, in site order, found once for all unit pages.
    let mut children_of: HashMap<&Id, Vec<Link>> = HashMap::new();
    for c in &site.units {
        if let Some(p) = &c.parent {
            children_of.entry(&p.value).or_default().push(Link { title: c.name.clone(), url: unit_url(&c.id) });
        }
    }
    let pages: Vec<Result<Page>> = site
        .units
        .par_iter()
        .with_max_len(4)
        .map(|u| {
            let parent = u.parent.as_ref().and_then(|p| site.unit(&p.value)).map(|p| Link { title: p.name.clone(), url: unit_url(&p.id) });
            let children: Vec<Link> = children_of.get(&u.id).cloned().unwrap_or_default();
            let (rows, n) = r.rows_for(&r.cases_by_unit, &u.id, &unit_url(&u.id));
            let mut page = json!({"u": UnitView::new(u), "parent": parent, "children": children, "case_count": n});
            put(&mut page, "case_rows", rows);
            put(&mut page, "scores", scorecards::unit_scores(r, u));
            r.page(&unit_url(&u.id), "unit.html", "units", &u.name, &crumbs(&[("单位名录", "units/index.html"), (&u.name, "")]), page)
        })
        .collect();
    for p in pages {
        out.push(p?);
    }
    Ok(out)
}

fn training_pages(r: &Renderer) -> Result<Vec<Page>> {
    let site = r.site;
    if site.trainings.is_empty() {
        return Ok(Vec::new());
    }
    let mut ts: Vec<&Training> = site.trainings.iter().collect();
    ts.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let mut out = vec![r.page(
        "trainings/index.html",
        "trainings.html",
        "trainings",
        "培训专题",
        &crumbs(&[("培训专题", "")]),
        json!({"trainings": ts.iter().map(|t| TrainingView::new(t)).collect::<Vec<_>>()}),
    )?];
    for t in ts {
        let cases: Vec<Value> = t
            .cases
            .iter()
            .filter_map(|c| site.case(&c.value))
            .map(|c| json!({"c": r.case_view(c), "questions": c.questions}))
            .collect();
        let mechs: Vec<Value> = t
            .mechanisms
            .iter()
            .filter_map(|m| site.mechanism(&m.value))
            .map(|m| json!({"m": MechanismView::new(m, &r.terms), "requirements": m.requirements.iter().map(|q| RequirementView::new(m, q)).collect::<Vec<_>>()}))
            .collect();
        let body = r.bodies.trainings.get(&t.id).cloned().unwrap_or_default();
        let materials = training::materials(r, t)?;
        // Links to the handout and deck, relative to the session page.
        let links: Vec<Link> = materials
            .iter()
            .map(|(path, _)| {
                let file = path.rsplit('/').next().unwrap_or("").to_string();
                let title = if file.starts_with("handout") { "打印讲义 (A4)" } else if file.starts_with("slides") { "演示文稿" } else { "附件" };
                Link { title: title.into(), url: file }
            })
            .collect();
        let page = json!({"t": TrainingView::new(t), "body": body.html, "cases": cases, "mechanisms": mechs, "questions": t.questions, "materials": links});
        out.extend(materials);
        out.push(r.page(&training_url(&t.id), "training.html", "trainings", &t.title, &crumbs(&[("培训专题", "trainings/index.html"), (&t.title, "")]), page)?);
    }
    Ok(out)
}

fn free_pages(r: &Renderer) -> Result<Vec<Page>> {
    r.site
        .pages
        .iter()
        .map(|p| {
            let body = r.bodies.pages.get(&p.id).cloned().unwrap_or_default();
            r.page(&page_url(&p.id), "page.html", &format!("page-{}", p.id), &p.title, &crumbs(&[(&p.title, "")]), json!({"body": body.html}))
        })
        .collect()
}

fn case_page(r: &Renderer, c: &Case) -> Result<Page> {
    let site = r.site;
    let mechs: Vec<MechanismView> = c.mechanisms.iter().filter_map(|m| site.mechanism(&m.value)).map(|m| MechanismView::new(m, &r.terms)).collect();
    let trainings = r.trainings_of(&r.trainings_by_case, &c.id);
    let mut page = json!({
        "c": r.case_view(c),
        "notified_by": c.notified_by,
        "persons": c.persons.iter().map(|p| p.value.clone()).collect::<Vec<_>>(),
        "tags": c.tags.iter().map(|t| r.terms.tag(t)).collect::<Vec<_>>(),
        "questions": c.questions,
        "mechanisms": mechs,
        "trainings": trainings,
        "date_cn": date_cn(c.date),
    });
    put(&mut page, "body", r.bodies.cases.get(&c.id).map(|b| b.html.clone()).unwrap_or_default());
    r.page(&case_url(&c.id), "case.html", "cases", &c.title, &crumbs(&[("典型案例", "cases/index.html"), (&c.title, "")]), page)
}
