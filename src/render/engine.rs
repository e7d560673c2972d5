//! The template engine of a render: Tera with the templates of the site and theme, the small
//! context every page shares, and the reuse of earlier results (serve). Every page is rendered
//! through `Engine::page`.

use super::templates;
use super::views::Link;
use crate::archive::{Frame, Mode};
use crate::error::{Error, Result};
use crate::evaluate::Evaluation;
use crate::memo::{self, MemoRun};
use crate::model::{Audience, Kind};
use crate::output::{root_of, Page};
use crate::site::Site;
use serde::Serialize;
use serde_json::{json, Value};

/// Numbers engines, so that a thread's cached template context is never one of another render.
static NEXT_ENGINE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The templates, the context every page shares, and the reuse of earlier results (serve).
pub struct Engine<'a> {
    tera: tera::Tera,
    common: Value,
    /// This engine's number (`NEXT_ENGINE`).
    id: u64,
    /// Reuse of the previous render's results (serve); `None` renders everything.
    pub(super) memo: Option<&'a MemoRun>,
    /// Where a site's or its theme's templates are, to name the file a template came from.
    template_dirs: [(std::path::PathBuf, String); 2],
    /// Fingerprints of the template sources and of `common`, for the memo.
    pub(super) templates_fp: u128,
    common_fp: u128,
}

/// The site's icon, inline: a red square with 正, so no page asks the server for a
/// `favicon.ico` that is not there, and a slide deck stays one file.
const FAVICON: &str = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2032%2032'%3E\
%3Crect%20width='32'%20height='32'%20rx='5'%20fill='%23a4161a'/%3E\
%3Ctext%20x='16'%20y='24.5'%20font-size='23'%20text-anchor='middle'%20fill='%23fff'%20font-family='serif'%3E%E6%AD%A3%3C/text%3E%3C/svg%3E";

/// Which sections exist, so navigation links only to pages that exist.
#[derive(Serialize)]
struct Has {
    mechanisms: bool,
    cases: bool,
    scorecards: bool,
    units: bool,
    trainings: bool,
    inspections: bool,
    models: bool,
    rectifications: bool,
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
            inspections: !site.inspections.is_empty(),
            models: !site.models.is_empty(),
            rectifications: !site.rectifications.is_empty(),
            search: true,
            // A snapshot's own entry joins the list only once the snapshot is complete.
            archive: !frame.versions.is_empty() || matches!(frame.mode, Mode::Snapshot { .. }),
            pages: site.pages.iter().map(|p| Link { title: p.title.clone(), url: Kind::Page.url(&p.id) }).collect(),
        };
        let internal = site.audience == Audience::Internal;
        let common = json!({
            "title": site.config.title,
            "description": site.config.description,
            "language": site.config.language,
            "internal": internal,
            "audience": site.audience.as_str(),
            // A unit with no scorecard in the build: in a public one its card may be internal,
            // so the page says only that no result is published (SPEC §2: no trace).
            "unreported": if internal { "未报送" } else { "未公布" },
            "period": site.current.map(|p| p.to_string()),
            "period_label": site.current.map(|p| p.label()),
            "has": has,
            "favicon": FAVICON,
            "archive": match &frame.mode {
                Mode::Live => json!({"snapshot": false, "menu": !frame.versions.is_empty()}),
                Mode::Snapshot { period, frozen } =>
                    json!({"snapshot": true, "menu": true, "period": period.to_string(), "label": period.label(),
                           // In words, as the period's name beside them is: what the content is
                           // as of (`until`; `as_of` for the training materials), and the day it
                           // was frozen.
                           "until": super::views::date_cn(period.end()), "as_of": super::views::date_cn(period.end()),
                           "frozen": super::views::date_words(frozen)}),
            },
        });
        let common_fp = memo.map_or(0, |_| memo::Fingerprint::default().value(&common).finish());
        let theme = format!("themes/{}/templates", site.config.theme);
        let template_dirs = [(site.config.root.join("templates"), "templates".to_string()), (site.config.root.join(&theme), theme)];
        Engine { tera, common, id: NEXT_ENGINE.fetch_add(1, std::sync::atomic::Ordering::Relaxed), memo, template_dirs, templates_fp, common_fp }
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
        // A list of thousands of cases comes in as one string of rendered rows: the page is
        // that long and more, so its buffer starts there instead of doubling up to it (which
        // on a large site held the old and the new buffer at once, tens of megabytes each).
        let long_text: usize = page.as_object().map_or(0, |o| o.values().filter_map(Value::as_str).map(str::len).filter(|&n| n > 64 * 1024).sum());
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
        let mut html = Vec::with_capacity(16 * 1024 + long_text);
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
        rendered.map_err(|e| Error::Template(format!("渲染 {path} 时出错, 模板 {}: {}", self.origin_of(template), templates::explain(&e))))?;
        Ok((path.to_string(), html.into()))
    }

    /// The file a template was read from, as messages name it: the site's own, its theme's, or
    /// the built-in one (`theme/<name>` is the theme's).
    fn origin_of(&self, template: &str) -> String {
        let (name, theme_only) = match template.strip_prefix("theme/") {
            Some(name) => (name, true),
            None => (template, false),
        };
        for (dir, shown) in self.template_dirs.iter().skip(usize::from(theme_only)) {
            if dir.join(name).is_file() {
                return format!("{shown}/{name}");
            }
        }
        format!("themes/default/templates/{name}")
    }

    /// Render a fragment template with `root` standing for the page's root.
    pub(super) fn fragment(&self, template: &str, key: &str, value: &impl Serialize, root: &str) -> Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        ctx.insert(key, value);
        let mut text =
            self.tera.render(template, &ctx).map_err(|e| Error::Template(format!("渲染案例列表项时出错, 模板 {}: {}", self.origin_of(template), templates::explain(&e))))?;
        // A fragment is kept for the list pages, and Tera starts each at 2,000 bytes: at 50,000
        // cases the spare room alone was 60 MB.
        text.shrink_to_fit();
        Ok(text)
    }
}

