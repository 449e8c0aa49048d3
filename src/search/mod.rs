//! Search: the public catalogue indexed with a Vietnamese analyzer (by
//! tantivy, or by `collect` with the same result), exported as small
//! static files that the browser (`themes/default/static/search.js`) and
//! `sangkien search` both query with the same algorithm.
//!
//! Stages:
//! - [`analyzer`]: NFC, lowercase, words; folded keys (đ → d, marks
//!   dropped), exact keys (tone placement normalised), syllable pairs;
//! - [`index`]: the tantivy index (one text field per weighted part,
//!   folded and exact twins), kept by the command line's cache;
//! - [`collect`]: the same term statistics gathered straight from the
//!   analyzer, which is how the site build gets them (several times
//!   faster than writing tantivy's segments; a test holds the two equal);
//! - [`impact`]: BM25F impact of every (term, document), quantised to a
//!   byte, from either source;
//! - [`export`]: shards (impact-ordered heads of lists for ranking, and
//!   the complete document set of every cut word, spelling and prefix
//!   list for exact matching; a shard per folded word or prefix), result
//!   cards, facet columns and value sets, id files, the vocabulary;
//! - [`live`]: `serve`'s search files, made again only where an edit
//!   touched them;
//! - [`query`]: the engine (exact match sets, then slots, pairs, exact
//!   bonus for ranking; the folded fallback; facets);
//! - [`cache`]: the command line's cached index and export, and [`stamp`],
//!   whether the catalogue changed since.
//!
//! Ranking: BM25 (K1 = 1.2, B = 0.75) summed over parts with these field
//! weights: title 3.0, authors 3.0, tags 2.0, summary 1.5, unit (name,
//! short name, district) 1.5, body (description, id, decision, field,
//! events) 1.0; a word in a heading part (title, authors, tags) is
//! quantised above the same word found only elsewhere. At query time, in
//! integers: a word counts 4 × its impact, a prefix completion 2 ×, the
//! exact spelling of a word typed with diacritics adds 2 ×, an adjacent
//! pair adds 6 ×; above that sum, an id in the query, then the number of
//! adjacent pairs held (`query::packed_score`).
//!
//! No result: [`vocabulary`] suggests the closest words of the catalogue.

pub mod analyzer;
pub mod cache;
pub mod collect;
pub mod command;
pub mod export;
pub mod impact;
pub mod index;
pub mod live;
pub mod query;
pub mod shard;
pub mod stamp;
pub mod vocabulary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::Catalogue;
use crate::write::{Content, OutputFile};

/// Why a search could not run.
#[derive(Debug)]
pub enum SearchError {
    Io(PathBuf, std::io::Error),
    Index(tantivy::TantivyError),
    /// The catalogue has errors (`sangkien check` lists them).
    Catalogue(PathBuf, usize),
    /// A search file is not what the exporter writes.
    Corrupt(PathBuf),
    /// A filter names a value the catalogue does not have (`--level tinh`).
    UnknownValue {
        facet: String,
        value: String,
        known: Vec<String>,
    },
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            SearchError::Index(e) => {
                let m = crate::msg!("search.index", detail = e.to_string());
                f.write_str(&m.text())
            }
            SearchError::Catalogue(p, n) => {
                let m = crate::msg!("search.errors", path = p.display().to_string(), n = *n);
                f.write_str(&m.text())
            }
            SearchError::Corrupt(p) => {
                let m = crate::msg!("search.corrupt", path = p.display().to_string());
                f.write_str(&m.text())
            }
            SearchError::UnknownValue {
                facet,
                value,
                known,
            } => {
                let known = if known.is_empty() {
                    crate::msg!("new.none-yet")
                } else {
                    crate::msg!("quoted-none", text = known.join(", "))
                };
                let m = crate::msg!(
                    "search.unknown-value",
                    facet = facet.to_string(),
                    value = value.to_string(),
                    known = known
                );
                f.write_str(&m.text())
            }
        }
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e)
    }
}

/// Exports the search files of the catalogue: the impacts come from term
/// statistics gathered straight from the analyzer (`collect`), equal to
/// those of a tantivy index of the catalogue (`index` + `impact::compute`,
/// which the command line's cache keeps) but several times cheaper.
pub fn export_catalogue(catalogue: &Catalogue) -> Vec<OutputFile> {
    let impacts = impact::from_terms(collect::collect(catalogue));
    export::files(catalogue, &impacts)
}

