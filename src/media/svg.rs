//! SVG images must be inert: opened from the site, an SVG is a document
//! on the site's origin and runs any script it holds. Refused: scripts,
//! event attributes, embedded HTML and plug-ins, script or non-picture
//! `data:` URLs, references to other files (in `href`, `src`, `style`
//! and presentation attributes), DOCTYPE (entities) and processing
//! instructions. An SVG that does not parse is refused too: browsers and
//! this check must not disagree on what it holds.

use crate::msg;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Problem;

/// Elements that run script, embed another document or load one.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "frame",
    "embed",
    "object",
    "applet",
    "handler",
    "listener",
    "link",
    "meta",
    "base",
];

/// `data:` URLs a picture may embed (not SVG: it could hold script).
const PICTURE_DATA: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/jpg",
    "data:image/gif",
    "data:image/webp",
];

#[derive(Debug, PartialEq, Eq)]
pub enum SvgError {
    /// Active content or an external reference, described.
    Active(String),
    /// Not well-formed XML, or not an SVG.
    Invalid(String),
}

impl SvgError {
    pub fn problem(&self, shown: &str) -> Problem {
        match self {
            SvgError::Active(what) => {
                Problem::new("svg-active", msg!("svg-active", src = shown, what = what))
                    .hint(msg!("svg-active.hint"))
            }
            SvgError::Invalid(why) => Problem::new(
                "svg-invalid",
                msg!("svg-invalid", src = shown, detail = why),
            )
            .hint(msg!("svg-invalid.hint")),
        }
    }
}

fn active(what: impl Into<String>) -> SvgError {
    SvgError::Active(what.into())
}

