//! Hardening: what `check` promises about `build` (every error a build can
//! meet is found first, at its line), bodies that nest too deeply, and
//! logs that neither quote private lines nor let a file name inject
//! terminal or CI commands.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util;

const INI: &str = "initiatives/2024/kham-benh-tu-xa.md";

/// The valid base catalogue in a fresh folder.
fn base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    util::copy_tree(&util::root().join("tests/fixtures/check/_base"), dir.path());
    dir
}

/// Inserts `yaml` (whole lines) into the initiative's front matter just
/// before `images:`; returns the 1-based line of its first line.
fn add_to_initiative(dir: &Path, yaml: &str) -> u32 {
    let path = dir.join(INI);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("images:").unwrap();
    let line = text[..at].matches('\n').count() as u32 + 1;
    std::fs::write(&path, format!("{}{yaml}{}", &text[..at], &text[at..])).unwrap();
    line
}

fn check_json(dir: &Path) -> (Output, Vec<Value>) {
    let out = util::run(&[
        "check",
        "--content",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diags = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out, diags)
}

/// `check` fails with an error `code` in `file` at `line`, and `build`
/// fails too, writing nothing.
fn assert_refused_at(dir: &Path, code: &str, file: &str, line: u32) {
    let (out, diags) = check_json(dir);
    assert_eq!(out.status.code(), Some(1), "check must fail: {diags:?}");
    assert!(
        diags.iter().any(|d| d["code"] == code
            && d["file"] == file
            && d["line"] == line
            && d["severity"] == "error"),
        "expected {code} at {file}:{line}, got {diags:#?}"
    );
    let site = dir.join("../site-of-".to_string() + &dir.file_name().unwrap().to_string_lossy());
    let built = util::run(&[
        "build",
        "--content",
        dir.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ]);
    assert_eq!(built.status.code(), Some(1), "build must refuse it too");
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(stderr.contains(code), "build names the rule: {stderr}");
    assert!(!site.exists(), "nothing was written");
}

#[test]
fn check_refuses_aliases_on_generated_paths_at_their_line() {
    for alias in [
        "/robots.txt",
        "/",
        "/assets/style.css",
        "/s/KT-2024-001/",
        "/sang-kien/",
        "/feed.xml/",
        "/search-index/s/1.gz",
        "/tim-kiem/",
    ] {
        let dir = base();
        let line = add_to_initiative(dir.path(), &format!("aliases:\n  - \"{alias}\"\n"));
        assert_refused_at(dir.path(), "site-path", INI, line + 1);
    }
}

#[test]
fn check_refuses_paths_no_file_system_takes() {
    // A tag whose slug is longer than a file name may be.
    let dir = base();
    let tag = "sáng kiến ".repeat(30);
    let line = add_to_initiative(dir.path(), &format!("tags:\n  - \"{tag}\"\n"));
    assert_refused_at(dir.path(), "site-path", INI, line + 1);

    // A NUL (written as a YAML escape) or an empty part in an alias.
    for alias in ["/cu/\\0x/", "/cu//x/"] {
        let dir = base();
        let line = add_to_initiative(dir.path(), &format!("aliases:\n  - \"{alias}\"\n"));
        let (out, diags) = check_json(dir.path());
        assert_eq!(out.status.code(), Some(1), "{alias}: {diags:?}");
        assert!(
            diags
                .iter()
                .any(|d| d["file"] == INI && d["line"] == line + 1),
            "{alias}: located at the alias, got {diags:#?}"
        );
    }
}

#[test]
fn check_refuses_assets_and_pages_where_generated_files_go() {
    // An attachment at the catalogue's root named like the robots file.
    let dir = base();
    std::fs::write(dir.path().join("robots.txt"), "User-agent: *\n").unwrap();
    let line = add_to_initiative(
        dir.path(),
        "attachments:\n  - src: ../../robots.txt\n    title: \"Tệp\"\n",
    );
    assert_refused_at(dir.path(), "site-path", INI, line + 1);

    // A free page named like the search page (refused by its name already).
    let dir = base();
    std::fs::write(
        dir.path().join("pages/tim-kiem.md"),
        "---\ntitle: \"Tìm\"\n---\nx\n",
    )
    .unwrap();
    assert_refused_at(dir.path(), "reserved-slug", "pages/tim-kiem.md", 1);
}

#[test]
fn deep_nesting_is_refused_quickly_at_its_line() {
    for (name, body) in [
        ("lists", format!("{}x <b>y</b>\n", "- ".repeat(100_000))),
        ("divs", "<div>".repeat(100_000)),
        ("quotes", format!("{}x\n", "> ".repeat(100_000))),
    ] {
        let dir = base();
        let path = dir.path().join(INI);
        let text = std::fs::read_to_string(&path).unwrap();
        let body_line = text.lines().count() as u32 + 2;
        std::fs::write(&path, format!("{text}\n{body}")).unwrap();
        let (out, diags) = check_json(dir.path());
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            diags
                .iter()
                .any(|d| d["code"] == "nesting" && d["file"] == INI && d["line"] == body_line),
            "{name}: expected nesting at {body_line}: {diags:#?}"
        );
    }
}

