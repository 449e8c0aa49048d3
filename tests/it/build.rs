//! `sangkien build`: pages, links, privacy, escaping, output safety,
//! feeds and HTML validity.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use crate::util;

mod formats;
mod incremental;
mod options;
mod pages;
mod safety;

const TODAY: &str = "2026-11-29";

fn fixture(name: &str) -> PathBuf {
    util::root().join("tests/fixtures/build").join(name)
}

fn build(content: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    util::run(&args)
}

fn build_ok(content: &Path, out: &Path) -> Output {
    let o = build(content, out, &[]);
    assert!(
        o.status.success(),
        "build failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every file of a folder: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn text(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = site
        .get(path)
        .unwrap_or_else(|| panic!("missing output file {path}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// A site built once per test run and shared by the tests that only read it.
struct Built {
    site: BTreeMap<String, Vec<u8>>,
    log: String,
}

fn built(name: &str, content: &Path, cell: &'static OnceLock<Built>) -> &'static Built {
    cell.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("build-{name}-{}", std::process::id()));
        let o = build_ok(content, &out);
        let site = tree(&out);
        std::fs::remove_dir_all(&out).unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        Built { site, log }
    })
}

fn content_site() -> &'static Built {
    static CELL: OnceLock<Built> = OnceLock::new();
    built("content", &util::content(), &CELL)
}

fn basic_site() -> &'static Built {
    static CELL: OnceLock<Built> = OnceLock::new();
    built("basic", &fixture("basic"), &CELL)
}

/// The public catalogue of a folder, as the build sees it.
fn catalogue(content: &Path) -> sangkien::model::Catalogue {
    let today: jiff::civil::Date = TODAY.parse().unwrap();
    let checked = sangkien::check::check(content, today).unwrap();
    assert!(!checked.has_errors());
    sangkien::model::Catalogue::build(
        checked.validated,
        sangkien::model::Publish {
            drafts: false,
            today,
        },
    )
    .unwrap()
}

/// Text as it appears in HTML after escaping.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn dmy(d: jiff::civil::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}
