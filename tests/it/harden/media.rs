//! Hardening: media (issue 10, items 2, 3 and the asset half of 4).
//! Photos are published without metadata and upright; images and
//! attachments are inert; an asset is a regular file of an allowed type
//! and never a catalogue source file.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{DynamicImage, ImageEncoder, RgbImage};
use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use sangkien::diag::{Diagnostic, Severity};

use crate::util;

const INI: &str = "initiatives/2024/kham-benh-tu-xa.md";
const AUTHOR: &str = "authors/nguyen-thi-hoa.md";

/// Text that must not survive publication (each block has its own).
const MARKERS: &[&str] = &[
    "canary",
    "Exif",
    "http://ns.adobe.com",
    "GPSLatitude",
    "Photoshop",
];

fn base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    util::copy_tree(&util::root().join("tests/fixtures/check/_base"), dir.path());
    dir
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let p = dir.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn check(dir: &Path) -> Vec<Diagnostic> {
    sangkien::check::check(dir, jiff::civil::date(2026, 11, 29))
        .expect("the catalogue can be read")
        .diagnostics
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("\n  {d}")).collect()
}

/// The one diagnostic of `diags`, which must have `code`, at `file:line`.
fn only<'d>(diags: &'d [Diagnostic], code: &str, file: &str, line: u32) -> &'d Diagnostic {
    assert_eq!(diags.len(), 1, "{}", show(diags));
    let d = &diags[0];
    assert_eq!(
        (d.code, d.path.as_path(), d.line),
        (code, Path::new(file), Some(line)),
        "{}",
        show(diags)
    );
    d
}

/// EXIF with an orientation, an artist and a GPS position.
fn exif_block(orientation: u16) -> Vec<u8> {
    let r = |num, denom| Rational { num, denom };
    let fields = [
        (Tag::Orientation, Value::Short(vec![orientation])),
        (Tag::Artist, Value::Ascii(vec![b"canaryartist".to_vec()])),
        (Tag::GPSLatitudeRef, Value::Ascii(vec![b"N".to_vec()])),
        (
            Tag::GPSLatitude,
            Value::Rational(vec![r(14, 1), r(21, 1), r(7, 1)]),
        ),
        (Tag::GPSLongitudeRef, Value::Ascii(vec![b"E".to_vec()])),
        (
            Tag::GPSLongitude,
            Value::Rational(vec![r(108, 1), r(0, 1), r(9, 1)]),
        ),
    ]
    .map(|(tag, value)| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    });
    let mut w = Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut out = Cursor::new(Vec::new());
    w.write(&mut out, false).unwrap();
    out.into_inner()
}

const XMP: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="14,21.1N" dc:creator="canaryxmp"/></rdf:RDF></x:xmpmeta>"#;

/// An 8×4 picture (wider than high, so a turn shows).
fn pixels() -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(8, 4, |x, y| {
        image::Rgb([x as u8 * 30, y as u8 * 60, 128])
    }))
}

fn jpeg_segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(body);
    s
}

/// A JPEG with EXIF (GPS, artist), XMP, IPTC and a comment.
fn jpeg(orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut plain)
        .write_image(pixels().as_bytes(), 8, 4, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut out = plain[..2].to_vec();
    out.extend(jpeg_segment(
        0xE1,
        &[b"Exif\0\0", &exif_block(orientation)[..]].concat(),
    ));
    out.extend(jpeg_segment(
        0xE1,
        format!("http://ns.adobe.com/xap/1.0/\0{XMP}").as_bytes(),
    ));
    out.extend(jpeg_segment(0xED, b"Photoshop 3.0\08BIM canaryiptc"));
    out.extend(jpeg_segment(0xFE, b"canarycomment"));
    out.extend_from_slice(&plain[2..]);
    out
}

/// A PNG with eXIf, tEXt, iTXt (XMP) and tIME chunks.
fn png() -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::png::PngEncoder::new(&mut plain)
        .write_image(pixels().as_bytes(), 8, 4, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut png = Png::from_bytes(plain.into()).unwrap();
    let chunks = [
        (*b"eXIf", exif_block(1)),
        (*b"tEXt", b"Comment\0canarycomment".to_vec()),
        (
            *b"iTXt",
            format!("XML:com.adobe.xmp\0\0\0\0\0{XMP}").into_bytes(),
        ),
        (*b"tIME", vec![7, 234, 11, 29, 8, 0, 0]),
    ];
    for (kind, data) in chunks {
        png.chunks_mut()
            .insert(1, PngChunk::new(kind, Bytes::from(data)));
    }
    png.encoder().bytes().to_vec()
}

