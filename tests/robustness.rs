//! No input makes the tool panic (SPEC §4). The demo site's own content files are cut at many
//! byte offsets (between characters and in the middle of a UTF-8 sequence), mutated, and
//! replaced by garbage, then put into a copy of `tests/fixtures/robustness/base` (a small site
//! whose ids match what those demo files refer to, so that a cut inside a Markdown body still
//! gets through validation to rendering). Each variant is checked with `check`: the exit code
//! must be 0 or 1 — never 101 (panic), a signal, or a hang — and stderr never says "panicked".

mod common;

use common::*;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// Demo files to cut, each put at the same path in the base site.
const TARGETS: &[&str] = &[
    "content/cases/fx-court-banquet.md",
    "content/mechanisms/assessment.md",
    "content/trainings/2024-h2-warning-education.md",
    "content/pages/about.md",
    "content/_index.md",
    "content/units.yaml",
    "content/scorecards/rubric.yaml",
    "content/scorecards/2025-H2/fx-court.yaml",
    "zhengfeng.toml",
];

/// Slots that receive garbage.
const GARBAGE_SLOTS: &[&str] = &[
    "content/cases/fx-court-banquet.md",
    "content/units.yaml",
    "content/scorecards/2025-H2/fx-court.yaml",
    "content/scorecards/rubric.yaml",
    "zhengfeng.toml",
];

/// Where to cut a file: densely through the front matter (or the first 700 bytes of a YAML or
/// TOML file), twice in a Markdown body on a character boundary (those cuts reach rendering,
/// which is slow in a debug build), and one byte into multi-byte characters spread over the file.
fn cut_points(bytes: &[u8], markdown: bool) -> Vec<usize> {
    let len = bytes.len();
    let head = if markdown {
        // The end of the closing `---` line, plus a little of the body.
        let text = String::from_utf8_lossy(bytes);
        text.match_indices("\n---").next().map(|(i, _)| i + 5 + 24).unwrap_or(len).min(len)
    } else {
        len.min(700)
    };
    let mut cuts: Vec<usize> = (0..head).step_by(if markdown { 17 } else { 29 }).collect();
    for i in 1..=2 {
        let mut at = head + (len - head) * i / 3;
        while at < len && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
        cuts.push(at);
    }
    let continuation: Vec<usize> = (1..len).filter(|&i| (bytes[i] & 0xC0) == 0x80 && (bytes[i - 1] & 0xC0) != 0x80).collect();
    let stride = (continuation.len() / 10).max(1);
    cuts.extend(continuation.iter().step_by(stride).copied());
    cuts.push(len.saturating_sub(1));
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Garbage and pathological inputs, the same for every slot.
fn garbage(rng: &mut Rng, original: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), Vec::new()),
        ("bom only".into(), b"\xef\xbb\xbf".to_vec()),
        ("dashes only".into(), b"---".to_vec()),
        ("empty front matter".into(), b"---\n---\n".to_vec()),
        ("lone CRs".into(), b"---\rtitle: x\r---\rbody".to_vec()),
        ("NUL bytes".into(), b"---\ntitle: \0\0\0\n---\n\0".to_vec()),
        ("deep flow nesting".into(), [b"---\ntitle: ".to_vec(), vec![b'['; 20_000], b"\n---\n".to_vec()].concat()),
        ("deep block nesting".into(), {
            let mut s = b"---\n".to_vec();
            for i in 0..300 {
                s.extend(std::iter::repeat_n(b' ', i));
                s.extend_from_slice(b"a:\n");
            }
            s.extend_from_slice(b"---\n");
            s
        }),
        ("deep list nesting".into(), [[b'-', b' '].repeat(5_000), b"x\n".to_vec()].concat()),
        ("long line".into(), [b"title: ".to_vec(), vec![b'x'; 300_000]].concat()),
        ("many keys".into(), (0..3_000).flat_map(|i| format!("k{i}: {i}\n").into_bytes()).collect()),
        ("alias bomb".into(), b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n".to_vec()),
        ("tabs".into(), b"---\ntitle:\tx\n\tdate: 2025-01-01\n---\n".to_vec()),
        ("huge numbers".into(), b"---\ntitle: x\ndate: 99999-99-99\nform: 99999999999999999999999\nviolations: [a]\ndisposition: x\n---\n".to_vec()),
        ("huge scores".into(), b"unit: fx-court\nperiod: 2025-H2\nscores: { leadership: 99999999999999.9, promotion: -0.0, education: 1e9, supervision: .5, accountability: +3, assessment: 0x10, prevention: NaN, satisfaction-work: inf }\n".to_vec()),
        ("odd period".into(), b"unit: fx-court\nperiod: 0000-H1\nscores: {}\n".to_vec()),
        ("toml-ish".into(), b"[build]\noutput_dir = \"../../etc\"\n[redact]\nnames_file = \"no/such/file.txt\"\n".to_vec()),
        ("path escape ids".into(), b"---\nid: ../../etc\ntitle: x\n---\n".to_vec()),
        ("invalid UTF-8 in body".into(), [b"---\ntitle: x\n---\n".to_vec(), vec![0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF8, 0x88]].concat()),
        ("random 512".into(), rng.bytes(512)),
        ("random printable".into(), {
            let alphabet = b" :-[]{}&*!|>'\"%@`#,?\nabc0123^";
            (0..800).map(|_| alphabet[rng.below(alphabet.len())]).collect()
        }),
    ];
    // Front matter markers around random bytes.
    let mut fm = b"---\n".to_vec();
    fm.extend(rng.bytes(200));
    fm.extend_from_slice(b"\n---\n");
    out.push(("random inside front matter".into(), fm));
    // The original with a few bytes changed.
    for n in 0..4 {
        let mut m = original.to_vec();
        if !m.is_empty() {
            for _ in 0..(1 + n % 4) {
                let i = rng.below(m.len());
                m[i] = rng.next() as u8;
            }
        }
        out.push((format!("mutation {n}"), m));
    }
    // The original with a random slice removed (lines joined, structure broken).
    for n in 0..3 {
        let mut m = original.to_vec();
        if m.len() > 2 {
            let a = rng.below(m.len());
            let b = (a + 1 + rng.below(40)).min(m.len());
            m.drain(a..b);
        }
        out.push((format!("cut-out {n}"), m));
    }
    out
}

