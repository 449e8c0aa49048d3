//! Git: each initiative page shows its last-updated date and its changes
//! (date and commit subject) from a fixture repository made here with set
//! dates; without git there is no history; `check --changed-since` checks
//! the changed entries and the entries related to them.

use std::path::Path;
use std::process::Command;

use crate::util;

const PAGE: &str = "sang-kien/nhat-ky-dien-tu-vuon-sam/index.html";
const ENTRY: &str = "initiatives/2024/nhat-ky-dien-tu-vuon-sam.md";

/// Runs git in `dir` as a fixed, recognisable person.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Người Biên Tập Bí Mật")
        .env("GIT_AUTHOR_EMAIL", "bien-tap-bi-mat@example.org")
        .env("GIT_COMMITTER_NAME", "Máy Chủ")
        .env("GIT_COMMITTER_EMAIL", "may-chu-bi-mat@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit_all(dir: &Path, subject: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", subject], date);
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn build(dir: &Path, out: &Path) {
    let r = util::run(&[
        "build",
        "--content",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

/// The change list of a built initiative page: (date, subject) pairs.
fn changes(page: &str) -> (Option<String>, Vec<(String, String)>) {
    let html = scraper::Html::parse_document(page);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let updated = html
        .select(&sel("section.history > p > time"))
        .next()
        .map(|t| t.text().collect::<String>());
    let items = html
        .select(&sel("section.history li"))
        .map(|li| {
            let date: String = li.select(&sel("time")).next().unwrap().text().collect();
            let text: String = li.text().collect();
            let subject = text
                .split_once(": ")
                .map(|x| x.1.to_string())
                .unwrap_or_default();
            (date, subject)
        })
        .collect();
    (updated, items)
}

#[test]
fn pages_show_their_entry_history_from_git() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    commit_all(&dir, "Khởi tạo danh mục", "2025-01-10T09:00:00+07:00");
    edit(&dir, ENTRY, "summary: \"Thay sổ", "summary: \"Nay thay sổ");
    commit_all(&dir, "Sửa tóm tắt <nhật ký>", "2025-03-05T10:00:00+07:00");
    edit(&dir, "authors/nguyen-van-an.md", "công tác", "làm việc");
    commit_all(&dir, "Cập nhật tiểu sử", "2025-04-01T08:00:00+07:00");

    let out = tmp.path().join("site");
    build(&dir, &out);
    let page = std::fs::read_to_string(out.join(PAGE)).unwrap();
    let (updated, list) = changes(&page);
    assert_eq!(updated.as_deref(), Some("05/03/2025"));
    assert!(page.contains("Cập nhật lần cuối"));
    assert_eq!(
        list,
        vec![
            (
                "05/03/2025".to_string(),
                "Sửa tóm tắt <nhật ký>".to_string()
            ),
            ("10/01/2025".to_string(), "Khởi tạo danh mục".to_string()),
        ]
    );

    // Renaming the file keeps its history.
    git(
        &dir,
        &["mv", ENTRY, "initiatives/2024/nhat-ky-vuon-sam.md"],
        "2025-05-02T08:00:00+07:00",
    );
    git(
        &dir,
        &["commit", "-q", "-m", "Đổi tên tệp"],
        "2025-05-02T08:00:00+07:00",
    );
    let out2 = tmp.path().join("site2");
    build(&dir, &out2);
    let page = std::fs::read_to_string(out2.join("sang-kien/nhat-ky-vuon-sam/index.html")).unwrap();
    let (updated, list) = changes(&page);
    assert_eq!(updated.as_deref(), Some("02/05/2025"));
    let subjects: Vec<&str> = list.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        subjects,
        ["Đổi tên tệp", "Sửa tóm tắt <nhật ký>", "Khởi tạo danh mục"]
    );

    // Nothing about the people behind the commits is published.
    for f in walkdir::WalkDir::new(&out2)
        .into_iter()
        .filter_map(Result::ok)
    {
        if f.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(f.path()).unwrap()).into_owned();
            for secret in ["bi-mat@example.org", "Người Biên Tập", "Máy Chủ"] {
                assert!(
                    !text.contains(secret),
                    "{} has {secret}",
                    f.path().display()
                );
            }
        }
    }
}

