//! 典型案例: a typical case used for warning education.

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{Item, Kind, OfKind, Target};
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

impl OfKind for Case {
    const KIND: Kind = Kind::Case;
}

impl Item for Case {
    fn kind(&self) -> Kind {
        Self::KIND
    }
    fn id(&self) -> &Id {
        &self.id
    }
    fn origin(&self) -> &Origin {
        &self.origin
    }
    fn audience(&self) -> Audience {
        self.audience
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn body(&self) -> &Body {
        &self.body
    }
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn refs(&self) -> Vec<(Target, &Ref)> {
        let unit = self.unit.iter().map(|u| (Target::Unit, u));
        unit.chain(self.mechanisms.iter().map(|m| (Target::Item(Kind::Mechanism), m))).collect()
    }
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool) {
        self.mechanisms.retain(|m| keep(Kind::Mechanism, &m.value));
    }
    fn search_fields(&self, body_text: &str) -> Vec<String> {
        vec![
            self.summary.clone().unwrap_or_default(),
            body_text.to_string(),
            self.violations.join(" "),
            self.tags.join(" "),
            self.disposition.clone(),
        ]
    }
    fn feed_summary(&self, body_summary: &str) -> Option<String> {
        Some(self.summary.clone().unwrap_or_else(|| body_summary.to_string()))
    }
}
