//! The small HTTP server of `serve`: answers GET and HEAD with the latest build's files, the
//! live-reload event stream and the build status.
//!
//! - A page comes from the latest build in memory, else from the output folder on disk
//!   (snapshots under `archive/`, or the previous site before the first good build). HTML gets
//!   the live-reload script (`reload.rs`); nothing is cached by the browser.
//! - Only files under the output folder are served: the URL path is decoded, `..` is refused,
//!   and the canonical path of a file must lie under the canonical output folder (no symlink
//!   escape).
//! - `/__zhengfeng/events` streams the status (server-sent events) after every build, until the
//!   client goes away or the server stops; `/__zhengfeng/status` gives it as one JSON object.
//!
//! May use the shared status of `serve` (`super::Status`, `super::Shared`), `reload`, `render`
//! (the built files) and `error`; tiny_http and serde_json.

use super::reload::{inject, EVENTS_PATH};
use super::{Shared, Status};
use crate::error::{Error, Result};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// The event stream sends a comment this often so that a dead connection is noticed and closed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The build status as one JSON object. Like `EVENTS_PATH`, no output path can start so (ids
/// have no `_`).
const STATUS_PATH: &str = "/__zhengfeng/status";

/// Accept connections on a new thread and answer each request on a thread of its own (a page
/// reads a file and returns; the event stream stays open), until the server is unblocked.
pub(crate) fn spawn(server: Arc<Server>, shared: Arc<Shared>) -> Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("zhengfeng-http".into())
        .spawn(move || {
            for request in server.incoming_requests() {
                let shared = shared.clone();
                let _ = std::thread::Builder::new().name("zhengfeng-request".into()).spawn(move || handle(request, &shared));
            }
        })
        .map_err(|e| Error::Other(format!("无法启动服务线程: {e}")))
}

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
pub(crate) fn content_type(ext: &str) -> &'static str {
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
    use crate::output::Output;

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
