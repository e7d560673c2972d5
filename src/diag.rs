//! Diagnostics: every problem found in the content, with the file, line and column, the line
//! itself and a caret under the spot, what was expected, and a hint. Stages push into one
//! `Diagnostics` sink so that a run reports all problems at once, not just the first.
//!
//! In a workbook the place is a cell: `考核评分表.xlsx:评分!D7`, shown with the cell's value.
//! The file knows which of its positions are cells, so no stage has to.

use crate::source::{Pos, SourceFile};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as named in messages (relative to the site), or empty when none applies.
    pub file: String,
    pub pos: Pos,
    /// In a workbook, the cell `pos` stands for (`评分!D7`), named instead of line and column.
    pub cell: Option<String>,
    /// The offending line (a workbook cell's value), copied so that the message can be rendered
    /// after the file is gone.
    pub line_text: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// The first line of the rendered message: `path:line:col: 错误: message`.
    pub fn headline(&self) -> String {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        // Characters that show as nothing (a zero-width space pasted from a web page, a
        // direction mark) are shown by their code: `fx-court` followed by a zero-width space looks like `fx-court`.
        let shown = visible(&self.message);
        let message = if shown == self.message { shown } else { format!("{shown} (其中有看不见的字符, 已标出, 请删除)") };
        let message = &message;
        if self.file.is_empty() {
            format!("{label}: {message}")
        } else if let Some(cell) = &self.cell {
            format!("{}:{cell}: {label}: {message}", self.file)
        } else if self.pos.line == 0 {
            format!("{}: {label}: {message}", self.file)
        } else {
            format!("{}:{}:{}: {label}: {message}", self.file, self.pos.line, self.pos.col)
        }
    }

    /// The full message: headline, the source line with a caret, and the hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let (Some(cell), Some(value)) = (&self.cell, &self.line_text) {
            // The cell's own reference, without its sheet, beside its value.
            let at = cell.rsplit('!').next().unwrap_or(cell);
            let value = if value.trim().is_empty() { "(空白)".to_string() } else { window(value, 0).0 };
            let _ = writeln!(out, " {at} | {value}");
        } else if let Some(line) = &self.line_text {
            let num = self.pos.line.to_string();
            let pad = " ".repeat(num.len());
            let (shown, before) = window(line, self.pos.col.saturating_sub(1));
            let _ = writeln!(out, " {num} | {shown}");
            let _ = writeln!(out, " {pad} | {}^", " ".repeat(before));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  提示: {help}");
        }
        out
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Characters of a long line shown before and after the spot a message points at.
const AROUND: usize = 60;

/// The part of `line` a message shows: all of it when short, else the characters around the
/// `at`-th (a paragraph written on one line can hold a hundred thousand), with `…` where it
/// was cut; and the display width before the spot, for the caret.
fn window(line: &str, at: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    // A spot past the end of the line (a position one character after it) stays at its end.
    let at = at.min(chars.len());
    if chars.len() <= 2 * AROUND + 40 {
        let before: String = chars.iter().take(at).collect();
        return (line.to_string(), display_width(&before));
    }
    let start = at.saturating_sub(AROUND);
    let end = (at + AROUND).min(chars.len()).max(start + 2 * AROUND).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let before: String = chars[start..at.min(end)].iter().collect();
    let width = display_width(&shown) + display_width(&before);
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, width)
}

/// Width of text in a terminal: CJK and full-width characters take two columns, so the caret
/// lands under the right character in a Chinese line.
/// `s` with each character that shows as nothing written as its code, `<U+200B>`.
pub fn visible(s: &str) -> String {
    let invisible = |c: char| matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}');
    if !s.chars().any(invisible) {
        return s.to_string();
    }
    s.chars().map(|c| if invisible(c) { format!("<U+{:04X}>", c as u32) } else { c.to_string() }).collect()
}

pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
            0x0300..=0x036F | 0x200B..=0x200F => 0,
            _ => 1,
        })
        .sum()
}

