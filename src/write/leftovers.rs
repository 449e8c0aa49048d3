//! What killed builds leave beside the output, and its removal. Every
//! folder a build creates there is named `.<out>.sangkien-<kind>-<pid>`
//! and holds the [`MARKER`]; only such folders are ever removed, and only
//! by a build holding the output's lock. One whose journal is complete is
//! applied first (roll forward).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::lock::{Lock, Wait};
use super::{io_err, journal, WriteError, MARKER};

/// Kinds of folders a build creates beside the output (`tmp` and `old`
/// were the names of earlier versions).
const KINDS: [&str; 3] = ["stage", "old", "tmp"];

/// The folder that holds the output (`.` for a bare name).
pub(super) fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn out_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into())
}

/// `.<out>.sangkien-<what>` beside the output.
pub(super) fn sibling(out: &Path, what: &str) -> PathBuf {
    parent_of(out).join(format!(".{}.sangkien-{what}", out_name(out)))
}

/// Whether `name` is one of the names [`sibling`] gives a build's folder.
fn is_build_folder(name: &str, out: &Path) -> bool {
    let Some(rest) = name.strip_prefix(&format!(".{}.sangkien-", out_name(out))) else {
        return false;
    };
    KINDS.iter().any(|kind| {
        rest.strip_prefix(kind)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Completes the commit a killed build left and removes the folders killed
/// builds left, taking the output's lock for it (waits for a build that
/// holds it). `build` does this first on its own.
pub fn recover(out: &Path) -> Result<(), WriteError> {
    let _lock = Lock::acquire(out, &Wait::Until(&|_| {}))?;
    clean(out)
}

/// [`recover`] for a caller that holds the lock.
pub(super) fn clean(out: &Path) -> Result<(), WriteError> {
    let parent = parent_of(out);
    let entries = match fs::read_dir(&parent) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(&parent)(e)),
    };
    let mut ours = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_err(&parent))?;
        let name = entry.file_name();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_build_folder(&name.to_string_lossy(), out) {
            let path = entry.path();
            if path.join(MARKER).is_file() {
                ours.push(path);
            }
        }
    }
    // A complete journal first: it holds the newest site.
    for dir in &ours {
        if let Some(ops) = journal::read(dir)? {
            if out.join(MARKER).is_file() {
                journal::apply(dir, out, &ops, usize::MAX)?;
            }
            remove_site(dir).map_err(io_err(dir))?;
        }
    }
    for dir in &ours {
        if dir.exists() {
            remove_site(dir).map_err(io_err(dir))?;
        }
    }
    Ok(())
}

/// Removes a folder of ours: the entries two levels down in parallel
/// (a site is mostly `section/page/index.html`; several unlinks in flight
/// go much faster on a busy disk than one at a time), then the rest, the
/// marker last so that an interrupted removal still marks the folder.
pub(super) fn remove_site(dir: &Path) -> io::Result<()> {
    let mut jobs = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if fs::symlink_metadata(&path)?.is_dir() {
            for inner in fs::read_dir(&path)? {
                jobs.push(inner?.path());
            }
        }
    }
    jobs.par_iter().try_for_each(|p| {
        if fs::symlink_metadata(p)?.is_dir() {
            fs::remove_dir_all(p)
        } else {
            fs::remove_file(p)
        }
    })?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.file_name().is_some_and(|n| n == MARKER) {
            continue;
        }
        if fs::symlink_metadata(&path)?.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_names_are_build_folders() {
        let out = Path::new("/x/public");
        assert!(is_build_folder(".public.sangkien-stage-12", out));
        assert!(is_build_folder(".public.sangkien-tmp-3", out));
        assert!(!is_build_folder(".public.sangkien-lock", out));
        assert!(!is_build_folder(".public.sangkien-stage-", out));
        assert!(!is_build_folder(".public.sangkien-stage-1x", out));
        // The folders of another output whose name starts the same.
        assert!(!is_build_folder(
            ".public.sangkien-stage.sangkien-stage-1",
            out
        ));
        assert!(!is_build_folder(".publicx.sangkien-stage-1", out));
    }
}
