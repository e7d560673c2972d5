//! zhengfeng (正风): a static site generator for the discipline-and-conduct work of
//! political-legal units. The build is a pipeline of stages, each taking the previous stage's
//! value and returning a new type:
//!
//! `Config -> Sources (load) -> Parsed (parse) -> Site (validate) -> Evaluation (evaluate) ->
//! Output (render) -> written atomically (write)`.
//!
//! `build` runs the last two together: each rendered page is handed to the writer's temporary
//! folder at once (`output::Sink`), so a large site is never held in memory whole; the folder is
//! still swapped in only when everything succeeded.
//!
//! Every stage pushes problems into one `Diagnostics`; the pipeline stops at the first stage
//! boundary with errors.

pub mod archive;
pub(crate) mod bodies;
pub mod build;
pub mod config;
pub mod diag;
pub mod error;
pub mod evaluate;
pub(crate) mod export;
#[doc(hidden)]
pub mod fuzz;
pub mod incremental;
pub mod ledger;
pub(crate) mod frontmatter;
pub mod load;
pub(crate) mod markdown;
pub mod memo;
pub mod model;
pub mod output;
pub(crate) mod parse;
pub(crate) mod redact;
pub(crate) mod redline;
pub(crate) mod render;
pub mod scaffold;
pub mod scoresheet;
pub(crate) mod search;
pub mod serve;
pub mod site;
pub mod sitejson;
pub(crate) mod slug;
pub mod source;
pub(crate) mod timing;
pub(crate) mod validate;
pub(crate) mod workbook;
pub(crate) mod write;
pub mod yaml;

/// The most items of a large parallel loop (files, cases) one task takes on. Rayon otherwise
/// splits a loop into about as many parts as there are cores, and the core that finishes
/// first then waits for the other's last part; parts this small keep both busy to the end.
pub(crate) const TASK_LEN: usize = 32;
