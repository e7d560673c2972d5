//! Turns source files into model values: front matter and YAML read field by field, every
//! problem (missing, unknown or mistyped field, bad date, period, decimal) recorded where it
//! stands. A file with errors yields nothing, but its every error is still reported.
//!
//! One reader per kind of file: `items.rs` for the Markdown kinds, `ledger.rs` for the
//! rectification ledger, `scoring.rs` for units, rubrics and scorecards, `workbook.rs` for a
//! period's scores in an Excel workbook; the field helpers they share are in `fields.rs`. Depends on `load`,
//! `frontmatter`, `yaml`, `model`, `site` (collections), `diag`.

mod fields;
mod items;
mod ledger;
mod scoring;
pub mod workbook;

pub use items::{case, inspection, mechanism, model, page, training};
pub use ledger::rectifications;
pub use scoring::{rubric, scorecard, units};

/// Whether a file is a bundle's `index.md` (`content/cases/<name>/index.md`): an item written
/// as a folder, whose other files belong to it.
pub fn is_bundle(file: &crate::source::SourceFile) -> bool {
    fields::bundle_name(file).is_some()
}

use crate::diag::Diagnostics;
use crate::load::{File, Sources};
use crate::model::*;
use crate::site::{Collection, Items};
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
    inspections: Kept<Inspection>,
    models: Kept<Model>,
    rectifications: Kept<Rectification>,
    scorecards: Kept<Scorecard>,
}

/// A reader of one item a file, as `each` takes it.
fn one<T>(read: fn(&File, &mut Diagnostics) -> Option<T>) -> impl Fn(&File, &mut Diagnostics) -> Vec<T> + Sync {
    move |file, diags| read(file, diags).into_iter().collect()
}

/// Path -> (SHA-256 of the bytes, the file's items, the file's diagnostics).
type Kept<T> = std::collections::HashMap<std::path::PathBuf, (String, Vec<T>, Diagnostics)>;

/// Each file parsed on its own, in parallel, into its own diagnostics; with `kept`, a file
/// parsed before with the same bytes is taken from there, and `kept` ends holding these files.
fn each<T: Send + Sync + Clone>(
    files: &[File],
    f: &(dyn Fn(&File, &mut Diagnostics) -> Vec<T> + Sync),
    diags: &mut Diagnostics,
    mut kept: Option<&mut Kept<T>>,
) -> Vec<T> {
    let mut old = kept.as_mut().map(|k| std::mem::take(&mut **k));
    let reuse = |file: &File| old.as_ref().and_then(|o| o.get(&file.path)).filter(|(sha, _, _)| *sha == file.sha256);
    let results: Vec<(Vec<T>, Diagnostics, bool)> = files
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
        mechanisms: Collection::new(each(sources.items(Kind::Mechanism), &one(mechanism), diags, cache.as_mut().map(|c| &mut c.mechanisms))),
        cases: Collection::new(each(sources.items(Kind::Case), &one(case), diags, cache.as_mut().map(|c| &mut c.cases))),
        trainings: Collection::new(each(sources.items(Kind::Training), &one(training), diags, cache.as_mut().map(|c| &mut c.trainings))),
        pages: Collection::new(each(sources.items(Kind::Page), &one(page), diags, cache.as_mut().map(|c| &mut c.pages))),
        inspections: Collection::new(each(sources.items(Kind::Inspection), &one(inspection), diags, cache.as_mut().map(|c| &mut c.inspections))),
        models: Collection::new(each(sources.items(Kind::Model), &one(model), diags, cache.as_mut().map(|c| &mut c.models))),
        rectifications: Collection::new(each(
            sources.items(Kind::Rectification),
            &rectifications,
            diags,
            cache.as_mut().map(|c| &mut c.rectifications),
        )),
    };
    let mut parsed = Parsed {
        home: each(&home, &one(page), diags, cache.as_mut().map(|c| &mut c.home)).pop(),
        items,
        units_file: sources.units.clone(),
        ..Parsed::default()
    };
    // A unit list that could not be read (another encoding) leaves the workbooks, read against
    // it, unread too: their rows would all name "unknown" units.
    let mut units_ok = !diags.error_files().contains("content/units.yaml");
    if let Some(f) = &sources.units {
        let mut d = diags.sibling();
        parsed.units = units(f, &mut d);
        units_ok = !d.has_errors();
        diags.extend(d);
    }
    if let Some(f) = &sources.rubric {
        parsed.rubric = rubric(f, diags);
    }
    let mut broken_rubrics = Vec::new();
    for (p, f) in &sources.period_rubrics {
        match rubric(f, diags) {
            Some(r) => parsed.period_rubrics.push((*p, r)),
            None => broken_rubrics.push(*p),
        }
    }
    // A card's period comes from its folder, which is part of its path.
    let periods: std::collections::HashMap<&std::path::Path, Period> =
        sources.scorecards.iter().map(|(p, f)| (f.path.as_path(), *p)).collect();
    let files: Vec<File> = sources.scorecards.iter().map(|(_, f)| f.clone()).collect();
    let card = |f: &File, d: &mut Diagnostics| periods.get(f.path.as_path()).and_then(|p| scorecard(f, *p, d)).into_iter().collect();
    parsed.scorecards = each(&files, &card, diags, cache.as_mut().map(|c| &mut c.scorecards));
    if !sources.workbooks.is_empty() && units_ok {
        let requirements: Vec<(Id, String)> =
            parsed.items.mechanisms.iter().flat_map(|m| m.requirements.iter().map(|r| (r.id.value.clone(), r.text.clone()))).collect();
        let case_titles: Vec<(String, Id)> = parsed.items.cases.iter().map(|c| (c.title.clone(), c.id.clone())).collect();
        let model_titles: Vec<(String, Id)> = parsed.items.models.iter().map(|m| (m.title.clone(), m.id.clone())).collect();
        let latest = sources.current_period().unwrap_or(Period { year: 0, half: 1 });
        for (period, wb) in &sources.workbooks {
            // A workbook is read against its rubric; one that failed to parse has said why.
            let rubric = match parsed.period_rubrics.iter().find(|(p, _)| p == period) {
                Some((_, r)) => Some(r),
                None if broken_rubrics.contains(period) => continue,
                None if sources.rubric.is_some() && parsed.rubric.is_none() => continue,
                None => parsed.rubric.as_ref(),
            };
            let Some(rubric) = rubric else {
                diags.error(&wb.file, crate::source::Pos::new(0, 0), "找不到考核评价指标体系 (content/scorecards/rubric.yaml)").help =
                    Some("工作簿中的各项指标要对照指标体系读取; 请先建立 rubric.yaml".into());
                continue;
            };
            let due: Vec<bool> = parsed
                .items
                .mechanisms
                .iter()
                .flat_map(|m| m.requirements.iter().map(move |r| m.effective <= period.end() && r.from.is_none_or(|f| f <= *period)))
                .collect();
            let cx = workbook::Context {
                period: *period,
                rubric,
                units: &parsed.units,
                requirements: &requirements,
                due: &due,
                closed: *period < latest || sources.frozen(*period),
                earlier_names: &[],
                case_titles: &case_titles,
                model_titles: &model_titles,
                scored_in_yaml: sources.scorecards.iter().any(|(p, _)| p == period),
            };
            parsed.scorecards.extend(workbook::scorecards(wb, &cx, diags));
        }
    }
    parsed
}

