//! Hardening: the write stage. Files the user put in the site survive,
//! killed builds leave nothing and never a broken site, an update touches
//! only what changed, and two builds at once never mix.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant, SystemTime};

use sangkien::write::{OutputFile, Staging, MANIFEST, MARKER};

use crate::util;

fn basic() -> PathBuf {
    util::root().join("tests/fixtures/build/basic")
}

fn build(content: &Path, out: &Path) -> Output {
    util::run(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Every file under `dir`: relative path → bytes.
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

/// `tree` without the files the user put there.
fn site_of(dir: &Path, user_files: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut t = tree(dir);
    t.retain(|k, _| !user_files.iter().any(|u| k.starts_with(u)));
    t
}

/// Names beside the output other than the folders the test made.
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    v.sort();
    v
}

/// Adds `n` initiatives to a copy of the `basic` fixture (or the sample
/// catalogue: `template` is an initiative of it, `id` its id).
fn add_initiatives(cat: &Path, template: &str, id: &str, n: usize, first: usize) {
    let text = fs::read_to_string(cat.join(template)).unwrap();
    let folder = cat.join(Path::new(template).parent().unwrap());
    let prefix = &id[..id.len() - 3];
    for k in first..first + n {
        let t = text
            .replacen(
                &format!("id: {id}"),
                &format!("id: {prefix}{}", 10000 + k),
                1,
            )
            .replacen("title: \"", &format!("title: \"Bản {k}: "), 1);
        fs::write(folder.join(format!("gen-{k:05}.md")), t).unwrap();
    }
}

const PHAN_BON: (&str, &str) = ("initiatives/2023/phan-bon.md", "KT-2023-001");

#[test]
fn user_files_survive_rebuilds_and_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&basic(), &cat);
    let out = dir.path().join("public");
    util::build_ok(&cat, &out);
    let user: [(&str, &str); 4] = [
        ("CNAME", "sangkien.example.vn\n"),
        (".nojekyll", ""),
        (".git/config", "[core]\n\tbare = false\n"),
        (
            "google1234.html",
            "google-site-verification: google1234.html",
        ),
    ];
    for (p, text) in user {
        fs::create_dir_all(out.join(p).parent().unwrap()).unwrap();
        fs::write(out.join(p), text).unwrap();
    }
    // An edit, an initiative more: the rebuild keeps every user file.
    add_initiatives(&cat, PHAN_BON.0, PHAN_BON.1, 1, 0);
    util::build_ok(&cat, &out);
    util::build_ok(&cat, &out);
    for (p, text) in user {
        assert_eq!(fs::read_to_string(out.join(p)).unwrap(), text, "{p}");
    }
    assert!(out.join("sang-kien").is_dir());

    // A new page where the user has a file: refused, naming it, and the
    // site stays as it was.
    let taken = "sang-kien/gen-00001/index.html";
    fs::create_dir_all(out.join(taken).parent().unwrap()).unwrap();
    fs::write(out.join(taken), "my own page").unwrap();
    let before = tree(&out);
    add_initiatives(&cat, PHAN_BON.0, PHAN_BON.1, 1, 1);
    let o = build(&cat, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(taken) && err.contains("static/"), "{err}");
    assert_eq!(tree(&out), before);
    assert_eq!(beside(&out), Vec::<String>::new());
}

#[test]
fn static_folder_is_published_at_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&basic(), &cat);
    let out = dir.path().join("public");
    // The user had a verification file in the site; it moves to static/.
    util::build_ok(&cat, &out);
    fs::write(out.join("google1234.html"), "verify").unwrap();
    let st = cat.join("static");
    fs::create_dir_all(st.join(".well-known")).unwrap();
    fs::write(st.join("CNAME"), "sangkien.example.vn\n").unwrap();
    fs::write(st.join(".nojekyll"), "").unwrap();
    fs::write(
        st.join(".well-known/security.txt"),
        "Contact: x@example.vn\n",
    )
    .unwrap();
    fs::write(st.join("google1234.html"), "verify").unwrap();
    util::build_ok(&cat, &out);
    let t = tree(&out);
    assert_eq!(t["CNAME"], b"sangkien.example.vn\n");
    assert_eq!(t[".nojekyll"], b"");
    assert_eq!(t[".well-known/security.txt"], b"Contact: x@example.vn\n");
    assert_eq!(t["google1234.html"], b"verify");
    // Now ours: removed from static/, it goes from the site.
    fs::remove_file(st.join("CNAME")).unwrap();
    util::build_ok(&cat, &out);
    assert!(!out.join("CNAME").exists());

    // A file that a generated one would overwrite is the plan's clash.
    fs::write(st.join("robots.txt"), "User-agent: *\n").unwrap();
    let before = tree(&out);
    let o = build(&cat, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    // A located error, as `check` reports it first.
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/robots.txt")
            && err.contains("static/robots.txt")
            && err.contains("[site-path]"),
        "{err}"
    );
    assert_eq!(tree(&out), before);
    let checked = util::run(&["check", "--content", cat.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&checked.stdout).contains("static/robots.txt"));
}

