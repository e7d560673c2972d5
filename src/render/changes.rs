//! `changes/index.html` (what changed since the newest snapshot) and the archive index.
//!
//! The comparison reads the snapshot's own exports (`data/site.json`, `data/content.json`), so
//! it needs nothing but the snapshot, wherever it is kept: mechanisms added, revised (with a
//! redline of the rendered text, `redline`), repealed or removed; duties added, removed or
//! changed; new cases, inspections and models; rectification items opened or closed; and the
//! units whose total or grade for the snapshot's period changed since.

use super::context::Renderer;
use super::engine::Engine;
use super::scorecards::{change_parts, grade_class};
use super::views::*;
use crate::archive::{Base, Frame, Mode};
use crate::error::Result;
use crate::model::{Audience, Id, Kind, Per, Period, Status, Tenths};
use crate::output::{Page, Stream};
use crate::redline::{inline, redline};
use crate::sitejson::RequirementText;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The page level of a revised mechanism's top heading: below the page's `h2` section and the
/// mechanism's `h3` title.
const TOP_HEADING: u8 = 4;

pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    Ok(vec![changes_page(r)?])
}

fn changes_page(r: &Renderer) -> Result<Page> {
    let state = &r.frame.state;
    // A snapshot of the other audience holds other content (a public one lacks every internal
    // item; an internal one holds what a public page must not show): it is passed over, and the
    // page says so.
    let passed = state.passed_over.as_ref().map(|(period, audience)| json!({"label": period_label(period), "edition": edition(*audience)}));
    let page = match &state.newest {
        None if passed.is_some() => json!({"none": false, "withheld": true, "passed": passed, "edition": edition(r.site.audience)}),
        None => json!({"none": true}),
        Some(base) => {
            let mut page = compare(r, base);
            page["passed"] = json!(passed);
            page["edition"] = json!(edition(r.site.audience));
            page
        }
    };
    r.page("changes/index.html", "changes.html", "changes", "更新动态", &[Link { title: "更新动态".into(), url: String::new() }], page)
}

/// What readers call a build of each audience.
fn edition(audience: Audience) -> &'static str {
    match audience {
        Audience::Internal => "内部版",
        Audience::Public => "公开版",
    }
}

fn period_label(p: &str) -> String {
    Period::parse(p).map(|p| p.label()).unwrap_or_else(|| p.to_string())
}

fn status_label(s: &str) -> &'static str {
    Status::parse(s).map(|s| s.label()).unwrap_or("")
}

/// `每半年至少 2 次`.
fn rule(per: &str, at_least: u32) -> String {
    format!("{}至少 {at_least} 次", Per::parse(per).map_or(per, |p| p.label()))
}

/// One section of the page, for the table of contents and the "no change" line.
struct Section {
    id: &'static str,
    title: &'static str,
    count: usize,
}

fn compare(r: &Renderer, base: &Base) -> Value {
    let mechanisms = mechanisms(r, base);
    let duties = duties(r, base);
    let items = items(r, base);
    let ledger = ledger(r, base);
    let units = units(r, base);
    let count = |v: &Value, keys: &[&str]| keys.iter().map(|k| v[*k].as_array().map_or(0, Vec::len)).sum::<usize>();
    let sections = [
        Section { id: "mechanisms", title: "制度机制", count: count(&mechanisms, &["added", "revised", "repealed", "removed"]) },
        Section { id: "duties", title: "履职要求", count: count(&duties, &["added", "changed", "removed"]) },
        Section { id: "cases", title: "典型案例", count: count(&items, &["cases_added", "cases_removed"]) },
        Section { id: "inspections", title: "督导检查", count: count(&items, &["inspections_added", "inspections_removed"]) },
        Section { id: "models", title: "先进典型", count: count(&items, &["models_added", "models_removed"]) },
        Section { id: "ledger", title: "整改台账", count: count(&ledger, &["opened", "reopened", "closed", "changed", "removed"]) },
        Section { id: "units", title: "考核结果", count: count(&units, &["changed", "periods_added"]) },
    ];
    let changed: Vec<Value> = sections.iter().filter(|s| s.count > 0).map(|s| json!({"id": s.id, "title": s.title, "count": s.count})).collect();
    let quiet: Vec<&str> = sections.iter().filter(|s| s.count == 0).map(|s| s.title).collect();
    let counts: serde_json::Map<String, Value> = sections.iter().map(|s| (s.id.to_string(), json!(s.count))).collect();
    json!({
        "none": false,
        "withheld": false,
        "base_label": period_label(&base.period),
        "base_url": match &r.frame.mode { Mode::Live => format!("archive/{}/index.html", base.period), Mode::Snapshot { .. } => String::new() },
        "sections": changed,
        "counts": counts,
        "quiet": quiet.join("、"),
        "mechanisms": mechanisms,
        "duties": duties,
        "items": items,
        "ledger": ledger,
        "units": units,
    })
}

