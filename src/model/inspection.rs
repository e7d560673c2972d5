//! 督导检查: what an inspection (明察暗访, 专项督查, 交叉检查, 回访复查) found, with the units it
//! looked at.

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{item_fields, Item, Kind, OfKind, Target};
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Inspection {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    pub date: NaiveDate,
    /// The kind of inspection, free text (明察暗访, 交叉检查 …): the listing filters by it.
    pub kind: String,
    /// 检查单位.
    pub inspector: String,
    /// The units inspected.
    pub units: Vec<Ref>,
    pub mechanisms: Vec<Ref>,
    pub tags: Vec<String>,
    pub audience: Audience,
    pub body: Body,
}

impl OfKind for Inspection {
    const KIND: Kind = Kind::Inspection;
}

impl Item for Inspection {
    item_fields!(title);
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn refs(&self) -> Vec<(Target, &Ref)> {
        let units = self.units.iter().map(|u| (Target::Unit, u));
        units.chain(self.mechanisms.iter().map(|m| (Target::Item(Kind::Mechanism), m))).collect()
    }
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool) {
        self.mechanisms.retain(|m| keep(Kind::Mechanism, &m.value));
    }
    fn search_fields(&self, body_text: &str) -> Vec<String> {
        vec![body_text.to_string(), self.kind.clone(), self.inspector.clone(), self.tags.join(" ")]
    }
    fn feed_summary(&self, _body_summary: &str) -> Option<String> {
        Some(format!("{} · {}", self.inspector, self.kind))
    }
}
