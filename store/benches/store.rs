//! The store's figures, printed beside their aims and beside the in-memory core in the same run.
//!
//! ```text
//! cargo bench -p grassroots-store --bench store
//! ```
//!
//! a. `moveHousehold` commands per second: the in-memory core; stored in SQLite and in PostgreSQL,
//!    batched (1,000 per transaction) and one per transaction;
//! b. opening a store of 1,000,000 records: from its latest snapshot plus a tail of 10,000 records,
//!    and by full replay (no snapshot); and `verify` of the whole chain.
//!
//! PostgreSQL: the server in `GRASSROOTS_TEST_POSTGRES`, else the one `scripts/postgres.sh` starts.
//! `GRASSROOTS_BENCH_SCALE` scales the sizes (e.g. `0.1` for a quick run).

use grassroots::people::Location as Place;
use grassroots::{
    Actor, Campaign, CampaignConfig, Command, CommandEnvelope, DivisionCode, OrgLevel, Role, SCHEMA_VERSION,
};
use grassroots_store::{Location, Store, StoreOptions};
use std::time::{Duration, Instant};

const SUBDISTRICT: &str = "430104017000";
const HOUSEHOLDS: usize = 10_000;

fn scale(n: usize) -> usize {
    let s: f64 = std::env::var("GRASSROOTS_BENCH_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
    ((n as f64 * s) as usize).max(100)
}

/// Envelopes with sequential ids and times, sent by the sub-district's office.
struct Envelopes {
    n: u64,
    actor: Actor,
    start: chrono::DateTime<chrono::FixedOffset>,
}

impl Envelopes {
    fn new() -> Envelopes {
        let scope = DivisionCode::parse(SUBDISTRICT, "scope").expect("a valid code");
        Envelopes {
            n: 0,
            actor: Actor { id: "ldxz-office".into(), role: Role::Administrator, scope },
            start: "2022-04-13T09:00:00+08:00".parse().expect("a time"),
        }
    }

    fn next(&mut self, command: Command) -> CommandEnvelope {
        self.n += 1;
        CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("b-{:08}", self.n),
            actor: self.actor.clone(),
            at: self.start + chrono::TimeDelta::milliseconds(self.n as i64 * 10),
            expected_seq: None,
            command,
        }
    }

    /// The campaign opened, five communities, and `households` households.
    fn setup(&mut self, households: usize) -> Vec<CommandEnvelope> {
        let mut out = vec![self.next(Command::OpenCampaign(grassroots::organization::OpenCampaign {
            config: CampaignConfig::dongfanghong_2022(),
        }))];
        for i in 1..=5 {
            out.push(self.next(Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit {
                name: format!("社区{i}"),
                code: format!("430104017{i:03}"),
                level: OrgLevel::Community,
            })));
        }
        for i in 0..households {
            out.push(self.next(Command::RegisterHousehold(grassroots::people::RegisterHousehold {
                id: format!("H{i:07}"),
                address: format!("东方红社区{}栋{}单元{:02}", i / 96 % 40 + 1, i / 48 % 2 + 1, i % 4 + 1),
                unit: format!("430104017{:03}", i % 5 + 1),
                building: Some(format!("{}栋", i / 96 % 40 + 1)),
                location: Some(Place { lat: 28.2 + (i % 1000) as f64 * 1e-5, lng: 112.9 + (i % 997) as f64 * 1e-5 }),
                key_place: None,
            })));
        }
        out
    }

    /// `n` `moveHousehold` commands, each recording one event.
    fn moves(&mut self, n: usize, households: usize) -> Vec<CommandEnvelope> {
        (0..n)
            .map(|k| {
                self.next(Command::MoveHousehold(grassroots::people::MoveHousehold {
                    household: format!("H{:07}", (k * 7919) % households),
                    address: None,
                    unit: None,
                    building: Some(format!("{}栋", k % 60 + 1)),
                    location: Some(Place {
                        lat: 28.19 + (k % 2000) as f64 * 1e-5,
                        lng: 112.89 + (k % 1999) as f64 * 1e-5,
                    }),
                }))
            })
            .collect()
    }
}

fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Stores `setup` (untimed), then times `moves` in batches of `batch`.
fn stored_rate(location: &Location, setup: &[CommandEnvelope], moves: &[CommandEnvelope], batch: usize) -> f64 {
    let options = StoreOptions { snapshot_every: 0, ..StoreOptions::default() };
    let mut store = Store::create(location, options).expect("a new store");
    for chunk in setup.chunks(1_000) {
        store.execute_batch(chunk.to_vec()).expect("stored");
    }
    let started = Instant::now();
    for chunk in moves.chunks(batch) {
        for answer in store.execute_batch(chunk.to_vec()).expect("stored") {
            answer.expect("accepted");
        }
    }
    per_second(moves.len(), started.elapsed())
}

