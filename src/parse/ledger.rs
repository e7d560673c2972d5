//! The reader of the rectification ledger (`content/rectifications/*.yaml`): each file a list of
//! items. Every rule of SPEC §10 that one item can break on its own is checked here, where it
//! is written; references to units, inspections and cases are checked with every other
//! reference in `validate`.

use super::fields::*;
use crate::diag::Diagnostics;
use crate::load::File;
use crate::model::*;
use crate::yaml::{self, Fields, Node, Spanned};
use chrono::NaiveDate;

const ITEM_FIELDS: &[&str] = &[
    "id", "unit", "problem", "source", "found_on", "owner", "deadline", "measures", "status", "done_on", "feedback",
    "audience",
];
const SOURCE_KEYS: &[&str] = &["inspection", "case", "text"];

/// Every item of one ledger file; an item with errors is left out, its errors reported.
pub fn rectifications(file: &File, diags: &mut Diagnostics) -> Vec<Rectification> {
    let Some(node) = yaml::parse(&file.text, file, 0, diags) else { return Vec::new() };
    if node.is_null() {
        return Vec::new();
    }
    if let yaml::Value::Map(entries) = &node.value {
        // One item written without its `- `: the file is a list of items.
        let at = entries.first().map_or(node.pos, |(key, _)| key.pos);
        let d = diags.error(file, at, "整改台账文件应是事项的列表, 这里是单个键值映射");
        d.help = Some("每个整改事项以 `- id:` 开头, 其余字段缩进两格与 id 对齐; 第一个事项也要有 `- `".into());
        return Vec::new();
    }
    let Some(items) = yaml::seq(&node, file, diags) else { return Vec::new() };
    items.iter().filter_map(|item| rectification(item, file, diags)).collect()
}

fn date_field(f: &mut Fields, key: &str, required: bool, diags: &mut Diagnostics) -> Option<Option<Spanned<NaiveDate>>> {
    let file = f.file();
    let node = if required { f.required(key, diags) } else { f.get(key) };
    match node {
        None if required => None,
        None => Some(None),
        Some(n) if !required && n.is_null() => Some(None),
        Some(n) => yaml::date(n, file, diags).map(Some),
    }
}

