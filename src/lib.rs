//! sangkien: a static-site generator for a province's catalogue of
//! recognised initiatives. The pipeline, one module a stage:
//!
//! load → validate → model → render and search → write
//!
//! See ARCHITECTURE.md for the map and the invariants.

pub mod annual;
pub mod build;
pub mod check;
pub mod copies;
pub mod diag;
pub mod git;
pub mod load;
pub mod media;
pub mod messages;
pub mod model;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod session;
pub mod synthetic;
pub mod text;
pub mod validate;
pub mod write;
