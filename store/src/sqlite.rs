//! The SQLite backend: one file, WAL journal, `synchronous=FULL`, the write lock taken up front.

use crate::STORE_FORMAT;
use crate::backend::{Backend, CommandRow, HeadRow, Row, check_format, no_campaign};
use grassroots::{Error, ErrorCode, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The tables (the same as PostgreSQL's; see `docs/STORE.md`).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS grassroots_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grassroots_campaigns (
    campaign TEXT PRIMARY KEY,
    head_seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grassroots_records (
    campaign TEXT NOT NULL,
    seq INTEGER NOT NULL,
    command_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (campaign, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grassroots_commands (
    campaign TEXT NOT NULL,
    command_id TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (campaign, command_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grassroots_snapshots (
    campaign TEXT NOT NULL,
    seq INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    PRIMARY KEY (campaign, seq)
);
";

/// How long a writer waits for another process's write lock before `STORAGE_UNAVAILABLE`.
const BUSY_WAIT: Duration = Duration::from_secs(30);

pub(crate) struct Sqlite {
    connection: Connection,
    path: PathBuf,
    in_transaction: bool,
}

impl Sqlite {
    /// Opens the file at `path`; with `create`, makes it when it does not exist. Without, a missing
    /// file is `NOT_A_CAMPAIGN_STORE` (never an empty database made by a typo).
    pub(crate) fn open(path: &Path, create: bool) -> Result<Sqlite> {
        if !create && !path.exists() {
            return Err(Error::new(
                ErrorCode::NotACampaignStore,
                format!(
                    "there is no campaign database at {}: create the store first (`grassroots init`, or open with create)",
                    path.display()
                ),
            ));
        }
        if create && !path.exists() {
            create_private(path).map_err(|e| {
                Error::new(
                    ErrorCode::StorageUnavailable,
                    format!("{} cannot be created ({e}): check the directory and its permissions", path.display()),
                )
            })?;
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let connection = Connection::open_with_flags(path, flags).map_err(|e| map(path, e))?;
        let mut db = Sqlite { connection, path: path.to_path_buf(), in_transaction: false };
        db.configure()?;
        Ok(db)
    }

    fn configure(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.connection.busy_timeout(BUSY_WAIT).map_err(|e| map(&path, e))?;
        // WAL: readers never block the writer; FULL: a committed command survives a power cut, not
        // only a crash of the process.
        self.connection.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(())).map_err(|e| map(&path, e))?;
        self.connection.execute_batch("PRAGMA synchronous=FULL;").map_err(|e| map(&path, e))?;
        Ok(())
    }

    /// Caps the file at `bytes` (rounded down to whole pages): a write past it fails with
    /// `STORAGE_FULL` and leaves the file as it was, as a full disk does.
    pub(crate) fn limit_size(&mut self, bytes: u64) -> Result<()> {
        let path = self.path.clone();
        let page: i64 = self.connection.query_row("PRAGMA page_size", [], |r| r.get(0)).map_err(|e| map(&path, e))?;
        let pages = (bytes / page.max(512) as u64).max(1);
        self.connection.query_row(&format!("PRAGMA max_page_count={pages}"), [], |_| Ok(())).map_err(|e| map(&path, e))
    }

    /// Whether the database has no tables at all: a file SQLite made (or a creation killed before its
    /// tables were committed), which a store may be created in.
    pub(crate) fn has_no_tables(&self) -> bool {
        self.connection
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get::<_, i64>(0))
            .is_ok_and(|n| n == 0)
    }

    fn map(&self, e: rusqlite::Error) -> Error {
        map(&self.path, e)
    }
}

/// Makes an empty file readable and writable by its owner only: the records name people (drug users,
/// people with prior offences), so the database is not left readable by every user of the machine.
/// SQLite gives its `-wal` and `-shm` files the same permissions.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// The library's error for a SQLite failure. Messages name the file, never a record's content.
fn map(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode as C;
    let file = path.display();
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::DiskFull => Error::new(
                ErrorCode::StorageFull,
                format!(
                    "the disk or the size limit of {file} is full: nothing of the command was written; free space and re-send it"
                ),
            ),
            C::NotADatabase => Error::new(
                ErrorCode::NotACampaignStore,
                format!(
                    "{file} is not a campaign database (not a SQLite file): pass a file made by `grassroots init` (or a store opened with create)"
                ),
            ),
            C::DatabaseCorrupt => Error::new(
                ErrorCode::TamperedLog,
                format!(
                    "{file} is damaged (SQLite reports it corrupt or truncated): restore it from a backup or an export"
                ),
            ),
            C::ConstraintViolation => Error::new(
                ErrorCode::Conflict,
                format!(
                    "another writer stored a record or command id first in {file}: the store reloads; re-send the command"
                ),
            ),
            C::DatabaseBusy | C::DatabaseLocked => Error::new(
                ErrorCode::StorageUnavailable,
                format!("{file} stayed locked by another process for {} s: re-send the command", BUSY_WAIT.as_secs()),
            ),
            C::ReadOnly | C::PermissionDenied | C::CannotOpen => Error::new(
                ErrorCode::StorageUnavailable,
                format!("{file} cannot be opened for writing ({:?}): check the path and its permissions", f.code),
            ),
            _ => Error::new(ErrorCode::StorageUnavailable, format!("{file} could not be read or written ({e})")),
        },
        _ => Error::new(ErrorCode::StorageUnavailable, format!("{file} could not be read or written ({e})")),
    }
}

impl Backend for Sqlite {
    fn create(&mut self, campaign: &str) -> Result<()> {
        // A file that is some other database is refused before anything is added to it.
        let tables: i64 = self
            .connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grassroots_%'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.map(e))?;
        if tables > 0 {
            return Err(Error::new(
                ErrorCode::NotACampaignStore,
                format!(
                    "{} already holds other tables: create the campaign database in a new file",
                    self.path.display()
                ),
            ));
        }
        let tx = self.connection.transaction().map_err(|e| map(&self.path, e))?;
        tx.execute_batch(SCHEMA).map_err(|e| map(&self.path, e))?;
        tx.execute(
            "INSERT OR IGNORE INTO grassroots_store (key, value) VALUES ('format', ?1)",
            params![STORE_FORMAT.to_string()],
        )
        .map_err(|e| map(&self.path, e))?;
        let inserted = tx
            .execute(
                "INSERT OR IGNORE INTO grassroots_campaigns (campaign, head_seq, head_hash) VALUES (?1, 0, ?2)",
                params![campaign, grassroots::Digest::ZERO.to_hex()],
            )
            .map_err(|e| map(&self.path, e))?;
        if inserted == 0 {
            return Err(Error::new(
                ErrorCode::AlreadyExists,
                format!("{} already holds a campaign named `{campaign}`: open it instead", self.path.display()),
            ));
        }
        tx.commit().map_err(|e| map(&self.path, e))
    }

    fn check_format(&mut self) -> Result<()> {
        let format: Option<String> = self
            .connection
            .query_row("SELECT value FROM grassroots_store WHERE key = 'format'", [], |r| r.get(0))
            .optional()
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(m)) if m.contains("no such table") => Error::new(
                    ErrorCode::NotACampaignStore,
                    format!("{} is not a campaign database (it has no grassroots_store table): pass a file made by `grassroots init` (or a store opened with create)", self.path.display()),
                ),
                e => self.map(e),
            })?;
        check_format(format.as_deref(), &self.path.display().to_string())
    }

    fn head(&mut self, campaign: &str) -> Result<Option<HeadRow>> {
        self.connection
            .prepare_cached("SELECT head_seq, head_hash FROM grassroots_campaigns WHERE campaign = ?1")
            .and_then(|mut s| {
                s.query_row(params![campaign], |r| Ok(HeadRow { seq: r.get::<_, i64>(0)? as u64, hash: r.get(1)? }))
                    .optional()
            })
            .map_err(|e| self.map(e))
    }

    fn last_record_seq(&mut self, campaign: &str) -> Result<u64> {
        self.connection
            .query_row(
                "SELECT coalesce(max(seq), 0) FROM grassroots_records WHERE campaign = ?1",
                params![campaign],
                |r| r.get::<_, i64>(0),
            )
            .map(|s| s as u64)
            .map_err(|e| self.map(e))
    }

    fn begin_write(&mut self, campaign: &str) -> Result<HeadRow> {
        // IMMEDIATE: the write lock up front, so two writers queue instead of both reading the same
        // head and failing at commit.
        self.connection.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.map(e))?;
        self.in_transaction = true;
        match self.head(campaign) {
            Ok(Some(head)) => Ok(head),
            Ok(None) => {
                self.rollback();
                Err(no_campaign(campaign, &self.path.display().to_string()))
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    fn append(&mut self, campaign: &str, rows: &[Row], commands: &[CommandRow], head: &HeadRow) -> Result<()> {
        let path = self.path.clone();
        let m = |e| map(&path, e);
        {
            let mut insert = self
                .connection
                .prepare_cached(
                    "INSERT INTO grassroots_records (campaign, seq, command_id, hash, record) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(m)?;
            for row in rows {
                insert.execute(params![campaign, row.seq as i64, row.command_id, row.hash, row.record]).map_err(m)?;
            }
        }
        {
            let mut insert = self
                .connection
                .prepare_cached(
                    "INSERT INTO grassroots_commands (campaign, command_id, first_seq, events) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(m)?;
            for c in commands {
                insert.execute(params![campaign, c.command_id, c.first_seq as i64, c.events]).map_err(m)?;
            }
        }
        self.connection
            .prepare_cached("UPDATE grassroots_campaigns SET head_seq = ?2, head_hash = ?3 WHERE campaign = ?1")
            .and_then(|mut s| s.execute(params![campaign, head.seq as i64, head.hash]))
            .map_err(m)?;
        Ok(())
    }

    fn begin_read(&mut self) -> Result<()> {
        // A deferred transaction in WAL mode reads from the snapshot of its first read.
        self.connection.execute_batch("BEGIN DEFERRED").map_err(|e| self.map(e))?;
        self.in_transaction = true;
        Ok(())
    }

    fn end_read(&mut self) {
        self.rollback();
    }

    fn commit(&mut self) -> Result<()> {
        let done = self.connection.execute_batch("COMMIT").map_err(|e| self.map(e));
        if done.is_err() {
            self.rollback();
        }
        self.in_transaction = false;
        done
    }

    fn rollback(&mut self) {
        if self.in_transaction || !self.connection.is_autocommit() {
            // A failed rollback leaves the connection in autocommit already (SQLite rolls back on
            // errors like SQLITE_FULL by itself).
            let _ = self.connection.execute_batch("ROLLBACK");
        }
        self.in_transaction = false;
    }

    fn records(&mut self, campaign: &str, after: u64, limit: usize) -> Result<Vec<Row>> {
        let path = self.path.clone();
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT seq, command_id, hash, record FROM grassroots_records WHERE campaign = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )
            .map_err(|e| map(&path, e))?;
        let rows = statement
            .query_map(params![campaign, after as i64, limit as i64], |r| {
                Ok(Row { seq: r.get::<_, i64>(0)? as u64, command_id: r.get(1)?, hash: r.get(2)?, record: r.get(3)? })
            })
            .map_err(|e| map(&path, e))?;
        rows.collect::<rusqlite::Result<Vec<Row>>>().map_err(|e| map(&path, e))
    }

    fn snapshot_seqs(&mut self, campaign: &str) -> Result<Vec<u64>> {
        let path = self.path.clone();
        let mut statement = self
            .connection
            .prepare_cached("SELECT seq FROM grassroots_snapshots WHERE campaign = ?1 ORDER BY seq")
            .map_err(|e| map(&path, e))?;
        let seqs = statement.query_map(params![campaign], |r| r.get::<_, i64>(0)).map_err(|e| map(&path, e))?;
        seqs.map(|s| s.map(|s| s as u64)).collect::<rusqlite::Result<Vec<u64>>>().map_err(|e| map(&path, e))
    }

    fn snapshot(&mut self, campaign: &str, seq: u64) -> Result<Option<String>> {
        self.connection
            .query_row(
                "SELECT snapshot FROM grassroots_snapshots WHERE campaign = ?1 AND seq = ?2",
                params![campaign, seq as i64],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.map(e))
    }

    fn put_snapshot(&mut self, campaign: &str, seq: u64, snapshot: &str, keep: usize) -> Result<()> {
        let path = self.path.clone();
        let tx = self.connection.transaction().map_err(|e| map(&path, e))?;
        tx.execute(
            "INSERT OR REPLACE INTO grassroots_snapshots (campaign, seq, snapshot) VALUES (?1, ?2, ?3)",
            params![campaign, seq as i64, snapshot],
        )
        .map_err(|e| map(&path, e))?;
        tx.execute(
            "DELETE FROM grassroots_snapshots WHERE campaign = ?1 AND seq NOT IN
               (SELECT seq FROM grassroots_snapshots WHERE campaign = ?1 ORDER BY seq DESC LIMIT ?2)",
            params![campaign, keep.max(1) as i64],
        )
        .map_err(|e| map(&path, e))?;
        tx.commit().map_err(|e| map(&path, e))
    }

    fn reconnect(&mut self) -> Result<()> {
        self.rollback();
        Ok(())
    }
}
