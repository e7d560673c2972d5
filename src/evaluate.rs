//! Pure scoring (SPEC §3 "Computation"): totals in exact tenths, bonus cap, clamping, grades,
//! veto, ranks overall and within unit type, change against the period before, duties met or
//! unmet. No I/O; everything is computed from the validated `Site`, and nothing here panics on
//! a site that slipped past validation (a unit id unknown to the site, an empty grade list, a
//! duplicate scorecard): the result is then merely odd, never a crash.
//!
//! Every number is a `Tenths` (92.5 is 925), as read by `parse::fields::tenths`, so sums are
//! exact. The only division is in averages (`Tenths::mean`), which rounds half up.
//!
//! Each value is made whole once its inputs are known: every scorecard is first `Scored` on
//! its own (the periods in parallel), then ranked within its period; a unit's change needs the
//! period before, so the `UnitResult`s and `PeriodResult`s are made last, from the totals of
//! every period.
//!
//! Depends on `model` and `site` only.

use crate::model::{Id, Per, Period, Rubric, Scorecard, Tenths};
use crate::site::Site;
use std::cmp::Reverse;
use std::collections::HashMap;

/// The results of every period, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub periods: Vec<PeriodResult>,
    /// The rectification ledger judged as of the site's reference date.
    pub ledger: crate::ledger::Ledger,
}

#[derive(Clone, Debug)]
pub struct PeriodResult {
    pub period: Period,
    /// Scored units in rank order (ties keep unit-id order).
    pub results: Vec<UnitResult>,
    /// Units with no scorecard in this period (未报送), in unit order.
    pub not_submitted: Vec<Id>,
    /// Unit id -> index in `results`, so that a unit page finds its result without walking
    /// every unit of every period.
    by_unit: HashMap<Id, usize>,
    /// The mean score of each indicator over the units scored (`indicator_averages`).
    pub indicator_averages: HashMap<Id, Tenths>,
}

#[derive(Clone, Debug)]
pub struct UnitResult {
    pub unit: Id,
    /// The unit's type (`site.unit(..).unit_type`), "" for a unit the site does not know; the
    /// group `rank_in_type` is counted in.
    pub unit_type: String,
    pub period: Period,
    /// Index of the scorecard in `site.scorecards`.
    pub card: usize,
    /// Σ scores.
    pub score_sum: Tenths,
    /// Σ deductions.
    pub deductions: Tenths,
    /// min(Σ bonus, bonus_cap).
    pub bonus: Tenths,
    /// Final total, clamped to [0, Σ max].
    pub total: Tenths,
    pub grade: String,
    pub vetoed: bool,
    pub rank: u32,
    pub rank_in_type: u32,
    /// Against the period immediately before; None when the unit has no scorecard there.
    pub change: Option<Tenths>,
    /// A percentage, 0.0 to 100.0.
    pub satisfaction: Option<Tenths>,
    /// Every requirement of every mechanism, in `site.requirements()` order: the count
    /// judged, `at_least`, and whether it was met (None when not judged in this period).
    pub duties: Vec<Duty>,
    /// Ids of the unmet requirements.
    pub unmet: Vec<Id>,
}

#[derive(Clone, Debug)]
pub struct Duty {
    pub requirement: Id,
    /// The count judged (for `per: year` at H2, H1 + H2).
    pub count: u32,
    pub at_least: u32,
    /// None when the duty is not judged in this period (a yearly duty at H1).
    pub met: Option<bool>,
}

/// Why a unit needs following up after a period (督促整改).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// 一票否决.
    Vetoed,
    /// Graded the rubric's lowest grade or its veto grade (不合格).
    LowGrade,
    /// At least one duty judged and unmet.
    UnmetDuties,
}

impl Concern {
    pub fn label(self) -> &'static str {
        match self {
            Concern::Vetoed => "一票否决",
            Concern::LowGrade => "等次靠后",
            Concern::UnmetDuties => "履职要求未完成",
        }
    }
}

/// A unit that needs following up, with every reason.
#[derive(Clone, Debug)]
pub struct FollowUp<'a> {
    pub result: &'a UnitResult,
    pub concerns: Vec<Concern>,
}

/// For one requirement, how the units scored in a period fared: the footer of the compliance
/// matrix (units x duties).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyTally {
    pub requirement: Id,
    /// Units for which the duty was judged this period (a yearly duty is judged at H2 only).
    pub judged: usize,
    pub met: usize,
}

impl DutyTally {
    pub fn unmet(&self) -> usize {
        self.judged - self.met
    }
}

/// The mean score of one indicator group (一级指标) over a period's scored units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupAverage {
    pub group: String,
    /// Σ max of the group's indicators.
    pub max: Tenths,
    /// Mean of each unit's group sum, rounded half up.
    pub average: Tenths,
    /// Σ of the units' group sums and how many units: the score rate comes from these, not
    /// from the rounded average (21.25 of 25 is 85.0 %, where 21.3 would say 85.2 %).
    pub sum: Tenths,
    pub units: i64,
}

impl GroupAverage {
    /// What the units scored of what they could have, in percent.
    pub fn percent(&self) -> f64 {
        self.sum.percent_of(Tenths(self.max.0 * self.units))
    }
}

impl Evaluation {
    pub fn period(&self, p: Period) -> Option<&PeriodResult> {
        self.periods.iter().find(|r| r.period == p)
    }

    /// A unit's results across periods, oldest first (periods without a scorecard left out).
    pub fn unit_history(&self, unit: &Id) -> Vec<&UnitResult> {
        self.periods.iter().filter_map(|p| p.result(unit)).collect()
    }
}

