//! The limits of the envelope's own fields (the payloads' fields have theirs in their areas, and all
//! are listed in `docs/LIMITS.md` and the JSON Schema).
//!
//! A limit is counted in characters (Unicode scalar values) for text and entries for lists, and a
//! field over it is refused with `FIELD_TOO_LONG` naming the field and the limit: such a value would
//! otherwise be recorded in the log forever.

use super::access::Actor;
use super::error::{Error, ErrorCode, Result};

/// The longest command id, in characters (a UUID is 36; a host's own key with a prefix fits).
pub const MAX_COMMAND_ID_CHARS: usize = 128;

/// The longest actor id, in characters (the host's user id).
pub const MAX_ACTOR_ID_CHARS: usize = 64;

/// Whether `value` has more than `max` characters; counts no further than `max + 1`, so refusing a
/// long value costs no more than reading it.
pub fn exceeds_chars(value: &str, max: usize) -> bool {
    // A string of at most `max` bytes has at most `max` characters: no count needed.
    value.len() > max && value.chars().nth(max).is_some()
}

/// Refuses `value` when it has more than `max` characters (see [`exceeds_chars`]).
pub fn check_chars(value: &str, max: usize, field: &str) -> Result<()> {
    if exceeds_chars(value, max) { Err(too_long(field, &format!("{max} characters"))) } else { Ok(()) }
}

/// Refuses a list of more than `max` entries.
pub fn check_entries(len: usize, max: usize, field: &str) -> Result<()> {
    if len <= max { Ok(()) } else { Err(too_long(field, &format!("{max} entries"))) }
}

/// The `FIELD_TOO_LONG` error for `field` over `limit` (the value itself is never quoted).
pub fn too_long(field: &str, limit: &str) -> Error {
    Error::new(ErrorCode::FieldTooLong, format!("`{field}` is too long: the limit is {limit}; shorten it"))
        .at_field(field)
}

pub(crate) fn check_command_id(command_id: &str) -> Result<()> {
    check_chars(command_id, MAX_COMMAND_ID_CHARS, "commandId")
}

/// Refuses an actor whose id is too long or whose scope does not fit its role.
pub(crate) fn check_actor(actor: &Actor) -> Result<()> {
    check_chars(&actor.id, MAX_ACTOR_ID_CHARS, "actor.id")?;
    actor.require_fitting_scope()
}

/// The limits of one field: the most characters of its text (and of each text in it), the most
/// entries of its list or map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLimit {
    /// The most characters of a text.
    pub chars: usize,
    /// The most entries of a list or map.
    pub entries: usize,
}

impl FieldLimit {
    /// Texts of at most `chars` characters, lists of at most [`FieldLimit::DEFAULT`]'s entries.
    pub const fn text(chars: usize) -> FieldLimit {
        FieldLimit { chars, entries: FieldLimit::DEFAULT.entries }
    }

    /// Lists of at most `entries` entries, each text in them at most [`FieldLimit::DEFAULT`]'s
    /// characters.
    pub const fn list(entries: usize) -> FieldLimit {
        FieldLimit { chars: FieldLimit::DEFAULT.chars, entries }
    }

    /// The limit of a field that names none of its own: 200 characters (a name, an address, an id,
    /// a code, a date), 1,000 entries.
    pub const DEFAULT: FieldLimit = FieldLimit { chars: 200, entries: 1_000 };
}

/// No limit is below these: a text of at most this many bytes, or a list of at most this many
/// entries, is within every limit and is not looked up (the walk stays cheap for the short values
/// that nearly every command holds).
pub const MIN_LIMIT_CHARS: usize = 16;
/// See [`MIN_LIMIT_CHARS`].
pub const MIN_LIMIT_ENTRIES: usize = 8;

/// The limit of a field by its name (the nearest struct field above a value).
pub type LimitOf = fn(&str) -> FieldLimit;

/// What a check covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// Texts and lists (a command, a query).
    TextsAndLists,
    /// Texts only (an event, whose lists come from the state or from a checked command).
    Texts,
}

/// Refuses `value` (a command, a query, an event, serialized under the name `root`) when a text or a
/// list in it is over its field's limit, with `FIELD_TOO_LONG` naming the field's JSON path and the
/// limit. Costs one walk of the value, which stops at the first field over its limit and never counts
/// past a limit.
///
/// # Errors
/// `FIELD_TOO_LONG`.
pub fn check_fields<T: serde::Serialize + ?Sized>(
    value: &T,
    root: &'static str,
    limit_of: LimitOf,
    checked: Checked,
) -> Result<()> {
    let mut walker = walker::Walker::new(limit_of, checked, None);
    if value.serialize(&mut walker).is_ok() {
        return Ok(());
    }
    let Some(over) = walker.over else { return Ok(()) };
    // Walked again, to name the path: only a refusal pays for it.
    let mut walker = walker::Walker::new(limit_of, checked, Some(vec![walker::Segment::Field(root)]));
    let _ = value.serialize(&mut walker);
    let path = walker.path_text().unwrap_or_else(|| root.to_string());
    Err(match over {
        walker::Over::Chars(max) => too_long(&path, &format!("{max} characters")),
        walker::Over::Entries(max) => too_long(&path, &format!("{max} entries")),
    })
}

mod walker;
