//! Vietnamese order of authors: by given name (the last word of the name,
//! or `sort_name`), then the full name, with ICU4X's Vietnamese collation;
//! and the initial letter each author is grouped under.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};

use crate::model::Author;

/// A Vietnamese collator; `None` only if the compiled data lacks it.
pub fn collator() -> Option<CollatorBorrowed<'static>> {
    let locale: icu_locale_core::Locale = "vi".parse().ok()?;
    Collator::try_new(
        CollatorPreferences::from(&locale),
        CollatorOptions::default(),
    )
    .ok()
}

/// The key a name is sorted by: its last word.
pub fn given_name(name: &str) -> &str {
    name.split_whitespace().last().unwrap_or(name)
}

/// The sort key of an author: `sort_name` if given, else the given name.
pub fn sort_key(a: &Author) -> &str {
    a.sort_name
        .as_deref()
        .unwrap_or_else(|| given_name(&a.name))
}

/// Sorts `authors` in Vietnamese order (ties broken by slug, so the order
/// is total and stable across builds).
pub fn sort_authors(authors: &mut [&Author]) {
    let coll = collator();
    let cmp = |a: &str, b: &str| match &coll {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    };
    authors.sort_by(|x, y| {
        cmp(sort_key(x), sort_key(y))
            .then_with(|| cmp(&x.name, &y.name))
            .then_with(|| x.slug.cmp(&y.slug))
    });
}

/// The letter a name is filed under: its first letter, upper case, with
/// the tone mark dropped but the vowel's own mark kept (Ấ → Â, Ứ → Ư).
pub fn initial(key: &str) -> String {
    let Some(first) = key.chars().find(|c| c.is_alphanumeric()) else {
        return "#".into();
    };
    let mut buf = [0; 4];
    let nfd = DecomposingNormalizerBorrowed::new_nfd().normalize(first.encode_utf8(&mut buf));
    // Tone marks: grave, acute, tilde, hook above, dot below.
    let kept: String = nfd
        .chars()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .collect();
    let letter = ComposingNormalizerBorrowed::new_nfc()
        .normalize(&kept)
        .to_uppercase();
    if letter.chars().all(char::is_alphabetic) {
        letter
    } else {
        "#".into()
    }
}

/// Compares two texts in Vietnamese order.
pub fn compare(coll: &Option<CollatorBorrowed<'static>>, a: &str, b: &str) -> Ordering {
    match coll {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(slug: &str, name: &str) -> Author {
        Author {
            slug: slug.into(),
            name: name.into(),
            unit: "u".into(),
            sort_name: None,
            honours: vec![],
            exemplary: vec![],
            profile: None,
        }
    }

    #[test]
    fn vietnamese_order_by_given_name() {
        let list = [
            author("d", "Trần Văn Đức"),
            author("a", "Y Hương"),
            author("b", "Nguyễn Thị Ánh"),
            author("c", "Lê Văn Dũng"),
            author("e", "Phạm Ân"),
            author("f", "Hoàng An"),
            author("g", "Đỗ Thanh Ơn"),
            author("h", "Vũ Văn Ong"),
        ];
        let mut refs: Vec<&Author> = list.iter().collect();
        sort_authors(&mut refs);
        let names: Vec<&str> = refs.iter().map(|a| given_name(&a.name)).collect();
        assert_eq!(
            names,
            ["An", "Ánh", "Ân", "Dũng", "Đức", "Hương", "Ong", "Ơn"]
        );
    }

    #[test]
    fn initials_keep_vowel_marks() {
        assert_eq!(initial("Ấn"), "Â");
        assert_eq!(initial("ứng"), "Ư");
        assert_eq!(initial("Đức"), "Đ");
        assert_eq!(initial("Ánh"), "A");
        assert_eq!(initial("123"), "#");
    }
}
