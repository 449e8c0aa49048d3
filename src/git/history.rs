//! The change history of every catalogue file, from ONE `git log` over the
//! whole repository (a process per file would take minutes on a large
//! catalogue). Renames are followed, so an entry moved to another folder
//! keeps its history.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::{git, GitError};
use crate::model::{Catalogue, Change, Initiative};

/// Commits per file, newest first; paths relative to the catalogue root,
/// `/`-separated.
#[derive(Debug, Default, Clone)]
pub struct History {
    by_path: HashMap<String, Vec<Change>>,
}

impl History {
    /// Reads the history of the catalogue at `root`. `Ok(None)` when there
    /// is no git or the catalogue is not in a repository: pages then have
    /// no history, which is not an error.
    ///
    /// Only a catalogue that is a repository of its own (its folder is
    /// the top of the work tree) has a history: a catalogue inside another
    /// project's repository (such as this project's sample) has none.
    pub fn read(root: &Path) -> Result<Option<History>, GitError> {
        match git(root, &["rev-parse", "--show-prefix"]) {
            Ok(prefix) if prefix.trim_ascii().is_empty() => {}
            Ok(_) | Err(GitError::NoGit(_) | GitError::NotARepository) => return Ok(None),
            Err(e) => return Err(e),
        }
        // The catalogue is the top of the work tree, so paths come out
        // relative to it; no pathspec (limiting to `.` costs git ~70 %
        // more time on a large history).
        let args = [
            "log",
            "--name-status",
            "-M",
            "-z",
            // Author date: when the change was written, kept by rebases.
            // No name, no email: nothing private leaves git.
            "--format=%x1e%as%x00%s",
        ];
        match git(root, &args) {
            Ok(out) => Ok(Some(parse_log(&out))),
            Err(GitError::NoGit(_) | GitError::NotARepository) => Ok(None),
            // A repository without any commit yet has no history.
            Err(GitError::Failed { message, .. })
                if message.contains("does not have any commits") =>
            {
                Ok(Some(History::default()))
            }
            Err(e) => Err(e),
        }
    }

    /// Starts [`History::read`] on another thread, so that git walks
    /// the history while the catalogue is loaded and checked.
    pub fn start(root: &Path) -> Pending {
        let root = root.to_path_buf();
        Pending(std::thread::spawn(move || History::read(&root)))
    }

    /// The changes of one file, newest first.
    pub fn of(&self, path: &Path) -> &[Change] {
        self.by_path
            .get(&crate::diag::display_path(path))
            .map_or(&[], Vec::as_slice)
    }

    /// Number of files with at least one change.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// Gives each initiative the history of its source file.
    pub fn apply(&self, initiatives: &mut [Initiative]) {
        for i in initiatives {
            i.history = self.of(&i.source).to_vec();
        }
    }

    /// [`History::apply`] to every initiative of a catalogue.
    pub fn fill(&self, catalogue: &mut Catalogue) {
        self.apply(&mut catalogue.initiatives);
    }
}

/// A history being read (see [`History::start`]).
pub struct Pending(std::thread::JoinHandle<Result<Option<History>, GitError>>);

impl Pending {
    pub fn wait(self) -> Result<Option<History>, GitError> {
        self.0.join().unwrap_or(Ok(None))
    }
}

/// Gives the initiatives of `v` their history when the catalogue is a git
/// repository; a git failure is reported and leaves the pages without
/// history rather than failing the build.
pub fn add_to(v: &mut crate::validate::Validated, history: Pending) {
    match history.wait() {
        Ok(Some(h)) => h.apply(&mut v.initiatives),
        Ok(None) => {}
        Err(e) => eprintln!("warning: no change history on the pages: {e}"),
    }
}

/// Parses `git log --name-status -M -z --format=%x1e%as%x00%s`: records
/// start with 0x1E; a record is `date NUL subject NUL \n` followed by
/// NUL-separated `status NUL path [NUL new-path]` items.
///
/// The log is read newest first, so a rename `old → new` means that older
/// commits touching `old` belong to the file now called `new`, and an
/// addition of `p` means older commits touching `p` were another file.
fn parse_log(out: &[u8]) -> History {
    let mut by_path: HashMap<String, Vec<Change>> = HashMap::new();
    // Path as it was then → path now (`None`: a file that no longer exists).
    let mut now_called: HashMap<String, Option<String>> = HashMap::new();
    let resolve = |now_called: &HashMap<String, Option<String>>, p: &str| -> Option<String> {
        match now_called.get(p) {
            Some(current) => current.clone(),
            None => Some(p.to_string()),
        }
    };
    for record in out.split(|b| *b == 0x1e).filter(|r| !r.is_empty()) {
        let mut parts = record.split(|b| *b == 0);
        let (Some(date), Some(subject)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Some(date) = std::str::from_utf8(date)
            .ok()
            .and_then(|d| d.parse::<Date>().ok())
        else {
            continue;
        };
        let change = Change {
            date,
            subject: String::from_utf8_lossy(subject).trim().to_string(),
        };
        let mut items = parts
            .map(|p| {
                String::from_utf8_lossy(p)
                    .trim_start_matches('\n')
                    .to_string()
            })
            .filter(|p| !p.is_empty());
        while let Some(status) = items.next() {
            let Some(path) = items.next() else { break };
            match status.as_bytes()[0] {
                b'R' | b'C' => {
                    let Some(new) = items.next() else { break };
                    let current = resolve(&now_called, &new);
                    if let Some(c) = &current {
                        by_path.entry(c.clone()).or_default().push(change.clone());
                    }
                    if status.starts_with('R') {
                        now_called.insert(path, current);
                    }
                    now_called.insert(new, None);
                }
                b'D' => {
                    now_called.insert(path, None);
                }
                b'A' => {
                    if let Some(c) = resolve(&now_called, &path) {
                        by_path.entry(c).or_default().push(change.clone());
                    }
                    now_called.insert(path, None);
                }
                _ => {
                    if let Some(c) = resolve(&now_called, &path) {
                        by_path.entry(c).or_default().push(change.clone());
                    }
                }
            }
        }
    }
    History { by_path }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn follows_renames_and_forgets_deleted_files() {
        // Newest first, as git writes it.
        let log = b"\x1e2024-03-01\x00edit y\x00\nM\x00a/y.md\x00A\x00z.md\x00\
\x1e2024-02-01\x00move x to y\x00\nR097\x00a/x.md\x00a/y.md\x00\
\x1e2024-01-15\x00drop z\x00\nD\x00z.md\x00\
\x1e2024-01-10\x00first z\x00\nA\x00z.md\x00\
\x1e2024-01-01\x00add x\x00\nA\x00a/x.md\x00";
        let h = parse_log(log);
        let y: Vec<(Date, &str)> = h
            .of(Path::new("a/y.md"))
            .iter()
            .map(|c| (c.date, c.subject.as_str()))
            .collect();
        assert_eq!(
            y,
            vec![
                (d("2024-03-01"), "edit y"),
                (d("2024-02-01"), "move x to y"),
                (d("2024-01-01"), "add x"),
            ]
        );
        // The z.md of today was added on 2024-03-01; the older z.md was
        // another file, deleted.
        assert_eq!(h.of(Path::new("z.md")).len(), 1);
        assert!(h.of(Path::new("a/x.md")).is_empty());
    }

    #[test]
    fn empty_log_gives_no_history() {
        assert!(parse_log(b"").is_empty());
    }
}
