//! `sangkien serve`: a live preview for editors. The catalogue is built
//! into memory and served on loopback; the catalogue and the theme are
//! watched, an edit rebuilds only what it affects ([`engine`]) and open
//! tabs reload themselves (server-sent events). When the catalogue has
//! errors, pages show them in an overlay while the last good site stays
//! served. Nothing of this (script, overlay) is ever in `build` output.

mod engine;
mod http;
mod overlay;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

use jiff::civil::Date;
use tokio::sync::broadcast;

pub use http::site_path;

use crate::model::{Catalogue, Publish};
use crate::search::live::Live;
use crate::write::OutputFile;
use engine::Engine;
use http::Shared;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub content: PathBuf,
    /// A theme folder overriding the default theme (watched too).
    pub theme: Option<PathBuf>,
    pub bind: SocketAddr,
    /// Show drafts (marked as drafts by the theme).
    pub drafts: bool,
    pub today: Date,
    /// Where the preview's log lines go (the binary: stderr).
    pub log: Log,
}

/// The preview's log: each line, and whether to add the stage times of
/// each rebuild (the binary reads `SANGKIEN_SERVE_TIMINGS`).
#[derive(Debug, Clone, Copy)]
pub struct Log {
    pub line: fn(&str),
    pub timings: bool,
}

impl Log {
    /// A log that says nothing (tests).
    pub const SILENT: Log = Log {
        line: |_| {},
        timings: false,
    };

    fn say(&self, text: &str) {
        (self.line)(text)
    }
}

#[derive(Debug)]
pub struct ServeError(pub String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

fn err(what: &str, e: impl std::fmt::Display) -> ServeError {
    ServeError(format!("{what}: {e}"))
}

enum Msg {
    Changed(Vec<PathBuf>),
    /// A full export finished (for the catalogue of that generation).
    Search(u64, Box<Live>, Vec<OutputFile>),
}

/// Builds, serves and watches until interrupted (Ctrl-C).
pub fn serve(opts: &ServeOptions) -> Result<(), ServeError> {
    let start = Instant::now();
    let publish = Publish {
        drafts: opts.drafts,
        today: opts.today,
    };
    let mut engine = Engine::start(&opts.content, opts.theme.as_deref(), publish, opts.log)
        .map_err(|e| err("cannot start", e))?;
    let live = engine.catalogue().map(|c| {
        let (live, files) = Live::new(c);
        engine.set_search(files);
        live
    });
    let preview = engine.preview();
    let files = preview.files.read().map_or(0, |f| f.len());
    let errors = preview
        .overlay
        .read()
        .ok()
        .and_then(|o| o.as_ref().map(|o| o.problems.len() + o.more));
    opts.log.say(&format!(
        "[serve] built {files} files in {} ms{}",
        start.elapsed().as_millis(),
        match errors {
            Some(n) => format!("; the catalogue has {n} error(s)"),
            None => String::new(),
        }
    ));
    let (reload, _) = broadcast::channel(64);
    let shared = Arc::new(Shared { preview, reload });

    let (tx, rx) = mpsc::channel::<Msg>();
    let mut dirs: Vec<PathBuf> = vec![engine.root().to_path_buf()];
    if let Some(t) = &opts.theme {
        dirs.push(t.clone());
    }
    let watch_tx = tx.clone();
    let dir_refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let _watcher = watch::watch(&dir_refs, move |paths| {
        let _ = watch_tx.send(Msg::Changed(paths));
    })
    .map_err(|e| err("cannot watch the catalogue", e))?;

    let loop_shared = shared.clone();
    let log = opts.log;
    std::thread::spawn(move || rebuild_loop(engine, live, rx, tx, loop_shared, log));

    if !opts.bind.ip().is_loopback() {
        opts.log.say(&format!(
            "warning: serving on {}, not only on this computer",
            opts.bind
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| err("cannot start the server", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.bind)
            .await
            .map_err(|e| err(&format!("cannot listen on {}", opts.bind), e))?;
        let addr = listener.local_addr().map_err(|e| err("no address", e))?;
        // The first line of standard output: tests and scripts read it.
        println!("serving http://{addr}{}/", shared.preview.root());
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, http::router(shared))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| err("server failed", e))
    })
}

/// Applies changes one burst at a time. Search files are then updated
/// where the change touched them (`search::live`); when the entries
/// themselves changed, they are exported afresh on another thread (that
/// takes longer than pages) and swapped in when done.
fn rebuild_loop(
    mut engine: Engine,
    mut live: Option<Live>,
    rx: mpsc::Receiver<Msg>,
    tx: mpsc::Sender<Msg>,
    shared: Arc<Shared>,
    log: Log,
) {
    let mut search_pending = false;
    let start_search = |c: Arc<Catalogue>, generation: u64| {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let (live, files) = Live::new(c);
            let _ = tx.send(Msg::Search(generation, Box::new(live), files));
        });
    };
    while let Ok(msg) = rx.recv() {
        let mut exported = Vec::new();
        match msg {
            Msg::Changed(mut paths) => {
                // Take every burst already waiting: one rebuild for all.
                while let Ok(m) = rx.try_recv() {
                    match m {
                        Msg::Changed(p) => paths.extend(p),
                        Msg::Search(g, l, f) => exported.push((g, l, f)),
                    }
                }
                if let Some(r) = engine.apply(&paths) {
                    let _ = shared.reload.send(engine.generation);
                    log.say(&format!(
                        "[serve] {} page(s) rebuilt ({}) in {} ms{}",
                        r.pages,
                        r.how,
                        r.took.as_millis(),
                        if r.errors > 0 {
                            format!("; {} error(s) shown in the browser", r.errors)
                        } else {
                            String::new()
                        }
                    ));
                    search_pending |= r.search_stale;
                }
            }
            Msg::Search(g, l, f) => exported.push((g, l, f)),
        }
        // A full export is served at once, then brought up to date below
        // if the catalogue changed meanwhile.
        for (generation, l, files) in exported {
            engine.set_search(files);
            live = Some(*l);
            search_pending |= generation != engine.generation;
        }
        // `live` is `None` while a full export runs.
        if search_pending {
            if let (Some(l), Some(c)) = (live.as_mut(), engine.catalogue()) {
                let start = Instant::now();
                match l.update(c) {
                    Ok(files) => {
                        if !files.is_empty() {
                            log.say(&format!(
                                "[serve] search: {} file(s) updated in {} ms",
                                files.len(),
                                start.elapsed().as_millis()
                            ));
                        }
                        engine.put_search(files);
                    }
                    Err(c) => {
                        live = None;
                        start_search(c, engine.generation);
                    }
                }
                search_pending = false;
            }
        }
    }
}
