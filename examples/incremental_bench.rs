//! Edit-to-page latency of `serve`'s incremental rebuild on a large site: copies the site, builds
//! it once in full, then edits one case at a time (body, or title and date) and reports how long
//! the rebuild takes until the pages are ready (when `serve` reloads the browser) and until the
//! whole output, search index and exports included, is done. Reports only; never fails on time.
//!
//! ```text
//! cargo run --release --example gen_bench -- 10000 /dev/shm/zfb10k
//! cargo run --release --example incremental_bench -- /dev/shm/zfb10k/zf [edits]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;
use zhengfeng::build::{self, Options};
use zhengfeng::diag::Diagnostics;
use zhengfeng::incremental::State;

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk site");
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("output") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let source = PathBuf::from(args.next().expect("usage: incremental_bench <site> [edits]"));
    let edits: usize = args.next().map(|a| a.parse().expect("edits")).unwrap_or(7);
    let site = source.with_file_name(format!("{}-incremental-bench", source.file_name().unwrap().to_string_lossy()));
    let _ = std::fs::remove_dir_all(&site);
    copy_tree(&source, &site);
    let opts = Options::default();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;

    let t = Instant::now();
    build::run(&site, &opts, &mut Diagnostics::new()).unwrap().expect("the site builds");
    let full = ms(t);

    let mut state = State::new(&site, &opts);
    let t = Instant::now();
    state.rebuild(&[], &mut Diagnostics::new()).unwrap().expect("the site builds");
    let first = ms(t);

    // Case files (a bundle's folder is left alone).
    let mut cases: Vec<PathBuf> = std::fs::read_dir(site.join("content/cases")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    cases.sort();
    let (mut to_own, mut to_pages, mut to_done) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..edits {
        let file = &cases[(i * 7919) % cases.len()];
        let text = std::fs::read_to_string(file).unwrap();
        // Odd edits change the body only; even ones the title and the date too (which moves the
        // case in every listing and in the search index).
        let edited = if i % 2 == 1 {
            text.replacen("## 基本案情\n", &format!("## 基本案情\n\n第{i}次修改的正文。\n"), 1)
        } else {
            let t = text.replacen("title: ", &format!("title: 第{i}次修改"), 1);
            let date = t.lines().find(|l| l.starts_with("date: ")).unwrap().to_string();
            t.replacen(&date, "date: 2099-01-01", 1)
        };
        assert_ne!(edited, text);
        std::fs::write(file, edited).unwrap();
        let t = Instant::now();
        let mut own = None;
        let mut first = |pages: &[zhengfeng::output::Page]| {
            assert!(!pages.is_empty());
            own = Some(ms(t));
        };
        let mut ready = None;
        let mut early = |pages: &[zhengfeng::output::Page]| {
            assert!(!pages.is_empty());
            ready = Some(ms(t));
        };
        state
            .rebuild_staged(std::slice::from_ref(file), &mut Diagnostics::new(), Some(&mut first), Some(&mut early))
            .unwrap()
            .expect("the site builds");
        let done = ms(t);
        let s = state.stats();
        eprintln!(
            "edit {i} ({}): edited page ready {:.0} ms, all pages {:.0} ms, done {done:.0} ms; {} pages rendered, {} reused, {} rows, {} bodies",
            if i % 2 == 1 { "body" } else { "title+date" },
            own.unwrap_or(f64::NAN),
            ready.unwrap_or(f64::NAN),
            s.pages_rendered,
            s.pages_reused,
            s.rows_rendered,
            s.bodies_rendered
        );
        to_own.push(own.unwrap_or(f64::NAN));
        to_pages.push(ready.unwrap_or(f64::NAN));
        to_done.push(done);
    }
    let _ = std::fs::remove_dir_all(&site);
    eprintln!(
        "full build::run {full:.0} ms; first incremental (cold) {first:.0} ms; over {edits} edits, median edited page ready {:.0} ms, all pages {:.0} ms, done {:.0} ms",
        median(&mut to_own),
        median(&mut to_pages),
        median(&mut to_done)
    );
}
