//! The store: a campaign in memory, its records in a database, written in one transaction with the
//! command that made them.

use crate::backend::{Backend, CommandRow, HeadRow, Row};
use crate::location::Location;
use crate::postgres::Postgres;
use crate::rows::{record_of, row_of, tampered};
use crate::sqlite::Sqlite;
use grassroots::engine::checkpoint::Trust;
use grassroots::{Actor, Campaign, CommandEnvelope, Error, ErrorCode, Executed, Head, Query, QueryResult, Result};

/// Records read from the database at a time (opening, catching up, verifying, exporting).
const PAGE: usize = 10_000;

/// How a store is opened.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// The campaign's name in the store (a database may hold several campaigns): `main` by default.
    pub campaign: String,
    /// A snapshot is taken once this many records were stored since the last one (10,000 by
    /// default); 0 takes none.
    pub snapshot_every: u64,
    /// How many snapshots are kept (the latest; 2 by default, so that one damaged snapshot still
    /// leaves another).
    pub keep_snapshots: usize,
    /// What the snapshots and checkpoints are held to when the store is opened or verified.
    pub trust: Trust,
    /// SQLite only: the largest the file may grow, in bytes (`None`: as large as the disk allows).
    /// A write past it fails with `STORAGE_FULL`, as on a full disk.
    pub max_size_bytes: Option<u64>,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            campaign: "main".into(),
            snapshot_every: 10_000,
            keep_snapshots: 2,
            trust: Trust::default(),
            max_size_bytes: None,
        }
    }
}

/// A command's outcome once stored: what [`Campaign::execute`] answered, and the command's records
/// as stored (for a retry, the original records read back from the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// What the campaign did.
    pub executed: Executed,
    /// The command's records, each the JSON stored in the database.
    pub records: Vec<String>,
}

impl Stored {
    /// The core's `ExecuteResult` JSON of this command (`{"schemaVersion":2,"retried":…,"records":[…]}`),
    /// its records as stored: what [`Store::execute_json`] answers.
    pub fn execute_result_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.records.iter().map(|r| r.len() + 1).sum::<usize>());
        out.push_str("{\"schemaVersion\":");
        out.push_str(&grassroots::SCHEMA_VERSION.to_string());
        out.push_str(if self.executed.retried { ",\"retried\":true" } else { ",\"retried\":false" });
        out.push_str(",\"records\":[");
        for (i, record) in self.records.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(record);
        }
        out.push_str("]}");
        out
    }
}

/// What [`Store::verify`] checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The head the whole chain was replayed to.
    pub head: Head,
    /// How many records were replayed and verified.
    pub records: u64,
    /// How many stored snapshots were checked against the replayed state at their seq.
    pub snapshots: usize,
}

/// Where a long operation is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Records done.
    pub done: u64,
    /// Records in all.
    pub total: u64,
}

/// What a store is: for `grassroots status` and a host's health check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreStatus {
    /// Where it lives (any password masked).
    pub location: String,
    /// The campaign's name in it.
    pub campaign: String,
    /// The head.
    pub head: Head,
    /// The seq of the latest snapshot (0 when none).
    pub snapshot_seq: u64,
    /// The seq the store was opened at: the latest snapshot's, from which the tail was replayed.
    pub opened_from_snapshot: u64,
    /// Why the last snapshot could not be written, if it could not (the records are safe; the next
    /// write tries again).
    pub snapshot_error: Option<String>,
}