/// Mechanisms added, revised (title, status or text), newly repealed, and removed.
fn mechanisms(r: &Renderer, base: &Base) -> Value {
    let texts: BTreeMap<&str, &str> = base.content.mechanisms.iter().map(|m| (m.id.as_str(), m.text.as_str())).collect();
    let old: BTreeMap<&str, (&str, &str)> = base.site.mechanisms.iter().map(|m| (m.id.as_str(), (m.title.as_str(), m.status.as_str()))).collect();
    let (mut added, mut revised, mut repealed) = (Vec::new(), Vec::new(), Vec::new());
    for m in &r.site.mechanisms {
        let link = json!({"title": m.title, "url": Kind::Mechanism.url(&m.id), "status_label": m.status.label(), "effective": date(m.effective)});
        let Some(&(title, status)) = old.get(m.id.as_str()) else {
            added.push(link);
            continue;
        };
        let newly_repealed = m.status == Status::Repealed && status != Status::Repealed.as_str();
        if newly_repealed {
            repealed.push(link.clone());
        }
        // A snapshot made before texts were kept: the text cannot be compared.
        let text = texts.get(m.id.as_str()).copied();
        // The text as this build publishes it, as the snapshot kept it.
        let marked = text.map(|t| redline(t, &crate::bodies::published_markdown(r.site, Kind::Mechanism, &m.id, &m.body.markdown), TOP_HEADING)).unwrap_or_default();
        let status_changed = status != m.status.as_str() && !newly_repealed;
        if title != m.title || status_changed || !marked.is_empty() {
            revised.push(json!({
                "m": link,
                "old_title": (title != m.title).then_some(title),
                "title_html": (title != m.title).then(|| inline(title, &m.title)),
                "old_status": status_changed.then(|| status_label(status)),
                "redline": (!marked.is_empty()).then_some(marked),
                "text_unknown": text.is_none(),
            }));
        }
    }
    let now: BTreeSet<&str> = r.site.mechanisms.iter().map(|m| m.id.as_str()).collect();
    let removed: Vec<Value> = base.site.mechanisms.iter().filter(|m| !now.contains(m.id.as_str())).map(|m| json!({"title": m.title})).collect();
    json!({"added": added, "revised": revised, "repealed": repealed, "removed": removed})
}

/// A duty as the comparison sees it: its mechanism, and its wording when known.
struct Duty<'a> {
    mechanism: &'a str,
    title: &'a str,
    /// `None` for a snapshot made before duties were recorded in full.
    detail: Option<RequirementText>,
}

