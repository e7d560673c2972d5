//! The only module that touches the YAML parser. It turns YAML text into a small tree of
//! `Node`s that remember where they stand in the *whole* file (front matter starts at line 2,
//! so a line offset is added), and offers typed readers that report every problem — wrong
//! type, missing or unknown field, bad date — at the exact `line:column`. Decimals are split
//! here (`parse_tenths`) but made into the model's `Tenths` by `parse::fields::tenths`, so that
//! this module stays below the model, which uses its `Spanned`.
//!
//! Why not deserialise straight into structs with serde: serde's YAML backends give a position
//! for syntax errors but not for values, and a score above its maximum or an unknown case id
//! must point at the value itself. Keeping the parser behind this one module also means the
//! backend (an event parser today) can be swapped without touching the model.
//!
//! Anchors and aliases are refused: offices never need them, and refusing them rules out
//! "billion laughs" expansion. Nesting deeper than `MAX_DEPTH` is refused as well.
//!
//! What an office keyboard produces is read, or named precisely (SPEC §3, §4): dates in the
//! forms offices type (`2025年3月5日`, `2025/3/5`) and full-width digits read as values; a key
//! followed by a full-width colon is an error at the colon, before the parser would misread the
//! line; and a value still holding `new`'s marker `待填写` is an error "尚未填写" at the value,
//! whatever the field expects.

use crate::diag::{suggest, Diagnostics};
use crate::source::{Pos, SourceFile};
use chrono::NaiveDate;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

const MAX_DEPTH: usize = 64;
const MAX_NODES: usize = 500_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// A scalar's text; `plain` is false when it was quoted or a block scalar, so `"2025"` and
    /// `'null'` stay text.
    Scalar { text: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// A value with the position it was read from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Spanned<T> {
        Spanned { value, pos }
    }
}

impl Node {
    /// What kind of value this is, in the words of the error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "空值",
            Value::Scalar { .. } => "文本或数字",
            Value::Seq(_) => "列表",
            Value::Map(_) => "键值映射",
        }
    }

    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

fn to_pos(m: &Marker, line_offset: usize) -> Pos {
    Pos::new(m.line() + line_offset, m.col() + 1)
}

/// Parse YAML text that starts `line_offset` lines into `file`. Returns None (with errors
/// recorded) when the text is not valid YAML. An empty document is `Value::Null`.
pub fn parse(text: &str, file: &SourceFile, line_offset: usize, diags: &mut Diagnostics) -> Option<Node> {
    if full_width_colons(text, file, line_offset, diags) {
        return None;
    }
    hashes_read_as_comments(text, file, line_offset, diags);
    let mut parser = Parser::new_from_str(text);
    // Stack of containers under construction: (node, pending key for maps).
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    let mut nodes = 0usize;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(ev) => ev,
            Err(e) => {
                // The parser's own nesting limit (255) answers before this reader's, when it
                // scans far ahead inside brackets: the problem is still the depth.
                if e.info().contains("recursion limit") {
                    let pos = too_deep(text, line_offset).unwrap_or_else(|| to_pos(e.marker(), line_offset));
                    diags.error(file, pos, format!("嵌套层次过深 (超过 {MAX_DEPTH} 层)"));
                    return None;
                }
                // The parser points at the end of the line before a tab that indents, or a
                // column past it: the tab itself is where the office must look.
                let tab = e.info().contains("tab").then(|| tab_near(text, e.marker().line(), line_offset)).flatten();
                // A full-width mark typed where YAML wants its ASCII one is invisible in the
                // parser's words, and it stops a line or more later.
                if let Some(slip) = tab.is_none().then(|| keyboard_slip(text, e.marker().line())).flatten() {
                    let (line, col) = slip.at;
                    diags.error(file, Pos::new(line + line_offset, col), slip.what).help = Some(slip.fix);
                    return None;
                }
                let pos = tab.unwrap_or_else(|| to_pos(e.marker(), line_offset));
                let d = diags.error(file, pos, format!("YAML 格式错误: {} ({})", yaml_problem(e.info()), e.info()));
                d.help = Some(yaml_hint(e.info()).to_string());
                // A value that starts with a mark YAML reserves: the line as it should be.
                let quoted = text.lines().nth(e.marker().line().saturating_sub(1)).and_then(|l| l.split_once(": ")).filter(|(_, v)| v.starts_with(['*', '@', '`', '&', '!', '%']));
                if let Some((key, value)) = quoted.filter(|_| starts_with_a_reserved_mark(e.info())) {
                    d.help = Some(format!("给整个值加上引号: {key}: \"{}\"", value.trim().replace('"', "\\\"")));
                }
                return None;
            }
        };
        let pos = to_pos(&mark, line_offset);
        let finished: Option<Node> = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => None,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    diags
                        .error(file, pos, "一个文件只能有一个 YAML 文档")
                        .help = Some("删除多余的 `---` 分隔行".into());
                    return None;
                }
                None
            }
            Event::Alias(_) => {
                diags.error(file, pos, "不支持 YAML 别名 (*引用)").help =
                    Some("请把引用的内容直接写出来".into());
                return None;
            }
            Event::Scalar(value, style, anchor, _tag) => {
                if anchor > 0 {
                    diags.error(file, anchor_pos(text, &mark, line_offset), "不支持 YAML 锚点 (&名称)").help =
                        Some("请删除锚点, 把内容直接写出来".into());
                    return None;
                }
                let plain = style == TScalarStyle::Plain;
                let value = if plain && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                    Value::Null
                } else {
                    Value::Scalar { text: value, plain }
                };
                Some(Node { value, pos })
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if anchor > 0 {
                    diags.error(file, anchor_pos(text, &mark, line_offset), "不支持 YAML 锚点 (&名称)").help =
                        Some("请删除锚点, 把内容直接写出来".into());
                    return None;
                }
                if stack.len() >= MAX_DEPTH {
                    diags.error(file, pos, format!("嵌套层次过深 (超过 {MAX_DEPTH} 层)"));
                    return None;
                }
                let value = if matches!(event, Event::SequenceStart(..)) { Value::Seq(Vec::new()) } else { Value::Map(Vec::new()) };
                stack.push((Node { value, pos }, None));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|(n, _)| n),
        };
        let Some(node) = finished else { continue };
        nodes += 1;
        if nodes > MAX_NODES {
            diags.error(file, pos, format!("YAML 内容过多 (超过 {MAX_NODES} 个值)"));
            return None;
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some((parent, pending)) => match &mut parent.value {
                Value::Seq(items) => items.push(node),
                Value::Map(entries) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => entries.push((key, node)),
                },
                _ => {}
            },
        }
    }
    Some(root.unwrap_or(Node { value: Value::Null, pos: Pos::new(1 + line_offset, 1) }))
}

