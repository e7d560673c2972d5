//! Training materials (SPEC §5): the print-ready A4 handout and the self-contained slide deck
//! of each session, both written beside the session page (`trainings/<id>/`).
//!
//! The handout is one HTML file with its own print CSS (paged media: A4, "— 1 —" page numbers,
//! 内部资料 on every page of an internal build); it keeps the site's relative links. The deck
//! must work alone from a USB stick, so everything it shows is cut here into slides and its
//! Markdown is cleaned of anything that could refer to another file (links, raw HTML); the
//! images of a body are embedded in it as `data:` URIs (SPEC §9).
//! Slide text is split by the case's `##` sections and, when a section is long, between blocks,
//! sentences, list items or table rows, by an estimate of its height in the slide's text box, so
//! a slide stays readable at projector distance and nothing is hidden by the box; the deck's
//! script only shrinks type as a last resort.
//!
//! Uses the renderer's validated site (already cut for the audience: a public build holds no
//! internal case) and rendered bodies; the only I/O is reading the images a deck embeds.

use super::model::ModelView;
use super::views::{date_cn, Link, MechanismView, RequirementView, TrainingView};
use super::context::{crumbs, Renderer};
use crate::bodies::Body;
use crate::model::Kind;
use crate::output::{Page, Stream};
use crate::error::Result;
use crate::model::{Case, Mechanism, Model, Training};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Characters of a paragraph above which it is cut between sentences, over several slides.
const SLIDE_BUDGET: usize = 300;
/// The deck's text box (`.fit`) in CSS pixels: the 1280 × 720 slide less its padding, running
/// head and title. It measures 1104 × 477; the height kept back covers what the estimate misses.
const BOX_WIDTH: f64 = 1104.0;
const BOX_HEIGHT: f64 = 466.0;
/// Type sizes of slide text by class, largest first, as the deck's CSS sets them (`.fit`,
/// `.fit.m`, `.fit.s`), and its line height.
const SIZES: [(&str, f64); 3] = [("l", 36.0), ("m", 32.0), ("s", 28.0)];
const LINE_HEIGHT: f64 = 1.6;
/// Characters of a paragraph short enough to go onto the next slide with the picture it leads
/// into: a line at the smallest type.
const LEAD_CHARS: usize = 36;

/// `trainings/<id>/handout.html` and `trainings/<id>/slides.html`.
pub fn materials(r: &Renderer, t: &Training) -> Result<Vec<Page>> {
    let cases: Vec<(&Case, Body)> = t
        .cases
        .iter()
        .filter_map(|c| r.site.case(&c.value))
        .map(|c| (c, r.body(Kind::Case, &c.id).cloned().unwrap_or_default()))
        .collect();
    let mechs: Vec<&Mechanism> = t.mechanisms.iter().filter_map(|m| r.site.mechanism(&m.value)).collect();
    let models: Vec<(&Model, Body)> = t
        .models
        .iter()
        .filter_map(|m| r.site.models.get(&m.value))
        .map(|m| (m, r.body(Kind::Model, &m.id).cloned().unwrap_or_default()))
        .collect();
    let lesson = Lesson { cases: &cases, models: &models, mechs: &mechs };
    let crumbs = vec![
        Link { title: "培训专题".into(), url: "trainings/index.html".into() },
        Link { title: t.title.clone(), url: Kind::Training.url(&t.id) },
    ];
    let dir = format!("trainings/{}", t.id);
    let handout = r.page(&format!("{dir}/handout.html"), "handout.html", "trainings", &t.title, &crumbs, handout(r, t, &lesson))?;
    let slides = r.page(&format!("{dir}/slides.html"), "slides.html", "trainings", &t.title, &crumbs, deck(r, t, &lesson)?)?;
    Ok(vec![handout, slides])
}

/// What a session teaches, in teaching order: the cases (反面典型), the positive models
/// (正面典型) and the mechanisms to study.
struct Lesson<'a> {
    cases: &'a [(&'a Case, Body)],
    models: &'a [(&'a Model, Body)],
    mechs: &'a [&'a Mechanism],
}

