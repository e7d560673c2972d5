//! The field readers that every file reader shares: ids, text, lists, references, dates,
//! decimals in tenths and the audience, each reporting a problem where it stands.

use crate::diag::Diagnostics;
use crate::frontmatter;
use crate::load::File;
use crate::model::*;
use crate::source::{Pos, SourceFile};
use crate::slug::slugify;
use crate::yaml::{self, Fields, Node, Spanned};

pub(crate) fn origin(file: &File, id_pos: Pos) -> Origin {
    Origin { file: file.clone(), id_pos }
}

/// The front matter of a Markdown file as fields, and its body.
pub(crate) fn front(file: &File, diags: &mut Diagnostics) -> Option<(Node, Body)> {
    let split = frontmatter::split(file, diags)?;
    guidance_left(file, split.body, split.body_line, diags);
    let node = yaml::parse(split.yaml, file, split.yaml_line_offset, diags)?;
    Some((node, Body { markdown: split.body.to_string(), first_line: split.body_line, attachments: Vec::new() }))
}

/// `new` writes each section's guidance into the body as `（待填写：写明……）`: one left in is
/// unfinished, and nothing unfinished is published. Said whatever the front matter holds, so
/// that one run lists every blank of a new file.
fn guidance_left(file: &File, body: &str, first_line: usize, diags: &mut Diagnostics) {
    let guidance = format!("（{}", yaml::UNFILLED);
    if !body.contains(&guidance) {
        return;
    }
    // Code (a fenced block, a span between backticks) is text about the marker, not a blank.
    let mut fenced = false;
    for (i, line) in body.lines().enumerate() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        let Some(at) = line.find(&guidance).filter(|&at| !fenced && line[..at].matches('`').count() % 2 == 0) else { continue };
        let said: String = line[at..].chars().take(30).collect();
        let col = line[..at].chars().count() + 1;
        diags.error(file, Pos::new(first_line + i, col), format!("正文尚未填写: 这里还是 zhengfeng new 写入的填写说明 \"{said}…\"")).help =
            Some("把括号中的说明换成实际内容; 用不到的小节连同标题一起删去".into());
    }
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
    let stem = bundle_name(file).or_else(|| file.path.file_stem().and_then(|s| s.to_str())).unwrap_or("");
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

