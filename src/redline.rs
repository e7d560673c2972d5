//! The redline of a revised document as its reader sees it: the old and the new Markdown are
//! compared as rendered blocks (headings, paragraphs, list items, table rows …), never as
//! source lines, and the result is HTML in the document's own structure, with `<ins>` and
//! `<del>` inside a changed block at character level (Chinese has no spaces to split words
//! on). Every change is shown under the headings it sits under, so a paragraph never appears
//! under a neighbouring heading; other unchanged runs are shortened to a note.
//!
//! Pure: text in, HTML out, everything escaped. Depends on `markdown` (blocks, escaping).

use crate::markdown::{blocks, escape, Block, BlockKind};
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};
use std::collections::BTreeSet;

/// How alike two blocks must be (0 to 1, by characters) to be shown as one block changed
/// rather than one removed and another added, unless the shorter is mostly kept in the longer.
const ALIKE: f32 = 0.45;

/// How many blocks ahead a changed block's counterpart is looked for.
const LOOK_AHEAD: usize = 8;

/// One row of the comparison, by block index in the old and the new document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Row {
    Same(usize, usize),
    Changed(usize, usize),
    Deleted(usize),
    Inserted(usize),
}

impl Row {
    fn is_change(self) -> bool {
        !matches!(self, Row::Same(..))
    }
}

/// The redline of `old` against `new` (both Markdown) as HTML. The document's top heading
/// level becomes `<h{top}>` on the page, lower ones follow down to `<h6>`. Empty when the
/// texts read the same.
pub fn redline(old: &str, new: &str, top: u8) -> String {
    let old = blocks(old);
    let new = blocks(new);
    let rows = compare(&old, &new);
    if !rows.iter().any(|r| r.is_change()) {
        return String::new();
    }
    let shown = shown(&rows, &old, &new);
    let base = old.iter().chain(&new).filter_map(heading).min().unwrap_or(1);
    let page_level = |l: u8| (top.saturating_add(l.saturating_sub(base))).clamp(1, 6);

    let mut pieces: Vec<(Holder, String)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if !shown.contains(&i) {
            let start = i;
            while i < rows.len() && !shown.contains(&i) {
                i += 1;
            }
            let n = i - start;
            if n == 1 {
                pieces.push(piece(rows[start], &old, &new, &page_level));
            } else {
                // The headings passed over are named, so that no section goes unseen.
                let titles: Vec<&str> = rows[start..i].iter().filter_map(|r| block_of(*r, &old, &new)).filter(|b| heading(b).is_some()).map(|b| b.text.as_str()).collect();
                let named = match titles.len() {
                    0 => String::new(),
                    k => {
                        let some: Vec<String> = titles.iter().take(3).map(|t| format!("“{}”", escape(t))).collect();
                        format!("，含{}{}", some.join(""), if k > 3 { "等" } else { "" })
                    }
                };
                pieces.push((Holder::None, format!("<p class=\"rl-skip\">… 未改动 {n} 段{named} …</p>")));
            }
            continue;
        }
        pieces.push(piece(rows[i], &old, &new, &page_level));
        i += 1;
    }

    // Consecutive list items share one list, consecutive rows one table.
    let mut out = String::new();
    let mut open = Holder::None;
    for (holder, html) in pieces {
        if holder != open {
            out.push_str(open.close());
            out.push_str(holder.open());
            open = holder;
        }
        out.push_str(&html);
    }
    out.push_str(open.close());
    out
}

/// What a block's HTML needs around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holder {
    None,
    List,
    Table,
}

impl Holder {
    fn open(self) -> &'static str {
        match self {
            Holder::None => "",
            Holder::List => "<ul class=\"rl-list\">",
            Holder::Table => "<div class=\"table-wrap\"><table class=\"rl-table\"><tbody>",
        }
    }
    fn close(self) -> &'static str {
        match self {
            Holder::None => "",
            Holder::List => "</ul>",
            Holder::Table => "</tbody></table></div>",
        }
    }
}

fn heading(b: &Block) -> Option<u8> {
    match b.kind {
        BlockKind::Heading(l) => Some(l),
        _ => None,
    }
}

/// What must match for two blocks to be the same: their kind (an item's number aside, which
/// shifts when an item is added before it) and their text.
fn key(b: &Block) -> (u8, u8, bool, &str) {
    match b.kind {
        BlockKind::Heading(l) => (0, l, true, &b.text),
        BlockKind::Paragraph => (1, 0, true, &b.text),
        BlockKind::Item { depth, first, .. } => (2, depth, first, &b.text),
        BlockKind::Quote => (3, 0, true, &b.text),
        BlockKind::Code => (4, 0, true, &b.text),
        BlockKind::Row { header } => (5, 0, header, &b.text),
    }
}

