//! The commands the tool builds itself (opening, imports, adoptions): their envelopes, and command
//! ids made from what they carry.
//!
//! An id is a digest of the command, so running the same import or adoption twice is answered by
//! the store as a retry, never applied twice; a different file gets a different id.

use crate::exit::Outcome;
use chrono::{DateTime, FixedOffset};
use grassroots::{Actor, Command, CommandEnvelope, SCHEMA_VERSION};
use grassroots_store::{Store, Stored};
use sha2::{Digest, Sha256};

/// `cli-<what>-` and the first 16 hex digits of SHA-256 of `content`.
pub fn id(what: &str, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("cli-{what}-{hex}")
}

/// Executes `command` as `actor` at `at` with the id `command_id` (and `expected_seq`), storing its
/// records.
///
/// # Errors
/// The library's refusal, or a storage failure.
pub fn send(
    store: &mut Store,
    actor: &Actor,
    at: DateTime<FixedOffset>,
    command_id: String,
    expected_seq: Option<u64>,
    command: Command,
) -> Outcome<Stored> {
    let envelope =
        CommandEnvelope { schema_version: SCHEMA_VERSION, command_id, actor: actor.clone(), at, expected_seq, command };
    Ok(store.execute(envelope)?)
}

/// `seq a–b` (or `seq a`) of a stored command's records, for a person.
pub fn seqs(stored: &Stored) -> String {
    let range = stored.executed.seqs();
    match range.end.saturating_sub(range.start) {
        0 => "no records".to_string(),
        1 => format!("seq {}", range.start),
        _ => format!("seq {}–{}", range.start, range.end - 1),
    }
}
