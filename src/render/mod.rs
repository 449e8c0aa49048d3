//! Stage 4, render: the public catalogue as the files of a static site.
//!
//! The API is split so that a dev server can re-render only what an edit
//! affects:
//!
//! - [`Theme::for_catalogue`] parses the templates once (default theme,
//!   overridden by the catalogue's `theme/` and a `--theme` folder).
//! - [`plan`] lists every file of the site as a [`Page`]: its output path,
//!   what it is ([`PageKind`]) and which initiatives it shows
//!   ([`Page::shows`], indexes into `Catalogue::initiatives`). Pages whose
//!   [`PageKind::is_global`] is true (home, lists of everything, statistics,
//!   feeds, sitemap) depend on the whole catalogue. Two pages with the same
//!   output path are an error ([`RenderError::PathClash`]).
//! - [`render_pages`] (or [`Renderer::render`] to reuse the setup) turns
//!   a slice of pages into [`OutputFile`]s, in parallel (rayon), in the
//!   order given. Catalogue assets come back as `Content::CopyOf`.
//!
//! Rendering sees only `model::Catalogue`, so it cannot publish private
//! data. Every template value is escaped by tera (autoescape); Markdown is
//! rendered by pulldown-cmark and raw HTML sanitised by ammonia
//! ([`format::markdown`]). Output is a function of the catalogue and the
//! build date (`Catalogue::today`) only.

mod collate;
mod context;
mod feeds;
pub mod format;
mod i18n;
mod lists;
mod pages;
mod stats;
mod theme;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::model::{Catalogue, Level};
use crate::write::{Content, OutputFile};
pub use context::Renderer;
pub use i18n::Tr;
pub use theme::Theme;

/// One file of the site to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Output path inside the site, e.g. `sang-kien/abc/index.html`.
    pub path: String,
    pub kind: PageKind,
    /// Initiatives (indexes into `Catalogue::initiatives`) shown on it.
    pub shows: Vec<usize>,
}

/// A paginated list of initiatives, newest recognition first.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    All,
    Field(String),
    Year(i16),
    Level(Level),
    District(String),
    /// By the tag's slug.
    Tag(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Page `page` (1-based) of a list.
    List {
        list: ListKind,
        page: usize,
    },
    Initiative(usize),
    /// `/s/<id>/`.
    ShortLink(usize),
    /// `aliases[alias]` of an initiative.
    Alias {
        initiative: usize,
        alias: usize,
    },
    Authors,
    /// By index into `Catalogue::authors`.
    Author(usize),
    Exemplary,
    Units,
    /// By index into `Catalogue::units`.
    Unit(usize),
    Stats,
    Search,
    /// By index into `Catalogue::pages`.
    FreePage(usize),
    NotFound,
    Feed,
    FeaturedFeed,
    /// A sitemap of these site paths.
    Sitemap(std::sync::Arc<[String]>),
    /// A sitemap index of these sitemap files (site paths); used when the
    /// site has more URLs than one sitemap may hold.
    SitemapIndex(Vec<String>),
    Robots,
    /// A theme static file (`assets/<name>`).
    ThemeFile(String),
    /// A catalogue file referenced by an entry, published at its path.
    Asset(PathBuf),
}

impl PageKind {
    /// Whether the page depends on the whole catalogue rather than on the
    /// initiatives it lists in `shows`.
    pub fn is_global(&self) -> bool {
        matches!(
            self,
            PageKind::Home
                | PageKind::List {
                    list: ListKind::All,
                    ..
                }
                | PageKind::Stats
                | PageKind::Search
                | PageKind::Authors
                | PageKind::Units
                | PageKind::Exemplary
                | PageKind::Feed
                | PageKind::FeaturedFeed
                | PageKind::Sitemap(_)
                | PageKind::SitemapIndex(_)
        )
    }

