//! sangkien: a static-site generator for a province's catalogue of
//! recognised initiatives. See ARCHITECTURE.md for the pipeline.
