//! The plan: every file of the site as a [`Page`], with what it shows.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::{context, feeds, pages, paths, ListKind, Page, PageKind, RenderError, Theme};
use crate::model::Catalogue;

/// Every file of the site, in a stable order; the first [`Problem`] (two
/// files at one path, a path no file system takes) is an error.
pub fn plan(c: &Catalogue, theme: &Theme) -> Result<Vec<Page>, RenderError> {
    let pages = plan_unchecked(c, theme);
    match problems(&pages).into_iter().next() {
        None => Ok(pages),
        Some(Problem::Clash { first, second }) => Err(RenderError::PathClash {
            path: pages[second].path.clone(),
            first: describe(c, &pages[first]),
            second: describe(c, &pages[second]),
        }),
        Some(Problem::BadPath { page, why }) => Err(RenderError::PathClash {
            path: pages[page].path.clone(),
            first: describe(c, &pages[page]),
            second: why.to_string(),
        }),
    }
}

/// Every file of the site, in a stable order, problems or not (`check`
/// reports each [`Problem`] at the entry that causes it).
pub fn plan_unchecked(c: &Catalogue, theme: &Theme) -> Vec<Page> {
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
    for y in c.by_year.keys().rev() {
        out.push(page(
            &super::departments::year_path(*y),
            PageKind::YearStats(*y),
            Vec::new(),
        ));
    }
    out.push(page("/du-lieu/", PageKind::OpenData, Vec::new()));
    for f in crate::render::opendata::File::ALL {
        out.push(page(&f.path(), PageKind::DataFile(f), Vec::new()));
    }
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
    for (path, file) in theme.root_files() {
        out.push(page(
            &format!("/{path}"),
            PageKind::RootFile(file.clone()),
            Vec::new(),
        ));
    }
    out
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
pub fn describe(c: &Catalogue, p: &Page) -> String {
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
        PageKind::RootFile(file) => format!("the file {} of static/", file.display()),
        PageKind::List {
            list: ListKind::Tag(t),
            ..
        } => format!(
            "the page of the tag `{}`",
            c.by_tag
                .get(t)
                .map_or(t.as_str(), |(text, _)| text.as_str())
        ),
        _ => format!("the site's own /{}", p.path.trim_end_matches("index.html")),
    }
}

/// Why a planned file cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Pages `first` and `second` (indexes into the plan) want one path,
    /// or `first` is a file where `second` needs a folder.
    Clash { first: usize, second: usize },
    /// Page `page`'s path is refused by [`paths::file_problem`] or lies in
    /// a folder another stage writes.
    BadPath { page: usize, why: &'static str },
}

/// Every problem of a plan, in plan order.
pub fn problems(pages: &[Page]) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(pages.len());
    for (n, p) in pages.iter().enumerate() {
        if let Some(why) = paths::file_problem(&p.path) {
            out.push(Problem::BadPath { page: n, why });
        } else if p
            .path
            .strip_prefix(crate::search::export::DIR)
            .is_some_and(|rest| rest.starts_with('/'))
        {
            out.push(Problem::BadPath {
                page: n,
                why: "the folder of the search index",
            });
        }
        match seen.get(p.path.as_str()) {
            Some(&first) => out.push(Problem::Clash { first, second: n }),
            None => {
                seen.insert(&p.path, n);
            }
        }
    }
    // A file where another page needs a folder (`/feed.xml/` beside
    // `/feed.xml`): the file system cannot hold both.
    for (n, p) in pages.iter().enumerate() {
        for (i, _) in p.path.match_indices('/') {
            if let Some(&file) = seen.get(&p.path[..i]) {
                out.push(Problem::Clash {
                    first: file.min(n),
                    second: file.max(n),
                });
            }
        }
    }
    out
}
