//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading anchors. Links written as `@/cases/file.md` (a content file) or `/cases/id/` (a site
//! path) are turned into relative links, so the site works under any sub-path and from disk;
//! one that names nothing on the site keeps its link and is reported for a warning. Raw HTML is
//! kept for internal builds and cleaned with a sanitiser for public ones. Also yields the plain
//! text (for search and summaries; never the contents of `<script>` or `<style>`) and the first
//! paragraph, and a document as the blocks a reader sees (for the redline of a revised
//! mechanism).
//!
//! Chinese text pasted from Word comes with a line break at the end of every line, so two rules
//! of SPEC §3 apply on top of CommonMark (`chinese_lines`): a line break between two Chinese
//! characters is no space, and a line that begins with an outline marker (`一、`, `（一）`)
//! starts a paragraph.

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
    /// Nothing on the site: the link is kept, to the site path given (where the page would be),
    /// rewritten relative like any other, and a warning given.
    Missing(String),
    /// A file published as it is (a bundle's attachment, a file of `static/`), as a path from
    /// the site root (`cases/x/会议照片.jpg`, `files/通知.pdf`).
    File(String),
    /// A local file that does not exist: an error where the link or image is written.
    MissingFile,
}

/// What the renderer needs to know about the site to resolve links.
pub trait Links {
    fn resolve(&self, target: &str) -> Target;

    /// The folder of the page the Markdown is shown on, from the site root (`cases/x/`; empty
    /// for the home page): what a relative address in raw HTML is relative to.
    fn dir(&self) -> &str {
        ""
    }
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
    /// (byte offset of its `!`, site path) of the first image of each file.
    pub image_at: Vec<(usize, String)>,
    /// Text that was meant as a link or image but is none (`unlinked`), shown as it was typed.
    pub unlinked: Vec<Unlinked>,
    /// Where a paragraph begins `#一、基本案情`: a heading typed without the space after its
    /// `#`, which Markdown reads as text (offset into the Markdown).
    pub unspaced_headings: Vec<usize>,
    /// The byte offset where blocks and marks nest deeper than `MAX_DEPTH`: then nothing else
    /// is rendered (a page so nested is a typing slip, and the HTML sanitiser's time grows with
    /// the square of the depth).
    pub too_deep: Option<usize>,
}

/// How deep quotes, lists and marks may nest in a body.
pub const MAX_DEPTH: usize = 64;

