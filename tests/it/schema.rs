//! `sangkien schema`: the committed `schema/` folder is what the command
//! writes, and the schemas accept the sample catalogue and refuse what
//! `check` refuses within one file (checked by an independent validator).

use std::path::Path;

use serde_json::Value;

use crate::util;

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(util::root().join("schema").join(name)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&v).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn committed_schemas_equal_the_generated_ones() {
    let out = tempfile::tempdir().unwrap();
    let o = util::bin()
        .args(["schema", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let mut names = Vec::new();
    for (name, value) in sangkien::schema::all() {
        let written = std::fs::read_to_string(out.path().join(name)).unwrap();
        assert_eq!(written, sangkien::schema::render(&value), "{name}");
        let committed = std::fs::read_to_string(util::root().join("schema").join(name))
            .unwrap_or_else(|_| panic!("schema/{name} is not committed"));
        assert_eq!(
            committed, written,
            "schema/{name} is stale: run `cargo run -- schema`"
        );
        names.push(name);
    }
    for required in ["initiative.json", "author.json", "unit.json", "site.json"] {
        assert!(names.contains(&required));
    }
}

/// The YAML of a catalogue file (the front matter of a Markdown file) as JSON.
fn yaml_of(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let (range, ..) = sangkien::load::split_front_matter(&text).unwrap();
        text[range].to_string()
    } else {
        text
    };
    let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    serde_json::to_value(v).unwrap()
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

fn assert_catalogue_valid(root: &Path) -> usize {
    let mut checked = 0;
    let mut one = |schema_name: &str, path: &Path| {
        let doc = yaml_of(path);
        let errs = errors(&schema(schema_name), &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        checked += 1;
    };
    one("site.json", &root.join("site.yaml"));
    one("fields.json", &root.join("fields.yaml"));
    one("districts.json", &root.join("districts.yaml"));
    for p in files(&root.join("units"), "yaml") {
        one("unit.json", &p);
    }
    for p in files(&root.join("authors"), "md") {
        one("author.json", &p);
    }
    for p in files(&root.join("initiatives"), "md") {
        one("initiative.json", &p);
    }
    for p in files(&root.join("pages"), "md") {
        one("page.json", &p);
    }
    checked
}

#[test]
fn schemas_accept_the_sample_catalogue() {
    let n = assert_catalogue_valid(&util::content());
    assert!(n > 40, "only {n} files checked");
    assert_catalogue_valid(&util::root().join("tests/fixtures/check/_base"));
}

#[test]
fn schemas_refuse_what_check_refuses_in_one_file() {
    let base = util::root().join("tests/fixtures/check/_base");
    let initiative = yaml_of(&base.join("initiatives/2024/kham-benh-tu-xa.md"));
    let validator = schema("initiative.json");
    assert!(errors(&validator, &initiative).is_empty());
    let bad = |edit: &dyn Fn(&mut Value)| {
        let mut doc = initiative.clone();
        edit(&mut doc);
        errors(&validator, &doc)
    };
    type Edit<'a> = &'a dyn Fn(&mut Value);
    let cases: [(&str, Edit); 8] = [
        ("unknown key", &|d| d["sumary"] = "x".into()),
        ("missing key", &|d| {
            d.as_object_mut().unwrap().remove("title");
        }),
        ("enum", &|d| d["kind"] = "technic".into()),
        ("id pattern", &|d| d["id"] = "kt-24-1".into()),
        ("slug pattern", &|d| d["field"] = "Y Tế".into()),
        ("date pattern", &|d| {
            d["applied_since"] = "15/03/2024".into()
        }),
        ("share range", &|d| d["authors"][0]["share"] = 160.into()),
        ("nested unknown key", &|d| {
            d["featured"]["untill"] = "2024-05-01".into()
        }),
    ];
    for (what, edit) in cases {
        assert!(!bad(edit).is_empty(), "the schema accepts a wrong {what}");
    }
    let unit = schema("unit.json");
    let mut u = yaml_of(&base.join("units/so-y-te.yaml"));
    assert!(errors(&unit, &u).is_empty());
    u["kind"] = "departmant".into();
    assert!(!errors(&unit, &u).is_empty());
}

/// The catalogue format page (docs/dinh-dang-danh-muc.md) lists, in each
/// language, exactly the keys of each file that the schemas (kept equal to
/// the validator above) accept.
#[test]
fn the_format_page_lists_every_key_in_both_languages() {
    let page = std::fs::read_to_string(util::root().join("docs/dinh-dang-danh-muc.md")).unwrap();
    let files = [
        ("site.yaml", "site"),
        ("fields.yaml", "fields"),
        ("districts.yaml", "districts"),
        ("units/", "unit"),
        ("authors/", "author"),
        ("initiatives/", "initiative"),
        ("pages/", "page"),
    ];
    let languages: Vec<&str> = page.split("\n## ").skip(1).collect();
    assert_eq!(languages.len(), 2, "a Vietnamese and an English section");
    for section in languages {
        let language = section.lines().next().unwrap_or_default();
        for (heading, schema) in files {
            let table = section
                .split("\n### ")
                .find(|s| s.starts_with(heading))
                .unwrap_or_else(|| panic!("{language}: no section for {heading}"));
            let listed: std::collections::BTreeSet<String> = table
                .lines()
                .filter_map(|l| l.strip_prefix("| `"))
                .filter_map(|l| l.split('`').next())
                .map(str::to_string)
                .collect();
            let json: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(util::root().join(format!("schema/{schema}.json")))
                    .unwrap(),
            )
            .unwrap();
            let props = json
                .get("properties")
                .or_else(|| json["items"].get("properties"))
                .and_then(|p| p.as_object())
                .unwrap_or_else(|| panic!("{schema}.json has properties"));
            let keys: std::collections::BTreeSet<String> = props.keys().cloned().collect();
            assert_eq!(listed, keys, "{language}, {heading}");
        }
    }
}
