//! Redaction (SPEC §1 `[redact] names_file`, §4): a list of real names, one a line, none of
//! which may appear in any output file. The build fails naming every source line where a
//! listed name occurs (that is where it must be fixed), and every output file that would have
//! carried one. The list itself is read here and never rendered.

use crate::diag::Diagnostics;
use crate::error::{read_err, Result};
use crate::load::Sources;
use crate::output::Output;
use crate::source::SourceFile;
use std::path::Path;

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

/// Report every occurrence of a listed name in the sources and in the output.
pub fn check(names: &[String], sources: &Sources, output: &Output, diags: &mut Diagnostics) {
    if names.is_empty() {
        return;
    }
    // Every file read, of every kind: a kind added later is checked without a change here.
    let files: Vec<&SourceFile> = sources.files().map(|f| f.as_ref()).collect();
    for file in files {
        for name in names {
            for (offset, split) in occurrences(&file.text, name) {
                let also = if split { " (中间夹有空白或标记符号, 页面上仍会连成这个姓名)" } else { "" };
                let d = diags.error(file, file.pos(offset), format!("出现了保密名单中的真实姓名 \"{name}\"{also}"));
                d.help = Some("请改为匿名写法 (如 王某某、该干警) 后重新构建; 保密名单中的姓名不得出现在任何输出文件中".into());
            }
        }
    }
    for (path, bytes) in &output.files {
        let text = String::from_utf8_lossy(bytes);
        for name in names {
            if text.contains(name.as_str()) {
                diags.error_plain(&format!("输出文件 {path}"), format!("输出文件中含有保密名单中的真实姓名 \"{name}\""));
            }
        }
    }
}

/// Where `name` is written in `text`: as it is, or with Markdown marks, spaces or a line break
/// between its characters (`石*秀兰*`, `石\n秀兰`), which a page joins back into the name. The
/// byte offset of each, and whether it was split so.
fn occurrences(text: &str, name: &str) -> Vec<(usize, bool)> {
    let between = |c: char| matches!(c, '*' | '_' | '~' | '`' | '\\' | ' ' | '\t' | '\r' | '\n' | '\u{3000}');
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
