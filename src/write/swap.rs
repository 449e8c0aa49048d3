//! Exchanging two folders in one step.

use std::fs;
use std::io;
use std::path::Path;

/// Exchanges the folders `a` and `b`. On Linux this is one
/// `renameat2(RENAME_EXCHANGE)`: at every moment both names exist. Where
/// that is missing (other systems, file systems without it) it falls back
/// to three renames through `aside`, which leaves a moment without `b`:
/// a build killed then leaves the old site at `aside`, a marked folder
/// that the next build removes.
pub(super) fn exchange(a: &Path, b: &Path, aside: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::rename(b, aside)?;
    if let Err(e) = fs::rename(a, b) {
        let _ = fs::rename(aside, b);
        return Err(e);
    }
    fs::rename(aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchanges_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "a").unwrap();
        fs::write(b.join("f"), "b").unwrap();
        exchange(&a, &b, &dir.path().join("aside")).unwrap();
        assert_eq!(fs::read_to_string(a.join("f")).unwrap(), "b");
        assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "a");
        assert!(!dir.path().join("aside").exists());
    }
}