/// The sink every stage writes into.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Warnings count as errors (`--strict`).
    pub strict: bool,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// An empty sink with the same strictness, for work done in parallel and merged later.
    pub fn sibling(&self) -> Diagnostics {
        Diagnostics { items: Vec::new(), strict: self.strict }
    }

    fn make(severity: Severity, file: &SourceFile, pos: Pos, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            file: file.display.clone(),
            pos,
            cell: file.cell(pos.line),
            line_text: file.line_text(pos.line).map(str::to_string),
            message,
            help: None,
        }
    }

    /// Record an error at a position in a file; returns it so a hint can be attached.
    pub fn error(&mut self, file: &SourceFile, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Self::make(Severity::Error, file, pos, message.into()))
    }

    pub fn warning(&mut self, file: &SourceFile, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        let severity = if self.strict { Severity::Error } else { Severity::Warning };
        self.push(Self::make(severity, file, pos, message.into()))
    }

    /// An error that belongs to no position in a file (a problem found in the output, or with
    /// the command itself when `file` is empty).
    pub fn error_plain(&mut self, file: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            pos: Pos::new(0, 0),
            cell: None,
            line_text: None,
            message: message.into(),
            help: None,
        })
    }

    /// A warning that belongs to no position in a file (`error_plain`'s counterpart).
    pub fn warning_plain(&mut self, file: &str, message: impl Into<String>) -> &mut Diagnostic {
        let strict = self.strict;
        let d = self.error_plain(file, message);
        if !strict {
            d.severity = Severity::Warning;
        }
        d
    }

    pub fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.items.push(d);
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Take in the diagnostics of a part of the work; under `strict`, its warnings become errors
    /// (a part may have been done, or kept from an earlier run, by a sink that was not strict).
    pub fn extend(&mut self, other: Diagnostics) {
        let start = self.items.len();
        self.items.extend(other.items);
        if self.strict {
            self.items[start..].iter_mut().for_each(|d| d.severity = Severity::Error);
        }
    }

    /// Count warnings as errors from now on, those already recorded included (`strict = true`
    /// is known only once the configuration has been read).
    pub fn make_strict(&mut self) {
        self.strict = true;
        self.items.iter_mut().for_each(|d| d.severity = Severity::Error);
    }

    /// Keep only the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&Diagnostic) -> bool) {
        self.items.retain(|d| keep(d));
    }

    /// The files (as messages name them) that have an error.
    pub fn error_files(&self) -> std::collections::BTreeSet<String> {
        self.items.iter().filter(|d| d.severity == Severity::Error).map(|d| d.file.clone()).collect()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// All diagnostics in a stable order: by file, then position, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.file, a.pos, &a.message).cmp(&(&b.file, b.pos, &b.message)));
        v.dedup_by(|a, b| a == b);
        v
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every diagnostic rendered, followed by a count line.
    pub fn render_all(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render());
            out.push('\n');
        }
        out
    }
}

/// The known name nearest to an unknown one, for "did you mean" hints.
pub fn suggest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    // A name written shorter or longer than the one meant (`青禾县司法局` for `青禾县司法行政局`,
    // a unit renamed): the one known name holding it in order, or held by it, is the one meant,
    // however many characters apart.
    let in_order = |short: &str, long: &str| {
        let mut rest = long.chars();
        short.chars().count() >= 2 && short.chars().all(|c| rest.any(|x| x == c))
    };
    let shaped: Vec<&'a str> = known.iter().copied().filter(|k| *k != unknown && (in_order(unknown, k) || in_order(k, unknown))).collect();
    if let [only] = shaped.as_slice() {
        return Some(only);
    }
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_its_spot() {
        let mut line = "甲".repeat(5000);
        line.push('坏');
        line.push_str(&"乙".repeat(5000));
        let d = Diagnostic { severity: Severity::Error, file: "c.md".into(), pos: Pos { line: 3, col: 5001 }, cell: None, line_text: Some(line), message: "bad".into(), help: None };
        let r = d.render();
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines[1], format!(" 3 | …{}坏{}…", "甲".repeat(60), "乙".repeat(59)));
        // The caret under 坏: 1 column for …, 2 for each of the 60 characters before it.
        assert_eq!(lines[2], format!("   | {}^", " ".repeat(121)));
        // Near the start, nothing is cut before the spot.
        let d = Diagnostic { pos: Pos { line: 3, col: 2 }, ..d };
        let r = d.render();
        assert!(r.lines().nth(1).unwrap().starts_with(" 3 | 甲甲"), "{r}");
        assert!(r.lines().nth(1).unwrap().ends_with('…'));
        assert_eq!(r.lines().nth(2).unwrap(), "   |   ^");
    }

    #[test]
    fn caret_sits_under_the_character_in_a_chinese_line() {
        let f = SourceFile::from_str("c.md", "---\n标题: x\n---\n");
        let mut d = Diagnostics::new();
        d.error(&f, Pos::new(2, 5), "bad");
        let r = d.render_all();
        assert!(r.starts_with("c.md:2:5: 错误: bad\n 2 | 标题: x\n   |       ^\n"), "{r}");
    }

    #[test]
    fn a_workbook_cell_is_named_and_its_value_shown() {
        let mut cells = crate::source::CellMap::default();
        cells.push("评分", 0, 0, 4, 7);
        let mut text = vec![""; 28];
        text[27] = "15.5";
        let f = SourceFile::workbook("k.xlsx".into(), "k.xlsx".into(), text.join("\n"), String::new(), cells);
        let mut d = Diagnostics::new();
        d.error(&f, Pos::new(28, 1), "\"领导责任落实\" 得分 15.5 超出范围 0 到 15.0");
        d.error(&f, Pos::new(27, 1), "尚未填写");
        let r = d.render_all();
        assert!(r.starts_with("k.xlsx:评分!C7: 错误: 尚未填写\n C7 | (空白)\n"), "{r}");
        assert!(r.contains("k.xlsx:评分!D7: 错误: \"领导责任落实\" 得分 15.5 超出范围 0 到 15.0\n D7 | 15.5\n"), "{r}");
    }

    #[test]
    fn suggestions_find_near_keys() {
        assert_eq!(suggest("titel", &["title", "tags"]), Some("title"));
        assert_eq!(suggest("zzzzzz", &["title", "tags"]), None);
    }
}
