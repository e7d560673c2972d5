//! `serve` (SPEC §6, §8): the dev server answers on loopback, serves only the output folder,
//! rebuilds on change, reloads open pages through server-sent events, shows content errors in
//! an overlay until they are fixed, and stops cleanly on Ctrl-C.
//!
//! Every test starts its own server on a port the system picks (`--port 0`) over its own copy
//! of a site, talks to it with plain `TcpStream` requests, and kills it when done (the `Server`
//! guard kills on drop, so a failing assertion never leaves a server running). Waits are polls
//! bounded by a generous timeout; no test fails on how fast a rebuild is. The edit-to-reload
//! benchmark (`edit_to_reload_latency`) only reports its figures:
//!
//! ```text
//! cargo test --release --test serve -- --ignored --nocapture edit_to_reload_latency
//! ```

mod common;

use common::cdp::Cdp;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a debug build of a small site on a busy 2-core machine.
const WAIT: Duration = Duration::from_secs(90);

/// A running `zhengfeng serve`; killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Start `serve --site <site> --port 0 [extra...]` and wait for the address it prints.
    fn start(site: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .arg("serve")
            .arg("--site")
            .arg(site)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start zhengfeng serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        // Drain both pipes so the server never blocks on a full one.
        for (pipe, sink) in [
            (Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, stdout.clone()),
            (Box::new(child.stderr.take().unwrap()) as Box<dyn Read + Send>, stderr.clone()),
        ] {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(pipe);
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                    sink.lock().unwrap().push_str(&line);
                    line.clear();
                }
            });
        }
        let started = Instant::now();
        let addr = loop {
            let out = stdout.lock().unwrap().clone();
            if let Some(addr) = printed_address(&out) {
                break addr;
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("serve exited early ({status}):\n{out}\n{}", stderr.lock().unwrap());
            }
            if started.elapsed() > WAIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve printed no address:\n{out}\n{}", stderr.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Server { child, addr, stdout, stderr }
    }

    fn get(&self, path: &str) -> Reply {
        get(self.addr, path)
    }

    fn output(&self) -> String {
        format!("--- stdout:\n{}\n--- stderr:\n{}", self.stdout.lock().unwrap(), self.stderr.lock().unwrap())
    }

    /// Poll `path` until `pred` holds; panic (with the server's output) after `WAIT`.
    fn wait_for(&self, path: &str, what: &str, pred: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let r = self.get(path);
            if pred(&r) {
                return r;
            }
            assert!(started.elapsed() < WAIT, "timed out waiting for {what}; last reply to {path}:\n{}\n{}", r.body, self.output());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `http://HOST:PORT/` in the line the server prints when it is ready.
fn printed_address(stdout: &str) -> Option<SocketAddr> {
    let line = stdout.lines().find(|l| l.contains("http://"))?;
    let rest = &line[line.find("http://")? + 7..];
    let host_port = &rest[..rest.find('/')?];
    host_port.replace(['[', ']'], "").rsplit_once(':').and_then(|(h, p)| Some(SocketAddr::new(h.parse().ok()?, p.parse().ok()?)))
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One GET over a fresh connection; `path` is sent exactly as given (no normalisation).
fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).expect("connect to serve");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    // Read to the end, or to Content-Length (a server may keep the connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        let n = s.read(&mut buf).expect("read reply");
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|len| raw.len() >= end + 4 + len) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Reply { status, headers, body: body.to_string() }
}

/// A fresh site made by `init` (small: quick to rebuild).
fn small_site() -> Site {
    let root = TempDir::new("serve");
    let site = root.join("site");
    run(["init".as_ref(), site.as_os_str()]).assert_code(0);
    Site { root, site }
}

/// The generation in `/__zhengfeng/status`.
fn generation(r: &Reply) -> u64 {
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
    v["generation"].as_u64().unwrap_or(0)
}

fn status_json(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_default()
}

