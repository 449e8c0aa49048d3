//! Impacts: for every term of the catalogue and every document that
//! holds it, the BM25F score the term alone gives the document, with the
//! part weights of `index::PARTS`, quantised to 1..=255 on one scale for
//! all terms (so impacts of different terms add up).
//!
//! impact(t, d) = idf(t) · Σ_part w_part · tf·(K1+1) / (tf + K1·(1 − B + B·len/avglen))
//! idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)), df = documents with t in any part.
//!
//! Two ways give the same bits: [`compute`] reads a tantivy index (the
//! command line's cache), [`from_terms`] takes statistics gathered straight
//! from the analyzer (`collect`; the site build, which is faster).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Index, InvertedIndexReader, TERMINATED};

use super::collect::{field_weights, Occurrence, Occurrences, Terms, FIELDS};
use super::index::{Fields, PARTS};
use super::shard::Posting;

pub const K1: f32 = 1.2;
pub const B: f32 = 0.75;

/// All terms of one key space (folded or exact) with their full lists.
pub type TermLists = HashMap<String, Vec<Posting>>;

/// The quantised lists of both key spaces, and the number of documents.
pub struct Impacts {
    pub docs: u32,
    /// Quantum = round(impact × scale), clamped to 1..=255.
    pub scale: f32,
    pub folded: TermLists,
    pub exact: TermLists,
}

struct PartReader {
    weight: f32,
    heading: bool,
    avg_len: f32,
    /// Per segment.
    inverted: Vec<Arc<InvertedIndexReader>>,
    norms: Vec<FieldNormReader>,
}

/// Where one term's postings are: (part, segment, term info).
type Sources = Vec<(usize, usize, TermInfo)>;

pub fn compute(index: &Index, fields: &Fields) -> tantivy::Result<Impacts> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let docs = searcher.num_docs() as u32;
    let segments = searcher.segment_readers();
    // Documents are numbered by their catalogue position, whatever the
    // segments tantivy made.
    let mut ords: Vec<Vec<u32>> = Vec::new();
    for seg in segments {
        let column = seg.fast_fields().u64("ord")?;
        ords.push(
            (0..seg.max_doc())
                .map(|d| column.first(d).unwrap_or(0) as u32)
                .collect(),
        );
    }
    let open = |field: Field, weight: f32, heading: bool| -> tantivy::Result<PartReader> {
        let mut inverted = Vec::new();
        let mut norms = Vec::new();
        let mut tokens = 0u64;
        for seg in segments {
            let inv = seg.inverted_index(field)?;
            tokens += inv.total_num_tokens();
            inverted.push(inv);
            norms.push(seg.get_fieldnorms_reader(field)?);
        }
        Ok(PartReader {
            weight,
            heading,
            avg_len: (tokens as f32 / docs.max(1) as f32).max(1.0),
            inverted,
            norms,
        })
    };
    let folded: Vec<PartReader> = fields
        .folded
        .iter()
        .zip(PARTS)
        .map(|(&f, p)| open(f, p.weight, p.heading))
        .collect::<tantivy::Result<_>>()?;
    let exact: Vec<PartReader> = fields
        .exact
        .iter()
        .map(|&(n, f)| open(f, PARTS[n].weight, PARTS[n].heading))
        .collect::<tantivy::Result<_>>()?;

    let raw_folded = raw_lists(&folded, &ords, docs)?;
    let raw_exact = raw_lists(&exact, &ords, docs)?;
    Ok(quantised(docs, raw_folded, raw_exact))
}

/// A document's unquantised impact for a term, and whether the term is
/// in a heading part of it (title, authors, tags).
type Raw = (u32, f32, bool);
type RawLists = HashMap<String, Vec<Raw>>;

