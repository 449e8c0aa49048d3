//! Which files may be published, by name and by their first bytes.
//!
//! Only inert types: images a browser shows and documents it downloads
//! or hands to another program. Anything that could run script on the
//! site's origin (HTML, XHTML, XML, JavaScript, Flash, SVG outside
//! `images`) is refused, and so is every catalogue source file (an
//! entry's raw text holds its `private` data).

use crate::msg;
use std::path::Path;

use super::Problem;

/// How an entry uses a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Use {
    /// `images`, an author's `photo`, the site's `logo`.
    Image,
    /// `attachments`.
    Attachment,
}

/// The type of a publishable file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Svg,
    Pdf,
    /// Zip containers: docx, xlsx, pptx, odt, ods, odp, zip.
    Zip,
    /// Compound documents of old Office: doc, xls, ppt.
    Ole,
    Rtf,
    /// txt, csv.
    Text,
}

const IMAGES: &[(&str, Format)] = &[
    ("jpg", Format::Jpeg),
    ("jpeg", Format::Jpeg),
    ("png", Format::Png),
    ("webp", Format::Webp),
    ("gif", Format::Gif),
    ("svg", Format::Svg),
];

const DOCUMENTS: &[(&str, Format)] = &[
    ("pdf", Format::Pdf),
    ("doc", Format::Ole),
    ("docx", Format::Zip),
    ("xls", Format::Ole),
    ("xlsx", Format::Zip),
    ("ppt", Format::Ole),
    ("pptx", Format::Zip),
    ("odt", Format::Zip),
    ("ods", Format::Zip),
    ("odp", Format::Zip),
    ("rtf", Format::Rtf),
    ("txt", Format::Text),
    ("csv", Format::Text),
    ("zip", Format::Zip),
];

/// Extensions of the catalogue's own files (entries, settings).
const SOURCES: &[&str] = &["md", "markdown", "yaml", "yml"];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn names(list: &[(&str, Format)], skip_svg: bool) -> String {
    list.iter()
        .filter(|(_, f)| !(skip_svg && *f == Format::Svg))
        .map(|(e, _)| *e)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Format {
    /// The type of any allowed name, whatever its use.
    pub fn from_name(path: &Path) -> Option<Format> {
        let ext = extension(path);
        IMAGES
            .iter()
            .chain(DOCUMENTS)
            .find(|(e, _)| *e == ext)
            .map(|&(_, f)| f)
    }

    /// The type of `path` if it may be published for `use_`; `shown` is
    /// the path as the entry wrote it, for the message.
    pub fn of(path: &Path, shown: &str, use_: Use) -> Result<Format, Problem> {
        let ext = extension(path);
        if SOURCES.contains(&ext.as_str()) {
            return Err(
                Problem::new("asset-source", msg!("asset-source", src = shown))
                    .hint(msg!("asset-source.hint")),
            );
        }
        let image = IMAGES.iter().find(|(e, _)| *e == ext).map(|&(_, f)| f);
        match use_ {
            Use::Image => image.ok_or_else(|| {
                Problem::new("asset-type", msg!("asset-type.image", src = shown))
                    .hint(msg!("asset-type.image.hint", types = names(IMAGES, false)))
            }),
            Use::Attachment => DOCUMENTS
                .iter()
                .find(|(e, _)| *e == ext)
                .map(|&(_, f)| f)
                .or(image.filter(|f| *f != Format::Svg))
                .ok_or_else(|| {
                    Problem::new("asset-type", msg!("asset-type.document", src = shown)).hint(msg!(
                        "asset-type.document.hint",
                        types = format!("{}, {}", names(DOCUMENTS, false), names(IMAGES, true))
                    ))
                }),
        }
    }

    /// Checks that `head` (the file's first bytes, or all of them) is of
    /// this type, so that a renamed HTML page is not published.
    pub fn sniff(self, head: &[u8], shown: &str) -> Result<(), Problem> {
        let ok = match self {
            Format::Jpeg => head.starts_with(&[0xFF, 0xD8, 0xFF]),
            Format::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
            Format::Webp => head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP",
            Format::Gif => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
            // The XML parser tells whether an SVG is one.
            Format::Svg => true,
            // The header may follow some bytes (the PDF specification
            // allows it within the first 1024).
            Format::Pdf => head.windows(5).any(|w| w == b"%PDF-"),
            Format::Zip => head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"),
            Format::Ole => head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            Format::Rtf => head.starts_with(b"{\\rtf"),
            Format::Text => !looks_like_markup(head),
        };
        if ok {
            Ok(())
        } else {
            Err(Problem::new(
                "asset-content",
                msg!("asset-content", src = shown, format = format!("{self:?}")),
            )
            .hint(msg!("asset-content.hint")))
        }
    }
}

/// Whether text starts like an HTML or XML document (which a browser
/// might render rather than show as text).
fn looks_like_markup(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| &text[i..]) {
        Some([b'<', next, ..]) => next.is_ascii_alphabetic() || matches!(next, b'!' | b'?'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_use() {
        let p = Path::new;
        assert_eq!(
            Format::of(p("a.JPG"), "a.JPG", Use::Image),
            Ok(Format::Jpeg)
        );
        assert_eq!(Format::of(p("a.svg"), "a.svg", Use::Image), Ok(Format::Svg));
        assert_eq!(
            Format::of(p("a.pdf"), "a.pdf", Use::Attachment),
            Ok(Format::Pdf)
        );
        assert_eq!(
            Format::of(p("a.png"), "a.png", Use::Attachment),
            Ok(Format::Png)
        );
        for bad in [
            "a.html", "a.htm", "a.xhtml", "a.js", "a.mjs", "a.xml", "a.swf", "a",
        ] {
            assert_eq!(
                Format::of(p(bad), bad, Use::Attachment).unwrap_err().code,
                "asset-type"
            );
        }
        assert_eq!(
            Format::of(p("a.svg"), "a.svg", Use::Attachment)
                .unwrap_err()
                .code,
            "asset-type"
        );
        assert_eq!(
            Format::of(p("a.pdf"), "a.pdf", Use::Image)
                .unwrap_err()
                .code,
            "asset-type"
        );
        for src in ["../../authors/x.md", "site.yaml", "units/a.YML"] {
            assert_eq!(
                Format::of(p(src), src, Use::Image).unwrap_err().code,
                "asset-source"
            );
        }
    }

    #[test]
    fn bytes_must_match_the_name() {
        assert!(Format::Png.sniff(b"<html><script>", "a.png").is_err());
        assert!(Format::Png.sniff(b"\x89PNG\r\n\x1a\n....", "a.png").is_ok());
        assert!(Format::Pdf.sniff(b"%PDF-1.7\n", "a.pdf").is_ok());
        assert!(Format::Zip.sniff(b"<!doctype html>", "a.docx").is_err());
        assert!(Format::Text
            .sniff("\u{feff}  <html>".as_bytes(), "a.txt")
            .is_err());
        assert!(Format::Text.sniff(b"a < b\n", "a.txt").is_ok());
        assert!(Format::Text.sniff(b"ten,tuoi\n", "a.csv").is_ok());
    }
}
