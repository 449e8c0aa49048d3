//! The history of the last build, kept in the repository's git folder
//! (`.git/sangkien/history.json`, never committed): the next build only
//! reads the commits made since. Holds what pages publish anyway (dates
//! and commit subjects), nothing else. Any doubt (another format, a
//! rewritten history) means reading the whole history again.

use std::collections::HashMap;
use std::path::Path;

use super::history::History;
use crate::model::Change;

/// Bumped whenever the history is read differently.
const VERSION: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    version: u32,
    head: String,
    /// Path → (date, subject), newest first.
    files: HashMap<String, Vec<(String, String)>>,
}

fn file(git_dir: &Path) -> std::path::PathBuf {
    git_dir.join("sangkien").join("history.json")
}

/// The cached history and the commit it was read at.
pub fn load(git_dir: &Path) -> Option<(String, History)> {
    let text = std::fs::read(file(git_dir)).ok()?;
    let stored: Stored = serde_json::from_slice(&text).ok()?;
    if stored.version != VERSION {
        return None;
    }
    let mut by_path = HashMap::with_capacity(stored.files.len());
    for (path, changes) in stored.files {
        let changes = changes
            .into_iter()
            .map(|(date, subject)| {
                Some(Change {
                    date: date.parse().ok()?,
                    subject,
                })
            })
            .collect::<Option<Vec<Change>>>()?;
        by_path.insert(path, changes);
    }
    Some((stored.head, History::from_files(by_path)))
}

/// Saves the history read at `head`; failing to is harmless (the next
/// build reads everything again), so errors are ignored.
pub fn store(git_dir: &Path, head: &str, history: &History) {
    let stored = Stored {
        version: VERSION,
        head: head.to_string(),
        files: history
            .files()
            .map(|(p, cs)| {
                let cs = cs
                    .iter()
                    .map(|c| (c.date.to_string(), c.subject.clone()))
                    .collect();
                (p.clone(), cs)
            })
            .collect(),
    };
    let path = file(git_dir);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!("history.json.{}", std::process::id()));
    let written = serde_json::to_vec(&stored)
        .ok()
        .is_some_and(|bytes| std::fs::write(&tmp, bytes).is_ok());
    if !written || std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
