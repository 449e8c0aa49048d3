//! Search files kept current while `serve` runs. After an edit that keeps
//! the catalogue's entries and their order, only the lists of the terms
//! the edited entries held or now hold change, and only the shard files
//! holding those lists, the card files of those entries and the small
//! facet files are made again.
//!
//! The collection statistics (average field lengths, the quantum scale)
//! stay as at the last full export: one edit moves them by about 1/N, and
//! `build` computes them afresh; so does the vocabulary of suggestions. A changed set or order of entries (a new
//! entry, a changed date) exports everything again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::collect::{self, Occurrence, Occurrences, Terms, FIELDS};
use super::export::{self, CARDS_PER_FILE};
use super::impact::{self, Impacts, Scorer, TermLists};
use super::index::part_texts;
use super::shard;
use crate::model::Catalogue;
use crate::write::OutputFile;

/// The search state of the catalogue whose files were last exported.
pub struct Live {
    /// Shared with the preview (`session`): never copied.
    catalogue: Arc<Catalogue>,
    terms: Terms,
    /// `terms.lens` as the index codes them.
    coded_lens: Vec<[f32; FIELDS]>,
    scorer: Scorer,
    impacts: Impacts,
    /// The shards as served (uncompressed), to tell which an edit changed.
    shards: BTreeMap<u32, Vec<u8>>,
}

impl Live {
    /// Exports every search file of the catalogue.
    pub fn new(catalogue: impl Into<Arc<Catalogue>>) -> (Live, Vec<OutputFile>) {
        let catalogue = catalogue.into();
        let terms = collect::collect(&catalogue);
        let scorer = Scorer::new(&terms);
        let coded_lens = impact::coded_lens(&terms.lens);
        // `from_terms` turns its lists into impacts in place (the build's
        // way, which keeps none); an update needs them, so a copy goes.
        let impacts = impact::from_terms(terms.clone());
        let shards = export::shards(&impacts);
        let files = export::files_with(&catalogue, &impacts, &shards);
        let live = Live {
            catalogue,
            terms,
            coded_lens,
            scorer,
            impacts,
            shards,
        };
        (live, files)
    }

    /// The search files that change from the last catalogue to `new`
    /// (empty if none does); `Err(new)` when the entries or their order
    /// changed (then export afresh with [`Live::new`]).
    pub fn update(
        &mut self,
        new: impl Into<Arc<Catalogue>>,
    ) -> Result<Vec<OutputFile>, Arc<Catalogue>> {
        let new = new.into();
        let old = &self.catalogue;
        let same_entries = old.initiatives.len() == new.initiatives.len()
            && old
                .initiatives
                .iter()
                .zip(&new.initiatives)
                .all(|(a, b)| a.slug == b.slug);
        if !same_entries {
            return Err(new);
        }
        let files = self.changed_files(&new);
        self.catalogue = new;
        Ok(files)
    }