/// The list of sessions, and each session's page with its handout and slide deck.
pub(super) fn pages(r: &Renderer, _stream: &Stream) -> Result<Vec<Page>> {
    let site = r.site;
    if site.trainings.is_empty() {
        return Ok(Vec::new());
    }
    let mut ts: Vec<&Training> = site.trainings.iter().collect();
    ts.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let mut out = vec![r.page(
        "trainings/index.html",
        "trainings.html",
        "trainings",
        "培训专题",
        &crumbs(&[("培训专题", "")]),
        json!({"trainings": ts.iter().map(|t| TrainingView::new(t)).collect::<Vec<_>>()}),
    )?];
    for t in ts {
        let cases: Vec<Value> = t
            .cases
            .iter()
            .filter_map(|c| site.case(&c.value))
            .map(|c| json!({"c": r.case_view(c), "questions": c.questions}))
            .collect();
        let mechs: Vec<Value> = t
            .mechanisms
            .iter()
            .filter_map(|m| site.mechanism(&m.value))
            .map(|m| json!({"m": MechanismView::new(m, &r.terms), "requirements": m.requirements.iter().map(|q| RequirementView::new(m, q)).collect::<Vec<_>>()}))
            .collect();
        let models: Vec<ModelView> = t.models.iter().filter_map(|m| site.models.get(&m.value)).map(|m| ModelView::new(r, m)).collect();
        let body = r.body(Kind::Training, &t.id).cloned().unwrap_or_default();
        let materials = materials(r, t)?;
        // Links to the handout and deck, relative to the session page.
        let links: Vec<Link> = materials
            .iter()
            .map(|(path, _)| {
                let file = path.rsplit('/').next().unwrap_or("").to_string();
                let title = if file.starts_with("handout") { "打印讲义（A4）" } else if file.starts_with("slides") { "演示文稿" } else { "附件" };
                Link { title: title.into(), url: file }
            })
            .collect();
        let page = json!({"t": TrainingView::new(t), "date_cn": date_cn(t.date), "body": body.html, "cases": cases, "models": models, "mechanisms": mechs, "questions": t.questions, "materials": links, "attachments": r.attachments(Kind::Training, &t.id)});
        out.extend(materials);
        out.push(r.page(&Kind::Training.url(&t.id), "training.html", "trainings", &t.title, &crumbs(&[("培训专题", "trainings/index.html"), (&t.title, "")]), page)?);
    }
    Ok(out)
}


/// What both materials say about the session itself.
fn session(t: &Training, cases: usize, models: usize) -> Value {
    json!({
        "t": TrainingView::new(t),
        "date_cn": date_cn(t.date),
        "case_count": cases,
        "case_count_cn": cn_number(cases),
        "model_count": models,
        "model_count_cn": cn_number(models),
    })
}

fn mechanism_json(r: &Renderer, m: &Mechanism) -> Value {
    json!({
        "m": MechanismView::new(m, &r.terms),
        "effective_cn": date_cn(m.effective),
        "requirements": m.requirements.iter().map(|q| RequirementView::new(m, q)).collect::<Vec<_>>(),
    })
}

fn case_json(r: &Renderer, i: usize, c: &Case) -> Value {
    json!({
        "no": cn_number(i + 1),
        "c": r.case_view(c),
        "date_cn": date_cn(c.date),
        "notified_by": c.notified_by,
        "questions": c.questions,
    })
}

fn model_json(r: &Renderer, i: usize, m: &Model) -> Value {
    json!({"no": cn_number(i + 1), "m": ModelView::new(r, m)})
}

fn handout(r: &Renderer, t: &Training, lesson: &Lesson) -> Value {
    let mechs = lesson.mechs;
    let body = r.body(Kind::Training, &t.id).cloned().unwrap_or_default();
    let cases: Vec<Value> = lesson
        .cases
        .iter()
        .enumerate()
        .map(|(i, (c, b))| {
            let mut v = case_json(r, i, c);
            v["body"] = json!(unique_ids(&b.html, &format!("c{}-", i + 1)));
            // On paper a link leads nowhere: the handout names the files, for asking after them.
            v["attachments"] = json!(r.attachments(Kind::Case, &c.id));
            v
        })
        .collect();
    let models: Vec<Value> = lesson
        .models
        .iter()
        .enumerate()
        .map(|(i, (m, b))| {
            let mut v = model_json(r, i, m);
            v["body"] = json!(unique_ids(&b.html, &format!("h{}-", i + 1)));
            v["attachments"] = json!(r.attachments(Kind::Model, &m.id));
            v
        })
        .collect();
    // Numbered parts, so the cover's contents and the headings agree when a part is empty.
    let mut parts = Vec::new();
    let mut add = |key: &str, title: &str| parts.push(json!({"key": key, "no": cn_number(parts.len() + 1), "title": title}));
    if !body.text.trim().is_empty() {
        add("plan", "教学方案");
    }
    if !mechs.is_empty() {
        add("mechanisms", "学习制度");
    }
    if !cases.is_empty() {
        add("cases", "典型案例");
    }
    // The positive models after the cases: the warning first, then the example to follow.
    if !models.is_empty() {
        add("models", "先进典型");
    }
    add("notes", "讨论与笔记");
    let no: HashMap<String, String> =
        parts.iter().map(|p| (p["key"].as_str().unwrap_or("").to_string(), p["no"].as_str().unwrap_or("").to_string())).collect();
    json!({
        "s": session(t, cases.len(), models.len()),
        "body": unique_ids(&body.html, "plan-"),
        "attachments": r.attachments(Kind::Training, &t.id),
        "parts": parts,
        "no": no,
        "mechanisms": mechs.iter().map(|m| mechanism_json(r, m)).collect::<Vec<_>>(),
        "cases": cases,
        "models": models,
        "questions": t.questions,
    })
}

/// Heading anchors are unique within one Markdown body; the handout joins several bodies
/// (every case has its own `基本案情`), so each body's ids get a prefix.
fn unique_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
}

