//! Offline full-text search (SPEC §5.2). Placeholder: the index and page are not built yet.

use crate::error::Result;
use crate::render::Renderer;

/// Every file of the search feature: `search/index.html` and its index shards.
pub fn pages(_r: &Renderer) -> Result<Vec<(String, Vec<u8>)>> {
    Ok(Vec::new())
}
