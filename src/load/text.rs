//! Turning a file's bytes into normalised text (no BOM, LF, NFC) without
//! copying it when it is already clean, which is nearly always: `check`
//! reads every byte of a large catalogue, so this is its hottest path.

use crate::text::normalize;

/// The file's text, or the 1-based line and column (in characters) of the
/// first byte that is not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, (u32, u32)> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(position(e.as_bytes(), e.utf8_error().valid_up_to())),
    };
    let clean = !text.starts_with('\u{feff}')
        && !text.as_bytes().contains(&b'\r')
        && (is_nfc_quick(&text) || icu_is_nfc(&text));
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

/// A fast, conservative NFC test on UTF-8 text: true when every character
/// is one that is always NFC and never combines with its neighbours
/// (NFC_Quick_Check = Yes and canonical combining class 0): ASCII,
/// U+0080–U+02FF, the Vietnamese precomposed letters U+1E00–U+1EFF and the
/// punctuation U+2002–U+203F. Anything else (a combining mark, another
/// script) answers false and the full normaliser decides.
pub fn is_nfc_quick(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let lead = b[i];
        if lead < 0x80 {
            i += 1;
        } else if (0xc2..=0xcb).contains(&lead) {
            // U+0080..U+02FF: two bytes.
            i += 2;
        } else if lead == 0xe1 && (0xb8..=0xbb).contains(&b[i + 1]) {
            // U+1E00..U+1EFF: three bytes.
            i += 3;
        } else if lead == 0xe2 && b[i + 1] == 0x80 && b[i + 2] >= 0x82 {
            // U+2002..U+203F: dashes, quotes, ellipsis.
            i += 3;
        } else {
            return false;
        }
    }
    true
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
            assert!(is_nfc_quick(&s), "{c:?}");
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
        assert!(!is_nfc_quick("Sa\u{301}ng"));
        assert!(!is_nfc_quick("Ω"));
        assert!(!is_nfc_quick("\u{2000}"));
        assert!(is_nfc_quick("Sáng kiến “Đắk Hà” – 2024…"));
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
