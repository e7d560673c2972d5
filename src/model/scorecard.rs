//! 考核评价: the rubric and each unit's scorecard for a period. Every number is `Tenths`, an
//! exact count of tenths of a point (92.5 is 925), so sums never drift.

use super::base::{Audience, Id, Origin, Period, Ref};
use super::tenths::Tenths;
use crate::yaml::Spanned;
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: Spanned<Id>,
    pub name: String,
    pub max: Tenths,
    pub group: Option<String>,
    pub mechanism: Option<Ref>,
}

#[derive(Clone, Debug)]
pub struct Grade {
    pub name: String,
    pub min: Tenths,
}

#[derive(Clone, Debug)]
pub struct Rubric {
    pub origin: Origin,
    pub title: String,
    pub indicators: Vec<Indicator>,
    pub bonus_cap: Tenths,
    /// Highest first.
    pub grades: Vec<Grade>,
    pub veto_grade: String,
}

impl Rubric {
    /// Σ max.
    pub fn max_total(&self) -> Tenths {
        self.indicators.iter().map(|i| i.max).sum()
    }
}

/// A deduction (扣分) or bonus (加分).
#[derive(Clone, Debug)]
pub struct Adjustment {
    /// Positive.
    pub points: Spanned<Tenths>,
    pub reason: String,
    pub case: Option<Ref>,
    /// A positive model the bonus cites (a bonus only).
    pub model: Option<Ref>,
}

#[derive(Clone, Debug)]
pub struct Scorecard {
    pub origin: Origin,
    pub unit: Ref,
    pub period: Spanned<Period>,
    /// The period named by the folder the file sits in.
    pub folder_period: Period,
    pub assessed_on: Option<NaiveDate>,
    pub assessor: Option<String>,
    /// Indicator id -> score, in file order.
    pub scores: Vec<(Spanned<Id>, Spanned<Tenths>)>,
    /// A percentage, 0.0 to 100.0.
    pub satisfaction: Option<Spanned<Tenths>>,
    pub deductions: Vec<Adjustment>,
    pub bonus: Vec<Adjustment>,
    pub veto: Option<String>,
    /// Requirement id -> times met.
    pub requirements: Vec<(Spanned<Id>, u32)>,
    pub comment: Option<String>,
    pub audience: Audience,
}
