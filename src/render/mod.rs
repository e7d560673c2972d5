//! The portal's pages: the validated site, its evaluation and its rendered Markdown become
//! HTML pages. The only users of Tera.
//!
//! `Engine` runs templates: every template gets the same small shared context plus the values
//! of its own page, never a copy of the whole site. `Renderer` is what page families read: the
//! site, the evaluation, the bodies, and the listings made once for all pages. Each page family
//! lives in a file of its own and is registered once, in `FAMILIES`; the pipeline in `build`
//! runs their jobs beside the search index and the exports.
//! Depends on `site`, `evaluate`, `bodies`, `archive` (the frame), `output`, `memo`.

pub mod changes;
pub mod charts;
mod case;
mod home;
mod listing;
mod mechanism;
mod page;
pub mod scorecards;
mod search;
pub mod templates;
pub mod training;
mod unit;
pub mod views;

pub use listing::Listing;
pub use search::search_page;

use crate::archive::{Frame, Mode};
use crate::bodies::{Bodies, Body};
use crate::error::{Error, Result};
use crate::evaluate::Evaluation;
use crate::memo::{self, MemoRun};
use crate::model::*;
use crate::output::{root_of, Page, Stream};
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use views::*;

/// Put a large value into a page object by moving it (`json!` would copy it).
pub fn put(page: &mut Value, key: &str, value: impl Into<Value>) {
    if let Value::Object(m) = page {
        m.insert(key.to_string(), value.into());
    }
}

/// Numbers engines, so that a thread's cached template context is never one of another render.
static NEXT_ENGINE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The templates, the context every page shares, and the reuse of earlier results (serve).
pub struct Engine<'a> {
    tera: tera::Tera,
    common: Value,
    /// This engine's number (`NEXT_ENGINE`).
    id: u64,
    /// Reuse of the previous render's results (serve); `None` renders everything.
    memo: Option<&'a MemoRun>,
    /// Fingerprints of the template sources and of `common`, for the memo.
    templates_fp: u128,
    common_fp: u128,
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

impl<'a> Engine<'a> {
    /// `templates` with their fingerprint, as `templates::load_fingerprinted` gives them.
    pub fn new(site: &Site, eval: &Evaluation, frame: &Frame, templates: (tera::Tera, u128), memo: Option<&'a MemoRun>) -> Engine<'a> {
        let (tera, templates_fp) = templates;
        let has = Has {
            mechanisms: !site.mechanisms.is_empty(),
            cases: !site.cases.is_empty(),
            scorecards: !eval.periods.is_empty(),
            units: !site.units.is_empty(),
            trainings: !site.trainings.is_empty(),
            search: true,
            archive: !frame.versions.is_empty(),
            pages: site.pages.iter().map(|p| Link { title: p.title.clone(), url: Kind::Page.url(&p.id) }).collect(),
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
                Mode::Live => json!({"snapshot": false, "menu": !frame.versions.is_empty()}),
                Mode::Snapshot { period, frozen } =>
                    json!({"snapshot": true, "menu": true, "period": period.to_string(), "label": period.label(), "frozen": frozen}),
            },
        });
        let common_fp = memo.map_or(0, |_| memo::Fingerprint::default().value(&common).finish());
        Engine { tera, common, id: NEXT_ENGINE.fetch_add(1, std::sync::atomic::Ordering::Relaxed), memo, templates_fp, common_fp }
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
            /// Per thread, the template context of the engine it last worked for: the shared
            /// `site` part goes in once per thread and engine, and each page only puts in (and
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

    /// Render a fragment template with `root` standing for the page's root.
    fn fragment(&self, template: &str, key: &str, value: &impl Serialize, root: &str) -> Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        ctx.insert(key, value);
        self.tera.render(template, &ctx).map_err(|e| Error::Template(format!("渲染案例列表项 (模板 {template}) 时出错: {}", templates::chain(&e))))
    }
}

