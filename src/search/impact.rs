//! Impacts: for every term of the tantivy index and every document that
//! holds it, the BM25F score the term alone gives the document, with the
//! part weights of `index::PARTS`, quantised to 1..=255 on one scale for
//! all terms (so impacts of different terms add up).
//!
//! impact(t, d) = idf(t) · Σ_part w_part · tf·(K1+1) / (tf + K1·(1 − B + B·len/avglen))
//! idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)), df = documents with t in any part.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Index, InvertedIndexReader, TERMINATED};

use super::index::{Fields, PARTS};
use super::shard::Posting;

pub const K1: f32 = 1.2;
pub const B: f32 = 0.75;

/// All terms of one key space (folded or exact) with their full lists.
pub type TermLists = HashMap<String, Vec<Posting>>;

/// The quantised lists of both key spaces, and the number of documents.
pub struct Impacts {
    pub docs: u32,
    pub folded: TermLists,
    pub exact: TermLists,
}

struct PartReader {
    weight: f32,
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
    let open = |field: Field, weight: f32| -> tantivy::Result<PartReader> {
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
            avg_len: (tokens as f32 / docs.max(1) as f32).max(1.0),
            inverted,
            norms,
        })
    };
    let folded: Vec<PartReader> = fields
        .folded
        .iter()
        .zip(PARTS)
        .map(|(&f, p)| open(f, p.weight))
        .collect::<tantivy::Result<_>>()?;
    let exact: Vec<PartReader> = fields
        .exact
        .iter()
        .map(|&(n, f)| open(f, PARTS[n].weight))
        .collect::<tantivy::Result<_>>()?;

    let raw_folded = raw_lists(&folded, &ords, docs)?;
    let raw_exact = raw_lists(&exact, &ords, docs)?;
    let max = raw_folded
        .values()
        .chain(raw_exact.values())
        .flat_map(|l| l.iter().map(|p| p.1))
        .fold(0f32, f32::max);
    Ok(Impacts {
        docs,
        folded: quantise(raw_folded, max),
        exact: quantise(raw_exact, max),
    })
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
fn raw_lists(
    parts: &[PartReader],
    ords: &[Vec<u32>],
    docs: u32,
) -> tantivy::Result<HashMap<String, Vec<(u32, f32)>>> {
    let terms = terms(parts)?;
    let idf = |df: u32| (1.0 + (docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
    terms
        .into_par_iter()
        .map(|(key, sources)| {
            let mut hits: Vec<(u32, f32)> = Vec::new();
            for (p, s, info) in sources {
                let part = &parts[p];
                let mut postings = part.inverted[s]
                    .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let tf = postings.term_freq() as f32;
                    let len = part.norms[s].fieldnorm(doc) as f32;
                    let norm = K1 * (1.0 - B + B * len / part.avg_len);
                    hits.push((
                        ords[s][doc as usize],
                        part.weight * tf * (K1 + 1.0) / (tf + norm),
                    ));
                    doc = postings.advance();
                }
            }
            hits.sort_unstable_by_key(|h| h.0);
            let mut merged: Vec<(u32, f32)> = Vec::with_capacity(hits.len());
            for (d, v) in hits {
                match merged.last_mut() {
                    Some(last) if last.0 == d => last.1 += v,
                    _ => merged.push((d, v)),
                }
            }
            let w = idf(merged.len() as u32);
            for m in &mut merged {
                m.1 *= w;
            }
            Ok((key, merged))
        })
        .collect()
}

fn quantise(raw: HashMap<String, Vec<(u32, f32)>>, max: f32) -> TermLists {
    let scale = if max > 0.0 { 255.0 / max } else { 0.0 };
    raw.into_par_iter()
        .map(|(key, list)| {
            let mut q: Vec<Posting> = list
                .into_iter()
                .map(|(d, v)| (((v * scale).round() as u32).clamp(1, 255) as u8, d))
                .collect();
            sort_postings(&mut q);
            (key, q)
        })
        .collect()
}

/// Highest impact first, then lowest document (the newest entry).
pub fn sort_postings(p: &mut [Posting]) {
    p.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
}
