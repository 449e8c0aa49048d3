//! Turning a photo upright: when its EXIF orientation is not 1 the
//! metadata that told browsers how to show it is removed, so the pixels
//! are turned instead (decoded, rotated or flipped, encoded again).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageEncoder, ImageFormat, ImageReader, Limits};

use super::Format;

/// The largest photo turned upright, in pixels: decoding and rotating
/// take two copies of it (16 MP in RGB: about 100 MB; a 24 MP photo
/// raised the peak of a build from 67 to 254 MB).
const MAX_PIXELS: u64 = 16_000_000;

/// Quality of a JPEG encoded again (high: it is the published photo).
const JPEG_QUALITY: u8 = 90;

fn image_format(f: Format) -> Result<ImageFormat, String> {
    match f {
        Format::Jpeg => Ok(ImageFormat::Jpeg),
        Format::Png => Ok(ImageFormat::Png),
        Format::Webp => Ok(ImageFormat::WebP),
        other => Err(format!("{other:?} is not a photo format")),
    }
}

fn reader(format: Format, bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let mut r = ImageReader::with_format(Cursor::new(bytes), image_format(format)?);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    r.limits(limits);
    Ok(r)
}

/// Checks that the header of the picture reads (cheap: no pixels).
pub fn check_header(format: Format, bytes: &[u8]) -> Result<(u32, u32), String> {
    reader(format, bytes)?
        .into_dimensions()
        .map_err(|e| e.to_string())
}

/// The pixels of the photo, within the size limit.
pub fn decode(format: Format, bytes: &[u8]) -> Result<DynamicImage, String> {
    let (w, h) = check_header(format, bytes)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w}×{h} pixels is too large to turn upright (at most {} megapixels); \
             rotate it in an image editor",
            MAX_PIXELS / 1_000_000
        ));
    }
    reader(format, bytes)?.decode().map_err(|e| e.to_string())
}

/// The photo turned by `orientation` (EXIF, 2 to 8), in its own format,
/// with its ICC profile and no other metadata.
pub fn turn(
    format: Format,
    bytes: &[u8],
    orientation: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let mut img = decode(format, bytes)?;
    if let Some(o) = Orientation::from_exif(orientation) {
        img.apply_orientation(o);
    }
    encode(format, img, icc).map_err(|e| e.to_string())
}

/// Encodes `img`, converting it only when the format cannot hold its
/// colour type (each copy of a large photo is tens of megabytes).
fn encode(format: Format, img: DynamicImage, icc: Option<&[u8]>) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    let icc = icc.map(<[u8]>::to_vec);
    match format {
        Format::Jpeg => {
            let mut e = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(p) = icc {
                // A profile the encoder cannot hold: the photo is shown in sRGB.
                let _ = e.set_icc_profile(p);
            }
            // JPEG has no alpha and 8 bits a channel.
            let img = match img {
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageLuma8(_) => img,
                _ if img.color().has_color() => DynamicImage::ImageRgb8(img.to_rgb8()),
                _ => DynamicImage::ImageLuma8(img.to_luma8()),
            };
            img.write_with_encoder(e)?;
        }
        Format::Png => {
            let mut e = PngEncoder::new(&mut out);
            if let Some(p) = icc {
                let _ = e.set_icc_profile(p);
            }
            img.write_with_encoder(e)?;
        }
        _ => {
            let mut e = WebPEncoder::new_lossless(&mut out);
            if let Some(p) = icc {
                let _ = e.set_icc_profile(p);
            }
            let img = match img {
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => img,
                _ if img.color().has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
                _ => DynamicImage::ImageRgb8(img.to_rgb8()),
            };
            img.write_with_encoder(e)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::RgbImage;

    #[test]
    fn orientation_six_swaps_the_sides() {
        let img = DynamicImage::ImageRgb8(RgbImage::from_pixel(4, 2, image::Rgb([200, 10, 10])));
        let png = encode(Format::Png, img, None).unwrap();
        let turned = turn(Format::Png, &png, 6, None).unwrap();
        assert_eq!(check_header(Format::Png, &turned).unwrap(), (2, 4));
    }

    #[test]
    fn html_is_not_a_photo() {
        assert!(check_header(Format::Jpeg, b"<html>").is_err());
    }
}
