//! Checks of plain text every area makes: a required text, a new id, an optional text, a nested
//! field's path.

use super::error::{Error, Result};

/// The trimmed text, or `INVALID_FIELD` naming `field` when it is empty.
pub fn non_empty(value: &str, field: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        Err(Error::invalid_field(field, format!("`{field}` must not be empty")))
    } else {
        Ok(v.to_string())
    }
}

/// The trimmed text of 1 to `max` characters, or `INVALID_FIELD` naming `field`.
pub fn text(value: &str, field: &str, max: usize) -> Result<String> {
    bounded(value, field, 1, max)
}

/// The trimmed text of 0 to `max` characters, or `INVALID_FIELD` naming `field`.
pub fn text_or_empty(value: &str, field: &str, max: usize) -> Result<String> {
    bounded(value, field, 0, max)
}

fn bounded(value: &str, field: &str, least: usize, max: usize) -> Result<String> {
    let v = value.trim();
    super::limits::check_chars(v, max, field)?;
    let n = v.chars().count();
    if n < least {
        return Err(Error::invalid_field(field, format!("`{field}` must have {least} to {max} characters")));
    }
    Ok(v.to_string())
}

/// A new id: trimmed, not empty, and not `taken` (`ALREADY_EXISTS` for a `kind`).
pub fn new_id(id: &str, taken: bool, kind: &str, field: &str) -> Result<String> {
    let id = non_empty(id, field)?;
    if taken {
        return Err(Error::already_exists(kind, &id, field));
    }
    Ok(id)
}

/// An optional text, trimmed; blank is absent.
pub fn optional_text(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The same error with its field placed under `prefix` (errors of a part name fields within it).
pub fn prefixed(mut error: Error, prefix: &str) -> Error {
    error.field = Some(match error.field.take() {
        Some(f) => format!("{prefix}.{f}"),
        None => prefix.to_string(),
    });
    error
}
