//! The site's manifest: every file sangkien wrote, with its length and
//! xxh3-128 hash, stored in the site as [`MANIFEST`]. A later build
//! compares each new file with it and writes only what changed; files the
//! manifest does not list are the user's.
//!
//! A record may also hold the fingerprint of what the file was made from
//! (`render::fingerprint`): a later build with the same fingerprint keeps
//! the file without making it again.
//!
//! Format: a header line, then one record a file, each ended by a NUL (a
//! path may hold any other character): `<hash, 32 hex> <length> <inputs,
//! 32 hex, 0 for none> <path>`. Version 1 had no inputs.

use std::fs;
use std::io;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::{WriteError, MANIFEST};

const HEADER: &str = "sangkien-manifest 2\n";
const HEADER_V1: &str = "sangkien-manifest 1\n";

/// What the manifest knows of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub hash: u128,
    pub len: u64,
    /// The fingerprint of the file's inputs; 0: not known.
    pub inputs: u128,
}

impl Entry {
    pub fn of(bytes: &[u8], inputs: u128) -> Entry {
        Entry {
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
            len: bytes.len() as u64,
            inputs,
        }
    }

    /// Whether both describe the same bytes.
    pub fn same_bytes(&self, other: &Entry) -> bool {
        self.hash == other.hash && self.len == other.len
    }
}

/// A site's manifest by path, and its bytes as read.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    pub files: FxHashMap<String, Entry>,
    pub bytes: Vec<u8>,
}

/// The manifest of the site at `site`, `None` when it has none.
pub(super) fn read(site: &Path) -> Result<Option<Manifest>, WriteError> {
    let path = site.join(MANIFEST);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(WriteError::Io { path, error: e }),
    };
    let files = parse(&bytes).ok_or(WriteError::Manifest(path))?;
    Ok(Some(Manifest { files, bytes }))
}

fn parse(bytes: &[u8]) -> Option<FxHashMap<String, Entry>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (body, v1) = match text.strip_prefix(HEADER) {
        Some(body) => (body, false),
        None => (text.strip_prefix(HEADER_V1)?, true),
    };
    let mut files = FxHashMap::default();
    let records = body.strip_suffix('\0').unwrap_or(body);
    if records.is_empty() {
        return Some(files);
    }
    for record in records.split('\0') {
        let mut parts = record.splitn(3, ' ');
        let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
        let len = parts.next()?.parse().ok()?;
        let mut rest = parts.next()?;
        let mut inputs = 0;
        if !v1 {
            let (hex, path) = rest.split_once(' ')?;
            inputs = u128::from_str_radix(hex, 16).ok()?;
            rest = path;
        }
        files.insert(rest.to_string(), Entry { hash, len, inputs });
    }
    Some(files)
}

/// The manifest of these files, sorted by path (same site, same bytes).
pub(super) fn encode(files: &[(String, Entry)]) -> Vec<u8> {
    let mut out = String::with_capacity(HEADER.len() + files.len() * 80);
    out.push_str(HEADER);
    for (path, e) in files {
        out.push_str(&format!(
            "{:032x} {} {:x} {path}\0",
            e.hash, e.len, e.inputs
        ));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_odd_paths() {
        let files = vec![
            ("a b/index.html".to_string(), Entry::of(b"one", 7)),
            ("line\nbreak.txt".to_string(), Entry::of(b"", 0)),
        ];
        let parsed = parse(&encode(&files)).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed["a b/index.html"], Entry::of(b"one", 7));
        assert_eq!(parsed["line\nbreak.txt"].len, 0);
        // A site of the version before inputs were kept still reads.
        let v1 = format!(
            "{HEADER_V1}{:032x} 3 a b/index.html\0",
            Entry::of(b"one", 0).hash
        );
        assert_eq!(
            parse(v1.as_bytes()).unwrap()["a b/index.html"],
            Entry::of(b"one", 0)
        );
        assert!(parse(&encode(&[])).unwrap().is_empty());
        assert!(parse(b"something else").is_none());
        assert!(parse(format!("{HEADER}zz 1 a\0").as_bytes()).is_none());
    }
}
