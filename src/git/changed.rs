//! `check --changed-since REF`: the files changed since a revision, and
//! the scope to check around them, that is the changed entries plus the
//! entries they refer to and the entries that refer to them.

use std::collections::BTreeSet;
use std::path::Path;

use super::{git, GitError};
use crate::diag::display_path;
use crate::model::Validated;

/// Catalogue files (relative, `/`-separated) that differ between `rev`
/// and the working tree, including staged, unstaged and new untracked
/// files. A rename counts as its old and its new path.
pub fn changed_since(root: &Path, rev: &str) -> Result<BTreeSet<String>, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::Failed {
            command: format!("git diff {rev}"),
            message: "a revision cannot start with `-`".into(),
        });
    }
    let commit = format!("{rev}^{{commit}}");
    git(root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|e| match e {
        GitError::Failed { .. } => GitError::Failed {
            command: format!("git rev-parse {rev}"),
            message: format!("unknown revision `{rev}`"),
        },
        other => other,
    })?;
    let diff = git(
        root,
        &[
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "-z",
            rev,
            "--",
            ".",
        ],
    )?;
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
            ".",
        ],
    )?;
    Ok(diff
        .split(|b| *b == 0)
        .chain(untracked.split(|b| *b == 0))
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// The files to check for a set of changed files: each changed file, the
/// files it refers to, and the files referring to it. References are
/// resolved by the path an entry would have, so a deleted author still
/// brings in the initiatives that name it. `site.yaml` is always in scope:
/// every entry depends on it.
pub fn scope(v: &Validated, changed: &BTreeSet<String>) -> BTreeSet<String> {
    let mut edges: Vec<(String, String)> = Vec::new();
    let unit = |s: &str| format!("units/{s}.yaml");
    let author = |s: &str| format!("authors/{s}.md");
    for u in &v.units {
        let from = unit(&u.slug);
        if u.district.is_some() {
            edges.push((from.clone(), "districts.yaml".into()));
        }
        if let Some(p) = &u.parent {
            edges.push((from.clone(), unit(p)));
        }
        if let Some(s) = &u.successor {
            edges.push((from.clone(), unit(s)));
        }
    }
    for a in &v.authors {
        edges.push((author(&a.slug), unit(&a.unit)));
    }
    for i in &v.initiatives {
        let from = display_path(&i.source);
        edges.push((from.clone(), "fields.yaml".into()));
        edges.push((from.clone(), unit(&i.unit)));
        edges.push((from.clone(), unit(&i.recognition.body)));
        for u in &i.applied_in {
            edges.push((from.clone(), unit(u)));
        }
        // Outcomes name units too (a name that is not a slug has no file).
        let outcomes = i.effectiveness.iter().map(|e| &e.body);
        for u in outcomes
            .chain(&i.investor)
            .chain(i.transfers.iter().map(|t| &t.to))
        {
            edges.push((from.clone(), unit(u)));
        }
        for a in &i.authors {
            edges.push((from.clone(), author(&a.author)));
        }
    }
    let mut out: BTreeSet<String> = changed.clone();
    out.insert("site.yaml".into());
    for (from, to) in edges {
        if changed.contains(&from) {
            out.insert(to);
        } else if changed.contains(&to) {
            out.insert(from);
        }
    }
    out
}
