//! One build at a time into one output folder: a lock file beside it
//! (`.<out>.sangkien-lock`), held for the whole build and removed when the
//! build ends, so that nothing stays beside the site.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::{io_err, leftovers, WriteError};

/// Whether to wait for a build that holds the lock, and whom to tell.
pub enum Wait<'a> {
    /// Wait; the callback runs once, when another build holds the lock.
    Until(&'a dyn Fn(&Path)),
    /// Refuse at once ([`WriteError::Busy`]).
    Refuse,
}

/// The lock of one output folder; released (and its file removed) on drop.
#[derive(Debug)]
pub(super) struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    pub(super) fn acquire(out: &Path, wait: &Wait) -> Result<Lock, WriteError> {
        let path = leftovers::sibling(out, "lock");
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_err(&path))?;
            match try_lock(&file) {
                Ok(true) => {}
                Ok(false) => match wait {
                    Wait::Refuse => return Err(WriteError::Busy(out.to_path_buf())),
                    Wait::Until(tell) => {
                        if !told {
                            tell(out);
                            told = true;
                        }
                        lock(&file).map_err(io_err(&path))?;
                    }
                },
                Err(e) => return Err(io_err(&path)(e)),
            }
            // The build before us removes the file as it ends: if it did
            // after we opened it, our lock is on a file nobody else sees.
            if still_named(&file, &path) {
                return Ok(Lock { path, _file: file });
            }
        }
    }
}

/// Takes the lock if it is free: `Ok(false)` when another holds it.
/// (rustix's flock: std's `File::try_lock` needs a newer Rust than the
/// project's minimum.)
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn lock(file: &File) -> io::Result<()> {
    rustix::fs::flock(file, rustix::fs::FlockOperation::LockExclusive).map_err(Into::into)
}

/// Elsewhere, std's lock (Rust 1.89 or newer).
#[cfg(not(unix))]
fn try_lock(file: &File) -> io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(fs::TryLockError::WouldBlock) => Ok(false),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(not(unix))]
fn lock(file: &File) -> io::Result<()> {
    file.lock()
}

#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held (the file closes after this), so a
        // waiting build sees that it must open the lock file again.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
    }
}
