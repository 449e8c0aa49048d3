//! The change history of every catalogue file, from ONE `git log` over the
//! whole repository (a process per file would take minutes on a large
//! catalogue). Renames are followed, so an entry moved to another folder
//! keeps its history.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::{cache, git, GitError};
use crate::model::{Catalogue, Change, Initiative};

/// Commits per file, newest first; paths relative to the catalogue root,
/// `/`-separated.
#[derive(Debug, Default, Clone)]
pub struct History {
    by_path: HashMap<String, Vec<Change>>,
}

/// `git log` as this module reads it. No pathspec: the catalogue is the
/// top of the work tree, so paths come out relative to it (limiting to
/// `.` costs git ~70 % more time on a large history).
const LOG_ARGS: &[&str] = &[
    "log",
    "--name-status",
    "-M",
    "-z",
    // Author date: when the change was written, kept by rebases. No name,
    // no email: nothing private leaves git.
    "--format=%x1e%as%x00%s",
];

fn is_ancestor(root: &Path, old: &str, head: &str) -> bool {
    git(root, &["merge-base", "--is-ancestor", old, head]).is_ok()
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
        let where_ = match git(root, &["rev-parse", "--show-prefix", "--absolute-git-dir"]) {
            Ok(out) => String::from_utf8_lossy(&out).into_owned(),
            Err(GitError::NoGit(_) | GitError::NotARepository) => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut lines = where_.split('\n');
        let (prefix, git_dir) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
        if !prefix.is_empty() || git_dir.is_empty() {
            return Ok(None);
        }
        let git_dir = Path::new(git_dir);
        let head = match git(root, &["rev-parse", "-q", "--verify", "HEAD^{commit}"]) {
            Ok(out) => String::from_utf8_lossy(&out).trim().to_string(),
            // A repository without any commit yet has no history.
            Err(GitError::Failed { .. }) => return Ok(Some(History::default())),
            Err(e) => return Err(e),
        };
        let log = |range: &str| git(root, &[LOG_ARGS, &[range]].concat());
        // The history of an earlier build, extended by the commits since.
        let history = match cache::load(git_dir) {
            Some((cached, old)) if cached == head => old,
            Some((cached, old)) if is_ancestor(root, &cached, &head) => {
                let (mut newer, now_called) = walk_log(&log(&format!("{cached}..{head}"))?);
                newer.add_older(old, &now_called);
                newer
            }
            _ => walk_log(&log(&head)?).0,
        };
        cache::store(git_dir, &head, &history);
        Ok(Some(history))
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
        Err(e) => eprintln!("{}", crate::msg!("git.no-history", detail = e.to_string())),
    }
}

/// Parses `git log --name-status -M -z --format=%x1e%as%x00%s`: records
/// start with 0x1E; a record is `date NUL subject NUL \n` followed by
/// NUL-separated `status NUL path [NUL new-path]` items.
///
/// The log is read newest first, so a rename `old → new` means that older
/// commits touching `old` belong to the file now called `new`, and an
/// addition of `p` means older commits touching `p` were another file.
fn walk_log(out: &[u8]) -> (History, HashMap<String, Option<String>>) {
    let mut by_path: HashMap<String, Vec<Change>> = HashMap::new();
    // Path as it was then → path now (`None`: a file that no longer exists).
    let mut now_called: HashMap<String, Option<String>> = HashMap::new();
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
    (History { by_path }, now_called)
}

/// Path as it was then → path now (`None`: the file no longer exists).
fn resolve(now_called: &HashMap<String, Option<String>>, p: &str) -> Option<String> {
    match now_called.get(p) {
        Some(current) => current.clone(),
        None => Some(p.to_string()),
    }
}

impl History {
    /// Appends the changes of an older stretch of history (keyed by the
    /// paths of its last commit) after this newer one, following the
    /// renames and deletions this one saw.
    fn add_older(&mut self, older: History, now_called: &HashMap<String, Option<String>>) {
        for (path, changes) in older.by_path {
            if let Some(now) = resolve(now_called, &path) {
                self.by_path.entry(now).or_default().extend(changes);
            }
        }
    }

    pub(super) fn files(&self) -> impl Iterator<Item = (&String, &Vec<Change>)> {
        self.by_path.iter()
    }

    pub(super) fn from_files(by_path: HashMap<String, Vec<Change>>) -> History {
        History { by_path }
    }
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
        let h = walk_log(log).0;
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
    fn older_history_follows_newer_renames() {
        let older = walk_log(b"\x1e2024-01-01\x00add x\x00\nA\x00x.md\x00A\x00gone.md\x00").0;
        let (mut newer, now_called) =
            walk_log(b"\x1e2024-02-01\x00move\x00\nR100\x00x.md\x00y.md\x00D\x00gone.md\x00");
        newer.add_older(older, &now_called);
        let subjects: Vec<&str> = newer
            .of(Path::new("y.md"))
            .iter()
            .map(|c| c.subject.as_str())
            .collect();
        assert_eq!(subjects, ["move", "add x"]);
        assert!(newer.of(Path::new("x.md")).is_empty());
        assert!(newer.of(Path::new("gone.md")).is_empty());
    }

    #[test]
    fn empty_log_gives_no_history() {
        assert!(walk_log(b"").0.is_empty());
    }
}
