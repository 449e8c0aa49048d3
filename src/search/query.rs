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

#[cfg(test)]
mod tests {
    use super::*;

    /// Shards by word, facet columns by name.
    #[derive(Default)]
    struct Mem(HashMap<String, Shard>, HashMap<String, Vec<u16>>);

    impl Mem {
        fn put(&mut self, shard: &str, kind: u8, key: &str, df: u32, postings: &[(u8, u32)]) {
            let list = List {
                df,
                postings: postings.to_vec(),
            };
            let entry = self.0.entry(shard.to_string()).or_default();
            entry.insert((kind, key.to_string()), list);
        }
    }

    impl Source for Mem {
        fn shard(&mut self, key: &str) -> Option<Shard> {
            self.0.get(key).cloned()
        }
        fn facet(&mut self, name: &str) -> Option<Vec<u16>> {
            self.1.get(name).cloned()
        }
    }

    fn docs(a: &Answer) -> Vec<u32> {
        a.hits.iter().map(|h| h.doc).collect()
    }

    #[test]
    fn documents_with_every_word_come_alone_then_pairs_rank_first() {
        let mut m = Mem::default();
        m.put("lua", WORD, "lua", 3, &[(90, 2), (10, 1), (10, 4)]);
        m.put("moi", WORD, "moi", 3, &[(50, 3), (10, 1), (10, 4)]);
        m.put("lua", PAIR, "lua moi", 1, &[(20, 4)]);
        let a = run(&mut m, "lua moi ", &Filters::new(), &[]);
        // 2 and 3 hold one word each; 4 holds the pair.
        assert_eq!(docs(&a), [4, 1]);
        assert_eq!(a.hits[0].score, 4 * 10 + 4 * 10 + W_PAIR * 20);
    }

    #[test]
    fn a_cut_list_does_not_filter() {
        let mut m = Mem::default();
        m.put("la", WORD, "la", 5000, &[(9, 7)]);
        m.put("hiem", WORD, "hiem", 1, &[(80, 3)]);
        let a = run(&mut m, "la hiem ", &Filters::new(), &[]);
        // 3 is past the head of "la" (cut: it may hold it) and holds
        // "hiem"; 7 lacks "hiem", whose list is whole.
        assert_eq!(docs(&a), [3]);
    }

    #[test]
    fn the_last_word_is_a_prefix_unless_a_space_follows() {
        let mut m = Mem::default();
        m.put("ca", WORD, "ca", 1, &[(40, 1)]);
        m.put("ca", PREFIX, "ca", 2, &[(60, 2), (30, 1)]);
        let typing = run(&mut m, "ca", &Filters::new(), &[]);
        assert_eq!(docs(&typing), [1, 2]);
        assert_eq!(typing.hits[1].score, W_PREFIX * 60);
        let done = run(&mut m, "ca ", &Filters::new(), &[]);
        assert_eq!(docs(&done), [1]);
    }

    #[test]
    fn exact_spelling_adds_only_when_typed() {
        let mut m = Mem::default();
        m.put("so", WORD, "so", 2, &[(50, 1), (50, 2)]);
        m.put("so", EXACT, "sô:1", 1, &[(50, 2)]);
        assert_eq!(docs(&run(&mut m, "số ", &Filters::new(), &[])), [2, 1]);
        let plain = run(&mut m, "so ", &Filters::new(), &[]);
        assert_eq!(docs(&plain), [1, 2]);
        assert_eq!(plain.hits[0].score, plain.hits[1].score);
    }

    #[test]
    fn filters_keep_accepted_values_and_count_the_others() {
        let mut m = Mem::default();
        m.put("mo", WORD, "mo", 3, &[(5, 0), (5, 1), (5, 2)]);
        m.1.insert("level".into(), vec![0, 1, 1]);
        m.1.insert("year".into(), vec![0, 0, 1]);
        let filters = Filters::from([("level".to_string(), vec![1])]);
        let a = run(&mut m, "mo ", &filters, &["level", "year"]);
        assert_eq!(docs(&a), [1, 2]);
        assert_eq!(a.counts["level"], BTreeMap::from([(0, 1), (1, 2)]));
        assert_eq!(a.counts["year"], BTreeMap::from([(0, 1), (1, 1)]));
    }
}
