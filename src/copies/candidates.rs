//! Candidates for the precise comparison: a tantivy index of every
//! initiative's text, asked "more like this" for one text. On disk in the
//! cache folder, so a check only adds the entries that changed; in memory
//! when the catalogue has no git folder.
//!
//! Nothing is ever deleted: tantivy 0.27's more-like-this computes its
//! weights with the live document count but a term frequency that still
//! counts deleted documents, and panics when they cross. Older versions
//! of an entry stay in the index and are skipped (the caller compares
//! the current texts); the index is rebuilt when they grow too many.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::MoreLikeThisQuery;
use tantivy::schema::{Field, OwnedValue, Schema, Value, STORED, STRING, TEXT};
use tantivy::{Index, IndexWriter, Searcher, TantivyDocument};

/// How many similar entries the precise comparison looks at.
pub const TOP: usize = 8;

pub struct Candidates {
    index: Index,
    path: Field,
    text: Field,
}

fn schema() -> (Schema, Field, Field) {
    let mut b = Schema::builder();
    let path = b.add_text_field("path", STRING | STORED);
    let text = b.add_text_field("text", TEXT);
    (b.build(), path, text)
}

impl Candidates {
    /// The index in `dir` (created, or emptied when `fresh`), else in memory.
    pub fn open(dir: Option<&Path>, fresh: bool) -> Candidates {
        let (schema, path, text) = schema();
        let on_disk = dir.and_then(|d| {
            if fresh {
                let _ = std::fs::remove_dir_all(d);
            }
            std::fs::create_dir_all(d).ok()?;
            let mmap = tantivy::directory::MmapDirectory::open(d).ok()?;
            Index::open_or_create(mmap, schema.clone()).ok()
        });
        let index = on_disk.unwrap_or_else(|| Index::create_in_ram(schema));
        Candidates { index, path, text }
    }

    /// Adds the entries `add` (path, text).
    pub fn add(&self, add: &[(&str, String)]) -> tantivy::Result<()> {
        if add.is_empty() {
            return Ok(());
        }
        let threads = if add.len() > 1000 { 2 } else { 1 };
        let mut w: IndexWriter = self
            .index
            .writer_with_num_threads(threads, threads * 40_000_000)?;
        for (p, t) in add {
            let mut doc = TantivyDocument::default();
            doc.add_text(self.path, p);
            doc.add_text(self.text, t);
            w.add_document(doc)?;
        }
        w.commit()?;
        Ok(())
    }

    pub fn searcher(&self) -> tantivy::Result<Searcher> {
        Ok(self.index.reader()?.searcher())
    }

    /// The paths of the entries most like `text` (itself included).
    pub fn like(&self, searcher: &Searcher, text: &str) -> tantivy::Result<Vec<String>> {
        let q = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(40)
            .with_document_fields(vec![(self.text, vec![OwnedValue::Str(text.to_string())])]);
        // Room for the entry itself and older versions of entries.
        let top = searcher.search(&q, &TopDocs::with_limit(TOP + 4).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(p) = doc.get_first(self.path).and_then(|v| v.as_str()) {
                if !out.iter().any(|x| x == p) {
                    out.push(p.to_string());
                }
            }
        }
        Ok(out)
    }
}
