//! Hardening: write.
