//! Text rules shared by every stage: input normalisation (BOM, CRLF, NFC),
//! Vietnamese diacritic folding and URL slugs.

use std::borrow::Cow;

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};

/// Normalises raw file text: drops a BOM, turns CRLF and lone CR into LF,
/// and composes to NFC. Borrowed when the text is already clean, which is
/// the common case and keeps `check` fast.
pub fn normalize(raw: &str) -> Cow<'_, str> {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let text: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    if nfc.is_normalized(&text) {
        return text;
    }
    Cow::Owned(nfc.normalize(&text).into_owned())
}

/// Composes a string to NFC (for text that did not come from a file,
/// such as a command-line query).
pub fn nfc(s: &str) -> Cow<'_, str> {
    ComposingNormalizerBorrowed::new_nfc().normalize(s)
}

/// Folds Vietnamese diacritics: "Đắk Hà" → "Dak Ha". Tone and vowel marks
/// are dropped and đ/Đ become d/D, which is what tantivy's
/// `AsciiFoldingFilter` does for every Vietnamese letter.
pub fn fold(s: &str) -> String {
    let nfd = DecomposingNormalizerBorrowed::new_nfd().normalize(s);
    nfd.chars()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// The URL slug of a text: folded, lowercase ASCII words joined by `-`.
/// "Chuyển đổi số" → "chuyen-doi-so"; "Ia H'Drai" → "ia-h-drai".
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `s` is a valid slug: lowercase ASCII `[a-z0-9-]+`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_strips_bom_crlf_and_composes() {
        let raw = "\u{feff}Sa\u{301}ng kie\u{302}\u{301}n\r\nb\rc";
        assert_eq!(normalize(raw), "Sáng kiến\nb\nc");
    }

    #[test]
    fn normalize_borrows_clean_text() {
        assert!(matches!(normalize("Đắk Hà\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn fold_handles_d_and_tones() {
        assert_eq!(
            fold("Đắk Hà đường hoá hóa thủy thuỷ"),
            "Dak Ha duong hoa hoa thuy thuy"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Chuyển đổi số"), "chuyen-doi-so");
        assert_eq!(slugify("Huyện Ia H'Drai"), "huyen-ia-h-drai");
        assert_eq!(slugify("  Sâm Ngọc Linh!  "), "sam-ngoc-linh");
        assert!(is_slug("kon-tum-2"));
        assert!(!is_slug("Kon-Tum"));
        assert!(!is_slug(""));
    }
}
