//! `sangkien init DIR`: a new catalogue repository that passes `check`
//! and `build` as created: site settings, one example of each kind of
//! entry, editor settings wiring the JSON Schemas, and CI that checks
//! every change and publishes the main branch.

use crate::msg;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{write_new, ScaffoldError};

/// (path in the new repository, text); `@VERSION@` becomes this
/// sangkien's version.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    ("fields.yaml", include_str!("starter/fields.yaml")),
    ("districts.yaml", include_str!("starter/districts.yaml")),
    (
        "units/ubnd-tinh.yaml",
        include_str!("starter/unit-ubnd-tinh.yaml"),
    ),
    (
        "units/so-khcn.yaml",
        include_str!("starter/unit-so-khcn.yaml"),
    ),
    (
        "authors/nguyen-van-an.md",
        include_str!("starter/author.md"),
    ),
    (
        "initiatives/2024/nhat-ky-dien-tu-vuon-sam.md",
        include_str!("starter/initiative.md"),
    ),
    ("pages/gioi-thieu.md", include_str!("starter/page.md")),
    ("media/vi-du.svg", include_str!("starter/vi-du.svg")),
    ("README.md", include_str!("starter/readme.md")),
    (".gitignore", include_str!("starter/gitignore")),
    (
        ".vscode/settings.json",
        include_str!("starter/vscode-settings.json"),
    ),
    (
        ".vscode/extensions.json",
        include_str!("starter/vscode-extensions.json"),
    ),
    (
        ".github/workflows/publish.yml",
        include_str!("starter/github-publish.yml"),
    ),
    (".gitlab-ci.yml", include_str!("starter/gitlab-ci.yml")),
];

/// Creates a catalogue repository in `dir` (which must not exist or be
/// empty) and returns the files written, relative to `dir`. Runs
/// `git init` when git is available; a missing git is not an error.
/// Where CI installs sangkien from (`cargo install --git`): the
/// package's `repository`, or `SANGKIEN_SOURCE_GIT` when this binary was
/// built, else a placeholder the CI template's comment asks to replace.
const SOURCE_GIT: &str = match option_env!("SANGKIEN_SOURCE_GIT") {
    Some(url) => url,
    None => match option_env!("CARGO_PKG_REPOSITORY") {
        Some(url) if !url.is_empty() => url,
        _ => "https://git.example.vn/sangkien.git",
    },
};

pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let io = |error| ScaffoldError::Io {
        path: dir.to_path_buf(),
        error,
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(ScaffoldError::Invalid(msg!(
                "init.not-folder",
                dir = dir.display().to_string()
            )));
        }
        if std::fs::read_dir(dir).map_err(io)?.next().is_some() {
            return Err(ScaffoldError::Invalid(msg!(
                "init.not-empty",
                dir = dir.display().to_string()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let text = text
            .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
            .replace("@GIT@", SOURCE_GIT);
        write_new(&dir.join(rel), &text)?;
        written.push(PathBuf::from(rel));
    }
    let schema_dir = dir.join("schema");
    let schemas = crate::schema::write_all(&schema_dir).map_err(|error| ScaffoldError::Io {
        path: schema_dir.clone(),
        error,
    })?;
    for p in schemas {
        written.push(p.strip_prefix(dir).map(Path::to_path_buf).unwrap_or(p));
    }
    // Best effort: the folder is a repository, ready for the first commit.
    // The CI templates publish the `main` branch (older git: its default).
    let git_init = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !git_init(&["init", "--quiet", "--initial-branch=main"]) {
        git_init(&["init", "--quiet"]);
    }
    Ok(written)
}
