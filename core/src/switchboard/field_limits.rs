//! The limits of the fields of every command, query and event, by field name (issue #15): a text
//! or a list over its field's limit is refused with `FIELD_TOO_LONG` naming the field and the limit,
//! before it can be recorded in the log forever. `docs/LIMITS.md` lists them and the JSON Schema
//! carries them (`maxLength`, `maxItems`, `maxProperties`).
//!
//! A limit belongs to the nearest struct field above a value: the texts in a list of ids take the
//! list's field's limit, the texts of a struct in a list take their own fields'. A field not listed
//! takes [`FieldLimit::DEFAULT`]: 200 characters (a name, an address, an id, a code, a date) and
//! 1,000 entries. The areas' own checks may be tighter (a `standing` of 50 characters), never looser.

use crate::engine::checkpoint::MAX_KEY_ID_CHARS;
use crate::engine::limits::{FieldLimit, MAX_COMMAND_ID_CHARS};
use crate::engine::wire::MAX_INPUT_BYTES;

/// Prose: a reason, a note, what was done or found.
const PROSE: usize = 2_000;

/// The fields with limits of their own, and why.
pub const FIELD_LIMITS: &[(&str, FieldLimit, &str)] = &[
    ("commandId", FieldLimit::text(MAX_COMMAND_ID_CHARS), "a command's idempotency key (a UUID is 36)"),
    ("keyId", FieldLimit::text(MAX_KEY_ID_CHARS), "the id of the host's signing key"),
    ("name", FieldLimit::text(100), "a person's, unit's or organization's name"),
    ("address", FieldLimit::text(200), "a household's address"),
    ("description", FieldLimit::text(PROSE), "what was seen"),
    ("done", FieldLimit::text(PROSE), "what was done"),
    ("evidence", FieldLimit::text(PROSE), "what was checked"),
    ("note", FieldLimit::text(PROSE), "a note"),
    ("notes", FieldLimit::text(PROSE), "what was said"),
    ("reason", FieldLimit::text(PROSE), "why"),
    ("reasons", FieldLimit { chars: PROSE, entries: 100 }, "the reasons of an assessment"),
    ("text", FieldLimit::text(PROSE), "a measure's or finding's words"),
    ("demands", FieldLimit { chars: PROSE, entries: 100 }, "a household's demands and difficulties"),
    ("summary", FieldLimit::text(4_000), "what an inspection found"),
    ("conclusion", FieldLimit::text(5_000), "a review's conclusion"),
    ("body", FieldLimit::text(20_000), "a notice's text"),
    ("facts", FieldLimit::text(20_000), "an accountability case's facts"),
    ("constraint", FieldLimit::text(2_000), "a questionnaire expression"),
    ("relevant", FieldLimit::text(2_000), "a questionnaire expression"),
    ("choiceFilter", FieldLimit::text(2_000), "a questionnaire expression"),
    ("items", FieldLimit { chars: 2_000, entries: 500 }, "a questionnaire's questions, each text in them"),
    ("answers", FieldLimit { chars: PROSE, entries: 1_000 }, "a visit's answers"),
    ("csv", FieldLimit::text(MAX_INPUT_BYTES), "a CSV file (bounded by the input's 32 MiB)"),
    ("survey", FieldLimit::text(MAX_INPUT_BYTES), "an XLSForm `survey` sheet as CSV"),
    ("choices", FieldLimit::text(MAX_INPUT_BYTES), "an XLSForm `choices` sheet as CSV, or the choice lists"),
    ("links", FieldLimit::list(1_000_000), "a link plan's household–member pairs"),
    ("helperRoles", FieldLimit::list(16), "a helper's roles"),
    ("roles", FieldLimit::list(16), "roles"),
    ("tags", FieldLimit::list(16), "tags"),
    ("phases", FieldLimit::list(32), "the campaign's phases"),
    ("holidays", FieldLimit::list(64), "a year's holidays"),
    ("workdays", FieldLimit::list(64), "a year's adjusted working days"),
];

/// The limit of the field `name`.
pub fn field_limit(name: &str) -> FieldLimit {
    FIELD_LIMITS.iter().find(|(field, _, _)| *field == name).map(|(_, limit, _)| *limit).unwrap_or(FieldLimit::DEFAULT)
}
