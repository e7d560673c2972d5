//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading anchors. Links written as `@/cases/file.md` (a content file) or `/cases/id/` (a site
//! path) are turned into relative links, so the site works under any sub-path and from disk;
//! one that names nothing on the site is reported for a warning. Raw HTML is kept for internal
//! builds and cleaned with a sanitiser for public ones. Also yields the plain text (for search
//! and summaries) and the first paragraph, and a document as the blocks a reader sees (for the
//! redline of a revised mechanism).

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// Where a link written by a user leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of this site, as a path from the site root (`cases/x/index.html`).
    Page(String),
    /// An item left out of this build (internal, in a public build): the link is dropped and
    /// its text kept, so the build carries no trace of the item.
    Withheld,
    /// Nothing on the site: the link is dropped, its text kept, and a warning given.
    Missing,
    /// A file published as it is (a bundle's attachment, a file of `static/`), as a path from
    /// the site root (`cases/x/会议照片.jpg`, `files/通知.pdf`).
    File(String),
    /// A local file that does not exist: an error where the link or image is written.
    MissingFile,
}

/// What the renderer needs to know about the site to resolve links.
pub trait Links {
    fn resolve(&self, target: &str) -> Target;
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// All text, one space between blocks.
    pub text: String,
    pub first_paragraph: String,
    /// (level, anchor id, text) of each heading.
    pub headings: Vec<(u8, String, String)>,
    /// (byte offset in the Markdown, link target) of each link to a page that does not exist.
    pub broken_links: Vec<(usize, String)>,
    /// (byte offset of its `!` or `[`, the path as written but decoded, whether an image) of
    /// each link or image naming a local file that does not exist.
    pub missing_files: Vec<(usize, String, bool)>,
    /// The site paths of the files shown as images, each once, in order.
    pub images: Vec<String>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render `md` for a page whose path to the site root is `root` (e.g. `../../`).
pub fn render(md: &str, root: &str, links: &dyn Links, sanitise: bool) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(md, options()).into_offset_iter().collect();

