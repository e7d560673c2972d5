//! Turns source files into model values: front matter and YAML read field by field, every
//! problem (missing, unknown or mistyped field, bad date, period, decimal) recorded where it
//! stands. A file with errors yields nothing, but its every error is still reported.
//!
//! One reader per kind of file: `items.rs` for the Markdown kinds, `scoring.rs` for units,
//! rubrics and scorecards; the field helpers they share are here. Depends on `load`,
//! `frontmatter`, `yaml`, `model`, `site` (collections), `diag`.

mod items;
mod scoring;

pub use items::{case, mechanism, page, training};
pub use scoring::{rubric, scorecard, units};

use crate::diag::Diagnostics;
use crate::frontmatter;
use crate::load::{File, Sources};
use crate::model::*;
use crate::site::{Collection, Items};
use crate::source::{Pos, SourceFile};
use crate::slug::slugify;
use crate::yaml::{self, Fields, Node, Spanned};
use rayon::prelude::*;

/// Every item of a site, parsed but not yet cross-checked.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The home page's title and introduction.
    pub home: Option<Page>,
    /// The Markdown items of every kind.
    pub items: Items,
    pub units: Vec<Unit>,
    pub units_file: Option<File>,
    pub rubric: Option<Rubric>,
    pub period_rubrics: Vec<(Period, Rubric)>,
    pub scorecards: Vec<Scorecard>,
}

/// Parse results kept from an earlier parse, for `serve`'s rebuilds: a file's result depends on
/// nothing but the file, so a file with the same path and bytes (SHA-256) is not parsed again.
#[derive(Default)]
pub struct ParseCache {
    home: Kept<Page>,
    pages: Kept<Page>,
    mechanisms: Kept<Mechanism>,
    cases: Kept<Case>,
    trainings: Kept<Training>,
    scorecards: Kept<Scorecard>,
}

/// Path -> (SHA-256 of the bytes, the item, the file's diagnostics).
type Kept<T> = std::collections::HashMap<std::path::PathBuf, (String, Option<T>, Diagnostics)>;

/// Each file parsed on its own, in parallel, into its own diagnostics; with `kept`, a file
/// parsed before with the same bytes is taken from there, and `kept` ends holding these files.
fn each<T: Send + Sync + Clone>(
    files: &[File],
    f: &(dyn Fn(&File, &mut Diagnostics) -> Option<T> + Sync),
    diags: &mut Diagnostics,
    mut kept: Option<&mut Kept<T>>,
) -> Vec<T> {
    let mut old = kept.as_mut().map(|k| std::mem::take(&mut **k));
    let reuse = |file: &File| old.as_ref().and_then(|o| o.get(&file.path)).filter(|(sha, _, _)| *sha == file.sha256);
    let results: Vec<(Option<T>, Diagnostics, bool)> = files
        .par_iter()
        .with_max_len(crate::TASK_LEN)
        .map(|file| {
            if let Some((_, item, d)) = reuse(file) {
                return (item.clone(), d.clone(), true);
            }
            let mut d = Diagnostics::new();
            (f(file, &mut d), d, false)
        })
        .collect();
    if let (Some(kept), Some(old)) = (kept, old.as_mut()) {
        // Reused entries move over; only new results are copied.
        for (file, (item, d, reused)) in files.iter().zip(&results) {
            let entry = match old.remove(&file.path) {
                Some(e) if *reused => e,
                _ => (file.sha256.clone(), item.clone(), d.clone()),
            };
            kept.insert(file.path.clone(), entry);
        }
    }
    let results = results.into_iter().map(|(item, d, _)| (item, d));
    let mut out = Vec::with_capacity(results.len());
    for (item, d) in results {
        diags.extend(d);
        out.extend(item);
    }
    out
}

pub fn parse(sources: &Sources, diags: &mut Diagnostics) -> Parsed {
    parse_cached(sources, diags, None)
}

/// `parse`, reusing the results in `cache` of files that have not changed, and leaving in it
/// the results of this parse.
pub fn parse_cached(sources: &Sources, diags: &mut Diagnostics, mut cache: Option<&mut ParseCache>) -> Parsed {
    let home: Vec<File> = sources.home.iter().cloned().collect();
    let items = Items {
        mechanisms: Collection::new(each(sources.items(Kind::Mechanism), &mechanism, diags, cache.as_mut().map(|c| &mut c.mechanisms))),
        cases: Collection::new(each(sources.items(Kind::Case), &case, diags, cache.as_mut().map(|c| &mut c.cases))),
        trainings: Collection::new(each(sources.items(Kind::Training), &training, diags, cache.as_mut().map(|c| &mut c.trainings))),
        pages: Collection::new(each(sources.items(Kind::Page), &page, diags, cache.as_mut().map(|c| &mut c.pages))),
    };
    let mut parsed = Parsed {
        home: each(&home, &page, diags, cache.as_mut().map(|c| &mut c.home)).pop(),
        items,
        units_file: sources.units.clone(),
        ..Parsed::default()
    };
    if let Some(f) = &sources.units {
        parsed.units = units(f, diags);
    }
    if let Some(f) = &sources.rubric {
        parsed.rubric = rubric(f, diags);
    }
    for (p, f) in &sources.period_rubrics {
        if let Some(r) = rubric(f, diags) {
            parsed.period_rubrics.push((*p, r));
        }
    }
    // A card's period comes from its folder, which is part of its path.
    let periods: std::collections::HashMap<&std::path::Path, Period> =
        sources.scorecards.iter().map(|(p, f)| (f.path.as_path(), *p)).collect();
    let files: Vec<File> = sources.scorecards.iter().map(|(_, f)| f.clone()).collect();
    let card = |f: &File, d: &mut Diagnostics| periods.get(f.path.as_path()).and_then(|p| scorecard(f, *p, d));
    parsed.scorecards = each(&files, &card, diags, cache.as_mut().map(|c| &mut c.scorecards));
    parsed
}

