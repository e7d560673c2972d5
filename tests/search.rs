//! Offline search in a real browser: the fixture site is built with the binary, then headless
//! Chromium opens `search/index.html?q=...` from disk (file://) and over HTTP, and the result
//! list it renders must hold exactly the pages that contain the query.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const FIXTURE: &str = "tests/fixtures/search/basic";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn temp_dir(name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("zf-search-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds of one site take its lock, so the tests build one at a time.
static BUILD: Mutex<()> = Mutex::new(());

/// Build the fixture into a fresh directory.
fn build(audience: &str) -> PathBuf {
    let out = temp_dir(&format!("site-{audience}"));
    let _one_at_a_time = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let status = Command::new(env!("CARGO_BIN_EXE_zhengfeng"))
        .args(["build", "--quiet", "--site", FIXTURE, "--audience", audience, "--output"])
        .arg(&out)
        .status()
        .expect("run zhengfeng");
    assert!(status.success(), "build of {FIXTURE} failed");
    out
}


/// The DOM after the page's scripts have run.
fn dump_dom(url: &str) -> String {
    let profile = temp_dir("profile");
    let out = common::cdp::headless(&profile)
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// What the result list shows: its state, and the site-relative URL of each result in order.
struct Shown {
    state: String,
    count: usize,
    urls: Vec<String>,
    html: String,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

fn results(base: &str, query: &str) -> Shown {
    let url = format!("{base}search/index.html?q={}", encode(query));
    let dom = dump_dom(&url);
    let start = dom.find("id=\"search-results\"").unwrap_or_else(|| panic!("no result list at {url}:\n{dom}"));
    let open = dom[..start].rfind('<').unwrap();
    let tag = &dom[open..open + dom[open..].find('>').unwrap()];
    let end = open + dom[open..].find("</ol>").unwrap();
    let list = &dom[open..end];
    let urls = list.split("<li ").skip(1).filter_map(|li| attr(li, "data-url")).map(str::to_string).collect();
    Shown {
        state: attr(tag, "data-state").unwrap_or("").to_string(),
        count: attr(tag, "data-count").and_then(|c| c.parse().ok()).unwrap_or(usize::MAX),
        urls,
        html: dom,
    }
}

/// Assert the exact set of result URLs (and that the page finished).
fn check(base: &str, query: &str, expected: &[&str]) -> Shown {
    let shown = results(base, query);
    assert_eq!(shown.state, "done", "query {query:?} at {base}: search did not finish");
    let mut got = shown.urls.clone();
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "query {query:?} at {base}");
    assert_eq!(shown.count, expected.len(), "query {query:?}: data-count");
    shown
}

const BANQUET: &str = "cases/banquet/index.html";
const GIFT: &str = "cases/gift/index.html";
const PROCURATORATE: &str = "cases/procuratorate/index.html";
const SECRET: &str = "cases/secret/index.html";
const SUPERVISION: &str = "mechanisms/supervision/index.html";
const AFTER_HOURS: &str = "mechanisms/after-hours/index.html";
const TRAINING: &str = "trainings/warning/index.html";
const GUIDE: &str = "pages/guide/index.html";

fn file_url(dir: &Path) -> String {
    format!("file://{}/", dir.canonicalize().unwrap().display())
}

// From disk (file://): substring recall across words, ASCII in any case, one character, AND,
// no-match, and ranking of title hits first.
#[test]
fn search_from_disk_finds_exactly_the_pages_containing_the_query() {
    let out = build("internal");
    let base = file_url(&out);
    let all = check(&base, "宴请", &[BANQUET, GIFT, SECRET, AFTER_HOURS, TRAINING]);
    assert_eq!(all.urls[0], BANQUET, "a title hit ranks first");
    assert!(all.html.contains("<mark>宴请</mark>"), "hits are highlighted");
    // Crosses the word boundary 宴请|问题; "宴请 问题" (with a space) does not count.
    check(&base, "宴请问", &[BANQUET]);
    check(&base, "谈话函询", &[SUPERVISION, PROCURATORATE]);
    check(&base, "起诉", &[PROCURATORATE, TRAINING]);
    check(&base, "纪律作风", &[SUPERVISION, TRAINING]);
    check(&base, "诉", &[PROCURATORATE, TRAINING, GUIDE]);
    // WeChat, WECHAT and full-width ＷｅＣｈａｔ all match, whatever the query's case.
    check(&base, "weCHAT", &[GUIDE, GIFT, AFTER_HOURS]);
    check(&base, "宴请 起诉", &[TRAINING]);
    let none = check(&base, "贪污受贿", &[]);
    assert!(none.html.contains("无结果"), "an empty result says so");
    // The header search box of every page submits to the search page.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("action=\"search/index.html\""), "header search box on the home page");
    let case = std::fs::read_to_string(out.join(BANQUET)).unwrap();
    assert!(case.contains("action=\"../../search/index.html\""), "header search box on a case page");
    let _ = std::fs::remove_dir_all(&out);
}

// The kind filter, given in the URL, narrows the list to one kind.
#[test]
fn kind_filter_in_url_narrows_results() {
    let out = build("internal");
    let base = file_url(&out);
    let url = format!("{base}search/index.html?q={}&kind=c", encode("宴请"));
    let dom = dump_dom(&url);
    let mut urls: Vec<&str> = dom.split("<li ").skip(1).filter_map(|li| attr(li, "data-url")).collect();
    urls.sort();
    assert_eq!(urls, vec![BANQUET, GIFT, SECRET]);
    let _ = std::fs::remove_dir_all(&out);
}

/// A tiny static file server over the output directory, for the HTTP case.
fn serve(root: PathBuf) -> u16 {
    serve_at(root, "/", Default::default())
}

/// The same, with the site under `prefix` (`/zf/`), each path asked for put in `asked`, and a
/// missing file answered with the site's 404 page, as a web server set up for the site does.
fn serve_at(root: PathBuf, prefix: &'static str, asked: std::sync::Arc<std::sync::Mutex<Vec<String>>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let root = root.clone();
            let asked = asked.clone();
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap_or("");
                let mut bytes = Vec::new();
                let mut it = path.bytes();
                while let Some(b) = it.next() {
                    if b == b'%' {
                        let hex: Vec<u8> = it.by_ref().take(2).collect();
                        bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap_or("00"), 16).unwrap_or(0));
                    } else {
                        bytes.push(b);
                    }
                }
                let path = String::from_utf8_lossy(&bytes).to_string();
                asked.lock().unwrap().push(path.clone());
                let head = line.starts_with("HEAD ");
                let Some(rel) = path.strip_prefix(prefix) else {
                    let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                };
                let rel = rel.to_string();
                let file = if rel.is_empty() || rel.ends_with('/') { root.join(&rel).join("index.html") } else { root.join(&rel) };
                let response = match (rel.contains(".."), std::fs::read(&file)) {
                    (false, Ok(body)) => {
                        let ty = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css; charset=utf-8",
                            _ => "application/octet-stream",
                        };
                        let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                        if !head {
                            r.extend(body);
                        }
                        r
                    }
                    _ => match std::fs::read(root.join("404.html")) {
                        Ok(body) => {
                            let mut r = format!("HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                            if !head {
                                r.extend(body);
                            }
                            r
                        }
                        Err(_) => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                    },
                };
                let _ = stream.write_all(&response);
            });
        }
    });
    port
}

