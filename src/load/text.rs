//! Turning a file's bytes into normalised text (no BOM, LF, NFC) without
//! copying it when it is already clean, which is nearly always: `check`
//! reads every byte of a large catalogue, so this is its hottest path.

use crate::text::normalize;

/// The file's text, or the 1-based line and column (in characters) of the
/// first byte that is not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, (u32, u32)> {
    if !bytes.contains(&b'\r') && is_utf8_nfc_quick(&bytes) {
        // SAFETY: `is_utf8_nfc_quick` accepts only well-formed UTF-8 (see
        // its tests, which compare it with `std::str::from_utf8`).
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(position(e.as_bytes(), e.utf8_error().valid_up_to())),
    };
    let clean = !text.starts_with('\u{feff}') && !text.contains('\r') && icu_is_nfc(&text);
    if clean {
        Ok(text)
    } else {
        Ok(normalize(&text).into_owned())
    }
}

fn icu_is_nfc(text: &str) -> bool {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().is_normalized(text)
}

/// Line and column of byte `at` in `bytes`, the bytes before it being UTF-8.
fn position(bytes: &[u8], at: usize) -> (u32, u32) {
    let before = &bytes[..at];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let column =
        std::str::from_utf8(&before[line_start..]).map_or(1, |s| s.chars().count() as u32 + 1);
    (line, column)
}

/// A fast, conservative test that bytes are UTF-8 text in NFC, in one
/// pass: true only when every character is well-formed and one that is
/// always NFC and never combines with its neighbours (NFC_Quick_Check =
/// Yes, canonical combining class 0): ASCII, U+0080–U+02FF, the Vietnamese
/// precomposed letters U+1E00–U+1EFF and the punctuation U+2002–U+203F.
/// Anything else (a combining mark, another script, a BOM, a bad byte)
/// answers false, and the full decoder and normaliser decide.
pub fn is_utf8_nfc_quick(b: &[u8]) -> bool {
    let continuation = |x: u8| x & 0xc0 == 0x80;
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Runs of ASCII, eight bytes at a time.
        if let Some(chunk) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let lead = b[i];
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        i += match lead {
            0x00..=0x7f => 1,
            // U+0080..U+02FF
            0xc2..=0xcb if continuation(next(1)) => 2,
            // U+1E00..U+1EFF
            0xe1 if (0xb8..=0xbb).contains(&next(1)) && continuation(next(2)) => 3,
            // U+2002..U+203F
            0xe2 if next(1) == 0x80 && (0x82..=0xbf).contains(&next(2)) => 3,
            _ => return false,
        };
    }
    true
}

/// Control characters in normalised text (C0 other than TAB and LF, DEL,
/// C1): the first one's byte offset and character, and how many there are.
/// One pass of cheap byte tests; only a flagged chunk is decoded.
pub fn find_controls(text: &str) -> Option<(usize, char, usize)> {
    // 0xc2 leads U+0080..U+00BF, where the C1 controls are.
    let suspect = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2;
    let bytes = text.as_bytes();
    let mut start = bytes
        .chunks(64)
        .position(|c| c.iter().fold(false, |any, b| any | suspect(*b)))?
        * 64;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut found = text[start..]
        .char_indices()
        .filter(|(_, c)| {
            (*c < ' ' && *c != '\t' && *c != '\n') || ('\u{7f}'..='\u{9f}').contains(c)
        })
        .map(|(i, c)| (start + i, c));
    let (at, c) = found.next()?;
    Some((at, c, 1 + found.count()))
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
pub fn line_column(text: &str, at: usize) -> (u32, u32) {
    position(text.as_bytes(), at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast_set() -> impl Iterator<Item = char> {
        (0x20u32..0x7f)
            .chain(0x80..0x300)
            .chain(0x1e00..0x1f00)
            .chain(0x2002..0x2040)
            .filter_map(char::from_u32)
    }

    #[test]
    fn quick_check_agrees_with_icu_on_its_whole_range() {
        let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
        let chars: Vec<char> = fast_set().collect();
        for c in &chars {
            let s = c.to_string();
            assert!(is_utf8_nfc_quick(s.as_bytes()), "{c:?}");
            assert!(nfc.is_normalized(&s), "{c:?} is not NFC by itself");
        }
        // No pair of them composes either (every one is a starter that
        // never combines with what precedes it).
        for a in chars.iter().step_by(7) {
            for b in &chars {
                let s = format!("{a}{b}");
                assert!(nfc.is_normalized(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn quick_check_refuses_combining_marks_and_other_scripts() {
        let quick = |s: &str| is_utf8_nfc_quick(s.as_bytes());
        assert!(!quick("Sa\u{301}ng"));
        assert!(!quick("Ω"));
        assert!(!quick("\u{2000}"));
        assert!(!quick("\u{feff}title"));
        assert!(quick("Sáng kiến “Đắk Hà” – 2024… and a longer ASCII run"));
    }

    /// Every byte string the quick check accepts is well-formed UTF-8:
    /// all sequences of one to three bytes whose first byte can start an
    /// accepted character, alone and after an ASCII run (the word path).
    #[test]
    fn quick_check_accepts_only_utf8() {
        let mut buf = Vec::new();
        let leads = (0u8..=0x7f).chain(0x80..=0xff);
        for a in leads {
            for b in 0u8..=0xff {
                let thirds: Vec<u8> = if matches!(a, 0xe1 | 0xe2) {
                    (0u8..=0xff).collect()
                } else {
                    vec![b'x']
                };
                for c in thirds {
                    for prefix in [&b""[..], &b"abcdefghij"[..]] {
                        buf.clear();
                        buf.extend_from_slice(prefix);
                        buf.extend_from_slice(&[a, b, c]);
                        for len in [prefix.len() + 1, prefix.len() + 2, buf.len()] {
                            let s = &buf[..len];
                            if is_utf8_nfc_quick(s) {
                                assert!(std::str::from_utf8(s).is_ok(), "{s:x?}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn finds_control_characters_but_not_tab_or_newline() {
        assert_eq!(find_controls("a\tb\nc Đắk ©"), None);
        let long = format!("{}\n\u{1b}x\u{0}y\u{85}", "é".repeat(100));
        let (at, c, n) = find_controls(&long).unwrap();
        assert_eq!((c, n), ('\u{1b}', 3));
        assert_eq!(line_column(&long, at), (2, 1));
        assert_eq!(find_controls("x\u{7f}").map(|f| f.1), Some('\u{7f}'));
    }

    #[test]
    fn decode_normalises_and_locates_bad_bytes() {
        let raw = "\u{feff}Kie\u{302}\u{301}n\r\n".as_bytes().to_vec();
        assert_eq!(decode(raw).unwrap(), "Kiến\n");
        let mut bad = "a: 1\nbé: \u{2}".as_bytes().to_vec();
        bad.push(0xff);
        assert_eq!(decode(bad).unwrap_err(), (2, 6));
        assert_eq!(decode(b"ok\n".to_vec()).unwrap(), "ok\n");
    }
}
