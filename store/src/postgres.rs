//! The PostgreSQL backend: the same tables, `SELECT … FOR UPDATE` on the campaign's row as the write
//! lock, a batch of records in one `INSERT … SELECT FROM unnest(…)`.

use crate::STORE_FORMAT;
use crate::backend::{Backend, CommandRow, HeadRow, Row, check_format, no_campaign};
use grassroots::{Error, ErrorCode, Result};
use postgres::error::SqlState;
use postgres::{Client, NoTls};

/// The tables. `record` is `text`, not `jsonb`: the stored bytes are the record's own (a host may
/// cast it to `jsonb` to query it; the chain does not depend on key order, see `docs/STORE.md`).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS grassroots_store (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS grassroots_campaigns (
    campaign text PRIMARY KEY,
    head_seq bigint NOT NULL,
    head_hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS grassroots_records (
    campaign text NOT NULL,
    seq bigint NOT NULL,
    command_id text NOT NULL,
    hash text NOT NULL,
    record text NOT NULL,
    PRIMARY KEY (campaign, seq)
);
CREATE TABLE IF NOT EXISTS grassroots_commands (
    campaign text NOT NULL,
    command_id text NOT NULL,
    first_seq bigint NOT NULL,
    events integer NOT NULL,
    PRIMARY KEY (campaign, command_id)
);
CREATE TABLE IF NOT EXISTS grassroots_snapshots (
    campaign text NOT NULL,
    seq bigint NOT NULL,
    snapshot text NOT NULL,
    PRIMARY KEY (campaign, seq)
);
";

pub(crate) struct Postgres {
    client: Option<Client>,
    conninfo: String,
    /// The connection string with its password masked, for messages.
    shown: String,
}

impl Postgres {
    pub(crate) fn connect(conninfo: &str, shown: String) -> Result<Postgres> {
        let mut db = Postgres { client: None, conninfo: conninfo.to_string(), shown };
        db.reconnect()?;
        Ok(db)
    }

    fn client(&mut self) -> Result<&mut Client> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.reconnect()?;
        }
        self.client.as_mut().ok_or_else(|| unavailable(&self.shown, "not connected"))
    }

    fn map(&mut self, e: postgres::Error) -> Error {
        let error = map(&self.shown, &e);
        if e.is_closed() || e.as_db_error().is_none() {
            // The connection is gone (or in an unknown state): the next call connects again.
            self.client = None;
        }
        error
    }
}

fn unavailable(shown: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::StorageUnavailable,
        format!(
            "the PostgreSQL database {shown} could not be reached or went away ({why}): nothing was half-written; re-send the command with the same id once it is back"
        ),
    )
}

/// The library's error for a PostgreSQL failure; messages never carry a record's content.
fn map(shown: &str, e: &postgres::Error) -> Error {
    let Some(db) = e.as_db_error() else {
        return unavailable(shown, &e.to_string());
    };
    let code = db.code();
    if *code == SqlState::UNIQUE_VIOLATION {
        Error::new(
            ErrorCode::Conflict,
            format!(
                "another writer stored a record or command id first in {shown}: the store reloads; re-send the command"
            ),
        )
    } else if *code == SqlState::DISK_FULL
        || *code == SqlState::OUT_OF_MEMORY
        || *code == SqlState::PROGRAM_LIMIT_EXCEEDED
    {
        Error::new(
            ErrorCode::StorageFull,
            format!(
                "the PostgreSQL database {shown} is out of space ({}): nothing of the command was written",
                code.code()
            ),
        )
    } else if *code == SqlState::UNDEFINED_TABLE {
        Error::new(
            ErrorCode::NotACampaignStore,
            format!(
                "{shown} is not a campaign database (it has no grassroots_store table): create the store first (`grassroots init`, or open with create)"
            ),
        )
    } else if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED {
        Error::new(
            ErrorCode::TamperedLog,
            format!("{shown} reports damaged data ({}): restore it from a backup", code.code()),
        )
    } else {
        Error::new(
            ErrorCode::StorageUnavailable,
            format!(
                "the PostgreSQL database {shown} refused the statement ({} {}): re-send the command",
                code.code(),
                db.message()
            ),
        )
    }
}

