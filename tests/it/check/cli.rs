//! The `sangkien check` command: exit codes, the three formats, colour,
//! and a reader that stops early.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::catalogue;
use crate::util;

fn check(dir: &Path, format: &str) -> Output {
    util::bin()
        .args(["check", "--format", format, "--content"])
        .arg(dir)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn exit_0_when_clean_1_on_errors() {
    let clean = catalogue("_base");
    let o = check(clean.path(), "human");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "checked 9 files: no errors, 0 warnings\n");

    // Warnings alone do not fail the check.
    let warned = catalogue("unused-unit");
    let o = check(warned.path(), "human");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).ends_with("checked 10 files: no errors, 1 warning\n"));

    let broken = catalogue("unknown-field");
    let o = check(broken.path(), "human");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).ends_with("checked 9 files: 1 error, 0 warnings\n"));
}

#[test]
fn exit_2_when_it_cannot_run() {
    let o = util::run(&["check", "--content", "/no/such/catalogue"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no catalogue folder at /no/such/catalogue"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn exit_2_on_an_unreadable_file() {
    let dir = catalogue("_base");
    // Root reads any file whatever its mode, so a link to nowhere stands
    // in for a file that cannot be read.
    std::os::unix::fs::symlink("/no/such/file.md", dir.path().join("authors/mat.md")).unwrap();
    let o = check(dir.path(), "human");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot read authors/mat.md"), "{err}");
}

#[test]
fn bad_files_each_get_a_diagnostic_and_no_panic() {
    let dir = catalogue("_base");
    let fixtures = super::fixtures();
    for case in ["not-utf8", "empty-file", "dir-as-file"] {
        util::copy_tree(&fixtures.join(case), dir.path());
    }
    let ini = dir.path().join("initiatives/2024/hong.md");
    std::fs::write(&ini, "---\nid: [KT-2024-009\n---\n").unwrap();
    let o = check(dir.path(), "json");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let codes: Vec<(String, String)> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["code"].as_str().unwrap().into(),
                v["file"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (code, file) in [
        ("not-utf8", "authors/le-van-binh.md"),
        ("empty-file", "authors/trong.md"),
        ("not-a-file", "authors/thu-muc.md"),
        ("yaml-syntax", "initiatives/2024/hong.md"),
    ] {
        assert!(
            codes.contains(&(code.to_string(), file.to_string())),
            "{code} {file}: {codes:?}"
        );
    }
}

#[test]
fn json_is_one_object_per_diagnostic() {
    let dir = catalogue("unknown-author");
    let o = check(dir.path(), "json");
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1],
        serde_json::json!({
            "severity": "error",
            "code": "unknown-ref",
            "message_id": "unknown-ref.author",
            "file": "initiatives/2024/kham-benh-tu-xa.md",
            "line": 9,
            "column": 5,
            "message": "no author `nguyen-thi-hao`",
            "hint": "did you mean `nguyen-thi-hoa`?",
        })
    );
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["code"], "unused");
}

#[test]
fn github_annotations() {
    let dir = catalogue("unknown-key");
    let o = check(dir.path(), "github");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "::error file=initiatives/2024/kham-benh-tu-xa.md,line=6,col=1,title=unknown-key\
         ::unknown key `sumary` (did you mean `summary`?)\n"
    );
    let dir = catalogue("unused-author");
    let o = check(dir.path(), "github");
    assert!(stdout(&o).starts_with("::warning file=authors/a-pot.md,line=2,col=1,title=unused::"));
}

/// `check` of `case` as an editor sees it: in Vietnamese, the default.
fn human(case: &str) -> String {
    let dir = catalogue(case);
    let o = util::vietnamese_bin()
        .args(["check", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    stdout(&o)
}

#[test]
fn vietnamese_by_default_english_on_request() {
    let dir = catalogue("unknown-field");
    let run = |args: &[&str]| {
        let o = util::vietnamese_bin()
            .args(["check", "--content"])
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        stdout(&o)
    };
    let vi = run(&[]);
    assert!(vi.contains("lỗi: không có lĩnh vực `y-tee`"), "{vi}");
    assert!(
        vi.ends_with("đã kiểm tra 9 tệp: 1 lỗi, 0 cảnh báo\n"),
        "{vi}"
    );
    let en = run(&["--lang", "en"]);
    assert!(en.contains("error: no field `y-tee`"), "{en}");
    assert!(
        en.ends_with("checked 9 files: 1 error, 0 warnings\n"),
        "{en}"
    );
    // `language: en` in site.yaml, unless --lang says otherwise.
    let site = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}language: en\n")).unwrap();
    assert!(run(&[]).ends_with("checked 9 files: 1 error, 0 warnings\n"));
    assert!(run(&["--lang=vi"]).ends_with("đã kiểm tra 9 tệp: 1 lỗi, 0 cảnh báo\n"));
    // The help too.
    let help = |lang: &str| {
        let o = util::vietnamese_bin()
            .args(["check", "--help", "--lang", lang])
            .output()
            .unwrap();
        stdout(&o)
    };
    assert!(help("vi").contains("Kiểm tra danh mục"), "{}", help("vi"));
    assert!(help("vi").contains("Tùy chọn:") && help("vi").contains("Cách dùng:"));
    assert!(help("en").contains("Check the catalogue"), "{}", help("en"));
}

#[test]
fn human_output_snapshots() {
    for case in [
        "unknown-key",
        "shares-sum",
        "unknown-author",
        "not-utf8",
        "missing-site",
        "empty-body",
    ] {
        let out = human(case);
        assert!(!out.contains('\u{1b}'), "escape codes in piped output");
        insta::assert_snapshot!(format!("human-{case}"), out);
    }
}

#[test]
fn colour_only_when_wanted() {
    let dir = catalogue("unknown-key");
    let run = |force: bool, no_color: bool| {
        let mut c: Command = util::bin();
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        if force {
            c.env("CLICOLOR_FORCE", "1");
        }
        if no_color {
            c.env("NO_COLOR", "1");
        }
        let o = c
            .arg("check")
            .arg("--content")
            .arg(dir.path())
            .output()
            .unwrap();
        stdout(&o)
    };
    assert!(
        !run(false, false).contains('\u{1b}'),
        "piped output is plain"
    );
    assert!(run(true, false).contains("\u{1b}["), "forced colour");
    assert!(!run(true, true).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let dir = catalogue("_base");
    // Enough diagnostics to overflow the pipe's buffer.
    for n in 0..600 {
        let text = format!("---\nname: \"Tác giả {n}\"\nunit: khong-co\n---\n");
        std::fs::write(dir.path().join(format!("authors/tac-gia-{n}.md")), text).unwrap();
    }
    let mut child = util::bin()
        .args(["check", "--content"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is now closed, like `sangkien check | head -c 64`.
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.is_empty(), "{err}");
}
