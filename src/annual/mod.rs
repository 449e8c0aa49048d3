//! Reports for the departments, from the public catalogue alone: the
//! annual report (Sở Khoa học và Công nghệ) and the commendation list
//! (Sở Nội vụ). Each report is a [`Document`] of [`Table`]s, written as a
//! workbook, Markdown or CSV; the site shows the annual figures at
//! `/thong-ke/<year>/` from the same tables.

pub mod cli;
pub mod commendation;
mod delimited;
pub mod figures;
pub mod labels;
mod markdown;
mod outcomes;
pub mod table;
mod workbook;

use std::path::{Path, PathBuf};

pub use table::{Cell, Table};

use crate::model::Catalogue;

/// A report: a title, a few lines of text, its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub preamble: Vec<String>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Xlsx,
    Csv,
    Md,
}

/// The annual report of `year`.
pub fn annual(c: &Catalogue, year: i32) -> Document {
    Document {
        title: format!("Báo cáo sáng kiến năm {year}"),
        preamble: vec![
            format!("{}. {}.", c.site.publisher, c.site.title),
            format!("Số liệu năm {year}, bên cạnh năm {}.", year - 1),
        ],
        tables: figures::annual(c, year),
    }
}

#[derive(Debug)]
pub enum ReportError {
    Io(PathBuf, std::io::Error),
    Xlsx(rust_xlsxwriter::XlsxError),
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
            ReportError::Xlsx(e) => write!(f, "cannot make the workbook: {e}"),
        }
    }
}

impl std::error::Error for ReportError {}

/// What [`write`] wrote: files, or Markdown for standard output.
pub enum Written {
    Files(Vec<PathBuf>),
    Text(String),
}

/// Writes `doc` as `format` to `out`; without `out`, Markdown is returned
/// as text and the others go to `default_name` (+ `.xlsx`, or a folder).
pub fn write(
    doc: &Document,
    format: Format,
    out: Option<&Path>,
    default_name: &str,
) -> Result<Written, ReportError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| ReportError::Io(p, e)
    };
    match format {
        Format::Md => {
            let text = markdown::render(doc);
            match out {
                Some(p) => {
                    std::fs::write(p, text).map_err(io(p))?;
                    Ok(Written::Files(vec![p.to_path_buf()]))
                }
                None => Ok(Written::Text(text)),
            }
        }
        Format::Xlsx => {
            let p = out.map_or_else(
                || PathBuf::from(format!("{default_name}.xlsx")),
                Path::to_path_buf,
            );
            let bytes = workbook::render(doc).map_err(ReportError::Xlsx)?;
            std::fs::write(&p, bytes).map_err(io(&p))?;
            Ok(Written::Files(vec![p]))
        }
        Format::Csv => {
            let dir = out.map_or_else(|| PathBuf::from(default_name), Path::to_path_buf);
            let files = delimited::write_all(&doc.tables, &dir).map_err(io(&dir))?;
            Ok(Written::Files(files))
        }
    }
}

/// The CSV text of one table (the public page offers the same files).
pub fn csv_of(t: &Table) -> Vec<u8> {
    delimited::render(t).unwrap_or_default()
}

/// The Markdown of a document.
pub fn markdown_of(doc: &Document) -> String {
    markdown::render(doc)
}

/// The workbook of a document.
pub fn xlsx_of(doc: &Document) -> Result<Vec<u8>, ReportError> {
    workbook::render(doc).map_err(ReportError::Xlsx)
}