#[test]
fn a_rewritten_history_is_read_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    commit_all(&dir, "Khởi tạo", "2025-01-10T09:00:00+07:00");
    edit(&dir, ENTRY, "summary: \"Thay sổ", "summary: \"Nay thay sổ");
    commit_all(&dir, "Tóm tắt có lỗi chính tả", "2025-02-01T09:00:00+07:00");
    build(&dir, &tmp.path().join("a"));
    // The build kept the history read at this commit; amending it must
    // not leave the old subject on the page.
    git(
        &dir,
        &["commit", "-q", "--amend", "-m", "Sửa tóm tắt"],
        "2025-02-02T09:00:00+07:00",
    );
    edit(&dir, ENTRY, "Nay thay", "Nay đã thay");
    commit_all(&dir, "Sửa tiếp", "2025-03-01T09:00:00+07:00");
    let out = tmp.path().join("b");
    build(&dir, &out);
    let (_, list) = changes(&std::fs::read_to_string(out.join(PAGE)).unwrap());
    let subjects: Vec<&str> = list.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(subjects, ["Sửa tiếp", "Sửa tóm tắt", "Khởi tạo"]);
    // Amending keeps the author date, which is the date shown.
    assert_eq!(list[1].0, "01/02/2025");
}

#[test]
fn without_git_pages_have_no_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    let _ = std::fs::remove_dir_all(dir.join(".git"));
    let out = tmp.path().join("site");
    build(&dir, &out);
    let page = std::fs::read_to_string(out.join(PAGE)).unwrap();
    assert!(page.contains("Ứng dụng nhật ký điện tử"));
    assert_eq!(changes(&page), (None, Vec::new()));
    assert!(!page.contains("Cập nhật lần cuối"));
}

fn check_json(dir: &Path, rev: &str) -> (Option<i32>, Vec<String>) {
    let out = util::run(&[
        "check",
        "--content",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--changed-since",
        rev,
    ]);
    let files = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    (out.status.code(), files)
}

#[test]
fn changed_since_checks_changed_entries_and_their_references() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::init(&dir);
    // A second author and an initiative of theirs with an error in it.
    let new = |args: &[&str]| {
        let mut all = vec!["new", "--content", dir.to_str().unwrap()];
        all.extend_from_slice(args);
        assert!(util::run(&all).status.success());
    };
    new(&["author", "Trần Thị Bình", "--unit", "so-khcn"]);
    new(&[
        "initiative",
        "--title",
        "Khám bệnh từ xa",
        "--year",
        "2025",
        "--author",
        "tran-thi-binh",
        "--field",
        "y-te",
        "--unit",
        "so-khcn",
    ]);
    let other = "initiatives/2025/kham-benh-tu-xa.md";
    // The one blank `new` leaves without an option for it.
    let text = std::fs::read_to_string(dir.join(other)).unwrap();
    let blank = text
        .lines()
        .find(|l| l.starts_with("  body:"))
        .unwrap()
        .to_string();
    std::fs::write(
        dir.join(other),
        text.replacen(&blank, "  body: ubnd-tinh", 1),
    )
    .unwrap();
    edit(
        &dir,
        other,
        "level: grassroots",
        "level: grassroots\ncolour: red",
    );
    commit_all(&dir, "Khởi tạo", "2025-06-01T09:00:00+07:00");

    // The full check sees the old error; nothing changed since HEAD.
    let full = util::run(&["check", "--content", dir.to_str().unwrap()]);
    assert_eq!(full.status.code(), Some(1));
    assert_eq!(check_json(&dir, "HEAD"), (Some(0), Vec::new()));

    // A broken entry is reported; the unrelated old error is not.
    edit(&dir, ENTRY, "level: provincial", "level: provincal");
    let (code, files) = check_json(&dir, "HEAD");
    assert_eq!(code, Some(1));
    assert!(files.iter().any(|f| f == ENTRY), "{files:?}");
    assert!(!files.iter().any(|f| f == other), "{files:?}");
    edit(&dir, ENTRY, "level: provincal", "level: provincial");

    // Changing an author brings in the initiatives that refer to them.
    edit(
        &dir,
        "authors/tran-thi-binh.md",
        "consent: false",
        "consent: true",
    );
    let (code, files) = check_json(&dir, "HEAD");
    assert_eq!(code, Some(1));
    assert!(files.iter().any(|f| f == other), "{files:?}");

    // Deleting an author still checks the entries that named them.
    std::fs::remove_file(dir.join("authors/tran-thi-binh.md")).unwrap();
    let (_, files) = check_json(&dir, "HEAD");
    assert!(
        files.iter().filter(|f| *f == other).count() >= 2,
        "unknown-ref too: {files:?}"
    );

    // An unknown revision is a clear error, not a silent full pass.
    let out = util::run(&[
        "check",
        "--content",
        dir.to_str().unwrap(),
        "--changed-since",
        "no-such-branch",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown revision `no-such-branch`"));
}
