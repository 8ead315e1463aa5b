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

/// Refuses `value` when it has more than `max` characters; counts no further than `max + 1`, so
/// refusing a long value costs no more than reading it.
pub fn check_chars(value: &str, max: usize, field: &str) -> Result<()> {
    // A string of at most `max` bytes has at most `max` characters: no count needed.
    if value.len() <= max || value.chars().nth(max).is_none() {
        Ok(())
    } else {
        Err(too_long(field, &format!("{max} characters")))
    }
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
