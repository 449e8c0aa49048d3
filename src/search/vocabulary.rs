//! The catalogue's vocabulary, for "Có phải bạn muốn tìm …": one file
//! (`v.gz`, read only when a query finds nothing) listing the words of
//! the catalogue, most common first, each in its most common spelling, one
//! a line. The engine (and `search.js`) picks for a word that matches
//! nothing the closest of them by optimal string alignment on folded keys.

use std::collections::HashMap;

use super::analyzer::{analyze_query, bigram, fold_exact, Word, TONE_SEPARATOR};
use super::impact::Impacts;
use super::query::{matches, word_docs, Shards, Source};
use super::shard::PAIR;

/// Where the vocabulary is, under `export::DIR`.
pub const FILE: &str = "v.gz";

/// Words kept at most: the rarest words are seldom what a person meant,
/// and the file stays a few KB gzipped (it is read only by a query that
/// found nothing).
pub const MAX_WORDS: usize = 12_000;

/// Suggestions offered at most.
pub const MAX_SUGGESTIONS: usize = 3;

/// The vocabulary of a catalogue: folded words of two letters or more
/// without digits, by documents holding them (most first, then by key),
/// each in the spelling most documents use.
pub fn words(impacts: &Impacts) -> Vec<String> {
    let mut spelling: HashMap<String, (usize, &str)> = HashMap::new();
    for (exact, postings) in &impacts.exact {
        let folded = fold_exact(exact);
        let e = spelling.entry(folded).or_insert((0, exact));
        // Most documents, then the smaller key: the same choice every build.
        if postings.len() > e.0 || (postings.len() == e.0 && exact.as_str() < e.1) {
            *e = (postings.len(), exact);
        }
    }
    let mut ranked: Vec<(usize, &str, &str)> = impacts
        .folded
        .iter()
        .filter(|(k, _)| !k.contains(' ') && k.chars().count() >= 2)
        .filter(|(k, _)| !k.chars().any(|c| c.is_numeric()))
        .filter_map(|(k, p)| Some((p.len(), k.as_str(), spelling.get(k)?.1)))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    ranked.truncate(MAX_WORDS);
    ranked.into_iter().map(|(_, _, e)| display(e)).collect()
}

/// The vocabulary file's content.
pub fn file(impacts: &Impacts) -> Vec<u8> {
    words(impacts).join("\n").into_bytes()
}

/// The words of a vocabulary file.
pub fn parse(data: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(data).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

const VOWELS: &str = "aăâeêioôơuưy";
const MARKED_VOWELS: &str = "ăâêôơư";

/// A word spelt from its exact key: the tone mark back on its vowel
/// ("bênh:5" → "bệnh", "hoa:1" → "hóa"), by the common rule: on the last
/// vowel with a mark of its own (ơ of ươ), else on a lone vowel, else on
/// the last vowel when a consonant follows, else the middle of three,
/// else the first of two.
pub fn display(exact: &str) -> String {
    let (word, tone) = match exact.rsplit_once(TONE_SEPARATOR) {
        Some((w, t)) => (w, t.chars().next()),
        None => (exact, None),
    };
    let mark = match tone {
        Some('1') => '\u{301}',
        Some('2') => '\u{300}',
        Some('3') => '\u{309}',
        Some('4') => '\u{303}',
        Some('5') => '\u{323}',
        _ => return word.to_string(),
    };
    let chars: Vec<char> = word.chars().collect();
    let is_vowel = |c: char| VOWELS.contains(c);
    // "qu" and "gi" before a vowel begin a syllable: their u and i are
    // consonants.
    let mut from = chars.iter().position(|&c| is_vowel(c)).unwrap_or(0);
    let onset: String = chars[..from.min(chars.len())].iter().collect();
    let next_is_vowel = chars.get(from + 1).is_some_and(|&c| is_vowel(c));
    if next_is_vowel
        && ((onset == "q" && chars[from] == 'u') || (onset == "g" && chars[from] == 'i'))
    {
        from += 1;
    }
    let to = from + chars[from..].iter().take_while(|&&c| is_vowel(c)).count();
    let cluster = from..to;
    let at = if cluster.is_empty() {
        None
    } else if let Some(m) = cluster
        .clone()
        .rev()
        .find(|&i| MARKED_VOWELS.contains(chars[i]))
    {
        Some(m)
    } else if cluster.len() == 1 || to < chars.len() {
        Some(to - 1)
    } else if cluster.len() == 3 {
        Some(from + 1)
    } else {
        Some(from)
    };
    let Some(at) = at else {
        return word.to_string();
    };
    let mut out = String::with_capacity(word.len() + 2);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if i == at {
            out.push(mark);
        }
    }
    crate::text::nfc(&out).into_owned()
}