/// Where the anchor (`&name`) of the value at `mark` is written: the parser marks the value,
/// but the anchor is what must go. The value's own position when no anchor is found before it.
fn anchor_pos(text: &str, mark: &Marker, line_offset: usize) -> Pos {
    let before: Vec<char> = text.chars().take(mark.index()).collect();
    let mut i = before.len();
    while i > 0 && before[i - 1].is_whitespace() {
        i -= 1;
    }
    let end = i;
    while i > 0 && !before[i - 1].is_whitespace() {
        i -= 1;
    }
    if i == end || before[i] != '&' {
        return to_pos(mark, line_offset);
    }
    char_pos(&before, i, line_offset)
}

/// A tab in the white space that starts a line (or follows a list's `- `), where YAML allows
/// none, on the line the parser stopped at or the one after (it stops at the end of the line
/// before the tab): a tab inside a `|` text elsewhere is allowed, and is not it.
fn tab_near(text: &str, line: usize, line_offset: usize) -> Option<Pos> {
    let lines: Vec<&str> = text.lines().collect();
    [line, line + 1].into_iter().find_map(|n| {
        let l = lines.get(n.checked_sub(1)?)?;
        let lead = l.chars().take_while(|c| matches!(c, ' ' | '\t' | '-')).collect::<Vec<_>>();
        lead.iter().position(|&c| c == '\t').map(|j| Pos::new(n + line_offset, j + 1))
    })
}

/// The text inside `“…”` or `‘…’` when they wrap the whole of `value` (and no other such quote
/// is inside: `“七一”和“八一”` is text with quotes in it).
fn cjk_quoted(value: &str) -> Option<&str> {
    [('“', '”'), ('‘', '’')].into_iter().find_map(|(open, close)| {
        let inner = value.strip_prefix(open)?.strip_suffix(close)?;
        (!inner.contains([open, close])).then_some(inner)
    })
}

/// Where a comment is glued to a value (`谈话提醒# 处理结果`): the byte of a `#` that has no
/// space before it and one after, as in the notes `new` writes after each field.
fn glued_comment(value: &str) -> Option<usize> {
    value.match_indices("# ").map(|(i, _)| i).find(|&i| i > 0 && !value[..i].ends_with(char::is_whitespace))
}

/// A full-width mark where YAML needs an ASCII one, found when the parser has failed.
struct Slip {
    /// Line (of `text`, from 1) and column (in characters, from 1).
    at: (usize, usize),
    what: String,
    fix: String,
}

/// The full-width space, which a Chinese input method types for the space bar.
const IDEOGRAPHIC_SPACE: char = '\u{3000}';