/// A WebP with EXIF and XMP chunks (and their VP8X flags).
fn webp() -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut plain)
        .write_image(pixels().as_bytes(), 8, 4, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut webp = WebP::from_bytes(plain.into()).unwrap();
    webp.chunks_mut().push(RiffChunk::new(
        *b"XMP ",
        RiffContent::Data(Bytes::from(XMP.as_bytes().to_vec())),
    ));
    webp.set_exif(Some(exif_block(1).into()));
    let bytes = webp.encoder().bytes().to_vec();
    assert_eq!(
        bytes[20] & 0b1100,
        0b1100,
        "the test WebP flags EXIF and XMP"
    );
    bytes
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A catalogue whose consenting author and initiative use the photos.
fn catalogue_with_photos() -> tempfile::TempDir {
    let dir = base();
    let media = dir.path().join("media");
    std::fs::write(media.join("chan-dung.jpg"), jpeg(1)).unwrap();
    std::fs::write(media.join("xoay.jpg"), jpeg(6)).unwrap();
    std::fs::write(media.join("anh.png"), png()).unwrap();
    std::fs::write(media.join("anh.webp"), webp()).unwrap();
    edit(
        dir.path(),
        AUTHOR,
        "../media/anh.svg",
        "../media/chan-dung.jpg",
    );
    edit(
        dir.path(),
        INI,
        "  - src: ../../media/anh.svg\n    alt: \"Buổi khám bệnh qua video\"\n",
        "  - src: ../../media/xoay.jpg\n    alt: \"Ảnh xoay\"\n  \
         - src: ../../media/anh.png\n    alt: \"Ảnh PNG\"\n  \
         - src: ../../media/anh.webp\n    alt: \"Ảnh WebP\"\n",
    );
    dir
}

#[test]
fn published_photos_carry_no_metadata_and_stand_upright() {
    let dir = catalogue_with_photos();
    // The inputs do carry what must go.
    for f in ["chan-dung.jpg", "xoay.jpg", "anh.png", "anh.webp"] {
        let bytes = std::fs::read(dir.path().join("media").join(f)).unwrap();
        assert!(
            contains(&bytes, "canary") && contains(&bytes, "GPSLatitude"),
            "{f}"
        );
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes));
        assert!(exif.is_ok(), "{f}: the test photo has EXIF");
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    util::build_ok(dir.path(), &site);
    for (f, size) in [
        ("chan-dung.jpg", (8, 4)),
        ("xoay.jpg", (4, 8)),
        ("anh.png", (8, 4)),
        ("anh.webp", (8, 4)),
    ] {
        let bytes = std::fs::read(site.join("media").join(f)).unwrap();
        for m in MARKERS {
            assert!(!contains(&bytes, m), "{f} still holds `{m}`");
        }
        let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes));
        assert!(exif.is_err(), "{f} still has EXIF");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), size, "{f}");
    }
    // Without metadata to turn it, PNG keeps its pixels exactly.
    let png_out = image::open(site.join("media/anh.png")).unwrap();
    assert_eq!(png_out.to_rgb8(), pixels().to_rgb8());
    // The WebP's VP8X flags no longer announce EXIF or XMP.
    let webp_out = std::fs::read(site.join("media/anh.webp")).unwrap();
    if &webp_out[12..16] == b"VP8X" {
        assert_eq!(webp_out[20] & 0b1100, 0, "VP8X flags");
    }
    // Same input, same bytes.
    let again = out.path().join("again");
    util::build_ok(dir.path(), &again);
    for f in ["chan-dung.jpg", "xoay.jpg", "anh.png", "anh.webp"] {
        let a = std::fs::read(site.join("media").join(f)).unwrap();
        let b = std::fs::read(again.join("media").join(f)).unwrap();
        assert!(a == b, "{f} differs between two builds");
    }
}

