//! The search page. The index it reads is built by `search`; this page only needs to know how
//! many shards and documents there are.

use super::views::Link;
use super::engine::Engine;
use crate::error::Result;
use crate::output::Page;
use serde_json::json;

/// `search/index.html`, for an index of `docs` documents in `shards` shards.
pub fn search_page(engine: &Engine, shards: u32, docs: usize) -> Result<Page> {
    let crumbs = [Link { title: "全文搜索".into(), url: String::new() }];
    let page = json!({ "shards": shards, "docs": docs });
    engine.page("search/index.html", "search.html", "search", "全文搜索", &crumbs, page)
}
