//! One build at a time into one output folder: a lock file beside it
//! (`.<out>.sangkien-lock`), held for the whole build and removed when the
//! build ends, so that nothing stays beside the site.

use std::fs::{self, File, OpenOptions, TryLockError};
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
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => match wait {
                    Wait::Refuse => return Err(WriteError::Busy(out.to_path_buf())),
                    Wait::Until(tell) => {
                        if !told {
                            tell(out);
                            told = true;
                        }
                        file.lock().map_err(io_err(&path))?;
                    }
                },
                Err(TryLockError::Error(e)) => return Err(io_err(&path)(e)),
            }
            // The build before us removes the file as it ends: if it did
            // after we opened it, our lock is on a file nobody else sees.
            if still_named(&file, &path) {
                return Ok(Lock { path, _file: file });
            }
        }
    }
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