#[test]
fn check_warns_of_a_gps_position_at_the_src_line() {
    let dir = catalogue_with_photos();
    let diags = check(dir.path());
    let mut found: Vec<(String, u32)> = diags
        .iter()
        .map(|d| {
            assert_eq!(
                (d.severity, d.code),
                (Severity::Warning, "photo-gps"),
                "{d}"
            );
            (sangkien::diag::display_path(&d.path), d.line.unwrap())
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (AUTHOR.to_string(), 6),
            (INI.to_string(), 21),
            (INI.to_string(), 23),
            (INI.to_string(), 25),
        ]
    );
    let author = diags.iter().find(|d| d.path == Path::new(AUTHOR)).unwrap();
    assert_eq!(
        author.message_in(sangkien::messages::Lang::En),
        "`../media/chan-dung.jpg` carries a GPS position, which is removed when it is published"
    );
}

/// The base catalogue with its image's `src` (line 21) set to `src`.
fn with_image(src: &str) -> tempfile::TempDir {
    let dir = base();
    edit(dir.path(), INI, "../../media/anh.svg", src);
    dir
}

/// The base catalogue with one attachment, its `src` at line 24.
fn with_attachment(src: &str) -> tempfile::TempDir {
    let dir = base();
    edit(
        dir.path(),
        INI,
        "featured:",
        &format!("attachments:\n  - src: {src}\n    title: \"Tài liệu\"\nfeatured:"),
    );
    dir
}

#[test]
fn an_svg_with_script_is_refused_at_its_line() {
    let cases = [
        r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="x"/></foreignObject></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="JaVa&#x0A;Script:alert(1)"><text>x</text></a></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/></svg>"#,
        r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
    ];
    for svg in cases {
        let dir = with_image("../../media/hoat.svg");
        std::fs::write(dir.path().join("media/hoat.svg"), svg).unwrap();
        let diags = check(dir.path());
        let d = only(&diags, "svg-active", INI, 21);
        assert!(
            d.message_in(sangkien::messages::Lang::En)
                .starts_with("`../../media/hoat.svg` is not inert"),
            "{d}"
        );
    }
    let dir = with_image("../../media/hong.svg");
    std::fs::write(dir.path().join("media/hong.svg"), "<svg><g></svg>").unwrap();
    only(&check(dir.path()), "svg-invalid", INI, 21);
}

