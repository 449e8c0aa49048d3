//! WebP without metadata: the EXIF and XMP chunks (and any unknown one)
//! are removed and the VP8X flags say so.

use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{WebP, CHUNK_VP8X, CHUNK_XMP};
use img_parts::{Bytes, ImageEXIF, ImageICC};

use super::Parts;

/// Chunks that draw the picture.
const KEPT: &[&[u8; 4]] = &[
    b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

/// VP8X flag bits of the chunks removed here.
const EXIF_FLAG: u8 = 0b0000_1000;
const XMP_FLAG: u8 = 0b0000_0100;

pub fn take_apart(b: &[u8]) -> Result<Parts, String> {
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(b)).map_err(|e| e.to_string())?;
    let mut parts = Parts {
        exif: webp.exif().map(|e| e.to_vec()),
        xmp: webp
            .chunks_by_id(CHUNK_XMP)
            .filter_map(|c| c.content().data().map(|d| d.to_vec()))
            .collect(),
        icc: webp.icc_profile().map(|p| p.to_vec()),
        ..Parts::default()
    };
    if webp.dimensions().is_none() {
        return Err("no WebP picture data".into());
    }
    webp.chunks_mut().retain(|c| KEPT.contains(&&c.id()));
    // Makes img-parts fix the VP8X chunk (or drop it when no longer needed).
    webp.set_exif(None);
    for chunk in webp.chunks_mut() {
        if chunk.id() == CHUNK_VP8X {
            clear_flags(chunk);
        }
    }
    parts.clean = webp.encoder().bytes().to_vec();
    Ok(parts)
}

/// img-parts updates the ICC and EXIF bits only; XMP's is cleared here.
fn clear_flags(chunk: &mut RiffChunk) {
    if let RiffContent::Data(data) = chunk.content_mut() {
        if let Some(&first) = data.first() {
            let mut v = data.to_vec();
            v[0] = first & !(EXIF_FLAG | XMP_FLAG);
            *data = Bytes::from(v);
        }
    }
}
