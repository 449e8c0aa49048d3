//! Nothing private is published, payloads are escaped, output is written safely.

use scraper::{Html, Selector};

use super::*;
use crate::util;

/// Marker words put in the fixture's private places (see
/// tests/fixtures/build/basic): private mappings, confidential text, a
/// draft, and the profile of an author without consent.
const CANARIES: &[&str] = &[
    "canaryauthorphone",
    "canaryauthornote",
    "canarynoconsentposition",
    "canarynoconsentqual",
    "canarynoconsentalt",
    "canarynoconsentbio",
    "canarynoconsentemail",
    "canarynoconsentphoto",
    "canaryconfidential",
    "canaryinitcontact",
    "canarydrafttitle",
    "canarydraftsummary",
    "canarydraftbody",
    "canarydrafttag",
    "canarydraftalt",
    "canarydraftimage",
    "canarydraftfile",
    "canarydraftalias",
];

/// The text of a file, gunzipped when it is gzip.
fn readable(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut s = String::from_utf8_lossy(bytes).into_owned();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .is_ok()
        {
            s.push_str(&String::from_utf8_lossy(&out));
        }
    }
    s.to_lowercase()
}

#[test]
fn nothing_private_reaches_any_output_file() {
    // The fixture really holds every marker (so the test can fail).
    let mut source = String::new();
    for (path, bytes) in tree(&fixture("basic")) {
        source.push_str(&path);
        source.push_str(&String::from_utf8_lossy(&bytes));
    }
    for c in CANARIES {
        assert!(source.contains(c), "fixture lacks {c}");
    }
    let built = basic_site();
    // A consenting author's profile is published: the check can see text.
    assert!(
        readable(&built.site["tac-gia/nguyen-thi-hoa/index.html"]).contains("kỹ sư nông nghiệp")
    );
    // The open data files are among those checked, and hold the
    // consenting author's profile (so the check can see their text).
    for f in [
        "sang-kien.csv",
        "sang-kien.json",
        "tac-gia.csv",
        "don-vi.csv",
        "datapackage.json",
    ] {
        assert!(
            built.site.contains_key(&format!("du-lieu/{f}")),
            "no du-lieu/{f}"
        );
    }
    assert!(readable(&built.site["du-lieu/tac-gia.csv"]).contains("kỹ sư nông nghiệp"));
    for (path, bytes) in &built.site {
        let text = readable(bytes);
        for c in CANARIES {
            assert!(!path.contains(c), "{path} is named after private data");
            assert!(!text.contains(c), "{path} contains {c}");
        }
    }
    for c in CANARIES {
        assert!(!built.log.contains(c), "build log contains {c}");
    }

    // Errors on private lines and in a draft: the build log names the
    // files and lines but quotes none of them (`check` does, for editors).
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let author = cat.join("authors/nguyen-thi-hoa.md");
    let text = std::fs::read_to_string(&author).unwrap();
    let text = text.replace("  phone: \"canaryauthorphone\"\n", "");
    let text = text.replace(
        "private:\n  note:",
        "private: \"canaryprivatescalar\"\nx_note:",
    );
    std::fs::write(&author, text).unwrap();
    let draft = cat.join("initiatives/2025/nhap.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(
        &draft,
        text.replace(
            "summary: \"canarydraftsummary\"",
            "sumary: \"canarydraftsummary\"",
        ),
    )
    .unwrap();
    let o = build(&cat, &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        log.contains("authors/nguyen-thi-hoa.md") && log.contains("initiatives/2025/nhap.md"),
        "{log}"
    );
    for c in CANARIES.iter().chain(&["canaryprivatescalar"]) {
        assert!(!log.contains(c), "build log quotes {c}: {log}");
    }
}

#[test]
fn script_payloads_are_escaped_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_ok(&fixture("xss"), &out);
    let site = tree(&out);
    let scripts = Selector::parse("script").unwrap();
    let all = Selector::parse("*").unwrap();
    let mut pages = 0;
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        // The open data CSV holds the text exactly as written (served as
        // text/csv, never read as markup); its JSON escapes `<`.
        if path.starts_with("du-lieu/") && path.ends_with(".csv") {
            assert!(
                text.contains("<script>alert"),
                "{path}: the data is the text as written"
            );
            continue;
        }
        assert!(!text.contains("<script>alert"), "{path}");
        assert!(!text.contains("<img src=x"), "{path}");
        assert!(!text.contains("<iframe"), "{path}");
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&text);
        for s in doc.select(&scripts) {
            let ok = s.value().attr("type") == Some("application/ld+json")
                || s.value()
                    .attr("src")
                    .is_some_and(|src| src.ends_with("/assets/search.js"));
            assert!(ok, "{path}: unexpected script {}", s.html());
        }
        for e in doc.select(&all) {
            for (name, value) in e.value().attrs() {
                assert!(!name.starts_with("on"), "{path}: {name}={value}");
                assert!(
                    !value.trim().to_lowercase().starts_with("javascript:"),
                    "{path}: {name}={value}"
                );
                assert!(!(name == "style" && value.contains("javascript")), "{path}");
            }
        }
    }
    assert!(pages > 10);
    // The text itself is still there, shown as text.
    let page = String::from_utf8_lossy(&site["sang-kien/x/index.html"]).into_owned();
    assert!(page.contains(
        "Title &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
    ));
    assert!(
        page.contains("<p>Body "),
        "Markdown text kept, raw HTML cleaned"
    );
}

#[test]
fn failed_build_keeps_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&fixture("basic"), &out);
    let before = tree(&out);

    // A template that does not parse.
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}{{ broken",
    )
    .unwrap();
    let o = build(
        &util::content(),
        &out,
        &["--theme", theme.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("page.html"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(tree(&out), before);

    // A template that fails while rendering, after other pages were written.
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}{{ no_such_value.x }}{% endblock main %}",
    )
    .unwrap();
    let o = build(
        &util::content(),
        &out,
        &["--theme", theme.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(&out), before);
    // No temporary folder is left beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // An invalid catalogue: exit 1, diagnostics, nothing touched.
    let bad = dir.path().join("bad");
    util::copy_tree(&fixture("basic"), &bad);
    std::fs::write(
        bad.join("units/so-y-te.yaml"),
        "name: \"Sở Y tế\"\nkind: nope\n",
    )
    .unwrap();
    let o = build(&bad, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("units/so-y-te.yaml"), "{err}");
    assert_eq!(tree(&out), before);
}

#[test]
fn foreign_folder_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("luan-van.txt"), "không được xóa").unwrap();
    let o = build(&fixture("basic"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing"));
    let t = tree(&out);
    assert_eq!(t.len(), 1);
    assert_eq!(t["luan-van.txt"], "không được xóa".as_bytes());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // An empty folder is fine, and then it is ours.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_ok(&fixture("basic"), &empty);
    assert!(empty.join(".sangkien-site").is_file());
    build_ok(&fixture("basic"), &empty);
}

#[test]
fn two_builds_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build_ok(&util::content(), &a);
    build_ok(&util::content(), &b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs");
    }
    assert_eq!(ta, content_site().site);
}
