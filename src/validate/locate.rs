//! Finds the line of a key path (`authors[1].share`) in YAML text.
//!
//! serde_yaml gives values without positions, so diagnostics find their
//! line here, after the fact and only when there is something to report.
//! The scanner understands the block style editors write (mappings,
//! `- ` sequences, block scalars); a path it cannot place falls back to
//! its nearest located parent.

use std::borrow::Cow;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Locator {
    /// Key path → (1-based line, 1-based column), relative to the YAML text.
    spots: HashMap<String, (u32, u32)>,
    /// Keys written a second time in their mapping: path, line, column.
    repeated: Vec<(String, u32, u32)>,
}

struct Open {
    indent: usize,
    path: String,
    is_item: bool,
    next_index: usize,
}

impl Locator {
    pub fn new(yaml: &str) -> Self {
        let mut spots = HashMap::new();
        let mut repeated = Vec::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut block_scalar_indent: Option<usize> = None;
        // Items of a list at the top level (fields.yaml, districts.yaml).
        let mut root_next = 0;

        for (i, raw) in yaml.lines().enumerate() {
            let line_no = i as u32 + 1;
            let trimmed = raw.trim_start_matches(' ');
            let mut indent = raw.len() - trimmed.len();
            if let Some(owner) = block_scalar_indent {
                if trimmed.is_empty() || indent > owner {
                    continue;
                }
                block_scalar_indent = None;
            }
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut rest = trimmed;
            // One or more `- ` sequence markers, each opening an item.
            while rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|t| t.indent > indent || (t.indent == indent && t.is_item))
                {
                    stack.pop();
                }
                let parent = stack.last_mut();
                let (base, index) = match parent {
                    Some(p) => {
                        let n = p.next_index;
                        p.next_index += 1;
                        (p.path.clone(), n)
                    }
                    None => {
                        root_next += 1;
                        (String::new(), root_next - 1)
                    }
                };
                let path = format!("{base}[{index}]");
                spots
                    .entry(path.clone())
                    .or_insert((line_no, indent as u32 + 1));
                stack.push(Open {
                    indent,
                    path,
                    is_item: true,
                    next_index: 0,
                });
                let after = rest[1..].trim_start_matches(' ');
                indent += rest.len() - after.len();
                rest = after;
            }
            if let Some((key, value)) = split_key(rest) {
                while stack.last().is_some_and(|t| t.indent >= indent) {
                    stack.pop();
                }
                let path = match stack.last() {
                    Some(p) => format!("{}.{key}", p.path),
                    None => key.to_string(),
                };
                let spot = (line_no, indent as u32 + 1);
                if spots.contains_key(&path) {
                    repeated.push((path.clone(), spot.0, spot.1));
                } else {
                    spots.insert(path.clone(), spot);
                }
                let v = value.trim();
                if v.starts_with('|') || v.starts_with('>') {
                    block_scalar_indent = Some(indent);
                }
                stack.push(Open {
                    indent,
                    path,
                    is_item: false,
                    next_index: 0,
                });
            }
        }
        Locator { spots, repeated }
    }

    /// The first key `key` written twice in its mapping at or after
    /// `from_line`.
    pub fn duplicate(&self, key: &str, from_line: u32) -> Option<(u32, u32)> {
        self.repeated
            .iter()
            .find(|(path, line, _)| {
                *line >= from_line && (path == key || path.ends_with(&format!(".{key}")))
            })
            .map(|(_, line, col)| (*line, *col))
    }

    /// The line and column of `path`, or of its nearest located parent.
    pub fn find(&self, path: &str) -> Option<(u32, u32)> {
        let mut p = path;
        loop {
            if let Some(spot) = self.spots.get(p) {
                return Some(*spot);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// Splits `key: value` (or `key:`) into its parts; keys may be quoted
/// (and then hold escapes, decoded as YAML does).
fn split_key(s: &str) -> Option<(Cow<'_, str>, &str)> {
    let (key, rest) = if let Some(q) = s.strip_prefix('"') {
        let (key, len) = double_quoted(q)?;
        (key, q[len..].trim_start())
    } else if let Some(q) = s.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = q.char_indices();
        let end = loop {
            match chars.next()? {
                (i, '\'') if q[i + 1..].starts_with('\'') => {
                    key.push('\'');
                    chars.next();
                }
                (i, '\'') => break i,
                (_, c) => key.push(c),
            }
        };
        (Cow::Owned(key), q[end + 1..].trim_start())
    } else {
        let colon = s
            .find(": ")
            .or_else(|| s.ends_with(':').then(|| s.len() - 1))?;
        let key = s[..colon].trim_end();
        if key.starts_with(['[', '{', '"', '\'']) {
            return None;
        }
        (Cow::Borrowed(key), &s[colon..])
    };
    let value = rest.strip_prefix(':')?;
    Some((key, value))
}

/// A double-quoted key after its opening quote: its text and the length
/// of its source up to and including the closing quote.
fn double_quoted(q: &str) -> Option<(Cow<'_, str>, usize)> {
    let end = q.find(['"', '\\'])?;
    if q.as_bytes()[end] == b'"' {
        return Some((Cow::Borrowed(&q[..end]), end + 1));
    }
    let mut key = String::new();
    let mut chars = q.char_indices();
    loop {
        let (i, c) = chars.next()?;
        match c {
            '"' => return Some((Cow::Owned(key), i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                let hex = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                if hex > 0 {
                    let digits: String = (0..hex)
                        .filter_map(|_| chars.next())
                        .map(|(_, c)| c)
                        .collect();
                    key.push(
                        u32::from_str_radix(&digits, 16)
                            .ok()
                            .and_then(char::from_u32)?,
                    );
                    continue;
                }
                key.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    other => other,
                });
            }
            c => key.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "id: KT-1\ntitle: \"A: b\"\nauthors:\n  - author: a\n    share: 60\n  - author: b\n    share: 40\nrecognition:\n  decision: x\n  date: 2020-01-01\ntags: [a, b]\nbenefits:\n  summary: |\n    text: not a key\n  savings_vnd: 5\nlist:\n- x\n- y: 1\n";

    #[test]
    fn finds_nested_keys_and_items() {
        let l = Locator::new(DOC);
        assert_eq!(l.find("id"), Some((1, 1)));
        assert_eq!(l.find("title"), Some((2, 1)));
        assert_eq!(l.find("authors[0]"), Some((4, 3)));
        assert_eq!(l.find("authors[0].author"), Some((4, 5)));
        assert_eq!(l.find("authors[1].share"), Some((7, 5)));
        assert_eq!(l.find("recognition.date"), Some((10, 3)));
        assert_eq!(l.find("benefits.savings_vnd"), Some((15, 3)));
        assert_eq!(l.find("list[1].y"), Some((18, 3)));
    }

    #[test]
    fn counts_top_level_list_items() {
        let l = Locator::new("- slug: a\n  name: A\n- slug: b\n  name: B\n");
        assert_eq!(l.find("[0].slug"), Some((1, 3)));
        assert_eq!(l.find("[1].slug"), Some((3, 3)));
        assert_eq!(l.find("[1].name"), Some((4, 3)));
    }

    #[test]
    fn finds_quoted_and_repeated_keys() {
        let l = Locator::new("title: a\n\"sum\\x61ry\": x\n'it''s': y\nauthors:\n  - \"author\": a\n    share: 1\n    share: 2\ntitle: b\n");
        assert_eq!(l.find("sumary"), Some((2, 1)));
        assert_eq!(l.find("it's"), Some((3, 1)));
        assert_eq!(l.find("authors[0].author"), Some((5, 5)));
        assert_eq!(l.duplicate("share", 1), Some((7, 5)));
        assert_eq!(l.duplicate("title", 1), Some((8, 1)));
        assert_eq!(l.duplicate("title", 9), None);
    }

    #[test]
    fn falls_back_to_parent() {
        let l = Locator::new(DOC);
        assert_eq!(l.find("tags[1]"), Some((11, 1)));
        assert_eq!(l.find("benefits.summary.text"), Some((13, 3)));
        assert_eq!(l.find("nothing"), None);
    }
}
