//! Headless Chromium for the tests, driven through chromedriver's WebDriver
//! HTTP API with ureq, plus a tiny static file server. Generic: search and
//! serve tests both use it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The flags the project's browser tests run Chromium with.
pub const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
];

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// A running chromedriver; killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

/// Set by `.ci/run`: there, a missing browser fails the test.
const REQUIRED: &str = "SANGKIEN_BROWSER_TESTS";

impl Driver {
    /// Starts chromedriver. Where Chromium is not installed, a browser test
    /// is skipped with one line on stderr (`None`), except in CI
    /// (`SANGKIEN_BROWSER_TESTS=required`), where that is a failure.
    pub fn start() -> Option<Driver> {
        let installed = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
            .iter()
            .all(|p| std::path::Path::new(p).is_file());
        if !installed {
            let required = std::env::var(REQUIRED).is_ok_and(|v| v == "required");
            assert!(
                !required,
                "Chromium is required here: apt-get install chromium chromium-driver"
            );
            eprintln!(
                "skipped: a browser test needs Chromium (apt-get install chromium chromium-driver)"
            );
            return None;
        }
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = agent()
                .get(format!("{}/status", driver.url))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return Some(driver);
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A new browser session with a window of `width` × `height`.
    pub fn session(&self, width: u32, height: u32) -> Session {
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
            "goog:loggingPrefs": {"performance": "ALL", "browser": "ALL"}
        }}});
        let v = post(&format!("{}/session", self.url), &caps);
        let id = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Session {
            url: format!("{}/session/{id}", self.url),
            _profile: profile,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post(url: &str, body: &Value) -> Value {
    let mut r = agent()
        .post(url)
        .send_json(body)
        .expect("webdriver request");
    r.body_mut().read_json().expect("webdriver answer")
}

/// One browser window; closed on drop.
pub struct Session {
    url: String,
    _profile: tempfile::TempDir,
}

/// A network response seen by the browser.
#[derive(Debug, Clone)]
pub struct Response {
    pub url: String,
    pub status: i64,
    /// Bytes on the wire (headers and body).
    pub bytes: u64,
}

impl Session {
    fn cmd(&self, path: &str, body: Value) -> Value {
        let v = post(&format!("{}/{path}", self.url), &body);
        if v["value"].get("error").is_some() {
            panic!("webdriver {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.cmd("url", json!({ "url": url }));
    }

    /// Runs a script (`return …` for a value).
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.cmd("execute/sync", json!({ "script": script, "args": args }))
    }

    /// Runs an async script: it gets a callback as its last argument.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.cmd("execute/async", json!({ "script": script, "args": args }))
    }

    /// Waits until `condition` (a JS expression) is truthy; returns its value.
    pub fn wait_for(&self, condition: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.execute(&format!("return ({condition});"), json!([]));
            if !(v.is_null() || v == false || v == 0 || v == "") {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {condition}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The WebDriver id of the element a CSS selector finds.
    pub fn element(&self, selector: &str) -> String {
        let el = self.cmd(
            "element",
            json!({ "using": "css selector", "value": selector }),
        );
        el.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    /// Types text into the element a CSS selector finds.
    pub fn type_into(&self, selector: &str, text: &str) {
        let id = self.element(selector);
        self.cmd(&format!("element/{id}/value"), json!({ "text": text }));
    }

    /// Clicks the element a CSS selector finds.
    pub fn click(&self, selector: &str) {
        let id = self.element(selector);
        self.cmd(&format!("element/{id}/click"), json!({}));
    }

    /// The performance log since the last call (DevTools events).
    pub fn performance_log(&self) -> Vec<Value> {
        let v = self.cmd("se/log", json!({ "type": "performance" }));
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
            .map(|m| m["message"].clone())
            .collect()
    }

    /// The responses in the performance log since the last call, with
    /// their size on the wire.
    pub fn responses(&self) -> Vec<Response> {
        let mut by_id: std::collections::BTreeMap<String, Response> = Default::default();
        for m in self.performance_log() {
            let p = &m["params"];
            let id = p["requestId"].as_str().unwrap_or_default().to_string();
            match m["method"].as_str() {
                Some("Network.responseReceived") => {
                    let r = &p["response"];
                    by_id.insert(
                        id,
                        Response {
                            url: r["url"].as_str().unwrap_or_default().to_string(),
                            status: r["status"].as_i64().unwrap_or(0),
                            bytes: 0,
                        },
                    );
                }
                Some("Network.loadingFinished") => {
                    if let Some(r) = by_id.get_mut(&id) {
                        r.bytes = p["encodedDataLength"].as_f64().unwrap_or(0.0) as u64;
                    }
                }
                _ => {}
            }
        }
        by_id.into_values().collect()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = agent().delete(&self.url).call();
    }
}

/// A static file server for a folder on 127.0.0.1 (GET only; `dir/` →
/// `dir/index.html`; `.gz` files are sent as they are, as gzip data).
pub struct StaticServer {
    pub url: String,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let (root, flag) = (root.to_path_buf(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(s) = stream {
                    let root = root.clone();
                    std::thread::spawn(move || serve_one(s, &root));
                }
            }
        });
        StaticServer {
            url: format!("http://127.0.0.1:{port}"),
            stop,
            port,
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("gz") => "application/gzip",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_or(true, |n| n == 0) || line == "\r\n" {
            break;
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = percent_decode(path.trim_start_matches('/'));
    let mut file: PathBuf = root.join(&rel);
    if rel.split('/').any(|c| c == "..") {
        file = root.join("..missing");
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body, ctype) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b, content_type(&file)),
        Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
