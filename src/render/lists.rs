//! Pages that list many things: home, paginated lists of initiatives,
//! the author index, exemplary authors, units, and the search page's
//! browse lists.

use serde_json::{json, Value};

use super::collate;
use super::context::{Head, LATEST_ON_HOME};
use super::{paths, ListKind, Page, RenderError, Renderer};
use crate::model::{Level, UnitKind};

pub(crate) fn home(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let featured = c
        .initiatives
        .iter()
        .enumerate()
        .filter(|(_, i)| i.featured.as_ref().is_some_and(|f| f.is_active(c.today)))
        .map(|(n, i)| {
            let headline = i.featured.as_ref().and_then(|f| f.headline.as_deref());
            Ok::<_, RenderError>(json!({"html": r.card_html(n)?, "headline": headline}))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let latest: Vec<usize> = (0..c.initiatives.len().min(LATEST_ON_HOME)).collect();
    let description = c
        .site
        .tagline
        .clone()
        .unwrap_or_else(|| c.site.title.clone());
    let head = Head::new(c.site.title.clone(), description, "/");
    let mut ctx = r.context(head, &[]);
    ctx.insert("featured".into(), Value::Array(featured));
    ctx.insert("latest".into(), r.cards(&latest)?);
    ctx.insert("figures".into(), figures(r));
    r.template("home.html", p, ctx)
}

/// Key figures of the catalogue: (value, label) pairs.
fn figures(r: &Renderer) -> Value {
    let c = r.c;
    let savings: u64 = c
        .initiatives
        .iter()
        .filter_map(|i| i.benefits.as_ref()?.savings_vnd)
        .sum();
    let authors = c.by_author.len() as u64;
    json!([
        {"value": r.number(c.initiatives.len() as u64), "label": r.t("n_initiatives")},
        {"value": r.number(c.by_unit.len() as u64), "label": r.t("n_units")},
        {"value": r.number(authors), "label": r.t("n_authors")},
        {"value": r.number(c.by_field.len() as u64), "label": r.t("n_fields")},
        {"value": r.money(savings), "label": r.t("total_savings")},
    ])
}

/// The title, description and breadcrumb name of a list.
fn list_title(r: &Renderer, list: &ListKind) -> (String, Option<String>) {
    let c = r.c;
    match list {
        ListKind::All => (r.t("all_initiatives").into(), None),
        ListKind::Field(s) => {
            let f = c.field(s);
            (
                format!(
                    "{}: {}",
                    r.t("field"),
                    f.map_or(s.as_str(), |f| f.name.as_str())
                ),
                f.and_then(|f| f.description.clone()),
            )
        }
        ListKind::Year(y) => (format!("{} {y}", r.t("year")), None),
        ListKind::Level(l) => (format!("{}: {}", r.t("level"), r.level_label(*l)), None),
        ListKind::District(s) => (
            format!(
                "{}: {}",
                r.t("district"),
                c.district(s).map_or(s.as_str(), |d| d.name.as_str())
            ),
            None,
        ),
        ListKind::Tag(s) => (
            format!(
                "{}: {}",
                r.t("tag"),
                c.by_tag.get(s).map_or(s.as_str(), |t| t.0.as_str())
            ),
            None,
        ),
    }
}

pub(crate) fn list(
    r: &Renderer,
    p: &Page,
    list: &ListKind,
    page: usize,
) -> Result<Vec<u8>, RenderError> {
    let total = list.len(r.c);
    let per_page = r.c.site.per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let first = list.first_path();
    let (title, intro) = list_title(r, list);
    let count = format!("{} {}", r.number(total as u64), r.t("n_initiatives"));
    let page_title = if page > 1 {
        format!("{title} — {} {page}", r.t("page"))
    } else {
        title.clone()
    };
    let description = intro.clone().unwrap_or_else(|| format!("{title}: {count}"));
    let mut head = Head::new(
        page_title.clone(),
        description,
        paths::list_page(&first, page),
    );
    head.prev = (page > 1).then(|| paths::list_page(&first, page - 1));
    head.next = (page < pages).then(|| paths::list_page(&first, page + 1));
    let mut crumbs = Vec::new();
    if *list != ListKind::All {
        crumbs.push((
            r.t("initiatives").to_string(),
            Some("/sang-kien/".to_string()),
        ));
    }
    if page > 1 {
        crumbs.push((title.clone(), Some(first.clone())));
        crumbs.push((format!("{} {page}", r.t("page")), None));
    } else {
        crumbs.push((title.clone(), None));
    }
    let mut ctx = r.context(head, &crumbs);
    ctx.insert("title".into(), json!(page_title));
    ctx.insert("intro".into(), json!(intro));
    ctx.insert("count".into(), json!(count));
    ctx.insert("cards".into(), r.cards(&p.shows)?);
    ctx.insert("pager".into(), pager(r, &first, page, pages));
    if let ListKind::Year(y) = list {
        ctx.insert(
            "year_stats".into(),
            json!(r.href(&super::departments::year_path(*y))),
        );
    }
    if *list == ListKind::All || matches!(list, ListKind::Year(_)) {
        ctx.insert("feed".into(), json!(r.href("/feed.xml")));
    }
    r.template("list.html", p, ctx)
}

/// Page links: first, last, and two either side of the current page.
fn pager(r: &Renderer, first: &str, page: usize, pages: usize) -> Value {
    if pages <= 1 {
        return Value::Null;
    }
    let mut items = Vec::new();
    let mut last_shown = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            if n > last_shown + 1 {
                items.push(json!({"gap": true}));
            }
            items.push(
                json!({"n": n, "href": r.href(&paths::list_page(first, n)), "current": n == page}),
            );
            last_shown = n;
        }
    }
    json!({
        "prev": (page > 1).then(|| r.href(&paths::list_page(first, page - 1))),
        "next": (page < pages).then(|| r.href(&paths::list_page(first, page + 1))),
        "items": items,
    })
}

