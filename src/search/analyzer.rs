//! The Vietnamese analyzer: NFC, lowercase, words, and two keys a word:
//!
//! - the *folded* key: every mark dropped and đ → d ("Đường" → `duong`),
//!   which is what a query typed without diacritics matches;
//! - the *exact* key: vowel marks kept, the tone mark moved to the end as
//!   a digit ("hoá" and "hóa" → `hoa:1`, "thuỷ"/"thủy" → `thuy:3`), so that
//!   tone-placement variants meet and a query with diacritics can prefer
//!   entries written exactly so.
//!
//! `themes/default/static/search.js` implements the same rules (its
//! `analyze`); the parity tests hold the two together.

use std::sync::OnceLock;

use icu_normalizer::DecomposingNormalizerBorrowed;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Tone marks (as combining characters) and the digit that stands for
/// each in an exact key: sắc, huyền, hỏi, ngã, nặng.
const TONES: [(char, char); 5] = [
    ('\u{301}', '1'),
    ('\u{300}', '2'),
    ('\u{309}', '3'),
    ('\u{303}', '4'),
    ('\u{323}', '5'),
];

/// Between a word and its tone digit in an exact key (never in a word).
pub const TONE_SEPARATOR: char = ':';

/// The folded key of an exact key: `"đương:2"` → `"duong"`.
pub fn fold_exact(exact: &str) -> String {
    let word = exact.split(TONE_SEPARATOR).next().unwrap_or(exact);
    keys(word.to_string(), false).0
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Folded key: ASCII for Vietnamese text.
    pub folded: String,
    /// Exact key: vowel marks kept, tone as a trailing digit.
    pub exact: String,
    /// Byte range of the word in the (NFC, as given) text.
    pub start: usize,
    pub end: usize,
}

impl Word {
    /// Whether the word was written with any diacritic.
    pub fn has_marks(&self) -> bool {
        self.folded != self.exact
    }
}

/// How one lowercase letter splits: without its tone, folded, its tone.
#[derive(Clone, Copy)]
struct Letter {
    toneless: char,
    folded: char,
    tone: Option<char>,
}

/// The Latin blocks with marked letters: Latin-1 Supplement to Latin
/// Extended-B, and Latin Extended Additional.
const BLOCKS: [(u32, u32); 2] = [(0xc0, 0x24f), (0x1e00, 0x1eff)];

/// Every letter of `BLOCKS`, decomposed once (uppercase ones map to
/// themselves: words are lowercased first).
fn letters() -> &'static [Vec<Letter>; 2] {
    static TABLE: OnceLock<[Vec<Letter>; 2]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let nfd = DecomposingNormalizerBorrowed::new_nfd();
        let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
        BLOCKS.map(|(from, to)| {
            (from..=to)
                .map(|cp| {
                    let c = char::from_u32(cp).unwrap_or(' ');
                    if c.is_uppercase() {
                        plain(c)
                    } else {
                        split_letter(c, &nfd, &nfc)
                    }
                })
                .collect()
        })
    })
}

fn letter(c: char) -> Option<Letter> {
    let cp = c as u32;
    let table = letters();
    BLOCKS
        .iter()
        .zip(table)
        .find(|((from, to), _)| (*from..=*to).contains(&cp))
        .map(|((from, _), t)| t[(cp - from) as usize])
}

/// A character of `BLOCKS` as written: whether it is alphanumeric, and
/// the letter of its lowercase (`None` when it lowercases to several
/// characters: the general path handles it).
#[derive(Clone, Copy)]
struct Written {
    alphanumeric: bool,
    lower: Option<Letter>,
}

/// `Written` for every character of `BLOCKS`, computed once: indexing
/// then needs no Unicode table search for Vietnamese letters.
fn written() -> &'static [Vec<Written>; 2] {
    static TABLE: OnceLock<[Vec<Written>; 2]> = OnceLock::new();
    TABLE.get_or_init(|| {
        BLOCKS.map(|(from, to)| {
            (from..=to)
                .map(|cp| {
                    let c = char::from_u32(cp).unwrap_or(' ');
                    let mut lower = c.to_lowercase();
                    let lower = match (lower.next(), lower.next()) {
                        (Some(l), None) => Some(letter(l).unwrap_or(plain(l))),
                        _ => None,
                    };
                    Written {
                        alphanumeric: c.is_alphanumeric(),
                        lower,
                    }
                })
                .collect()
        })
    })
}

fn written_char(c: char) -> Option<Written> {
    let cp = c as u32;
    let table = written();
    if (BLOCKS[0].0..=BLOCKS[0].1).contains(&cp) {
        Some(table[0][(cp - BLOCKS[0].0) as usize])
    } else if (BLOCKS[1].0..=BLOCKS[1].1).contains(&cp) {
        Some(table[1][(cp - BLOCKS[1].0) as usize])
    } else {
        None
    }
}

