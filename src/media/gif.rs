//! GIF without metadata: comment extensions and application extensions
//! other than looping (XMP, vendors' data) are dropped, and anything after
//! the trailer. No crate does this surgery; the block structure is small.

use super::Parts;

/// Application extensions that only tell an animation to loop.
const LOOPING: &[&[u8]] = &[b"NETSCAPE2.0", b"ANIMEXTS1.0"];

fn cut() -> String {
    "the file is cut short".into()
}

/// The end of the data sub-blocks that start at `i` (after their 0 size).
fn sub_blocks_end(b: &[u8], mut i: usize) -> Result<usize, String> {
    loop {
        let size = *b.get(i).ok_or_else(cut)? as usize;
        i += 1 + size;
        if size == 0 {
            return Ok(i);
        }
        if i > b.len() {
            return Err(cut());
        }
    }
}

/// Size of a colour table announced by a packed byte.
fn table(packed: u8) -> usize {
    if packed & 0x80 != 0 {
        3 << ((packed & 7) + 1)
    } else {
        0
    }
}

pub fn take_apart(b: &[u8]) -> Result<Parts, String> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) || b.len() < 13 {
        return Err("no GIF header".into());
    }
    let mut parts = Parts::default();
    let mut i = 13 + table(b[10]);
    if i > b.len() {
        return Err(cut());
    }
    let mut out = b[..i].to_vec();
    let mut image = false;
    loop {
        match *b.get(i).ok_or_else(cut)? {
            0x3B => {
                out.push(0x3B);
                break;
            }
            0x2C => {
                let packed = *b.get(i + 9).ok_or_else(cut)?;
                // Descriptor, local table, LZW code size, then the data.
                let end = sub_blocks_end(b, i + 10 + table(packed) + 1)?;
                out.extend_from_slice(&b[i..end]);
                image = true;
                i = end;
            }
            0x21 => {
                let label = *b.get(i + 1).ok_or_else(cut)?;
                let end = sub_blocks_end(b, i + 2)?;
                let block = &b[i..end];
                let app = block.get(3..14).unwrap_or_default();
                match label {
                    0xFE => {}
                    0xFF if LOOPING.contains(&app) => out.extend_from_slice(block),
                    0xFF => {
                        if app == b"XMP DataXMP" {
                            parts.xmp.push(block.to_vec());
                        }
                    }
                    _ => out.extend_from_slice(block),
                }
                i = end;
            }
            other => return Err(format!("an unknown block 0x{other:02X}")),
        }
    }
    if !image {
        return Err("no picture data".into());
    }
    parts.clean = out;
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_xmp_go_looping_and_pixels_stay() {
        // 1×1, no global table.
        let mut f = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
        let comment = b"\x21\xFE\x0Dcanary secret\x00";
        let looping = b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00";
        let xmp = b"\x21\xFF\x0BXMP DataXMP\x05<x:x>\x00";
        let control = b"\x21\xF9\x04\x00\x00\x00\x00\x00";
        let picture = b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00";
        for block in [&comment[..], looping, xmp, control, picture] {
            f.extend_from_slice(block);
        }
        f.extend_from_slice(b"\x3Bafter the end");
        let parts = take_apart(&f).unwrap();
        let mut want = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
        for block in [&looping[..], control, picture, b"\x3B"] {
            want.extend_from_slice(block);
        }
        assert_eq!(parts.clean, want);
        assert_eq!(parts.xmp.len(), 1);
        assert!(take_apart(&f[..30]).is_err());
    }
}
