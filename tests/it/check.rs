//! `sangkien check`: one fixture catalogue per rule, encodings, bad files,
//! a large generated catalogue, exit codes and output formats.
//!
//! Each case in `tests/fixtures/check/<case>/` is an overlay: its files are
//! copied over the valid base catalogue `_base/` (after removing the paths
//! listed in its `_delete` file), then the whole result is checked and
//! must yield exactly the diagnostics the case expects.

use std::path::{Path, PathBuf};

use sangkien::diag::{Diagnostic, Severity};

use crate::util;

mod cases;
mod guide;
mod hints;

fn fixtures() -> PathBuf {
    util::root().join("tests/fixtures/check")
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 29)
}

/// The base catalogue with `case` laid over it, in a fresh temporary folder.
fn catalogue(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    util::copy_tree(&fixtures().join("_base"), dir.path());
    let overlay = fixtures().join(case);
    assert!(overlay.is_dir(), "no fixture {}", overlay.display());
    if let Ok(list) = std::fs::read_to_string(overlay.join("_delete")) {
        for rel in list.lines().filter(|l| !l.is_empty()) {
            let p = dir.path().join(rel);
            if p.is_dir() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                std::fs::remove_file(&p).unwrap();
            }
        }
    }
    for entry in walkdir::WalkDir::new(&overlay).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&overlay).unwrap();
        if rel == Path::new("_delete") {
            continue;
        }
        let dest = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    dir
}

fn check_dir(dir: &Path) -> sangkien::check::Checked {
    sangkien::check::check(dir, today()).expect("the catalogue can be read")
}

fn diagnostics(case: &str) -> Vec<Diagnostic> {
    let dir = catalogue(case);
    check_dir(dir.path()).diagnostics
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One expected diagnostic: severity, code, file, line, exact message and
/// (when given) a piece of the hint.
pub struct Expect {
    pub severity: Severity,
    pub code: &'static str,
    pub file: &'static str,
    pub line: u32,
    pub message: &'static str,
    pub hint: Option<&'static str>,
}

pub const fn error(
    code: &'static str,
    file: &'static str,
    line: u32,
    message: &'static str,
) -> Expect {
    Expect {
        severity: Severity::Error,
        code,
        file,
        line,
        message,
        hint: None,
    }
}

pub const fn warning(
    code: &'static str,
    file: &'static str,
    line: u32,
    message: &'static str,
) -> Expect {
    Expect {
        severity: Severity::Warning,
        ..error(code, file, line, message)
    }
}

impl Expect {
    pub const fn hint(self, hint: &'static str) -> Expect {
        Expect {
            hint: Some(hint),
            ..self
        }
    }

    fn matches(&self, d: &Diagnostic) -> bool {
        d.severity == self.severity
            && d.code == self.code
            && sangkien::diag::display_path(&d.path) == self.file
            && d.line == Some(self.line).filter(|l| *l > 0)
            && d.message_in(sangkien::messages::Lang::En) == self.message
            && self.hint.map_or(true, |h| {
                d.hint_in(sangkien::messages::Lang::En)
                    .as_deref()
                    .is_some_and(|dh| dh.contains(h))
            })
    }
}

/// Checks `case` and asserts that its diagnostics are exactly `expected`.
fn assert_case(case: &str, expected: &[Expect]) {
    let diags = diagnostics(case);
    for e in expected {
        let n = diags.iter().filter(|d| e.matches(d)).count();
        assert_eq!(
            n,
            1,
            "case `{case}`: expected once {:?} {} at {}:{}: {:?} (hint ~ {:?}); got:\n{}",
            e.severity,
            e.code,
            e.file,
            e.line,
            e.message,
            e.hint,
            show(&diags)
        );
    }
    assert_eq!(
        diags.len(),
        expected.len(),
        "case `{case}`: unexpected extra diagnostics:\n{}",
        show(&diags)
    );
}

#[test]
fn base_catalogue_is_clean() {
    let dir = catalogue("_base");
    let checked = check_dir(dir.path());
    assert!(
        checked.diagnostics.is_empty(),
        "{}",
        show(&checked.diagnostics)
    );
    let v = &checked.validated;
    assert_eq!(v.initiatives.len(), 1);
    assert_eq!(v.authors.len(), 2);
    assert_eq!(v.units.len(), 2);
    assert_eq!(v.fields.len(), 2);
    assert_eq!(v.districts.len(), 2);
    assert_eq!(v.pages.len(), 1);
    assert_eq!(v.initiatives[0].images[0].src.path, "media/anh.svg");
}

#[test]
fn every_rule_case() {
    let mut seen = std::collections::HashSet::new();
    for (case, expected) in cases::CASES {
        assert!(seen.insert(*case), "case `{case}` listed twice");
        assert_case(case, expected);
    }
    assert!(cases::CASES.len() >= 35);
    // Every fixture folder is a listed case (or one of the special ones).
    let special = ["_base", "nfd", "bom", "crlf", "nfd-bom-crlf"];
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() && !special.contains(&name.as_str()) {
            assert!(seen.contains(name.as_str()), "fixture `{name}` has no case");
        }
    }
}