#[test]
fn attachments_are_documents_never_html() {
    for (name, body) in [
        ("trang.html", &b"<script>alert(1)</script>"[..]),
        ("trang.xhtml", b"<html/>"),
        ("ma.js", b"alert(1)"),
        ("hinh.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ] {
        let dir = with_attachment(&format!("../../media/{name}"));
        std::fs::write(dir.path().join("media").join(name), body).unwrap();
        let diags = check(dir.path());
        let d = only(&diags, "asset-type", INI, 24);
        let hint = d.hint_in(sangkien::messages::Lang::En).unwrap_or_default();
        assert!(hint.starts_with("attachments may be pdf, doc, docx"), "{d}");
    }
    // A document type is published as it is.
    let dir = with_attachment("../../media/bao-cao.pdf");
    std::fs::write(dir.path().join("media/bao-cao.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
    let diags = check(dir.path());
    assert!(diags.is_empty(), "{}", show(&diags));
    let out = tempfile::tempdir().unwrap();
    util::build_ok(dir.path(), out.path());
    assert_eq!(
        std::fs::read(out.path().join("media/bao-cao.pdf")).unwrap(),
        b"%PDF-1.4\n%%EOF\n"
    );
}

#[test]
fn bytes_must_be_of_the_type_the_name_says() {
    let dir = with_image("../../media/anh.png");
    std::fs::write(
        dir.path().join("media/anh.png"),
        "<html><script>alert(1)</script></html>",
    )
    .unwrap();
    let diags = check(dir.path());
    only(&diags, "asset-content", INI, 21);
    let dir = with_attachment("../../media/don.docx");
    std::fs::write(dir.path().join("media/don.docx"), "<!doctype html><p>x").unwrap();
    only(&check(dir.path()), "asset-content", INI, 24);
    // An image type that is not an image type the site shows.
    let dir = with_image("../../media/anh.bmp");
    std::fs::write(dir.path().join("media/anh.bmp"), "BM").unwrap();
    let diags = check(dir.path());
    let d = only(&diags, "asset-type", INI, 21);
    assert_eq!(
        d.hint_in(sangkien::messages::Lang::En).as_deref(),
        Some("images may be jpg, jpeg, png, webp, gif, svg")
    );
}

#[test]
fn a_catalogue_source_file_is_never_an_asset() {
    for src in [
        "../../authors/y-huong.md",
        "../../site.yaml",
        "../../units/so-y-te.yaml",
    ] {
        let dir = with_attachment(src);
        let d = only(&check(dir.path()), "asset-source", INI, 24).clone();
        assert!(
            d.message_in(sangkien::messages::Lang::En)
                .contains("catalogue source file"),
            "{d}"
        );
        let dir = with_image(src);
        only(&check(dir.path()), "asset-source", INI, 21);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_source_file_is_refused() {
    let dir = with_attachment("../../media/tai-lieu.pdf");
    std::os::unix::fs::symlink(
        "../authors/nguyen-thi-hoa.md",
        dir.path().join("media/tai-lieu.pdf"),
    )
    .unwrap();
    let diags = check(dir.path());
    let d = only(&diags, "asset-source", INI, 24);
    assert_eq!(
        d.message_in(sangkien::messages::Lang::En),
        "`../../media/tai-lieu.pdf` is a catalogue source file, which is never published as a file"
    );
}

/// Checks `dir` on another thread; fails rather than hang.
fn check_within_a_minute(dir: PathBuf) -> Vec<Diagnostic> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(check(&dir));
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("check returns (a FIFO must not block it)")
}

#[cfg(unix)]
#[test]
fn a_fifo_asset_is_refused_without_hanging() {
    use rustix::fs::{mkfifoat, Mode, CWD};
    for (dir, line) in [
        (with_attachment("../../media/ong.pdf"), 24),
        (with_image("../../media/ong.pdf.jpg"), 21),
    ] {
        let name = if line == 24 { "ong.pdf" } else { "ong.pdf.jpg" };
        mkfifoat(
            CWD,
            dir.path().join("media").join(name),
            Mode::RUSR | Mode::WUSR,
        )
        .unwrap();
        let diags = check_within_a_minute(dir.path().to_path_buf());
        let d = only(&diags, "asset-not-file", INI, line);
        assert!(
            d.message_in(sangkien::messages::Lang::En)
                .contains("not a regular file"),
            "{d}"
        );
    }
}

#[test]
fn an_asset_over_the_size_limit_is_refused() {
    let dir = with_attachment("../../media/lon.pdf");
    let f = std::fs::File::create(dir.path().join("media/lon.pdf")).unwrap();
    // Sparse: 26 MB on paper, nothing on disk.
    f.set_len(26 * 1024 * 1024).unwrap();
    let diags = check(dir.path());
    let d = only(&diags, "asset-too-large", INI, 24);
    assert_eq!(
        d.message_in(sangkien::messages::Lang::En),
        "`../../media/lon.pdf` is 26.0 MB, more than the 25 MB a published file may have"
    );
}

#[test]
fn a_folder_is_named_a_folder() {
    let dir = with_attachment("../../media/tai-lieu.pdf");
    std::fs::create_dir(dir.path().join("media/tai-lieu.pdf")).unwrap();
    let diags = check(dir.path());
    let d = only(&diags, "asset-missing", INI, 24);
    assert_eq!(
        d.message_in(sangkien::messages::Lang::En),
        "`media/tai-lieu.pdf` is a folder, not a file"
    );
}

#[test]
fn a_gif_loses_its_comments_and_xmp() {
    let mut gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
    gif.extend_from_slice(b"\x21\xFE\x0Dcanary secret\x00");
    gif.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP\x0Ccanary <xmp>\x00");
    gif.extend_from_slice(b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3B");
    let dir = with_image("../../media/hinh.gif");
    std::fs::write(dir.path().join("media/hinh.gif"), &gif).unwrap();
    let diags = check(dir.path());
    assert!(diags.is_empty(), "{}", show(&diags));
    let out = tempfile::tempdir().unwrap();
    util::build_ok(dir.path(), out.path());
    let published = std::fs::read(out.path().join("media/hinh.gif")).unwrap();
    assert!(!contains(&published, "canary"));
    assert!(published.starts_with(b"GIF89a") && published.ends_with(b"\x3B"));
    assert!(published.len() < gif.len());
}
