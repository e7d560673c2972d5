//! 先进典型: a positive model the incentive mechanism praises — a collective or a person, with
//! the honour conferred and the deeds in the body.

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{item_fields, Item, Kind, OfKind, Target};
use chrono::NaiveDate;

/// 先进集体 or 先进个人.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    Collective,
    Individual,
}

impl ModelKind {
    pub fn parse(s: &str) -> Option<ModelKind> {
        match s {
            // The words the pages show are read as well.
            "collective" | "先进集体" | "集体" => Some(ModelKind::Collective),
            "individual" | "先进个人" | "个人" => Some(ModelKind::Individual),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Collective => "collective",
            ModelKind::Individual => "individual",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::Collective => "先进集体",
            ModelKind::Individual => "先进个人",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Model {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    /// 表彰时间.
    pub date: NaiveDate,
    /// 荣誉称号.
    pub honour: String,
    pub kind: ModelKind,
    pub unit: Option<Ref>,
    /// Names, real ones allowed: public praise (the redaction list still applies).
    pub persons: Vec<String>,
    pub mechanisms: Vec<Ref>,
    pub tags: Vec<String>,
    pub audience: Audience,
    pub body: Body,
}

impl OfKind for Model {
    const KIND: Kind = Kind::Model;
}

impl Item for Model {
    item_fields!(title);
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
        vec![body_text.to_string(), self.honour.clone(), self.persons.join(" "), self.tags.join(" ")]
    }
    fn feed_summary(&self, _body_summary: &str) -> Option<String> {
        Some(format!("{} · {}", self.honour, self.kind.label()))
    }
}