/// What every page family reads. Made whole by `Renderer::new`; nothing is filled in later.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub eval: &'a Evaluation,
    pub frame: &'a Frame,
    pub bodies: &'a Bodies,
    pub engine: Engine<'a>,
    pub terms: Terms,
    pub listing: Listing,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, eval: &'a Evaluation, frame: &'a Frame, bodies: &'a Bodies, engine: Engine<'a>) -> Result<Renderer<'a>> {
        let terms = Terms::build(site);
        let _t = crate::timing::stage("listing rows");
        let listing = Listing::new(site, bodies, &terms, &engine)?;
        Ok(Renderer { site, eval, frame, bodies, engine, terms, listing })
    }

    /// Render one template to `path` with the page's own values.
    pub fn page(&self, path: &str, template: &str, section: &str, title: &str, crumbs: &[Link], page: Value) -> Result<Page> {
        self.engine.page(path, template, section, title, crumbs, page)
    }

    /// An item's rendered body.
    pub fn body(&self, kind: Kind, id: &Id) -> Option<&Body> {
        self.bodies.get(kind, id)
    }

    pub fn case_view(&self, c: &Case) -> CaseView {
        listing::case_view(self.site, &self.terms, self.bodies, c)
    }

    /// The items of kind `from` that refer to `id` of `target`, in site order.
    pub fn referrers(&self, target: Target, id: &Id, from: Kind) -> &[usize] {
        self.site.index.referrers(target, id, from)
    }

    /// The trainings that refer to an item, in site order.
    fn trainings_citing(&self, kind: Kind, id: &Id) -> Vec<TrainingView> {
        self.referrers(Target::Item(kind), id, Kind::Training).iter().map(|&i| TrainingView::new(&self.site.trainings[i])).collect()
    }
}

/// A page family: every page of one kind of page, handed to the stream as they are made (or
/// returned, to be handed on by the caller).
type Family = fn(&Renderer, &Stream) -> Result<Vec<Page>>;

/// Every page family of the portal, in the order their jobs start. The jobs that run on one
/// thread for long (the 10,000-row case list, the term pages) come first and the ones that
/// split into many small tasks (unit, mechanism and case pages) last: rayon gives each core
/// one half of the list, and the core with the one-thread jobs joins the other half's loops
/// once it is done, so neither waits at the end.
const FAMILIES: &[(&str, Family)] = &[
    ("case index", case::index),
    ("term pages", case::terms),
    ("home", home::pages),
    ("changes", changes::pages),
    ("mechanism index", mechanism::index),
    ("free pages", page::pages),
    ("training pages", training::pages),
    ("scorecard pages", scorecards::pages),
    ("unit pages", unit::pages),
    ("mechanism pages", mechanism::pages),
    ("case pages", case::pages),
];

/// A job of the build: some files, made on whichever core is free.
pub type Job<'r> = Box<dyn Fn() -> Result<Vec<Page>> + Send + Sync + 'r>;

/// One job per page family.
pub fn jobs<'r>(r: &'r Renderer, stream: &'r Stream) -> Vec<Job<'r>> {
    FAMILIES
        .iter()
        .map(|&(name, family)| -> Job<'r> {
            Box::new(move || {
                let _t = crate::timing::stage(name);
                family(r, stream)
            })
        })
        .collect()
}

/// The page of each item whose file is among `changed`, so that `serve` can show an edited
/// item before any other page is ready.
pub fn item_pages(r: &Renderer, changed: &[std::path::PathBuf]) -> Result<Vec<Page>> {
    let touched = |item: &dyn Item| changed.iter().any(|p| p.ends_with(&item.origin().file.display));
    let mut pages = Vec::new();
    for item in r.site.items.each().filter(|i| touched(*i)) {
        match item.kind() {
            Kind::Case => pages.extend(r.site.case(item.id()).map(|c| case::page(r, c)).transpose()?),
            Kind::Mechanism => pages.extend(r.site.mechanism(item.id()).map(|m| mechanism::page(r, m)).transpose()?),
            // Their pages are quick to make with the rest.
            Kind::Training | Kind::Page => {}
        }
    }
    Ok(pages)
}

/// Free what the render made on all cores: one core alone takes tens of milliseconds over a
/// large site's hundreds of thousands of strings.
pub fn free_in_parallel(listing: Listing, mut bodies: Bodies) {
    let cases: Vec<Body> = bodies.take(Kind::Case).into_values().collect();
    rayon::join(|| cases.into_par_iter().with_max_len(256).for_each(drop), || drop(listing));
}

fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    items.iter().map(|(t, u)| Link { title: t.to_string(), url: u.to_string() }).collect()
}
