//! Site paths (root-relative, before the base URL's own path), as in the
//! "Site paths" table of the content model.

use crate::model::Level;

/// The path a site is published under, from its `base_url`, without the
/// trailing `/`: `https://x.github.io/sang-kien/` → `/sang-kien`; empty at
/// a domain's root. Every site path is prefixed with it.
pub fn site_root(base_url: &str) -> String {
    url::Url::parse(base_url)
        .map(|u| u.path().trim_end_matches('/').to_string())
        .unwrap_or_default()
}

pub fn initiative(slug: &str) -> String {
    format!("/sang-kien/{slug}/")
}
pub fn short(id: &str) -> String {
    format!("/s/{id}/")
}
pub fn author(slug: &str) -> String {
    format!("/tac-gia/{slug}/")
}
pub fn unit(slug: &str) -> String {
    format!("/don-vi/{slug}/")
}
pub fn field(slug: &str) -> String {
    format!("/linh-vuc/{slug}/")
}
pub fn year(y: i16) -> String {
    format!("/nam/{y}/")
}
pub fn level(l: Level) -> String {
    format!("/cap/{}/", l.as_str())
}
pub fn district(slug: &str) -> String {
    format!("/dia-ban/{slug}/")
}
/// The page of a tag, by its text.
pub fn tag(text: &str) -> String {
    tag_slug(&crate::text::slugify(text))
}
pub fn tag_slug(slug: &str) -> String {
    format!("/the/{slug}/")
}
pub fn free_page(slug: &str) -> String {
    format!("/{slug}/")
}
/// Page `n` of a list whose first page is at `first`.
pub fn list_page(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}trang/{n}/")
    }
}
/// The file that serves a site path: `/a/` → `a/index.html`.
pub fn file_of(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// Longest name of one file or folder on common file systems (bytes).
const MAX_NAME: usize = 255;
/// Longest path inside the site we write (bytes), to leave room for the
/// folder the site is published from.
const MAX_PATH: usize = 1024;

/// Why a file path inside the site (as [`file_of`] makes it) cannot be
/// written, if it cannot: it must stay inside the site, have no empty,
/// `.` or `..` part, no control character, and fit file systems' limits.
pub fn file_problem(file: &str) -> Option<&'static str> {
    if file.is_empty() || file.starts_with('/') || file.contains('\\') {
        return Some("a path outside the site");
    }
    if file.chars().any(char::is_control) {
        return Some("a path with a control character");
    }
    if file.len() > MAX_PATH {
        return Some("a path longer than file systems allow");
    }
    for part in file.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Some("a path with an empty, `.` or `..` part");
        }
        if part.len() > MAX_NAME {
            return Some("a file name longer than 255 bytes");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_problems() {
        assert_eq!(file_problem("sang-kien/a/index.html"), None);
        assert!(file_problem("a//index.html").is_some());
        assert!(file_problem("../x").is_some());
        assert!(file_problem("a\u{0}b/index.html").is_some());
        assert!(file_problem(&format!("the/{}/index.html", "a".repeat(256))).is_some());
        assert_eq!(
            file_problem(&format!("the/{}/index.html", "a".repeat(255))),
            None
        );
    }
}
