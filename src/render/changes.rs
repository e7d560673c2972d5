//! `changes/index.html` (what changed since the newest snapshot) and the archive index. The
//! comparison reads the snapshot's own exports, so it needs nothing but the output folder.

use super::views::*;
use super::context::Renderer;
use super::engine::Engine;
use crate::archive::{redline, Frame, Mode};
use crate::error::Result;
use crate::output::{Page, Stream};
use crate::model::{Kind, Tenths};
use crate::sitejson::{ContentJson, SiteJson};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The snapshot's mechanisms: id -> (title, status, Markdown text).
fn base_mechanisms(base: &SiteJson, content: &ContentJson) -> BTreeMap<String, (String, String, String)> {
    let mut out: BTreeMap<String, (String, String, String)> =
        base.mechanisms.iter().map(|m| (m.id.clone(), (m.title.clone(), m.status.clone(), String::new()))).collect();
    for m in &content.mechanisms {
        if let Some(e) = out.get_mut(&m.id) {
            e.2 = m.text.clone();
        }
    }
    out
}

fn status_label(s: &str) -> &'static str {
    crate::model::Status::parse(s).map(|s| s.label()).unwrap_or("")
}

pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    Ok(vec![changes_page(r)?])
}

fn changes_page(r: &Renderer) -> Result<Page> {
    let site = r.site;
    let page = match &r.frame.state.newest {
        None => json!({"none": true}),
        Some(base) => {
            let old = base_mechanisms(&base.site, &base.content);
            let mut added = Vec::new();
            let mut revised = Vec::new();
            let mut repealed = Vec::new();
            for m in &site.mechanisms {
                let link = json!({"title": m.title, "url": Kind::Mechanism.url(&m.id), "status_label": m.status.label(), "effective": date(m.effective)});
                match old.get(m.id.as_str()) {
                    None => added.push(link),
                    Some((title, status, text)) => {
                        if m.status.as_str() == "repealed" && status != "repealed" {
                            repealed.push(link.clone());
                        }
                        let new_text = m.body.markdown.as_str();
                        if title != &m.title || text.as_str() != new_text || status != m.status.as_str() {
                            revised.push(json!({
                                "m": link,
                                "old_title": if title != &m.title { Some(title.clone()) } else { None },
                                "old_status": if status != m.status.as_str() { Some(status_label(status)) } else { None },
                                "redline": if text.as_str() != new_text { Some(redline(text, new_text)) } else { None },
                            }));
                        }
                    }
                }
            }
            let removed: Vec<Value> = old
                .iter()
                .filter(|(id, _)| !site.mechanisms.iter().any(|m| m.id.as_str() == id.as_str()))
                .map(|(id, (title, _, _))| json!({"id": id, "title": title}))
                .collect();
            let old_cases: BTreeMap<String, String> = base.site.cases.iter().map(|c| (c.id.clone(), c.title.clone())).collect();
            let mut new_cases: Vec<&crate::model::Case> = site.cases.iter().filter(|c| !old_cases.contains_key(c.id.as_str())).collect();
            new_cases.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
            let cases_added: Vec<CaseView> = new_cases.iter().map(|c| r.case_view(c)).collect();
            let cases_removed: Vec<Value> = old_cases
                .iter()
                .filter(|(id, _)| site.cases.iter().all(|c| c.id.as_str() != id.as_str()))
                .map(|(id, t)| json!({"id": id, "title": t}))
                .collect();
            // Each unit's result now against the snapshot's current period.
            let base_period = base.site.site.period.clone().unwrap_or_default();
            let base_cards: BTreeMap<&str, (Tenths, &str)> = base
                .site
                .scorecards
                .iter()
                .filter(|s| s.period == base_period)
                .map(|s| (s.unit.as_str(), (s.total, s.grade.as_str())))
                .collect();
            let now = site.current.and_then(|p| r.eval.period(p));
            let mut units = Vec::new();
            for u in &site.units {
                let cur = now.and_then(|pr| pr.result(&u.id));
                let before = base_cards.get(u.id.as_str());
                if cur.is_none() && before.is_none() {
                    continue;
                }
                let cur_total = cur.map(|c| c.total);
                let before_total = before.map(|b| b.0);
                let diff = match (cur_total, before_total) {
                    (Some(a), Some(b)) if a != b => Some(a - b),
                    _ => None,
                };
                let grade_now = cur.map(|c| c.grade.clone());
                let grade_before = before.map(|b| b.1.to_string());
                let changed = diff.is_some() || grade_now != grade_before;
                units.push(json!({
                    "name": u.name, "url": unit_url(&u.id), "type": u.unit_type,
                    "before": before_total.map(|t| t.to_string()), "grade_before": grade_before,
                    "now": cur_total.map(|t| t.to_string()), "grade_now": grade_now,
                    "diff": diff.map(|d| if d > Tenths::ZERO { format!("↑ {d}") } else { format!("↓ {}", -d) }),
                    "dir": diff.map(|d| if d > Tenths::ZERO { "up" } else { "down" }).unwrap_or("same"),
                    "changed": changed,
                }));
            }
            json!({
                "none": false,
                "base_period": base.period,
                "base_label": crate::model::Period::parse(&base.period).map(|p| p.label()).unwrap_or_default(),
                "base_url": match &r.frame.mode { Mode::Live => format!("archive/{}/index.html", base.period), Mode::Snapshot { .. } => String::new() },
                "now_label": site.current.map(|p| p.label()),
                "score_base_label": crate::model::Period::parse(&base_period).map(|p| p.label()),
                "added": added, "revised": revised, "repealed": repealed, "removed": removed,
                "cases_added": cases_added, "cases_removed": cases_removed,
                "units": units,
                "unchanged": units.iter().all(|u| u["changed"] == false) && added.is_empty() && revised.is_empty() && removed.is_empty() && cases_added.is_empty() && cases_removed.is_empty(),
            })
        }
    };
    r.page("changes/index.html", "changes.html", "changes", "更新动态", &[Link { title: "更新动态".into(), url: String::new() }], page)
}

/// The archive index at `path`: every version with its date and page count. In a snapshot the
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
            json!({"period": v.period, "label": v.label, "frozen": v.frozen, "pages": v.pages, "files": v.files, "url": url,
                   "own": own.as_deref() == Some(v.period.as_str())})
        })
        .collect();
    engine.page(path, "archive.html", "archive", "历史归档", &[Link { title: "历史归档".into(), url: String::new() }], json!({"versions": versions, "snapshot": snapshot}))
}