impl PeriodResult {
    /// The result of one unit, if it has a scorecard in this period.
    pub fn result(&self, unit: &Id) -> Option<&UnitResult> {
        self.by_unit.get(unit).map(|&i| &self.results[i])
    }

    /// How many units got each grade, in the rubric's grade order (highest first), zero counts
    /// included. A veto grade that is not among the rubric's grades comes last, and only when
    /// some unit got it, so that no scored unit is missing from the distribution.
    pub fn grade_counts(&self, rubric: &Rubric) -> Vec<(String, usize)> {
        let count = |name: &str| self.results.iter().filter(|r| r.grade == name).count();
        let mut out: Vec<(String, usize)> = rubric.grades.iter().map(|g| (g.name.clone(), count(&g.name))).collect();
        if !rubric.grades.iter().any(|g| g.name == rubric.veto_grade) {
            let n = count(&rubric.veto_grade);
            if n > 0 {
                out.push((rubric.veto_grade.clone(), n));
            }
        }
        out
    }

    /// Mean total of the scored units, rounded half up; None when no unit was scored.
    pub fn average_total(&self) -> Option<Tenths> {
        Tenths::mean(self.results.iter().map(|r| r.total))
    }

    /// Mean satisfaction over the units that report one, rounded half up.
    pub fn average_satisfaction(&self) -> Option<Tenths> {
        Tenths::mean(self.results.iter().filter_map(|r| r.satisfaction))
    }

    /// Units that need following up (vetoed, graded lowest or the veto grade, or with an unmet
    /// duty), in rank order.
    pub fn follow_up(&self, rubric: &Rubric) -> Vec<FollowUp<'_>> {
        self.results
            .iter()
            .map(|r| FollowUp { result: r, concerns: r.concerns(rubric) })
            .filter(|f| !f.concerns.is_empty())
            .collect()
    }

    /// For each requirement (in `site.requirements()` order), how many scored units were judged
    /// on it and how many met it.
    pub fn duty_tallies(&self) -> Vec<DutyTally> {
        let mut tallies: Vec<DutyTally> = Vec::new();
        for r in &self.results {
            for (i, d) in r.duties.iter().enumerate() {
                if tallies.len() <= i {
                    tallies.push(DutyTally { requirement: d.requirement.clone(), judged: 0, met: 0 });
                }
                let t = &mut tallies[i];
                if let Some(met) = d.met {
                    t.judged += 1;
                    t.met += usize::from(met);
                }
            }
        }
        tallies
    }
}

impl UnitResult {
    /// Every reason this unit needs following up; empty when it does not. The reasons are
    /// independent: a vetoed unit is also `LowGrade` when the veto grade is the lowest.
    pub fn concerns(&self, rubric: &Rubric) -> Vec<Concern> {
        let mut out = Vec::new();
        if self.vetoed {
            out.push(Concern::Vetoed);
        }
        let lowest = rubric.grades.last().map(|g| g.name.as_str());
        if self.grade == rubric.veto_grade || Some(self.grade.as_str()) == lowest {
            out.push(Concern::LowGrade);
        }
        if !self.unmet.is_empty() {
            out.push(Concern::UnmetDuties);
        }
        out
    }
}

/// Score, grade and rank every period that has a rubric, oldest first.
pub fn evaluate(site: &Site) -> Evaluation {
    // (period, unit) -> index in site.scorecards; the first wins if validation let a
    // duplicate through. Used for the H1 half of yearly duties.
    let mut cards: HashMap<(Period, &Id), usize> = HashMap::new();
    for (i, c) in site.scorecards.iter().enumerate() {
        cards.entry((c.period.value, &c.unit.value)).or_insert(i);
    }

    // Periods are independent of each other until `change`: scored and ranked in parallel.
    use rayon::prelude::*;
    let ranked: Vec<RankedPeriod> = site
        .periods
        .par_iter()
        .with_max_len(1)
        .filter_map(|&period| {
            let rubric = site.rubrics.get(&period)?;
            let scored: Vec<Scored> = site
                .scorecards
                .iter()
                .enumerate()
                .filter(|(_, c)| c.period.value == period)
                .map(|(i, c)| score(site, rubric, &cards, i, c))
                .collect();
            let not_submitted = site
                .units
                .iter()
                .filter(|u| u.assessed_in(period) && !cards.contains_key(&(period, &u.id)))
                .map(|u| u.id.clone())
                .collect();
            let indicator_averages = indicator_averages(site, period).into_iter().collect();
            Some(RankedPeriod { period, ranked: rank(scored), not_submitted, indicator_averages })
        })
        .collect();

    // Each period's totals, for the change of the period after; taken from every period
    // before any result is made, so change does not depend on the order of the periods. The
    // last card wins if validation let a duplicate through.
    let totals: HashMap<Period, HashMap<Id, Tenths>> = ranked
        .iter()
        .map(|p| (p.period, p.ranked.iter().map(|(s, _)| (s.unit.clone(), s.total)).collect()))
        .collect();
    let periods = ranked
        .into_iter()
        .map(|p| {
            let before = totals.get(&p.period.prev());
            let results: Vec<UnitResult> = p
                .ranked
                .into_iter()
                .map(|(s, ranks)| {
                    let change = before.and_then(|t| t.get(&s.unit)).map(|&prev| s.total - prev);
                    s.into_result(ranks, change)
                })
                .collect();
            // The first result wins if validation let a duplicate through, as in `cards`.
            let mut by_unit = HashMap::with_capacity(results.len());
            for (i, r) in results.iter().enumerate() {
                by_unit.entry(r.unit.clone()).or_insert(i);
            }
            PeriodResult { period: p.period, results, not_submitted: p.not_submitted, by_unit, indicator_averages: p.indicator_averages }
        })
        .collect();
    Evaluation { periods, ledger: crate::ledger::Ledger::judge(&site.items, site.as_of) }
}

