//! The content model's limits, written once: `validate` enforces them,
//! `schema` publishes them, `new` respects them.

/// Longest initiative title, in characters.
pub const TITLE_MAX: usize = 250;
/// Longest summary, in characters.
pub const SUMMARY_MAX: usize = 500;
/// The years a date-less year key (honours, events, exemplary) may take.
pub const YEARS: std::ops::RangeInclusive<i64> = 1945..=2100;
