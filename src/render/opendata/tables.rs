//! The CSV tables of the open data, each column with its Table Schema
//! type, so the file and its schema come from one list.

use serde_json::{json, Value};

use super::File;
use crate::model::{Catalogue, Initiative};

/// One column: its name, Table Schema type, whether every row has it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: &'static str,
    /// `string`, `integer` or `date`.
    pub kind: &'static str,
    pub required: bool,
    pub description: &'static str,
}

/// A CSV resource: its columns and rows (the cells as written).
#[derive(Debug, Clone)]
pub struct Resource {
    pub file: File,
    /// The resource name in the package.
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub primary_key: &'static str,
}

impl Resource {
    /// UTF-8 CSV with a header row.
    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(self.columns.iter().map(|c| c.name));
        for r in &self.rows {
            let _ = w.write_record(r);
        }
        w.into_inner().unwrap_or_default()
    }
}

const fn col(
    name: &'static str,
    kind: &'static str,
    required: bool,
    description: &'static str,
) -> Column {
    Column {
        name,
        kind,
        required,
        description,
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}

fn url(c: &Catalogue, path: &str) -> String {
    format!("{}{path}", c.site.base_url)
}

/// The three CSV resources.
pub fn resources(c: &Catalogue) -> Vec<Resource> {
    vec![initiatives(c), authors(c), units(c)]
}

fn initiatives(c: &Catalogue) -> Resource {
    let columns = vec![
        col("id", "string", true, "Số hiệu trong danh mục"),
        col("title", "string", true, "Tên sáng kiến"),
        col("summary", "string", true, "Tóm tắt"),
        col(
            "kind",
            "string",
            true,
            "Loại giải pháp: technical, management, operational, technology_application",
        ),
        col("field", "string", true, "Lĩnh vực (slug, xem fields)"),
        col("unit", "string", true, "Đơn vị (slug, xem don-vi.csv)"),
        col(
            "authors",
            "string",
            true,
            "Tác giả (slug, xem tac-gia.csv), ngăn cách bởi \"; \"",
        ),
        col(
            "level",
            "string",
            true,
            "Cấp công nhận: grassroots, provincial, national",
        ),
        col(
            "recognition_decision",
            "string",
            true,
            "Số quyết định công nhận",
        ),
        col(
            "recognition_date",
            "date",
            true,
            "Ngày quyết định công nhận",
        ),
        col(
            "recognition_body",
            "string",
            true,
            "Cơ quan công nhận (slug đơn vị)",
        ),
        col("recognition_round", "string", false, "Đợt xét"),
        col("applied_since", "date", false, "Ngày áp dụng lần đầu"),
        col(
            "applied_in",
            "string",
            false,
            "Đơn vị nhân rộng (slug), ngăn cách bởi \"; \"",
        ),
        col("savings_vnd", "integer", false, "Số tiền làm lợi (đồng)"),
        col(
            "hours_saved_per_year",
            "integer",
            false,
            "Giờ công tiết kiệm mỗi năm",
        ),
        col("ip_kind", "string", false, "Loại văn bằng sở hữu trí tuệ"),
        col("ip_granted", "date", false, "Ngày cấp văn bằng"),
        col(
            "effectiveness_scope",
            "string",
            false,
            "Phạm vi ảnh hưởng được công nhận: unit, sector, province, national",
        ),
        col(
            "effectiveness_date",
            "date",
            false,
            "Ngày quyết định công nhận hiệu quả",
        ),
        col(
            "investor",
            "string",
            false,
            "Chủ đầu tư (slug đơn vị hoặc tên)",
        ),
        col("transfers", "integer", true, "Số lần chuyển giao"),
        col(
            "funding_vnd",
            "integer",
            true,
            "Tổng kinh phí hỗ trợ (đồng)",
        ),
        col("tags", "string", false, "Từ khoá, ngăn cách bởi \"; \""),
        col("url", "string", true, "Địa chỉ trang sáng kiến"),
    ];
    let mut list: Vec<&Initiative> = c.initiatives.iter().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    let rows = list
        .into_iter()
        .map(|i| {
            let b = i.benefits.as_ref();
            let e = i.effectiveness.as_ref();
            vec![
                i.id.clone(),
                i.title.clone(),
                i.summary.clone(),
                i.kind.as_str().to_string(),
                i.field.clone(),
                i.unit.clone(),
                join(i.authors.iter().map(|a| a.author.as_str())),
                i.level.as_str().to_string(),
                i.recognition.decision.clone(),
                i.recognition.date.to_string(),
                i.recognition.body.clone(),
                opt(i.recognition.round.as_ref()),
                opt(i.applied_since),
                join(i.applied_in.iter().map(String::as_str)),
                opt(b.and_then(|b| b.savings_vnd)),
                opt(b.and_then(|b| b.hours_saved_per_year)),
                opt(i.ip.as_ref().map(|x| x.kind.as_str())),
                opt(i.ip.as_ref().and_then(|x| x.granted)),
                opt(e.map(|e| e.scope.as_str())),
                opt(e.map(|e| e.date)),
                opt(i.investor.as_ref()),
                i.transfers.len().to_string(),
                i.funding
                    .iter()
                    .map(|f| f.amount_vnd)
                    .sum::<u64>()
                    .to_string(),
                join(i.tags.iter().map(String::as_str)),
                url(c, &crate::render::paths::initiative(&i.slug)),
            ]
        })
        .collect();
    Resource {
        file: File::Initiatives,
        name: "sang-kien",
        title: "Sáng kiến được công nhận",
        columns,
        rows,
        primary_key: "id",
    }
}

fn authors(c: &Catalogue) -> Resource {
    let columns = vec![
        col("slug", "string", true, "Định danh tác giả"),
        col("name", "string", true, "Họ và tên"),
        col("unit", "string", true, "Nơi công tác (slug đơn vị)"),
        col(
            "position",
            "string",
            false,
            "Chức danh (chỉ khi tác giả đồng ý công bố)",
        ),
        col(
            "qualification",
            "string",
            false,
            "Trình độ chuyên môn (chỉ khi tác giả đồng ý công bố)",
        ),
        col(
            "honours",
            "string",
            false,
            "Danh hiệu \"tên (năm)\", ngăn cách bởi \"; \"",
        ),
        col(
            "exemplary_years",
            "string",
            false,
            "Các năm được tuyên dương điển hình tiên tiến",
        ),
        col(
            "initiatives",
            "string",
            false,
            "Số hiệu các sáng kiến, ngăn cách bởi \"; \"",
        ),
        col("url", "string", true, "Địa chỉ trang tác giả"),
    ];
    let rows = c
        .authors
        .iter()
        .map(|a| {
            let p = a.profile.as_ref();
            let honours: Vec<String> = a
                .honours
                .iter()
                .map(|h| format!("{} ({})", h.title, h.year))
                .collect();
            let years: Vec<String> = a.exemplary.iter().map(|e| e.year.to_string()).collect();
            let mut ids: Vec<&str> = c
                .by_author
                .get(&a.slug)
                .into_iter()
                .flatten()
                .map(|&n| c.initiatives[n].id.as_str())
                .collect();
            ids.sort_unstable();
            vec![
                a.slug.clone(),
                a.name.clone(),
                a.unit.clone(),
                opt(p.and_then(|p| p.position.as_ref())),
                opt(p.and_then(|p| p.qualification.as_ref())),
                join(honours.iter().map(String::as_str)),
                join(years.iter().map(String::as_str)),
                join(ids),
                url(c, &crate::render::paths::author(&a.slug)),
            ]
        })
        .collect();
    Resource {
        file: File::Authors,
        name: "tac-gia",
        title: "Tác giả",
        columns,
        rows,
        primary_key: "slug",
    }
}

fn units(c: &Catalogue) -> Resource {
    let columns = vec![
        col("slug", "string", true, "Định danh đơn vị"),
        col("name", "string", true, "Tên đơn vị"),
        col("short_name", "string", false, "Tên viết tắt"),
        col("kind", "string", true, "Loại đơn vị"),
        col("district", "string", false, "Địa bàn (slug)"),
        col("parent", "string", false, "Đơn vị cấp trên (slug)"),
        col("website", "string", false, "Trang thông tin điện tử"),
        col("until", "date", false, "Ngày chấm dứt hoạt động"),
        col(
            "successor",
            "string",
            false,
            "Đơn vị tiếp nhận nhiệm vụ (slug)",
        ),
        col("initiatives", "integer", true, "Số sáng kiến của đơn vị"),
        col("url", "string", true, "Địa chỉ trang đơn vị"),
    ];
    let rows = c
        .units
        .iter()
        .map(|u| {
            vec![
                u.slug.clone(),
                u.name.clone(),
                opt(u.short_name.as_ref()),
                u.kind.as_str().to_string(),
                opt(u.district.as_ref()),
                opt(u.parent.as_ref()),
                opt(u.website.as_ref()),
                opt(u.until),
                opt(u.successor.as_ref()),
                c.by_unit.get(&u.slug).map_or(0, Vec::len).to_string(),
                url(c, &crate::render::paths::unit(&u.slug)),
            ]
        })
        .collect();
    Resource {
        file: File::Units,
        name: "don-vi",
        title: "Đơn vị",
        columns,
        rows,
        primary_key: "slug",
    }
}

/// `sang-kien.json`: every published initiative with its public keys.
pub fn initiatives_json(c: &Catalogue) -> Value {
    let mut list: Vec<&Initiative> = c.initiatives.iter().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    Value::Array(
        list.into_iter()
            .map(|i| {
                json!({
                    "id": i.id,
                    "slug": i.slug,
                    "title": i.title,
                    "summary": i.summary,
                    "kind": i.kind.as_str(),
                    "field": i.field,
                    "unit": i.unit,
                    "authors": i.authors,
                    "level": i.level.as_str(),
                    "recognition": i.recognition,
                    "applied_since": i.applied_since,
                    "applied_in": i.applied_in,
                    "benefits": i.benefits,
                    "ip": i.ip.as_ref().map(|x| json!({"kind": x.kind.as_str(), "number": x.number, "granted": x.granted})),
                    "events": i.events,
                    "press": i.press,
                    "investor": i.investor,
                    "effectiveness": i.effectiveness.as_ref().map(|e| json!({
                        "decision": e.decision, "date": e.date, "body": e.body,
                        "scope": e.scope.as_str(), "note": e.note,
                    })),
                    "transfers": i.transfers,
                    "funding": i.funding.iter().map(|f| json!({
                        "year": f.year, "amount_vnd": f.amount_vnd,
                        "purpose": f.purpose.as_str(), "source": f.source,
                    })).collect::<Vec<_>>(),
                    "tags": i.tags,
                    "description": i.body,
                    "url": url(c, &crate::render::paths::initiative(&i.slug)),
                })
            })
            .collect(),
    )
}