/// The id of the item of `kind` in `file`, read as the build reads it.
pub fn id_of(kind: Kind, file: &File, diags: &mut Diagnostics) -> Option<Id> {
    match kind {
        Kind::Mechanism => mechanism(file, diags).map(|i| i.id),
        Kind::Case => case(file, diags).map(|i| i.id),
        Kind::Training => training(file, diags).map(|i| i.id),
        Kind::Page => page(file, diags).map(|i| i.id),
    }
}

pub(crate) fn origin(file: &File, id_pos: Pos) -> Origin {
    Origin { file: file.clone(), id_pos }
}

/// The front matter of a Markdown file as fields, and its body.
pub(crate) fn front<'a>(file: &'a File, diags: &mut Diagnostics) -> Option<(Node, Body)> {
    let split = frontmatter::split(file, diags)?;
    let node = yaml::parse(split.yaml, file, split.yaml_line_offset, diags)?;
    Some((node, Body { markdown: split.body.to_string(), first_line: split.body_line }))
}

/// The `id` field, else the file stem (pinyin for a Chinese one).
pub(crate) fn item_id(f: &mut Fields, file: &SourceFile, diags: &mut Diagnostics) -> Option<(Id, Pos)> {
    if let Some(node) = f.get("id") {
        let s = yaml::string(node, file, diags)?;
        return match Id::parse(&s.value) {
            Some(id) => Some((id, s.pos)),
            None => {
                id_error(file, s.pos, &s.value, diags);
                None
            }
        };
    }
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let slug = if Id::parse(stem).is_some() { stem.to_string() } else { slugify(stem) };
    match Id::parse(&slug) {
        Some(id) => Some((id, Pos::start())),
        None => {
            let d = diags.error(file, Pos::start(), format!("无法从文件名 \"{stem}\" 得出标识 (id)"));
            d.help = Some("在 front matter 中加一行 `id: 英文小写标识`, 例如 `id: banquet-case`".into());
            None
        }
    }
}

pub(crate) fn id_error(file: &SourceFile, pos: Pos, value: &str, diags: &mut Diagnostics) {
    let d = diags.error(file, pos, format!("标识 \"{value}\" 无效"));
    d.help = Some("标识只能由小写英文字母、数字和 - 组成, 并以字母或数字开头, 例如 fx-court".into());
}

/// A required text field; an empty one (`""`) is as missing as an absent one.
pub(crate) fn req_string(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<String> {
    let file = f.file();
    let s = f.required(key, diags).and_then(|n| yaml::string(n, file, diags))?;
    if s.value.is_empty() {
        diags.error(file, s.pos, format!("必填字段 \"{key}\" 不能为空"));
        return None;
    }
    Some(s.value)
}

pub(crate) fn opt_string(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Option<String>> {
    let file = f.file();
    match f.get(key) {
        None => Some(None),
        Some(n) => yaml::string(n, file, diags).map(|s| Some(s.value)),
    }
}

pub(crate) fn list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Spanned<String>>> {
    let file = f.file();
    match f.get(key) {
        None => Some(Vec::new()),
        Some(n) => yaml::string_list(n, file, diags),
    }
}

pub(crate) fn plain_list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<String>> {
    list(f, key, diags).map(|v| v.into_iter().map(|s| s.value).filter(|s| !s.is_empty()).collect())
}

pub(crate) fn ref_list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Ref>> {
    let file = f.file();
    let items = list(f, key, diags)?;
    let mut out = Vec::new();
    let mut ok = true;
    for s in items {
        match Id::parse(&s.value) {
            Some(id) => out.push(Spanned::new(id, s.pos)),
            None => {
                id_error(file, s.pos, &s.value, diags);
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

pub(crate) fn opt_ref(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Option<Ref>> {
    let file = f.file();
    match f.get(key) {
        None => Some(None),
        Some(n) => {
            let s = yaml::string(n, file, diags)?;
            match Id::parse(&s.value) {
                Some(id) => Some(Some(Spanned::new(id, s.pos))),
                None => {
                    id_error(file, s.pos, &s.value, diags);
                    None
                }
            }
        }
    }
}

pub(crate) fn req_date(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<chrono::NaiveDate> {
    let file = f.file();
    f.required(key, diags).and_then(|n| yaml::date(n, file, diags)).map(|d| d.value)
}

pub(crate) fn audience(f: &mut Fields, diags: &mut Diagnostics) -> Option<Audience> {
    let file = f.file();
    let Some(n) = f.get("audience") else { return Some(Audience::Internal) };
    let s = yaml::string(n, file, diags)?;
    let a = Audience::parse(&s.value);
    if a.is_none() {
        diags.error(file, s.pos, format!("受众 \"{}\" 无效, 应为 internal (内部) 或 public (公开)", s.value));
    }
    a
}
