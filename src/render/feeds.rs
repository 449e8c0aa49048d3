//! Machine-readable files: Atom feeds (`/feed.xml`, the newest
//! initiatives; `/noi-bat/feed.xml`, featured ones), the sitemap and
//! robots.txt. Written directly (no templates) with XML escaping.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::{format, paths, Page, Renderer};
use crate::model::Catalogue;

/// Entries in a feed.
pub const FEED_SIZE: usize = 50;
/// URLs in one sitemap file (the protocol's limit).
pub const SITEMAP_SIZE: usize = 50_000;

/// Featured initiatives whose featuring has begun by the build date,
/// most recently featured first.
pub(crate) fn featured_entries(c: &Catalogue) -> Vec<usize> {
    let mut list: Vec<(Date, usize)> = c
        .initiatives
        .iter()
        .enumerate()
        .filter_map(|(n, i)| {
            let f = i.featured.as_ref()?;
            (f.from <= c.today).then_some((f.from, n))
        })
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    list.into_iter().take(FEED_SIZE).map(|(_, n)| n).collect()
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Midnight in Vietnam on `d`, as an Atom date.
fn stamp(d: Date) -> String {
    format!("{}T00:00:00+07:00", format::iso(d))
}

pub(crate) fn feed(r: &Renderer, p: &Page, featured: bool) -> String {
    let c = r.c;
    let (self_path, title) = if featured {
        ("/noi-bat/feed.xml", r.t("feed_featured"))
    } else {
        ("/feed.xml", r.t("feed_all"))
    };
    let entry_date = |n: usize| {
        let i = &c.initiatives[n];
        match (&i.featured, featured) {
            (Some(f), true) => f.from,
            _ => i.recognition.date,
        }
    };
    let updated = p
        .shows
        .iter()
        .map(|&n| entry_date(n))
        .max()
        .unwrap_or(c.today);
    let lang = if r.lang == crate::model::Language::En {
        "en"
    } else {
        "vi"
    };
    let mut x = String::with_capacity(1024 + p.shows.len() * 800);
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{} — {}</title>\n<id>{}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n\
         <author><name>{}</name></author>\n",
        xml_escape(&c.site.title),
        xml_escape(title),
        xml_escape(&r.abs(self_path)),
        xml_escape(&r.abs(self_path)),
        xml_escape(&r.abs("/")),
        stamp(updated),
        xml_escape(&c.site.publisher),
    );
    if let Some(tagline) = &c.site.tagline {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", xml_escape(tagline));
    }
    for &n in &p.shows {
        let i = &c.initiatives[n];
        let url = r.abs(&paths::initiative(&i.slug));
        let entry_title = match (&i.featured, featured) {
            (Some(f), true) => f.headline.as_deref().unwrap_or(&i.title),
            _ => &i.title,
        };
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n",
            xml_escape(entry_title),
            xml_escape(&r.abs(&paths::short(&i.id))),
            xml_escape(&url),
            stamp(i.recognition.date),
            stamp(entry_date(n)),
        );
        for a in &i.authors {
            let name = c
                .author(&a.author)
                .map_or(a.author.as_str(), |x| x.name.as_str());
            let _ = writeln!(x, "<author><name>{}</name></author>", xml_escape(name));
        }
        if let Some(f) = c.field(&i.field) {
            let _ = writeln!(
                x,
                "<category term=\"{}\" label=\"{}\"/>",
                xml_escape(&f.slug),
                xml_escape(&f.name)
            );
        }
        let _ = write!(
            x,
            "<summary>{} — {}</summary>\n</entry>\n",
            xml_escape(&i.id),
            xml_escape(&i.summary)
        );
    }
    x.push_str("</feed>\n");
    x
}

/// A sitemap of site paths.
pub(crate) fn sitemap(r: &Renderer, urls: &[String]) -> String {
    let mut x = String::with_capacity(100 + urls.len() * 80);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        let _ = writeln!(x, "<url><loc>{}</loc></url>", xml_escape(&r.abs(u)));
    }
    x.push_str("</urlset>\n");
    x
}

/// A sitemap index pointing at sitemap files (site paths).
pub(crate) fn sitemap_index(r: &Renderer, parts: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in parts {
        let _ = writeln!(x, "<sitemap><loc>{}</loc></sitemap>", xml_escape(&r.abs(p)));
    }
    x.push_str("</sitemapindex>\n");
    x
}

pub(crate) fn robots(r: &Renderer) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        r.abs("/sitemap.xml")
    )
}
