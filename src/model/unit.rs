//! 单位: a unit of the political-legal system.

use super::base::{Id, Ref};
use crate::source::Pos;

#[derive(Clone, Debug)]
pub struct Unit {
    pub id: Id,
    pub id_pos: Pos,
    pub name: String,
    /// 政法委 | 法院 | 检察院 | 公安 | 司法行政, free text.
    pub unit_type: String,
    pub parent: Option<Ref>,
}
