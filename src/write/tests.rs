//! Unit tests of the write stage as a whole (each file tests its parts).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::*;

/// Every file under `dir` (path → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn write_site(out: &Path, files: &[OutputFile]) {
    let s = Staging::begin(out).unwrap();
    s.write(files).unwrap();
    s.commit().unwrap();
}

#[test]
fn refuses_foreign_folder_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    assert!(matches!(Staging::begin(&out), Err(WriteError::Foreign(_))));
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    assert_eq!(names_in(dir.path()), ["site"]);
}

#[test]
fn commit_replaces_own_site_and_drop_discards() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[OutputFile::bytes("a/index.html", "one")]);
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");

    let s = Staging::begin(&out).unwrap();
    s.write(&[OutputFile::bytes("b.txt", "two")]).unwrap();
    drop(s); // a failed build
    assert!(out.join("a/index.html").is_file());
    assert!(!out.join("b.txt").exists());

    write_site(&out, &[OutputFile::bytes("b.txt", "two")]);
    assert!(
        !out.join("a").exists(),
        "a file no longer generated is deleted"
    );
    assert!(out.join(MARKER).is_file());
    assert_eq!(names_in(dir.path()), ["public"]);
}

#[test]
fn refuses_paths_outside() {
    let dir = tempfile::tempdir().unwrap();
    let s = Staging::begin(&dir.path().join("o")).unwrap();
    for p in ["../x", "/etc/x", "a//b", MARKER, MANIFEST, "a/./b", "nul\0"] {
        assert!(s.write(&[OutputFile::bytes(p, "x")]).is_err(), "{p:?}");
    }
}

#[test]
fn update_touches_only_changed_files_and_keeps_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let v1 = [
        OutputFile::bytes("same/index.html", "same"),
        OutputFile::bytes("edited/index.html", "before"),
        OutputFile::bytes("gone/index.html", "gone"),
    ];
    write_site(&out, &v1);
    fs::write(out.join("CNAME"), "sangkien.example.vn").unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/config"), "[core]").unwrap();
    let ino = |p: &str| {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(out.join(p)).unwrap().ino()
    };
    let same_before = ino("same/index.html");
    let v2 = [
        OutputFile::bytes("same/index.html", "same"),
        OutputFile::bytes("edited/index.html", "after"),
        OutputFile::bytes("new/index.html", "new"),
    ];
    write_site(&out, &v2);
    let t = tree(&out);
    assert_eq!(
        ino("same/index.html"),
        same_before,
        "an unchanged file is not rewritten"
    );
    assert_eq!(t["edited/index.html"], b"after");
    assert_eq!(t["new/index.html"], b"new");
    assert!(!out.join("gone").exists());
    assert_eq!(t["CNAME"], b"sangkien.example.vn");
    assert_eq!(t[".git/config"], b"[core]");
    assert_eq!(names_in(dir.path()), ["public"]);

    // A file the user deleted by hand is written again.
    fs::remove_file(out.join("same/index.html")).unwrap();
    write_site(&out, &v2);
    assert_eq!(tree(&out)["same/index.html"], b"same");
}

#[test]
fn a_generated_file_never_overwrites_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[OutputFile::bytes("index.html", "home")]);
    fs::write(out.join("google1234.html"), "google-site-verification").unwrap();
    fs::write(out.join("docs"), "a file where a folder would go").unwrap();
    let before = tree(&out);
    for path in ["google1234.html", "docs/index.html"] {
        let s = Staging::begin(&out).unwrap();
        let e = s
            .write(&[OutputFile::bytes(path, "generated")])
            .unwrap_err()
            .to_string();
        let name = path.split('/').next().unwrap();
        assert!(e.contains(name) && e.contains("static/"), "{e}");
        drop(s);
        assert_eq!(tree(&out), before);
    }
    assert_eq!(names_in(dir.path()), ["public"]);
}

#[test]
fn a_file_may_become_a_folder_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[OutputFile::bytes("x", "file")]);
    write_site(&out, &[OutputFile::bytes("x/index.html", "page")]);
    assert_eq!(tree(&out)["x/index.html"], b"page");
    write_site(&out, &[OutputFile::bytes("x", "file again")]);
    assert_eq!(tree(&out)["x"], b"file again");
}

#[test]
fn an_interrupted_commit_is_completed_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = [
        OutputFile::bytes("a/index.html", "a1"),
        OutputFile::bytes("b/index.html", "b"),
        OutputFile::bytes("c", "c"),
    ];
    let v2 = [
        OutputFile::bytes("a/index.html", "a2"),
        OutputFile::bytes("c/index.html", "c is a folder now"),
        OutputFile::bytes("d/e/index.html", "d"),
    ];
    let fresh = dir.path().join("fresh");
    write_site(&fresh, &v2);
    let want = tree(&fresh);
    for k in 0.. {
        let out = dir.path().join(format!("site{k}"));
        write_site(&out, &v1);
        let s = Staging::begin(&out).unwrap();
        s.write(&v2).unwrap();
        let steps = s.commit_interrupted(k).unwrap();
        recover(&out).unwrap();
        assert_eq!(tree(&out), want, "stopped after {k} of {steps} steps");
        let mut left = names_in(dir.path());
        left.retain(|n| n.starts_with('.'));
        assert!(left.is_empty(), "{left:?}");
        fs::remove_dir_all(&out).unwrap();
        if k >= steps {
            break;
        }
    }
}

#[test]
fn a_site_without_manifest_is_exchanged_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // A site written by a sangkien from before manifests.
    fs::create_dir_all(out.join("old")).unwrap();
    fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
    fs::write(out.join("old/index.html"), "old").unwrap();
    write_site(&out, &[OutputFile::bytes("new/index.html", "new")]);
    let t = tree(&out);
    assert_eq!(t["new/index.html"], b"new");
    assert!(!t.contains_key("old/index.html"));
    assert!(t.contains_key(MANIFEST));
    assert_eq!(names_in(dir.path()), ["public"]);
}

#[test]
fn a_second_build_may_refuse_instead_of_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = Staging::begin(&out).unwrap();
    let e = Staging::begin_with(&out, &Wait::Refuse).unwrap_err();
    assert!(matches!(e, WriteError::Busy(_)), "{e}");
    assert!(e.to_string().contains("another `sangkien build`"));
    first.write(&[OutputFile::bytes("a", "a")]).unwrap();
    first.commit().unwrap();
    // Released with the first build: the next one goes ahead.
    write_site(&out, &[OutputFile::bytes("a", "b")]);
    assert_eq!(tree(&out)["a"], b"b");
}
