//! Rules about an entry's Markdown body: how deeply it nests.
//!
//! The HTML sanitiser (ammonia, through html5ever) and browsers do work
//! that grows with the square of the nesting depth; 100,000 nested list
//! markers took minutes to build. No real description nests more than a
//! handful of levels, so a body deeper than [`MAX_NESTING`] is refused
//! here, before anything renders it.

use pulldown_cmark::{Event, Options, Parser};

use crate::diag::Diagnostic;
use crate::load::SourceFile;
use crate::msg;

/// Open elements allowed at once: Markdown blocks and inlines plus raw
/// HTML elements.
pub const MAX_NESTING: usize = 32;

/// The options the renderer uses (`render::format::markdown`).
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// An error at the first line where the body nests deeper than
/// [`MAX_NESTING`], if it does.
pub fn nesting(file: &SourceFile) -> Option<Diagnostic> {
    let body = file.body_text();
    if depth_bound(body) <= MAX_NESTING {
        return None;
    }
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => depth = html_depth(&html, depth),
            _ => {}
        }
        if depth > MAX_NESTING {
            let line = file.body_line as usize + body[..range.start].matches('\n').count();
            return Some(
                Diagnostic::error("nesting", &file.path, msg!("nesting", max = MAX_NESTING))
                    .at_line(line as u32)
                    .with_hint(msg!("nesting.hint")),
            );
        }
    }
    None
}

/// A cheap upper bound of the depth, so that ordinary bodies skip the
/// parse: block containers need at least one character of a line's prefix
/// each (a tab counts for four), a paragraph, heading or table adds at most
/// four, and every inline element or HTML tag starts with one of `*_[~<`.
fn depth_bound(body: &str) -> usize {
    let mut prefix = 0;
    let mut inline = 0;
    for line in body.lines() {
        let mut width = 0;
        for b in line.bytes() {
            match b {
                b'\t' => width += 4,
                b' ' | b'>' | b'-' | b'+' | b'*' | b'.' | b')' | b'0'..=b'9' => width += 1,
                _ => break,
            }
        }
        prefix = prefix.max(width);
        inline += line
            .bytes()
            .filter(|b| matches!(b, b'*' | b'_' | b'[' | b'~' | b'<'))
            .count();
        if prefix + 4 + inline > MAX_NESTING {
            break;
        }
    }
    prefix + 4 + inline
}

/// Elements that never hold others, so they do not nest.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The depth after a piece of raw HTML: one more for each opening tag, one
/// less for each closing tag (void and self-closing tags change nothing).
fn html_depth(html: &str, mut depth: usize) -> usize {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..end].ends_with('/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Kind;

    fn entry(body: &str) -> SourceFile {
        let text = format!("---\ntitle: x\n---\n{body}");
        let start = "---\ntitle: x\n---\n".len();
        SourceFile {
            path: "pages/x.md".into(),
            kind: Kind::Page,
            slug: "x".into(),
            yaml: 4..start - 4,
            yaml_line: 2,
            body: start..text.len(),
            body_line: 4,
            text,
        }
    }

    #[test]
    fn ordinary_bodies_pass_and_take_the_cheap_path() {
        let body = "# Mô tả\n\n- một\n  - hai\n    - ba\n\n> trích **đậm** và *nghiêng*\n\n<div><b>x</b><br></div>\n";
        assert!(depth_bound(body) <= MAX_NESTING);
        assert!(nesting(&entry(body)).is_none());
    }

    #[test]
    fn deep_lists_quotes_emphasis_and_html_are_refused_at_their_line() {
        let lists = format!("intro\n\n{}x <b>y</b>\n", "- ".repeat(100_000));
        let d = nesting(&entry(&lists)).expect("deep list refused");
        assert_eq!((d.code, d.line), ("nesting", Some(6)));
        let quotes = format!("{}x\n", ">".repeat(50));
        assert_eq!(nesting(&entry(&quotes)).map(|d| d.line), Some(Some(4)));
        let divs = format!("a\n\n{}\n", "<div>".repeat(100_000));
        assert_eq!(nesting(&entry(&divs)).map(|d| d.line), Some(Some(6)));
        let spans = format!("a {}b\n", "<span>".repeat(40));
        assert_eq!(nesting(&entry(&spans)).map(|d| d.line), Some(Some(4)));
    }

    #[test]
    fn many_siblings_are_not_depth() {
        let body = "<p>a</p>\n".repeat(1000) + &"- **đậm** [x](/y/)\n".repeat(1000);
        assert!(depth_bound(&body) > MAX_NESTING, "takes the precise path");
        assert!(nesting(&entry(&body)).is_none());
    }

    #[test]
    fn html_depth_counts_open_minus_closed() {
        assert_eq!(
            html_depth("<div><span>a</span><br/><img src=x></div>", 0),
            0
        );
        assert_eq!(html_depth("<div><div><p>", 1), 4);
        assert_eq!(html_depth("</div></div>", 1), 0);
        assert_eq!(html_depth("a < b and <3", 0), 0);
    }
}
