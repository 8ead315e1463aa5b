//! Reading whole lists a page at a time, and keeping a report's rows to its cap.

use super::ROW_CAP;
use crate::engine::error::Result;

/// Follows a paged query to its end: `page(after)` asks for the page after `after` (the first page
/// for `None`) and answers its items and the `after` of the next page, if any; `each` takes every
/// item in order. Reports read whole lists this way, a page at a time.
///
/// # Errors
/// The first error of `page` or `each`.
pub(crate) fn every_page<T>(
    mut page: impl FnMut(Option<String>) -> Result<(Vec<T>, Option<String>)>,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut after = None;
    loop {
        let (items, next) = page(after.take())?;
        for item in items {
            each(item)?;
        }
        match next {
            Some(next) => after = Some(next),
            None => return Ok(()),
        }
    }
}

/// The rows a report lists, at most [`ROW_CAP`]; the rest only counted.
pub(crate) struct Capped<T> {
    /// The rows kept, in the order given.
    pub rows: Vec<T>,
    /// How many more were given.
    pub omitted: usize,
}

impl<T> Capped<T> {
    /// None yet.
    pub fn new() -> Capped<T> {
        Capped { rows: Vec::new(), omitted: 0 }
    }

    /// Keeps `row`, or counts it when the cap is reached.
    pub fn push(&mut self, row: T) {
        if self.rows.len() < ROW_CAP { self.rows.push(row) } else { self.omitted += 1 }
    }
}