impl Backend for Postgres {
    fn create(&mut self, campaign: &str) -> Result<()> {
        let shown = self.shown.clone();
        let client = self.client()?;
        let result = (|| {
            let mut tx = client.transaction()?;
            // Two processes creating at once wait for each other instead of racing on the catalog.
            tx.batch_execute("SELECT pg_advisory_xact_lock(4729012)")?;
            tx.batch_execute(SCHEMA)?;
            tx.execute(
                "INSERT INTO grassroots_store (key, value) VALUES ('format', $1) ON CONFLICT (key) DO NOTHING",
                &[&STORE_FORMAT.to_string()],
            )?;
            let inserted = tx.execute(
                "INSERT INTO grassroots_campaigns (campaign, head_seq, head_hash) VALUES ($1, 0, $2) ON CONFLICT (campaign) DO NOTHING",
                &[&campaign, &grassroots::Digest::ZERO.to_hex()],
            )?;
            let format: String = tx.query_one("SELECT value FROM grassroots_store WHERE key = 'format'", &[])?.get(0);
            tx.commit()?;
            Ok::<_, postgres::Error>((inserted, format))
        })();
        match result {
            Ok((inserted, format)) => {
                check_format(Some(&format), &shown)?;
                if inserted == 0 {
                    return Err(Error::new(
                        ErrorCode::AlreadyExists,
                        format!("{shown} already holds a campaign named `{campaign}`: open it instead"),
                    ));
                }
                Ok(())
            }
            Err(e) => Err(self.map(e)),
        }
    }

    fn check_format(&mut self) -> Result<()> {
        let shown = self.shown.clone();
        let client = self.client()?;
        let found = client.query_opt("SELECT value FROM grassroots_store WHERE key = 'format'", &[]);
        match found {
            Ok(row) => check_format(row.map(|r| r.get::<_, String>(0)).as_deref(), &shown),
            Err(e) => Err(self.map(e)),
        }
    }

    fn head(&mut self, campaign: &str) -> Result<Option<HeadRow>> {
        let client = self.client()?;
        match client.query_opt("SELECT head_seq, head_hash FROM grassroots_campaigns WHERE campaign = $1", &[&campaign])
        {
            Ok(row) => Ok(row.map(|r| HeadRow { seq: r.get::<_, i64>(0) as u64, hash: r.get(1) })),
            Err(e) => Err(self.map(e)),
        }
    }

    fn last_record_seq(&mut self, campaign: &str) -> Result<u64> {
        let client = self.client()?;
        match client.query_one("SELECT coalesce(max(seq), 0) FROM grassroots_records WHERE campaign = $1", &[&campaign])
        {
            Ok(row) => Ok(row.get::<_, i64>(0) as u64),
            Err(e) => Err(self.map(e)),
        }
    }

    fn begin_write(&mut self, campaign: &str) -> Result<HeadRow> {
        let shown = self.shown.clone();
        let client = self.client()?;
        let result = client.batch_execute("BEGIN").and_then(|()| {
            client.query_opt(
                "SELECT head_seq, head_hash FROM grassroots_campaigns WHERE campaign = $1 FOR UPDATE",
                &[&campaign],
            )
        });
        match result {
            Ok(Some(r)) => Ok(HeadRow { seq: r.get::<_, i64>(0) as u64, hash: r.get(1) }),
            Ok(None) => {
                self.rollback();
                Err(no_campaign(campaign, &shown))
            }
            Err(e) => {
                let error = self.map(e);
                self.rollback();
                Err(error)
            }
        }
    }

