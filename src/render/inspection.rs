//! 督导检查 (SPEC §10): the list of inspections, newest first and filterable by the way they
//! were made (明察暗访, 交叉检查 …), and each inspection's page with what it found and how the
//! rectification of each problem stands.

use super::context::{crumbs, put, Renderer};
use super::ledger;
use super::views::*;
use crate::error::Result;
use crate::ledger::State;
use crate::model::*;
use crate::output::{Page, Stream};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

/// An inspection as lists and its page show it.
#[derive(Serialize, Clone, Debug)]
pub struct InspectionView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub year: i32,
    pub kind: String,
    pub inspector: String,
    pub units: Vec<Link>,
    /// Ledger items it found, and how many of them are overdue.
    pub found: usize,
    pub overdue: usize,
    pub internal: bool,
}

impl InspectionView {
    pub fn new(r: &Renderer, i: &Inspection) -> InspectionView {
        use chrono::Datelike;
        let found = r.referrers(Target::Item(Kind::Inspection), &i.id, Kind::Rectification);
        InspectionView {
            id: i.id.to_string(),
            title: i.title.clone(),
            url: Kind::Inspection.url(&i.id),
            date: date(i.date),
            year: i.date.year(),
            kind: i.kind.clone(),
            inspector: i.inspector.clone(),
            units: i.units.iter().filter_map(|u| r.site.unit(&u.value)).map(|u| Link { title: u.name.clone(), url: unit_url(&u.id) }).collect(),
            found: found.len(),
            overdue: found.iter().filter(|&&x| r.eval.ledger.state(x) == State::Overdue).count(),
            internal: i.audience == Audience::Internal,
        }
    }
}

/// The inspections, newest first.
pub fn newest_first<'a>(r: &Renderer<'a>) -> Vec<&'a Inspection> {
    let mut list: Vec<&Inspection> = r.site.inspections.iter().collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    list
}

/// The list and every inspection's page.
pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    if r.site.inspections.is_empty() {
        return Ok(Vec::new());
    }
    let list = newest_first(r);
    // The ways of inspection in order of first appearance, newest first, with their counts.
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for i in &list {
        match kinds.iter_mut().find(|k| k.0 == i.kind) {
            Some(k) => k.1 += 1,
            None => kinds.push((i.kind.clone(), 1)),
        }
    }
    let mut years: Vec<i32> = list.iter().map(|i| chrono::Datelike::year(&i.date)).collect();
    years.dedup();
    let section = Kind::Inspection.section();
    let index = json!({
        "items": list.iter().map(|i| InspectionView::new(r, i)).collect::<Vec<_>>(),
        "kinds": kinds.iter().map(|(k, n)| json!({"name": k, "count": n})).collect::<Vec<_>>(),
        "years": years,
        "total": list.len(),
    });
    let mut out = vec![r.page("inspections/index.html", "inspections.html", "inspections", section, &crumbs(&[(section, "")]), index)?];
    let pages: Vec<Page> = r.site.inspections.par_iter().with_max_len(4).map(|i| page(r, i)).collect::<Result<_>>()?;
    out.extend(pages);
    Ok(out)
}

pub(super) fn page(r: &Renderer, i: &Inspection) -> Result<Page> {
    let site = r.site;
    let mechs: Vec<MechanismView> = i.mechanisms.iter().filter_map(|m| site.mechanism(&m.value)).map(|m| MechanismView::new(m, &r.terms)).collect();
    let found = ledger::rows(r, r.referrers(Target::Item(Kind::Inspection), &i.id, Kind::Rectification));
    let mut page = json!({
        "i": InspectionView::new(r, i),
        "date_cn": date_cn(i.date),
        "mechanisms": mechs,
        "tags": i.tags.iter().map(|t| r.terms.tag(t)).collect::<Vec<_>>(),
        "tally": ledger::tally(&found),
        "found": found,
        "as_of": date_cn(site.as_of),
    });
    put(&mut page, "body", r.body(Kind::Inspection, &i.id).map(|b| b.html.clone()).unwrap_or_default());
    put(&mut page, "attachments", serde_json::to_value(r.attachments(Kind::Inspection, &i.id)).unwrap_or_default());
    let section = Kind::Inspection.section();
    r.page(&Kind::Inspection.url(&i.id), "inspection.html", "inspections", &i.title, &crumbs(&[(section, "inspections/index.html"), (&i.title, "")]), page)
}
