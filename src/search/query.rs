//! The query engine over exported files. `search.js` runs the same steps
//! (its `runQuery`), in integers, so both give the same results in the
//! same order.
//!
//! 1. Analyse the query into words; the last is a prefix unless the query
//!    ends with a space.
//! 2. Read the shard of each word (by its folded key).
//! 3. Match, exactly: a word typed without diacritics matches the
//!    documents of its folded key (`u`); one typed with diacritics those
//!    of its exact key (`x`: tone placement and i/y after a consonant
//!    reconciled). The prefix word also matches the documents of its
//!    longer completions (`p`). The results are the documents every word
//!    matches: the intersection of complete sets, whatever the size of
//!    the catalogue. When words typed with diacritics leave nothing, every
//!    word matches by its folded key instead, and the answer says so.
//! 4. Rank the results from the heads of the lists: a word's *slot* score
//!    for a document is `W_WORD · impact(word)`, or for the prefix word
//!    the larger of that and `W_PREFIX · impact(completions)`; add
//!    `W_EXACT · impact(exact spelling)` for words typed with diacritics,
//!    and `W_PAIR · impact(pair)` for each adjacent pair (for a pair
//!    ending in the prefix word, the best pair it may complete to). Above
//!    that sum come two tiers (`packed_score`): a document whose id the
//!    query holds (any case), then the number of the query's adjacent
//!    pairs the document holds. Ties go to the lower document: the newer
//!    recognition.
//! 5. Facet filters keep the documents in the sets of the values chosen;
//!    counts for a facet apply every filter but its own.
//! 6. No result: the words that match nothing get the closest words of
//!    the catalogue's vocabulary, and the queries so corrected that have
//!    results are suggested (`suggest`).

use std::collections::{BTreeMap, HashMap};

use super::analyzer::{analyze_query, bigram, Word};
use super::shard::{List, Shard, EXACT, ID, PAIR, PREFIX, WORD};
use super::{export, vocabulary};

pub const W_WORD: u32 = 4;
pub const W_PREFIX: u32 = 2;
pub const W_EXACT: u32 = 2;
pub const W_PAIR: u32 = 6;
/// Score tiers: a document whose id the query holds comes first; then
/// documents by how many of the query's adjacent pairs they hold (in
/// order: "đổi số" is not "số đổi"); then by impacts (kept under
/// `PAIR_TIER`).
pub const ID_TIER: u32 = 1 << 27;
pub const PAIR_TIER: u32 = 1 << 20;
pub const MAX_ADJACENT: u32 = 127;

/// Where the engine reads shards and facet columns from.
pub trait Source {
    /// The decoded shard for a folded word (`None` if there is none).
    fn shard(&mut self, key: &str) -> Option<Shard>;
    /// The id shard for an id's key (`export::id_files`).
    fn id_shard(&mut self, key: &str) -> Option<Shard>;
    /// The facet column (value index a document), to count values.
    fn facet(&mut self, name: &str) -> Option<Vec<u16>>;
    /// The documents of one value of a facet (ascending), to filter.
    fn facet_set(&mut self, name: &str, value: u16) -> Option<Vec<u32>>;
    /// The catalogue's vocabulary (`vocabulary::words`), for suggestions.
    fn vocabulary(&mut self) -> Option<Vec<String>> {
        None
    }
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
    /// The words typed with diacritics matched nothing as spelt: these
    /// are the matches of the query without them.
    pub folded_fallback: bool,
    /// For each word, its exact key when it matched as spelt (typed with
    /// diacritics, no fallback): highlighting marks that spelling only.
    pub spelt: Vec<Option<String>>,
    /// With no result: queries with the closest words of the vocabulary
    /// in place of those that match nothing, each with results.
    pub suggestions: Vec<String>,
}

