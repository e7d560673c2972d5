//! 典型案例: a typical case used for warning education.

use super::base::{Audience, Body, Id, Origin, Ref};
use super::kind::{item_fields, Item, Kind, OfKind, Target};
use crate::yaml::Spanned;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug)]
pub struct Case {
    pub id: Id,
    pub origin: Origin,
    pub title: String,
    pub date: NaiveDate,
    pub unit: Option<Ref>,
    pub violations: Vec<String>,
    pub form: Form,
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

/// One of the "four forms" (四种形态) of supervision and discipline, 1 to 4. Made only by
/// `Form::new`, which refuses any other number, so a case's form is always one of the four.
/// Written (site.json, template views) as the plain number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Form(u8);

impl Form {
    /// The four forms, in order.
    pub const ALL: [Form; 4] = [Form(1), Form(2), Form(3), Form(4)];

    /// The form numbered `n`; None unless 1 to 4.
    pub fn new(n: i64) -> Option<Form> {
        (1..=4).contains(&n).then_some(Form(n as u8))
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "第一种形态",
            2 => "第二种形态",
            3 => "第三种形态",
            _ => "第四种形态",
        }
    }

    /// What the form means in practice, for a reader new to the term.
    pub fn meaning(self) -> &'static str {
        match self.0 {
            1 => "批评教育、谈话提醒、诫勉",
            2 => "党纪轻处分、组织调整",
            3 => "党纪重处分、重大职务调整",
            _ => "严重违纪涉嫌违法立案审查",
        }
    }
}

impl Serialize for Form {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

/// Read back from a snapshot's site.json: a number other than 1 to 4 is an error.
impl<'de> Deserialize<'de> for Form {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Form, D::Error> {
        let n = u8::deserialize(d)?;
        Form::new(i64::from(n)).ok_or_else(|| serde::de::Error::custom(format!("形态 form 应为 1 到 4, 实际为 {n}")))
    }
}

impl OfKind for Case {
    const KIND: Kind = Kind::Case;
}

impl Item for Case {
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

#[cfg(test)]
mod tests {
    use super::*;

    // Only 1 to 4 make a form, and a form is written and read as its plain number.
    #[test]
    fn four_forms_only() {
        assert_eq!(Form::new(0), None);
        assert_eq!(Form::new(5), None);
        assert_eq!(Form::ALL.map(|f| f.number()), [1, 2, 3, 4]);
        assert_eq!(Form::new(2).map(Form::label), Some("第二种形态"));
        assert_eq!(serde_json::to_string(&Form::ALL[2]).unwrap(), "3");
        assert_eq!(serde_json::from_str::<Form>("4").unwrap(), Form::ALL[3]);
        assert!(serde_json::from_str::<Form>("7").is_err());
    }
}
