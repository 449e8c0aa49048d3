//! The departments' public pages: `/thong-ke/<year>/`, the annual
//! report's tables (the same tables `sangkien report` writes), and
//! `/du-lieu/`, the open data files explained, with DCAT metadata.

use serde_json::{json, Value};

use super::context::Head;
use super::{Page, RenderError, Renderer};
use crate::annual::{self, Cell};
use crate::render::opendata::{self, File};

pub(crate) fn year_path(y: i16) -> String {
    format!("/thong-ke/{y}/")
}

pub(crate) fn year_stats(r: &Renderer, p: &Page, year: i16) -> Result<Vec<u8>, RenderError> {
    let doc = annual::annual(r.c, i32::from(year));
    let tables: Vec<Value> = doc
        .tables
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let rows: Vec<Vec<Value>> = t
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|c| {
                            let numeric = matches!(c, Cell::Int(_) | Cell::Money(_));
                            json!({"text": c.display(false), "num": numeric})
                        })
                        .collect()
                })
                .collect();
            json!({"id": format!("b{n}"), "title": t.title, "headers": t.headers, "rows": rows, "note": t.note})
        })
        .collect();
    let title = format!("{} {year}", r.t("year_figures"));
    let totals = annual::figures::totals(r.c, i32::from(year));
    let description = format!(
        "{title}: {} {}",
        r.number(totals.initiatives as u64),
        r.t("n_initiatives")
    );
    let head = Head::new(title.clone(), description, year_path(year));
    let crumbs = [
        (r.t("stats").to_string(), Some("/thong-ke/".to_string())),
        (year.to_string(), None),
    ];
    let mut ctx = r.context(head, &crumbs);
    ctx.insert("title".into(), json!(title));
    ctx.insert("year_href".into(), json!(r.href(&super::paths::year(year))));
    ctx.insert("tables".into(), Value::Array(tables));
    r.template("year-stats.html", p, ctx)
}

pub(crate) fn open_data(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let files: Vec<Value> = opendata::resources(c)
        .iter()
        .map(|res| {
            let columns: Vec<Value> = res
                .columns
                .iter()
                .map(|col| json!({"name": col.name, "kind": col.kind, "required": col.required, "description": col.description}))
                .collect();
            json!({"name": res.file.name(), "href": r.href(&res.file.path()), "title": res.title, "rows": r.number(res.rows.len() as u64), "columns": columns})
        })
        .collect();
    let licence = opendata::licence(&c.site.data_licence);
    let distribution: Vec<Value> = File::ALL
        .iter()
        .map(|f| {
            let media = if f.name().ends_with(".csv") { "text/csv" } else { "application/json" };
            json!({"@type": "dcat:Distribution", "dct:title": f.name(), "dcat:downloadURL": r.abs(&f.path()), "dcat:mediaType": media})
        })
        .collect();
    let dcat = json!({
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/"},
        "@type": "dcat:Dataset",
        "dct:title": c.site.title,
        "dct:description": format!("Danh mục sáng kiến được công nhận, do {} công bố.", c.site.publisher),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": c.site.publisher},
        "dct:license": licence.get("path").cloned().unwrap_or_else(|| json!(c.site.data_licence)),
        "dct:language": "vi",
        "dcat:landingPage": r.abs("/du-lieu/"),
        "dcat:distribution": distribution,
    });
    // Inside <script>: `<` escaped so no text can close the element.
    let jsonld = serde_json::to_string(&dcat)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let title = r.t("open_data").to_string();
    let head = Head::new(
        title.clone(),
        format!("{title}: {}", c.site.title),
        "/du-lieu/",
    );
    let mut ctx = r.context(head, &[(title.clone(), None)]);
    ctx.insert("title".into(), json!(title));
    ctx.insert("files".into(), Value::Array(files));
    ctx.insert(
        "json_href".into(),
        json!(r.href(&File::InitiativesJson.path())),
    );
    ctx.insert("package_href".into(), json!(r.href(&File::Package.path())));
    ctx.insert("licence".into(), json!(c.site.data_licence));
    ctx.insert("jsonld".into(), json!(jsonld));
    r.template("open-data.html", p, ctx)
}
