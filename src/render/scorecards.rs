//! Evaluation pages: the period pages (ranking with each unit's overdue rectification items,
//! grade distribution, indicator averages, compliance matrix, units not submitted, units to
//! follow up), the scores section of each unit page, and the summary on the home page. Views
//! only; the numbers come from `evaluate` and `ledger`.

use super::charts;
use super::views::*;
use super::context::Renderer;
use crate::output::{Page, Stream};
use crate::error::Result;
use crate::evaluate::{self, PeriodResult, UnitResult};
use crate::model::*;
use crate::markdown::escape;
use serde_json::{json, Value};
use std::fmt::Write as _;

pub fn period_url(p: Period) -> String {
    format!("scorecards/{p}/index.html")
}

/// The badge class of a grade: `grade-0` for the top grade … `grade-last` for the lowest.
pub fn grade_class(rubric: &Rubric, grade: &str) -> String {
    match rubric.grades.iter().position(|g| g.name == grade) {
        Some(i) if i + 1 == rubric.grades.len() => "grade-last".into(),
        Some(i) => format!("grade-{i}"),
        None => "grade-last".into(),
    }
}

/// `+2.5` / `-1.0` / `0.0`, and which way it went.
fn change(c: Option<Tenths>) -> Value {
    let (text, dir) = change_parts(c);
    json!({"text": text, "dir": dir})
}

/// The text and direction of `change`, for rows written without a template.
pub(super) fn change_parts(c: Option<Tenths>) -> (String, &'static str) {
    match c {
        None => ("—".into(), "none"),
        Some(v) if v > Tenths::ZERO => (format!("↑ {v}"), "up"),
        Some(v) if v < Tenths::ZERO => (format!("↓ {}", -v), "down"),
        Some(_) => ("持平".into(), "same"),
    }
}

fn result_view(r: &Renderer, rubric: &Rubric, u: &UnitResult) -> Value {
    let site = r.site;
    let unit = site.unit(&u.unit);
    let card = &site.scorecards[u.card];
    json!({
        "rank": u.rank,
        "rank_in_type": u.rank_in_type,
        "unit": {"id": u.unit, "name": unit.map(|x| x.name.clone()).unwrap_or_else(|| u.unit.to_string()), "url": unit_url(&u.unit)},
        "type": unit.map(|x| x.unit_type.clone()).unwrap_or_default(),
        "total": u.total.to_string(),
        "score_sum": u.score_sum.to_string(),
        "deductions": u.deductions.to_string(),
        "bonus": u.bonus.to_string(),
        "grade": u.grade,
        "grade_class": grade_class(rubric, &u.grade),
        "vetoed": u.vetoed,
        "veto_reason": card.veto,
        "change": change(u.change),
        "satisfaction": u.satisfaction.map(|s| s.to_string()),
        "unmet": u.unmet.len(),
    })
}

fn requirement_text(r: &Renderer, id: &Id) -> String {
    r.site.index.requirement.get(id).map(|&(m, q)| r.site.mechanisms[m].requirements[q].text.clone()).unwrap_or_else(|| id.to_string())
}

