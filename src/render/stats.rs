//! `/thong-ke/`: counts by year, field, level, kind, district and top
//! units, and savings, each as an inline SVG bar chart drawn at build
//! time with the same numbers in an accessible data table.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::context::{escape_attr, Head};
use super::{paths, Page, RenderError, Renderer};
use crate::model::{InitiativeKind, Level};

/// How many units the "top units" chart shows.
const TOP_UNITS: usize = 10;

/// One bar: label, value, link (site path) if the label has a page.
struct Bar {
    label: String,
    value: u64,
    href: Option<String>,
}

pub(crate) fn stats(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let by_year: Vec<Bar> = c
        .by_year
        .iter()
        .map(|(y, v)| Bar {
            label: y.to_string(),
            value: v.len() as u64,
            href: Some(paths::year(*y)),
        })
        .collect();
    let mut by_field: Vec<Bar> = c
        .fields
        .iter()
        .map(|f| Bar {
            label: f.name.clone(),
            value: c.by_field.get(&f.slug).map_or(0, Vec::len) as u64,
            href: Some(paths::field(&f.slug)),
        })
        .collect();
    by_field.sort_by_key(|b| std::cmp::Reverse(b.value));
    let by_level: Vec<Bar> = Level::ALL
        .iter()
        .map(|&l| {
            let n = c.by_level.get(&l).map_or(0, Vec::len) as u64;
            Bar {
                label: r.level_label(l).into(),
                value: n,
                href: (n > 0).then(|| paths::level(l)),
            }
        })
        .collect();
    let by_kind: Vec<Bar> = InitiativeKind::ALL
        .iter()
        .map(|&k| Bar {
            label: r.kind_label(k).into(),
            value: c.by_kind.get(&k).map_or(0, Vec::len) as u64,
            href: None,
        })
        .collect();
    let mut by_district: Vec<Bar> = c
        .districts
        .iter()
        .map(|d| Bar {
            label: d.name.clone(),
            value: c.by_district.get(&d.slug).map_or(0, Vec::len) as u64,
            href: Some(paths::district(&d.slug)),
        })
        .collect();
    by_district.sort_by_key(|b| std::cmp::Reverse(b.value));
    let mut units: Vec<(&String, usize)> = c.by_unit.iter().map(|(u, v)| (u, v.len())).collect();
    units.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let top_units: Vec<Bar> = units
        .into_iter()
        .take(TOP_UNITS)
        .map(|(slug, n)| Bar {
            label: c.unit(slug).map_or(slug.clone(), |u| {
                u.short_name.clone().unwrap_or_else(|| u.name.clone())
            }),
            value: n as u64,
            href: Some(paths::unit(slug)),
        })
        .collect();
    let mut savings_by_year: Vec<Bar> = Vec::new();
    for (y, list) in &c.by_year {
        let sum: u64 = list
            .iter()
            .filter_map(|&n| c.initiatives[n].benefits.as_ref()?.savings_vnd)
            .sum();
        savings_by_year.push(Bar {
            label: y.to_string(),
            value: sum,
            href: None,
        });
    }
    let total_savings: u64 = savings_by_year.iter().map(|b| b.value).sum();

    let charts = [
        ("by-year", r.t("by_year"), by_year, false),
        ("by-field", r.t("by_field"), by_field, false),
        ("by-level", r.t("by_level"), by_level, false),
        ("by-kind", r.t("by_kind"), by_kind, false),
        ("by-district", r.t("by_district"), by_district, false),
        ("top-units", r.t("top_units"), top_units, false),
        ("savings", r.t("savings_by_year"), savings_by_year, true),
    ];
    let charts: Vec<Value> = charts
        .into_iter()
        .map(|(id, title, bars, money)| {
            let rows: Vec<Value> = bars
                .iter()
                .map(|b| {
                    json!({
                        "label": b.label,
                        "href": b.href.as_deref().map(|h| r.href(h)),
                        "value": if money { r.money(b.value) } else { r.number(b.value) },
                    })
                })
                .collect();
            json!({"id": id, "title": title, "svg": bar_chart(r, id, title, &bars, money), "rows": rows, "money": money})
        })
        .collect();
    let description = format!(
        "{} {}; {}: {}",
        r.number(c.initiatives.len() as u64),
        r.t("n_initiatives"),
        r.t("total_savings"),
        r.money(total_savings)
    );
    let head = Head::new(r.t("stats"), description, "/thong-ke/");
    let mut ctx = r.context(head, &[(r.t("stats").to_string(), None)]);
    ctx.insert("total".into(), json!(r.number(c.initiatives.len() as u64)));
    ctx.insert("total_savings".into(), json!(r.money(total_savings)));
    ctx.insert("charts".into(), Value::Array(charts));
    let years: Vec<Value> = c
        .by_year
        .keys()
        .rev()
        .map(|y| json!({"year": y, "href": r.href(&super::departments::year_path(*y))}))
        .collect();
    ctx.insert("years".into(), Value::Array(years));
    ctx.insert("open_data".into(), json!(r.href("/du-lieu/")));
    r.template("stats.html", p, ctx)
}

/// A horizontal bar chart as inline SVG. It is an image with a label; the
/// table next to it carries the numbers for screen readers and copying.
fn bar_chart(r: &Renderer, id: &str, title: &str, bars: &[Bar], money: bool) -> String {
    // Narrow enough that 15px text stays readable on a phone.
    const ROW: u32 = 28;
    const LABEL_W: u32 = 200;
    const BAR_W: u32 = 160;
    const VALUE_W: u32 = 130;
    let width = LABEL_W + BAR_W + VALUE_W;
    let height = ROW * bars.len().max(1) as u32 + 8;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" id=\"chart-{id}\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape_attr(title)
    );
    for (n, b) in bars.iter().enumerate() {
        let y = n as u32 * ROW + 4;
        let w = ((b.value as f64 / max as f64) * BAR_W as f64).round() as u32;
        let label = shorten(&b.label, 20);
        let value = if money {
            r.money(b.value)
        } else {
            r.number(b.value)
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{}\" width=\"{}\" height=\"{}\"></rect>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            LABEL_W - 8,
            y + 18,
            escape_attr(&label),
            y + 4,
            w.max(1),
            ROW - 8,
            LABEL_W + w + 6,
            y + 18,
            escape_attr(&value)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
