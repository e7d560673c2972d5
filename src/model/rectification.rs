//! 整改台账: one problem to rectify — whose it is, where it was found, who owns it, by when,
//! with which measures, and how it ended. Its state (已办结, 逾期办结, 整改中, 已逾期) depends on
//! the reference date of the build and is judged by `ledger`.

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{item_fields, Item, Kind, OfKind, Target};
use crate::yaml::Spanned;
use chrono::NaiveDate;

/// Where a problem was found.
#[derive(Clone, Debug)]
pub enum Source {
    Inspection(Ref),
    Case(Ref),
    /// Anything else, in words: 单位自查, 群众来信 …
    Text(String),
    /// A source a public build leaves out: only its kind is shown.
    Withheld(Kind),
}

/// 整改中 (open) or 已办结 (done), as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Open,
    Done,
}

#[derive(Clone, Debug)]
pub struct Rectification {
    pub id: Id,
    pub origin: Origin,
    pub unit: Ref,
    pub problem: String,
    /// Where it was found, if the ledger says.
    pub source: Option<Source>,
    pub found_on: Spanned<NaiveDate>,
    /// 整改责任人: a post, or an anonymised name.
    pub owner: Option<String>,
    /// 整改时限.
    pub deadline: NaiveDate,
    /// 整改措施.
    pub measures: Vec<String>,
    pub status: Status,
    /// When it was done; `Some` exactly when `status` is done.
    pub done_on: Option<NaiveDate>,
    /// 办结和反馈情况; `Some` when done.
    pub feedback: Option<String>,
    pub audience: Audience,
    /// Always empty: an item has no Markdown.
    pub body: Body,
}

impl OfKind for Rectification {
    const KIND: Kind = Kind::Rectification;
}

impl Item for Rectification {
    item_fields!(problem);
    fn date(&self) -> Option<NaiveDate> {
        Some(self.found_on.value)
    }
    fn refs(&self) -> Vec<(Target, &Ref)> {
        let source = match &self.source {
            Some(Source::Inspection(r)) => Some((Target::Item(Kind::Inspection), r)),
            Some(Source::Case(r)) => Some((Target::Item(Kind::Case), r)),
            _ => None,
        };
        std::iter::once((Target::Unit, &self.unit)).chain(source).collect()
    }
    fn retain_refs(&mut self, keep: &dyn Fn(Kind, &Id) -> bool) {
        // The item stays; a withheld source is named by its kind alone.
        let withheld = match &self.source {
            Some(Source::Inspection(r)) if !keep(Kind::Inspection, &r.value) => Some(Kind::Inspection),
            Some(Source::Case(r)) if !keep(Kind::Case, &r.value) => Some(Kind::Case),
            _ => None,
        };
        if let Some(kind) = withheld {
            self.source = Some(Source::Withheld(kind));
        }
    }
    fn search_fields(&self, _body_text: &str) -> Vec<String> {
        let mut fields = vec![self.owner.clone().unwrap_or_default(), self.measures.join(" ")];
        if let Some(Source::Text(t)) = &self.source {
            fields.push(t.clone());
        }
        fields.extend(self.feedback.clone());
        fields
    }
    fn feed_summary(&self, _body_summary: &str) -> Option<String> {
        None
    }
}
