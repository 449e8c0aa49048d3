//! Writes the photos `scripts/bench-media.sh` publishes: large JPEGs
//! with EXIF (orientation 6, GPS) and XMP, a PNG with text chunks, and a
//! 1 MB SVG. Usage: `bench-photos OUT_DIR`.

use std::io::Cursor;
use std::path::PathBuf;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{ExtendedColorType, ImageEncoder, RgbImage};

fn exif_block(orientation: u16) -> Vec<u8> {
    let r = |num, denom| Rational { num, denom };
    let fields = [
        (Tag::Orientation, Value::Short(vec![orientation])),
        (
            Tag::GPSLatitude,
            Value::Rational(vec![r(14, 1), r(21, 1), r(7, 1)]),
        ),
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
    w.write(&mut out, false).expect("EXIF");
    out.into_inner()
}

/// A JPEG of `w`×`h`, textured (`noise`) or flat, with EXIF and XMP.
fn jpeg(w: u32, h: u32, noise: bool, orientation: u16) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        if noise {
            let v = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 13;
            image::Rgb([v as u8, (v >> 8) as u8, (x / 16) as u8])
        } else {
            image::Rgb([120, 160, 200])
        }
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 85)
        .write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
        .expect("JPEG");
    let mut out = plain[..2].to_vec();
    let mut segment = |marker: u8, body: &[u8]| {
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(body);
    };
    segment(0xE1, &[b"Exif\0\0", &exif_block(orientation)[..]].concat());
    segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>");
    segment(0xFE, b"a comment");
    out.extend_from_slice(&plain[2..]);
    out
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: bench-photos OUT_DIR"),
    );
    std::fs::create_dir_all(&dir).expect("output folder");
    let write = |name: &str, bytes: Vec<u8>| {
        println!("{name}: {} bytes", bytes.len());
        std::fs::write(dir.join(name), bytes).expect("write");
    };
    write("phone-12mp-rot6.jpg", jpeg(4000, 3000, true, 6));
    write("phone-12mp.jpg", jpeg(4000, 3000, true, 1));
    // Small file, most pixels the limit allows: the worst ≤ 1 MB input.
    write("flat-16mp-rot6.jpg", jpeg(4900, 3260, false, 6));
    let mut png = Vec::new();
    let img = RgbImage::from_fn(2000, 1500, |x, y| image::Rgb([x as u8, y as u8, 90]));
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(img.as_raw(), 2000, 1500, ExtendedColorType::Rgb8)
        .expect("PNG");
    write("screen.png", png);
    let mut svg =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">"#);
    let mut n = 0;
    while svg.len() < 1_000_000 {
        svg.push_str(&format!(
            r##"<g><rect x="{}" y="{}" width="3" height="3" fill="url(#g)" style="stroke:#333"/></g>"##,
            n % 1000,
            n / 1000
        ));
        n += 1;
    }
    svg.push_str("</svg>");
    write("drawing-1mb.svg", svg.into_bytes());
}
