//! Copy detection for `check`: a warning when an initiative's text
//! (title, summary, body) is a near-copy of another's, at both files,
//! with the similarity. tantivy's "more like this" over an index of the
//! catalogue proposes candidates (`candidates`); word 3-grams compare them
//! precisely (`shingles`); what was found is cached (`cache`), so a
//! repeated check only compares the entries whose text changed.

mod cache;
mod candidates;
mod shingles;

use crate::msg;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::diag::{display_path, Diagnostic};
use crate::load::Loaded;
use crate::validate::Validated;

pub use shingles::{overlap, shingles};

/// From this share of shared word 3-grams, two texts are near-copies
/// (the sample catalogue's most alike pair shares 11 %; a copy with a
/// sentence rewritten, words swapped or a paragraph added, over 60 %).
pub const THRESHOLD: f64 = 0.5;

/// A pair of near-copies: paths (the first smaller), similarity 0–1.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub similarity: f64,
}

fn text_of(i: &crate::model::Initiative) -> String {
    format!("{}\n{}\n{}", i.title, i.summary, i.body)
}

/// Every pair of near-copies among the initiatives, using (and updating)
/// the cache of a catalogue at the root of a git repository.
pub fn find(loaded: &Loaded, v: &Validated) -> Vec<Pair> {
    let dir = cache::dir(&loaded.root);
    let texts: BTreeMap<String, String> = v
        .initiatives
        .iter()
        .map(|i| (display_path(&i.source), text_of(i)))
        .collect();
    let prints: BTreeMap<&str, u64> = texts
        .par_iter()
        .map(|(p, t)| (p.as_str(), xxh3_64(t.as_bytes())))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let mut state = dir.as_deref().map(cache::load).unwrap_or_default();
    let changed: Vec<&str> = prints
        .iter()
        .filter(|(p, f)| state.entries.get(**p) != Some(*f))
        .map(|(p, _)| *p)
        .collect();
    let removed: Vec<String> = state
        .entries
        .keys()
        .filter(|p| !prints.contains_key(p.as_str()))
        .cloned()
        .collect();
    if changed.is_empty() && removed.is_empty() {
        return pairs_of(&state);
    }
    let mut gone: BTreeSet<&str> = removed.iter().map(String::as_str).collect();
    gone.extend(changed.iter().filter(|p| state.entries.contains_key(**p)));
    // Rebuilt from scratch when first made, or when older versions would
    // be a fifth of the index.
    let fresh = state.entries.is_empty() || (state.stale + gone.len()) * 5 > prints.len();
    let index = candidates::Candidates::open(dir.as_deref(), fresh);
    let to_add: Vec<&str> = if fresh {
        state.pairs.clear();
        state.stale = 0;
        prints.keys().copied().collect()
    } else {
        state.stale += gone.len();
        changed.clone()
    };
    let add: Vec<(&str, String)> = to_add.iter().map(|p| (*p, texts[*p].clone())).collect();
    let Ok(searcher) = index.add(&add).and_then(|()| index.searcher()) else {
        return pairs_of(&state);
    };
    state
        .pairs
        .retain(|(a, b, _)| !gone.contains(a.as_str()) && !gone.contains(b.as_str()));
    // Shingles are made once per entry, only for those compared.
    let cache: std::sync::Mutex<HashMap<String, std::sync::Arc<Vec<u64>>>> = Default::default();
    let shingles_of = |p: &str| {
        if let Some(s) = cache.lock().ok().and_then(|c| c.get(p).cloned()) {
            return s;
        }
        let s = std::sync::Arc::new(shingles(texts.get(p).map_or("", String::as_str)));
        if let Ok(mut c) = cache.lock() {
            c.insert(p.to_string(), s.clone());
        }
        s
    };
    let queries = if fresh { &to_add } else { &changed };
    let found: Vec<(String, String, u32)> = queries
        .par_iter()
        .flat_map_iter(|p| {
            let mine = shingles_of(p);
            let like = index.like(&searcher, &texts[*p]).unwrap_or_default();
            like.into_iter()
                .filter(|other| other != p && texts.contains_key(other))
                .filter_map(|other| {
                    let s = overlap(&mine, &shingles_of(&other));
                    (s >= THRESHOLD).then(|| {
                        let (a, b) = if *p < other.as_str() {
                            (p.to_string(), other)
                        } else {
                            (other, p.to_string())
                        };
                        (a, b, (s * 1000.0).round() as u32)
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    state.pairs.extend(found);
    state.pairs.sort();
    state.pairs.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
    state.entries = prints.iter().map(|(p, f)| (p.to_string(), *f)).collect();
    if let Some(d) = &dir {
        cache::store(d, &state);
    }
    pairs_of(&state)
}

fn pairs_of(state: &cache::State) -> Vec<Pair> {
    state
        .pairs
        .iter()
        .map(|(a, b, s)| Pair {
            a: a.clone(),
            b: b.clone(),
            similarity: f64::from(*s) / 1000.0,
        })
        .collect()
}

/// The warnings of [`find`]: one at each file of a pair, naming the other.
pub fn diagnostics(loaded: &Loaded, v: &Validated) -> Vec<Diagnostic> {
    let line_of: HashMap<String, u32> = loaded
        .files
        .iter()
        .map(|f| {
            let line = f
                .text
                .lines()
                .position(|l| l.starts_with("title:"))
                .map_or(1, |n| n as u32 + 1);
            (display_path(&f.path), line)
        })
        .collect();
    let mut out = Vec::new();
    for p in find(loaded, v) {
        for (here, there) in [(&p.a, &p.b), (&p.b, &p.a)] {
            out.push(
                Diagnostic::warning(
                    "near-copy",
                    here,
                    msg!(
                        "near-copy",
                        other = there.as_str(),
                        percent = format!("{:.0}", p.similarity * 100.0)
                    ),
                )
                .at_line(line_of.get(here.as_str()).copied().unwrap_or(1))
                .with_hint(msg!("near-copy.hint")),
            );
        }
    }
    out
}
