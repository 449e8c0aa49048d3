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

use super::analyzer::for_each_word;
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
        let mut keys = vec![String::new(); space.last.len()];
        for (key, id) in space.ids {
            keys[id as usize] = key;
        }
        let mut flat = space.flat;
        flat.sort_by_key(|(id, _)| *id);
        flat.into_iter()
            .map(|(id, o)| (keys[id as usize].clone(), o))
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
struct Chunk {
    lens: Vec<[u32; FIELDS]>,
    folded: ChunkSpace,
    exact: ChunkSpace,
}

#[derive(Default)]
struct ChunkSpace {
    ids: FxHashMap<String, u32>,
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

impl Chunk {
    /// An empty chunk with room for the occurrences of these documents, so
    /// that its flat arrays do not move: an occurrence is at most a token,
    /// and a Vietnamese word with its separator takes four bytes or more
    /// (syllables average five; an estimate, past which the arrays grow).
    fn with_capacity(docs: &[PartTexts]) -> Chunk {
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
        }
    }

    /// Adds one document (numbered after those already added).
    fn add(&mut self, doc: u32, texts: &PartTexts) {
        let mut lens = [0u32; FIELDS];
        let (mut prev, mut pair) = (String::new(), String::new());
        let (folded_space, exact_space) = (&mut self.folded, &mut self.exact);
        for (n, part) in PARTS.iter().enumerate() {
            let exact_field = EXACT_FIELD[n];
            for text in &texts[n] {
                // Pairs never span two values of a part.
                let mut first = true;
                for_each_word(text, exact_field.is_some(), |folded, exact, _, _| {
                    folded_space.count(folded, doc, n as u8);
                    lens[n] += 1;
                    if part.bigrams {
                        if !first {
                            pair.clear();
                            pair.push_str(&prev);
                            pair.push(' ');
                            pair.push_str(folded);
                            folded_space.count(&pair, doc, n as u8);
                            lens[n] += 1;
                        }
                        prev.clear();
                        prev.push_str(folded);
                    }
                    first = false;
                    if let Some(e) = exact_field {
                        exact_space.count(exact, doc, e);
                        lens[e as usize] += 1;
                    }
                });
            }
        }
        self.lens.push(lens);
    }

    fn group(&mut self) {
        self.folded.group();
        self.exact.group();
    }
}

impl ChunkSpace {
    fn count(&mut self, key: &str, doc: u32, field: u8) {
        let id = match self.ids.get(key) {
            Some(&id) => {
                let o = &mut self.flat[self.last[id as usize] as usize].1;
                // Documents and their fields come in order: a repeat of
                // the key in this field is always its last occurrence.
                if o.doc == doc && o.field == field {
                    o.tf = o.tf.saturating_add(1);
                    return;
                }
                id
            }
            None => {
                let id = self.last.len() as u32;
                self.ids.insert(key.to_string(), id);
                self.last.push(0);
                id
            }
        };
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
                space.count(key, doc, field);
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
