//! Search files kept current while `serve` runs. After an edit that keeps
//! the catalogue's entries and their order, only the lists of the terms
//! the edited entries held or now hold change, and only the shard files
//! holding those lists, the card files of those entries and the small
//! facet files are made again.
//!
//! The collection statistics (average field lengths, the quantum scale)
//! stay as at the last full export: one edit moves them by about 1/N, and
//! `build` computes them afresh. A changed set or order of entries (a new
//! entry, a changed date) exports everything again.

use std::collections::BTreeSet;

use super::analyzer::fold_exact;
use super::collect::{self, Occurrence, Occurrences, Terms};
use super::export::{self, CARDS_PER_FILE};
use super::impact::{self, Impacts, Scorer, TermLists};
use super::index::part_texts;
use super::shard;
use crate::model::Catalogue;
use crate::write::OutputFile;

/// The search state of the catalogue whose files were last exported.
pub struct Live {
    catalogue: Catalogue,
    terms: Terms,
    scorer: Scorer,
    impacts: Impacts,
}

impl Live {
    /// Exports every search file of the catalogue.
    pub fn new(catalogue: Catalogue) -> (Live, Vec<OutputFile>) {
        let terms = collect::collect(&catalogue);
        let scorer = Scorer::new(&terms);
        let impacts = impact::from_terms(terms.clone());
        let files = export::files(&catalogue, &impacts);
        let live = Live {
            catalogue,
            terms,
            scorer,
            impacts,
        };
        (live, files)
    }

    /// The search files that change from the last catalogue to `new`
    /// (empty if none does); `Err(new)` when the entries or their order
    /// changed (then export afresh with [`Live::new`]).
    pub fn update(&mut self, new: Catalogue) -> Result<Vec<OutputFile>, Box<Catalogue>> {
        let old = &self.catalogue;
        let same_entries = old.initiatives.len() == new.initiatives.len()
            && old
                .initiatives
                .iter()
                .zip(&new.initiatives)
                .all(|(a, b)| a.slug == b.slug);
        if !same_entries {
            return Err(Box::new(new));
        }
        let files = self.changed_files(&new);
        self.catalogue = new;
        Ok(files)
    }

    /// Brings the lists up to date with `new` (same entries, same order)
    /// and makes the files they touched.
    fn changed_files(&mut self, new: &Catalogue) -> Vec<OutputFile> {
        let old = &self.catalogue;
        let edited: Vec<u32> = (0..new.initiatives.len())
            .filter(|&d| {
                part_texts(old, &old.initiatives[d]) != part_texts(new, &new.initiatives[d])
            })
            .map(|d| d as u32)
            .collect();
        let card_files: BTreeSet<usize> = (0..new.initiatives.len())
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
        }
        // The candidate shards as they are, to make only those that differ
        // (a word the entry keeps often keeps its quanta).
        let candidates = touched.shard_names();
        let shards_before = export::shards_where(&self.impacts, |n| candidates.contains(n));
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
                self.scorer.list(o, &self.terms.lens, scale)
            });
        }

        let mut after = export::shards_where(&self.impacts, |n| candidates.contains(n));
        let mut files: Vec<OutputFile> = Vec::new();
        for name in &candidates {
            // A shard whose every entry is gone is served empty.
            let data = after.remove(name).unwrap_or_default();
            if shards_before.get(name).map_or(true, |b| *b != data) {
                files.push(export::search_file(format!("s/{name}.gz"), &data));
            }
        }
        for n in card_files {
            let end = ((n + 1) * CARDS_PER_FILE).min(new.initiatives.len());
            let data = export::card_file(new, &new.initiatives[n * CARDS_PER_FILE..end]);
            files.push(export::search_file(format!("c/{n}.gz"), &data));
        }
        if facets_changed {
            files.extend(export::facet_files(new));
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
    /// The shards holding the touched lists (see `export`): a folded
    /// word's, those of its prefixes, a pair's first word's, an exact
    /// key's folded word's.
    fn shard_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for key in &self.folded {
            match key.split_once(' ') {
                Some((first, _)) => {
                    names.insert(shard::shard_name(first));
                }
                None => {
                    for (i, _) in key.char_indices().skip(1) {
                        names.insert(shard::shard_name(&key[..i]));
                    }
                    names.insert(shard::shard_name(key));
                }
            }
        }
        for key in &self.exact {
            names.insert(shard::shard_name(&fold_exact(key)));
        }
        names
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
