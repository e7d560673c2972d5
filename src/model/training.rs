//! 培训专题 and free pages.

use super::{Audience, Body, Id, Origin, Ref};
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Training {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    pub date: NaiveDate,
    pub duration: Option<String>,
    pub presenter: Option<String>,
    /// Case ids in teaching order.
    pub cases: Vec<Ref>,
    pub mechanisms: Vec<Ref>,
    pub questions: Vec<String>,
    pub audience: Audience,
    pub body: Body,
}

/// A free page (about, guides).
#[derive(Clone, Debug)]
pub struct Page {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    pub audience: Audience,
    pub body: Body,
}
