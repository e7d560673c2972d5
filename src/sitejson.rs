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
    pub mechanisms: Vec<MechanismEntry>,
    pub scorecards: Vec<ScorecardEntry>,
    pub site: SiteEntry,
    pub trainings: Vec<TrainingEntry>,
    pub units: Vec<UnitEntry>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SiteEntry {
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

/// `data/content.json`: the Markdown of every mechanism, kept in snapshots for the redline of a
/// later comparison.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ContentJson {
    pub mechanisms: Vec<MechanismText>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MechanismText {
    pub id: String,
    pub status: String,
    pub text: String,
    pub title: String,
}

/// The file's bytes: pretty-printed, with a final newline.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
