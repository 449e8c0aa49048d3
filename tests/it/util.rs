//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built `sangkien` binary.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sangkien"));
    // Reproducible "today" for date rules and featured entries.
    c.env("SANGKIEN_TODAY", "2026-11-29").env("NO_COLOR", "1");
    // The tests read English; Vietnamese, the default, is tested where a
    // test says `--lang vi` or removes this (`vietnamese_bin`).
    c.env("SANGKIEN_LANG", "en");
    c
}

/// [`bin`] with the default language: Vietnamese.
pub fn vietnamese_bin() -> Command {
    let mut c = bin();
    c.env_remove("SANGKIEN_LANG");
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run sangkien")
}

/// Runs sangkien and fails the test (showing its stderr) unless it succeeds.
pub fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "sangkien {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `sangkien init DIR`, which must succeed.
pub fn init(dir: &Path) {
    run_ok(&["init", dir.to_str().unwrap()]);
}

/// `sangkien build --content CONTENT --out OUT`, which must succeed.
pub fn build_ok(content: &Path, out: &Path) -> Output {
    run_ok(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample catalogue.
pub fn content() -> PathBuf {
    root().join("content")
}

/// Writes the project's own synthetic catalogue of `n` initiatives into
/// `out` (`sangkien::synthetic`: nothing outside the repository is needed).
pub fn gen_corpus(out: &Path, n: usize) {
    let options = sangkien::synthetic::Options {
        initiatives: n,
        seed: 1,
    };
    sangkien::synthetic::write(out, &options).expect("write the synthetic catalogue");
}

/// Copies a folder tree (fixtures are copied before a test changes them).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Sets the recognising body that `sangkien new initiative` leaves blank
/// in `entry` (it has no option for it), to the starter's `ubnd-tinh`.
pub fn fill_recognition_body(entry: &Path) {
    let text = std::fs::read_to_string(entry).unwrap();
    let blank = text
        .lines()
        .find(|l| l.starts_with("  body:"))
        .expect("a recognition body line")
        .to_string();
    std::fs::write(entry, text.replacen(&blank, "  body: ubnd-tinh", 1)).unwrap();
}
