//! The shapes of `data/site.json` and `data/content.json` (SPEC §5.1), as types: written by
//! `export`, read back from a snapshot by the changes page. One definition serves both, so a
//! field cannot be written under one name and read under another, and a damaged snapshot is an
//! error that names the file instead of a page of blanks.
//!
//! Fields are declared in alphabetical order: that is the order of the keys in the file.
//! Depends on `model` only.

use crate::model::{Form, Tenths};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SiteJson {
    pub cases: Vec<CaseEntry>,
    #[serde(default)]
    pub inspections: Vec<InspectionEntry>,
    pub mechanisms: Vec<MechanismEntry>,
    #[serde(default)]
    pub models: Vec<ModelEntry>,
    #[serde(default)]
    pub rectifications: Vec<RectificationEntry>,
    pub scorecards: Vec<ScorecardEntry>,
    pub site: SiteEntry,
    pub trainings: Vec<TrainingEntry>,
    pub units: Vec<UnitEntry>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SiteEntry {
    /// The reference date of the ledger, `YYYY-MM-DD` (absent in snapshots made before it).
    #[serde(default)]
    pub as_of: Option<String>,
    pub audience: String,
    /// The current period, `YYYY-H1`.
    pub period: Option<String>,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MechanismEntry {
    pub category: String,
    pub effective: String,
    pub id: String,
    pub requirements: Vec<String>,
    pub sha256: String,
    pub status: String,
    pub supersedes: Vec<String>,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseEntry {
    pub date: String,
    pub form: Form,
    pub id: String,
    pub mechanisms: Vec<String>,
    pub sha256: String,
    pub title: String,
    pub unit: Option<String>,
    pub violations: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TrainingEntry {
    pub cases: Vec<String>,
    pub date: String,
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UnitEntry {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    #[serde(rename = "type")]
    pub unit_type: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScorecardEntry {
    pub change: Option<Tenths>,
    pub grade: String,
    pub period: String,
    pub rank: u32,
    pub rank_in_type: u32,
    pub satisfaction: Option<Tenths>,
    pub total: Tenths,
    pub unit: String,
    pub unmet: Vec<String>,
    pub vetoed: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InspectionEntry {
    pub date: String,
    pub id: String,
    pub kind: String,
    pub title: String,
    pub units: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModelEntry {
    pub date: String,
    pub honour: String,
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RectificationEntry {
    pub deadline: String,
    pub done_on: Option<String>,
    pub found_on: String,
    pub id: String,
    /// `{"inspection": id}`, `{"case": id}` or `{"text": "..."}`; the id is null when a public
    /// build withholds the source; null when the ledger names none.
    pub source: Option<std::collections::BTreeMap<String, Option<String>>>,
    /// `done-late`, `done`, `open` or `overdue` on the reference date.
    pub state: String,
    /// `open` or `done`, as known on the reference date.
    pub status: String,
    pub unit: String,
}

/// `data/content.json`: the Markdown of every mechanism and its duties in full, kept in snapshots
/// so that a later comparison can mark what changed in either.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ContentJson {
    pub mechanisms: Vec<MechanismText>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MechanismText {
    pub id: String,
    /// Absent in snapshots made before duties were recorded: a comparison then knows only the
    /// ids (from `site.json`).
    #[serde(default)]
    pub requirements: Vec<RequirementText>,
    pub status: String,
    pub text: String,
    pub title: String,
}

/// A duty as written in the mechanism's front matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementText {
    pub at_least: u32,
    pub id: String,
    /// `half-year` or `year`.
    pub per: String,
    pub text: String,
}

/// The file's bytes: pretty-printed, with a final newline.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_json_without_duties_still_reads() {
        let old = r#"{"mechanisms": [{"id": "m", "status": "in-force", "text": "正文", "title": "制度"}]}"#;
        let c: ContentJson = serde_json::from_str(old).unwrap();
        assert!(c.mechanisms[0].requirements.is_empty());
    }

    #[test]
    fn duties_are_written_with_their_fields_in_order() {
        let c = ContentJson {
            mechanisms: vec![MechanismText {
                id: "m".into(),
                requirements: vec![RequirementText { at_least: 2, id: "q".into(), per: "year".into(), text: "每年两次".into() }],
                status: "in-force".into(),
                text: String::new(),
                title: "制度".into(),
            }],
        };
        let s = String::from_utf8(to_bytes(&c)).unwrap();
        let (a, i, p, t) = (s.find("\"at_least\"").unwrap(), s.find("\"id\": \"q\"").unwrap(), s.find("\"per\"").unwrap(), s.find("\"text\": \"每年").unwrap());
        assert!(a < i && i < p && p < t, "{s}");
    }
}