/// The folder name of a bundle's `index.md` (`content/cases/<name>/index.md`): an item written
/// as a folder takes its id from the folder, as one written as a file does from its name.
pub(crate) fn bundle_name(file: &SourceFile) -> Option<&str> {
    let parts: Vec<&str> = file.display.split('/').collect();
    match parts.as_slice() {
        ["content", _, name, "index.md"] => Some(name),
        _ => None,
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

/// A list of short terms (violation types, tags, names): like `list`, with a warning at each
/// item that holds ，or 、 (`joined_terms`).
pub(crate) fn term_list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Spanned<String>>> {
    let file = f.file();
    let items = list(f, key, diags)?;
    joined_terms(&items, file, diags);
    Some(items)
}

/// `term_list` as plain strings, empty items left out.
pub(crate) fn plain_terms(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<String>> {
    term_list(f, key, diags).map(|v| v.into_iter().map(|s| s.value).filter(|s| !s.is_empty()).collect())
}

/// A warning at each item holding a Chinese comma or an enumeration comma: `[甲，乙]` is one
/// item to YAML, which only splits a list at the ASCII `,`; the author almost always meant two.
pub(crate) fn joined_terms(items: &[Spanned<String>], file: &SourceFile, diags: &mut Diagnostics) {
    for s in items {
        let Some(sep) = s.value.chars().find(|c| matches!(c, '，' | '、')) else { continue };
        let name = if sep == '，' { "中文逗号" } else { "顿号" };
        let parts: Vec<&str> = s.value.split(['，', '、']).map(str::trim).filter(|p| !p.is_empty()).collect();
        let d = diags.warning(file, s.pos, format!("列表项 \"{}\" 含有{name} \"{sep}\", 会被当作一项", s.value));
        d.help = Some(format!(
            "要写成 {} 项, 请用英文逗号加空格分开: [{}], 或每行写一项 `- {}`",
            parts.len(),
            parts.join(", "),
            parts.first().copied().unwrap_or_default()
        ));
    }
}

pub(crate) fn ref_list(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Vec<Ref>> {
    Some(term_list(f, key, diags)?.into_iter().map(reference).collect())
}

/// A reference as written (`Id::written`): one that is not an id, such as an item's title, is
/// reported by the reference check in `validate`, which knows the titles.
pub(crate) fn reference(s: Spanned<String>) -> Ref {
    Spanned::new(Id::written(&s.value), s.pos)
}

/// An optional half-year: `2026-H1`, or as an office writes it, `2026年上半年`.
pub(crate) fn opt_period(f: &mut Fields, key: &str, what: &str, diags: &mut Diagnostics) -> Option<Option<crate::model::Period>> {
    let file = f.file();
    let Some(n) = f.get(key) else { return Some(None) };
    let s = yaml::string(n, file, diags)?;
    let written = s.value.trim();
    let chinese = written.strip_suffix("上半年").map(|y| (y, 1)).or_else(|| written.strip_suffix("下半年").map(|y| (y, 2)));
    let parsed = crate::model::Period::parse(written).or_else(|| {
        let (y, half) = chinese?;
        crate::model::Period::parse(&format!("{}-H{half}", y.trim_end_matches('年')))
    });
    if parsed.is_none() {
        diags.error(file, s.pos, format!("{what} \"{written}\" 无效, 应为 YYYY-H1 或 YYYY-H2")).help =
            Some("例如 2026-H1 (2026年上半年) 或 2026-H2 (2026年下半年)".into());
        return None;
    }
    Some(parsed)
}

pub(crate) fn opt_ref(f: &mut Fields, key: &str, diags: &mut Diagnostics) -> Option<Option<Ref>> {
    let file = f.file();
    match f.get(key) {
        None => Some(None),
        Some(n) => yaml::string(n, file, diags).map(|s| Some(reference(s))),
    }
}

/// A decimal with at most one decimal place, as exact tenths (92.5 -> 925), so that sums never
/// drift the way binary floats do.
pub(crate) fn tenths(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Spanned<Tenths>> {
    if node.scalar().is_none() && !node.is_null() {
        diags.error(file, node.pos, format!("应为数字, 实际为{}", node.kind_name())).help = Some("直接写数字, 例如 13.5; 不要加方括号或花括号".into());
        return None;
    }
    let s = yaml::string(node, file, diags)?;
    match yaml::parse_tenths(&s.value) {
        Ok(n) => Some(Spanned::new(Tenths(n), s.pos)),
        Err(yaml::TenthsError::TooPrecise) => {
            let d = diags.error(file, s.pos, format!("数值 \"{}\" 超过一位小数", s.value));
            d.help = Some("分值最多保留一位小数, 例如 13.5".into());
            None
        }
        Err(yaml::TenthsError::NotANumber) => {
            let d = diags.error(file, s.pos, format!("应为数字, 实际为 \"{}\"", s.value));
            let v = s.value.trim();
            if let Some(n) = v.strip_suffix(['%', '％']) {
                d.help = Some(format!("百分比只写数字, 不加 %: {}", n.trim()));
            } else if v.contains('。') {
                d.help = Some(format!("小数点要用英文句点: {}", v.replace('。', ".")));
            }
            None
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

const ATTACHMENT_FIELDS: &[&str] = &["file", "title"];

/// The `attachments:` list of a Markdown item: each entry `{ file: 考核细则.xlsx, title: ... }`,
/// or just the file name. Whether each file exists is settled with the bundles (`bodies`).
pub(crate) fn attachments(f: &mut Fields, diags: &mut Diagnostics) -> Option<Vec<Attachment>> {
    let file = f.file();
    let Some(node) = f.get("attachments") else { return Some(Vec::new()) };
    let items = yaml::seq(node, file, diags)?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        let entry = if item.scalar().is_some() {
            yaml::string(item, file, diags).map(|name| (name, Some(None)))
        } else {
            Fields::new(item, file, "每个附件", diags).and_then(|mut g| {
                let name = g.required("file", diags).and_then(|n| yaml::string(n, file, diags));
                let title = opt_string(&mut g, "title", diags);
                g.finish(ATTACHMENT_FIELDS, diags);
                name.map(|n| (n, title))
            })
        };
        match entry {
            Some((name, Some(title))) if !name.value.is_empty() => {
                out.push(Attachment { file: name, title: title.filter(|t| !t.is_empty()) });
            }
            Some((name, Some(_))) => {
                diags.error(file, name.pos, "附件的文件名 file 不能为空");
                ok = false;
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
