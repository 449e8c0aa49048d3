//! `datapackage.json`: a Frictionless Data Package (v1) with a Table
//! Schema for each CSV, and the licence of `data_licence`.

use serde_json::{json, Value};

use super::tables::resources;
use super::File;
use crate::model::Catalogue;

/// The package's licence: a known licence by its SPDX name and address,
/// any other by its title.
pub fn licence(text: &str) -> Value {
    let known: &[(&str, &str, &str)] = &[
        (
            "CC BY 4.0",
            "CC-BY-4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        (
            "CC BY-SA 4.0",
            "CC-BY-SA-4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        (
            "CC0 1.0",
            "CC0-1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        (
            "ODC-BY 1.0",
            "ODC-By-1.0",
            "https://opendatacommons.org/licenses/by/1-0/",
        ),
    ];
    let norm = |s: &str| s.to_uppercase().replace('-', " ");
    match known
        .iter()
        .find(|(t, name, _)| norm(t) == norm(text) || norm(name) == norm(text))
    {
        Some((title, name, path)) => json!({"name": name, "path": path, "title": title}),
        None => json!({"name": crate::text::slugify(text), "title": text}),
    }
}

pub fn datapackage(c: &Catalogue) -> Value {
    let mut res: Vec<Value> = resources(c)
        .into_iter()
        .map(|r| {
            let fields: Vec<Value> = r
                .columns
                .iter()
                .map(|col| {
                    let mut f =
                        json!({"name": col.name, "type": col.kind, "description": col.description});
                    if col.required {
                        f["constraints"] = json!({"required": true});
                    }
                    f
                })
                .collect();
            json!({
                "name": r.name,
                "title": r.title,
                "path": r.file.name(),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": [r.primary_key]},
            })
        })
        .collect();
    res.insert(
        1,
        json!({
            "name": "sang-kien-json",
            "title": "Sáng kiến được công nhận (JSON, đủ các trường công khai)",
            "path": File::InitiativesJson.name(),
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }),
    );
    let name = crate::text::slugify(&c.site.title);
    json!({
        "profile": "data-package",
        "name": if name.is_empty() { "sang-kien".to_string() } else { name },
        "title": c.site.title,
        "description": format!("Danh mục sáng kiến được công nhận, do {} công bố.", c.site.publisher),
        "homepage": format!("{}/du-lieu/", c.site.base_url),
        "licenses": [licence(&c.site.data_licence)],
        "contributors": [{"title": c.site.publisher, "role": "publisher"}],
        "resources": res,
    })
}