/// The page of one period.
pub fn period_page(r: &Renderer, pr: &PeriodResult, path: &str) -> Result<Page> {
    let site = r.site;
    let p = pr.period;
    let Some(rubric) = site.rubrics.get(&p) else {
        return r.page(path, "scorecards.html", "scorecards", &format!("{} 考核评价", p.label()), &[], json!({}));
    };
    let results: Vec<Value> = pr.results.iter().map(|u| result_view(r, rubric, u)).collect();
    let counts = pr.grade_counts(rubric);
    let max_count = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1) as f64;
    let grade_rows: Vec<(String, f64, String)> = counts.iter().map(|(g, n)| (g.clone(), *n as f64, format!("{n} 个"))).collect();
    let grade_title = format!("{}等次分布", p.label());
    let grade_chart = charts::wide_and_narrow(460.0, |w, class| charts::hbars(&grade_title, &grade_rows, max_count, w, class));
    let averages = evaluate::indicator_averages(site, p);
    let ind_rows: Vec<(String, f64, String)> = rubric
        .indicators
        .iter()
        .map(|i| {
            let avg = averages.iter().find(|a| a.0 == i.id.value).map_or(Tenths::ZERO, |a| a.1);
            (i.name.clone(), avg.ratio(i.max), format!("{avg} / {}", i.max))
        })
        .collect();
    let indicator_title = format!("{}各项指标平均得分（占满分比例）", p.label());
    let indicator_chart = charts::wide_and_narrow(620.0, |w, class| charts::hbars(&indicator_title, &ind_rows, 1.0, w, class));
    let groups: Vec<Value> = evaluate::group_averages(site, p)
        .iter()
        .map(|g| json!({"group": g.group, "max": g.max.to_string(), "average": g.average.to_string(),
            "pct": if g.max > Tenths::ZERO { format!("{:.1}%", g.percent()) } else { String::new() }}))
        .collect();
    // Compliance matrix: units in rank order x duties.
    let reqs: Vec<Value> = site
        .requirements()
        .map(|(m, q)| json!({"id": q.id.value, "text": q.text, "per_label": q.per.label(), "at_least": q.at_least, "mechanism": m.title}))
        .collect();
    // The matrix body is the largest table of the site (units x duties, every period), so its
    // rows are written here rather than by the template: the same markup, a fraction of the cost.
    let root = crate::output::root_of(path);
    let mut matrix = String::with_capacity(pr.results.len() * (80 + 60 * reqs.len()));
    for u in &pr.results {
        let name = site.unit(&u.unit).map(|x| x.name.clone()).unwrap_or_else(|| u.unit.to_string());
        let _ = write!(matrix, "<tr><td class=\"unit-name\"><a href=\"{root}{}\">{}</a></td>", escape(&unit_url(&u.unit)), escape(&name));
        for d in &u.duties {
            let (class, text) = match d.met {
                Some(true) => ("met", "✓".to_string()),
                Some(false) => ("unmet", format!("✗ <small>{}/{}</small>", d.count, d.at_least)),
                None => ("na", "○".to_string()),
            };
            let _ = write!(matrix, "<td class=\"cell {class}\" title=\"{} / {}\">{text}</td>", d.count, d.at_least);
        }
        matrix.push_str("</tr>");
    }
    // The ranking table, one row per scored unit, written here for the same reason (the
    // values stay in `page.results` for a theme that wants to lay the table out itself).
    let ranking_rows = ranking_rows(r, rubric, pr, &root);
    let tallies: Vec<Value> = pr.duty_tallies().iter().map(|t| json!({"judged": t.judged, "met": t.met, "unmet": t.unmet()})).collect();
    let not_submitted: Vec<Value> = pr
        .not_submitted
        .iter()
        .filter_map(|id| site.unit(id))
        .map(|u| json!({"name": u.name, "url": unit_url(&u.id), "type": u.unit_type}))
        .collect();
    let follow: Vec<Value> = pr
        .follow_up(rubric)
        .iter()
        .map(|f| {
            let u = f.result;
            json!({
                "result": result_view(r, rubric, u),
                "concerns": f.concerns.iter().map(|c| c.label()).collect::<Vec<_>>(),
                "unmet": u.unmet.iter().map(|q| requirement_text(r, q)).collect::<Vec<_>>(),
                "veto_reason": site.scorecards[u.card].veto,
            })
        })
        .collect();
    let periods: Vec<Value> = site
        .periods
        .iter()
        .rev()
        .map(|q| json!({"period": q.to_string(), "label": q.label(), "url": period_url(*q), "active": *q == p, "current": Some(*q) == site.current}))
        .collect();
    let mut page = json!({
        "period": p.to_string(),
        "label": p.label(),
        "is_current": Some(p) == site.current,
        // On the front page, when the current period has no results yet: its name.
        "awaiting": site.current.filter(|c| *c != p && path == "scorecards/index.html").map(|c| c.label()),
        "periods": periods,
        "rubric_title": rubric.title,
        "max_total": rubric.max_total().to_string(),
        "bonus_cap": rubric.bonus_cap.to_string(),
        "veto_grade": rubric.veto_grade,
        "thresholds": rubric.grades.iter().map(|g| json!({"name": g.name, "min": g.min.to_string(), "class": grade_class(rubric, &g.name)})).collect::<Vec<_>>(),

        "scored": pr.results.len(),
        "average": pr.average_total().map(|a| a.to_string()),
        "average_satisfaction": pr.average_satisfaction().map(|a| a.to_string()),
        "grade_counts": counts.iter().map(|(g, n)| json!({"name": g, "count": n, "class": grade_class(rubric, g)})).collect::<Vec<_>>(),
        "grade_chart": grade_chart,
        "indicator_chart": indicator_chart,
        "groups": groups,
        "requirements": reqs,

        "tallies": tallies,
        "not_submitted": not_submitted,

        // The overdue column of the ranking: counts as of the period's end, or of the reference
        // date while the period is still running.
        "ledger_as_of": (!site.rectifications.is_empty()).then(|| date_cn(ledger_date(site, pr))),
        "csv": format!("data/scorecards-{p}.csv"),
        "xlsx": format!("data/scorecards-{p}.xlsx"),
    });
    super::context::put(&mut page, "results", results);
    super::context::put(&mut page, "matrix", matrix);
    super::context::put(&mut page, "ranking_rows", ranking_rows);
    super::context::put(&mut page, "follow_up", follow);
    let title = format!("{} 考核评价结果", p.label());
    let crumbs = if path == "scorecards/index.html" {
        vec![Link { title: "考核评价".into(), url: String::new() }]
    } else {
        vec![Link { title: "考核评价".into(), url: "scorecards/index.html".into() }, Link { title: p.label(), url: String::new() }]
    };
    r.page(path, "scorecards.html", "scorecards", &title, &crumbs, page)
}

