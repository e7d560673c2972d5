//! Turns source files into model values: front matter and YAML read field by field, every
//! problem (missing, unknown or mistyped field, bad date, period, decimal) recorded where it
//! stands. A file with errors yields nothing, but its every error is still reported.

use crate::diag::Diagnostics;
use crate::frontmatter;
use crate::load::{File, Sources};
use crate::model::*;
use crate::source::{Pos, SourceFile};
use crate::slug::slugify;
use crate::yaml::{self, Fields, Node, Spanned};
use rayon::prelude::*;

/// Every item of a site, parsed but not yet cross-checked.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The home page's title and introduction.
    pub home: Option<Page>,
    pub pages: Vec<Page>,
    pub mechanisms: Vec<Mechanism>,
    pub cases: Vec<Case>,
    pub trainings: Vec<Training>,
    pub units: Vec<Unit>,
    pub units_file: Option<File>,
    pub rubric: Option<Rubric>,
    pub period_rubrics: Vec<(Period, Rubric)>,
    pub scorecards: Vec<Scorecard>,
}

const MECHANISM_FIELDS: &[&str] = &[
    "id", "title", "category", "order", "issuer", "doc_number", "effective", "status", "supersedes", "tags", "audience",
    "requirements",
];
const REQUIREMENT_FIELDS: &[&str] = &["id", "text", "at_least", "per"];
const CASE_FIELDS: &[&str] = &[
    "id", "title", "date", "unit", "violations", "form", "disposition", "notified_by", "mechanisms", "persons", "summary",
    "questions", "tags", "audience",
];
const TRAINING_FIELDS: &[&str] =
    &["id", "title", "date", "duration", "presenter", "cases", "mechanisms", "questions", "audience"];
const PAGE_FIELDS: &[&str] = &["id", "title", "audience"];
const UNIT_FIELDS: &[&str] = &["id", "name", "type", "parent"];
const RUBRIC_FIELDS: &[&str] = &["title", "indicators", "bonus_cap", "grades", "veto_grade"];
const INDICATOR_FIELDS: &[&str] = &["id", "name", "max", "group", "mechanism"];
const GRADE_FIELDS: &[&str] = &["name", "min"];
const SCORECARD_FIELDS: &[&str] = &[
    "unit", "period", "assessed_on", "assessor", "scores", "satisfaction", "deductions", "bonus", "veto", "requirements",
    "comment", "audience",
];
const ADJUSTMENT_FIELDS: &[&str] = &["points", "reason", "case"];

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
    let mut parsed = Parsed {
        home: each(&home, &page, diags, cache.as_mut().map(|c| &mut c.home)).pop(),
        pages: each(&sources.pages, &page, diags, cache.as_mut().map(|c| &mut c.pages)),
        mechanisms: each(&sources.mechanisms, &mechanism, diags, cache.as_mut().map(|c| &mut c.mechanisms)),
        cases: each(&sources.cases, &case, diags, cache.as_mut().map(|c| &mut c.cases)),
        trainings: each(&sources.trainings, &training, diags, cache.as_mut().map(|c| &mut c.trainings)),
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

fn origin(file: &File, id_pos: Pos) -> Origin {
    Origin { file: file.clone(), id_pos }
}

/// The front matter of a Markdown file as fields, and its body.
fn front<'a>(file: &'a File, diags: &mut Diagnostics) -> Option<(Node, Body)> {
    let split = frontmatter::split(file, diags)?;
    let node = yaml::parse(split.yaml, file, split.yaml_line_offset, diags)?;
    Some((node, Body { markdown: split.body.to_string(), first_line: split.body_line }))
}