/// Duties added, removed or changed (text, at_least, per, or the mechanism that holds them),
/// each named with its mechanism. A duty is the same duty when its id is.
fn duties(r: &Renderer, base: &Base) -> Value {
    let details: BTreeMap<(&str, &str), &RequirementText> = base
        .content
        .mechanisms
        .iter()
        .flat_map(|m| m.requirements.iter().map(move |q| ((m.id.as_str(), q.id.as_str()), q)))
        .collect();
    let mut old: BTreeMap<&str, Duty> = BTreeMap::new();
    for m in &base.site.mechanisms {
        for q in &m.requirements {
            let detail = details.get(&(m.id.as_str(), q.as_str())).map(|d| (*d).clone());
            old.entry(q.as_str()).or_insert(Duty { mechanism: &m.id, title: &m.title, detail });
        }
    }
    let ids_only = old.values().any(|d| d.detail.is_none());
    let mechanism_link = |id: &Id, title: &str| json!({"title": title, "url": Kind::Mechanism.url(id)});
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for m in &r.site.mechanisms {
        for q in &m.requirements {
            let id = q.id.value.as_str();
            seen.insert(id);
            let now_rule = rule(q.per.as_str(), q.at_least);
            let Some(was) = old.get(id) else {
                added.push(json!({"mechanism": mechanism_link(&m.id, &m.title), "text": q.text, "rule": now_rule}));
                continue;
            };
            let moved = was.mechanism != m.id.as_str();
            let (text_html, old_rule) = match &was.detail {
                Some(d) => {
                    let before = rule(&d.per, d.at_least);
                    ((d.text != q.text).then(|| inline(&d.text, &q.text)), (before != now_rule).then_some(before))
                }
                None => (None, None),
            };
            if moved || text_html.is_some() || old_rule.is_some() {
                changed.push(json!({
                    "mechanism": mechanism_link(&m.id, &m.title),
                    "moved_from": moved.then_some(was.title),
                    "text": q.text,
                    "text_html": text_html,
                    "old_rule": old_rule,
                    "rule": now_rule,
                }));
            }
        }
    }
    let live = |id: &str| Id::parse(id).and_then(|id| r.site.mechanism(&id)).map(|m| mechanism_link(&m.id, &m.title));
    let removed: Vec<Value> = old
        .iter()
        .filter(|(id, _)| !seen.contains(*id))
        .map(|(id, d)| {
            json!({
                "mechanism": live(d.mechanism).unwrap_or_else(|| json!({"title": d.title})),
                "text": d.detail.as_ref().map(|q| q.text.clone()),
                "rule": d.detail.as_ref().map(|q| rule(&q.per, q.at_least)),
                "id": id,
            })
        })
        .collect();
    json!({"added": added, "changed": changed, "removed": removed, "ids_only": ids_only})
}

/// New (and removed) cases, inspections and models, newest first.
fn items(r: &Renderer, base: &Base) -> Value {
    let site = r.site;
    let old_cases: BTreeSet<&str> = base.site.cases.iter().map(|c| c.id.as_str()).collect();
    let mut cases: Vec<_> = site.cases.iter().filter(|c| !old_cases.contains(c.id.as_str())).collect();
    cases.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let cases: Vec<CaseView> = cases.into_iter().map(|c| r.case_view(c)).collect();
    let now: BTreeSet<&str> = site.cases.iter().map(|c| c.id.as_str()).collect();
    let cases_removed: Vec<Value> =
        base.site.cases.iter().filter(|c| !now.contains(c.id.as_str())).map(|c| json!({"title": c.title, "date": c.date})).collect();

    let old: BTreeSet<&str> = base.site.inspections.iter().map(|i| i.id.as_str()).collect();
    let mut inspections: Vec<_> = site.inspections.iter().filter(|i| !old.contains(i.id.as_str())).collect();
    inspections.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let inspections: Vec<Value> = inspections
        .into_iter()
        .map(|i| json!({"title": i.title, "url": Kind::Inspection.url(&i.id), "date": date(i.date), "kind": i.kind, "inspector": i.inspector}))
        .collect();
    let now: BTreeSet<&str> = site.inspections.iter().map(|i| i.id.as_str()).collect();
    let inspections_removed: Vec<Value> = base
        .site
        .inspections
        .iter()
        .filter(|i| !now.contains(i.id.as_str()))
        .map(|i| json!({"title": i.title, "date": i.date}))
        .collect();

    let old: BTreeSet<&str> = base.site.models.iter().map(|m| m.id.as_str()).collect();
    let mut models: Vec<_> = site.models.iter().filter(|m| !old.contains(m.id.as_str())).collect();
    models.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let models: Vec<Value> = models
        .into_iter()
        .map(|m| {
            let unit = m.unit.as_ref().and_then(|u| site.unit(&u.value)).map(|u| u.name.clone());
            json!({"title": m.title, "url": Kind::Model.url(&m.id), "date": date(m.date), "honour": m.honour, "unit": unit})
        })
        .collect();
    let now: BTreeSet<&str> = site.models.iter().map(|m| m.id.as_str()).collect();
    let models_removed: Vec<Value> = base
        .site
        .models
        .iter()
        .filter(|m| !now.contains(m.id.as_str()))
        .map(|m| json!({"title": m.title, "date": m.date}))
        .collect();
    json!({
        "cases_added": cases, "cases_removed": cases_removed,
        "inspections_added": inspections, "inspections_removed": inspections_removed,
        "models_added": models, "models_removed": models_removed,
    })
}

