//! Hardening: input (issue 10, items 1, 4, 6 and 9). Every case is a copy
//! of tests/fixtures/check/_base changed in the test (links, pipes and
//! large files cannot be committed), checked or built by the binary in a
//! child process that is killed, failing the test, if it hangs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util;

mod hostile;

const INI: &str = "initiatives/2024/kham-benh-tu-xa.md";

/// A fresh copy of the base catalogue.
fn base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    util::copy_tree(
        &util::root().join("tests/fixtures/check/_base"),
        &dir.path().join("c"),
    );
    dir
}

fn catalogue(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("c")
}

/// What a finished child process left.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args` (and `env`), killing it and failing the
/// test after `secs` seconds. Output goes to files: a pipe that fills up
/// would block the child and look like a hang.
fn run_within(secs: u64, args: &[&str], env: &[(&str, &str)]) -> Run {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("out"), logs.path().join("err"));
    let mut cmd: Command = util::bin();
    cmd.args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    let mut child = cmd.spawn().expect("run sangkien");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("sangkien {} still running after {secs} s", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: std::fs::read_to_string(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
    }
}

/// The errors among `diags`.
fn errors(diags: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    diags.iter().filter(|d| d["severity"] == "error").collect()
}

/// `check --format json`: the exit code and the diagnostics.
fn check(content: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let r = run_within(
        30,
        &[
            "check",
            "--content",
            content.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    let diags = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (r.code, diags)
}

/// `build`: must fail (exit 1), within the time limit, naming `file`.
fn build_refuses(content: &Path, file: &str) -> Run {
    let out = content.parent().unwrap().join("site");
    let r = run_within(
        60,
        &[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(file), "{}", r.stderr);
    assert!(!out.exists(), "a refused build wrote a site");
    r
}

/// The one diagnostic of `file` with `code` at `line` (fails unless there
/// is exactly one), checked for a piece of its message.
fn expect(
    diags: &[serde_json::Value],
    code: &str,
    file: &str,
    line: Option<u64>,
    message: &str,
) -> serde_json::Value {
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == code && d["file"] == file && d["line"].as_u64() == line)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {code} in {file} at {line:?} expected, got: {diags:#?}"
    );
    let d = found[0].clone();
    let text = d["message"].as_str().unwrap();
    assert!(text.contains(message), "{text:?} lacks {message:?}");
    d
}

/// The line (1-based) of the first line of `file` starting with `start`.
fn line_of(file: &Path, start: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in {}", file.display())) as u64
        + 1
}

/// Inserts `lines` into the initiative's front matter, before its closing `---`.
fn add_to_front_matter(content: &Path, lines: &str) {
    let path = content.join(INI);
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text[4..].find("\n---\n").unwrap() + 5;
    let changed = format!("{}{lines}{}", &text[..end], &text[end..]);
    std::fs::write(&path, changed).unwrap();
}

#[cfg(unix)]
mod files {
    //! Item 4: entries are regular files inside the catalogue, and small.
    use super::*;
    use std::os::unix::fs::symlink;

    fn fifo(path: &Path) {
        use rustix::fs::{mknodat, FileType, Mode, CWD};
        mknodat(CWD, path, FileType::Fifo, Mode::from_raw_mode(0o644), 0).unwrap();
    }

    #[test]
    fn a_link_out_of_the_catalogue_is_refused_and_never_quoted() {
        let dir = base();
        let c = catalogue(&dir);
        symlink("/etc/passwd", c.join("units/x.yaml")).unwrap();
        let (code, diags) = check(&c);
        assert_eq!(code, Some(1));
        expect(
            &diags,
            "outside-catalogue",
            "units/x.yaml",
            None,
            "leads out of the catalogue",
        );
        assert_eq!(diags.len(), 1, "{diags:#?}");
        // The human report shows excerpts: none of the link's target.
        let human = run_within(30, &["check", "--content", c.to_str().unwrap()], &[]);
        assert!(human.stdout.contains("units/x.yaml"), "{}", human.stdout);
        assert!(!human.stdout.contains("root:"), "{}", human.stdout);
        let r = build_refuses(&c, "units/x.yaml");
        assert!(!r.stderr.contains("root:"), "{}", r.stderr);
    }

    #[test]
    fn a_linked_folder_leading_out_is_refused_too() {
        let dir = base();
        let c = catalogue(&dir);
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.md"), "---\nname: x\n---\n").unwrap();
        symlink(&outside, c.join("initiatives/2023")).unwrap();
        let (_, diags) = check(&c);
        expect(
            &diags,
            "outside-catalogue",
            "initiatives/2023/secret.md",
            None,
            "it is not read",
        );
    }

    #[test]
    fn a_link_inside_the_catalogue_is_read() {
        let dir = base();
        let c = catalogue(&dir);
        std::fs::rename(c.join("units/ubnd-tinh.yaml"), c.join("media/ubnd.yaml")).unwrap();
        symlink("../media/ubnd.yaml", c.join("units/ubnd-tinh.yaml")).unwrap();
        assert_eq!(check(&c), (Some(0), vec![]));
    }

    #[test]
    fn a_pipe_named_like_an_entry_is_refused_without_blocking() {
        let dir = base();
        let c = catalogue(&dir);
        fifo(&c.join("units/pipe.yaml"));
        let (code, diags) = check(&c);
        assert_eq!(code, Some(1));
        expect(
            &diags,
            "not-a-file",
            "units/pipe.yaml",
            None,
            "found a named pipe (FIFO)",
        );
        build_refuses(&c, "units/pipe.yaml");
    }

    #[test]
    fn a_pipe_site_yaml_is_not_called_missing() {
        let dir = base();
        let c = catalogue(&dir);
        std::fs::remove_file(c.join("site.yaml")).unwrap();
        fifo(&c.join("site.yaml"));
        let (_, diags) = check(&c);
        expect(
            &diags,
            "not-a-file",
            "site.yaml",
            None,
            "found a named pipe (FIFO)",
        );
        assert!(
            diags.iter().all(|d| d["code"] != "missing-file"),
            "{diags:#?}"
        );
    }

    #[test]
    fn a_link_to_dev_zero_is_refused() {
        let dir = base();
        let c = catalogue(&dir);
        symlink("/dev/zero", c.join("initiatives/2024/zero.md")).unwrap();
        let (_, diags) = check(&c);
        expect(
            &diags,
            "outside-catalogue",
            "initiatives/2024/zero.md",
            None,
            "it is not read",
        );
        build_refuses(&c, "initiatives/2024/zero.md");
    }

    #[test]
    fn a_device_inside_the_catalogue_is_refused() {
        // Root can make a device node; others cannot, and skip.
        let dir = base();
        let c = catalogue(&dir);
        let path = c.join("pages/zero.md");
        use rustix::fs::{mknodat, FileType, Mode, CWD};
        let dev = rustix::fs::makedev(1, 5);
        if mknodat(
            CWD,
            &path,
            FileType::CharacterDevice,
            Mode::from_raw_mode(0o644),
            dev,
        )
        .is_err()
        {
            return;
        }
        let (_, diags) = check(&c);
        expect(
            &diags,
            "not-a-file",
            "pages/zero.md",
            None,
            "found a device",
        );
    }

    #[test]
    fn an_entry_over_1_mib_is_refused() {
        let dir = base();
        let c = catalogue(&dir);
        let mut text = String::from("---\ntitle: \"Dài\"\n---\n");
        text.push_str(&"Một dòng mô tả rất dài.\n".repeat(50_000));
        assert!(text.len() > 1 << 20);
        std::fs::write(c.join("pages/dai.md"), text).unwrap();
        let (_, diags) = check(&c);
        expect(
            &diags,
            "file-too-large",
            "pages/dai.md",
            None,
            "at most 1 MiB",
        );
    }
}

mod summary {
    //! Item 9: the summary and the wrong-case extension.
    use super::*;

    #[test]
    fn the_summary_counts_files_that_failed_to_load() {
        let dir = base();
        let c = catalogue(&dir);
        for name in ["a", "b", "c"] {
            std::fs::write(c.join(format!("authors/{name}.md")), "").unwrap();
        }
        let r = run_within(30, &["check", "--content", c.to_str().unwrap()], &[]);
        // The base has 9 entry files; the 3 empty ones count too.
        assert!(
            r.stdout.contains("checked 12 files: 3 errors"),
            "{}",
            r.stdout
        );
    }

    #[test]
    fn a_wrong_case_extension_is_a_warning_naming_the_right_file() {
        let dir = base();
        let c = catalogue(&dir);
        std::fs::write(c.join("authors/le-van-an.MD"), "---\nname: x\n---\n").unwrap();
        let (code, diags) = check(&c);
        assert_eq!(code, Some(0));
        let d = expect(
            &diags,
            "misplaced-file",
            "authors/le-van-an.MD",
            None,
            "is not read",
        );
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["hint"], "rename it to `authors/le-van-an.md`");
    }

    #[test]
    fn a_bad_sangkien_today_stops_the_command() {
        let dir = base();
        let c = catalogue(&dir);
        let out = dir.path().join("site");
        let (c, out) = (c.to_str().unwrap(), out.to_str().unwrap());
        for args in [
            vec!["check", "--content", c],
            vec!["build", "--content", c, "--out", out],
        ] {
            let r = run_within(30, &args, &[("SANGKIEN_TODAY", "garbage")]);
            assert_eq!(r.code, Some(2), "{}", r.stderr);
            assert!(
                r.stderr.contains("SANGKIEN_TODAY is \"garbage\""),
                "{}",
                r.stderr
            );
            assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
        }
        assert!(!Path::new(out).exists());
        // A good one is used: the recognition date (2024) is in its future.
        let r = run_within(
            30,
            &["check", "--content", c, "--format", "json"],
            &[("SANGKIEN_TODAY", "2020-01-01")],
        );
        assert!(r.stdout.contains("today is 2020-01-01"), "{}", r.stdout);
    }
}
