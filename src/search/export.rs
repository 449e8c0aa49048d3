//! Export: the files the browser (and the command line) search from, all
//! under [`DIR`]:
//!
//! - `s/<fnv>.gz`: shards (see `shard`); the entries of a folded word or
//!   prefix are all in one: the heads of the word's list, of its exact
//!   spellings, of the completions of it as a prefix, and of the pairs it
//!   starts; each cut head but a pair's is followed by the complete set of
//!   its documents, which is what the engine matches with;
//! - `i/<fnv>.gz`: ids in lowercase, a shard of `i` entries (see `id_files`);
//! - `c/<doc / CARDS_PER_FILE>.gz`: result cards (a JSON array), a few
//!   initiatives a file (fewer files to write; a hit costs one small file);
//! - `f/<facet>.gz`: one facet column (u16 LE a document, 65535 = none),
//!   read only to count a facet's values;
//! - `f/<facet>/<slug>.gz`: one facet value, its label and the set of its
//!   documents (`shard::encode_value_set`), which is all a filter reads: a
//!   filtered query costs the sets of the values chosen, not columns;
//! - `f/meta.gz`: the facet values (JSON), and the document count;
//! - `v.gz`: the vocabulary, for suggestions (see `vocabulary`).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use super::analyzer::fold_exact;
use super::impact::{sort_postings, Impacts, TermLists};
use super::shard::{self, encode_entry, List, Posting, EXACT, ID, PAIR, PREFIX, WORD};
use super::vocabulary;
use crate::model::{Catalogue, InitiativeKind, Level};
use crate::write::{Content, OutputFile};

/// Folder of the search files in the site.
pub const DIR: &str = "search-index";

/// How many postings of a list's head are kept, by kind: the heads rank,
/// the complete sets (sent only for cut heads) match.
pub const HEAD_WORD: usize = 200;
pub const HEAD_EXACT: usize = 64;
pub const HEAD_PREFIX: usize = 64;
pub const HEAD_PAIR: usize = 16;
pub const HEAD_PAIR_MIN: usize = 2;
/// Postings of pairs a shard may hold before pair heads shrink.
pub const PAIR_BUDGET: usize = 800;

/// Result cards a file.
pub const CARDS_PER_FILE: usize = 4;

/// The facets, in the order of `f/meta`.
pub const FACETS: [&str; 6] = ["field", "year", "level", "kind", "unit", "district"];

/// The shard of a folded key's entry: a word's own, a pair's first
/// word's (so a query's words bring their pairs along).
pub fn folded_shard(key: &str) -> u32 {
    shard::shard_of(key.split_once(' ').map_or(key, |(first, _)| first))
}

/// The shard of an exact key's entry: its folded word's.
pub fn exact_shard(key: &str) -> u32 {
    shard::shard_of(&fold_exact(key))
}

/// The prefixes of a folded word that get entries of their own (`p`):
/// all but the word itself.
pub fn prefixes(word: &str) -> impl Iterator<Item = &str> {
    word.char_indices().skip(1).map(|(i, _)| &word[..i])
}

/// Heads of all lists, grouped by shard (number; see `shard::shard_of`).
pub fn shards(impacts: &Impacts) -> BTreeMap<u32, Vec<u8>> {
    shards_where(impacts, |_| true)
}

/// The id files: `i/<fnv>.gz`, shards (same format, same names as `s/`)
/// of id entries only, so that only a query holding an id reads one.
pub fn id_files(c: &Catalogue) -> Vec<OutputFile> {
    let mut by: BTreeMap<u32, Vec<(String, u32)>> = BTreeMap::new();
    for (doc, i) in c.initiatives.iter().enumerate() {
        let key = id_key(&i.id);
        by.entry(shard::shard_of(&key))
            .or_default()
            .push((key, doc as u32));
    }
    by.into_par_iter()
        .map(|(n, mut ids)| {
            ids.sort();
            let mut data = Vec::new();
            for (key, doc) in ids {
                let list = List {
                    df: 1,
                    postings: vec![(u8::MAX, doc)],
                    all: None,
                };
                encode_entry(&mut data, ID, &key, &list);
            }
            search_file(format!("i/{}.gz", shard::shard_file_name(n)), &data)
        })
        .collect()
}

/// The key of an initiative's id entry: the id in lowercase (`kt-2024-001`),
/// in the shard of that key; a query holding an id reads it (`query`).
pub fn id_key(id: &str) -> String {
    id.to_lowercase()
}