/// The day a period page counts overdue rectification items on: the period's end, or the
/// reference date when that comes first. A past period's page shows what was overdue then, as
/// its snapshot does, not items found after it.
fn ledger_date(site: &crate::site::Site, pr: &PeriodResult) -> chrono::NaiveDate {
    pr.period.end().min(site.as_of)
}

/// The rows of a period's ranking table, as `scorecards.html` used to lay them out per unit.
fn ranking_rows(r: &Renderer, rubric: &Rubric, pr: &PeriodResult, root: &str) -> String {
    let site = r.site;
    // On the reference date the counts are the ledger's own, and link to its filtered view; on
    // an earlier period's end they are counted for that day (the ledger shows today's states).
    let on = ledger_date(site, pr);
    let then = (on != site.as_of).then(|| crate::ledger::overdue_on(site.rectifications.iter(), on));
    let mut out = String::with_capacity(pr.results.len() * 900);
    let muted = "<span class=\"muted\">—</span>";
    for u in &pr.results {
        let unit = site.unit(&u.unit);
        let name = unit.map(|x| x.name.as_str()).unwrap_or(u.unit.as_str());
        let kind = unit.map(|x| x.unit_type.as_str()).unwrap_or("");
        out.push_str("\n  <tr");
        if u.vetoed {
            out.push_str(" class=\"vetoed\"");
        }
        let _ = write!(out, "><td class=\"num\">{}</td><td class=\"unit-name\"><a href=\"{}{}\">{}</a>", u.rank, escape(root), escape(&unit_url(&u.unit)), escape(name));
        if u.vetoed {
            let reason = site.scorecards[u.card].veto.as_deref().unwrap_or("");
            let _ = write!(out, " <span class=\"badge veto\" title=\"{}\">一票否决</span>", escape(reason));
        }
        // The result first (what a phone shows without scrolling), then how it was made up.
        let (change_text, change_dir) = change_parts(u.change);
        let _ = write!(
            out,
            "</td><td class=\"num strong\">{}</td><td><span class=\"badge grade {}\">{}</span></td><td class=\"num change-{}\">{}</td>",
            u.total,
            escape(&grade_class(rubric, &u.grade)),
            escape(&u.grade),
            change_dir,
            escape(&change_text)
        );
        let _ = write!(out, "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>", escape(kind), u.rank_in_type, u.score_sum);
        match u.deductions {
            Tenths::ZERO => { let _ = write!(out, "<td class=\"num\">{muted}</td>"); }
            d => { let _ = write!(out, "<td class=\"num\">−{d}</td>"); }
        }
        match u.bonus {
            Tenths::ZERO => { let _ = write!(out, "<td class=\"num\">{muted}</td>"); }
            b => { let _ = write!(out, "<td class=\"num\">+{b}</td>"); }
        }
        match u.satisfaction {
            Some(v) => { let _ = write!(out, "<td class=\"num\">{}%</td>", v); }
            None => { let _ = write!(out, "<td class=\"num\">{muted}</td>"); }
        }
        if !site.rectifications.is_empty() {
            // The unit's overdue items, linked to the ledger filtered to them.
            let counts = then.as_ref().unwrap_or(&r.eval.ledger.overdue_by_unit);
            match counts.get(&u.unit).copied().unwrap_or(0) {
                0 => { let _ = write!(out, "<td class=\"num overdue-none\">0</td>"); }
                n if then.is_some() => { let _ = write!(out, "<td class=\"num overdue\">{n}</td>"); }
                n => {
                    let _ = write!(out, "<td class=\"num overdue\"><a href=\"{}rectifications/index.html#unit={}&amp;state=overdue\">{n}</a></td>", escape(root), escape(u.unit.as_str()));
                }
            }
        }
        out.push_str("</tr>\n  ");
    }
    out
}

