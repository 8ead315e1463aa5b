//! # grassroots
//!
//! The domain core of a sub-district's campaign to rectify and raise the quality of its grassroots
//! party organizations (基层党组织整建提质专项行动), one folder per area: [`organization`],
//! [`people`], [`survey`] and [`micro_grid`], run by the [`engine`] through the [`switchboard`].
//!
//! A [`Campaign`] takes **commands** in envelopes ([`CommandEnvelope`]) and records **events** in a
//! SHA-256 hash chain of [`Record`]s; its state is a fold of those events. Reads are **queries**
//! ([`Query`]), answered for an [`Actor`] with sensitive data masked unless the actor's role allows it.
//! The JSON wire form ([`Campaign::execute_json`] and friends) is what the C and WebAssembly doors
//! pass through unchanged.
//!
//! The core is pure and deterministic: it never reads a clock (time comes in with each command), has
//! no randomness and does no I/O.
//!
//! ```
//! use grassroots::Campaign;
//! let mut campaign = Campaign::new();
//! let open = r#"{"schemaVersion":1,"commandId":"c-1",
//!   "actor":{"id":"office","role":"administrator","scope":"430104017000"},
//!   "at":"2022-04-13T09:00:00+08:00",
//!   "command":{"type":"openCampaign","config":{
//!     "title":"开展基层党组织整建提质专项行动","theme":"强组织、善治理、增活力",
//!     "city":{"code":"430100000000","name":"长沙市"},
//!     "district":{"code":"430104000000","name":"岳麓区"},
//!     "subdistrict":{"code":"430104017000","name":"东方红街道"},
//!     "start":"2022-04-01","end":"2022-11-30",
//!     "phases":[{"phase":"survey","start":"2022-04-13","due":"2022-04-30"}]}}}"#;
//! let answer = campaign.execute_json(open).unwrap();
//! assert!(answer.contains(r#""type":"campaignOpened""#));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod acceptance;
pub mod calendar;
pub mod care;
pub mod engine;
pub mod micro_grid;
pub mod organization;
pub mod oversight;
pub mod participation;
pub mod people;
pub use grassroots_planner as planner;
pub mod problem;
pub mod rectification;
pub mod report;
pub mod review;
pub mod survey;
pub mod switchboard;
pub mod weak_and_lax;

pub use engine::access::{Actor, Permission, Role};
pub use engine::campaign::{Executed, Head};
pub use engine::division_code::{CommitteeKind, DivisionCode, OrgLevel};
pub use engine::envelope::{OLDEST_SCHEMA_VERSION, SCHEMA_VERSION};
pub use engine::error::{Error, ErrorCode, Result};
pub use engine::record::Digest;
pub use engine::wire;
pub use organization::{CampaignConfig, Phase};
pub use survey::questionnaire::reference::import_command_json as reference_questionnaire_json;
pub use switchboard::{Command, Event, Query, QueryResult, State};

/// A campaign of this library: the engine's campaign run on the areas' [`State`].
pub type Campaign = engine::campaign::Campaign<State>;
/// A command in its envelope.
pub type CommandEnvelope = engine::envelope::CommandEnvelope<Command>;
/// A query in its envelope.
pub type QueryEnvelope = engine::envelope::QueryEnvelope<Query>;
/// One recorded event, as the host persists it.
pub type Record = engine::record::Record<Event>;
/// The records a campaign holds after some seq.
pub type Records<'a> = engine::log::Records<'a, Event>;
/// A serialized state that restores to an identical campaign without replaying its log.
pub type Snapshot = engine::campaign::Snapshot<State>;

/// The JSON Schema of the wire contract, generated from the Rust types.
pub mod schema {
    /// Every schema of the contract: `(file name, pretty JSON)`, in a fixed order. `docs/schema/`
    /// holds the committed copies; a test regenerates them and fails on any difference.
    pub fn schemas() -> Vec<(&'static str, String)> {
        crate::engine::schema::schemas_of::<crate::State>()
    }
}

/// The README's Rust example, compiled and run as a doctest so that it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The library's version (the crate's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
