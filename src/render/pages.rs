//! Pages about one thing: an initiative, an author, a unit, a free page,
//! and the 404 page.

use serde_json::{json, Value};

use super::context::{excerpt, Head};
use super::{format, paths, Page, RenderError, Renderer};

/// How many related initiatives an initiative page shows.
const RELATED: usize = 4;

/// Initiatives related to `n`: sharing tags (most shared first), then the
/// same field, nearest in the list. Only neighbours in each tag's and the
/// field's list are considered, which keeps this cheap on big catalogues.
pub(crate) fn related(c: &crate::model::Catalogue, n: usize) -> Vec<usize> {
    let me = &c.initiatives[n];
    let mut candidates: Vec<usize> = Vec::new();
    let mut near = |list: &[usize]| {
        let at = list.binary_search(&n).unwrap_or_else(|x| x);
        let from = at.saturating_sub(RELATED * 2);
        let to = (at + RELATED * 2 + 1).min(list.len());
        candidates.extend(list[from..to].iter().copied().filter(|&m| m != n));
    };
    for t in &me.tags {
        if let Some((_, list)) = c.by_tag.get(&crate::text::slugify(t)) {
            near(list);
        }
    }
    if let Some(list) = c.by_field.get(&me.field) {
        near(list);
    }
    candidates.sort_unstable();
    candidates.dedup();
    let score = |m: usize| {
        let other = &c.initiatives[m];
        let shared = other.tags.iter().filter(|t| me.tags.contains(t)).count();
        shared * 2 + usize::from(other.field == me.field)
    };
    let mut scored: Vec<(usize, usize, usize)> = candidates
        .into_iter()
        .map(|m| (score(m), m.abs_diff(n), m))
        .collect();
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().take(RELATED).map(|s| s.2).collect()
}

