//! A source file's text with a line index, so that any byte offset can be turned into the
//! `line:column` a user sees in an editor. Depends on nothing else in the crate.
//!
//! Text is normalised once on load (byte-order mark dropped, CRLF turned into LF), so every
//! later stage can count lines without caring which editor wrote the file.

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
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String, sha256: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path, display, text, line_starts, sha256 }
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
    fn crlf_and_bom_keep_line_numbers() {
        let f = SourceFile::from_str("a.md", "\u{feff}a\r\nb\r\nc");
        assert_eq!(f.text, "a\nb\nc");
        assert_eq!(f.line_text(3), Some("c"));
    }
}
