//! Splitting `---` front matter from a Markdown body.

use crate::messages::Message;
use crate::msg;
use std::ops::Range;

/// The YAML's byte range and first line, then the body's.
pub type Split = (Range<usize>, u32, Range<usize>, u32);

/// Splits normalised text (LF line endings) into the YAML front matter and
/// the body. Returns byte ranges and the 1-based first line of each, or
/// the line and message of what is wrong.
pub fn split_front_matter(text: &str) -> Result<Split, (u32, Message)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err((1, msg!("front-matter.missing")));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2u32;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok((yaml_start..pos, 2, body_start..text.len(), line + 1));
        }
        pos = end + 1;
        line += 1;
    }
    Err((1, msg!("front-matter.unclosed")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let t = "---\na: 1\n---\nbody\n";
        let (y, yl, b, bl) = split_front_matter(t).unwrap();
        assert_eq!(&t[y], "a: 1\n");
        assert_eq!(yl, 2);
        assert_eq!(&t[b], "body\n");
        assert_eq!(bl, 4);
    }

    #[test]
    fn empty_body_and_unclosed() {
        let (_, _, b, _) = split_front_matter("---\na: 1\n---").unwrap();
        assert!(b.is_empty());
        assert_eq!(split_front_matter("---\na: 1\n").unwrap_err().0, 1);
        assert_eq!(split_front_matter("a: 1\n").unwrap_err().0, 1);
    }
}
