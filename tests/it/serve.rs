//! `sangkien serve`: edits are served and announced to open tabs, errors
//! show as an overlay over the last good site, paths outside the site are
//! refused, drafts only with `--drafts`, and a real browser tab reloads
//! itself after an edit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util;

const PAGE: &str = "sang-kien/nhat-ky-dien-tu-vuon-sam/";
const ENTRY: &str = "initiatives/2024/nhat-ky-dien-tu-vuon-sam.md";

/// A starter catalogue (`sangkien init`) in a temporary folder.
fn catalogue() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cat");
    let out = util::run(&["init", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dir)
}

/// A running `sangkien serve` on a free port; killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(content: &Path, extra: &[&str]) -> Server {
        let mut child = util::bin()
            .args(["serve", "--bind", "127.0.0.1:0", "--content"])
            .arg(content)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sangkien serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("serving ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server { child, url }
    }

    /// `host:port`.
    fn addr(&self) -> String {
        let rest = self.url.trim_start_matches("http://");
        rest.split('/').next().unwrap_or(rest).to_string()
    }

    /// The path the site is served under (the base URL's), with its `/`.
    fn root(&self) -> String {
        let rest = self.url.trim_start_matches("http://");
        rest[rest.find('/').unwrap_or(rest.len())..].to_string()
    }

    /// Status and body as bytes.
    fn fetch(&self, path: &str) -> (u16, Vec<u8>) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut r = agent.get(format!("{}{path}", self.url)).call().unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_vec().unwrap_or_default())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, body) = self.fetch(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// The body's bytes (anything but 200: none).
    fn get_bytes(&self, path: &str) -> Option<Vec<u8>> {
        let (status, body) = self.fetch(path);
        (status == 200).then_some(body)
    }

    /// Polls `path` until its body satisfies `ok`; panics after 20 s.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, body) = self.get(path);
            if ok(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} on /{path}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A raw request for `path` under the site's root, sent exactly as
    /// given: status line and body.
    fn raw(&self, path: &str) -> (String, String) {
        let mut s = TcpStream::connect(self.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let root = self.root();
        let root = root.trim_end_matches('/');
        write!(
            s,
            "GET {root}{path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        let status = text.lines().next().unwrap_or("").to_string();
        let body = text.split_once("\r\n\r\n").map_or("", |x| x.1).to_string();
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces `from` by `to` in a catalogue file.
fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Subscribes to the reload events; returns the open stream once the
/// server answered (so that later events cannot be missed).
fn subscribe(server: &Server) -> TcpStream {
    let mut s = TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET /__sangkien/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).expect("event stream headers");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("text/event-stream"),
        "{head}"
    );
    s
}

/// Reads the event stream until a reload event arrives.
fn wait_reload(s: &mut TcpStream) {
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    while !seen.contains("event: reload") {
        let n = s.read(&mut buf).expect("a reload event within 20 s");
        assert!(n > 0, "event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[test]
fn an_edit_is_served_and_open_tabs_are_told_to_reload() {
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    let (status, page) = server.get(PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("Ứng dụng nhật ký điện tử trong theo dõi vườn sâm Ngọc Linh"));
    assert!(page.contains("new EventSource(\"/__sangkien/events\")"));
    assert!(!page.contains("SUMMARYMARK"));

    let mut events = subscribe(&server);
    edit(
        &dir,
        ENTRY,
        "summary: \"Thay sổ",
        "summary: \"SUMMARYMARK Thay sổ",
    );
    let page = server.wait_for(PAGE, "the edited summary", |b| b.contains("SUMMARYMARK"));
    assert!(page.contains("Ứng dụng nhật ký điện tử"));
    // The lists it appears in are rebuilt too.
    for list in [
        "sang-kien/",
        "linh-vuc/nong-nghiep/",
        "nam/2024/",
        "the/sam-ngoc-linh/",
    ] {
        let (status, body) = server.get(list);
        assert_eq!(status, 200, "/{list}");
        assert!(
            body.contains("SUMMARYMARK"),
            "/{list} shows the old summary"
        );
    }
    wait_reload(&mut events);

    // The live-reload script is for the preview only, never in `build`.
    let out = dir.parent().unwrap().join("site");
    util::build_ok(&dir, &out);
    let page = std::fs::read_to_string(out.join(PAGE).join("index.html")).unwrap();
    assert!(page.contains("SUMMARYMARK"));
    for f in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if f.file_type().is_file() {
            let bytes = std::fs::read(f.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__sangkien"),
                "{} has the preview's script",
                f.path().display()
            );
        }
    }
}

/// Search files follow an edit: the shard of a new word appears, and the
/// search file of a word the edit did not touch keeps its bytes.
#[test]
fn search_files_follow_an_edit() {
    use sangkien::search::shard;
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    let shard_of = |word: &str| format!("search-index/s/{}.gz", shard::shard_name(word));
    let entries = |word: &str| -> Option<shard::Shard> {
        let gz = server.get_bytes(&shard_of(word))?;
        shard::decode(&shard::gunzip(&gz).ok()?)
    };
    let word_entry = |s: &shard::Shard, w: &str| s.get(&(shard::WORD, w.to_string())).cloned();
    // "Ứng" is in the title only: an edit of the summary leaves its shard
    // served as it was (which shards are made again at all is tested in
    // `search::live_update_makes_only_the_touched_files`).
    let kept = server
        .get_bytes(&shard_of("ung"))
        .expect("the shard of ung");
    assert!(word_entry(&entries("ung").unwrap(), "ung").is_some());
    assert!(entries("xylophonium")
        .and_then(|s| word_entry(&s, "xylophonium"))
        .is_none());
    edit(
        &dir,
        ENTRY,
        "summary: \"Thay sổ",
        "summary: \"Xylophonium thay sổ",
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let list = loop {
        if let Some(l) = entries("xylophonium").and_then(|s| word_entry(&s, "xylophonium")) {
            break l;
        }
        assert!(Instant::now() < deadline, "the new word's shard never came");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(list.df, 1);
    assert_eq!(server.get_bytes(&shard_of("ung")), Some(kept));
}

#[test]
fn an_entry_moved_to_another_field_and_tag_leaves_the_old_lists() {
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    let title = "Ứng dụng nhật ký điện tử trong theo dõi vườn sâm Ngọc Linh";
    assert!(server.get("linh-vuc/nong-nghiep/").1.contains(title));
    assert!(!server.get("linh-vuc/y-te/").1.contains(title));
    edit(&dir, ENTRY, "field: nong-nghiep", "field: y-te");
    edit(&dir, ENTRY, "\"sâm Ngọc Linh\"", "\"dược liệu quý\"");
    server.wait_for("linh-vuc/y-te/", "the entry in its new field", |b| {
        b.contains(title)
    });
    server.wait_for("the/duoc-lieu-quy/", "the new tag's page", |b| {
        b.contains(title)
    });
    assert!(!server.get("linh-vuc/nong-nghiep/").1.contains(title));
    // The old tag has no entry left: its page is gone.
    assert_eq!(server.get("the/sam-ngoc-linh/").0, 404);
    assert!(server.get(PAGE).1.contains("Y tế"));
}

#[test]
fn errors_show_in_an_overlay_over_the_last_good_site() {
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    let mut events = subscribe(&server);
    edit(
        &dir,
        ENTRY,
        "kind: technology_application",
        "kind: teknical",
    );
    let page = server.wait_for(PAGE, "the error overlay", |b| b.contains("sangkien-errors"));
    wait_reload(&mut events);
    // The last good page is still served under the overlay.
    assert!(page.contains("Ứng dụng nhật ký điện tử trong theo dõi vườn sâm Ngọc Linh"));
    assert!(page.contains("Thay sổ ghi chép giấy"));
    // The overlay names the file, the line and the problem.
    let overlay = &page[page.find("sangkien-errors").unwrap()..];
    assert!(overlay.contains(&format!("{ENTRY}:5")), "{overlay}");
    assert!(overlay.contains("teknical"), "{overlay}");
    assert!(
        overlay.contains("kind: teknical"),
        "the offending line is shown"
    );
    // Other pages carry it too.
    let (_, home) = server.get("");
    assert!(home.contains("sangkien-errors"));

    edit(&dir, ENTRY, "kind: teknical", "kind: technical");
    let page = server.wait_for(PAGE, "the overlay to go", |b| {
        !b.contains("sangkien-errors")
    });
    assert!(page.contains("Ứng dụng nhật ký điện tử"));
}

#[test]
fn paths_outside_the_site_are_refused() {
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    for path in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/media/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/media/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/..%2fsite.yaml",
        "/..%5csite.yaml",
        "/media\\..\\..\\site.yaml",
        "/%252e%252e/site.yaml",
        "/media/./vi-du.svg",
        "//etc/passwd",
    ] {
        let (status, body) = server.raw(path);
        assert!(status.contains(" 400 "), "{path}: {status}");
        assert!(!body.contains("base_url"), "{path} leaked site.yaml");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
    }
    // Catalogue sources are not part of the site; referenced media are.
    assert_eq!(server.get("site.yaml").0, 404);
    assert_eq!(server.get(ENTRY).0, 404);
    let (status, svg) = server.get("media/vi-du.svg");
    assert_eq!(status, 200);
    assert!(svg.starts_with("<svg"));
}

#[test]
fn drafts_are_shown_marked_only_with_the_flag() {
    let (_tmp, dir) = catalogue();
    let created = util::run(&[
        "new",
        "--content",
        dir.to_str().unwrap(),
        "initiative",
        "--title",
        "Sổ tay bản nháp",
        "--field",
        "nong-nghiep",
        "--unit",
        "so-khcn",
        "--author",
        "nguyen-van-an",
    ]);
    assert!(created.status.success());
    // The one blank `new` leaves without an option for it.
    let entry = dir.join("initiatives/2026/so-tay-ban-nhap.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    let blank = text
        .lines()
        .find(|l| l.starts_with("  body:"))
        .unwrap()
        .to_string();
    std::fs::write(&entry, text.replacen(&blank, "  body: ubnd-tinh", 1)).unwrap();
    let draft_page = "sang-kien/so-tay-ban-nhap/";
    {
        let server = Server::start(&dir, &[]);
        assert_eq!(server.get(draft_page).0, 404);
        assert!(!server.get("sang-kien/").1.contains("Sổ tay bản nháp"));
    }
    let server = Server::start(&dir, &["--drafts"]);
    let (status, page) = server.get(draft_page);
    assert_eq!(status, 200);
    assert!(page.contains("Sổ tay bản nháp"));
    assert!(page.contains("Bản nháp, chưa công bố"), "drafts are marked");
}

#[test]
fn an_open_page_reloads_itself_after_an_edit_in_chromium() {
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    let Some(driver) = crate::browser::Driver::start() else {
        return;
    };
    let session = driver.session(1000, 800);
    session.goto(&format!("{}{PAGE}", server.url));
    session.wait_for(
        "document.readyState === 'complete'",
        Duration::from_secs(20),
    );
    // A mark that only this load of the page has.
    session.execute(
        "window.__sangkienOld = true; return 1;",
        serde_json::json!([]),
    );
    // The page's event stream is open (subscribed) before the edit.
    session.wait_for(
        "window.__sangkienReload && window.__sangkienReload.readyState === 1",
        Duration::from_secs(20),
    );
    edit(
        &dir,
        ENTRY,
        "summary: \"Thay sổ",
        "summary: \"BROWSERMARK Thay sổ",
    );
    session.wait_for(
        "!window.__sangkienOld && document.body.innerText.includes('BROWSERMARK')",
        Duration::from_secs(30),
    );
}

/// `init`'s site is published under a path (`base_url` …/sang-kien): the
/// preview serves it there, so that its styles, scripts and links resolve.
#[test]
fn a_site_under_a_path_is_served_with_its_styles_and_links() {
    let (_tmp, dir) = catalogue();
    let server = Server::start(&dir, &[]);
    assert!(server.url.ends_with("/sang-kien/"), "{}", server.url);
    let (status, home) = server.get("");
    assert_eq!(status, 200);
    let doc = scraper::Html::parse_document(&home);
    let sel = scraper::Selector::parse("link[href], script[src], a[href]").unwrap();
    let mut local: Vec<String> = doc
        .select(&sel)
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .filter(|u| u.starts_with('/'))
        .map(str::to_string)
        .collect();
    local.sort();
    local.dedup();
    assert!(
        local.iter().any(|u| u.ends_with(".css")),
        "a stylesheet: {local:?}"
    );
    assert!(local.len() > 5, "{local:?}");
    let origin = format!("http://{}", server.addr());
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    for u in &local {
        assert!(u.starts_with("/sang-kien/"), "{u} is under the site's path");
        let r = agent.get(format!("{origin}{u}")).call().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{u}");
    }
    // The server's root leads to the site.
    let mut s = TcpStream::connect(server.addr()).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    assert!(text.starts_with("HTTP/1.1 301"), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("location: /sang-kien/"),
        "{text}"
    );
}