fn split_letter(
    c: char,
    nfd: &DecomposingNormalizerBorrowed,
    nfc: &icu_normalizer::ComposingNormalizerBorrowed,
) -> Letter {
    if c == 'đ' {
        return Letter {
            toneless: 'đ',
            folded: 'd',
            tone: None,
        };
    }
    let decomposed: String = nfd.normalize(c.encode_utf8(&mut [0; 4])).into_owned();
    let mut chars = decomposed.chars();
    let base = chars.next().unwrap_or(c);
    let mut tone = None;
    let mut kept = String::from(base);
    for m in chars {
        match TONES.iter().find(|(mark, _)| *mark == m) {
            Some((_, digit)) if tone.is_none() => tone = Some(*digit),
            Some(_) => {}
            None => kept.push(m),
        }
    }
    // A tone-less form with no precomposed letter keeps the letter whole.
    let composed = nfc.normalize(&kept);
    let mut it = composed.chars();
    let (toneless, tone) = match (it.next(), it.next()) {
        (Some(t), None) => (t, tone),
        _ => (c, None),
    };
    Letter {
        toneless,
        folded: if base.is_ascii() { base } else { c },
        tone,
    }
}

/// A character that splits into nothing: itself, no tone.
fn plain(c: char) -> Letter {
    Letter {
        toneless: c,
        folded: c,
        tone: None,
    }
}

/// Appends the keys of a word given letter by letter (the tone digit of
/// the exact key last); `false`, with the keys left partial, at the first
/// letter that is `None`.
fn write_keys(
    letters: impl Iterator<Item = Option<Letter>>,
    exact: bool,
    folded: &mut String,
    ex: &mut String,
) -> bool {
    let mut tone = None;
    for l in letters {
        let Some(l) = l else {
            return false;
        };
        folded.push(l.folded);
        if exact {
            ex.push(l.toneless);
            tone = tone.or(l.tone);
        }
    }
    unify_i_y(folded);
    if exact {
        unify_i_y(ex);
    }
    if let Some(t) = tone {
        ex.push(TONE_SEPARATOR);
        ex.push(t);
    }
    true
}

/// Consonant letters that may open a syllable (as toneless key letters).
fn is_onset_letter(c: char) -> bool {
    matches!(
        c,
        'b' | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'q'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x'
    )
}

/// A syllable of consonants and a final `y` is spelt with `i` as well
/// ("lý"/"lí", "kỹ"/"kĩ", "Mỹ"/"mĩ", "sỹ"/"sĩ", "tỷ"/"tỉ"): both spellings
/// get the key with `i`. A `y` after a vowel ("quy", "tuy", "ay") or alone
/// ("y tế") is a different letter and stays. `key` has no tone digit yet.
fn unify_i_y(key: &mut String) {
    let Some(head) = key.strip_suffix('y') else {
        return;
    };
    if !head.is_empty() && head.chars().all(is_onset_letter) {
        key.pop();
        key.push('i');
    }
}

/// The keys of one lowercase word (the exact key only if `exact`).
fn keys(word: String, exact: bool) -> (String, String) {
    if word.is_ascii() {
        let mut word = word;
        unify_i_y(&mut word);
        let ex = if exact { word.clone() } else { String::new() };
        return (word, ex);
    }
    let mut folded = String::with_capacity(word.len());
    let mut ex = String::with_capacity(if exact { word.len() + 2 } else { 0 });
    let letters = word.chars().map(|c| Some(letter(c).unwrap_or(plain(c))));
    write_keys(letters, exact, &mut folded, &mut ex);
    (folded, ex)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match written_char(c) {
        Some(w) => w.alphanumeric,
        None => c.is_alphanumeric(),
    }
}

/// The keys of one word as written: lowercase and split in one pass for
/// ASCII and `BLOCKS` letters; any other character takes the general
/// path (`str::to_lowercase`, then [`keys`]), which gives the same keys.
/// Written into `folded` and `ex` (cleared first; `ex` stays empty unless
/// `exact`), so that indexing reuses two buffers for every word.
fn word_keys_into(word: &str, exact: bool, folded: &mut String, ex: &mut String) {
    folded.clear();
    ex.clear();
    if word.is_ascii() {
        folded.push_str(word);
        folded.make_ascii_lowercase();
        unify_i_y(folded);
        if exact {
            ex.push_str(folded);
        }
        return;
    }
    let letters = word.chars().map(|c| {
        if c.is_ascii() {
            Some(plain(c.to_ascii_lowercase()))
        } else {
            written_char(c).and_then(|w| w.lower)
        }
    });
    if !write_keys(letters, exact, folded, ex) {
        (*folded, *ex) = keys(word.to_lowercase(), exact);
    }
}