#[test]
fn serves_the_built_site_with_live_reload_only_over_http() {
    // The home page, assets and data come with the right types; the reload script is added to
    // served HTML but never written into the output folder.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    assert_eq!(server.addr.ip().to_string(), "127.0.0.1", "{}", server.output());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("青禾县政法队伍纪律作风建设学习平台"), "{}", home.body);
    assert!(home.body.contains("/__zhengfeng/events"), "no live-reload script in the served page");
    assert!(!home.body.contains("id=\"zhengfeng-overlay\""), "an overlay without errors");

    for (path, ctype) in [
        ("/index.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/data/site.json", "application/json; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/data/scorecards-2025-H2.csv", "text/csv; charset=utf-8"),
        ("/data/scorecards-2025-H2.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ] {
        let r = server.get(path);
        assert_eq!((r.status, r.header("Content-Type")), (200, Some(ctype)), "{path}");
    }
    // A folder without its slash is redirected (relative links need it), then served.
    let r = server.get("/cases");
    assert_eq!((r.status, r.header("Location")), (301, Some("/cases/")));
    let r = server.get("/cases/?q=1");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("qh-police-banquet"), "{}", r.body);
    // A missing page gets the 404 page, also with the script.
    let r = server.get("/no/such/page.html");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("/__zhengfeng/events"));

    let written = std::fs::read_to_string(site.file("output/index.html")).unwrap();
    assert!(!written.contains("__zhengfeng"), "the reload script leaked into the output folder");
}

#[test]
fn refuses_every_path_outside_the_output_folder() {
    // Neither `..` (plain or percent-encoded) nor a symbolic link reaches zhengfeng.toml.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    let secret = "output_dir = \"output\"";
    assert!(std::fs::read_to_string(site.file("zhengfeng.toml")).unwrap().contains(secret));
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.file("zhengfeng.toml"), site.file("output/leak.txt")).unwrap();
    for path in [
        "/../zhengfeng.toml",
        "/%2e%2e/zhengfeng.toml",
        "/%2E%2E/zhengfeng.toml",
        "/static/../../zhengfeng.toml",
        "/static/%2e%2e/%2e%2e/zhengfeng.toml",
        "/%2e%2e%2fzhengfeng.toml",
        "/..%5czhengfeng.toml",
        "/./../zhengfeng.toml",
        "//../zhengfeng.toml",
        "/leak.txt",
    ] {
        let r = server.get(path);
        assert!(matches!(r.status, 400 | 403 | 404), "{path} answered {}", r.status);
        assert!(!r.body.contains(secret), "{path} leaked zhengfeng.toml");
    }
}