    /// Groups of pages, for `build --timings`.
    pub const GROUPS: &'static [&'static str] = &[
        "  home, lists",
        "  initiatives",
        "  redirects",
        "  authors",
        "  units",
        "  other pages",
        "  feeds, sitemap",
        "  files",
    ];

    /// Index of the page's group in [`PageKind::GROUPS`].
    pub fn group(&self) -> usize {
        match self {
            PageKind::Home | PageKind::List { .. } => 0,
            PageKind::Initiative(_) => 1,
            PageKind::ShortLink(_) | PageKind::Alias { .. } => 2,
            PageKind::Authors | PageKind::Author(_) | PageKind::Exemplary => 3,
            PageKind::Units | PageKind::Unit(_) => 4,
            PageKind::Stats | PageKind::Search | PageKind::FreePage(_) | PageKind::NotFound => 5,
            PageKind::Feed
            | PageKind::FeaturedFeed
            | PageKind::Sitemap(_)
            | PageKind::SitemapIndex(_)
            | PageKind::Robots => 6,
            PageKind::ThemeFile(_) | PageKind::Asset(_) => 7,
        }
    }

    /// HTML pages listed in the sitemap (not redirects, 404 or files).
    pub fn in_sitemap(&self) -> bool {
        !matches!(
            self,
            PageKind::ShortLink(_)
                | PageKind::Alias { .. }
                | PageKind::NotFound
                | PageKind::Feed
                | PageKind::FeaturedFeed
                | PageKind::Sitemap(_)
                | PageKind::SitemapIndex(_)
                | PageKind::Robots
                | PageKind::ThemeFile(_)
                | PageKind::Asset(_)
        )
    }
}

#[derive(Debug)]
pub enum RenderError {
    /// A template or theme file could not be read or parsed.
    Theme { file: PathBuf, message: String },
    /// A template failed while rendering a page.
    Template { page: String, message: String },
    /// Two things want the same output path.
    PathClash {
        path: String,
        first: String,
        second: String,
    },
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Theme { file, message } => {
                write!(f, "theme {}: {message}", file.display())
            }
            RenderError::Template { page, message } => {
                write!(f, "cannot render /{page}: {message}")
            }
            RenderError::PathClash {
                path,
                first,
                second,
            } => write!(
                f,
                "two things would be written to /{path}: {first}, and {second}; \
                 rename one of them"
            ),
        }
    }
}

impl std::error::Error for RenderError {}

/// A tera error with its causes (tera's own message is only the outer one).
pub(crate) fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Site paths (root-relative, before the base URL's own path).
pub mod paths {
    use crate::model::Level;

    pub fn initiative(slug: &str) -> String {
        format!("/sang-kien/{slug}/")
    }
    pub fn short(id: &str) -> String {
        format!("/s/{id}/")
    }
    pub fn author(slug: &str) -> String {
        format!("/tac-gia/{slug}/")
    }
    pub fn unit(slug: &str) -> String {
        format!("/don-vi/{slug}/")
    }
    pub fn field(slug: &str) -> String {
        format!("/linh-vuc/{slug}/")
    }
    pub fn year(y: i16) -> String {
        format!("/nam/{y}/")
    }
    pub fn level(l: Level) -> String {
        format!("/cap/{}/", l.as_str())
    }
    pub fn district(slug: &str) -> String {
        format!("/dia-ban/{slug}/")
    }
    /// The page of a tag, by its text.
    pub fn tag(text: &str) -> String {
        tag_slug(&crate::text::slugify(text))
    }
    pub fn tag_slug(slug: &str) -> String {
        format!("/the/{slug}/")
    }
    pub fn free_page(slug: &str) -> String {
        format!("/{slug}/")
    }
    /// Page `n` of a list whose first page is at `first`.
    pub fn list_page(first: &str, n: usize) -> String {
        if n <= 1 {
            first.to_string()
        } else {
            format!("{first}trang/{n}/")
        }
    }
    /// The file that serves a site path: `/a/` → `a/index.html`.
    pub fn file_of(path: &str) -> String {
        let p = path.trim_start_matches('/');
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        }
    }
}

