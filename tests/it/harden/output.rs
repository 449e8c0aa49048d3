//! Hardening: output.
