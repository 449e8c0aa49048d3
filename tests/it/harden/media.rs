//! Hardening: media.
