//! Reading the small entry kinds: site settings, fields, districts,
//! units and free pages.

use std::collections::HashSet;

use serde_yaml::Value;

use super::ctx::{Ctx, Target};
use crate::load::SourceFile;
use crate::messages::Message;
use crate::model::{District, Field, Language, Page, Site, Unit, UnitKind};
use crate::msg;
use crate::text::is_slug;

pub fn site(ctx: &mut Ctx, v: &Value) -> Option<Site> {
    let o = ctx.obj(
        v,
        "",
        &[
            "title",
            "tagline",
            "base_url",
            "language",
            "publisher",
            "per_page",
            "logo",
            "data_licence",
        ],
        &["title", "base_url", "publisher"],
    )?;
    let title = ctx.text(&o, "title");
    let tagline = ctx.text(&o, "tagline");
    let base_url = ctx.url(&o, "base_url");
    let language = if o.get("language").is_some() {
        ctx.one_of(
            &o,
            "language",
            |s| match s {
                "vi" => Some(Language::Vi),
                "en" => Some(Language::En),
                _ => None,
            },
            &["vi", "en"],
        )?
    } else {
        Language::Vi
    };
    let publisher = ctx.text(&o, "publisher");
    let per_page = if o.get("per_page").is_some() {
        ctx.int(&o, "per_page", 1, 200)? as usize
    } else {
        24
    };
    let logo = o
        .get("logo")
        .and_then(|l| super::author::image(ctx, l, "logo"));
    let data_licence = ctx
        .text(&o, "data_licence")
        .unwrap_or_else(|| DEFAULT_LICENCE.to_string());
    Some(Site {
        logo,
        data_licence,
        title: title?,
        tagline,
        base_url: base_url?.trim_end_matches('/').to_string(),
        language,
        publisher: publisher?,
        per_page,
    })
}

/// The open data licence when `data_licence` is not set.
pub const DEFAULT_LICENCE: &str = "CC BY 4.0";

/// One item of `fields.yaml` or `districts.yaml`.
struct Item {
    slug: String,
    name: String,
    description: Option<String>,
    until: Option<jiff::civil::Date>,
}

/// `fields.yaml` (`description`) and `districts.yaml` (`until`): a list
/// of `{slug, name}` items.
fn slug_list(ctx: &mut Ctx, v: &Value, with_description: bool) -> Vec<Item> {
    let Some(seq) = v.as_sequence() else {
        ctx.error_hint(
            "type",
            "",
            msg!("type.slug-list"),
            msg!("type.slug-list.hint"),
        );
        return Vec::new();
    };
    let allowed: &[&str] = if with_description {
        &["slug", "name", "description"]
    } else {
        &["slug", "name", "until"]
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, item) in seq.iter().enumerate() {
        let path = format!("[{i}]");
        let Some(o) = ctx.obj(item, &path, allowed, &["slug", "name"]) else {
            continue;
        };
        let slug = ctx.text(&o, "slug");
        let name = ctx.text(&o, "name");
        let (description, until) = if with_description {
            (ctx.text(&o, "description"), None)
        } else {
            (None, ctx.date(&o, "until"))
        };
        let (Some(slug), Some(name)) = (slug, name) else {
            continue;
        };
        if !is_slug(&slug) {
            ctx.error_hint(
                "slug",
                &o.child("slug"),
                msg!("slug", text = &slug),
                slug_hint(&slug),
            );
            continue;
        }
        if !seen.insert(slug.clone()) {
            ctx.error_hint(
                "duplicate-slug",
                &o.child("slug"),
                msg!("duplicate-slug.list", slug = &slug),
                msg!("duplicate-slug.list.hint"),
            );
            continue;
        }
        out.push(Item {
            slug,
            name,
            description,
            until,
        });
    }
    out
}

pub fn fields(ctx: &mut Ctx, v: &Value) -> Vec<Field> {
    slug_list(ctx, v, true)
        .into_iter()
        .map(|i| Field {
            slug: i.slug,
            name: i.name,
            description: i.description,
        })
        .collect()
}

pub fn districts(ctx: &mut Ctx, v: &Value) -> Vec<District> {
    slug_list(ctx, v, false)
        .into_iter()
        .map(|i| District {
            slug: i.slug,
            name: i.name,
            until: i.until,
        })
        .collect()
}

pub fn unit(ctx: &mut Ctx, v: &Value) -> Option<Unit> {
    let o = ctx.obj(
        v,
        "",
        &[
            "name",
            "short_name",
            "kind",
            "district",
            "parent",
            "website",
            "until",
            "successor",
        ],
        &["name", "kind"],
    )?;
    let name = ctx.text(&o, "name");
    let short_name = ctx.text(&o, "short_name");
    let kind = ctx.one_of(&o, "kind", UnitKind::parse, UnitKind::NAMES);
    let district = ctx.reference(&o, "district", Target::District);
    let parent = ctx.reference(&o, "parent", Target::Unit);
    let website = ctx.url(&o, "website");
    let until = ctx.date(&o, "until");
    let successor = ctx.reference(&o, "successor", Target::Unit);
    if successor.as_deref() == Some(ctx.file.slug.as_str()) {
        ctx.error_hint(
            "successor",
            "successor",
            msg!("successor.self"),
            msg!("ceased-unit.none"),
        );
    }
    if successor.is_some() && until.is_none() {
        ctx.error_hint(
            "successor",
            "successor",
            msg!("successor.no-until"),
            msg!("successor.no-until.hint"),
        );
    }
    Some(Unit {
        until,
        successor,
        slug: ctx.file.slug.clone(),
        name: name?,
        short_name,
        kind: kind?,
        district,
        parent,
        website,
    })
}

pub fn page(ctx: &mut Ctx, v: &Value) -> Option<Page> {
    let o = ctx.obj(v, "", &["title", "description"], &["title"])?;
    let title = ctx.text(&o, "title")?;
    let description = ctx.text(&o, "description");
    Some(Page {
        slug: ctx.file.slug.clone(),
        title,
        description,
        body: ctx.file.body_text().to_string(),
    })
}

/// A hint showing the slug a text would have.
pub fn slug_hint(s: &str) -> Message {
    let fixed = crate::text::slugify(s);
    if fixed.is_empty() {
        msg!("slug.hint")
    } else {
        msg!("slug.hint-example", slug = fixed)
    }
}

/// The name a badly named entry file should have (`So-Y-Te.yaml` →
/// `so-y-te.yaml`), as a hint.
pub fn rename_hint(file: &SourceFile) -> Message {
    let fixed = crate::text::slugify(&file.slug);
    let ext = file
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if fixed.is_empty() {
        msg!("slug.hint")
    } else {
        msg!("slug.rename", name = format!("{fixed}.{ext}"))
    }
}
