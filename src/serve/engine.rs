//! The preview site kept in memory, rebuilt incrementally: an edit to an
//! initiative re-reads and re-validates that file only, rebuilds the
//! public model, and re-renders only the pages whose content can have
//! changed (its page, the lists, taxonomy pages and feeds it appears in,
//! the pages showing it as related, and the few pages about the whole
//! catalogue). Anything else (site settings, units, authors, fields, the
//! theme, an added or deleted initiative) re-renders the whole site.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::overlay::Overlay;
use super::watch::{classify, Change};
use crate::git::History;
use crate::load::{load, read_file, Kind, Loaded};
use crate::model::{Catalogue, Publish};
use crate::render::{self, Page, PageKind, Renderer, Theme};
use crate::validate::{combine, validate_file, FileResult};
use crate::write::{Content, OutputFile};

/// One file of the served site.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Bytes),
    /// A catalogue or theme file, read from disk at each request (so an
    /// edited image shows at once).
    File(PathBuf),
}

pub type SiteFiles = HashMap<String, Body>;

/// What the preview shows.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The last site built without errors.
    pub files: Arc<SiteFiles>,
    /// The catalogue's errors, when the last rebuild found some.
    pub overlay: Option<Arc<Overlay>>,
}

/// What one rebuild did, for the log.
#[derive(Debug)]
pub struct Rebuilt {
    pub pages: usize,
    pub full: bool,
    pub errors: usize,
    pub took: Duration,
    /// Search files must be exported again (done off the rebuild path).
    pub search_stale: bool,
}

#[derive(Debug)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct Engine {
    content: PathBuf,
    theme_dir: Option<PathBuf>,
    publish: Publish,
    history: History,
    loaded: Loaded,
    results: Vec<FileResult>,
    theme: Theme,
    catalogue: Option<Arc<Catalogue>>,
    /// Page path → the initiatives it shows, as stable ids of their files.
    shown: HashMap<String, Vec<u32>>,
    ids: HashMap<PathBuf, u32>,
    preview: Preview,
    /// Bumped at each rebuild; a search export is kept only if current.
    pub generation: u64,
}

impl Engine {
    /// Loads, checks and renders the whole catalogue. A catalogue with
    /// errors still starts (the preview shows the errors).
    pub fn start(
        content: &Path,
        theme_dir: Option<&Path>,
        publish: Publish,
    ) -> Result<Engine, EngineError> {
        let loaded = load(content).map_err(|e| EngineError(e.to_string()))?;
        let theme = Theme::for_catalogue(&loaded.root, theme_dir)
            .map_err(|e| EngineError(e.to_string()))?;
        let history = History::read(&loaded.root)
            .unwrap_or_else(|e| {
                eprintln!("note: no git history: {e}");
                None
            })
            .unwrap_or_default();
        let mut engine = Engine {
            content: loaded.root.clone(),
            theme_dir: theme_dir.map(Path::to_path_buf),
            publish,
            history,
            results: Vec::new(),
            loaded,
            theme,
            catalogue: None,
            shown: HashMap::new(),
            ids: HashMap::new(),
            preview: Preview {
                files: Arc::new(HashMap::new()),
                overlay: None,
            },
            generation: 0,
        };
        engine.revalidate_all();
        engine.rebuild(true, &[]);
        Ok(engine)
    }

    pub fn preview(&self) -> Preview {
        self.preview.clone()
    }

    pub fn root(&self) -> &Path {
        &self.content
    }

    /// The catalogue of the current site, for exporting search files.
    pub fn catalogue(&self) -> Option<Arc<Catalogue>> {
        self.catalogue.clone()
    }

    /// Replaces the search files of the site (exported elsewhere from
    /// the catalogue of `generation`); ignored if the site moved on.
    pub fn set_search(&mut self, generation: u64, files: Vec<OutputFile>) -> bool {
        if generation != self.generation {
            return false;
        }
        let mut site: SiteFiles = (*self.preview.files).clone();
        site.retain(|p, _| !p.starts_with("search-index/"));
        for f in files {
            site.insert(f.path, body(f.content));
        }
        self.preview.files = Arc::new(site);
        true
    }

