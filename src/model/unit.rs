//! 单位: a unit of the political-legal system.

use super::base::{Id, Period, Ref};
use crate::source::Pos;

#[derive(Clone, Debug)]
pub struct Unit {
    pub id: Id,
    pub id_pos: Pos,
    pub name: String,
    /// 政法委 | 法院 | 检察院 | 公安 | 司法行政, free text.
    pub unit_type: String,
    pub parent: Option<Ref>,
    /// The first half-year the unit is assessed in (a unit set up later), and the last (one
    /// merged or abolished): outside them it has no scorecard and is not 未报送.
    pub from: Option<Period>,
    pub until: Option<Period>,
}

impl Unit {
    /// Whether the unit is assessed in `p`.
    pub fn assessed_in(&self, p: Period) -> bool {
        self.from.is_none_or(|f| p >= f) && self.until.is_none_or(|u| p <= u)
    }
}
