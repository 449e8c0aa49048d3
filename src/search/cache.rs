//! The command line's search cache: `.sangkien-cache/search/` next to the
//! catalogue folder, holding the tantivy index and the exported search
//! files of the catalogue, and the fingerprint of the catalogue they were
//! made from (its file list with sizes and modification times). A changed
//! fingerprint rebuilds both.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::{export, impact, index, Files, SearchError};
use crate::model::{Catalogue, Publish};
use crate::write::Content;

/// The cache folder of a catalogue.
pub fn dir_for(catalogue: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(catalogue).unwrap_or_else(|_| catalogue.to_path_buf());
    let parent = abs.parent().map(Path::to_path_buf).unwrap_or(abs.clone());
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "catalogue".into());
    parent.join(".sangkien-cache").join("search").join(name)
}

/// What the search reads: the settings files and these folders (not
/// `media/`, which can be large and does not change the index).
const SOURCES: [&str; 7] = [
    "site.yaml",
    "fields.yaml",
    "districts.yaml",
    "units",
    "authors",
    "initiatives",
    "pages",
];

/// The catalogue's fingerprint: the name, size and mtime of every file the
/// search reads. It runs before every search (a 50,000-entry catalogue has
/// over 60,000 files), so folders are read in parallel and sizes come from
/// `fstatat` on each folder's entries.
pub fn fingerprint(catalogue: &Path) -> Result<String, SearchError> {
    use rayon::prelude::*;
    let mut stamps = SOURCES
        .par_iter()
        .map(|s| scan(&catalogue.join(s)))
        .collect::<Result<Vec<_>, SearchError>>()?
        .concat();
    stamps.sort_unstable();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    stamps.hash(&mut h);
    Ok(format!("{:016x}", h.finish()))
}

fn stamp_of(meta: &std::fs::Metadata) -> (u64, u128) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (meta.len(), mtime)
}

/// The hashes of one source: a file, or a folder's files and (in
/// parallel, nested) its subfolders'.
fn scan(path: &Path) -> Result<Vec<(PathBuf, u64)>, SearchError> {
    use rayon::prelude::*;
    let io = |e| SearchError::Io(path.to_path_buf(), e);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(e)),
    };
    if !meta.is_dir() {
        stamp_of(&meta).hash(&mut h);
        return Ok(vec![(path.to_path_buf(), h.finish())]);
    }
    let mut entries = Vec::new();
    let mut subdirs = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let meta = entry.metadata().map_err(io)?;
        if meta.is_dir() {
            subdirs.push(entry.path());
        } else {
            entries.push((entry.file_name(), stamp_of(&meta)));
        }
    }
    entries.sort_unstable();
    entries.hash(&mut h);
    let mut out = subdirs
        .par_iter()
        .map(|d| scan(d))
        .collect::<Result<Vec<_>, SearchError>>()?
        .concat();
    out.push((path.to_path_buf(), h.finish()));
    Ok(out)
}

/// Opens the cache of a catalogue, rebuilding it if the catalogue changed.
/// Returns the exported files and whether it was rebuilt.
pub fn open(catalogue: &Path, today: jiff::civil::Date) -> Result<(Files, bool), SearchError> {
    let dir = dir_for(catalogue);
    let stamp_path = dir.join("fingerprint");
    let print = fingerprint(catalogue)?;
    let files_dir = dir.join(export::DIR);
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == print) {
        return Ok((Files::dir(&files_dir), false));
    }
    let checked = crate::check::check(catalogue, today).map_err(|e| {
        SearchError::Io(
            catalogue.to_path_buf(),
            std::io::Error::other(e.to_string()),
        )
    })?;
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        return Err(SearchError::Catalogue(catalogue.to_path_buf(), errors));
    }
    let publish = Publish {
        drafts: false,
        today,
    };
    let cat = Catalogue::build(checked.validated, publish)
        .ok_or(SearchError::Catalogue(catalogue.to_path_buf(), 1))?;
    // Built aside and swapped in, so that a search running meanwhile
    // never reads a half-written cache.
    let io = |p: &Path, e| SearchError::Io(p.to_path_buf(), e);
    let fresh = dir.with_extension(format!("new-{}", std::process::id()));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(|e| io(&fresh, e))?;
    }
    rebuild(&fresh, &cat)?;
    let stamp = fresh.join("fingerprint");
    std::fs::write(&stamp, &print).map_err(|e| io(&stamp, e))?;
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
    }
    std::fs::rename(&fresh, &dir).map_err(|e| io(&dir, e))?;
    Ok((Files::dir(&files_dir), true))
}

fn rebuild(dir: &Path, cat: &Catalogue) -> Result<(), SearchError> {
    let io = |p: &Path, e| SearchError::Io(p.to_path_buf(), e);
    let tantivy_dir = dir.join("tantivy");
    std::fs::create_dir_all(&tantivy_dir).map_err(|e| io(&tantivy_dir, e))?;
    let (idx, fields) = index::build_in_dir(cat, &tantivy_dir)?;
    let impacts = impact::compute(&idx, &fields)?;
    for f in export::files(cat, &impacts) {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        if let Content::Bytes(b) = &f.content {
            std::fs::write(&path, b).map_err(|e| io(&path, e))?;
        }
    }
    Ok(())
}
