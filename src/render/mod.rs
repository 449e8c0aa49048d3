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
//! - [`render_pages`] (or [`Renderer::render`] / [`Renderer::render_one`]
//!   to reuse the setup) turns pages into [`OutputFile`]s, in parallel
//!   (rayon), in the order given. Catalogue assets come back as
//!   `Content::CopyOf`, except photos (JPEG, PNG, WebP), which come back
//!   as their bytes without metadata ([`crate::media::publish`]). A `Renderer` is cheap to create; it caches each
//!   initiative's card (template `card.html`) for the lists it renders.
//!
//! Templates get small per-page contexts built here (never the catalogue);
//! interface text written `{{ t.key }}` is put into the templates once per
//! language ([`Tr`], `i18n.rs`, the one translation table), and `t` stays
//! available to templates that use it otherwise. Files: `plan.rs` (what to
//! render), `paths.rs` (site paths), `context.rs` (head, cards, template
//! calls), `pages.rs` / `lists.rs` / `stats.rs` / `feeds.rs` (the pages),
//! `format.rs` (dates, numbers, Markdown), `collate.rs` (Vietnamese order),
//! `theme.rs` (templates and static files).
//!
//! Rendering sees only `model::Catalogue`, so it cannot publish private
//! data. Every template value is escaped by tera (autoescape); Markdown is
//! rendered by pulldown-cmark and raw HTML sanitised by ammonia
//! ([`format::markdown`]). Output is a function of the catalogue and the
//! build date (`Catalogue::today`) only.

mod collate;
mod context;
mod departments;
mod feeds;
pub mod fingerprint;
pub mod format;
mod i18n;
mod lists;
pub mod opendata;
mod pages;
pub mod paths;
mod plan;
mod site_root;
mod stats;
mod theme;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::media::Published;
use crate::model::{Catalogue, Level};
use crate::write::{Content, OutputFile};
pub use context::Renderer;
pub use i18n::Tr;
pub use plan::{describe, plan, plan_unchecked, problems, Problem};
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
    /// `/thong-ke/<year>/`: the year's report.
    YearStats(i16),
    /// `/du-lieu/` and its files.
    OpenData,
    DataFile(crate::render::opendata::File),
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
    /// A file of the catalogue's `static/` folder, published as it is.
    RootFile(PathBuf),
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
                | PageKind::YearStats(_)
                | PageKind::OpenData
                | PageKind::DataFile(_)
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
            PageKind::Stats
            | PageKind::YearStats(_)
            | PageKind::OpenData
            | PageKind::Search
            | PageKind::FreePage(_)
            | PageKind::NotFound => 5,
            PageKind::Feed
            | PageKind::FeaturedFeed
            | PageKind::Sitemap(_)
            | PageKind::SitemapIndex(_)
            | PageKind::Robots => 6,
            PageKind::ThemeFile(_)
            | PageKind::Asset(_)
            | PageKind::RootFile(_)
            | PageKind::DataFile(_) => 7,
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
                | PageKind::RootFile(_)
                | PageKind::DataFile(_)
        )
    }
}

#[derive(Debug)]
pub enum RenderError {
    /// A template or theme file could not be read or parsed.
    Theme { file: PathBuf, message: String },
    /// A template failed while rendering a page.
    Template { page: String, message: String },
    /// A file of the catalogue's `static/` folder cannot be published.
    Static { file: PathBuf, message: String },
    /// A catalogue file could not be published (changed since `check`).
    Asset { file: PathBuf, message: String },
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
            RenderError::Static { file, message } => write!(f, "{} {message}", file.display()),
            RenderError::Template { page, message } => {
                write!(f, "cannot render /{page}: {message}")
            }
            RenderError::Asset { file, message } => {
                write!(f, "cannot publish {}: {message}", file.display())
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
                // Photos lose their metadata here, so that `build` and
                // `serve` publish the same cleaned bytes.
                let content = match crate::media::publish(file) {
                    Ok(Published::Copy) => Content::CopyOf(file.clone()),
                    Ok(Published::Bytes(b)) => Content::Bytes(b),
                    Err(message) => {
                        return Err(RenderError::Asset {
                            file: file.clone(),
                            message,
                        })
                    }
                };
                return Ok(OutputFile {
                    path: p.path.clone(),
                    content,
                });
            }
            PageKind::RootFile(file) => {
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
            PageKind::DataFile(f) => crate::render::opendata::bytes(self.c, *f),
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
            PageKind::YearStats(y) => departments::year_stats(self, p, *y),
            PageKind::OpenData => departments::open_data(self, p),
            PageKind::Search => lists::search(self, p),
            PageKind::FreePage(n) => pages::free_page(self, p, *n),
            PageKind::NotFound => pages::not_found(self, p),
            _ => unreachable!("not an HTML page: {:?}", p.kind),
        }
    }
}
