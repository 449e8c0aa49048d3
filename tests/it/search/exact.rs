//! Exactness: on a generated catalogue of a few thousand entries, the
//! exported engine's results and facet counts equal a brute-force scan of
//! the entries' text, for many random queries. The reference is written
//! apart from `sangkien::search::analyzer`: NFD, marks dropped or kept,
//! words split at anything not alphanumeric.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};

use sangkien::model::Catalogue;
use sangkien::search::query::{self, Filters};
use sangkien::search::Files;

/// Tone marks as combining characters (sắc, huyền, hỏi, ngã, nặng).
const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// A word as the reference keys it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    folded: String,
    /// Vowel marks kept, tone mark dropped (NFC), and the tone apart.
    toneless: String,
    tone: Option<char>,
}

impl Key {
    fn marked(&self) -> bool {
        self.tone.is_some() || self.toneless != self.folded
    }
}

/// "lý" and "lí" are one spelling: consonants then a final y.
fn y_as_i(s: String) -> String {
    let consonants = "bcdđghklmnpqrstvx";
    match s.strip_suffix('y') {
        Some(head) if !head.is_empty() && head.chars().all(|c| consonants.contains(c)) => {
            format!("{head}i")
        }
        _ => s,
    }
}

fn key(word: &str) -> Key {
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let decomposed = nfd.normalize(word);
    let mut folded = String::new();
    let mut toneless = String::new();
    let mut tone = None;
    for c in decomposed.chars() {
        if TONES.contains(&c) {
            tone = tone.or(Some(c));
            continue;
        }
        toneless.push(c);
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        folded.push(if c == 'đ' { 'd' } else { c });
    }
    Key {
        folded: y_as_i(folded),
        toneless: y_as_i(nfc.normalize(&toneless).into_owned()),
        tone,
    }
}

fn words(text: &str) -> Vec<Key> {
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    nfc.normalize(&text.to_lowercase())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(key)
        .collect()
}

/// Every indexed part of an entry, by the content model: title, summary,
/// benefits, body, tags, authors, unit (name, short name, district), field,
/// id, decision, events.
fn entry_text(c: &Catalogue, d: usize) -> String {
    let i = &c.initiatives[d];
    let mut parts = vec![i.title.clone(), i.summary.clone(), i.body.clone()];
    parts.extend(i.benefits.as_ref().and_then(|b| b.summary.clone()));
    parts.extend(i.tags.iter().cloned());
    for a in &i.authors {
        parts.extend(c.author(&a.author).map(|a| a.name.clone()));
    }
    if let Some(u) = c.unit(&i.unit) {
        parts.push(u.name.clone());
        parts.extend(u.short_name.clone());
        let district = u.district.as_deref().and_then(|s| c.district(s));
        parts.extend(district.map(|d| d.name.clone()));
    }
    parts.extend(c.field(&i.field).map(|f| f.name.clone()));
    parts.push(i.id.clone());
    parts.push(i.recognition.decision.clone());
    parts.extend(i.events.iter().map(|e| e.name.clone()));
    parts.join(" \n ")
}

/// The scan: each entry's keys.
struct Reference {
    docs: Vec<HashSet<Key>>,
    folded: Vec<HashSet<String>>,
}

impl Reference {
    fn new(c: &Catalogue) -> Reference {
        let docs: Vec<HashSet<Key>> = (0..c.initiatives.len())
            .map(|d| words(&entry_text(c, d)).into_iter().collect())
            .collect();
        let folded = docs
            .iter()
            .map(|k| k.iter().map(|k| k.folded.clone()).collect())
            .collect();
        Reference { docs, folded }
    }

    fn word_matches(&self, d: usize, w: &Key, as_spelt: bool, prefix: bool) -> bool {
        let own = if as_spelt && w.marked() {
            self.docs[d].contains(w)
        } else {
            self.folded[d].contains(&w.folded)
        };
        own || (prefix
            && self.folded[d]
                .iter()
                .any(|f| f.len() > w.folded.len() && f.starts_with(&w.folded)))
    }

    /// The entries holding every word; typed marks count unless nothing
    /// holds them as spelt.
    fn matches(&self, query: &str) -> (BTreeSet<u32>, bool) {
        let ws = words(query);
        let prefix = !query.ends_with(' ');
        let scan = |as_spelt: bool| -> BTreeSet<u32> {
            if ws.is_empty() {
                return BTreeSet::new();
            }
            (0..self.docs.len())
                .filter(|&d| {
                    ws.iter().enumerate().all(|(n, w)| {
                        self.word_matches(d, w, as_spelt, prefix && n + 1 == ws.len())
                    })
                })
                .map(|d| d as u32)
                .collect()
        };
        let spelt = scan(true);
        if spelt.is_empty() && ws.iter().any(Key::marked) {
            let folded = scan(false);
            let fell_back = !folded.is_empty();
            return (folded, fell_back);
        }
        (spelt, false)
    }
}

