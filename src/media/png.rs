//! PNG without metadata: only the chunks that draw the picture are kept
//! (an allow-list, since any ancillary chunk may carry text), which drops
//! tEXt, zTXt, iTXt (XMP), eXIf, tIME and private chunks.

use img_parts::png::Png;
use img_parts::Bytes;

use super::Parts;

/// Chunks that draw the picture: critical ones, colour, transparency,
/// pixel size and APNG's frames.
const KEPT: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",
];

pub fn take_apart(b: &[u8]) -> Result<Parts, String> {
    let mut png = Png::from_bytes(Bytes::copy_from_slice(b)).map_err(|e| e.to_string())?;
    let mut parts = Parts::default();
    for chunk in png.chunks() {
        let kind = chunk.kind();
        let data = chunk.contents();
        match &kind {
            b"eXIf" if parts.exif.is_none() => parts.exif = Some(data.to_vec()),
            b"iTXt" if data.starts_with(b"XML:com.adobe.xmp\0") => parts.xmp.push(data.to_vec()),
            _ => {}
        }
    }
    if png.chunks().first().map(|c| c.kind()) != Some(*b"IHDR") {
        return Err("the PNG header chunk is missing".into());
    }
    png.chunks_mut().retain(|c| KEPT.contains(&&c.kind()));
    parts.icc = img_parts::ImageICC::icc_profile(&png).map(|p| p.to_vec());
    parts.clean = png.encoder().bytes().to_vec();
    Ok(parts)
}
