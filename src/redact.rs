//! Redaction (SPEC §1 `[redact] names_file`, §4): a list of real names, one a line, none of
//! which may appear in any output file. The build fails naming every source line where a
//! listed name occurs (that is where it must be fixed), and every output file that would have
//! carried one. The list itself is read here and never rendered.

use crate::diag::Diagnostics;
use crate::error::{read_err, Result};
use crate::load::{Asset, Sources};
use crate::output::{Output, Sink};
use crate::source::SourceFile;
use std::path::Path;
use std::sync::Mutex;

/// The names of the list: trimmed, blank lines and `#` comments skipped.
pub fn read_names(path: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(path).map_err(read_err(path))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut names: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}').to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// Report every occurrence of a listed name in the sources — their text, the names of the files
/// published as they are (`assets`: bundle files and `static/`) and those files' bytes — and in
/// the output kept in memory (paths and bytes).
pub fn check(names: &[String], sources: &Sources, assets: &[&Asset], output: &Output, diags: &mut Diagnostics) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let root = &sources.config.root;
    let finder = Finder::new(names)?;
    for asset in assets {
        let shown = crate::load::display(root, &asset.path);
        for name in finder.found(asset.name.as_bytes()) {
            diags.error_plain(&shown, format!("文件名中含有保密名单中的真实姓名 \"{name}\"")).help =
                Some("请给文件 (或它所在的目录) 改名, 如 王某某处分决定.pdf; 文件名会出现在网页地址和附件列表中".into());
        }
        // One at a time: a site's attachments together may be far larger than memory.
        for name in finder.found_in_file(&crate::load::read_asset(asset)?) {
            diags.error_plain(&shown, format!("附件中含有保密名单中的真实姓名 \"{name}\"")).help =
                Some("请在原文件中改为匿名写法后重新放入; 附件按原样发布".into());
        }
    }
    // Every file read, of every kind: a kind added later is checked without a change here.
    let files: Vec<&SourceFile> = sources.files().map(|f| f.as_ref()).collect();
    for file in files {
        // A content file's name becomes its page's address (in pinyin, as readable).
        for name in finder.found(file.display.as_bytes()) {
            diags.error_plain(&file.display, format!("文件名中含有保密名单中的真实姓名 \"{name}\"")).help =
                Some("文件名会成为页面地址 (汉字转为拼音, 仍可读出); 请给文件改名, 如 王某某违纪案.md".into());
        }
        for name in names {
            for (offset, split) in occurrences(&file.text, name) {
                let also = if split { " (中间夹有空白或标记符号, 页面上仍会连成这个姓名)" } else { "" };
                let d = diags.error(file, file.pos(offset), format!("出现了保密名单中的真实姓名 \"{name}\"{also}"));
                d.help = Some("请改为匿名写法 (如 王某某、该干警) 后重新构建; 保密名单中的姓名不得出现在任何输出文件中".into());
            }
        }
    }
    for (path, bytes) in &output.files {
        for said in finder.in_output(path, bytes) {
            diags.error_plain(&format!("输出文件 {path}"), said);
        }
    }
    Ok(())
}

/// The listed names, looked for all at once: one pass over a file's bytes, however many names
/// (a name is the same bytes in any file that holds it as UTF-8 text).
struct Finder<'a> {
    names: &'a [String],
    automaton: aho_corasick::AhoCorasick,
}

impl<'a> Finder<'a> {
    fn new(names: &'a [String]) -> Result<Finder<'a>> {
        let automaton = aho_corasick::AhoCorasick::new(names)
            .map_err(|e| crate::error::Error::Other(format!("保密名单无法使用: {e}")))?;
        Ok(Finder { names, automaton })
    }

    /// The names `bytes` holds, each once, in list order.
    fn found(&self, bytes: &[u8]) -> Vec<&'a str> {
        let mut hit = vec![false; self.names.len()];
        for m in self.automaton.find_overlapping_iter(bytes) {
            hit[m.pattern().as_usize()] = true;
        }
        self.names.iter().zip(hit).filter(|(_, h)| *h).map(|(n, _)| n.as_str()).collect()
    }

