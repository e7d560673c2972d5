//! `serve`: build the site, serve the output folder over HTTP on a loopback address, watch the
//! sources, rebuild on change and reload the open pages.
//!
//! This module is the entry point and the build loop; its parts are `watch` (what is watched,
//! debouncing), `http` (the server and its endpoints) and `reload` (the script injected into
//! every HTML response, only here, never into `build` output).
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
//! May use `build`, `incremental`, `config`, `source`, `load`, `diag`, `render`, `write` and
//! `error`; the parts use only what their own docs say.

use crate::build::{self, Options};
use crate::diag::Diagnostics;
use crate::error::{Error, Result};
use crate::incremental::State;
use crate::output::{Bytes, Output};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

mod http;
mod reload;
mod watch;
use watch::{Msg, Watch, WATCHED_FILE};

/// What `serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port; the real one is printed.
    pub port: u16,
    pub build: Options,
}

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

    /// Whether a build has succeeded since the server started.
    fn has_site(&self) -> bool {
        self.status.lock().unwrap_or_else(|e| e.into_inner()).site.is_some()
    }

    fn update(&self, f: impl FnOnce(&mut Status)) {
        let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut s);
        drop(s);
        self.changed.notify_all();
    }
}

/// Why the server could not start, and what to do: a port in use is the common case (another
/// `serve` still running).
fn listen_error(opts: &ServeOptions, e: Box<dyn std::error::Error + Send + Sync>) -> Error {
    let io = e.downcast_ref::<std::io::Error>();
    let (bind, port) = (opts.bind, opts.port);
    match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::AddrInUse) => Error::Other(format!(
            "端口 {port} 已被占用 (也许另一个 zhengfeng serve 还在运行): 请关掉它, 或换一个端口, 如 --port {}; --port 0 由系统任选一个空闲端口",
            port.wrapping_add(1).max(1024)
        )),
        Some(std::io::ErrorKind::PermissionDenied) if port < 1024 => {
            Error::Other(format!("没有权限使用端口 {port} (1024 以下的端口要管理员权限): 请换一个端口, 如 --port 1111"))
        }
        _ => Error::Other(format!("无法在 {bind} 端口 {port} 上监听: {}", io.map(crate::error::in_words).unwrap_or_else(|| e.to_string()))),
    }
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
        .map_err(|e| listen_error(opts, e))?;
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
    let mut last = Written::default();
    if let Some(job) = rebuild(&root, &mut state, &shared, None) {
        write(&root, &job, &mut last);
    }
    let writer = Writer::start(root.clone(), last)?;

    let http = http::spawn(server.clone(), shared.clone())?;
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    println!("正在服务 http://{host}:{}/ (按 Ctrl+C 停止)", addr.port());
    if !addr.ip().is_loopback() {
        eprintln!("警告: 监听地址 {} 不是本机回环地址, 同一网络中的其他计算机也能访问本站", addr.ip());
    }

    while let Some(changed) = watch.next_changes(&rx, || shared.get().output_dir) {
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
fn rebuild(root: &Path, state: &mut State, shared: &Shared, trigger: Option<&BTreeSet<PathBuf>>) -> Option<Job> {
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
    let mut early = |pages: &[crate::output::Page]| {
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
    let mut first = |pages: &[crate::output::Page]| {
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
            let snapshots = crate::archive::carried(built.site.audience, &built.frame.versions);
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
            // Where it is written is said once the write is done (`write`): it may be refused.
            println!("{fixed}已构建 {pages} 个页面、{files} 个文件{warn}, 用时 {ms} 毫秒{redone}");
            Some(Job { output, dir: output_dir, snapshots })
        }
        Ok(None) => {
            let then = if shared.has_site() { "继续提供上一次成功构建的站点" } else { "改正后页面会自动出现" };
            let summary = format!("发现 {} 个错误、{} 个警告; {then}。", diags.error_count(), diags.warning_count());
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

/// The same write as `build`: under the site's lock, refusing an output folder whose
/// replacement would lose files, with the snapshots only the output folder holds copied into the
/// site's archive first, to a temporary folder, then swapped in. Says where it wrote when that
/// is news (the first write, or the first after a refusal or into another folder).
fn write(root: &Path, job: &Job, written_before: &mut Written) {
    let Written { dir: last, checked } = written_before;
    let output_dir = &job.dir;
    let written = build::lock(root).and_then(|lock| {
        crate::write::check_target(root, output_dir)?;
        for p in crate::archive::adopt(root, output_dir)? {
            eprintln!("说明: {}", crate::archive::adopted_note(p));
        }
        let mut copies = Vec::new();
        for d in crate::archive::damaged(root, output_dir, checked)? {
            if job.snapshots.as_ref().is_some_and(|c| !c.contains(&d.period.to_string())) {
                continue;
            }
            let (said, help) = crate::archive::damaged_note(root, &d);
            eprintln!("{}/{}/: 警告: {said}\n  提示: {help}", crate::output::ARCHIVE_DIR, d.period);
            copies.extend(d.intact_copy.map(|c| (d.period.to_string(), c)));
        }
        let result = crate::write::write_site(&job.output, output_dir, &crate::archive::dir(root), job.snapshots.clone(), copies);
        drop(lock);
        result
    });
    match written {
        Ok(()) if last.as_ref() != Some(output_dir) => {
            println!("已写入 {}", output_dir.display());
            *last = Some(output_dir.clone());
        }
        Ok(()) => {}
        Err(e) => {
            eprintln!("警告: 站点已在预览中更新, 但未能写入输出目录: {e}");
            *last = None;
        }
    }
}

/// What the writes so far leave to the next: the folder last written to, if the last write
/// succeeded, and what was found of the snapshots checked.
#[derive(Default)]
struct Written {
    dir: Option<PathBuf>,
    checked: crate::archive::Checked,
}

/// A finished build to write: its files, the output folder, and for a public build the
/// snapshots it carries (an internal one stays out, as in `build`).
struct Job {
    output: Arc<Output>,
    dir: PathBuf,
    snapshots: Option<Vec<String>>,
}

/// The thread that writes finished builds to the output folder, the latest first.
struct Writer {
    tx: Sender<Job>,
    thread: std::thread::JoinHandle<()>,
}

impl Writer {
    /// `last`: what the first build's write left (the folder it was written to, if it was).
    fn start(root: PathBuf, mut last: Written) -> Result<Writer> {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("zhengfeng-write".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    // Builds that finished during the last write are superseded by the newest.
                    while let Ok(newer) = rx.try_recv() {
                        job = newer;
                    }
                    write(&root, &job, &mut last);
                }
            })
            .map_err(|e| Error::Other(format!("无法启动写入线程: {e}")))?;
        Ok(Writer { tx, thread })
    }

    fn send(&self, job: Job) {
        let _ = self.tx.send(job);
    }

    /// Write what is pending, then stop.
    fn finish(self) {
        drop(self.tx);
        let _ = self.thread.join();
    }
}