fn rectification(node: &Node, file: &File, diags: &mut Diagnostics) -> Option<Rectification> {
    let mut f = Fields::new(node, file, "每条整改事项", diags)?;
    let id = f.required("id", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| match Id::parse(&s.value) {
        Some(id) => Some((id, s.pos)),
        None => {
            id_error(file, s.pos, &s.value, diags);
            None
        }
    });
    let unit = f.required("unit", diags).and_then(|n| yaml::string(n, file, diags)).map(reference);
    let problem = req_string(&mut f, "problem", diags);
    let source = match f.get("source") {
        None => Some(None),
        Some(n) if n.is_null() => Some(None),
        Some(n) => source(n, file, diags).map(Some),
    };
    let found_on = date_field(&mut f, "found_on", true, diags).flatten();
    let owner = opt_string(&mut f, "owner", diags);
    let deadline = date_field(&mut f, "deadline", true, diags).flatten();
    let measures = plain_list(&mut f, "measures", diags);
    let status = f.required("status", diags).and_then(|n| yaml::string(n, file, diags)).and_then(|s| {
        let status = match s.value.as_str() {
            // The words the pages show are read as well, and those an office writes for them.
            "open" | "整改中" | "未完成" | "未办结" | "进行中" => Some(RectificationStatus::Open),
            "done" | "已办结" | "办结" | "已完成" | "完成" | "已整改" | "整改完成" => Some(RectificationStatus::Done),
            _ => None,
        };
        if status.is_none() {
            let help = if s.value.contains("逾期") || s.value.to_ascii_lowercase().contains("overdue") || s.value.to_ascii_lowercase().contains("late") {
                "逾期与否由整改时限和统计日期自动判断, 不用写在 status 里: 未办结的写 open (整改中), 已办结的写 done (已办结)"
            } else {
                "未办结的写 open (整改中), 已办结的写 done (已办结), 并写上 done_on 和 feedback"
            };
            diags.error(file, s.pos, format!("整改状态 status 应为 open (整改中) 或 done (已办结), 实际为 \"{}\"", s.value)).help = Some(help.into());
        }
        status.map(|st| Spanned::new(st, s.pos))
    });
    let done_on = date_field(&mut f, "done_on", false, diags);
    let feedback = opt_string(&mut f, "feedback", diags);
    let audience = audience(&mut f, diags);
    f.finish(ITEM_FIELDS, diags);

    let (id, id_pos) = id?;
    let (found_on, deadline, status, done_on) = (found_on?, deadline?, status?, done_on?);
    let feedback = feedback?.filter(|t| !t.trim().is_empty());
    let mut ok = true;
    match status.value {
        RectificationStatus::Done => {
            if done_on.is_none() {
                diags.error(file, status.pos, "已办结 (done) 的整改事项缺少办结日期 done_on").help =
                    Some("写上办结的日期, 例如 done_on: 2025-10-20; 尚未办结的请写 status: open".into());
                ok = false;
            }
            if feedback.is_none() {
                diags.error(file, status.pos, "已办结 (done) 的整改事项缺少办结和反馈情况 feedback").help =
                    Some("写明整改的结果和向谁反馈, 例如 feedback: 已修订制度并通报整改情况".into());
                ok = false;
            }
        }
        RectificationStatus::Open => {
            if let Some(d) = &done_on {
                diags.error(file, d.pos, "整改中 (open) 的事项不应有办结日期 done_on").help =
                    Some("已经办结的请把 status 改为 done; 尚未办结的请删除 done_on".into());
                ok = false;
            }
        }
    }
    if deadline.value < found_on.value {
        diags.error(file, deadline.pos, format!("整改时限 {} 早于发现日期 {}", deadline.value, found_on.value)).help =
            Some("整改时限应在发现问题之后".into());
        ok = false;
    }
    if let Some(d) = &done_on {
        if d.value < found_on.value {
            diags.error(file, d.pos, format!("办结日期 {} 早于发现日期 {}", d.value, found_on.value));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Rectification {
        id,
        origin: origin(file, id_pos),
        unit: unit?,
        problem: problem?,
        source: source?,
        found_on,
        owner: owner?,
        deadline: deadline.value,
        measures: measures?,
        status: status.value,
        done_on: done_on.map(|d| d.value),
        feedback,
        audience: audience?,
        body: Body::default(),
    })
}

/// `{ inspection: id }`, `{ case: id }` or `{ text: 单位自查 }`: exactly one of them.
fn source(node: &Node, file: &File, diags: &mut Diagnostics) -> Option<RectificationSource> {
    // A plain text (`source: 单位自查`) is what an office writes first: the hint shows it as a
    // text source.
    if let yaml::Value::Scalar { text, .. } = &node.value {
        let d = diags.error(file, node.pos, "来源 source 应写成 { inspection: 检查标识 }、{ case: 案例标识 } 或 { text: 文字说明 } 中的一种");
        d.help = Some(format!("文字说明的来源写成 source: {{ text: {} }}; 来自督导检查或典型案例的, 写它的标识", text.trim()));
        return None;
    }
    let mut f = Fields::new(node, file, "source", diags)?;
    let found: Vec<(&str, &Node)> = SOURCE_KEYS.iter().filter_map(|k| f.get(k).map(|n| (*k, n))).collect();
    f.finish(SOURCE_KEYS, diags);
    let [(key, value)] = found.as_slice() else {
        diags.error(file, node.pos, "来源 source 应写成 { inspection: 检查标识 }、{ case: 案例标识 } 或 { text: 文字说明 } 中的一种").help =
            Some("例如 source: { inspection: 2025-national-day-check }".into());
        return None;
    };
    let s = yaml::string(value, file, diags)?;
    match *key {
        "inspection" => Some(RectificationSource::Inspection(reference(s))),
        "case" => Some(RectificationSource::Case(reference(s))),
        _ => Some(RectificationSource::Text(s.value)),
    }
}