/// The slides of one Markdown body, cut at its `##` headings and then to slide size, under the
/// running head `head`; `fallback` titles the text before the first heading.
fn text_slides(body: &Body, head: &str, fallback: &str) -> Vec<Value> {
    let mut slides = Vec::new();
    for (title, html) in sections(body) {
        let html = slide_html(&html);
        let chunks = chunk(&html);
        let n = chunks.len();
        // A section over several slides keeps one type size throughout: the smallest it needs.
        let size = chunks.iter().map(|c| size_for(c)).max_by_key(|s| SIZES.iter().position(|(class, _)| class == s)).unwrap_or("l");
        for (k, part) in chunks.into_iter().enumerate() {
            // A body that is empty gives one empty chunk: no slide for it.
            if weight(&part) == 0 {
                continue;
            }
            slides.push(json!({
                "kind": "text",
                "head": head,
                "title": title.clone().unwrap_or_else(|| fallback.to_string()),
                "part": if n > 1 { format!("{}/{}", k + 1, n) } else { String::new() },
                "size": size,
                "html": part,
            }));
        }
    }
    slides
}

fn deck(r: &Renderer, t: &Training, lesson: &Lesson) -> Result<Value> {
    let (cases, mechs) = (lesson.cases, lesson.mechs);
    let mut slides: Vec<Value> = Vec::new();
    // The title slide and the agenda come first; the agenda is filled in once the slides it
    // points to are numbered.
    let first = 3;
    let mut agenda = Vec::new();
    for (i, (c, body)) in cases.iter().enumerate() {
        let case = case_json(r, i, c);
        let head = format!("案例{}　{}", cn_number(i + 1), c.title);
        agenda.push(json!({"label": format!("案例{}", cn_number(i + 1)), "title": c.title, "slide": first + slides.len()}));
        slides.push(json!({"kind": "case", "case": case}));
        slides.extend(text_slides(&embedded(r, body)?, &head, &c.title));
        for qs in c.questions.chunks(4) {
            slides.push(json!({"kind": "questions", "head": head, "title": "讨论题", "questions": qs, "size": size_of(qs.iter().map(|q| q.chars().count() + 12).sum())}));
        }
    }
    // The positive models after the cases, each opened like a case, with its deeds.
    for (i, (m, body)) in lesson.models.iter().enumerate() {
        let head = format!("先进典型{}　{}", cn_number(i + 1), m.title);
        agenda.push(json!({"label": format!("典型{}", cn_number(i + 1)), "title": m.title, "slide": first + slides.len()}));
        slides.push(json!({"kind": "model", "model": model_json(r, i, m)}));
        slides.extend(text_slides(&embedded(r, body)?, &head, "先进事迹"));
    }
    if !mechs.is_empty() {
        agenda.push(json!({"label": "制度", "title": "学习制度与履职要求", "slide": first + slides.len()}));
        // About eight lines fit a slide: a mechanism's title and each of its duties is a line.
        let mut group: Vec<Value> = Vec::new();
        let mut lines = 0;
        let groups_before = slides.len();
        for m in mechs {
            let l = 1 + m.requirements.len();
            if !group.is_empty() && lines + l > 8 {
                slides.push(json!({"kind": "mechanisms", "head": t.title, "title": "学习制度与履职要求", "mechanisms": std::mem::take(&mut group)}));
                lines = 0;
            }
            group.push(mechanism_json(r, m));
            lines += l;
        }
        slides.push(json!({"kind": "mechanisms", "head": t.title, "title": "学习制度与履职要求", "mechanisms": group}));
        let n = slides.len() - groups_before;
        if n > 1 {
            for (k, s) in slides[groups_before..].iter_mut().enumerate() {
                s["part"] = json!(format!("{}/{}", k + 1, n));
            }
        }
    }
    if !t.questions.is_empty() {
        agenda.push(json!({"label": "交流", "title": "讨论交流", "slide": first + slides.len()}));
        for qs in t.questions.chunks(4) {
            slides.push(json!({"kind": "questions", "head": t.title, "title": "讨论交流", "questions": qs, "size": size_of(qs.iter().map(|q| q.chars().count() + 12).sum())}));
        }
    }
    slides.push(json!({"kind": "closing"}));
    let mut all = vec![json!({"kind": "title"})];
    // A session with nothing to list has no agenda; then nothing points at the later numbers.
    if !agenda.is_empty() {
        all.push(json!({"kind": "agenda", "head": t.title, "title": "学习安排", "items": agenda}));
    }
    all.extend(slides);
    let total = all.len();
    for (i, s) in all.iter_mut().enumerate() {
        s["no"] = json!(i + 1);
    }
    Ok(json!({"s": session(t, cases.len(), lesson.models.len()), "slides": all, "total": total}))
}

/// A body as the deck shows it: each of its images embedded as a `data:` URI, so that the deck
/// stays one file that works alone.
fn embedded(r: &Renderer, body: &Body) -> Result<Body> {
    let mut html = body.html.clone();
    for path in &body.images {
        let Some(bytes) = r.file_bytes(path)? else { continue };
        // Item bodies are rendered for pages two folders below the root (`cases/<id>/`).
        let src = format!("src=\"../../{}\"", crate::output::href(path));
        html = html.replace(&src, &format!("src=\"data:{};base64,{}\"", image_type(path), base64(&bytes)));
    }
    Ok(Body { html, ..body.clone() })
}