    /// Applies the changed paths (absolute, as the watcher saw them).
    /// `None` when nothing the site depends on changed.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Rebuilt> {
        let start = Instant::now();
        let mut full = false;
        let mut entries: Vec<(PathBuf, Kind)> = Vec::new();
        let mut served_file_edited = false;
        for p in paths {
            match classify(&self.content, self.theme_dir.as_deref(), p) {
                Change::Ignored => {}
                Change::Theme => full = true,
                Change::Entry(rel, kind) => entries.push((rel, kind)),
                Change::Other(rel) => {
                    // An edited asset already published is read from disk
                    // at each request; anything else may change what
                    // validates (a new image, a misplaced file).
                    let served = self
                        .preview
                        .files
                        .contains_key(&crate::diag::display_path(&rel));
                    if served && p.is_file() {
                        served_file_edited = true;
                    } else {
                        full = true;
                    }
                }
            }
        }
        if !full && entries.is_empty() {
            // Only files read at each request changed: reload the tabs.
            return served_file_edited.then(|| self.report(start, 0, false, false));
        }
        let theme_changed = paths.iter().any(|p| {
            matches!(
                classify(&self.content, self.theme_dir.as_deref(), p),
                Change::Theme
            )
        });
        if theme_changed {
            match Theme::for_catalogue(&self.content, self.theme_dir.as_deref()) {
                Ok(t) => self.theme = t,
                Err(e) => {
                    self.preview.overlay = Some(Arc::new(Overlay::message(&e.to_string())));
                    self.generation += 1;
                    return Some(self.report(start, 0, true, false));
                }
            }
        }
        let only_initiatives = entries
            .iter()
            .all(|(_, k)| matches!(k, Kind::Initiative { .. }));
        if full || !self.update_files(&entries) {
            self.revalidate_all();
            full = true;
        }
        let changed: Vec<PathBuf> = entries.into_iter().map(|(rel, _)| rel).collect();
        Some(self.rebuild_timed(start, full || !only_initiatives, &changed))
    }

    /// Re-reads the changed entry files in place; `false` when the change
    /// needs a full reload (a root file gone, a file that cannot be read
    /// as an entry).
    fn update_files(&mut self, entries: &[(PathBuf, Kind)]) -> bool {
        for (rel, kind) in entries {
            let at = self.loaded.files.iter().position(|f| &f.path == rel);
            self.loaded.diagnostics.retain(|d| &d.path != rel);
            if !self.content.join(rel).is_file() {
                if matches!(kind, Kind::Site | Kind::Fields | Kind::Districts) {
                    return false;
                }
                if let Some(i) = at {
                    self.loaded.files.remove(i);
                    self.results.remove(i);
                }
                continue;
            }
            let file = match read_file(&self.content, rel.clone(), kind.clone()) {
                Ok(Ok(f)) => f,
                Ok(Err(diag)) => {
                    if let Some(i) = at {
                        self.loaded.files.remove(i);
                        self.results.remove(i);
                    }
                    self.loaded.diagnostics.push(diag);
                    continue;
                }
                Err(_) => return false,
            };
            let result = validate_file(&file, &self.content, self.publish.today);
            match at {
                Some(i) => {
                    self.loaded.files[i] = file;
                    self.results[i] = result;
                }
                None => {
                    let i = self.loaded.files.partition_point(|f| f.path < *rel);
                    self.loaded.files.insert(i, file);
                    self.results.insert(i, result);
                }
            }
        }
        true
    }

    fn revalidate_all(&mut self) {
        match load(&self.content) {
            Ok(loaded) => self.loaded = loaded,
            Err(e) => eprintln!("error: {e}"),
        }
        let (root, today) = (&self.loaded.root, self.publish.today);
        use rayon::prelude::*;
        self.results = self
            .loaded
            .files
            .par_iter()
            .map(|f| validate_file(f, root, today))
            .collect();
    }

    fn rebuild_timed(&mut self, start: Instant, full: bool, changed: &[PathBuf]) -> Rebuilt {
        let (pages, full, ok) = self.rebuild(full, changed);
        self.report(start, pages, full, ok)
    }

    fn report(&self, start: Instant, pages: usize, full: bool, ok: bool) -> Rebuilt {
        Rebuilt {
            pages,
            full,
            errors: self
                .preview
                .overlay
                .as_ref()
                .map_or(0, |o| o.problems.len()),
            took: start.elapsed(),
            search_stale: ok,
        }
    }

    /// Checks the catalogue from the cached per-file results and renders
    /// what changed (`changed`: the edited initiative files). Returns
    /// (pages rendered, whether all were, success).
    fn rebuild(&mut self, full: bool, changed: &[PathBuf]) -> (usize, bool, bool) {
        self.generation += 1;
        let (mut validated, diagnostics) =
            combine(&self.loaded, self.results.clone(), self.publish.today);
        if diagnostics.iter().any(|d| d.is_error()) {
            self.preview.overlay = Some(Arc::new(Overlay::from_diagnostics(
                &diagnostics,
                &self.loaded,
            )));
            return (0, full, false);
        }
        self.history.apply(&mut validated.initiatives);
        let Some(catalogue) = Catalogue::build(validated, self.publish) else {
            self.preview.overlay = Some(Arc::new(Overlay::message(
                "site.yaml has no valid settings",
            )));
            return (0, full, false);
        };
        let plan = match render::plan(&catalogue, &self.theme) {
            Ok(p) => p,
            Err(e) => {
                self.preview.overlay = Some(Arc::new(Overlay::message(&e.to_string())));
                return (0, full, false);
            }
        };
        let shown: HashMap<String, Vec<u32>> = plan
            .iter()
            .map(|p| (p.path.clone(), self.identities(&catalogue, &p.shows)))
            .collect();
        let old_set: HashSet<u32> = self
            .catalogue
            .as_ref()
            .map(|c| {
                c.initiatives
                    .iter()
                    .filter_map(|i| self.ids.get(&i.source).copied())
                    .collect()
            })
            .unwrap_or_default();
        let new_set: HashSet<u32> = catalogue
            .initiatives
            .iter()
            .filter_map(|i| self.ids.get(&i.source).copied())
            .collect();
        let full = full || self.catalogue.is_none() || old_set != new_set;
        let changed: HashSet<u32> = changed
            .iter()
            .filter_map(|p| self.ids.get(p).copied())
            .collect();
        let todo: Vec<Page> = plan
            .iter()
            .filter(|p| {
                full || always_rendered(&p.kind)
                    || self.shown.get(&p.path) != shown.get(&p.path)
                    || shown[&p.path].iter().any(|id| changed.contains(id))
            })
            .cloned()
            .collect();
        let files = match Renderer::new(&catalogue, &self.theme).render(&todo) {
            Ok(f) => f,
            Err(e) => {
                self.preview.overlay = Some(Arc::new(Overlay::message(&e.to_string())));
                return (0, full, false);
            }
        };
        let mut site: SiteFiles = if full {
            // Search files stay until their new export replaces them.
            self.preview
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("search-index/"))
                .map(|(p, b)| (p.clone(), b.clone()))
                .collect()
        } else {
            let mut s = (*self.preview.files).clone();
            s.retain(|p, _| shown.contains_key(p) || p.starts_with("search-index/"));
            s
        };
        let rendered = files.len();
        for f in files {
            site.insert(f.path, body(f.content));
        }
        self.preview = Preview {
            files: Arc::new(site),
            overlay: None,
        };
        self.shown = shown;
        self.catalogue = Some(Arc::new(catalogue));
        (rendered, full, true)
    }

    /// Stable ids of the files of the initiatives at `shows`.
    fn identities(&mut self, c: &Catalogue, shows: &[usize]) -> Vec<u32> {
        shows
            .iter()
            .map(|&i| {
                let next = self.ids.len() as u32;
                *self
                    .ids
                    .entry(c.initiatives[i].source.clone())
                    .or_insert(next)
            })
            .collect()
    }
}

/// Pages about the whole catalogue (counts, featured, latest, sitemap),
/// rendered at every rebuild. Lists of every initiative are not among
/// them: their pages are compared like any list's.
fn always_rendered(kind: &PageKind) -> bool {
    kind.is_global() && !matches!(kind, PageKind::List { .. })
}

fn body(c: Content) -> Body {
    match c {
        Content::Bytes(b) => Body::Bytes(Bytes::from(b)),
        Content::CopyOf(p) => Body::File(p),
    }
}
