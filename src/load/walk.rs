//! Finding the catalogue's entry files and classifying each by its place
//! in the layout. Other files (images next to their entry, notes) are
//! assets or stray files: never read here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Kind, LoadError};
use crate::diag::{display_path, Diagnostic};
use crate::msg;

/// Entry files found: path relative to the root, and what they are.
pub type Found = Vec<(PathBuf, Kind)>;

const ROOT_FILES: [(&str, Kind); 3] = [
    ("site.yaml", Kind::Site),
    ("fields.yaml", Kind::Fields),
    ("districts.yaml", Kind::Districts),
];

/// The entry files of the catalogue at `root` (sorted by path), and the
/// problems with its layout.
pub fn find(root: &Path) -> Result<(Found, Vec<Diagnostic>), LoadError> {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    for (name, kind) in ROOT_FILES {
        // Not followed: a link or a pipe is found here and refused when
        // read (`read.rs`), never called missing.
        match std::fs::symlink_metadata(root.join(name)) {
            Ok(m) if m.is_dir() => diags.push(
                Diagnostic::error("not-a-file", name, msg!("not-a-file.folder"))
                    .with_hint(msg!("not-a-file.folder.hint", name = name)),
            ),
            Ok(_) => found.push((PathBuf::from(name), kind)),
            Err(_) => {
                let hint = match other_case(root, name) {
                    Some(wrong) => msg!("rename", from = wrong, to = name),
                    None => msg!("missing-file.hint"),
                };
                diags.push(
                    Diagnostic::error("missing-file", name, msg!("missing-file", name = name))
                        .with_hint(hint),
                )
            }
        }
    }
    // Year folders are listed in parallel: a large catalogue has tens of
    // thousands of initiatives spread over a few dozen years.
    let mut dirs: Vec<(PathBuf, Layout)> = Vec::new();
    for layout in [Layout::Units, Layout::Authors, Layout::Pages] {
        dirs.push((PathBuf::from(layout.folder()), layout));
    }
    let initiatives = root.join("initiatives");
    if initiatives.is_dir() {
        for entry in read_dir_sorted(&initiatives)? {
            let rel = Path::new("initiatives").join(entry.file_name());
            // A linked year folder is listed; files it leads out to are
            // refused when read.
            if entry.file_type().is_ok_and(|t| t.is_dir()) || entry.path().is_dir() {
                dirs.push((rel, Layout::Year));
            } else if is_entry_like(&rel) {
                diags.push(misplaced(&rel, Layout::Year));
            }
        }
    }
    let listed: Vec<_> = dirs
        .into_par_iter()
        .map(|(dir, layout)| list(root, &dir, layout))
        .collect::<Result<_, _>>()?;
    for (files, mut d) in listed {
        found.extend(files);
        diags.append(&mut d);
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((found, diags))
}

/// Where a folder sits in the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Units,
    Authors,
    Pages,
    /// `initiatives/<year>/`
    Year,
}

impl Layout {
    fn folder(self) -> &'static str {
        match self {
            Layout::Units => "units",
            Layout::Authors => "authors",
            Layout::Pages => "pages",
            Layout::Year => "initiatives",
        }
    }
    fn extension(self) -> &'static str {
        if self == Layout::Units {
            "yaml"
        } else {
            "md"
        }
    }
    /// The catalogue id of where this layout's entries live.
    fn hint(self) -> &'static str {
        match self {
            Layout::Year => "layout.year",
            Layout::Units => "layout.units",
            _ => "layout.entries",
        }
    }
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<std::fs::DirEntry>, LoadError> {
    let io = |error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.retain(|e| !e.file_name().to_string_lossy().starts_with('.'));
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// The entry files directly inside one folder (`rel`, relative to the
/// root). Sub-folders hold assets, unless they are named like an entry.
fn list(root: &Path, rel: &Path, layout: Layout) -> Result<(Found, Vec<Diagnostic>), LoadError> {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let dir = root.join(rel);
    if !dir.is_dir() {
        return Ok((found, diags));
    }
    let year = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for entry in read_dir_sorted(&dir)? {
        let path = rel.join(entry.file_name());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == layout.extension() {
            if is_dir {
                diags.push(
                    Diagnostic::error(
                        "not-a-file",
                        &path,
                        msg!("not-a-file.named-folder", ext = layout.extension()),
                    )
                    .with_hint(msg!("not-a-file.named-folder.hint")),
                );
                continue;
            }
            let kind = match layout {
                Layout::Units => Kind::Unit,
                Layout::Authors => Kind::Author,
                Layout::Pages => Kind::Page,
                Layout::Year => Kind::Initiative { year: year.clone() },
            };
            found.push((path, kind));
        } else if is_dir {
            misplaced_below(&dir, &path, layout, &mut diags);
        } else if ext.eq_ignore_ascii_case(layout.extension()) {
            diags.push(wrong_case(&path, layout.extension()));
        } else if is_entry_like(&path) {
            diags.push(misplaced(&path, layout));
        }
    }
    Ok((found, diags))
}

/// Warns about entry-like files in sub-folders (an asset folder may hold
/// anything else); they would otherwise be silently ignored.
fn misplaced_below(dir: &Path, rel: &Path, layout: Layout, diags: &mut Vec<Diagnostic>) {
    let sub = dir.join(rel.file_name().unwrap_or_default());
    let walker = walkdir::WalkDir::new(&sub)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.flatten() {
        let inner = entry.path().strip_prefix(&sub).unwrap_or(entry.path());
        let path = rel.join(inner);
        if entry.file_type().is_file() && is_entry_like(&path) {
            diags.push(misplaced(&path, layout));
        }
    }
}

fn is_entry_like(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "md" | "yaml" | "yml" | "markdown")
}

/// A root file's name written with other capitals (`Site.yaml`), if one
/// is there.
fn other_case(root: &Path, name: &str) -> Option<String> {
    std::fs::read_dir(root)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n != name && n.eq_ignore_ascii_case(name))
}

/// `x.MD`: an entry but for the extension's case, which the layout (and
/// a case-sensitive disk) does not read as one.
fn wrong_case(path: &Path, ext: &str) -> Diagnostic {
    let right = path.with_extension(ext);
    Diagnostic::warning(
        "misplaced-file",
        path,
        msg!("misplaced-file.case", path = display_path(path), ext = ext),
    )
    .with_hint(msg!("rename-it", to = display_path(&right)))
}

fn misplaced(path: &Path, layout: Layout) -> Diagnostic {
    let where_ = crate::messages::Message::new(layout.hint());
    let hint = if path.extension().is_some_and(|e| e == "yml") {
        msg!("layout.yml", layout = where_)
    } else {
        where_
    };
    Diagnostic::warning(
        "misplaced-file",
        path,
        msg!("misplaced-file", path = display_path(path)),
    )
    .with_hint(hint)
}
