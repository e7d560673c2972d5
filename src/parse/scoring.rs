//! Readers of the scoring files: `units.yaml`, rubrics and scorecards. Every number is read as
//! exact tenths.

use super::fields::*;
use crate::diag::Diagnostics;
use crate::load::File;
use crate::model::*;
use crate::source::{Pos, SourceFile};
use crate::yaml::{self, Fields, Node, Spanned};

const UNIT_FIELDS: &[&str] = &["id", "name", "type", "parent", "from", "until"];
const RUBRIC_FIELDS: &[&str] = &["title", "indicators", "bonus_cap", "grades", "veto_grade"];
const INDICATOR_FIELDS: &[&str] = &["id", "name", "max", "group", "mechanism"];
const GRADE_FIELDS: &[&str] = &["name", "min"];
const SCORECARD_FIELDS: &[&str] = &[
    "unit", "period", "assessed_on", "assessor", "scores", "satisfaction", "deductions", "bonus", "veto", "requirements",
    "comment", "audience",
];
const DEDUCTION_FIELDS: &[&str] = &["points", "reason", "case"];
const BONUS_FIELDS: &[&str] = &["points", "reason", "case", "model"];

pub fn units(file: &File, diags: &mut Diagnostics) -> Vec<Unit> {
    let Some(node) = yaml::parse(&file.text, file, 0, diags) else { return Vec::new() };
    let Some(items) = yaml::seq(&node, file, diags) else { return Vec::new() };
    let mut out = Vec::new();
    for item in items {
        let Some(mut f) = Fields::new(item, file, "每个单位", diags) else { continue };
        let id = f.required("id", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
            Some(id) => Some((id, s.pos)),
            None => {
                id_error(file, s.pos, &s.value, diags);
                None
            }
        });
        let name = req_string(&mut f, "name", diags);
        let unit_type = req_string(&mut f, "type", diags);
        let parent = opt_ref(&mut f, "parent", diags);
        let from = opt_period(&mut f, "from", "起始考核期次 from", diags);
        let until = opt_period(&mut f, "until", "最后考核期次 until", diags);
        if let (Some(Some(a)), Some(Some(b))) = (from, until) {
            if b < a {
                diags.error(file, f.pos, format!("最后考核期次 until ({b}) 早于起始考核期次 from ({a})"));
            }
        }
        f.finish(UNIT_FIELDS, diags);
        if let (Some((id, id_pos)), Some(name), Some(unit_type), Some(parent), Some(from), Some(until)) = (id, name, unit_type, parent, from, until) {
            out.push(Unit { id, id_pos, name, unit_type, parent, from, until });
        }
    }
    out
}

/// A decimal field in tenths; `Some(None)` when an optional one is absent.
/// Whether the value of `k` is left empty (`~`, as `new scorecard` writes it): then an error
/// "尚未填写: <what>" at the `~`, or at the key when the value is on no line of its own.
fn left_empty(file: &SourceFile, k: &Node, v: &Node, what: String, help: &str, diags: &mut Diagnostics) -> bool {
    if !v.is_null() {
        return false;
    }
    let pos = if v.pos.line == k.pos.line { v.pos } else { k.pos };
    diags.error(file, pos, format!("尚未填写: {what}")).help = Some(help.into());
    true
}

fn tenths_field(f: &mut Fields, key: &str, required: bool, diags: &mut Diagnostics) -> Option<Option<Spanned<Tenths>>> {
    let file = f.file();
    let node = if required { f.required(key, diags)? } else {
        match f.get(key) {
            None => return Some(None),
            Some(n) => n,
        }
    };
    tenths(node, file, diags).map(Some)
}