/// JSON for a `<script type="application/ld+json">`: `<` is escaped so
/// that no text can close the script element.
fn json_ld(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub(crate) fn initiative(r: &Renderer, p: &Page, n: usize) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let i = &c.initiatives[n];
    let path = paths::initiative(&i.slug);
    let field = c.field(&i.field);
    let unit = c.unit(&i.unit);
    let district = unit
        .and_then(|u| u.district.as_deref())
        .and_then(|d| c.district(d));
    let authors: Vec<Value> = i
        .authors
        .iter()
        .map(|a| {
            let name = c
                .author(&a.author)
                .map_or(a.author.as_str(), |x| x.name.as_str());
            json!({"name": name, "href": r.href(&paths::author(&a.author)), "share": a.share})
        })
        .collect();
    let benefits = i.benefits.as_ref().map(|b| {
        json!({
            "summary": b.summary,
            "savings": b.savings_vnd.map(|s| r.money(s)),
            "hours": b.hours_saved_per_year.map(|h| format!("{} {}", r.number(h), r.t("hours"))),
        })
    });
    let ip = i.ip.as_ref().map(|ip| {
        json!({
            "kind": r.t(&format!("ipkind_{}", ip.kind.as_str())),
            "number": ip.number,
            "granted": ip.granted.map(format::date),
        })
    });
    let press: Vec<Value> = i
        .press
        .iter()
        .map(|x| json!({"title": x.title, "url": x.url, "outlet": x.outlet, "date": x.date.map(format::date), "iso": x.date.map(format::iso)}))
        .collect();
    let images: Vec<Value> = i
        .images
        .iter()
        .map(|im| json!({"src": r.href(&format!("/{}", im.src.path)), "alt": im.alt, "caption": im.caption}))
        .collect();
    let attachments: Vec<Value> = i
        .attachments
        .iter()
        .map(|a| {
            let ext = a.src.path.rsplit_once('.').map(|(_, e)| e.to_uppercase());
            json!({"href": r.href(&format!("/{}", a.src.path)), "title": a.title, "ext": ext})
        })
        .collect();
    let tags: Vec<Value> = i
        .tags
        .iter()
        .map(|t| json!({"name": t, "href": r.href(&paths::tag(t))}))
        .collect();
    let related: Vec<usize> = p.shows.iter().copied().filter(|&m| m != n).collect();
    let view = json!({
        "id": i.id,
        "title": i.title,
        "summary": i.summary,
        "kind": r.kind_label(i.kind),
        "field": field.map(|f| json!({"name": f.name, "href": r.href(&paths::field(&f.slug))})),
        "level": {"name": r.level_label(i.level), "href": r.href(&paths::level(i.level))},
        "year": {"name": i.year(), "href": r.href(&paths::year(i.year()))},
        "unit": r.unit_link(&i.unit),
        "district": district.map(|d| json!({"name": d.name, "href": r.href(&paths::district(&d.slug))})),
        "authors": authors,
        "recognition": {
            "decision": i.recognition.decision,
            "date": format::date(i.recognition.date),
            "iso": format::iso(i.recognition.date),
            "body": r.unit_link(&i.recognition.body),
            "round": i.recognition.round,
        },
        "applied_since": i.applied_since.map(format::date),
        "applied_since_iso": i.applied_since.map(format::iso),
        "applied_in": i.applied_in.iter().map(|u| r.unit_link(u)).collect::<Vec<_>>(),
        "benefits": benefits,
        "ip": ip,
        "events": i.events.iter().map(|e| json!({"name": e.name, "year": e.year, "award": e.award})).collect::<Vec<_>>(),
        "press": press,
        "tags": tags,
        "images": images,
        "attachments": attachments,
        "body": format::markdown(&i.body, 3, &r.root),
        "short_link": r.abs(&paths::short(&i.id)),
        "short_href": r.href(&paths::short(&i.id)),
        "draft": i.draft,
        // From git (newest first); empty without git. No names or emails.
        "updated": i.history.first().map(|h| format::date(h.date)),
        "updated_iso": i.history.first().map(|h| format::iso(h.date)),
        "history": i.history.iter().map(|h| json!({"date": format::date(h.date), "iso": format::iso(h.date), "subject": h.subject})).collect::<Vec<_>>(),
    });
    let mut head = Head::new(i.title.clone(), i.summary.clone(), path.clone());
    head.og_type = "article";
    head.image = i
        .images
        .first()
        .map(|im| (format!("/{}", im.src.path), im.alt.clone()));
    head.noindex = i.draft;
    let mut crumbs = vec![(
        r.t("initiatives").to_string(),
        Some("/sang-kien/".to_string()),
    )];
    if let Some(f) = field {
        crumbs.push((f.name.clone(), Some(paths::field(&f.slug))));
    }
    crumbs.push((i.id.clone(), None));
    let mut ctx = r.context(head, &crumbs);
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "identifier": i.id,
        "name": i.title,
        "description": i.summary,
        "url": r.abs(&path),
        "datePublished": format::iso(i.recognition.date),
        "inLanguage": if r.lang == crate::model::Language::En { "en" } else { "vi" },
        "about": field.map(|f| f.name.as_str()),
        "keywords": i.tags.join(", "),
        "image": i.images.first().map(|im| r.abs(&format!("/{}", im.src.path))),
        "author": i.authors.iter().map(|a| json!({
            "@type": "Person",
            "name": c.author(&a.author).map_or(a.author.as_str(), |x| x.name.as_str()),
            "url": r.abs(&paths::author(&a.author)),
        })).collect::<Vec<_>>(),
        "sourceOrganization": unit.map(|u| json!({"@type": "Organization", "name": u.name})),
        "publisher": {"@type": "Organization", "name": c.site.publisher},
    });
    ctx.insert("jsonld".into(), json!(json_ld(&ld)));
    ctx.insert("i".into(), view);
    ctx.insert("related".into(), r.cards(&related)?);
    r.template("initiative.html", p, ctx)
}