/// The media type of an image by its extension.
fn image_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "bmp" => "image/bmp",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    }
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(ABC[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A case body cut at its `##` headings: (heading text, the HTML under it). Text before the
/// first heading comes first, without a title. A body without `##` is one untitled section.
fn sections(body: &Body) -> Vec<(Option<String>, String)> {
    let html = body.html.as_str();
    let starts: Vec<usize> = html.match_indices("<h2").map(|(i, _)| i).collect();
    let titles: Vec<&String> = body.headings.iter().filter(|h| h.0 == 2).map(|h| &h.2).collect();
    // Raw HTML in a body could hold an `<h2` of its own; then the cut would be a guess.
    if starts.is_empty() || starts.len() != titles.len() {
        return vec![(None, html.to_string())];
    }
    let mut out = Vec::new();
    if weight(&html[..starts[0]]) > 0 {
        out.push((None, html[..starts[0]].to_string()));
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(html.len());
        let part = &html[start..end];
        let inner = part.find("</h2>").map(|i| &part[i + 5..]).unwrap_or(part);
        out.push((Some(titles[k].clone()), inner.to_string()));
    }
    out
}

/// Body HTML made safe to stand alone in the deck: only text-level and block tags survive, with
/// no attribute that can name a file (links keep their text; scripts and styles go; an image
/// stays only when it is embedded as a `data:` URI).
fn slide_html(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p", "br", "hr", "ol", "ul", "li", "strong", "em", "b", "i", "code", "pre", "blockquote", "table", "thead", "tbody",
        "tr", "th", "td", "h3", "h4", "h5", "h6", "sup", "sub", "span", "s", "del", "mark", "img",
    ]
    .into_iter()
    .collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert("ol", ["start"].into_iter().collect());
    attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    attrs.insert("th", ["colspan", "rowspan"].into_iter().collect());
    attrs.insert("img", ["src", "alt"].into_iter().collect());
    ammonia::Builder::empty()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(attrs)
        .url_schemes(["data"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") if !value.starts_with("data:image/") => None,
            _ => Some(value.into()),
        })
        .strip_comments(true)
        .clean(&drop_file_images(html))
        .to_string()
}

/// The HTML without its `<img>` tags that show a file rather than embed one.
fn drop_file_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        let tag_len = rest[i..].find('>').map_or(rest.len() - i, |e| e + 1);
        let tag = &rest[i..i + tag_len];
        if tag.contains(" src=\"data:image/") {
            out.push_str(tag);
        }
        rest = &rest[i + tag_len..];
    }
    out.push_str(rest);
    out
}

/// Whether a piece of HTML shows anything: its characters of text, and a slide's worth for an
/// image, which is shown alone.
fn weight(html: &str) -> usize {
    text_len(html) + html.matches("<img").count() * SLIDE_BUDGET
}

/// Characters of text in an HTML fragment (tags skipped, an entity counts as one).
fn text_len(html: &str) -> usize {
    let mut n = 0;
    let mut in_tag = false;
    let mut in_entity = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                in_entity = true;
                n += 1;
            }
            ';' if in_entity => in_entity = false,
            _ if in_entity => {}
            c if c.is_whitespace() => {}
            _ => n += 1,
        }
    }
    n
}

/// Type size class of a slide of questions by their amount of text: large for a few lines,
/// smaller for more.
fn size_of(chars: usize) -> &'static str {
    match chars {
        0..=110 => "l",
        111..=200 => "m",
        _ => "s",
    }
}

/// The top-level elements of an HTML fragment, each as its own string.
fn blocks(html: &str) -> Vec<String> {
    const VOID: &[&str] = &["br", "hr", "img", "wbr", "input", "col", "area", "source"];
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let Some(len) = html[i..].find('>') else { break };
        let tag = &html[i + 1..i + len];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        i += len + 1;
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') && !name.is_empty() {
            depth += 1;
            continue;
        }
        if depth == 0 {
            let block = html[start..i].trim();
            if !block.is_empty() {
                out.push(block.to_string());
            }
            start = i;
        }
    }
    let rest = html[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// A paragraph too long for one slide, cut after full stops that are not inside inline tags.
fn split_paragraph(block: &str, budget: usize) -> Vec<String> {
    let Some(inner) = block.strip_prefix("<p>").and_then(|b| b.strip_suffix("</p>")) else {
        return vec![block.to_string()];
    };
    let mut sentences = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '<' if inner[i..].starts_with("</") => depth -= 1,
            '<' if !inner[i..].starts_with("<br") => depth += 1,
            '。' | '；' | '！' | '？' if depth == 0 => {
                let end = i + c.len_utf8();
                sentences.push(&inner[start..end]);
                start = end;
            }
            _ => {}
        }
    }
    if start < inner.len() {
        sentences.push(&inner[start..]);
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for s in sentences {
        if !cur.is_empty() && text_len(&cur) + text_len(s) > budget {
            out.push(format!("<p>{}</p>", std::mem::take(&mut cur)));
        }
        cur.push_str(s);
    }
    if !cur.is_empty() {
        out.push(format!("<p>{cur}</p>"));
    }
    out
}

