//! The portal's pages: the validated site, its evaluation and its rendered Markdown become
//! HTML pages. The only users of Tera.
//!
//! `Engine` runs templates: every template gets the same small shared context plus the values
//! of its own page, never a copy of the whole site. `Renderer` is what page families read: the
//! site, the evaluation, the bodies, and the listings made once for all pages. Each page family
//! lives in a file of its own and is registered once, in `FAMILIES`; the pipeline in `build`
//! runs their jobs beside the search index and the exports.
//! Depends on `site`, `evaluate`, `bodies`, `archive` (the frame), `output`, `memo`.

pub mod changes;
pub mod charts;
mod case;
mod context;
mod engine;
mod home;
mod inspection;
pub mod ledger;
mod listing;
mod mechanism;
mod model;
mod page;
pub mod scorecards;
mod search;
pub mod templates;
pub mod training;
mod unit;
pub mod views;

pub use context::Renderer;
pub use engine::Engine;
pub use listing::Listing;
pub use search::search_page;

use crate::bodies::{Bodies, Body};
use crate::error::Result;
use crate::model::{Item, Kind};
use crate::output::{Page, Stream};
use rayon::prelude::*;

/// A page family: every page of one kind of page, handed to the stream as they are made (or
/// returned, to be handed on by the caller).
type Family = fn(&Renderer, &Stream) -> Result<Vec<Page>>;

/// Every page family of the portal, in the order their jobs start. The jobs that run on one
/// thread for long (the 10,000-row case list, the term pages) come first and the ones that
/// split into many small tasks (unit, mechanism and case pages) last: rayon gives each core
/// one half of the list, and the core with the one-thread jobs joins the other half's loops
/// once it is done, so neither waits at the end.
const FAMILIES: &[(&str, Family)] = &[
    ("case index", case::index),
    ("term pages", case::terms),
    ("home", home::pages),
    ("changes", changes::pages),
    ("mechanism index", mechanism::index),
    ("free pages", page::pages),
    ("training pages", training::pages),
    ("scorecard pages", scorecards::pages),
    ("ledger", ledger::pages),
    ("inspection pages", inspection::pages),
    ("model pages", model::pages),
    ("unit pages", unit::pages),
    ("mechanism pages", mechanism::pages),
    ("case pages", case::pages),
];

/// A job of the build: some files, made on whichever core is free.
pub type Job<'r> = Box<dyn Fn() -> Result<Vec<Page>> + Send + Sync + 'r>;

/// One job per page family.
pub fn jobs<'r>(r: &'r Renderer, stream: &'r Stream) -> Vec<Job<'r>> {
    FAMILIES
        .iter()
        .map(|&(name, family)| -> Job<'r> {
            Box::new(move || {
                let _t = crate::timing::stage(name);
                family(r, stream)
            })
        })
        .collect()
}

/// The page of each item whose file is among `changed`, so that `serve` can show an edited
/// item before any other page is ready.
pub fn item_pages(r: &Renderer, changed: &[std::path::PathBuf]) -> Result<Vec<Page>> {
    // An item is touched by an edit of its file or, for a bundle, of any file in its folder (a
    // photo replaced).
    let touched = |item: &dyn Item| {
        let file = &item.origin().file.display;
        let bundle = file.strip_suffix("/index.md").filter(|_| crate::parse::is_bundle(&item.origin().file));
        changed.iter().any(|p| p.ends_with(file) || bundle.is_some_and(|dir| p.ancestors().any(|a| a.ends_with(dir))))
    };
    let mut pages = Vec::new();
    let mut ledger_done = false;
    for item in r.site.items.each().filter(|i| touched(*i)) {
        match item.kind() {
            Kind::Case => pages.extend(r.site.case(item.id()).map(|c| case::page(r, c)).transpose()?),
            Kind::Mechanism => pages.extend(r.site.mechanism(item.id()).map(|m| mechanism::page(r, m)).transpose()?),
            Kind::Inspection => pages.extend(r.site.inspections.get(item.id()).map(|i| inspection::page(r, i)).transpose()?),
            Kind::Model => pages.extend(r.site.models.get(item.id()).map(|m| model::page_of(r, m)).transpose()?),
            // A ledger item is a row of the ledger page: one file of the ledger touches many
            // items, and the page is made once.
            Kind::Rectification if !ledger_done => {
                ledger_done = true;
                pages.push(ledger::page(r)?);
            }
            // Their pages are quick to make with the rest.
            Kind::Training | Kind::Page | Kind::Rectification => {}
        }
    }
    Ok(pages)
}

/// Free what the render made on all cores: one core alone takes tens of milliseconds over a
/// large site's hundreds of thousands of strings.
pub fn free_in_parallel(listing: Listing, mut bodies: Bodies) {
    let cases: Vec<Body> = bodies.take(Kind::Case).into_values().collect();
    rayon::join(|| cases.into_par_iter().with_max_len(256).for_each(drop), || drop(listing));
}