/// Every evaluation page: the current period at `scorecards/index.html`, and one per period.
pub fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    use rayon::prelude::*;
    let mut jobs: Vec<(&PeriodResult, String)> = Vec::new();
    for pr in &r.eval.periods {
        jobs.push((pr, period_url(pr.period)));
    }
    // The results' front page: the current period's, or — at the start of a half-year, before
    // its first scorecard — the latest results before it (the page says whose they are).
    let front = r.eval.periods.iter().rev().find(|pr| r.site.current.is_none_or(|c| pr.period <= c));
    if let Some(pr) = front.or(r.eval.periods.last()) {
        jobs.push((pr, "scorecards/index.html".into()));
    }
    jobs.par_iter().with_max_len(1).map(|(pr, path)| period_page(r, pr, path)).collect()
}

/// The scores part of a unit page: trend, latest indicators against the period average, every
/// deduction and bonus, unmet duties and the assessor's comment, per period.
pub fn unit_scores(r: &Renderer, unit: &Unit) -> Option<Value> {
    let site = r.site;
    if r.eval.periods.is_empty() {
        return None;
    }
    let history = r.eval.unit_history(&unit.id);
    let labels: Vec<String> =
        r.eval.periods.iter().map(|p| format!("{}年\n{}", p.period.year, if p.period.half == 1 { "上半年" } else { "下半年" })).collect();
    let values: Vec<Option<Tenths>> = r.eval.periods.iter().map(|p| p.result(&unit.id).map(|u| u.total)).collect();
    let hi = r.eval.periods.iter().filter_map(|p| site.rubrics.get(&p.period)).map(|rb| rb.max_total()).max().unwrap_or(Tenths(1000)).to_f64();
    let lo_v = values.iter().flatten().map(|v| v.to_f64()).fold(hi, f64::min);
    let lo = ((lo_v - 10.0) / 10.0).floor().max(0.0) * 10.0;
    let trend_title = format!("{}各期总分走势", unit.name);
    let trend = charts::wide_and_narrow(620.0, |w, class| charts::trend(&trend_title, &labels, &values, lo.min(hi - 10.0), hi, w, class));

    let mut periods: Vec<Value> = Vec::new();
    for pr in r.eval.periods.iter().rev() {
        let rubric = site.rubrics.get(&pr.period);
        match (pr.result(&unit.id), rubric) {
            (Some(u), Some(rubric)) => {
                let card = &site.scorecards[u.card];
                let averages = &pr.indicator_averages;
                let indicators: Vec<Value> = rubric
                    .indicators
                    .iter()
                    .map(|i| {
                        let score = card.scores.iter().find(|s| s.0.value == i.id.value).map_or(Tenths::ZERO, |s| s.1.value);
                        let avg = averages.get(&i.id.value).copied().unwrap_or(Tenths::ZERO);
                        json!({"name": i.name, "group": i.group, "max": i.max.to_string(), "score": score.to_string(), "average": avg.to_string(),
                               "diff": change(Some(score - avg)), "pct": format!("{:.0}", score.percent_of(i.max))})
                    })
                    .collect();
                let adj = |list: &[Adjustment]| -> Vec<Value> {
                    list.iter()
                        .map(|a| {
                            let case = a.case.as_ref().and_then(|c| site.case(&c.value)).map(|c| Link { title: c.title.clone(), url: Kind::Case.url(&c.id) });
                            let model = a.model.as_ref().and_then(|m| site.models.get(&m.value)).map(|m| Link { title: m.title.clone(), url: Kind::Model.url(&m.id) });
                            json!({"points": a.points.value.to_string(), "reason": a.reason, "case": case, "model": model})
                        })
                        .collect()
                };
                // Built by moving the parts in: `json!` would copy every nested list.
                let mut period = json!({
                    "period": pr.period.to_string(), "label": pr.period.label(), "url": period_url(pr.period), "submitted": true,
                    "of": pr.results.len(),
                    "bonus_raw": card.bonus.iter().map(|b| b.points.value).sum::<Tenths>().to_string(),
                    "bonus_cap": rubric.bonus_cap.to_string(),
                    "comment": card.comment, "assessor": card.assessor, "assessed_on": card.assessed_on.map(date),
                    "veto_reason": card.veto,
                });
                super::context::put(&mut period, "result", result_view(r, rubric, u));
                super::context::put(&mut period, "indicators", indicators);
                super::context::put(&mut period, "deductions", adj(&card.deductions));
                super::context::put(&mut period, "bonus", adj(&card.bonus));
                super::context::put(&mut period, "unmet", u.unmet.iter().map(|q| requirement_text(r, q)).collect::<Vec<_>>());
                periods.push(period);
            }
            // A half-year before the unit was set up, or after it was merged away: not its own.
            _ if !unit.assessed_in(pr.period) => {}
            _ => periods.push(json!({"period": pr.period.to_string(), "label": pr.period.label(), "url": period_url(pr.period), "submitted": false})),
        }
    }
    let (trend, latest) = match history.is_empty() {
        true => (Value::Null, Value::Null),
        false => (Value::String(trend), periods.iter().find(|p| p["submitted"] == true).cloned().unwrap_or(Value::Null)),
    };
    let mut out = json!({});
    super::context::put(&mut out, "trend", trend);
    super::context::put(&mut out, "periods", periods);
    super::context::put(&mut out, "latest", latest);
    Some(out)
}

