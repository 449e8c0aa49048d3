//! The command line's search cache: `.sangkien-cache/search/` next to the
//! catalogue folder, holding the tantivy index and the exported search
//! files of the catalogue, and the fingerprint of the catalogue they were
//! made from (its file list with sizes and modification times). A changed
//! fingerprint rebuilds both.

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
/// over 60,000 files, and the `stat` calls are most of the time), so:
/// folders are listed first without `stat` (the entry type comes from
/// `readdir`), then all files are `stat`ed in one parallel pass relative to
/// their open folder (`fstatat`), and each file's stamp is hashed on its own
/// and combined by sum and xor, so nothing is sorted or kept.
pub fn fingerprint(catalogue: &Path) -> Result<String, SearchError> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut singles = Vec::new();
    for source in SOURCES {
        list(
            &catalogue.join(source),
            mix(0, source.as_bytes()),
            &mut files,
            &mut singles,
        )?;
    }
    let mut total = Sum::default();
    for (path, seed) in &singles {
        let meta = std::fs::metadata(path).map_err(|e| SearchError::Io(path.clone(), e))?;
        total = total.add(stamp_hash(*seed, &meta));
    }
    let total = files
        .par_iter()
        .with_min_len(256)
        .map(|(entry, seed)| {
            entry
                .metadata()
                .map(|meta| stamp_hash(*seed, &meta))
                .map_err(|e| SearchError::Io(entry.path(), e))
        })
        .try_fold(Sum::default, |sum, h| h.map(|h| sum.add(h)))
        .try_reduce(Sum::default, |a, b| Ok(a.merge(b)))?
        .merge(total);
    let version = mix(0, env!("CARGO_PKG_VERSION").as_bytes());
    Ok(format!(
        "{:016x}{:016x}{:x}",
        total.sum ^ version,
        total.xor,
        total.count
    ))
}

/// An order-independent combination of per-file hashes.
#[derive(Default, Clone, Copy)]
struct Sum {
    sum: u64,
    xor: u64,
    count: u64,
}

impl Sum {
    fn add(self, h: u64) -> Sum {
        Sum {
            sum: self.sum.wrapping_add(h),
            xor: self.xor ^ h.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15),
            count: self.count + 1,
        }
    }
    fn merge(self, o: Sum) -> Sum {
        Sum {
            sum: self.sum.wrapping_add(o.sum),
            xor: self.xor ^ o.xor,
            count: self.count + o.count,
        }
    }
}

/// A 64-bit FNV-1a style hash of bytes, with a final avalanche so that
/// sums of hashes do not cancel out.
fn mix(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    avalanche(h)
}

fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of one file: its path (in `seed`), size and mtime in ns.
fn stamp_hash(seed: u64, meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mtime = (meta.mtime() as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(meta.mtime_nsec() as u64);
    let h = avalanche(seed ^ meta.len().wrapping_mul(0x9e37_79b9_7f4a_7c15));
    avalanche(h ^ mtime)
}

/// Lists the files under one source without `stat`ing them: a folder's
/// entries go to `files` with the hash of their relative path; a source
/// that is a plain file goes to `singles`.
fn list(
    path: &Path,
    seed: u64,
    files: &mut Vec<(std::fs::DirEntry, u64)>,
    singles: &mut Vec<(PathBuf, u64)>,
) -> Result<(), SearchError> {
    use std::os::unix::ffi::OsStrExt;
    let io = |e| SearchError::Io(path.to_path_buf(), e);
    let dir = match std::fs::read_dir(path) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.raw_os_error() == Some(20) => {
            // ENOTDIR: the source is a settings file.
            singles.push((path.to_path_buf(), seed));
            return Ok(());
        }
        Err(e) => return Err(io(e)),
    };
    for entry in dir {
        let entry = entry.map_err(io)?;
        let name = mix(seed, entry.file_name().as_bytes());
        // `file_type` comes from `readdir`; only a few filesystems need a
        // `stat` for it, and std does that itself.
        if entry.file_type().map_err(io)?.is_dir() {
            list(&entry.path(), name, files, singles)?;
        } else {
            files.push((entry, name));
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::fingerprint;
    use std::time::{Duration, SystemTime};

    fn set_mtime(path: &std::path::Path, t: SystemTime) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(t).unwrap();
    }

    #[test]
    fn fingerprint_notices_edits_in_place_new_and_deleted_files() {
        let tmp = tempfile::tempdir().unwrap();
        let year = tmp.path().join("initiatives/2026");
        std::fs::create_dir_all(&year).unwrap();
        std::fs::write(tmp.path().join("site.yaml"), "title: a\n").unwrap();
        let entry = year.join("a.md");
        std::fs::write(&entry, "abc").unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        set_mtime(&entry, t0);
        let first = fingerprint(tmp.path()).unwrap();
        assert_eq!(first, fingerprint(tmp.path()).unwrap(), "stable");

        // Same size, new mtime, folder mtime kept as an editor might.
        let dir_mtime = std::fs::metadata(&year).unwrap().modified().unwrap();
        std::fs::write(&entry, "xyz").unwrap();
        set_mtime(&entry, t0 + Duration::from_nanos(1_000));
        let f = std::fs::File::open(&year).unwrap();
        f.set_modified(dir_mtime).unwrap_or(());
        let edited = fingerprint(tmp.path()).unwrap();
        assert_ne!(first, edited, "an in-place edit keeping the size");

        let added = year.join("b.md");
        std::fs::write(&added, "").unwrap();
        let with_new = fingerprint(tmp.path()).unwrap();
        assert_ne!(edited, with_new, "a new file");
        std::fs::remove_file(&added).unwrap();
        assert_eq!(edited, fingerprint(tmp.path()).unwrap(), "deleted again");
        std::fs::remove_file(&entry).unwrap();
        assert_ne!(edited, fingerprint(tmp.path()).unwrap(), "a deleted file");

        // A settings file counts, and so does moving a file between folders.
        std::fs::write(tmp.path().join("site.yaml"), "title: bb\n").unwrap();
        let settings = fingerprint(tmp.path()).unwrap();
        std::fs::write(&entry, "xyz").unwrap();
        set_mtime(&entry, t0);
        let here = fingerprint(tmp.path()).unwrap();
        assert_ne!(settings, here);
        std::fs::create_dir_all(tmp.path().join("initiatives/2025")).unwrap();
        let moved = tmp.path().join("initiatives/2025/a.md");
        std::fs::rename(&entry, &moved).unwrap();
        assert_ne!(here, fingerprint(tmp.path()).unwrap(), "a moved file");
    }
}
