//! The preview site kept in memory and rebuilt incrementally.
//!
//! - An edit to an initiative that leaves everything the site's structure
//!   depends on as it was (the usual edit: summary, title, description,
//!   benefits…) takes the fast path: that file alone is read and
//!   validated, its entry replaced in the public catalogue, and only the
//!   pages showing it (its page, the lists, taxonomy pages, author and unit
//!   pages and feeds it appears in, pages listing it as related) are
//!   rendered again, with the home and statistics pages. The rules that
//!   span files cannot change their verdict on such an edit (no
//!   reference, id, slug or alias moved), so they are not run again.
//! - Any other edit re-validates from the per-file results cached here
//!   (only changed files are read again), rebuilds the model and the plan,
//!   and renders the pages whose list of shown initiatives changed or
//!   shows a changed file; site settings, units, authors, fields, the
//!   theme, or an added or removed initiative render the whole site.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;

mod fast;

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

/// What the preview serves, shared with the HTTP handlers. Updated in
/// place (a few pages at a time) under the locks.
#[derive(Debug, Default)]
pub struct Preview {
    /// The last site built without errors.
    pub files: RwLock<SiteFiles>,
    /// The catalogue's errors, when the last rebuild found some.
    pub overlay: RwLock<Option<Arc<Overlay>>>,
    /// The path the site is published under (`render::paths::site_root`
    /// of its `base_url`): the preview serves the site there too, so that
    /// its links and styles resolve.
    pub root: RwLock<String>,
}

impl Preview {
    /// The path the site is served under, e.g. `/sang-kien` (empty at `/`).
    pub fn root(&self) -> String {
        self.root.read().map(|r| r.clone()).unwrap_or_default()
    }
}

