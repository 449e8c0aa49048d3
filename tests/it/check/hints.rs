//! Forgiving, precise hints, in Vietnamese (the default) and English:
//! each case in `tests/fixtures/hints/<case>/` is laid over the check
//! fixtures' base catalogue, checked by the binary in both languages, and
//! its output kept as a snapshot.

use std::path::Path;
use std::process::Output;

use crate::util;

/// The base catalogue with the hint case `case` laid over it.
fn catalogue(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = util::root().join("tests/fixtures");
    util::copy_tree(&fixtures.join("check/_base"), dir.path());
    let overlay = fixtures.join("hints").join(case);
    assert!(overlay.is_dir(), "no fixture {}", overlay.display());
    if let Ok(list) = std::fs::read_to_string(overlay.join("_delete")) {
        for rel in list.lines().filter(|l| !l.is_empty()) {
            std::fs::remove_file(dir.path().join(rel)).unwrap();
        }
    }
    util::copy_tree(&overlay, dir.path());
    let _ = std::fs::remove_file(dir.path().join("_delete"));
    dir
}

fn check(dir: &Path, lang: &str) -> Output {
    util::bin()
        .args(["check", "--lang", lang, "--content"])
        .arg(dir)
        .output()
        .unwrap()
}

/// Snapshots of `case` in both languages; returns (vi, en).
fn snapshot(case: &str) -> (String, String) {
    let dir = catalogue(case);
    let mut out = Vec::new();
    for lang in ["vi", "en"] {
        let o = check(dir.path(), lang);
        assert_eq!(o.status.code(), Some(1), "{case}: {o:?}");
        let text = String::from_utf8(o.stdout).unwrap();
        insta::assert_snapshot!(format!("{case}-{lang}"), text);
        out.push(text);
    }
    (out.remove(0), out.remove(0))
}

#[test]
fn a_tab_names_its_column_and_asks_for_spaces() {
    let (vi, en) = snapshot("tab");
    assert!(vi.contains("dùng dấu cách thay cho phím Tab"), "{vi}");
    assert!(vi.contains("cột 1") && vi.contains(":10:1"), "{vi}");
    assert!(en.contains("use spaces instead of the Tab key"), "{en}");
}

#[test]
fn numbers_dates_and_yes_no_written_as_on_paper_get_the_value_meant() {
    let (vi, en) = snapshot("grouped-number");
    assert!(
        vi.contains("`120000000`") && en.contains("`120000000`"),
        "{vi}"
    );
    let (vi, en) = snapshot("day-first-date");
    assert!(
        vi.contains("`2023-09-18`") && en.contains("`2023-09-18`"),
        "{vi}"
    );
    let (vi, en) = snapshot("consent-co");
    assert!(vi.contains("viết `true` thay cho `có`"), "{vi}");
    assert!(en.contains("write `true` instead of `có`"), "{en}");
}

#[test]
fn a_mistyped_key_is_reported_once_at_its_line() {
    let (vi, en) = snapshot("typo-key");
    assert!(en.contains("did you mean `summary`?"), "{en}");
    assert!(vi.contains("có phải ý bạn là `summary`?"), "{vi}");
    assert!(en.contains("1 error,"), "not also a missing key: {en}");
    assert!(en.contains(":4:1"), "{en}");
    // By meaning too, not only by spelling.
    let (_, en) = snapshot("synonym-key");
    assert!(en.contains("did you mean `applied_since`?"), "{en}");
    assert!(en.contains("1 error,"), "{en}");
}

#[test]
fn no_cascades_from_a_file_with_its_own_error() {
    // A badly named unit: one error, with the right name; its references
    // are not reported as unknown units.
    let (_, en) = snapshot("bad-file-name");
    assert!(en.contains("rename the file to `so-y-te.yaml`"), "{en}");
    assert!(en.contains("1 error, 0 warnings"), "{en}");
    assert!(!en.contains("no unit"), "{en}");
    // An author file that could not be read: no "unknown author" in the
    // initiative that lists her.
    let (_, en) = snapshot("author-unreadable");
    assert!(en.contains("not valid UTF-8"), "{en}");
    assert!(en.contains("1 error, 0 warnings"), "{en}");
    assert!(!en.contains("no author"), "{en}");
}

#[test]
fn the_marker_of_a_long_line_stays_within_the_terminal_width() {
    let (vi, en) = snapshot("long-line");
    for text in [&vi, &en] {
        // The excerpt and its marker (a piped check is 100 columns wide).
        let source = text.lines().find(|l| l.starts_with("4 | ")).unwrap();
        let marker = text.lines().find(|l| l.contains('^')).unwrap();
        for line in [source, marker] {
            assert!(
                line.chars().count() <= 100,
                "{} chars: {line}",
                line.chars().count()
            );
        }
        assert!(
            source.contains("...") || source.contains('…'),
            "cut: {source}"
        );
        // The marker is under what follows the quoted text, where YAML fails.
        let at = marker.chars().position(|c| c == '^').unwrap();
        let rest: String = source.chars().skip(at).take(6).collect();
        assert_eq!(rest, "(2024)", "{text}");
    }
    // A file that failed to parse does not make its authors "unused".
    assert!(en.contains("1 error, 0 warnings"), "{en}");
}

#[test]
fn a_duplicate_id_is_reported_on_the_entry_git_added_later() {
    let dir = catalogue("typo-key");
    // The base entry, fixed, and a copy with the same id in a file whose
    // name sorts after it; git adds the copy first.
    util::copy_tree(&util::root().join("tests/fixtures/check/_base"), dir.path());
    let copy = util::root().join("tests/fixtures/check/id-duplicate");
    util::copy_tree(&copy, dir.path());
    let git = |args: &[&str], date: &str| {
        let o = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir.path())
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
    };
    git(&["init", "-q"], "2024-01-01T00:00:00");
    git(
        &["add", "initiatives/2024/so-kham-benh.md"],
        "2024-01-01T00:00:00",
    );
    git(&["commit", "-qm", "old"], "2024-01-01T00:00:00");
    git(&["add", "."], "2024-06-01T00:00:00");
    git(&["commit", "-qm", "new"], "2024-06-01T00:00:00");
    let o = check(dir.path(), "en");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("--> initiatives/2024/kham-benh-tu-xa.md:2"),
        "the newer file is blamed: {text}"
    );
    assert!(
        text.contains("by initiatives/2024/so-kham-benh.md (the older entry)"),
        "{text}"
    );
    // Without git, the later file is the newer one.
    std::fs::remove_dir_all(dir.path().join(".git")).unwrap();
    let text = String::from_utf8(check(dir.path(), "en").stdout).unwrap();
    assert!(
        text.contains("--> initiatives/2024/so-kham-benh.md:2"),
        "{text}"
    );
}
