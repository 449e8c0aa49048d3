//! Stage 1, load: find the catalogue's files, read them in parallel and
//! normalise their text (BOM, CRLF, NFC) before anything else sees it.
//!
//! Entry point: [`load`]. Problems with single files are diagnostics;
//! only a catalogue that cannot be read at all is a [`LoadError`].

mod frontmatter;
mod read;
mod text;
mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::msg;
pub use frontmatter::split_front_matter;
pub use read::MAX_ENTRY_BYTES;
pub use text::{find_controls, line_column};

/// What a file is, decided by where it sits in the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Site,
    Fields,
    Districts,
    Unit,
    Author,
    /// `initiatives/<year>/<slug>.md`; `year` is the folder name as written.
    Initiative {
        year: String,
    },
    Page,
}

/// One catalogue file, its text normalised, split into YAML and body.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the catalogue root.
    pub path: PathBuf,
    pub kind: Kind,
    /// The file name without its extension: the entry's identity.
    pub slug: String,
    pub text: String,
    /// Byte range of the YAML inside `text` (the front matter, or all of it).
    pub yaml: std::ops::Range<usize>,
    /// 1-based line of the first YAML line.
    pub yaml_line: u32,
    /// Byte range of the Markdown body (empty for `.yaml` files).
    pub body: std::ops::Range<usize>,
    pub body_line: u32,
}

impl SourceFile {
    pub fn yaml_text(&self) -> &str {
        &self.text[self.yaml.clone()]
    }
    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }
}

/// The catalogue as read from disk.
#[derive(Debug)]
pub struct Loaded {
    /// Canonical absolute path of the catalogue folder.
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    /// How many entry files the layout holds, read or not (a file that
    /// could not be read is a diagnostic, not one of `files`).
    pub found: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The catalogue could not be read at all (exit code 2 for `check`).
#[derive(Debug)]
pub enum LoadError {
    NoSuchFolder(PathBuf),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoSuchFolder(p) => {
                let m = msg!("load.no-folder", path = p.display().to_string());
                f.write_str(&m.text())
            }
            LoadError::Io { path, error } => {
                let m = msg!(
                    "load.io",
                    path = path.display().to_string(),
                    detail = error.to_string()
                );
                f.write_str(&m.text())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads the catalogue at `dir`.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::NoSuchFolder(dir.to_path_buf()));
    }
    let root = dir.canonicalize().map_err(|error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    let (found, mut diagnostics) = walk::find(&root)?;
    let count = found.len();
    let results: Vec<Result<SourceFile, Diagnostic>> = found
        .into_par_iter()
        .map(|(rel, kind)| read_file(&root, rel, kind))
        .collect::<Result<_, _>>()?;
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    Ok(Loaded {
        root,
        files,
        found: count,
        diagnostics,
    })
}

/// Reads one file (also used by `serve` after an edit). The inner `Err`
/// is a diagnostic about the file (not a regular file inside the
/// catalogue, too large, not UTF-8, empty, no front matter); the outer
/// one means it could not be read at all.
pub fn read_file(
    root: &Path,
    rel: PathBuf,
    kind: Kind,
) -> Result<Result<SourceFile, Diagnostic>, LoadError> {
    let bytes = match read::read_bytes(root, &rel)? {
        Ok(bytes) => bytes,
        Err(d) => return Ok(Err(d)),
    };
    let text = match text::decode(bytes) {
        Ok(text) => text,
        Err((line, column)) => {
            return Ok(Err(Diagnostic::error("not-utf8", rel, msg!("not-utf8"))
                .at(line, column)
                .with_hint(msg!("not-utf8.hint"))));
        }
    };
    if text.trim().is_empty() {
        return Ok(Err(Diagnostic::error(
            "empty-file",
            rel,
            msg!("empty-file"),
        )
        .at_line(1)
        .with_hint(empty_hint(&kind))));
    }
    let slug = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_yaml = matches!(
        kind,
        Kind::Site | Kind::Fields | Kind::Districts | Kind::Unit
    );
    let (yaml, yaml_line, body, body_line) = if is_yaml {
        (0..text.len(), 1, text.len()..text.len(), 1)
    } else {
        match split_front_matter(&text) {
            Ok(parts) => parts,
            Err((line, message)) => {
                return Ok(Err(Diagnostic::error("front-matter", rel, message)
                    .at_line(line)
                    .with_hint(msg!("front-matter.hint"))));
            }
        }
    };
    // A NUL in Markdown stands for U+FFFD (CommonMark, 2.3); in the YAML
    // it stays, for `validate` to refuse at its line.
    let (text, body) = if text[body.clone()].contains('\0') {
        let mut fixed = text[..body.start].to_string();
        fixed.push_str(&text[body.clone()].replace('\0', "\u{fffd}"));
        let len = fixed.len();
        (fixed, body.start..len)
    } else {
        (text, body)
    };
    Ok(Ok(SourceFile {
        path: rel,
        kind,
        slug,
        text,
        yaml,
        yaml_line,
        body,
        body_line,
    }))
}

fn empty_hint(kind: &Kind) -> crate::messages::Message {
    match kind {
        Kind::Site => msg!("empty-file.site"),
        Kind::Fields | Kind::Districts => msg!("empty-file.list"),
        Kind::Unit => msg!("empty-file.unit"),
        _ => msg!("empty-file.entry"),
    }
}