/// A connection string to a new database on the test server (`None` when there is no server).
fn postgres_database(name: &str) -> Option<String> {
    let base = match std::env::var("GRASSROOTS_TEST_POSTGRES") {
        Ok(v) if !v.trim().is_empty() => v,
        _ => {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres.sh");
            let out = std::process::Command::new("bash").args([script, "start"]).output().ok()?;
            if !out.status.success() {
                eprintln!("PostgreSQL skipped: {}", String::from_utf8_lossy(&out.stderr).trim());
                return None;
            }
            String::from_utf8(out.stdout).ok()?.trim().to_string()
        }
    };
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).ok()?;
    // Two statements: CREATE DATABASE cannot share a transaction.
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).ok()?;
    admin.batch_execute(&format!("CREATE DATABASE {name}")).ok()?;
    Some(format!("{base} dbname={name}"))
}

struct Table(Vec<[String; 3]>);

impl Table {
    fn row(&mut self, figure: &str, value: String, aim: &str) {
        println!("  {figure:<58} {value:>16}  {aim}");
        self.0.push([figure.into(), value, aim.into()]);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is ignored: this bench prints every figure.
    let households = scale(HOUSEHOLDS);
    let moves_n = scale(100_000);
    let single_n = scale(2_000);
    let mut env = Envelopes::new();
    let setup = env.setup(households);
    let moves = env.moves(moves_n, households);
    let mut table = Table(Vec::new());
    println!("grassroots-store bench · {households} households, {moves_n} moveHousehold commands");

    // a. The in-memory core, the same commands.
    let mut campaign = Campaign::new();
    for e in &setup {
        campaign.execute(e.clone()).expect("setup");
    }
    let started = Instant::now();
    for e in &moves {
        campaign.execute(e.clone()).expect("accepted");
    }
    let memory = per_second(moves.len(), started.elapsed());
    table.row("in-memory core (Campaign::execute), commands/s", thousands(memory), "the reference");

    let dir = tempfile::tempdir().expect("a temp dir");
    let batched = stored_rate(&Location::sqlite(dir.path().join("a.db")), &setup, &moves, 1_000);
    table.row(
        "SQLite, 1,000 per transaction, commands/s",
        thousands(batched),
        &format!("aim ≥ 50,000 · {:.1}× slower than memory", memory / batched),
    );
    let single = stored_rate(&Location::sqlite(dir.path().join("b.db")), &setup, &moves[..single_n], 1);
    table.row(
        "SQLite, one per transaction (fsync each), commands/s",
        thousands(single),
        &format!("{:.0}× slower than memory", memory / single),
    );
    match postgres_database("grassroots_bench_a").zip(postgres_database("grassroots_bench_b")) {
        Some((a, b)) => {
            let batched = stored_rate(&Location::postgres(a), &setup, &moves, 1_000);
            table.row(
                "PostgreSQL, 1,000 per transaction, commands/s",
                thousands(batched),
                &format!("{:.1}× slower than memory", memory / batched),
            );
            let single = stored_rate(&Location::postgres(b), &setup, &moves[..single_n], 1);
            table.row(
                "PostgreSQL, one per transaction, commands/s",
                thousands(single),
                &format!("{:.0}× slower than memory", memory / single),
            );
        }
        None => println!("  PostgreSQL: no server (set GRASSROOTS_TEST_POSTGRES or install postgresql)"),
    }

    // b. Opening a store of 1,000,000 records.
    let records = scale(1_000_000);
    let tail = records / 100;
    let path = dir.path().join("million.db");
    let location = Location::sqlite(&path);
    {
        let mut env = Envelopes::new();
        let setup = env.setup(households);
        let more = env.moves(records - setup.len(), households);
        let options = StoreOptions { snapshot_every: 0, ..StoreOptions::default() };
        let mut store = Store::create(&location, options).expect("a new store");
        let (before, after) = more.split_at(more.len() - tail);
        for chunk in setup.chunks(5_000).chain(before.chunks(5_000)) {
            store.execute_batch(chunk.to_vec()).expect("stored");
        }
        store.snapshot().expect("a snapshot");
        for chunk in after.chunks(5_000) {
            store.execute_batch(chunk.to_vec()).expect("stored");
        }
        assert_eq!(store.head().seq as usize, records);
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len())
        + std::fs::metadata(path.with_extension("db-wal")).map_or(0, |m| m.len());
    let started = Instant::now();
    let mut store = Store::open(&location, StoreOptions::default()).expect("opens");
    let from_snapshot = started.elapsed();
    assert_eq!(store.status().opened_from_snapshot as usize, records - tail);
    table.row(
        &format!("open {} records: snapshot + {} tail, s", thousands(records as f64), thousands(tail as f64)),
        format!("{:.3}", from_snapshot.as_secs_f64()),
        "aim < 1 s",
    );
    let started = Instant::now();
    let verified = store.verify(&mut |_| {}).expect("verifies");
    table.row(
        "verify the whole chain (replay + snapshot check), s",
        format!("{:.3}", started.elapsed().as_secs_f64()),
        "",
    );
    assert_eq!(verified.records as usize, records);
    drop(store);
    rusqlite::Connection::open(&path)
        .expect("opens")
        .execute_batch("DELETE FROM grassroots_snapshots")
        .expect("deleted");
    let started = Instant::now();
    let store = Store::open(&location, StoreOptions::default()).expect("opens");
    table.row("open by full replay (no snapshot), s", format!("{:.3}", started.elapsed().as_secs_f64()), "");
    assert_eq!(store.head().seq as usize, records);
    println!("  (database file: {:.0} MB)", size as f64 / 1e6);
}
