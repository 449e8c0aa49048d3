//! Reading an author. The profile (position, qualification, photo,
//! biography) is validated in every case but kept only with `consent`;
//! `private` is checked for shape and never stored.

use serde_yaml::Value;

use super::ctx::{Ctx, Target};
use crate::model::limits;
use crate::model::{Author, Exemplary, Honour, HonourKind, Image, Profile};
use crate::msg;

const KEYS: &[&str] = &[
    "name",
    "unit",
    "position",
    "qualification",
    "sort_name",
    "consent",
    "photo",
    "honours",
    "exemplary",
    "private",
];

pub fn author(ctx: &mut Ctx, v: &Value) -> Option<Author> {
    let o = ctx.obj(v, "", KEYS, &["name", "unit"])?;
    let name = ctx.text(&o, "name");
    let unit = ctx.reference(&o, "unit", Target::Unit);
    let position = ctx.text(&o, "position");
    let qualification = ctx.text(&o, "qualification");
    let sort_name = ctx.text(&o, "sort_name");
    let consent = ctx.boolean(&o, "consent").unwrap_or(false);
    let photo = o
        .get("photo")
        .and_then(|p| image(ctx, p, &o.child("photo")));
    let honours = ctx
        .list(&o, "honours")
        .into_iter()
        .filter_map(|(path, v)| honour(ctx, v, &path))
        .collect();
    let exemplary = exemplary_years(ctx, &o);
    if let Some(p) = o.get("private") {
        if !p.is_mapping() {
            ctx.error("type", &o.child("private"), msg!("type.private"));
        }
    }
    let biography = ctx.file.body_text();
    let profile = consent.then(|| Profile {
        position,
        qualification,
        photo,
        biography: biography.to_string(),
    });
    Some(Author {
        slug: ctx.file.slug.clone(),
        name: name?,
        unit: unit?,
        sort_name,
        honours,
        exemplary,
        profile,
    })
}

fn honour(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Honour> {
    let o = ctx.obj(
        v,
        path,
        &["title", "year", "decision", "kind"],
        &["title", "year"],
    )?;
    let title = ctx.text(&o, "title");
    let year = ctx.int(&o, "year", *limits::YEARS.start(), *limits::YEARS.end());
    let decision = ctx.text(&o, "decision");
    let kind = ctx.one_of(&o, "kind", HonourKind::parse, HonourKind::NAMES);
    Some(Honour {
        title: title?,
        year: year? as i32,
        decision,
        kind,
    })
}

/// `exemplary`: one `{year, citation}` or a list of them, one a year;
/// returned oldest first.
fn exemplary_years(ctx: &mut Ctx, o: &super::ctx::Obj) -> Vec<Exemplary> {
    let Some(v) = o.get("exemplary") else {
        return Vec::new();
    };
    let mut out: Vec<Exemplary> = if v.is_sequence() {
        ctx.list(o, "exemplary")
            .into_iter()
            .filter_map(|(path, item)| exemplary(ctx, item, &path))
            .collect()
    } else {
        exemplary(ctx, v, "exemplary").into_iter().collect()
    };
    let mut years: Vec<i32> = out.iter().map(|e| e.year).collect();
    years.sort_unstable();
    if let Some(w) = years.windows(2).find(|w| w[0] == w[1]) {
        ctx.error_hint(
            "duplicate-year",
            "exemplary",
            msg!("exemplary.twice", year = w[0].to_string()),
            msg!("exemplary.twice.hint"),
        );
    }
    out.sort_by_key(|e| e.year);
    out
}

fn exemplary(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Exemplary> {
    let o = ctx.obj(v, path, &["year", "citation"], &["year", "citation"])?;
    let year = ctx.int(&o, "year", *limits::YEARS.start(), *limits::YEARS.end());
    let citation = ctx.text(&o, "citation");
    Some(Exemplary {
        year: year? as i32,
        citation: citation?,
    })
}

/// `{src, alt, caption?}`; `alt` must be non-empty.
pub fn image(ctx: &mut Ctx, v: &Value, path: &str) -> Option<Image> {
    let o = ctx.obj(v, path, &["src", "alt", "caption"], &["src", "alt"])?;
    let src = ctx.asset(&o, "src", crate::media::Use::Image);
    let alt = match o.get("alt") {
        Some(serde_yaml::Value::String(s)) if s.trim().is_empty() => {
            ctx.error_hint(
                "alt",
                &o.child("alt"),
                msg!("empty", key = o.child("alt")),
                msg!("alt.hint"),
            );
            None
        }
        _ => ctx.text(&o, "alt"),
    };
    let caption = ctx.text(&o, "caption");
    Some(Image {
        src: src?,
        alt: alt?,
        caption,
    })
}