/// Whether a word of a query (split at white space) has the form of an
/// id (content model: `^[A-Z]{2,6}-\d{4}-\d{3,5}$`), in any case.
pub fn looks_like_id(token: &str) -> bool {
    let mut parts = token.split('-');
    let ok = |p: Option<&str>, n: std::ops::RangeInclusive<usize>, digits: bool| {
        p.is_some_and(|p| {
            n.contains(&p.len())
                && p.bytes().all(|b| {
                    if digits {
                        b.is_ascii_digit()
                    } else {
                        b.is_ascii_alphabetic()
                    }
                })
        })
    };
    ok(parts.next(), 2..=6, false)
        && ok(parts.next(), 4..=4, true)
        && ok(parts.next(), 3..=5, true)
        && parts.next().is_none()
}

/// The shards whose number passes `keep` (`serve` makes again only those
/// an edit touched, so nothing is copied for the others).
pub fn shards_where(
    impacts: &Impacts,
    keep: impl Fn(u32) -> bool + Sync,
) -> BTreeMap<u32, Vec<u8>> {
    let mut entries: BTreeMap<u32, Vec<(u8, String, List)>> = BTreeMap::new();
    let mut add = |shard: u32, kind: u8, key: &str, list: List| {
        entries
            .entry(shard)
            .or_default()
            .push((kind, key.to_string(), list));
    };
    let mut pairs: BTreeMap<&str, Vec<(&String, &Vec<Posting>)>> = BTreeMap::new();
    for (key, postings) in &impacts.folded {
        let n = folded_shard(key);
        if !keep(n) {
            continue;
        }
        match key.split_once(' ') {
            Some((first, _)) => pairs.entry(first).or_default().push((key, postings)),
            None => add(n, WORD, key, head(postings, HEAD_WORD)),
        }
    }
    for (first, list) in pairs {
        let cap = pair_cap(list.iter().map(|(_, p)| p.len()));
        let n = folded_shard(first);
        for (key, postings) in list {
            add(n, PAIR, key, pair_head(postings, cap));
        }
    }
    for (key, postings) in &impacts.exact {
        let n = exact_shard(key);
        // An exact key spelt like its folded word adds nothing to it.
        if keep(n) && fold_exact(key) != *key {
            add(n, EXACT, key, head(postings, HEAD_EXACT));
        }
    }
    let prefix_entries = prefix_lists(&impacts.folded, impacts.docs, |p| keep(folded_shard(p)));
    for (prefix, list) in prefix_entries {
        add(folded_shard(&prefix), PREFIX, &prefix, list);
    }
    entries
        .into_par_iter()
        .map(|(n, mut list)| {
            list.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
            let mut data = Vec::new();
            for (kind, key, l) in &list {
                encode_entry(&mut data, *kind, key, l);
            }
            (n, data)
        })
        .collect()
}

/// The head length of the pairs a word starts: `HEAD_PAIR`, or less when
/// the word starts so many pairs that their heads would pass
/// `PAIR_BUDGET` postings (never under `HEAD_PAIR_MIN`).
fn pair_cap(dfs: impl Iterator<Item = usize> + Clone) -> usize {
    (HEAD_PAIR_MIN..=HEAD_PAIR)
        .rev()
        .find(|&cap| dfs.clone().map(|df| df.min(cap)).sum::<usize>() <= PAIR_BUDGET)
        .unwrap_or(HEAD_PAIR_MIN)
}

/// The head of a word's (or prefix's) list, with the complete set of its
/// documents when the head is cut: matching is exact, the head ranks.
fn head(postings: &[Posting], n: usize) -> List {
    let cut = postings.len() > n;
    List {
        df: postings.len() as u32,
        postings: postings[..postings.len().min(n)].to_vec(),
        all: cut.then(|| {
            let mut docs: Vec<u32> = postings.iter().map(|p| p.1).collect();
            docs.sort_unstable();
            docs
        }),
    }
}

/// The head of a pair's list: pairs rank, they never decide a match, so
/// no set follows.
fn pair_head(postings: &[Posting], n: usize) -> List {
    List {
        df: postings.len() as u32,
        postings: postings[..postings.len().min(n)].to_vec(),
        all: None,
    }
}

