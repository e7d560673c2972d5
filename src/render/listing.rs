//! Case listings, made once for every page that lists cases: the order newest first, each
//! case's listing row rendered once (listings of 10,000 cases reuse the rows instead of running
//! the template per entry), and the cases of each violation type and tag.

use super::views::{CaseView, Terms};
use super::engine::Engine;
use crate::bodies::Bodies;
use crate::error::{Error, Result};
use crate::memo;
use crate::model::{Case, Kind};
use crate::output::root_of;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashMap;

/// Stands for a page's root in pre-rendered fragments; never occurs in content.
const ROOT: &str = "\u{1}ROOT\u{1}";

pub struct Listing {
    /// Case indices, newest first.
    pub newest_first: Vec<usize>,
    /// Each case's place in `newest_first`.
    place: Vec<usize>,
    /// Each case's listing row, with `ROOT` standing for the page's root.
    rows: Vec<String>,
    /// Case indices (newest first) by violation type and by tag.
    pub by_violation: HashMap<String, Vec<usize>>,
    pub by_tag: HashMap<String, Vec<usize>>,
}

/// The view of a case in listings and on pages that name it.
pub fn case_view(site: &Site, terms: &Terms, bodies: &Bodies, c: &Case) -> CaseView {
    let summary = bodies.get(Kind::Case, &c.id).map_or("", |b| b.summary.as_str());
    CaseView::new(c, site, terms, summary)
}

impl Listing {
    pub fn new(site: &Site, bodies: &Bodies, terms: &Terms, engine: &Engine) -> Result<Listing> {
        let cases = &site.cases;
        let mut newest_first: Vec<usize> = (0..cases.len()).collect();
        newest_first.sort_by(|&a, &b| cases[b].date.cmp(&cases[a].date).then(cases[a].id.cmp(&cases[b].id)));
        let mut place = vec![0; cases.len()];
        for (n, &i) in newest_first.iter().enumerate() {
            place[i] = n;
        }
        let mut by_violation: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_tag: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &newest_first {
            let c = &cases[i];
            for (map, terms) in [(&mut by_violation, &c.violations), (&mut by_tag, &c.tags)] {
                for t in terms {
                    let list = map.entry(t.clone()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let rows: Result<Vec<String>> = cases
            .par_iter()
            .with_max_len(crate::TASK_LEN)
            .map(|c| {
                let view = case_view(site, terms, bodies, c);
                let render = || engine.fragment("case_item.html", "c", &view, ROOT);
                match engine.memo {
                    None => render(),
                    Some(m) => {
                        let text = serde_json::to_string(&view).map_err(|e| Error::Template(e.to_string()))?;
                        let fp = memo::Fingerprint::default().u128(engine.templates_fp).str("case_item.html").str(ROOT).str(&text).finish();
                        m.row(fp, render)
                    }
                }
            })
            .collect();
        Ok(Listing { newest_first, place, rows: rows?, by_violation, by_tag })
    }

    /// The listing rows of the given cases (indices), in that order, for a page whose root is
    /// `root`.
    pub fn rows(&self, cases: &[usize], root: &str) -> String {
        let mut out = String::with_capacity(cases.len() * 700);
        for &i in cases {
            // The row split at each `ROOT`, joined with the page's own root.
            let mut parts = self.rows[i].split(ROOT);
            if let Some(first) = parts.next() {
                out.push_str(first);
            }
            for part in parts {
                out.push_str(root);
                out.push_str(part);
            }
        }
        out
    }

    /// The rows of the cases (indices, any order), newest first, for the page at `path`, and
    /// how many there are.
    pub fn rows_newest(&self, cases: &[usize], path: &str) -> (String, usize) {
        let mut list = cases.to_vec();
        list.sort_by_key(|&i| self.place[i]);
        (self.rows(&list, &root_of(path)), list.len())
    }

    /// The rows of a page's cases, looked up by term in `by_violation` or `by_tag`.
    pub fn rows_for(&self, map: &HashMap<String, Vec<usize>>, term: &str, path: &str) -> (String, usize) {
        let list = map.get(term).map(Vec::as_slice).unwrap_or(&[]);
        (self.rows(list, &root_of(path)), list.len())
    }
}
