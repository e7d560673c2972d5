//! A minimal Chrome DevTools Protocol client for the browser tests: one WebSocket (RFC 6455) to
//! one page, text frames only, written with the standard library alone.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// How long a test waits for the browser before failing.
pub const WAIT: Duration = Duration::from_secs(20);

pub struct Cdp {
    stream: TcpStream,
    next_id: u64,
}

impl Cdp {
    pub fn connect(ws_url: &str) -> Cdp {
        let rest = ws_url.strip_prefix("ws://").expect("ws:// url");
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut stream = TcpStream::connect(host).expect("connect to DevTools");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        // Read the handshake byte by byte, so no frame bytes are left in a buffer.
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut b).expect("WebSocket handshake");
            head.push(b[0]);
        }
        assert!(String::from_utf8_lossy(&head).contains(" 101 "), "WebSocket handshake refused");
        Cdp { stream, next_id: 0 }
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mask = [0x37u8, 0xfa, 0x21, 0x3d];
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).unwrap();
    }

    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.stream.read_exact(&mut head).expect("read a DevTools frame");
            let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
            let mut len = (head[1] & 0x7f) as u64;
            if len == 126 {
                let mut b = [0u8; 2];
                self.stream.read_exact(&mut b).unwrap();
                len = u16::from_be_bytes(b) as u64;
            } else if len == 127 {
                let mut b = [0u8; 8];
                self.stream.read_exact(&mut b).unwrap();
                len = u64::from_be_bytes(b);
            }
            let mask = if head[1] & 0x80 != 0 {
                let mut m = [0u8; 4];
                self.stream.read_exact(&mut m).unwrap();
                Some(m)
            } else {
                None
            };
            let mut payload = vec![0u8; len as usize];
            self.stream.read_exact(&mut payload).unwrap();
            if let Some(m) = mask {
                payload.iter_mut().enumerate().for_each(|(i, b)| *b ^= m[i % 4]);
            }
            match opcode {
                0x8 => panic!("DevTools closed the connection"),
                0x9 | 0xa => continue,
                _ => message.extend(payload),
            }
            if fin {
                return String::from_utf8(message).expect("UTF-8 message");
            }
        }
    }

    /// Send one command and return its reply (`result` or `error`), skipping events in between.
    fn reply(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"id": id, "method": method, "params": params}).to_string());
        loop {
            let v: Value = serde_json::from_str(&self.receive()).expect("JSON from DevTools");
            if v["id"] == id {
                return v;
            }
        }
    }

    /// Send one command and return its result; an error fails the test.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let v = self.reply(method, params);
        assert!(v.get("error").is_none(), "{method} failed: {v}");
        v["result"].clone()
    }

    /// Evaluate `expr` in the page; `None` while it cannot (during a reload, or if it throws).
    pub fn try_eval(&mut self, expr: &str) -> Option<Value> {
        let v = self.reply("Runtime.evaluate", json!({"expression": expr, "returnByValue": true}));
        if v.get("error").is_some() || v["result"].get("exceptionDetails").is_some() {
            return None;
        }
        Some(v["result"]["result"]["value"].clone())
    }

    /// Evaluate `expr` in the page; a failure fails the test.
    pub fn eval(&mut self, expr: &str) -> Value {
        self.try_eval(expr).unwrap_or_else(|| panic!("{expr} could not be evaluated"))
    }

    /// Wait until `expr` is true in the page.
    pub fn wait_until(&mut self, expr: &str) {
        let started = Instant::now();
        while self.try_eval(&format!("!!({expr})")) != Some(Value::Bool(true)) {
            assert!(started.elapsed() < WAIT, "timed out waiting in the browser for {expr}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Press and release a key.
    pub fn key(&mut self, key: &str) {
        let (code, vk) = match key {
            "ArrowRight" => ("ArrowRight", 39),
            "ArrowLeft" => ("ArrowLeft", 37),
            "ArrowUp" => ("ArrowUp", 38),
            "ArrowDown" => ("ArrowDown", 40),
            "PageDown" => ("PageDown", 34),
            "PageUp" => ("PageUp", 33),
            "Home" => ("Home", 36),
            "End" => ("End", 35),
            " " => ("Space", 32),
            other => panic!("no key code for {other:?}"),
        };
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}),
            );
        }
    }
}

/// Chromium, which CI installs (test.sh); a missing browser fails the test rather than skip it.
pub fn chromium() -> std::path::PathBuf {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
        .expect("headless Chromium is required for the browser tests (test.sh installs it): none at /usr/bin/chromium")
}

/// Headless Chromium with its own profile folder, quiet and off the network.
pub fn headless(profile: &std::path::Path) -> std::process::Command {
    let mut c = std::process::Command::new(chromium());
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .stdin(std::process::Stdio::null());
    c
}

/// A browser started by a test: ended when dropped, however the test ends.
pub struct Browser {
    child: std::process::Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start headless Chromium in `profile` with `args` (the page to open among them) and attach,
/// over the DevTools protocol, to the first page whose URL `wanted` accepts.
pub fn open(profile: &std::path::Path, args: &[&str], wanted: impl Fn(&str) -> bool) -> (Browser, Cdp) {
    let child = headless(profile)
        .arg("--remote-debugging-port=0")
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start chromium");
    let browser = Browser { child };
    // Chromium writes the port it chose into the profile folder.
    let port_file = profile.join("DevToolsActivePort");
    let deadline = Instant::now() + Duration::from_secs(30);
    let port: u16 = loop {
        if let Some(p) = std::fs::read_to_string(&port_file).ok().and_then(|s| s.lines().next().and_then(|l| l.trim().parse().ok())) {
            break p;
        }
        assert!(Instant::now() < deadline, "chromium opened no DevTools port");
        std::thread::sleep(Duration::from_millis(100));
    };
    let ws = loop {
        let list = http_get(port, "/json/list");
        let found = serde_json::from_str::<Value>(&list).ok().and_then(|v| {
            v.as_array()?
                .iter()
                .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(&wanted))
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(str::to_string))
        });
        if let Some(ws) = found {
            break ws;
        }
        assert!(Instant::now() < deadline, "the page never appeared among chromium's pages: {list}");
        std::thread::sleep(Duration::from_millis(100));
    };
    (browser, Cdp::connect(&ws))
}

/// A plain HTTP GET on the DevTools port; empty when nothing answers yet.
fn http_get(port: u16, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return String::new() };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}
