//! The preview's HTTP side (axum): the site from memory, a stream of
//! reload events (server-sent events) for open tabs, the error overlay,
//! and a refusal of every path that tries to leave the site.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body as HttpBody;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;

use super::engine::{Body, Preview, SiteFiles};

/// Where open tabs listen for reloads.
pub const EVENTS: &str = "/__sangkien/events";

/// Injected into served HTML only (never into `build` output): reloads
/// the tab when the site changed. The stream is kept on `window` so that
/// a test can wait until it is open.
const LIVE_RELOAD: &str =
    "<script>(function(){var s=window.__sangkienReload=new EventSource(\"/__sangkien/events\");\
s.addEventListener(\"reload\",function(){location.reload()});})();</script>";

/// What the handlers share with the rebuild loop.
pub struct Shared {
    pub preview: Arc<Preview>,
    /// Carries the rebuild generation to every open tab.
    pub reload: broadcast::Sender<u64>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback(site)
        .with_state(shared)
}

async fn events(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(generation) => {
                    let e = Event::default()
                        .event("reload")
                        .data(generation.to_string());
                    return Some((Ok(e), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn site(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
    }
    let root = shared.preview.root();
    // The site lives under its base URL's path, as it will when published.
    let request = match uri.path().strip_prefix(root.as_str()) {
        Some(rest) if rest.starts_with('/') => rest,
        Some("") => return redirect(&format!("{root}/")),
        _ if uri.path() == "/" => return redirect(&format!("{root}/")),
        _ => {
            return plain(
                StatusCode::NOT_FOUND,
                "not found: the site is under its base URL's path",
            )
        }
    };
    let Some(path) = site_path(request) else {
        return plain(StatusCode::BAD_REQUEST, "this path is outside the site");
    };
    let overlay = shared.preview.overlay.read().ok().and_then(|o| o.clone());
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    let found = match shared.preview.files.read() {
        Ok(files) => lookup(&files, &file, &path),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "preview unavailable"),
    };
    let (status, name, body) = match found {
        Lookup::File(name, b) => (StatusCode::OK, name, b),
        // A folder without its slash, as static hosts do.
        Lookup::Folder => return redirect(&format!("{root}/{path}/")),
        Lookup::Missing(page) => match (&overlay, page) {
            (Some(o), None) => return html(StatusCode::OK, inject(&o.page(), None)),
            (_, Some(b)) => (StatusCode::NOT_FOUND, "404.html".to_string(), b),
            (None, None) => return plain(StatusCode::NOT_FOUND, "not found"),
        },
    };
    let bytes = match body {
        Body::Bytes(b) => b,
        Body::File(p) => match tokio::fs::read(&p).await {
            Ok(b) => b.into(),
            Err(_) => return plain(StatusCode::NOT_FOUND, "not found"),
        },
    };
    let kind = content_type(&name);
    if kind.starts_with("text/html") {
        let text = String::from_utf8_lossy(&bytes);
        let overlay = overlay.as_ref().map(|o| o.html());
        return html(status, inject(&text, overlay.as_deref()));
    }
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .body(HttpBody::from(bytes))
        .unwrap_or_default()
}

fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::MOVED_PERMANENTLY)
        .header(header::LOCATION, to)
        .body(HttpBody::empty())
        .unwrap_or_default()
}

enum Lookup {
    File(String, Body),
    Folder,
    /// With the site's 404 page, if it has one.
    Missing(Option<Body>),
}

/// Looks a file up while the site is locked (no await in here).
fn lookup(files: &SiteFiles, file: &str, path: &str) -> Lookup {
    if let Some(b) = files.get(file) {
        return Lookup::File(file.to_string(), b.clone());
    }
    if files.contains_key(&format!("{path}/index.html")) {
        return Lookup::Folder;
    }
    Lookup::Missing(files.get("404.html").cloned())
}

/// The site path of a request path, percent-decoded and without its
/// leading `/`; `None` for anything that could step outside the site:
/// `..` or `.` segments (plain or encoded), backslashes, NUL, encoded
/// slashes, double encoding, or text that is not UTF-8.
pub fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25") {
        return None;
    }
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") || decoded.contains("//") {
        return None;
    }
    Some(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Adds the live-reload script (and the overlay, if any) before
/// `</body>`, or at the end of a page without one.
fn inject(page: &str, overlay: Option<&str>) -> String {
    let extra = format!("{}{LIVE_RELOAD}", overlay.unwrap_or(""));
    match page.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &page[..at], &page[at..]),
        None => format!("{page}{extra}"),
    }
}

fn html(status: StatusCode, text: String) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(HttpBody::from(text))
        .unwrap_or_default()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_every_way_out() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/a/%2e%2e/b",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/%252e%252e/x",
            "/a/./b",
            "//etc/passwd",
            "/a%00b",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(
            site_path("/sang-kien/abc/").as_deref(),
            Some("sang-kien/abc/")
        );
        assert_eq!(site_path("/t%E1%BA%ADp").as_deref(), Some("tập"));
        assert_eq!(site_path("/a..b/").as_deref(), Some("a..b/"));
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject("<html><body><p>x</p></body></html>", Some("<div>e</div>"));
        assert!(out.contains("<p>x</p><div>e</div><script>"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