#[cfg(unix)]
#[test]
fn symlink_escaping_the_catalogue_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bi-mat.svg"), "<svg/>").unwrap();
    let dir = catalogue("_base");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("media/ngoai")).unwrap();
    let ini = dir.path().join("initiatives/2024/kham-benh-tu-xa.md");
    let text = std::fs::read_to_string(&ini).unwrap();
    std::fs::write(
        &ini,
        text.replace("../../media/anh.svg", "../../media/ngoai/bi-mat.svg"),
    )
    .unwrap();
    let diags = check_dir(dir.path()).diagnostics;
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    let d = &diags[0];
    assert_eq!(d.code, "asset-outside");
    assert_eq!(d.line, Some(21));
    assert_eq!(
        d.message_in(sangkien::messages::Lang::En),
        "`../../media/ngoai/bi-mat.svg` leads outside the catalogue through a symbolic link"
    );
}

/// The validated model as JSON, for comparing twins.
fn model_json(dir: &Path) -> String {
    let checked = check_dir(dir);
    assert!(
        checked.diagnostics.is_empty(),
        "{}",
        show(&checked.diagnostics)
    );
    let v = &checked.validated;
    serde_json::to_string_pretty(&serde_json::json!({
        "site": v.site,
        "fields": v.fields,
        "districts": v.districts,
        "units": v.units,
        "authors": v.authors,
        "initiatives": v.initiatives,
        "pages": v.pages,
    }))
    .unwrap()
}

#[test]
fn nfd_bom_and_crlf_load_clean_and_equal_their_nfc_lf_twins() {
    let base = catalogue("_base");
    let expected = model_json(base.path());
    assert!(expected.contains("Nguyễn Thị Hoa"));
    for case in ["nfd", "bom", "crlf", "nfd-bom-crlf"] {
        let dir = catalogue(case);
        let raw = std::fs::read(dir.path().join("authors/nguyen-thi-hoa.md")).unwrap();
        let nfc_name = "Nguyễn Thị Hoa".as_bytes();
        let has_nfc_name = raw.windows(nfc_name.len()).any(|w| w == nfc_name);
        assert_eq!(has_nfc_name, !case.starts_with("nfd"), "{case} fixture");
        assert_eq!(model_json(dir.path()), expected, "case `{case}`");
    }
}

#[test]
fn a_generated_catalogue_of_2000_initiatives_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    util::gen_corpus(dir.path(), 2000);
    let checked = check_dir(dir.path());
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    assert!(errors.is_empty(), "{}", show(&errors));
    assert_eq!(checked.validated.initiatives.len(), 2000);
    assert!(checked.validated.site.is_some());
}

mod cli;