impl ListKind {
    /// The site path of the list's first page.
    pub fn first_path(&self) -> String {
        match self {
            ListKind::All => "/sang-kien/".into(),
            ListKind::Field(s) => paths::field(s),
            ListKind::Year(y) => paths::year(*y),
            ListKind::Level(l) => paths::level(*l),
            ListKind::District(s) => paths::district(s),
            ListKind::Tag(s) => paths::tag_slug(s),
        }
    }

    /// How many initiatives the list has.
    pub fn len(&self, c: &Catalogue) -> usize {
        match self {
            ListKind::All => c.initiatives.len(),
            _ => self.members(c).len(),
        }
    }

    /// The initiatives of the list, newest first.
    pub fn members<'c>(&self, c: &'c Catalogue) -> std::borrow::Cow<'c, [usize]> {
        use std::borrow::Cow;
        let empty: &[usize] = &[];
        match self {
            ListKind::All => Cow::Owned((0..c.initiatives.len()).collect()),
            ListKind::Field(s) => Cow::Borrowed(c.by_field.get(s).map_or(empty, |v| v)),
            ListKind::Year(y) => Cow::Borrowed(c.by_year.get(y).map_or(empty, |v| v)),
            ListKind::Level(l) => Cow::Borrowed(c.by_level.get(l).map_or(empty, |v| v)),
            ListKind::District(s) => Cow::Borrowed(c.by_district.get(s).map_or(empty, |v| v)),
            ListKind::Tag(s) => Cow::Borrowed(c.by_tag.get(s).map_or(empty, |v| &v.1)),
        }
    }
}

