//! Search: the relevance suite on the sample catalogue, the command line
//! and its cache, and parity of the browser's search.js with the Rust
//! engine in headless Chromium.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use sangkien::model::{Catalogue, Publish};
use sangkien::search::query::{self, Filters};
use sangkien::search::{export, Files};

use crate::browser::{Driver, StaticServer};
use crate::util;

/// A query of the relevance suite: the initiatives (ids) expected as its
/// first results, in any order (`ordered`: in this order; `within`: all
/// among the first `within` results).
pub struct Case {
    pub query: &'static str,
    pub filters: &'static [(&'static str, &'static str)],
    pub top: &'static [&'static str],
    pub ordered: bool,
    pub within: usize,
}

const fn case(query: &'static str, top: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        top,
        ordered: false,
        within: 0,
    }
}

const fn first(query: &'static str, top: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        top,
        ordered: true,
        within: 0,
    }
}

const fn within(query: &'static str, within: usize, top: &'static [&'static str]) -> Case {
    Case {
        query,
        filters: &[],
        top,
        ordered: false,
        within,
    }
}

const fn filtered(
    query: &'static str,
    filters: &'static [(&'static str, &'static str)],
    top: &'static [&'static str],
) -> Case {
    Case {
        query,
        filters,
        top,
        ordered: false,
        within: 0,
    }
}

/// The suite over content/.
pub const SUITE: &[Case] = &[
    // Phrases, with and without diacritics; pairs of adjacent syllables
    // rank above the same syllables scattered.
    first("chuyển đổi số", &["KT-2023-001", "KT-2024-001"]),
    case("chuyen doi so", &["KT-2023-001", "KT-2024-001"]),
    case("Dak Ha", &["KT-2024-001", "KT-2021-001"]),
    within("Dak Ha", 4, &["KT-2021-004"]),
    // Entries naming Đắk Hà in the title first; an entry of a unit in the
    // district (its name is in the unit part) may come before the third.
    case("Đắk Hà", &["KT-2024-001", "KT-2021-001"]),
    within("Đắk Hà", 4, &["KT-2021-004"]),
    case(
        "duong giao thong",
        &["KT-2022-008", "KT-2024-006", "KT-2026-003"],
    ),
    case(
        "sâm Ngọc Linh",
        &["KT-2024-004", "KT-2022-003", "KT-2026-002"],
    ),
    case(
        "sam ngoc linh",
        &["KT-2024-004", "KT-2022-003", "KT-2026-002"],
    ),
    // Tone placement: the catalogue writes "thủy lợi" once and "thuỷ lợi" once.
    case("thuỷ lợi", &["KT-2023-011", "KT-2026-004"]),
    case("thủy lợi", &["KT-2023-011", "KT-2026-004"]),
    case("thuy loi", &["KT-2023-011", "KT-2026-004"]),
    // The title writes "hoá".
    first("tin học hóa", &["KT-2023-002"]),
    first("tin hoc hoa thu vien", &["KT-2023-002"]),
    case("cá tầm", &["KT-2022-005", "KT-2025-003"]),
    case("ca tam", &["KT-2022-005", "KT-2025-003"]),
    first("sot ret", &["KT-2024-003"]),
    first("đột quỵ", &["KT-2025-002"]),
    first("dot quy nao", &["KT-2025-002"]),
    first("ia h'drai", &["KT-2024-003"]),
    case("zalo", &["KT-2021-008", "KT-2023-007"]),
    // As-you-type: the last syllable is a prefix.
    case("cồng chi", &["KT-2022-007", "KT-2025-004"]),
    case("cong chi", &["KT-2022-007", "KT-2025-004"]),
    first("tro ly a", &["KT-2024-002"]),
    // "dược liệu" in the title first, then in the summary.
    first("dược li", &["KT-2025-007", "KT-2024-004"]),
    // Authors.
    case(
        "Bùi Thị Lan",
        &["KT-2021-008", "KT-2022-009", "KT-2024-008"],
    ),
    case(
        "phan van hung",
        &["KT-2022-008", "KT-2024-006", "KT-2026-003"],
    ),
    case("Y Ngọc", &["KT-2022-001", "KT-2023-002"]),
    // Units.
    case(
        "bệnh viện đa khoa tỉnh",
        &["KT-2021-003", "KT-2023-007", "KT-2025-002"],
    ),
    case("vuon quoc gia chu mom ray", &["KT-2021-007", "KT-2023-005"]),
    case("ca tam mang den", &["KT-2022-005", "KT-2025-003"]),
    // Filters.
    filtered(
        "cảm biến",
        &[("field", "cong-nghe-thong-tin")],
        &["KT-2026-002"],
    ),
    filtered("quy trinh", &[("level", "national")], &["KT-2022-003"]),
    filtered("mot cua", &[("year", "2024")], &["KT-2024-009"]),
    // KT-2021-004 is about Đắk Hà but its unit is province-wide.
    filtered("ca phe", &[("district", "dak-ha")], &["KT-2024-001"]),
    filtered("y te", &[("unit", "ttyt-huyen-sa-thay")], &["KT-2022-002"]),
];

