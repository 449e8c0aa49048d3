//! Hardening (issue 10): hostile input, private photos, active content,
//! the write stage. One module per area, each with its regression fixtures
//! generated in the test where a file cannot be committed (FIFO, symlink,
//! deep nesting).

mod input;
mod media;
mod output;
mod write;
