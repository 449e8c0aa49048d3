//! How values are shown to readers: dates `dd/mm/yyyy`, numbers with a
//! thousands separator (`1.234.567` in Vietnamese), money as `120.000.000 đ`,
//! and Markdown turned into safe HTML.

use jiff::civil::Date;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag};

use crate::model::Language;

/// `dd/mm/yyyy`.
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// `yyyy-mm-dd`, for `datetime` attributes and machine-readable data.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `1234567` → `1.234.567` (Vietnamese) or `1,234,567` (English).
pub fn number(n: u64, lang: Language) -> String {
    let sep = if lang == Language::En { ',' } else { '.' };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `120000000` → `120.000.000 đ` (or `120,000,000 VND`).
pub fn money(n: u64, lang: Language) -> String {
    let unit = if lang == Language::En { "VND" } else { "đ" };
    format!("{} {unit}", number(n, lang))
}

/// Renders catalogue Markdown as HTML. Headings are shifted so that the
/// body's highest heading is `<h{top}>` (the page owns the levels above).
/// Root-relative links get the site's path prefix `root`. Raw HTML and
/// links with a scheme other than http(s)/mailto/tel send the result
/// through ammonia; other output is safe by construction, because
/// pulldown-cmark escapes text and attribute values.
pub fn markdown(md: &str, top: u8, root: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Parsed once; the events are walked twice (heading levels, output).
    let parsed: Vec<Event> = Parser::new_ext(md, opts).collect();
    let min_level = parsed
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = top.saturating_sub(min_level);
    let mut needs_sanitising = false;
    let events = parsed.into_iter().map(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => {
            needs_sanitising = true;
            e
        }
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            Event::End(pulldown_cmark::TagEnd::Heading(shifted(level, shift)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            needs_sanitising |= !safe_url(&dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url: prefixed(dest_url, root),
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            needs_sanitising |= !safe_url(&dest_url);
            Event::Start(Tag::Image {
                link_type,
                dest_url: prefixed(dest_url, root),
                title,
                id,
            })
        }
        other => other,
    });
    let mut html = String::with_capacity(md.len() + md.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    if needs_sanitising {
        ammonia::clean(&html)
    } else {
        html
    }
}

fn shifted(level: HeadingLevel, shift: u8) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + shift as usize).min(6)).unwrap_or(HeadingLevel::H6)
}

/// Relative, or an absolute URL with a harmless scheme.
fn safe_url(url: &str) -> bool {
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

fn prefixed<'a>(url: CowStr<'a>, root: &str) -> CowStr<'a> {
    if !root.is_empty() && url.starts_with('/') && !url.starts_with("//") {
        CowStr::from(format!("{root}{url}"))
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        assert_eq!(number(0, Language::Vi), "0");
        assert_eq!(number(999, Language::Vi), "999");
        assert_eq!(number(1234567, Language::Vi), "1.234.567");
        assert_eq!(money(120_000_000, Language::Vi), "120.000.000 đ");
        assert_eq!(money(1000, Language::En), "1,000 VND");
        let d = Date::new(2024, 3, 5).unwrap();
        assert_eq!(date(d), "05/03/2024");
        assert_eq!(iso(d), "2024-03-05");
    }

    #[test]
    fn markdown_shifts_headings_and_removes_scripts() {
        let html = markdown(
            "# A\n\n## B\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))",
            3,
            "",
        );
        assert!(
            html.contains("<h3>A</h3>") && html.contains("<h4>B</h4>"),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
    }

    #[test]
    fn markdown_plain_is_not_sanitised_but_escaped() {
        let html = markdown("a <b & [l](/gioi-thieu/ \"t\")", 2, "/sk");
        assert!(html.contains("a &lt;b &amp;"), "{html}");
        assert!(html.contains("href=\"/sk/gioi-thieu/\""), "{html}");
    }
}