/// A section's HTML cut into pieces that each fit a slide's text box at the deck's smallest type:
/// between blocks, a long paragraph between sentences, a long list between its items (an ordered
/// list keeps its numbering) and a long table between its rows (its header row repeated).
fn chunk(html: &str) -> Vec<String> {
    let px = SIZES[SIZES.len() - 1].1;
    let mut deck = Packer::default();
    for b in blocks(html) {
        match Block::parse(&b) {
            Block::Whole(b) => {
                let pieces = if text_len(&b) > SLIDE_BUDGET && !b.contains("<img") { split_paragraph(&b, SLIDE_BUDGET) } else { vec![b] };
                for p in pieces {
                    let h = Block::Whole(p.clone()).height(px);
                    if deck.height + h > BOX_HEIGHT && !deck.fresh() {
                        // A short line leading into a picture ("现场照片如下：") goes with it,
                        // and so does a heading just above that line; the picture takes the
                        // room they leave.
                        let lead = if p.contains("<img") { deck.take_lead() } else { Vec::new() };
                        deck.flush();
                        for (l, lh) in lead {
                            deck.push(l, lh);
                        }
                    }
                    deck.push(p, h);
                }
            }
            block => {
                let (frame, heights) = (block.frame_height(px), block.row_heights(px));
                let n = heights.len();
                let mut i = 0;
                while i < n {
                    let room = BOX_HEIGHT - deck.height - frame;
                    let mut k = 0;
                    let mut used = 0.0;
                    while i + k < n && used + heights[i + k] <= room {
                        used += heights[i + k];
                        k += 1;
                    }
                    // Not one item alone at the foot of a slide after other text...
                    if k < 2 && k < n - i && !deck.fresh() {
                        deck.flush();
                        continue;
                    }
                    if k > 0 && k < n - i && deck.fresh() {
                        // Slides given over to the list share its items evenly (20 rows on three
                        // slides go 7, 7, 6 rather than 9, 9, 2).
                        let slides = (n - i).div_ceil(k);
                        k = (n - i).div_ceil(slides);
                    } else if k >= 3 && n - i - k == 1 {
                        // Not one item alone on the slide that ends the list.
                        k -= 1;
                    }
                    let k = k.max(1);
                    deck.push(block.rows(i, i + k), frame + heights[i..i + k].iter().sum::<f64>());
                    i += k;
                    if i < n {
                        deck.flush();
                    }
                }
            }
        }
    }
    deck.finish()
}

/// Slides filled one after another; each is flushed when the next piece does not fit.
#[derive(Default)]
struct Packer {
    out: Vec<String>,
    cur: Vec<String>,
    height: f64,
}

impl Packer {
    /// Whether the slide holds nothing yet, or only a heading carried over to it.
    fn fresh(&self) -> bool {
        match self.cur.as_slice() {
            [] => true,
            [only] => is_heading(only),
            _ => false,
        }
    }

    fn push(&mut self, html: String, height: f64) {
        self.cur.push(html);
        self.height += height;
    }

    /// Take back the slide's last piece when it is a short paragraph leading into what comes
    /// next (at most a line), with the heading above it if that would be left alone.
    fn take_lead(&mut self) -> Vec<(String, f64)> {
        let px = SIZES[SIZES.len() - 1].1;
        let lead = |h: &str| h.starts_with("<p>") && !h.contains("<img") && text_len(h) <= LEAD_CHARS;
        if !self.cur.last().is_some_and(|l| lead(l)) {
            return Vec::new();
        }
        let mut taken = Vec::new();
        while let Some(last) = self.cur.pop() {
            let h = Block::Whole(last.clone()).height(px);
            self.height -= h;
            let heading = is_heading(&last);
            taken.push((last, h));
            if !(self.cur.len() == 1 && is_heading(&self.cur[0])) || heading {
                break;
            }
        }
        taken.reverse();
        taken
    }

    /// Ends the slide; a heading left at its foot goes on to the next one, with its text.
    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let carried = match self.cur.last() {
            Some(last) if self.cur.len() > 1 && is_heading(last) => self.cur.pop(),
            _ => None,
        };
        self.out.push(self.cur.join("\n"));
        self.cur.clear();
        self.height = 0.0;
        if let Some(h) = carried {
            let height = Block::Whole(h.clone()).height(SIZES[SIZES.len() - 1].1);
            self.push(h, height);
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.cur.is_empty() || self.out.is_empty() {
            self.out.push(self.cur.join("\n"));
        }
        self.out
    }
}

fn is_heading(html: &str) -> bool {
    ["<h3", "<h4", "<h5", "<h6"].iter().any(|h| html.starts_with(h))
}

/// A top-level block of slide text as the deck lays it out.
enum Block {
    /// Shown whole: a paragraph, heading, quote, image, or a list or table of unknown shape.
    Whole(String),
    /// A list, which may be cut between its items; an ordered list numbers its first item `start`.
    List { ordered: bool, start: u64, items: Vec<String> },
    /// A table, which may be cut between its body rows; the header goes on every slide.
    Table { head: String, rows: Vec<String> },
}

