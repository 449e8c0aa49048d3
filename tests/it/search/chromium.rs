//! Search in headless Chromium: parity of search.js with the Rust engine,
//! and the search page of a built site on a phone.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use sangkien::search::query::{self, Filters};
use sangkien::search::{command, export, Files};

use super::suite::{SUGGESTIONS, SUITE};
use super::{rust_top, sample, Sample};
use crate::browser::{Driver, StaticServer};
use crate::util;

/// Writes the sample's search files, search.js and a bare page into `dir`.
pub fn mini_site(s: &Sample, dir: &Path) {
    for f in &s.files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if let sangkien::write::Content::Bytes(b) = &f.content {
            std::fs::write(path, b).unwrap();
        }
    }
    let assets = dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    let js = util::root().join("themes/default/static/search.js");
    std::fs::copy(js, assets.join("search.js")).unwrap();
    let page = dir.join("tim-kiem");
    std::fs::create_dir_all(&page).unwrap();
    std::fs::write(
        page.join("index.html"),
        "<!doctype html><meta charset=utf-8><div id=search-app></div>\
         <script src=/assets/search.js defer></script>",
    )
    .unwrap();
}

/// A query as search.js takes it: filters by facet and slug.
pub fn browser_case(query: &str, filters: &[(&str, &str)]) -> Value {
    let mut by: serde_json::Map<String, Value> = serde_json::Map::new();
    for (facet, slug) in filters {
        let list = by.entry(facet.to_string()).or_insert_with(|| json!([]));
        list.as_array_mut().unwrap().push(json!(slug));
    }
    json!({"q": query, "filters": by})
}

/// Top 10 (doc, score) and suggestions.
pub type BrowserAnswer = (Vec<(u32, u32)>, Vec<String>);

/// What search.js answers to each case in the page: top 10 (doc, score)
/// and its suggestions.
pub fn browser_answers(session: &crate::browser::Session, cases: &[Value]) -> Vec<BrowserAnswer> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const cases = arguments[0], api = window.sangkienSearch;
        const base = new URL('/search-index/', location.href);
        const load = async (rel) => {
          const r = await fetch(new URL(rel, base));
          if (!r.ok) return null;
          const s = (await r.blob()).stream().pipeThrough(new DecompressionStream('gzip'));
          return new Uint8Array(await new Response(s).arrayBuffer());
        };
        const src = {
          shard: async (k) => { const b = await load('s/' + api.shardName(k) + '.gz'); return b && api.decode(b); },
          idShard: async (k) => { const b = await load('i/' + api.shardName(k) + '.gz'); return b && api.decode(b); },
          facet: async (n) => { const b = await load('f/' + n + '.gz'); return b && new Uint16Array(b.buffer); },
          facetSet: async (n, v) => { const b = await load('f/' + n + '/' + v + '.gz'); return b && api.decodeValueSet(b); },
          vocabulary: async () => { const b = await load('v.gz'); return b && new TextDecoder().decode(b).split('\n'); },
        };
        (async () => {
          const out = [];
          for (const c of cases) {
            const a = await api.runQuery(src, c.q, c.filters, []);
            out.push([a.hits.slice(0, 10).map((h) => [h.doc, h.score]), a.suggestions]);
          }
          done(out);
        })().catch((e) => done(String(e)));
    "#;
    let v = session.execute_async(script, json!([cases]));
    serde_json::from_value(v.clone()).unwrap_or_else(|_| panic!("browser said {v}"))
}