/// `[文字](地址)` that CommonMark reads as plain text because of how it was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    /// Byte offset of its `!` or `[` in the Markdown.
    pub at: usize,
    /// Everything from `!` or `[` to the closing bracket, as written.
    pub written: String,
    /// The address has a space in it (a file name like `现场 照片.png`); otherwise the round
    /// brackets are full-width (`]（…）`).
    pub space: bool,
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
    let mut events = chinese_lines(Parser::new_ext(md, options()).into_offset_iter().collect());
    let mut depth = 0usize;
    for (event, range) in &events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    out.too_deep = Some(range.start);
                    return out;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }

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

    out.unlinked = unlinked(md, &events);
    out.unspaced_headings = events
        .windows(2)
        .filter_map(|w| match (&w[0].0, &w[1].0) {
            (Event::Start(Tag::Paragraph), Event::Text(t)) => {
                let after = t.trim_start_matches('#');
                (t.starts_with('#') && t.len() - after.len() <= 6 && after.starts_with(|c: char| is_cjk(c))).then_some(w[1].1.start)
            }
            _ => None,
        })
        .collect();
    let mut events = cjk_strong(events);

    // Links to the site: rewrite to relative, recording the broken ones; drop (keeping the
    // text) those to items withheld from this build.
    let mut dropped: Vec<usize> = Vec::new();
    let mut depth_of_dropped: Vec<usize> = Vec::new();
    let mut link_depth = 0usize;
    // Inside an image of a withheld item's bundle: its events (the description too) are
    // dropped, up to the image's end.
    let mut dropping_image = 0usize;
    let mut dropped_an_image = false;
    for (i, (event, range)) in events.iter_mut().enumerate() {
        if dropping_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => dropping_image += 1,
                Event::End(TagEnd::Image) => dropping_image -= 1,
                _ => {}
            }
            dropped.push(i);
            continue;
        }
        match event {
            // An image is a local file: beside the item (`会议照片.jpg`), in `static/`
            // (`/images/x.png`), or in another item's bundle (`@/cases/县法院宴请案/照片.jpg`).
            Event::Start(Tag::Image { dest_url, .. }) => {
                let dest = dest_url.to_string();
                if on_this_computer(&dest) {
                    out.missing_files.push((range.start, dest, true));
                    continue;
                }
                if !(is_relative(&dest) || dest.starts_with("@/") || (dest.starts_with('/') && !dest.starts_with("//"))) {
                    continue;
                }
                let (path, suffix) = split_suffix(&dest);
                let path = decode_path(path);
                match links.resolve(&path) {
                    Target::File(site_path) => {
                        *dest_url = CowStr::from(format!("{root}{}{suffix}", crate::output::href(&site_path)));
                        if !out.images.contains(&site_path) {
                            out.image_at.push((range.start, site_path.clone()));
                            out.images.push(site_path);
                        }
                    }
                    // A picture of an item this build leaves out goes with it, description and all.
                    Target::Withheld => {
                        dropping_image = 1;
                        dropped.push(i);
                        dropped_an_image = true;
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
                        Target::Missing(site_path) => {
                            out.broken_links.push((range.start, dest));
                            *dest_url = CowStr::from(format!("{root}{site_path}{fragment}"));
                        }
                        // `[通知](/files/通知.pdf)`: a file of `static/`.
                        Target::File(site_path) => *dest_url = CowStr::from(format!("{root}{}{fragment}", crate::output::href(&site_path))),
                        Target::MissingFile => out.missing_files.push((range.start, decode_path(&path), false)),
                        Target::Withheld => {
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
    // A paragraph that held only a picture of a withheld item is gone with it.
    if dropped_an_image {
        let mut i = 0;
        while i + 1 < events.len() {
            if matches!(events[i].0, Event::Start(Tag::Paragraph)) && matches!(events[i + 1].0, Event::End(TagEnd::Paragraph)) {
                events.drain(i..i + 2);
            } else {
                i += 1;
            }
        }
    }

    // Plain text and the first paragraph. What raw HTML puts inside `<script>` or `<style>` is
    // code, not text: it is never indexed, in either audience.
    let mut in_par = 0usize;
    let mut first_done = false;
    let mut in_code_element = false;
    // An image's text is its description (alt), not the paragraph's: a body that opens with a
    // photo has its first paragraph of text after it.
    let mut in_image = 0usize;
    for (event, _) in &events {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => in_code_element = code_element_open(h, in_code_element),
            Event::Text(_) | Event::Code(_) if in_code_element => {}
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                out.text.push_str(t);
                if in_par > 0 && !first_done && in_image == 0 {
                    out.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            Event::Start(Tag::Paragraph) => in_par += 1,
            Event::End(TagEnd::Paragraph) => {
                in_par = in_par.saturating_sub(1);
                // A heading of its own (`一、基本案情`, made a paragraph of by `chinese_lines`)
                // is no summary: the paragraph after it is.
                let p = out.first_paragraph.trim();
                if !first_done && is_outline_marker(p) && is_heading_line(p) {
                    out.first_paragraph.clear();
                }
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
    out.html = if sanitise { without_withheld(clean(&body), links) } else { body };
    // Every body is kept for the whole build: no room to spare.
    out.html.shrink_to_fit();
    out.text.shrink_to_fit();
    out
}

/// Bold that CommonMark leaves as asterisks in Chinese text: `做到**“两个维护”**。` or
/// `违反**《条例》**规定` — a `**` between a character and a quote or book-title mark is no
/// delimiter by CommonMark's rules, which were made for languages with spaces between words.
/// In each run of text the parser left as it was (never in code), a pair of `**` around some text
/// becomes bold, as its writer meant.
fn cjk_strong<'a>(events: Vec<(Event<'a>, std::ops::Range<usize>)>) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    if !events.iter().any(|(e, _)| matches!(e, Event::Text(t) if t.contains('*'))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut in_code = false;
    let mut run: Vec<(Event<'a>, std::ops::Range<usize>)> = Vec::new();
    type Events<'e> = Vec<(Event<'e>, std::ops::Range<usize>)>;
    fn flush<'e>(run: &mut Events<'e>, out: &mut Events<'e>) {
        if run.is_empty() {
            return;
        }
        let text: String = run.iter().map(|(e, _)| if let Event::Text(t) = e { t.as_ref() } else { "" }).collect();
        let range = run[0].1.start..run[run.len() - 1].1.end;
        let pieces: Vec<&str> = text.split("**").collect();
        // An odd number of pieces: the `**` pair up. Each inner piece between a pair must hold
        // text not starting or ending with a space (as `** a **` is no bold anywhere).
        let paired = pieces.len() >= 3 && pieces.len() % 2 == 1 && pieces.iter().skip(1).step_by(2).all(|p| !p.is_empty() && !p.starts_with(char::is_whitespace) && !p.ends_with(char::is_whitespace));
        if !paired {
            out.append(run);
            return;
        }
        for (i, piece) in pieces.into_iter().enumerate() {
            if i % 2 == 1 {
                out.push((Event::Start(Tag::Strong), range.clone()));
                out.push((Event::Text(CowStr::from(piece.to_string())), range.clone()));
                out.push((Event::End(TagEnd::Strong), range.clone()));
            } else if !piece.is_empty() {
                out.push((Event::Text(CowStr::from(piece.to_string())), range.clone()));
            }
        }
        run.clear();
    }
    for (event, range) in events {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        if matches!(event, Event::Text(_)) && !in_code {
            run.push((event, range));
            continue;
        }
        flush(&mut run, &mut out);
        out.push((event, range));
    }
    flush(&mut run, &mut out);
    out
}

/// Whether, after this piece of raw HTML, a `<script>` or `<style>` element is open (`open`:
/// whether one was before it).
fn code_element_open(html: &str, open: bool) -> bool {
    let lower = html.to_ascii_lowercase();
    let last = |pat: &str| ["script", "style"].iter().filter_map(|t| lower.rfind(&format!("{pat}{t}"))).max();
    match (last("<"), last("</")) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => open,
    }
}

/// Links and images that an office's typing left as plain text: an address with a space in it
/// (`![现场 照片](现场 照片.png)`, a file name as Windows gives it) or written in full-width
/// round brackets (`[通知]（通知.pdf）`). Looked for in runs of text as written (a code span
/// breaks a run, so code is never read), each on one line.
fn unlinked(md: &str, events: &[(Event<'_>, std::ops::Range<usize>)]) -> Vec<Unlinked> {
    let mut found = Vec::new();
    let mut run: Option<std::ops::Range<usize>> = None;
    let mut runs = Vec::new();
    for (event, range) in events {
        if let Event::Text(_) = event {
            match &mut run {
                Some(r) if r.end == range.start => r.end = range.end,
                _ => runs.extend(run.replace(range.clone())),
            }
        } else if !matches!(event, Event::SoftBreak) {
            runs.extend(run.take());
        }
    }
    runs.extend(run);
    for r in runs {
        let Some(text) = md.get(r.clone()) else { continue };
        for (close, _) in text.match_indices(']') {
            let after = &text[close + 1..];
            let (space, inner) = if let Some(rest) = after.strip_prefix('(') {
                match rest.find([')', '\n']).filter(|&e| rest.as_bytes()[e] == b')') {
                    Some(end) => (true, &rest[..end]),
                    None => continue,
                }
            } else if let Some(rest) = after.strip_prefix('（') {
                match rest.find(['）', '\n']).filter(|&e| rest[e..].starts_with('）')) {
                    Some(end) => (false, &rest[..end]),
                    None => continue,
                }
            } else {
                continue;
            };
            // With a space: an address, not a title in quotes. In full-width brackets: only
            // what looks like an address (a file name or a path), not a remark in brackets.
            let meant = if space {
                inner.contains([' ', '\u{3000}']) && !inner.contains(['"', '\'', '(', '<'])
            } else {
                !inner.contains(char::is_whitespace) && (inner.contains('/') || inner.rsplit_once('.').is_some_and(|(_, ext)| !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric())))
            };
            let Some(open) = text[..close].rfind(['[', '\n']).filter(|&o| text.as_bytes()[o] == b'[') else { continue };
            if !meant {
                continue;
            }
            let open = if text[..open].ends_with('!') { open - 1 } else { open };
            let end = close + 1 + after.find([')', '）']).map_or(0, |e| e + after[e..].chars().next().map_or(1, char::len_utf8));
            found.push(Unlinked { at: r.start + open, written: text[open..end].to_string(), space });
        }
    }
    found
}

/// The two rules of SPEC §3 for Chinese text written with a line break at the end of every
/// line, applied to parsed events (with their source ranges), leaving everything else as
/// CommonMark parsed it:
/// - a soft line break between two CJK characters (or CJK punctuation) is dropped, so no space
///   appears between two Chinese lines;
/// - a line break before a line that begins with a Chinese outline marker (`is_outline_marker`)
///   or a full-width space (a pasted document's paragraph indent) ends the paragraph and starts another (in a tight list item, which has no paragraphs, it
///   becomes a hard line break). A break inside emphasis or a link is left alone;
/// - likewise a line break after such a line when it is a heading (`is_heading_line`: `一、总体
///   要求`, no sentence in it), so the text below does not run into it.
pub fn chinese_lines(events: Vec<(Event<'_>, std::ops::Range<usize>)>) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    let mut out: Vec<(Event, std::ops::Range<usize>)> = Vec::with_capacity(events.len());
    // The open tags, innermost last: where a line break stands.
    let mut open: Vec<bool> = Vec::new(); // true for a paragraph, false for anything else
    let mut inline_depth = 0usize;
    let mut last_char: Option<char> = None;
    // The text of the line so far, since the last break or block.
    let mut line = String::new();
    for i in 0..events.len() {
        let (event, range) = &events[i];
        match event {
            Event::SoftBreak | Event::HardBreak => {
                let (next_char, marker) = line_after(&events[i + 1..]);
                let heading = is_outline_marker(&line) && is_heading_line(&line);
                line.clear();
                if (marker || heading) && inline_depth == 0 {
                    match open.last() {
                        Some(true) => {
                            out.push((Event::End(TagEnd::Paragraph), range.clone()));
                            out.push((Event::Start(Tag::Paragraph), range.clone()));
                            last_char = None;
                            continue;
                        }
                        Some(false) => {
                            out.push((Event::HardBreak, range.clone()));
                            continue;
                        }
                        None => {}
                    }
                }
                if matches!(event, Event::SoftBreak) && last_char.is_some_and(is_cjk) && next_char.is_some_and(is_cjk) {
                    continue;
                }
                last_char = None;
            }
            Event::Start(tag) => {
                if is_inline(tag) {
                    inline_depth += 1;
                } else {
                    open.push(matches!(tag, Tag::Paragraph));
                    last_char = None;
                    line.clear();
                }
            }
            Event::End(tag) => {
                if is_inline_end(tag) {
                    inline_depth = inline_depth.saturating_sub(1);
                } else {
                    open.pop();
                    last_char = None;
                    line.clear();
                }
            }
            Event::Text(t) | Event::Code(t) => {
                last_char = t.chars().last().or(last_char);
                // Only a short line can be a heading (`is_heading_line`): past 200 bytes (over 40
                // characters) the rest is not kept.
                if line.len() < 200 {
                    line.push_str(t);
                }
            }
            _ => last_char = None,
        }
        out.push((event.clone(), range.clone()));
    }
    out
}

/// The first character of the line after a line break, and whether the line begins with an
/// outline marker: the text of `rest` up to the next break, through inline tags.
fn line_after(rest: &[(Event<'_>, std::ops::Range<usize>)]) -> (Option<char>, bool) {
    let mut text = String::new();
    for (event, _) in rest {
        match event {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                if text.chars().count() >= 8 {
                    break;
                }
            }
            Event::Start(tag) if is_inline(tag) => {}
            Event::End(tag) if is_inline_end(tag) => {}
            _ => break,
        }
    }
    // A line indented with a full-width space, as every paragraph of an official document
    // pasted from Word is (`　　各单位要……`), starts a paragraph as a marker does.
    (text.chars().next(), is_outline_marker(&text) || text.starts_with('\u{3000}'))
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Superscript | Tag::Subscript)
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Superscript | TagEnd::Subscript)
}

/// A character of Chinese (or Japanese) text, or CJK punctuation: between two of them a line
/// break is no space. Korean, written with spaces between words, is not among them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF     // radicals
        | 0x3000..=0x303F   // CJK symbols and punctuation: 、。〈〉《》「」【】
        | 0x3040..=0x30FF   // kana
        | 0x3100..=0x312F   // bopomofo
        | 0x3190..=0x31FF   // kanbun, strokes
        | 0x3200..=0x33FF   // enclosed and compatibility: ㈠ ㊣
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE30..=0xFE4F   // compatibility forms: ︰ ﹏
        | 0xFF00..=0xFF60   // full-width forms: ，：；！？（）
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD // extensions B and later
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Whether a line that begins with an outline marker is a heading of its own (`一、总体要求`,
/// `（二）工作措施：`): short, with no sentence in it — no `。，；！？` — where `（一）加强领导。各单位…`
/// is a sentence, and a line ending in `，` goes on below.
fn is_heading_line(line: &str) -> bool {
    let line = line.trim();
    line.chars().count() <= 40 && !line.contains(['。', '，', '；', '！', '？', ',', ';', '!', '?'])
}

/// Whether a line begins with a Chinese outline marker: `一、` … `十、` (any Chinese numeral),
/// `（一）`, `1．` or `1、` (half- or full-width digits), `（1）`, `第一条`, `第一章`, `第一节`.
pub fn is_outline_marker(line: &str) -> bool {
    fn numeral(c: char) -> bool {
        "一二三四五六七八九十百零〇两".contains(c)
    }
    fn digit(c: char) -> bool {
        c.is_ascii_digit() || ('０'..='９').contains(&c)
    }
    let chars: Vec<char> = line.chars().take(10).collect();
    let run = |from: usize, f: fn(char) -> bool| chars[from.min(chars.len())..].iter().take_while(|&&c| f(c)).count();
    let at = |i: usize| chars.get(i).copied();
    let cn = run(0, numeral);
    let num = run(0, digit);
    if (1..=3).contains(&cn) && at(cn) == Some('、') {
        return true;
    }
    if (1..=3).contains(&num) && matches!(at(num), Some('．' | '、')) {
        return true;
    }
    // `1.责令……` as Word's numbering pastes: an ASCII point right before a Chinese character (a
    // point before a digit is a decimal, and `1. ` with a space is Markdown's own list).
    if (1..=3).contains(&num) && at(num) == Some('.') && at(num + 1).is_some_and(|c| is_cjk(c) && !"。，、；：".contains(c)) {
        return true;
    }
    if at(0) == Some('（') {
        let n = run(1, numeral).max(run(1, digit));
        return (1..=3).contains(&n) && at(1 + n) == Some('）');
    }
    // `(一)` in ASCII brackets, with a Chinese numeral (an ASCII `(1)` may be anything).
    if at(0) == Some('(') {
        let n = run(1, numeral);
        return (1..=3).contains(&n) && at(1 + n) == Some(')');
    }
    if at(0) == Some('第') {
        let n = run(1, numeral).max(run(1, digit));
        return (1..=4).contains(&n) && matches!(at(1 + n), Some('条' | '章' | '节'));
    }
    false
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

/// The Markdown of a public item as a public build may publish it as source (the texts kept
/// for a later comparison, `data/content.json`): HTML comments (an author's notes) removed, a
/// link to an item the build leaves out reduced to its text, such a picture or reference
/// definition removed, and such an address in raw HTML emptied. What reads as text is
/// otherwise unchanged, so a comparison sees the same words as the page shows.
pub fn public_form(md: &str, links: &dyn Links) -> String {
    let withheld = |dest: &str| {
        let (path, _) = split_suffix(dest);
        let path = decode_path(path);
        (path.starts_with("@/") || (path.starts_with('/') && !path.starts_with("//"))) && matches!(links.resolve(&path), Target::Withheld)
    };
    // Comments first: a comment may hold what looks like a link.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => edits.push((range.clone(), without_comments(&md[range]))),
            Event::InlineHtml(h) if h.starts_with("<!--") => edits.push((range, String::new())),
            _ => {}
        }
    }
    let md = apply(md, edits);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    // A withheld link open here (links do not hold links): its range, and its text's so far.
    let mut open: Option<(std::ops::Range<usize>, Option<std::ops::Range<usize>>)> = None;
    let mut parser = Parser::new_ext(&md, options()).into_offset_iter();
    for (event, range) in parser.by_ref() {
        if let Some((whole, inner)) = &mut open {
            if matches!(event, Event::End(TagEnd::Link)) {
                // The link's text in its public form too: it may hold a picture of the item.
                edits.push((whole.clone(), inner.take().map_or(String::new(), |r| public_form(&md[r], links).trim_end_matches('\n').to_string())));
                open = None;
            } else {
                *inner = Some(inner.as_ref().map_or(range.clone(), |r| r.start.min(range.start)..r.end.max(range.end)));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if withheld(&dest_url) => open = Some((range, None)),
            Event::Start(Tag::Image { dest_url, .. }) if withheld(&dest_url) => edits.push((range, String::new())),
            Event::Html(_) | Event::InlineHtml(_) => {
                let written = &md[range.clone()];
                let kept = html_without_withheld(written, links);
                if kept != written {
                    edits.push((range, kept));
                }
            }
            _ => {}
        }
    }
    for (_, def) in parser.reference_definitions().iter() {
        if withheld(&def.dest) {
            let end = md[def.span.end..].find('\n').map_or(md.len(), |n| def.span.end + n + 1);
            edits.push((def.span.start..end, String::new()));
        }
    }
    apply(&md, edits)
}

/// `md` with each range replaced by its text; ranges inside an earlier one are skipped.
fn apply(md: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(md.len());
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at || !md.is_char_boundary(range.start) || !md.is_char_boundary(range.end) {
            continue;
        }
        out.push_str(&md[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&md[at..]);
    out
}

/// Raw HTML without its comments (one not closed runs to the end).
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        rest = rest[open + 4..].find("-->").map_or("", |close| &rest[open + 4 + close + 3..]);
    }
    out.push_str(rest);
    // A block that was only a comment leaves no blank line behind.
    if out.trim().is_empty() { String::new() } else { out }
}

/// Raw HTML as written, with any `href`, `src` or `cite` address that names a withheld item
/// emptied (quoted either way, or not at all).
fn html_without_withheld(html: &str, links: &dyn Links) -> String {
    let lower = html.to_ascii_lowercase();
    let mut edits = Vec::new();
    for attr in ["href", "src", "cite"] {
        for (at, _) in lower.match_indices(attr) {
            let after = lower[at + attr.len()..].trim_start();
            let Some(value) = after.strip_prefix('=') else { continue };
            let value = value.trim_start();
            let start = html.len() - value.len();
            // The value's place, and where the attribute ends (after a closing quote).
            let (start, end, close) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                    Some(len) => (start + 1, start + 1 + len, 1),
                    None => continue,
                },
                Some(_) => (start, start + value.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(value.len()), 0),
                None => continue,
            };
            // The whole attribute goes, with the space before it.
            let name_start = html[..at].chars().next_back().filter(|c| c.is_whitespace()).map_or(at, |c| at - c.len_utf8());
            if address_withheld(&html[start..end], links) {
                edits.push((name_start..end + close, String::new()));
            }
        }
    }
    apply(html, edits)
}

/// Whether an address written in raw HTML (`@/cases/x.md`, `/cases/x/`, `../x/照片.jpg`
/// from the page's folder, `&amp;` as written in HTML) names an item left out of the build.
fn address_withheld(value: &str, links: &dyn Links) -> bool {
    let value = value.replace("&amp;", "&");
    let (path, _) = split_suffix(&value);
    if path.starts_with("//") || (!path.starts_with("@/") && !path.starts_with('/') && !is_relative(path)) {
        return false;
    }
    let path = decode_path(path);
    if path.starts_with("@/") {
        return matches!(links.resolve(&path), Target::Withheld);
    }
    // The site path it names, from the page's folder (or the root, for `/…`); a path that
    // climbs above the root stays at the root, as in a browser.
    let joined = if path.starts_with('/') { path } else { format!("{}{path}", links.dir()) };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let slash = if joined.ends_with('/') && !parts.is_empty() { "/" } else { "" };
    matches!(links.resolve(&format!("/{}{slash}", parts.join("/"))), Target::Withheld)
}

/// Raw HTML of a public build (already `clean`ed) with no way into an item the build leaves
/// out: an `<a>` whose `href` (or any element whose `cite`) names a withheld item's page or
/// bundle file loses that attribute, keeping its text, and such an `<img>` is dropped whole —
/// however the address is written (`@/cases/x.md`, `/cases/x/`, `../../cases/x/照片.jpg`).
/// Links written in Markdown were dropped the same way as they were resolved.
fn without_withheld(html: String, links: &dyn Links) -> String {
    if !html.contains(" href=\"") && !html.contains(" src=\"") && !html.contains(" cite=\"") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag_text = &rest[open..];
        // The tag's end: the first `>` outside a quoted value (the cleaner writes every value
        // in double quotes, a `"` inside one as `&quot;`).
        let mut quoted = false;
        let end = tag_text.char_indices().find(|&(_, c)| {
            if c == '"' {
                quoted = !quoted;
            }
            c == '>' && !quoted
        });
        let Some((end, _)) = end else {
            out.push_str(tag_text);
            rest = "";
            break;
        };
        let tag = &tag_text[..=end];
        rest = &tag_text[end + 1..];
        let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let mut kept = tag.to_string();
        for attr in ["href", "src", "cite"] {
            let key = format!(" {attr}=\"");
            let Some(at) = kept.find(&key) else { continue };
            let value_start = at + key.len();
            let Some(len) = kept[value_start..].find('"') else { continue };
            if !address_withheld(&kept[value_start..value_start + len], links) {
                continue;
            }
            if name == "img" && attr == "src" {
                kept.clear();
                break;
            }
            kept.replace_range(at..value_start + len + 1, "");
        }
        out.push_str(&kept);
    }
    out.push_str(rest);
    out
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
                _ => Target::Missing(format!("missing{}", target.trim_start_matches('@'))),
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
    fn a_photo_before_the_text_is_not_the_first_paragraph() {
        let r = render("![现场照片](会议照片.jpg)\n\n经查，某某违规接受宴请。\n", "../../", &Files, false);
        assert_eq!(r.first_paragraph, "经查，某某违规接受宴请。");
        let r = render("![现场照片](会议照片.jpg) 现场如图。\n", "../../", &Files, false);
        assert_eq!(r.first_paragraph, "现场如图。");
        assert_eq!(r.image_at, [(0, "cases/x/会议照片.jpg".to_string())]);
    }

    #[test]
    fn site_links_become_relative_and_broken_ones_are_reported() {
        let r = render("见[案例](@/cases/a.md)与[另一个](@/cases/b.md)。", "../../", &NoLinks, false);
        assert!(r.html.contains("href=\"../../cases/a/index.html\""));
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].1, "@/cases/b.md");
        assert!(r.html.contains("<a href=\"../../missing/cases/b.md\">另一个</a>"), "a broken link is kept, relative: {}", r.html);
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
                t if t.starts_with('/') && !t.contains('.') => Target::Missing(t.trim_start_matches('/').to_string()),
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
    fn chinese_lines_join_without_a_space() {
        let r = render("第一行文字\n第二行文字，\n“第三行”\nEnglish words\nand more\n中文\nEnglish\n", "", &NoLinks, false);
        assert_eq!(r.html, "<p>第一行文字第二行文字，“第三行”\nEnglish words\nand more\n中文\nEnglish</p>\n");
        assert_eq!(r.text, "第一行文字第二行文字，“第三行” English words and more 中文 English\n");
        // Through emphasis, and in a list item.
        let r = render("**重点**\n内容\n\n- 第一项\n  继续\n", "", &NoLinks, false);
        assert!(r.html.contains("<strong>重点</strong>内容</p>") && r.html.contains("<li>第一项继续</li>"), "{}", r.html);
    }

    #[test]
    fn outline_markers_start_paragraphs() {
        let md = "一、总体要求\n（一）加强领导。\n各单位要落实\n责任。\n1．第一点\n2、第二点\n（1）细则\n第一条 总则\n第十二章 附则\n";
        let r = render(md, "", &NoLinks, false);
        assert_eq!(
            r.html,
            "<p>一、总体要求</p>\n<p>（一）加强领导。各单位要落实责任。</p>\n<p>1．第一点</p>\n<p>2、第二点</p>\n<p>（1）细则</p>\n<p>第一条 总则</p>\n<p>第十二章 附则</p>\n"
        );
        assert_eq!(r.first_paragraph, "（一）加强领导。各单位要落实责任。", "a heading line is no summary");
        // A heading line keeps the text below it out; a line with a sentence in it does not.
        let r = render("一、总体要求\n各单位要认真落实\n本制度。\n（二）工作措施：\n加强监督。\n（三）为进一步加强队伍建设，\n根据有关规定制定本办法。\n", "", &NoLinks, false);
        assert_eq!(
            r.html,
            "<p>一、总体要求</p>\n<p>各单位要认真落实本制度。</p>\n<p>（二）工作措施：</p>\n<p>加强监督。</p>\n<p>（三）为进一步加强队伍建设，根据有关规定制定本办法。</p>\n"
        );
        // In a block quote, after a hard break, through bold, in a tight list item.
        let r = render("> 正文\n> 二、要求\n\n甲  \n**（二）乙**\n\n- 三、丙\n  四、丁\n", "", &NoLinks, false);
        assert!(r.html.contains("<blockquote>\n<p>正文</p>\n<p>二、要求</p>\n</blockquote>"), "{}", r.html);
        assert!(r.html.contains("<p>甲</p>\n<p><strong>（二）乙</strong></p>"), "{}", r.html);
        assert!(r.html.contains("<li>三、丙<br />\n四、丁</li>"), "{}", r.html);
        // A document pasted from Word: every paragraph indented with two full-width spaces,
        // the salutation on a line of its own.
        let r = render("各政法单位：\n　　现将有关事项通知如下。\n　　请认真贯彻落实。\n", "", &NoLinks, false);
        assert_eq!(r.html, "<p>各政法单位：</p>\n<p>　　现将有关事项通知如下。</p>\n<p>　　请认真贯彻落实。</p>\n");
        // Word's numbering and brackets as pasted: `1.` before a character, `(一)`.
        let r = render("处理如下：\n1.责令退还；\n2.诫勉谈话。\n(一)发现经过\n督察发现。\n", "", &NoLinks, false);
        assert_eq!(r.html, "<p>处理如下：</p>\n<p>1.责令退还；</p>\n<p>2.诫勉谈话。</p>\n<p>(一)发现经过</p>\n<p>督察发现。</p>\n");
        // Not markers: a numeral not followed by 、, a date, an ASCII list, a code block.
        for md in ["正文\n一些说明", "正文\n2025年", "正文\n第一次会议", "a\n(1) b", "```\n一\n二、\n```"] {
            let r = render(md, "", &NoLinks, false);
            assert!(!r.html.contains("</p>\n<p>"), "{md}: {}", r.html);
        }
    }

    #[test]
    fn outline_markers_are_recognised() {
        for s in ["一、", "十、总结", "二十三、", "（一）", "（十二）", "1．", "12、", "１．", "（1）", "（１０）", "第一条", "第二十三条", "第3章", "第一节"] {
            assert!(is_outline_marker(s), "{s}");
        }
        for s in ["1.责令退还", "(一)发现经过", "(十二)"] {
            assert!(is_outline_marker(s), "{s}");
        }
        for s in ["一", "一。", "(1)", "1.", "1)", "第一次", "第", "（一", "一二三四、", "abc", "", "1.5倍", "(一"] {
            assert!(!is_outline_marker(s), "{s}");
        }
    }

    #[test]
    fn script_and_style_text_is_never_indexed() {
        let md = "正文<SCRIPT>var secret = 1;</SCRIPT>之后<style>.x{color:red}</style>结束\n\n<script>\nalso_secret()\n</script>\n\n末段";
        for sanitise in [false, true] {
            let r = render(md, "", &NoLinks, sanitise);
            assert!(!r.text.contains("secret") && !r.text.contains("color"), "{}", r.text);
            assert!(r.text.contains("正文") && r.text.contains("之后") && r.text.contains("结束") && r.text.contains("末段"), "{}", r.text);
            assert!(!r.first_paragraph.contains("secret"));
        }
    }

    /// One example of the CommonMark spec, as `tests/fixtures/commonmark/spec.json` holds it.
    struct Example {
        number: u64,
        section: String,
        markdown: String,
        html: String,
    }

    /// The 652 examples of the CommonMark spec 0.31.2 (`tests/fixtures/commonmark/README.md`).
    fn spec_examples() -> Vec<Example> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/commonmark/spec.json");
        let all: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(path).expect("spec.json")).expect("spec.json is JSON");
        // As in the spec's own runner, `→` stands for a tab.
        let text = |v: &serde_json::Value| v.as_str().expect("a string").replace('→', "\t");
        all.iter()
            .map(|e| Example {
                number: e["example"].as_u64().expect("example number"),
                section: e["section"].as_str().unwrap_or_default().to_string(),
                markdown: text(&e["markdown"]),
                html: text(&e["html"]),
            })
            .collect()
    }

    fn plain_html(md: &str, opts: Options) -> String {
        let mut s = String::new();
        html::push_html(&mut s, Parser::new_ext(md, opts));
        s
    }

    fn html_with_rules(md: &str, opts: Options) -> String {
        let mut s = String::new();
        html::push_html(&mut s, chinese_lines(Parser::new_ext(md, opts).into_offset_iter().collect()).into_iter().map(|(e, _)| e));
        s
    }

    /// As the spec's runner compares: void tags written either way, line breaks between tags not
    /// counted; and `"` in text, which pulldown-cmark's writer leaves as it is, the same as the
    /// spec's `&quot;`.
    fn standard(html: &str) -> String {
        html.replace("<br>", "<br />").replace("<hr>", "<hr />").replace(">\n<", "><").replace("&quot;", "\"")
    }

    #[test]
    fn every_commonmark_example_renders_as_the_spec_says() {
        // The two rules for Chinese text change nothing else: every example of the spec renders
        // through `chinese_lines` exactly as without it, and as the spec says.
        let examples = spec_examples();
        assert_eq!(examples.len(), 652);
        let mut failed = Vec::new();
        for e in &examples {
            let ours = html_with_rules(&e.markdown, Options::empty());
            assert_eq!(ours, plain_html(&e.markdown, Options::empty()), "example {} ({}) changed by the rules", e.number, e.section);
            if standard(&ours) != standard(&e.html) {
                failed.push(format!("example {} ({}):\n{:?}\nexpected {:?}\ngot      {:?}", e.number, e.section, e.markdown, e.html, ours));
            }
        }
        assert!(failed.is_empty(), "{} of 652 examples differ from the spec:\n{}", failed.len(), failed.join("\n\n"));
    }

    #[test]
    fn with_the_site_extensions_the_rules_change_no_commonmark_example() {
        // Tables, footnotes, strikethrough, task lists and heading attributes on, as on the site.
        for e in spec_examples() {
            assert_eq!(html_with_rules(&e.markdown, options()), plain_html(&e.markdown, options()), "example {} ({})", e.number, e.section);
        }
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

    /// Links where the case `secret` (file `secret.md`, bundle folder `机密案`) is left out.
    struct Secret;
    impl Links for Secret {
        fn dir(&self) -> &str {
            "mechanisms/m/"
        }
        fn resolve(&self, target: &str) -> Target {
            let t = target.trim_start_matches("@/").trim_start_matches('/');
            if t.starts_with("cases/secret") || t.starts_with("cases/机密案/") { Target::Withheld } else { Target::Page(String::new()) }
        }
    }

    #[test]
    fn public_form_keeps_the_words_and_drops_every_way_into_a_withheld_item() {
        let md = "# 制度\n\n<!-- 内部备注: 某某 -->\n\n见[典型案例](@/cases/secret.md)与[公开案例](@/cases/open.md)。<!-- 行内备注 -->\n\n\
                  ![现场](@/cases/机密案/照片.jpg)\n\n另见[案例][ref]。\n\n[ref]: /cases/secret/\n\n\
                  <p><a href='../../cases/secret/'>原文</a> <img src=/cases/secret/a.png></p>\n";
        let out = public_form(md, &Secret);
        for gone in ["内部备注", "行内备注", "secret", "机密案", "照片", "[ref]:"] {
            assert!(!out.contains(gone), "{gone} in:\n{out}");
        }
        for kept in ["见典型案例与[公开案例](@/cases/open.md)。", "另见案例。", "<p><a>原文</a> <img></p>", "# 制度"] {
            assert!(out.contains(kept), "{kept} not in:\n{out}");
        }
        // What reads as text is the same: a comparison sees no change.
        let words = |m: &str| blocks(m).into_iter().map(|b| b.text).collect::<Vec<_>>();
        assert_eq!(words(&out), words(md).into_iter().filter(|t| t != "现场").collect::<Vec<_>>());
        assert_eq!(public_form("无链接的正文。\n", &Secret), "无链接的正文。\n");
        // A picture inside a withheld link's text goes too, and a bundle's folder written from
        // the root in raw HTML.
        let out = public_form("点击图片看案例：[![照片](@/cases/机密案/照片.png)说明](@/cases/机密案/index.md)\n", &Secret);
        assert_eq!(out, "点击图片看案例：说明\n");
    }

    #[test]
    fn bold_around_chinese_quotes_is_bold() {
        for (md, bold) in [("坚决做到**“两个维护”**。", "“两个维护”"), ("违反了**《条例》**第一条。", "《条例》"), ("违反**“五条禁令”**要求", "“五条禁令”")] {
            let r = render(md, "", &NoLinks, false);
            assert!(r.html.contains(&format!("<strong>{bold}</strong>")) && !r.html.contains('*'), "{md}: {}", r.html);
        }
        // Plain bold as before; asterisks in code stay; a lone pair with spaces is no bold.
        assert_eq!(render("**酒后驾驶**", "", &NoLinks, false).html, "<p><strong>酒后驾驶</strong></p>\n");
        assert!(render("```\n**“x”**\n```", "", &NoLinks, false).html.contains("**“x”**"));
        assert!(render("a ** b ** c", "", &NoLinks, false).html.contains("a ** b ** c"));
    }

    #[test]
    fn a_heading_line_is_no_summary() {
        let r = render("一、基本案情\n某干警在工作日午间饮酒。\n", "", &NoLinks, false);
        assert_eq!(r.first_paragraph, "某干警在工作日午间饮酒。");
    }

    #[test]
    fn a_paragraph_holding_only_a_withheld_picture_goes_with_it() {
        let r = render("正文。\n\n![内部](@/cases/secret.md)\n\n又一段。\n", "", &NoLinks, true);
        assert_eq!(r.html, "<p>正文。</p>\n<p>又一段。</p>\n");
    }
}
