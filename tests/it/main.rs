//! The one integration-test binary; a module per capability.

mod browser;
mod build;
mod check;
mod departments;
mod harden;
mod history;
mod layers;
mod scaffold;
mod schema;
mod search;
mod serve;
mod util;
