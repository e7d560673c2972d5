//! Splits a Markdown file into its YAML front matter (between `---` lines at the top) and its
//! body, keeping track of the lines each starts on so that later messages point at the right
//! line of the whole file.

use crate::diag::Diagnostics;
use crate::source::{Pos, SourceFile};

/// The two parts of a content file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML starts (1: the opening `---`).
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// The 1-based line on which the body starts.
    pub body_line: usize,
}

pub fn split<'a>(file: &'a SourceFile, diags: &mut Diagnostics) -> Option<Split<'a>> {
    let text = file.text.as_str();
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        let d = diags.error(file, Pos::start(), "文件开头缺少 front matter");
        d.help = Some("Markdown 文件应以一行 `---` 开始, 接着是 `title: 标题` 等字段, 再以一行 `---` 结束".into());
        return None;
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map(|i| offset + i).unwrap_or(text.len());
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Some(Split { yaml: &text[yaml_start..offset], yaml_line_offset: 1, body: &text[body_start..], body_line: line + 1 });
        }
        offset = end + 1;
        line += 1;
    }
    let d = diags.error(file, Pos::start(), "front matter 没有结束行");
    d.help = Some("在字段之后加一行 `---`, 把 front matter 和正文分开".into());
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let f = SourceFile::from_str("a.md", "---\ntitle: x\n---\n正文\n");
        let mut d = Diagnostics::new();
        let s = split(&f, &mut d).unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn missing_end_is_an_error() {
        let f = SourceFile::from_str("a.md", "---\ntitle: x\n");
        let mut d = Diagnostics::new();
        assert!(split(&f, &mut d).is_none());
        assert!(d.render_all().starts_with("a.md:1:1: 错误: front matter 没有结束行"));
    }

    #[test]
    fn empty_body_is_fine() {
        let f = SourceFile::from_str("a.md", "---\ntitle: x\n---");
        let mut d = Diagnostics::new();
        let s = split(&f, &mut d).unwrap();
        assert_eq!(s.body, "");
    }
}
