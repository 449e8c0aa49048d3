//! Reading an initiative: every key of the content model, with the rules
//! that concern one file alone (cross-file rules live in `refs`).

use jiff::civil::Date;
use serde_yaml::Value;

use super::author::image;
use super::ctx::{Ctx, Obj, Target};
use super::outcomes;
use crate::model::limits;
use crate::model::{
    Attachment, AuthorShare, Benefits, Event, Featured, Initiative, InitiativeKind, Ip, IpKind,
    Level, Press, Recognition,
};
use crate::msg;

/// Every key of an initiative's front matter (the schema uses these too).
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "kind",
    "field",
    "unit",
    "authors",
    "level",
    "recognition",
    "applied_since",
    "applied_in",
    "benefits",
    "ip",
    "events",
    "press",
    "featured",
    "investor",
    "effectiveness",
    "transfers",
    "funding",
    "tags",
    "images",
    "attachments",
    "aliases",
    "draft",
    "confidential",
    "private",
];

/// The keys an initiative must have.
pub const REQUIRED: &[&str] = &[
    "id",
    "title",
    "summary",
    "kind",
    "field",
    "unit",
    "authors",
    "level",
    "recognition",
];

pub fn initiative(ctx: &mut Ctx, v: &Value, folder: &str) -> Option<Initiative> {
    let o = ctx.obj(v, "", KEYS, REQUIRED)?;
    let folder_year: Option<i16> = folder.parse().ok().filter(|_| folder.len() == 4);
    if folder_year.is_none() {
        ctx.error_hint(
            "folder-year",
            "",
            msg!("folder-year"),
            msg!("folder-year.hint"),
        );
    }
    // The id's year is compared with the folder's as written (`0000`).
    let id = id(ctx, &o, folder_year.map(|_| folder));
    let title = ctx.text_max(&o, "title", limits::TITLE_MAX);
    let summary = ctx.text_max(&o, "summary", limits::SUMMARY_MAX);
    let kind = ctx.one_of(&o, "kind", InitiativeKind::parse, InitiativeKind::NAMES);
    let field = ctx.reference(&o, "field", Target::Field);
    let unit = ctx.reference(&o, "unit", Target::Unit);
    let authors = authors(ctx, &o);
    let level = ctx.one_of(&o, "level", Level::parse, Level::NAMES);
    let recognition = o
        .get("recognition")
        .and_then(|r| recognition(ctx, r, folder_year));
    if folder_year.is_none() {
        id_matches_date(ctx, id.as_deref(), recognition.as_ref());
    }
    let applied_since = ctx.date(&o, "applied_since");
    if let (Some(a), Some(r)) = (applied_since, &recognition) {
        if a > r.date {
            ctx.error_hint(
                "date-order",
                "applied_since",
                msg!("date-order.applied", applied = a, date = r.date),
                msg!("date-order.applied.hint"),
            );
        }
    }
    let applied_in = ctx
        .list(&o, "applied_in")
        .into_iter()
        .filter_map(|(path, v)| ctx.reference_value(v, &path, Target::Unit))
        .collect();
    let benefits = o.get("benefits").and_then(|b| benefits(ctx, b));
    let ip = o.get("ip").and_then(|v| ip(ctx, v));
    let events = items(ctx, &o, "events", event);
    let press = items(ctx, &o, "press", press);
    let featured = o.get("featured").and_then(|f| featured(ctx, f));
    let investor = outcomes::unit_or_name(ctx, &o, "investor");
    let effectiveness = o
        .get("effectiveness")
        .and_then(|e| outcomes::effectiveness(ctx, e, recognition.as_ref()));
    let transfers = items(ctx, &o, "transfers", outcomes::transfer);
    let funding = items(ctx, &o, "funding", outcomes::funding);
    let tags = tags(ctx, &o);
    let images = ctx
        .list(&o, "images")
        .into_iter()
        .filter_map(|(path, v)| image(ctx, v, &path))
        .collect();
    let attachments = items(ctx, &o, "attachments", attachment);
    let aliases = aliases(ctx, &o);
    let draft = ctx.boolean(&o, "draft").unwrap_or(false);
    super::placeholder::check(
        ctx,
        draft,
        summary.as_deref(),
        recognition.as_ref().map(|r| r.decision.as_str()),
    );
    let _ = ctx.text(&o, "confidential");
    if o.get("private").is_some_and(|p| !p.is_mapping()) {
        ctx.error("type", "private", msg!("type.private"));
    }
    let body = ctx.file.body_text();
    if body.trim().is_empty() {
        let line = ctx.file.body_line;
        ctx.diags.push(
            crate::diag::Diagnostic::warning("empty-body", &ctx.file.path, msg!("empty-body"))
                .at_line(line.saturating_sub(1).max(1))
                .with_hint(msg!("empty-body.hint")),
        );
    }
    Some(Initiative {
        slug: ctx.file.slug.clone(),
        id: id?,
        title: title?,
        summary: summary?,
        kind: kind?,
        field: field?,
        unit: unit?,
        authors: authors?,
        level: level?,
        recognition: recognition?,
        applied_since,
        applied_in,
        benefits,
        ip,
        events,
        press,
        featured,
        investor,
        effectiveness,
        transfers,
        funding,
        tags,
        images,
        attachments,
        aliases,
        draft,
        body: body.to_string(),
        source: ctx.file.path.clone(),
        history: Vec::new(),
    })
}