/// A result card as read back.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub field: String,
    pub year: i16,
    pub level: String,
    pub kind: String,
    pub unit: String,
    pub authors: Vec<String>,
}

/// The facet values as read back.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FacetValues {
    pub docs: usize,
    /// Facet → (slug, label) in column order.
    pub values: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

/// Reads exported search files (gzip) from a folder or from memory.
pub struct Files {
    dir: Option<PathBuf>,
    mem: HashMap<String, Vec<u8>>,
    /// `f/meta`, once read (filters name values by index).
    values: Option<FacetValues>,
}

impl Files {
    /// The `search-index` folder of a site or of the cache.
    pub fn dir(dir: &Path) -> Files {
        Files {
            dir: Some(dir.to_path_buf()),
            mem: HashMap::new(),
            values: None,
        }
    }

    /// Files as `export_catalogue` returned them.
    pub fn memory(files: &[OutputFile]) -> Files {
        let prefix = format!("{}/", export::DIR);
        let mem = files
            .iter()
            .filter_map(|f| match &f.content {
                Content::Bytes(b) => Some((f.path.strip_prefix(&prefix)?.to_string(), b.clone())),
                Content::CopyOf(_) => None,
            })
            .collect();
        Files {
            dir: None,
            mem,
            values: None,
        }
    }

    /// The uncompressed content of a file (`None` if absent).
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, SearchError> {
        let path = self.dir.as_ref().map(|d| d.join(rel));
        let gz = match &path {
            Some(p) => match std::fs::read(p) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(SearchError::Io(p.clone(), e)),
            },
            None => match self.mem.get(rel) {
                Some(b) => b.clone(),
                None => return Ok(None),
            },
        };
        let name = path.unwrap_or_else(|| PathBuf::from(rel));
        shard::gunzip(&gz)
            .map(Some)
            .map_err(|_| SearchError::Corrupt(name))
    }

    pub fn card(&self, doc: u32) -> Result<Card, SearchError> {
        let per = export::CARDS_PER_FILE as u32;
        let rel = format!("c/{}.gz", doc / per);
        let corrupt = || SearchError::Corrupt(rel.clone().into());
        let data = self.read(&rel)?.ok_or_else(corrupt)?;
        let mut cards: Vec<Card> = serde_json::from_slice(&data).map_err(|_| corrupt())?;
        let at = (doc % per) as usize;
        if at >= cards.len() {
            return Err(corrupt());
        }
        Ok(cards.swap_remove(at))
    }

    pub fn facet_values(&self) -> Result<FacetValues, SearchError> {
        let rel = "f/meta.gz";
        let data = self.read(rel)?.ok_or(SearchError::Corrupt(rel.into()))?;
        serde_json::from_slice(&data).map_err(|_| SearchError::Corrupt(rel.into()))
    }
}

impl query::Source for Files {
    fn shard(&mut self, key: &str) -> Option<shard::Shard> {
        let data = self
            .read(&format!("s/{}.gz", shard::shard_name(key)))
            .ok()??;
        shard::decode(&data)
    }

    fn id_shard(&mut self, key: &str) -> Option<shard::Shard> {
        let data = self
            .read(&format!("i/{}.gz", shard::shard_name(key)))
            .ok()??;
        shard::decode(&data)
    }

    fn facet(&mut self, name: &str) -> Option<Vec<u16>> {
        let data = self.read(&format!("f/{name}.gz")).ok()??;
        Some(
            data.chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect(),
        )
    }

    fn vocabulary(&mut self) -> Option<Vec<String>> {
        vocabulary::parse(&self.read(vocabulary::FILE).ok()??)
    }

    fn facet_set(&mut self, name: &str, value: u16) -> Option<Vec<u32>> {
        if self.values.is_none() {
            self.values = self.facet_values().ok();
        }
        let slug = &self
            .values
            .as_ref()?
            .values
            .get(name)?
            .get(value as usize)?
            .0;
        let data = self.read(&export::value_path(name, slug)).ok()??;
        shard::decode_value_set(&data).map(|(_, docs)| docs)
    }
}
