//! The error overlay: when the catalogue has errors, every page of the
//! preview (still the last good site) carries a box listing them, with
//! the file, line, message and the offending line, so that editors see
//! what to fix where they look.

use crate::diag::{display_path, Diagnostic};
use crate::load::Loaded;

/// At most this many problems are shown (the rest are counted).
const SHOWN: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
    /// The text of the offending line.
    pub excerpt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub problems: Vec<Problem>,
    /// Errors beyond [`SHOWN`].
    pub more: usize,
}

impl Overlay {
    /// The errors among `diags` (warnings do not stop the preview).
    pub fn from_diagnostics(diags: &[Diagnostic], loaded: &Loaded) -> Overlay {
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        let problems = errors
            .iter()
            .take(SHOWN)
            .map(|d| Problem {
                file: display_path(&d.path),
                line: d.line,
                message: format!("{} [{}]", d.message, d.code),
                hint: d.hint.as_ref().map(|h| h.text()),
                excerpt: d.line.and_then(|n| {
                    let f = loaded.files.iter().find(|f| f.path == d.path)?;
                    f.text.lines().nth(n as usize - 1).map(str::to_string)
                }),
            })
            .collect();
        Overlay {
            problems,
            more: errors.len().saturating_sub(SHOWN),
        }
    }

    /// A problem that is not about one file (theme, templates).
    pub fn message(text: &str) -> Overlay {
        Overlay {
            problems: vec![Problem {
                file: String::new(),
                line: None,
                message: text.to_string(),
                hint: None,
                excerpt: None,
            }],
            more: 0,
        }
    }

    /// The overlay as an HTML fragment (every text escaped).
    pub fn html(&self) -> String {
        let mut out = String::from(
            "<div id=\"sangkien-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:1.5rem\">\
<h2 style=\"margin:0 0 1rem;color:#ff8a80\">Danh mục có lỗi: trang đang hiển thị là bản đúng gần nhất</h2><ol>",
        );
        for p in &self.problems {
            out.push_str("<li style=\"margin-bottom:1rem\">");
            if !p.file.is_empty() {
                out.push_str("<code style=\"color:#ffd180\">");
                out.push_str(&escape(&p.file));
                if let Some(l) = p.line {
                    out.push_str(&format!(":{l}"));
                }
                out.push_str("</code> ");
            }
            out.push_str(&escape(&p.message));
            if let Some(x) = &p.excerpt {
                out.push_str("<pre style=\"background:#000;padding:.5rem;overflow:auto\">");
                out.push_str(&escape(x));
                out.push_str("</pre>");
            }
            if let Some(h) = &p.hint {
                out.push_str("<div style=\"color:#b9f6ca\">");
                out.push_str(&escape(h));
                out.push_str("</div>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
        if self.more > 0 {
            out.push_str(&format!(
                "<p>… và {} lỗi khác (xem <code>sangkien check</code>)</p>",
                self.more
            ));
        }
        out.push_str("<p>Sửa tệp và lưu lại: trang tự tải lại.</p></div>");
        out
    }

    /// A whole page for when no good site exists yet.
    pub fn page(&self) -> String {
        format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
<title>Lỗi danh mục</title></head><body>{}</body></html>",
            self.html()
        )
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_everything() {
        let o = Overlay {
            problems: vec![Problem {
                file: "initiatives/2024/<x>.md".into(),
                line: Some(3),
                message: "bad <script>alert(1)</script>".into(),
                hint: Some("\"quoted\"".into()),
                excerpt: Some("title: <b>".into()),
            }],
            more: 2,
        };
        let html = o.html();
        assert!(html.contains("initiatives/2024/&lt;x&gt;.md:3"));
        assert!(html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("title: &lt;b&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("2 lỗi khác"));
    }
}
