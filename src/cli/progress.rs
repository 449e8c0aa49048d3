//! The progress bar of `build`, drawn on a terminal only: the library
//! reports its stages as data (`BuildOptions::on_progress`), this draws
//! them. Nothing is drawn when stderr is piped, in CI, or with `TERM=dumb`.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use sangkien::build::{Progress, STAGES};
use sangkien::messages;

static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Whether a bar may be drawn: stderr is a terminal, not in CI.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Draws `p` (the library calls this as each stage ends).
pub fn show(p: Progress) {
    let Ok(mut bar) = BAR.lock() else {
        return;
    };
    let bar = bar.get_or_insert_with(|| {
        let b = ProgressBar::new(STAGES.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} {elapsed}") {
            b.set_style(style);
        }
        b.enable_steady_tick(std::time::Duration::from_millis(200));
        b
    });
    bar.set_position(p.done as u64);
    let id = format!("stage.{}", p.next);
    bar.set_message(messages::get_dynamic(&id, messages::lang()).unwrap_or_default());
}

/// Removes the bar, if one is drawn, before other output.
pub fn hide() {
    if let Ok(mut bar) = BAR.lock() {
        if let Some(b) = bar.take() {
            b.finish_and_clear();
        }
    }
}

/// The terminal's width when stdout is one.
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| cols as usize)
}
