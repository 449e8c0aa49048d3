//! Stage 2, validate: turn the loaded files into typed entries, checking
//! every rule of the content model and reporting every problem at once.
//!
//! Entry point: [`validate`]. Private data is checked for shape here and
//! dropped: no type this stage returns can hold it (see `model`).

mod asset;
mod author;
mod ctx;
mod duplicate;
mod entries;
mod initiative;
mod locate;
mod markdown;
mod outcomes;
mod placeholder;
mod read;
mod refs;
mod succession;
mod suggest;
mod yaml_guard;

use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

pub use ctx::closest;
pub use initiative::{KEYS as INITIATIVE_KEYS, REQUIRED as INITIATIVE_REQUIRED};
pub use locate::Locator;
pub use placeholder::{PLACEHOLDER_DECISION, PLACEHOLDER_SUMMARY, PLACEHOLDER_TEXT};
pub use read::parse_date;

use crate::diag::Diagnostic;
use crate::load::{Kind, Loaded, SourceFile};
pub use crate::model::Validated;
use crate::model::{Author, District, Field, Initiative, Page, Site, Unit};
use crate::msg;
use ctx::{Ctx, Ref};

#[derive(Clone)]
enum Parsed {
    Site(Site),
    Fields(Vec<Field>),
    Districts(Vec<District>),
    Unit(Unit),
    Author(Author),
    Initiative(Box<Initiative>),
    Page(Page),
    Invalid,
}

/// What one file yielded: its entry, its problems and its references.
/// `serve` keeps these between edits and re-validates only the files
/// that changed ([`validate_file`], then [`combine`]).
#[derive(Clone)]
pub struct FileResult {
    parsed: Parsed,
    diags: Vec<Diagnostic>,
    refs: Vec<Ref>,
}

/// Validates a loaded catalogue. `today` decides what "in the future"
/// means. Diagnostics come back sorted by file and line; the caller
/// decides whether errors stop the build.
pub fn validate(loaded: &Loaded, today: Date) -> (Validated, Vec<Diagnostic>) {
    let results: Vec<FileResult> = loaded
        .files
        .par_iter()
        .map(|file| validate_file(file, &loaded.root, today))
        .collect();
    combine(loaded, results, today)
}

/// Assembles the results of every file (one per `loaded.files`, in the
/// same order) and runs the rules that span files.
pub fn combine(
    loaded: &Loaded,
    results: Vec<FileResult>,
    today: Date,
) -> (Validated, Vec<Diagnostic>) {
    let mut diagnostics = loaded.diagnostics.clone();
    let mut refs = Vec::with_capacity(results.len());
    let mut v = Validated::default();
    // Sized up front: growing a vector of large entries copies them all.
    let count = |f: fn(&Kind) -> bool| loaded.files.iter().filter(|x| f(&x.kind)).count();
    v.initiatives
        .reserve_exact(count(|k| matches!(k, Kind::Initiative { .. })));
    v.authors.reserve_exact(count(|k| *k == Kind::Author));
    v.units.reserve_exact(count(|k| *k == Kind::Unit));
    let mut failed = Vec::new();
    for (index, r) in results.into_iter().enumerate() {
        diagnostics.extend(r.diags);
        if matches!(r.parsed, Parsed::Invalid) {
            failed.push(index);
        }
        refs.push((index, r.refs));
        match r.parsed {
            Parsed::Site(s) => v.site = Some(s),
            Parsed::Fields(f) => v.fields = f,
            Parsed::Districts(d) => v.districts = d,
            Parsed::Unit(u) => v.units.push(u),
            Parsed::Author(a) => v.authors.push(a),
            Parsed::Initiative(i) => v.initiatives.push(*i),
            Parsed::Page(p) => v.pages.push(p),
            Parsed::Invalid => {}
        }
    }
    refs::check(loaded, &v, refs, &failed, today, &mut diagnostics);
    succession::check(loaded, &v, today, &mut diagnostics);
    crate::diag::sort(&mut diagnostics);
    (v, diagnostics)
}

impl FileResult {
    /// The initiative the file yielded, if it read as one.
    pub fn initiative(&self) -> Option<&Initiative> {
        match &self.parsed {
            Parsed::Initiative(i) => Some(i),
            _ => None,
        }
    }

    /// Whether `other` (the same file, edited) gives the rules that span
    /// files the same facts, so that their verdict stands.
    pub fn same_cross_file_facts(&self, other: &FileResult) -> bool {
        refs::same_facts(
            (&self.refs, self.initiative()),
            (&other.refs, other.initiative()),
        )
    }

    /// The file's own problems (the rules that span files are not run).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diags
    }
}

/// Validates one file alone (the rules that span files run in [`combine`]).
pub fn validate_file(file: &SourceFile, root: &Path, today: Date) -> FileResult {
    let mut ctx = Ctx::new(file, root, today);
    let parsed = parse_entry(&mut ctx).unwrap_or(Parsed::Invalid);
    if matches!(
        file.kind,
        Kind::Author | Kind::Initiative { .. } | Kind::Page
    ) {
        ctx.diags.extend(markdown::nesting(file));
    }
    ctx.diags.extend(ctx.unreported_summary());
    FileResult {
        parsed,
        diags: ctx.diags,
        refs: ctx.refs,
    }
}

fn parse_entry(ctx: &mut Ctx) -> Option<Parsed> {
    let file = ctx.file;
    let has_slug = !matches!(file.kind, Kind::Site | Kind::Fields | Kind::Districts);
    if has_slug && !crate::text::is_slug(&file.slug) {
        ctx.diags.push(
            Diagnostic::error("slug", &file.path, msg!("slug.file", name = &file.slug))
                .at_line(1)
                .with_hint(entries::rename_hint(file)),
        );
    }
    ctx.check_body();
    let value = ctx.parse_yaml()?;
    Some(match &file.kind {
        Kind::Site => Parsed::Site(entries::site(ctx, &value)?),
        Kind::Fields => Parsed::Fields(entries::fields(ctx, &value)),
        Kind::Districts => Parsed::Districts(entries::districts(ctx, &value)),
        Kind::Unit => Parsed::Unit(entries::unit(ctx, &value)?),
        Kind::Author => Parsed::Author(author::author(ctx, &value)?),
        Kind::Initiative { year } => {
            Parsed::Initiative(Box::new(initiative::initiative(ctx, &value, year)?))
        }
        Kind::Page => Parsed::Page(entries::page(ctx, &value)?),
    })
}
