//! Readers of the Markdown kinds: front matter field by field, then the body.

use super::fields::*;
use crate::diag::Diagnostics;
use crate::load::File;
use crate::model::*;
use crate::source::SourceFile;
use crate::yaml::{self, Fields, Node, Spanned};

const MECHANISM_FIELDS: &[&str] = &[
    "id", "title", "category", "order", "issuer", "doc_number", "effective", "status", "supersedes", "tags", "audience",
    "requirements", "attachments",
];
const REQUIREMENT_FIELDS: &[&str] = &["id", "text", "at_least", "per", "from"];
const CASE_FIELDS: &[&str] = &[
    "id", "title", "date", "unit", "violations", "form", "disposition", "notified_by", "mechanisms", "persons", "summary",
    "questions", "tags", "audience", "attachments",
];
const TRAINING_FIELDS: &[&str] =
    &["id", "title", "date", "duration", "presenter", "cases", "mechanisms", "models", "questions", "audience", "attachments"];
const PAGE_FIELDS: &[&str] = &["id", "title", "audience", "attachments"];

pub fn page(file: &File, diags: &mut Diagnostics) -> Option<Page> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let audience = audience(&mut f, diags);
    let attachments = attachments(&mut f, diags);
    f.finish(PAGE_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Page { id, origin: origin(file, id_pos), title: title?, audience: audience?, body: Body { attachments: attachments?, ..body } })
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
    let tags = plain_terms(&mut f, "tags", diags);
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
    let attachments = attachments(&mut f, diags);
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
        body: Body { attachments: attachments?, ..body },
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
    let from = opt_period(&mut f, "from", "施行起始期次 from", diags);
    f.finish(REQUIREMENT_FIELDS, diags);
    Some(Requirement { id: id?, text: text?, at_least: at_least?, per: per?, from: from? })
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
            joined_terms(&v, file, diags);
            let v: Vec<String> = v.into_iter().map(|s| s.value).filter(|s| !s.is_empty()).collect();
            if v.is_empty() {
                diags.error(file, n.pos, "violations 至少要列出一种违纪类型");
                None
            } else {
                Some(v)
            }
        }),
    };
    let form = f
        .required("form", diags)
        .and_then(|n| {
            if let Some(v) = n.scalar().and_then(form_in_words) {
                return Some(yaml::Spanned::new(v, n.pos));
            }
            let s = yaml::string(n, file, diags)?;
            match yaml::half_width(&s.value).parse::<i64>() {
                Ok(v) => Some(yaml::Spanned::new(v, s.pos)),
                Err(_) => {
                    // `2# 形态…`: a note glued on by its `#`.
                    let glued = s.value.find("# ").filter(|&h| h > 0 && !s.value[..h].ends_with(' ')).map(|h| s.value[..h].trim().to_string());
                    diags.error(file, s.pos, format!("形态 form 应为 1 到 4 (四种形态), 实际为 \"{}\"", s.value)).help = Some(match glued {
                        Some(v) => format!("`#` 前没有空格, 其后的说明成了值的一部分: 在 `#` 前加一个空格, 或只留 {v}"),
                        None => "填 1、2、3 或 4; 也可以写成 第一种形态 … 第四种形态".into(),
                    });
                    None
                }
            }
        })
        .and_then(|i| {
            let form = Form::new(i.value);
            if form.is_none() {
                diags.error(file, i.pos, format!("形态 form 应为 1 到 4 (四种形态), 实际为 {}", i.value)).help =
                    Some("填 1、2、3 或 4; 也可以写成 第一种形态 … 第四种形态".into());
            }
            form
        });
    let disposition = req_string(&mut f, "disposition", diags);
    let notified_by = opt_string(&mut f, "notified_by", diags);
    let mechanisms = ref_list(&mut f, "mechanisms", diags);
    let persons = term_list(&mut f, "persons", diags);
    let summary = opt_string(&mut f, "summary", diags);
    let questions = plain_list(&mut f, "questions", diags);
    let tags = plain_terms(&mut f, "tags", diags);
    let audience = audience(&mut f, diags);
    let attachments = attachments(&mut f, diags);
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
        body: Body { attachments: attachments?, ..body },
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
    let models = ref_list(&mut f, "models", diags);
    let questions = plain_list(&mut f, "questions", diags);
    let audience = audience(&mut f, diags);
    let attachments = attachments(&mut f, diags);
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
        models: models?,
        questions: questions?,
        audience: audience?,
        body: Body { attachments: attachments?, ..body },
    })
}

const INSPECTION_FIELDS: &[&str] = &["id", "title", "date", "kind", "inspector", "units", "mechanisms", "tags", "audience", "attachments"];
const MODEL_FIELDS: &[&str] =
    &["id", "title", "date", "honour", "kind", "unit", "persons", "mechanisms", "tags", "audience", "attachments"];

pub fn inspection(file: &File, diags: &mut Diagnostics) -> Option<Inspection> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let date = req_date(&mut f, "date", diags);
    let kind = req_string(&mut f, "kind", diags);
    let inspector = req_string(&mut f, "inspector", diags);
    let units = ref_list(&mut f, "units", diags);
    let mechanisms = ref_list(&mut f, "mechanisms", diags);
    let tags = plain_terms(&mut f, "tags", diags);
    let audience = audience(&mut f, diags);
    let attachments = attachments(&mut f, diags);
    f.finish(INSPECTION_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Inspection {
        id,
        origin: origin(file, id_pos),
        title: title?,
        date: date?,
        kind: kind?,
        inspector: inspector?,
        units: units?,
        mechanisms: mechanisms?,
        tags: tags?,
        audience: audience?,
        body: Body { attachments: attachments?, ..body },
    })
}

pub fn model(file: &File, diags: &mut Diagnostics) -> Option<Model> {
    let (node, body) = front(file, diags)?;
    let mut f = Fields::new(&node, file, "front matter", diags)?;
    let id = item_id(&mut f, file, diags);
    let title = req_string(&mut f, "title", diags);
    let date = req_date(&mut f, "date", diags);
    let honour = req_string(&mut f, "honour", diags);
    let kind = f.required("kind", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| {
        let kind = ModelKind::parse(&s.value);
        if kind.is_none() {
            diags.error(file, s.pos, format!("典型类别 kind 应为 collective (先进集体) 或 individual (先进个人), 实际为 \"{}\"", s.value));
        }
        kind
    });
    let unit = opt_ref(&mut f, "unit", diags);
    let persons = plain_terms(&mut f, "persons", diags);
    let mechanisms = ref_list(&mut f, "mechanisms", diags);
    let tags = plain_terms(&mut f, "tags", diags);
    let audience = audience(&mut f, diags);
    let attachments = attachments(&mut f, diags);
    f.finish(MODEL_FIELDS, diags);
    let (id, id_pos) = id?;
    Some(Model {
        id,
        origin: origin(file, id_pos),
        title: title?,
        date: date?,
        honour: honour?,
        kind: kind?,
        unit: unit?,
        persons: persons?,
        mechanisms: mechanisms?,
        tags: tags?,
        audience: audience?,
        body: Body { attachments: attachments?, ..body },
    })
}

/// The form of the four written in words, as an office writes it: `二`, `第二种`, `第二种形态`.
fn form_in_words(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s.strip_prefix('第').unwrap_or(s);
    let s = s.strip_suffix("形态").unwrap_or(s);
    let s = s.strip_suffix('种').unwrap_or(s);
    match s {
        "一" => Some(1),
        "二" => Some(2),
        "三" => Some(3),
        "四" => Some(4),
        _ => None,
    }
}
