//! Reading one entry file's bytes, and only what an entry may be: a
//! regular file inside the catalogue, at most [`MAX_ENTRY_BYTES`] long.
//! A link out of the catalogue is never opened (its target could be any
//! file of the machine, and `check` would quote it); a named pipe or a
//! device is never opened either (reading one blocks, or never ends).

use std::io::Read;
use std::path::Path;

use rustix::fs::{FileType, Mode, OFlags};

use super::LoadError;
use crate::diag::{display_path, Diagnostic};
use crate::msg;

/// An entry is text an editor writes: 1 MiB is hundreds of pages.
pub const MAX_ENTRY_BYTES: u64 = 1 << 20;

/// The bytes of `root/rel` (`root` canonical). The inner `Err` is a
/// diagnostic about the file; the outer one means it could not be read.
pub fn read_bytes(root: &Path, rel: &Path) -> Result<Result<Vec<u8>, Diagnostic>, LoadError> {
    let io = |error| LoadError::Io {
        path: rel.to_path_buf(),
        error,
    };
    let full = root.join(rel);
    // The real path, links resolved (in `rel` itself or in a folder above
    // it). A link to nowhere is a file that cannot be read, as before.
    let real = full.canonicalize().map_err(io)?;
    if !real.starts_with(root) {
        return Ok(Err(Diagnostic::error(
            "outside-catalogue",
            rel,
            msg!("outside-catalogue", path = display_path(rel)),
        )
        .with_hint(msg!("outside-catalogue.hint"))));
    }
    // Decided before opening: opening a device can have effects of its own.
    let before = std::fs::symlink_metadata(&real).map_err(io)?;
    if let Some(what) = not_regular(FileType::from_raw_mode(mode_of(&before))) {
        return Ok(Err(not_a_file(rel, what)));
    }
    // Non-blocking, and checked again on the open file: the path may have
    // been replaced by a pipe in between.
    let flags =
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NOCTTY;
    let fd = rustix::fs::open(&real, flags, Mode::empty()).map_err(|e| io(e.into()))?;
    let stat = rustix::fs::fstat(&fd).map_err(|e| io(e.into()))?;
    if let Some(what) = not_regular(FileType::from_raw_mode(stat.st_mode)) {
        return Ok(Err(not_a_file(rel, what)));
    }
    let size = u64::try_from(stat.st_size).unwrap_or(0);
    if size > MAX_ENTRY_BYTES {
        return Ok(Err(too_large(rel, size)));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Bounded: a file that grows while it is read stops one byte past
    // the limit.
    std::fs::File::from(fd)
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Ok(Err(too_large(rel, bytes.len() as u64)));
    }
    Ok(Ok(bytes))
}

fn mode_of(m: &std::fs::Metadata) -> rustix::fs::RawMode {
    use std::os::unix::fs::MetadataExt;
    m.mode() as rustix::fs::RawMode
}

/// What a file that is not a regular file is, in words.
fn not_regular(t: FileType) -> Option<&'static str> {
    match t {
        FileType::RegularFile => None,
        FileType::Directory => Some("file.folder"),
        FileType::Fifo => Some("file.fifo"),
        FileType::Socket => Some("file.socket"),
        FileType::CharacterDevice | FileType::BlockDevice => Some("file.device"),
        FileType::Symlink => Some("file.link"),
        FileType::Unknown => Some("file.special"),
    }
}

/// `what` is the catalogue id of what was found (`file.link`, …).
fn not_a_file(rel: &Path, what: &'static str) -> Diagnostic {
    Diagnostic::error(
        "not-a-file",
        rel,
        msg!("not-a-file", found = crate::messages::Message::new(what)),
    )
    .with_hint(msg!("not-a-file.hint"))
}

fn too_large(rel: &Path, size: u64) -> Diagnostic {
    Diagnostic::error("file-too-large", rel, msg!("file-too-large", size = size))
        .with_hint(msg!("file-too-large.hint"))
}