/// The words of `vocabulary` closest to `w` (a word that matches
/// nothing), as a suggestion writes them: folded if `w` was typed without
/// marks (so it matches every spelling, as `w` would have), else in the
/// vocabulary's spelling. Only words at a distance between folded keys
/// of at most 1 (words of up to three letters) or 2; at most
/// `MAX_SUGGESTIONS`: first those that `follows` the word before in the
/// catalogue (an adjacent pair), then by that distance, then for a word
/// typed with marks by distance between exact keys, then by rank in the
/// vocabulary (most common first).
pub fn closest(w: &Word, vocabulary: &[String], follows: &dyn Fn(&str) -> bool) -> Vec<String> {
    let len = w.folded.chars().count();
    let bound = if len <= 3 { 1 } else { 2 };
    let marked = w.has_marks();
    let mut near: Vec<(bool, usize, usize, usize, String)> = Vec::new();
    let (mut folded, mut exact) = (String::new(), String::new());
    for (rank, v) in vocabulary.iter().enumerate() {
        if v.chars().count().abs_diff(len) > bound {
            continue;
        }
        super::analyzer::folded_key(v, &mut folded);
        let d = strsim::osa_distance(&w.folded, &folded);
        if d > bound || d == 0 {
            continue;
        }
        let by_spelling = if marked {
            super::analyzer::exact_key(v, &mut exact);
            strsim::osa_distance(&w.exact, &exact)
        } else {
            0
        };
        let text = if marked { v.clone() } else { folded.clone() };
        near.push((!follows(&folded), d, by_spelling, rank, text));
    }
    near.sort();
    let mut out: Vec<String> = Vec::new();
    for n in near {
        if !out.contains(&n.4) && out.len() < MAX_SUGGESTIONS {
            out.push(n.4);
        }
    }
    out
}

/// Step 6: the words that match nothing (even without their marks) in
/// the `k`-th closest word of the vocabulary, for k up to
/// `MAX_SUGGESTIONS`; a query so corrected is kept if it has
/// results (as typed, or without its marks). Words that match keep their
/// text as typed (lowercase).
pub(super) fn suggest(
    src: &mut dyn Source,
    query: &str,
    words: &[Word],
    shards: &mut Shards,
    prefix: bool,
) -> Vec<String> {
    let unknown: Vec<bool> = words
        .iter()
        .enumerate()
        .map(|(i, w)| word_docs(w, shards, prefix && i + 1 == words.len(), false).is_empty())
        .collect();
    if !unknown.contains(&true) {
        return Vec::new();
    }
    let Some(vocabulary) = src.vocabulary() else {
        return Vec::new();
    };
    let text = crate::text::nfc(query);
    let near: Vec<Vec<String>> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if !unknown[i] {
                return Vec::new();
            }
            let before = i.checked_sub(1).map(|b| &words[b].folded);
            let follows = |next: &str| {
                before.is_some_and(|b| {
                    let pair = bigram(b, next);
                    let shard = shards.get(b).and_then(Option::as_ref);
                    shard.is_some_and(|s| s.contains_key(&(PAIR, pair)))
                })
            };
            closest(w, &vocabulary, &follows)
        })
        .collect();
    if near.iter().zip(&unknown).any(|(n, &u)| u && n.is_empty()) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for k in 0..MAX_SUGGESTIONS {
        if !near.iter().any(|n| n.len() > k) {
            break;
        }
        let corrected: Vec<String> = words
            .iter()
            .zip(&near)
            .map(|(w, n)| match n.get(k).or(n.last()) {
                Some(word) => word.clone(),
                None => text[w.start..w.end].to_lowercase(),
            })
            .collect();
        let line = corrected.join(" ");
        if out.contains(&line) {
            continue;
        }
        let again = analyze_query(&line);
        for w in &again {
            if !shards.contains_key(&w.folded) {
                let s = src.shard(&w.folded);
                shards.insert(w.folded.clone(), s);
            }
        }
        let found = !matches(&again, shards, prefix, true).is_empty()
            || !matches(&again, shards, prefix, false).is_empty();
        if found {
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::analyze;

    #[test]
    fn spellings_come_back_from_their_exact_keys() {
        let text = "bệnh viện chuyển đổi số hoà thuỷ lợi quy trình giải pháp \
                    người dược liệu khuỷu tay ngoài quyết định giữa hướng thuở";
        for w in analyze(text) {
            let back = display(&w.exact);
            let again = &analyze(&back)[0];
            assert_eq!(again.exact, w.exact, "{} → {back}", &text[w.start..w.end]);
        }
        assert_eq!(display("bênh:5"), "bệnh");
        assert_eq!(display("tuong"), "tuong");
        assert_eq!(display("quyêt:1"), "quyết");
        assert_eq!(display("gia:3"), "giả");
    }

    #[test]
    fn closest_words_by_distance_then_pairs_then_rank() {
        let v: Vec<String> = ["viên", "việc", "biên", "bệnh", "xa", "viện"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let word = |w: &str| analyze(w).remove(0);
        let none = |_: &str| false;
        // Typed without marks: folded suggestions (one for viên and viện).
        assert_eq!(closest(&word("vienn"), &v, &none), ["vien", "viec", "bien"]);
        assert!(!closest(&word("benh"), &v, &none).contains(&"benh".to_string()));
        assert_eq!(closest(&word("bemh"), &v, &none)[0], "benh");
        assert!(closest(&word("zzz"), &v, &none).is_empty());
        // With marks: the spelling closest to the one typed.
        assert_eq!(closest(&word("viiện"), &v, &none)[0], "viện");
        // A word that makes a pair with the one before comes first.
        let after_cong = |w: &str| w == "viec";
        assert_eq!(closest(&word("vienn"), &v, &after_cong)[0], "viec");
    }
}
