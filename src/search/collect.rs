//! Term statistics straight from the analyzer: for every key, the
//! documents and fields it occurs in with its frequency, and every
//! document's length in every field. These are the numbers the tantivy
//! index of the catalogue holds (`index` + `impact::compute` read them
//! back from it, and a test holds the two equal, bit for bit); gathering
//! them in one parallel pass, without writing tantivy's segments, is what
//! keeps the site build's search cost low (ARCHITECTURE.md, search).
//!
//! Fields are numbered as [`field_weights`] lists them: the folded field
//! of every part of `index::PARTS`, then the exact field of every part
//! that has one.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyzer::{exact_key, folded_key, for_each_span};
use super::index::{part_texts, PARTS};
use crate::model::Catalogue;

/// One key in one field of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub doc: u32,
    /// Term frequency (saturating: BM25 has long stopped growing there).
    pub tf: u16,
    pub field: u8,
}

/// Every key of one key space with its occurrences, by document, then by
/// field.
pub type Occurrences = FxHashMap<String, Vec<Occurrence>>;

/// Parts with an exact field.
const EXACT_PARTS: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < PARTS.len() {
        if PARTS[i].exact {
            n += 1;
        }
        i += 1;
    }
    n
};

/// Text fields: folded ones, then exact ones.
pub const FIELDS: usize = PARTS.len() + EXACT_PARTS;

/// The exact field of each part (`None` for parts without one).
const EXACT_FIELD: [Option<u8>; PARTS.len()] = {
    let mut out = [None; PARTS.len()];
    let mut next = PARTS.len() as u8;
    let mut i = 0;
    while i < PARTS.len() {
        if PARTS[i].exact {
            out[i] = Some(next);
            next += 1;
        }
        i += 1;
    }
    out
};

/// The part a field belongs to (fields numbered as [`field_weights`]).
pub fn field_part(field: u8) -> usize {
    let f = field as usize;
    if f < PARTS.len() {
        return f;
    }
    EXACT_FIELD
        .iter()
        .position(|e| *e == Some(field))
        .unwrap_or(0)
}

/// The BM25 weight of each field (an exact field weighs as its part).
pub fn field_weights() -> [f32; FIELDS] {
    let mut w = [0.0; FIELDS];
    for (n, p) in PARTS.iter().enumerate() {
        w[n] = p.weight;
        if let Some(e) = EXACT_FIELD[n] {
            w[e as usize] = p.weight;
        }
    }
    w
}

/// The term statistics of a catalogue.
#[derive(Debug, Default, Clone)]
pub struct Terms {
    /// Tokens of every document in every field (pairs count as tokens).
    pub lens: Vec<[u32; FIELDS]>,
    pub folded: Occurrences,
    pub exact: Occurrences,
}

/// Collects the statistics of the catalogue's initiatives (documents are
/// numbered by position in `Catalogue::initiatives`).
pub fn collect(c: &Catalogue) -> Terms {
    let docs = c.initiatives.len();
    // A few chunks a thread: even work, and few vocabularies to merge.
    let chunk = (docs / (rayon::current_num_threads() * 4)).clamp(64, 8192);
    let chunks: Vec<Chunk> = c
        .initiatives
        .par_chunks(chunk)
        .enumerate()
        .map(|(n, initiatives)| {
            let texts: Vec<_> = initiatives.iter().map(|i| part_texts(c, i)).collect();
            let mut t = Chunk::with_capacity(&texts);
            for (k, texts) in texts.iter().enumerate() {
                t.add((n * chunk + k) as u32, texts);
            }
            t.group();
            t
        })
        .collect();
    merge(chunks)
}

/// One document's occurrences, key by key in the order met (so a key's
/// occurrences come by field), and its field lengths.
pub struct DocumentTerms {
    pub lens: [u32; FIELDS],
    pub folded: Vec<(String, Occurrence)>,
    pub exact: Vec<(String, Occurrence)>,
}

/// The statistics of initiative `doc` of the catalogue alone.
pub fn document(c: &Catalogue, doc: u32) -> DocumentTerms {
    let texts = part_texts(c, &c.initiatives[doc as usize]);
    let mut chunk = Chunk::with_capacity(std::slice::from_ref(&texts));
    chunk.add(doc, &texts);
    let listed = |space: ChunkSpace| {
        let mut flat = space.flat;
        flat.sort_by_key(|(id, _)| *id);
        flat.into_iter()
            .map(|(id, o)| (space.keys[id as usize].clone(), o))
            .collect()
    };
    DocumentTerms {
        lens: chunk.lens[0],
        folded: listed(chunk.folded),
        exact: listed(chunk.exact),
    }
}

