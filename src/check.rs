//! `sangkien check`: load and validate, the first two stages together.

use std::path::Path;

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::load::{load, LoadError, Loaded};
use crate::model::{Catalogue, Publish};
use crate::render::{RenderError, Theme};
use crate::validate::{validate, Validated};

mod plan;
pub use plan::diagnostics as plan_diagnostics;

/// A checked catalogue: its entries, every problem found, and the loaded
/// sources (for showing the offending lines).
#[derive(Debug)]
pub struct Checked {
    pub loaded: Loaded,
    pub validated: Validated,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Keeps only the diagnostics of files in scope of the changes since
    /// `rev` (`git::scope`); returns how many catalogue files that scope
    /// covers.
    pub fn narrow_to_changes(&mut self, rev: &str) -> Result<usize, crate::git::GitError> {
        let changed = crate::git::changed_since(&self.loaded.root, rev)?;
        let in_scope = crate::git::scope(&self.validated, &changed);
        let scoped = |p: &Path| in_scope.contains(&crate::diag::display_path(p));
        self.diagnostics.retain(|d| scoped(&d.path));
        Ok(self.loaded.files.iter().filter(|f| scoped(&f.path)).count())
    }

    /// The normalised text of a catalogue file, by relative path.
    pub fn source(&self, path: &Path) -> Option<&str> {
        self.loaded
            .files
            .binary_search_by(|f| f.path.as_path().cmp(path))
            .ok()
            .map(|i| self.loaded.files[i].text.as_str())
    }
}

pub fn check(dir: &Path, today: Date) -> Result<Checked, LoadError> {
    let loaded = load(dir)?;
    let (validated, diagnostics) = validate(&loaded, today);
    Ok(Checked {
        loaded,
        validated,
        diagnostics,
    })
}

/// [`check`], then, when the entries have no errors, the rules of the
/// site's plan and theme that `build` would meet (`plan`), so that `check`
/// passing means `build` can write the site.
pub fn check_site(dir: &Path, today: Date) -> Result<Checked, LoadError> {
    let mut checked = check(dir, today)?;
    if checked.has_errors() {
        return Ok(checked);
    }
    let publish = Publish {
        drafts: false,
        today,
    };
    let theme = Theme::for_catalogue(dir, None);
    let catalogue = Catalogue::build(checked.validated.clone(), publish);
    match (theme, catalogue) {
        (Ok(theme), Some(c)) => {
            let pages = crate::render::plan_unchecked(&c, &theme);
            let found = plan::diagnostics(&c, &pages, &checked.loaded);
            checked.diagnostics.extend(found);
        }
        (Err(e), _) => {
            let path = match &e {
                RenderError::Theme { file, .. } => file.clone(),
                _ => dir.join("theme"),
            };
            checked.diagnostics.push(Diagnostic::error(
                "theme",
                path,
                crate::msg!("theme", detail = e.to_string()),
            ));
        }
        (Ok(_), None) => {}
    }
    crate::diag::sort(&mut checked.diagnostics);
    Ok(checked)
}

/// Today in Vietnam (UTC+7). The binary reads `SANGKIEN_TODAY` and
/// passes its date instead, so that builds can be reproduced on any day.
pub fn today() -> Date {
    let vietnam = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    jiff::Timestamp::now().to_zoned(vietnam).date()
}
