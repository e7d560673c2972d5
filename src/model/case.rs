//! 典型案例: a typical case used for warning education.

use super::{Audience, Body, Id, Origin, Ref};
use crate::yaml::Spanned;
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Case {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    pub date: NaiveDate,
    pub unit: Option<Ref>,
    pub violations: Vec<String>,
    /// 四种形态, 1..=4.
    pub form: u8,
    pub disposition: String,
    pub notified_by: Option<String>,
    pub mechanisms: Vec<Ref>,
    /// Names as written, with positions for the anonymisation check.
    pub persons: Vec<Spanned<String>>,
    pub summary: Option<String>,
    pub questions: Vec<String>,
    pub tags: Vec<String>,
    pub audience: Audience,
    pub body: Body,
}

/// The label of a form of the "four forms" (四种形态) of supervision and discipline.
pub fn form_label(form: u8) -> &'static str {
    match form {
        1 => "第一种形态",
        2 => "第二种形态",
        3 => "第三种形态",
        _ => "第四种形态",
    }
}

/// What each form means in practice, for a reader new to the term.
pub fn form_meaning(form: u8) -> &'static str {
    match form {
        1 => "批评教育、谈话提醒、诫勉",
        2 => "党纪轻处分、组织调整",
        3 => "党纪重处分、重大职务调整",
        _ => "严重违纪涉嫌违法立案审查",
    }
}

impl Case {
    pub fn form_label(&self) -> &'static str {
        form_label(self.form)
    }
}