/// Calls `each(folded, exact, start, end)` for every word of `text` in
/// order (`exact` is empty unless asked for), allocating nothing a word.
pub fn for_each_word(text: &str, exact: bool, mut each: impl FnMut(&str, &str, usize, usize)) {
    let (mut folded, mut ex) = (String::new(), String::new());
    for_each_span(text, |s, e| {
        word_keys_into(&text[s..e], exact, &mut folded, &mut ex);
        each(&folded, &ex, s, e);
    });
}

/// Calls `each(start, end)` for the byte range of every word of `text`.
pub fn for_each_span(text: &str, mut each: impl FnMut(usize, usize)) {
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                each(s, i);
                start = None;
            }
            _ => {}
        }
    }
}

/// The folded key of a word as written.
pub fn folded_key(word: &str, folded: &mut String) {
    word_keys_into(word, false, folded, &mut String::new());
}

/// The exact key of a word as written.
pub fn exact_key(word: &str, exact: &mut String) {
    word_keys_into(word, true, &mut String::new(), exact);
}

/// Splits a text into analysed words. The text should be NFC (catalogue
/// text is; a query goes through [`analyze_query`]).
pub fn analyze(text: &str) -> Vec<Word> {
    analyze_keys(text, true)
}

/// [`analyze`], with empty exact keys unless `exact` (indexing speed).
fn analyze_keys(text: &str, exact: bool) -> Vec<Word> {
    let mut words = Vec::new();
    for_each_word(text, exact, |folded, ex, start, end| {
        words.push(Word {
            folded: folded.to_string(),
            exact: ex.to_string(),
            start,
            end,
        })
    });
    words
}

/// A user's query: composed to NFC first (NFD input behaves like NFC).
pub fn analyze_query(query: &str) -> Vec<Word> {
    analyze(&crate::text::nfc(query))
}

/// The key of a syllable pair in the folded index: `"chuyen doi"`.
pub fn bigram(a: &str, b: &str) -> String {
    format!("{a} {b}")
}

/// Which keys a tantivy field receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Folded words only.
    Folded,
    /// Folded words and folded pairs of adjacent words.
    FoldedWithBigrams,
    /// Exact words.
    Exact,
}

/// The analyzer as a tantivy tokenizer (registered under [`Keys::name`]).
#[derive(Debug, Clone, Copy)]
pub struct VietnameseTokenizer(pub Keys);

impl Keys {
    pub fn name(self) -> &'static str {
        match self {
            Keys::Folded => "vi_folded",
            Keys::FoldedWithBigrams => "vi_folded_bigrams",
            Keys::Exact => "vi_exact",
        }
    }
}

