//! Pages of list answers: every list a campaign can make long is answered a page at a time, of at
//! most [`MAX_PAGE`] entries (issue #15: `noHouseholdMissed` once answered 105 MiB at once).

use super::error::{Error, Result};

/// The page size when a query gives none.
pub const DEFAULT_PAGE: u32 = 100;
/// The largest page a query may ask for.
pub const MAX_PAGE: u32 = 10_000;

/// The page size a query asked for (`query.limit`), or `INVALID_FIELD`.
///
/// # Errors
/// `INVALID_FIELD` for 0 or more than [`MAX_PAGE`].
pub fn page_limit(limit: Option<u32>) -> Result<usize> {
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(Error::invalid_field("query.limit", format!("`limit` must be between 1 and {MAX_PAGE}")));
    }
    Ok(limit as usize)
}

/// The page of `items` (in id order) after the one whose id is `after`, and the id to pass as
/// `after` for the next page.
///
/// # Errors
/// `INVALID_FIELD` for a bad limit; `NOT_FOUND` (`query.after`) for an id not among the items.
pub fn after_id<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> &str,
    after: Option<&str>,
    limit: Option<u32>,
    kind: &str,
) -> Result<(Vec<T>, Option<String>)> {
    let limit = page_limit(limit)?;
    let start = match after {
        Some(a) => items.iter().position(|t| id(t) == a).ok_or_else(|| Error::not_found(kind, a, "query.after"))? + 1,
        None => 0,
    };
    let mut page: Vec<T> = items.into_iter().skip(start).take(limit + 1).collect();
    let next = if page.len() > limit {
        page.truncate(limit);
        page.last().map(|t| id(t).to_string())
    } else {
        None
    };
    Ok((page, next))
}

/// The page of `items` from position `start`, and the position of the next page.
///
/// # Errors
/// `INVALID_FIELD` for a bad limit.
pub fn from_position<T>(items: Vec<T>, start: Option<u32>, limit: Option<u32>) -> Result<(Vec<T>, Option<u32>)> {
    let limit = page_limit(limit)?;
    let start = start.unwrap_or(0) as usize;
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let end = start.saturating_add(page.len());
    Ok((page, (end < total).then(|| u32::try_from(end).unwrap_or(u32::MAX))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::ErrorCode;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("g{i:03}")).collect()
    }

    #[test]
    fn pages_after_an_id_add_up_to_the_whole_list() {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = after_id(ids(250), |s| s.as_str(), after.as_deref(), Some(60), "grid").unwrap();
            assert!(page.len() <= 60);
            seen.extend(page);
            match next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(seen, ids(250));
        let missing = after_id(ids(3), |s| s.as_str(), Some("nope"), None, "grid").unwrap_err();
        assert_eq!((missing.code, missing.field.as_deref()), (ErrorCode::NotFound, Some("query.after")));
    }

    #[test]
    fn pages_from_a_position_add_up_and_limits_are_bounded() {
        let (first, next) = from_position(ids(250), None, None).unwrap();
        assert_eq!((first.len(), next), (100, Some(100)));
        let (last, next) = from_position(ids(250), Some(200), None).unwrap();
        assert_eq!((last.len(), next), (50, None));
        let (beyond, next) = from_position(ids(3), Some(9), None).unwrap();
        assert!(beyond.is_empty() && next.is_none());
        for bad in [0, MAX_PAGE + 1] {
            assert_eq!(page_limit(Some(bad)).unwrap_err().code, ErrorCode::InvalidField);
        }
        assert_eq!(page_limit(Some(MAX_PAGE)).unwrap(), 10_000);
    }
}
