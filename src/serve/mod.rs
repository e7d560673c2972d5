//! `serve`: build the site, serve the output folder over HTTP on a loopback address, watch the
//! sources, rebuild on change and reload the open pages.
//!
//! Three kinds of thread share one `Shared` status:
//! - the caller's thread waits for file-system events, debounces them, reruns the pipeline
//!   incrementally (`incremental::State`: only what the edit touches is read, parsed and
//!   rendered again), serves the new pages from memory as soon as they are ready — before the
//!   search index and exports, which follow a moment later — and hands the finished site to
//! - a writer thread, which writes it to the output folder as `build` does (under the site's
//!   lock, atomically), so that writing never delays a reload; when several builds finish during
//!   one write, only the latest is written next;
//! - tiny_http's threads accept connections, and each request is answered on a thread of its own
//!   (a page reads a file and returns; the event stream stays open);
//! - notify's thread turns file-system events into messages for the first.
//!
//! Open pages learn about builds through server-sent events on `/__zhengfeng/events`: a script
//! injected into every HTML response (only here, never into `build` output) reloads the page after
//! a good build and shows the diagnostics of a failed one in an overlay, which clears once the
//! content is fixed. `/__zhengfeng/status` gives the same status as one JSON object.
//!
//! Only files under the output folder are served: the URL path is decoded, `..` is refused, and
//! the canonical path of the file must lie under the canonical output folder (no symlink escape).
//! Depends on `build`, `incremental`, `config`, `diag`, `error`.

use crate::build::{self, Options};
use crate::diag::Diagnostics;
use crate::error::{Error, Result};
use crate::incremental::State;
use crate::render::{Bytes, Output};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashSet};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, StatusCode};

mod reload;
use reload::{inject, EVENTS_PATH};

/// What `serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port; the real one is printed.
    pub port: u16,
    pub build: Options,
}

/// Quiet time after the last file-system event before a rebuild: editors save in bursts
/// (write a temporary file, rename it, touch metadata) that land within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The event stream sends a comment this often so that a dead connection is noticed and closed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The paths the server answers itself; no output path can start so (ids have no `_`).
const STATUS_PATH: &str = "/__zhengfeng/status";

/// The site's sources that trigger a rebuild: top-level names under the site folder.
const WATCHED_DIRS: &[&str] = &["content", "templates", "themes"];
const WATCHED_FILE: &str = crate::config::CONFIG_FILE;

/// The outcome of the latest build, shared with the request threads.
#[derive(Clone, Debug)]
struct Status {
    /// Goes up by one after every build, good or bad: a page built at an older generation is stale.
    generation: u64,
    /// The rendered diagnostics of the latest build when it failed.
    errors: Option<String>,
    /// The latest good build, served from memory; `None` until one succeeds (then the output
    /// folder on disk is all there is).
    site: Option<Arc<Output>>,
    /// The pages of a build whose search index and exports are still being made: served before
    /// `site`, and folded into it when the build finishes.
    pages: Option<Arc<Output>>,
    output_dir: PathBuf,
    stopping: bool,
}

struct Shared {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Status {
    /// A file of the latest build, by output path.
    fn file(&self, key: &str) -> Option<&Bytes> {
        let newest = self.pages.as_ref().and_then(|p| p.files.get(key));
        newest.or_else(|| self.site.as_ref().and_then(|s| s.files.get(key)))
    }
}

impl Shared {
    fn get(&self) -> Status {
        self.status.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn update(&self, f: impl FnOnce(&mut Status)) {
        let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut s);
        drop(s);
        self.changed.notify_all();
    }
}

/// Messages to the build loop.
enum Msg {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// Build, serve and watch until Ctrl-C. Content errors never end the server (the last good
/// site stays up, with the errors shown); environment failures before it starts do.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let root = opts.site.canonicalize().map_err(|_| Error::NotASite { path: opts.site.clone() })?;
    if !root.join(WATCHED_FILE).is_file() {
        return Err(Error::NotASite { path: opts.site.clone() });
    }
    let output_dir = configured_output(&root, &opts.build)?;

