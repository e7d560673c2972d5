//! Training materials (SPEC §5): the print-ready handout and the self-contained slide deck of
//! each session. Placeholder: not built yet.

use super::Renderer;
use crate::error::Result;
use crate::model::Training;

/// `trainings/<id>/handout.html` and `trainings/<id>/slides.html`.
pub fn materials(_r: &Renderer, _t: &Training) -> Result<Vec<(String, Vec<u8>)>> {
    Ok(Vec::new())
}
