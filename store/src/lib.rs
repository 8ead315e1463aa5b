//! A real home for a campaign's records: the store keeps every record of a [`grassroots::Campaign`]
//! in a database, in the same transaction that accepts its command, and opens it again after a
//! restart or a crash.
//!
//! Two backends share one interface ([`Store`]): **SQLite**, the embedded default (a file beside
//! the host, its engine compiled in), and **PostgreSQL** (what most e-government platforms run). A
//! [`Location`] names either: a file path, or a `postgres://` / `postgresql://` URL or a libpq
//! `key=value` string.
//!
//! What a store guarantees (`docs/STORE.md` says how):
//! - a command's records are written in the transaction that accepts them, with the seq and the
//!   command id unique in the database; a command is stored whole or not at all;
//! - writers take the campaign's row lock, catch up with records another process wrote, then
//!   execute, so two processes never fork the chain; a command sent with `expectedSeq` behind the
//!   head is refused with `CONFLICT`;
//! - a retried command id is answered from the stored records, never applied twice;
//! - opening restores the latest snapshot (taken every [`StoreOptions::snapshot_every`] records),
//!   checks it against the record at its seq, replays and verifies the tail; [`Store::verify`]
//!   replays the whole chain and checks every snapshot against it.
//!
//! ```
//! use grassroots_store::{Location, Store, StoreOptions};
//! let dir = std::env::temp_dir().join(format!("grassroots-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("campaign.db");
//! # let _ = std::fs::remove_file(&path);
//! let mut store = Store::create(&Location::sqlite(&path), StoreOptions::default()).unwrap();
//! // The embedded default's `openCampaign`, as a host would send it.
//! let open = grassroots_store::doc_open_command();
//! let answer = store.execute_json(&open).unwrap();
//! assert!(answer.contains("\"retried\":false"));
//! drop(store);
//! // A restart: the campaign is where it was, and the retry is answered from the store.
//! let mut store = Store::open(&Location::sqlite(&path), StoreOptions::default()).unwrap();
//! assert_eq!(store.head().seq, 1);
//! assert!(store.execute_json(&open).unwrap().contains("\"retried\":true"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod backend;
mod location;
mod postgres;
mod rows;
mod sqlite;
mod store;

pub use location::Location;
pub use store::{Progress, Store, StoreOptions, StoreStatus, Stored, Verified};

/// The version of the store's tables this crate writes and reads. A store of a newer version is
/// refused with `UNSUPPORTED_SCHEMA_VERSION`, never altered.
pub const STORE_FORMAT: u32 = 1;

/// The opening command of the doctests: the embedded default's `openCampaign` (hidden from the docs).
#[doc(hidden)]
pub fn doc_open_command() -> String {
    use grassroots::organization::OpenCampaign;
    use grassroots::{Actor, CampaignConfig, Command, CommandEnvelope, DivisionCode, Role, SCHEMA_VERSION};
    let scope = DivisionCode::parse("430104017000", "scope").expect("a valid code");
    let envelope = CommandEnvelope {
        schema_version: SCHEMA_VERSION,
        command_id: "c-1".into(),
        actor: Actor { id: "office".into(), role: Role::Administrator, scope },
        at: "2022-04-13T09:00:00+08:00".parse().expect("a valid moment"),
        expected_seq: None,
        command: Command::OpenCampaign(OpenCampaign { config: CampaignConfig::dongfanghong_2022() }),
    };
    serde_json::to_string(&envelope).expect("an envelope serializes")
}