/// For every prefix of every folded word: the best impact a document gets
/// from any longer word starting with it (the prefix itself is matched
/// by its own `u` list).
pub fn prefix_lists(
    folded: &TermLists,
    docs: u32,
    keep: impl Fn(&str) -> bool + Sync,
) -> Vec<(String, List)> {
    let words: Vec<&String> = {
        let mut w: Vec<&String> = folded.keys().filter(|k| !k.contains(' ')).collect();
        w.sort();
        w
    };
    let prefixes: BTreeSet<&str> = words
        .iter()
        .flat_map(|w| prefixes(w))
        .filter(|p| keep(p))
        .collect();
    prefixes
        .into_par_iter()
        .map_init(
            || vec![0u8; docs as usize],
            |best, prefix| {
                let from = words.partition_point(|w| w.as_str() <= prefix);
                let mut touched = Vec::new();
                for w in words[from..].iter().take_while(|w| w.starts_with(prefix)) {
                    for &(q, d) in &folded[*w] {
                        let slot = &mut best[d as usize];
                        if *slot == 0 {
                            touched.push(d);
                        }
                        *slot = (*slot).max(q);
                    }
                }
                let mut postings: Vec<Posting> =
                    touched.iter().map(|&d| (best[d as usize], d)).collect();
                for &d in &touched {
                    best[d as usize] = 0;
                }
                sort_postings(&mut postings);
                (prefix.to_string(), head(&postings, HEAD_PREFIX))
            },
        )
        .filter(|(_, l)| l.df > 0)
        .collect()
}

/// A result card.
#[derive(Debug, Serialize, PartialEq)]
pub struct Card<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub field: &'a str,
    pub year: i16,
    pub level: &'static str,
    pub kind: &'static str,
    pub unit: &'a str,
    pub authors: Vec<&'a str>,
}

pub fn level_label(l: Level) -> &'static str {
    match l {
        Level::Grassroots => "Cấp cơ sở",
        Level::Provincial => "Cấp tỉnh",
        Level::National => "Toàn quốc",
    }
}

pub fn kind_label(k: InitiativeKind) -> &'static str {
    match k {
        InitiativeKind::Technical => "Giải pháp kỹ thuật",
        InitiativeKind::Management => "Giải pháp quản lý",
        InitiativeKind::Operational => "Giải pháp tác nghiệp",
        InitiativeKind::TechnologyApplication => "Ứng dụng tiến bộ kỹ thuật",
    }
}

/// The card files: JSON arrays of `CARDS_PER_FILE` cards.
pub fn cards(c: &Catalogue) -> Vec<Vec<u8>> {
    c.initiatives
        .par_chunks(CARDS_PER_FILE)
        .map(|chunk| card_file(c, chunk))
        .collect()
}

/// One card file: the cards of these initiatives.
pub fn card_file(c: &Catalogue, initiatives: &[crate::model::Initiative]) -> Vec<u8> {
    let cards: Vec<Card> = initiatives.iter().map(|i| card(c, i)).collect();
    serde_json::to_vec(&cards).expect("cards serialise")
}

pub fn card<'a>(c: &'a Catalogue, i: &'a crate::model::Initiative) -> Card<'a> {
    Card {
        id: &i.id,
        title: &i.title,
        summary: &i.summary,
        url: format!("/sang-kien/{}/", i.slug),
        field: c.field(&i.field).map_or(i.field.as_str(), |f| &f.name),
        year: i.year(),
        level: level_label(i.level),
        kind: kind_label(i.kind),
        unit: c.unit(&i.unit).map_or(i.unit.as_str(), |u| &u.name),
        authors: i
            .authors
            .iter()
            .filter_map(|a| c.author(&a.author))
            .map(|a| a.name.as_str())
            .collect(),
    }
}

/// The facet values: (slug, label, documents) a facet, and each
/// document's value index a facet.
#[derive(Debug, Serialize, PartialEq)]
pub struct Facets {
    pub docs: usize,
    pub values: BTreeMap<&'static str, Vec<(String, String)>>,
    #[serde(skip)]
    pub columns: BTreeMap<&'static str, Vec<u16>>,
}

pub const NONE: u16 = u16::MAX;