/// Why YAML could not read a text that a Chinese input method typed: a full-width space after
/// a key's colon (`form:　2`) or in the indentation of a field, anywhere in the text (the parser
/// reports them a line or more later); a full-width comma inside `{ }` or full-width brackets
/// around a value, on the line where the parser stopped (`line`, from 1) or the one before.
/// Looked for only once the parser has failed, so that a full-width space inside a `|` text is
/// never blamed for anything.
fn keyboard_slip(text: &str, line: usize) -> Option<Slip> {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    for (i, chars) in lines.iter().enumerate() {
        let lead = chars.iter().take_while(|&&c| c == ' ' || c == '-' || c == IDEOGRAPHIC_SPACE).count();
        let key_end = lead + chars[lead..].iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')).count();
        let is_key = key_end > lead && chars[lead].is_ascii_alphabetic() && chars.get(key_end) == Some(&':');
        let key: String = chars[lead..key_end].iter().collect();
        let rest: String = chars.get(key_end + 1..).unwrap_or_default().iter().collect::<String>().trim_matches(|c: char| c.is_whitespace()).to_string();
        if let Some(j) = chars[..lead].iter().position(|&c| c == IDEOGRAPHIC_SPACE).filter(|_| is_key) {
            return Some(Slip {
                at: (i + 1, j + 1),
                what: "行首的缩进里有全角空格 `　`".into(),
                fix: format!("缩进只能用半角空格: 删掉这一行开头的空白, 再用空格键 (英文状态) 对齐, 如 `{key}: {rest}`"),
            });
        }
        if is_key && chars.get(key_end + 1) == Some(&IDEOGRAPHIC_SPACE) {
            return Some(Slip {
                at: (i + 1, key_end + 2),
                what: "冒号后是全角空格 `　`, 这里要半角空格".into(),
                fix: format!("切换到英文输入状态, 把冒号后的空格重新输入一次: `{key}: {rest}`"),
            });
        }
    }
    let near = line.saturating_sub(1).max(1)..=line.max(1);
    // ` disposition: 谈话提醒` under `form: 1`: a field indented past the one above it, which
    // holds a value of its own (no nested fields), was meant to line up with it.
    for n in near.clone().rev() {
        let Some(chars) = lines.get(n - 1) else { continue };
        let indent = chars.iter().take_while(|&&c| c == ' ').count();
        let written: String = chars[indent..].iter().collect();
        let is_field = |t: &str| t.split_once(": ").or_else(|| t.strip_suffix(':').map(|k| (k, ""))).is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if indent == 0 || !is_field(&written) {
            continue;
        }
        let above = lines[..n - 1].iter().rev().map(|l| l.iter().collect::<String>()).find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let Some(above) = above else { continue };
        let above_indent = above.len() - above.trim_start_matches(' ').len();
        let holds_value = above.trim_start().split_once(": ").is_some_and(|(_, v)| !v.split(" #").next().unwrap_or("").trim().is_empty());
        if above_indent < indent && holds_value && is_field(above.trim_start()) {
            return Some(Slip {
                at: (n, 1),
                what: format!("这一行开头多了 {} 个空格, 与上面的字段没有对齐", indent - above_indent),
                fix: format!("删去行首多出的空格, 与上一行对齐: `{}{}`", " ".repeat(above_indent), written.trim_end()),
            });
        }
    }
    // `form:3`: without a space after it, the colon is part of a text, and the parser stops at
    // the next line (an address, `https://…`, is no field).
    for n in near.clone().rev() {
        let Some(chars) = lines.get(n - 1) else { continue };
        let lead = chars.iter().take_while(|&&c| c == ' ' || c == '-').count();
        let key_end = lead + chars[lead..].iter().take_while(|c| c.is_ascii_lowercase() || **c == '_').count();
        let after = chars.get(key_end + 1);
        if key_end > lead && chars.get(key_end) == Some(&':') && after.is_some_and(|c| !c.is_whitespace() && *c != '/') {
            let key: String = chars[lead..key_end].iter().collect();
            let rest: String = chars[key_end + 1..].iter().collect();
            return Some(Slip { at: (n, key_end + 1), what: "冒号后缺少空格, 这一行读不出字段".into(), fix: format!("在英文冒号后空一格: `{key}: {}`", rest.trim()) });
        }
    }
    for n in near.clone().rev() {
        let Some(chars) = lines.get(n - 1) else { continue };
        let written: String = chars.iter().collect();
        let Some((key, value)) = written.split_once(": ") else { continue };
        let at = |byte: usize| (n, written[..key.len() + 2 + byte].chars().count() + 1);
        // `title: “通报: 某某”`: quotes as Word types them are no quotes to YAML.
        if let Some(inner) = cjk_quoted(value.trim()) {
            let start = value.len() - value.trim_start().len();
            return Some(Slip {
                at: at(start),
                what: "值两边用的是中文引号 “ ”, YAML 只认英文引号 \" \"".into(),
                fix: format!("把中文引号换成英文引号: `{key}: \"{}\"`", inner.replace('"', "\\\"")),
            });
        }
        // `form: 1# 四种形态, …`: a `#` right after the value starts no comment.
        if let Some(hash) = glued_comment(value) {
            return Some(Slip {
                at: at(hash),
                what: "`#` 前没有空格, `#` 和它后面的说明都被当成了值".into(),
                fix: format!("在 `#` 前加一个空格, 或把 `#` 及其后的说明删去: `{key}: {}`", value[..hash].trim()),
            });
        }
    }
    for n in near.rev() {
        let Some(chars) = lines.get(n - 1) else { continue };
        let outside = |j: usize| chars[..j].iter().filter(|&&c| c == '"').count() % 2 == 0 && chars[..j].iter().filter(|&&c| c == '\'').count() % 2 == 0;
        let open = chars.iter().position(|&c| c == '{' || c == '[');
        if let Some(j) = open.and_then(|o| chars.iter().enumerate().skip(o).find(|&(j, &c)| c == '，' && outside(j)).map(|(j, _)| j)) {
            return Some(Slip {
                at: (n, j + 1),
                what: "括号里用了中文逗号 `，`, 这里要英文逗号 `,`".into(),
                fix: "把括号里的每个 `，` 换成英文逗号 `,` 加一个空格".into(),
            });
        }
        if let Some(j) = chars.iter().enumerate().find(|&(j, &c)| "｛｝［］".contains(c) && outside(j)).map(|(j, _)| j) {
            return Some(Slip {
                at: (n, j + 1),
                what: format!("这里用了全角括号 `{}`", chars[j]),
                fix: "把全角括号换成英文括号: `｛ ｝` 换成 `{ }`, `［ ］` 换成 `[ ]`".into(),
            });
        }
    }
    unclosed_bracket(&lines, line)
}

