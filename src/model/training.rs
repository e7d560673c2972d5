//! 培训专题 and free pages.

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{item_fields, Item, Kind, OfKind, Target};
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
    /// 先进典型 taught beside the cases (正反面典型).
    pub models: Vec<Ref>,
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

impl OfKind for Training {
    const KIND: Kind = Kind::Training;
}

impl Item for Training {
    item_fields!(title);
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn refs(&self) -> Vec<(Target, &Ref)> {
        let cases = self.cases.iter().map(|c| (Target::Item(Kind::Case), c));
        let mechanisms = self.mechanisms.iter().map(|m| (Target::Item(Kind::Mechanism), m));
        cases.chain(mechanisms).chain(self.models.iter().map(|m| (Target::Item(Kind::Model), m))).collect()
    }
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool) {
        self.cases.retain(|c| keep(Kind::Case, &c.value));
        self.mechanisms.retain(|m| keep(Kind::Mechanism, &m.value));
        self.models.retain(|m| keep(Kind::Model, &m.value));
    }
    fn search_fields(&self, body_text: &str) -> Vec<String> {
        vec![body_text.to_string()]
    }
    fn feed_summary(&self, _body_summary: &str) -> Option<String> {
        None
    }
}

impl OfKind for Page {
    const KIND: Kind = Kind::Page;
}

impl Item for Page {
    item_fields!(title);
    fn date(&self) -> Option<NaiveDate> {
        None
    }
    fn refs(&self) -> Vec<(Target, &Ref)> {
        Vec::new()
    }
    fn retain_refs(&mut self, _keep: &dyn Fn(Kind, &Id) -> bool) {}
    fn search_fields(&self, body_text: &str) -> Vec<String> {
        vec![body_text.to_string()]
    }
    fn feed_summary(&self, _body_summary: &str) -> Option<String> {
        None
    }
}