/// The statistics of consecutive documents, gathered in flat arrays that
/// grow in one place (a list a key would grow in thousands of places,
/// and reallocating them was most of the cost), then grouped by key.
#[derive(Default)]
struct Chunk<'a> {
    lens: Vec<[u32; FIELDS]>,
    folded: ChunkSpace,
    exact: ChunkSpace,
    /// The keys of each word as written (most words come again and again:
    /// they are folded once a chunk).
    written: FxHashMap<&'a str, WordIds>,
    /// Folded word ids → their pair's id.
    pairs: FxHashMap<(u32, u32), u32>,
    buf: String,
}

#[derive(Clone, Copy)]
struct WordIds {
    folded: u32,
    /// `NO_ID` until an exact part needs it.
    exact: u32,
}

const NO_ID: u32 = u32::MAX;

#[derive(Default)]
struct ChunkSpace {
    ids: FxHashMap<String, u32>,
    /// Id → key.
    keys: Vec<String>,
    /// While adding: (key id, occurrence) in the order met; after
    /// `group`: empty.
    flat: Vec<(u32, Occurrence)>,
    /// Each key's last occurrence in `flat` (where a repeat adds up).
    last: Vec<u32>,
    /// After `group`: occurrences by key id, key `k` at
    /// `grouped[starts[k]..starts[k + 1]]`.
    grouped: Vec<Occurrence>,
    starts: Vec<u32>,
}

/// The texts of an initiative's parts (`index::part_texts`).
type PartTexts<'a> = [Vec<&'a str>; PARTS.len()];

impl<'a> Chunk<'a> {
    /// An empty chunk with room for the occurrences of these documents, so
    /// that its flat arrays do not move: an occurrence is at most a token,
    /// and a Vietnamese word with its separator takes four bytes or more
    /// (syllables average five; an estimate, past which the arrays grow).
    fn with_capacity(docs: &[PartTexts]) -> Chunk<'a> {
        let (mut folded, mut exact) = (0, 0);
        for texts in docs {
            for (n, part) in PARTS.iter().enumerate() {
                let words: usize = texts[n].iter().map(|t| t.len() / 4 + 1).sum();
                folded += if part.bigrams { 2 * words } else { words };
                if part.exact {
                    exact += words;
                }
            }
        }
        let space = |n: usize| ChunkSpace {
            flat: Vec::with_capacity(n),
            ..ChunkSpace::default()
        };
        Chunk {
            lens: Vec::with_capacity(docs.len()),
            folded: space(folded),
            exact: space(exact),
            ..Chunk::default()
        }
    }

    /// Adds one document (numbered after those already added).
    fn add(&mut self, doc: u32, texts: &PartTexts<'a>) {
        let mut lens = [0u32; FIELDS];
        for (n, part) in PARTS.iter().enumerate() {
            let exact_field = EXACT_FIELD[n];
            for &text in &texts[n] {
                // Pairs never span two values of a part.
                let mut prev = None;
                for_each_span(text, |start, end| {
                    let ids = self.ids(&text[start..end], exact_field.is_some());
                    self.folded.count(ids.folded, doc, n as u8);
                    lens[n] += 1;
                    if part.bigrams {
                        if let Some(p) = prev {
                            let pair = self.pair(p, ids.folded);
                            self.folded.count(pair, doc, n as u8);
                            lens[n] += 1;
                        }
                        prev = Some(ids.folded);
                    }
                    if let Some(e) = exact_field {
                        self.exact.count(ids.exact, doc, e);
                        lens[e as usize] += 1;
                    }
                });
            }
        }
        self.lens.push(lens);
    }

    /// The key ids of a word as written (the exact one only if asked).
    fn ids(&mut self, word: &'a str, exact: bool) -> WordIds {
        let mut ids = match self.written.get(word) {
            Some(&ids) => ids,
            None => {
                folded_key(word, &mut self.buf);
                let ids = WordIds {
                    folded: self.folded.id(&self.buf),
                    exact: NO_ID,
                };
                self.written.insert(word, ids);
                ids
            }
        };
        if exact && ids.exact == NO_ID {
            exact_key(word, &mut self.buf);
            ids.exact = self.exact.id(&self.buf);
            self.written.insert(word, ids);
        }
        ids
    }

    /// The id of the pair of two folded words: `"a b"`.
    fn pair(&mut self, a: u32, b: u32) -> u32 {
        if let Some(&id) = self.pairs.get(&(a, b)) {
            return id;
        }
        self.buf.clear();
        self.buf.push_str(&self.folded.keys[a as usize]);
        self.buf.push(' ');
        self.buf.push_str(&self.folded.keys[b as usize]);
        let id = self.folded.id(&self.buf);
        self.pairs.insert((a, b), id);
        id
    }

    fn group(&mut self) {
        self.folded.group();
        self.exact.group();
    }
}