pub fn check(bytes: &[u8]) -> Result<(), SvgError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| SvgError::Invalid("it is not UTF-8 text".into()))?;
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut root = false;
    // Inside <style> (opened at `style_depth`): its text, nested or not, is CSS.
    let mut style: Option<String> = None;
    let mut style_depth = 0;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| SvgError::Invalid(format!("{e} (at byte {at})")))?;
        match event {
            Event::Start(e) => {
                let name = open(&e, &mut root, depth)?;
                if name == "style" && style.is_none() {
                    style = Some(String::new());
                    style_depth = depth;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                open(&e, &mut root, depth)?;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == style_depth {
                    if let Some(css) = style.take() {
                        check_css(&css)?;
                    }
                }
            }
            Event::Text(t) => {
                if let Some(css) = style.as_mut() {
                    css.push_str(&t.decode().map_err(|e| SvgError::Invalid(e.to_string()))?);
                }
            }
            Event::CData(t) => {
                if let Some(css) = style.as_mut() {
                    css.push_str(&t.decode().map_err(|e| SvgError::Invalid(e.to_string()))?);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match &*r {
                        b"lt" => '<',
                        b"gt" => '>',
                        b"amp" => '&',
                        b"apos" => '\'',
                        b"quot" => '"',
                        other => {
                            return Err(active(format!(
                                "the entity `&{};`",
                                String::from_utf8_lossy(other)
                            )))
                        }
                    },
                };
                if let Some(css) = style.as_mut() {
                    css.push(c);
                }
            }
            Event::DocType(_) => return Err(active("a DOCTYPE (entity declarations)")),
            Event::PI(_) => return Err(active("a processing instruction (e.g. a style sheet)")),
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !root {
        return Err(SvgError::Invalid("it has no <svg> element".into()));
    }
    if depth != 0 {
        return Err(SvgError::Invalid("an element is not closed".into()));
    }
    Ok(())
}

/// Checks an element as it opens; the first must be the `<svg>` root.
fn open(e: &BytesStart, root: &mut bool, depth: usize) -> Result<String, SvgError> {
    let name = local_name(e);
    if !*root {
        if name != "svg" {
            return Err(SvgError::Invalid(format!(
                "its root element is <{name}>, not <svg>"
            )));
        }
        *root = true;
    } else if depth == 0 {
        return Err(SvgError::Invalid("it has two root elements".into()));
    }
    element(e, &name)?;
    Ok(name)
}

fn local_name(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase()
}

/// The rules on one element and its attributes.
fn element(e: &BytesStart, name: &str) -> Result<(), SvgError> {
    if ACTIVE_ELEMENTS.contains(&name) {
        return Err(active(format!("a <{name}> element")));
    }
    for attr in e.attributes() {
        let attr = attr.map_err(|err| SvgError::Invalid(err.to_string()))?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
        let value = attr
            .unescape_value()
            .map_err(|err| active(format!("an attribute value that cannot be read ({err})")))?;
        let flat = flatten(&value);
        if key.starts_with("on") {
            return Err(active(format!("an event attribute `{key}`")));
        }
        if flat.contains("javascript:") || flat.contains("vbscript:") {
            return Err(active(format!("a script URL in `{key}`")));
        }
        match key.as_str() {
            "href" | "src" => check_url(&flat, name == "a")?,
            "style" => check_css(&value)?,
            "attributename"
                if flat.starts_with("on")
                    || matches!(flat.as_str(), "href" | "xlink:href" | "src") =>
            {
                return Err(active(format!("an animation of `{flat}`")))
            }
            _ if flat.contains("url(") => check_css(&value)?,
            _ => {}
        }
    }
    Ok(())
}

/// A value as a browser reads a URL: without whitespace or control
/// characters (which it skips), lowercase.
fn flatten(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `url` is flattened. A link (`<a href>`) may go to a web page; other
/// references must stay in the document or be an embedded picture.
fn check_url(url: &str, link: bool) -> Result<(), SvgError> {
    if url.is_empty() || url.starts_with('#') {
        return Ok(());
    }
    if url.starts_with("data:") {
        return if PICTURE_DATA.iter().any(|p| url.starts_with(p)) {
            Ok(())
        } else {
            Err(active("a `data:` URL that is not a picture"))
        };
    }
    if link
        && ["http://", "https://", "mailto:"]
            .iter()
            .any(|p| url.starts_with(p))
    {
        return Ok(());
    }
    Err(active(format!("a reference to another file (`{url}`)")))
}

fn check_css(css: &str) -> Result<(), SvgError> {
    let flat = flatten(css);
    if flat.contains('\\') {
        return Err(active("an escape in CSS"));
    }
    if flat.contains("@import") {
        return Err(active("a CSS @import"));
    }
    if flat.contains("expression(") || flat.contains("javascript:") || flat.contains("vbscript:") {
        return Err(active("script in CSS"));
    }
    if flat.contains("image-set(") || flat.contains("image(") {
        return Err(active("a CSS image function"));
    }
    for (at, _) in flat.match_indices("url(") {
        let rest = flat[at + 4..].trim_start_matches(['"', '\'']);
        let end = rest.find([')', '"', '\'']).unwrap_or(rest.len());
        check_url(&rest[..end], false)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(svg: &str) -> Result<(), SvgError> {
        check(svg.as_bytes())
    }

    fn is_active(svg: &str) -> bool {
        matches!(verdict(svg), Err(SvgError::Active(_)))
    }

    #[test]
    fn plain_drawings_pass() {
        let ok = r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"
            xmlns:xlink="http://www.w3.org/1999/xlink"><title>Bản đồ &amp; sông</title>
            <defs><linearGradient id="g"/></defs><style>.a{fill:url(#g)}</style>
            <rect fill="url(#g)" style="stroke: red"/><use xlink:href="#g"/>
            <image href="data:image/png;base64,iVBOR"/><a href="https://kontum.gov.vn/">x</a></svg>"##;
        assert_eq!(verdict(ok), Ok(()));
    }

    #[test]
    fn active_content_is_refused() {
        let svg = |inner: &str| format!(r#"<svg xmlns="http://www.w3.org/2000/svg">{inner}</svg>"#);
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT/>",
            r#"<rect onload="alert(1)"/>"#,
            r#"<rect OnClick="x()"/>"#,
            "<foreignObject><p>x</p></foreignObject>",
            "<iframe/>",
            "<embed/>",
            "<object/>",
            r#"<a href="java&#x09;script:alert(1)">x</a>"#,
            r#"<a href="&#106;avascript:alert(1)">x</a>"#,
            r#"<a xlink:href=" JavaScript:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink">x</a>"#,
            r#"<image href="data:image/svg+xml;base64,PHN2Zz4="/>"#,
            r#"<image href="data:text/html,<script>"/>"#,
            r#"<image href="https://tracker.example/p.png"/>"#,
            r#"<use href="other.svg#a"/>"#,
            r#"<rect style="fill:url(https://x.example/a)"/>"#,
            r#"<rect fill="url('http://x.example/#a')"/>"#,
            "<style>@import 'x.css';</style>",
            "<style><g></g>@import 'x.css';</style>",
            r"<style>.a{background:url(\6a avascript:x)}</style>",
            r#"<set attributeName="href" to="https://x.example"/>"#,
            r#"<set attributeName="onmouseover" to="alert(1)"/>"#,
        ] {
            assert!(is_active(&svg(bad)), "{bad}");
        }
        assert!(is_active(
            r#"<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"/>"#
        ));
        assert!(is_active(
            r#"<?xml-stylesheet href="x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#
        ));
    }

    #[test]
    fn not_svg_or_broken_is_invalid() {
        for bad in [
            "<html><body/></html>",
            "<svg><g></svg>",
            "<svg>",
            "not xml",
            "",
        ] {
            assert!(matches!(verdict(bad), Err(SvgError::Invalid(_))), "{bad}");
        }
    }
}
