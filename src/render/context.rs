//! What every page family reads, and the small helpers they share.

use super::engine::Engine;
use super::listing::{self, Listing};
use super::views::*;
use crate::archive::Frame;
use crate::bodies::{Bodies, Body};
use crate::error::Result;
use crate::evaluate::Evaluation;
use crate::model::*;
use crate::output::Page;
use crate::site::Site;
use serde_json::Value;

/// Put a large value into a page object by moving it (`json!` would copy it).
pub fn put(page: &mut Value, key: &str, value: impl Into<Value>) {
    if let Value::Object(m) = page {
        m.insert(key.to_string(), value.into());
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

    /// The bytes of a file the build publishes as it is (`cases/x/会议照片.jpg`); `None` for a
    /// path it does not publish.
    pub fn file_bytes(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match self.bodies.files.get(path) {
            Some(asset) => crate::load::read_asset(asset).map(Some),
            None => Ok(None),
        }
    }

    /// The files of an item's 附件 box, in the order its `attachments:` list gives.
    pub fn attachments(&self, kind: Kind, id: &Id) -> Vec<AttachmentView> {
        self.body(kind, id).map(|b| b.attachments.iter().map(AttachmentView::new).collect()).unwrap_or_default()
    }

    pub fn case_view(&self, c: &Case) -> CaseView {
        listing::case_view(self.site, &self.terms, self.bodies, c)
    }

    /// The items of kind `from` that refer to `id` of `target`, in site order.
    pub fn referrers(&self, target: Target, id: &Id, from: Kind) -> &[usize] {
        self.site.index.referrers(target, id, from)
    }

    /// The trainings that refer to an item, in site order.
    pub fn trainings_citing(&self, kind: Kind, id: &Id) -> Vec<TrainingView> {
        self.referrers(Target::Item(kind), id, Kind::Training).iter().map(|&i| TrainingView::new(&self.site.trainings[i])).collect()
    }
}

/// Breadcrumbs from (title, url) pairs.
pub fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    items.iter().map(|(t, u)| Link { title: t.to_string(), url: u.to_string() }).collect()
}
