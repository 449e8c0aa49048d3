//! Stage 3, model: the public catalogue that rendering and search receive.
//!
//! Entry point: [`Catalogue::build`]. This is where drafts are dropped
//! (unless a local preview asks for them); private data never reached
//! these types in the first place.

mod catalogue;
pub mod limits;
mod outcomes;
mod types;

pub use catalogue::{Catalogue, Publish, Validated};
pub use types::*;