/// The `id` field, else the file stem (pinyin for a Chinese one).
fn item_id(f: &mut Fields, file: &SourceFile, diags: &mut Diagnostics) -> Option<(Id, Pos)> {
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

fn id_error(file: &SourceFile, pos: Pos, value: &str, diags: &mut Diagnostics) {
    let d = diags.error(file, pos, format!("标识 \"{value}\" 无效"));
    d.help = Some("标识只能由小写英文字母、数字和 - 组成, 并以字母或数字开头, 例如 fx-court".into());
}

/// A required text field; an empty one (`""`) is as missing as an absent one.
fn req_string(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<String> {
    let file = f.file();
    let s = f.required(key, diags).and_then(|n| yaml::string(n, file, diags))?;
    if s.value.is_empty() {
        diags.error(file, s.pos, format!("必填字段 \"{key}\" 不能为空"));
        return None;
    }
    Some(s.value)
}

fn opt_string(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Option<String>> {
    let file = f.file();
    match f.get(key) {
        None => Some(None),
        Some(n) => yaml::string(n, file, diags).map(|s| Some(s.value)),
    }
}

fn list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Spanned<String>>> {
    let file = f.file();
    match f.get(key) {
        None => Some(Vec::new()),
        Some(n) => yaml::string_list(n, file, diags),
    }
}

fn plain_list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<String>> {
    list(f, key, diags).map(|v| v.into_iter().map(|s| s.value).filter(|s| !s.is_empty()).collect())
}

fn ref_list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Ref>> {
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

fn opt_ref(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Option<Ref>> {
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

fn req_date(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<chrono::NaiveDate> {
    let file = f.file();
    f.required(key, diags).and_then(|n| yaml::date(n, file, diags)).map(|d| d.value)
}

fn audience(f: &mut Fields, diags: &mut Diagnostics) -> Option<Audience> {
    let file = f.file();
    let Some(n) = f.get("audience") else { return Some(Audience::Internal) };
    let s = yaml::string(n, file, diags)?;
    let a = Audience::parse(&s.value);
    if a.is_none() {
        diags.error(file, s.pos, format!("受众 \"{}\" 无效, 应为 internal (内部) 或 public (公开)", s.value));
    }
    a
}

pub fn page(file: &File, diags: &mut Diagnostics) -> Option<Page> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let audience = audience(&mut f, diags);
    f.finish(PAGE_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Page { id, origin: origin(file, id_pos), title: title?, audience: audience?, body })
}

pub fn mechanism(file: &File, diags: &mut Diagnostics) -> Option<Mechanism> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let category = req_string(&mut f, "category", diags);
    let order = match f.get("order") {
        None => Some(None),
        Some(n) => yaml::integer(n, file, diags).map(|i| Some(i.value)),
    };
    let issuer = req_string(&mut f, "issuer", diags);
    let doc_number = opt_string(&mut f, "doc_number", diags);
    let effective = req_date(&mut f, "effective", diags);
    let status = f.required("status", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| {
        let st = Status::parse(&s.value);
        if st.is_none() {
            diags.error(file, s.pos, format!("状态 \"{}\" 无效", s.value)).help =
                Some("应为 in-force (现行有效)、revised (已修订) 或 repealed (已废止)".into());
        }
        st
    });
    let supersedes = ref_list(&mut f, "supersedes", diags);
    let tags = plain_list(&mut f, "tags", diags);
    let audience = audience(&mut f, diags);
    let requirements = match f.get("requirements") {
        None => Some(Vec::new()),
        Some(n) => yaml::seq(n, file, diags).and_then(|items| {
            let mut out = Vec::new();
            let mut ok = true;
            for item in items {
                match requirement(item, file, diags) {
                    Some(r) => out.push(r),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }),
    };
    f.finish(MECHANISM_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Mechanism {
        id,
        origin: origin(file, id_pos),
        title: title?,
        category: category?,
        order: order?,
        issuer: issuer?,
        doc_number: doc_number?,
        effective: effective?,
        status: status?,
        supersedes: supersedes?,
        tags: tags?,
        audience: audience?,
        requirements: requirements?,
        body,
    })
}

fn requirement(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Requirement> {
    let mut f = Fields::new(node, file, "每项履职要求", diags)?;
    let id = f.required("id", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
        Some(id) => Some(Spanned::new(id, s.pos)),
        None => {
            id_error(file, s.pos, &s.value, diags);
            None
        }
    });
    let text = req_string(&mut f, "text", diags);
    let at_least = f.required("at_least", diags).and_then(|n| yaml::integer(n, file, diags)).and_then(|i| {
        if (1..=1000).contains(&i.value) {
            Some(i.value as u32)
        } else {
            diags.error(file, i.pos, format!("at_least 应为 1 到 1000 之间的整数, 实际为 {}", i.value));
            None
        }
    });
    let per = f.required("per", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| {
        let p = Per::parse(&s.value);
        if p.is_none() {
            diags.error(file, s.pos, format!("周期 \"{}\" 无效", s.value)).help =
                Some("应为 half-year (每半年) 或 year (每年)".into());
        }
        p
    });
    f.finish(REQUIREMENT_FIELDS, diags);
    Some(Requirement { id: id?, text: text?, at_least: at_least?, per: per? })
}

pub fn case(file: &File, diags: &mut Diagnostics) -> Option<Case> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let date = req_date(&mut f, "date", diags);
    let unit = opt_ref(&mut f, "unit", diags);
    let violations = match f.required("violations", diags) {
        None => None,
        Some(n) => yaml::string_list(n, file, diags).and_then(|v| {
            let v: Vec<String> = v.into_iter().map(|s| s.value).filter(|s| !s.is_empty()).collect();
            if v.is_empty() {
                diags.error(file, n.pos, "violations 至少要列出一种违纪类型");
                None
            } else {
                Some(v)
            }
        }),
    };
    let form = f.required("form", diags).and_then(|n| yaml::integer(n, file, diags)).and_then(|i| {
        if (1..=4).contains(&i.value) {
            Some(i.value as u8)
        } else {
            diags.error(file, i.pos, format!("形态 form 应为 1 到 4 (四种形态), 实际为 {}", i.value));
            None
        }
    });
    let disposition = req_string(&mut f, "disposition", diags);
    let notified_by = opt_string(&mut f, "notified_by", diags);
    let mechanisms = ref_list(&mut f, "mechanisms", diags);
    let persons = list(&mut f, "persons", diags);
    let summary = opt_string(&mut f, "summary", diags);
    let questions = plain_list(&mut f, "questions", diags);
    let tags = plain_list(&mut f, "tags", diags);
    let audience = audience(&mut f, diags);
    f.finish(CASE_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Case {
        id,
        origin: origin(file, id_pos),
        title: title?,
        date: date?,
        unit: unit?,
        violations: violations?,
        form: form?,
        disposition: disposition?,
        notified_by: notified_by?,
        mechanisms: mechanisms?,
        persons: persons?,
        summary: summary?.filter(|s| !s.is_empty()),
        questions: questions?,
        tags: tags?,
        audience: audience?,
        body,
    })
}

pub fn training(file: &File, diags: &mut Diagnostics) -> Option<Training> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let date = req_date(&mut f, "date", diags);
    let duration = opt_string(&mut f, "duration", diags);
    let presenter = opt_string(&mut f, "presenter", diags);
    let cases = ref_list(&mut f, "cases", diags);
    let mechanisms = ref_list(&mut f, "mechanisms", diags);
    let questions = plain_list(&mut f, "questions", diags);
    let audience = audience(&mut f, diags);
    f.finish(TRAINING_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Training {
        id,
        origin: origin(file, id_pos),
        title: title?,
        date: date?,
        duration: duration?,
        presenter: presenter?,
        cases: cases?,
        mechanisms: mechanisms?,
        questions: questions?,
        audience: audience?,
        body,
    })
}

pub fn units(file: &File, diags: &mut Diagnostics) -> Vec<Unit> {
    let Some(node) = yaml::parse(&file.text, file, 0, diags) else { return Vec::new() };
    let Some(items) = yaml::seq(&node, file, diags) else { return Vec::new() };
    let mut out = Vec::new();
    for item in items {
        let Some(mut f) = Fields::new(item, file, "每个单位", diags) else { continue };
        let id = f.required("id", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
            Some(id) => Some((id, s.pos)),
            None => {
                id_error(file, s.pos, &s.value, diags);
                None
            }
        });
        let name = req_string(&mut f, "name", diags);
        let unit_type = req_string(&mut f, "type", diags);
        let parent = opt_ref(&mut f, "parent", diags);
        f.finish(UNIT_FIELDS, diags);
        if let (Some((id, id_pos)), Some(name), Some(unit_type), Some(parent)) = (id, name, unit_type, parent) {
            out.push(Unit { id, id_pos, name, unit_type, parent });
        }
    }
    out
}

/// A positive-or-zero decimal in tenths.
fn tenths_field(f: &mut Fields, key: &str, required: bool, diags: &mut Diagnostics) -> Option<Option<Spanned<i64>>> {
    let file = f.file();
    let node = if required { f.required(key, diags)? } else {
        match f.get(key) {
            None => return Some(None),
            Some(n) => n,
        }
    };
    yaml::tenths(node, file, diags).map(Some)
}

pub fn rubric(file: &File, diags: &mut Diagnostics) -> Option<Rubric> {
    let node = yaml::parse(&file.text, file, 0, diags)?;
    let mut f = Fields::new(&node, file, "指标体系", diags)?;
    let title = opt_string(&mut f, "title", diags);
    let indicators = f.required("indicators", diags).and_then(|n| yaml::seq(n, file, diags)).and_then(|items| {
        if items.is_empty() {
            diags.error(file, f.pos, "indicators 至少要有一项指标");
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match indicator(item, file, diags) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        ok.then_some(out)
    });
    let bonus_cap = tenths_field(&mut f, "bonus_cap", false, diags).and_then(|b| match b {
        Some(b) if b.value < 0 => {
            diags.error(file, b.pos, "加分上限 bonus_cap 不能为负数");
            None
        }
        b => Some(b.map(|b| b.value).unwrap_or(0)),
    });
    let grades = f.required("grades", diags).and_then(|n| yaml::seq(n, file, diags)).and_then(|items| {
        let mut out: Vec<(Grade, Pos)> = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(mut g) = Fields::new(item, file, "每个等次", diags) else {
                ok = false;
                continue;
            };
            let name = req_string(&mut g, "name", diags);
            let min = tenths_field(&mut g, "min", true, diags).flatten();
            g.finish(GRADE_FIELDS, diags);
            match (name, min) {
                (Some(name), Some(min)) => {
                    if let Some((prev, _)) = out.last() {
                        if min.value >= prev.min {
                            diags.error(file, min.pos, format!("等次须从高到低排列: \"{name}\" 的分数线应低于 \"{}\"", prev.name));
                            ok = false;
                        }
                    }
                    out.push((Grade { name, min: min.value }, min.pos));
                }
                _ => ok = false,
            }
        }
        if out.is_empty() && ok {
            diags.error(file, f.pos, "grades 至少要有一个等次");
            ok = false;
        }
        ok.then(|| out.into_iter().map(|(g, _)| g).collect::<Vec<_>>())
    });
    let veto_grade = f.required("veto_grade", diags).and_then(|n| yaml::string(n, file, diags));
    f.finish(RUBRIC_FIELDS, diags);
    let grades = grades?;
    let veto_grade = veto_grade?;
    if !grades.iter().any(|g| g.name == veto_grade.value) {
        diags.error(file, veto_grade.pos, format!("一票否决等次 \"{}\" 不在 grades 中", veto_grade.value));
        return None;
    }
    Some(Rubric {
        origin: origin(file, Pos::start()),
        title: title?.unwrap_or_else(|| "考核评价指标".into()),
        indicators: indicators?,
        bonus_cap: bonus_cap?,
        grades,
        veto_grade: veto_grade.value,
    })
}

fn indicator(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Indicator> {
    let mut f = Fields::new(node, file, "每项指标", diags)?;
    let id = f.required("id", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
        Some(id) => Some(Spanned::new(id, s.pos)),
        None => {
            id_error(file, s.pos, &s.value, diags);
            None
        }
    });
    let name = req_string(&mut f, "name", diags);
    let max = tenths_field(&mut f, "max", true, diags).flatten().and_then(|m| {
        if m.value <= 0 {
            diags.error(file, m.pos, "满分 max 应大于 0");
            None
        } else {
            Some(m.value)
        }
    });
    let group = opt_string(&mut f, "group", diags);
    let mechanism = opt_ref(&mut f, "mechanism", diags);
    f.finish(INDICATOR_FIELDS, diags);
    Some(Indicator { id: id?, name: name?, max: max?, group: group?, mechanism: mechanism? })
}

pub fn scorecard(file: &File, folder_period: Period, diags: &mut Diagnostics) -> Option<Scorecard> {
    let node = yaml::parse(&file.text, file, 0, diags)?;
    let mut f = Fields::new(&node, file, "考核表", diags)?;
    let unit = f.required("unit", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
        Some(id) => Some(Spanned::new(id, s.pos)),
        None => {
            id_error(file, s.pos, &s.value, diags);
            None
        }
    });
    let period = f.required("period", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| {
        match Period::parse(&s.value) {
            None => {
                diags.error(file, s.pos, format!("期次 \"{}\" 无效, 应为 YYYY-H1 或 YYYY-H2", s.value));
                None
            }
            Some(p) if p != folder_period => {
                diags.error(file, s.pos, format!("期次 \"{p}\" 与所在目录 \"{folder_period}\" 不一致")).help =
                    Some("考核表的 period 必须与它所在的期次目录同名".into());
                None
            }
            Some(p) => Some(Spanned::new(p, s.pos)),
        }
    });
    let assessed_on = match f.get("assessed_on") {
        None => Some(None),
        Some(n) => yaml::date(n, file, diags).map(|d| Some(d.value)),
    };
    let assessor = opt_string(&mut f, "assessor", diags);
    let scores = f.required("scores", diags).and_then(|n| {
        let m = Fields::new(n, file, "scores", diags)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (k, v) in m.entries() {
            let key = k.scalar().and_then(Id::parse);
            let val = yaml::tenths(v, file, diags);
            match (key, val) {
                (Some(key), Some(val)) => out.push((Spanned::new(key, k.pos), val)),
                (None, _) => {
                    id_error(file, k.pos, k.scalar().unwrap_or(""), diags);
                    ok = false;
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    });
    let satisfaction = tenths_field(&mut f, "satisfaction", false, diags).and_then(|s| match s {
        Some(s) if !(0..=1000).contains(&s.value) => {
            diags.error(file, s.pos, "满意度 satisfaction 应在 0 到 100 之间");
            None
        }
        s => Some(s),
    });
    let deductions = adjustments(&mut f, "deductions", diags);
    let bonus = adjustments(&mut f, "bonus", diags);
    let veto = match f.get("veto") {
        None => Some(None),
        Some(n) => Fields::new(n, file, "veto", diags).and_then(|mut v| {
            let reason = req_string(&mut v, "reason", diags);
            v.finish(&["reason"], diags);
            reason.map(Some)
        }),
    };
    let requirements = match f.get("requirements") {
        None => Some(Vec::new()),
        Some(n) => Fields::new(n, file, "requirements", diags).and_then(|m| {
            let mut out = Vec::new();
            let mut ok = true;
            for (k, v) in m.entries() {
                let key = k.scalar().and_then(Id::parse);
                let count = yaml::integer(v, file, diags);
                match (key, count) {
                    (Some(key), Some(c)) if (0..=100_000).contains(&c.value) => out.push((Spanned::new(key, k.pos), c.value as u32)),
                    (Some(_), Some(c)) => {
                        diags.error(file, c.pos, format!("完成次数应为不小于 0 的整数, 实际为 {}", c.value));
                        ok = false;
                    }
                    (None, _) => {
                        id_error(file, k.pos, k.scalar().unwrap_or(""), diags);
                        ok = false;
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        }),
    };
    let comment = opt_string(&mut f, "comment", diags);
    let audience = audience(&mut f, diags);
    f.finish(SCORECARD_FIELDS, diags);
    Some(Scorecard {
        origin: origin(file, Pos::start()),
        unit: unit?,
        period: period?,
        folder_period,
        assessed_on: assessed_on?,
        assessor: assessor?,
        scores: scores?,
        satisfaction: satisfaction?,
        deductions: deductions?,
        bonus: bonus?,
        veto: veto?,
        requirements: requirements?,
        comment: comment?,
        audience: audience?,
    })
}

fn adjustments(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Adjustment>> {
    let file = f.file();
    let Some(n) = f.get(key) else { return Some(Vec::new()) };
    let items = yaml::seq(n, file, diags)?;
    let what = if key == "deductions" { "扣分" } else { "加分" };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(mut a) = Fields::new(item, file, &format!("每项{what}"), diags) else {
            ok = false;
            continue;
        };
        let points = tenths_field(&mut a, "points", true, diags).flatten().and_then(|p| {
            if p.value <= 0 {
                diags.error(file, p.pos, format!("{what}分值应大于 0"));
                None
            } else {
                Some(p)
            }
        });
        let reason = req_string(&mut a, "reason", diags);
        let case = opt_ref(&mut a, "case", diags);
        a.finish(ADJUSTMENT_FIELDS, diags);
        match (points, reason, case) {
            (Some(points), Some(reason), Some(case)) => out.push(Adjustment { points, reason, case }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
