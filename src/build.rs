//! `sangkien build`: the whole pipeline, check → model → render and
//! search → write, with the time of each stage.
//!
//! Entry point: [`build`]. Every `check` rule runs first and errors stop
//! the build before anything is written. Pages are rendered and written
//! in parallel, a chunk at a time, so a big catalogue never has its whole
//! site in memory. The output folder is replaced only when everything
//! succeeded (see `write`).

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::load::LoadError;
use crate::model::{Catalogue, Publish};
use crate::render::{self, PageKind, RenderError, Renderer, Theme};
use crate::session::{self, Mode, Session};
use crate::write::{Content, OutputFile, Staging, Wait, WriteError};

/// Pages rendered and written together (bounds memory, keeps threads busy).
const CHUNK: usize = 128;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The build date: decides featured entries and the dates shown.
    pub today: Date,
    /// Publish drafts too (local preview only).
    pub drafts: bool,
    /// Called once when another build holds the output folder's lock and
    /// this one waits for it (the binary says so on stderr).
    pub on_wait: Option<fn(&Path)>,
    /// Export the search files (the binary turns it off with
    /// `SANGKIEN_SEARCH=off`, for benchmarks of the renderer alone).
    pub search: bool,
    /// Called as each stage ends, with how many of [`STAGES`] are done
    /// and the one that starts: the binary draws a progress bar from it
    /// on a terminal (the library draws nothing).
    pub on_progress: Option<fn(Progress)>,
}

/// Where a build is: `done` of [`STAGES`] stages finished, `next` starting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub next: &'static str,
}

/// The stages a build reports progress for, in order.
pub const STAGES: &[&str] = &[
    "prepare output",
    "theme",
    "check+model+plan",
    "render+write",
    "write search",
    "commit",
];

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            today: crate::check::today(),
            drafts: false,
            on_wait: None,
            search: true,
            on_progress: None,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Warnings found by the checks (errors stop the build). They are
    /// shown without source excerpts: a build log must not quote lines
    /// that may hold private data or drafts (`check` shows them).
    pub diagnostics: Vec<Diagnostic>,
    /// Catalogue files read.
    pub checked_files: usize,
    /// Notes that are not about the catalogue's files (git unreadable).
    pub notes: Vec<crate::messages::Message>,
    /// Files written (pages, feeds, assets, search files).
    pub files: usize,
    /// HTML pages among them.
    pub pages: usize,
    /// Files kept from the previous site without being made again (made
    /// from the same inputs: `render::fingerprint`).
    pub kept: usize,
    /// Bytes generated (copied assets and kept files not counted).
    pub bytes: u64,
    /// Each stage and its time, in order. `render` and `write` are summed
    /// over threads (CPU time); `render+write` is their wall time.
    pub timings: Vec<(&'static str, Duration)>,
}

