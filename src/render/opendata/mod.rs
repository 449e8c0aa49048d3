//! Open data at `/du-lieu/`: the public catalogue as CSV (one row per
//! entry, lists joined by `; `) and JSON, with a Frictionless Data
//! Package describing each CSV by a Table Schema. Everything comes from
//! `model::Catalogue`, which holds no private data; an author's position
//! and qualification exist there only with consent.

mod package;
mod tables;

pub use package::{datapackage, licence};
pub use tables::{resources, Column, Resource};

use crate::model::Catalogue;

/// The files under `/du-lieu/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum File {
    Initiatives,
    InitiativesJson,
    Authors,
    Units,
    Package,
}

impl File {
    pub const ALL: [File; 5] = [
        File::Initiatives,
        File::InitiativesJson,
        File::Authors,
        File::Units,
        File::Package,
    ];

    pub fn name(self) -> &'static str {
        match self {
            File::Initiatives => "sang-kien.csv",
            File::InitiativesJson => "sang-kien.json",
            File::Authors => "tac-gia.csv",
            File::Units => "don-vi.csv",
            File::Package => "datapackage.json",
        }
    }

    /// The site path of the file.
    pub fn path(self) -> String {
        format!("/du-lieu/{}", self.name())
    }
}

/// The bytes of one file.
pub fn bytes(c: &Catalogue, f: File) -> Vec<u8> {
    match f {
        File::Package => pretty(&datapackage(c)),
        File::InitiativesJson => {
            let text = serde_json::to_string(&tables::initiatives_json(c)).unwrap_or_default();
            format!("{}\n", inert(&text)).into_bytes()
        }
        _ => resources(c)
            .into_iter()
            .find(|r| r.file == f)
            .map(|r| r.csv())
            .unwrap_or_default(),
    }
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    format!("{}\n", inert(&text)).into_bytes()
}

/// JSON with `<` escaped (`\u003c`, the same value), so that no file of
/// the site holds markup a browser could run if it sniffed the type.
fn inert(json: &str) -> String {
    json.replace('<', "\\u003c")
}