/// Two texts longer than this together (their lengths in characters multiplied) are compared
/// sentence by sentence, not character by character: a character diff's time grows with the
/// length times the number of differences, and a rewritten paragraph of tens of thousands of
/// characters took seconds, on every page of the changes. Decided by length alone, so the same
/// texts always give the same page (no clock is involved).
const CHAR_DIFF_LIMIT: usize = 4_000_000;

/// The pieces `a` and `b` are compared by: their characters, or their sentences when they are
/// long (`CHAR_DIFF_LIMIT`).
fn pieces<'t>(a: &'t str, b: &'t str) -> (Vec<&'t str>, Vec<&'t str>) {
    let by_sentence = a.chars().count().saturating_mul(b.chars().count()) > CHAR_DIFF_LIMIT;
    let split = |s: &'t str| -> Vec<&'t str> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let end = i + c.len_utf8();
            if !by_sentence || matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
                out.push(&s[start..end]);
                start = end;
            }
        }
        if start < s.len() {
            out.push(&s[start..]);
        }
        out
    };
    (split(a), split(b))
}

/// Whether `a` may be shown as changed into `b`: the same sort of block, and alike enough.
fn alike(a: &Block, b: &Block) -> bool {
    let sort = |b: &Block| key(b).0;
    if sort(a) != sort(b) {
        return false;
    }
    if let (BlockKind::Row { .. }, BlockKind::Row { .. }) = (a.kind, b.kind) {
        if a.cells.len() != b.cells.len() {
            return false;
        }
    }
    let (old, new) = pieces(a.text.as_str(), b.text.as_str());
    let diff = TextDiff::configure().diff_slices(&old, &new);
    let kept: usize = diff
        .ops()
        .iter()
        .map(|op| if let DiffOp::Equal { old_index, len, .. } = op { old[*old_index..old_index + len].iter().map(|p| p.chars().count()).sum() } else { 0 })
        .sum();
    let shorter = a.text.chars().count().min(b.text.chars().count());
    // Alike overall, or one is mostly kept inside the other (a sentence added to a paragraph).
    diff.ratio() >= ALIKE || kept * 5 >= shorter * 4
}

/// The rows of the comparison: blocks matched by kind and text, and inside each run of
/// differences, blocks paired in order where they are alike (a sentence edited), the rest
/// removed or added.
fn compare(old: &[Block], new: &[Block]) -> Vec<Row> {
    let old_keys: Vec<_> = old.iter().map(key).collect();
    let new_keys: Vec<_> = new.iter().map(key).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    let mut rows = Vec::with_capacity(old.len().max(new.len()));
    // A run of differences between two equal runs: (old range, new range).
    let mut run: Option<(usize, usize, usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize, usize, usize)>, rows: &mut Vec<Row>| {
        if let Some((o0, o1, n0, n1)) = run.take() {
            pair(old, new, o0..o1, n0..n1, rows);
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                flush(&mut run, &mut rows);
                rows.extend((0..len).map(|k| Row::Same(old_index + k, new_index + k)));
            }
            DiffOp::Delete { old_index, old_len, new_index } => {
                let r = run.get_or_insert((old_index, old_index, new_index, new_index));
                r.1 = old_index + old_len;
            }
            DiffOp::Insert { old_index, new_index, new_len } => {
                let r = run.get_or_insert((old_index, old_index, new_index, new_index));
                r.3 = new_index + new_len;
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let r = run.get_or_insert((old_index, old_index, new_index, new_index));
                r.1 = old_index + old_len;
                r.3 = new_index + new_len;
            }
        }
    }
    flush(&mut run, &mut rows);
    rows
}

fn pair(old: &[Block], new: &[Block], olds: std::ops::Range<usize>, news: std::ops::Range<usize>, rows: &mut Vec<Row>) {
    let mut next = news.start;
    for o in olds {
        let limit = news.end.min(next + LOOK_AHEAD);
        match (next..limit).find(|&n| alike(&old[o], &new[n])) {
            Some(n) => {
                rows.extend((next..n).map(Row::Inserted));
                rows.push(Row::Changed(o, n));
                next = n + 1;
            }
            None => rows.push(Row::Deleted(o)),
        }
    }
    rows.extend((next..news.end).map(Row::Inserted));
}

/// The block a row stands for: the new one, or the old one when it was deleted.
fn block_of<'b>(row: Row, old: &'b [Block], new: &'b [Block]) -> Option<&'b Block> {
    match row {
        Row::Same(_, n) | Row::Changed(_, n) | Row::Inserted(n) => new.get(n),
        Row::Deleted(o) => old.get(o),
    }
}

