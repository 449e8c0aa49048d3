//! Whether the catalogue changed since the command line's search cache was
//! made. A [`Manifest`] remembers the catalogue's folders (with their
//! modification times) and the names of their files, and a hash of every
//! file's path, size and modification time.
//!
//! Checking a manifest is the cost of every `sangkien search`, and a
//! 50,000-entry catalogue has over 60,000 files. Listing them again
//! (`readdir`) took a third of that cost, so the check does not list: a
//! file added, removed or renamed changes its folder's modification time,
//! and an edit in place changes the file's own. So the check is: the same
//! folders with the same times, and the same hash over the remembered
//! files, each `stat`ed relative to its open folder, in parallel.

use std::fs::File;
use std::path::Path;

use rayon::prelude::*;
use rustix::fs::{statat, AtFlags};

use super::SearchError;

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

/// The first line of a manifest file.
const VERSION: &str = "sangkien-manifest 2";

/// The catalogue as last seen (paths relative to it, as UTF-8: catalogue
/// names are).
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    /// Sources that are files, and sources that did not exist.
    singles: Vec<String>,
    missing: Vec<String>,
    dirs: Vec<Dir>,
    /// The folders' file names, each followed by a line break (one string,
    /// not one a file: reading the manifest is part of every search).
    names: String,
    /// The hash of every file's path, size and modification time.
    pub print: String,
}

#[derive(Debug, Clone)]
struct Dir {
    rel: String,
    mtime: (i64, u32),
    /// Where the names of its files are in `Manifest::names`.
    files: std::ops::Range<usize>,
}

impl Manifest {
    fn files(&self, dir: &Dir) -> &str {
        &self.names[dir.files.clone()]
    }
}

/// Lists the catalogue and hashes every file: the manifest of now.
pub fn scan(catalogue: &Path) -> Result<Manifest, SearchError> {
    let mut m = Manifest::default();
    for source in SOURCES {
        let path = catalogue.join(source);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                m.missing.push(source.to_string());
            }
            Err(e) => return Err(SearchError::Io(path, e)),
            Ok(meta) if meta.is_dir() => list(catalogue, source.to_string(), &mut m)?,
            Ok(_) => m.singles.push(source.to_string()),
        }
    }
    m.print = print(catalogue, &m)?;
    Ok(m)
}

/// Whether the catalogue is as the manifest saw it.
pub fn unchanged(catalogue: &Path, m: &Manifest) -> Result<bool, SearchError> {
    for source in &m.missing {
        if catalogue.join(source).symlink_metadata().is_ok() {
            return Ok(false);
        }
    }
    for dir in &m.dirs {
        match std::fs::symlink_metadata(catalogue.join(&dir.rel)) {
            Ok(meta) if meta.is_dir() && mtime_of(&meta) == dir.mtime => {}
            _ => return Ok(false),
        }
    }
    Ok(print(catalogue, m).ok().as_ref() == Some(&m.print))
}

fn mtime_of(meta: &std::fs::Metadata) -> (i64, u32) {
    use std::os::unix::fs::MetadataExt;
    (meta.mtime(), meta.mtime_nsec() as u32)
}

/// Adds a folder (its time taken before it is listed, so that a file
/// added meanwhile shows at the next check) and its subfolders.
fn list(catalogue: &Path, rel: String, m: &mut Manifest) -> Result<(), SearchError> {
    let path = catalogue.join(&rel);
    let io = |e| SearchError::Io(path.clone(), e);
    let mtime = mtime_of(&std::fs::symlink_metadata(&path).map_err(io)?);
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    for entry in std::fs::read_dir(&path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // `file_type` comes from `readdir` on common filesystems.
        if entry.file_type().map_err(io)?.is_dir() {
            subdirs.push(format!("{rel}/{name}"));
        } else {
            files.push(name);
        }
    }
    files.sort();
    subdirs.sort();
    let start = m.names.len();
    for f in files {
        m.names.push_str(&f);
        m.names.push('\n');
    }
    let files = start..m.names.len();
    m.dirs.push(Dir { rel, mtime, files });
    for sub in subdirs {
        list(catalogue, sub, m)?;
    }
    Ok(())
}

