//! The Markdown stage: the body of every item of every kind rendered once, in parallel, into
//! HTML, plain text (for search), a summary and its headings — shared by pages, listings,
//! search and exports. Links in Markdown are resolved here against the site's link table, and a
//! link to a page that does not exist is a warning where it is written.
//! Depends on `site`, `markdown`, `memo`, `diag`.

use crate::diag::Diagnostics;
use crate::markdown::{self, Links};
use crate::memo::MemoRun;
use crate::model::{Audience, Id, Kind};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// One item's Markdown, rendered.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub html: String,
    pub text: String,
    pub summary: String,
    pub headings: Vec<(u8, String, String)>,
}

/// Rendered Markdown of every item, by kind and id, and of the home page.
#[derive(Default)]
pub struct Bodies {
    by_kind: [HashMap<Id, Body>; Kind::COUNT],
    pub home: Option<Body>,
}

impl Bodies {
    pub fn get(&self, kind: Kind, id: &Id) -> Option<&Body> {
        self.by_kind[kind.index()].get(id)
    }

    /// The plain text of an item's body, empty when it has none.
    pub fn text(&self, kind: Kind, id: &Id) -> &str {
        self.get(kind, id).map_or("", |b| b.text.as_str())
    }

    /// Give the bodies of one kind back, to be freed elsewhere.
    pub fn take(&mut self, kind: Kind) -> HashMap<Id, Body> {
        std::mem::take(&mut self.by_kind[kind.index()])
    }
}

/// Where the links of the site's Markdown can point.
struct SiteLinks {
    /// Content path (`cases/a.md`) -> site path.
    by_file: HashMap<String, String>,
    /// Every site path that exists (`cases/a/index.html`).
    pages: HashSet<String>,
    /// Items left out of this build, as `cases/a.md` and `cases/id`.
    withheld: HashSet<String>,
}

impl Links for SiteLinks {
    fn resolve(&self, target: &str) -> markdown::Target {
        let found = self.find(target);
        match found {
            Some(p) => markdown::Target::Page(p),
            None if self.withheld.contains(target.trim_start_matches("@/").trim_start_matches('/').trim_end_matches('/')) => {
                markdown::Target::Withheld
            }
            None => markdown::Target::Missing(where_it_would_be(target)),
        }
    }
}

/// The site path a link to a missing page keeps: where the page would be (`@/cases/某案.md`
/// -> `cases/mou-an/index.html`, as for a file of that name without an `id`), else the path as
/// written (`/cases/x/` -> `cases/x/`).
fn where_it_would_be(target: &str) -> String {
    let Some(file) = target.strip_prefix("@/") else { return target.trim_start_matches('/').to_string() };
    let page = file.split_once('/').and_then(|(folder, name)| {
        let kind = Kind::ALL.into_iter().find(|k| k.folder() == folder && k.is_markdown())?;
        let stem = name.strip_suffix(".md").filter(|s| !s.contains('/'))?;
        let id = Id::parse(stem).or_else(|| Id::parse(&crate::slug::slugify(stem)))?;
        Some(kind.url(&id))
    });
    page.unwrap_or_else(|| file.to_string())
}

impl SiteLinks {
    /// Every item of every kind, every unit and the section pages this site builds.
    fn of(site: &Site) -> SiteLinks {
        let mut by_file = HashMap::new();
        let mut pages = HashSet::new();
        for item in site.items.each().filter(|i| i.kind().is_markdown()) {
            let url = item.kind().url(item.id());
            if let Some(name) = item.origin().file.path.file_name().and_then(|n| n.to_str()) {
                by_file.insert(format!("{}/{name}", item.kind().folder()), url.clone());
            }
            pages.insert(url);
        }
        by_file.insert("_index.md".into(), "index.html".into());
        for u in &site.units {
            pages.insert(format!("units/{}/index.html", u.id));
        }
        let has_tags = site.cases.iter().any(|c| !c.tags.is_empty()) || site.mechanisms.iter().any(|m| !m.tags.is_empty());
        for (s, built) in [
            ("index.html", true),
            ("mechanisms/index.html", true),
            ("cases/index.html", true),
            ("violations/index.html", true),
            ("units/index.html", !site.units.is_empty()),
            ("trainings/index.html", !site.trainings.is_empty()),
            ("tags/index.html", has_tags),
            ("scorecards/index.html", !site.periods.is_empty()),
            ("inspections/index.html", !site.inspections.is_empty()),
            ("models/index.html", !site.models.is_empty()),
            ("rectifications/index.html", !site.rectifications.is_empty()),
            ("changes/index.html", true),
        ] {
            if built {
                pages.insert(s.to_string());
            }
        }
        SiteLinks { by_file, pages, withheld: site.withheld.clone() }
    }

    fn find(&self, target: &str) -> Option<String> {
        if let Some(file) = target.strip_prefix("@/") {
            return self.by_file.get(file).cloned();
        }
        let path = target.trim_start_matches('/');
        let candidates = if path.is_empty() {
            vec!["index.html".to_string()]
        } else if path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates.into_iter().find(|c| self.pages.contains(c))
    }
}

/// Markdown of every item rendered once, in parallel, reusing `memo`'s earlier results where
/// the inputs are the same. Links to missing pages become warnings at the line and column where
/// they are written.
pub fn render(site: &Site, diags: &mut Diagnostics, memo: Option<&MemoRun>) -> Bodies {
    let links = SiteLinks::of(site);
    let sanitise = site.audience == Audience::Public;
    let strict_sink = diags.sibling();

    // (kind, or None for the home page; the item's id, body and file)
    type Job<'b> = (Option<Kind>, &'b Id, &'b crate::model::Body, &'b crate::load::File);
    let mut jobs: Vec<Job> =
        site.items.each().filter(|i| i.kind().is_markdown()).map(|i| (Some(i.kind()), i.id(), i.body(), &i.origin().file)).collect();
    if let Some(h) = &site.home {
        jobs.push((None, &h.id, &h.body, &h.origin.file));
    }
    let done: Vec<(Option<Kind>, Id, Body, Diagnostics)> = jobs
        .par_iter()
        .with_max_len(crate::TASK_LEN)
        .map(|(kind, id, body, file)| {
            let root = if kind.is_none() { "" } else { "../../" };
            let r = match memo {
                Some(m) => m.markdown(&body.markdown, root, &links, sanitise),
                None => markdown::render(&body.markdown, root, &links, sanitise),
            };
            let mut d = strict_sink.sibling();
            if !r.broken_links.is_empty() {
                let body_start = file.offset(crate::source::Pos::new(body.first_line, 1));
                for (off, target) in &r.broken_links {
                    let pos = file.pos(body_start + off);
                    d.warning(file, pos, format!("链接 \"{target}\" 指向的页面不存在")).help =
                        Some("链接保留在页面上, 但点开找不到页面; 站内链接写成 @/cases/文件名.md 或 /cases/标识/, 请检查文件名或标识".into());
                }
            }
            let summary = truncate(&r.first_paragraph, 120);
            (*kind, (*id).clone(), Body { html: r.html, text: r.text, summary, headings: r.headings }, d)
        })
        .collect();
    let mut bodies = Bodies::default();
    for (kind, id, body, d) in done {
        diags.extend(d);
        match kind {
            Some(k) => {
                bodies.by_kind[k.index()].insert(id, body);
            }
            None => bodies.home = Some(body),
        }
    }
    bodies
}

/// At most `n` characters, with an ellipsis when cut.
pub fn truncate(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}
