//! The `sangkien` command line: the one place that turns errors into exit
//! codes and messages (`anyhow` lives only here).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use sangkien::messages::{self, Lang};
use sangkien::msg;
use sangkien::report::{self, Format, View};

#[path = "cli/help.rs"]
mod help;
#[path = "cli/progress.rs"]
mod progress;

// The pipeline allocates many small strings from several threads at once
// (tokens, paths, template output); glibc's allocator took a quarter of a
// 10k build's CPU time in a profile, mimalloc a fraction of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sangkien",
    version,
    about = "Static site for a catalogue of recognised initiatives (sáng kiến)"
)]
struct Cli {
    /// Language of messages and help: vi (default) or en; also
    /// SANGKIEN_LANG, or `language:` in site.yaml.
    #[arg(long, global = true, value_parser = ["vi", "en"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Preview the site while editing: build into memory, serve on loopback, rebuild and reload on every save.
    Serve(ServeArgs),
    /// Start a new entry with every key ready to fill; never overwrites a file.
    New(NewArgs),
    /// Create a new catalogue repository (examples, editor settings, CI) in DIR.
    Init {
        /// The folder to create (must be new or empty).
        dir: PathBuf,
    },
    /// Check the catalogue and report every problem (exit 1 on errors, 2 if it cannot run).
    Check {
        /// The catalogue folder.
        /// The catalogue folder (default: ./content, this folder, or the
        /// nearest parent holding a site.yaml).
        #[arg(long)]
        content: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Check only the entries changed since this git revision, and the entries they refer to or that refer to them.
        #[arg(long, value_name = "REF")]
        changed_since: Option<String>,
        /// Skip the comparison of texts that finds near-copies of other entries.
        #[arg(long)]
        no_copies: bool,
    },
    /// Build the static site (runs every check first; exit 1 on errors, 2 if it cannot build).
    Build(BuildArgs),
    /// Search the catalogue like the site's search page does.
    Search(SearchArgs),
    /// Reports for the departments: the year's report (xlsx, md, csv), or `report commendation`.
    Report(sangkien::annual::cli::ReportArgs),
    /// Write JSON Schemas for editors' YAML completion (VS Code).
    Schema {
        /// Folder to write the schema files into.
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
}

/// "Today" for the date rules: `SANGKIEN_TODAY` (YYYY-MM-DD) when set and
/// not empty, else the date in Vietnam. A value that is not a date stops
/// the command: ignoring it would build with the wrong day.
fn today() -> anyhow::Result<jiff::civil::Date> {
    match std::env::var_os("SANGKIEN_TODAY") {
        Some(v) if !v.is_empty() => v
            .to_str()
            .and_then(sangkien::validate::parse_date)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}",
                    msg!("cli.today", value = format!("{:?}", v.to_string_lossy()))
                )
            }),
        _ => Ok(sangkien::check::today()),
    }
}

/// The catalogue folder: `--content` when given; else `./content` when it
/// holds a `site.yaml`, else this folder, else the nearest parent folder
/// that holds one (or whose `content/` does), as git finds its repository.
fn catalogue(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let found = find_catalogue(given)?;
    follow_site_language(&found);
    Ok(found)
}

/// Without `--lang` or `SANGKIEN_LANG`, messages follow the catalogue's
/// `language:` in site.yaml.
fn follow_site_language(content: &std::path::Path) {
    if explicit_lang().is_some() {
        return;
    }
    let Ok(text) = std::fs::read_to_string(content.join("site.yaml")) else {
        return;
    };
    let value: Option<serde_yaml::Value> = serde_yaml::from_str(&text).ok();
    if let Some(lang) = value
        .as_ref()
        .and_then(|v| v.get("language"))
        .and_then(|l| l.as_str())
        .and_then(messages::parse_lang)
    {
        messages::set_lang(lang);
    }
}

/// The language asked for before parsing (the help is made in it):
/// `--lang X` or `--lang=X` among the arguments, else `SANGKIEN_LANG`.
fn explicit_lang() -> Option<Lang> {
    let args: Vec<String> = std::env::args().collect();
    let from_args = args.iter().enumerate().find_map(|(i, a)| {
        if a == "--lang" {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix("--lang=")
        }
    });
    from_args.and_then(messages::parse_lang).or_else(|| {
        std::env::var("SANGKIEN_LANG")
            .ok()
            .as_deref()
            .and_then(messages::parse_lang)
    })
}

fn find_catalogue(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let here = std::env::current_dir()?;
    for dir in here.ancestors() {
        for candidate in [dir.join("content"), dir.to_path_buf()] {
            if candidate.join("site.yaml").is_file() {
                // Shown relative when it is below here, as the user would type it.
                let shown = candidate
                    .strip_prefix(&here)
                    .map_or(candidate.clone(), |rel| {
                        if rel.as_os_str().is_empty() {
                            PathBuf::from(".")
                        } else {
                            rel.to_path_buf()
                        }
                    });
                return Ok(shown);
            }
        }
    }
    anyhow::bail!("{}", msg!("cli.no-catalogue"))
}

