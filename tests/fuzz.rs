//! A bounded mutation run over the fuzz entry points (the coverage-guided runs use the same
//! functions through `fuzz/`, with cargo-fuzz). Seeds are the demo site's own files; each is
//! mutated by flips, insertions, deletions and splices with a fixed seed, so a failure
//! reproduces. `ZF_FUZZ_ITERS` sets the number of mutants per target (default 300).

mod common;

use common::Rng;
use std::path::Path;

const INTERESTING: &[&[u8]] = &[
    b"---\n", b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"\t", b"\r\n", b"\xef\xbb\xbf", b"\xff", b"\xe4\xb8",
    b"99999999999999999999", b"-1", b"1.55", b"null", b"~", b"|\n", b">\n", b"\"", b"'", b"#", b"<script>", b"](@/x.md)",
    b"\n## ", b"|a|b|\n|-|-|\n", b"[^1]", b"  ", b"\x00",
];

fn mutate(seed: &[u8], r: &mut Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + r.below(6) {
        let at = r.below(v.len() + 1);
        match r.below(5) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << r.below(8);
            }
            1 => {
                let piece = INTERESTING[r.below(INTERESTING.len())];
                v.splice(at..at, piece.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + r.below(40)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if !v.is_empty() => {
                let from = r.below(v.len());
                let len = r.below(60).min(v.len() - from);
                let chunk: Vec<u8> = v[from..from + len].to_vec();
                v.splice(at..at, chunk);
            }
            _ => v.truncate(at),
        }
    }
    v
}

fn seeds(dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
                out.push(std::fs::read(p).unwrap());
            }
        }
    }
    out.sort();
    out.truncate(12);
    out
}

fn iters() -> usize {
    std::env::var("ZF_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

fn run(target: fn(&[u8]), seeds: &[Vec<u8>], salt: u64) {
    assert!(!seeds.is_empty());
    let mut r = Rng(0x5eed ^ salt);
    for s in seeds {
        target(s);
    }
    for _ in 0..iters() {
        let s = &seeds[r.below(seeds.len())];
        let m = mutate(s, &mut r);
        target(&m);
    }
}

// Front matter and every Markdown reader survive mutated content files.
#[test]
fn front_matter_never_panics() {
    run(zhengfeng::fuzz::front_matter, &seeds("content", "md"), 1);
}

// The YAML readers survive mutated units, rubric and scorecards.
#[test]
fn yaml_files_never_panic() {
    run(zhengfeng::fuzz::yaml_files, &seeds("content", "yaml"), 2);
}

// Markdown rendering survives mutated bodies, and sanitised output keeps no script.
#[test]
fn markdown_never_panics() {
    run(zhengfeng::fuzz::markdown, &seeds("content", "md"), 3);
}

// Scoring keeps its invariants for any numbers the bytes describe.
#[test]
fn scoring_keeps_its_invariants() {
    let mut r = Rng(4);
    for _ in 0..iters() {
        let bytes: Vec<u8> = (0..r.below(200)).map(|_| r.next() as u8).collect();
        zhengfeng::fuzz::scoring(&bytes);
    }
}

// Pathological inputs are refused fast: an alias bomb, deep nesting, a huge flat file.
#[test]
fn pathological_yaml_is_refused_quickly() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let wide = "- { id: a, name: b, type: c }\n".repeat(200_000);
    for text in [bomb.to_string(), deep, wide] {
        let t = std::time::Instant::now();
        zhengfeng::fuzz::yaml_files(text.as_bytes());
        // Reported, not asserted: no test fails on wall-clock time.
        eprintln!("{} bytes handled in {:?}", text.len(), t.elapsed());
    }
}