/// One scorecard's result as far as its card, its rubric and the unit's H1 card decide it:
/// everything of a `UnitResult` but the ranks and the change.
struct Scored {
    unit: Id,
    unit_type: String,
    period: Period,
    card: usize,
    score_sum: Tenths,
    deductions: Tenths,
    bonus: Tenths,
    total: Tenths,
    grade: String,
    vetoed: bool,
    satisfaction: Option<Tenths>,
    duties: Vec<Duty>,
    unmet: Vec<Id>,
}

/// A unit's competition ranks in its period, overall and within its unit type.
#[derive(Clone, Copy, Debug)]
struct Ranks {
    overall: u32,
    in_type: u32,
}

/// A period scored and ranked, waiting only for the totals of the period before.
struct RankedPeriod {
    period: Period,
    /// In rank order.
    ranked: Vec<(Scored, Ranks)>,
    not_submitted: Vec<Id>,
    indicator_averages: HashMap<Id, Tenths>,
}

impl Scored {
    fn rank_key(&self) -> RankKey {
        (self.vetoed, Reverse(self.total))
    }

    fn into_result(self, ranks: Ranks, change: Option<Tenths>) -> UnitResult {
        let Scored { unit, unit_type, period, card, score_sum, deductions, bonus, total, grade, vetoed, satisfaction, duties, unmet } =
            self;
        UnitResult {
            unit,
            unit_type,
            period,
            card,
            score_sum,
            deductions,
            bonus,
            total,
            grade,
            vetoed,
            rank: ranks.overall,
            rank_in_type: ranks.in_type,
            change,
            satisfaction,
            duties,
            unmet,
        }
    }
}

/// Score one card (`index` in `site.scorecards`) against its period's rubric.
fn score(site: &Site, rubric: &Rubric, cards: &HashMap<(Period, &Id), usize>, index: usize, card: &Scorecard) -> Scored {
    let period = card.period.value;
    let score_sum: Tenths = card.scores.iter().map(|(_, v)| v.value).sum();
    let deductions: Tenths = card.deductions.iter().map(|a| a.points.value).sum();
    let bonus = card.bonus.iter().map(|a| a.points.value).sum::<Tenths>().min(rubric.bonus_cap);
    // Not `clamp`: it panics when the bounds cross, and a broken rubric must not crash us.
    let total = (score_sum - deductions + bonus).min(rubric.max_total()).max(Tenths::ZERO);
    let vetoed = card.veto.is_some();
    let grade = if vetoed { rubric.veto_grade.clone() } else { grade_for(rubric, total) };

    let h1_card = (period.half == 2)
        .then(|| cards.get(&(Period { year: period.year, half: 1 }, &card.unit.value)))
        .flatten()
        .map(|&i| &site.scorecards[i]);
    let duties: Vec<Duty> = site
        .requirements()
        .map(|(m, req)| {
            let id = &req.id.value;
            let count = requirement_count(card, id);
            let (count, met) = match (req.per, period.half) {
                // A duty is judged only in a period its mechanism was in force by the end of
                // (as the period's snapshot, which leaves a later mechanism out, judges it).
                _ if m.effective > period.end() => (count, None),
                // Nor before the half-year it was added for (`from`).
                _ if req.from.is_some_and(|f| period < f) => (count, None),
                (Per::HalfYear, _) => (count, Some(count >= req.at_least)),
                (Per::Year, 1) => (count, None),
                // The first half-year's count withheld (its card internal, this one public): not
                // judged, rather than judged on half the year.
                (Per::Year, _) if h1_card.is_none() && site.withheld.contains(&format!("scorecards/{}/{}", period.prev(), card.unit.value)) => (count, None),
                (Per::Year, _) => {
                    let sum = count.saturating_add(h1_card.map_or(0, |c| requirement_count(c, id)));
                    (sum, Some(sum >= req.at_least))
                }
            };
            Duty { requirement: id.clone(), count, at_least: req.at_least, met }
        })
        .collect();
    let unmet = duties.iter().filter(|d| d.met == Some(false)).map(|d| d.requirement.clone()).collect();

    Scored {
        unit: card.unit.value.clone(),
        unit_type: site.unit(&card.unit.value).map(|u| u.unit_type.clone()).unwrap_or_default(),
        period,
        card: index,
        score_sum,
        deductions,
        bonus,
        total,
        grade,
        vetoed,
        satisfaction: card.satisfaction.as_ref().map(|s| s.value),
        duties,
        unmet,
    }
}

/// The first grade (highest first) whose minimum the total reaches; the last grade when none
/// does (a rubric whose lowest minimum is above 0).
fn grade_for(rubric: &Rubric, total: Tenths) -> String {
    rubric
        .grades
        .iter()
        .find(|g| g.min <= total)
        .or(rubric.grades.last())
        .map(|g| g.name.clone())
        .unwrap_or_else(|| rubric.veto_grade.clone())
}

/// Times a requirement was met according to a scorecard; a missing entry counts 0.
fn requirement_count(card: &Scorecard, requirement: &Id) -> u32 {
    card.requirements.iter().find(|(k, _)| &k.value == requirement).map_or(0, |(_, n)| *n)
}

/// Rank order with competition ranks (1, 2, 2, 4), overall and within each unit type. Every
/// non-vetoed unit comes before every vetoed one; then higher totals first; equal keys share
/// a rank and are listed by unit id.
fn rank(mut scored: Vec<Scored>) -> Vec<(Scored, Ranks)> {
    scored.sort_by(|a, b| {
        a.rank_key().cmp(&b.rank_key()).then_with(|| a.unit.cmp(&b.unit)).then(a.card.cmp(&b.card))
    });
    let mut overall = Ranker::default();
    let mut by_type: HashMap<&str, Ranker> = HashMap::new();
    let ranks: Vec<Ranks> = scored
        .iter()
        .map(|s| Ranks { overall: overall.next(s.rank_key()), in_type: by_type.entry(&s.unit_type).or_default().next(s.rank_key()) })
        .collect();
    scored.into_iter().zip(ranks).collect()
}