/// Every file of the site, in a stable order.
pub fn plan(c: &Catalogue, theme: &Theme) -> Result<Vec<Page>, RenderError> {
    let mut out: Vec<Page> = Vec::new();
    let page = |path: &str, kind: PageKind, shows: Vec<usize>| Page {
        path: paths::file_of(path),
        kind,
        shows,
    };
    let featured: Vec<usize> = (0..c.initiatives.len())
        .filter(|&i| {
            c.initiatives[i]
                .featured
                .as_ref()
                .is_some_and(|f| f.is_active(c.today))
        })
        .collect();
    let mut home_shows = featured;
    home_shows.extend(0..c.initiatives.len().min(context::LATEST_ON_HOME));
    home_shows.sort_unstable();
    home_shows.dedup();
    out.push(page("/", PageKind::Home, home_shows));

    let mut lists = vec![ListKind::All];
    lists.extend(c.fields.iter().map(|f| ListKind::Field(f.slug.clone())));
    lists.extend(c.by_year.keys().rev().map(|y| ListKind::Year(*y)));
    lists.extend(c.by_level.keys().map(|l| ListKind::Level(*l)));
    lists.extend(
        c.districts
            .iter()
            .map(|d| ListKind::District(d.slug.clone())),
    );
    lists.extend(c.by_tag.keys().map(|t| ListKind::Tag(t.clone())));
    let per_page = c.site.per_page.max(1);
    for list in lists {
        let members = list.members(c);
        let pages = members.len().div_ceil(per_page).max(1);
        let first = list.first_path();
        for n in 1..=pages {
            let shows = members
                .iter()
                .skip((n - 1) * per_page)
                .take(per_page)
                .copied()
                .collect();
            out.push(page(
                &paths::list_page(&first, n),
                PageKind::List {
                    list: list.clone(),
                    page: n,
                },
                shows,
            ));
        }
    }

    for (n, i) in c.initiatives.iter().enumerate() {
        let mut shows = vec![n];
        shows.extend(pages::related(c, n));
        out.push(page(
            &paths::initiative(&i.slug),
            PageKind::Initiative(n),
            shows,
        ));
        out.push(page(&paths::short(&i.id), PageKind::ShortLink(n), vec![n]));
        for (a, alias) in i.aliases.iter().enumerate() {
            out.push(page(
                alias,
                PageKind::Alias {
                    initiative: n,
                    alias: a,
                },
                vec![n],
            ));
        }
    }
    out.push(page("/tac-gia/", PageKind::Authors, Vec::new()));
    for (n, a) in c.authors.iter().enumerate() {
        let shows = c.by_author.get(&a.slug).cloned().unwrap_or_default();
        out.push(page(&paths::author(&a.slug), PageKind::Author(n), shows));
    }
    out.push(page("/dien-hinh/", PageKind::Exemplary, Vec::new()));
    out.push(page("/don-vi/", PageKind::Units, Vec::new()));
    for (n, u) in c.units.iter().enumerate() {
        let mut shows = c.by_unit.get(&u.slug).cloned().unwrap_or_default();
        shows.extend(c.applied_in_unit.get(&u.slug).into_iter().flatten());
        out.push(page(&paths::unit(&u.slug), PageKind::Unit(n), shows));
    }
    out.push(page("/thong-ke/", PageKind::Stats, Vec::new()));
    out.push(page("/tim-kiem/", PageKind::Search, Vec::new()));
    for (n, p) in c.pages.iter().enumerate() {
        out.push(page(
            &paths::free_page(&p.slug),
            PageKind::FreePage(n),
            Vec::new(),
        ));
    }
    out.push(page("/404.html", PageKind::NotFound, Vec::new()));
    out.push(page(
        "/feed.xml",
        PageKind::Feed,
        (0..c.initiatives.len().min(feeds::FEED_SIZE)).collect(),
    ));
    out.push(page(
        "/noi-bat/feed.xml",
        PageKind::FeaturedFeed,
        feeds::featured_entries(c),
    ));
    out.push(page("/robots.txt", PageKind::Robots, Vec::new()));
    let urls: Vec<String> = out
        .iter()
        .filter(|p| p.kind.in_sitemap())
        .map(|p| url_of(&p.path))
        .collect();
    if urls.len() <= feeds::SITEMAP_SIZE {
        out.push(page(
            "/sitemap.xml",
            PageKind::Sitemap(urls.into()),
            Vec::new(),
        ));
    } else {
        let mut parts = Vec::new();
        for (n, chunk) in urls.chunks(feeds::SITEMAP_SIZE).enumerate() {
            let path = format!("/sitemap-{}.xml", n + 1);
            out.push(page(
                &path,
                PageKind::Sitemap(chunk.to_vec().into()),
                Vec::new(),
            ));
            parts.push(path);
        }
        out.push(page(
            "/sitemap.xml",
            PageKind::SitemapIndex(parts),
            Vec::new(),
        ));
    }
    for name in theme.static_names() {
        out.push(page(
            &format!("/assets/{name}"),
            PageKind::ThemeFile(name.to_string()),
            Vec::new(),
        ));
    }
    for (path, file) in referenced_assets(c) {
        out.push(page(&format!("/{path}"), PageKind::Asset(file), Vec::new()));
    }
    check_clashes(c, &out)?;
    Ok(out)
}

/// The site path served by an output file: `a/index.html` → `/a/`.
fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// Catalogue files that published entries reference, by site path.
fn referenced_assets(c: &Catalogue) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for i in &c.initiatives {
        for img in &i.images {
            out.insert(img.src.path.clone(), img.src.file.clone());
        }
        for a in &i.attachments {
            out.insert(a.src.path.clone(), a.src.file.clone());
        }
    }
    for a in &c.authors {
        if let Some(photo) = a.profile.as_ref().and_then(|p| p.photo.as_ref()) {
            out.insert(photo.src.path.clone(), photo.src.file.clone());
        }
    }
    out
}