    let server = tiny_http::Server::http((opts.bind, opts.port))
        .map_err(|e| Error::Other(format!("无法在 {} 端口 {} 上监听: {e}", opts.bind, opts.port)))?;
    let addr = server.server_addr().to_ip().unwrap_or_else(|| SocketAddr::new(opts.bind, opts.port));
    let server = Arc::new(server);

    let (tx, rx) = mpsc::channel::<Msg>();
    let mut watch = Watch::new(&root, tx.clone())?;
    {
        let tx = tx.clone();
        if let Err(e) = ctrlc::set_handler(move || {
            let _ = tx.send(Msg::Stop);
        }) {
            eprintln!("警告: 无法接管 Ctrl+C ({e}); 请直接结束进程");
        }
    }

    let shared = Arc::new(Shared {
        status: Mutex::new(Status { generation: 0, errors: None, site: None, pages: None, output_dir, stopping: false }),
        changed: Condvar::new(),
    });
    let mut state = State::new(&root, &opts.build);
    // The first build is written before serving starts, as `build` would.
    if let Some((output, dir)) = rebuild(&root, &mut state, &shared, None) {
        write(&root, &output, &dir);
    }
    let writer = Writer::start(root.clone())?;

    let http = {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::Builder::new()
            .name("zhengfeng-http".into())
            .spawn(move || {
                for request in server.incoming_requests() {
                    let shared = shared.clone();
                    let _ = std::thread::Builder::new().name("zhengfeng-request".into()).spawn(move || handle(request, &shared));
                }
            })
            .map_err(|e| Error::Other(format!("无法启动服务线程: {e}")))?
    };
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    println!("正在服务 http://{host}:{}/ (按 Ctrl+C 停止)", addr.port());
    if !addr.ip().is_loopback() {
        eprintln!("警告: 监听地址 {} 不是本机回环地址, 同一网络中的其他计算机也能访问本站", addr.ip());
    }

    let mut stop = false;
    while !stop {
        let Ok(msg) = rx.recv() else { break };
        let mut changed = BTreeSet::new();
        let handle_msg = |msg: Msg, changed: &mut BTreeSet<PathBuf>| match msg {
            Msg::Stop => true,
            Msg::WatchError(e) => {
                eprintln!("警告: 监视文件时出错: {e}");
                false
            }
            Msg::Changed(paths) => {
                let output = shared.get().output_dir;
                changed.extend(paths.into_iter().filter(|p| watch.relevant(p, &output)));
                false
            }
        };
        stop = handle_msg(msg, &mut changed);
        // Debounce: gather everything until the sources have been quiet for a moment.
        while !stop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(msg) => stop = handle_msg(msg, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    stop = true;
                }
            }
        }
        if stop || changed.is_empty() {
            continue;
        }
        watch.refresh();
        if let Some(done) = rebuild(&root, &mut state, &shared, Some(&changed)) {
            writer.send(done);
        }
    }

    // Shut down: wake the event streams so they end, stop accepting, stop watching.
    shared.update(|s| s.stopping = true);
    server.unblock();
    drop(watch);
    let _ = http.join();
    // Finish the pending write: the output folder ends as the last good build.
    writer.finish();
    println!("已停止服务");
    Ok(())
}

/// The output folder named by the options or the configuration, before any build succeeds
/// (the configuration may have errors: then the default).
fn configured_output(root: &Path, opts: &Options) -> Result<PathBuf> {
    if let Some(out) = &opts.output {
        return Ok(if out.is_absolute() {
            out.clone()
        } else {
            std::env::current_dir().map_err(|e| Error::Other(format!("无法确定当前目录: {e}")))?.join(out)
        });
    }
    let path = root.join(WATCHED_FILE);
    let text = std::fs::read_to_string(&path).map_err(crate::error::read_err(&path))?;
    let file = crate::source::SourceFile::from_str(WATCHED_FILE, &crate::source::normalise(&text));
    Ok(crate::config::parse(&file, root, &mut Diagnostics::new()).output_dir)
}

