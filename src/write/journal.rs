//! The commit journal of an update: the list of operations that turn the
//! old site into the new one, written and synced before the first of them
//! runs. Applying it twice is harmless, so a build killed while applying
//! it is completed by the next one (roll forward).
//!
//! The journal is `journal` in the staging folder, the staged files are
//! under `files/`. It is written as `journal.part` and renamed: a
//! `journal` is always complete. Format: one record an operation, ended by
//! a NUL: `D <path>` (delete from the site) or `P <path>` (move the staged
//! file over the site's).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use super::{io_err, WriteError};

const JOURNAL: &str = "journal";
/// Where the staged files of an update are, inside the staging folder.
pub(super) const FILES: &str = "files";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Op {
    Delete(String),
    Put(String),
}

/// Writes the journal into `stage` and makes it durable.
pub(super) fn seal(stage: &Path, ops: &[Op]) -> Result<(), WriteError> {
    let mut text = Vec::new();
    for op in ops {
        let (tag, path) = match op {
            Op::Delete(p) => ("D ", p),
            Op::Put(p) => ("P ", p),
        };
        text.extend_from_slice(tag.as_bytes());
        text.extend_from_slice(path.as_bytes());
        text.push(0);
    }
    let part = stage.join("journal.part");
    let mut f = File::create(&part).map_err(io_err(&part))?;
    f.write_all(&text).map_err(io_err(&part))?;
    f.sync_all().map_err(io_err(&part))?;
    let done = stage.join(JOURNAL);
    fs::rename(&part, &done).map_err(io_err(&done))?;
    sync_dir(stage).map_err(io_err(stage))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

/// The complete journal in `stage`, if there is one.
pub(super) fn read(stage: &Path) -> Result<Option<Vec<Op>>, WriteError> {
    let path = stage.join(JOURNAL);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(&path)(e)),
    };
    let bad = || WriteError::Io {
        path: path.clone(),
        error: io::Error::new(io::ErrorKind::InvalidData, "not a sangkien journal"),
    };
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let mut ops = Vec::new();
    for record in text.split_terminator('\0') {
        ops.push(if let Some(p) = record.strip_prefix("D ") {
            Op::Delete(p.to_string())
        } else if let Some(p) = record.strip_prefix("P ") {
            Op::Put(p.to_string())
        } else {
            return Err(bad());
        });
    }
    Ok(Some(ops))
}

/// Applies the first `limit` operations (all: `usize::MAX`) of `ops`,
/// moving files from `stage/files` into `out`. Each operation is
/// idempotent: a file already moved or deleted is skipped.
pub(super) fn apply(stage: &Path, out: &Path, ops: &[Op], limit: usize) -> Result<(), WriteError> {
    let files = stage.join(FILES);
    for op in ops.iter().take(limit) {
        match op {
            Op::Delete(p) => {
                let site = out.join(p);
                match fs::remove_file(&site) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    // A folder of the new site took its place in a run that was cut short.
                    Err(_) if site.is_dir() => {}
                    Err(e) => return Err(io_err(&site)(e)),
                }
                prune_empty_parents(out, p);
            }
            Op::Put(p) => {
                let from = files.join(p);
                let to = out.join(p);
                if let Some(dir) = to.parent() {
                    fs::create_dir_all(dir).map_err(io_err(dir))?;
                }
                if let Err(e) = fs::rename(&from, &to) {
                    let moved_before = e.kind() == io::ErrorKind::NotFound
                        && fs::symlink_metadata(&from).is_err()
                        && to.is_file();
                    if !moved_before {
                        return Err(io_err(&to)(e));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Removes the folders a deletion left empty, up to (not including) `out`.
fn prune_empty_parents(out: &Path, rel: &str) {
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if fs::remove_dir(out.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_round_trip_and_idempotent_apply() {
        let dir = tempfile::tempdir().unwrap();
        let (stage, out) = (dir.path().join("stage"), dir.path().join("out"));
        fs::create_dir_all(stage.join(FILES).join("new")).unwrap();
        fs::create_dir_all(out.join("gone")).unwrap();
        fs::write(out.join("gone/index.html"), "old").unwrap();
        fs::write(stage.join(FILES).join("new/index.html"), "new").unwrap();
        let ops = vec![
            Op::Delete("gone/index.html".into()),
            Op::Put("new/index.html".into()),
        ];
        seal(&stage, &ops).unwrap();
        assert_eq!(read(&stage).unwrap(), Some(ops.clone()));
        for _ in 0..2 {
            apply(&stage, &out, &ops, usize::MAX).unwrap();
        }
        assert!(!out.join("gone").exists(), "the emptied folder is removed");
        assert_eq!(
            fs::read_to_string(out.join("new/index.html")).unwrap(),
            "new"
        );
        fs::write(stage.join(JOURNAL), "X nonsense\0").unwrap();
        assert!(read(&stage).is_err());
    }
}
