//! The query engine over exported files. `search.js` runs the same steps
//! (its `runQuery`), in integers, so both give the same ranking.
//!
//! 1. Analyse the query into words; the last is a prefix unless the query
//!    ends with a space.
//! 2. Read the shard of each word. A word's *slot* score for a document is
//!    `W_WORD · impact(word)`, or for the prefix word the larger of that and
//!    `W_PREFIX · impact(completions)`.
//! 3. Add `W_EXACT · impact(exact spelling)` for words typed with
//!    diacritics, and `W_PAIR · impact(pair)` for each adjacent pair (for a
//!    pair ending in the prefix word, the best pair it may complete to).
//! 4. A document matches a slot if it is in the slot's lists, or if a list
//!    was cut (a very common word does not filter). Results are the
//!    documents matching the most slots, by score, then catalogue order.
//! 5. Facet filters keep the documents whose value is among the chosen
//!    ones; counts for a facet apply every filter but its own.

use std::collections::{BTreeMap, HashMap};

use super::analyzer::{analyze_query, bigram};
use super::shard::{List, Shard, EXACT, PAIR, PREFIX, WORD};

pub const W_WORD: u32 = 4;
pub const W_PREFIX: u32 = 2;
pub const W_EXACT: u32 = 2;
pub const W_PAIR: u32 = 6;

/// Where the engine reads shards and facet columns from.
pub trait Source {
    /// The decoded shard for a folded word (`None` if there is none).
    fn shard(&mut self, key: &str) -> Option<Shard>;
    /// The facet column (value index a document).
    fn facet(&mut self, name: &str) -> Option<Vec<u16>>;
}

/// Facet filters: facet name → accepted value indexes.
pub type Filters = BTreeMap<String, Vec<u16>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: u32,
}

#[derive(Debug, Default)]
pub struct Answer {
    /// All results, best first (after filters).
    pub hits: Vec<Hit>,
    /// Facet → value index → count (only when asked for).
    pub counts: BTreeMap<String, BTreeMap<u16, u32>>,
    /// Folded words of the query, the last one a prefix if `prefix`.
    pub words: Vec<String>,
    pub prefix: bool,
}

struct Slot {
    best: HashMap<u32, u32>,
    open: bool,
}

fn list<'a>(shard: Option<&'a Shard>, kind: u8, key: &str) -> Option<&'a List> {
    shard.and_then(|s| s.get(&(kind, key.to_string())))
}

/// Runs a query. `facets` lists the facets to count (their columns are
/// read, like those of the filters).
pub fn run(src: &mut dyn Source, query: &str, filters: &Filters, facets: &[&str]) -> Answer {
    let words = analyze_query(query);
    let prefix = !query.ends_with(char::is_whitespace);
    let mut answer = Answer {
        words: words.iter().map(|w| w.folded.clone()).collect(),
        prefix,
        ..Answer::default()
    };
    if words.is_empty() {
        return answer;
    }
    let mut shards: HashMap<String, Option<Shard>> = HashMap::new();
    for w in &words {
        if !shards.contains_key(&w.folded) {
            let s = src.shard(&w.folded);
            shards.insert(w.folded.clone(), s);
        }
    }
    let mut score: HashMap<u32, u32> = HashMap::new();
    let mut slots = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let shard = shards[&w.folded].as_ref();
        let mut slot = Slot {
            best: HashMap::new(),
            open: false,
        };
        let mut take = |l: Option<&List>, weight: u32| {
            if let Some(l) = l {
                slot.open |= l.truncated();
                for &(q, d) in &l.postings {
                    let v = slot.best.entry(d).or_insert(0);
                    *v = (*v).max(weight * u32::from(q));
                }
            }
        };
        take(list(shard, WORD, &w.folded), W_WORD);
        if prefix && i + 1 == words.len() {
            take(list(shard, PREFIX, &w.folded), W_PREFIX);
        }
        for (&d, &v) in &slot.best {
            *score.entry(d).or_insert(0) += v;
        }
        let mut add = |l: Option<&List>, weight: u32| {
            for &(q, d) in l.map_or(&[][..], |l| &l.postings) {
                *score.entry(d).or_insert(0) += weight * u32::from(q);
            }
        };
        if w.has_marks() {
            add(list(shard, EXACT, &w.exact), W_EXACT);
        }
        if let Some(next) = words.get(i + 1) {
            let key = bigram(&w.folded, &next.folded);
            if prefix && i + 2 == words.len() {
                // The pair's second word is being typed: the best of the
                // pairs it may complete to.
                let mut best: HashMap<u32, u32> = HashMap::new();
                for ((kind, k), l) in shard.into_iter().flatten() {
                    if *kind == PAIR && k.starts_with(&key) {
                        for &(q, d) in &l.postings {
                            let v = best.entry(d).or_insert(0);
                            *v = (*v).max(u32::from(q));
                        }
                    }
                }
                for (d, q) in best {
                    *score.entry(d).or_insert(0) += W_PAIR * q;
                }
            } else {
                add(list(shard, PAIR, &key), W_PAIR);
            }
        }
        slots.push(slot);
    }
    let matched = |d: u32| {
        slots
            .iter()
            .filter(|s| s.open || s.best.contains_key(&d))
            .count()
    };
    let coverage: HashMap<u32, usize> = score.keys().map(|&d| (d, matched(d))).collect();
    let most = coverage.values().copied().max().unwrap_or(0);
    let mut results: Vec<Hit> = score
        .iter()
        .filter(|(d, _)| coverage[d] == most)
        .map(|(&doc, &score)| Hit { doc, score })
        .collect();
    results.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));

    let mut columns: HashMap<String, Vec<u16>> = HashMap::new();
    for name in filters
        .keys()
        .map(String::as_str)
        .chain(facets.iter().copied())
    {
        if !columns.contains_key(name) {
            if let Some(col) = src.facet(name) {
                columns.insert(name.to_string(), col);
            }
        }
    }
    let value = |name: &str, d: u32| {
        columns
            .get(name)
            .and_then(|c| c.get(d as usize).copied())
            .unwrap_or(super::export::NONE)
    };
    for f in facets {
        answer.counts.insert(f.to_string(), BTreeMap::new());
    }
    for hit in results {
        let failing: Vec<&String> = filters
            .iter()
            .filter(|(name, accepted)| !accepted.contains(&value(name, hit.doc)))
            .map(|(name, _)| name)
            .collect();
        for f in facets {
            if failing.is_empty() || (failing.len() == 1 && failing[0] == f) {
                let v = value(f, hit.doc);
                if let Some(counts) = answer.counts.get_mut(*f) {
                    *counts.entry(v).or_insert(0) += 1;
                }
            }
        }
        if failing.is_empty() {
            answer.hits.push(hit);
        }
    }
    answer
}