/// Run the pipeline and publish the outcome; report it on the terminal. A good build's pages are
/// served from memory as soon as they are rendered (open pages reload then), the rest of it
/// when it is done. Returns the good build and its output folder, for writing.
fn rebuild(root: &Path, state: &mut State, shared: &Shared, trigger: Option<&BTreeSet<PathBuf>>) -> Option<(Arc<Output>, PathBuf)> {
    let started = Instant::now();
    let mut changed = Vec::new();
    if let Some(trigger) = trigger {
        // Name what is there now; a path that is gone was a deletion or an editor's temporary file.
        let present: Vec<&PathBuf> = trigger.iter().filter(|p| p.exists()).collect();
        let shown: Vec<&PathBuf> = if present.is_empty() { trigger.iter().collect() } else { present };
        let names: Vec<String> = shown.iter().take(3).map(|p| crate::load::display(root, p)).collect();
        let more = if shown.len() > 3 { format!(" 等 {} 个文件", shown.len()) } else { String::new() };
        println!("检测到修改: {}{more}, 重新构建…", names.join(", "));
        changed.extend(trigger.iter().cloned());
    }
    let mut diags = Diagnostics::new();
    let was_failing = shared.get().errors.is_some();
    // The pages first: open pages reload on them, while the search index and exports are made.
    let mut early_ms = None;
    let mut early = |pages: &[crate::render::Page]| {
        let pages = Arc::new(Output { files: pages.iter().cloned().collect(), sunk: Vec::new() });
        shared.update(|s| {
            s.generation += 1;
            s.errors = None;
            s.pages = Some(pages);
        });
        early_ms = Some(started.elapsed().as_millis());
    };
    // Before those, the page of an edited case or mechanism itself: shown over the previous
    // site (a page open on it reloads now; the others reload again when all pages are ready).
    let mut first_ms = None;
    let mut first = |pages: &[crate::render::Page]| {
        let current = shared.get();
        let mut files: std::collections::BTreeMap<String, Bytes> =
            current.pages.as_ref().map(|p| p.files.clone()).unwrap_or_default();
        files.extend(pages.iter().cloned());
        let overlay = Arc::new(Output { files, sunk: Vec::new() });
        shared.update(|s| {
            s.generation += 1;
            s.errors = None;
            s.pages = Some(overlay);
        });
        first_ms = Some(started.elapsed().as_millis());
    };
    let result = state.rebuild_staged(&changed, &mut diags, Some(&mut first), Some(&mut early));
    let rendered = diags.render_all();
    match result {
        Ok(Some(built)) => {
            eprint!("{rendered}");
            let (pages, files) = (built.output.pages(), built.output.files.len());
            let output = Arc::new(built.output);
            let output_dir = built.output_dir;
            let reloaded = early_ms.is_some();
            shared.update(|s| {
                // The pages published early are these same pages: no second reload.
                if !reloaded {
                    s.generation += 1;
                }
                s.errors = None;
                s.site = Some(output.clone());
                s.pages = None;
                s.output_dir = output_dir.clone();
            });
            let warn = if diags.warning_count() > 0 { format!(", {} 个警告", diags.warning_count()) } else { String::new() };
            let fixed = if was_failing { "问题已修复, " } else { "" };
            let ms = started.elapsed().as_millis();
            let stats = state.stats();
            let redone = if trigger.is_some() {
                let own = first_ms.map(|t| format!(", 所改页面 {t} 毫秒时已可刷新")).unwrap_or_default();
                let first = early_ms.map(|t| format!(", 全部页面 {t} 毫秒时已可刷新")).unwrap_or_default();
                let first = format!("{own}{first}");
                format!(" (重新渲染 {} 个页面{first})", stats.pages_rendered)
            } else {
                String::new()
            };
            println!("{fixed}已构建 {pages} 个页面、{files} 个文件到 {}{warn}, 用时 {ms} 毫秒{redone}", output_dir.display());
            Some((output, output_dir))
        }
        Ok(None) => {
            let summary = format!(
                "发现 {} 个错误、{} 个警告; 继续提供上一次成功构建的站点。",
                diags.error_count(),
                diags.warning_count()
            );
            eprint!("{rendered}");
            eprintln!("{summary}");
            shared.update(|s| {
                s.generation += 1;
                s.errors = Some(format!("{rendered}{summary}"));
                s.pages = None;
            });
            None
        }
        Err(e) => {
            let message = format!("错误: {e}");
            eprintln!("{message}");
            shared.update(|s| {
                s.generation += 1;
                s.errors = Some(message);
                s.pages = None;
            });
            None
        }
    }
}

