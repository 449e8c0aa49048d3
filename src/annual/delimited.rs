//! Tables as CSV: one file per table in a folder, UTF-8 with a header
//! row, ISO dates and plain numbers (machines read these).

use std::path::{Path, PathBuf};

use super::table::Table;

/// The CSV text of one table.
pub fn render(t: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&t.headers)?;
    for r in &t.rows {
        w.write_record(r.iter().map(|c| c.display(true)))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Writes `<file>.csv` for every table into `dir` (created if needed).
pub fn write_all(tables: &[Table], dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for t in tables {
        let path = dir.join(format!("{}.csv", t.file));
        let bytes = render(t).map_err(std::io::Error::other)?;
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}