/// The rows to show: every change, every heading a change sits under in the old or the new
/// document (so each change is read under its own headings), and the header row of a table a
/// changed row is in (so its cells are read under their column names).
fn shown(rows: &[Row], old: &[Block], new: &[Block]) -> BTreeSet<usize> {
    let mut shown = BTreeSet::new();
    let mut table_header: Option<usize> = None;
    for (i, row) in rows.iter().enumerate() {
        match block_of(*row, old, new).map(|b| b.kind) {
            Some(BlockKind::Row { header: true }) => table_header = Some(i),
            Some(BlockKind::Row { header: false }) => {
                if row.is_change() {
                    shown.extend(table_header);
                }
            }
            _ => table_header = None,
        }
    }
    // The open headings of each document: (level, row).
    let mut old_stack: Vec<(u8, usize)> = Vec::new();
    let mut new_stack: Vec<(u8, usize)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let (o, n) = match *row {
            Row::Same(o, n) | Row::Changed(o, n) => (Some(o), Some(n)),
            Row::Deleted(o) => (Some(o), None),
            Row::Inserted(n) => (None, Some(n)),
        };
        let old_level = o.and_then(|o| heading(&old[o]));
        let new_level = n.and_then(|n| heading(&new[n]));
        if let Some(l) = old_level {
            old_stack.retain(|&(k, _)| k < l);
        }
        if let Some(l) = new_level {
            new_stack.retain(|&(k, _)| k < l);
        }
        if row.is_change() {
            shown.insert(i);
            shown.extend(old_stack.iter().chain(&new_stack).map(|&(_, r)| r));
        }
        if let Some(l) = old_level {
            old_stack.push((l, i));
        }
        if let Some(l) = new_level {
            new_stack.push((l, i));
        }
    }
    shown
}

/// How a whole block is marked.
#[derive(Clone, Copy)]
enum Mark {
    Same,
    Changed,
    Deleted,
    Inserted,
}

impl Mark {
    fn name(self) -> Option<&'static str> {
        match self {
            Mark::Same => None,
            Mark::Changed => Some("rl-changed"),
            Mark::Deleted => Some("rl-deleted"),
            Mark::Inserted => Some("rl-inserted"),
        }
    }
    /// The class attribute with `also` before the mark's own class, or nothing.
    fn class(self, also: &str) -> String {
        match (also, self.name()) {
            ("", None) => String::new(),
            ("", Some(n)) | (n, None) => format!(" class=\"{n}\""),
            (a, Some(n)) => format!(" class=\"{a} {n}\""),
        }
    }
    /// A whole block's text, marked.
    fn wrap(self, text: &str) -> String {
        let text = html_text(text);
        match self {
            Mark::Deleted => format!("<del>{text}</del>"),
            Mark::Inserted => format!("<ins>{text}</ins>"),
            Mark::Same | Mark::Changed => text,
        }
    }
}

fn piece(row: Row, old: &[Block], new: &[Block], page_level: &dyn Fn(u8) -> u8) -> (Holder, String) {
    let (block, mark, inner) = match row {
        Row::Same(_, n) => (&new[n], Mark::Same, Mark::Same.wrap(&new[n].text)),
        Row::Deleted(o) => (&old[o], Mark::Deleted, Mark::Deleted.wrap(&old[o].text)),
        Row::Inserted(n) => (&new[n], Mark::Inserted, Mark::Inserted.wrap(&new[n].text)),
        Row::Changed(o, n) => (&new[n], Mark::Changed, inline(&old[o].text, &new[n].text)),
    };
    let class = mark.class("");
    match block.kind {
        BlockKind::Heading(l) => {
            let h = page_level(l);
            (Holder::None, format!("<h{h}{class}>{inner}</h{h}>"))
        }
        BlockKind::Paragraph => (Holder::None, format!("<p{class}>{inner}</p>")),
        BlockKind::Quote => (Holder::None, format!("<blockquote{class}><p>{inner}</p></blockquote>")),
        BlockKind::Code => (Holder::None, format!("<pre{class}>{inner}</pre>")),
        BlockKind::Item { depth, number, first } => {
            let marker = match (number, first) {
                (Some(n), _) => format!("<span class=\"rl-marker\">{n}.</span>"),
                (None, true) => "<span class=\"rl-marker\">•</span>".to_string(),
                (None, false) => "<span class=\"rl-marker\"></span>".to_string(),
            };
            let class = mark.class(&format!("rl-d{}", depth.clamp(1, 4)));
            (Holder::List, format!("<li{class}>{marker}<span>{inner}</span></li>"))
        }
        BlockKind::Row { header } => {
            let cell = if header { "th" } else { "td" };
            let cells: Vec<String> = match row {
                Row::Changed(o, n) => old[o].cells.iter().zip(&new[n].cells).map(|(a, b)| inline(a, b)).collect(),
                _ => block.cells.iter().map(|c| mark.wrap(c)).collect(),
            };
            let cells: String = cells.iter().map(|c| format!("<{cell}>{c}</{cell}>")).collect();
            (Holder::Table, format!("<tr{class}>{cells}</tr>"))
        }
    }
}