#[test]
fn parity_rust_and_browser_top_10() {
    let s = sample();
    let site = tempfile::tempdir().unwrap();
    mini_site(&s, site.path());
    let server = StaticServer::start(site.path());
    let Some(driver) = Driver::start() else {
        return;
    };
    let session = driver.session(1200, 900);
    session.goto(&format!("{}/tim-kiem/", server.url));
    session.wait_for("window.sangkienSearch", Duration::from_secs(10));
    let cases: Vec<Value> = SUITE
        .iter()
        .map(|c| browser_case(c.query, c.filters))
        .chain(SUGGESTIONS.iter().map(|(q, _)| browser_case(q, &[])))
        .collect();
    let browser = browser_answers(&session, &cases);
    let mut files = Files::memory(&s.files);
    for (case, (b, _)) in SUITE.iter().zip(&browser) {
        let r = rust_top(&mut files, case);
        assert!(!r.is_empty(), "{:?} found nothing", case.query);
        assert_eq!(&r, b, "{:?}: Rust vs browser", case.query);
    }
    // No result: the same suggestions.
    for ((query, _), (b, suggested)) in SUGGESTIONS.iter().zip(&browser[SUITE.len()..]) {
        let a = query::run(&mut files, query, &Filters::new(), &[]);
        assert!(a.hits.is_empty() && b.is_empty(), "{query:?} has results");
        assert!(!a.suggestions.is_empty(), "{query:?}: no suggestion");
        assert_eq!(&a.suggestions, suggested, "{query:?}: Rust vs browser");
    }
}