/// Rectification items opened since the snapshot (absent from it), and items closed since
/// (open or overdue then, done now).
fn ledger(r: &Renderer, base: &Base) -> Value {
    let site = r.site;
    let then: BTreeMap<&str, &crate::sitejson::RectificationEntry> = base.site.rectifications.iter().map(|x| (x.id.as_str(), x)).collect();
    let unit_name = |id: &str| {
        let now = Id::parse(id).and_then(|id| site.unit(&id).map(|u| u.name.clone()));
        now.or_else(|| base.site.units.iter().find(|u| u.id == id).map(|u| u.name.clone())).unwrap_or_else(|| id.to_string())
    };
    let closed_state = |s: &str| matches!(s, "done" | "done-late");
    let (mut opened, mut closed, mut reopened, mut changed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, item) in site.rectifications.iter().enumerate() {
        let state = r.eval.ledger.state(i);
        let mut row = json!({
            "problem": item.problem,
            "url": Kind::Rectification.url(&item.id),
            "unit": unit_name(item.unit.value.as_str()),
            "state": state.as_str(),
            "state_label": state.label(),
            "found_on": date(item.found_on.value),
            "deadline": date(item.deadline),
            "done_on": item.done_on.map(date),
        });
        let Some(was) = then.get(item.id.as_str()) else {
            opened.push(row);
            continue;
        };
        // Closed by a day after this build's reference date: not known now, not reopened.
        let closed_later = was.done_on.as_deref().is_some_and(|d| d > date(site.as_of).as_str());
        match (closed_state(&was.state), state.is_closed()) {
            (false, true) => closed.push(row.clone()),
            // Closed in the snapshot, open again now: as much an opening as a new item.
            (true, false) if !closed_later => reopened.push(row.clone()),
            _ => {}
        }
        // What the record held then and holds now: the deadline, the unit.
        let deadline_then = (was.deadline != date(item.deadline)).then(|| was.deadline.clone());
        let unit_then = (was.unit != item.unit.value.as_str()).then(|| unit_name(&was.unit));
        if deadline_then.is_some() || unit_then.is_some() {
            row["deadline_then"] = json!(deadline_then);
            row["unit_then"] = json!(unit_then);
            changed.push(row);
        }
    }
    // Items the snapshot held that the ledger no longer lists: named by their id, unit and
    // state then, since the snapshot's record is all that is left of them.
    let now: BTreeSet<&str> = site.rectifications.iter().map(|x| x.id.as_str()).collect();
    let removed: Vec<Value> = base
        .site
        .rectifications
        .iter()
        // One found after this build's reference date is not yet known, not gone.
        .filter(|x| !now.contains(x.id.as_str()) && x.found_on.as_str() <= date(site.as_of).as_str())
        .map(|x| {
            let label = crate::ledger::State::ALL.into_iter().find(|s| s.as_str() == x.state).map_or("", |s| s.label());
            // In the live site, the snapshot's own ledger holds the item's whole record.
            let archived = matches!(r.frame.mode, Mode::Live).then(|| format!("archive/{}/rectifications/index.html#{}", base.period, x.id));
            json!({"id": x.id, "unit": unit_name(&x.unit), "state": x.state, "state_label": label, "deadline": x.deadline, "archived_url": archived})
        })
        .collect();
    json!({"opened": opened, "reopened": reopened, "closed": closed, "changed": changed, "removed": removed})
}