/// The same write as `build`: under the site's lock, to a temporary folder, then swapped in.
fn write(root: &Path, output: &Output, output_dir: &Path) {
    let written = build::lock(root).and_then(|lock| {
        let result = crate::write::write_site(output, output_dir);
        drop(lock);
        result
    });
    if let Err(e) = written {
        eprintln!("警告: 站点已在预览中更新, 但未能写入输出目录: {e}");
    }
}

/// The thread that writes finished builds to the output folder, the latest first.
struct Writer {
    tx: Sender<(Arc<Output>, PathBuf)>,
    thread: std::thread::JoinHandle<()>,
}

impl Writer {
    fn start(root: PathBuf) -> Result<Writer> {
        let (tx, rx) = mpsc::channel::<(Arc<Output>, PathBuf)>();
        let thread = std::thread::Builder::new()
            .name("zhengfeng-write".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    // Builds that finished during the last write are superseded by the newest.
                    while let Ok(newer) = rx.try_recv() {
                        job = newer;
                    }
                    write(&root, &job.0, &job.1);
                }
            })
            .map_err(|e| Error::Other(format!("无法启动写入线程: {e}")))?;
        Ok(Writer { tx, thread })
    }

    fn send(&self, job: (Arc<Output>, PathBuf)) {
        let _ = self.tx.send(job);
    }

    /// Write what is pending, then stop.
    fn finish(self) {
        drop(self.tx);
        let _ = self.thread.join();
    }
}

// ---------------------------------------------------------------------------------------------
// Watching

/// The watcher and the folders it watches. The site folder itself is watched without
/// recursion (for `zhengfeng.toml`, and for source folders that appear later); each source
/// folder recursively. The output folder is never watched.
struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watch {
    fn new(root: &Path, tx: Sender<Msg>) -> Result<Watch> {
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let msg = match res {
                // Reads (the build's own included) are not changes.
                Ok(ev) if matches!(ev.kind, EventKind::Access(_)) => return,
                Ok(ev) => Msg::Changed(ev.paths),
                Err(e) => Msg::WatchError(e.to_string()),
            };
            let _ = tx.send(msg);
        })
        .map_err(|e| Error::Other(format!("无法监视文件变化: {e}")))?;
        let mut w = Watch { watcher, root: root.to_path_buf(), watched: HashSet::new() };
        w.watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Other(format!("无法监视 {}: {e}", root.display())))?;
        w.refresh();
        Ok(w)
    }

    /// Watch the source folders that exist now and were not watched yet (one created after
    /// start, or deleted and made again).
    fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            if self.watched.contains(&dir) {
                continue;
            }
            match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(dir);
                }
                Err(e) => eprintln!("警告: 无法监视 {}: {e}", dir.display()),
            }
        }
    }

    /// Whether a change at `path` can change the site.
    fn relevant(&self, path: &Path, output: &Path) -> bool {
        if path.starts_with(output) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else { return false };
        let parts: Vec<&str> = rel.components().filter_map(|c| c.as_os_str().to_str()).collect();
        let Some(first) = parts.first() else { return false };
        if parts.len() == 1 && *first == WATCHED_FILE {
            return true;
        }
        if !WATCHED_DIRS.contains(first) {
            return false;
        }
        // Editors' swap, backup and temporary files, and hidden folders such as `.git`.
        !parts.iter().any(|p| p.starts_with('.') || p.ends_with('~') || p.ends_with(".swp") || p.ends_with(".swx") || *p == "4913")
    }
}

// ---------------------------------------------------------------------------------------------
// Answering requests

fn header(name: &str, value: &str) -> Header {
    // Both come from this module: names are constants, values ASCII.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header"))
}

fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let r = Response::from_string("只支持 GET 请求").with_status_code(405).with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(r);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        EVENTS_PATH if *request.method() == Method::Get => return events(request, shared),
        STATUS_PATH => {
            let s = shared.get();
            let body = serde_json::json!({ "generation": s.generation, "ok": s.errors.is_none(), "errors": s.errors });
            let r = Response::from_string(body.to_string())
                .with_header(header("Content-Type", "application/json; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(r);
            return;
        }
        _ => {}
    }
    let status = shared.get();
    let response = match resolve(&status, path) {
        Target::Memory(key) => match status.file(&key) {
            Some(bytes) => file_response(Path::new(&key), bytes.to_vec(), &status, StatusCode(200)),
            None => not_found(&status),
        },
        Target::File(file) => match std::fs::read(&file) {
            Ok(bytes) => file_response(&file, bytes, &status, StatusCode(200)),
            Err(_) => not_found(&status),
        },
        Target::Redirect(to) => {
            let query = url.find('?').map(|i| &url[i..]).unwrap_or("");
            Response::from_string(format!("见 {to}{query}"))
                .with_status_code(301)
                .with_header(header("Location", &format!("{to}{query}")))
                .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        }
        Target::NotFound => not_found(&status),
    };
    let _ = request.respond(response);
}

type Body = Response<std::io::Cursor<Vec<u8>>>;

fn file_response(file: &Path, bytes: Vec<u8>, status: &Status, code: StatusCode) -> Body {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let ctype = content_type(&ext);
    let bytes = if ext == "html" || ext == "htm" { inject(bytes, status.generation, status.errors.as_deref(), code.0 == 404) } else { bytes };
    Response::from_data(bytes)
        .with_status_code(code)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// The site's own 404 page when it has one, else a plain one; either way with the live script.
fn not_found(status: &Status) -> Body {
    let page = status.output_dir.join("404.html");
    let built = status.file("404.html").map(|b| b.to_vec());
    let bytes = built.or_else(|| std::fs::read(&page).ok()).unwrap_or_else(|| {
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>页面不存在</title></head>\
         <body><h1>页面不存在</h1><p><a href=\"/\">返回首页</a></p></body></html>"
            .as_bytes()
            .to_vec()
    });
    file_response(&page, bytes, status, StatusCode(404))
}

/// Content type by extension; text types say UTF-8.
pub fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "sha256" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// Where a URL path leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of the latest build, by its output path.
    Memory(String),
    /// A file under the output folder on disk (snapshots under `archive/`, or the previous
    /// site before the first good build).
    File(PathBuf),
    /// A folder asked for without its trailing `/`: relative links need it.
    Redirect(String),
    NotFound,
}

/// Map a URL path to a file of the latest build, else to a file under the output folder.
fn resolve(status: &Status, url_path: &str) -> Target {
    let Some(segments) = decode_path(url_path) else { return Target::NotFound };
    if status.site.is_some() || status.pages.is_some() {
        let key = segments.join("/");
        if status.file(&key).is_some() {
            return Target::Memory(key);
        }
        let index = if key.is_empty() { "index.html".to_string() } else { format!("{key}/index.html") };
        if status.file(&index).is_some() {
            return if url_path.ends_with('/') { Target::Memory(index) } else { Target::Redirect(format!("{url_path}/")) };
        }
    }
    resolve_disk(&status.output_dir, &segments, url_path)
}

/// Map decoded segments to a file under `root` on disk. Refuses (as not found) every file whose
/// real location is outside the real `root`, so a symbolic link cannot lead out of it.
fn resolve_disk(root: &Path, segments: &[String], url_path: &str) -> Target {
    let Ok(real_root) = root.canonicalize() else { return Target::NotFound };
    let mut candidate = real_root.clone();
    for s in segments {
        candidate.push(s);
    }
    let Ok(mut real) = candidate.canonicalize() else { return Target::NotFound };
    if !real.starts_with(&real_root) {
        return Target::NotFound;
    }
    if real.is_dir() {
        if !url_path.ends_with('/') {
            return Target::Redirect(format!("{url_path}/"));
        }
        let Ok(index) = real.join("index.html").canonicalize() else { return Target::NotFound };
        if !index.starts_with(&real_root) {
            return Target::NotFound;
        }
        real = index;
    }
    if real.is_file() { Target::File(real) } else { Target::NotFound }
}