/// Quantises both key spaces on one scale (the highest impact is 255).
fn quantised(docs: u32, raw_folded: RawLists, raw_exact: RawLists) -> Impacts {
    let max = raw_folded
        .values()
        .chain(raw_exact.values())
        .flat_map(|l| l.iter().map(|p| p.1))
        .fold(0f32, f32::max);
    let scale = if max > 0.0 { 255.0 / max } else { 0.0 };
    Impacts {
        docs,
        scale,
        folded: quantise(raw_folded, scale),
        exact: quantise(raw_exact, scale),
    }
}

fn terms(parts: &[PartReader]) -> tantivy::Result<HashMap<String, Sources>> {
    let mut terms: HashMap<String, Sources> = HashMap::new();
    for (p, part) in parts.iter().enumerate() {
        for (s, inv) in part.inverted.iter().enumerate() {
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let Ok(key) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                terms
                    .entry(key.to_string())
                    .or_default()
                    .push((p, s, stream.value().clone()));
            }
        }
    }
    Ok(terms)
}

/// Unquantised lists: (document, impact), by document.
fn raw_lists(parts: &[PartReader], ords: &[Vec<u32>], docs: u32) -> tantivy::Result<RawLists> {
    let terms = terms(parts)?;
    terms
        .into_par_iter()
        .map(|(key, sources)| {
            let mut hits: Vec<Raw> = Vec::new();
            for (p, s, info) in sources {
                let part = &parts[p];
                let mut postings = part.inverted[s]
                    .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let tf = postings.term_freq() as f32;
                    let len = part.norms[s].fieldnorm(doc) as f32;
                    hits.push((
                        ords[s][doc as usize],
                        bm25(part.weight, tf, len, part.avg_len),
                        part.heading,
                    ));
                    doc = postings.advance();
                }
            }
            Ok((key, by_document(hits, docs)))
        })
        .collect()
}

/// The BM25 score of one field of a document for a term.
fn bm25(weight: f32, tf: f32, len: f32, avg_len: f32) -> f32 {
    let norm = K1 * (1.0 - B + B * len / avg_len);
    weight * tf * (K1 + 1.0) / (tf + norm)
}

/// Sums the field scores of each document in the order given (a stable
/// sort, so both ways of computing impacts add the same floats in the
/// same order), and multiplies by the term's idf.
fn by_document(mut hits: Vec<Raw>, docs: u32) -> Vec<Raw> {
    hits.sort_by_key(|h| h.0);
    with_idf(sum_by_document(hits), docs)
}

/// Adds up consecutive scores of the same document, in place.
fn sum_by_document(mut hits: Vec<Raw>) -> Vec<Raw> {
    // `dedup_by` passes the later element first.
    hits.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
            kept.2 |= later.2;
        }
        same
    });
    hits
}

fn with_idf(mut merged: Vec<Raw>, docs: u32) -> Vec<Raw> {
    let df = merged.len() as f32;
    let idf = (1.0 + (docs as f32 - df + 0.5) / (df + 0.5)).ln();
    for m in &mut merged {
        m.1 *= idf;
    }
    merged
}

/// The impacts from term statistics gathered without tantivy (the site
/// build's way); equal to [`compute`] on tantivy's index of the same
/// catalogue. Field lengths go through tantivy's one-byte fieldnorm code,
/// as they do in its index.
pub fn from_terms(t: Terms) -> Impacts {
    let scorer = Scorer::new(&t);
    let lens = coded_lens(&t.lens);
    // Each list becomes its impacts in place (same size elements): at 50,000
    // initiatives these lists are over 100 MB.
    let raw = |space: Occurrences| -> RawLists {
        space
            .into_par_iter()
            .map(|(key, occurrences)| {
                let hits = occurrences
                    .into_iter()
                    .map(|o| {
                        (
                            o.doc,
                            scorer.field_score(o, lens[o.doc as usize][o.field as usize]),
                            field_is_heading(o.field),
                        )
                    })
                    .collect();
                (key, scorer.with_idf(hits))
            })
            .collect()
    };
    let Terms { folded, exact, .. } = t;
    let (raw_folded, raw_exact) = rayon::join(|| raw(folded), || raw(exact));
    quantised(scorer.docs, raw_folded, raw_exact)
}