pub fn rubric(file: &File, diags: &mut Diagnostics) -> Option<Rubric> {
    let node = yaml::parse(&file.text, file, 0, diags)?;
    let mut f = Fields::new(&node, file, "指标体系", diags)?;
    let title = opt_string(&mut f, "title", diags);
    let indicators = f.required("indicators", diags).and_then(|n| yaml::seq(n, file, diags)).and_then(|items| {
        if items.is_empty() {
            diags.error(file, f.pos, "indicators 至少要有一项指标");
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match indicator(item, file, diags) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        ok.then_some(out)
    });
    let bonus_cap = tenths_field(&mut f, "bonus_cap", false, diags).and_then(|b| match b {
        Some(b) if b.value < Tenths::ZERO => {
            diags.error(file, b.pos, "加分上限 bonus_cap 不能为负数");
            None
        }
        b => Some(b.map(|b| b.value).unwrap_or(Tenths::ZERO)),
    });
    let grades = f.required("grades", diags).and_then(|n| yaml::seq(n, file, diags)).and_then(|items| {
        let mut out: Vec<(Grade, Pos)> = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut g) = Fields::new(item, file, "每个等次", diags) else {
                ok = false;
                continue;
            };
            let name = req_string(&mut g, "name", diags);
            let min = tenths_field(&mut g, "min", true, diags).flatten();
            g.finish(GRADE_FIELDS, diags);
            match (name, min) {
                (Some(name), Some(min)) => {
                    if let Some((prev, _)) = out.last() {
                        if min.value >= prev.min {
                            diags.error(file, min.pos, format!("等次须从高到低排列: \"{name}\" 的分数线应低于 \"{}\"", prev.name));
                            ok = false;
                        }
                    }
                    out.push((Grade { name, min: min.value }, min.pos));
                }
                _ => ok = false,
            }
        }
        if out.is_empty() && ok {
            diags.error(file, f.pos, "grades 至少要有一个等次");
            ok = false;
        }
        ok.then(|| out.into_iter().map(|(g, _)| g).collect::<Vec<_>>())
    });
    let veto_grade = f.required("veto_grade", diags).and_then(|n| yaml::string(n, file, diags));
    f.finish(RUBRIC_FIELDS, diags);
    let grades = grades?;
    let veto_grade = veto_grade?;
    if !grades.iter().any(|g| g.name == veto_grade.value) {
        diags.error(file, veto_grade.pos, format!("一票否决等次 \"{}\" 不在 grades 中", veto_grade.value));
        return None;
    }
    Some(Rubric {
        origin: origin(file, Pos::start()),
        title: title?.unwrap_or_else(|| "考核评价指标".into()),
        indicators: indicators?,
        bonus_cap: bonus_cap?,
        grades,
        veto_grade: veto_grade.value,
    })
}

fn indicator(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Indicator> {
    let mut f = Fields::new(node, file, "每项指标", diags)?;
    let id = f.required("id", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
        Some(id) => Some(Spanned::new(id, s.pos)),
        None => {
            id_error(file, s.pos, &s.value, diags);
            None
        }
    });
    let name = req_string(&mut f, "name", diags);
    let max = tenths_field(&mut f, "max", true, diags).flatten().and_then(|m| {
        if m.value <= Tenths::ZERO {
            diags.error(file, m.pos, "满分 max 应大于 0");
            None
        } else {
            Some(m.value)
        }
    });
    let group = opt_string(&mut f, "group", diags);
    let mechanism = opt_ref(&mut f, "mechanism", diags);
    f.finish(INDICATOR_FIELDS, diags);
    Some(Indicator { id: id?, name: name?, max: max?, group: group?, mechanism: mechanism? })
}