/// The sample catalogue's search files, read back like the browser does.
pub struct Sample {
    pub catalogue: Catalogue,
    pub files: Vec<sangkien::write::OutputFile>,
}

pub fn catalogue(dir: &Path) -> Catalogue {
    let today = jiff::civil::date(2026, 11, 29);
    let checked = sangkien::check::check(dir, today).expect("load");
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let publish = Publish {
        drafts: false,
        today,
    };
    Catalogue::build(checked.validated, publish).expect("catalogue")
}

pub fn sample() -> Sample {
    let catalogue = catalogue(&util::content());
    let files = sangkien::search::site_files(&catalogue);
    Sample { catalogue, files }
}

fn filters_of(files: &Files, case: &Case) -> Filters {
    let values = files.facet_values().expect("facet values");
    let mut filters = Filters::new();
    for (facet, slug) in case.filters {
        let ix = values.values[*facet]
            .iter()
            .position(|v| v.0 == *slug)
            .unwrap_or_else(|| panic!("no {facet} {slug}"));
        filters
            .entry(facet.to_string())
            .or_default()
            .push(ix as u16);
    }
    filters
}

/// Top 10 (document, score) of a case by the Rust engine.
fn rust_top(files: &mut Files, case: &Case) -> Vec<(u32, u32)> {
    let filters = filters_of(files, case);
    let answer = query::run(files, case.query, &filters, &[]);
    answer
        .hits
        .iter()
        .take(10)
        .map(|h| (h.doc, h.score))
        .collect()
}

