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

// The workbook reader survives mutated workbooks (the demo's own, as LibreOffice saved it).
#[test]
fn workbooks_never_panic() {
    run(zhengfeng::fuzz::workbook, &seeds("content", "xlsx"), 5);
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

// Pathological YAML, written as the site's `content/units.yaml` and checked by the real tool:
// each is refused with exit code 1, one exact headline and nothing written (except a large file
// just under the limits, which is accepted). The fuzz entry point
// (which returns nothing) is run on the same text first, so a panic there fails the test too.
// Timings are printed, never asserted: no test fails on wall-clock time.

fn check_units_yaml(label: &str, text: &str) -> common::Run {
    let t = std::time::Instant::now();
    zhengfeng::fuzz::yaml_files(text.as_bytes());
    eprintln!("{label}: fuzz entry point, {} bytes in {:?}", text.len(), t.elapsed());
    let site = common::copy_fixture("errors/encoding_base");
    site.write("content/units.yaml", text);
    let before = common::snapshot(site.root.path());
    let t = std::time::Instant::now();
    let r = common::check(site.path(), &[]);
    eprintln!("{label}: check, {} bytes in {:?}", text.len(), t.elapsed());
    r.assert_no_panic();
    assert!(before == common::snapshot(site.root.path()), "check wrote to the disk");
    r
}

/// Assert exit code 1 and exactly one headline, this one.
fn assert_refused(r: &common::Run, headline: &str) {
    r.assert_code(1).assert_headline(headline);
    assert_eq!(r.headlines(), [headline], "{}", r.stderr);
}

/// `n` valid units, one flow mapping a line, each line 36 bytes: `- { id: u000000, name: b, type: c }`.
fn units(n: usize) -> String {
    (0..n).map(|i| format!("- {{ id: u{i:06}, name: b, type: c }}\n")).collect()
}

// An alias bomb ("billion laughs") is refused at its first anchor, `&a` on line 1, column 4,
// before any alias is expanded.
#[test]
fn pathological_yaml_alias_bomb_is_refused() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    let r = check_units_yaml("alias bomb", bomb);
    assert_refused(&r, "content/units.yaml:1:4: 错误: 不支持 YAML 锚点 (&名称)");
}

// Nesting deeper than 64 levels is refused at the 65th `[` (column 65).
#[test]
fn pathological_yaml_nesting_past_64_levels_is_refused() {
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let r = check_units_yaml("100 levels", &deep);
    assert_refused(&r, "content/units.yaml:1:65: 错误: 嵌套层次过深 (超过 64 层)");
}

// 100,000 levels of nesting get the same refusal, at the same 65th `[`: how deep the text goes
// on past the limit changes nothing.
#[test]
fn pathological_yaml_very_deep_nesting_is_refused() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let r = check_units_yaml("100,000 levels", &deep);
    assert_refused(&r, "content/units.yaml:1:65: 错误: 嵌套层次过深 (超过 64 层)");
}

// A huge flat file: 200,000 valid units are 7,200,000 bytes (6.9 MiB), over the 4 MiB limit on
// any one file, so it is refused before it is parsed, at 1:1.
#[test]
fn pathological_yaml_file_over_4_mib_is_refused() {
    let wide = units(200_000);
    assert_eq!(wide.len(), 7_200_000);
    let r = check_units_yaml("200,000 units", &wide);
    assert_refused(&r, "content/units.yaml:1:1: 错误: 文件过大 (6.9 MiB), 上限为 4 MiB");
}

// Under 4 MiB, a flat file may hold at most 500,000 values. Each unit is 7 (its mapping, three keys
// and three values): 71,429 units are 2,571,444 bytes and 500,003 values, and the 500,001st is the
// key `type` of the last unit, on line 71429, column 27.
#[test]
fn pathological_yaml_more_than_500000_values_is_refused() {
    let wide = units(71_429);
    assert_eq!(wide.len(), 2_571_444);
    let r = check_units_yaml("71,429 units", &wide);
    assert_refused(&r, "content/units.yaml:71429:27: 错误: YAML 内容过多 (超过 500000 个值)");
}

// One unit fewer (499,996 values and the list itself) is a valid, if large, file: accepted.
#[test]
fn pathological_yaml_500000_values_or_fewer_is_accepted() {
    let wide = units(71_428);
    let r = check_units_yaml("71,428 units", &wide);
    r.assert_code(0);
    assert!(r.headlines().is_empty(), "{}", r.stderr);
}