/// The current period at a glance, for the home page.
pub fn home_summary(r: &Renderer) -> Option<Value> {
    let site = r.site;
    let p = site.current?;
    let pr = r.eval.period(p)?;
    let rubric = site.rubrics.get(&p)?;
    let view = |u: &UnitResult| result_view(r, rubric, u);
    let n = pr.results.len();
    let top: Vec<Value> = pr.results.iter().take(3).map(view).collect();
    let bottom: Vec<Value> = pr.results.iter().rev().take(3.min(n.saturating_sub(3))).map(view).collect();
    let unmet: usize = pr.results.iter().map(|u| u.unmet.len()).sum();
    let units_unmet = pr.results.iter().filter(|u| !u.unmet.is_empty()).count();
    Some(json!({
        "period": p.to_string(), "label": p.label(), "url": "scorecards/index.html",
        "scored": n, "not_submitted": pr.not_submitted.len(),
        "average": pr.average_total().map(|a| a.to_string()),
        "grade_counts": pr.grade_counts(rubric).iter().map(|(g, c)| json!({"name": g, "count": c, "class": grade_class(rubric, g)})).collect::<Vec<_>>(),
        "top": top, "bottom": bottom,
        "unmet": unmet, "units_unmet": units_unmet,
        "follow_up": pr.follow_up(rubric).len(),
    }))
}