impl Block {
    fn parse(html: &str) -> Block {
        let whole = || Block::Whole(html.to_string());
        let Some((open, inner, name)) = element(html) else { return whole() };
        match name.as_str() {
            "ul" | "ol" => {
                let items = blocks(inner);
                if items.is_empty() || !items.iter().all(|i| i.starts_with("<li")) {
                    return whole();
                }
                let start = attribute(open, "start").and_then(|v| v.parse().ok()).unwrap_or(1);
                Block::List { ordered: name == "ol", start, items }
            }
            "table" => {
                let (mut head, mut rows) = (String::new(), Vec::new());
                for part in blocks(inner) {
                    match element(&part) {
                        Some((_, _, n)) if n == "thead" && head.is_empty() => head = part.clone(),
                        Some((_, body, n)) if n == "tbody" => {
                            for row in blocks(body) {
                                if !row.starts_with("<tr") {
                                    return whole();
                                }
                                rows.push(row);
                            }
                        }
                        Some((_, _, n)) if n == "tr" => rows.push(part.clone()),
                        _ => return whole(),
                    }
                }
                if rows.is_empty() {
                    return whole();
                }
                Block::Table { head, rows }
            }
            _ => whole(),
        }
    }

    /// The HTML of items or rows `from..to`, as a list or table of their own.
    fn rows(&self, from: usize, to: usize) -> String {
        match self {
            Block::Whole(html) => html.clone(),
            Block::List { ordered, start, items } => {
                let body = items[from..to].join("\n");
                match (ordered, start + from as u64) {
                    (false, _) => format!("<ul>\n{body}\n</ul>"),
                    (true, 1) => format!("<ol>\n{body}\n</ol>"),
                    (true, n) => format!("<ol start=\"{n}\">\n{body}\n</ol>"),
                }
            }
            Block::Table { head, rows } => format!("<table>\n{head}\n<tbody>\n{}\n</tbody>\n</table>", rows[from..to].join("\n")),
        }
    }

    /// Height of the list's or table's own frame at type size `px` (margins, the header row).
    fn frame_height(&self, px: f64) -> f64 {
        match self {
            Block::Whole(_) => 0.0,
            Block::List { .. } => 0.5 * px,
            Block::Table { head, .. } => row_height(head, px),
        }
    }

    /// Height of each item or row at type size `px`.
    fn row_heights(&self, px: f64) -> Vec<f64> {
        match self {
            Block::Whole(_) => Vec::new(),
            Block::List { items, .. } => items.iter().map(|i| item_height(i, px)).collect(),
            Block::Table { rows, .. } => rows.iter().map(|r| row_height(r, px)).collect(),
        }
    }

    /// Height of the whole block at type size `px`, as the deck's CSS sets it.
    fn height(&self, px: f64) -> f64 {
        let Block::Whole(html) = self else { return self.frame_height(px) + self.row_heights(px).iter().sum::<f64>() };
        if html.contains("<img") {
            return BOX_HEIGHT;
        }
        let (indent, margin) = match element(html).map(|e| e.2).as_deref() {
            Some("ul" | "ol") => (1.6, 0.5 + 0.3 * html.matches("<li").count() as f64),
            Some("blockquote") => (1.0, 0.5),
            Some("h3" | "h4" | "h5" | "h6") => (0.0, 0.3),
            // A table of unknown shape: its rows' lines, as if it had one column.
            Some("table") => return lines(html, BOX_WIDTH / (0.8 * px)) * LINE_HEIGHT * 0.8 * px + 9.0 * html.matches("<tr").count() as f64,
            _ => (0.0, 0.5),
        };
        (lines(html, BOX_WIDTH / px - indent) * LINE_HEIGHT + margin) * px
    }
}

/// Height of a list item at type size `px`: its lines, indented, and its margin.
fn item_height(html: &str, px: f64) -> f64 {
    (lines(html, BOX_WIDTH / px - 1.6) * LINE_HEIGHT + 0.3) * px
}

/// Height of a table row at type size `px`: tables are set at .8em, cells padded 4px 12px; the
/// cells share the width in proportion to their text.
fn row_height(html: &str, px: f64) -> f64 {
    let size = 0.8 * px;
    let cells = (html.matches("<td").count() + html.matches("<th").count() - html.matches("<thead").count()).max(1);
    let width = BOX_WIDTH - 25.0 * cells as f64;
    lines(html, width / size) * LINE_HEIGHT * size + 9.0
}

/// `(opening tag, inner HTML, tag name)` of a fragment that is one element.
fn element(html: &str) -> Option<(&str, &str, String)> {
    let end = html.find('>')?;
    let open = &html[..=end];
    let name: String = open[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let inner = html[end + 1..].strip_suffix(&format!("</{name}>"))?;
    Some((open, inner, name))
}

/// The value of attribute `name` in an opening tag, as ammonia writes it (`name="value"`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    tag[i..].split('"').next()
}

