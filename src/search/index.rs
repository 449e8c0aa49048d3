//! The tantivy index of the public catalogue: one document an initiative,
//! one pair of text fields (folded, exact) for each weighted part of it.

use std::path::Path;

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::analyzer::{Keys, VietnameseTokenizer};
use crate::model::{Catalogue, Initiative};

/// A weighted part of an initiative.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    pub name: &'static str,
    /// BM25 field weight (see the module docs of `search`).
    pub weight: f32,
    /// Pairs of adjacent syllables are indexed too.
    pub bigrams: bool,
    /// An exact-diacritic twin field is indexed too.
    pub exact: bool,
    /// A heading part (title, authors, tags): a word found there ranks
    /// above the same word found only in other parts (`impact`).
    pub heading: bool,
}

/// The parts, in schema order. The body is the bulk of the text: it gets
/// no pairs, which keeps indexing fast; it gets exact keys, since a word
/// typed with diacritics must match its spelling wherever it is.
pub const PARTS: [Part; 6] = [
    part("title", 3.0, true, HEADING),
    part("authors", 3.0, true, HEADING),
    part("tags", 2.0, true, HEADING),
    part("summary", 1.5, true, OTHER),
    part("unit", 1.5, true, OTHER),
    part("body", 1.0, false, OTHER),
];

const HEADING: bool = true;
const OTHER: bool = false;

/// Every part has an exact twin: a word typed with diacritics must match
/// its spelling wherever it is.
const fn part(name: &'static str, weight: f32, bigrams: bool, heading: bool) -> Part {
    Part {
        name,
        weight,
        bigrams,
        exact: true,
        heading,
    }
}

/// The schema's fields.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Folded field of each part, in `PARTS` order.
    pub folded: Vec<Field>,
    /// Exact field of each part that has one: (part index, field).
    pub exact: Vec<(usize, Field)>,
    /// The initiative's position in `Catalogue::initiatives`.
    pub ord: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |keys: Keys| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(keys.name())
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(true),
        )
    };
    let mut folded = Vec::new();
    let mut exact = Vec::new();
    for (n, p) in PARTS.iter().enumerate() {
        let keys = if p.bigrams {
            Keys::FoldedWithBigrams
        } else {
            Keys::Folded
        };
        folded.push(b.add_text_field(p.name, text(keys)));
        if p.exact {
            let name = format!("{}_exact", p.name);
            exact.push((n, b.add_text_field(&name, text(Keys::Exact))));
        }
    }
    let ord = b.add_u64_field("ord", FAST | INDEXED);
    (b.build(), Fields { folded, exact, ord })
}

fn register(index: &Index) {
    for keys in [Keys::Folded, Keys::FoldedWithBigrams, Keys::Exact] {
        index
            .tokenizers()
            .register(keys.name(), TextAnalyzer::from(VietnameseTokenizer(keys)));
    }
}

/// Indexes the catalogue in memory (for the site build).
pub fn build_in_ram(catalogue: &Catalogue) -> tantivy::Result<(Index, Fields)> {
    let (schema, fields) = schema();
    let index = Index::create_in_ram(schema);
    fill(&index, &fields, catalogue)?;
    Ok((index, fields))
}

/// Indexes the catalogue into `dir` (for the command line's cache).
pub fn build_in_dir(catalogue: &Catalogue, dir: &Path) -> tantivy::Result<(Index, Fields)> {
    let (schema, fields) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    fill(&index, &fields, catalogue)?;
    Ok((index, fields))
}

fn fill(index: &Index, fields: &Fields, catalogue: &Catalogue) -> tantivy::Result<()> {
    register(index);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, threads * 120_000_000)?;
    for (ord, initiative) in catalogue.initiatives.iter().enumerate() {
        writer.add_document(document(fields, catalogue, initiative, ord as u64))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// The texts of each part of an initiative (several values a part are
/// indexed separately, so no pair spans two of them).
pub fn part_texts<'a>(catalogue: &'a Catalogue, i: &'a Initiative) -> [Vec<&'a str>; 6] {
    let unit = catalogue.unit(&i.unit);
    let district = unit
        .and_then(|u| u.district.as_deref())
        .and_then(|d| catalogue.district(d));
    let mut unit_texts = Vec::new();
    if let Some(u) = unit {
        unit_texts.push(u.name.as_str());
        unit_texts.extend(u.short_name.as_deref());
    }
    unit_texts.extend(district.map(|d| d.name.as_str()));
    let authors = i
        .authors
        .iter()
        .filter_map(|a| catalogue.author(&a.author))
        .map(|a| a.name.as_str())
        .collect();
    let mut summary = vec![i.summary.as_str()];
    summary.extend(i.benefits.as_ref().and_then(|b| b.summary.as_deref()));
    let mut body = vec![
        i.body.as_str(),
        i.id.as_str(),
        i.recognition.decision.as_str(),
    ];
    body.extend(catalogue.field(&i.field).map(|f| f.name.as_str()));
    body.extend(i.events.iter().map(|e| e.name.as_str()));
    [
        vec![i.title.as_str()],
        authors,
        i.tags.iter().map(String::as_str).collect(),
        summary,
        unit_texts,
        body,
    ]
}

fn document(fields: &Fields, c: &Catalogue, i: &Initiative, ord: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let texts = part_texts(c, i);
    for (n, values) in texts.iter().enumerate() {
        for v in values {
            doc.add_text(fields.folded[n], v);
        }
    }
    for &(n, field) in &fields.exact {
        for v in &texts[n] {
            doc.add_text(field, v);
        }
    }
    doc.add_u64(fields.ord, ord);
    doc
}
