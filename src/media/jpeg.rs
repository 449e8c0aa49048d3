//! JPEG without metadata: one pass over the markers, keeping what draws
//! the picture (tables, frame, scans, the ICC profile, Adobe's colour
//! transform) and dropping APP1 (EXIF, XMP), APP13 (IPTC), COM, every
//! other APPn, the JFIF thumbnail and anything after the end of the
//! image (MPF's second pictures, which carry their own EXIF).
//!
//! Hand-written rather than with img-parts: img-parts keeps everything
//! from the first scan on as one block, and segments between the scans of
//! a progressive JPEG (comments included) and trailing pictures are there.

use super::Parts;

const SOF0: u8 = 0xC0;
const SOF15: u8 = 0xCF;
const DHT: u8 = 0xC4;
const JPG: u8 = 0xC8;
const DAC: u8 = 0xCC;
const SOS: u8 = 0xDA;
const EOI: u8 = 0xD9;
const SOI: u8 = 0xD8;
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const APP15: u8 = 0xEF;
const COM: u8 = 0xFE;

const EXIF: &[u8] = b"Exif\0\0";
const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENSION: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const ICC: &[u8] = b"ICC_PROFILE\0";

fn is_rst(m: u8) -> bool {
    (0xD0..=0xD7).contains(&m)
}

fn is_sof(m: u8) -> bool {
    (SOF0..=SOF15).contains(&m) && !matches!(m, DHT | JPG | DAC)
}

pub fn take_apart(b: &[u8]) -> Result<Parts, String> {
    if !b.starts_with(&[0xFF, SOI]) {
        return Err("no JPEG start marker".into());
    }
    let mut parts = Parts::default();
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut icc: Vec<(u8, &[u8])> = Vec::new();
    let (mut frame, mut scan) = (false, false);
    let mut i = 2;
    loop {
        // Bytes between segments are not part of the picture.
        while i < b.len() && b[i] != 0xFF {
            i += 1;
        }
        while i + 1 < b.len() && b[i + 1] == 0xFF {
            i += 1;
        }
        if i + 1 >= b.len() {
            if scan {
                // A file cut after its data: decoders accept it; end it.
                out.extend_from_slice(&[0xFF, EOI]);
                break;
            }
            return Err("the file ends before the picture".into());
        }
        let marker = b[i + 1];
        if marker == EOI {
            out.extend_from_slice(&[0xFF, EOI]);
            break;
        }
        if is_rst(marker) || marker == 0x01 || marker == SOI {
            out.extend_from_slice(&b[i..i + 2]);
            i += 2;
            continue;
        }
        let len = match b.get(i + 2..i + 4) {
            Some(l) => u16::from_be_bytes([l[0], l[1]]) as usize,
            None => return Err("a segment is cut short".into()),
        };
        if len < 2 || i + 2 + len > b.len() {
            return Err("a segment is cut short".into());
        }
        let segment = &b[i..i + 2 + len];
        let body = &segment[4..];
        i += 2 + len;
        match marker {
            APP0 if body.starts_with(b"JFIF\0") && body.len() >= 14 => {
                // The header without its thumbnail (a picture of its own).
                out.extend_from_slice(&[0xFF, APP0, 0, 16]);
                out.extend_from_slice(&body[..12]);
                out.extend_from_slice(&[0, 0]);
            }
            APP1 if body.starts_with(EXIF) => {
                if parts.exif.is_none() {
                    parts.exif = Some(body[EXIF.len()..].to_vec());
                }
            }
            APP1 if body.starts_with(XMP) || body.starts_with(XMP_EXTENSION) => {
                parts.xmp.push(body.to_vec());
            }
            APP2 if body.starts_with(ICC) && body.len() > ICC.len() + 2 => {
                icc.push((body[ICC.len()], &body[ICC.len() + 2..]));
                out.extend_from_slice(segment);
            }
            APP14 if body.starts_with(b"Adobe") => out.extend_from_slice(segment),
            APP0..=APP15 | COM => {}
            _ => {
                frame |= is_sof(marker);
                out.extend_from_slice(segment);
            }
        }
        if marker == SOS {
            if !frame {
                return Err("a scan comes before the frame header".into());
            }
            scan = true;
            let start = i;
            // Entropy-coded data runs to the next marker that is neither
            // a stuffed 0xFF nor a restart.
            while i + 1 < b.len() && !(b[i] == 0xFF && b[i + 1] != 0 && !is_rst(b[i + 1])) {
                i += 1;
            }
            if i + 1 >= b.len() {
                i = b.len();
            }
            out.extend_from_slice(&b[start..i]);
        }
    }
    if !scan {
        return Err("no picture data".into());
    }
    icc.sort_by_key(|&(n, _)| n);
    if !icc.is_empty() {
        parts.icc = Some(icc.iter().flat_map(|(_, d)| d.iter().copied()).collect());
    }
    parts.clean = out;
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A segment: marker, length, body.
    fn seg(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![0xFF, marker];
        v.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn keeps_the_picture_and_drops_the_rest() {
        let mut f = vec![0xFF, SOI];
        f.extend(seg(APP1, b"Exif\0\0MM\0*rest"));
        f.extend(seg(COM, b"canary comment"));
        f.extend(seg(0xDB, b"quant"));
        f.extend(seg(SOF0, b"frame"));
        f.extend(seg(SOS, b"scan"));
        f.extend_from_slice(&[1, 2, 0xFF, 0, 3, 0xFF, 0xD0, 4]);
        // A progressive JPEG may have a comment between its scans.
        f.extend(seg(COM, b"between scans"));
        f.extend(seg(SOS, b"scan2"));
        f.extend_from_slice(&[5, 6, 0xFF, EOI]);
        f.extend_from_slice(b"\xFF\xD8 second picture with Exif");
        let parts = take_apart(&f).unwrap();
        let mut want = vec![0xFF, SOI];
        want.extend(seg(0xDB, b"quant"));
        want.extend(seg(SOF0, b"frame"));
        want.extend(seg(SOS, b"scan"));
        want.extend_from_slice(&[1, 2, 0xFF, 0, 3, 0xFF, 0xD0, 4]);
        want.extend(seg(SOS, b"scan2"));
        want.extend_from_slice(&[5, 6, 0xFF, EOI]);
        assert_eq!(parts.clean, want);
        assert_eq!(parts.exif.as_deref(), Some(&b"MM\0*rest"[..]));
    }

    #[test]
    fn truncated_or_empty_is_an_error() {
        assert!(take_apart(&[0xFF, SOI]).is_err());
        let mut f = vec![0xFF, SOI];
        f.extend(seg(SOF0, b"frame"));
        f.extend_from_slice(&[0xFF, 0xDB, 0x10]);
        assert!(take_apart(&f).is_err());
    }
}