/// Vetoed last, then higher totals first.
type RankKey = (bool, Reverse<Tenths>);

/// Competition ranking over keys fed in sorted order.
#[derive(Default)]
struct Ranker {
    seen: u32,
    last: Option<RankKey>,
    rank: u32,
}

impl Ranker {
    fn next(&mut self, key: RankKey) -> u32 {
        self.seen += 1;
        if self.last != Some(key) {
            self.rank = self.seen;
            self.last = Some(key);
        }
        self.rank
    }
}

/// The mean score of each indicator of the period's rubric over the units scored in that
/// period, in rubric order, rounded half up (see `Tenths::mean`). A score missing from a
/// scorecard counts 0. Empty when the period has no rubric or no scorecard.
pub fn indicator_averages(site: &Site, period: Period) -> Vec<(Id, Tenths)> {
    let Some(rubric) = site.rubrics.get(&period) else { return Vec::new() };
    let cards: Vec<&Scorecard> = site.scorecards.iter().filter(|c| c.period.value == period).collect();
    rubric
        .indicators
        .iter()
        .filter_map(|ind| {
            let mean = Tenths::mean(cards.iter().map(|c| indicator_score(c, &ind.id.value)))?;
            Some((ind.id.value.clone(), mean))
        })
        .collect()
}

/// For each indicator group (一级指标) of the period's rubric, in order of first appearance:
/// its Σ max and the mean over the scored units of each unit's group sum, rounded half up.
/// Averaging the exact sums (rather than adding rounded indicator averages) keeps the figure
/// free of accumulated rounding. Indicators without a group are left out; empty when the
/// period has no rubric or no scorecard.
pub fn group_averages(site: &Site, period: Period) -> Vec<GroupAverage> {
    let Some(rubric) = site.rubrics.get(&period) else { return Vec::new() };
    let cards: Vec<&Scorecard> = site.scorecards.iter().filter(|c| c.period.value == period).collect();
    let mut groups: Vec<(&str, Tenths, Vec<&Id>)> = Vec::new(); // (name, Σ max, indicators)
    for ind in &rubric.indicators {
        let Some(g) = ind.group.as_deref() else { continue };
        match groups.iter_mut().find(|(name, _, _)| *name == g) {
            Some((_, max, members)) => {
                *max += ind.max;
                members.push(&ind.id.value);
            }
            None => groups.push((g, ind.max, vec![&ind.id.value])),
        }
    }
    groups
        .into_iter()
        .filter_map(|(group, max, members)| {
            let group_sum = |c: &&Scorecard| members.iter().map(|m| indicator_score(c, m)).sum::<Tenths>();
            let average = Tenths::mean(cards.iter().map(group_sum))?;
            let sum: Tenths = cards.iter().map(group_sum).sum();
            Some(GroupAverage { group: group.to_string(), max, average, sum, units: cards.len() as i64 })
        })
        .collect()
}

