//! Stage 5, write: put the generated files on disk.

use std::path::PathBuf;

/// One file of the generated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the site, `/`-separated, no leading `/`
    /// (e.g. `sang-kien/abc/index.html`).
    pub path: String,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A catalogue asset copied as it is.
    CopyOf(PathBuf),
}
