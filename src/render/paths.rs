//! Site paths (root-relative, before the base URL's own path), as in the
//! "Site paths" table of the content model.

use crate::model::Level;

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
