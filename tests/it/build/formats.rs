//! Links resolve; feeds and sitemap are XML; pages are valid HTML5 and light.

use scraper::{Html, Selector};

use super::*;
use crate::util;

/// Internal references of an HTML page: href, src and action values.
fn references(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("[href], [src], [action]").unwrap();
    let mut out = Vec::new();
    for e in doc.select(&sel) {
        for attr in ["href", "src", "action"] {
            if let Some(v) = e.value().attr(attr) {
                out.push(v.to_string());
            }
        }
    }
    let refresh = Selector::parse("meta[http-equiv=refresh]").unwrap();
    for e in doc.select(&refresh) {
        let content = e.value().attr("content").unwrap();
        out.push(content.split("url=").nth(1).unwrap().to_string());
    }
    let og = Selector::parse("meta[property='og:url'], meta[property='og:image']").unwrap();
    for e in doc.select(&og) {
        out.push(e.value().attr("content").unwrap().to_string());
    }
    out
}

/// The output file a reference points at, or `None` for other sites.
/// `base` is the site's base URL; its path is the prefix of site paths.
fn target(reference: &str, base: &str) -> Option<String> {
    let prefix = base.splitn(4, '/').nth(3).map(|p| format!("/{p}"));
    let r = match reference.strip_prefix(base) {
        Some(r) => r,
        None => reference,
    };
    let r = match &prefix {
        Some(p) if !reference.starts_with(base) && r.starts_with('/') => r
            .strip_prefix(p.as_str())
            .unwrap_or_else(|| panic!("{reference} is outside the site's path {p}")),
        _ => r,
    };
    if r.starts_with("http://") || r.starts_with("https://") || r.starts_with("mailto:") {
        return None;
    }
    let path = r.split(['#', '?']).next().unwrap();
    if path.is_empty() {
        return None; // a fragment of the same page
    }
    assert!(path.starts_with('/'), "relative reference {reference}");
    let p = &path[1..];
    Some(if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    })
}

pub(super) fn assert_links_resolve(site: &BTreeMap<String, Vec<u8>>, base: &str) {
    let mut checked = 0;
    for (path, bytes) in site {
        let refs: Vec<String> = if path.ends_with(".html") {
            references(std::str::from_utf8(bytes).unwrap())
        } else if path.ends_with(".xml") {
            let x = std::str::from_utf8(bytes).unwrap();
            let mut v = Vec::new();
            for piece in x.split("<loc>").skip(1) {
                v.push(piece.split("</loc>").next().unwrap().to_string());
            }
            for piece in x.split("href=\"").skip(1) {
                v.push(piece.split('"').next().unwrap().to_string());
            }
            v
        } else {
            continue;
        };
        for r in refs {
            if let Some(t) = target(&r, base) {
                assert!(site.contains_key(&t), "{path}: {r} → {t} does not exist");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} references checked");
}

#[test]
fn every_internal_link_resolves() {
    assert_links_resolve(&content_site().site, "https://sangkien.kontum.example.vn");
    assert_links_resolve(&basic_site().site, "https://sk.example.vn");
}

fn assert_xml(name: &str, bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut elements = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) | Ok(quick_xml::events::Event::Empty(_)) => {
                elements += 1
            }
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
        buf.clear();
    }
    elements
}

#[test]
fn feeds_and_sitemap_are_xml() {
    for built in [content_site(), basic_site()] {
        let site = &built.site;
        for f in ["feed.xml", "noi-bat/feed.xml", "sitemap.xml"] {
            assert!(assert_xml(f, &site[f]) > 3, "{f}");
        }
        let feed = text(site, "feed.xml");
        assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(feed.matches("<entry>").count() <= 50);
        let sitemap = text(site, "sitemap.xml");
        let html_pages = site
            .keys()
            .filter(|k| k.ends_with("index.html") && !k.starts_with("s/") && !k.starts_with("cu/"))
            .count();
        assert_eq!(sitemap.matches("<loc>").count(), html_pages);
        assert!(text(site, "robots.txt").contains("sitemap.xml"));
    }
}

#[test]
fn pages_are_valid_html5() {
    let title = Selector::parse("head > title").unwrap();
    let main = Selector::parse("main#main").unwrap();
    let h1 = Selector::parse("h1").unwrap();
    let canonical = Selector::parse("link[rel=canonical]").unwrap();
    for built in [content_site(), basic_site()] {
        let mut n = 0;
        for (path, bytes) in &built.site {
            if !path.ends_with(".html") {
                continue;
            }
            let text = std::str::from_utf8(bytes).unwrap();
            let doc = Html::parse_document(text);
            assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
            assert!(
                text.starts_with("<!doctype html>\n<html lang=\"vi\">"),
                "{path}"
            );
            assert_eq!(doc.select(&title).count(), 1, "{path}");
            assert_eq!(doc.select(&canonical).count(), 1, "{path}");
            let redirect = text.contains("http-equiv=\"refresh\"");
            if !redirect {
                assert_eq!(doc.select(&main).count(), 1, "{path}");
                assert_eq!(doc.select(&h1).count(), 1, "{path}: one h1");
                assert!(text.contains("property=\"og:title\""), "{path}");
                assert!(text.contains("name=\"twitter:card\""), "{path}");
                assert!(text.contains("name=\"description\""), "{path}");
                assert_heading_order(path, &doc);
            }
            n += 1;
        }
        assert!(n > 20);
    }
}

/// Headings never skip a level going down (h2 → h4).
fn assert_heading_order(path: &str, doc: &Html) {
    let sel = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let mut last = 0;
    for h in doc.select(&sel) {
        let level = h.value().name()[1..].parse::<usize>().unwrap();
        assert!(level <= last + 1, "{path}: h{level} after h{last}");
        last = level;
    }
}

#[test]
fn typical_page_is_light() {
    use std::io::Write;
    let site = &content_site().site;
    let c = catalogue(&util::content());
    let gz = |b: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap().len()
    };
    let css = gz(&site["assets/style.css"]);
    for i in &c.initiatives {
        let page = gz(&site[&format!("sang-kien/{}/index.html", i.slug)]);
        assert!(
            page + css <= 15 * 1024,
            "{}: {} + {css} bytes gzipped",
            i.slug,
            page
        );
    }
    assert!(gz(&site["sang-kien/index.html"]) + css <= 15 * 1024);
}