/// SplitMix64, for queries that are the same at every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// The words of the catalogue as written (lowercase), most frequent first.
fn vocabulary(c: &Catalogue) -> Vec<(String, usize)> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for d in 0..c.initiatives.len() {
        let text = entry_text(c, d).to_lowercase();
        let seen: HashSet<&str> = text
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in seen {
            *df.entry(w.to_string()).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = df.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// A random query word: common, rare, stripped of its marks, re-toned,
/// cut short, or absent.
fn query_word(rng: &mut Rng, vocab: &[(String, usize)]) -> String {
    let common = &vocab[rng.below(vocab.len().min(40))].0;
    let rare = &vocab[vocab.len() - 1 - rng.below(vocab.len().min(200))].0;
    let any = &vocab[rng.below(vocab.len())].0;
    let strip = |w: &str| key(w).folded;
    match rng.below(9) {
        0 | 1 => common.clone(),
        2 => rare.clone(),
        3 => any.clone(),
        4 => strip(common),
        5 => strip(any),
        // Another tone on the same letters: often a word no entry holds.
        6 => retoned(rng, any),
        7 => ["xyzzy", "chiêngg", "cồngq", "qwv"][rng.below(4)].to_string(),
        _ => {
            let chars: Vec<char> = any.chars().collect();
            chars[..1 + rng.below(chars.len())].iter().collect()
        }
    }
}

/// Another tone on the same letters: often a word no entry holds.
fn retoned(rng: &mut Rng, word: &str) -> String {
    let marks = ['\u{300}', '\u{301}', '\u{303}'];
    let w = key(word).folded;
    let Some(at) = w.find(|c: char| "aeiou".contains(c)) else {
        return w;
    };
    let mut toned = w.clone();
    toned.insert(at + 1, marks[rng.below(3)]);
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(&toned)
        .into_owned()
}

fn slug_counts(
    files: &Files,
    counts: &BTreeMap<String, BTreeMap<u16, u32>>,
) -> BTreeMap<String, BTreeMap<String, u32>> {
    let values = files.facet_values().expect("facet values");
    counts
        .iter()
        .map(|(facet, by)| {
            let named = by
                .iter()
                .filter(|(_, &n)| n > 0)
                .map(|(&v, &n)| (values.values[facet][v as usize].0.clone(), n))
                .collect();
            (facet.clone(), named)
        })
        .collect()
}

#[test]
fn exported_engine_equals_a_scan_of_the_entries() {
    // `SANGKIEN_EXACT_ENTRIES` runs the same check at another size
    // (scripts/bench-search.py reports it at 10,000 and 50,000).
    let entries = std::env::var("SANGKIEN_EXACT_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2500);
    let dir = tempfile::tempdir().unwrap();
    crate::util::gen_corpus(dir.path(), entries);
    let c = super::catalogue(dir.path());
    let reference = Reference::new(&c);
    let site = sangkien::search::export_catalogue(&c);
    let mut files = Files::memory(&site);
    let values = files.facet_values().unwrap();
    let vocab = vocabulary(&c);
    let facet_of = |facet: &str, d: u32| -> String {
        let i = &c.initiatives[d as usize];
        match facet {
            "field" => i.field.clone(),
            _ => i.year().to_string(),
        }
    };
    let mut rng = Rng(9);
    let (mut cut, mut fell_back, mut empty, mut filtered) = (0, 0, 0, 0);
    for n in 0..400 {
        // Every tenth query one re-toned word: the fallback's case.
        let words: Vec<String> = if n % 10 == 5 {
            let w = &vocab[rng.below(vocab.len().min(300))].0;
            vec![retoned(&mut rng, w)]
        } else {
            (0..1 + rng.below(3))
                .map(|_| query_word(&mut rng, &vocab))
                .collect()
        };
        let mut query = words.join(" ");
        if n % 2 == 0 {
            query.push(' ');
        }
        // A filter on a third of the queries: a field, a year or both.
        let mut chosen: BTreeMap<&str, String> = BTreeMap::new();
        if n % 3 == 0 {
            let field = &values.values["field"];
            let year = &values.values["year"];
            match rng.below(3) {
                0 => chosen.insert("field", field[rng.below(field.len())].0.clone()),
                1 => chosen.insert("year", year[rng.below(year.len())].0.clone()),
                _ => {
                    chosen.insert("field", field[rng.below(field.len())].0.clone());
                    chosen.insert("year", year[rng.below(year.len())].0.clone())
                }
            };
        }
        let mut filters = Filters::new();
        for (facet, slug) in &chosen {
            let ix = values.values[*facet].iter().position(|v| &v.0 == slug);
            filters.insert(facet.to_string(), vec![ix.unwrap() as u16]);
        }
        let answer = query::run(&mut files, &query, &filters, &["field", "year"]);
        let (all, folded) = reference.matches(&query);
        let passes = |d: u32, except: Option<&str>| {
            chosen
                .iter()
                .all(|(f, v)| Some(*f) == except || facet_of(f, d) == *v)
        };
        let want: BTreeSet<u32> = all.iter().copied().filter(|&d| passes(d, None)).collect();
        let got: BTreeSet<u32> = answer.hits.iter().map(|h| h.doc).collect();
        assert_eq!(got.len(), answer.hits.len(), "{query:?}: a result twice");
        assert_eq!(got, want, "{query:?} {chosen:?}");
        assert_eq!(answer.folded_fallback, folded, "{query:?}: fallback");
        let mut want_counts: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
        for facet in ["field", "year"] {
            let counts = want_counts.entry(facet.to_string()).or_default();
            for &d in all.iter().filter(|&&d| passes(d, Some(facet))) {
                *counts.entry(facet_of(facet, d)).or_default() += 1;
            }
        }
        assert_eq!(
            slug_counts(&files, &answer.counts),
            want_counts,
            "{query:?} {chosen:?}: facet counts"
        );
        cut += usize::from(all.len() > 200);
        fell_back += usize::from(folded);
        empty += usize::from(all.is_empty());
        filtered += usize::from(!chosen.is_empty());
    }
    // The queries did reach past the heads, fall back, find nothing and
    // filter, each a good number of times.
    assert!(cut >= 40, "{cut} queries past a head");
    assert!(fell_back >= 5, "{fell_back} fallbacks");
    assert!(empty >= 20, "{empty} empty");
    assert!(filtered >= 100, "{filtered} filtered");
    println!("exact at {entries} entries: 400 queries, {cut} past a head, {fell_back} fallbacks, {empty} empty, {filtered} filtered");
}