/// Builds the sample catalogue into `out` with `sangkien build`.
fn build_sample(out: &Path) {
    let o = util::run(&[
        "build",
        "--content",
        util::content().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Shard names a typed word may ask for (any prefix of it, as typed).
fn shard_names(query: &str) -> Vec<String> {
    let mut names = Vec::new();
    for w in sangkien::search::analyzer::analyze_query(query) {
        for (i, c) in w.folded.char_indices() {
            let prefix = &w.folded[..i + c.len_utf8()];
            names.push(sangkien::search::shard::shard_name(prefix));
        }
    }
    names
}

#[test]
fn search_page_on_a_phone_in_chromium() {
    let site = tempfile::tempdir().unwrap();
    build_sample(site.path());
    // Without JavaScript the page still offers the browse lists.
    let page = std::fs::read_to_string(site.path().join("tim-kiem/index.html")).unwrap();
    assert!(
        page.contains("/linh-vuc/") && page.contains("/nam/"),
        "{page}"
    );
    assert!(page.contains("id=\"search-app\"") && page.contains("search.js"));

    let server = StaticServer::start(site.path());
    let Some(driver) = Driver::start() else {
        return;
    };
    let session = driver.session(375, 667);
    session.goto(&format!("{}/tim-kiem/", server.url));
    session.wait_for(
        "window.sangkienSearch && window.sangkienSearch.search",
        Duration::from_secs(10),
    );
    session.responses(); // forget the page's own requests

    // Typing without diacritics finds the entries written with them.
    let query = "sam ngoc linh";
    session.type_into("form.search input[name=q]", query);
    let wait = Duration::from_secs(10);
    session.wait_for("document.querySelectorAll('.search-hit').length >= 3", wait);
    let ids = session.execute(
        "return [...document.querySelectorAll('.search-hit')].map(li => li.dataset.id)",
        json!([]),
    );
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    let mut top: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
    top.sort();
    assert_eq!(top, ["KT-2022-003", "KT-2024-004", "KT-2026-002"]);
    let marked = session.execute(
        "return [...document.querySelectorAll('.search-hit mark')].map(m => m.textContent)",
        json!([]),
    );
    assert!(
        marked.as_array().unwrap().iter().any(|m| m == "Ngọc"),
        "{marked}"
    );

    // The network log shows only the shards of the typed words and the
    // cards shown; no facet column before a filter is used.
    let shown = session.execute(
        "return [...document.querySelectorAll('.search-hit')].map(li => li.dataset.doc)",
        json!([]),
    );
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    let allowed = shard_names(query);
    let responses = session.responses();
    let index: Vec<&str> = responses
        .iter()
        .filter_map(|r| r.url.split("/search-index/").nth(1))
        .collect();
    for rel in &index {
        match rel.split_once('/') {
            Some(("s", name)) => assert!(
                allowed.contains(&name.trim_end_matches(".gz").to_string()),
                "unexpected shard {rel}"
            ),
            Some(("c", file)) => {
                let per = export::CARDS_PER_FILE as u32;
                let file: u32 = file.trim_end_matches(".gz").parse().unwrap();
                assert!(
                    shown
                        .iter()
                        .any(|d| d.parse::<u32>().unwrap() / per == file),
                    "card file {rel} holds no card shown"
                )
            }
            _ => panic!("unexpected request {rel} before any filter"),
        }
    }
    for w in ["sam", "ngoc", "linh"] {
        let name = sangkien::search::shard::shard_name(w);
        assert!(
            index.iter().any(|r| r.contains(&name)),
            "shard of {w} not read"
        );
    }
    assert!(index.len() <= 10, "{index:?}");

    // The page fits the phone's width.
    let fits = session.execute(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1",
        json!([]),
    );
    assert_eq!(fits, true, "the page scrolls sideways on a phone");

    // A filter narrows the results, with counts.
    session.click(".search-filters summary");
    session.wait_for(
        "document.querySelector('fieldset[data-facet=level] input[value=national]')",
        wait,
    );
    let label = session.execute(
        "return document.querySelector('fieldset[data-facet=level] input[value=national]').parentNode.textContent",
        json!([]),
    );
    assert!(label.as_str().unwrap().contains("(1)"), "{label}");
    session.click("fieldset[data-facet=level] input[value=national]");
    session.wait_for(
        "document.querySelectorAll('.search-hit').length === 1",
        wait,
    );
    let only = session.execute(
        "return document.querySelector('.search-hit').dataset.id",
        json!([]),
    );
    assert_eq!(only, "KT-2022-003");
    let url = session.execute("return location.search", json!([]));
    assert!(url.as_str().unwrap().contains("level=national"), "{url}");

    // A spelling nobody wrote ("cống"): the folded matches, one line above
    // them saying so, and the count and facet counts of the Rust engine.
    let sample = sample();
    let mut files = Files::memory(&sample.files);
    let query = "cống chiêng ";
    let want = sangkien::search::query::run(
        &mut files,
        query,
        &sangkien::search::query::Filters::new(),
        &export::FACETS,
    );
    assert!(want.folded_fallback && !want.hits.is_empty());
    session.goto(&format!(
        "{}/tim-kiem/?q=c%E1%BB%91ng%20chi%C3%AAng%20",
        server.url
    ));
    session.wait_for("document.querySelectorAll('.search-hit').length > 0", wait);
    let seen = session.execute(
        "const n = document.querySelector('.search-fallback');
         return [document.querySelector('.search-status').textContent,
                 n.hidden ? '' : n.textContent, n.getBoundingClientRect().top
                 < document.querySelector('.search-hit').getBoundingClientRect().top]",
        json!([]),
    );
    assert_eq!(seen[0], format!("{} kết quả", want.hits.len()));
    assert_eq!(seen[1], sangkien::search::command::FALLBACK_NOTICE);
    assert_eq!(seen[2], true, "the notice is above the results");
    session.click(".search-filters summary");
    session.wait_for("document.querySelector('fieldset[data-facet=year]')", wait);
    let labels = session.execute(
        "return [...document.querySelectorAll('fieldset[data-facet=year] label')].map(l => l.textContent)",
        json!([]),
    );
    let values = files.facet_values().unwrap();
    let mut expected: Vec<String> = want.counts["year"]
        .iter()
        .map(|(&v, n)| format!(" {} ({n})", values.values["year"][v as usize].1))
        .collect();
    let mut labels: Vec<String> = serde_json::from_value(labels).unwrap();
    expected.sort();
    labels.sort();
    assert_eq!(labels, expected, "year facet counts");
}

/// The labels of a facet's boxes as the page shows them, sorted.
fn facet_labels(session: &crate::browser::Session, facet: &str) -> Vec<String> {
    let labels = session.execute(
        "return [...document.querySelectorAll(`fieldset[data-facet=${arguments[0]}] label`)].map(l => l.textContent)",
        json!([facet]),
    );
    let mut labels: Vec<String> = serde_json::from_value(labels).unwrap();
    labels.sort();
    labels
}

/// The labels the Rust engine's counts make for a facet, sorted.
fn expected_labels(files: &Files, answer: &query::Answer, facet: &str) -> Vec<String> {
    let values = files.facet_values().unwrap();
    let mut expected: Vec<String> = answer.counts[facet]
        .iter()
        .filter(|(&v, _)| v != export::NONE)
        .map(|(&v, n)| format!(" {} ({n})", values.values[facet][v as usize].1))
        .collect();
    expected.sort();
    expected
}

#[test]
fn no_result_and_a_filtered_link_on_a_phone_in_chromium() {
    let site = tempfile::tempdir().unwrap();
    build_sample(site.path());
    let server = StaticServer::start(site.path());
    let Some(driver) = Driver::start() else {
        return;
    };
    let sample = sample();
    let mut files = Files::memory(&sample.files);
    let wait = Duration::from_secs(10);
    let session = driver.session(375, 667);

    // Nothing found: the engine's suggestions, and the browse lists.
    session.goto(&format!("{}/tim-kiem/?q=benh%20vienn", server.url));
    session.wait_for(
        "document.querySelector('.search-none') && !document.querySelector('.search-none').hidden",
        wait,
    );
    let want = query::run(&mut files, "benh vienn", &Filters::new(), &[]);
    assert!(want.hits.is_empty() && !want.suggestions.is_empty());
    let seen = session.execute(
        "return [document.querySelector('.search-status').textContent,
                 [...document.querySelectorAll('.search-suggest a')].map(a => a.textContent),
                 [...document.querySelectorAll('.search-browse a')].map(a => a.getAttribute('href'))]",
        json!([]),
    );
    assert_eq!(seen[0], "0 kết quả");
    let suggested: Vec<String> = serde_json::from_value(seen[1].clone()).unwrap();
    assert_eq!(suggested, want.suggestions);
    let browse: Vec<String> = serde_json::from_value(seen[2].clone()).unwrap();
    let paths: Vec<&str> = command::BROWSE.iter().map(|b| b.1).collect();
    assert_eq!(browse, paths, "browse lists under the site's root");
    for path in paths {
        let (page, anchor) = path.split_once('#').unwrap_or((path, ""));
        let file = site.path().join(&page[1..]).join("index.html");
        let html = std::fs::read_to_string(file).unwrap_or_else(|_| panic!("no page at {path}"));
        assert!(
            anchor.is_empty() || html.contains(&format!("id=\"{anchor}\"")),
            "{path}"
        );
    }
    // Following a suggestion shows its results, counted as the engine does.
    session.click(".search-suggest a");
    let first = &want.suggestions[0];
    let count = query::run(&mut files, first, &Filters::new(), &[])
        .hits
        .len();
    session.wait_for("document.querySelectorAll('.search-hit').length > 0", wait);
    let status = session.execute(
        "return [document.querySelector('.search-status').textContent, document.querySelector('.search-none').hidden]",
        json!([]),
    );
    assert_eq!(status, json!([format!("{count} kết quả"), true]));

    // A shared link with a filter: the exact count, the filter named, and
    // no facet column read until the panel opens.
    session.responses();
    session.goto(&format!(
        "{}/tim-kiem/?q=ca%20phe&district=dak-ha",
        server.url
    ));
    session.wait_for("document.querySelectorAll('.search-hit').length > 0", wait);
    let values = files.facet_values().unwrap();
    let dak_ha = values.values["district"]
        .iter()
        .position(|v| v.0 == "dak-ha")
        .unwrap() as u16;
    let filters = Filters::from([("district".to_string(), vec![dak_ha])]);
    let want = query::run(&mut files, "ca phe", &filters, &export::FACETS);
    let seen = session.execute(
        "return [document.querySelector('.search-status').textContent,
                 document.querySelector('.search-active').textContent]",
        json!([]),
    );
    assert_eq!(seen[0], format!("{} kết quả", want.hits.len()));
    let label = &values.values["district"][dak_ha as usize].1;
    assert!(seen[1].as_str().unwrap().contains(label.as_str()), "{seen}");
    let read: Vec<String> = session
        .responses()
        .iter()
        .filter_map(|r| r.url.split("/search-index/").nth(1).map(str::to_string))
        .filter(|rel| rel.starts_with("f/"))
        .collect();
    assert_eq!(read, ["f/district/dak-ha.gz"], "only the filter's set");
    session.click(".search-filters summary");
    session.wait_for(
        "document.querySelector('fieldset[data-facet=district]')",
        wait,
    );
    for facet in export::FACETS {
        assert_eq!(
            facet_labels(&session, facet),
            expected_labels(&files, &want, facet),
            "{facet} counts"
        );
    }
}