/// The id of the item of `kind` in `file`, read as the build reads it.
pub fn id_of(kind: Kind, file: &File, diags: &mut Diagnostics) -> Option<Id> {
    match kind {
        Kind::Mechanism => mechanism(file, diags).map(|i| i.id),
        Kind::Case => case(file, diags).map(|i| i.id),
        Kind::Training => training(file, diags).map(|i| i.id),
        Kind::Page => page(file, diags).map(|i| i.id),
        Kind::Inspection => inspection(file, diags).map(|i| i.id),
        Kind::Model => model(file, diags).map(|i| i.id),
        // A ledger file holds many items: none of them is the file's.
        Kind::Rectification => None,
    }
}

/// What a period's scores are written against, for `new scorecard` and `new workbook`.
pub struct ScoringInputs<'s> {
    pub units: Vec<Unit>,
    /// The rubric that applies to the period (its own, else the shared one), and its file.
    pub rubric: Rubric,
    pub rubric_file: &'s File,
    /// The mechanisms, whose duties are scored too.
    pub mechanisms: Vec<Mechanism>,
}

/// The units, rubric and mechanisms for period `p`. `Err` when the site has no unit list or no
/// rubric; `Ok(None)` when they have content errors (in `diags`).
pub fn scoring_inputs<'s>(sources: &'s Sources, p: Period, diags: &mut Diagnostics) -> crate::error::Result<Option<ScoringInputs<'s>>> {
    use crate::error::Error;
    let Some(units_file) = &sources.units else {
        return Err(Error::Other("站点没有单位名录 content/units.yaml; 请先在其中登记单位".into()));
    };
    let units = units(units_file, diags);
    let rubric_file = sources.period_rubrics.iter().find(|(q, _)| *q == p).map(|(_, f)| f).or(sources.rubric.as_ref());
    let Some(rubric_file) = rubric_file else {
        return Err(Error::Other("站点没有考核指标体系 content/scorecards/rubric.yaml; 请先建立指标体系".into()));
    };
    let rubric = rubric(rubric_file, diags);
    // A mechanism still being written (a blank, a typo) does not hold up a scorecard: its duties
    // are left out, and a warning says so.
    let mut mechanisms: Vec<Mechanism> = Vec::new();
    for f in sources.items(Kind::Mechanism) {
        let mut own = diags.sibling();
        match mechanism(f, &mut own) {
            Some(m) if !own.has_errors() => mechanisms.push(m),
            _ => {
                let d = diags.warning(f, crate::source::Pos::new(1, 1), "这份制度还有错误, 其中的履职要求没有列入");
                d.help = Some("运行 zhengfeng check 查看并改正, 再重新生成".into());
            }
        }
    }
    match rubric {
        Some(rubric) if !diags.has_errors() => Ok(Some(ScoringInputs { units, rubric, rubric_file, mechanisms })),
        _ => Ok(None),
    }
}