/// Documents' field lengths as tantivy's index keeps them (a one-byte
/// code of the token count).
pub fn coded_lens(lens: &[[u32; FIELDS]]) -> Vec<[f32; FIELDS]> {
    let coded = |raw: u32| FieldNormReader::id_to_fieldnorm(FieldNormReader::fieldnorm_to_id(raw));
    lens.par_iter()
        .map(|l| l.map(|raw| coded(raw) as f32))
        .collect()
}

/// The collection statistics BM25 needs (document count, average field
/// lengths); `serve` keeps them from its first export, so that an edit
/// changes only the lists of the terms it touches.
#[derive(Debug, Clone)]
pub struct Scorer {
    pub docs: u32,
    avg_len: [f32; FIELDS],
    weights: [f32; FIELDS],
}

impl Scorer {
    pub fn new(t: &Terms) -> Scorer {
        let docs = t.lens.len() as u32;
        let mut avg_len = [0f32; FIELDS];
        for (f, avg) in avg_len.iter_mut().enumerate() {
            let tokens: u64 = t.lens.iter().map(|l| u64::from(l[f])).sum();
            *avg = (tokens as f32 / docs.max(1) as f32).max(1.0);
        }
        Scorer {
            docs,
            avg_len,
            weights: field_weights(),
        }
    }

    fn field_score(&self, o: Occurrence, coded_len: f32) -> f32 {
        let f = o.field as usize;
        bm25(self.weights[f], f32::from(o.tf), coded_len, self.avg_len[f])
    }

    /// Occurrences come by document, then field: the order `by_document`
    /// sums in.
    fn with_idf(&self, hits: Vec<Raw>) -> Vec<Raw> {
        with_idf(sum_by_document(hits), self.docs)
    }

    /// The quantised list of one term, on the scale of an earlier export
    /// (`lens` from [`coded_lens`]).
    pub fn list(
        &self,
        occurrences: &[Occurrence],
        lens: &[[f32; FIELDS]],
        scale: f32,
    ) -> Vec<Posting> {
        let hits = occurrences
            .iter()
            .map(|&o| {
                (
                    o.doc,
                    self.field_score(o, lens[o.doc as usize][o.field as usize]),
                    field_is_heading(o.field),
                )
            })
            .collect();
        quantise_list(self.with_idf(hits), scale)
    }
}

fn quantum(v: f32, scale: f32) -> u8 {
    ((v * scale).round() as u32).clamp(1, 255) as u8
}

fn quantise(raw: RawLists, scale: f32) -> TermLists {
    raw.into_par_iter()
        .map(|(key, list)| (key, quantise_list(list, scale)))
        .collect()
}

/// One term's quanta, sorted. A document with the term in a heading part
/// ranks above every document with it elsewhere only: heading quanta are
/// at least 2, the others stay below the least of them.
fn quantise_list(list: Vec<Raw>, scale: f32) -> Vec<Posting> {
    let least_heading = list
        .iter()
        .filter(|r| r.2)
        .map(|r| quantum(r.1, scale).max(2))
        .min();
    let mut q: Vec<Posting> = list
        .into_iter()
        .map(|(d, v, heading)| {
            let q = quantum(v, scale);
            match least_heading {
                Some(_) if heading => (q.max(2), d),
                Some(least) => (q.min(least - 1), d),
                None => (q, d),
            }
        })
        .collect();
    sort_postings(&mut q);
    q
}

/// Whether a field (numbered as `collect::field_weights`) belongs to a
/// heading part.
fn field_is_heading(field: u8) -> bool {
    PARTS[super::collect::field_part(field)].heading
}

/// Highest impact first, then lowest document (the newest entry).
pub fn sort_postings(p: &mut [Posting]) {
    p.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
}
