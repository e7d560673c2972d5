//! Units (单位名录): the list by type with each unit's latest result, and each unit's page with
//! its scores across periods, its rectification items, the inspections it received, its cases
//! and its honours.

use super::views::*;
use super::context::{crumbs, put, Renderer};
use super::inspection::InspectionView;
use super::ledger;
use super::model::{self, ModelView};
use super::scorecards;
use crate::error::Result;
use crate::model::*;
use crate::output::{Page, Stream};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The unit list and each unit's page.
pub(super) fn pages(r: &Renderer, stream: &Stream) -> Result<Vec<Page>> {
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
    let current = site.current.and_then(|p| r.eval.period(p));
    let rubric = site.current.and_then(|p| site.rubrics.get(&p));
    let groups_json: Vec<Value> = groups
        .iter()
        .map(|(t, us)| {
            json!({"name": t, "units": us.iter().map(|u| {
                let id = Id::parse(&u.id);
                let parent = id.as_ref().and_then(|i| site.unit(i)).and_then(|x| x.parent.as_ref()).and_then(|p| site.unit(&p.value));
                let latest = id.as_ref().and_then(|i| current.and_then(|pr| pr.result(i))).map(|x| json!({"total": x.total.to_string(), "grade": x.grade, "grade_class": rubric.map(|rb| scorecards::grade_class(rb, &x.grade)).unwrap_or_default()}));
                json!({"u": u, "cases": id.as_ref().map_or(0, |i| r.referrers(Target::Unit, i, Kind::Case).len()), "latest": latest, "scored": current.is_some(),
                       "assessed": id.as_ref().and_then(|i| site.unit(i)).zip(current).is_none_or(|(x, pr)| x.assessed_in(pr.period)),
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
    // Each unit's page is handed on as soon as it is made: on a large site each lists hundreds
    // of cases.
    let pages: Vec<Result<Vec<Page>>> = site
        .units
        .par_iter()
        .with_max_len(4)
        .map(|u| {
            let parent = u.parent.as_ref().and_then(|p| site.unit(&p.value)).map(|p| Link { title: p.name.clone(), url: unit_url(&p.id) });
            let children: Vec<Link> = children_of.get(&u.id).cloned().unwrap_or_default();
            let (rows, n) = r.listing.rows_newest(r.referrers(Target::Unit, &u.id, Kind::Case), &unit_url(&u.id));
            let ledger = ledger::rows(r, r.referrers(Target::Unit, &u.id, Kind::Rectification));
            let honours: Vec<ModelView> =
                model::newest_first(r.referrers(Target::Unit, &u.id, Kind::Model).iter().map(|&i| &site.models[i])).into_iter().map(|m| ModelView::new(r, m)).collect();
            let mut inspected: Vec<&Inspection> = r.referrers(Target::Unit, &u.id, Kind::Inspection).iter().map(|&i| &site.inspections[i]).collect();
            inspected.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
            let mut page = json!({"u": UnitView::new(u), "parent": parent, "children": children, "case_count": n,
                "ledger_tally": ledger::tally(&ledger), "ledger": ledger, "as_of": date_cn(site.as_of),
                "honours": honours, "inspections": inspected.iter().map(|i| InspectionView::new(r, i)).collect::<Vec<_>>()});
            put(&mut page, "case_rows", rows);
            put(&mut page, "scores", scorecards::unit_scores(r, u));
            stream.keep(vec![r.page(&unit_url(&u.id), "unit.html", "units", &u.name, &crumbs(&[("单位名录", "units/index.html"), (&u.name, "")]), page)?])
        })
        .collect();
    for p in pages {
        out.extend(p?);
    }
    Ok(out)
}

