//! Progress bars and spinners on stderr, drawn only when stderr is a terminal: in a pipe, a log
//! file or a test they print nothing, so the output a script reads stays what the tool answered.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// How often a spinner turns while a call that reports nothing runs.
const TICK: Duration = Duration::from_millis(100);

/// Where bars are drawn: stderr when it is a terminal, nowhere otherwise.
fn target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() }
}

/// A bar of `len` steps (records, bytes …) labelled `message`; `counts` is the template's way to show
/// the counts (`{pos}/{len}` or `{bytes}/{total_bytes}`).
fn bar_with(len: u64, message: &'static str, counts: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), target());
    let template = format!("{{msg}} [{{bar:30}}] {counts} ({{eta}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// A bar counting `len` items.
pub fn bar(len: u64, message: &'static str) -> ProgressBar {
    bar_with(len, message, "{pos}/{len}")
}

/// A bar counting `len` bytes.
pub fn bytes(len: u64, message: &'static str) -> ProgressBar {
    bar_with(len, message, "{bytes}/{total_bytes}")
}

/// A spinner for a call that reports no progress of its own (opening a store, planning, one
/// command), turning by itself.
pub fn spinner(message: &'static str) -> ProgressBar {
    let spinner = ProgressBar::with_draw_target(None, target());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        spinner.set_style(style.tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "));
    }
    spinner.set_message(message);
    spinner.enable_steady_tick(TICK);
    spinner
}