    /// The names a file holds as a reader would see them: its bytes, the text of an Office
    /// document (a zip of XML parts, compressed), a text file saved as GB18030 or UTF-16 (what
    /// Excel on Chinese Windows writes as CSV, and Notepad as "Unicode"), and text with the
    /// characters that show as nothing taken out.
    fn found_in_file(&self, bytes: &[u8]) -> Vec<&'a str> {
        let mut found = self.found(bytes);
        // `text` as read, and without its invisible characters; `bytes` themselves are searched
        // once, above, however they are read.
        let mut more = |text: &[u8], searched: bool| {
            let as_read = if searched { Vec::new() } else { self.found(text) };
            for n in as_read.into_iter().chain(self.found(&without_invisible(text))) {
                if !found.contains(&n) {
                    found.push(n);
                }
            }
        };
        if bytes.starts_with(b"PK\x03\x04") {
            use std::io::Read;
            if let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
                // At most 256 MiB of XML in all: a zip may claim anything.
                let mut budget: u64 = 256 << 20;
                for i in 0..zip.len() {
                    let Ok(part) = zip.by_index(i) else { continue };
                    if !part.name().is_ok_and(|n| n.ends_with(".xml")) || budget == 0 {
                        continue;
                    }
                    let mut text = Vec::new();
                    let read = part.take(budget).read_to_end(&mut text).unwrap_or(0);
                    budget = budget.saturating_sub(read as u64);
                    more(&text, false);
                }
            }
        } else if std::str::from_utf8(bytes).is_ok() {
            more(bytes, true);
        } else if encoding_rs::Encoding::for_bom(bytes).is_some() || !bytes[..bytes.len().min(8192)].contains(&0) {
            // Text in another encoding (binary files, which have NUL bytes early, are not text).
            let encoding = encoding_rs::Encoding::for_bom(bytes).map_or(encoding_rs::GB18030, |(e, _)| e);
            let (text, _, _) = encoding.decode(bytes);
            more(text.as_bytes(), false);
        }
        found
    }

    /// What is wrong with one output file: each listed name in its path or its bytes.
    fn in_output(&self, path: &str, bytes: &[u8]) -> Vec<String> {
        let mut said: Vec<String> =
            self.found(path.as_bytes()).into_iter().map(|name| format!("输出文件的路径中含有保密名单中的真实姓名 \"{name}\"")).collect();
        said.extend(self.found_in_file(bytes).into_iter().map(|name| format!("输出文件中含有保密名单中的真实姓名 \"{name}\"")));
        said
    }
}

/// UTF-8 text without the characters that show as nothing (soft hyphen, zero-width spaces and
/// joiners, word joiner, byte-order mark), which would hide a name between its characters.
fn without_invisible(text: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(text);
    if !s.contains(['\u{00AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}']) {
        return Vec::new();
    }
    s.chars().filter(|c| !matches!(c, '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')).collect::<String>().into_bytes()
}

/// A sink that looks at each file for listed names as it passes, then hands it on: a build with
/// a redaction list writes its files as they are made, into the temporary folder that is
/// dropped when a name is found, instead of holding the whole site in memory first.
pub struct Watch<'a> {
    finder: Finder<'a>,
    next: &'a dyn Sink,
    found: Mutex<Vec<(String, String)>>,
}

impl<'a> Watch<'a> {
    pub fn new(names: &'a [String], next: &'a dyn Sink) -> Result<Watch<'a>> {
        Ok(Watch { finder: Finder::new(names)?, next, found: Mutex::default() })
    }

    /// Report what was found, in path order.
    pub fn report(self, diags: &mut Diagnostics) {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        found.sort();
        for (path, said) in found {
            diags.error_plain(&format!("输出文件 {path}"), said);
        }
    }
}

impl Sink for Watch<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let said = self.finder.in_output(path, bytes);
        if !said.is_empty() {
            self.found.lock().unwrap_or_else(|e| e.into_inner()).extend(said.into_iter().map(|s| (path.to_string(), s)));
        }
        self.next.put(path, bytes)
    }
}

/// Where `name` is written in `text`: as it is, or with Markdown marks, spaces or a line break
/// between its characters (`石*秀兰*`, `石\n秀兰`), which a page joins back into the name. The
/// byte offset of each, and whether it was split so.
fn occurrences(text: &str, name: &str) -> Vec<(usize, bool)> {
    let between = |c: char| {
        matches!(c, '*' | '_' | '~' | '`' | '\\' | ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
    };
    let want: Vec<char> = name.chars().collect();
    let Some(&first) = want.first() else { return Vec::new() };
    let mut found = Vec::new();
    for (start, _) in text.match_indices(first) {
        let mut rest = text[start + first.len_utf8()..].chars();
        let (mut k, mut split) = (1, false);
        while k < want.len() {
            match rest.next() {
                Some(c) if c == want[k] => k += 1,
                Some(c) if between(c) => split = true,
                _ => break,
            }
        }
        if k == want.len() {
            found.push((start, split));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    #[test]
    fn a_name_is_found_through_marks_and_line_breaks() {
        let text = "石秀兰同志。石*秀兰*同志。石\n秀兰。石某某。";
        let found: Vec<bool> = occurrences(text, "石秀兰").into_iter().map(|(_, split)| split).collect();
        assert_eq!(found, [false, true, true]);
    }
}
