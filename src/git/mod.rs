//! Reading the catalogue's git repository: the history of every entry
//! (one `git log` over the whole repository) and the files changed since
//! a revision (for `check --changed-since`). Git is optional: without it,
//! or outside a repository, pages simply have no history.

mod cache;
pub mod changed;
pub mod history;

use std::path::Path;
use std::process::Command;

pub use changed::{changed_since, scope};
pub use history::History;

/// Git could not answer.
#[derive(Debug)]
pub enum GitError {
    /// `git` is not installed (or cannot be started).
    NoGit(std::io::Error),
    /// The folder is not inside a git repository.
    NotARepository,
    /// A git command failed; its first line of error output.
    Failed { command: String, message: String },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NoGit(e) => write!(f, "cannot run git: {e}"),
            GitError::NotARepository => write!(f, "the catalogue is not in a git repository"),
            GitError::Failed { command, message } => write!(f, "`{command}` failed: {message}"),
        }
    }
}

impl std::error::Error for GitError {}

/// Runs `git <args>` in `dir` and returns its standard output. Output is
/// never re-encoded: paths are taken as git writes them with
/// `core.quotepath=off` (UTF-8).
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        .arg("-c")
        .arg("core.quotepath=off")
        .args(args)
        .current_dir(dir)
        // A user's pager or locale must not change what we parse.
        .env("GIT_PAGER", "cat")
        .env("LC_ALL", "C")
        .output()
        .map_err(GitError::NoGit)?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("not a git repository") {
        return Err(GitError::NotARepository);
    }
    Err(GitError::Failed {
        command: format!("git {}", args.join(" ")),
        message: stderr.lines().next().unwrap_or("").trim().to_string(),
    })
}

/// Whether `dir` is inside a git work tree.
pub fn is_repository(dir: &Path) -> bool {
    git(dir, &["rev-parse", "--is-inside-work-tree"]).is_ok_and(|o| o.starts_with(b"true"))
}

/// When git first recorded `path` (relative to `dir`) under that name, in
/// seconds since 1970 (the committer date of the commit that added it);
/// `None` when git has never seen the file. Renames are not followed:
/// `--follow` takes a near copy (a duplicated entry) for the file's past.
pub fn first_added(dir: &Path, path: &Path) -> Option<i64> {
    let path = path.to_str()?;
    let out = git(
        dir,
        &[
            "log",
            "--no-renames",
            "--diff-filter=A",
            "--format=%ct",
            "--",
            path,
        ],
    )
    .ok()?;
    // Newest first: the last line is the first time it was added.
    String::from_utf8_lossy(&out)
        .lines()
        .rev()
        .find_map(|l| l.trim().parse().ok())
}
