//! The pipeline, stage by stage: load -> parse -> validate -> evaluate -> render -> write. Each
//! stage collects diagnostics; the run stops at the first stage boundary with errors, so no
//! later stage ever sees a half-valid value.

use crate::diag::Diagnostics;
use crate::error::Result;
use crate::evaluate::{self, Evaluation};
use crate::model::Audience;
use crate::render::{self, Output};
use crate::site::Site;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides `build.audience`.
    pub audience: Option<Audience>,
    /// Overrides `build.output_dir`.
    pub output: Option<PathBuf>,
    pub strict: bool,
}

/// What a successful run produced.
pub struct Built {
    pub site: Site,
    pub eval: Evaluation,
    pub output: Output,
    pub output_dir: PathBuf,
}

/// Run every stage up to the rendered output, in memory. `None` when content has errors (they
/// are in `diags`); `Err` for environment failures.
pub fn run(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    diags.strict = opts.strict;
    let sources = crate::load::load(root, diags)?;
    if sources.config.strict {
        diags.strict = true;
    }
    if diags.has_errors() {
        return Ok(None);
    }
    let config = sources.config.clone();
    let audience = opts.audience.unwrap_or(config.audience);
    let output_dir = opts.output.clone().unwrap_or_else(|| config.output_dir.clone());
    let parsed = crate::parse::parse(&sources, diags);
    if diags.has_errors() {
        return Ok(None);
    }
    let site = crate::validate::validate(parsed, config, audience, diags);
    if diags.has_errors() {
        return Ok(None);
    }
    let eval = evaluate::evaluate(&site);
    let output = render::render(&site, &eval, diags)?;
    if diags.has_errors() {
        return Ok(None);
    }
    Ok(Some(Built { site, eval, output, output_dir }))
}

/// Build and write the site. Returns what was written, or None on content errors (nothing
/// written then).
pub fn build(root: &Path, opts: &Options, diags: &mut Diagnostics) -> Result<Option<Built>> {
    let Some(built) = run(root, opts, diags)? else { return Ok(None) };
    crate::write::write_site(&built.output, &built.output_dir)?;
    Ok(Some(built))
}
