//! The one integration-test binary; a module per capability.

mod browser;
mod search;
mod build;
mod check;
mod schema;
mod serve;
mod scaffold;
mod history;
mod util;