struct Job {
    slot: &'static str,
    label: String,
    bytes: Vec<u8>,
}

#[test]
fn base_fixture_is_valid_with_the_demo_files() {
    // The fuzzing base site checks clean, alone and with all the full demo files in place — so
    // the cuts below exercise every stage, rendering included. (If the demo content changes its
    // references, update tests/fixtures/robustness/base to match.)
    let site = copy_fixture("robustness/base");
    check(site.path(), &[]).assert_code(0);
    for t in TARGETS {
        site.write(t, std::fs::read(demo_site().join(t)).unwrap());
    }
    let r = check(site.path(), &[]);
    assert_eq!(r.code, Some(0), "base + demo files do not check clean:\n{}", r.stderr);
}

#[test]
fn truncated_and_garbage_input_never_panics() {
    // Cut demo files at many offsets and feed garbage: exit code 0 or 1, never a panic.
    let mut jobs = Vec::new();
    let mut rng = Rng(0x5eed_2025_0d0c_a5e5);
    for t in TARGETS {
        let bytes = std::fs::read(demo_site().join(t)).unwrap_or_else(|e| panic!("demo file {t}: {e}"));
        for cut in cut_points(&bytes, t.ends_with(".md")) {
            jobs.push(Job { slot: t, label: format!("{t} cut at byte {cut} of {}", bytes.len()), bytes: bytes[..cut].to_vec() });
        }
    }
    for slot in GARBAGE_SLOTS {
        let original = std::fs::read(demo_site().join(slot)).unwrap();
        for (name, bytes) in garbage(&mut rng, &original) {
            jobs.push(Job { slot, label: format!("{slot}: {name}"), bytes });
        }
    }
    let total = jobs.len();
    assert!(total > 400, "only {total} variants");

    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::<String>::new());
    let clean = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 4);
    std::thread::scope(|s| {
        for w in 0..workers {
            let (queue, failures, clean) = (&queue, &failures, &clean);
            s.spawn(move || {
                let site = copy_fixture("robustness/base");
                let scratch = site.root.join("scratch");
                std::fs::create_dir_all(&scratch).unwrap();
                loop {
                    let Some(job) = queue.lock().unwrap().pop() else { break };
                    let path = site.file(job.slot);
                    let original = std::fs::read(&path).unwrap();
                    std::fs::write(&path, &job.bytes).unwrap();
                    let args: [&OsStr; 3] = [OsStr::new("check"), OsStr::new("--site"), site.path().as_os_str()];
                    let r = run_with_timeout(&args, &scratch, Duration::from_secs(20));
                    std::fs::write(&path, original).unwrap();
                    if r.code == Some(0) {
                        clean.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    if !matches!(r.code, Some(0) | Some(1)) || r.stderr.contains("panicked") {
                        let saved = save_failure(w, &job);
                        let tail: String = r.stderr.chars().take(1500).collect();
                        failures.lock().unwrap().push(format!(
                            "{} -> exit {:?} (input saved at {})\n{tail}",
                            job.label,
                            r.code,
                            saved.display()
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!("{total} variants checked, {} of them clean (these went through rendering)", clean.into_inner());
    assert!(failures.is_empty(), "{} of {total} inputs failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Keep a failing input for reproduction (outside the per-test temp folder, which is removed).
fn save_failure(worker: usize, job: &Job) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("zhengfeng-robustness-failures");
    let _ = std::fs::create_dir_all(&dir);
    let name: String = job.label.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let path = dir.join(format!("{worker}-{name}"));
    let _ = std::fs::write(&path, &job.bytes);
    let _ = Path::new(job.slot);
    path
}