/// The hash of the manifest's files as they are now (per file, combined
/// by sum and xor: nothing is sorted or kept).
fn print(catalogue: &Path, m: &Manifest) -> Result<String, SearchError> {
    let open: Vec<(File, u64)> = m
        .dirs
        .iter()
        .map(|d| {
            let path = catalogue.join(&d.rel);
            File::open(&path)
                .map(|f| (f, mix(0, d.rel.as_bytes())))
                .map_err(|e| SearchError::Io(path, e))
        })
        .collect::<Result<_, _>>()?;
    // The folder is named only on error (no path is built a file).
    // A file gone since it was listed counts as a stamp of its own (its
    // folder's time shows it too); so does a name that is not UTF-8, kept
    // in its lossy form.
    let stamp = |dir: &File, seed: u64, name: &str, rel: &str| {
        let h = name_hash(seed, name);
        match statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(stamp_hash(
                h,
                st.st_size as u64,
                st.st_mtime,
                st.st_mtime_nsec as u32,
            )),
            Err(rustix::io::Errno::NOENT) => Ok(avalanche(!h)),
            Err(e) => Err(SearchError::Io(catalogue.join(rel).join(name), e.into())),
        }
    };
    let here = File::open(catalogue).map_err(|e| SearchError::Io(catalogue.to_path_buf(), e))?;
    let mut total = Sum::default();
    for single in &m.singles {
        total = total.add(stamp(&here, 0, single, "")?);
    }
    let total = m
        .dirs
        .par_iter()
        .zip(&open)
        .flat_map(|(d, (dir, seed))| {
            m.files(d)
                .par_split_terminator('\n')
                .map(move |name| stamp(dir, *seed, name, &d.rel))
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

/// The hash of a file name in its folder (`seed`): eight bytes a step,
/// as it runs for every file at every search.
fn name_hash(seed: u64, name: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write_u64(seed);
    h.write(name.as_bytes());
    avalanche(h.finish())
}

fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of one file: its path (in `seed`), size and mtime.
fn stamp_hash(seed: u64, size: u64, secs: i64, nanos: u32) -> u64 {
    let mtime = (secs as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(u64::from(nanos));
    let h = avalanche(seed ^ size.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    avalanche(h ^ mtime)
}

impl Manifest {
    /// The manifest as text: a line a source, folder or file (names with
    /// a line break are not kept: such a catalogue is listed every time).
    pub fn encode(&self) -> Option<String> {
        let mut out = format!("{VERSION}\n{}\n", self.print);
        for s in &self.singles {
            out.push_str(&format!("S {s}\n"));
        }
        for s in &self.missing {
            out.push_str(&format!("M {s}\n"));
        }
        // A folder's names follow its line as one block of that many bytes
        // (read back with one copy, not line by line).
        for d in &self.dirs {
            let (secs, nanos, len) = (d.mtime.0, d.mtime.1, d.files.len());
            out.push_str(&format!("D {secs} {nanos} {len} {}\n", d.rel));
            out.push_str(self.files(d));
        }
        let names = self
            .dirs
            .iter()
            .flat_map(|d| self.files(d).lines().chain([d.rel.as_str()]));
        let clean = names
            .chain(self.singles.iter().map(String::as_str))
            .all(|n| !n.contains('\n') && !n.contains('\r'));
        clean.then_some(out)
    }

    /// Reads a manifest back; its text becomes `names` (the folders' blocks
    /// are used where they are).
    pub fn decode(text: String) -> Option<Manifest> {
        let (first, rest) = text.split_once('\n')?;
        if first != VERSION {
            return None;
        }
        let (print, _) = rest.split_once('\n')?;
        let mut m = Manifest {
            print: print.to_string(),
            ..Manifest::default()
        };
        let mut at = first.len() + print.len() + 2;
        while at < text.len() {
            let line = &text[at..at + text[at..].find('\n')?];
            at += line.len() + 1;
            let (tag, value) = line.split_once(' ')?;
            match tag {
                "S" => m.singles.push(value.to_string()),
                "M" => m.missing.push(value.to_string()),
                "D" => {
                    let mut parts = value.splitn(4, ' ');
                    let secs = parts.next()?.parse().ok()?;
                    let nanos = parts.next()?.parse().ok()?;
                    let len: usize = parts.next()?.parse().ok()?;
                    let rel = parts.next()?.to_string();
                    let files = at..at + len;
                    text.get(files.clone())?;
                    at += len;
                    m.dirs.push(Dir {
                        rel,
                        mtime: (secs, nanos),
                        files,
                    });
                }
                _ => return None,
            }
        }
        m.names = text;
        Some(m)
    }
}

/// Reads a manifest file (`None` if absent or not one).
pub fn read(path: &Path) -> Option<Manifest> {
    Manifest::decode(std::fs::read_to_string(path).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn set_mtime(path: &Path, t: SystemTime) {
        let f = File::options().write(true).open(path).unwrap();
        f.set_modified(t).unwrap();
    }

    /// Each change is seen both by a new scan (a different print) and by
    /// the quick check of the last manifest.
    #[test]
    fn edits_in_place_new_deleted_and_moved_files_are_seen() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let year = root.join("initiatives/2026");
        std::fs::create_dir_all(&year).unwrap();
        std::fs::write(root.join("site.yaml"), "title: a\n").unwrap();
        let entry = year.join("a.md");
        std::fs::write(&entry, "abc").unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        set_mtime(&entry, t0);
        let mut last = scan(root).unwrap();
        assert!(unchanged(root, &last).unwrap(), "stable");
        let encoded = last.encode().unwrap();
        let decoded = Manifest::decode(encoded.clone()).unwrap();
        assert_eq!(decoded.encode(), Some(encoded));
        assert!(unchanged(root, &decoded).unwrap());

        // An empty new folder changes no file: the cache is kept, with
        // the new manifest.
        let mut seen_as = |what: &str, files_changed: bool| {
            assert!(!unchanged(root, &last).unwrap(), "{what}: quick check");
            let now = scan(root).unwrap();
            assert_eq!(now.print != last.print, files_changed, "{what}: print");
            last = now;
        };
        let mut seen = |what: &str| seen_as(what, true);
        // Same size, new mtime, folder mtime kept as an editor might.
        let dir_mtime = std::fs::metadata(&year).unwrap().modified().unwrap();
        std::fs::write(&entry, "xyz").unwrap();
        set_mtime(&entry, t0 + Duration::from_nanos(1_000));
        File::open(&year)
            .unwrap()
            .set_modified(dir_mtime)
            .unwrap_or(());
        seen("an in-place edit keeping the size");
        std::fs::write(year.join("b.md"), "").unwrap();
        seen("a new file");
        std::fs::remove_file(year.join("b.md")).unwrap();
        seen("a deleted file");
        std::fs::write(root.join("site.yaml"), "title: bb\n").unwrap();
        seen("a settings file");
        std::fs::rename(&entry, root.join("initiatives/a.md")).unwrap();
        seen("a moved file");
        std::fs::create_dir_all(root.join("pages")).unwrap();
        seen_as("a source that was missing", false);
        std::fs::create_dir_all(root.join("initiatives/2025")).unwrap();
        seen_as("a new folder", false);
        assert!(unchanged(root, &last).unwrap());
    }
}
