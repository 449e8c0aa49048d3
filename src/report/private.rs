//! Which lines of an entry hold private data (`private:` and
//! `confidential:` blocks), so that excerpts never quote them.

/// Top-level keys whose whole block is never shown.
const PRIVATE_KEYS: [&str; 2] = ["private", "confidential"];

/// Whether line `index` (0-based) of `text` belongs to a top-level
/// `private` or `confidential` block: the key's own line and every
/// following line that is indented, blank or a comment.
pub fn is_private_line(text: &str, index: usize) -> bool {
    let mut inside = false;
    for (n, line) in text.lines().enumerate() {
        let top_level = !line.is_empty() && !line.starts_with([' ', '\t', '#']);
        if top_level {
            inside = PRIVATE_KEYS.iter().any(|k| is_key_line(line, k));
        }
        if n == index {
            return inside;
        }
    }
    false
}

fn is_key_line(line: &str, key: &str) -> bool {
    let unquoted = line.trim_start_matches(['"', '\'']);
    unquoted
        .strip_prefix(key)
        .map(|rest| rest.trim_start_matches(['"', '\'']).trim_start())
        .is_some_and(|rest| rest.starts_with(':'))
}

/// The line with everything private hidden: a top-level key line keeps
/// its key (`confidential: ‹…›`), any other line only its indentation.
pub fn masked(line: &str) -> String {
    if let Some(key) = PRIVATE_KEYS.iter().find(|k| is_key_line(line, k)) {
        return format!("{key}: ‹…›");
    }
    let indent = line.len() - line.trim_start().len();
    format!("{}‹…›", &line[..indent])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = "---\nid: KT-2024-001\nconfidential: bí mật\nprivate:\n  phone: \"0901\"\n\n  notes: |\n    dòng\ntitle: X\n---\nthân\n";

    #[test]
    fn private_blocks_cover_their_indented_lines() {
        let private: Vec<usize> = (0..11).filter(|&i| is_private_line(ENTRY, i)).collect();
        assert_eq!(private, vec![2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn masked_lines_keep_only_the_private_key() {
        assert_eq!(masked("confidential: bí mật"), "confidential: ‹…›");
        assert_eq!(masked("private:"), "private: ‹…›");
        assert_eq!(masked("  phone: \"0901\""), "  ‹…›");
    }
}