fn indicator_score(card: &Scorecard, indicator: &Id) -> Tenths {
    card.scores.iter().find(|(k, _)| &k.value == indicator).map_or(Tenths::ZERO, |(_, v)| v.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Adjustment, Audience, Body, Grade, Indicator, Mechanism, Origin, Requirement, Status, Unit};
    use crate::site::Index;
    use crate::source::{Pos, SourceFile};
    use crate::yaml::Spanned;
    use chrono::NaiveDate;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;
    use std::sync::Arc;

    fn id(s: &str) -> Id {
        Id::parse(s).unwrap()
    }
    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Pos::start())
    }
    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }
    fn origin() -> Origin {
        Origin { file: Arc::new(SourceFile::from_str("t.yaml", "")), id_pos: Pos::start() }
    }

    /// Five indicators a..e of 20.0 each (Σ max 100.0), bonus cap 5.0, the usual four grades.
    fn rubric() -> Rubric {
        Rubric {
            origin: origin(),
            title: "指标".into(),
            indicators: ["a", "b", "c", "d", "e"]
                .iter()
                .map(|i| Indicator {
                    id: sp(id(i)),
                    name: i.to_string(),
                    max: Tenths(200),
                    group: Some(if *i < "c" { "组织".into() } else { "落实".into() }),
                    mechanism: None,
                })
                .collect(),
            bonus_cap: Tenths(50),
            grades: [("优秀", 900), ("良好", 800), ("合格", 600), ("不合格", 0)]
                .iter()
                .map(|&(n, m)| Grade { name: n.to_string(), min: Tenths(m) })
                .collect(),
            veto_grade: "不合格".into(),
        }
    }

    fn unit(u: &str, ty: &str) -> Unit {
        Unit { id: id(u), id_pos: Pos::start(), name: u.into(), unit_type: ty.into(), parent: None, from: None, until: None }
    }

    fn mechanism(m: &str, reqs: &[(&str, u32, Per)]) -> Mechanism {
        Mechanism {
            id: id(m),
            origin: origin(),
            title: m.into(),
            category: "考核评价机制".into(),
            order: None,
            issuer: "州委政法委".into(),
            doc_number: None,
            effective: NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
            status: Status::InForce,
            supersedes: vec![],
            tags: vec![],
            audience: Audience::Internal,
            requirements: reqs
                .iter()
                .map(|(r, n, per)| Requirement { id: sp(id(r)), text: r.to_string(), at_least: *n, per: *per, from: None })
                .collect(),
            body: Body::default(),
        }
    }

    fn adjustments(points: &[i64]) -> Vec<Adjustment> {
        points.iter().map(|&n| Adjustment { points: sp(Tenths(n)), reason: "理由".into(), case: None, model: None }).collect()
    }

    /// A scorecard with scores (in tenths) for a, b, c, ... in order.
    fn card(u: &str, period: &str, scores: &[i64]) -> Scorecard {
        Scorecard {
            origin: origin(),
            unit: sp(id(u)),
            period: sp(p(period)),
            folder_period: p(period),
            assessed_on: None,
            assessor: None,
            scores: scores.iter().zip(["a", "b", "c", "d", "e"]).map(|(&v, k)| (sp(id(k)), sp(Tenths(v)))).collect(),
            satisfaction: None,
            deductions: vec![],
            bonus: vec![],
            veto: None,
            requirements: vec![],
            comment: None,
            audience: Audience::Internal,
        }
    }

    /// A card whose five scores add up to `total` tenths (at most 100.0).
    fn card_total(u: &str, period: &str, total: i64) -> Scorecard {
        let mut scores = [0; 5];
        let mut left = total;
        for s in &mut scores {
            *s = left.min(200);
            left -= *s;
        }
        card(u, period, &scores)
    }

    fn site(units: Vec<Unit>, mechanisms: Vec<Mechanism>, cards: Vec<Scorecard>) -> Site {
        let periods: Vec<Period> = cards.iter().map(|c| c.period.value).collect::<BTreeSet<_>>().into_iter().collect();
        let rubrics: BTreeMap<Period, Rubric> = periods.iter().map(|&p| (p, rubric())).collect();
        let items = crate::site::Items { mechanisms: crate::site::Collection::new(mechanisms), ..Default::default() };
        let index = Index::build(&items, &units);
        Site {
            config: Config::defaults(Path::new(".")),
            audience: Audience::Internal,
            as_of: chrono::NaiveDate::MIN,
            home: None,
            items,
            units,
            rubrics,
            rubric: Some(rubric()),
            scorecards: cards,
            current: periods.last().copied(),
            periods,
            index,
            withheld: Default::default(),
        }
    }

    fn one(site: &Site, period: &str, u: &str) -> UnitResult {
        evaluate(site).period(p(period)).unwrap().result(&id(u)).unwrap().clone()
    }

    fn order(r: &PeriodResult) -> Vec<(&str, u32)> {
        r.results.iter().map(|x| (x.unit.as_str(), x.rank)).collect()
    }

    // 19.1 + 19.2 + 19.3 + 19.2 + 19.2 − 0.1 − 0.2 is exactly 95.7: no float drift.
    #[test]
    fn totals_are_exact_tenths() {
        let mut c = card("u1", "2025-H1", &[191, 192, 193, 192, 192]);
        c.deductions = adjustments(&[1, 2]);
        let s = site(vec![unit("u1", "法院")], vec![], vec![c]);
        let r = one(&s, "2025-H1", "u1");
        assert_eq!(r.score_sum, Tenths(960));
        assert_eq!(r.deductions, Tenths(3));
        assert_eq!(r.bonus, Tenths::ZERO);
        assert_eq!(r.total, Tenths(957));
        assert_eq!(r.total.to_string(), "95.7");
        assert_eq!(r.grade, "优秀");
    }

    // Σ bonus beyond the cap counts only up to the cap.
    #[test]
    fn bonus_is_capped() {
        let mut c = card_total("u1", "2025-H1", 800);
        c.bonus = adjustments(&[30, 40]);
        let mut c2 = card_total("u2", "2025-H1", 800);
        c2.bonus = adjustments(&[15, 15]);
        let s = site(vec![], vec![], vec![c, c2]);
        let r = one(&s, "2025-H1", "u1");
        assert_eq!((r.bonus, r.total), (Tenths(50), Tenths(850)));
        let r2 = one(&s, "2025-H1", "u2");
        assert_eq!((r2.bonus, r2.total), (Tenths(30), Tenths(830)));
    }

    // The total never goes below 0 nor above Σ max.
    #[test]
    fn total_is_clamped() {
        let mut low = card_total("low", "2025-H1", 50);
        low.deductions = adjustments(&[100]);
        let mut high = card_total("high", "2025-H1", 990);
        high.bonus = adjustments(&[50]);
        let s = site(vec![], vec![], vec![low, high]);
        let r = one(&s, "2025-H1", "low");
        assert_eq!((r.score_sum, r.deductions, r.total), (Tenths(50), Tenths(100), Tenths::ZERO));
        assert_eq!(r.grade, "不合格");
        assert_eq!(one(&s, "2025-H1", "high").total, Tenths(1000));
    }

    // A total exactly on a threshold gets that grade.
    #[test]
    fn grade_thresholds_are_inclusive() {
        let cards = vec![
            card_total("a1", "2025-H1", 900),
            card_total("a2", "2025-H1", 899),
            card_total("a3", "2025-H1", 800),
            card_total("a4", "2025-H1", 600),
            card_total("a5", "2025-H1", 599),
            card_total("a6", "2025-H1", 0),
        ];
        let s = site(vec![], vec![], cards);
        let e = evaluate(&s);
        let grades: Vec<(&str, &str)> =
            e.period(p("2025-H1")).unwrap().results.iter().map(|r| (r.unit.as_str(), r.grade.as_str())).collect();
        assert_eq!(
            grades,
            [("a1", "优秀"), ("a2", "良好"), ("a3", "良好"), ("a4", "合格"), ("a5", "不合格"), ("a6", "不合格")]
        );
    }

    // When every minimum is above the total, the last (lowest) grade applies.
    #[test]
    fn below_every_threshold_gets_the_last_grade() {
        let mut s = site(vec![], vec![], vec![card_total("u1", "2025-H1", 300)]);
        for r in s.rubrics.values_mut() {
            r.grades.last_mut().unwrap().min = Tenths(500);
        }
        assert_eq!(one(&s, "2025-H1", "u1").grade, "不合格");
    }

    // A veto forces the veto grade, and the unit ranks below a lower non-vetoed total.
    #[test]
    fn veto_forces_grade_and_ranks_last() {
        let mut vetoed = card_total("top", "2025-H1", 950);
        vetoed.veto = Some("发生严重违纪".into());
        let s = site(vec![], vec![], vec![vetoed, card_total("mid", "2025-H1", 700), card_total("bottom", "2025-H1", 300)]);
        let e = evaluate(&s);
        let r = e.period(p("2025-H1")).unwrap();
        assert_eq!(order(r), [("mid", 1), ("bottom", 2), ("top", 3)]);
        let top = r.result(&id("top")).unwrap();
        assert!(top.vetoed);
        assert_eq!(top.total, Tenths(950));
        assert_eq!(top.grade, "不合格");
    }

    // Vetoed units rank among themselves by total, sharing a rank on a tie.
    #[test]
    fn vetoed_units_rank_by_total_among_themselves() {
        let veto = |mut c: Scorecard| {
            c.veto = Some("否决".into());
            c
        };
        let cards = vec![
            veto(card_total("v1", "2025-H1", 600)),
            veto(card_total("v2", "2025-H1", 900)),
            veto(card_total("v3", "2025-H1", 600)),
            card_total("ok", "2025-H1", 100),
        ];
        let s = site(vec![], vec![], cards);
        let e = evaluate(&s);
        assert_eq!(order(e.period(p("2025-H1")).unwrap()), [("ok", 1), ("v2", 2), ("v1", 3), ("v3", 3)]);
    }

    // Ties share a rank and the next rank skips (1, 2, 2, 4); tied units are listed by id.
    #[test]
    fn ties_share_a_rank() {
        let cards = vec![
            card_total("d", "2025-H1", 850),
            card_total("c", "2025-H1", 850),
            card_total("a", "2025-H1", 900),
            card_total("b", "2025-H1", 700),
        ];
        let s = site(vec![], vec![], cards);
        let e = evaluate(&s);
        assert_eq!(order(e.period(p("2025-H1")).unwrap()), [("a", 1), ("c", 2), ("d", 2), ("b", 4)]);
    }

    // rank_in_type counts only units of the same type; unknown units form type "".
    #[test]
    fn rank_within_type() {
        let units = vec![unit("c1", "法院"), unit("c2", "法院"), unit("p1", "公安"), unit("p2", "公安")];
        let cards = vec![
            card_total("c1", "2025-H1", 800),
            card_total("c2", "2025-H1", 900),
            card_total("p1", "2025-H1", 850),
            card_total("p2", "2025-H1", 850),
            card_total("x", "2025-H1", 100),
        ];
        let s = site(units, vec![], cards);
        let e = evaluate(&s);
        let r = e.period(p("2025-H1")).unwrap();
        let got: Vec<(&str, &str, u32, u32)> =
            r.results.iter().map(|x| (x.unit.as_str(), x.unit_type.as_str(), x.rank, x.rank_in_type)).collect();
        assert_eq!(
            got,
            [("c2", "法院", 1, 1), ("p1", "公安", 2, 1), ("p2", "公安", 2, 1), ("c1", "法院", 4, 2), ("x", "", 5, 1)]
        );
    }

    // change is against the period immediately before, not an earlier one.
    #[test]
    fn change_against_previous_period_only() {
        let cards = vec![
            card_total("a", "2024-H1", 700),
            card_total("b", "2024-H1", 700),
            card_total("a", "2024-H2", 800),
            card_total("a", "2025-H1", 755),
            card_total("b", "2025-H1", 900),
        ];
        let s = site(vec![], vec![], cards);
        let e = evaluate(&s);
        assert_eq!(e.periods.iter().map(|r| r.period).collect::<Vec<_>>(), [p("2024-H1"), p("2024-H2"), p("2025-H1")]);
        let change = |period: &str, u: &str| e.period(p(period)).unwrap().result(&id(u)).unwrap().change;
        assert_eq!(change("2024-H1", "a"), None);
        assert_eq!(change("2024-H2", "a"), Some(Tenths(100)));
        assert_eq!(change("2025-H1", "a"), Some(Tenths(-45)));
        // b skipped 2024-H2: no change, although 2024-H1 exists.
        assert_eq!(change("2025-H1", "b"), None);
        assert_eq!(e.unit_history(&id("a")).iter().map(|r| r.total).collect::<Vec<_>>(), [Tenths(700), Tenths(800), Tenths(755)]);
    }

    // The period before 2025-H1 is 2024-H2.
    #[test]
    fn change_across_the_year_boundary() {
        let s = site(vec![], vec![], vec![card_total("a", "2024-H2", 800), card_total("a", "2025-H1", 812)]);
        assert_eq!(one(&s, "2025-H1", "a").change, Some(Tenths(12)));
    }

    // Units without a scorecard are 未报送, in unit order, and not ranked.
    #[test]
    fn not_submitted_in_unit_order() {
        let units = vec![unit("z", "法院"), unit("a", "法院"), unit("m", "公安")];
        let s = site(units, vec![], vec![card_total("a", "2025-H1", 800)]);
        let e = evaluate(&s);
        let r = e.period(p("2025-H1")).unwrap();
        assert_eq!(r.not_submitted, [id("z"), id("m")]);
        assert_eq!(order(r), [("a", 1)]);
    }

    // A half-year duty is judged every period; a missing entry counts 0.
    #[test]
    fn half_year_duty() {
        let mechs = vec![mechanism("m", &[("review", 1, Per::HalfYear), ("talks", 2, Per::HalfYear)])];
        let mut c = card_total("u", "2025-H1", 800);
        c.requirements = vec![(sp(id("talks")), 2)];
        let mut c2 = card_total("u", "2025-H2", 800);
        c2.requirements = vec![(sp(id("review")), 1), (sp(id("talks")), 1)];
        let s = site(vec![unit("u", "法院")], mechs, vec![c, c2]);
        let h1 = one(&s, "2025-H1", "u");
        let duties: Vec<(&str, u32, u32, Option<bool>)> =
            h1.duties.iter().map(|d| (d.requirement.as_str(), d.count, d.at_least, d.met)).collect();
        assert_eq!(duties, [("review", 0, 1, Some(false)), ("talks", 2, 2, Some(true))]);
        assert_eq!(h1.unmet, [id("review")]);
        let h2 = one(&s, "2025-H2", "u");
        assert_eq!(h2.unmet, [id("talks")]);
    }

    // A duty of a mechanism in force only from 2025-07-01 is not judged in 2025-H1 (its
    // snapshot leaves the mechanism out), and is from 2025-H2 on.
    #[test]
    fn a_duty_is_judged_once_its_mechanism_is_in_force() {
        let mut m = mechanism("m", &[("review", 1, Per::HalfYear)]);
        m.effective = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let s = site(vec![unit("u", "法院")], vec![m], vec![card_total("u", "2025-H1", 800), card_total("u", "2025-H2", 800)]);
        let h1 = one(&s, "2025-H1", "u");
        assert_eq!(h1.duties[0].met, None);
        assert!(h1.unmet.is_empty());
        assert_eq!(one(&s, "2025-H2", "u").unmet, [id("review")]);
    }

    // A yearly duty is never unmet at H1, and at H2 is judged on H1 + H2 of the same year.
    #[test]
    fn yearly_duty_judged_at_h2_on_both_halves() {
        let mechs = vec![mechanism("m", &[("training", 2, Per::Year)])];
        let with = |mut c: Scorecard, n: u32| {
            c.requirements = vec![(sp(id("training")), n)];
            c
        };
        let cards = vec![
            with(card_total("a", "2024-H2", 800), 5), // a different year: does not count
            card_total("a", "2025-H1", 800),          // 0 at H1: still not unmet
            with(card_total("a", "2025-H2", 800), 1), // 0 + 1 < 2
            with(card_total("b", "2025-H1", 800), 1),
            with(card_total("b", "2025-H2", 800), 1), // 1 + 1 >= 2
            with(card_total("c", "2025-H2", 800), 1), // no H1 card: counts 0
        ];
        let s = site(vec![], mechs, cards);
        let a1 = one(&s, "2025-H1", "a");
        assert_eq!((a1.duties[0].count, a1.duties[0].met), (0, None));
        assert!(a1.unmet.is_empty());
        let a2 = one(&s, "2025-H2", "a");
        assert_eq!((a2.duties[0].count, a2.duties[0].met), (1, Some(false)));
        assert_eq!(a2.unmet, [id("training")]);
        let b2 = one(&s, "2025-H2", "b");
        assert_eq!((b2.duties[0].count, b2.duties[0].met), (2, Some(true)));
        let c2 = one(&s, "2025-H2", "c");
        assert_eq!((c2.duties[0].count, c2.duties[0].met), (1, Some(false)));
        let e = evaluate(&s);
        let tallies = e.period(p("2025-H2")).unwrap().duty_tallies();
        assert_eq!(tallies, [DutyTally { requirement: id("training"), judged: 3, met: 1 }]);
        assert_eq!(tallies[0].unmet(), 2);
        assert_eq!(e.period(p("2025-H1")).unwrap().duty_tallies()[0].judged, 0);
    }

    // Duties follow every mechanism's requirements in order.
    #[test]
    fn duties_in_requirement_order() {
        let mechs = vec![mechanism("m1", &[("r2", 1, Per::HalfYear)]), mechanism("m2", &[("r1", 0, Per::HalfYear)])];
        let s = site(vec![], mechs, vec![card_total("u", "2025-H1", 800)]);
        let r = one(&s, "2025-H1", "u");
        assert_eq!(r.duties.iter().map(|d| d.requirement.as_str()).collect::<Vec<_>>(), ["r2", "r1"]);
        assert_eq!(r.unmet, [id("r2")]);
    }

    // A period's own rubric (another bonus cap, another Σ max) is the one applied.
    #[test]
    fn period_rubric_override() {
        let mut a = card_total("u", "2024-H2", 980);
        a.bonus = adjustments(&[40]);
        let mut b = card_total("u", "2025-H1", 980);
        b.bonus = adjustments(&[40]);
        let mut s = site(vec![], vec![], vec![a, b]);
        let r = s.rubrics.get_mut(&p("2025-H1")).unwrap();
        r.bonus_cap = Tenths(10);
        r.indicators[4].max = Tenths(300); // Σ max 110.0
        assert_eq!(one(&s, "2024-H2", "u").total, Tenths(1000)); // 98.0 + 4.0 clamped to 100.0
        let r = one(&s, "2025-H1", "u");
        assert_eq!((r.bonus, r.total), (Tenths(10), Tenths(990)));
        assert_eq!(r.change, Some(Tenths(-10)));
    }

    // A period with scorecards but no rubric is left out.
    #[test]
    fn period_without_rubric_is_skipped() {
        let mut s = site(vec![], vec![], vec![card_total("u", "2024-H2", 800), card_total("u", "2025-H1", 800)]);
        s.rubrics.remove(&p("2024-H2"));
        let e = evaluate(&s);
        assert_eq!(e.periods.len(), 1);
        assert_eq!(e.period(p("2025-H1")).unwrap().results[0].change, None);
    }

    // Satisfaction is copied through, averages round half up.
    #[test]
    fn satisfaction_and_averages() {
        let mut a = card("a", "2025-H1", &[200, 195, 100, 0, 1]);
        a.satisfaction = Some(sp(Tenths(924)));
        let mut b = card("b", "2025-H1", &[150, 190, 100, 0, 2]);
        b.satisfaction = Some(sp(Tenths(925)));
        let s = site(vec![], vec![], vec![a, b, card("c", "2025-H1", &[100, 190, 101, 0, 2])]);
        assert_eq!(one(&s, "2025-H1", "a").satisfaction, Some(Tenths(924)));
        assert_eq!(one(&s, "2025-H1", "c").satisfaction, None);
        // a: 450/3 = 150; b: 575/3 = 191.67 -> 192; c: 301/3 = 100.33 -> 100; e: 5/3 -> 2.
        let avg = indicator_averages(&s, p("2025-H1"));
        assert_eq!(avg, [(id("a"), Tenths(150)), (id("b"), Tenths(192)), (id("c"), Tenths(100)), (id("d"), Tenths(0)), (id("e"), Tenths(2))]);
        // 组织 = a + b: (395 + 340 + 290) / 3 = 341.67 -> 342; 落实: (101 + 102 + 103) / 3 = 102.
        let groups = group_averages(&s, p("2025-H1"));
        assert_eq!(
            groups,
            [
                GroupAverage { group: "组织".into(), max: Tenths(400), average: Tenths(342), sum: Tenths(1025), units: 3 },
                GroupAverage { group: "落实".into(), max: Tenths(600), average: Tenths(102), sum: Tenths(306), units: 3 }
            ]
        );
        // The rate from the exact sums: 102.5 of 3 × 40 = 85.42 %, where the rounded average
        // 34.2 of 40 would say 85.5 %.
        assert_eq!(format!("{:.1}", groups[0].percent()), "85.4");
        let e = evaluate(&s);
        let r = e.period(p("2025-H1")).unwrap();
        assert_eq!(r.average_satisfaction(), Some(Tenths(925))); // 924.5 rounds up
        assert_eq!(r.average_total(), Some(Tenths(444))); // (49.6 + 44.2 + 39.3) / 3 = 44.37
        assert!(indicator_averages(&s, p("2020-H1")).is_empty());
    }

    // Grade counts follow the rubric's order and include zeros.
    #[test]
    fn grade_counts_in_rubric_order() {
        let cards = vec![card_total("a", "2025-H1", 950), card_total("b", "2025-H1", 920), card_total("c", "2025-H1", 500)];
        let s = site(vec![], vec![], cards);
        let e = evaluate(&s);
        let counts = e.period(p("2025-H1")).unwrap().grade_counts(&rubric());
        let want: Vec<(String, usize)> =
            [("优秀", 2), ("良好", 0), ("合格", 0), ("不合格", 1)].iter().map(|(g, n)| (g.to_string(), *n)).collect();
        assert_eq!(counts, want);
    }

    // A veto grade outside the rubric's grades still shows up in the distribution.
    #[test]
    fn grade_counts_include_a_separate_veto_grade() {
        let mut v = card_total("v", "2025-H1", 950);
        v.veto = Some("否决".into());
        let mut s = site(vec![], vec![], vec![v]);
        for r in s.rubrics.values_mut() {
            r.veto_grade = "否决".into();
        }
        let e = evaluate(&s);
        let mut rb = rubric();
        rb.veto_grade = "否决".into();
        let counts = e.period(p("2025-H1")).unwrap().grade_counts(&rb);
        assert_eq!(counts.last().unwrap(), &("否决".to_string(), 1));
        assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), 1);
    }

    // Follow-up lists vetoed, lowest-graded and duty-failing units in rank order, with reasons.
    #[test]
    fn follow_up_list() {
        let mechs = vec![mechanism("m", &[("review", 1, Per::HalfYear)])];
        let done = |mut c: Scorecard| {
            c.requirements = vec![(sp(id("review")), 1)];
            c
        };
        let mut vetoed = done(card_total("v", "2025-H1", 950));
        vetoed.veto = Some("否决".into());
        let cards = vec![
            done(card_total("good", "2025-H1", 950)),
            card_total("lazy", "2025-H1", 920),
            done(card_total("weak", "2025-H1", 500)),
            vetoed,
        ];
        let s = site(vec![], mechs, cards);
        let e = evaluate(&s);
        let list = e.period(p("2025-H1")).unwrap().follow_up(&rubric());
        let got: Vec<(&str, Vec<Concern>)> = list.iter().map(|f| (f.result.unit.as_str(), f.concerns.clone())).collect();
        assert_eq!(
            got,
            [
                ("lazy", vec![Concern::UnmetDuties]),
                ("weak", vec![Concern::LowGrade]),
                ("v", vec![Concern::Vetoed, Concern::LowGrade]),
            ]
        );
        assert_eq!(Concern::Vetoed.label(), "一票否决");
    }

    // A broken rubric (no grades, negative Σ max) gives odd results but no panic.
    #[test]
    fn broken_rubric_does_not_panic() {
        let mut s = site(vec![], vec![], vec![card_total("u", "2025-H1", 500)]);
        for r in s.rubrics.values_mut() {
            r.grades.clear();
            r.indicators[0].max = Tenths(-1000);
        }
        let r = one(&s, "2025-H1", "u");
        assert_eq!((r.total, r.grade.as_str()), (Tenths::ZERO, "不合格"));
    }
}
