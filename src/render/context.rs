//! What every page shares: the renderer's setup, the `<head>` data (title,
//! description, canonical URL, share cards), breadcrumbs, initiative cards
//! and the template call. Contexts are small JSON objects built per page;
//! the catalogue itself is never copied into them.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};
use tera::Context;

use super::{format, paths, Page, RenderError, Theme, Tr};
use crate::model::{Catalogue, Language};

/// How many of the newest initiatives the home page shows.
pub const LATEST_ON_HOME: usize = 6;

/// Renders pages of one catalogue with one theme. Cheap to create.
pub struct Renderer<'a> {
    pub(crate) c: &'a Catalogue,
    pub(crate) theme: &'a Theme,
    /// The theme's templates in the site's language.
    tera: &'a tera::Tera,
    pub(crate) tr: Tr,
    pub(crate) lang: Language,
    /// The path part of the base URL: "" or e.g. "/sang-kien-kt".
    pub(crate) root: String,
    base: Map<String, Value>,
    /// Each initiative's card as HTML: rendered once, shown on many lists.
    cards: Vec<OnceLock<String>>,
}

/// The `<head>` of a page.
pub(crate) struct Head {
    pub title: String,
    pub description: String,
    /// Site path of the page (its canonical URL is the base URL + this).
    pub path: String,
    pub og_type: &'static str,
    /// Site path and alt text of the share image.
    pub image: Option<(String, String)>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub noindex: bool,
}

impl Head {
    pub fn new(
        title: impl Into<String>,
        description: impl Into<String>,
        path: impl Into<String>,
    ) -> Head {
        Head {
            title: title.into(),
            description: description.into(),
            path: path.into(),
            og_type: "website",
            image: None,
            prev: None,
            next: None,
            noindex: false,
        }
    }
}

/// At most `max` characters, cut at a space, with "…" when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', '.', ';', ':']))
}

