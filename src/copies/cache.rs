//! What the last copy check found, kept in the catalogue's git folder
//! (`.git/sangkien/copies/`, never committed) beside its tantivy index:
//! each entry's text fingerprint and the pairs found. A check then only
//! compares the entries whose text changed since. Any doubt (another
//! version, an unreadable file) means starting again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped whenever texts are compared differently.
const VERSION: u32 = 1;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub version: u32,
    /// Entry path → fingerprint of its text.
    pub entries: BTreeMap<String, u64>,
    /// (path, path, similarity in thousandths), the first path smaller.
    pub pairs: Vec<(String, String, u32)>,
    /// Older versions of entries still in the index.
    #[serde(default)]
    pub stale: usize,
}

/// The cache folder of a catalogue at the root of a git repository.
pub fn dir(root: &Path) -> Option<PathBuf> {
    let git = root.join(".git");
    git.is_dir().then(|| git.join("sangkien").join("copies"))
}

pub fn load(dir: &Path) -> State {
    std::fs::read(dir.join("state.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<State>(&b).ok())
        .filter(|s| s.version == VERSION)
        .unwrap_or_default()
}

/// Saves the state; failing to is harmless (the next check compares
/// everything again).
pub fn store(dir: &Path, state: &State) {
    let tmp = dir.join(format!("state.json.{}", std::process::id()));
    let stored = State {
        version: VERSION,
        entries: state.entries.clone(),
        pairs: state.pairs.clone(),
        stale: state.stale,
    };
    let ok = serde_json::to_vec(&stored)
        .ok()
        .is_some_and(|b| std::fs::write(&tmp, b).is_ok());
    if !ok || std::fs::rename(&tmp, dir.join("state.json")).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
