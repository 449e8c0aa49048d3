//! `sangkien report`: the annual report, and `report commendation`.

use std::path::{Path, PathBuf};

use super::{Format, Written};
use crate::model::Publish;

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub which: Option<Which>,
    #[command(flatten)]
    pub options: Options,
}

#[derive(clap::Subcommand, Debug)]
pub enum Which {
    /// The authors meeting the initiative condition of each emulation title (Law on Emulation and Commendation 2022), with the evidence.
    Commendation(Options),
}

#[derive(clap::Args, Debug, Clone)]
pub struct Options {
    /// The year of the report (required).
    #[arg(long)]
    pub year: Option<i32>,
    /// xlsx: a workbook, one sheet per table; md: Markdown; csv: a folder of files, one per table.
    #[arg(long, value_enum, default_value_t = Format::Xlsx)]
    pub format: Format,
    /// The file (xlsx, md) or folder (csv) to write; without it, Markdown goes to standard output and the others to a name with the year.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The catalogue folder.
    #[arg(long)]
    pub content: Option<PathBuf>,
}

impl ReportArgs {
    /// The options of whichever report was asked for.
    pub fn options(&self) -> &Options {
        match &self.which {
            Some(Which::Commendation(o)) => o,
            None => &self.options,
        }
    }
}

/// What running the report came to.
pub enum Outcome {
    Written(Written),
    /// The catalogue has errors: these diagnostics (the report is not made).
    Invalid(Vec<crate::diag::Diagnostic>),
}

/// Loads the catalogue at `content`, makes the report and writes it.
pub fn run(
    args: &ReportArgs,
    content: &Path,
    today: jiff::civil::Date,
) -> Result<Outcome, Box<dyn std::error::Error + Send + Sync>> {
    let o = args.options();
    let year = o
        .year
        .ok_or("give the year of the report with --year, e.g. --year 2025")?;
    let years = crate::model::limits::YEARS;
    if !years.contains(&i64::from(year)) {
        return Err(format!("--year {year} is outside {}–{}", years.start(), years.end()).into());
    }
    let options = crate::session::Options {
        publish: Publish {
            drafts: false,
            today,
        },
        mode: crate::session::Mode::Once,
        history: false,
    };
    let session = crate::session::Session::open(content, options)?;
    if session.has_errors() {
        return Ok(Outcome::Invalid(session.diagnostics().to_vec()));
    }
    let c = session
        .catalogue()
        .cloned()
        .ok_or("the catalogue has no valid site.yaml")?;
    let (doc, name) = match args.which {
        Some(Which::Commendation(_)) => (
            super::commendation::document(&c, year),
            format!("khen-thuong-{}", year),
        ),
        None => (
            super::annual(&c, year),
            format!("bao-cao-sang-kien-{}", year),
        ),
    };
    Ok(Outcome::Written(super::write(
        &doc,
        o.format,
        o.out.as_deref(),
        &name,
    )?))
}
