//! The home page (figures of every section, the current period, the ledger, the latest cases)
//! and the page for a path that does not exist.

use super::views::*;
use super::context::Renderer;
use super::scorecards;
use crate::error::Result;
use crate::model::*;
use crate::output::{Page, Stream};
use serde_json::json;

pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    Ok(vec![home(r)?, not_found(r)?])
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
        "groups": super::mechanism::groups(r),
        "trainings": trainings,
        "summary": scorecards::home_summary(r),
        "counts": {
            "mechanisms": site.mechanisms.len(),
            "in_force": site.mechanisms.iter().filter(|m| m.status == Status::InForce).count(),
            "cases": site.cases.len(),
            "units": site.units.len(),
            "trainings": site.trainings.len(),
            "requirements": site.requirements().count(),
            "inspections": site.inspections.len(),
            "models": site.models.len(),
        },
        "ledger": ledger(r),
    });
    r.page("index.html", "index.html", "home", &site.config.title, &[], page)
}

/// The ledger at a glance: how many items are in each state on the reference date.
fn ledger(r: &Renderer) -> Option<serde_json::Value> {
    let ledger = &r.eval.ledger;
    if r.site.rectifications.is_empty() {
        return None;
    }
    let counts: Vec<serde_json::Value> = crate::ledger::State::ALL
        .iter()
        .zip(ledger.counts)
        .map(|(s, n)| json!({"state": s.as_str(), "label": s.label(), "count": n}))
        .collect();
    Some(json!({"total": r.site.rectifications.len(), "counts": counts, "as_of": date_cn(r.site.as_of), "overdue": ledger.counts[0]}))
}

fn not_found(r: &Renderer) -> Result<Page> {
    r.page("404.html", "404.html", "", "页面不存在", &[], json!({}))
}

