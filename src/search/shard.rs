//! The shard file format, shared by the exporter, the command line and
//! (re-implemented) `search.js`. A shard is gzip of:
//!
//! ```text
//! shard  := entry*                        (to the end of the data)
//! entry  := kind:u8 keylen:varint key:utf8 df:varint n:varint group* set?
//! group  := impact:u8 count:varint doc:varint delta:varint{count-1}
//! set    := 'a' delta:varint{df}                  (sorted documents)
//!         | 'm' bytes:varint bit:u8{bytes}        (bitmap, doc d = bit d%8 of byte d/8)
//!         | 'c' universe:varint delta:varint{universe-df}  (the documents *not* in it)
//! ```
//!
//! `kind` is `u` (folded word), `x` (exact word), `p` (completions of a
//! prefix), `b` (folded pair of words) or `i` (an id in lowercase). The `n` postings are the head of
//! the list: ordered by impact (highest first), then by document; `df > n`
//! says the list was cut. Documents within a group ascend, delta-coded.
//!
//! A cut list of a `u`, `x` or `p` entry carries its complete set of
//! documents (`set`), in the smallest of three forms: an array when
//! sparse, a bitmap when dense, the complement when nearly full. That is
//! what makes matching exact at any size, while the head ranks. Pairs
//! (`b`) only rank, so their lists stay cut.

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
    /// All `df` documents, ascending, when the head is cut (`None` for an
    /// uncut list, whose head holds them all, and for a cut pair's).
    pub all: Option<Vec<u32>>,
}

impl List {
    /// The list was cut: documents past its head hold the term too.
    pub fn truncated(&self) -> bool {
        self.df as usize > self.postings.len()
    }

    /// Every document of the term, ascending (for a cut pair list, only
    /// those of its head).
    pub fn docs(&self) -> Vec<u32> {
        match &self.all {
            Some(all) => all.clone(),
            None => {
                let mut d: Vec<u32> = self.postings.iter().map(|p| p.1).collect();
                d.sort_unstable();
                d
            }
        }
    }
}

/// Kinds of entries.
pub const WORD: u8 = b'u';
pub const EXACT: u8 = b'x';
pub const PREFIX: u8 = b'p';
pub const PAIR: u8 = b'b';
/// An initiative's id in lowercase (one posting: that initiative).
pub const ID: u8 = b'i';

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
    if let Some(all) = &list.all {
        encode_set(out, all);
    }
}

fn varint_len(v: u32) -> usize {
    (32 - v.max(1).leading_zeros()).div_ceil(7) as usize
}

/// Appends a set of documents (ascending) in its smallest form.
pub fn encode_set(out: &mut Vec<u8>, docs: &[u32]) {
    let deltas = |ds: &mut dyn Iterator<Item = u32>| {
        let mut prev = None;
        ds.map(move |d| {
            let v = prev.map_or(d, |p| d - p);
            prev = Some(d);
            v
        })
        .collect::<Vec<u32>>()
    };
    let array = deltas(&mut docs.iter().copied());
    let last = docs.last().copied().unwrap_or(0);
    let universe = last + 1;
    let mut present = docs.iter().copied().peekable();
    let mut missing = (0..universe).filter(|d| {
        if present.peek() == Some(d) {
            present.next();
            false
        } else {
            true
        }
    });
    let complement = deltas(&mut missing);
    let array_len: usize = array.iter().map(|&v| varint_len(v)).sum();
    let complement_len: usize =
        varint_len(universe) + complement.iter().map(|&v| varint_len(v)).sum::<usize>();
    let bitmap_len = (last as usize / 8 + 1) + varint_len(last / 8 + 1);
    if array_len <= complement_len && array_len <= bitmap_len {
        out.push(b'a');
        array.iter().for_each(|&v| put_varint(out, v));
    } else if complement_len <= bitmap_len {
        out.push(b'c');
        put_varint(out, universe);
        complement.iter().for_each(|&v| put_varint(out, v));
    } else {
        out.push(b'm');
        let mut bits = vec![0u8; last as usize / 8 + 1];
        for &d in docs {
            bits[d as usize / 8] |= 1 << (d % 8);
        }
        put_varint(out, bits.len() as u32);
        out.extend_from_slice(&bits);
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
        let all = if df as usize > n && kind != PAIR {
            Some(decode_set(&mut r, df)?)
        } else {
            None
        };
        shard.insert((kind, key.to_string()), List { df, postings, all });
    }
    Some(shard)
}

