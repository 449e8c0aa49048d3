//! Stage 1, load: find the catalogue's files, read them in parallel and
//! normalise their text (BOM, CRLF, NFC) before anything else sees it.
//!
//! Entry point: [`load`]. Problems with single files are diagnostics;
//! only a catalogue that cannot be read at all is a [`LoadError`].

mod frontmatter;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{display_path, Diagnostic};
pub use frontmatter::split_front_matter;

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
            LoadError::NoSuchFolder(p) => write!(f, "no catalogue folder at {}", p.display()),
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for LoadError {}

const ROOT_FILES: [(&str, Kind); 3] = [
    ("site.yaml", Kind::Site),
    ("fields.yaml", Kind::Fields),
    ("districts.yaml", Kind::Districts),
];

/// Reads the catalogue at `dir`.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::NoSuchFolder(dir.to_path_buf()));
    }
    let root = dir.canonicalize().map_err(|error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    let mut diagnostics = Vec::new();
    let mut found: Vec<(PathBuf, Kind)> = Vec::new();

    for (name, kind) in ROOT_FILES {
        let path = root.join(name);
        if path.is_file() {
            found.push((PathBuf::from(name), kind));
        } else if path.is_dir() {
            diagnostics.push(Diagnostic::error(
                "not-a-file",
                name,
                "expected a file, found a folder",
            ));
        } else {
            diagnostics.push(
                Diagnostic::error(
                    "missing-file",
                    name,
                    format!("the catalogue has no `{name}`"),
                )
                .with_hint(
                    "every catalogue needs site.yaml, fields.yaml and districts.yaml at its root",
                ),
            );
        }
    }
    for folder in ["units", "authors", "initiatives", "pages"] {
        walk_folder(&root, folder, &mut found, &mut diagnostics)?;
    }

    let results: Vec<Result<Option<SourceFile>, Diagnostic>> = found
        .into_par_iter()
        .map(|(rel, kind)| read_file(&root, rel, kind))
        .collect::<Result<_, _>>()?;
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(d) => diagnostics.push(d),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Loaded {
        root,
        files,
        diagnostics,
    })
}

/// Collects the entry files of one content folder, classifying each by
/// its place in the layout. Other files there are assets (images next to
/// their entry), so they are left alone.
fn walk_folder(
    root: &Path,
    folder: &str,
    found: &mut Vec<(PathBuf, Kind)>,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), LoadError> {
    let dir = root.join(folder);
    if !dir.exists() {
        return Ok(());
    }
    let walker = WalkDir::new(&dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| LoadError::Io {
            path: e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.clone()),
            error: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = parts.last().cloned().unwrap_or_default();
        let ext = Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        let entry_ext = if folder == "units" { "yaml" } else { "md" };
        let expected_depth = if folder == "initiatives" { 3 } else { 2 };
        let is_dir = entry.file_type().is_dir();

        if ext == entry_ext && parts.len() == expected_depth {
            if is_dir {
                diags.push(Diagnostic::error(
                    "not-a-file",
                    &rel,
                    format!("expected a `.{entry_ext}` file, found a folder with that name"),
                ));
                continue;
            }
            let kind = match folder {
                "units" => Kind::Unit,
                "authors" => Kind::Author,
                "pages" => Kind::Page,
                _ => Kind::Initiative {
                    year: parts[1].clone(),
                },
            };
            found.push((rel, kind));
        } else if !is_dir && (ext == "md" || ext == "yaml" || ext == "yml") {
            let hint = match folder {
                "initiatives" => "initiatives live in `initiatives/<year>/<slug>.md`",
                "units" => "units live in `units/<slug>.yaml`",
                _ => "entries here are `<slug>.md` files directly in the folder",
            };
            diags.push(
                Diagnostic::warning(
                    "misplaced-file",
                    &rel,
                    format!(
                        "`{}` is not read: it is not where the layout expects entries",
                        display_path(&rel)
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    Ok(())
}

/// Reads one file. `Err` is a diagnostic about the file (not UTF-8,
/// empty, no front matter); `Ok(None)` is never produced today but keeps
/// room for files that are deliberately skipped.
fn read_file(
    root: &Path,
    rel: PathBuf,
    kind: Kind,
) -> Result<Result<Option<SourceFile>, Diagnostic>, LoadError> {
    let bytes = std::fs::read(root.join(&rel)).map_err(|error| LoadError::Io {
        path: rel.clone(),
        error,
    })?;
    let raw = match std::str::from_utf8(&bytes) {
        Ok(s) => s,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            return Ok(Err(Diagnostic::error(
                "not-utf8",
                rel,
                "the file is not valid UTF-8 text",
            )
            .at_line(line)
            .with_hint(
                "save it as UTF-8 (in VS Code: “Save with Encoding” → UTF-8)",
            )));
        }
    };
    let text = crate::text::normalize(raw).into_owned();
    if text.trim().is_empty() {
        return Ok(Err(Diagnostic::error(
            "empty-file",
            rel,
            "the file is empty",
        )
        .at_line(1)));
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
                    .with_hint("an entry starts with a `---` line, then YAML keys, then a closing `---` line")));
            }
        }
    };
    Ok(Ok(Some(SourceFile {
        path: rel,
        kind,
        slug,
        text,
        yaml,
        yaml_line,
        body,
        body_line,
    })))
}
