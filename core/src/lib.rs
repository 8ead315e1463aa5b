//! # grassroots
//!
//! The domain core of a sub-district's campaign to rectify and raise the quality of its grassroots
//! party organizations (基层党组织整建提质专项行动): organizations, people, households, and — in
//! later modules — the door-knock survey, micro-grids, rectification and the four-tier acceptance.
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
//!   "actor":{"id":"office","role":"administrator","scope":"430171004000"},
//!   "at":"2022-04-13T09:00:00+08:00",
//!   "command":{"type":"openCampaign","config":{
//!     "title":"开展基层党组织整建提质专项行动","theme":"强组织、善治理、增活力",
//!     "city":{"code":"430100000000","name":"长沙市"},
//!     "district":{"code":"430171000000","name":"长沙高新区"},
//!     "subdistrict":{"code":"430171004000","name":"东方红街道"},
//!     "start":"2022-04-01","end":"2022-11-30",
//!     "phases":[{"phase":"survey","start":"2022-04-13","due":"2022-04-30"}]}}}"#;
//! let answer = campaign.execute_json(open).unwrap();
//! assert!(answer.contains(r#""type":"campaignOpened""#));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod access;
pub mod campaign;
pub mod campaign_config;
pub mod command;
pub mod coverage;
pub mod csv_import;
pub mod division_code;
pub mod error;
pub mod event;
pub mod flag_set;
mod handler;
pub mod household;
pub mod leading_group;
pub mod log;
pub mod micro_grid;
pub mod mobile;
pub mod org_unit;
pub mod party_organization;
pub mod person;
pub use grassroots_planner as planner;
pub mod problem;
pub mod query;
pub mod questionnaire;
pub mod record;
pub mod resident_id;
pub mod schedule;
pub mod schema;
mod sensitive_visitor;
pub mod state;
pub mod table;
pub mod visit;
pub mod wire;

pub use access::{Actor, Role};
pub use campaign::{Campaign, Executed, Head, Snapshot};
pub use campaign_config::{CampaignConfig, Phase};
pub use command::{Command, CommandEnvelope, SCHEMA_VERSION};
pub use division_code::{DivisionCode, OrgLevel};
pub use error::{Error, ErrorCode, Result};
pub use event::Event;
pub use log::Records;
pub use query::{Query, QueryEnvelope, QueryResult};
pub use record::{Digest, Record};

/// The README's Rust example, compiled and run as a doctest so that it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The library's version (the crate's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