#[test]
fn relevance_suite_on_the_sample_catalogue() {
    let s = sample();
    let mut files = Files::memory(&s.files);
    let id = |d: u32| s.catalogue.initiatives[d as usize].id.as_str();
    let mut failures = Vec::new();
    for case in SUITE {
        let top: Vec<&str> = rust_top(&mut files, case).iter().map(|h| id(h.0)).collect();
        let head = &top[..case.top.len().min(top.len())];
        let ok = if case.within > 0 {
            let near = &top[..case.within.min(top.len())];
            case.top.iter().all(|id| near.contains(id))
        } else if case.ordered {
            head == case.top
        } else {
            let mut a = head.to_vec();
            let mut b = case.top.to_vec();
            a.sort();
            b.sort();
            a == b
        };
        if !ok {
            failures.push(format!(
                "{:?}: want {:?}, got {top:?}",
                case.query, case.top
            ));
        }
    }
    assert!(SUITE.len() >= 25);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn filters_narrow_and_count() {
    let s = sample();
    let mut files = Files::memory(&s.files);
    let all = query::run(&mut files, "cảm biến", &Filters::new(), &export::FACETS);
    let case = &SUITE.iter().find(|c| c.query == "cảm biến").unwrap();
    let filters = filters_of(&files, case);
    let some = query::run(&mut files, "cảm biến", &filters, &export::FACETS);
    assert!(some.hits.len() < all.hits.len());
    assert!(!some.hits.is_empty());
    // Counts of the filtered facet ignore its own filter (so other values
    // stay choosable); counts sum to the results.
    let field_total: u32 = some.counts["field"].values().sum();
    assert_eq!(field_total as usize, all.hits.len());
    let year_total: u32 = some.counts["year"].values().sum();
    assert_eq!(year_total as usize, some.hits.len());
}

#[test]
fn exact_diacritics_rank_first() {
    let s = sample();
    let mut files = Files::memory(&s.files);
    // "sổ" (book) and "số" (number) fold alike; each query with its
    // diacritics puts entries with its own spelling first.
    for (q, exact) in [("sổ ", "sô:3"), ("số ", "sô:1")] {
        let answer = query::run(&mut files, q, &Filters::new(), &[]);
        assert!(answer.hits.len() > 3, "{q}: {}", answer.hits.len());
        for h in &answer.hits[..2] {
            let i = &s.catalogue.initiatives[h.doc as usize];
            let text = format!("{} {}", i.title, i.summary);
            let words = sangkien::search::analyzer::analyze(&text);
            assert!(
                words.iter().any(|w| w.exact == exact),
                "{q}: {} lacks {exact}",
                i.title
            );
        }
    }
}

#[test]
fn nfd_query_equals_nfc() {
    let s = sample();
    let mut files = Files::memory(&s.files);
    let nfc = "Đắk Hà chuyển đổi";
    let nfd: String = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
        .normalize(nfc)
        .into_owned();
    assert_ne!(nfc, nfd);
    let a = query::run(&mut files, nfc, &Filters::new(), &[]).hits;
    let b = query::run(&mut files, &nfd, &Filters::new(), &[]).hits;
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn command_line_search_and_its_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    util::copy_tree(&util::content(), &content);
    let run = |args: &[&str]| {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--content", content.to_str().unwrap()]);
        let out = util::run(&all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let v: Value =
        serde_json::from_str(&run(&["sam ngoc linh", "--json", "--limit", "3"])).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    assert_eq!(v["rebuilt"], true, "a first search builds the cache");
    assert!(v["hits"][0]["title"]
        .as_str()
        .unwrap()
        .contains("sâm Ngọc Linh"));
    assert!(tmp.path().join(".sangkien-cache/search/content").is_dir());
    let v: Value =
        serde_json::from_str(&run(&["quy trinh", "--level", "national", "--json"])).unwrap();
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(
        v["rebuilt"], false,
        "an unchanged catalogue keeps the cache"
    );
    assert_eq!(v["facets"]["level"]["national"], 1);
    let text = run(&["Đắk Hà"]);
    assert!(text.contains("[Đắk] [Hà]"), "{text}");
    // A changed catalogue refreshes the cache.
    let before = run(&["Zyxwvụ", "--json"]);
    assert_eq!(serde_json::from_str::<Value>(&before).unwrap()["total"], 0);
    let entry = content.join("initiatives/2026/sua-chua-duong-bang-tam-be-tong-duc-san.md");
    let old = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, old.replacen("title: \"", "title: \"Zyxwvụ: ", 1)).unwrap();
    let after: Value = serde_json::from_str(&run(&["zyxwvu", "--json"])).unwrap();
    assert_eq!(after["total"], 1, "{after}");
    assert_eq!(after["rebuilt"], true);
    assert_eq!(after["hits"][0]["id"], "KT-2026-003");
}

#[test]
fn command_line_search_refuses_a_broken_catalogue() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    util::copy_tree(&util::content(), &content);
    let entry = content.join("initiatives/2026/sua-chua-duong-bang-tam-be-tong-duc-san.md");
    let old = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, old.replacen("level: ", "levle: ", 1)).unwrap();
    let out = util::run(&["search", "duong", "--content", content.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sangkien check") && err.contains("content"),
        "{err}"
    );
}

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

/// Runs the suite through search.js in the page; top 10 (doc, score).
pub fn browser_tops(session: &crate::browser::Session, s: &Sample) -> Vec<Vec<(u32, u32)>> {
    let files = Files::memory(&s.files);
    let cases: Vec<Value> = SUITE
        .iter()
        .map(|c| json!({"q": c.query, "filters": filters_of(&files, c)}))
        .collect();
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
          facet: async (n) => { const b = await load('f/' + n + '.gz'); return b && new Uint16Array(b.buffer); },
        };
        (async () => {
          const out = [];
          for (const c of cases) {
            const a = await api.runQuery(src, c.q, c.filters, []);
            out.push(a.hits.slice(0, 10).map((h) => [h.doc, h.score]));
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
    let driver = Driver::start();
    let session = driver.session(1200, 900);
    session.goto(&format!("{}/tim-kiem/", server.url));
    session.wait_for("window.sangkienSearch", Duration::from_secs(10));
    let browser = browser_tops(&session, &s);
    let mut files = Files::memory(&s.files);
    for (case, b) in SUITE.iter().zip(&browser) {
        let r = rust_top(&mut files, case);
        assert!(!r.is_empty(), "{:?} found nothing", case.query);
        assert_eq!(&r, b, "{:?}: Rust vs browser", case.query);
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
    let driver = Driver::start();
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
}