/// A campaign kept in a database. See the crate's documentation for what it guarantees.
pub struct Store {
    backend: Box<dyn Backend>,
    location: Location,
    options: StoreOptions,
    campaign: Campaign,
    /// The seq of the latest stored snapshot.
    snapshot_seq: u64,
    opened_from_snapshot: u64,
    snapshot_error: Option<String>,
    /// Set when a write failed after the campaign in memory had moved: it is rebuilt from the
    /// database before the next call.
    stale: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location.to_string())
            .field("campaign", &self.options.campaign)
            .field("head", &self.campaign.head())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a campaign store at `location`: the tables when the database has none (a new SQLite
    /// file is made), and an empty campaign named `options.campaign`, whose first command must be
    /// `openCampaign`.
    ///
    /// # Errors
    /// `ALREADY_EXISTS` when the store holds that campaign; `NOT_A_CAMPAIGN_STORE` for a SQLite file
    /// holding other tables; `UNSUPPORTED_SCHEMA_VERSION` for a store of a newer format;
    /// `STORAGE_UNAVAILABLE`.
    pub fn create(location: &Location, options: StoreOptions) -> Result<Store> {
        let mut backend = connect(location, true, &options)?;
        // A store of a newer format is never written to (an empty database has no format yet).
        if let Err(e) = backend.check_format()
            && e.code == ErrorCode::UnsupportedSchemaVersion
        {
            return Err(e);
        }
        backend.create(&options.campaign)?;
        Store::load(backend, location.clone(), options)
    }

    /// Opens the campaign store at `location`: restores the latest snapshot, checks it against the
    /// record at its seq, then replays and verifies the records after it.
    ///
    /// # Errors
    /// `NOT_A_CAMPAIGN_STORE` (no such file, another kind of file or database, no campaign by that
    /// name), `UNSUPPORTED_SCHEMA_VERSION`, `TAMPERED_LOG` naming the record (a record altered,
    /// dropped or added; a truncated table; a snapshot that does not match the chain),
    /// `INVALID_SNAPSHOT`, `UNTRUSTED_LOG` (as `options.trust` asks), `STORAGE_UNAVAILABLE`.
    pub fn open(location: &Location, options: StoreOptions) -> Result<Store> {
        let backend = connect(location, false, &options)?;
        Store::load(backend, location.clone(), options)
    }

    /// Opens the store at `location`, creating it (or the campaign) when there is none.
    ///
    /// # Errors
    /// As [`Store::open`] and [`Store::create`].
    pub fn open_or_create(location: &Location, options: StoreOptions) -> Result<Store> {
        match Store::open(location, options.clone()) {
            Err(e) if e.code == ErrorCode::NotACampaignStore && is_absent(location, &options) => {
                Store::create(location, options)
            }
            other => other,
        }
    }

    fn load(mut backend: Box<dyn Backend>, location: Location, options: StoreOptions) -> Result<Store> {
        let campaign = restore(backend.as_mut(), &location, &options)?;
        let snapshot_seq = backend.snapshot_seqs(&options.campaign)?.last().copied().unwrap_or(0);
        let opened_from_snapshot = campaign.1;
        Ok(Store {
            backend,
            location,
            options,
            campaign: campaign.0,
            snapshot_seq,
            opened_from_snapshot,
            snapshot_error: None,
            stale: false,
        })
    }

    /// The campaign as stored (read-only: every change goes through [`Store::execute`]).
    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// The head of the stored log (as this store last saw it).
    pub fn head(&self) -> Head {
        self.campaign.head()
    }

    /// Where the store is, its head and its snapshots.
    pub fn status(&self) -> StoreStatus {
        StoreStatus {
            location: self.location.to_string(),
            campaign: self.options.campaign.clone(),
            head: self.campaign.head(),
            snapshot_seq: self.snapshot_seq,
            opened_from_snapshot: self.opened_from_snapshot,
            snapshot_error: self.snapshot_error.clone(),
        }
    }

    /// Executes one command and stores its records in the same transaction. A retry of a stored
    /// command is answered from the stored records and changes nothing.
    ///
    /// # Errors
    /// Any error of [`Campaign::execute`] (nothing is written); a storage error (nothing is
    /// written, the campaign in memory is reloaded): re-send the command with the same id.
    pub fn execute(&mut self, envelope: CommandEnvelope) -> Result<Stored> {
        self.execute_batch(vec![envelope])?
            .pop()
            .unwrap_or_else(|| Err(Error::new(ErrorCode::MalformedInput, "no command")))
    }

    /// Executes commands in order and stores the records of those accepted in one transaction: one
    /// answer per command. A refused command changes nothing and does not stop the others.
    ///
    /// # Errors
    /// The outer error is a storage failure: then none of the batch was stored, and the campaign in
    /// memory is reloaded from the database; re-send the batch (accepted ids answer as retries).
    pub fn execute_batch(&mut self, envelopes: Vec<CommandEnvelope>) -> Result<Vec<Result<Stored>>> {
        self.ensure_fresh()?;
        let name = self.options.campaign.clone();
        let locked = self.backend.begin_write(&name)?;
        if let Err(e) = self.catch_up(&locked) {
            self.backend.rollback();
            self.stale = true;
            return Err(e);
        }
        let before = self.campaign.head().seq;
        let mut answers: Vec<Result<Executed>> = Vec::with_capacity(envelopes.len());
        let mut commands = Vec::new();
        for envelope in envelopes {
            let command_id = envelope.command_id.clone();
            let answer = self.campaign.execute(envelope);
            if let Ok(done) = &answer
                && !done.retried
            {
                commands.push(CommandRow { command_id, first_seq: done.first_seq, events: done.events });
            }
            answers.push(answer);
        }
        let rows: Vec<Row> = self.campaign.records_since(before).map(row_of).collect();
        if rows.is_empty() {
            self.backend.rollback();
        } else {
            let head = self.campaign.head();
            let stored = self
                .backend
                .append(&name, &rows, &commands, &HeadRow { seq: head.seq, hash: head.hash.to_hex() })
                .and_then(|()| self.backend.commit());
            if let Err(e) = stored {
                self.backend.rollback();
                // The campaign in memory holds records the database does not: rebuild it.
                self.stale = true;
                let _ = self.ensure_fresh();
                return Err(e);
            }
            self.campaign.release_records_through(head.seq);
        }
        let mut out = Vec::with_capacity(answers.len());
        for answer in answers {
            out.push(match answer {
                Ok(done) if !done.retried || done.first_seq > before => {
                    let range = done.seqs();
                    let records = rows.iter().filter(|r| range.contains(&r.seq)).map(|r| r.record.clone()).collect();
                    Ok(Stored { executed: done, records })
                }
                Ok(done) => self.stored_records(done),
                Err(e) => Err(e),
            });
        }
        self.maybe_snapshot();
        Ok(out)
    }

    /// Executes a JSON [`CommandEnvelope`] and answers the core's `ExecuteResult` JSON (`records` as
    /// stored), as the campaign's `execute_json` does.
    ///
    /// # Errors
    /// As [`Store::execute`], and `MALFORMED_INPUT` for a bad envelope.
    pub fn execute_json(&mut self, input: &str) -> Result<String> {
        if input.len() > grassroots::wire::MAX_INPUT_BYTES {
            return Err(Error::new(
                ErrorCode::InputTooLarge,
                format!(
                    "the command is {} bytes, over the limit of {}",
                    input.len(),
                    grassroots::wire::MAX_INPUT_BYTES
                ),
            ));
        }
        let envelope: CommandEnvelope = grassroots::wire::from_json(input)?;
        let stored = self.execute(envelope)?;
        Ok(stored.execute_result_json())
    }

    /// Executes command envelopes given as JSON lines (blank lines skipped) in one transaction, as
    /// [`Store::execute_batch`]; answers one line per envelope line, in order: the `ExecuteResult`
    /// JSON, or the error JSON of a refused command or of a line that is not an envelope (named by
    /// its line number, not stopping the others). Nothing to execute opens no transaction.
    ///
    /// # Errors
    /// A storage failure, as [`Store::execute_batch`]: nothing of the batch was stored.
    pub fn execute_json_lines(&mut self, input: &str) -> Result<String> {
        let mut parsed = Vec::new();
        let mut envelopes = Vec::new();
        for (i, line) in input.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match grassroots::wire::from_json::<CommandEnvelope>(line) {
                Ok(envelope) => {
                    envelopes.push(envelope);
                    parsed.push(None);
                }
                Err(mut e) => {
                    e.message = format!("line {} of the command lines: {}", i + 1, e.message);
                    parsed.push(Some(e));
                }
            }
        }
        let mut executed = if envelopes.is_empty() { Vec::new() } else { self.execute_batch(envelopes)? }.into_iter();
        let mut out = String::new();
        for refused in parsed {
            let answer = match refused {
                Some(e) => Err(e),
                None => executed.next().unwrap_or_else(|| Err(Error::new(ErrorCode::MalformedInput, "no answer"))),
            };
            match answer {
                Ok(stored) => out.push_str(&stored.execute_result_json()),
                Err(e) => out.push_str(&e.to_json()),
            }
            out.push('\n');
        }
        Ok(out)
    }

    /// Answers a query on the campaign as stored, after reading any records another process wrote.
    ///
    /// # Errors
    /// As [`Campaign::query`]; a storage error while catching up.
    pub fn query(&mut self, actor: &Actor, query: &Query) -> Result<QueryResult> {
        self.refresh()?;
        self.campaign.query(actor, query)
    }

    /// [`Store::query`] with a JSON `QueryEnvelope`, answering the `QueryAnswer` JSON.
    ///
    /// # Errors
    /// As [`Campaign::query_json`]; a storage error while catching up.
    pub fn query_json(&mut self, input: &str) -> Result<String> {
        self.refresh()?;
        self.campaign.query_json(input)
    }

    /// Reads the records other processes stored since this store last looked.
    ///
    /// # Errors
    /// `TAMPERED_LOG` for a record that does not follow the chain; `STORAGE_UNAVAILABLE`.
    pub fn refresh(&mut self) -> Result<()> {
        self.ensure_fresh()?;
        let name = self.options.campaign.clone();
        let Some(head) = self.backend.head(&name)? else {
            return Err(crate::backend::no_campaign(&name, &self.location.to_string()));
        };
        self.catch_up(&head).inspect_err(|_| self.stale = true)
    }

    /// Up to `limit` stored records after `seq`, as JSON lines (each line exactly the stored JSON,
    /// ending in `\n`), for an export or another system: page with the last seq you received.
    ///
    /// # Errors
    /// `STORAGE_UNAVAILABLE`.
    pub fn records_json_lines(&mut self, seq: u64, limit: usize) -> Result<String> {
        let rows = self.backend.records(&self.options.campaign, seq, limit.min(PAGE))?;
        let mut out = String::with_capacity(rows.iter().map(|r| r.record.len() + 1).sum());
        for row in rows {
            out.push_str(&row.record);
            out.push('\n');
        }
        Ok(out)
    }

    /// Takes a snapshot at the head now (besides the one taken every `snapshot_every` records).
    ///
    /// # Errors
    /// `STORAGE_FULL`, `STORAGE_UNAVAILABLE`.
    pub fn snapshot(&mut self) -> Result<u64> {
        self.refresh()?;
        let head = self.campaign.head().seq;
        let snapshot = self.campaign.snapshot_json();
        self.backend.put_snapshot(&self.options.campaign, head, &snapshot, self.options.keep_snapshots)?;
        self.snapshot_seq = head;
        self.snapshot_error = None;
        Ok(head)
    }

    /// Replays the whole stored chain from its first record, verifying every record and checkpoint,
    /// and checks each stored snapshot against the state replayed to its seq and the head row against
    /// the last record. `progress` is called after each page of records.
    ///
    /// # Errors
    /// `TAMPERED_LOG` naming the first bad record (or the snapshot that disagrees), `UNTRUSTED_LOG`,
    /// `STORAGE_UNAVAILABLE`.
    pub fn verify(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<Verified> {
        self.ensure_fresh()?;
        // One consistent view of the store, whatever other writers commit meanwhile.
        self.backend.begin_read()?;
        let verified = self.verify_in(progress);
        self.backend.end_read();
        verified
    }

    fn verify_in(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<Verified> {
        let name = self.options.campaign.clone();
        let Some(head) = self.backend.head(&name)? else {
            return Err(crate::backend::no_campaign(&name, &self.location.to_string()));
        };
        let snapshots = self.backend.snapshot_seqs(&name)?;
        let mut pending = snapshots.iter().copied().peekable();
        let mut campaign = Campaign::new();
        let mut checked = 0;
        let mut records = 0u64;
        loop {
            // Replays up to the next snapshot's seq at most, so that it is compared at its seq.
            let until = pending.peek().copied().unwrap_or(u64::MAX);
            let after = campaign.head().seq;
            let limit = PAGE.min(usize::try_from(until.saturating_sub(after)).unwrap_or(PAGE)).max(1);
            let rows = if until == after { Vec::new() } else { self.backend.records(&name, after, limit)? };
            records += rows.len() as u64;
            fold_rows(&mut campaign, &rows, &self.options.trust)?;
            progress(Progress { done: campaign.head().seq, total: head.seq });
            let at = campaign.head().seq;
            while pending.peek() == Some(&at) {
                pending.next();
                self.check_snapshot(&campaign, at)?;
                checked += 1;
            }
            if rows.is_empty() {
                break;
            }
        }
        if let Some(seq) = pending.next() {
            return Err(tampered(
                seq,
                format!("a snapshot is stored at seq {seq}, past the last record: the records table was truncated"),
            ));
        }
        check_head(&campaign, &head)?;
        Ok(Verified { head: campaign.head(), records, snapshots: checked })
    }

    fn check_snapshot(&mut self, replayed: &Campaign, seq: u64) -> Result<()> {
        let Some(text) = self.backend.snapshot(&self.options.campaign, seq)? else { return Ok(()) };
        let restored = restore_snapshot(&text, &self.options.trust)
            .map_err(|e| tampered(seq, format!("the snapshot at seq {seq} does not restore: {}", e.message)))?;
        if restored != *replayed {
            return Err(tampered(
                seq,
                format!(
                    "the snapshot at seq {seq} differs from the state replayed from the records: it was forged or the records altered"
                ),
            ));
        }
        Ok(())
    }

    /// The records of a retried command, read back from the database.
    fn stored_records(&mut self, done: Executed) -> Result<Stored> {
        let rows = self.backend.records(&self.options.campaign, done.first_seq - 1, done.events as usize)?;
        Ok(Stored { executed: done, records: rows.into_iter().map(|r| r.record).collect() })
    }

    /// Brings the campaign in memory to the database's head `head` (read under the write lock or
    /// not), verifying each record on the way.
    fn catch_up(&mut self, head: &HeadRow) -> Result<()> {
        let mine = self.campaign.head();
        if head.seq < mine.seq {
            return Err(tampered(
                head.seq,
                format!(
                    "the store's head is seq {} but this process stored up to seq {}: records were removed from the store",
                    head.seq, mine.seq
                ),
            ));
        }
        if head.seq == mine.seq {
            if head.hash != mine.hash.to_hex() {
                return Err(tampered(
                    head.seq,
                    format!("the store's head hash at seq {} is not the record's: the store was altered", head.seq),
                ));
            }
            return Ok(());
        }
        let name = self.options.campaign.clone();
        follow(self.backend.as_mut(), &name, &mut self.campaign, head.seq, &self.options.trust)?;
        check_head(&self.campaign, head)
    }

    /// Rebuilds the campaign from the database after a failed write.
    fn ensure_fresh(&mut self) -> Result<()> {
        if !self.stale {
            return Ok(());
        }
        self.backend.rollback();
        self.backend.reconnect()?;
        let (campaign, from) = restore(self.backend.as_mut(), &self.location, &self.options)?;
        self.campaign = campaign;
        self.opened_from_snapshot = from;
        self.stale = false;
        Ok(())
    }

    fn maybe_snapshot(&mut self) {
        let every = self.options.snapshot_every;
        let head = self.campaign.head().seq;
        if every == 0 || head < self.snapshot_seq.saturating_add(every) {
            return;
        }
        let snapshot = self.campaign.snapshot_json();
        match self.backend.put_snapshot(&self.options.campaign, head, &snapshot, self.options.keep_snapshots) {
            Ok(()) => {
                self.snapshot_seq = head;
                self.snapshot_error = None;
            }
            // The records are stored: a snapshot that could not be written only makes the next
            // opening replay more. The next write tries again.
            Err(e) => self.snapshot_error = Some(e.message),
        }
    }
}

fn connect(location: &Location, create: bool, options: &StoreOptions) -> Result<Box<dyn Backend>> {
    Ok(match location {
        Location::Sqlite(path) => {
            let mut db = Sqlite::open(path, create)?;
            if let Some(bytes) = options.max_size_bytes {
                db.limit_size(bytes)?;
            }
            Box::new(db)
        }
        Location::Postgres(conninfo) => Box::new(Postgres::connect(conninfo, location.to_string())?),
    })
}

/// Whether opening failed because there is nothing yet (no file, no tables, no campaign by the name).
fn is_absent(location: &Location, options: &StoreOptions) -> bool {
    match location {
        Location::Sqlite(path) => {
            // An empty file or a database without tables (a creation killed before its commit).
            !path.exists()
                || std::fs::metadata(path).is_ok_and(|m| m.len() == 0)
                || Sqlite::open(path, false).is_ok_and(|mut db| {
                    db.has_no_tables() || (db.check_format().is_ok() && matches!(db.head(&options.campaign), Ok(None)))
                })
        }
        Location::Postgres(conninfo) => {
            Postgres::connect(conninfo, location.to_string()).is_ok_and(|mut db| match db.check_format() {
                Ok(()) => matches!(db.head(&options.campaign), Ok(None)),
                Err(e) => e.code == ErrorCode::NotACampaignStore,
            })
        }
    }
}

/// The campaign as stored: the latest snapshot, checked against the record at its seq, and the
/// records after it; answers the snapshot's seq too.
fn restore(backend: &mut dyn Backend, location: &Location, options: &StoreOptions) -> Result<(Campaign, u64)> {
    backend.check_format()?;
    // One consistent view: a writer committing meanwhile must not look like a tampered store.
    backend.begin_read()?;
    let restored = restore_in(backend, location, options);
    backend.end_read();
    restored
}

fn restore_in(backend: &mut dyn Backend, location: &Location, options: &StoreOptions) -> Result<(Campaign, u64)> {
    let name = &options.campaign;
    let Some(head) = backend.head(name)? else {
        return Err(crate::backend::no_campaign(name, &location.to_string()));
    };
    let last = backend.last_record_seq(name)?;
    if last != head.seq {
        let seq = last.min(head.seq) + 1;
        return Err(tampered(
            seq,
            if last < head.seq {
                format!(
                    "the records table ends at seq {last} but the campaign's head is seq {}: records were removed or the table truncated",
                    head.seq
                )
            } else {
                format!(
                    "the records table holds records past the campaign's head (seq {}): records were added",
                    head.seq
                )
            },
        ));
    }
    let mut campaign = Campaign::new();
    let mut from = 0;
    if let Some(&seq) = backend.snapshot_seqs(name)?.iter().rev().find(|&&s| s <= head.seq) {
        let text = backend.snapshot(name, seq)?.unwrap_or_default();
        let restored = restore_snapshot(&text, &options.trust).map_err(|e| match e.code {
            ErrorCode::UntrustedLog => e,
            _ => tampered(
                seq,
                format!("the snapshot at seq {seq} does not restore ({}): the store was altered", e.message),
            ),
        })?;
        let at = backend.records(name, seq - 1, 1)?;
        let record = at.first().filter(|r| r.seq == seq).map(record_of).transpose()?;
        if restored.head().seq != seq || record.is_none_or(|r| r.hash != restored.head().hash) {
            return Err(tampered(
                seq,
                format!(
                    "the snapshot at seq {seq} does not match the record at its seq: the snapshot or the record was altered"
                ),
            ));
        }
        campaign = restored;
        from = seq;
    }
    follow(backend, name, &mut campaign, head.seq, &options.trust)?;
    check_head(&campaign, &head)?;
    Ok((campaign, from))
}

/// The head row must name the last record.
fn check_head(campaign: &Campaign, head: &HeadRow) -> Result<()> {
    let mine = campaign.head();
    if mine.seq != head.seq || mine.hash.to_hex() != head.hash {
        return Err(tampered(
            head.seq,
            format!("the campaign's head row (seq {}) does not name its last record: the store was altered", head.seq),
        ));
    }
    Ok(())
}

/// Folds stored rows onto `campaign`: each parsed and checked against its columns, then verified
/// after the head; the records are released from memory (the database holds them).
fn fold_rows(campaign: &mut Campaign, rows: &[Row], trust: &Trust) -> Result<()> {
    let records = rows.iter().map(record_of).collect::<Result<Vec<_>>>()?;
    campaign.extend_verified(records, trust)?;
    campaign.release_records_through(campaign.head().seq);
    Ok(())
}

/// Brings `campaign` to `until` with the stored records after its head, a page at a time.
fn follow(backend: &mut dyn Backend, name: &str, campaign: &mut Campaign, until: u64, trust: &Trust) -> Result<()> {
    while campaign.head().seq < until {
        let after = campaign.head().seq;
        let limit = PAGE.min(usize::try_from(until - after).unwrap_or(PAGE));
        let rows = backend.records(name, after, limit)?;
        if rows.is_empty() {
            return Err(tampered(
                after + 1,
                format!("record seq {} is missing: the store's head is seq {until}", after + 1),
            ));
        }
        fold_rows(campaign, &rows, trust)?;
    }
    Ok(())
}

/// Restores a stored snapshot, held to `trust`.
fn restore_snapshot(text: &str, trust: &Trust) -> Result<Campaign> {
    Campaign::restore_trusted(grassroots::wire::from_json::<grassroots::Snapshot>(text)?, trust)
}