    /// Brings the lists up to date with `new` (same entries, same order)
    /// and makes the files they touched.
    fn changed_files(&mut self, new: &Catalogue) -> Vec<OutputFile> {
        let old = &self.catalogue;
        // In parallel: every entry is compared (an edited author or unit
        // name changes the text of others).
        let edited: Vec<u32> = (0..new.initiatives.len())
            .into_par_iter()
            .filter(|&d| {
                part_texts(old, &old.initiatives[d]) != part_texts(new, &new.initiatives[d])
            })
            .map(|d| d as u32)
            .collect();
        let card_files: BTreeSet<usize> = (0..new.initiatives.len())
            .into_par_iter()
            .filter(|&d| {
                export::card(old, &old.initiatives[d]) != export::card(new, &new.initiatives[d])
            })
            .map(|d| d / CARDS_PER_FILE)
            .collect();
        let facets_changed = export::facets(old) != export::facets(new);

        let mut touched = Touched::default();
        for &doc in &edited {
            let before = collect::document(old, doc);
            let after = collect::document(new, doc);
            for (key, _) in before.folded.iter().chain(&after.folded) {
                touched.folded.insert(key.clone());
            }
            for (key, _) in before.exact.iter().chain(&after.exact) {
                touched.exact.insert(key.clone());
            }
            replace(&mut self.terms.folded, doc, &before.folded, after.folded);
            replace(&mut self.terms.exact, doc, &before.exact, after.exact);
            self.terms.lens[doc as usize] = after.lens;
            self.coded_lens[doc as usize] = impact::coded_lens(&[after.lens])[0];
        }
        let candidates = touched.shards();
        let ids_changed = edited
            .iter()
            .any(|&d| old.initiatives[d as usize].id != new.initiatives[d as usize].id);
        let scale = self.impacts.scale;
        for (keys, occurrences, lists) in [
            (
                &touched.folded,
                &self.terms.folded,
                &mut self.impacts.folded,
            ),
            (&touched.exact, &self.terms.exact, &mut self.impacts.exact),
        ] {
            relist(keys, occurrences, lists, |o| {
                self.scorer.list(o, &self.coded_lens, scale)
            });
        }

        // Only the candidates that differ are made (a word the entry keeps
        // often keeps its quanta).
        let mut after = export::shards_where(&self.impacts, |n| candidates.contains(&n));
        let mut files: Vec<OutputFile> = Vec::new();
        for n in &candidates {
            // A shard whose every entry is gone is served empty.
            let data = after.remove(n).unwrap_or_default();
            let served = self.shards.get(n).map_or(&[][..], Vec::as_slice);
            if served != data {
                files.push(export::search_file(export::shard_path(*n), &data));
                if data.is_empty() {
                    self.shards.remove(n);
                } else {
                    self.shards.insert(*n, data);
                }
            }
        }
        for n in card_files {
            let end = ((n + 1) * CARDS_PER_FILE).min(new.initiatives.len());
            let data = export::card_file(new, &new.initiatives[n * CARDS_PER_FILE..end]);
            files.push(export::search_file(export::card_path(n), &data));
        }
        if facets_changed {
            files.extend(export::facet_files(new));
        }
        if ids_changed {
            files.extend(export::id_files(new));
        }
        files
    }
}

/// The keys whose lists an update changed.
#[derive(Default)]
struct Touched {
    folded: BTreeSet<String>,
    exact: BTreeSet<String>,
}

impl Touched {
    /// The shards holding the touched lists: each key's entry, and for a
    /// word, those of its prefixes (their completions changed).
    fn shards(&self) -> BTreeSet<u32> {
        let mut shards: BTreeSet<u32> = self.exact.iter().map(|k| export::exact_shard(k)).collect();
        for key in &self.folded {
            shards.insert(export::folded_shard(key));
            if !key.contains(' ') {
                shards.extend(export::prefixes(key).map(export::folded_shard));
            }
        }
        shards
    }
}

/// Replaces document `doc`'s occurrences: `before` (what it held) out,
/// `after` in, each list kept by document, then field.
fn replace(
    space: &mut Occurrences,
    doc: u32,
    before: &[(String, Occurrence)],
    after: Vec<(String, Occurrence)>,
) {
    for (key, _) in before {
        if let Some(list) = space.get_mut(key) {
            let from = list.partition_point(|o| o.doc < doc);
            let to = list.partition_point(|o| o.doc <= doc);
            list.drain(from..to);
            if list.is_empty() {
                space.remove(key);
            }
        }
    }
    // A key's occurrences in `after` come by field; each goes after those
    // of the same document already put back.
    for (key, o) in after {
        let list = space.entry(key).or_default();
        let at = list.partition_point(|x| x.doc <= doc);
        list.insert(at, o);
    }
}

/// Computes again the lists of `keys` (dropping those no document holds).
fn relist(
    keys: &BTreeSet<String>,
    occurrences: &Occurrences,
    lists: &mut TermLists,
    list_of: impl Fn(&[Occurrence]) -> Vec<shard::Posting>,
) {
    for key in keys {
        match occurrences.get(key) {
            Some(o) => {
                lists.insert(key.clone(), list_of(o));
            }
            None => {
                lists.remove(key);
            }
        }
    }
}