pub fn scorecard(file: &File, folder_period: Period, diags: &mut Diagnostics) -> Option<Scorecard> {
    let node = yaml::parse(&file.text, file, 0, diags)?;
    let mut f = Fields::new(&node, file, "考核表", diags)?;
    let unit = f.required("unit", diags).and_then(|n| yaml::string(n, file, diags)).map(reference);
    let period = f.required("period", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| {
        match Period::parse(&s.value) {
            None => {
                diags.error(file, s.pos, format!("期次 \"{}\" 无效, 应为 YYYY-H1 或 YYYY-H2", s.value));
                None
            }
            Some(p) if p != folder_period => {
                diags.error(file, s.pos, format!("期次 \"{p}\" 与所在目录 \"{folder_period}\" 不一致")).help =
                    Some("考核表的 period 必须与它所在的期次目录同名".into());
                None
            }
            Some(p) => Some(Spanned::new(p, s.pos)),
        }
    });
    let assessed_on = match f.get("assessed_on") {
        None => Some(None),
        Some(n) => yaml::date(n, file, diags).map(|d| Some(d.value)),
    };
    let assessor = opt_string(&mut f, "assessor", diags);
    let scores = f.required("scores", diags).and_then(|n| {
        let m = Fields::new(n, file, "scores", diags)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (k, v) in m.entries() {
            // `new scorecard` writes `~` for every score: never read as 0.
            if left_empty(file, k, v, format!("\"{}\" 的得分", k.scalar().unwrap_or("")), "填写这项指标的得分, 0 到满分, 最多一位小数", diags) {
                ok = false;
                continue;
            }
            // An indicator may be named by its name: the reference check says which id that is.
            let key = k.scalar().map(|name| reference(Spanned::new(name.to_string(), k.pos)));
            let val = tenths(v, file, diags);
            match (key, val) {
                (Some(key), Some(val)) => out.push((key, val)),
                (None, _) => {
                    id_error(file, k.pos, "", diags);
                    ok = false;
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    });
    let satisfaction = tenths_field(&mut f, "satisfaction", false, diags).and_then(|s| match s {
        Some(s) if !(Tenths::ZERO..=Tenths(1000)).contains(&s.value) => {
            diags.error(file, s.pos, "满意度 satisfaction 应在 0 到 100 之间");
            None
        }
        s => Some(s),
    });
    let deductions = adjustments(&mut f, "deductions", diags);
    let bonus = adjustments(&mut f, "bonus", diags);
    let veto = match f.get("veto") {
        None => Some(None),
        Some(n) => Fields::new(n, file, "veto", diags).and_then(|mut v| {
            let reason = req_string(&mut v, "reason", diags);
            v.finish(&["reason"], diags);
            reason.map(Some)
        }),
    };
    let requirements = match f.get("requirements") {
        None => Some(Vec::new()),
        Some(n) => Fields::new(n, file, "requirements", diags).and_then(|m| {
            let mut out = Vec::new();
            let mut ok = true;
            for (k, v) in m.entries() {
                // `new scorecard` writes `~` for every count: a duty forgotten is not a duty unmet.
                if left_empty(file, k, v, format!("履职要求 \"{}\" 本期完成的次数", k.scalar().unwrap_or("")), "填写完成的次数, 没有完成写 0", diags) {
                    ok = false;
                    continue;
                }
                let key = k.scalar().map(|name| reference(Spanned::new(name.to_string(), k.pos)));
                let count = yaml::integer(v, file, diags);
                match (key, count) {
                    (Some(key), Some(c)) if (0..=100_000).contains(&c.value) => out.push((key, c.value as u32)),
                    (Some(_), Some(c)) => {
                        diags.error(file, c.pos, format!("完成次数应为不小于 0 的整数, 实际为 {}", c.value));
                        ok = false;
                    }
                    (None, _) => {
                        id_error(file, k.pos, "", diags);
                        ok = false;
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        }),
    };
    let comment = opt_string(&mut f, "comment", diags);
    let audience = audience(&mut f, diags);
    f.finish(SCORECARD_FIELDS, diags);
    Some(Scorecard {
        origin: origin(file, Pos::start()),
        unit: unit?,
        period: period?,
        folder_period,
        assessed_on: assessed_on?,
        assessor: assessor?,
        scores: scores?,
        satisfaction: satisfaction?,
        deductions: deductions?,
        bonus: bonus?,
        veto: veto?,
        requirements: requirements?,
        comment: comment?,
        audience: audience?,
    })
}

fn adjustments(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Adjustment>> {
    let file = f.file();
    let Some(n) = f.get(key) else { return Some(Vec::new()) };
    let items = yaml::seq(n, file, diags)?;
    let what = if key == "deductions" { "扣分" } else { "加分" };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(mut a) = Fields::new(item, file, &format!("每项{what}"), diags) else {
            ok = false;
            continue;
        };
        let points = tenths_field(&mut a, "points", true, diags).flatten().and_then(|p| {
            if p.value <= Tenths::ZERO {
                diags.error(file, p.pos, format!("{what}分值应大于 0"));
                None
            } else {
                Some(p)
            }
        });
        let reason = req_string(&mut a, "reason", diags);
        let case = opt_ref(&mut a, "case", diags);
        // A deduction cites a case; a bonus may also cite a positive model.
        let model = if key == "bonus" { opt_ref(&mut a, "model", diags) } else { Some(None) };
        a.finish(if key == "bonus" { BONUS_FIELDS } else { DEDUCTION_FIELDS }, diags);
        match (points, reason, case, model) {
            (Some(points), Some(reason), Some(case), Some(model)) => out.push(Adjustment { points, reason, case, model }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
