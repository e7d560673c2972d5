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
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

mod http;
mod reload;

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

    let http = http::spawn(server.clone(), shared.clone())?;
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