/// Escaped text, a hard line break kept as `<br>`.
fn html_text(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

/// One stretch of a changed block: kept, or replaced (either side may be empty).
enum Span {
    Kept(String),
    Replaced { del: String, ins: String },
}

/// `old` against `new` at character level: kept text as it is, deletions in `<del>`, insertions
/// in `<ins>`. A kept stretch of one or two characters between two changes is folded into
/// them, so a rewritten phrase reads as one deletion and one insertion, not as confetti.
pub fn inline(old: &str, new: &str) -> String {
    let (old, new) = pieces(old, new);
    let diff = TextDiff::configure().diff_slices(&old, &new);
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match (change.tag(), spans.last_mut()) {
            (ChangeTag::Equal, Some(Span::Kept(text))) => text.push_str(value),
            (ChangeTag::Equal, _) => spans.push(Span::Kept(value.to_string())),
            (ChangeTag::Delete, Some(Span::Replaced { del, .. })) => del.push_str(value),
            (ChangeTag::Insert, Some(Span::Replaced { ins, .. })) => ins.push_str(value),
            (ChangeTag::Delete, _) => spans.push(Span::Replaced { del: value.to_string(), ins: String::new() }),
            (ChangeTag::Insert, _) => spans.push(Span::Replaced { del: String::new(), ins: value.to_string() }),
        }
    }
    let mut folded: Vec<Span> = Vec::with_capacity(spans.len());
    let mut spans = spans.into_iter().peekable();
    while let Some(span) = spans.next() {
        let short_between = matches!(&span, Span::Kept(t) if t.chars().count() <= 2)
            && matches!(folded.last(), Some(Span::Replaced { .. }))
            && matches!(spans.peek(), Some(Span::Replaced { .. }));
        match (span, folded.last_mut()) {
            (Span::Kept(t), Some(Span::Replaced { del, ins })) if short_between => {
                del.push_str(&t);
                ins.push_str(&t);
            }
            (Span::Replaced { del: d, ins: i }, Some(Span::Replaced { del, ins })) => {
                del.push_str(&d);
                ins.push_str(&i);
            }
            (span, _) => folded.push(span),
        }
    }
    let mut out = String::new();
    for span in folded {
        match span {
            Span::Kept(t) => out.push_str(&html_text(&t)),
            Span::Replaced { del, ins } => {
                if !del.is_empty() {
                    out.push_str(&format!("<del>{}</del>", html_text(&del)));
                }
                if !ins.is_empty() {
                    out.push_str(&format!("<ins>{}</ins>", html_text(&ins)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "## 一、总体要求\n\n总体要求的正文。\n\n## 二、监督方式\n\n1. **随机暗访。** 事先不通知。\n2. **重点时段检查。** 节假日前后检查。\n3. **专项督查。** 限期见效。\n\n## 三、检查重点\n\n- 重点人员；\n- 重点部门；\n\n## 四、社会监督\n\n聘请监督员。\n\n## 五、结果运用\n\n建立台账。\n";

    #[test]
    fn a_changed_table_row_comes_with_its_header_row() {
        let old = "## 一、要求\n\n| 事项 | 次数 |\n|---|---|\n| 谈话 | 1 |\n| 走访 | 2 |\n| 评议 | 1 |\n";
        let new = old.replace("| 走访 | 2 |", "| 走访 | 3 |");
        let r = redline(old, &new, 4);
        assert!(r.contains("事项") && r.contains("次数"), "{r}");
        assert!(r.find("事项").unwrap() < r.find("走访").unwrap(), "{r}");
    }

    #[test]
    fn a_long_paragraph_rewritten_whole_is_still_marked() {
        // Tens of thousands of characters, every one changed: compared by sentence (here, the
        // whole text), it still says what was removed and what was added, the same every time.
        let old: String = (0..40_000u32).map(|i| char::from_u32(0x4e00 + (i * 7) % 2000).unwrap()).collect();
        let new: String = (0..40_000u32).map(|i| char::from_u32(0x4e00 + (i * 13 + 5) % 2000).unwrap()).collect();
        let html = redline(&old, &new, 2);
        assert!(html.contains("<del") && html.contains("<ins"), "{}", &html[..200.min(html.len())]);
    }

    #[test]
    fn same_text_gives_nothing() {
        assert_eq!(redline(DOC, DOC, 4), "");
    }

    #[test]
    fn a_changed_sentence_is_marked_by_character_under_its_heading() {
        let new = DOC.replace("节假日前后检查。", "节假日前后重点检查。");
        let r = redline(DOC, &new, 4);
        assert!(r.contains("<h4>二、监督方式</h4>"), "{r}");
        assert!(r.contains("节假日前后<ins>重点</ins>检查。"), "{r}");
        assert!(r.contains("<span class=\"rl-marker\">2.</span>"), "{r}");
        assert!(!r.contains("**") && !r.contains("## "), "{r}");
        // The first heading and its paragraph are not needed: shortened.
        assert!(r.contains("… 未改动 2 段，含“一、总体要求” …"), "{r}");
        assert!(!r.contains("总体要求的正文"), "{r}");
        // The change sits under 二, not under a later heading.
        let h2 = r.find("二、监督方式").unwrap();
        let change = r.find("<ins>重点</ins>").unwrap();
        assert!(h2 < change && !r[h2..change].contains("<h4>"), "{r}");
    }

    #[test]
    fn a_changed_heading_stays_a_heading() {
        let new = DOC.replace("## 二、监督方式", "## 二、监督检查方式");
        let r = redline(DOC, &new, 4);
        assert!(r.contains("<h4 class=\"rl-changed\">二、监督<ins>检查</ins>方式</h4>"), "{r}");
    }

    #[test]
    fn added_and_removed_blocks_are_marked_whole() {
        let new = DOC.replace("- 重点部门；\n", "").replace("建立台账。\n", "建立台账。\n\n### （一）通报\n\n每季度通报一次。\n");
        let r = redline(DOC, &new, 4);
        assert!(r.contains("<li class=\"rl-d1 rl-deleted\"><span class=\"rl-marker\">•</span><span><del>重点部门；</del></span></li>"), "{r}");
        assert!(r.contains("<h5 class=\"rl-inserted\"><ins>（一）通报</ins></h5>"), "{r}");
        assert!(r.contains("<p class=\"rl-inserted\"><ins>每季度通报一次。</ins></p>"), "{r}");
        assert!(r.contains("<h4>三、检查重点</h4>") && r.contains("<h4>五、结果运用</h4>"), "{r}");
    }

    #[test]
    fn a_change_under_a_subheading_shows_both_headings() {
        let old = "## 一\n\n甲。\n\n甲二。\n\n### （一）\n\n乙。\n\n丙。\n\n丁。\n";
        let new = old.replace("丁。", "丁丁。");
        let r = redline(old, &new, 4);
        assert!(r.contains("<h4>一</h4>") && r.contains("<h5>（一）</h5>"), "{r}");
        assert!(!r.contains("甲。"), "{r}");
    }

    #[test]
    fn everything_is_escaped() {
        let r = redline("正文。\n", "正文。\n\n<b>粗</b> & `<script>`\n", 4);
        assert!(r.contains("&lt;script&gt;"), "{r}");
        assert!(!r.contains("<script>") && !r.contains("<b>"), "{r}");
    }

    #[test]
    fn table_rows_are_compared_cell_by_cell() {
        let old = "|项目|次数|\n|-|-|\n|学习|1|\n";
        let new = "|项目|次数|\n|-|-|\n|学习|2|\n";
        let r = redline(old, new, 4);
        assert!(r.contains("<table class=\"rl-table\">"), "{r}");
        assert!(r.contains("<td>学习</td><td><del>1</del><ins>2</ins></td>"), "{r}");
    }

    #[test]
    fn a_sentence_added_to_a_short_paragraph_is_an_insertion() {
        let r = redline("正文。\n", "正文。每季度通报一次。\n", 4);
        assert_eq!(r, "<p class=\"rl-changed\">正文。<ins>每季度通报一次。</ins></p>");
    }

    #[test]
    fn inline_folds_confetti() {
        assert_eq!(inline("每半年至少研究一次。", "每季度至少研究一次。"), "每<del>半年</del><ins>季度</ins>至少研究一次。");
        let r = inline("甲乙丙丁戊", "子乙丑丁寅");
        assert_eq!(r, "<del>甲乙丙丁戊</del><ins>子乙丑丁寅</ins>");
    }
}
