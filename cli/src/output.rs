//! Writing what the tool answers to stdout (or a file), a write error becoming `IO_ERROR`.

use crate::exit::{Failure, Outcome};
use std::io::{BufWriter, Stdout, Write};

/// Buffered stdout: answers go out in large writes, and a failure is seen at the write or the flush.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::with_capacity(1 << 16, std::io::stdout())
}

/// Writes `text` and a line break.
///
/// # Errors
/// `IO_ERROR` naming `what` (stdout, the file).
pub fn line(out: &mut dyn Write, what: &str, text: &str) -> Outcome {
    out.write_all(text.as_bytes()).and_then(|()| out.write_all(b"\n")).map_err(|e| Failure::io(what, &e))
}

/// Writes `text` as it is.
///
/// # Errors
/// `IO_ERROR` naming `what`.
pub fn text(out: &mut dyn Write, what: &str, text: &str) -> Outcome {
    out.write_all(text.as_bytes()).map_err(|e| Failure::io(what, &e))
}

/// Flushes `out`.
///
/// # Errors
/// `IO_ERROR` naming `what`.
pub fn flush(out: &mut dyn Write, what: &str) -> Outcome {
    out.flush().map_err(|e| Failure::io(what, &e))
}

/// A line on stderr: summaries and notes, never an answer a script reads from stdout.
pub fn note(text: &str) {
    eprintln!("{text}");
}
