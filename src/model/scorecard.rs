//! 考核评价: the rubric and each unit's scorecard for a period. Every number is an exact count
//! of tenths (92.5 is 925), so sums never drift.

use super::base::{Audience, Id, Origin, Period, Ref};
use crate::yaml::Spanned;
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: Spanned<Id>,
    pub name: String,
    /// Tenths.
    pub max: i64,
    pub group: Option<String>,
    pub mechanism: Option<Ref>,
}

#[derive(Clone, Debug)]
pub struct Grade {
    pub name: String,
    /// Tenths.
    pub min: i64,
}

#[derive(Clone, Debug)]
pub struct Rubric {
    pub origin: Origin,
    pub title: String,
    pub indicators: Vec<Indicator>,
    /// Tenths.
    pub bonus_cap: i64,
    /// Highest first.
    pub grades: Vec<Grade>,
    pub veto_grade: String,
}

impl Rubric {
    /// Σ max, in tenths.
    pub fn max_total(&self) -> i64 {
        self.indicators.iter().map(|i| i.max).sum()
    }
}

/// A deduction (扣分) or bonus (加分).
#[derive(Clone, Debug)]
pub struct Adjustment {
    /// Tenths, positive.
    pub points: Spanned<i64>,
    pub reason: String,
    pub case: Option<Ref>,
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
    /// Indicator id -> tenths, in file order.
    pub scores: Vec<(Spanned<Id>, Spanned<i64>)>,
    /// Tenths of a percent.
    pub satisfaction: Option<Spanned<i64>>,
    pub deductions: Vec<Adjustment>,
    pub bonus: Vec<Adjustment>,
    pub veto: Option<String>,
    /// Requirement id -> times met.
    pub requirements: Vec<(Spanned<Id>, u32)>,
    pub comment: Option<String>,
    pub audience: Audience,
}