    // Heading anchors: the heading text itself (Chinese kept), made unique on the page.
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let has_id = id.is_some();
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let anchor = if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i].0 {
                id.to_string()
            } else {
                let base = anchor_of(&text);
                let n = used.entry(base.clone()).or_insert(0);
                *n += 1;
                if *n == 1 { base } else { format!("{base}-{}", *n - 1) }
            };
            if !has_id {
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                    *id = Some(CowStr::from(anchor.clone()));
                }
            }
            out.headings.push((level, anchor, text.trim().to_string()));
            i = j;
        }
        i += 1;
    }

    // Links to the site: rewrite to relative; drop (keeping the text) those that lead nowhere
    // in this build, recording the broken ones.
    let mut dropped: Vec<usize> = Vec::new();
    let mut depth_of_dropped: Vec<usize> = Vec::new();
    let mut link_depth = 0usize;
    for (i, (event, range)) in events.iter_mut().enumerate() {
        match event {
            // An image is a local file: beside the item (`会议照片.jpg`) or in `static/`
            // (`/images/x.png`).
            Event::Start(Tag::Image { dest_url, .. }) => {
                let dest = dest_url.to_string();
                if on_this_computer(&dest) {
                    out.missing_files.push((range.start, dest, true));
                    continue;
                }
                if !(is_relative(&dest) || (dest.starts_with('/') && !dest.starts_with("//"))) {
                    continue;
                }
                let (path, suffix) = split_suffix(&dest);
                let path = decode_path(path);
                match links.resolve(&path) {
                    Target::File(site_path) => {
                        *dest_url = CowStr::from(format!("{root}{}{suffix}", crate::output::href(&site_path)));
                        if !out.images.contains(&site_path) {
                            out.images.push(site_path);
                        }
                    }
                    _ => out.missing_files.push((range.start, path, true)),
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                link_depth += 1;
                if matches!(link_type, LinkType::Email) {
                    continue;
                }
                let dest = dest_url.to_string();
                if on_this_computer(&dest) {
                    out.missing_files.push((range.start, dest, false));
                    continue;
                }
                // A file beside the item: `[考核细则](考核细则.xlsx)`.
                if is_relative(&dest) {
                    let (path, suffix) = split_suffix(&dest);
                    let path = decode_path(path);
                    match links.resolve(&path) {
                        Target::File(site_path) => *dest_url = CowStr::from(format!("{root}{}{suffix}", crate::output::href(&site_path))),
                        _ => out.missing_files.push((range.start, path, false)),
                    }
                    continue;
                }
                if dest.starts_with("@/") || (dest.starts_with('/') && !dest.starts_with("//")) {
                    let (path, fragment) = match dest.split_once('#') {
                        Some((p, f)) => (p.to_string(), format!("#{f}")),
                        None => (dest.clone(), String::new()),
                    };
                    match links.resolve(&decode_path(&path)) {
                        Target::Page(site_path) => *dest_url = CowStr::from(format!("{root}{site_path}{fragment}")),
                        // `[通知](/files/通知.pdf)`: a file of `static/`.
                        Target::File(site_path) => *dest_url = CowStr::from(format!("{root}{}{fragment}", crate::output::href(&site_path))),
                        Target::MissingFile => out.missing_files.push((range.start, decode_path(&path), false)),
                        other => {
                            if other == Target::Missing {
                                out.broken_links.push((range.start, dest));
                            }
                            dropped.push(i);
                            depth_of_dropped.push(link_depth);
                        }
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if depth_of_dropped.last() == Some(&link_depth) {
                    depth_of_dropped.pop();
                    dropped.push(i);
                }
                link_depth = link_depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    for i in dropped.into_iter().rev() {
        events.remove(i);
    }

    // Plain text and the first paragraph.
    let mut in_par = 0usize;
    let mut first_done = false;
    for (event, _) in &events {
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.text.push_str(t);
                if in_par > 0 && !first_done {
                    out.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            Event::Start(Tag::Paragraph) => in_par += 1,
            Event::End(TagEnd::Paragraph) => {
                in_par = in_par.saturating_sub(1);
                if !out.first_paragraph.trim().is_empty() {
                    first_done = true;
                }
                out.text.push('\n');
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => out.text.push('\n'),
            _ => {}
        }
    }
    out.first_paragraph = out.first_paragraph.trim().to_string();

    let mut body = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut body, events.into_iter().map(|(e, _)| e));
    out.html = if sanitise { clean(&body) } else { body };
    out
}

/// Whether a destination is a path relative to the item (`会议照片.jpg`, `附件/细则.pdf`): not
/// site-absolute (`/x`, `@/x`), not another site or a scheme (`https:`, `mailto:`, `data:`), not
/// an anchor or a query on the same page.
fn is_relative(dest: &str) -> bool {
    if dest.is_empty() || dest.starts_with(['#', '?', '/', '@']) {
        return false;
    }
    // A scheme: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
    match dest.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            !(chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        }
        None => true,
    }
}

/// Whether a destination names a file on the writer's own computer (`C:\Users\…\通知.pdf`,
/// `file:///D:/…`, `\\server\share`): it opens nowhere else, so it is reported like a missing file.
pub(crate) fn on_this_computer(dest: &str) -> bool {
    let b = dest.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    drive || dest.starts_with("\\\\") || dest.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("file:"))
}

/// A destination cut before its query or fragment: (`a.pdf`, `#page=2`).
fn split_suffix(dest: &str) -> (&str, &str) {
    match dest.find(['?', '#']) {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    }
}

/// A path as written with its percent-escapes (`%E4%BC%9A`, `%20`) decoded; one that does not
/// decode to UTF-8 is kept as written.
fn decode_path(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let bytes = path.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// One block of a document as a reader sees it, its text without Markdown syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The text as read: emphasis, links and code reduced to their words; a hard line break
    /// kept as `\n`. For a table row, its cells joined by a tab.
    pub text: String,
    /// The text of each cell of a table row; empty for other blocks.
    pub cells: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A heading of level 1 to 6.
    Heading(u8),
    Paragraph,
    /// A list item's text at `depth` (1 in a top-level list). `number` is its number in an
    /// ordered list; `first` is false for a further paragraph of the same item.
    Item { depth: u8, number: Option<u64>, first: bool },
    Quote,
    Code,
    /// A table row; `header` for the head row.
    Row { header: bool },
}

/// A container open while walking the events.
enum Open {
    Heading(u8),
    Quote,
    Code,
    List { next: Option<u64> },
    Item { number: Option<u64>, emitted: bool },
    Row { header: bool },
    Other,
}

/// The blocks of `md` in reading order: headings, paragraphs, list items, quotes, code and
/// table rows, each with its plain text. Raw HTML and rules carry no text and are left out.
pub fn blocks(md: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut cur = String::new();
    let mut cells: Vec<String> = Vec::new();
    let mut soft_break = false;
    let mut in_html = 0usize;
    // A footnote's definition reads as a paragraph that starts with its label.
    let mut label = String::new();

    fn flush(stack: &mut [Open], cur: &mut String, out: &mut Vec<Block>) {
        let text = std::mem::take(cur);
        let in_code = stack.iter().any(|o| matches!(o, Open::Code));
        let text = if in_code { text.trim_end_matches('\n').to_string() } else { text.trim().to_string() };
        if text.trim().is_empty() {
            return;
        }
        let depth = stack.iter().filter(|o| matches!(o, Open::List { .. })).count().min(usize::from(u8::MAX)) as u8;
        let mut kind = BlockKind::Paragraph;
        for open in stack.iter_mut().rev() {
            match open {
                Open::Heading(l) => kind = BlockKind::Heading(*l),
                Open::Code => kind = BlockKind::Code,
                Open::Quote => kind = BlockKind::Quote,
                Open::Item { number, emitted } => {
                    kind = BlockKind::Item { depth, number: if *emitted { None } else { *number }, first: !*emitted };
                    *emitted = true;
                }
                Open::List { .. } | Open::Row { .. } | Open::Other => continue,
            }
            break;
        }
        out.push(Block { kind, text, cells: Vec::new() });
    }

    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(tag) => {
                let open = match tag {
                    Tag::Heading { level, .. } => Open::Heading(heading_level(level)),
                    Tag::BlockQuote(_) => Open::Quote,
                    Tag::CodeBlock(_) => Open::Code,
                    Tag::List(start) => Open::List { next: start },
                    Tag::Item => {
                        let number = match stack.iter_mut().rev().find(|o| matches!(o, Open::List { .. })) {
                            Some(Open::List { next: Some(n) }) => {
                                let this = *n;
                                *n = n.saturating_add(1);
                                Some(this)
                            }
                            _ => None,
                        };
                        Open::Item { number, emitted: false }
                    }
                    Tag::TableHead => Open::Row { header: true },
                    Tag::TableRow => Open::Row { header: false },
                    Tag::HtmlBlock => {
                        in_html += 1;
                        Open::Other
                    }
                    Tag::FootnoteDefinition(l) => {
                        label = format!("[{l}] ");
                        Open::Other
                    }
                    Tag::Paragraph | Tag::Table(_) | Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition | Tag::MetadataBlock(_) => Open::Other,
                    // Inline tags: their text joins the block.
                    _ => continue,
                };
                if !matches!(open, Open::Row { .. }) {
                    flush(&mut stack, &mut cur, &mut out);
                }
                stack.push(open);
                soft_break = false;
            }
            Event::End(end) => match end {
                TagEnd::TableCell => {
                    cells.push(std::mem::take(&mut cur).trim().to_string());
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    let header = matches!(stack.last(), Some(Open::Row { header: true }));
                    stack.pop();
                    let row = std::mem::take(&mut cells);
                    if row.iter().any(|c| !c.is_empty()) {
                        out.push(Block { kind: BlockKind::Row { header }, text: row.join("\t"), cells: row });
                    }
                }
                TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Paragraph
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::HtmlBlock
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::MetadataBlock(_) => {
                    flush(&mut stack, &mut cur, &mut out);
                    if matches!(end, TagEnd::HtmlBlock) {
                        in_html = in_html.saturating_sub(1);
                    }
                    stack.pop();
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if in_html > 0 {
                    continue;
                }
                if soft_break {
                    // Chinese lines join without a space; words in Latin script keep one.
                    let before = cur.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
                    let after = t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                    if before && after {
                        cur.push(' ');
                    }
                    soft_break = false;
                }
                if !label.is_empty() {
                    cur.push_str(&std::mem::take(&mut label));
                }
                cur.push_str(&t);
            }
            Event::SoftBreak => soft_break = true,
            Event::HardBreak => cur.push('\n'),
            Event::FootnoteReference(label) => {
                cur.push('[');
                cur.push_str(&label);
                cur.push(']');
            }
            Event::TaskListMarker(done) => cur.push_str(if done { "☑ " } else { "☐ " }),
            Event::Rule => flush(&mut stack, &mut cur, &mut out),
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }
    flush(&mut stack, &mut cur, &mut out);
    out
}

/// An anchor from heading text: letters and digits kept (Chinese included), lower case, runs
/// of anything else become one `-`.
pub fn anchor_of(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "section".into() } else { out }
}

/// Clean HTML for a public build: keeps what Markdown produces, drops scripts, event handlers
/// and anything that could load from outside.
pub fn clean(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(&["id", "class", "align"])
        .add_tag_attributes("input", &["type", "checked", "disabled"])
        .add_tags(&["input"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// Escape text for HTML: `&`, `<`, `>`, `"` and `'`. Text without any of them (most text) is
/// copied in one go.
pub fn escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let Some(first) = bytes.iter().position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    let mut start = first;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl Links for NoLinks {
        fn resolve(&self, target: &str) -> Target {
            match target {
                "@/cases/a.md" => Target::Page("cases/a/index.html".to_string()),
                "@/cases/secret.md" => Target::Withheld,
                _ => Target::Missing,
            }
        }
    }

    #[test]
    fn headings_get_chinese_anchors() {
        let r = render("## 基本案情\n\n正文。\n\n## 基本案情\n", "../../", &NoLinks, false);
        assert!(r.html.contains("<h2 id=\"基本案情\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"基本案情-1\">"));
        assert_eq!(r.first_paragraph, "正文。");
    }

    #[test]
    fn site_links_become_relative_and_broken_ones_are_reported() {
        let r = render("见[案例](@/cases/a.md)与[另一个](@/cases/b.md)。", "../../", &NoLinks, false);
        assert!(r.html.contains("href=\"../../cases/a/index.html\""));
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].1, "@/cases/b.md");
        assert!(!r.html.contains("cases/b.md") && r.html.contains("另一个"), "a broken link keeps its text only");
    }

    /// A bundle at `cases/x/` holding `会议照片.jpg` and `附件/细则.xlsx`, and `static/files/通知.pdf`.
    struct Files;
    impl Links for Files {
        fn resolve(&self, target: &str) -> Target {
            match target {
                "会议照片.jpg" => Target::File("cases/x/会议照片.jpg".into()),
                "附件/细则.xlsx" => Target::File("cases/x/附件/细则.xlsx".into()),
                "/files/通知.pdf" => Target::File("files/通知.pdf".into()),
                "/cases/x/" => Target::Page("cases/x/index.html".into()),
                t if t.starts_with('/') && !t.contains('.') => Target::Missing,
                _ => Target::MissingFile,
            }
        }
    }

    #[test]
    fn local_files_are_resolved_relative_and_percent_encoded() {
        let md = "![照片](会议照片.jpg \"现场\")\n\n见[细则](附件/%E7%BB%86%E5%88%99.xlsx#p2)、[通知](/files/通知.pdf)与[案例](/cases/x/)。";
        let r = render(md, "../../", &Files, false);
        assert!(r.html.contains("src=\"../../cases/x/%E4%BC%9A%E8%AE%AE%E7%85%A7%E7%89%87.jpg\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../cases/x/%E9%99%84%E4%BB%B6/%E7%BB%86%E5%88%99.xlsx#p2\""), "a percent-encoded path is decoded to be found");
        assert!(r.html.contains("href=\"../../files/%E9%80%9A%E7%9F%A5.pdf\""));
        assert!(r.html.contains("href=\"../../cases/x/index.html\""));
        assert_eq!(r.images, vec!["cases/x/会议照片.jpg".to_string()]);
        assert!(r.missing_files.is_empty() && r.broken_links.is_empty());
    }

    #[test]
    fn missing_files_are_reported_at_their_first_character() {
        let md = "正文 ![图](无.png) 与 [表](无.xlsx)，[站外](https://example.org/a.pdf)、[锚点](#x)、[邮件](mailto:a@b.c)。";
        let r = render(md, "", &Files, false);
        let found: Vec<(usize, &str, bool)> = r.missing_files.iter().map(|(o, t, i)| (*o, t.as_str(), *i)).collect();
        assert_eq!(found, vec![(md.find('!').unwrap(), "无.png", true), (md.find("[表]").unwrap(), "无.xlsx", false)]);
        assert!(r.html.contains("href=\"https://example.org/a.pdf\"") && r.html.contains("href=\"#x\""), "other links are left alone");
    }

    #[test]
    fn relative_means_no_scheme_no_anchor_no_root() {
        for yes in ["a.pdf", "附件/a.pdf", "./a.pdf", "../a.pdf"] {
            assert!(is_relative(yes), "{yes}");
        }
        for no in ["", "#x", "?q=1", "/files/a.pdf", "@/cases/a.md", "https://x", "mailto:a@b", "data:image/png;base64,AA", "C:x"] {
            assert!(!is_relative(no), "{no}");
        }
        for local in ["C:\\Users\\张三\\通知.pdf", "d:/材料/a.docx", "file:///C:/a.pdf", "\\\\server\\share\\a.pdf"] {
            assert!(on_this_computer(local), "{local}");
        }
        assert!(!on_this_computer("a.pdf") && !on_this_computer("https://x/a.pdf"));
        assert_eq!(decode_path("%E4%BC%9A%20a%zz"), "会 a%zz");
        assert_eq!(decode_path("%FF"), "%FF", "not UTF-8: kept as written");
    }

    #[test]
    fn withheld_links_leave_no_trace() {
        let r = render("见[规定](@/cases/secret.md)。", "", &NoLinks, true);
        assert!(r.broken_links.is_empty());
        assert!(!r.html.contains("secret") && r.html.contains("规定"), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let r = render("|a|b|\n|-|-|\n|1|2|\n\n~~x~~ 脚注[^1]\n\n[^1]: 注\n\n- [x] 完成\n", "", &NoLinks, false);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("checkbox"));
    }

    #[test]
    fn escaping_covers_the_five_characters() {
        assert_eq!(escape("纪律 & <作风> \"x\" 'y'"), "纪律 &amp; &lt;作风&gt; &quot;x&quot; &#39;y&#39;");
        assert_eq!(escape("无需转义"), "无需转义");
    }

    #[test]
    fn public_builds_drop_scripts() {
        let r = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>", "", &NoLinks, true);
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("onerror"));
    }

    #[test]
    fn blocks_are_plain_text_in_reading_order() {
        let md = "## 二、监督方式\n\n1. **随机暗访。** 事先不通知。\n2. **重点时段检查。** 节假日\n   前后。\n\n- 重点人员；\n  - 下级\n\n> 引用*文字*\n\n|项目|分值|\n|-|-|\n|学习|`2`|\n\n正文[链接](/x/)，见注[^1]。\n\n[^1]: 注释。\n";
        let b = blocks(md);
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Heading(2),
                BlockKind::Item { depth: 1, number: Some(1), first: true },
                BlockKind::Item { depth: 1, number: Some(2), first: true },
                BlockKind::Item { depth: 1, number: None, first: true },
                BlockKind::Item { depth: 2, number: None, first: true },
                BlockKind::Quote,
                BlockKind::Row { header: true },
                BlockKind::Row { header: false },
                BlockKind::Paragraph,
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(b[0].text, "二、监督方式");
        assert_eq!(b[1].text, "随机暗访。 事先不通知。");
        assert_eq!(b[2].text, "重点时段检查。 节假日前后。", "Chinese lines join without a space");
        assert_eq!(b[5].text, "引用文字");
        assert_eq!(b[7].cells, vec!["学习".to_string(), "2".to_string()]);
        assert_eq!(b[8].text, "正文链接，见注[1]。");
        assert_eq!(b[9].text, "[1] 注释。");
        for block in &b {
            assert!(!block.text.contains("**") && !block.text.contains('#'), "{block:?}");
        }
    }

    #[test]
    fn loose_items_and_raw_html() {
        let b = blocks("1. 第一段\n\n   第二段\n\n2. 下一项\n\n<div>原始</div>\n\nword\nwrap\n");
        assert_eq!(b[0].kind, BlockKind::Item { depth: 1, number: Some(1), first: true });
        assert_eq!(b[1].kind, BlockKind::Item { depth: 1, number: None, first: false });
        assert_eq!(b[2].kind, BlockKind::Item { depth: 1, number: Some(2), first: true });
        assert_eq!(b[3].text, "word wrap", "raw HTML has no text to show");
        assert_eq!(b.len(), 4);
    }
}