/// A facet value's file: its label, then its documents (see
/// `export::facet_files`): `label_len:varint label:json df:varint set`.
pub fn encode_value_set(label: &str, docs: &[u32]) -> Vec<u8> {
    // The label as a JSON string with no markup character left as such:
    // a shipped file never holds text a browser could take for HTML.
    let label = serde_json::to_string(label)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let mut out = Vec::new();
    put_varint(&mut out, label.len() as u32);
    out.extend_from_slice(label.as_bytes());
    put_varint(&mut out, docs.len() as u32);
    encode_set(&mut out, docs);
    out
}

/// Reads a facet value's file: (label, documents ascending).
pub fn decode_value_set(data: &[u8]) -> Option<(String, Vec<u32>)> {
    let mut r = Reader { data, at: 0 };
    let len = r.varint()? as usize;
    let label: String = serde_json::from_slice(data.get(r.at..r.at + len)?).ok()?;
    r.at += len;
    let df = r.varint()?;
    let docs = decode_set(&mut r, df)?;
    (r.at == data.len()).then_some((label, docs))
}

fn decode_set(r: &mut Reader, df: u32) -> Option<Vec<u32>> {
    let undelta = |r: &mut Reader, n: u32| -> Option<Vec<u32>> {
        let mut out = Vec::with_capacity(n as usize);
        let mut doc = 0;
        for i in 0..n {
            let v = r.varint()?;
            doc = if i == 0 { v } else { doc + v };
            out.push(doc);
        }
        Some(out)
    };
    let docs = match r.byte()? {
        b'a' => undelta(r, df)?,
        b'c' => {
            let universe = r.varint()?;
            let missing = undelta(r, universe.checked_sub(df)?)?;
            let mut out = Vec::with_capacity(df as usize);
            let mut gone = missing.iter().peekable();
            for d in 0..universe {
                if gone.peek() == Some(&&d) {
                    gone.next();
                } else {
                    out.push(d);
                }
            }
            out
        }
        b'm' => {
            let bytes = r.varint()? as usize;
            let bits = r.data.get(r.at..r.at + bytes)?;
            r.at += bytes;
            let mut out = Vec::with_capacity(df as usize);
            for (i, &b) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if b & (1 << bit) != 0 {
                        out.push((i * 8 + bit) as u32);
                    }
                }
            }
            out
        }
        _ => return None,
    };
    (docs.len() == df as usize).then_some(docs)
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
            all: Some(vec![1, 2, 3, 5, 8, 13, 700, 701, 90_000]),
        };
        let b = List {
            df: 1,
            postings: vec![(5, 0)],
            all: None,
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
    fn sets_take_their_smallest_form_and_round_trip() {
        let sparse: Vec<u32> = (0..50).map(|i| i * 997).collect();
        let dense: Vec<u32> = (0..50_000).filter(|d| d % 3 != 0).collect();
        let full: Vec<u32> = (0..50_000).filter(|d| d % 5000 != 7).collect();
        for (docs, form) in [(sparse, b'a'), (dense, b'm'), (full, b'c')] {
            let list = List {
                df: docs.len() as u32,
                postings: vec![(9, docs[1]), (3, docs[0])],
                all: Some(docs.clone()),
            };
            let mut data = Vec::new();
            encode_entry(&mut data, PREFIX, "ng", &list);
            let shard = decode(&data).unwrap();
            assert_eq!(shard[&(PREFIX, "ng".to_string())], list);
            let mut head = Vec::new();
            encode_entry(
                &mut head,
                PREFIX,
                "ng",
                &List {
                    all: None,
                    ..list.clone()
                },
            );
            assert_eq!(data[head.len()], form, "form of a set of {}", docs.len());
        }
    }

    #[test]
    fn facet_value_sets_round_trip() {
        for docs in [vec![], vec![4], (0..9000).filter(|d| d % 3 == 0).collect()] {
            let data = encode_value_set("Y tế", &docs);
            assert_eq!(
                decode_value_set(&data),
                Some(("Y tế".to_string(), docs.clone()))
            );
            let marked = "<b>\"Y\" & tế</b>";
            let data = encode_value_set(marked, &docs);
            assert!(!data.contains(&b'<') && !data.contains(&b'>'));
            assert_eq!(decode_value_set(&data), Some((marked.to_string(), docs)));
            assert_eq!(decode_value_set(&data[..data.len() - 1]), None);
        }
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