#[derive(Debug)]
pub enum BuildError {
    /// The catalogue could not be read at all.
    Load(LoadError),
    /// The checks found errors; nothing was written.
    Invalid {
        diagnostics: Vec<Diagnostic>,
        checked_files: usize,
    },
    Render(RenderError),
    Write(WriteError),
    /// The search stage produced a file the renderer also writes.
    Clash(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Load(e) => e.fmt(f),
            BuildError::Invalid { diagnostics, .. } => write!(
                f,
                "the catalogue has {} error(s); nothing was built",
                crate::diag::error_count(diagnostics)
            ),
            BuildError::Render(e) => e.fmt(f),
            BuildError::Write(e) => e.fmt(f),
            BuildError::Clash(p) => write!(f, "two stages would write /{p}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<RenderError> for BuildError {
    fn from(e: RenderError) -> Self {
        BuildError::Render(e)
    }
}

impl From<WriteError> for BuildError {
    fn from(e: WriteError) -> Self {
        BuildError::Write(e)
    }
}

/// A checked catalogue ready to render, with its plan and the warnings
/// found.
#[derive(Debug)]
pub struct Ready {
    pub catalogue: Arc<Catalogue>,
    /// Every file of the site (checked: no two at one path).
    pub plan: Vec<render::Page>,
    pub diagnostics: Vec<Diagnostic>,
    /// Catalogue files read.
    pub checked_files: usize,
    /// Notes that are not about the catalogue's files (git unreadable).
    pub notes: Vec<crate::messages::Message>,
}

/// Checks the catalogue at `content`, builds its public catalogue and
/// plans its site with `theme`; diagnostics come back either way (the
/// plan's problems located like every other, as `check` reports them).
pub fn checked_catalogue(
    content: &Path,
    options: &BuildOptions,
    theme: &Theme,
) -> Result<Ready, BuildError> {
    let session = Session::open(
        content,
        session::Options {
            publish: Publish {
                drafts: options.drafts,
                today: options.today,
            },
            mode: Mode::Once,
            history: true,
        },
    )
    .map_err(BuildError::Load)?;
    let notes = session.notes.clone();
    let (catalogue, loaded, mut diagnostics) = session.into_parts();
    let checked_files = loaded.found;
    let Some(catalogue) = catalogue else {
        return Err(BuildError::Invalid {
            diagnostics,
            checked_files,
        });
    };
    let plan = render::plan_unchecked(&catalogue, theme);
    let problems = crate::check::plan_diagnostics(&catalogue, &plan, &loaded);
    if !problems.is_empty() {
        diagnostics.extend(problems);
        crate::diag::sort(&mut diagnostics);
        return Err(BuildError::Invalid {
            diagnostics,
            checked_files,
        });
    }
    Ok(Ready {
        catalogue,
        plan,
        diagnostics,
        checked_files,
        notes,
    })
}

/// Builds the site of the catalogue at `content` into `out`, with the
/// default theme overridden by `content/theme/` and then `theme`.
pub fn build(
    content: &Path,
    out: &Path,
    theme: Option<&Path>,
    options: &BuildOptions,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let mut timings = Vec::new();
    let mut lap = Instant::now();
    let progress = |done: usize| {
        if let Some(tell) = options.on_progress {
            let next = STAGES.get(done).copied().unwrap_or("");
            tell(Progress { done, next });
        }
    };
    progress(0);
    let mut done = 0;
    let mut stage = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, lap.elapsed()));
        lap = Instant::now();
        done += 1;
        progress(done);
    };

    // First, under the output's lock: finish what a killed build began.
    let on_wait = |out: &Path| {
        if let Some(tell) = options.on_wait {
            tell(out);
        }
    };
    let staging = Staging::begin_with(out, &Wait::Until(&on_wait))?;
    stage("prepare output", &mut timings);
    let theme = Theme::for_catalogue(content, theme)?;
    stage("theme", &mut timings);
    let Ready {
        catalogue,
        plan,
        diagnostics,
        checked_files,
        notes,
    } = checked_catalogue(content, options, &theme)?;
    stage("check+model+plan", &mut timings);

    // Search runs beside planning and rendering: its own stages leave
    // cores idle, and it is the longest stage on big catalogues.
    let renderer = Renderer::new(&catalogue, &theme);
    let (planned, (search_files, search_time)) = std::thread::scope(|scope| {
        let search = scope.spawn(|| {
            let t = Instant::now();
            let files = match options.search {
                true => crate::search::export_catalogue(&catalogue),
                false => Vec::new(),
            };
            (files, t.elapsed())
        });
        let inputs = render::fingerprint::inputs(&catalogue, &theme, &plan);
        let written = render_and_write(&plan, &inputs, &renderer, &staging);
        let search = search
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, search)
    });
    let written = planned?;
    timings.push(("render", written.render));
    for (name, t) in PageKind::GROUPS.iter().zip(&written.groups) {
        timings.push((name, *t));
    }
    timings.push(("write", written.write));
    stage("render+write", &mut timings);
    timings.push(("search (beside)", search_time));

    let planned: HashSet<&str> = plan.iter().map(|p| p.path.as_str()).collect();
    if let Some(f) = search_files
        .iter()
        .find(|f| planned.contains(f.path.as_str()))
    {
        return Err(BuildError::Clash(f.path.clone()));
    }
    let mut bytes = written.bytes;
    for f in &search_files {
        if let Content::Bytes(b) = &f.content {
            bytes += b.len() as u64;
        }
    }
    staging.write(&search_files)?;
    stage("write search", &mut timings);
    staging.commit()?;
    stage("commit", &mut timings);
    timings.push(("total", start.elapsed()));
    Ok(BuildReport {
        diagnostics,
        checked_files,
        notes,
        files: plan.len() + search_files.len(),
        pages: written.pages,
        kept: written.kept,
        bytes,
        timings,
    })
}