/// `^[A-Z]{2,6}-\d{4}-\d{3,5}$`, its year equal to the folder's.
fn id(ctx: &mut Ctx, o: &Obj, folder_year: Option<&str>) -> Option<String> {
    let id = ctx.text(o, "id")?;
    let parts: Vec<&str> = id.split('-').collect();
    let valid = parts.len() == 3
        && (2..=6).contains(&parts[0].len())
        && parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && parts[1].len() == 4
        && parts[1].bytes().all(|b| b.is_ascii_digit())
        && (3..=5).contains(&parts[2].len())
        && parts[2].bytes().all(|b| b.is_ascii_digit());
    if !valid {
        ctx.error_hint("id", "id", msg!("id", id = &id), msg!("id.hint"));
        return None;
    }
    if let Some(fy) = folder_year {
        if parts[1] != fy {
            ctx.error_hint(
                "year-mismatch",
                "id",
                msg!("year-mismatch.folder", year = parts[1], folder = fy),
                msg!("year-mismatch.hint"),
            );
        }
    }
    Some(id)
}

/// Without a year folder to compare both with, the id's year must still
/// be the recognition year.
fn id_matches_date(ctx: &mut Ctx, id: Option<&str>, recognition: Option<&Recognition>) {
    let (Some(id), Some(r)) = (id, recognition) else {
        return;
    };
    let id_year = id.split('-').nth(1).unwrap_or_default();
    // Years as written in dates: four digits (`0000`, not `0`).
    let year = format!("{:04}", r.date.year());
    if id_year != year {
        ctx.error_hint(
            "year-mismatch",
            "id",
            msg!("year-mismatch.date", year = id_year, date = year),
            msg!("year-mismatch.hint"),
        );
    }
}

fn authors(ctx: &mut Ctx, o: &Obj) -> Option<Vec<AuthorShare>> {
    let listed = o.get("authors")?.is_sequence();
    let items = ctx.list(o, "authors");
    if !listed {
        return None;
    }
    if items.is_empty() {
        ctx.error("required", "authors", msg!("required.authors"));
        return None;
    }
    let mut out: Vec<AuthorShare> = Vec::new();
    for (path, v) in &items {
        let Some(a) = ctx.obj(v, path, &["author", "share"], &["author"]) else {
            continue;
        };
        let author = ctx.reference(&a, "author", Target::Author);
        let share = ctx.int(&a, "share", 0, 100).map(|n| n as u32);
        let Some(author) = author else { continue };
        if out.iter().any(|x| x.author == author) {
            ctx.error_hint(
                "duplicate-author",
                &a.child("author"),
                msg!("duplicate-author", author = &author),
                msg!("duplicate-author.hint"),
            );
        }
        out.push(AuthorShare { author, share });
    }
    let given = items
        .iter()
        .filter(|(_, v)| v.get("share").is_some_and(|s| !s.is_null()))
        .count();
    if given > 0 && given < items.len() {
        ctx.error_hint(
            "shares",
            "authors",
            msg!("shares.some", given = given, total = items.len()),
            msg!("shares.some.hint"),
        );
    } else if given > 0 && out.iter().all(|a| a.share.is_some()) {
        let sum: u32 = out.iter().filter_map(|a| a.share).sum();
        if sum != 100 {
            let terms: Vec<String> = out
                .iter()
                .map(|a| format!("{} {}", a.author, a.share.unwrap_or(0)))
                .collect();
            ctx.error_hint(
                "shares",
                "authors",
                msg!("shares.sum", sum = sum),
                msg!("shares.sum.hint", terms = terms.join(" + ")),
            );
        }
    }
    Some(out)
}

fn recognition(ctx: &mut Ctx, v: &Value, folder_year: Option<i16>) -> Option<Recognition> {
    let o = ctx.obj(
        v,
        "recognition",
        &["decision", "date", "body", "round"],
        &["decision", "date", "body"],
    )?;
    let decision = ctx.text(&o, "decision");
    let date = ctx.date(&o, "date");
    let body = ctx.reference(&o, "body", Target::Unit);
    let round = match o.get("round") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => ctx.text(&o, "round"),
        None => None,
    };
    if let Some(d) = date {
        if let Some(fy) = folder_year.filter(|fy| *fy != d.year()) {
            ctx.error_hint(
                "year-mismatch",
                "recognition.date",
                // Four digits, as both are written (`0000`, not `0`).
                msg!(
                    "year-mismatch.recognition",
                    year = format!("{:04}", d.year()),
                    folder = format!("{fy:04}")
                ),
                msg!(
                    "year-mismatch.recognition.hint",
                    year = format!("{:04}", d.year())
                ),
            );
        }
        if d > ctx.today {
            let today = ctx.today;
            ctx.error_hint(
                "future-date",
                "recognition.date",
                msg!("future-date", date = d),
                msg!("future-date.hint", today = today),
            );
        }
    }
    Some(Recognition {
        decision: decision?,
        date: date?,
        body: body?,
        round,
    })
}