impl Answer {
    /// Whether a word of a text is one the query matched (for
    /// highlighting; the same rule as matching, word by word).
    pub fn marks_word(&self, w: &Word) -> bool {
        self.words.iter().enumerate().any(|(i, q)| {
            let own = match self.spelt.get(i).and_then(Option::as_deref) {
                Some(exact) => w.exact == exact,
                None => w.folded == *q,
            };
            let completes = self.prefix
                && i + 1 == self.words.len()
                && w.folded.len() > q.len()
                && w.folded.starts_with(q.as_str());
            own || completes
        })
    }
}

/// Decoded shards by key (a folded word, or an id's key).
pub(super) type Shards = HashMap<String, Option<Shard>>;

fn list<'a>(shard: Option<&'a Shard>, kind: u8, key: &str) -> Option<&'a List> {
    shard.and_then(|s| s.get(&(kind, key.to_string())))
}

/// Intersection of two ascending sets.
pub fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Union of two ascending sets.
pub fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len().max(b.len())));
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

/// The documents one word matches (`typing`: it is the prefix word).
pub(super) fn word_docs(w: &Word, shards: &Shards, typing: bool, as_spelt: bool) -> Vec<u32> {
    let shard = shards[&w.folded].as_ref();
    let own = if as_spelt && w.has_marks() {
        list(shard, EXACT, &w.exact)
    } else {
        list(shard, WORD, &w.folded)
    };
    let mut docs = own.map(List::docs).unwrap_or_default();
    if typing {
        if let Some(p) = list(shard, PREFIX, &w.folded) {
            docs = union(&docs, &p.docs());
        }
    }
    docs
}

/// The documents every word matches (step 3); `as_spelt`: words typed
/// with diacritics match their exact key.
pub(super) fn matches(words: &[Word], shards: &Shards, prefix: bool, as_spelt: bool) -> Vec<u32> {
    let mut result: Option<Vec<u32>> = None;
    for (i, w) in words.iter().enumerate() {
        let docs = word_docs(w, shards, prefix && i + 1 == words.len(), as_spelt);
        let narrowed = match result {
            None => docs,
            Some(r) => intersect(&r, &docs),
        };
        if narrowed.is_empty() {
            return narrowed;
        }
        result = Some(narrowed);
    }
    result.unwrap_or_default()
}

/// What ranks a document: the sum of its impacts, and how many of the
/// query's adjacent pairs it holds.
#[derive(Default)]
struct Ranks {
    base: HashMap<u32, u32>,
    adjacent: HashMap<u32, u32>,
}

