//! Progress of the long commands (`analyze`, `ingest`): one bar per phase
//! (reading, analysing, writing) on stderr when it is a terminal.

use std::io;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// A bar for a phase of `len` steps, or a spinner when the length is not
/// known. Hidden under `-q` or when stderr is not a terminal.
pub fn phase(quiet: bool, len: Option<u64>, what: &'static str) -> ProgressBar {
    if quiet || !io::IsTerminal::is_terminal(&io::stderr()) {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(n) => ProgressBar::new(n).with_style(bar_style()),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{msg:>10} {spinner} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    }
    .with_message(what);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The look of a phase whose length is known: a bar, steps, time so far
/// and time left.
pub fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg:>10} {bar:36} {pos}/{len} {elapsed} {left}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("left", left)
}

/// Time left at the average rate so far: nothing until a step is done and
/// half a second has passed (an early guess is noise), and never more
/// precise than the evidence ("~3s left").
fn left(state: &ProgressState, w: &mut dyn std::fmt::Write) {
    let (Some(len), pos) = (state.len(), state.pos()) else {
        return;
    };
    let elapsed = state.elapsed().as_secs_f64();
    if pos == 0 || elapsed < 0.5 || pos >= len {
        return;
    }
    let secs = (elapsed / pos as f64 * (len - pos) as f64).ceil() as u64;
    let _ = match secs {
        0..=59 => write!(w, "~{secs}s left"),
        60..=3599 => write!(w, "~{}m {:02}s left", secs / 60, secs % 60),
        _ => write!(w, "~{}h {:02}m left", secs / 3600, secs / 60 % 60),
    };
}
