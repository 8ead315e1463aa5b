//! What the engine asks of a domain: how a command is decided, how an event is applied, how a query
//! is answered. The engine knows no area; the library's switchboards (`crate::switchboard`) implement
//! [`Domain`] by dispatching each command, event and query to the area that owns it.

use super::access::{Actor, Permission};
use super::campaign::Head;
use super::canonical::Canonical;
use super::checkpoint::CheckpointSigned;
use super::error::Result;
use super::log_hash::LogHash;
use super::table::{Keyed, Table};
use crate::engine::record::Digest;
use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Who decides a command, and when.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Who sent it (its role was checked against the command's permission before `decide`).
    pub actor: &'a Actor,
    /// The command's time (the envelope's `at`).
    pub at: DateTime<FixedOffset>,
}

/// Who asks a query, and where the log stands.
#[derive(Debug, Clone, Copy)]
pub struct QueryContext<'a> {
    /// Who asks (its role was checked against the query's permission before `answer`).
    pub actor: &'a Actor,
    /// The head of the log the state was folded from.
    pub head: Head,
}

/// What a command or query needs its actor's role to allow: declared by every payload, checked by
/// the switchboard before the payload's own rules, and listed in `docs/ACCESS.md`.
pub trait Guarded {
    /// The permissions this payload needs, all of them (usually one; a visit whose findings tag key
    /// persons needs two).
    fn permissions(&self) -> &'static [Permission];
    /// The action in words, for a refusal: "may not {action}".
    fn action(&self) -> &'static str;
}

/// How a payload's target is held to the actor's scope (`docs/ACCESS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRule {
    /// What it names (a unit, a household, a person, the sub-district) must lie inside the scope,
    /// else `OUT_OF_SCOPE`.
    Target,
    /// The actor's scope must overlap the campaign's sub-district (lie inside it or contain it),
    /// else `OUT_OF_SCOPE`.
    Campaign,
    /// It lists only what lies inside the scope (naming a unit outside it is `OUT_OF_SCOPE`).
    Filtered,
    /// It shows nothing of any unit (the head of the log).
    Unscoped,
}

impl ScopeRule {
    /// The rule's name in `docs/ACCESS.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeRule::Target => "target",
            ScopeRule::Campaign => "campaign",
            ScopeRule::Filtered => "filtered",
            ScopeRule::Unscoped => "unscoped",
        }
    }
}

/// The static declaration of a payload's access, for `docs/ACCESS.md`: each case with the
/// permissions it needs, and its scope rule.
pub trait Declared {
    /// `(case, permissions)`: one case with an empty name for most payloads; several when the
    /// permission depends on the payload (a CSV file's table, a visit that tags key persons).
    const CASES: &'static [(&'static str, &'static [Permission])];
    /// How the target is held to the actor's scope.
    const SCOPE: ScopeRule;
}

/// A command payload: the events it records on state `S`, or why it is refused. `E` is the event type
/// of the whole domain; an area asks only that its own events convert into it.
pub trait Decide<S, E>: Guarded {
    /// The events to record, or the refusal. It reads `state` and changes nothing.
    ///
    /// # Errors
    /// Any refusal, with its stable code (and, for a broken rule, its rule identifier).
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>>;
}

/// An event payload: how it changes state `S`. Total: it never fails and never panics, because it
/// runs on replay too, over events that come from the host's storage.
pub trait Apply<S> {
    /// Folds the event into `state`; `at` is the record's time.
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>);
}

/// A query payload: its answer on state `S`.
pub trait Answer<S>: Guarded {
    /// The answer's payload (wrapped into the domain's result type by the switchboard).
    type Output;
    /// The answer, masked for `cx.actor`.
    ///
    /// # Errors
    /// `NOT_FOUND`, `OUT_OF_SCOPE`, `INVALID_FIELD` for a bad parameter.
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<Self::Output>;
}

/// What the campaign remembers of an accepted command, so that a retry is recognized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptedCommand {
    /// The command's id.
    pub command_id: String,
    /// The seq of its first event.
    pub first_seq: u64,
    /// How many events it recorded.
    pub events: u32,
    /// The digest of its payload, to tell a retry from a reused id.
    pub digest: Digest,
}

impl Keyed for AcceptedCommand {
    fn key(&self) -> &str {
        &self.command_id
    }
}

/// A domain the engine can run: its state and its four wire types.
pub trait Domain: Default + Clone + PartialEq + Serialize + DeserializeOwned {
    /// Every change the domain accepts.
    type Command: Canonical + DeserializeOwned + schemars::JsonSchema + Clone + std::fmt::Debug + PartialEq;
    /// Everything that can happen.
    type Event: Canonical + DeserializeOwned + schemars::JsonSchema + Clone + std::fmt::Debug + PartialEq;
    /// Every read.
    type Query: Serialize + DeserializeOwned + schemars::JsonSchema + Clone + std::fmt::Debug + PartialEq;
    /// Every answer.
    type Answer: Serialize + DeserializeOwned + schemars::JsonSchema + Clone + std::fmt::Debug + PartialEq;

    /// The events `command` records, or why it is refused (nothing changes either way).
    ///
    /// # Errors
    /// Any refusal of the domain.
    fn decide(&self, cx: &Context<'_>, command: Self::Command) -> Result<Vec<Self::Event>>;
    /// Folds one event in (total, see [`Apply`]).
    fn apply(&mut self, event: &Self::Event, at: DateTime<FixedOffset>);
    /// Answers a query.
    ///
    /// # Errors
    /// Any refusal of the domain.
    fn answer(&self, cx: &QueryContext<'_>, query: &Self::Query) -> Result<Self::Answer>;
    /// The hash function of a log that starts with this event, or `None` if a log may not start with
    /// it.
    fn opens_log(event: &Self::Event) -> Option<LogHash>;
    /// The hash function a command would choose if it opened the campaign (the default for any
    /// other command).
    fn opening_log_hash(command: &Self::Command) -> LogHash;
    /// The campaign's hash function (the default before it opens).
    fn log_hash(&self) -> LogHash;
    /// The event of a checkpoint.
    fn checkpoint(checkpoint: CheckpointSigned) -> Self::Event;
    /// The checkpoint this event is, if it is one.
    fn as_checkpoint(event: &Self::Event) -> Option<&CheckpointSigned>;
    /// Refuses an actor who may not sign a checkpoint (or a campaign not yet open).
    ///
    /// # Errors
    /// `CAMPAIGN_NOT_OPEN`, `PERMISSION_DENIED`, `OUT_OF_SCOPE`.
    fn permit_checkpoint(&self, actor: &Actor) -> Result<()>;
    /// Whether `actor` could have recorded `event` in this state: replay refuses a record that the
    /// library could not have written. The default checks nothing.
    ///
    /// # Errors
    /// Any code; replay reports it as `TAMPERED_LOG` at the record.
    fn recheck(&self, actor: &Actor, event: &Self::Event) -> Result<()> {
        let _ = (actor, event);
        Ok(())
    }
    /// The limit of a field of a command, query or event, by its name (the nearest struct field
    /// above a text or list); listed in `docs/LIMITS.md` and written into the JSON Schema.
    fn field_limit(field: &str) -> super::limits::FieldLimit {
        let _ = field;
        super::limits::FieldLimit::DEFAULT
    }
    /// The accepted commands, kept in the state so that snapshots keep them.
    fn accepted(&self) -> &Table<AcceptedCommand>;
    /// The accepted commands, to record one.
    fn accepted_mut(&mut self) -> &mut Table<AcceptedCommand>;
}