#[test]
fn an_edited_title_appears_without_restarting() {
    // Saving a content file rebuilds the site: the new title is served.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    assert!(server.get("/pages/about/").body.contains("关于本平台"));
    let before = generation(&server.get("/__zhengfeng/status"));
    let page = site.file("content/pages/about.md");
    let text = std::fs::read_to_string(&page).unwrap().replace("title: 关于本平台", "title: 关于本平台（修订版）");
    std::fs::write(&page, text).unwrap();
    server.wait_for("/pages/about/", "the edited title", |r| r.body.contains("关于本平台（修订版）"));
    assert!(generation(&server.get("/__zhengfeng/status")) > before);
    // The output folder is written too, like `build`.
    let started = Instant::now();
    while !std::fs::read_to_string(site.file("output/pages/about/index.html")).unwrap_or_default().contains("（修订版）") {
        assert!(started.elapsed() < WAIT, "the output folder was not rewritten\n{}", server.output());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_are_seen_after_the_content_folder_is_replaced() {
    // `content/` moved away and a copy put in its place (a backup restored, a colleague's copy
    // unzipped): edits to the new folder keep rebuilding the site.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    let content = site.file("content");
    let old = site.file("content-old");
    std::fs::rename(&content, &old).unwrap();
    copy_tree(&old, &content);
    std::thread::sleep(Duration::from_millis(300));
    for title in ["关于本平台（一改）", "关于本平台（二改）"] {
        let page = site.file("content/pages/about.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let text = text.lines().map(|l| if l.starts_with("title: ") { format!("title: {title}") } else { l.to_string() }).collect::<Vec<_>>().join("\n");
        std::fs::write(&page, text + "\n").unwrap();
        server.wait_for("/pages/about/", title, |r| r.body.contains(title));
    }
}

#[test]
fn a_content_error_shows_an_overlay_until_it_is_fixed() {
    // A broken file keeps the last good site up, reports the error (escaped) in the status, the
    // event stream and an overlay on every page; fixing it clears the overlay.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    let mut events = EventStream::open(server.addr);
    let first = events.next_data();
    assert!(first["ok"].as_bool().unwrap(), "{first}");

    let case = site.file("content/cases/qh-police-banquet.md");
    let good = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, good.replace("form: 2", "form: <b>x</b>")).unwrap();

    let status = server.wait_for("/__zhengfeng/status", "the error", |r| status_json(r)["ok"] == false);
    let errors = status_json(&status)["errors"].as_str().unwrap_or("").to_string();
    assert!(errors.contains("content/cases/qh-police-banquet.md:6:7"), "{errors}");
    let event = events.next_where(|e| e["ok"] == false);
    assert!(event["errors"].as_str().unwrap().contains("qh-police-banquet.md:6:7"), "{event}");

    let home = server.get("/");
    assert_eq!(home.status, 200, "the last good site is still served");
    assert!(home.body.contains("青禾县政法队伍纪律作风建设学习平台"));
    assert!(home.body.contains("id=\"zhengfeng-overlay\""), "no overlay:\n{}", home.body);
    assert!(home.body.contains("qh-police-banquet.md:6:7"));
    assert!(home.body.contains("&lt;b&gt;x&lt;/b&gt;"), "the error is not escaped");
    assert!(!home.body.contains("<b>x</b>"), "raw HTML from the error reached the page");
    let started = Instant::now();
    while !server.output().contains("qh-police-banquet.md:6:7") {
        assert!(started.elapsed() < WAIT, "the terminal did not show the error\n{}", server.output());
        std::thread::sleep(Duration::from_millis(20));
    }

    std::fs::write(&case, good).unwrap();
    server.wait_for("/__zhengfeng/status", "the fix", |r| status_json(r)["ok"] == true);
    events.next_where(|e| e["ok"] == true);
    assert!(!server.get("/").body.contains("id=\"zhengfeng-overlay\""), "the overlay stayed after the fix");
}

#[cfg(target_os = "linux")]
#[test]
fn listens_on_loopback_only_unless_bind_says_otherwise() {
    // By default only 127.0.0.1 answers; `--bind 127.0.0.2` moves the server there.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    assert_eq!(server.addr.ip().to_string(), "127.0.0.1");
    let other = SocketAddr::new("127.0.0.2".parse().unwrap(), server.addr.port());
    assert!(TcpStream::connect_timeout(&other, Duration::from_secs(2)).is_err(), "answered on 127.0.0.2");
    drop(server);

    let server = Server::start(site.path(), &["--bind", "127.0.0.2"]);
    assert_eq!(server.addr.ip().to_string(), "127.0.0.2", "{}", server.output());
    assert_eq!(server.get("/").status, 200);
    let loopback = SocketAddr::new("127.0.0.1".parse().unwrap(), server.addr.port());
    assert!(TcpStream::connect_timeout(&loopback, Duration::from_secs(2)).is_err(), "answered on 127.0.0.1");
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    // SIGINT ends the server with exit code 0 and a last message.
    let site = small_site();
    let mut server = Server::start(site.path(), &[]);
    // SAFETY: plain kill(2) on the child we started.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) };
    let started = Instant::now();
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < WAIT, "serve did not stop on SIGINT\n{}", server.output());
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{}", server.output());
    // The reader threads may still be copying the last lines of the exited process.
    let started = Instant::now();
    while !server.output().contains("已停止服务") && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.output().contains("已停止服务"), "{}", server.output());
}

