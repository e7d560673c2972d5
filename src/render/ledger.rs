//! 整改台账 (SPEC §10): the ledger page, and the rows of ledger items that unit, inspection
//! and case pages show. The states, their order and their counts come from `ledger` (judged
//! once, as of the build's reference date); this module only lays them out.
//!
//! A row's `id`, `data-state`, `data-unit` and `data-source` are a contract: the page's filters
//! read them, and so do tests. A source a public build withholds shows its kind alone, as in the
//! CSV (`export::source_text`).

use super::context::{crumbs, Renderer};
use super::views::{date, date_cn, unit_url, Link};
use crate::error::Result;
use crate::ledger::State;
use crate::model::*;
use crate::output::{Page, Stream};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// Where an item was found, as a page shows it.
#[derive(Serialize, Clone, Debug)]
pub struct SourceView {
    /// `inspection`, `case`, `text` or `none`: the row's `data-source`.
    pub kind: &'static str,
    /// 督导检查 or 典型案例; empty for text and none.
    pub label: &'static str,
    /// The inspection's or case's title, or the text; empty when withheld or absent.
    pub title: String,
    /// The inspection's or case's page, when this build has it.
    pub url: Option<String>,
}

/// One ledger item, formatted for a page.
#[derive(Serialize, Clone, Debug)]
pub struct LedgerRow {
    pub id: String,
    pub url: String,
    pub unit: Link,
    pub unit_id: String,
    pub problem: String,
    pub source: SourceView,
    pub found_on: String,
    pub deadline: String,
    pub owner: Option<String>,
    pub measures: Vec<String>,
    pub state: &'static str,
    pub state_label: &'static str,
    pub done_on: Option<String>,
    pub feedback: Option<String>,
    /// Days past the deadline on the reference date, for an overdue item.
    pub overdue_days: Option<i64>,
}

fn source_view(site: &crate::site::Site, source: Option<&RectificationSource>) -> SourceView {
    let (inspection, case) = (Kind::Inspection.label(), Kind::Case.section());
    match source {
        None => SourceView { kind: "none", label: "", title: String::new(), url: None },
        Some(RectificationSource::Inspection(r)) => match site.inspections.get(&r.value) {
            Some(i) => SourceView { kind: "inspection", label: inspection, title: i.title.clone(), url: Some(Kind::Inspection.url(&i.id)) },
            None => SourceView { kind: "inspection", label: inspection, title: String::new(), url: None },
        },
        Some(RectificationSource::Case(r)) => match site.cases.get(&r.value) {
            Some(c) => SourceView { kind: "case", label: case, title: c.title.clone(), url: Some(Kind::Case.url(&c.id)) },
            None => SourceView { kind: "case", label: case, title: String::new(), url: None },
        },
        Some(RectificationSource::Text(t)) => SourceView { kind: "text", label: "", title: t.clone(), url: None },
        // Only the kind: the title and the page are not in this build.
        Some(RectificationSource::Withheld(k)) => SourceView {
            kind: if *k == Kind::Case { "case" } else { "inspection" },
            label: if *k == Kind::Case { case } else { inspection },
            title: String::new(),
            url: None,
        },
    }
}

/// The row of the item at `index` of `site.rectifications`.
pub fn row(r: &Renderer, index: usize) -> LedgerRow {
    let site = r.site;
    let item = &site.rectifications[index];
    let state = r.eval.ledger.state(index);
    let unit = site.unit(&item.unit.value);
    LedgerRow {
        id: item.id.to_string(),
        url: Kind::Rectification.url(&item.id),
        unit: Link { title: unit.map_or_else(|| item.unit.value.to_string(), |u| u.name.clone()), url: unit_url(&item.unit.value) },
        unit_id: item.unit.value.to_string(),
        problem: item.problem.clone(),
        source: source_view(site, item.source.as_ref()),
        found_on: date(item.found_on.value),
        deadline: date(item.deadline),
        owner: item.owner.clone(),
        measures: item.measures.clone(),
        state: state.as_str(),
        state_label: state.label(),
        done_on: item.done_on.map(date),
        feedback: item.feedback.clone(),
        overdue_days: (state == State::Overdue).then(|| (site.as_of - item.deadline).num_days()),
    }
}

/// The rows of the given items (indices, any order), in the ledger's order: overdue first,
/// then open by deadline, then closed.
pub fn rows(r: &Renderer, items: &[usize]) -> Vec<LedgerRow> {
    let mut list = items.to_vec();
    list.sort_by_key(|&i| r.eval.ledger.place(i));
    list.into_iter().map(|i| row(r, i)).collect()
}

/// How many of the rows are in each state, in ledger order, with the states' names: what a
/// page that lists some items says above them.
pub fn tally(rows: &[LedgerRow]) -> Vec<serde_json::Value> {
    State::ALL
        .iter()
        .map(|s| json!({"state": s.as_str(), "label": s.label(), "count": rows.iter().filter(|x| x.state == s.as_str()).count()}))
        .filter(|v| v["count"] != 0)
        .collect()
}

/// `rectifications/index.html`, when the site has ledger items.
pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    if r.site.rectifications.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![page(r)?])
}

pub(super) fn page(r: &Renderer) -> Result<Page> {
    let site = r.site;
    let ledger = &r.eval.ledger;
    let rows: Vec<LedgerRow> = ledger.order.iter().map(|&i| row(r, i)).collect();
    // Units that have items, in the order of units.yaml, for the unit filter.
    let mut per_unit: HashMap<&Id, usize> = HashMap::new();
    for item in site.rectifications.iter() {
        *per_unit.entry(&item.unit.value).or_default() += 1;
    }
    let units: Vec<serde_json::Value> = site
        .units
        .iter()
        .filter_map(|u| per_unit.get(&u.id).map(|n| json!({"id": u.id, "name": u.name, "count": n})))
        .collect();
    let counts: Vec<serde_json::Value> = State::ALL
        .iter()
        .zip(ledger.counts)
        .map(|(s, n)| json!({"state": s.as_str(), "label": s.label(), "count": n}))
        .collect();
    let by_source = |kinds: &[&str]| rows.iter().filter(|x| kinds.contains(&x.source.kind)).count();
    let sources = vec![
        json!({"value": "inspection", "label": Kind::Inspection.label(), "count": by_source(&["inspection"])}),
        json!({"value": "case", "label": Kind::Case.section(), "count": by_source(&["case"])}),
        json!({"value": "text none", "label": "其他", "count": by_source(&["text", "none"])}),
    ];
    let page = json!({
        "as_of": date_cn(site.as_of),
        "as_of_iso": date(site.as_of),
        "total": rows.len(),
        "counts": counts,
        "units": units,
        "sources": sources,
        "rows": rows,
        "csv": "data/rectifications.csv",
        "xlsx": "data/rectifications.xlsx",
    });
    let section = Kind::Rectification.section();
    r.page("rectifications/index.html", "rectifications.html", "rectifications", section, &crumbs(&[(section, "")]), page)
}
