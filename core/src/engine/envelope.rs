//! Envelopes: a command or a query with who sends it. Generic over the domain's command and query
//! types; the library names them [`crate::CommandEnvelope`] and [`crate::QueryEnvelope`].

use super::access::Actor;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The version of the wire form this library writes: 2 since records are hashed in RFC 8785
/// canonical JSON (see [`crate::engine::record`]).
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest version of envelopes and records this library reads. Version 2 changed only how
/// records are hashed: commands, queries and checkpoint requests of version 1 are read as they were.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// Whether this library reads `version`.
pub(crate) fn reads(version: u32) -> bool {
    (OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&version)
}

/// A command with who sent it, when, and its idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "CommandEnvelope")]
pub struct CommandEnvelope<C> {
    /// The wire form's version; this library writes [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The caller's idempotency key: re-sending the same command with the same id records nothing new.
    pub command_id: String,
    /// Who sends it.
    pub actor: Actor,
    /// When it happened, with its UTC offset (the core never reads a clock).
    pub at: DateTime<FixedOffset>,
    /// The `seq` the caller last saw: when the campaign has moved past it, the command is refused
    /// with `CONFLICT` (optimistic concurrency).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_seq: Option<u64>,
    /// What to do.
    pub command: C,
}

/// A query with who asks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "QueryEnvelope")]
pub struct QueryEnvelope<Q> {
    /// The wire form's version.
    pub schema_version: u32,
    /// Who asks.
    pub actor: Actor,
    /// What is asked.
    pub query: Q,
}