    fn append(&mut self, campaign: &str, rows: &[Row], commands: &[CommandRow], head: &HeadRow) -> Result<()> {
        let client = self.client()?;
        let seqs: Vec<i64> = rows.iter().map(|r| r.seq as i64).collect();
        let ids: Vec<&str> = rows.iter().map(|r| r.command_id.as_str()).collect();
        let hashes: Vec<&str> = rows.iter().map(|r| r.hash.as_str()).collect();
        let bodies: Vec<&str> = rows.iter().map(|r| r.record.as_str()).collect();
        let command_ids: Vec<&str> = commands.iter().map(|c| c.command_id.as_str()).collect();
        let firsts: Vec<i64> = commands.iter().map(|c| c.first_seq as i64).collect();
        let events: Vec<i32> = commands.iter().map(|c| c.events as i32).collect();
        let result = (|| {
            client.execute(
                "INSERT INTO grassroots_records (campaign, seq, command_id, hash, record)
                 SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])",
                &[&campaign, &seqs, &ids, &hashes, &bodies],
            )?;
            client.execute(
                "INSERT INTO grassroots_commands (campaign, command_id, first_seq, events)
                 SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::integer[])",
                &[&campaign, &command_ids, &firsts, &events],
            )?;
            client.execute(
                "UPDATE grassroots_campaigns SET head_seq = $2, head_hash = $3 WHERE campaign = $1",
                &[&campaign, &(head.seq as i64), &head.hash],
            )?;
            Ok::<_, postgres::Error>(())
        })();
        result.map_err(|e| self.map(e))
    }

    fn begin_read(&mut self) -> Result<()> {
        let client = self.client()?;
        let begun = client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        begun.map_err(|e| self.map(e))
    }

    fn end_read(&mut self) {
        self.rollback();
    }

    fn commit(&mut self) -> Result<()> {
        let client = self.client()?;
        let done = client.batch_execute("COMMIT");
        done.map_err(|e| self.map(e))
    }

    fn rollback(&mut self) {
        if let Some(client) = self.client.as_mut()
            && !client.is_closed()
            && client.batch_execute("ROLLBACK").is_err()
        {
            self.client = None;
        }
    }

    fn records(&mut self, campaign: &str, after: u64, limit: usize) -> Result<Vec<Row>> {
        let client = self.client()?;
        let found = client.query(
            "SELECT seq, command_id, hash, record FROM grassroots_records WHERE campaign = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&campaign, &(after as i64), &(limit as i64)],
        );
        match found {
            Ok(rows) => Ok(rows
                .iter()
                .map(|r| Row { seq: r.get::<_, i64>(0) as u64, command_id: r.get(1), hash: r.get(2), record: r.get(3) })
                .collect()),
            Err(e) => Err(self.map(e)),
        }
    }

    fn snapshot_seqs(&mut self, campaign: &str) -> Result<Vec<u64>> {
        let client = self.client()?;
        match client.query("SELECT seq FROM grassroots_snapshots WHERE campaign = $1 ORDER BY seq", &[&campaign]) {
            Ok(rows) => Ok(rows.iter().map(|r| r.get::<_, i64>(0) as u64).collect()),
            Err(e) => Err(self.map(e)),
        }
    }

    fn snapshot(&mut self, campaign: &str, seq: u64) -> Result<Option<String>> {
        let client = self.client()?;
        match client.query_opt(
            "SELECT snapshot FROM grassroots_snapshots WHERE campaign = $1 AND seq = $2",
            &[&campaign, &(seq as i64)],
        ) {
            Ok(row) => Ok(row.map(|r| r.get(0))),
            Err(e) => Err(self.map(e)),
        }
    }

    fn put_snapshot(&mut self, campaign: &str, seq: u64, snapshot: &str, keep: usize) -> Result<()> {
        let client = self.client()?;
        let result = (|| {
            let mut tx = client.transaction()?;
            tx.execute(
                "INSERT INTO grassroots_snapshots (campaign, seq, snapshot) VALUES ($1, $2, $3)
                 ON CONFLICT (campaign, seq) DO UPDATE SET snapshot = EXCLUDED.snapshot",
                &[&campaign, &(seq as i64), &snapshot],
            )?;
            tx.execute(
                "DELETE FROM grassroots_snapshots WHERE campaign = $1 AND seq NOT IN
                   (SELECT seq FROM grassroots_snapshots WHERE campaign = $1 ORDER BY seq DESC LIMIT $2)",
                &[&campaign, &(keep.max(1) as i64)],
            )?;
            tx.commit()
        })();
        result.map_err(|e| self.map(e))
    }

    fn reconnect(&mut self) -> Result<()> {
        match Client::connect(&self.conninfo, NoTls) {
            Ok(client) => {
                self.client = Some(client);
                Ok(())
            }
            Err(e) => {
                self.client = None;
                Err(unavailable(&self.shown, &e.to_string()))
            }
        }
    }
}
