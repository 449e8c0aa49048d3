//! For the departments (issue 13): the content model's outcome keys, the
//! annual report, the commendation list, open data and copy detection.

mod commendation;
mod copies;
mod model;
mod opendata;
mod report;

use std::path::Path;

use crate::util;

/// A copy of the check fixtures' base catalogue, to edit.
pub fn base_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    util::copy_tree(&util::root().join("tests/fixtures/check/_base"), dir.path());
    dir
}

/// Replaces `from` by `to` in a catalogue file (which must contain it).
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `check --format json`: every diagnostic as (code, file, line, message).
pub fn diagnostics(root: &Path) -> Vec<(String, String, u64, String)> {
    let out = util::run(&[
        "check",
        "--format",
        "json",
        "--content",
        root.to_str().unwrap(),
    ]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("code").is_some())
        .map(|v| {
            (
                v["code"].as_str().unwrap_or_default().to_string(),
                v["file"].as_str().unwrap_or_default().to_string(),
                v["line"].as_u64().unwrap_or_default(),
                v["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

pub const TODAY: &str = "2026-11-29";

/// The public catalogue of a folder (which must check without errors).
pub fn catalogue(content: &Path) -> sangkien::model::Catalogue {
    let today: jiff::civil::Date = TODAY.parse().unwrap();
    let checked = sangkien::check::check(content, today).unwrap();
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    sangkien::model::Catalogue::build(
        checked.validated,
        sangkien::model::Publish {
            drafts: false,
            today,
        },
    )
    .unwrap()
}
