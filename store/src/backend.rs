//! The one interface both databases implement: a handful of statements over four tables.

use crate::STORE_FORMAT;
use grassroots::{Error, ErrorCode, Result};

/// One stored record: the columns a database indexes, and the record's JSON as the library wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub seq: u64,
    pub command_id: String,
    /// The record's hash, 64 hex digits.
    pub hash: String,
    /// The record's JSON, byte for byte as the campaign wrote it.
    pub record: String,
}

/// One accepted command: its id is unique per campaign in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommandRow {
    pub command_id: String,
    pub first_seq: u64,
    pub events: u32,
}

/// The campaign's row: its head, which every writer locks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct HeadRow {
    pub seq: u64,
    /// 64 hex digits (zeros before the first record).
    pub hash: String,
}

/// What a database does for a store. Every method maps a database failure to the library's error
/// codes: `STORAGE_UNAVAILABLE`, `STORAGE_FULL`, `NOT_A_CAMPAIGN_STORE`, `CONFLICT` (a unique seq or
/// command id taken), `TAMPERED_LOG` (a damaged file), `UNSUPPORTED_SCHEMA_VERSION`.
pub(crate) trait Backend: Send {
    /// Creates the tables when the database has none, and the campaign's row (refused with
    /// `ALREADY_EXISTS` when the campaign is there).
    fn create(&mut self, campaign: &str) -> Result<()>;
    /// Checks that the database is a campaign store of a format this crate reads.
    fn check_format(&mut self) -> Result<()>;
    /// The campaign's head row, `None` when the store has no such campaign.
    fn head(&mut self, campaign: &str) -> Result<Option<HeadRow>>;
    /// The highest seq in the records table (0 when empty).
    fn last_record_seq(&mut self, campaign: &str) -> Result<u64>;
    /// Opens a write transaction holding the campaign's row lock; answers the head under the lock.
    fn begin_write(&mut self, campaign: &str) -> Result<HeadRow>;
    /// Writes records, commands and the new head inside the open write transaction.
    fn append(&mut self, campaign: &str, rows: &[Row], commands: &[CommandRow], head: &HeadRow) -> Result<()>;
    /// Opens a read-only transaction: every read until [`Backend::end_read`] sees one consistent state
    /// of the database, whatever other writers commit meanwhile.
    fn begin_read(&mut self) -> Result<()>;
    /// Ends the read transaction (never fails: a read-only transaction has nothing to lose).
    fn end_read(&mut self);
    /// Commits the write transaction.
    fn commit(&mut self) -> Result<()>;
    /// Rolls back the write transaction, if one is open (never fails: a lost connection rolls back).
    fn rollback(&mut self);
    /// Up to `limit` records with a seq greater than `after`, in seq order.
    fn records(&mut self, campaign: &str, after: u64, limit: usize) -> Result<Vec<Row>>;
    /// The seqs of the stored snapshots, ascending.
    fn snapshot_seqs(&mut self, campaign: &str) -> Result<Vec<u64>>;
    /// The snapshot taken at `seq`.
    fn snapshot(&mut self, campaign: &str, seq: u64) -> Result<Option<String>>;
    /// Stores a snapshot in its own transaction and keeps only the latest `keep`.
    fn put_snapshot(&mut self, campaign: &str, seq: u64, snapshot: &str, keep: usize) -> Result<()>;
    /// Connects again after the connection was lost (PostgreSQL); a no-op for a file.
    fn reconnect(&mut self) -> Result<()>;
}

/// Checks the stored format against [`STORE_FORMAT`].
pub(crate) fn check_format(format: Option<&str>, location: &str) -> Result<()> {
    let Some(format) = format else {
        return Err(Error::new(
            ErrorCode::NotACampaignStore,
            format!("{location} has a grassroots_store table without its format: it was not written by this library"),
        ));
    };
    match format.parse::<u32>() {
        Ok(v) if v <= STORE_FORMAT && v > 0 => Ok(()),
        Ok(v) => Err(Error::new(
            ErrorCode::UnsupportedSchemaVersion,
            format!(
                "{location} is a store of format {v}, newer than this library reads ({STORE_FORMAT}): upgrade the library; the store was not changed"
            ),
        )),
        Err(_) => Err(Error::new(
            ErrorCode::NotACampaignStore,
            format!("{location} has a store format that is not a number: it was not written by this library"),
        )),
    }
}

/// `NOT_A_CAMPAIGN_STORE` for a campaign name the store does not hold.
pub(crate) fn no_campaign(campaign: &str, location: &str) -> Error {
    Error::new(
        ErrorCode::NotACampaignStore,
        format!(
            "{location} holds no campaign named `{campaign}`: create it first (`grassroots init --campaign`, or open with create), or name another"
        ),
    )
}
