//! `/du-lieu/`: every Table Schema of datapackage.json checked against
//! its CSV (field names = header, types, required values, unique keys),
//! the JSON beside it, the licence, consent, and the page's DCAT.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::{base_copy, edit};
use crate::util;

fn build(content: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    util::build_ok(content, &out);
    (dir, out)
}

/// Checks every resource of the package; returns the rows of each CSV.
fn validate_package(site: &Path) -> BTreeMap<String, Vec<csv::StringRecord>> {
    let data = site.join("du-lieu");
    let pkg: Value =
        serde_json::from_slice(&std::fs::read(data.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(pkg["profile"], "data-package");
    assert!(pkg["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(pkg["licenses"][0]["name"].as_str().is_some());
    let mut out = BTreeMap::new();
    let resources = pkg["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 4);
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let bytes = std::fs::read(data.join(path)).unwrap_or_else(|_| panic!("{path} is missing"));
        assert!(std::str::from_utf8(&bytes).is_ok(), "{path} is not UTF-8");
        if r["profile"] != "tabular-data-resource" {
            assert_eq!(r["format"], "json");
            serde_json::from_slice::<Value>(&bytes).unwrap();
            continue;
        }
        assert_eq!(
            (r["format"].as_str(), r["encoding"].as_str()),
            (Some("csv"), Some("utf-8"))
        );
        let fields = r["schema"]["fields"].as_array().unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let names: Vec<String> = fields
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            header, names,
            "{path}: the header is the schema's field names"
        );
        let key = r["schema"]["primaryKey"][0].as_str().unwrap();
        let key_col = names.iter().position(|n| n == key).unwrap();
        let mut keys = HashSet::new();
        let rows: Vec<csv::StringRecord> = reader.records().map(|x| x.unwrap()).collect();
        for (n, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), fields.len(), "{path} row {n}");
            assert!(
                keys.insert(row[key_col].to_string()),
                "{path}: {key} {} twice",
                &row[key_col]
            );
            for (f, value) in fields.iter().zip(row.iter()) {
                let name = f["name"].as_str().unwrap();
                if f["constraints"]["required"] == true {
                    assert!(!value.is_empty(), "{path} row {n}: {name} is required");
                }
                if value.is_empty() {
                    continue;
                }
                match f["type"].as_str().unwrap() {
                    "string" => {}
                    "integer" => assert!(
                        value.parse::<i64>().is_ok(),
                        "{path} row {n}: {name} = {value}"
                    ),
                    "date" => assert!(
                        sangkien::validate::parse_date(value).is_some(),
                        "{path} row {n}: {name} = {value}"
                    ),
                    other => panic!("{path}: unexpected type {other}"),
                }
            }
        }
        out.insert(path.to_string(), rows);
    }
    out
}

#[test]
fn every_schema_holds_for_every_file_of_the_sample() {
    let (_dir, site) = build(&util::content());
    let tables = validate_package(&site);
    let c = super::catalogue(&util::content());
    assert_eq!(tables["sang-kien.csv"].len(), c.initiatives.len());
    assert_eq!(tables["tac-gia.csv"].len(), c.authors.len());
    assert_eq!(tables["don-vi.csv"].len(), c.units.len());
    // The JSON lists the same initiatives, with the new keys.
    let json: Value =
        serde_json::from_slice(&std::fs::read(site.join("du-lieu/sang-kien.json")).unwrap())
            .unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let csv_ids: Vec<&str> = tables["sang-kien.csv"]
        .iter()
        .map(|r| r.get(0).unwrap())
        .collect();
    assert_eq!(ids, csv_ids);
    let with_effect = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| !i["effectiveness"].is_null())
        .unwrap();
    assert!(["unit", "sector", "province", "national"]
        .contains(&with_effect["effectiveness"]["scope"].as_str().unwrap()));
    // Lists joined by "; ".
    let authors = &tables["sang-kien.csv"];
    assert!(authors.iter().any(|r| r.get(6).unwrap().contains("; ")));
    // Consent: a-tuyen has a position in the source but no consent.
    let row = tables["tac-gia.csv"]
        .iter()
        .find(|r| r.get(0) == Some("a-tuyen"))
        .unwrap();
    assert_eq!((row.get(3), row.get(4)), (Some(""), Some("")));
    let source = std::fs::read_to_string(util::content().join("authors/a-tuyen.md")).unwrap();
    assert!(source.contains("position:"));
}

#[test]
fn every_schema_holds_on_a_generated_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("cat");
    util::gen_corpus(&content, 400);
    super::report::add_outcomes(&content);
    let (_out, site) = build(&content);
    let tables = validate_package(&site);
    assert_eq!(tables["sang-kien.csv"].len(), 400);
}

#[test]
fn the_licence_comes_from_data_licence() {
    let dir = base_copy();
    edit(
        dir.path(),
        "site.yaml",
        "title:",
        "data_licence: \"CC BY-SA 4.0\"\ntitle:",
    );
    let (_out, site) = build(dir.path());
    let pkg: Value =
        serde_json::from_slice(&std::fs::read(site.join("du-lieu/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(pkg["licenses"][0]["name"], "CC-BY-SA-4.0");
    assert_eq!(
        pkg["licenses"][0]["path"],
        "https://creativecommons.org/licenses/by-sa/4.0/"
    );
    let plain = base_copy();
    let (_out, site) = build(plain.path());
    let pkg: Value =
        serde_json::from_slice(&std::fs::read(site.join("du-lieu/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(pkg["licenses"][0]["name"], "CC-BY-4.0");
}

#[test]
fn the_page_explains_the_files_with_dcat() {
    let (_dir, site) = build(&util::content());
    let html = std::fs::read_to_string(site.join("du-lieu/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let ld: Value = serde_json::from_str(&doc.select(&sel).next().unwrap().inner_html()).unwrap();
    assert_eq!(ld["@type"], "dcat:Dataset");
    let urls: Vec<&str> = ld["dcat:distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dcat:downloadURL"].as_str().unwrap())
        .collect();
    for f in [
        "sang-kien.csv",
        "sang-kien.json",
        "tac-gia.csv",
        "don-vi.csv",
        "datapackage.json",
    ] {
        assert!(
            urls.contains(&format!("https://sangkien.kontum.example.vn/du-lieu/{f}").as_str()),
            "{f}"
        );
        assert!(
            html.contains(&format!("href=\"/du-lieu/{f}\"")),
            "the page links {f}"
        );
    }
    assert!(html.contains("Dữ liệu mở"));
    // Linked from the statistics page, which links each year's figures.
    let stats = std::fs::read_to_string(site.join("thong-ke/index.html")).unwrap();
    assert!(stats.contains("href=\"/du-lieu/\""));
    assert!(stats.contains("href=\"/thong-ke/2025/\""));
    let year = std::fs::read_to_string(site.join("nam/2025/index.html")).unwrap();
    assert!(year.contains("href=\"/thong-ke/2025/\""));
    // The year's page shows the report's figures.
    let page = std::fs::read_to_string(site.join("thong-ke/2025/index.html")).unwrap();
    assert!(page.contains("Sáng kiến được công nhận"));
    assert!(page.contains("2210/QĐ-UBND"));
}
