//! Reading a catalogue file to publish: regular files only (a FIFO would
//! block, a device never end), at most [`MAX_BYTES`].

use crate::msg;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use super::Problem;

/// The largest file an entry may publish.
pub const MAX_BYTES: u64 = 25 * 1024 * 1024;

/// How much of a document is read to tell its type.
const HEAD: u64 = 1024;

#[derive(Debug)]
pub enum ReadError {
    NotRegular,
    TooLarge(u64),
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular => write!(f, "not a regular file"),
            ReadError::TooLarge(n) => write!(f, "{n} bytes, more than {MAX_BYTES}"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl ReadError {
    pub fn problem(&self, shown: &str) -> Problem {
        match self {
            ReadError::NotRegular => not_regular(shown),
            ReadError::TooLarge(n) => too_large(shown, *n),
            ReadError::Io(e) => Problem::new(
                "asset-missing",
                msg!("asset-missing.read", src = shown, detail = e.to_string()),
            ),
        }
    }
}

/// The problem of a file that is a FIFO, a device or a socket.
pub fn not_regular(shown: &str) -> Problem {
    Problem::new("asset-not-file", msg!("asset-not-file", src = shown))
}

/// The problem of a file over [`MAX_BYTES`].
pub fn too_large(shown: &str, len: u64) -> Problem {
    Problem::new(
        "asset-too-large",
        msg!(
            "asset-too-large",
            src = shown,
            size = format!("{:.1}", len as f64 / 1_048_576.0),
            max = MAX_BYTES / 1_048_576
        ),
    )
    .hint(msg!("asset-too-large.hint"))
}

/// Opens `path` without blocking on a FIFO and checks, on the open file,
/// that it is regular and not too large.
fn open(path: &Path) -> Result<(File, u64), ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok((file, meta.len()))
}

/// The whole file.
pub fn all(path: &Path) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open(path)?;
    let mut out = Vec::with_capacity(len as usize);
    // `take`: a file that grows while read stays within the limit.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(ReadError::Io)?;
    if out.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge(out.len() as u64));
    }
    Ok(out)
}

/// The file's first bytes, enough to tell its type.
pub fn head(path: &Path) -> Result<Vec<u8>, ReadError> {
    let (file, _) = open(path)?;
    let mut out = Vec::with_capacity(HEAD as usize);
    file.take(HEAD)
        .read_to_end(&mut out)
        .map_err(ReadError::Io)?;
    Ok(out)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.pdf");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        )
        .unwrap();
        assert!(matches!(all(&fifo), Err(ReadError::NotRegular)));
        assert!(matches!(head(&fifo), Err(ReadError::NotRegular)));
    }
}