#[test]
fn serve_outside_a_site_exits_2() {
    // A folder without zhengfeng.toml is a usage error, before anything listens.
    let dir = TempDir::new("serve-no-site");
    let r = run_with_timeout(
        &["serve".as_ref(), "--site".as_ref(), dir.path().as_os_str(), "--port".as_ref(), "0".as_ref()],
        dir.path(),
        WAIT,
    );
    r.assert_code(2).assert_stderr_contains("zhengfeng.toml");
}

#[test]
fn a_port_in_use_is_named_with_what_to_do() {
    // Another program on the port (another serve still running): exit 2, the port named, and
    // --port suggested, in Chinese.
    let site = small_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let r = run_with_timeout(&["serve".as_ref(), "--site".as_ref(), site.path().as_os_str(), "--port".as_ref(), port.as_ref()], site.path(), WAIT);
    r.assert_code(2).assert_stderr_contains(&format!("端口 {port} 已被占用")).assert_stderr_contains("--port 0");
}

/// A client of `/__zhengfeng/events`, as the page's script is.
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    fn open(addr: SocketAddr) -> EventStream {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).unwrap();
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(s, "GET /__zhengfeng/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut saw_type = false;
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line.to_ascii_lowercase().starts_with("content-type: text/event-stream") {
                saw_type = true;
            }
            if line == "\r\n" {
                break;
            }
        }
        assert!(saw_type, "the event stream has the wrong content type");
        EventStream { reader }
    }

    /// The next message for which `pred` holds.
    fn next_where(&mut self, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        loop {
            let e = self.next_data();
            if pred(&e) {
                return e;
            }
        }
    }

    /// The next `data:` message, parsed.
    fn next_data(&mut self) -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("event stream read");
            assert!(n > 0, "the event stream closed");
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim()).expect("event data is JSON");
            }
        }
    }
}

/// Headless Chromium with a DevTools endpoint, on loopback and off the network; killed when
/// dropped.
struct Browser {
    child: Child,
    _profile: TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}


/// Open `url` in headless Chromium and attach to the page over the DevTools protocol.
fn open_in_browser(url: &str) -> (Browser, Cdp) {
    let profile = TempDir::new("serve-chromium");
    let child = common::cdp::headless(profile.path())
        .args(["--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"])
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let port_file = profile.join("DevToolsActivePort");
    let browser = Browser { child, _profile: profile };
    let started = Instant::now();
    // Chromium writes the port it chose into the profile folder.
    let port: u16 = loop {
        if let Some(p) = std::fs::read_to_string(&port_file).ok().and_then(|s| s.lines().next().and_then(|l| l.trim().parse().ok())) {
            break p;
        }
        assert!(started.elapsed() < WAIT, "chromium opened no DevTools port");
        std::thread::sleep(Duration::from_millis(100));
    };
    let devtools = SocketAddr::from(([127, 0, 0, 1], port));
    let ws = loop {
        let list = get(devtools, "/json/list").body;
        let found = serde_json::from_str::<serde_json::Value>(&list).ok().and_then(|v| {
            v.as_array()?
                .iter()
                .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with("http://127.0.0.1")))
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(str::to_string))
        });
        if let Some(ws) = found {
            break ws;
        }
        assert!(started.elapsed() < WAIT, "the page never appeared among chromium's targets: {list}");
        std::thread::sleep(Duration::from_millis(100));
    };
    (browser, Cdp::connect(&ws))
}

