//! Helpers shared by the integration tests: run the `zhengfeng` binary, copy fixture sites to
//! fresh temporary folders, snapshot folder trees, and read diagnostics off stderr.
//!
//! Every test works on its own copy of a fixture under `std::env::temp_dir()`, so tests can run
//! in parallel and a buggy `check` that writes files cannot dirty `tests/fixtures/`.

#![allow(dead_code)]

pub mod cdp;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_zhengfeng")
}

/// The demo site at the repository root.
pub fn demo_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder, e.g. `fixture("errors/valid")`.
pub fn fixture(rel: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel);
    assert!(p.is_dir(), "fixture {} is missing", p.display());
    p
}

/// A fresh, empty folder that is removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let safe: String = label.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let dir = std::env::temp_dir().join(format!("zhengfeng-test-{safe}-{}-{n}-{nanos}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of a fixture site in a temp folder: `root` is the temp folder, `site` the copy inside
/// it (so that anything written beside the site is also visible in a snapshot of `root`).
pub struct Site {
    pub root: TempDir,
    pub site: PathBuf,
}

impl Site {
    /// An empty site folder in a fresh temp folder; the test writes its files.
    pub fn empty(label: &str) -> Site {
        let root = TempDir::new(label);
        let site = root.join("site");
        std::fs::create_dir_all(&site).expect("create site folder");
        Site { root, site }
    }

    pub fn path(&self) -> &Path {
        &self.site
    }

    /// A path inside the site.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    /// Write (or replace) a file of the site, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.file(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// An output folder beside the site (not yet created).
    pub fn out(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

/// Copy a fixture site (`errors/valid`) into a fresh temp folder.
pub fn copy_fixture(rel: &str) -> Site {
    copy_site(&fixture(rel), rel)
}

/// A copy of the demo site (its `zhengfeng.toml`, `content/`, `static/`, `themes/` and `templates/`, not
/// its `output/` or the Rust sources). Builds of the demo work on a copy because a build holds
/// a lock on its site: two tests (or an engineer) building the repository root at the same time
/// would make one of them fail with exit code 2.
pub fn copy_demo(label: &str) -> Site {
    let root = TempDir::new(label);
    let site = root.join("site");
    std::fs::create_dir_all(&site).unwrap();
    let demo = demo_site();
    std::fs::copy(demo.join("zhengfeng.toml"), site.join("zhengfeng.toml")).unwrap();
    for dir in ["content", "static", "themes", "templates"] {
        if demo.join(dir).is_dir() {
            copy_tree(&demo.join(dir), &site.join(dir));
        }
    }
    Site { root, site }
}

/// Copy any site folder into a fresh temp folder.
pub fn copy_site(from: &Path, label: &str) -> Site {
    let root = TempDir::new(label);
    let site = root.join("site");
    copy_tree(from, &site);
    Site { root, site }
}

/// Copy a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let ty = entry.file_type().unwrap();
        let target = to.join(entry.file_name());
        if ty.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if ty.is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file and folder under `dir`, relative, with the bytes of files (None for folders).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            let ty = entry.file_type().unwrap();
            if ty.is_dir() {
                out.insert(format!("{rel}/"), None);
                walk(base, &path, out);
            } else {
                out.insert(rel, Some(std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Describe how two snapshots differ (for assertion messages).
pub fn diff(a: &BTreeMap<String, Option<Vec<u8>>>, b: &BTreeMap<String, Option<Vec<u8>>>) -> String {
    let mut out = String::new();
    for (k, v) in a {
        match b.get(k) {
            None => out.push_str(&format!("removed: {k}\n")),
            Some(w) if w != v => out.push_str(&format!("changed: {k}\n")),
            _ => {}
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            out.push_str(&format!("added: {k}\n"));
        }
    }
    out
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// None when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Every headline (`path:line:col: 错误: ...` / `警告: ...`) on stderr.
    pub fn headlines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": 错误: ") || l.contains(": 警告: ")).collect()
    }

    /// Assert the exit code, showing the output when it is wrong.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "unexpected exit code\n--- stdout:\n{}\n--- stderr:\n{}", self.stdout, self.stderr);
        self.assert_no_panic();
        self
    }

    pub fn assert_no_panic(&self) -> &Run {
        assert!(!self.stderr.contains("panicked"), "the tool panicked:\n{}", self.stderr);
        self
    }

    /// Assert that stderr holds this exact headline line.
    pub fn assert_headline(&self, headline: &str) -> &Run {
        assert!(
            self.stderr.lines().any(|l| l == headline),
            "expected the headline\n    {headline}\nbut stderr was:\n{}",
            self.stderr
        );
        self
    }

    /// Assert that stderr contains a piece of text (a hint, a file name).
    pub fn assert_stderr_contains(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "expected stderr to contain {text:?}, but it was:\n{}", self.stderr);
        self
    }
}

/// Run the binary with these arguments.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(bin()).args(args).stdin(Stdio::null()).output().expect("run zhengfeng");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `zhengfeng check --site <site> [extra...]`.
pub fn check(site: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("check"), OsStr::new("--site"), site.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    run(args)
}