/// A `[` or `{` that opens a field's value and is never closed before the next field
/// (`violations: [甲, 乙` with its `]` forgotten): the parser stops lines later, at the next
/// colon; the slip is where the bracket opens. Only the nearest field above the line the parser
/// stopped at (`line`, from 1) is looked at, and only a bracket that starts its value: a `[`
/// inside a text (`见通报[2024`) is the text's own.
fn unclosed_bracket(lines: &[Vec<char>], line: usize) -> Option<Slip> {
    let indent = |l: &[char]| l.iter().take_while(|&&c| c == ' ').count();
    // The column where a field's value starts, for a `key: value` line.
    let value_at = |l: &[char]| -> Option<usize> {
        let lead = l.iter().take_while(|&&c| c == ' ' || c == '-').count();
        let colon = lead + l[lead..].iter().position(|&c| c == ':')?;
        let key = &l[lead..colon];
        if key.is_empty() || !key.iter().all(|c| c.is_alphanumeric() || *c == '_' || *c == '-') {
            return None;
        }
        Some(colon + 1 + l[colon + 1..].iter().take_while(|&&c| c == ' ').count())
    };
    let above = lines.iter().enumerate().take(line.saturating_sub(1)).rev().find(|(_, l)| value_at(l).is_some());
    let (i, chars) = above?;
    let j = value_at(chars)?;
    let c = *chars.get(j).filter(|c| matches!(c, '[' | '{'))?;
    // Closed on its own line, outside quotes: nothing to say.
    let (mut depth, mut quote) = (0i32, None);
    for &ch in &chars[j..] {
        match (quote, ch) {
            (Some(q), _) if ch == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    if depth <= 0 {
        return None;
    }
    // Continued on the next lines (a list over two lines) unless a field no deeper comes next.
    let next = lines[i + 1..].iter().find(|l| l.iter().any(|c| !c.is_whitespace()));
    if next.is_some_and(|n| value_at(n).is_none() || indent(n) > indent(chars)) {
        return None;
    }
    let close = if c == '[' { ']' } else { '}' };
    let written: String = chars.iter().collect();
    Some(Slip { at: (i + 1, j + 1), what: format!("这里的 `{c}` 没有对应的 `{close}`"), fix: format!("在这一行末尾补上 `{close}`: `{}{close}`", written.trim_end()) })
}

/// The line and column (in characters) of the character at `index` of `chars`.
fn char_pos(chars: &[char], index: usize, line_offset: usize) -> Pos {
    let line = chars[..index].iter().filter(|&&c| c == '\n').count();
    let line_start = chars[..index].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
    Pos::new(line + 1 + line_offset, index - line_start + 1)
}

/// Where brackets first nest deeper than `MAX_DEPTH`, outside quotes and comments.
fn too_deep(text: &str, line_offset: usize) -> Option<Pos> {
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut quote, mut comment) = (0usize, None, false);
    for (i, &c) in chars.iter().enumerate() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '#') => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(char_pos(&chars, i, line_offset));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Report every key followed by a full-width colon (`title：某某`, `{ points：2 }`), at the
/// colon. YAML reads such a line as one piece of text, so the parser would complain a line
/// later, about something else; a Chinese input method types `：` unless switched to English.
/// Returns whether any was found.
fn full_width_colons(text: &str, file: &SourceFile, line_offset: usize, diags: &mut Diagnostics) -> bool {
    let mut found = false;
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for (j, _) in chars.iter().enumerate().filter(|(_, &c)| c == '：') {
            let mut k = j;
            while k > 0 && chars[k - 1] == ' ' {
                k -= 1;
            }
            let end = k;
            while k > 0 && (chars[k - 1].is_ascii_alphanumeric() || matches!(chars[k - 1], '_' | '-')) {
                k -= 1;
            }
            let key: String = chars[k..end].iter().collect();
            let key = key.trim_start_matches('-');
            if !key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                continue;
            }
            // A key stands at the start of a line (after indentation and list dashes), or
            // after the `{` or `,` of a flow mapping, outside quotes and comments.
            let before: String = chars[..end - key.chars().count()].iter().collect();
            let lead = before.trim_end();
            let at_line_start = lead.chars().all(|c| c == ' ' || c == '-');
            let in_flow = (lead.ends_with('{') || lead.ends_with(',')) && lead.matches('"').count().is_multiple_of(2) && lead.matches('\'').count().is_multiple_of(2);
            if lead.contains('#') || !(at_line_start || in_flow) {
                continue;
            }
            let value: String = chars[j + 1..].iter().collect::<String>().trim().to_string();
            let d = diags.error(file, Pos::new(i + 1 + line_offset, j + 1), "字段名后应为英文冒号 `:`, 这里是中文冒号 `：`");
            d.help = Some(format!("把中文冒号换成英文冒号, 冒号后空一格: `{key}: {value}`"));
            found = true;
        }
    }
    found
}

