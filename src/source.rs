//! A source file's text with a line index, so that any byte offset can be turned into the
//! `line:column` a user sees in an editor. Depends on nothing else in the crate.
//!
//! Text is normalised once on load (byte-order mark dropped, CRLF turned into LF), so every
//! later stage can count lines without caring which editor wrote the file.
//!
//! A workbook is a source file too: its text is a listing of its cells, one a line, sheet by
//! sheet and row by row, so a position in it is a cell, and every stage that reports a problem
//! at a `Pos` names the cell (`评分!D7`) without knowing it is one.

use std::path::PathBuf;

/// A position in a file as a user reads it: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }
    /// The start of a file.
    pub fn start() -> Pos {
        Pos { line: 1, col: 1 }
    }
}

/// One input file: where it is, how to name it in messages, and its normalised text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path as shown in messages: relative to the site root, with forward slashes.
    pub display: String,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// SHA-256 of the bytes on disk, hex (exported so that readers can verify sources).
    pub sha256: String,
    /// For a workbook: which cell each line of the listing is.
    cells: Option<CellMap>,
}

/// Where the cells of a workbook's listing stand: each sheet's rectangle of cells, row by row,
/// one cell a line, the sheets one after another.
#[derive(Clone, Debug, Default)]
pub struct CellMap {
    sheets: Vec<SheetSpan>,
}

#[derive(Clone, Debug)]
struct SheetSpan {
    name: String,
    /// The 1-based line of the rectangle's top-left cell.
    first_line: usize,
    /// 0-based row and column of the top-left cell.
    top: u32,
    left: u32,
    width: u32,
    height: u32,
}

impl CellMap {
    /// Add a sheet whose cells from (`top`, `left`), `width` by `height`, take the next lines;
    /// returns the line of its top-left cell.
    pub fn push(&mut self, name: &str, top: u32, left: u32, width: u32, height: u32) -> usize {
        let first_line = self.sheets.last().map_or(1, |s| s.first_line + s.width as usize * s.height as usize);
        self.sheets.push(SheetSpan { name: name.to_string(), first_line, top, left, width, height });
        first_line
    }

    /// The lines listed so far.
    pub fn lines(&self) -> usize {
        self.sheets.last().map_or(0, |s| s.first_line - 1 + s.width as usize * s.height as usize)
    }

    /// The cell on a line: `评分!D7`, the sheet name quoted as a spreadsheet quotes it when it
    /// holds spaces or punctuation (`'Sheet 1'!A1`).
    pub fn name(&self, line: usize) -> Option<String> {
        let s = self.sheets.iter().rev().find(|s| s.first_line <= line)?;
        let i = line - s.first_line;
        if s.width == 0 || i >= s.width as usize * s.height as usize {
            return None;
        }
        let row = s.top as usize + i / s.width as usize;
        let col = s.left + (i % s.width as usize) as u32;
        let plain = s.name.chars().all(|c| c.is_alphanumeric() || c == '_');
        let sheet = if plain { s.name.clone() } else { format!("'{}'", s.name.replace('\'', "''")) };
        Some(format!("{sheet}!{}{}", column_name(col), row + 1))
    }
}

/// A spreadsheet column's letters: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        letters.push((b'A' + r) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String, sha256: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path, display, text, line_starts, sha256, cells: None }
    }

    /// A workbook: `text` lists its cells one a line, as `cells` maps them.
    pub fn workbook(path: PathBuf, display: String, text: String, sha256: String, cells: CellMap) -> SourceFile {
        SourceFile { cells: Some(cells), ..SourceFile::new(path, display, text, sha256) }
    }

    /// The cell a line stands for, in a workbook: `评分!D7`.
    pub fn cell(&self, line: usize) -> Option<String> {
        self.cells.as_ref()?.name(line)
    }

    /// A position as messages name it: `path:3:5`, or `path:评分!D7` in a workbook.
    pub fn location(&self, pos: Pos) -> String {
        match self.cell(pos.line) {
            Some(cell) => format!("{}:{cell}", self.display),
            None => format!("{}:{}:{}", self.display, pos.line, pos.col),
        }
    }

    /// A file made from a string, for tests and for files that exist only in memory.
    pub fn from_str(display: &str, text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from(display), display.to_string(), normalise(text), String::new())
    }

    /// The position of a byte offset.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        Pos { line: line + 1, col }
    }

    /// The byte offset of a position (clamped to the file).
    pub fn offset(&self, pos: Pos) -> usize {
        let Some(&start) = self.line_starts.get(pos.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line = self.line_text(pos.line).unwrap_or("");
        let within: usize = line.chars().take(pos.col.saturating_sub(1)).map(char::len_utf8).sum();
        start + within
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text.get(start..end.max(start))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Drop a UTF-8 byte-order mark and turn CRLF (and lone CR) line endings into LF.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = SourceFile::from_str("a.md", "第一行\n标题: 值\nx");
        assert_eq!(f.pos(0), Pos::new(1, 1));
        let off = f.text.find('值').unwrap();
        assert_eq!(f.pos(off), Pos::new(2, 5));
        assert_eq!(f.offset(Pos::new(2, 5)), off);
        assert_eq!(f.line_text(2), Some("标题: 值"));
        assert_eq!(f.line_text(3), Some("x"));
        assert_eq!(f.line_text(4), None);
    }

    #[test]
    fn workbook_lines_are_cells() {
        let mut cells = CellMap::default();
        assert_eq!(cells.push("评分", 0, 0, 3, 2), 1);
        assert_eq!(cells.push("Sheet 2", 4, 26, 1, 1), 7);
        assert_eq!(cells.lines(), 7);
        let f = SourceFile::workbook(PathBuf::from("a.xlsx"), "a.xlsx".into(), "a\nb\nc\nd\ne\nf\ng".into(), String::new(), cells);
        assert_eq!(f.cell(1).as_deref(), Some("评分!A1"));
        assert_eq!(f.cell(6).as_deref(), Some("评分!C2"));
        assert_eq!(f.cell(7).as_deref(), Some("'Sheet 2'!AA5"));
        assert_eq!(f.cell(8), None);
        assert_eq!(f.location(Pos::new(5, 1)), "a.xlsx:评分!B2");
        assert_eq!(f.line_text(5), Some("e"));
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn crlf_and_bom_keep_line_numbers() {
        let f = SourceFile::from_str("a.md", "\u{feff}a\r\nb\r\nc");
        assert_eq!(f.text, "a\nb\nc");
        assert_eq!(f.line_text(3), Some("c"));
    }
}
