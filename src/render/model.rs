//! 先进典型 (SPEC §10): the list of positive models, collectives and individuals apart, each
//! newest first, and each model's page with its honour and deeds.

use super::context::{crumbs, put, Renderer};
use super::views::*;
use crate::error::Result;
use crate::model::*;
use crate::output::{Page, Stream};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

/// A model as lists, pages and training materials show it.
#[derive(Serialize, Clone, Debug)]
pub struct ModelView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_cn: String,
    pub honour: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub unit: Option<Link>,
    pub persons: Vec<String>,
    pub internal: bool,
}

impl ModelView {
    pub fn new(r: &Renderer, m: &Model) -> ModelView {
        ModelView {
            id: m.id.to_string(),
            title: m.title.clone(),
            url: Kind::Model.url(&m.id),
            date: date(m.date),
            date_cn: date_cn(m.date),
            honour: m.honour.clone(),
            kind: m.kind.as_str(),
            kind_label: m.kind.label(),
            unit: m.unit.as_ref().and_then(|u| r.site.unit(&u.value)).map(|u| Link { title: u.name.clone(), url: unit_url(&u.id) }),
            persons: m.persons.clone(),
            internal: m.audience == Audience::Internal,
        }
    }
}

/// The models given, newest first.
pub fn newest_first<'m>(models: impl Iterator<Item = &'m Model>) -> Vec<&'m Model> {
    let mut list: Vec<&Model> = models.collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    list
}

/// The list and every model's page.
pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    if r.site.models.is_empty() {
        return Ok(Vec::new());
    }
    let list = newest_first(r.site.models.iter());
    let groups: Vec<serde_json::Value> = [ModelKind::Collective, ModelKind::Individual]
        .into_iter()
        .map(|k| {
            let items: Vec<ModelView> = list.iter().filter(|m| m.kind == k).map(|m| ModelView::new(r, m)).collect();
            json!({"kind": k.as_str(), "label": k.label(), "items": items})
        })
        .filter(|g| g["items"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    let section = Kind::Model.section();
    let page = json!({"groups": groups, "total": list.len()});
    let mut out = vec![r.page("models/index.html", "models.html", "models", section, &crumbs(&[(section, "")]), page)?];
    let pages: Vec<Page> = r.site.models.par_iter().with_max_len(4).map(|m| page_of(r, m)).collect::<Result<_>>()?;
    out.extend(pages);
    Ok(out)
}

pub(super) fn page_of(r: &Renderer, m: &Model) -> Result<Page> {
    let site = r.site;
    let mechs: Vec<MechanismView> = m.mechanisms.iter().filter_map(|x| site.mechanism(&x.value)).map(|x| MechanismView::new(x, &r.terms)).collect();
    let mut page = json!({
        "m": ModelView::new(r, m),
        "mechanisms": mechs,
        "tags": m.tags.iter().map(|t| r.terms.tag(t)).collect::<Vec<_>>(),
        "trainings": r.trainings_citing(Kind::Model, &m.id),
    });
    put(&mut page, "body", r.body(Kind::Model, &m.id).map(|b| b.html.clone()).unwrap_or_default());
    put(&mut page, "attachments", serde_json::to_value(r.attachments(Kind::Model, &m.id)).unwrap_or_default());
    let section = Kind::Model.section();
    r.page(&Kind::Model.url(&m.id), "model.html", "models", &m.title, &crumbs(&[(section, "models/index.html"), (&m.title, "")]), page)
}