/// A warning for each `#` that ends a value by starting a comment where the writer meant it as
/// text (`title: 某案 #1` reads as `某案`): a space before it and none after, as in `#1` or
/// `#重点` — a comment of the writer's own (`# 说明`, as `new` writes them) has a space after.
/// Lines inside a `|` or `>` text, and `#` inside quotes, are text, not comments.
fn hashes_read_as_comments(text: &str, file: &SourceFile, line_offset: usize, diags: &mut Diagnostics) {
    let mut block: Option<usize> = None; // the indentation of the key that opened a `|` text
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        match block {
            Some(b) if line.trim().is_empty() || indent > b => continue,
            _ => block = None,
        }
        let t = line.trim_end();
        if t.ends_with(": |") || t.ends_with(": >") || t.ends_with(": |-") || t.ends_with(": >-") || t.ends_with(": |+") || t.ends_with(": >+") {
            block = Some(indent);
        }
        let body = line.trim_start_matches([' ', '-']);
        if body.starts_with('#') || !line.contains(" #") {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let (mut single, mut double) = (false, false);
        for (j, &c) in chars.iter().enumerate() {
            match c {
                '\'' if !double => single = !single,
                '"' if !single => double = !double,
                '#' if !single && !double && j > 0 && chars[j - 1] == ' ' => {
                    let after = chars.get(j + 1);
                    let value: String = chars[..j].iter().collect();
                    let has_value = value.split_once(": ").is_some_and(|(_, v)| !v.trim().is_empty()) || value.trim_start().starts_with("- ");
                    if after.is_some_and(|c| !c.is_whitespace()) {
                        let key = value.split_once(':').map(|(k, _)| k.trim().trim_start_matches("- ")).unwrap_or("");
                        let whole: String = chars.iter().collect::<String>().split_once(": ").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
                        let d = diags.warning(
                            file,
                            Pos::new(i + 1 + line_offset, j + 1),
                            if has_value { "`#` 及其后的文字被当作注释, 不会出现在页面上" } else { "`#` 开头的值被当作注释, 这个字段是空的" },
                        );
                        d.help = Some(if key.is_empty() {
                            "如果 # 是内容的一部分, 给整个值加上引号".to_string()
                        } else {
                            format!("如果 # 是内容的一部分, 给整个值加上引号: {key}: \"{whole}\"")
                        });
                    }
                    break;
                }
                _ => {}
            }
        }
    }
}

/// Whether the parser stopped at a value that starts with a mark YAML keeps for itself (`*` an
/// alias, `@` and `` ` `` reserved): quoting the value is the fix.
fn starts_with_a_reserved_mark(info: &str) -> bool {
    info.contains("unknown anchor") || info.contains("unexpected character") || info.contains("reserved")
}

/// The parser's message in the words of the office: what is wrong at this spot.
fn yaml_problem(info: &str) -> &'static str {
    if info.contains("tab") {
        "此处出现了 Tab 字符"
    } else if info.contains("mapping values are not allowed") {
        "此处不能再出现 `字段: 值`"
    } else if info.contains("could not find expected ':'") {
        "字段名后面缺少冒号"
    } else if info.contains("unexpected end of stream") {
        "文件意外结束, 可能有引号或括号没有闭合"
    } else if info.contains("did not find expected key") {
        "缩进不一致, 找不到下一个字段名"
    } else if info.contains("did not find expected node content") {
        "这里缺少一个值"
    } else if info.contains("cannot start any token") {
        "这个字符不能出现在值的开头"
    } else if info.contains("did not find expected ',' or") {
        "列表或映射中缺少逗号或结束括号"
    } else if info.contains("unknown anchor") {
        "以 * 开头的值会被当作 YAML 引用 (别名)"
    } else if info.contains("unexpected character") || info.contains("reserved") {
        "@ 和 ` 不能出现在值的开头"
    } else {
        "无法解析"
    }
}

fn yaml_hint(info: &str) -> &'static str {
    if info.contains("tab") {
        "YAML 不能用 Tab 缩进, 请改用空格"
    } else if info.contains("mapping values are not allowed") {
        "冒号后的值含有 `: `, 请给整个值加上引号"
    } else if info.contains("did not find expected key") || info.contains("block") {
        "检查这一行及上一行的缩进是否对齐"
    } else if starts_with_a_reserved_mark(info) {
        "给整个值加上引号"
    } else {
        "检查这一行的缩进、冒号和引号"
    }
}

/// Reads the fields of one mapping, remembering which were used so that `finish` can report
/// every unknown one with the nearest known name.
pub struct Fields<'a> {
    file: &'a SourceFile,
    entries: &'a [(Node, Node)],
    used: Vec<bool>,
    /// Where the mapping starts: missing fields are reported here.
    pub pos: Pos,
}