fn benefits(ctx: &mut Ctx, v: &Value) -> Option<Benefits> {
    let o = ctx.obj(
        v,
        "benefits",
        &["summary", "savings_vnd", "hours_saved_per_year"],
        &[],
    )?;
    Some(Benefits {
        summary: ctx.text(&o, "summary"),
        savings_vnd: ctx.int(&o, "savings_vnd", 0, i64::MAX).map(|n| n as u64),
        hours_saved_per_year: ctx
            .int(&o, "hours_saved_per_year", 0, i64::MAX)
            .map(|n| n as u64),
    })
}

fn ip(ctx: &mut Ctx, v: &Value) -> Option<Ip> {
    let o = ctx.obj(v, "ip", &["kind", "number", "granted"], &["kind"])?;
    let kind = ctx.one_of(&o, "kind", IpKind::parse, IpKind::NAMES);
    let number = match o.get("number") {
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => ctx.text(&o, "number"),
    };
    let granted = ctx.date(&o, "granted");
    Some(Ip {
        kind: kind?,
        number,
        granted,
    })
}

/// Reads a list of mappings with `read` for each item.
fn items<T>(
    ctx: &mut Ctx,
    o: &Obj,
    key: &str,
    read: fn(&mut Ctx, &Value, &str) -> Option<T>,
) -> Vec<T> {
    ctx.list(o, key)
        .into_iter()
        .filter_map(|(path, v)| read(ctx, v, &path))
        .collect()
}

fn event(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Event> {
    let o = ctx.obj(v, path, &["name", "year", "award"], &["name", "year"])?;
    let name = ctx.text(&o, "name");
    let year = ctx.int(&o, "year", *limits::YEARS.start(), *limits::YEARS.end());
    let award = ctx.text(&o, "award");
    Some(Event {
        name: name?,
        year: year? as i32,
        award,
    })
}

fn press(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Press> {
    let o = ctx.obj(
        v,
        path,
        &["title", "url", "outlet", "date"],
        &["title", "url", "outlet"],
    )?;
    let title = ctx.text(&o, "title");
    let url = ctx.url(&o, "url");
    let outlet = ctx.text(&o, "outlet");
    let date = ctx.date(&o, "date");
    Some(Press {
        title: title?,
        url: url?,
        outlet: outlet?,
        date,
    })
}

fn attachment(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Attachment> {
    let o = ctx.obj(v, path, &["src", "title"], &["src", "title"])?;
    let src = ctx.asset(&o, "src", crate::media::Use::Attachment);
    let title = ctx.text(&o, "title");
    Some(Attachment {
        src: src?,
        title: title?,
    })
}

fn featured(ctx: &mut Ctx, v: &Value) -> Option<Featured> {
    let o = ctx.obj(v, "featured", &["from", "until", "headline"], &["from"])?;
    let from: Option<Date> = ctx.date(&o, "from");
    let until = ctx.date(&o, "until");
    let headline = ctx.text(&o, "headline");
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            ctx.error_hint(
                "date-order",
                "featured.until",
                msg!("date-order.featured", until = u, from = f),
                msg!("date-order.featured.hint"),
            );
        }
    }
    Some(Featured {
        from: from?,
        until,
        headline,
    })
}

fn tags(ctx: &mut Ctx, o: &Obj) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (path, v) in ctx.list(o, "tags") {
        let Some(tag) = ctx.as_text(&v.clone(), &path) else {
            continue;
        };
        if crate::text::slugify(&tag).is_empty() {
            ctx.error("tag", &path, msg!("tag", tag = &tag));
        } else if !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// Old site paths that redirect here: `/…/`, no `..`, no scheme.
fn aliases(ctx: &mut Ctx, o: &Obj) -> Vec<String> {
    let mut out = Vec::new();
    for (path, v) in ctx.list(o, "aliases") {
        let Some(a) = ctx.as_text(v, &path) else {
            continue;
        };
        // Inner parts must be non-empty: `/a//b/` has no file to write.
        let inner = a.trim_start_matches('/').trim_end_matches('/');
        let bad = !a.starts_with('/')
            || a.starts_with("//")
            || (!inner.is_empty() && inner.split('/').any(|seg| seg.is_empty()))
            || a.split('/').any(|seg| seg == ".." || seg == ".")
            || a.chars().any(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '?' | '#' | '\\' | '<' | '>' | '"')
            });
        if bad {
            ctx.error_hint(
                "alias",
                &path,
                msg!("alias", alias = &a),
                msg!("alias.hint"),
            );
            continue;
        }
        let a = if a.ends_with('/') || a.rsplit('/').next().is_some_and(|l| l.contains('.')) {
            a
        } else {
            format!("{a}/")
        };
        out.push(a);
    }
    out
}