/// The segments of a URL path, percent-decoded. `None` for anything that could name a place
/// other than a plain path below the root: `..`, back-slashes, NUL, drive prefixes, bad escapes.
fn decode_path(path: &str) -> Option<Vec<String>> {
    if !path.starts_with('/') {
        return None;
    }
    let mut out = Vec::new();
    for raw in path.split('/') {
        let seg = String::from_utf8(percent_decode(raw)?).ok()?;
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg.contains(['/', '\\', '\0']) {
            return None;
        }
        let mut comps = Path::new(&seg).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(_)), None) => out.push(seg),
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The event stream: the status now, then again after every build, until the client goes away
/// or the server stops.
fn events(request: Request, shared: &Shared) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n";
    if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_err() {
        return;
    }
    let mut sent: Option<u64> = None;
    loop {
        let status = {
            let guard = shared.status.lock().unwrap_or_else(|e| e.into_inner());
            let (guard, _) = shared
                .changed
                .wait_timeout_while(guard, KEEPALIVE, |s| Some(s.generation) == sent && !s.stopping)
                .unwrap_or_else(|e| e.into_inner());
            guard.clone()
        };
        if status.stopping {
            return;
        }
        let message = if Some(status.generation) == sent {
            ": keepalive\n\n".to_string()
        } else {
            sent = Some(status.generation);
            let data = serde_json::json!({ "generation": status.generation, "ok": status.errors.is_none(), "errors": status.errors });
            format!("data: {data}\n\n")
        };
        if w.write_all(message.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_root_are_refused() {
        assert_eq!(decode_path("/a/b.html"), Some(vec!["a".into(), "b.html".into()]));
        assert_eq!(decode_path("/"), Some(vec![]));
        assert_eq!(decode_path("/%E6%A1%88/"), Some(vec!["案".into()]));
        assert_eq!(decode_path("/../x"), None);
        assert_eq!(decode_path("/%2e%2e/x"), None);
        assert_eq!(decode_path("/a/%2E%2E/%2E%2E/x"), None);
        assert_eq!(decode_path("/a%2f..%2fb"), None);
        assert_eq!(decode_path("/a%5c..%5cb"), None);
        assert_eq!(decode_path("/a%00"), None);
        assert_eq!(decode_path("/bad%zz"), None);
        assert_eq!(decode_path("relative"), None);
    }

    #[test]
    fn folders_redirect_then_serve_their_index() {
        let dir = std::env::temp_dir().join(format!("zhengfeng-serve-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("out/cases")).unwrap();
        std::fs::write(dir.join("out/cases/index.html"), "x").unwrap();
        std::fs::write(dir.join("secret.txt"), "x").unwrap();
        let mut status = Status { generation: 1, errors: None, site: None, pages: None, output_dir: dir.join("out"), stopping: false };
        assert_eq!(resolve(&status, "/cases"), Target::Redirect("/cases/".into()));
        assert!(matches!(resolve(&status, "/cases/"), Target::File(p) if p.ends_with("cases/index.html")));
        assert_eq!(resolve(&status, "/../secret.txt"), Target::NotFound);
        assert_eq!(resolve(&status, "/%2e%2e/secret.txt"), Target::NotFound);
        assert_eq!(resolve(&status, "/nope.html"), Target::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("out/link.txt")).unwrap();
            assert_eq!(resolve(&status, "/link.txt"), Target::NotFound);
        }
        // The latest build is served from memory, folders by their index.
        let mut files = std::collections::BTreeMap::new();
        files.insert("index.html".to_string(), b"home".to_vec().into());
        files.insert("mechanisms/index.html".to_string(), b"m".to_vec().into());
        status.site = Some(Arc::new(Output { files, sunk: Vec::new() }));
        assert_eq!(resolve(&status, "/"), Target::Memory("index.html".into()));
        assert_eq!(resolve(&status, "/mechanisms"), Target::Redirect("/mechanisms/".into()));
        assert_eq!(resolve(&status, "/mechanisms/"), Target::Memory("mechanisms/index.html".into()));
        assert_eq!(resolve(&status, "/../secret.txt"), Target::NotFound);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn text_types_say_utf8() {
        for ext in ["html", "css", "js", "json", "xml", "svg", "csv", "txt", "sha256"] {
            assert!(content_type(ext).ends_with("charset=utf-8"), "{ext}");
        }
        assert_eq!(content_type("png"), "image/png");
        assert!(content_type("xlsx").contains("spreadsheetml"));
    }
}