/// What rendering and writing the planned pages did.
struct Written {
    /// Pages kept from the previous site (same inputs).
    kept: usize,
    /// Pages rendered.
    pages: usize,
    bytes: u64,
    /// CPU time summed over threads.
    render: Duration,
    groups: Vec<Duration>,
    write: Duration,
}

/// Renders the plan and writes it, a chunk at a time in parallel, so that
/// only a few chunks of the site are in memory at once.
fn render_and_write(
    plan: &[render::Page],
    inputs: &[Option<u128>],
    renderer: &Renderer,
    staging: &Staging,
) -> Result<Written, BuildError> {
    let nanos = |t: Instant| t.elapsed().as_nanos() as u64;
    let render_ns = AtomicU64::new(0);
    let write_ns = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let pages = AtomicUsize::new(0);
    let group_ns: Vec<AtomicU64> = PageKind::GROUPS.iter().map(|_| AtomicU64::new(0)).collect();
    let kept = AtomicUsize::new(0);
    let pages_with_inputs: Vec<(&render::Page, u128)> = plan
        .iter()
        .zip(inputs.iter().chain(std::iter::repeat(&None)))
        .map(|(p, i)| (p, i.unwrap_or(0)))
        .collect();
    pages_with_inputs
        .par_chunks(CHUNK)
        .try_for_each(|chunk| -> Result<(), BuildError> {
            let start = Instant::now();
            let files = chunk
                .iter()
                // A page made from the same inputs as the previous site's
                // is kept as it is (`render::fingerprint`).
                .filter(|(p, inputs)| {
                    let keep = staging.keep(&p.path, *inputs);
                    if keep {
                        kept.fetch_add(1, Ordering::Relaxed);
                        if p.path.ends_with(".html") {
                            pages.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    !keep
                })
                .map(|(p, inputs)| {
                    let t = Instant::now();
                    let f = renderer.render_one(p);
                    group_ns[p.kind.group()].fetch_add(nanos(t), Ordering::Relaxed);
                    f.map(|f| (f, *inputs))
                })
                .collect::<Result<Vec<(OutputFile, u128)>, _>>()?;
            render_ns.fetch_add(nanos(start), Ordering::Relaxed);
            let start = Instant::now();
            for (f, inputs) in &files {
                if let Content::Bytes(b) = &f.content {
                    bytes.fetch_add(b.len() as u64, Ordering::Relaxed);
                    if f.path.ends_with(".html") {
                        pages.fetch_add(1, Ordering::Relaxed);
                    }
                }
                staging.write_made_from(f, *inputs)?;
            }
            write_ns.fetch_add(nanos(start), Ordering::Relaxed);
            Ok(())
        })?;
    Ok(Written {
        kept: kept.into_inner(),
        pages: pages.into_inner(),
        bytes: bytes.into_inner(),
        render: Duration::from_nanos(render_ns.into_inner()),
        groups: group_ns
            .into_iter()
            .map(|n| Duration::from_nanos(n.into_inner()))
            .collect(),
        write: Duration::from_nanos(write_ns.into_inner()),
    })
}
