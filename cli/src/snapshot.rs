//! `snapshot`: takes a snapshot at the head now.

use crate::args::{Global, StoreArgs};
use crate::exit::Outcome;
use crate::{open, output, progress};

/// Takes the snapshot and prints its seq.
///
/// # Errors
/// `STORAGE_FULL`, `STORAGE_UNAVAILABLE`, and the errors of opening.
pub fn run(args: &StoreArgs, global: &Global) -> Outcome {
    let mut store = open::open(&args.store, global)?;
    let spinner = progress::spinner("快照 taking a snapshot");
    let seq = store.snapshot();
    spinner.finish_and_clear();
    let seq = seq?;
    let mut out = output::stdout();
    output::line(&mut out, "stdout", &format!("已生成快照 snapshot taken at seq {seq}"))?;
    output::flush(&mut out, "stdout")
}
