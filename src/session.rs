//! The pipeline session: stages 1–3 (load → validate → model) run once
//! and shared by `build`, `serve` and the `search` command.
//!
//! Entry point: [`Session::open`]. A session owns the loaded files, the
//! diagnostics, the git history and the public catalogue, handed out as
//! an `Arc` so that rendering, search export and the preview share one
//! copy. Opened [`Mode::Edits`] (for `serve`), it also keeps each file's
//! validation result, so that an edit re-reads and re-validates only the
//! files that changed ([`Session::edit`]) before the model is made again
//! ([`Session::remodel`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::git::History;
use crate::load::{load, read_file, Kind, LoadError, Loaded};
use crate::messages::Message;
use crate::model::{Catalogue, Publish};
use crate::msg;
use crate::validate::{combine, validate, validate_file, FileResult};

/// What the session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One pass (`build`, `search`): nothing is kept for later edits.
    Once,
    /// Kept across edits (`serve`): per-file results are kept.
    Edits,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub publish: Publish,
    pub mode: Mode,
    /// Read the git history for the pages' change lists (`build`, `serve`).
    pub history: bool,
}

pub struct Session {
    root: PathBuf,
    options: Options,
    loaded: Loaded,
    /// One per `loaded.files`, in the same order (empty in [`Mode::Once`]).
    results: Vec<FileResult>,
    history: History,
    diagnostics: Vec<Diagnostic>,
    catalogue: Option<Arc<Catalogue>>,
    /// Things worth saying that are not about the catalogue's files
    /// (git could not be read); the binary shows them.
    pub notes: Vec<Message>,
}

impl Session {
    /// Loads and validates the catalogue at `content` and, when it has no
    /// errors, builds its public catalogue.
    pub fn open(content: &Path, options: Options) -> Result<Session, LoadError> {
        // git reads the history while the catalogue is loaded and checked.
        let pending = options.history.then(|| History::start(content));
        let loaded = load(content)?;
        let mut session = Session {
            root: loaded.root.clone(),
            options,
            loaded,
            results: Vec::new(),
            history: History::default(),
            diagnostics: Vec::new(),
            catalogue: None,
            notes: Vec::new(),
        };
        if let Some(pending) = pending {
            match pending.wait() {
                Ok(h) => session.history = h.unwrap_or_default(),
                Err(e) => session
                    .notes
                    .push(msg!("git.no-history", detail = e.to_string())),
            }
        }
        match options.mode {
            Mode::Once => {
                let today = options.publish.today;
                let (validated, diagnostics) = validate(&session.loaded, today);
                session.diagnostics = diagnostics;
                session.model(validated);
            }
            Mode::Edits => {
                session.validate_all();
                session.remodel();
            }
        }
        Ok(session)
    }

    /// The catalogue folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The public catalogue; `None` when the entries have errors (or no
    /// valid site settings).
    pub fn catalogue(&self) -> Option<&Arc<Catalogue>> {
        self.catalogue.as_ref()
    }

    /// Takes the session apart: the catalogue, the loaded sources (for
    /// locating problems) and the diagnostics.
    pub fn into_parts(self) -> (Option<Arc<Catalogue>>, Loaded, Vec<Diagnostic>) {
        (self.catalogue, self.loaded, self.diagnostics)
    }