impl ChunkSpace {
    /// The id of a key (a new one if unseen).
    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key.to_string(), id);
        self.keys.push(key.to_string());
        self.last.push(NO_ID);
        id
    }

    fn count(&mut self, id: u32, doc: u32, field: u8) {
        let last = self.last[id as usize];
        if last != NO_ID {
            let o = &mut self.flat[last as usize].1;
            // Documents and their fields come in order: a repeat of the
            // key in this field is always its last occurrence.
            if o.doc == doc && o.field == field {
                o.tf = o.tf.saturating_add(1);
                return;
            }
        }
        self.last[id as usize] = self.flat.len() as u32;
        self.flat.push((id, Occurrence { doc, tf: 1, field }));
    }

    /// Groups `flat` by key (a counting sort, stable: each key's
    /// occurrences stay in document order).
    fn group(&mut self) {
        let keys = self.last.len();
        let mut starts = vec![0u32; keys + 1];
        for (id, _) in &self.flat {
            starts[*id as usize + 1] += 1;
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut grouped = vec![
            Occurrence {
                doc: 0,
                tf: 0,
                field: 0
            };
            self.flat.len()
        ];
        for (id, o) in std::mem::take(&mut self.flat) {
            let at = &mut next[id as usize];
            grouped[*at as usize] = o;
            *at += 1;
        }
        self.grouped = grouped;
        self.starts = starts;
        self.last = Vec::new();
    }

    fn of(&self, id: u32) -> &[Occurrence] {
        &self.grouped[self.starts[id as usize] as usize..self.starts[id as usize + 1] as usize]
    }
}

/// Joins the statistics of consecutive chunks of documents, in order.
fn merge(chunks: Vec<Chunk>) -> Terms {
    let mut lens = Vec::new();
    let mut folded = Vec::with_capacity(chunks.len());
    let mut exact = Vec::with_capacity(chunks.len());
    for t in chunks {
        lens.extend(t.lens);
        folded.push(t.folded);
        exact.push(t.exact);
    }
    let (folded, exact) = rayon::join(|| join_spaces(folded), || join_spaces(exact));
    Terms {
        lens,
        folded,
        exact,
    }
}

/// One list a key, allocated at its final size, filled chunk by chunk.
fn join_spaces(spaces: Vec<ChunkSpace>) -> Occurrences {
    let mut sizes: FxHashMap<&str, usize> = FxHashMap::default();
    for space in &spaces {
        for (key, &id) in &space.ids {
            *sizes.entry(key.as_str()).or_default() += space.of(id).len();
        }
    }
    let mut out: Occurrences = sizes
        .iter()
        .map(|(key, &n)| (key.to_string(), Vec::with_capacity(n)))
        .collect();
    for space in &spaces {
        for (key, &id) in &space.ids {
            if let Some(list) = out.get_mut(key.as_str()) {
                list.extend_from_slice(space.of(id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_folded_parts_then_exact_parts() {
        let exact_parts = PARTS.iter().filter(|p| p.exact).count();
        assert_eq!(FIELDS, PARTS.len() + exact_parts);
        let w = field_weights();
        assert_eq!(w[0], PARTS[0].weight);
        assert_eq!(w[PARTS.len()], PARTS[0].weight, "title's exact field");
        assert!(w.iter().all(|&x| x > 0.0));
    }

    #[test]
    fn repeats_in_one_field_add_up_and_fields_stay_apart() {
        let occurrences = |words: &[(&str, u32, u8)]| {
            let mut space = ChunkSpace::default();
            for &(key, doc, field) in words {
                let id = space.id(key);
                space.count(id, doc, field);
            }
            space.group();
            space
        };
        let a = occurrences(&[
            ("duong", 0, 0),
            ("di", 0, 0),
            ("duong", 0, 0),
            ("duong", 0, 2),
            ("duong", 1, 0),
        ]);
        let b = occurrences(&[("di", 2, 1), ("duong", 2, 0), ("duong", 2, 0)]);
        let joined = join_spaces(vec![a, b]);
        let tfs = |key: &str| -> Vec<(u32, u8, u16)> {
            joined[key].iter().map(|o| (o.doc, o.field, o.tf)).collect()
        };
        assert_eq!(tfs("duong"), [(0, 0, 2), (0, 2, 1), (1, 0, 1), (2, 0, 2)]);
        assert_eq!(tfs("di"), [(0, 0, 1), (2, 1, 1)]);
        assert_eq!(joined.len(), 2);
    }
}
