//! The `sangkien` command line: the one place that turns errors into exit
//! codes and messages (`anyhow` lives only here).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use sangkien::report::{self, Format};

#[derive(Parser)]
#[command(
    name = "sangkien",
    version,
    about = "Static site for a catalogue of recognised initiatives (sáng kiến)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the catalogue and report every problem (exit 1 on errors, 2 if it cannot run).
    Check {
        /// The catalogue folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check only the entries changed since this git revision, and the entries they refer to or that refer to them.
        #[arg(long, value_name = "REF")]
        changed_since: Option<String>,
    },
    /// Search the catalogue like the site's search page does.
    Search(SearchArgs),
    /// Write JSON Schemas for editors' YAML completion (VS Code).
    Schema {
        /// Folder to write the schema files into.
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            content,
            format,
            changed_since,
        } => check(&content, format, changed_since.as_deref()),
        Command::Search(args) => search(args),
        Command::Schema { out } => {
            let written = sangkien::schema::write_all(&out)?;
            for p in written {
                println!("{}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(
    content: &std::path::Path,
    format: Format,
    changed_since: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let mut checked = sangkien::check::check(content, sangkien::check::today())?;
    let checked_files = match changed_since {
        Some(rev) => sangkien::git::narrow_to_changes(&mut checked, rev)?,
        None => checked.loaded.files.len(),
    };
    let source = |p: &std::path::Path| checked.source(p).map(str::to_string);
    let mut out = anstream::stdout().lock();
    report::write(format, &checked.diagnostics, &source, &mut out)?;
    if format == Format::Human {
        writeln!(
            out,
            "{}",
            report::summary(&checked.diagnostics, checked_files)
        )?;
    }
    Ok(if checked.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(clap::Args)]
struct SearchArgs {
    /// Words to find, with or without diacritics; the last may be a prefix.
    query: String,
    /// The catalogue folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Only this field (slug); repeatable.
    #[arg(long)]
    field: Vec<String>,
    /// Only this recognition year; repeatable.
    #[arg(long)]
    year: Vec<String>,
    /// Only this level (grassroots, provincial, national); repeatable.
    #[arg(long)]
    level: Vec<String>,
    /// Only this kind of solution; repeatable.
    #[arg(long)]
    kind: Vec<String>,
    /// Only this unit (slug); repeatable.
    #[arg(long)]
    unit: Vec<String>,
    /// Only this district (slug); repeatable.
    #[arg(long)]
    district: Vec<String>,
    /// Print JSON (results with their cards, and facet counts).
    #[arg(long)]
    json: bool,
    /// How many results to print.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

fn search(a: SearchArgs) -> anyhow::Result<ExitCode> {
    let filters = [
        ("field", a.field),
        ("year", a.year),
        ("level", a.level),
        ("kind", a.kind),
        ("unit", a.unit),
        ("district", a.district),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let request = sangkien::search::command::Request {
        content: a.content,
        query: a.query,
        filters,
        limit: a.limit,
        json: a.json,
    };
    let mut out = std::io::stdout().lock();
    sangkien::search::command::run(&request, &mut out)?;
    Ok(ExitCode::SUCCESS)
}