// Over HTTP, the same queries give the same results.
#[test]
fn search_over_http_finds_the_same_pages() {
    let out = build("internal");
    let port = serve(out.clone());
    let base = format!("http://127.0.0.1:{port}/");
    check(&base, "宴请问", &[BANQUET]);
    check(&base, "WECHAT", &[GUIDE, GIFT, AFTER_HOURS]);
    check(&base, "诉", &[PROCURATORATE, TRAINING, GUIDE]);
    check(&base, "不存在的词语", &[]);
}

// A web server shows the site's 404 page for a missing address at any depth, here under a
// sub-path: the page finds the site's root, so its style sheet and links come from there, and
// its link to the main text stays on the page.
#[test]
fn the_404_page_works_at_any_depth_under_any_sub_path() {
    let out = build("internal");
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let port = serve_at(out.clone(), "/zf/", asked.clone());
    let missing = format!("http://127.0.0.1:{port}/zf/cases/no-such-case/");
    let dom = dump_dom(&missing);
    assert!(dom.contains("页面不存在") && dom.contains("<base href=\"/zf/\">"), "{dom}");
    assert!(dom.contains(&format!("href=\"{missing}#main\"")), "the skip link leaves the page:\n{dom}");
    let asked = asked.lock().unwrap().clone();
    assert!(asked.contains(&"/zf/static/style.css".to_string()), "the style sheet was not asked for at the root: {asked:?}");
}

// A public build indexes only public items: nothing of an internal case can be found.
#[test]
fn public_build_leaves_internal_items_out_of_the_index() {
    let out = build("public");
    let base = file_url(&out);
    check(&base, "宴请", &[BANQUET, GIFT, AFTER_HOURS, TRAINING]);
    check(&base, "内部专有词", &[]);
    for entry in walkdir(&out.join("search")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(!text.contains("内部专有词") && !text.contains("内部通报的案例"), "{} leaks an internal item", entry.display());
    }
    let _ = std::fs::remove_dir_all(&out);
}

// Same input, same bytes.
#[test]
fn index_is_deterministic() {
    let a = build("internal");
    let b = build("internal");
    let files = walkdir(&a.join("search"));
    assert!(files.len() > 3);
    for f in files {
        let rel = f.strip_prefix(&a).unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), std::fs::read(b.join(rel)).unwrap(), "{} differs between builds", rel.display());
    }
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
