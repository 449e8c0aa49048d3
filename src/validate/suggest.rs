//! Suggestions for a mistyped key or value: by meaning first (a small
//! table of words editors write for a key: `applied_from`, `ten`), then
//! by spelling ([`closest`]); and the value an editor meant when a
//! number, date or yes/no was written the way people write them on paper.

use super::ctx::closest;

/// Words that mean a key of the content model, with the key.
const SYNONYMS: &[(&str, &str)] = &[
    ("applied_from", "applied_since"),
    ("applied_date", "applied_since"),
    ("apply_since", "applied_since"),
    ("applied_on", "applied_since"),
    ("start_date", "applied_since"),
    ("ngay_ap_dung", "applied_since"),
    ("name", "title"),
    ("ten", "title"),
    ("ten", "name"),
    ("description", "summary"),
    ("tom_tat", "summary"),
    ("author", "authors"),
    ("tac_gia", "authors"),
    ("don_vi", "unit"),
    ("organisation", "unit"),
    ("organization", "unit"),
    ("department", "unit"),
    ("linh_vuc", "field"),
    ("category", "field"),
    ("cap", "level"),
    ("loai", "kind"),
    ("type", "kind"),
    ("keywords", "tags"),
    ("the", "tags"),
    ("photos", "images"),
    ("pictures", "images"),
    ("anh", "images"),
    ("files", "attachments"),
    ("documents", "attachments"),
    ("decision_number", "decision"),
    ("so_quyet_dinh", "decision"),
    ("savings", "savings_vnd"),
    ("url", "website"),
    ("web", "website"),
];

/// The key `word` was probably meant to be, among `allowed`.
pub fn key<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let by_meaning = SYNONYMS
        .iter()
        .filter(|(w, _)| *w == lower)
        .find_map(|(_, k)| allowed.iter().copied().find(|a| a == k));
    by_meaning
        .or_else(|| closest(&lower, allowed.iter().copied()))
        .filter(|k| *k != word)
}

/// `120.000.000`, `120,000,000` or `120 000 000` as the whole number
/// `120000000`, when the text is grouped by thousands.
pub fn grouped_number(s: &str) -> Option<String> {
    let s = s.trim();
    let sep = s
        .chars()
        .find(|c| matches!(c, '.' | ',' | ' ' | '\u{a0}'))?;
    let groups: Vec<&str> = s.split(sep).collect();
    let ok = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| groups.concat())
}

/// A day-first date (`18/09/2023`, `18-9-2023`, `18.09.2023`) written as
/// `2023-09-18`, when it is a real day.
pub fn day_first_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4)) {
        return None;
    }
    let (d, m, y): (i8, i8, i16) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let date = jiff::civil::Date::new(y, m, d).ok()?;
    Some(date.to_string())
}

/// `có`, `không`, `yes`, `no`… as `true` or `false`.
pub fn yes_no(s: &str) -> Option<bool> {
    let folded = crate::text::fold(s.trim()).to_lowercase();
    match folded.as_str() {
        "co" | "yes" | "y" | "dung" | "roi" | "dong y" | "x" | "1" => Some(true),
        "khong" | "no" | "n" | "sai" | "chua" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_by_meaning_then_spelling() {
        let keys = ["title", "summary", "applied_since", "tags"];
        assert_eq!(key("applied_from", &keys), Some("applied_since"));
        assert_eq!(key("sumary", &keys), Some("summary"));
        assert_eq!(key("Tom_tat", &keys), Some("summary"));
        assert_eq!(key("zzzzzz", &keys), None);
        // A synonym whose key is not allowed here is no suggestion.
        assert_eq!(key("website", &keys), None);
    }

    #[test]
    fn values_written_as_on_paper() {
        assert_eq!(grouped_number("120.000.000").as_deref(), Some("120000000"));
        assert_eq!(grouped_number("1,500,000").as_deref(), Some("1500000"));
        assert_eq!(grouped_number("12.5"), None);
        assert_eq!(grouped_number("abc"), None);
        assert_eq!(day_first_date("18/09/2023").as_deref(), Some("2023-09-18"));
        assert_eq!(day_first_date("1.2.2024").as_deref(), Some("2024-02-01"));
        assert_eq!(day_first_date("31/02/2024"), None);
        assert_eq!(yes_no("có"), Some(true));
        assert_eq!(yes_no("Không"), Some(false));
        assert_eq!(yes_no("maybe"), None);
    }
}