    /// Re-reads the changed entry files (relative paths) in place and
    /// validates them alone ([`Mode::Edits`]); `false` when the change
    /// needs [`Session::reload`] (a root file gone, a file that cannot be
    /// read as an entry). Call [`Session::remodel`] after.
    pub fn edit(&mut self, entries: &[(PathBuf, Kind)]) -> bool {
        if self.options.mode != Mode::Edits {
            return false;
        }
        let today = self.options.publish.today;
        for (rel, kind) in entries {
            let at = self.loaded.files.iter().position(|f| &f.path == rel);
            self.loaded.diagnostics.retain(|d| &d.path != rel);
            if !self.root.join(rel).is_file() {
                if matches!(kind, Kind::Site | Kind::Fields | Kind::Districts) {
                    return false;
                }
                self.forget(at);
                continue;
            }
            let file = match read_file(&self.root, rel.clone(), kind.clone()) {
                Ok(Ok(f)) => f,
                Ok(Err(diag)) => {
                    self.forget(at);
                    self.loaded.diagnostics.push(diag);
                    continue;
                }
                Err(_) => return false,
            };
            let result = validate_file(&file, &self.root, today);
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

    fn forget(&mut self, at: Option<usize>) {
        if let Some(i) = at {
            self.loaded.files.remove(i);
            self.results.remove(i);
        }
    }

    /// Loads every file again and validates each ([`Mode::Edits`]). A
    /// catalogue that cannot be read at all keeps the last files.
    pub fn reload(&mut self) -> Result<(), LoadError> {
        let loaded = load(&self.root);
        let failed = match loaded {
            Ok(l) => {
                self.loaded = l;
                None
            }
            Err(e) => Some(e),
        };
        self.validate_all();
        failed.map_or(Ok(()), Err)
    }

    fn validate_all(&mut self) {
        let (root, today) = (&self.loaded.root, self.options.publish.today);
        self.results = self
            .loaded
            .files
            .par_iter()
            .map(|f| validate_file(f, root, today))
            .collect();
    }

    /// Runs the rules that span files over the kept per-file results and
    /// builds the catalogue again ([`Mode::Edits`]).
    pub fn remodel(&mut self) {
        if self.options.mode != Mode::Edits {
            return;
        }
        let today = self.options.publish.today;
        let (validated, diagnostics) = combine(&self.loaded, self.results.clone(), today);
        self.diagnostics = diagnostics;
        self.model(validated);
    }

    fn model(&mut self, mut validated: crate::validate::Validated) {
        self.catalogue = None;
        if self.has_errors() {
            return;
        }
        self.history.apply(&mut validated.initiatives);
        self.catalogue = Catalogue::build(validated, self.options.publish).map(Arc::new);
    }

    /// The fast path of an edit of initiative files (relative paths):
    /// each is read and validated alone and, when it has no error and
    /// gives the rules that span files the same facts as before
    /// (`FileResult::same_cross_file_facts`), put into the catalogue
    /// without those rules being run again. `false`, with nothing
    /// changed, when an edit is not one it can take.
    pub fn edit_fast(&mut self, entries: &[(PathBuf, Kind)]) -> bool {
        if self.options.mode != Mode::Edits {
            return false;
        }
        let today = self.options.publish.today;
        let mut accepted = Vec::new();
        for (rel, kind) in entries {
            if !matches!(kind, Kind::Initiative { .. }) || self.catalogue.is_none() {
                return false;
            }
            let Some(at) = self.loaded.files.iter().position(|f| &f.path == rel) else {
                return false;
            };
            let Ok(Ok(file)) = read_file(&self.root, rel.clone(), kind.clone()) else {
                return false;
            };
            let result = validate_file(&file, &self.root, today);
            let clean = !result.diagnostics().iter().any(Diagnostic::is_error);
            if !clean || !self.results[at].same_cross_file_facts(&result) {
                return false;
            }
            let Some(mut initiative) = result.initiative().cloned() else {
                return false;
            };
            initiative.history = self.history.of(rel).to_vec();
            accepted.push((at, file, result, initiative));
        }
        let Some(shared) = self.catalogue.as_ref() else {
            return false;
        };
        let mut catalogue = Catalogue::clone(shared);
        for (_, _, _, initiative) in &accepted {
            if !catalogue.replace(initiative.clone()) {
                return false;
            }
        }
        for (at, file, result, _) in accepted {
            self.loaded.files[at] = file;
            self.results[at] = result;
        }
        self.catalogue = Some(Arc::new(catalogue));
        true
    }
}
