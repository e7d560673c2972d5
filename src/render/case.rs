//! Typical cases (典型案例): the filterable index, the violation-type and tag pages, and each
//! case's page with the rectification items sourced from it (以案促改).

use super::views::*;
use super::context::{crumbs, put, Renderer};
use crate::error::Result;
use crate::model::*;
use crate::output::{Page, Stream};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

pub(super) fn index(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    use chrono::Datelike;
    let years: BTreeSet<i32> = r.site.cases.iter().map(|c| c.date.year()).collect();
    let mut page = json!({
        "case_count": r.site.cases.len(),
        "violations": violation_terms(r),
        "years": years.into_iter().rev().collect::<Vec<_>>(),
        "forms": Form::ALL.map(|f| json!({"form": f, "label": f.label(), "meaning": f.meaning(),
            "count": r.site.cases.iter().filter(|c| c.form == f).count()})),
    });
    put(&mut page, "case_rows", r.listing.rows(&r.listing.newest_first, "../"));
    Ok(vec![r.page("cases/index.html", "cases.html", "cases", "典型案例", &crumbs(&[("典型案例", "")]), page)?])
}

fn violation_terms(r: &Renderer) -> Vec<Term> {
    r.terms
        .violations
        .keys()
        .map(|v| Term { count: r.listing.by_violation.get(v).map_or(0, Vec::len), ..r.terms.violation(v) })
        .collect()
}

fn tag_terms(r: &Renderer, mechanisms_by_tag: &HashMap<&str, Vec<&Mechanism>>, others_by_tag: &HashMap<&str, Vec<Value>>) -> Vec<Term> {
    r.terms
        .tags
        .keys()
        .map(|t| Term {
            count: r.listing.by_tag.get(t).map_or(0, Vec::len)
                + mechanisms_by_tag.get(t.as_str()).map_or(0, Vec::len)
                + others_by_tag.get(t.as_str()).map_or(0, Vec::len),
            ..r.terms.tag(t)
        })
        .collect()
}

/// Violation-type and tag pages, each rendered once and handed on at once: on a large site
/// each lists thousands of cases, and together they would be the build's largest allocation.
pub(super) fn terms(r: &Renderer, stream: &Stream) -> Result<Vec<Page>> {
    let site = r.site;
    let mut out = Vec::new();
    let mut push = |page: Page| -> Result<()> {
        out.extend(stream.keep(vec![page])?);
        Ok(())
    };
    let violations = violation_terms(r);
    push(r.page(
        "violations/index.html",
        "terms.html",
        "cases",
        "违纪类型",
        &crumbs(&[("典型案例", "cases/index.html"), ("违纪类型", "")]),
        json!({"kind": "violations", "terms": violations, "intro": "按违纪类型查看典型案例。"}),
    )?)?;
    for t in &violations {
        let (rows, n) = r.listing.rows_for(&r.listing.by_violation, t.name.as_str(), &t.url);
        push(r.page(
            &t.url,
            "term.html",
            "cases",
            &t.name,
            &crumbs(&[("典型案例", "cases/index.html"), ("违纪类型", "violations/index.html"), (&t.name, "")]),
            {
                let mut page = json!({"kind": "violations", "kind_label": "违纪类型", "term": t, "case_count": n, "mechanisms": [], "others": []});
                put(&mut page, "case_rows", rows);
                page
            },
        )?)?;
    }
    // Each tag's mechanisms (site order, once each), found in one pass for all tag pages.
    let mut mechanisms_by_tag: HashMap<&str, Vec<&Mechanism>> = HashMap::new();
    for m in &site.mechanisms {
        for t in &m.tags {
            let list = mechanisms_by_tag.entry(t.as_str()).or_default();
            if !list.last().is_some_and(|x| std::ptr::eq(*x, m)) {
                list.push(m);
            }
        }
    }
    // Inspections and models by tag likewise: a tag page lists every kind that carries it.
    let mut others_by_tag: HashMap<&str, Vec<Value>> = HashMap::new();
    let entries = site
        .inspections
        .iter()
        .map(|i| (&i.tags, json!({"kind": Kind::Inspection.label(), "title": i.title, "url": Kind::Inspection.url(&i.id), "date": date(i.date)})))
        .chain(site.models.iter().map(|m| (&m.tags, json!({"kind": Kind::Model.label(), "title": m.title, "url": Kind::Model.url(&m.id), "date": date(m.date)}))));
    for (tags, entry) in entries {
        let mut seen: Vec<&str> = Vec::new();
        for t in tags {
            if !seen.contains(&t.as_str()) {
                seen.push(t);
                others_by_tag.entry(t.as_str()).or_default().push(entry.clone());
            }
        }
    }
    let tags = tag_terms(r, &mechanisms_by_tag, &others_by_tag);
    if !tags.is_empty() {
        push(r.page(
            "tags/index.html",
            "terms.html",
            "",
            "标签",
            &crumbs(&[("标签", "")]),
            json!({"kind": "tags", "terms": tags, "intro": "按标签查看制度机制、典型案例、督导检查和先进典型。"}),
        )?)?;
    }
    for t in &tags {
        let (rows, n) = r.listing.rows_for(&r.listing.by_tag, t.name.as_str(), &t.url);
        let mechs: Vec<MechanismView> =
            mechanisms_by_tag.get(t.name.as_str()).into_iter().flatten().map(|m| MechanismView::new(m, &r.terms)).collect();
        push(r.page(
            &t.url,
            "term.html",
            "",
            &t.name,
            &crumbs(&[("标签", "tags/index.html"), (&t.name, "")]),
            {
                let others = others_by_tag.get(t.name.as_str()).cloned().unwrap_or_default();
                let mut page = json!({"kind": "tags", "kind_label": "标签", "term": t, "case_count": n, "mechanisms": mechs, "others": others});
                put(&mut page, "case_rows", rows);
                page
            },
        )?)?;
    }
    Ok(out)
}


