//! What each page of the plan is made from, as one hash: two renders of a
//! page with the same inputs give the same bytes, so `build` keeps the
//! page of the previous site and `serve` does not render it again.
//!
//! A page's inputs are the site-wide ones — the program itself (a hash
//! of its executable, so a new sangkien renders everything once), the
//! theme's templates, the catalogue without its initiatives, the plan's
//! shape (every page's path, kind and the initiatives it shows) and, when
//! a template reads `build_date`, the build date — and the whole data of
//! each initiative it shows. Everything is hashed through the types'
//! `Debug` form, so a field added to the model is an input without
//! anyone listing it. Pages about the whole catalogue (home, statistics,
//! feeds, sitemaps, the indexes of authors and units) have no fingerprint
//! and are always rendered, as are the files copied or converted from
//! the catalogue and the theme (the write stage compares their bytes).
//!
//! The rule this relies on: a page reads only the site-wide inputs and
//! the initiatives of its `shows` (`plan.rs`). The test that holds it
//! builds over a previous site after many kinds of edit and compares with
//! a fresh build (`tests/it/build/incremental.rs`).

use std::fmt::Write as _;
use std::sync::OnceLock;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::{Page, PageKind, Theme};
use crate::model::Catalogue;

/// Each page's input fingerprint, in plan order; `None`: always rendered.
pub fn inputs(c: &Catalogue, theme: &Theme, plan: &[Page]) -> Vec<Option<u128>> {
    let Some(program) = program() else {
        return vec![None; plan.len()];
    };
    let initiatives: Vec<u128> = c.initiatives.par_iter().map(debug_hash).collect();
    let mut site = Hasher::new();
    site.add(&program.to_le_bytes());
    for (name, source) in theme.templates() {
        site.add(name.as_bytes());
        site.add(source.as_bytes());
    }
    let _ = write!(
        site,
        "{:?}{:?}{:?}{:?}{:?}{:?}",
        c.site, c.fields, c.districts, c.units, c.authors, c.pages
    );
    if theme.templates().any(|(_, t)| t.contains("build_date")) {
        let _ = write!(site, "{}", c.today);
    }
    for p in plan {
        let _ = write!(site, "{}\0{:?}\0{:?}\0", p.path, p.kind, p.shows);
    }
    let site = site.finish();
    plan.par_iter()
        .map(|p| {
            if always_rendered(&p.kind) {
                return None;
            }
            let mut h = Hasher::new();
            h.add(&site.to_le_bytes());
            h.add(p.path.as_bytes());
            for &i in &p.shows {
                h.add(&initiatives.get(i)?.to_le_bytes());
            }
            Some(h.finish())
        })
        .collect()
}

/// Pages rendered at every build: those about the whole catalogue, and
/// files made from other files.
pub fn always_rendered(kind: &PageKind) -> bool {
    (kind.is_global() && !matches!(kind, PageKind::List { .. }))
        || matches!(
            kind,
            PageKind::ThemeFile(_) | PageKind::Asset(_) | PageKind::RootFile(_)
        )
}

/// The running program's executable, hashed once; `None` when it cannot
/// be read (then every page is rendered).
fn program() -> Option<u128> {
    static PROGRAM: OnceLock<Option<u128>> = OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let bytes = std::fs::read(exe).ok()?;
        Some(xxhash_rust::xxh3::xxh3_128(&bytes))
    })
}

fn debug_hash<T: std::fmt::Debug>(value: &T) -> u128 {
    let mut h = Hasher::new();
    let _ = write!(h, "{value:?}");
    h.finish()
}

/// xxh3-128 fed through `fmt::Write`, so `Debug` output is hashed without
/// being collected into a string.
struct Hasher(Xxh3);

impl Hasher {
    fn new() -> Hasher {
        Hasher(Xxh3::new())
    }

    fn add(&mut self, bytes: &[u8]) {
        // Lengths first, so that two inputs cannot run into each other.
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

impl std::fmt::Write for Hasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}
