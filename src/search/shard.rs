//! The shard file format, shared by the exporter, the command line and
//! (re-implemented) `search.js`. A shard is gzip of:
//!
//! ```text
//! shard  := entry*                        (to the end of the data)
//! entry  := kind:u8 keylen:varint key:utf8 df:varint n:varint group*
//! group  := impact:u8 count:varint doc:varint delta:varint{count-1}
//! ```
//!
//! `kind` is `u` (folded word), `x` (exact word), `p` (completions of a
//! prefix) or `b` (folded pair of words). The `n` postings are the head of
//! the list: ordered by impact (highest first), then by document; `df > n`
//! says the list was cut. Documents within a group ascend, delta-coded.

use std::collections::HashMap;
use std::io::Read;

/// One posting: quantised impact (1..=255) and document (position in
/// `Catalogue::initiatives`).
pub type Posting = (u8, u32);

/// The head of one term's postings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List {
    /// Documents the term is in (for `p`: any completion is in).
    pub df: u32,
    /// Highest impact first, then lowest document.
    pub postings: Vec<Posting>,
}

impl List {
    /// The list was cut: documents past its head may hold the term too.
    pub fn truncated(&self) -> bool {
        self.df as usize > self.postings.len()
    }
}

/// Kinds of entries.
pub const WORD: u8 = b'u';
pub const EXACT: u8 = b'x';
pub const PREFIX: u8 = b'p';
pub const PAIR: u8 = b'b';

/// A decoded shard: (kind, key) → list.
pub type Shard = HashMap<(u8, String), List>;

/// Shard files: keys are spread over this many files by hash, so a big
/// catalogue makes a bounded number of files (each a few KB) and a small
/// one makes few.
pub const SHARD_FILES: u32 = 4096;

/// The file name of the shard holding `key` (a folded word): FNV-1a of its
/// UTF-8 bytes modulo [`SHARD_FILES`], as 3 hex digits.
pub fn shard_name(key: &str) -> String {
    shard_file_name(shard_of(key))
}

/// The number of the shard holding `key` (see [`shard_name`]).
pub fn shard_of(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % SHARD_FILES
}

/// The file name of shard number `n`.
pub fn shard_file_name(n: u32) -> String {
    format!("{n:03x}")
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends one entry.
pub fn encode_entry(out: &mut Vec<u8>, kind: u8, key: &str, list: &List) {
    out.push(kind);
    put_varint(out, key.len() as u32);
    out.extend_from_slice(key.as_bytes());
    put_varint(out, list.df);
    put_varint(out, list.postings.len() as u32);
    let mut i = 0;
    let p = &list.postings;
    while i < p.len() {
        let impact = p[i].0;
        let end = i + p[i..].iter().take_while(|x| x.0 == impact).count();
        out.push(impact);
        put_varint(out, (end - i) as u32);
        let mut prev = 0;
        for (n, &(_, doc)) in p[i..end].iter().enumerate() {
            put_varint(out, if n == 0 { doc } else { doc - prev });
            prev = doc;
        }
        i = end;
    }
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    fn varint(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

/// Decodes an uncompressed shard; `None` when it is malformed.
pub fn decode(data: &[u8]) -> Option<Shard> {
    let mut r = Reader { data, at: 0 };
    let mut shard = Shard::new();
    while r.at < data.len() {
        let kind = r.byte()?;
        let len = r.varint()? as usize;
        let key = std::str::from_utf8(data.get(r.at..r.at + len)?).ok()?;
        r.at += len;
        let df = r.varint()?;
        let n = r.varint()? as usize;
        let mut postings = Vec::with_capacity(n);
        while postings.len() < n {
            let impact = r.byte()?;
            let count = r.varint()?;
            let mut doc = 0;
            for c in 0..count {
                let v = r.varint()?;
                doc = if c == 0 { v } else { doc + v };
                postings.push((impact, doc));
            }
        }
        shard.insert((kind, key.to_string()), List { df, postings });
    }
    Some(shard)
}

thread_local! {
    /// One deflate state a thread, reset for each file: a build gzips
    /// thousands of small files, and a fresh state allocates and zeroes
    /// about 200 KB of tables each time.
    static DEFLATE: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::fast(), false));
}

/// Gzip (RFC 1952) of `data`: a fixed header (no name, no time: same
/// input, same bytes), raw deflate, CRC-32 and length.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    out.extend_from_slice(&HEADER);
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        loop {
            let done = deflate.total_in() as usize;
            out.reserve(data.len().saturating_sub(done) / 2 + 64);
            let status = deflate
                .compress_vec(&data[done..], &mut out, flate2::FlushCompress::Finish)
                .expect("deflate into memory");
            if status == flate2::Status::StreamEnd {
                break;
            }
        }
    });
    let mut crc = flate2::Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

pub fn gunzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip() {
        let a = List {
            df: 9,
            postings: vec![(200, 3), (200, 700), (17, 1), (17, 2), (1, 90_000)],
        };
        let b = List {
            df: 1,
            postings: vec![(5, 0)],
        };
        let mut data = Vec::new();
        encode_entry(&mut data, WORD, "duong", &a);
        encode_entry(&mut data, EXACT, "đương:2", &b);
        let shard = decode(&gunzip(&gzip(&data)).unwrap()).unwrap();
        assert_eq!(shard[&(WORD, "duong".to_string())], a);
        assert_eq!(shard[&(EXACT, "đương:2".to_string())], b);
        assert!(a.truncated());
        assert!(!b.truncated());
        assert_eq!(decode(&data[..data.len() - 1]), None);
    }

    #[test]
    fn gzip_round_trips_and_reuses_its_state_cleanly() {
        let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for data in [&b""[..], b"sang kien", &big, b"sang kien"] {
            let gz = gzip(data);
            assert_eq!(&gz[..3], [0x1f, 0x8b, 8]);
            assert_eq!(gunzip(&gz).unwrap(), data);
        }
        assert_eq!(gzip(b"sang kien"), gzip(b"sang kien"));
    }

    #[test]
    fn shard_names_are_fnv1a() {
        // FNV-1a: "" → 0x811c9dc5, "a" → 0xe40c292c.
        assert_eq!(shard_name(""), "dc5");
        assert_eq!(shard_name("a"), "92c");
    }
}
