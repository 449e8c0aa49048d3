//! The command line's search cache: `.sangkien-cache/search/` next to the
//! catalogue folder, holding the tantivy index and the exported search
//! files of the catalogue, and the manifest of the catalogue they were
//! made from (`stamp`: its folders, files, sizes and modification times).
//! A changed catalogue rebuilds both.

use std::path::{Path, PathBuf};

use super::{export, impact, index, stamp, Files, SearchError};
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

/// Opens the cache of a catalogue, rebuilding it if the catalogue changed.
/// Returns the exported files and whether it was rebuilt.
pub fn open(catalogue: &Path, today: jiff::civil::Date) -> Result<(Files, bool), SearchError> {
    let dir = dir_for(catalogue);
    let manifest_path = dir.join("manifest");
    let files_dir = dir.join(export::DIR);
    let last = stamp::read(&manifest_path);
    if let Some(m) = &last {
        if stamp::unchanged(catalogue, m)? {
            return Ok((Files::dir(&files_dir), false));
        }
    }
    let now = stamp::scan(catalogue)?;
    let io = |p: &Path, e| SearchError::Io(p.to_path_buf(), e);
    if last.is_some_and(|m| m.print == now.print) {
        // Folders changed (a file came and went) but no file did.
        write_manifest(&dir, &now)?;
        return Ok((Files::dir(&files_dir), false));
    }
    let options = crate::session::Options {
        publish: Publish {
            drafts: false,
            today,
        },
        mode: crate::session::Mode::Once,
        history: false,
    };
    let session = crate::session::Session::open(catalogue, options).map_err(|e| {
        SearchError::Io(
            catalogue.to_path_buf(),
            std::io::Error::other(e.to_string()),
        )
    })?;
    let errors = crate::diag::error_count(session.diagnostics());
    let cat = match session.catalogue() {
        Some(c) if errors == 0 => c.clone(),
        _ => {
            return Err(SearchError::Catalogue(
                catalogue.to_path_buf(),
                errors.max(1),
            ))
        }
    };
    // Built aside and swapped in, so that a search running meanwhile
    // never reads a half-written cache.
    let fresh = dir.with_extension(format!("new-{}", std::process::id()));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(|e| io(&fresh, e))?;
    }
    rebuild(&fresh, &cat)?;
    write_manifest(&fresh, &now)?;
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
    }
    std::fs::rename(&fresh, &dir).map_err(|e| io(&dir, e))?;
    Ok((Files::dir(&files_dir), true))
}

/// Writes the manifest beside and renames it in (a search running
/// meanwhile reads the old one or the new one). A catalogue with a line
/// break in a file name gets none (its cache is made again at every
/// search; entry names are slugs, so only a stray file can have one).
fn write_manifest(dir: &Path, m: &stamp::Manifest) -> Result<(), SearchError> {
    let path = dir.join("manifest");
    let Some(text) = m.encode() else {
        let _ = std::fs::remove_file(&path);
        return Ok(());
    };
    let tmp = dir.join(format!("manifest.new-{}", std::process::id()));
    let io = |p: &Path, e| SearchError::Io(p.to_path_buf(), e);
    std::fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))
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
