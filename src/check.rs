//! `sangkien check`: load and validate, the first two stages together.

use std::path::Path;

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::load::{load, LoadError, Loaded};
use crate::validate::{validate, Validated};

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

/// Today in Vietnam (UTC+7), or `SANGKIEN_TODAY` (YYYY-MM-DD) when set,
/// so that builds and tests can be reproduced on any day.
pub fn today() -> Date {
    if let Some(d) = std::env::var("SANGKIEN_TODAY")
        .ok()
        .and_then(|s| s.parse::<Date>().ok())
    {
        return d;
    }
    let vietnam = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    jiff::Timestamp::now().to_zoned(vietnam).date()
}