#[test]
fn leftovers_of_killed_builds_are_removed_and_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    util::build_ok(&basic(), &out);
    for kind in ["stage-99999", "old-4242", "tmp-7"] {
        let d = dir.path().join(format!(".public.sangkien-{kind}"));
        fs::create_dir_all(d.join("sang-kien/x")).unwrap();
        fs::write(d.join(MARKER), "").unwrap();
        fs::write(d.join("sang-kien/x/index.html"), "half a site").unwrap();
    }
    // A stale lock file of a killed build, and folders that are not ours.
    fs::write(dir.path().join(".public.sangkien-lock"), "").unwrap();
    fs::create_dir(dir.path().join(".public.sangkien-stage-5")).unwrap();
    fs::write(dir.path().join(".public.sangkien-stage-5/notes"), "mine").unwrap();
    fs::create_dir(dir.path().join(".public.sangkien-mine")).unwrap();
    fs::write(dir.path().join(".public.sangkien-mine/").join(MARKER), "").unwrap();
    util::build_ok(&basic(), &out);
    assert_eq!(
        beside(&out),
        [".public.sangkien-mine", ".public.sangkien-stage-5"]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(".public.sangkien-stage-5/notes")).unwrap(),
        "mine"
    );
}

/// Site B's files as the build stage would hand them over.
fn files_of(site: &BTreeMap<String, Vec<u8>>) -> Vec<OutputFile> {
    site.iter()
        .filter(|(k, _)| k.as_str() != MARKER && k.as_str() != MANIFEST)
        .map(|(k, v)| OutputFile::bytes(k.clone(), v.clone()))
        .collect()
}

#[test]
fn a_commit_stopped_at_any_step_is_completed_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    util::copy_tree(&basic(), &a);
    add_initiatives(&a, PHAN_BON.0, PHAN_BON.1, 3, 0);
    util::copy_tree(&a, &b);
    // B: one initiative edited, one removed, one added.
    let edited = b.join("initiatives/2023/gen-00000.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replacen("Bản 0:", "Bản không:", 1)).unwrap();
    fs::remove_file(b.join("initiatives/2023/gen-00001.md")).unwrap();
    add_initiatives(&b, PHAN_BON.0, PHAN_BON.1, 1, 7);
    let (old_site, new_site) = (dir.path().join("old"), dir.path().join("new"));
    util::build_ok(&a, &old_site);
    util::build_ok(&b, &new_site);
    let want = tree(&new_site);
    let new_files = files_of(&want);
    let out = dir.path().join("public");
    let mut k = 0;
    loop {
        if out.exists() {
            fs::remove_dir_all(&out).unwrap();
        }
        util::copy_tree(&old_site, &out);
        fs::write(out.join("CNAME"), "sk.example.vn").unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.write(&new_files).unwrap();
        let steps = staging.commit_interrupted(k).unwrap();
        assert!(steps > 10, "the update has deletions and moves: {steps}");
        util::build_ok(&b, &out);
        assert_eq!(
            site_of(&out, &["CNAME"]),
            want,
            "stopped after {k} of {steps}"
        );
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "sk.example.vn"
        );
        assert_eq!(beside(&out), Vec::<String>::new(), "after {k} of {steps}");
        if k == steps {
            break;
        }
        k += 1;
    }
}

#[test]
fn unchanged_files_keep_their_time_after_a_one_entry_edit() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&basic(), &cat);
    add_initiatives(&cat, PHAN_BON.0, PHAN_BON.1, 12, 0);
    let out = dir.path().join("public");
    util::build_ok(&cat, &out);
    let before = tree(&out);
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(946_684_800); // 2000-01-01
    for path in before.keys() {
        let f = fs::File::options()
            .write(true)
            .open(out.join(path))
            .unwrap();
        f.set_modified(long_ago).unwrap();
    }
    let edited = cat.join("initiatives/2023/gen-00003.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replacen("summary: \"", "summary: \"Sửa: ", 1)).unwrap();
    util::build_ok(&cat, &out);
    let after = tree(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut changed = Vec::new();
    for (path, bytes) in &after {
        let mtime = fs::metadata(out.join(path)).unwrap().modified().unwrap();
        if bytes == &before[path] {
            assert_eq!(mtime, long_ago, "{path} was rewritten with the same bytes");
        } else {
            assert!(mtime > long_ago, "{path}");
            changed.push(path.as_str());
        }
    }
    assert!(
        changed.contains(&"sang-kien/gen-00003/index.html"),
        "{changed:?}"
    );
    assert!(
        changed.len() * 4 < after.len(),
        "{} of {} files changed",
        changed.len(),
        after.len()
    );
}

