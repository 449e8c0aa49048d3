//! Ranking and no-dead-ends on a generated catalogue and the sample: an id
//! typed in any case comes first, the query's words adjacent and in order
//! above scattered ones, title/authors/tags above body, and with no
//! result the closest words of the vocabulary and the browse lists.

use std::collections::HashSet;

use sangkien::search::analyzer::analyze;
use sangkien::search::index::part_texts;
use sangkien::search::query::{self, Filters, PAIR_TIER};
use sangkien::search::{command, Files};

use super::suite::SUGGESTIONS;
use super::{catalogue, sample};
use crate::util;

/// Results a page shows first (search.js shows 5, then more).
const PAGE: usize = 10;

/// A generated catalogue (the project's generator) and its search files.
fn generated(n: usize) -> (sangkien::model::Catalogue, Files) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::gen_corpus(&dir, n);
    let c = catalogue(&dir);
    let files = Files::memory(&sangkien::search::export_catalogue(&c));
    (c, files)
}

/// The folded words of the heading parts (title, authors, tags) and of
/// all parts of an entry, and the folded pairs of its paired parts.
struct Text {
    heading: HashSet<String>,
    pairs: HashSet<(String, String)>,
}

fn text(c: &sangkien::model::Catalogue, d: usize) -> Text {
    let parts = part_texts(c, &c.initiatives[d]);
    let mut t = Text {
        heading: HashSet::new(),
        pairs: HashSet::new(),
    };
    for (n, values) in parts.iter().enumerate() {
        let part = sangkien::search::index::PARTS[n];
        for v in values {
            let words: Vec<String> = analyze(v).into_iter().map(|w| w.folded).collect();
            if n < 3 {
                t.heading.extend(words.iter().cloned());
            }
            if part.bigrams {
                for p in words.windows(2) {
                    t.pairs.insert((p[0].clone(), p[1].clone()));
                }
            }
        }
    }
    t
}

#[test]
fn ids_adjacency_and_headings_rank_first_on_a_generated_catalogue() {
    let (c, mut files) = generated(2000);
    let texts: Vec<Text> = (0..c.initiatives.len()).map(|d| text(&c, d)).collect();
    // An id in any case, alone or with words: its entry first.
    for d in (0..c.initiatives.len()).step_by(97) {
        let id = &c.initiatives[d].id;
        let mixed: String = id
            .chars()
            .enumerate()
            .map(|(i, ch)| {
                if i % 2 == 0 {
                    ch.to_ascii_lowercase()
                } else {
                    ch
                }
            })
            .collect();
        for q in [id.to_lowercase(), id.clone(), mixed] {
            let a = query::run(&mut files, &q, &Filters::new(), &[]);
            assert_eq!(a.hits.first().map(|h| h.doc), Some(d as u32), "{q}");
        }
    }
    // Pairs of words adjacent in some title: the documents ranked in the
    // pair's tier hold the pair, and rank above those that do not.
    let mut checked = 0;
    for d in (0..c.initiatives.len()).step_by(53) {
        let title = analyze(&c.initiatives[d].title);
        for w in title.windows(2).step_by(3) {
            let q = format!("{} {} ", w[0].folded, w[1].folded);
            let pair = (w[0].folded.clone(), w[1].folded.clone());
            let a = query::run(&mut files, &q, &Filters::new(), &[]);
            let tier: Vec<u32> = a
                .hits
                .iter()
                .take_while(|h| h.score >= PAIR_TIER)
                .map(|h| h.doc)
                .collect();
            assert!(!tier.is_empty(), "{q:?}: no document in the pair's tier");
            for doc in &tier {
                assert!(texts[*doc as usize].pairs.contains(&pair), "{q:?}: {doc}");
            }
            // The first page holds the pair whenever enough documents do.
            let holding = a
                .hits
                .iter()
                .filter(|h| texts[h.doc as usize].pairs.contains(&pair))
                .count();
            assert!(
                tier.len() >= holding.min(PAGE),
                "{q:?}: {} of {holding} documents with the pair in its tier",
                tier.len()
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} pairs");
    // One word: a document with it in its title, authors or tags ranks
    // above every document that has it only elsewhere.
    let mut words: Vec<String> = texts
        .iter()
        .step_by(101)
        .flat_map(|t| t.heading.iter().cloned())
        .collect();
    words.sort();
    words.dedup();
    for w in words.iter().take(60) {
        let a = query::run(&mut files, &format!("{w} "), &Filters::new(), &[]);
        let scored: Vec<bool> = a
            .hits
            .iter()
            .take_while(|h| h.score > 0)
            .map(|h| texts[h.doc as usize].heading.contains(w))
            .collect();
        let last_heading = scored.iter().rposition(|&h| h);
        let first_body = scored.iter().position(|&h| !h);
        if let (Some(l), Some(f)) = (last_heading, first_body) {
            assert!(
                l < f,
                "{w:?}: a body-only match at {f} above a heading one at {l}"
            );
        }
    }
}

#[test]
fn no_result_suggests_the_closest_words_and_the_browse_lists() {
    let s = sample();
    let mut files = Files::memory(&s.files);
    let none = Filters::new();
    for (q, want) in SUGGESTIONS {
        let a = query::run(&mut files, q, &none, &[]);
        assert!(a.hits.is_empty(), "{q:?} has results");
        assert_eq!(
            a.suggestions.first().map(String::as_str),
            Some(*want),
            "{q:?}"
        );
        for s in &a.suggestions {
            assert!(
                !query::run(&mut files, s, &none, &[]).hits.is_empty(),
                "{s:?}"
            );
        }
    }
    // Nothing near, or results: no suggestion.
    assert!(query::run(&mut files, "xqzwv", &none, &[])
        .suggestions
        .is_empty());
    assert!(query::run(&mut files, "ca phe", &none, &[])
        .suggestions
        .is_empty());

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::copy_tree(&util::content(), &dir);
    let out = util::run_ok(&["search", "benh vienn", "--content", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("0 kết quả"), "{text}");
    assert!(
        text.contains(&format!("{}: «benh vien»", command::SUGGEST)),
        "{text}"
    );
    for (_, path) in command::BROWSE {
        assert!(text.contains(path), "{text}");
    }
    let out = util::run_ok(&[
        "search",
        "benh vienn",
        "--json",
        "--content",
        dir.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["suggestions"][0], "benh vien");
}