impl<'a> Fields<'a> {
    /// `what` names the thing for messages, e.g. "front matter" or "扣分项".
    pub fn new(node: &'a Node, file: &'a SourceFile, what: &str, diags: &mut Diagnostics) -> Option<Fields<'a>> {
        if unfilled(node, file, diags) {
            return None;
        }
        let entries: &'a [(Node, Node)] = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                diags.error(file, node.pos, format!("{what} 应为 `字段: 值` 的键值映射, 实际为{}", node.kind_name()));
                return None;
            }
        };
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        // A repeated field is reported once, here, not again as unknown by `finish`.
        let mut used = vec![false; entries.len()];
        for (i, (k, _)) in entries.iter().enumerate() {
            match key_name(k) {
                Some(name) if !seen.insert(name) => {
                    diags.error(file, k.pos, format!("字段 \"{name}\" 重复出现")).help = Some("删掉其中一个 (只保留正确的那个)".into());
                    used[i] = true;
                }
                Some(name) if name.len() != k.scalar().map_or(0, str::len) => {
                    // `　title: …` or `title　: …`: a full-width space is no indentation and no
                    // part of a name; the field is read by its name all the same.
                    let d = diags.error(file, k.pos, format!("字段名 \"{name}\" 前后有全角空格 `　`"));
                    d.help = Some(format!("删掉字段名前后的空白, 缩进只用半角空格: `{name}: …`"));
                }
                Some(_) => {}
                None => {
                    diags.error(file, k.pos, format!("字段名应为文本, 实际为{}", k.kind_name()));
                }
            }
        }
        // A block mapping's own mark sits at its first `:`; a missing field is better shown
        // where the mapping's first key starts.
        // (A flow mapping's mark is its `{`, which comes first and is kept.)
        let pos = entries.first().map(|(k, _)| k.pos.min(node.pos)).unwrap_or(node.pos);
        Some(Fields { file, entries, used, pos })
    }

    pub fn file(&self) -> &'a SourceFile {
        self.file
    }

    /// The value of a field, if present and not null.
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| key_name(k) == Some(key))?;
        self.used[i] = true;
        let v = &self.entries[i].1;
        (!v.is_null()).then_some(v)
    }

    /// The value of a required field; a missing or empty one is an error at the mapping.
    pub fn required(&mut self, key: &str, diags: &mut Diagnostics) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| key_name(k) == Some(key));
        if let Some(i) = i {
            self.used[i] = true;
            let v = &self.entries[i].1;
            if v.is_null() {
                diags.error(self.file, v.pos, format!("必填字段 \"{key}\" 不能为空"));
                return None;
            }
            return Some(v);
        }
        diags.error(self.file, self.pos, format!("缺少必填字段 \"{key}\""));
        None
    }

    /// Every entry, for free-form maps such as `scores`.
    pub fn entries(&self) -> &'a [(Node, Node)] {
        self.entries
    }

    /// Report each field not read, suggesting the nearest of `known`.
    pub fn finish(self, known: &[&str], diags: &mut Diagnostics) {
        for ((k, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let Some(name) = key_name(k) else { continue };
            let d = diags.error(self.file, k.pos, format!("未知字段 \"{name}\""));
            d.help = Some(match suggest(name, known) {
                Some(s) => format!("是否应为 \"{s}\"? 可用字段: {}", known.join(", ")),
                None => format!("可用字段: {}", known.join(", ")),
            });
        }
    }
}

/// A mapping key as a field name: its text without the white space around it (a full-width
/// space typed before or after a name is reported by `Fields::new`).
fn key_name(k: &Node) -> Option<&str> {
    k.scalar().map(|s| s.trim_matches(char::is_whitespace))
}

/// The marker `new` writes where the tool cannot guess a value (SPEC §4, "Nothing unfinished
/// is published").
pub const UNFILLED: &str = "待填写";