#[test]
fn a_second_build_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    util::build_ok(&basic(), &out);
    // Hold the lock as a running build does.
    let lock = fs::File::create(dir.path().join(".public.sangkien-lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&basic(), &cat);
    add_initiatives(&cat, PHAN_BON.0, PHAN_BON.1, 1, 0);
    let child = util::bin()
        .args(["build", "--content", cat.to_str().unwrap(), "--out"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !out.join("sang-kien/gen-00000").exists(),
        "wrote while locked"
    );
    drop(lock);
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("waiting: another `sangkien build`"), "{err}");
    assert!(out.join("sang-kien/gen-00000/index.html").is_file());

    // Two real builds at once, several times: each finishes, and the site
    // is one of the two, whole.
    let other = basic();
    let (want_a, want_b) = {
        let (x, y) = (dir.path().join("x"), dir.path().join("y"));
        util::build_ok(&cat, &x);
        util::build_ok(&other, &y);
        (tree(&x), tree(&y))
    };
    for _ in 0..3 {
        let spawn = |c: &Path| {
            util::bin()
                .args(["build", "--content", c.to_str().unwrap(), "--out"])
                .arg(&out)
                .output()
        };
        let (ra, rb) = std::thread::scope(|s| {
            let ta = s.spawn(|| spawn(&cat).unwrap());
            let tb = s.spawn(|| spawn(&other).unwrap());
            (ta.join().unwrap(), tb.join().unwrap())
        });
        assert!(ra.status.success() && rb.status.success());
        let t = tree(&out);
        assert!(t == want_a || t == want_b, "a mixed site");
        assert_eq!(beside(&out), Vec::<String>::new());
    }
}

/// The sample catalogue with `n` more initiatives: big enough for a debug
/// build to take a few seconds.
fn big_catalogue(dir: &Path, n: usize) -> PathBuf {
    let cat = dir.join("big");
    util::copy_tree(&util::content(), &cat);
    add_initiatives(
        &cat,
        "initiatives/2021/bang-tinh-quan-ly-tai-san-cong.md",
        "KT-2021-006",
        n,
        0,
    );
    cat
}

#[test]
fn sigkill_at_any_moment_leaves_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let a = big_catalogue(dir.path(), 100);
    // B differs on every page (the site's title): the longest commit.
    let b = dir.path().join("big-b");
    util::copy_tree(&a, &b);
    let site = fs::read_to_string(b.join("site.yaml")).unwrap();
    fs::write(
        b.join("site.yaml"),
        site.replacen("title: \"", "title: \"B ", 1),
    )
    .unwrap();
    let refs = [dir.path().join("ref-a"), dir.path().join("ref-b")];
    util::build_ok(&a, &refs[0]);
    util::build_ok(&b, &refs[1]);
    let want = [tree(&refs[0]), tree(&refs[1])];
    let cats = [&a, &b];

    let out = dir.path().join("public");
    util::build_ok(&a, &out);
    fs::write(out.join("CNAME"), "sk.example.vn").unwrap();
    let t = Instant::now();
    util::build_ok(&b, &out);
    let full = t.elapsed();
    let mut current = 1; // the site now in `out`
    let (mut old, mut new, mut journal) = (0, 0, 0);
    // 14 kills spread over the build, then 6 right as its journal is
    // sealed (inside the swap), a little later each time.
    for i in 1..=20u32 {
        let target = 1 - current;
        let mut child = util::bin()
            .args([
                "build",
                "--content",
                cats[target].to_str().unwrap(),
                "--out",
            ])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if i <= 14 {
            std::thread::sleep(full * i / 14);
        } else {
            let sealed = || {
                beside(&out)
                    .iter()
                    .any(|n| dir.path().join(n).join("journal").is_file())
            };
            while !sealed() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(Duration::from_millis(u64::from(i - 15) * 3));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert!(out.join(MARKER).is_file(), "kill {i}: no site");
        let pending = beside(&out)
            .iter()
            .any(|n| dir.path().join(n).join("journal").is_file());
        if pending {
            // Killed while applying its journal: complete once rolled forward.
            journal += 1;
            sangkien::write::recover(&out).unwrap();
        }
        let got = site_of(&out, &["CNAME"]);
        if got == want[target] {
            new += 1;
            current = target;
        } else {
            assert!(!pending, "kill {i}: the journal did not give the new site");
            assert!(got == want[current], "kill {i}: a broken site");
            old += 1;
        }
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "sk.example.vn"
        );
    }
    eprintln!(
        "20 kills, build {full:?}: old site {old}, new site {new}, \
         of which {journal} completed from the journal"
    );
    assert!(
        old > 0 && new > 0,
        "the kills should fall both before and after the commit"
    );
    // A normal build then leaves nothing beside the site and equals a fresh one.
    util::build_ok(&a, &out);
    assert_eq!(beside(&out), Vec::<String>::new());
    assert_eq!(site_of(&out, &["CNAME"]), want[0]);
}
