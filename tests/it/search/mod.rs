//! Search: the relevance suite on the sample catalogue, the command line
//! and its cache, and parity of the browser's search.js with the Rust
//! engine in headless Chromium.

use std::path::Path;

use serde_json::Value;

use sangkien::model::{Catalogue, Publish};
use sangkien::search::query::{self, Filters};
use sangkien::search::{export, Files};

use crate::util;

mod chromium;
mod exact;
mod ranking;
mod suite;

use suite::{Case, SUITE};

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
    let files = sangkien::search::export_catalogue(&catalogue);
    Sample { catalogue, files }
}

pub fn filters_of(files: &Files, case: &Case) -> Filters {
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
pub fn rust_top(files: &mut Files, case: &Case) -> Vec<(u32, u32)> {
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

/// The site build's impacts (gathered straight from the analyzer) are
/// those of tantivy's index of the same catalogue, bit for bit, so the
/// site and the command line's cache export the same files.
#[test]
fn impacts_without_tantivy_equal_tantivy_index() {
    use sangkien::search::{collect, impact, index};
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    util::gen_corpus(&corpus, 1500);
    for dir in [util::content(), corpus] {
        let c = catalogue(&dir);
        let (idx, fields) = index::build_in_ram(&c).expect("tantivy index");
        let from_index = impact::compute(&idx, &fields).expect("impacts");
        let direct = impact::from_terms(collect::collect(&c));
        assert_eq!(direct.docs, from_index.docs);
        assert!(from_index.folded.len() > 100 && from_index.exact.len() > 100);
        for (what, a, b) in [
            ("folded", &direct.folded, &from_index.folded),
            ("exact", &direct.exact, &from_index.exact),
        ] {
            assert_eq!(a.len(), b.len(), "{}: {what} keys", dir.display());
            for (key, list) in b {
                assert_eq!(a.get(key), Some(list), "{}: {what} {key:?}", dir.display());
            }
        }
    }
}

/// `serve`'s live update: an edited summary changes only the shards of
/// the words it held or holds, and its card; a new word is found at once.
#[test]
fn live_update_makes_only_the_touched_files() {
    use sangkien::search::live::Live;
    use sangkien::search::shard;
    let s = sample();
    let (mut live, full) = Live::new(s.catalogue.clone());
    let shards = |files: &[sangkien::write::OutputFile]| {
        files
            .iter()
            .filter(|f| f.path.starts_with("search-index/s/"))
            .count()
    };
    let mut edited = s.catalogue.clone();
    let doc = 5;
    edited.initiatives[doc].summary.push_str(" Xylophonium hoá");
    let Ok(update) = live.update(edited.clone()) else {
        panic!("the same entries need no full export");
    };
    let paths: Vec<&str> = update.iter().map(|f| f.path.as_str()).collect();
    let word_shard = format!("search-index/s/{}.gz", shard::shard_name("xylophonium"));
    assert!(paths.contains(&word_shard.as_str()), "{paths:?}");
    assert!(paths.contains(&format!("search-index/c/{}.gz", doc / 4).as_str()));
    assert_eq!(paths.iter().filter(|p| p.contains("/c/")).count(), 1);
    assert!(!paths.iter().any(|p| p.contains("/f/")), "facets unchanged");
    assert!(
        shards(&update) * 5 < shards(&full),
        "{} of {} shards made again",
        shards(&update),
        shards(&full)
    );
    // The site's files with the update laid over them find the new word.
    let mut site: std::collections::BTreeMap<String, sangkien::write::OutputFile> =
        full.into_iter().map(|f| (f.path.clone(), f)).collect();
    for f in update {
        site.insert(f.path.clone(), f);
    }
    let site: Vec<_> = site.into_values().collect();
    let mut files = Files::memory(&site);
    let hits = query::run(&mut files, "xylophonium", &Filters::new(), &[]).hits;
    assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [doc as u32]);
    assert!(files
        .card(doc as u32)
        .unwrap()
        .summary
        .ends_with("Xylophonium hoá"));
    // Unchanged: nothing to make; another level: the facet files.
    assert!(live.update(edited.clone()).is_ok_and(|f| f.is_empty()));
    use sangkien::model::Level;
    let level = &mut edited.initiatives[doc].level;
    *level = if *level == Level::National {
        Level::Grassroots
    } else {
        Level::National
    };
    let Ok(update) = live.update(edited.clone()) else {
        panic!("a level is no change of entries");
    };
    assert!(update.iter().any(|f| f.path == "search-index/f/level.gz"));
    assert!(
        !update.iter().any(|f| f.path.contains("/s/")),
        "no text changed"
    );
    // An entry fewer: everything again.
    edited.initiatives.pop();
    assert!(live.update(edited).is_err());
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

/// The results of a query, in catalogue order, and whether they fell back
/// to the folded matches.
fn result_set(files: &mut Files, q: &str) -> (Vec<u32>, bool) {
    let answer = query::run(files, q, &Filters::new(), &[]);
    let mut docs: Vec<u32> = answer.hits.iter().map(|h| h.doc).collect();
    docs.sort_unstable();
    (docs, answer.folded_fallback)
}

#[test]
fn diacritics_as_typed() {
    let s = sample();
    let mut files = Files::memory(&s.files);
    for (y, i) in [
        ("kỹ thuật ", "kĩ thuật "),
        ("tỷ lệ ", "tỉ lệ "),
        ("lý ", "lí "),
    ] {
        let with_y = result_set(&mut files, y);
        assert!(!with_y.0.is_empty(), "{y}");
        assert_eq!(with_y, result_set(&mut files, i), "{y} = {i}");
    }
    // "cồng" matches its spelling only, never "công".
    let spelt = result_set(&mut files, "cồng ");
    let folded = result_set(&mut files, "cong ");
    assert!(!spelt.0.is_empty() && spelt.0.len() < folded.0.len());
    for &d in &spelt.0 {
        let texts =
            sangkien::search::index::part_texts(&s.catalogue, &s.catalogue.initiatives[d as usize]);
        let has = texts.iter().flatten().any(|t| {
            sangkien::search::analyzer::analyze(t)
                .iter()
                .any(|w| w.exact == "công:2")
        });
        assert!(
            has,
            "{} lacks «cồng»",
            s.catalogue.initiatives[d as usize].id
        );
    }
    // Mixed: "cồng" as spelt, "chieng" folded.
    let mixed = result_set(&mut files, "cồng chieng ");
    assert_eq!(mixed.0, result_set(&mut files, "cồng chiêng ").0);
    assert!(!mixed.1);
    // Nobody wrote "cống": the folded matches, said so.
    let fallback = result_set(&mut files, "cống chiêng ");
    assert!(fallback.1);
    assert_eq!(fallback.0, result_set(&mut files, "cong chieng ").0);
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
    // A new empty folder changes no file: the cache is kept.
    std::fs::create_dir_all(content.join("initiatives/2030")).unwrap();
    let v: Value = serde_json::from_str(&run(&["zyxwvu", "--json"])).unwrap();
    assert_eq!((&v["total"], &v["rebuilt"]), (&1.into(), &false.into()));
    // A new file is seen through its folder's time (an author nobody
    // lists yet: a warning, not an error).
    let out = util::run(&[
        "new",
        "author",
        "Qwertz Nguyễn",
        "--content",
        content.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let v: Value = serde_json::from_str(&run(&["zyxwvu", "--json"])).unwrap();
    assert_eq!(
        (&v["total"], &v["rebuilt"]),
        (&1.into(), &true.into()),
        "{v}"
    );
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

#[test]
fn command_line_search_into_a_closed_pipe_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    util::copy_tree(&util::content(), &content);
    let mut child = util::bin()
        .args(["search", "sang kien", "--content"])
        .arg(&content)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end before anything is written, like `| head -0`.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// A filter value the catalogue does not have is an error listing the
/// valid ones (exit 2), not "0 results"; a valid level nobody has is
/// simply no result.
#[test]
fn command_line_search_refuses_unknown_filter_values() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    util::copy_tree(&util::content(), &dir);
    let content = dir.to_str().unwrap();
    for (flag, value, listed) in [
        ("--level", "tinh", "grassroots"),
        ("--field", "y-tee", "y-te"),
    ] {
        let out = util::run(&["search", "ca phe", "--content", content, flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("`{value}`")) && err.contains(listed),
            "{err}"
        );
    }
    let out = util::run(&["search", "ca phe", "--content", content, "--year", "1999"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 kết quả"));
}