pub fn facets(c: &Catalogue) -> Facets {
    let mut values = BTreeMap::new();
    let mut columns = BTreeMap::new();
    let docs = c.initiatives.len();
    let mut put =
        |name: &'static str, vals: Vec<(String, String)>, of: &dyn Fn(usize) -> Option<String>| {
            let ix: std::collections::HashMap<&str, u16> = vals
                .iter()
                .enumerate()
                .map(|(n, v)| (v.0.as_str(), n as u16))
                .collect();
            let col = (0..docs)
                .map(|d| {
                    of(d)
                        .and_then(|v| ix.get(v.as_str()).copied())
                        .unwrap_or(NONE)
                })
                .collect();
            columns.insert(name, col);
            values.insert(name, vals);
        };
    let init = &c.initiatives;
    let fields = c
        .fields
        .iter()
        .map(|f| (f.slug.clone(), f.name.clone()))
        .collect();
    put("field", fields, &|d| Some(init[d].field.clone()));
    let years = c
        .by_year
        .keys()
        .rev()
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    put("year", years, &|d| Some(init[d].year().to_string()));
    let levels = Level::ALL
        .iter()
        .map(|l| (l.as_str().into(), level_label(*l).into()))
        .collect();
    put("level", levels, &|d| Some(init[d].level.as_str().into()));
    let kinds = InitiativeKind::ALL
        .iter()
        .map(|k| (k.as_str().into(), kind_label(*k).into()))
        .collect();
    put("kind", kinds, &|d| Some(init[d].kind.as_str().into()));
    let units = c
        .by_unit
        .keys()
        .map(|u| (u.clone(), c.unit(u).map_or(u.clone(), |x| x.name.clone())))
        .collect();
    put("unit", units, &|d| Some(init[d].unit.clone()));
    let districts = c
        .districts
        .iter()
        .map(|x| (x.slug.clone(), x.name.clone()))
        .collect();
    put("district", districts, &|d| {
        c.unit(&init[d].unit).and_then(|u| u.district.clone())
    });
    Facets {
        docs,
        values,
        columns,
    }
}

/// Every search file of the site.
pub fn files(c: &Catalogue, impacts: &Impacts) -> Vec<OutputFile> {
    files_with(c, impacts, &shards(impacts))
}

/// Every search file of the site, with shards made already.
pub fn files_with(
    c: &Catalogue,
    impacts: &Impacts,
    shards: &BTreeMap<u32, Vec<u8>>,
) -> Vec<OutputFile> {
    let mut out: Vec<OutputFile> = shards
        .par_iter()
        .map(|(&n, data)| search_file(shard_path(n), data))
        .collect();
    out.extend(
        cards(c)
            .into_par_iter()
            .enumerate()
            .map(|(n, data)| search_file(card_path(n), &data))
            .collect::<Vec<_>>(),
    );
    out.extend(facet_files(c));
    out.extend(id_files(c));
    out.push(search_file(
        vocabulary::FILE.into(),
        &vocabulary::file(impacts),
    ));
    out
}

/// The path of shard `n` under [`DIR`].
pub fn shard_path(n: u32) -> String {
    format!("s/{}.gz", shard::shard_file_name(n))
}

/// The path of a facet value's file under [`DIR`].
pub fn value_path(facet: &str, slug: &str) -> String {
    format!("f/{facet}/{slug}.gz")
}

/// The path of card file `n` under [`DIR`].
pub fn card_path(n: usize) -> String {
    format!("c/{n}.gz")
}

/// A search file: `data` gzipped at `DIR/rel`.
pub fn search_file(rel: String, data: &[u8]) -> OutputFile {
    OutputFile {
        path: format!("{DIR}/{rel}"),
        content: Content::Bytes(shard::gzip(data)),
    }
}

/// The facet columns and values.
pub fn facet_files(c: &Catalogue) -> Vec<OutputFile> {
    let facets = facets(c);
    let mut out = Vec::new();
    for (name, col) in &facets.columns {
        let bytes: Vec<u8> = col.iter().flat_map(|v| v.to_le_bytes()).collect();
        out.push(search_file(format!("f/{name}.gz"), &bytes));
    }
    for (name, vals) in &facets.values {
        let col = &facets.columns[name];
        let mut sets: Vec<Vec<u32>> = vec![Vec::new(); vals.len()];
        for (d, &v) in col.iter().enumerate() {
            if let Some(set) = sets.get_mut(v as usize) {
                set.push(d as u32);
            }
        }
        for ((slug, label), docs) in vals.iter().zip(&sets) {
            let data = shard::encode_value_set(label, docs);
            out.push(search_file(value_path(name, slug), &data));
        }
    }
    let meta = serde_json::to_vec(&facets).expect("facets serialise");
    out.push(search_file("f/meta.gz".into(), &meta));
    out
}
