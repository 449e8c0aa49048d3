//! Language, themes, a site under a sub-path, clashes, timings.

use super::*;
use crate::util;

#[test]
fn english_interface_when_site_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let site_yaml = std::fs::read_to_string(cat.join("site.yaml")).unwrap();
    std::fs::write(
        cat.join("site.yaml"),
        site_yaml.replace("language: vi", "language: en"),
    )
    .unwrap();
    let out = dir.path().join("out");
    build_ok(&cat, &out);
    let page = std::fs::read_to_string(out.join("sang-kien/qr-ca-phe/index.html")).unwrap();
    assert!(page.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(page.contains(">Initiatives</a>") && page.contains("120,000,000 VND"));
    assert!(page.contains("Skip to main content"));
    // Official text stays as written.
    assert!(page.contains("Truy xuất nguồn gốc cà phê Đắk Hà bằng mã QR"));
}

#[test]
fn themes_override_templates_and_assets() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    // The catalogue's own theme folder, then --theme on top.
    std::fs::create_dir_all(cat.join("theme/static")).unwrap();
    std::fs::write(cat.join("theme/static/style.css"), "body{color:#000}").unwrap();
    std::fs::write(
        cat.join("theme/static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ title }}</h1><p>Giao diện riêng</p>{% endblock main %}",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = build(&cat, &out, &["--theme", theme.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).unwrap(),
        "body{color:#000}"
    );
    assert!(out.join("assets/logo.svg").is_file());
    let page = std::fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap();
    assert!(page.contains("Giao diện riêng"));
    // The theme folder itself is not published.
    assert!(!out.join("theme").exists());
}

#[test]
fn sites_under_a_path_link_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let site_yaml = std::fs::read_to_string(cat.join("site.yaml")).unwrap();
    let site_yaml = site_yaml.replace(
        "https://sk.example.vn",
        "https://tinh.example.vn/sang-kien-kt",
    );
    std::fs::write(cat.join("site.yaml"), site_yaml).unwrap();
    let out = dir.path().join("out");
    build_ok(&cat, &out);
    let site = tree(&out);
    super::formats::assert_links_resolve(&site, "https://tinh.example.vn/sang-kien-kt");
    let page = text(&site, "sang-kien/qr-ca-phe/index.html");
    assert!(
        page.contains("href=\"/sang-kien-kt/gioi-thieu/\""),
        "Markdown links get the prefix"
    );
    assert!(
        text(&site, "s/KT-2024-001/index.html").contains("url=/sang-kien-kt/sang-kien/qr-ca-phe/")
    );
}

#[test]
fn an_alias_that_would_overwrite_a_page_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat");
    util::copy_tree(&fixture("basic"), &cat);
    let file = cat.join("initiatives/2024/qr-ca-phe.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\"/cu/qr.html\"", "\"/tac-gia/\"")).unwrap();
    let out = dir.path().join("out");
    let o = build(&cat, &out, &[]);
    // A located error in the catalogue, as `check` reports it (exit 1).
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/tac-gia/index.html") && err.contains("[site-path]"),
        "{err}"
    );
    assert!(err.contains("initiatives/2024/qr-ca-phe.md"), "{err}");
    assert!(!out.exists());
}

#[test]
fn timings_are_printed_per_stage() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&fixture("basic"), &out, &["--timings"]);
    assert!(o.status.success());
    let s = String::from_utf8_lossy(&o.stdout);
    for stage in ["check+model", "render", "write", "search", "total"] {
        assert!(s.contains(stage), "{s}");
    }
}

/// What `on_progress` was told, in order.
static PROGRESS: std::sync::Mutex<Vec<(usize, &'static str)>> = std::sync::Mutex::new(Vec::new());

#[test]
fn progress_comes_as_data_from_the_library_and_never_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let options = sangkien::build::BuildOptions {
        today: jiff::civil::date(2026, 11, 29),
        on_progress: Some(|p| PROGRESS.lock().unwrap().push((p.done, p.next))),
        ..Default::default()
    };
    sangkien::build::build(&fixture("basic"), &dir.path().join("out"), None, &options).unwrap();
    let seen = PROGRESS.lock().unwrap().clone();
    let stages = sangkien::build::STAGES;
    assert_eq!(seen.len(), stages.len() + 1, "{seen:?}");
    for (n, (done, next)) in seen.iter().enumerate() {
        assert_eq!(*done, n);
        assert_eq!(*next, stages.get(n).copied().unwrap_or(""));
    }
    // The binary draws a bar on a terminal only: piped, stderr stays clean.
    let o = util::run(&[
        "build",
        "--content",
        fixture("basic").to_str().unwrap(),
        "--out",
        dir.path().join("piped").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}
