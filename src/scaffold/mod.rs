//! Starting entries and catalogues without remembering the format:
//! `sangkien new initiative|author|unit` and `sangkien init DIR`.
//!
//! Nothing here ever overwrites a file: every file is created with
//! `create_new`, and a name already taken gets a `-2`, `-3`… suffix.

mod init;
mod new;

use std::io::Write;

use crate::messages::Message;
use std::path::{Path, PathBuf};

pub use init::init;
pub use new::{new_author, new_initiative, new_unit, NewInitiative};

/// A file that `new` or `init` created.
#[derive(Debug, Clone)]
pub struct Created {
    /// Path relative to the catalogue root.
    pub path: PathBuf,
    /// Things the editor should know (defaults chosen, names taken).
    pub notes: Vec<Message>,
}

#[derive(Debug)]
pub enum ScaffoldError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The request cannot be satisfied (bad title, unknown slug, …).
    Invalid(Message),
    /// The catalogue could not be read.
    Load(crate::load::LoadError),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            // In the process's language (`messages::set_lang`).
            ScaffoldError::Invalid(m) => f.write_str(&m.text()),
            ScaffoldError::Load(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Writes a new file; fails (and leaves the existing file alone) if
/// `path` exists, even when created by someone else in the meantime.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |error| ScaffoldError::Io {
        path: path.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A slug for `text` of at most `max` bytes, cut at a word boundary.
fn slug_of(text: &str, max: usize) -> String {
    let full = crate::text::slugify(text);
    if full.len() <= max {
        return full;
    }
    let cut = &full[..max];
    match cut.rfind('-') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut.to_string(),
    }
}

/// `base`, or `base-2`, `base-3`… : the first that `taken` rejects not.
fn free_slug(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken(s))
        .expect("an unbounded range has a free name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_cut_at_words() {
        assert_eq!(slug_of("Chuyển đổi số trong y tế", 15), "chuyen-doi-so");
        assert_eq!(slug_of("Sâm Ngọc Linh", 60), "sam-ngoc-linh");
    }

    #[test]
    fn free_slug_skips_taken_names() {
        let taken = ["a", "a-2"];
        assert_eq!(free_slug("a", |s| taken.contains(&s)), "a-3");
        assert_eq!(free_slug("b", |s| taken.contains(&s)), "b");
    }

    #[test]
    fn quoting_escapes_yaml_specials() {
        assert_eq!(quoted("a: \"b\" #c"), r#""a: \"b\" #c""#);
    }
}