/// Every case's page, each handed on as soon as it is made: the largest part of the site.
pub(super) fn pages(r: &Renderer, stream: &Stream) -> Result<Vec<Page>> {
    let kept: Vec<Vec<Page>> = r.site.cases.par_iter().with_max_len(crate::TASK_LEN).map(|c| stream.keep(vec![page(r, c)?])).collect::<Result<_>>()?;
    Ok(kept.into_iter().flatten().collect())
}

pub(super) fn page(r: &Renderer, c: &Case) -> Result<Page> {
    let site = r.site;
    let mechs: Vec<MechanismView> = c.mechanisms.iter().filter_map(|m| site.mechanism(&m.value)).map(|m| MechanismView::new(m, &r.terms)).collect();
    let trainings = r.trainings_citing(Kind::Case, &c.id);
    let mut page = json!({
        "c": r.case_view(c),
        "notified_by": c.notified_by,
        "persons": c.persons.iter().map(|p| p.value.clone()).collect::<Vec<_>>(),
        "tags": c.tags.iter().map(|t| r.terms.tag(t)).collect::<Vec<_>>(),
        "questions": c.questions,
        "mechanisms": mechs,
        "trainings": trainings,
        "date_cn": date_cn(c.date),
    });
    // 以案促改: the problems the case made units put right.
    let rectified = super::ledger::rows(r, r.referrers(Target::Item(Kind::Case), &c.id, Kind::Rectification));
    if !rectified.is_empty() {
        put(&mut page, "ledger_tally", super::ledger::tally(&rectified));
        put(&mut page, "ledger", serde_json::to_value(rectified).unwrap_or_default());
        put(&mut page, "as_of", date_cn(site.as_of));
    }
    put(&mut page, "body", r.body(Kind::Case, &c.id).map(|b| b.html.clone()).unwrap_or_default());
    put(&mut page, "attachments", serde_json::to_value(r.attachments(Kind::Case, &c.id)).unwrap_or_default());
    r.page(&Kind::Case.url(&c.id), "case.html", "cases", &c.title, &crumbs(&[("典型案例", "cases/index.html"), (&c.title, "")]), page)
}