/// The ranking of every document in some head (step 4).
fn ranks(words: &[Word], shards: &Shards, prefix: bool) -> Ranks {
    let mut r = Ranks::default();
    let add = |score: &mut HashMap<u32, u32>, l: Option<&List>, weight: u32| {
        for &(q, d) in l.map_or(&[][..], |l| &l.postings) {
            *score.entry(d).or_insert(0) += weight * u32::from(q);
        }
    };
    for (i, w) in words.iter().enumerate() {
        let shard = shards[&w.folded].as_ref();
        let mut slot: HashMap<u32, u32> = HashMap::new();
        let mut take = |l: Option<&List>, weight: u32| {
            for &(q, d) in l.map_or(&[][..], |l| &l.postings) {
                let v = slot.entry(d).or_insert(0);
                *v = (*v).max(weight * u32::from(q));
            }
        };
        take(list(shard, WORD, &w.folded), W_WORD);
        if prefix && i + 1 == words.len() {
            take(list(shard, PREFIX, &w.folded), W_PREFIX);
        }
        for (d, v) in slot {
            *r.base.entry(d).or_insert(0) += v;
        }
        if w.has_marks() {
            add(&mut r.base, list(shard, EXACT, &w.exact), W_EXACT);
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let key = bigram(&w.folded, &next.folded);
        // The pair's best impact in each document holding it; while its
        // second word is being typed, the best of the pairs it may
        // complete to.
        let mut best: HashMap<u32, u32> = HashMap::new();
        let typing = prefix && i + 2 == words.len();
        for ((kind, k), l) in shard.into_iter().flatten() {
            let hit = *kind == PAIR
                && (k == &key || (typing && k.starts_with(&key) && k.len() > key.len()));
            if hit {
                for &(q, d) in &l.postings {
                    let v = best.entry(d).or_insert(0);
                    *v = (*v).max(u32::from(q));
                }
            }
        }
        for (d, q) in best {
            *r.base.entry(d).or_insert(0) += W_PAIR * q;
            *r.adjacent.entry(d).or_insert(0) += 1;
        }
    }
    r
}

/// The lowercase ids in a query (words between white space that have
/// the form of an id).
pub fn query_ids(query: &str) -> Vec<String> {
    let mut ids: Vec<String> = query
        .split_whitespace()
        .filter(|t| export::looks_like_id(t))
        .map(export::id_key)
        .collect();
    ids.dedup();
    ids
}

/// A document's score: its tiers above its impacts, packed so that one
/// integer orders results (`search.js` packs the same way).
pub fn packed_score(id: bool, adjacent: u32, base: u32) -> u32 {
    u32::from(id) * ID_TIER + adjacent.min(MAX_ADJACENT) * PAIR_TIER + base.min(PAIR_TIER - 1)
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
    let ids = query_ids(query);
    let mut shards: Shards = HashMap::new();
    for w in &words {
        if !shards.contains_key(&w.folded) {
            let s = src.shard(&w.folded);
            shards.insert(w.folded.clone(), s);
        }
    }
    let id_shards: Shards = ids.iter().map(|k| (k.clone(), src.id_shard(k))).collect();
    let mut matched = matches(&words, &shards, prefix, true);
    if matched.is_empty() && words.iter().any(Word::has_marks) {
        matched = matches(&words, &shards, prefix, false);
        answer.folded_fallback = !matched.is_empty();
    }
    answer.spelt = words
        .iter()
        .map(|w| (w.has_marks() && !answer.folded_fallback).then(|| w.exact.clone()))
        .collect();
    if matched.is_empty() {
        answer.suggestions = vocabulary::suggest(src, query, &words, &mut shards, prefix);
    }
    let r = ranks(&words, &shards, prefix);
    let named: Vec<u32> = ids
        .iter()
        .filter_map(|k| list(id_shards[k].as_ref(), ID, k))
        .flat_map(|l| l.postings.iter().map(|p| p.1))
        .collect();
    let mut results: Vec<Hit> = matched
        .into_iter()
        .map(|doc| Hit {
            doc,
            score: packed_score(
                named.contains(&doc),
                r.adjacent.get(&doc).copied().unwrap_or(0),
                r.base.get(&doc).copied().unwrap_or(0),
            ),
        })
        .collect();
    results.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
    apply_filters(src, results, filters, facets, &mut answer);
    answer
}

/// Step 5: keeps the results that pass every filter (a filter reads
/// the sets of its chosen values only), and counts facets (from their
/// columns, read only for the facets counted).
fn apply_filters(
    src: &mut dyn Source,
    results: Vec<Hit>,
    filters: &Filters,
    facets: &[&str],
    answer: &mut Answer,
) {
    let mut accepted: Vec<(&str, Vec<u32>)> = Vec::new();
    for (name, values) in filters {
        let mut docs = Vec::new();
        for &v in values {
            docs = union(&docs, &src.facet_set(name, v).unwrap_or_default());
        }
        accepted.push((name.as_str(), docs));
    }
    let mut columns: HashMap<&str, Vec<u16>> = HashMap::new();
    for &name in facets {
        if let Some(col) = src.facet(name) {
            columns.insert(name, col);
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
        let failing: Vec<&str> = accepted
            .iter()
            .filter(|(_, docs)| docs.binary_search(&hit.doc).is_err())
            .map(|(name, _)| *name)
            .collect();
        for f in facets {
            if failing.is_empty() || (failing.len() == 1 && failing[0] == *f) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shards by word, facet columns by name.
    #[derive(Default)]
    struct Mem(HashMap<String, Shard>, HashMap<String, Vec<u16>>);

    impl Mem {
        /// An entry: its head, and its complete set when the head is cut.
        fn put(&mut self, shard: &str, kind: u8, key: &str, head: &[(u8, u32)], all: &[u32]) {
            let list = List {
                df: head.len().max(all.len()) as u32,
                postings: head.to_vec(),
                all: (all.len() > head.len()).then(|| all.to_vec()),
            };
            let entry = self.0.entry(shard.to_string()).or_default();
            entry.insert((kind, key.to_string()), list);
        }
    }

    impl Source for Mem {
        fn shard(&mut self, key: &str) -> Option<Shard> {
            self.0.get(key).cloned()
        }
        fn id_shard(&mut self, _: &str) -> Option<Shard> {
            None
        }
        fn facet(&mut self, name: &str) -> Option<Vec<u16>> {
            self.1.get(name).cloned()
        }
        fn facet_set(&mut self, name: &str, value: u16) -> Option<Vec<u32>> {
            let col = self.1.get(name)?;
            Some(
                (0..col.len() as u32)
                    .filter(|&d| col[d as usize] == value)
                    .collect(),
            )
        }
    }

    fn docs(a: &Answer) -> Vec<u32> {
        a.hits.iter().map(|h| h.doc).collect()
    }

    #[test]
    fn documents_with_every_word_come_alone_then_pairs_rank_first() {
        let mut m = Mem::default();
        m.put("lua", WORD, "lua", &[(90, 2), (10, 1), (10, 4)], &[]);
        m.put("moi", WORD, "moi", &[(50, 3), (10, 1), (10, 4)], &[]);
        m.put("lua", PAIR, "lua moi", &[(20, 4)], &[]);
        let a = run(&mut m, "lua moi ", &Filters::new(), &[]);
        // 2 and 3 hold one word each; 4 holds the pair.
        assert_eq!(docs(&a), [4, 1]);
        // The pair puts 4 in the adjacency tier, above 1.
        assert_eq!(
            a.hits[0].score,
            packed_score(false, 1, 4 * 10 + 4 * 10 + W_PAIR * 20)
        );
        assert_eq!(a.hits[1].score, packed_score(false, 0, 4 * 10 + 4 * 10));
    }

    #[test]
    fn tiers_order_ids_then_pairs_then_impacts() {
        assert!(packed_score(true, 0, 0) > packed_score(false, MAX_ADJACENT, u32::MAX));
        assert!(packed_score(false, 1, 0) > packed_score(false, 0, u32::MAX));
        assert!(packed_score(false, 0, 2) > packed_score(false, 0, 1));
        assert_eq!(query_ids("KT-2024-001 ca phe kt-2024-001"), ["kt-2024-001"]);
        assert_eq!(
            query_ids("kt-2024 ab-2024-12 kt-2024-0012"),
            ["kt-2024-0012"]
        );
    }

    #[test]
    fn a_cut_list_matches_by_its_complete_set() {
        let mut m = Mem::default();
        m.put("la", WORD, "la", &[(9, 7)], &[3, 7, 9]);
        m.put("hiem", WORD, "hiem", &[(80, 3), (70, 5)], &[]);
        // 3 is past the head of "la" but in its set; 5 is not in it.
        assert_eq!(docs(&run(&mut m, "la hiem ", &Filters::new(), &[])), [3]);
        // Outside the head, ties go to catalogue order.
        assert_eq!(docs(&run(&mut m, "la ", &Filters::new(), &[])), [7, 3, 9]);
        assert!(run(&mut m, "hiem khong ", &Filters::new(), &[])
            .hits
            .is_empty());
    }

    #[test]
    fn the_last_word_is_a_prefix_unless_a_space_follows() {
        let mut m = Mem::default();
        m.put("ca", WORD, "ca", &[(40, 1)], &[]);
        m.put("ca", PREFIX, "ca", &[(60, 2), (30, 1)], &[]);
        let typing = run(&mut m, "ca", &Filters::new(), &[]);
        assert_eq!(docs(&typing), [1, 2]);
        assert_eq!(typing.hits[1].score, W_PREFIX * 60);
        let done = run(&mut m, "ca ", &Filters::new(), &[]);
        assert_eq!(docs(&done), [1]);
    }

    #[test]
    fn a_word_typed_with_diacritics_matches_its_spelling() {
        let mut m = Mem::default();
        m.put("so", WORD, "so", &[(50, 1), (50, 2)], &[]);
        m.put("so", EXACT, "sô:1", &[(50, 2)], &[]);
        let spelt = run(&mut m, "số ", &Filters::new(), &[]);
        assert_eq!(docs(&spelt), [2]);
        assert!(!spelt.folded_fallback);
        let plain = run(&mut m, "so ", &Filters::new(), &[]);
        assert_eq!(docs(&plain), [1, 2]);
        assert_eq!(plain.hits[0].score, plain.hits[1].score);
    }

    #[test]
    fn a_spelling_found_nowhere_falls_back_to_folded_matches() {
        let mut m = Mem::default();
        m.put("so", WORD, "so", &[(50, 1), (50, 2)], &[]);
        m.put("so", EXACT, "sô:1", &[(50, 2)], &[]);
        let a = run(&mut m, "sớ ", &Filters::new(), &[]);
        assert_eq!(docs(&a), [1, 2]);
        assert!(a.folded_fallback);
        let none = run(&mut m, "sớ hiem ", &Filters::new(), &[]);
        assert!(none.hits.is_empty() && !none.folded_fallback);
    }

    #[test]
    fn filters_keep_accepted_values_and_count_the_others() {
        let mut m = Mem::default();
        m.put("mo", WORD, "mo", &[(5, 0), (5, 1), (5, 2)], &[]);
        m.1.insert("level".into(), vec![0, 1, 1]);
        m.1.insert("year".into(), vec![0, 0, 1]);
        let filters = Filters::from([("level".to_string(), vec![1])]);
        let a = run(&mut m, "mo ", &filters, &["level", "year"]);
        assert_eq!(docs(&a), [1, 2]);
        assert_eq!(a.counts["level"], BTreeMap::from([(0, 1), (1, 2)]));
        assert_eq!(a.counts["year"], BTreeMap::from([(0, 1), (1, 1)]));
    }

    #[test]
    fn highlighting_follows_the_matching_rule() {
        let mut m = Mem::default();
        m.put("cong", WORD, "cong", &[(50, 1), (40, 2)], &[]);
        m.put("cong", EXACT, "công:2", &[(50, 1)], &[]);
        let text = super::super::analyzer::analyze("cồng cộng công congo");
        let marked = |a: &Answer| text.iter().map(|w| a.marks_word(w)).collect::<Vec<_>>();
        let spelt = run(&mut m, "cồng ", &Filters::new(), &[]);
        assert_eq!(marked(&spelt), [true, false, false, false]);
        let plain = run(&mut m, "cong ", &Filters::new(), &[]);
        assert_eq!(marked(&plain), [true, true, true, false]);
        let typing = run(&mut m, "cồng", &Filters::new(), &[]);
        assert_eq!(marked(&typing), [true, false, false, true]);
    }

    #[test]
    fn sets_intersect_and_unite() {
        assert_eq!(intersect(&[1, 3, 5, 9], &[2, 3, 9, 10]), [3, 9]);
        assert_eq!(union(&[1, 3, 9], &[2, 3, 10]), [1, 2, 3, 9, 10]);
        assert_eq!(union(&[], &[4]), [4]);
    }
}