#[test]
fn nesting_within_the_limit_still_renders() {
    let dir = base();
    let path = dir.path().join(INI);
    let text = std::fs::read_to_string(&path).unwrap();
    let list: String = (0..10)
        .map(|d| format!("{}- mức {d}\n", "  ".repeat(d)))
        .collect();
    std::fs::write(&path, format!("{text}\n{list}\n<div><b>đậm</b></div>\n")).unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    util::build_ok(dir.path(), &out);
    let page = std::fs::read_to_string(out.join("sang-kien/kham-benh-tu-xa/index.html")).unwrap();
    assert!(
        page.contains("mức 9") && page.contains("<b>đậm</b>"),
        "rendered"
    );
}

#[test]
fn check_excerpts_never_quote_private_or_confidential_lines() {
    let dir = base();
    // Both are errors located on the private lines themselves.
    add_to_initiative(
        dir.path(),
        "confidential:\n  - \"canary-confidential-7Q\"\nprivate: \"canary-private-7Q\"\n",
    );
    let out = util::run(&["check", "--content", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("confidential: ‹…›"), "{shown}");
    assert!(shown.contains("private: ‹…›"), "{shown}");
    assert!(
        !shown.contains("canary"),
        "a private line was quoted:\n{shown}"
    );
}

/// Every line of a command's output, stdout and stderr.
fn lines(out: &Output) -> Vec<String> {
    let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
    all.push('\n');
    all.push_str(&String::from_utf8_lossy(&out.stderr));
    all.lines().map(str::to_string).collect()
}

#[cfg(unix)]
#[test]
fn file_names_cannot_issue_ci_commands_or_terminal_escapes() {
    let dir = base();
    for name in [
        "units/x\n::error::injected.yaml",
        "units/y\n::add-mask::secret.yaml",
        "units/\u{1b}[31mred.yaml",
    ] {
        std::fs::write(dir.path().join(name), "name: \"X\"\nkind: other\n").unwrap();
    }
    let content = dir.path().to_str().unwrap();
    let site = tempfile::tempdir().unwrap();
    let out_dir = site.path().join("site");
    let runs = [
        util::run(&["check", "--content", content]),
        util::run(&["check", "--content", content, "--format", "github"]),
        util::run(&[
            "build",
            "--content",
            content,
            "--out",
            out_dir.to_str().unwrap(),
        ]),
    ];
    for (n, out) in runs.iter().enumerate() {
        assert_eq!(out.status.code(), Some(1), "run {n}: the slugs are invalid");
        let all = lines(out);
        assert!(
            all.iter().any(|l| l.contains("injected")),
            "run {n} names the file"
        );
        for l in &all {
            let genuine =
                n == 1 && (l.starts_with("::error file=") || l.starts_with("::warning file="));
            assert!(
                !l.starts_with("::") || genuine,
                "run {n}: injected line {l:?}"
            );
            assert!(!l.contains('\u{1b}'), "run {n}: terminal escape in {l:?}");
        }
    }
}

#[test]
fn a_file_of_thousands_of_problems_reports_the_first_hundred_and_a_count() {
    let dir = base();
    let keys: String = (0..5000).map(|n| format!("khoa-la-{n}: x\n")).collect();
    add_to_initiative(dir.path(), &keys);
    let (out, diags) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let of_entry: Vec<&Value> = diags.iter().filter(|d| d["file"] == INI).collect();
    let unknown = of_entry
        .iter()
        .filter(|d| d["code"] == "unknown-key")
        .count();
    assert_eq!(unknown, 100, "the first hundred, each located");
    let more: Vec<&&Value> = of_entry
        .iter()
        .filter(|d| d["code"] == "more-problems")
        .collect();
    assert_eq!(more.len(), 1);
    assert!(
        more[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("4900 more problem(s)"),
        "{}",
        more[0]["message"]
    );
}
