//! The precise comparison: each text as the set of its word 3-grams
//! (shingles, hashed), compared by the share of the smaller set found in
//! the larger (overlap coefficient), so that a copy with a paragraph
//! added still scores as a copy.

use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle: a swapped pair of words breaks at most four.
const K: usize = 3;

/// The sorted, distinct shingle hashes of a text (words lowercased).
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out: Vec<u64> = if words.len() < K {
        words.iter().map(|w| xxh3_64(w.as_bytes())).collect()
    } else {
        words
            .windows(K)
            .map(|w| xxh3_64(w.join(" ").as_bytes()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// |A ∩ B| / min(|A|, |B|) of two sorted sets; 0 when one is empty.
pub fn overlap(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        0.0
    } else {
        common as f64 / smaller as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_with_changes_still_overlaps() {
        let a = "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai";
        assert_eq!(overlap(&shingles(a), &shingles(a)), 1.0);
        let added = format!("{a} và thêm một đoạn mới hoàn toàn khác hẳn");
        assert_eq!(overlap(&shingles(a), &shingles(&added)), 1.0);
        let swapped = a.replace("bốn năm", "năm bốn");
        let s = overlap(&shingles(a), &shingles(&swapped));
        assert!(s > 0.5 && s < 1.0, "{s}");
        assert_eq!(overlap(&shingles("a b c d"), &shingles("e f g h")), 0.0);
        assert_eq!(overlap(&[], &shingles("a b c")), 0.0);
    }
}