fn main() -> ExitCode {
    let lang = explicit_lang().unwrap_or(Lang::Vi);
    messages::set_lang(lang);
    let matches = help::localize(Cli::command(), lang).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Printable: an error may quote a file name with a newline in it.
            eprintln!(
                "{}: {}",
                messages::get("severity-error", messages::lang()),
                sangkien::diag::printable(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// How diagnostics are shown here: the chosen language, and the
/// terminal's width when stdout is one.
fn view() -> View {
    View {
        lang: messages::lang(),
        width: progress::terminal_width().unwrap_or(View::default().width),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::New(args) => new_entry(args),
        Command::Init { dir } => init(&dir),
        Command::Check {
            content,
            format,
            changed_since,
            no_copies,
        } => check(
            &catalogue(content)?,
            format.into(),
            changed_since.as_deref(),
            !no_copies,
        ),
        Command::Build(args) => build(args),
        Command::Search(args) => search(args),
        Command::Report(args) => department_report(&args),
        Command::Schema { out } => {
            let written = sangkien::schema::write_all(&out)?;
            for p in written {
                println!("{}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--format` of `check` (the library's `report::Format` knows no clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

fn check(
    content: &std::path::Path,
    format: Format,
    changed_since: Option<&str>,
    copies: bool,
) -> anyhow::Result<ExitCode> {
    let mut checked = sangkien::check::check_site(content, today()?)?;
    if copies {
        // Near-copies of another entry's text (warnings; cached in .git/sangkien/).
        let found = sangkien::copies::diagnostics(&checked.loaded, &checked.validated);
        checked.diagnostics.extend(found);
        sangkien::diag::sort(&mut checked.diagnostics);
    }
    // Every entry file found counts, read or not.
    let checked_files = match changed_since {
        Some(rev) => checked.narrow_to_changes(rev)?,
        None => checked.loaded.found,
    };
    let source = |p: &std::path::Path| checked.source(p).map(str::to_string);
    let mut out = anstream::stdout().lock();
    report::print_check(
        format,
        &checked.diagnostics,
        &source,
        checked_files,
        view(),
        &mut out,
    )?;
    let failed = checked.has_errors();
    // The process ends here: freeing a large catalogue string by string
    // would take longer than the rest of the check.
    std::mem::forget(checked);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn department_report(args: &sangkien::annual::cli::ReportArgs) -> anyhow::Result<ExitCode> {
    use sangkien::annual::{cli, Written};
    let content = catalogue(args.options().content.clone())?;
    match cli::run(args, &content, today()?).map_err(|e| anyhow::anyhow!(e))? {
        cli::Outcome::Invalid(diags) => {
            report::write(
                Format::Human,
                &diags,
                &|_| None,
                view(),
                &mut anstream::stderr().lock(),
            )?;
            eprintln!("{}", msg!("cli.report-invalid"));
            Ok(ExitCode::from(1))
        }
        cli::Outcome::Written(Written::Text(text)) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        cli::Outcome::Written(Written::Files(files)) => {
            for f in files {
                println!("{}", f.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(clap::Args)]
struct SearchArgs {
    /// Words to find, with or without diacritics; the last may be a prefix.
    query: String,
    /// The catalogue folder.
    #[arg(long)]
    content: Option<PathBuf>,
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
        content: catalogue(a.content)?,
        query: a.query,
        filters,
        limit: a.limit,
        json: a.json,
        today: today()?,
    };
    let mut out = std::io::stdout().lock();
    match sangkien::search::command::run(&request, &mut out) {
        // A reader that stops early (`| head`) is not an error.
        Err(sangkien::search::SearchError::Io(_, e))
            if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => {
            other?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The catalogue folder.
    #[arg(long)]
    content: Option<PathBuf>,
    /// The site folder to (re)place; refused if it holds files sangkien did not write.
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// A theme folder (templates/, static/) overriding the default theme.
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Print the time of each stage.
    #[arg(long)]
    timings: bool,
}

fn build(a: BuildArgs) -> anyhow::Result<ExitCode> {
    use sangkien::build::{BuildError, BuildOptions};
    let options = BuildOptions {
        today: today()?,
        on_wait: Some(|out| {
            progress::hide();
            eprintln!("{}", msg!("cli.waiting", out = out.display().to_string()))
        }),
        search: std::env::var("SANGKIEN_SEARCH").map_or(true, |v| v != "off"),
        on_progress: progress::enabled().then_some(progress::show as fn(_)),
        ..BuildOptions::default()
    };
    // No source excerpts in a build log: the lines may hold private data
    // or drafts (`sangkien check` shows them to the editor).
    let print_diags = |diags: &[sangkien::diag::Diagnostic]| -> std::io::Result<()> {
        let mut err = anstream::stderr().lock();
        report::write(Format::Human, diags, &|_| None, view(), &mut err)
    };
    let content = catalogue(a.content)?;
    let built = sangkien::build::build(&content, &a.out, a.theme.as_deref(), &options);
    progress::hide();
    match built {
        Ok(r) => {
            print_diags(&r.diagnostics)?;
            for note in &r.notes {
                eprintln!("{note}");
            }
            println!(
                "{}",
                msg!(
                    "cli.built",
                    files = r.files,
                    pages = r.pages,
                    mb = format!("{:.1}", r.bytes as f64 / 1e6),
                    kept = r.kept,
                    out = a.out.display().to_string()
                )
            );
            if a.timings {
                for (stage, t) in &r.timings {
                    println!("  {stage:<16} {:>9.1} ms", t.as_secs_f64() * 1000.0);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(BuildError::Invalid {
            diagnostics,
            checked_files,
        }) => {
            print_diags(&diagnostics)?;
            eprintln!(
                "{}",
                report::summary(&diagnostics, checked_files, messages::lang())
            );
            eprintln!("{}", msg!("cli.not-built"));
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(clap::Args)]
struct NewArgs {
    /// The catalogue folder.
    #[arg(long, global = true)]
    content: Option<PathBuf>,
    #[command(subcommand)]
    what: NewWhat,
}

#[derive(Subcommand)]
enum NewWhat {
    /// initiatives/<year>/<slug>.md with the next free id of the year (a draft until filled in).
    Initiative {
        /// The initiative's title (tên sáng kiến).
        #[arg(long)]
        title: String,
        /// Field slug (fields.yaml).
        #[arg(long)]
        field: Option<String>,
        /// Unit slug (units/).
        #[arg(long)]
        unit: Option<String>,
        /// Recognition year (default: this year).
        #[arg(long)]
        year: Option<i16>,
        /// Author slug (authors/); repeat for several authors.
        #[arg(long = "author")]
        authors: Vec<String>,
    },
    /// authors/<slug>.md for a person.
    Author {
        /// Full name as written, e.g. "Nguyễn Thị Hoa".
        name: String,
        /// Unit slug (nơi công tác).
        #[arg(long)]
        unit: Option<String>,
    },
    /// units/<slug>.yaml for an organisation.
    Unit {
        /// Full name, e.g. "Sở Y tế tỉnh Kon Tum".
        name: String,
        /// department, district, commune, school, hospital, enterprise, association or other.
        #[arg(long)]
        kind: Option<String>,
        /// District slug (districts.yaml).
        #[arg(long)]
        district: Option<String>,
    },
}

fn new_entry(a: NewArgs) -> anyhow::Result<ExitCode> {
    use sangkien::scaffold;
    let today = today()?;
    let content = catalogue(a.content)?;
    let created = match a.what {
        NewWhat::Initiative {
            title,
            field,
            unit,
            year,
            authors,
        } => {
            let req = scaffold::NewInitiative {
                title,
                field,
                unit,
                year,
                authors,
            };
            scaffold::new_initiative(&content, &req, today)?
        }
        NewWhat::Author { name, unit } => {
            scaffold::new_author(&content, &name, unit.as_deref(), today)?
        }
        NewWhat::Unit {
            name,
            kind,
            district,
        } => scaffold::new_unit(&content, &name, kind.as_deref(), district.as_deref(), today)?,
    };
    println!("{}", content.join(&created.path).display());
    for note in &created.notes {
        eprintln!(
            "{}: {note}",
            messages::get("severity-note", messages::lang())
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn init(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let written = sangkien::scaffold::init(dir)?;
    for p in &written {
        println!("{}", dir.join(p).display());
    }
    eprintln!("{}", msg!("cli.init-done", dir = dir.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The catalogue folder.
    #[arg(long)]
    content: Option<PathBuf>,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:1111")]
    bind: std::net::SocketAddr,
    /// Show drafts too (marked as drafts).
    #[arg(long)]
    drafts: bool,
    /// A theme folder (templates/, static/) overriding the default theme.
    #[arg(long)]
    theme: Option<PathBuf>,
}

fn serve(a: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = sangkien::serve::ServeOptions {
        content: catalogue(a.content)?,
        theme: a.theme,
        bind: a.bind,
        drafts: a.drafts,
        today: today()?,
        log: sangkien::serve::Log {
            line: |l| eprintln!("{l}"),
            timings: std::env::var_os("SANGKIEN_SERVE_TIMINGS").is_some(),
        },
    };
    sangkien::serve::serve(&options)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument has its help in the catalogue, in both
    /// languages (the doc comments above are never what users read).
    #[test]
    fn every_help_text_is_in_the_catalogue() {
        let ids = help::ids(&Cli::command());
        assert!(ids.len() > 40, "{ids:?}");
        let missing: Vec<(&String, Lang)> = ids
            .iter()
            .flat_map(|id| [(id, Lang::Vi), (id, Lang::En)])
            .filter(|(id, lang)| messages::get_dynamic(id, *lang).is_none())
            .collect();
        assert!(missing.is_empty(), "helps missing: {missing:?}");
        // The localised tree is one clap accepts.
        help::localize(Cli::command(), Lang::Vi).debug_assert();
        help::localize(Cli::command(), Lang::En).debug_assert();
    }
}
