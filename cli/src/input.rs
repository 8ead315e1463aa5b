//! Reading the inputs: files, stdin, `-`.

use crate::exit::{Code, Failure, Outcome};
use std::io::Read;
use std::path::Path;

/// The bytes of the file at `path`.
///
/// # Errors
/// `NO_INPUT` (66) when it cannot be read.
pub fn file(path: &Path) -> Outcome<Vec<u8>> {
    std::fs::read(path).map_err(|e| unreadable(&path.display().to_string(), &e))
}

/// All of stdin.
///
/// # Errors
/// `NO_INPUT` when it cannot be read.
pub fn stdin() -> Outcome<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| unreadable("stdin", &e))?;
    Ok(bytes)
}

/// The failure of an input that cannot be read.
pub fn unreadable(what: &str, e: &std::io::Error) -> Failure {
    Failure::new(Code::NoInput, format!("cannot read {what}: {e}"))
}

/// The 1-based line of byte `offset` in `bytes`: where a reader would look for a bad byte.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}
