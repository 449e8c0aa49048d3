//! The preview after edits equals a preview started afresh on the edited
//! catalogue (a full render, with the renderer `build` uses), whichever
//! path each edit took.

use std::path::{Path, PathBuf};

use super::{Body, Engine};
use crate::model::Publish;

fn publish() -> Publish {
    Publish {
        drafts: false,
        today: jiff::civil::date(2026, 11, 29),
    }
}

type Files = Vec<(String, Result<Vec<u8>, PathBuf>)>;

/// The preview's files other than search files: path → bytes (or the
/// file served from disk).
fn site(engine: &Engine) -> Files {
    let files = engine.preview.files.read().unwrap();
    let mut out: Files = files
        .iter()
        .filter(|(p, _)| !p.starts_with("search-index/"))
        .map(|(p, b)| {
            let body = match b {
                Body::Bytes(b) => Ok(b.to_vec()),
                Body::File(f) => Err(f.clone()),
            };
            (p.clone(), body)
        })
        .collect();
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Edits the file, tells the engine, and checks the preview against a
/// fresh one; returns how the engine rebuilt.
fn edit(engine: &mut Engine, content: &Path, rel: &str, from: &str, to: &str) -> &'static str {
    let file = content.join(rel);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    let changed = engine.root().join(rel);
    let how = engine.apply(&[changed]).expect("a rebuild").how;
    assert_eq!(engine.errors(), 0, "after {rel}: {from} → {to}");
    let fresh = Engine::start(content, None, publish(), super::super::Log::SILENT).unwrap();
    let (a, b) = (site(engine), site(&fresh));
    let paths = |f: &Files| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b), "after {rel}: {from} → {to} ({how})");
    let differ: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(
        differ.is_empty(),
        "after {rel}: {from} → {to} ({how}), the preview differs from a fresh one in {differ:?}"
    );
    how
}

#[test]
fn the_preview_after_edits_equals_a_fresh_preview() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let mut engine = Engine::start(&content, None, publish(), super::super::Log::SILENT).unwrap();
    let entry = "initiatives/2021/bang-tinh-quan-ly-tai-san-cong.md";

    // Text: the fast path.
    let how = edit(&mut engine, &content, entry, "Giảm 70%", "Giảm 75%");
    assert_eq!(how, "fast");
    edit(
        &mut engine,
        &content,
        entry,
        "## Thực trạng",
        "## Thực trạng cũ",
    );
    // A new recognition date moves the entry in every list; no rule
    // across files reads it, so the fast path sorts again.
    let how = edit(
        &mut engine,
        &content,
        entry,
        "date: 2021-09-10",
        "date: 2021-12-30",
    );
    assert_eq!(how, "fast");
    edit(
        &mut engine,
        &content,
        entry,
        "level: grassroots",
        "level: provincial",
    );
    edit(
        &mut engine,
        &content,
        entry,
        "\"bảng tính điện tử\"]",
        "\"số hoá\"]",
    );
    // Facts the rules across files read: the slow path.
    let how = edit(
        &mut engine,
        &content,
        entry,
        "Xây dựng bảng tính",
        "Lập bảng tính",
    );
    assert_eq!(how, "incremental");
    edit(
        &mut engine,
        &content,
        entry,
        "unit: so-tai-chinh",
        "unit: so-y-te",
    );
    edit(
        &mut engine,
        &content,
        "site.yaml",
        "title: ",
        "title: Cổng ",
    );
}