/// Whether `node` still holds the `待填写` marker; if so, an error "尚未填写" at it. Every reader
/// below asks this first, so a blank is reported once, as a blank, whatever the field expects.
fn unfilled(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> bool {
    let Value::Scalar { text, .. } = &node.value else { return false };
    if !text.contains(UNFILLED) {
        return false;
    }
    diags.error(file, node.pos, format!("尚未填写: \"{}\"", text.trim())).help =
        Some(format!("把 \"{}\" 换成实际内容; 标着 {UNFILLED} 的地方都填好以后才能发布", text.trim()));
    true
}

/// A scalar as text. Numbers and booleans are text too (a title may be `2025`).
pub fn string(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Spanned<String>> {
    if unfilled(node, file, diags) {
        return None;
    }
    match &node.value {
        Value::Scalar { text, plain } => {
            let text = text.trim();
            if *plain {
                if let Some(inner) = cjk_quoted(text) {
                    diags.warning(file, node.pos, format!("值两边的中文引号会原样出现在页面上: {text}")).help =
                        Some(format!("若引号只是为了括起整个值, 请删去, 或换成英文引号: \"{inner}\""));
                } else if let Some(hash) = glued_comment(text).filter(|&h| !text[..h].ends_with(|c: char| c.is_ascii_digit())) {
                    let d = diags.warning(file, node.pos, format!("`#` 前没有空格, 其后的说明成了值的一部分: {text}"));
                    d.help = Some(format!("在 `#` 前加一个空格, 或把 `#` 及其后的说明删去, 只留 \"{}\"", text[..hash].trim()));
                }
            }
            Some(Spanned::new(text.to_string(), node.pos))
        }
        _ => {
            diags.error(file, node.pos, format!("应为文本, 实际为{}", node.kind_name()));
            None
        }
    }
}

/// A list of scalars. A missing field is an empty list (handled by callers with `get`).
pub fn string_list(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Vec<Spanned<String>>> {
    if unfilled(node, file, diags) {
        return None;
    }
    match &node.value {
        Value::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for item in items {
                match string(item, file, diags) {
                    Some(s) => out.push(s),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        Value::Null => Some(Vec::new()),
        _ => {
            let d = diags.error(file, node.pos, format!("应为列表, 实际为{}", node.kind_name()));
            d.help = Some("写成 [甲, 乙] 或每行一项 `- 甲`".into());
            None
        }
    }
}

pub fn seq<'a>(node: &'a Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<&'a [Node]> {
    if unfilled(node, file, diags) {
        return None;
    }
    match &node.value {
        Value::Seq(items) => Some(items),
        Value::Null => Some(&[]),
        _ => {
            diags.error(file, node.pos, format!("应为列表, 实际为{}", node.kind_name()));
            None
        }
    }
}

/// A calendar date: `YYYY-MM-DD`, or one of the forms an office keyboard produces (`office_date`).
pub fn date(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Spanned<NaiveDate>> {
    let s = string(node, file, diags)?;
    match office_date(&s.value) {
        Some(d) => Some(Spanned::new(d, s.pos)),
        None => {
            let d = match no_such_day(&s.value) {
                Some(why) => diags.error(file, s.pos, format!("日期 \"{}\" 不存在: {why}", s.value)),
                None => diags.error(file, s.pos, format!("日期 \"{}\" 无效, 应为 YYYY-MM-DD 格式", s.value)),
            };
            d.help = Some(match glued_comment(&s.value) {
                // `2025-03-05# 处理决定…`: the note after the date, with no space before its `#`.
                Some(h) => format!("`#` 前没有空格, 其后的说明成了日期的一部分: 在 `#` 前加一个空格, 或只留 {}", s.value[..h].trim()),
                None => "例如 2025-07-15; 也可以写成 2025年7月15日、2025/7/15 或 2025.7.15".into(),
            });
            None
        }
    }
}

/// Why a date written in a right form is no day of the calendar (`2025-13-01`, `2025-2-30`).
pub fn no_such_day(s: &str) -> Option<String> {
    let ascii = half_width(s);
    let parts: Vec<&str> = ascii.trim().trim_end_matches('日').split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    if y.len() != 4 || ![m, d].iter().all(|p| (1..=2).contains(&p.len())) {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) {
        return Some(format!("没有 {m} 月"));
    }
    NaiveDate::from_ymd_opt(y, m, d).is_none().then(|| format!("{y}年{m}月没有 {d} 日"))
}

/// A date as offices write it: `2025-03-05`, `2025-3-5`, `2025/3/5`, `2025.3.5` or
/// `2025年3月5日`, in half-width or full-width digits. The year has four digits, the month and
/// day one or two; one kind of separator throughout.
pub fn office_date(s: &str) -> Option<NaiveDate> {
    // The full stop a Chinese input method types for `.` (`2025。3。5`) is read as one.
    let s = s.trim().replace('。', ".");
    let s = half_width(&s);
    let parts: Vec<&str> = match s.split_once('年') {
        Some((y, rest)) => {
            let (m, d) = rest.split_once('月')?;
            vec![y, m, d.strip_suffix('日').unwrap_or(d)]
        }
        None => {
            let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
            s.split(sep).collect()
        }
    };
    let [y, m, d] = parts.as_slice() else { return None };
    let (y, m, d) = (y.trim(), m.trim(), d.trim());
    let digits = |t: &str, lens: std::ops::RangeInclusive<usize>| lens.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Full-width digits, point, signs and slash (what an input method types in full-width mode)
/// as their ASCII forms: `９２．５` reads `92.5`. Anything else is left as it is.
pub fn half_width(s: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| matches!(c, '０'..='９' | '．' | '－' | '＋' | '／');
    if !s.chars().any(wide) {
        return std::borrow::Cow::Borrowed(s);
    }
    // The full-width forms U+FF01..U+FF5E are ASCII shifted by 0xFEE0.
    s.chars().map(|c| if wide(c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c }).collect()
}

/// A whole number (full-width digits read as digits).
pub fn integer(node: &Node, file: &SourceFile, diags: &mut Diagnostics) -> Option<Spanned<i64>> {
    let s = string(node, file, diags)?;
    match half_width(&s.value).parse::<i64>() {
        Ok(n) => Some(Spanned::new(n, s.pos)),
        Err(_) => {
            diags.error(file, s.pos, format!("应为整数, 实际为 \"{}\"", s.value));
            None
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum TenthsError {
    NotANumber,
    TooPrecise,
}

/// Parse `12`, `-3`, `13.5`, `13.50`, `+.5` into tenths. Trailing zeros after the first decimal
/// are accepted (13.50 is one decimal place in value); any other digit there is too precise.
/// Full-width digits and point read as digits and point (`９２．５`).
pub fn parse_tenths(s: &str) -> Result<i64, TenthsError> {
    let s = half_width(s);
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 12
    {
        return Err(TenthsError::NotANumber);
    }
    let mut frac_digits = frac.bytes();
    let first = frac_digits.next().map(|b| (b - b'0') as i64).unwrap_or(0);
    if frac_digits.any(|b| b != b'0') {
        return Err(TenthsError::TooPrecise);
    }
    let whole: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| TenthsError::NotANumber)? };
    let v = whole * 10 + first;
    Ok(if neg { -v } else { v })
}

/// A top-level key's position in a mapping, for messages about a whole field.
pub fn key_pos(node: &Node, key: &str) -> Option<Pos> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| key_name(k) == Some(key)).map(|(k, _)| k.pos),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str, offset: usize) -> Node {
        let f = SourceFile::from_str("t.yaml", text);
        let mut d = Diagnostics::new();
        let n = parse(text, &f, offset, &mut d);
        assert!(!d.has_errors(), "{}", d.render_all());
        n.unwrap()
    }

    #[test]
    fn positions_are_one_based_and_offset() {
        let n = parse_ok("a: 1\nb:\n  - 标题\n  - x\n", 1);
        let Value::Map(e) = &n.value else { panic!() };
        assert_eq!(e[0].0.pos, Pos::new(2, 1));
        assert_eq!(e[0].1.pos, Pos::new(2, 4));
        let Value::Seq(items) = &e[1].1.value else { panic!() };
        assert_eq!(items[0].pos, Pos::new(4, 5));
        assert_eq!(items[1].pos, Pos::new(5, 5));
    }

    #[test]
    fn aliases_are_refused() {
        let text = "a: &x [1, 2]\nb: *x\n";
        let f = SourceFile::from_str("t.yaml", text);
        let mut d = Diagnostics::new();
        assert!(parse(text, &f, 0, &mut d).is_none());
        assert!(d.has_errors());
    }

    #[test]
    fn a_date_that_does_not_exist_says_why() {
        assert_eq!(no_such_day("2025-13-01").as_deref(), Some("没有 13 月"));
        assert_eq!(no_such_day("2025年2月30日").as_deref(), Some("2025年2月没有 30 日"));
        assert_eq!(no_such_day("２０２５-0-3").as_deref(), Some("没有 0 月"));
        assert_eq!(no_such_day("2025-02-28"), None);
        assert_eq!(no_such_day("明年"), None);
        assert_eq!(no_such_day("25-1-1"), None);
    }

    // A tab that indents is reported where it is, not at the end of the line before.
    #[test]
    fn a_tab_is_reported_at_the_tab() {
        for (text, offset, at) in [
            ("- id: a\n  name: x\n- id: b\n\tname: y\n", 0, Pos::new(4, 1)),
            ("title: t\nlist:\n  - a\n \t- b\n", 1, Pos::new(5, 2)),
            // A tab inside a `|` text is allowed: the error is at the tab that indents.
            ("a: |\n  \tx\nb: 1\nc:\n  d: 2\n\te: 3\n", 0, Pos::new(6, 1)),
        ] {
            let f = SourceFile::from_str("t.yaml", text);
            let mut d = Diagnostics::new();
            assert!(parse(text, &f, offset, &mut d).is_none(), "{text:?}");
            let r = d.render_all();
            assert!(r.starts_with(&format!("t.yaml:{}:{}: 错误: YAML 格式错误: 此处出现了 Tab 字符", at.line, at.col)), "{r}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = "[".repeat(10_000);
        let f = SourceFile::from_str("t.yaml", &text);
        let mut d = Diagnostics::new();
        assert!(parse(&text, &f, 0, &mut d).is_none());
    }

    #[test]
    fn tenths_are_exact() {
        assert_eq!(parse_tenths("92.5"), Ok(925));
        assert_eq!(parse_tenths("13"), Ok(130));
        assert_eq!(parse_tenths("13.50"), Ok(135));
        assert_eq!(parse_tenths("-0.2"), Ok(-2));
        assert_eq!(parse_tenths(".5"), Ok(5));
        assert_eq!(parse_tenths("13.55"), Err(TenthsError::TooPrecise));
        assert_eq!(parse_tenths("abc"), Err(TenthsError::NotANumber));
        assert_eq!(parse_tenths(""), Err(TenthsError::NotANumber));
        assert_eq!(parse_tenths("."), Err(TenthsError::NotANumber));
        assert_eq!(parse_tenths("1e3"), Err(TenthsError::NotANumber));
    }

    #[test]
    fn a_full_width_colon_is_named_at_the_colon() {
        let text = "title：某某\nitems:\n  - { points：2, reason: 原因 }\n  - name ： 甲\nsummary: 说明：见附件\n# note：x\nq: \"a, b：c\"\n- 1：第一\n";
        let f = SourceFile::from_str("t.yaml", text);
        let mut d = Diagnostics::new();
        assert!(parse(text, &f, 1, &mut d).is_none());
        let all = d.render_all();
        let heads: Vec<&str> = all.lines().filter(|l| l.contains("错误")).collect();
        assert_eq!(
            heads,
            [
                "t.yaml:2:6: 错误: 字段名后应为英文冒号 `:`, 这里是中文冒号 `：`",
                "t.yaml:4:13: 错误: 字段名后应为英文冒号 `:`, 这里是中文冒号 `：`",
                "t.yaml:5:10: 错误: 字段名后应为英文冒号 `:`, 这里是中文冒号 `：`",
            ],
            "{all}"
        );
        assert!(all.contains("`title: 某某`"), "{all}");
    }

    #[test]
    fn office_dates_read_as_dates() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 5);
        for s in ["2025-03-05", "2025-3-5", "2025/3/5", "2025/03/05", "2025.3.5", "2025年3月5日", "2025年03月05日", "２０２５年３月５日", " 2025-3-5 "] {
            assert_eq!(office_date(s), d, "{s}");
        }
        for s in ["2025-13-01", "2025年2月30日", "2025-3", "25-3-5", "2025-3/5", "2025年3月", "2025-003-05", "2025年3月5日日", "", "2025--3-5"] {
            assert_eq!(office_date(s), None, "{s}");
        }
    }

    #[test]
    fn full_width_numbers_read_as_numbers() {
        assert_eq!(parse_tenths("９２．５"), Ok(925));
        assert_eq!(parse_tenths("－０．５"), Ok(-5));
        assert_eq!(half_width("２"), "2");
        assert_eq!(half_width("第二"), "第二");
    }

    #[test]
    fn quoted_null_stays_text() {
        let n = parse_ok("a: 'null'\nb: null\n", 0);
        let Value::Map(e) = &n.value else { panic!() };
        assert!(matches!(e[0].1.value, Value::Scalar { .. }));
        assert!(e[1].1.is_null());
    }
}