/// `zhengfeng build --site <site> --output <out> [extra...]`.
pub fn build(site: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> =
        vec![OsStr::new("build"), OsStr::new("--site"), site.as_os_str(), OsStr::new("--output"), out.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    run(args)
}

/// Run `check` on a copy of a fixture, assert exit code 1 and that nothing was written, and
/// return the run for headline assertions.
pub fn check_fails(fixture_rel: &str, extra: &[&str]) -> Run {
    let site = copy_fixture(fixture_rel);
    let before = snapshot(site.root.path());
    let r = check(site.path(), extra);
    r.assert_code(1);
    let after = snapshot(site.root.path());
    assert!(before == after, "check wrote to the disk:\n{}", diff(&before, &after));
    r
}

/// Run the binary with stdout and stderr sent to files, killing it after `timeout`. For the
/// robustness test, where a hang is a failure just as a panic is.
pub fn run_with_timeout(args: &[&OsStr], scratch: &Path, timeout: Duration) -> Run {
    let out_path = scratch.join("stdout.txt");
    let err_path = scratch.join("stderr.txt");
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run zhengfeng");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    let mut stderr = read(&err_path);
    let code = match status {
        Some(s) => s.code(),
        None => {
            stderr.push_str(&format!("\n[test harness: killed after {timeout:?}]"));
            None
        }
    };
    Run { code, stdout: read(&out_path), stderr }
}

/// Every file under `dir`: relative path (with `/`) -> bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir).into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Link checking, shared by the build and attachment tests

/// Decode the HTML character references that can appear in an attribute value.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decode `%XX` escapes (a path may be percent-encoded).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Remove `<script>...</script>` bodies: code may hold strings that look like attributes.
fn without_scripts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find("<script") else {
            out.push_str(rest);
            return out;
        };
        let Some(open_end) = lower[start..].find('>').map(|e| start + e + 1) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..open_end]);
        match lower[open_end..].find("</script") {
            Some(close) => rest = &rest[open_end + close..],
            None => return out,
        }
    }
}

/// Every (tag name, attribute, value) for `href` and `src` attributes, values unescaped.
fn link_attributes(html: &str) -> Vec<(String, String, String)> {
    let html = without_scripts(html);
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(lt) = html[pos..].find('<') {
        let start = pos + lt;
        let Some(gt) = html[start..].find('>') else { break };
        let tag = &html[start + 1..start + gt];
        pos = start + gt + 1;
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        for attr in ["href", "src"] {
            for quote in ['"', '\''] {
                let needle = format!(" {attr}={quote}");
                let mut from = 0;
                while let Some(i) = tag[from..].find(&needle) {
                    let vstart = from + i + needle.len();
                    let Some(vlen) = tag[vstart..].find(quote) else { break };
                    out.push((name.clone(), attr.to_string(), unescape(&tag[vstart..vstart + vlen])));
                    from = vstart + vlen;
                }
            }
        }
    }
    out
}

/// Problems with the links of every `.html` file (and feed.xml) under `out`: internal links that
/// do not resolve to a file, absolute paths, and anything loaded from outside the site.
pub fn link_problems(out: &Path) -> Vec<String> {
    let all = files(out);
    let mut problems = Vec::new();
    for (rel, bytes) in &all {
        if !(rel.ends_with(".html") || rel.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let folder = Path::new(rel).parent().unwrap_or(Path::new(""));
        for (tag, attr, value) in link_attributes(&text) {
            let v = value.trim();
            let lower = v.to_ascii_lowercase();
            let external = lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//");
            if external {
                if attr == "src" || tag == "link" || tag == "script" {
                    problems.push(format!("{rel}: <{tag} {attr}=\"{v}\"> loads from outside the site"));
                }
                continue;
            }
            if v.is_empty() || v.starts_with('#') || lower.starts_with("mailto:") || lower.starts_with("tel:")
                || lower.starts_with("javascript:") || lower.starts_with("data:")
            {
                continue;
            }
            if v.starts_with('/') {
                problems.push(format!("{rel}: {attr}=\"{v}\" is an absolute path (breaks under a sub-path and file://)"));
                continue;
            }
            let path = v.split(['#', '?']).next().unwrap_or("");
            if path.is_empty() {
                continue;
            }
            let path = percent_decode(path);
            let mut parts: Vec<String> = folder.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            let mut escaped = false;
            for seg in path.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        if parts.pop().is_none() {
                            escaped = true;
                        }
                    }
                    s => parts.push(s.to_string()),
                }
            }
            let mut target = parts.join("/");
            if path.ends_with('/') {
                target = if target.is_empty() { "index.html".into() } else { format!("{target}/index.html") };
            }
            if escaped {
                problems.push(format!("{rel}: {attr}=\"{v}\" leaves the output folder"));
            } else if !all.contains_key(&target) {
                let why = if out.join(&target).is_dir() { " (a folder: file:// shows no index.html)" } else { "" };
                problems.push(format!("{rel}: {attr}=\"{v}\" -> {target} does not exist{why}"));
            }
        }
    }
    problems
}
