//! The two rules for Chinese text of SPEC §3 (a line break between Chinese characters is no
//! space; an outline-marker line starts a paragraph) change nothing else: every example of the
//! CommonMark spec 0.31.2 (`tests/fixtures/commonmark/`) renders through
//! `zhengfeng::markdown::chinese_lines` exactly as without it, and as the spec says — with the
//! extensions the site enables (tables, footnotes, strikethrough, task lists, heading
//! attributes) as well as without them.

use pulldown_cmark::{html, Options, Parser};
use zhengfeng::markdown::{chinese_lines, options};

struct Example {
    number: u64,
    section: String,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/commonmark/spec.json");
    let all: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(path).expect("spec.json")).expect("spec.json is JSON");
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

fn plain(md: &str, opts: Options) -> String {
    let mut s = String::new();
    html::push_html(&mut s, Parser::new_ext(md, opts));
    s
}

fn with_rules(md: &str, opts: Options) -> String {
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
    let examples = examples();
    assert_eq!(examples.len(), 652);
    let mut failed = Vec::new();
    for e in &examples {
        let ours = with_rules(&e.markdown, Options::empty());
        assert_eq!(ours, plain(&e.markdown, Options::empty()), "example {} ({}) changed by the rules", e.number, e.section);
        if standard(&ours) != standard(&e.html) {
            failed.push(format!("example {} ({}):\n{:?}\nexpected {:?}\ngot      {:?}", e.number, e.section, e.markdown, e.html, ours));
        }
    }
    assert!(failed.is_empty(), "{} of 652 examples differ from the spec:\n{}", failed.len(), failed.join("\n\n"));
}

#[test]
fn with_the_site_extensions_the_rules_change_no_example() {
    for e in examples() {
        assert_eq!(with_rules(&e.markdown, options()), plain(&e.markdown, options()), "example {} ({})", e.number, e.section);
    }
}