impl<'a> Renderer<'a> {
    pub fn new(c: &'a Catalogue, theme: &'a Theme) -> Renderer<'a> {
        let tr = Tr::new(c.site.language);
        let root = paths::site_root(&c.site.base_url);
        let footer_pages: Vec<Value> = c
            .pages
            .iter()
            .map(|p| json!({"href": format!("{root}{}", paths::free_page(&p.slug)), "title": p.title}))
            .collect();
        let lang = c.site.language;
        let mut base = Map::new();
        base.insert(
            "lang".into(),
            json!(if lang == Language::En { "en" } else { "vi" }),
        );
        let (tera, needs_t) = theme.for_language(lang);
        if needs_t {
            base.insert("t".into(), tr.value.clone());
        }
        base.insert(
            "site".into(),
            json!({
                "title": c.site.title,
                "tagline": c.site.tagline,
                "publisher": c.site.publisher,
                "base_url": c.site.base_url,
            }),
        );
        base.insert("root".into(), json!(root));
        base.insert("footer_pages".into(), Value::Array(footer_pages));
        base.insert("build_date".into(), json!(format::date(c.today)));
        Renderer {
            cards: (0..c.initiatives.len())
                .map(|_| Default::default())
                .collect(),
            c,
            theme,
            tera,
            tr,
            lang,
            root,
            base,
        }
    }

    /// A site path as a link inside the site.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// A site path as an absolute URL.
    pub fn abs(&self, path: &str) -> String {
        format!("{}{path}", self.c.site.base_url)
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.tr.get(key)
    }

    /// The shared context plus the head and breadcrumbs of one page.
    /// `crumbs` are (name, site path); the last one is the page itself.
    pub(crate) fn context(
        &self,
        head: Head,
        crumbs: &[(String, Option<String>)],
    ) -> Map<String, Value> {
        let mut m = self.base.clone();
        let site_title = &self.c.site.title;
        let full_title = if head.path == "/" {
            site_title.clone()
        } else {
            format!("{} | {site_title}", head.title)
        };
        let image = head
            .image
            .as_ref()
            .map(|(p, alt)| json!({"url": self.abs(p), "alt": alt}));
        m.insert(
            "head".into(),
            json!({
                "title": full_title,
                "short_title": head.title,
                "description": excerpt(&head.description, 200),
                "canonical": self.abs(&head.path),
                "og_type": head.og_type,
                "image": image,
                "prev": head.prev.map(|p| self.href(&p)),
                "next": head.next.map(|p| self.href(&p)),
                "noindex": head.noindex,
            }),
        );
        if !crumbs.is_empty() {
            let mut list = vec![json!({"name": self.t("home"), "href": self.href("/")})];
            list.extend(crumbs.iter().map(
                |(name, path)| json!({"name": name, "href": path.as_deref().map(|p| self.href(p))}),
            ));
            m.insert("crumbs".into(), Value::Array(list));
        }
        m
    }

    /// Renders template `name` for `page`.
    pub(crate) fn template(
        &self,
        name: &str,
        page: &Page,
        ctx: Map<String, Value>,
    ) -> Result<Vec<u8>, RenderError> {
        self.render_value(name, &page.path, Value::Object(ctx))
    }

    fn render_value(&self, name: &str, what: &str, ctx: Value) -> Result<Vec<u8>, RenderError> {
        let ctx = Context::from_value(ctx).map_err(|e| RenderError::Template {
            page: what.to_string(),
            message: super::tera_message(&e),
        })?;
        // Pages are ~10 KB; cards are small and kept, so they start small.
        let mut out = Vec::with_capacity(if name == "card.html" { 1024 } else { 16 * 1024 });
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|e| RenderError::Template {
                page: what.to_string(),
                message: format!("{name}: {}", super::tera_message(&e)),
            })?;
        Ok(out)
    }

    /// The card of initiative `n` as HTML (template `card.html`, the
    /// inside of a list item; its title is an `<h3>`: every list sits
    /// under an `<h2>`). Rendered once: the same card is on many lists.
    pub(crate) fn card_html(&self, n: usize) -> Result<String, RenderError> {
        let slot = &self.cards[n];
        if let Some(html) = slot.get() {
            return Ok(html.clone());
        }
        let slug = &self.c.initiatives[n].slug;
        let bytes = self.render_value("card.html", slug, json!({"c": self.card(n), "hl": 3}))?;
        // Tera writes what it was given: UTF-8 strings and templates.
        let mut html = String::from_utf8(bytes).map_err(|e| RenderError::Template {
            page: slug.clone(),
            message: e.to_string(),
        })?;
        html.shrink_to_fit();
        Ok(slot.get_or_init(|| html).clone())
    }

    /// Cards as HTML strings for a template's list.
    pub(crate) fn cards(&self, ns: &[usize]) -> Result<Value, RenderError> {
        ns.iter()
            .map(|&n| self.card_html(n).map(Value::String))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    /// A card for lists: the few values a list shows of an initiative.
    pub(crate) fn card(&self, n: usize) -> Value {
        let i = &self.c.initiatives[n];
        let unit = self.c.unit(&i.unit);
        json!({
            "href": self.href(&paths::initiative(&i.slug)),
            "title": i.title,
            "summary": i.summary,
            "id": i.id,
            "date": format::date(i.recognition.date),
            "iso": format::iso(i.recognition.date),
            "field": self.c.field(&i.field).map(|f| f.name.as_str()),
            "level": self.level_label(i.level),
            "unit": unit.map(|u| u.short_name.as_deref().unwrap_or(&u.name)),
            "draft": i.draft.then(|| self.t("draft")),
        })
    }

    pub(crate) fn level_label(&self, l: crate::model::Level) -> &'static str {
        use crate::model::Level;
        self.t(match l {
            Level::Grassroots => "level_grassroots",
            Level::Provincial => "level_provincial",
            Level::National => "level_national",
        })
    }

    pub(crate) fn kind_label(&self, k: crate::model::InitiativeKind) -> &'static str {
        use crate::model::InitiativeKind as K;
        self.t(match k {
            K::Technical => "kind_technical",
            K::Management => "kind_management",
            K::Operational => "kind_operational",
            K::TechnologyApplication => "kind_technology_application",
        })
    }

    /// A link to a unit: (name, href); unknown slugs are shown as written.
    pub(crate) fn unit_link(&self, slug: &str) -> Value {
        match self.c.unit(slug) {
            Some(u) => json!({"name": u.name, "href": self.href(&paths::unit(slug))}),
            None => json!({"name": slug, "href": null}),
        }
    }

    pub(crate) fn number(&self, n: u64) -> String {
        format::number(n, self.lang)
    }

    pub(crate) fn money(&self, n: u64) -> String {
        format::money(n, self.lang)
    }

    /// A redirect page that works without JavaScript: meta refresh, a
    /// canonical link and a plain link.
    pub(crate) fn redirect(&self, to: &str) -> String {
        let abs = escape_attr(&self.abs(to));
        let href = escape_attr(&self.href(to));
        let lang = if self.lang == Language::En {
            "en"
        } else {
            "vi"
        };
        let moved = self.t("moved");
        format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{moved} {abs}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
             <link rel=\"canonical\" href=\"{abs}\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n\
             <body>\n<p>{moved} <a href=\"{href}\">{abs}</a></p>\n</body>\n</html>\n"
        )
    }
}

/// Escapes text for an HTML attribute or element.
pub fn escape_attr(s: &str) -> String {
    let bytes = s.as_bytes();
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let Some(first) = bytes.iter().position(|&b| special(b)) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    let mut start = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}
