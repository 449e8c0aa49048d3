//! Copy detection in `check`: planted copies in a generated catalogue are
//! found (a sentence rewritten, words swapped, a paragraph added), the
//! sample catalogue raises no alarm, the cache is reused and kept right,
//! and `--changed-since` finds a copy added since.

use std::path::Path;
use std::process::Command;

use crate::util;

/// (file, message) of every near-copy warning of `check`.
fn near_copies(root: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--content",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = util::run(&args);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["code"] == "near-copy")
        .map(|v| {
            (
                v["file"].as_str().unwrap().to_string(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A copy of the initiative at `original`, changed the `kind`'th way,
/// written beside it; returns the copy's path (relative).
fn plant(root: &Path, original: &str, n: usize) -> String {
    let text = std::fs::read_to_string(root.join(original)).unwrap();
    let (front, body) = text[4..].split_once("\n---\n").unwrap();
    let year = &original["initiatives/".len().."initiatives/".len() + 4];
    let front = front
        .lines()
        .map(|l| {
            if l.starts_with("id: ") {
                format!("id: CP-{year}-{n:03}")
            } else if l.starts_with("  decision: ") {
                format!("  decision: \"{n}/QĐ-SAOCHEP\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let body = match n % 3 {
        // A sentence rewritten.
        0 => {
            let mut sentences: Vec<&str> = body.split(". ").collect();
            let at = sentences.len() / 2;
            sentences[at] =
                "Phần này được viết lại bằng những câu chữ hoàn toàn khác so với bản gốc";
            sentences.join(". ")
        }
        // Words swapped in four places.
        1 => {
            let mut words: Vec<&str> = body.split(' ').collect();
            for k in 1..=4 {
                let at = words.len() * k / 5;
                words.swap(at, at + 1);
            }
            words.join(" ")
        }
        // A paragraph added.
        _ => format!(
            "{body}\n\nNgoài ra, nhóm tác giả đề xuất mở rộng mô hình sang các địa phương lân cận, \
             tổ chức tập huấn cho cán bộ cơ sở và biên soạn tài liệu hướng dẫn chi tiết.\n"
        ),
    };
    let copy = original.replace(".md", &format!("-ban-sao-{n}.md"));
    std::fs::write(root.join(&copy), format!("---\n{front}\n---\n{body}")).unwrap();
    copy
}

fn initiatives(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("initiatives"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

#[test]
fn planted_copies_are_found_with_both_files_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    util::gen_corpus(root, 300);
    let originals: Vec<String> = initiatives(root).into_iter().step_by(10).take(30).collect();
    let planted: Vec<(String, String)> = originals
        .iter()
        .enumerate()
        .map(|(n, o)| (o.clone(), plant(root, o, n)))
        .collect();
    let found = near_copies(root, &[]);
    let named = |here: &str, there: &str| {
        found
            .iter()
            .any(|(f, m)| f == here && m.contains(&format!("near-copy of {there} (")))
    };
    let hits = planted
        .iter()
        .filter(|(o, c)| named(c, o) && named(o, c))
        .count();
    assert!(
        hits * 100 >= planted.len() * 95,
        "found {hits} of {} planted copies",
        planted.len()
    );
    // With a similarity figure.
    let (_, m) = found.iter().find(|(f, _)| f == &planted[0].1).unwrap();
    assert!(m.contains(" % of its word sequences are shared)"), "{m}");
}

#[test]
fn no_false_alarm_on_the_sample() {
    assert_eq!(
        near_copies(&util::content(), &[]),
        Vec::<(String, String)>::new()
    );
}

/// In a repository, the findings are cached: a second check gives the
/// same, an edit that removes the copy removes the warning, and a copy
/// added later is found comparing only it; `--changed-since` reports it.
#[test]
fn the_cache_is_reused_and_kept_right() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    util::gen_corpus(root, 120);
    let files = initiatives(root);
    let copy = plant(root, &files[3], 2);
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "first"]);
    let first = near_copies(root, &[]);
    assert!(first.iter().any(|(f, _)| *f == copy));
    assert!(root.join(".git/sangkien/copies/state.json").is_file());
    assert_eq!(near_copies(root, &[]), first, "the cached result");
    // The copy rewritten entirely: no longer a copy.
    let text = std::fs::read_to_string(root.join(&copy)).unwrap();
    let front: Vec<String> = text
        .split("\n---\n")
        .next()
        .unwrap()
        .lines()
        .map(|l| match l.split_once(':') {
            Some(("title", _)) => {
                "title: \"Trạm bơm năng lượng mặt trời cho vườn cà phê đồi dốc\"".to_string()
            }
            Some(("summary", _)) => {
                "summary: \"Bơm nước tưới bằng điện mặt trời, điều khiển qua điện thoại.\""
                    .to_string()
            }
            _ => l.to_string(),
        })
        .collect();
    let front = front.join("\n");
    std::fs::write(
        root.join(&copy),
        format!("{front}\n---\n\nMột mô tả riêng, khác hẳn: trạm bơm năng lượng mặt trời cho vườn cà phê trên đồi dốc, điều khiển qua điện thoại.\n"),
    )
    .unwrap();
    let edited = near_copies(root, &[]);
    assert!(!edited.iter().any(|(f, _)| *f == copy), "{edited:?}");
    // A new copy, after the commit: found, also by --changed-since.
    let late = plant(root, &files[7], 5);
    assert!(near_copies(root, &[]).iter().any(|(f, _)| *f == late));
    let since = near_copies(root, &["--changed-since", "HEAD"]);
    assert!(
        since
            .iter()
            .any(|(f, m)| *f == late && m.contains(&files[7])),
        "{since:?}"
    );
}