/// Lines an HTML fragment takes when `per_line` ems fit on a line: each paragraph, item, row or
/// line break starts a line; a CJK character (or an entity) is an em wide, other ASCII about half.
fn lines(html: &str, per_line: f64) -> f64 {
    const BREAKS: &[&str] = &["p", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table", "hr", "div", "dt", "dd"];
    let per_line = per_line.floor().max(1.0);
    let (mut total, mut run) = (0.0f64, 0.0f64);
    let mut end_run = |run: &mut f64| {
        total += (*run / per_line).ceil();
        *run = 0.0;
    };
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let len = rest.find('>').map_or(rest.len(), |e| e + 1);
                let name: String = rest[1..len].trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
                if BREAKS.contains(&name.as_str()) {
                    end_run(&mut run);
                }
                rest = &rest[len..];
                continue;
            }
            '&' => {
                run += 1.0;
                let len = rest.find(';').map_or(1, |e| e + 1);
                rest = &rest[len..];
                continue;
            }
            c if c.is_whitespace() => {}
            c if c.is_ascii() => run += 0.55,
            _ => run += 1.0,
        }
        rest = &rest[c.len_utf8()..];
    }
    end_run(&mut run);
    total
}

/// Type size class of a slide's text: the largest at which it fits the slide's text box.
fn size_for(html: &str) -> &'static str {
    let blocks: Vec<Block> = blocks(html).iter().map(|b| Block::parse(b)).collect();
    SIZES
        .iter()
        .find(|(_, px)| blocks.iter().map(|b| b.height(*px)).sum::<f64>() <= BOX_HEIGHT)
        .map_or(SIZES[SIZES.len() - 1].0, |s| s.0)
}

