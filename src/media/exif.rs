//! What a photo's metadata says that matters before it is removed: the
//! orientation (the picture is turned upright) and a GPS position (the
//! editor is warned: it may be the author's home).

use ::exif::{In, Reader, Tag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tags {
    /// EXIF orientation, 1 to 8; 1 (upright) when absent or invalid.
    pub orientation: u8,
    pub gps: bool,
}

impl Default for Tags {
    fn default() -> Tags {
        Tags {
            orientation: 1,
            gps: false,
        }
    }
}

/// Reads raw EXIF (a TIFF structure). EXIF that does not parse says
/// nothing: it is removed all the same.
pub fn read(raw: &[u8]) -> Tags {
    let Ok(exif) = Reader::new().read_raw(raw.to_vec()) else {
        return Tags::default();
    };
    let orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .map_or(1, |o| o as u8);
    let gps = exif
        .fields()
        .any(|f| matches!(f.tag, Tag::GPSLatitude | Tag::GPSLongitude));
    Tags { orientation, gps }
}

/// Whether an XMP packet holds a position (`exif:GPSLatitude`, …).
pub fn xmp_has_gps(xmp: &[u8]) -> bool {
    [&b"GPSLatitude"[..], b"GPSLongitude"]
        .iter()
        .any(|needle| xmp.windows(needle.len()).any(|w| w == *needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_position() {
        assert!(xmp_has_gps(b"<x:xmpmeta><exif:GPSLatitude>14,21N"));
        assert!(!xmp_has_gps(b"<x:xmpmeta><dc:creator>Hoa"));
    }

    #[test]
    fn broken_exif_says_upright() {
        assert_eq!(read(b"not a tiff"), Tags::default());
    }
}