#[test]
fn an_open_page_reloads_and_shows_errors_in_the_browser() {
    // In a real browser: an edit reloads the open page; a broken file shows the overlay (text
    // only, no HTML from the message) without a reload; the fix removes it by reloading.
    let site = small_site();
    let server = Server::start(site.path(), &[]);
    let (_browser, mut page) = open_in_browser(&format!("http://{}/pages/about/", server.addr));
    page.wait_until("document.readyState === 'complete' && document.title.includes('关于本平台')");
    // A mark that lives as long as this page load does.
    page.wait_until("(window.zfMark = 1) === 1");

    let about = site.file("content/pages/about.md");
    let text = std::fs::read_to_string(&about).unwrap().replace("title: 关于本平台", "title: 关于本平台（修订版）");
    std::fs::write(&about, text).unwrap();
    page.wait_until("document.readyState === 'complete' && document.title.includes('修订版') && window.zfMark === undefined");

    page.wait_until("(window.zfMark = 2) === 2");
    let case = site.file("content/cases/qh-police-banquet.md");
    let good = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, good.replace("form: 2", "form: <b>x</b>")).unwrap();
    page.wait_until("(document.getElementById('zhengfeng-overlay') || {textContent: ''}).textContent.includes('qh-police-banquet.md:6:7')");
    let escaped = page.try_eval("document.getElementById('zhengfeng-overlay').textContent.includes('<b>x</b>') && !document.querySelector('#zhengfeng-overlay b')");
    assert_eq!(escaped, Some(serde_json::Value::Bool(true)), "the overlay interpreted HTML from the message");
    assert_eq!(page.try_eval("window.zfMark"), Some(serde_json::json!(2)), "a failed build reloaded the page");

    std::fs::write(&case, good).unwrap();
    page.wait_until("document.readyState === 'complete' && !document.getElementById('zhengfeng-overlay') && window.zfMark === undefined");
}

#[test]
#[ignore = "benchmark: cargo test --release --test serve -- --ignored --nocapture edit_to_reload_latency"]
fn edit_to_reload_latency() {
    // Reports, for the demo site, the time from saving a file to (a) the reload event reaching
    // an open page and (b) the rebuilt page being fetched, as a reloading browser would. Only
    // reports; never fails on the figures.
    let demo = demo_site();
    let root = TempDir::new("serve-latency");
    let site = root.join("site");
    for part in ["content", "static", "themes"] {
        if demo.join(part).is_dir() {
            copy_tree(&demo.join(part), &site.join(part));
        }
    }
    std::fs::copy(demo.join("zhengfeng.toml"), site.join("zhengfeng.toml")).unwrap();
    let server = Server::start(&site, &[]);
    let mut events = EventStream::open(server.addr);
    let mut generation = events.next_data()["generation"].as_u64().unwrap();
    let page = site.join("content/pages/about.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let samples = 7;
    let (mut to_event, mut to_page) = (Vec::new(), Vec::new());
    for i in 0..samples {
        // Let the previous write to disk and any stray events settle.
        std::thread::sleep(Duration::from_millis(600));
        let marker = format!("（第{i}次修改）");
        let text = original.replacen("title: 关于本平台", &format!("title: 关于本平台{marker}"), 1);
        let saved = Instant::now();
        std::fs::write(&page, text).unwrap();
        loop {
            let e = events.next_data();
            let g = e["generation"].as_u64().unwrap();
            if g > generation {
                generation = g;
                break;
            }
        }
        to_event.push(saved.elapsed().as_secs_f64() * 1000.0);
        let body = server.get("/pages/about/").body;
        to_page.push(saved.elapsed().as_secs_f64() * 1000.0);
        assert!(body.contains(&marker), "the reloaded page is not the edited one");
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (v[0], v[v.len() / 2], v[v.len() - 1])
    };
    let (e_min, e_med, e_max) = stats(&mut to_event);
    let (p_min, p_med, p_max) = stats(&mut to_page);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    eprintln!(
        "edit-to-reload on the demo site ({profile} build, {samples} edits): reload event min {e_min:.0} ms, median {e_med:.0} ms, max {e_max:.0} ms; \
         page fetched min {p_min:.0} ms, median {p_med:.0} ms, max {p_max:.0} ms"
    );
}
