//! Free pages (about, guides): `pages/<id>/index.html`.

use super::context::{crumbs, Renderer};
use crate::error::Result;
use crate::model::Kind;
use crate::output::{Page, Stream};
use serde_json::json;

pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    r.site
        .pages
        .iter()
        .map(|p| {
            let body = r.body(Kind::Page, &p.id).map(|b| b.html.clone()).unwrap_or_default();
            r.page(&Kind::Page.url(&p.id), "page.html", &format!("page-{}", p.id), &p.title, &crumbs(&[(&p.title, "")]), json!({"body": body, "attachments": r.attachments(Kind::Page, &p.id)}))
        })
        .collect()
}