pub(crate) fn authors(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let mut sorted: Vec<&crate::model::Author> = c.authors.iter().collect();
    collate::sort_authors(&mut sorted);
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for a in sorted {
        let letter = collate::initial(collate::sort_key(a));
        let count = c.by_author.get(&a.slug).map_or(0, Vec::len);
        let unit = c
            .unit(&a.unit)
            .map(|u| u.short_name.as_deref().unwrap_or(&u.name));
        let entry = json!({"name": a.name, "href": r.href(&paths::author(&a.slug)), "unit": unit, "count": count});
        match groups.last_mut() {
            Some((l, list)) if *l == letter => list.push(entry),
            _ => groups.push((letter, vec![entry])),
        }
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .enumerate()
        .map(|(n, (letter, list))| json!({"letter": letter, "anchor": format!("chu-{n}"), "authors": list}))
        .collect();
    let description = format!("{} {}", r.number(c.authors.len() as u64), r.t("n_authors"));
    let head = Head::new(r.t("authors"), description, "/tac-gia/");
    let mut ctx = r.context(head, &[(r.t("authors").to_string(), None)]);
    ctx.insert("groups".into(), Value::Array(groups));
    r.template("authors.html", p, ctx)
}

pub(crate) fn exemplary(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let mut list: Vec<&crate::model::Author> = c
        .authors
        .iter()
        .filter(|a| !a.exemplary.is_empty())
        .collect();
    collate::sort_authors(&mut list);
    // Every year an author was named, newest year first; within a year,
    // Vietnamese order (the sort is stable).
    let mut named: Vec<(&crate::model::Author, &crate::model::Exemplary)> = list
        .into_iter()
        .flat_map(|a| a.exemplary.iter().map(move |e| (a, e)))
        .collect();
    named.sort_by_key(|(_, e)| std::cmp::Reverse(e.year));
    let mut years: Vec<(i32, Vec<Value>)> = Vec::new();
    for (a, e) in named {
        let entry = json!({
            "name": a.name,
            "href": r.href(&paths::author(&a.slug)),
            "unit": r.unit_link(&a.unit),
            "citation": e.citation,
            "photo": a.profile.as_ref().and_then(|p| p.photo.as_ref()).map(|ph| json!({"src": r.href(&format!("/{}", ph.src.path)), "alt": ph.alt})),
        });
        match years.last_mut() {
            Some((y, v)) if *y == e.year => v.push(entry),
            _ => years.push((e.year, vec![entry])),
        }
    }
    let years: Vec<Value> = years
        .into_iter()
        .map(|(y, v)| json!({"year": y, "authors": v}))
        .collect();
    let head = Head::new(r.t("exemplary"), r.t("exemplary"), "/dien-hinh/");
    let mut ctx = r.context(head, &[(r.t("exemplary").to_string(), None)]);
    ctx.insert("years".into(), Value::Array(years));
    r.template("exemplary.html", p, ctx)
}

pub(crate) fn units(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let coll = collate::collator();
    let mut groups = Vec::new();
    for &kind in UnitKind::ALL {
        let mut list: Vec<&crate::model::Unit> =
            c.units.iter().filter(|u| u.kind == kind).collect();
        if list.is_empty() {
            continue;
        }
        list.sort_by(|a, b| {
            collate::compare(&coll, &a.name, &b.name).then_with(|| a.slug.cmp(&b.slug))
        });
        let entries: Vec<Value> = list
            .iter()
            .map(|u| {
                json!({
                    "name": u.name,
                    "href": r.href(&paths::unit(&u.slug)),
                    "count": c.by_unit.get(&u.slug).map_or(0, Vec::len),
                })
            })
            .collect();
        groups.push(json!({"name": r.t(&format!("unitkind_{}", kind.as_str())), "units": entries}));
    }
    let description = format!("{} {}", r.number(c.units.len() as u64), r.t("n_units"));
    let head = Head::new(r.t("units"), description, "/don-vi/");
    let mut ctx = r.context(head, &[(r.t("units").to_string(), None)]);
    ctx.insert("groups".into(), Value::Array(groups));
    r.template("units.html", p, ctx)
}

/// The browse lists (fields, years, levels, districts) with counts.
pub(crate) fn browse(r: &Renderer) -> Value {
    let c = r.c;
    let item = |name: String, path: String, n: usize| json!({"name": name, "href": r.href(&path), "count": n});
    let fields: Vec<Value> = c
        .fields
        .iter()
        .map(|f| {
            item(
                f.name.clone(),
                paths::field(&f.slug),
                c.by_field.get(&f.slug).map_or(0, Vec::len),
            )
        })
        .collect();
    let years: Vec<Value> = c
        .by_year
        .iter()
        .rev()
        .map(|(y, v)| item(y.to_string(), paths::year(*y), v.len()))
        .collect();
    let levels: Vec<Value> = Level::ALL
        .iter()
        .filter_map(|&l| {
            let n = c.by_level.get(&l)?.len();
            Some(item(r.level_label(l).into(), paths::level(l), n))
        })
        .collect();
    let districts: Vec<Value> = c
        .districts
        .iter()
        .map(|d| {
            item(
                d.name.clone(),
                paths::district(&d.slug),
                c.by_district.get(&d.slug).map_or(0, Vec::len),
            )
        })
        .collect();
    json!([
        {"title": r.t("fields"), "items": fields},
        {"title": r.t("years"), "items": years},
        {"title": r.t("levels"), "items": levels},
        {"title": r.t("districts"), "items": districts},
    ])
}

pub(crate) fn search(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let head = Head::new(r.t("search"), r.t("search_label"), "/tim-kiem/");
    let mut ctx = r.context(head, &[(r.t("search").to_string(), None)]);
    ctx.insert("browse".into(), browse(r));
    ctx.insert(
        "has_search_js".into(),
        json!(r.theme.has_static("search.js")),
    );
    r.template("search.html", p, ctx)
}
