//! Mechanisms (制度机制): the index by category and each mechanism's page, with its duties,
//! related cases and trainings, indicators and revision chain both ways.

use super::views::*;
use super::context::{crumbs, put, Renderer};
use crate::error::Result;
use crate::model::*;
use crate::output::{Page, Stream};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[derive(Serialize)]
pub(super) struct Group {
    name: String,
    items: Vec<MechanismView>,
}

/// Mechanisms grouped by category; categories in the order of their first item, items by
/// `order` then effective date.
pub(super) fn groups(r: &Renderer) -> Vec<Group> {
    let mut ms: Vec<&Mechanism> = r.site.mechanisms.iter().collect();
    ms.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), a.effective, &a.id).cmp(&(b.order.unwrap_or(i64::MAX), b.effective, &b.id))
    });
    let mut groups: Vec<Group> = Vec::new();
    for m in ms {
        let view = MechanismView::new(m, &r.terms);
        match groups.iter_mut().find(|g| g.name == m.category) {
            Some(g) => g.items.push(view),
            None => groups.push(Group { name: m.category.clone(), items: vec![view] }),
        }
    }
    groups
}

pub(super) fn index(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    let reqs: Vec<RequirementView> = r.site.requirements().map(|(m, q)| RequirementView::new(m, q)).collect();
    let page = json!({ "groups": groups(r), "requirements": reqs, "total": r.site.mechanisms.len() });
    Ok(vec![r.page("mechanisms/index.html", "mechanisms.html", "mechanisms", "制度机制", &crumbs(&[("制度机制", "")]), page)?])
}

/// Every mechanism's page, a few to a task.
pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    r.site.mechanisms.par_iter().with_max_len(4).map(|m| page(r, m)).collect()
}

pub(super) fn page(r: &Renderer, m: &Mechanism) -> Result<Page> {
    let site = r.site;
    let link = |m: &Mechanism| json!({"title": m.title, "url": Kind::Mechanism.url(&m.id), "status_label": m.status.label(), "status": m.status.as_str(), "effective": date(m.effective), "doc_number": m.doc_number});
    // The revision chain both ways: what this one replaced (older), and what replaced it (newer).
    let mut older = Vec::new();
    let mut seen = BTreeSet::from([m.id.clone()]);
    let mut frontier: Vec<&Mechanism> = vec![m];
    while let Some(cur) = frontier.pop() {
        for s in &cur.supersedes {
            if let Some(o) = site.mechanism(&s.value) {
                if seen.insert(o.id.clone()) {
                    older.push(o);
                    frontier.push(o);
                }
            }
        }
    }
    let mut newer = Vec::new();
    let mut frontier: Vec<&Mechanism> = vec![m];
    while let Some(cur) = frontier.pop() {
        for n in r.referrers(Target::Item(Kind::Mechanism), &cur.id, Kind::Mechanism).iter().map(|&i| &site.mechanisms[i]) {
            if seen.insert(n.id.clone()) {
                newer.push(n);
                frontier.push(n);
            }
        }
    }
    older.sort_by_key(|m| std::cmp::Reverse(m.effective));
    newer.sort_by_key(|m| std::cmp::Reverse(m.effective));
    let path = Kind::Mechanism.url(&m.id);
    let (case_rows, case_count) = r.listing.rows_newest(r.referrers(Target::Item(Kind::Mechanism), &m.id, Kind::Case), &path);
    let trainings = r.trainings_citing(Kind::Mechanism, &m.id);
    // The rubric in force now (a period's own, else the shared one).
    let indicators: Vec<Value> = site
        .current
        .and_then(|p| site.rubrics.get(&p))
        .or(site.rubric.as_ref())
        .into_iter()
        .flat_map(|rb| rb.indicators.iter())
        .filter(|i| i.mechanism.as_ref().is_some_and(|x| x.value == m.id))
        .map(|i| json!({"name": i.name, "max": i.max.to_string(), "group": i.group}))
        .collect::<Vec<_>>();
    let body = r.body(Kind::Mechanism, &m.id);
    let mut page = json!({
        "m": MechanismView::new(m, &r.terms),
        "effective_cn": super::views::date_cn(m.effective),
        "toc": body.into_iter().flat_map(|b| b.headings.iter()).filter(|h| h.0 == 2).map(|h| json!({"id": h.1, "text": h.2})).collect::<Vec<_>>(),
        // Headings numbered in their text (一、 第一章 1.) are not numbered again by the list.
        "toc_numbered": body.into_iter().flat_map(|b| b.headings.iter()).filter(|h| h.0 == 2).all(|h| numbered(&h.2)),
        "requirements": m.requirements.iter().map(|q| RequirementView::new(m, q)).collect::<Vec<_>>(),
        "older": older.iter().map(|o| link(o)).collect::<Vec<_>>(),
        "newer": newer.iter().map(|o| link(o)).collect::<Vec<_>>(),
        "case_count": case_count,
        "trainings": trainings,
        "indicators": indicators,
    });
    put(&mut page, "body", body.map(|b| b.html.clone()).unwrap_or_default());
    put(&mut page, "attachments", serde_json::to_value(r.attachments(Kind::Mechanism, &m.id)).unwrap_or_default());
    put(&mut page, "case_rows", case_rows);
    r.page(&path, "mechanism.html", "mechanisms", &m.title, &crumbs(&[("制度机制", "mechanisms/index.html"), (&m.title, "")]), page)
}


/// Whether a heading carries its own number: 一、 (一) 第一章 第1条 1. 1、
fn numbered(heading: &str) -> bool {
    let t = heading.trim_start();
    let digits = |s: &str| s.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(*c)).count();
    let after = |s: &str| s.chars().skip(digits(s)).collect::<String>();
    let rest = t.trim_start_matches(['（', '(']);
    if digits(rest) > 0 {
        let a = after(rest);
        return a.starts_with(['、', '.', '．', '）', ')', ' ']);
    }
    t.strip_prefix('第').is_some_and(|r| digits(r) > 0 && after(r).starts_with(['章', '节', '条', '部', '篇']))
}

#[cfg(test)]
mod tests {
    #[test]
    fn headings_with_their_own_numbers() {
        for h in ["一、考核对象", "（二）加分", "第三章 附则", "第12条 解释", "1. 总则", "10、附件"] {
            assert!(super::numbered(h), "{h}");
        }
        for h in ["考核对象", "一票否决", "十分重要的事", "2025年工作要点"] {
            assert!(!super::numbered(h), "{h}");
        }
    }
}
