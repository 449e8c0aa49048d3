//! The fast path of the preview (see the parent module): an edit that
//! keeps the site's structure re-renders only the pages showing the entry.

use std::path::PathBuf;

use super::{body, Engine};
use crate::load::{read_file, Kind};
use crate::model::Initiative;
use crate::render::{Page, PageKind, Renderer};
use crate::serve::overlay::Overlay;
use crate::validate::validate_file;

impl Engine {
    /// The fast path (see the module doc): `None`, with nothing changed,
    /// when the edit is not one it can take.
    pub(super) fn try_fast(&mut self, entries: &[(PathBuf, Kind)]) -> Option<usize> {
        let catalogue = self.catalogue.as_ref()?;
        if self.errors() > 0 || !self.preview.overlay.read().is_ok_and(|o| o.is_none()) {
            return None;
        }
        let mut updates = Vec::new();
        for (rel, kind) in entries {
            if !matches!(kind, Kind::Initiative { .. }) {
                return None;
            }
            let at = self.loaded.files.iter().position(|f| &f.path == rel)?;
            let file = read_file(&self.content, rel.clone(), kind.clone())
                .ok()?
                .ok()?;
            let result = validate_file(&file, &self.content, self.publish.today);
            if result.diagnostics().iter().any(|d| d.is_error()) {
                return None;
            }
            let mut new = result.initiative()?.clone();
            let k = catalogue
                .initiatives
                .iter()
                .position(|i| &i.source == rel)?;
            if structure(&catalogue.initiatives[k]) != structure(&new) {
                return None;
            }
            new.history = self.history.of(rel).to_vec();
            updates.push((at, file, result, k, new));
        }
        let mut todo: Vec<u32> = Vec::new();
        let catalogue = self.catalogue.as_mut()?;
        for (at, file, result, k, new) in updates {
            self.loaded.files[at] = file;
            self.results[at] = result;
            catalogue.initiatives[k] = new;
            todo.extend(self.pages_showing.get(k).into_iter().flatten());
        }
        todo.extend(self.plan.iter().enumerate().filter_map(|(n, p)| {
            // Key figures and savings can change with any entry.
            matches!(p.kind, PageKind::Home | PageKind::Stats).then_some(n as u32)
        }));
        todo.sort_unstable();
        todo.dedup();
        let pages: Vec<Page> = todo
            .iter()
            .map(|&n| self.plan[n as usize].clone())
            .collect();
        self.generation += 1;
        let files = match Renderer::new(catalogue, &self.theme).render(&pages) {
            Ok(f) => f,
            Err(e) => {
                self.set_overlay(Some(Overlay::message(&e.to_string())));
                return Some(0);
            }
        };
        let count = files.len();
        if let Ok(mut site) = self.preview.files.write() {
            for f in files {
                site.insert(f.path, body(f.content));
            }
        }
        Some(count)
    }
}

/// What the plan of the site reads from an initiative: where it is listed
/// and in which order, what it links to, which files it publishes. Two
/// versions with the same structure give the same plan.
fn structure(i: &Initiative) -> String {
    serde_json::json!([
        i.slug,
        i.id,
        i.recognition.date,
        i.recognition.body,
        i.field,
        i.unit,
        i.level,
        i.kind,
        i.authors.iter().map(|a| &a.author).collect::<Vec<_>>(),
        i.applied_in,
        i.tags,
        i.aliases,
        i.featured.as_ref().map(|f| (f.from, f.until)),
        i.images.iter().map(|x| &x.src.path).collect::<Vec<_>>(),
        i.attachments
            .iter()
            .map(|x| &x.src.path)
            .collect::<Vec<_>>(),
        i.draft,
    ])
    .to_string()
}