/// 一, 二, ... 九十九: Chinese numerals for case and part numbers.
fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(cn_number(1), "一");
        assert_eq!(cn_number(10), "十");
        assert_eq!(cn_number(12), "十二");
        assert_eq!(cn_number(30), "三十");
        assert_eq!(cn_number(45), "四十五");
    }

    #[test]
    fn sections_follow_h2_headings() {
        let body = Body {
            html: "<p>引言</p>\n<h2 id=\"a\">基本案情</h2>\n<p>事实</p>\n<h2 id=\"b\">案例剖析</h2>\n<ol>\n<li>一</li>\n</ol>\n".into(),
            headings: vec![(2, "a".into(), "基本案情".into()), (2, "b".into(), "案例剖析".into())],
            ..Body::default()
        };
        let s = sections(&body);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].0, None);
        assert_eq!(s[1].0.as_deref(), Some("基本案情"));
        assert_eq!(s[1].1.trim(), "<p>事实</p>");
        assert!(s[2].1.contains("<li>一</li>"));
    }

    #[test]
    fn a_body_without_h2_is_one_section() {
        let body = Body { html: "<p>只有一段</p>".into(), ..Body::default() };
        assert_eq!(sections(&body), vec![(None, "<p>只有一段</p>".to_string())]);
    }

    #[test]
    fn slide_html_keeps_no_reference_to_a_file() {
        let html = slide_html(r#"<p><a href="../../x/index.html">链接</a><img src="a.png"><span style="background:url(a.png)">字</span></p><script src="x.js"></script>"#);
        assert_eq!(html, "<p>链接<span>字</span></p>");
    }

    #[test]
    fn slide_html_keeps_embedded_images_only() {
        let html = slide_html(r#"<p><img src="data:image/png;base64,iVBO" alt="照片"><img src="../../cases/x/a.png" alt="文件"><img src="data:text/html;base64,PHA+"></p>"#);
        assert_eq!(html, r#"<p><img src="data:image/png;base64,iVBO" alt="照片"></p>"#);
    }

    #[test]
    fn an_image_has_a_slide_of_its_own() {
        let long = "这一段文字较长，讲的是案件的经过和处理情况，不是引出图片的一句话，所以留在前一页。";
        let html = format!("<p>{long}</p>\n<p><img src=\"data:image/png;base64,AA\" alt=\"\"></p>\n<p>又一段。</p>");
        let parts = chunk(&html);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert!(parts[1].contains("<img") && !parts[1].contains("段"));
        assert!(weight(&parts[1]) > 0, "an image alone is a slide, not an empty chunk");
    }

    #[test]
    fn a_short_line_leading_into_an_image_goes_with_it() {
        let long = "这一段文字较长，讲的是案件的经过和处理情况，不是引出图片的一句话，所以留在前一页。";
        let img = "<p><img src=\"data:image/png;base64,AA\" alt=\"\"></p>";
        let parts = chunk(&format!("<p>{long}</p>\n<p>现场照片如下：</p>\n{img}"));
        assert_eq!(parts, [format!("<p>{long}</p>"), format!("<p>现场照片如下：</p>\n{img}")]);
        // With the heading above it when the heading would be left alone.
        let parts = chunk(&format!("<p>{long}</p>\n<h3>现场</h3>\n<p>照片如下：</p>\n{img}"));
        assert_eq!(parts, [format!("<p>{long}</p>"), format!("<h3>现场</h3>\n<p>照片如下：</p>\n{img}")]);
    }

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    /// Height of a slide's text at the deck's smallest type.
    fn height_small(html: &str) -> f64 {
        blocks(html).iter().map(|b| Block::parse(b).height(SIZES[SIZES.len() - 1].1)).sum()
    }

    #[test]
    fn long_sections_are_cut_between_blocks_and_sentences() {
        let para = format!("<p>{}</p>", "这是一句较长的案情描述，用来测试切分。".repeat(30));
        let html = format!("<p>短段。</p>\n{para}\n<ol>\n<li>甲</li>\n<li>乙</li>\n</ol>\n");
        let parts = chunk(&html);
        assert!(parts.len() >= 3, "{parts:?}");
        for p in &parts {
            assert!(text_len(p) <= SLIDE_BUDGET + 20, "{p}");
            assert!(height_small(p) <= BOX_HEIGHT, "{p}");
            assert_eq!(p.matches("<p>").count(), p.matches("</p>").count());
        }
        assert!(parts.last().unwrap().contains("<ol>\n<li>甲</li>\n<li>乙</li>\n</ol>"));
    }

    /// The items of every list in `parts`, in order.
    fn items(parts: &[String]) -> Vec<String> {
        parts.iter().flat_map(|p| p.split("<li>").skip(1).map(|i| i.split("</li>").next().unwrap().to_string())).collect()
    }

    #[test]
    fn a_long_list_continues_on_further_slides_numbered_on() {
        let list: String = (1..=15).map(|i| format!("<li>第{i}项整改措施：健全记录报告制度，落实到人。</li>\n")).collect();
        let parts = chunk(&format!("<p>整改情况如下。</p>\n<ol start=\"3\">\n{list}</ol>\n"));
        assert!(parts.len() >= 2, "{parts:?}");
        let want: Vec<String> = (1..=15).map(|i| format!("第{i}项整改措施：健全记录报告制度，落实到人。")).collect();
        assert_eq!(items(&parts), want, "an item is lost or repeated");
        // Each slide's list numbers its first item where the one before stopped.
        let mut next = 3;
        for p in &parts {
            assert!(height_small(p) <= BOX_HEIGHT, "{p}");
            let n = p.matches("<li>").count();
            assert!(n >= 2, "an item alone on a slide: {p}");
            let open = if next == 1 { "<ol>".to_string() } else { format!("<ol start=\"{next}\">") };
            assert!(p.contains(&open), "{p} does not open with {open}");
            next += n;
        }
    }

    #[test]
    fn a_long_bulleted_list_of_two_line_items_is_cut_too() {
        let item = "经查发现该单位在执行制度过程中存在记录不全、报告不及时、台账不规范等问题，需要逐项整改到位。";
        let list: String = (1..=8).map(|i| format!("<li>{i}{item}</li>\n")).collect();
        let parts = chunk(&format!("<ul>\n{list}</ul>"));
        assert!(parts.len() >= 2, "{parts:?}");
        assert_eq!(items(&parts).len(), 8);
        for p in &parts {
            assert!(p.starts_with("<ul>") && p.ends_with("</ul>"), "{p}");
            assert!(height_small(p) <= BOX_HEIGHT, "{p}");
        }
    }

    #[test]
    fn a_long_table_is_cut_between_rows_with_its_header_on_every_slide() {
        let rows: String = (1..=20).map(|i| format!("<tr>\n<td>第{i}周</td>\n<td>开展谈心谈话</td>\n</tr>\n")).collect();
        let html = format!("<table>\n<thead>\n<tr>\n<th>时间</th>\n<th>内容</th>\n</tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>");
        let parts = chunk(&html);
        assert!(parts.len() >= 2, "{parts:?}");
        let mut seen = Vec::new();
        for p in &parts {
            assert!(p.starts_with("<table>\n<thead>\n<tr>\n<th>时间</th>"), "no header row: {p}");
            assert!(height_small(p) <= BOX_HEIGHT, "{p}");
            seen.extend(p.split("<td>第").skip(1).map(|c| c.split('周').next().unwrap().to_string()));
        }
        assert_eq!(seen, (1..=20).map(|i| i.to_string()).collect::<Vec<_>>());
        // The slides share the rows evenly: none is left with a row or two.
        let counts: Vec<usize> = parts.iter().map(|p| p.matches("<td>第").count()).collect();
        assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "{counts:?}");
    }

    #[test]
    fn a_heading_at_the_foot_of_a_slide_goes_on_with_its_text() {
        let para = format!("<p>{}</p>", "案情描述。".repeat(50));
        let list: String = (1..=6).map(|i| format!("<li>要点{i}</li>\n")).collect();
        let parts = chunk(&format!("{para}\n<h3>整改要求</h3>\n<p>{}</p>\n<ul>\n{list}</ul>", "要求。".repeat(40)));
        for p in &parts[..parts.len() - 1] {
            assert!(!p.trim_end().ends_with("</h3>"), "a slide ends with a heading: {p}");
        }
    }

    #[test]
    fn a_list_that_is_not_a_plain_list_stays_whole() {
        let html = "<ul>\n<li>甲</li>\n<p>散落的段落</p>\n</ul>";
        assert_eq!(chunk(html), vec![html.to_string()]);
    }

    #[test]
    fn type_size_is_the_largest_that_fits() {
        assert_eq!(size_for("<p>短短一句。</p>"), "l");
        let list: String = (1..=8).map(|i| format!("<li>第{i}项整改措施：健全记录报告制度。</li>\n")).collect();
        assert_eq!(size_for(&format!("<ul>\n{list}</ul>")), "s");
    }

    #[test]
    fn text_length_skips_tags_and_counts_entities_once() {
        assert_eq!(text_len("<p>甲&amp;乙 <strong>丙</strong></p>"), 4);
    }
}