pub(crate) fn author(r: &Renderer, p: &Page, n: usize) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let a = &c.authors[n];
    let path = paths::author(&a.slug);
    let unit = c.unit(&a.unit);
    let profile = a.profile.as_ref().map(|pr| {
        json!({
            "position": pr.position,
            "qualification": pr.qualification,
            "photo": pr.photo.as_ref().map(|ph| json!({"src": r.href(&format!("/{}", ph.src.path)), "alt": ph.alt})),
            "biography": if pr.biography.trim().is_empty() { None } else { Some(format::markdown(&pr.biography, 3, &r.root)) },
        })
    });
    let mut honours: Vec<&crate::model::Honour> = a.honours.iter().collect();
    honours.sort_by(|x, y| y.year.cmp(&x.year).then_with(|| x.title.cmp(&y.title)));
    let shares = p
        .shows
        .iter()
        .map(|&m| {
            let share = c.initiatives[m]
                .authors
                .iter()
                .find(|s| s.author == a.slug)
                .and_then(|s| s.share);
            Ok::<_, RenderError>(json!({"html": r.card_html(m)?, "share": share}))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut description = match unit {
        Some(u) => format!("{} — {}", a.name, u.name),
        None => a.name.clone(),
    };
    if let Some(pos) = a.profile.as_ref().and_then(|p| p.position.as_deref()) {
        description = format!("{} — {pos}", description);
    }
    let mut head = Head::new(a.name.clone(), description, path);
    head.og_type = "profile";
    head.image = a
        .profile
        .as_ref()
        .and_then(|p| p.photo.as_ref())
        .map(|ph| (format!("/{}", ph.src.path), ph.alt.clone()));
    let crumbs = [
        (r.t("authors").to_string(), Some("/tac-gia/".to_string())),
        (a.name.clone(), None),
    ];
    let mut ctx = r.context(head, &crumbs);
    ctx.insert(
        "a".into(),
        json!({
            "name": a.name,
            "unit": r.unit_link(&a.unit),
            "profile": profile,
            "honours": honours.iter().map(|h| json!({"title": h.title, "year": h.year, "decision": h.decision})).collect::<Vec<_>>(),
            "exemplary": a.exemplary.iter().rev().map(|e| json!({"year": e.year, "citation": e.citation})).collect::<Vec<_>>(),
        }),
    );
    ctx.insert("cards".into(), Value::Array(shares));
    r.template("author.html", p, ctx)
}

pub(crate) fn unit(r: &Renderer, p: &Page, n: usize) -> Result<Vec<u8>, RenderError> {
    let c = r.c;
    let u = &c.units[n];
    let path = paths::unit(&u.slug);
    let children: Vec<Value> = c
        .units
        .iter()
        .filter(|x| x.parent.as_deref() == Some(u.slug.as_str()))
        .map(|x| r.unit_link(&x.slug))
        .collect();
    let created = c.by_unit.get(&u.slug).map_or(&[][..], |v| v);
    let replicated = c.applied_in_unit.get(&u.slug).map_or(&[][..], |v| v);
    let count = created.len();
    let description = format!(
        "{} — {} {}",
        u.name,
        r.number(count as u64),
        r.t("n_initiatives")
    );
    let head = Head::new(u.name.clone(), description, path);
    let crumbs = [
        (r.t("units").to_string(), Some("/don-vi/".to_string())),
        (u.short_name.clone().unwrap_or_else(|| u.name.clone()), None),
    ];
    let mut ctx = r.context(head, &crumbs);
    ctx.insert(
        "u".into(),
        json!({
            "name": u.name,
            "short_name": u.short_name,
            "kind": r.t(&format!("unitkind_{}", u.kind.as_str())),
            "district": u.district.as_deref().and_then(|d| c.district(d)).map(|d| json!({"name": d.name, "href": r.href(&paths::district(&d.slug))})),
            "parent": u.parent.as_deref().map(|s| r.unit_link(s)),
            "website": u.website,
            "children": children,
        }),
    );
    ctx.insert("created".into(), r.cards(created)?);
    ctx.insert("replicated".into(), r.cards(replicated)?);
    r.template("unit.html", p, ctx)
}

pub(crate) fn free_page(r: &Renderer, p: &Page, n: usize) -> Result<Vec<u8>, RenderError> {
    let fp = &r.c.pages[n];
    let body = format::markdown(&fp.body, 2, &r.root);
    let description = fp
        .description
        .clone()
        .unwrap_or_else(|| excerpt(&strip_tags(&body), 160));
    let head = Head::new(fp.title.clone(), description, paths::free_page(&fp.slug));
    let mut ctx = r.context(head, &[(fp.title.clone(), None)]);
    ctx.insert("title".into(), json!(fp.title));
    ctx.insert("body".into(), json!(body));
    r.template("page.html", p, ctx)
}

pub(crate) fn not_found(r: &Renderer, p: &Page) -> Result<Vec<u8>, RenderError> {
    let mut head = Head::new(r.t("not_found"), r.t("not_found_text"), "/404.html");
    head.noindex = true;
    let ctx = r.context(head, &[]);
    r.template("404.html", p, ctx)
}

/// Text of rendered HTML, for descriptions.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}