/// What one rebuild did, for the log.
#[derive(Debug)]
pub struct Rebuilt {
    pub pages: usize,
    pub how: &'static str,
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
    /// One per `loaded.files`, in the same order.
    results: Vec<FileResult>,
    theme: Theme,
    catalogue: Option<Catalogue>,
    plan: Vec<Page>,
    /// Initiative index → the plan's pages showing it.
    pages_showing: Vec<Vec<u32>>,
    /// Page path → the initiatives it shows, as stable ids of their files.
    shown: HashMap<String, Vec<u32>>,
    ids: HashMap<PathBuf, u32>,
    preview: Arc<Preview>,
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
            plan: Vec::new(),
            pages_showing: Vec::new(),
            shown: HashMap::new(),
            ids: HashMap::new(),
            preview: Arc::new(Preview::default()),
            generation: 0,
        };
        engine.revalidate_all();
        engine.rebuild(true, &[]);
        Ok(engine)
    }

    pub fn preview(&self) -> Arc<Preview> {
        self.preview.clone()
    }

    pub fn root(&self) -> &Path {
        &self.content
    }

    /// A copy of the current catalogue, for exporting search files on
    /// another thread.
    pub fn catalogue(&self) -> Option<Catalogue> {
        self.catalogue.clone()
    }

    /// Replaces all the search files of the site.
    pub fn set_search(&mut self, files: Vec<OutputFile>) {
        if let Ok(mut site) = self.preview.files.write() {
            site.retain(|p, _| !p.starts_with("search-index/"));
            for f in files {
                site.insert(f.path, body(f.content));
            }
        }
    }

    /// Replaces (or adds) these search files, keeping the others.
    pub fn put_search(&mut self, files: Vec<OutputFile>) {
        if let Ok(mut site) = self.preview.files.write() {
            for f in files {
                site.insert(f.path, body(f.content));
            }
        }
    }

    fn set_overlay(&self, overlay: Option<Overlay>) {
        if let Ok(mut o) = self.preview.overlay.write() {
            *o = overlay.map(Arc::new);
        }
    }

    fn errors(&self) -> usize {
        self.preview
            .overlay
            .read()
            .ok()
            .and_then(|o| o.as_ref().map(|o| o.problems.len() + o.more))
            .unwrap_or(0)
    }

    /// Applies the changed paths (absolute, as the watcher saw them).
    /// `None` when nothing the site depends on changed.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Rebuilt> {
        let start = Instant::now();
        let mut full = false;
        let mut theme_changed = false;
        let mut entries: Vec<(PathBuf, Kind)> = Vec::new();
        for p in paths {
            match classify(&self.content, self.theme_dir.as_deref(), p) {
                Change::Ignored => {}
                Change::Theme => theme_changed = true,
                Change::Entry(rel, kind) => entries.push((rel, kind)),
                // Any other file may change what validates (a new image,
                // a misplaced file); an edited asset is checked again too
                // (`media`: its type, an SVG's content) and a photo is
                // published again without its metadata.
                Change::Other(_) => full = true,
            }
        }
        if theme_changed {
            match Theme::for_catalogue(&self.content, self.theme_dir.as_deref()) {
                Ok(t) => self.theme = t,
                Err(e) => {
                    self.generation += 1;
                    self.set_overlay(Some(Overlay::message(&e.to_string())));
                    return Some(self.report(start, 0, "theme error", false));
                }
            }
        }
        if !full && !theme_changed && entries.is_empty() {
            return None;
        }
        if !full && !theme_changed {
            if let Some(pages) = self.try_fast(&entries) {
                return Some(self.report(start, pages, "fast", true));
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
        let (pages, all, ok) = self.rebuild(full || theme_changed || !only_initiatives, &changed);
        Some(self.report(start, pages, if all { "all" } else { "incremental" }, ok))
    }

    fn report(&self, start: Instant, pages: usize, how: &'static str, ok: bool) -> Rebuilt {
        Rebuilt {
            pages,
            how,
            errors: self.errors(),
            took: start.elapsed(),
            search_stale: ok,
        }
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

    /// Checks the catalogue from the cached per-file results and renders
    /// what changed (`changed`: the edited initiative files). Returns
    /// (pages rendered, whether all were, success).
    fn rebuild(&mut self, full: bool, changed: &[PathBuf]) -> (usize, bool, bool) {
        self.generation += 1;
        let mut lap = Lap::new();
        let (mut validated, diagnostics) =
            combine(&self.loaded, self.results.clone(), self.publish.today);
        lap.mark("validate");
        if diagnostics.iter().any(|d| d.is_error()) {
            self.set_overlay(Some(Overlay::from_diagnostics(&diagnostics, &self.loaded)));
            return (0, full, false);
        }
        self.history.apply(&mut validated.initiatives);
        let Some(catalogue) = Catalogue::build(validated, self.publish) else {
            self.set_overlay(Some(Overlay::message("site.yaml has no valid settings")));
            return (0, full, false);
        };
        lap.mark("model");
        let plan = match render::plan(&catalogue, &self.theme) {
            Ok(p) => p,
            Err(e) => {
                self.set_overlay(Some(Overlay::message(&e.to_string())));
                return (0, full, false);
            }
        };
        lap.mark("plan");
        let shown: HashMap<String, Vec<u32>> = plan
            .iter()
            .map(|p| (p.path.clone(), self.identities(&catalogue, &p.shows)))
            .collect();
        let set = |c: &Catalogue| -> HashSet<u32> {
            c.initiatives
                .iter()
                .filter_map(|i| self.ids.get(&i.source).copied())
                .collect()
        };
        let full = full
            || self
                .catalogue
                .as_ref()
                .map_or(true, |old| set(old) != set(&catalogue));
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
        lap.mark("diff");
        let files = match Renderer::new(&catalogue, &self.theme).render(&todo) {
            Ok(f) => f,
            Err(e) => {
                self.set_overlay(Some(Overlay::message(&e.to_string())));
                return (0, full, false);
            }
        };
        lap.mark("render");
        let rendered = files.len();
        if let Ok(mut root) = self.preview.root.write() {
            *root = crate::render::paths::site_root(&catalogue.site.base_url);
        }
        if let Ok(mut site) = self.preview.files.write() {
            // Search files stay until their new export replaces them.
            site.retain(|p, _| p.starts_with("search-index/") || (!full && shown.contains_key(p)));
            for f in files {
                site.insert(f.path, body(f.content));
            }
        }
        self.set_overlay(None);
        let mut pages_showing = vec![Vec::new(); catalogue.initiatives.len()];
        for (n, p) in plan.iter().enumerate() {
            for &i in &p.shows {
                pages_showing[i].push(n as u32);
            }
        }
        self.pages_showing = pages_showing;
        self.plan = plan;
        self.shown = shown;
        self.catalogue = Some(catalogue);
        lap.mark("swap");
        lap.print();
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

/// Stage times of a rebuild, printed when `SANGKIEN_SERVE_TIMINGS` is set.
struct Lap {
    on: bool,
    at: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Lap {
    fn new() -> Lap {
        Lap {
            on: std::env::var_os("SANGKIEN_SERVE_TIMINGS").is_some(),
            at: Instant::now(),
            stages: Vec::new(),
        }
    }

    fn mark(&mut self, stage: &'static str) {
        if self.on {
            self.stages.push((stage, self.at.elapsed()));
            self.at = Instant::now();
        }
    }

    fn print(&self) {
        if self.on {
            let parts: Vec<String> = self
                .stages
                .iter()
                .map(|(s, d)| format!("{s} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("[serve] stages: {}", parts.join(", "));
        }
    }
}
