//! The catalogue is whole: every message in both languages with the same
//! arguments, every id the code uses is in it, and no diagnostic of the
//! fixture catalogues is written the old way (a bare string).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use super::*;

#[test]
fn every_message_has_both_languages_with_the_same_arguments() {
    let mut seen = HashSet::new();
    for (id, vi, en) in all() {
        assert!(seen.insert(*id), "`{id}` is in the catalogue twice");
        // `stage.` (the end of a build) is the one id that ends in a dot.
        assert!(!vi.trim().is_empty(), "`{id}` has no Vietnamese text");
        assert!(!en.trim().is_empty(), "`{id}` has no English text");
        // clap's help template has its own `{…}` names, the same in both.
        assert_eq!(
            placeholders(vi),
            placeholders(en),
            "`{id}`: the Vietnamese and English texts take different arguments"
        );
    }
}

/// The ids written in the source as `msg!("id"` or `Message::new("id"`.
fn ids_in_source() -> BTreeSet<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for start in ["msg!(", "Message::new("] {
            for (at, _) in text.match_indices(start) {
                let rest = text[at + start.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue; // a variable id, e.g. `Message::new(id)`
                };
                let id = &rest[..rest.find('"').unwrap()];
                let file = entry.path().strip_prefix(&root).unwrap();
                out.insert((id.to_string(), file.display().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_id_the_code_uses_is_in_the_catalogue() {
    let used = ids_in_source();
    assert!(used.len() > 150, "the scan found {} ids", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|(id, file)| lookup(id).is_none() && !file.ends_with("messages/tests.rs"))
        .collect();
    assert!(missing.is_empty(), "ids not in the catalogue: {missing:?}");
    // Ids made at run time from a table of names.
    for stage in crate::build::STAGES {
        assert!(lookup(&format!("stage.{stage}")).is_some(), "stage.{stage}");
    }
    for id in [
        "file.folder",
        "file.fifo",
        "file.socket",
        "file.device",
        "file.link",
        "file.special",
    ] {
        assert!(lookup(id).is_some(), "{id}");
    }
}

#[test]
fn an_unknown_id_shows_itself_instead_of_failing() {
    let m = crate::msg!("no-such-id", key = "x");
    assert_eq!(m.render(Lang::Vi), "no-such-id key=x");
    assert_eq!(
        crate::msg!("unknown-key", key = "sumary").render(Lang::En),
        "unknown key `sumary`"
    );
    assert_eq!(
        crate::msg!("type.int", key = "a", found = crate::msg!("kind.text")).render(Lang::Vi),
        "`a` phải là số nguyên, nhưng đây là văn bản"
    );
}

/// Every diagnostic that the check fixtures produce comes from the
/// catalogue, and fills every argument of its text.
#[test]
fn fixture_diagnostics_come_from_the_catalogue() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let base = fixtures.join("_base");
    let today = jiff::civil::date(2026, 11, 29);
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let case = entry.unwrap().path();
        let dir = tempfile::tempdir().unwrap();
        copy(&base, dir.path());
        if let Ok(list) = std::fs::read_to_string(case.join("_delete")) {
            for rel in list.lines().filter(|l| !l.is_empty()) {
                let p = dir.path().join(rel);
                let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
            }
        }
        copy(&case, dir.path());
        let Ok(result) = crate::check::check_site(dir.path(), today) else {
            continue;
        };
        for d in &result.diagnostics {
            checked += 1;
            for m in std::iter::once(&d.message).chain(&d.hint) {
                assert_ne!(
                    m.id,
                    RAW,
                    "{}: a message written as a bare string: {d}",
                    case.display()
                );
                for lang in [Lang::Vi, Lang::En] {
                    let text = m.render(lang);
                    assert!(
                        placeholders(&text).is_empty(),
                        "{}: an argument is missing in {text:?}",
                        case.display()
                    );
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} diagnostics");
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).min_depth(1) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if rel == Path::new("_delete") {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
