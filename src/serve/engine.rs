//! The preview site kept in memory and rebuilt incrementally.
//!
//! The engine holds a [`Session`] opened for edits: an edit re-reads and
//! re-validates only the changed files, then the plan is made again and
//! only the pages whose inputs changed are rendered (`render::fingerprint`,
//! the rule by which `build` keeps pages of the previous site), so the
//! preview and a fresh build give the same bytes.
//!
//! An edit of initiatives that leaves every fact the rules across files
//! read as it was takes the fast path (`Session::edit_fast`): those rules
//! are not run again and the catalogue is not built afresh. Any other
//! edit runs them over the kept per-file results and models again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;

#[cfg(test)]
mod tests;

use super::overlay::Overlay;
use super::watch::{classify, Change};
use crate::load::Kind;
use crate::model::{Catalogue, Publish};
use crate::render::{self, fingerprint, Page, Renderer, Theme};
use crate::session::{self, Mode, Session};
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
    theme_dir: Option<PathBuf>,
    session: Session,
    theme: Theme,
    /// Page path → its inputs' fingerprint, as last rendered.
    inputs: HashMap<String, u128>,
    preview: Arc<Preview>,
    /// Bumped at each rebuild; a search export is kept only if current.
    pub generation: u64,
    log: super::Log,
}

impl Engine {
    /// Loads, checks and renders the whole catalogue. A catalogue with
    /// errors still starts (the preview shows the errors).
    pub fn start(
        content: &Path,
        theme_dir: Option<&Path>,
        publish: Publish,
        log: super::Log,
    ) -> Result<Engine, EngineError> {
        let options = session::Options {
            publish,
            mode: Mode::Edits,
            history: true,
        };
        let session = Session::open(content, options).map_err(|e| EngineError(e.to_string()))?;
        for note in &session.notes {
            log.say(&note.to_string());
        }
        let theme = Theme::for_catalogue(session.root(), theme_dir)
            .map_err(|e| EngineError(e.to_string()))?;
        let mut engine = Engine {
            theme_dir: theme_dir.map(Path::to_path_buf),
            session,
            theme,
            inputs: HashMap::new(),
            preview: Arc::new(Preview::default()),
            generation: 0,
            log,
        };
        engine.show();
        Ok(engine)
    }

    pub fn preview(&self) -> Arc<Preview> {
        self.preview.clone()
    }

    pub fn root(&self) -> &Path {
        self.session.root()
    }

    /// The current catalogue (shared, not copied), for exporting search
    /// files on another thread.
    pub fn catalogue(&self) -> Option<Arc<Catalogue>> {
        self.session.catalogue().cloned()
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
            match classify(self.session.root(), self.theme_dir.as_deref(), p) {
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
            match Theme::for_catalogue(self.session.root(), self.theme_dir.as_deref()) {
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
        let how = if full {
            self.reload();
            "all"
        } else if entries.is_empty() {
            "theme"
        } else if self.errors() == 0 && self.session.edit_fast(&entries) {
            "fast"
        } else if self.session.edit(&entries) {
            self.session.remodel();
            "incremental"
        } else {
            self.reload();
            "all"
        };
        let (pages, ok) = self.show();
        Some(self.report(start, pages, how, ok))
    }

    fn reload(&mut self) {
        if let Err(e) = self.session.reload() {
            self.log.say(&format!("error: {e}"));
        }
        self.session.remodel();
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

    /// Plans the session's catalogue and renders the pages whose inputs
    /// changed, or shows its errors. Returns (pages rendered, success).
    fn show(&mut self) -> (usize, bool) {
        self.generation += 1;
        let mut lap = Lap::new(self.log);
        let Some(catalogue) = self.session.catalogue().cloned() else {
            let overlay = if self.session.has_errors() {
                Overlay::from_diagnostics(self.session.diagnostics(), self.session.loaded())
            } else {
                Overlay::message("site.yaml has no valid settings")
            };
            self.set_overlay(Some(overlay));
            return (0, false);
        };
        let plan = match render::plan(&catalogue, &self.theme) {
            Ok(p) => p,
            Err(e) => {
                self.set_overlay(Some(Overlay::message(&e.to_string())));
                return (0, false);
            }
        };
        lap.mark("plan");
        let inputs = fingerprint::inputs(&catalogue, &self.theme, &plan);
        let todo: Vec<Page> = plan
            .iter()
            .zip(&inputs)
            .filter(|(p, now)| match now {
                Some(now) => self.inputs.get(&p.path) != Some(now),
                None => true,
            })
            .map(|(p, _)| p.clone())
            .collect();
        lap.mark("fingerprint");
        let files = match Renderer::new(&catalogue, &self.theme).render(&todo) {
            Ok(f) => f,
            Err(e) => {
                self.set_overlay(Some(Overlay::message(&e.to_string())));
                return (0, false);
            }
        };
        lap.mark("render");
        let rendered = files.len();
        if let Ok(mut root) = self.preview.root.write() {
            *root = crate::render::paths::site_root(&catalogue.site.base_url);
        }
        let planned: HashSet<&str> = plan.iter().map(|p| p.path.as_str()).collect();
        if let Ok(mut site) = self.preview.files.write() {
            // Search files stay until their new export replaces them.
            site.retain(|p, _| p.starts_with("search-index/") || planned.contains(p.as_str()));
            for f in files {
                site.insert(f.path, body(f.content));
            }
        }
        self.set_overlay(None);
        self.inputs = plan
            .iter()
            .zip(inputs)
            .filter_map(|(p, i)| Some((p.path.clone(), i?)))
            .collect();
        lap.mark("swap");
        lap.print();
        (rendered, true)
    }
}

fn body(c: Content) -> Body {
    match c {
        Content::Bytes(b) => Body::Bytes(Bytes::from(b)),
        Content::CopyOf(p) => Body::File(p),
    }
}

/// Stage times of a rebuild, logged when the log asks for them.
struct Lap {
    log: super::Log,
    on: bool,
    at: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Lap {
    fn new(log: super::Log) -> Lap {
        Lap {
            log,
            on: log.timings,
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
            self.log
                .say(&format!("[serve] stages: {}", parts.join(", ")));
        }
    }
}