/// For the period the snapshot holds: the units whose total or grade changed since, and how
/// many did not; and the periods with results the snapshot did not hold, newest first.
fn units(r: &Renderer, base: &Base) -> Value {
    let site = r.site;
    let period_text = base.site.site.period.clone().unwrap_or_else(|| base.period.clone());
    let period = Period::parse(&period_text);
    let then: BTreeMap<&str, (Tenths, &str)> =
        base.site.scorecards.iter().filter(|s| s.period == period_text).map(|s| (s.unit.as_str(), (s.total, s.grade.as_str()))).collect();
    let now = period.and_then(|p| r.eval.period(p));
    let rubric = period.and_then(|p| site.rubrics.get(&p));
    let class = |grade: &str| rubric.map(|rb| grade_class(rb, grade)).unwrap_or_default();

    // Every unit known now, then those known only to the snapshot.
    let mut units: Vec<(String, String, Option<String>)> =
        site.units.iter().map(|u| (u.id.to_string(), u.name.clone(), Some(unit_url(&u.id)))).collect();
    let known: BTreeSet<String> = units.iter().map(|u| u.0.clone()).collect();
    units.extend(base.site.units.iter().filter(|u| !known.contains(&u.id)).map(|u| (u.id.clone(), u.name.clone(), None)));

    let (mut changed, mut same) = (Vec::new(), 0usize);
    for (id, name, url) in &units {
        let before = then.get(id.as_str()).copied();
        let after = Id::parse(id).and_then(|id| now.and_then(|p| p.result(&id))).map(|x| (x.total, x.grade.as_str()));
        match (before, after) {
            (None, None) => continue,
            (Some(b), Some(a)) if b == a => {
                same += 1;
                continue;
            }
            _ => {}
        }
        let diff = match (before, after) {
            (Some((b, _)), Some((a, _))) if a != b => Some(a - b),
            _ => None,
        };
        changed.push(json!({
            "name": name, "url": url,
            "before": before.map(|b| b.0.to_string()), "grade_before": before.map(|b| b.1), "class_before": before.map(|b| class(b.1)),
            "now": after.map(|a| a.0.to_string()), "grade_now": after.map(|a| a.1), "class_now": after.map(|a| class(a.1)),
            "diff": diff.map(|d| change_parts(Some(d)).0),
            "dir": change_parts(diff).1,
        }));
    }
    // Periods whose results the snapshot did not hold at all (a new half-year's scorecards):
    // new, not "unchanged".
    let held: BTreeSet<&str> = base.site.scorecards.iter().map(|s| s.period.as_str()).collect();
    let added: Vec<Value> = r
        .eval
        .periods
        .iter()
        .filter(|p| !p.results.is_empty() && !held.contains(p.period.to_string().as_str()))
        .rev()
        .map(|p| json!({"label": p.period.label(), "url": super::scorecards::period_url(p.period), "units": p.results.len()}))
        .collect();
    json!({"period_label": period_label(&period_text), "changed": changed, "same": same, "periods_added": added})
}

/// The archive index at `path`: every version with the day its content is as of, the day it
/// was frozen, and its page count. In a snapshot the
/// other versions are listed without links, so a snapshot copied away alone has none broken.
pub fn archive_page(engine: &Engine, frame: &Frame, path: &str) -> Result<Page> {
    let snapshot = matches!(frame.mode, Mode::Snapshot { .. });
    let own = match &frame.mode {
        Mode::Snapshot { period, .. } => Some(period.to_string()),
        Mode::Live => None,
    };
    let versions: Vec<Value> = frame
        .versions
        .iter()
        .map(|v| {
            let url = if !snapshot {
                Some(format!("archive/{}/index.html", v.period))
            } else if own.as_deref() == Some(v.period.as_str()) {
                Some("index.html".to_string())
            } else {
                None
            };
            let until = Period::parse(&v.period).map(|p| date_cn(p.end())).unwrap_or_default();
            json!({"period": v.period, "label": v.label, "until": until, "frozen": date_words(&v.frozen), "pages": v.pages, "files": v.files,
                   "url": url, "own": own.as_deref() == Some(v.period.as_str())})
        })
        .collect();
    engine.page(path, "archive.html", "archive", "历史归档", &[Link { title: "历史归档".into(), url: String::new() }], json!({"versions": versions, "snapshot": snapshot}))
}
