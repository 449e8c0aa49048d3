//! The rules only the site's plan can tell: two things at one path (an
//! alias on `/robots.txt`, an asset where a page goes), a path no file
//! system takes (a tag too long for a file name). `build` meets them when
//! it plans the site; `check` plans it too, so that every error a build
//! can meet is reported first, at the entry and line that cause it.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::model::Catalogue;
use crate::msg;
use crate::render::{self, ListKind, Page, PageKind, Problem};
use crate::validate::Locator;

/// Located diagnostics for the problems of `pages`, the plan
/// (`render::plan_unchecked`) of the site of `c`.
pub fn diagnostics(c: &Catalogue, pages: &[Page], loaded: &Loaded) -> Vec<Diagnostic> {
    render::problems(pages)
        .iter()
        .map(|p| diagnostic(c, pages, p, loaded))
        .collect()
}

fn diagnostic(c: &Catalogue, pages: &[Page], problem: &Problem, loaded: &Loaded) -> Diagnostic {
    let what = |n: usize| shorten(&render::describe(c, &pages[n]));
    let (at, message, hint) = match *problem {
        Problem::Clash { first, second } => {
            // Blame the side an editor chose (an alias, an asset, a tag).
            let (blamed, other) = if origin(c, &pages[second]).is_some() {
                (second, first)
            } else {
                (first, second)
            };
            let message = msg!(
                "site-path.clash",
                what = what(blamed),
                path = shorten(&pages[blamed].path),
                other = what(other),
            );
            (blamed, message, msg!("site-path.clash.hint"))
        }
        Problem::BadPath { page, why } => (
            page,
            msg!("site-path.bad", what = what(page), why = why),
            msg!("site-path.bad.hint"),
        ),
    };
    match origin(c, &pages[at]) {
        Some((file, key)) => {
            let d = Diagnostic::error("site-path", &file, message).with_hint(hint);
            match key.map(|k| locate(loaded, &file, &k)) {
                Some(Some((line, col))) => d.at(line, col),
                Some(None) => d.at_line(1),
                // A file's name or place, not a line of it.
                None => d,
            }
        }
        None => Diagnostic::error("site-path", "site.yaml", message).with_hint(hint),
    }
}

/// At most 80 characters of `s`, so that a 300-character tag does not
/// fill the screen.
fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The catalogue file (and key path inside it) that put a page at its
/// path, for pages whose path an editor chose.
fn origin(c: &Catalogue, p: &Page) -> Option<(PathBuf, Option<String>)> {
    match &p.kind {
        PageKind::Alias { initiative, alias } => Some((
            c.initiatives[*initiative].source.clone(),
            Some(format!("aliases[{alias}]")),
        )),
        PageKind::FreePage(n) => Some((
            PathBuf::from(format!("pages/{}.md", c.pages[*n].slug)),
            None,
        )),
        PageKind::List {
            list: ListKind::Tag(tag),
            ..
        } => c.initiatives.iter().find_map(|i| {
            let k = i
                .tags
                .iter()
                .position(|t| crate::text::slugify(t) == *tag)?;
            Some((i.source.clone(), Some(format!("tags[{k}]"))))
        }),
        PageKind::Asset(file) => asset_origin(c, file),
        // `static/x` is published as `/x`.
        PageKind::RootFile(_) => Some((PathBuf::from(format!("static/{}", p.path)), None)),
        _ => None,
    }
}

/// The first entry that references the asset `file`.
fn asset_origin(c: &Catalogue, file: &Path) -> Option<(PathBuf, Option<String>)> {
    for i in &c.initiatives {
        if let Some(k) = i.images.iter().position(|img| img.src.file == file) {
            return Some((i.source.clone(), Some(format!("images[{k}].src"))));
        }
        if let Some(k) = i.attachments.iter().position(|a| a.src.file == file) {
            return Some((i.source.clone(), Some(format!("attachments[{k}].src"))));
        }
    }
    c.authors.iter().find_map(|a| {
        let photo = a.profile.as_ref()?.photo.as_ref()?;
        (photo.src.file == file).then(|| {
            (
                PathBuf::from(format!("authors/{}.md", a.slug)),
                Some("photo.src".to_string()),
            )
        })
    })
}

/// File line and column of `key` in the loaded file `path`.
fn locate(loaded: &Loaded, path: &Path, key: &str) -> Option<(u32, u32)> {
    let i = loaded
        .files
        .binary_search_by(|f| f.path.as_path().cmp(path))
        .ok()?;
    let file = &loaded.files[i];
    let (line, col) = Locator::new(file.yaml_text()).find(key)?;
    Some((file.yaml_line + line - 1, col))
}