/// Tokens of one text, computed eagerly.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let words = analyze_keys(text, self.0 == Keys::Exact);
        let pairs = if self.0 == Keys::FoldedWithBigrams {
            words
                .windows(2)
                .map(|p| bigram(&p[0].folded, &p[1].folded))
                .collect()
        } else {
            Vec::new()
        };
        let mut pairs = pairs.into_iter();
        let mut tokens = Vec::with_capacity(words.len() * 2);
        for (n, w) in words.into_iter().enumerate() {
            let (from, to) = (w.start, w.end);
            let token = |text: String| Token {
                offset_from: from,
                offset_to: to,
                position: n,
                text,
                position_length: 1,
            };
            // Moved, not copied: this runs on every word of every body.
            tokens.push(token(match self.0 {
                Keys::Exact => w.exact,
                _ => w.folded,
            }));
            if let Some(p) = pairs.next() {
                tokens.push(token(p));
            }
        }
        VecTokenStream { tokens, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> Vec<String> {
        analyze_query(s).into_iter().map(|w| w.folded).collect()
    }
    fn exact(s: &str) -> Vec<String> {
        analyze_query(s).into_iter().map(|w| w.exact).collect()
    }

    /// The 67 lowercase Vietnamese letters with marks (plus their 67
    /// capitals: 134 in all), each with the ASCII letter it folds to.
    const VIETNAMESE: [(&str, char); 12] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("đ", 'd'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
        ("Đ", 'd'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
        ("ÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
        ("ÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ", 'u'),
    ];

    #[test]
    fn every_vietnamese_letter_folds() {
        let mut count = 0;
        for (letters, base) in VIETNAMESE {
            for c in letters.chars() {
                let f = &folded(&c.to_string())[0];
                let want = match c {
                    'Ì' | 'Í' | 'Ỉ' | 'Ĩ' | 'Ị' => 'i',
                    'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ' => 'y',
                    _ => base,
                };
                assert_eq!(f, &want.to_string(), "{c} folds to {f}");
                count += 1;
            }
        }
        assert_eq!(count, 134);
    }

    #[test]
    fn the_fast_path_gives_the_general_keys() {
        // Every character up to Latin Extended Additional, alone and in a
        // word with capitals and Vietnamese letters. The buffers start
        // with the previous word's keys, as in `for_each_word`.
        let (mut folded, mut ex) = (String::from("x"), String::from("y"));
        for cp in 0..0x2000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            for word in [c.to_string(), format!("Ngh{c}Ệ"), format!("{c}ΣA")] {
                let general = keys(word.to_lowercase(), true);
                word_keys_into(&word, true, &mut folded, &mut ex);
                assert_eq!((folded.clone(), ex.clone()), general, "{word:?}");
            }
        }
    }

    #[test]
    fn d_with_stroke_folds_but_stays_in_the_exact_key() {
        assert_eq!(folded("Đường đi"), ["duong", "di"]);
        assert_eq!(exact("Đường"), ["đương:2"]);
        assert_eq!(fold_exact("đương:2"), "duong");
        assert_eq!(folded("Đắk Hà"), ["dak", "ha"]);
    }

    #[test]
    fn nfd_equals_nfc() {
        let nfc = "Sáng kiến chuyển đổi số Đắk Hà";
        let nfd: String = DecomposingNormalizerBorrowed::new_nfd()
            .normalize(nfc)
            .into_owned();
        assert_ne!(nfc, nfd);
        assert_eq!(analyze_query(&nfd).len(), 7);
        assert_eq!(folded(&nfd), folded(nfc));
        assert_eq!(exact(&nfd), exact(nfc));
    }

    #[test]
    fn tone_placement_variants_meet() {
        assert_eq!(exact("hoá"), exact("hóa"));
        assert_eq!(exact("hoá"), ["hoa:1"]);
        assert_eq!(exact("thuỷ"), exact("thủy"));
        assert_eq!(exact("khoẻ"), exact("khỏe"));
        // Different tones or vowels stay apart.
        assert_ne!(exact("hoà"), exact("hoá"));
        assert_ne!(exact("số"), exact("sở"));
        assert_eq!(folded("hoà hoá hóa"), ["hoa", "hoa", "hoa"]);
    }

    #[test]
    fn i_and_y_after_a_consonant_meet() {
        for (y, i) in [
            ("lý", "lí"),
            ("kỹ", "kĩ"),
            ("mỹ", "mĩ"),
            ("sỹ", "sĩ"),
            ("tỷ", "tỉ"),
        ] {
            assert_eq!(exact(y), exact(i), "{y} = {i}");
            assert_eq!(folded(y), folded(i), "{y} = {i}");
        }
        assert_eq!(exact("Lý"), ["li:1"]);
        assert_eq!(folded("ly"), ["li"]);
        // After a vowel, or alone, y is another letter.
        assert_eq!(folded("quý tuy y"), ["quy", "tuy", "y"]);
        assert_ne!(exact("quý"), exact("quí"));
        assert_ne!(exact("lý"), exact("lị"));
    }

    #[test]
    fn marks_are_detected() {
        let w = analyze_query("so số");
        assert!(!w[0].has_marks());
        assert!(w[1].has_marks());
        assert_eq!(w[1].exact, "sô:1");
    }

    #[test]
    fn words_split_at_punctuation_and_keep_offsets() {
        let text = "Huyện Ia H'Drai, 2024: quản-lý";
        let words = analyze(text);
        let f: Vec<_> = words.iter().map(|w| w.folded.as_str()).collect();
        // "lý" keys as "lí" (i/y after a consonant).
        assert_eq!(f, ["huyen", "ia", "h", "drai", "2024", "quan", "li"]);
        assert_eq!(&text[words[0].start..words[0].end], "Huyện");
    }

    #[test]
    fn bigrams_pair_adjacent_syllables() {
        let mut t = VietnameseTokenizer(Keys::FoldedWithBigrams);
        let mut stream = t.token_stream("Chuyển đổi số");
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        assert_eq!(
            out,
            ["chuyen", "chuyen doi", "doi", "doi so", "so"],
            "unigrams and the pairs of neighbours"
        );
        let mut t = VietnameseTokenizer(Keys::Exact);
        let mut stream = t.token_stream("Chuyển đổi");
        stream.advance();
        assert_eq!(stream.token().text, "chuyên:3");
    }
}
