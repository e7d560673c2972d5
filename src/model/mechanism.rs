//! 制度机制: a mechanism document with its duties (requirements).

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{item_fields, Item, Kind, OfKind, Target};
use crate::yaml::Spanned;
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    InForce,
    Revised,
    Repealed,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            // The words the pages show are read as well: an office writes what it reads.
            "in-force" | "现行有效" => Some(Status::InForce),
            "revised" | "已修订" => Some(Status::Revised),
            "repealed" | "已废止" => Some(Status::Repealed),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in-force",
            Status::Revised => "revised",
            Status::Repealed => "repealed",
        }
    }
    /// 现行有效 / 已修订 / 已废止.
    pub fn label(self) -> &'static str {
        match self {
            Status::InForce => "现行有效",
            Status::Revised => "已修订",
            Status::Repealed => "已废止",
        }
    }
}

/// How often a duty falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    HalfYear,
    Year,
}

impl Per {
    pub fn parse(s: &str) -> Option<Per> {
        match s {
            "half-year" | "每半年" => Some(Per::HalfYear),
            "year" | "每年" => Some(Per::Year),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Per::HalfYear => "half-year",
            Per::Year => "year",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Per::HalfYear => "每半年",
            Per::Year => "每年",
        }
    }
}

/// A duty a unit must meet, e.g. "每半年至少开展一次作风评议".
#[derive(Clone, Debug)]
pub struct Requirement {
    pub id: Spanned<Id>,
    pub text: String,
    pub at_least: u32,
    pub per: Per,
    /// The first half-year the duty is judged in, when it was added to a mechanism already in
    /// force: earlier half-years are not judged against it.
    pub from: Option<super::base::Period>,
}

#[derive(Clone, Debug)]
pub struct Mechanism {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    pub category: String,
    pub order: Option<i64>,
    pub issuer: String,
    pub doc_number: Option<String>,
    pub effective: NaiveDate,
    pub status: Status,
    pub supersedes: Vec<Ref>,
    pub tags: Vec<String>,
    pub audience: Audience,
    pub requirements: Vec<Requirement>,
    pub body: Body,
}

impl OfKind for Mechanism {
    const KIND: Kind = Kind::Mechanism;
}

impl Item for Mechanism {
    item_fields!(title);
    fn date(&self) -> Option<NaiveDate> {
        Some(self.effective)
    }
    fn refs(&self) -> Vec<(Target, &Ref)> {
        self.supersedes.iter().map(|r| (Target::Item(Kind::Mechanism), r)).collect()
    }
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool) {
        self.supersedes.retain(|s| keep(Kind::Mechanism, &s.value));
    }
    fn search_fields(&self, body_text: &str) -> Vec<String> {
        let reqs: Vec<&str> = self.requirements.iter().map(|q| q.text.as_str()).collect();
        vec![body_text.to_string(), reqs.join(" "), self.doc_number.clone().unwrap_or_default(), self.tags.join(" ")]
    }
    fn feed_summary(&self, _body_summary: &str) -> Option<String> {
        Some(format!("{} · {} · {}", self.issuer, self.category, self.status.label()))
    }
}