/// What a page is, for an editor reading an error.
fn describe(c: &Catalogue, p: &Page) -> String {
    match &p.kind {
        PageKind::Alias { initiative, alias } => {
            let i = &c.initiatives[*initiative];
            format!(
                "the alias `{}` of {}",
                i.aliases[*alias],
                i.source.display()
            )
        }
        PageKind::Initiative(n) => format!("the page of {}", c.initiatives[*n].source.display()),
        PageKind::FreePage(n) => format!("the free page pages/{}.md", c.pages[*n].slug),
        PageKind::Asset(file) => format!("the file {}", file.display()),
        PageKind::ThemeFile(name) => format!("the theme file static/{name}"),
        _ => "a page the site always has".to_string(),
    }
}

fn check_clashes(c: &Catalogue, pages: &[Page]) -> Result<(), RenderError> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(pages.len());
    for (n, p) in pages.iter().enumerate() {
        if let Some(&first) = seen.get(p.path.as_str()) {
            return Err(RenderError::PathClash {
                path: p.path.clone(),
                first: describe(c, &pages[first]),
                second: describe(c, p),
            });
        }
        seen.insert(&p.path, n);
    }
    Ok(())
}

/// Renders `pages` (see [`Renderer::render`]).
pub fn render_pages(
    c: &Catalogue,
    theme: &Theme,
    pages: &[Page],
) -> Result<Vec<OutputFile>, RenderError> {
    Renderer::new(c, theme).render(pages)
}

impl Renderer<'_> {
    /// Renders pages in parallel; the result has one file per page, in order.
    pub fn render(&self, pages: &[Page]) -> Result<Vec<OutputFile>, RenderError> {
        pages.par_iter().map(|p| self.render_one(p)).collect()
    }

    /// Renders one page.
    pub fn render_one(&self, p: &Page) -> Result<OutputFile, RenderError> {
        let bytes: Vec<u8> = match &p.kind {
            PageKind::ThemeFile(name) => {
                return self
                    .theme
                    .static_file(name)
                    .ok_or_else(|| RenderError::Theme {
                        file: PathBuf::from(name),
                        message: "no such static file".into(),
                    })
            }
            PageKind::Asset(file) => {
                return Ok(OutputFile {
                    path: p.path.clone(),
                    content: Content::CopyOf(file.clone()),
                })
            }
            PageKind::Feed => feeds::feed(self, p, false).into_bytes(),
            PageKind::FeaturedFeed => feeds::feed(self, p, true).into_bytes(),
            PageKind::Sitemap(urls) => feeds::sitemap(self, urls).into_bytes(),
            PageKind::SitemapIndex(parts) => feeds::sitemap_index(self, parts).into_bytes(),
            PageKind::Robots => feeds::robots(self).into_bytes(),
            _ => self.html(p)?,
        };
        Ok(OutputFile {
            path: p.path.clone(),
            content: Content::Bytes(bytes),
        })
    }

    fn html(&self, p: &Page) -> Result<Vec<u8>, RenderError> {
        match &p.kind {
            PageKind::Home => lists::home(self, p),
            PageKind::List { list, page } => lists::list(self, p, list, *page),
            PageKind::Initiative(n) => pages::initiative(self, p, *n),
            PageKind::ShortLink(n) => Ok(self
                .redirect(&paths::initiative(&self.c.initiatives[*n].slug))
                .into_bytes()),
            PageKind::Alias { initiative, .. } => Ok(self
                .redirect(&paths::initiative(&self.c.initiatives[*initiative].slug))
                .into_bytes()),
            PageKind::Authors => lists::authors(self, p),
            PageKind::Author(n) => pages::author(self, p, *n),
            PageKind::Exemplary => lists::exemplary(self, p),
            PageKind::Units => lists::units(self, p),
            PageKind::Unit(n) => pages::unit(self, p, *n),
            PageKind::Stats => stats::stats(self, p),
            PageKind::Search => lists::search(self, p),
            PageKind::FreePage(n) => pages::free_page(self, p, *n),
            PageKind::NotFound => pages::not_found(self, p),
            _ => unreachable!("not an HTML page: {:?}", p.kind),
        }
    }
}
