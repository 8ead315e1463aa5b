//! Test fixtures: a fresh store on each backend. PostgreSQL runs against the real server that
//! `scripts/postgres.sh` starts (its connection string in `GRASSROOTS_TEST_POSTGRES`); without it,
//! PostgreSQL cases are skipped, unless `GRASSROOTS_REQUIRE_POSTGRES=1` (as `scripts/test.sh` sets),
//! which makes a missing server a failure.
#![allow(dead_code)]

use grassroots::{Campaign, CommandEnvelope};
use grassroots_demo::SampleSpec;
use grassroots_store::{Location, Store, StoreOptions};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh, empty database on one backend; dropped with the fixture.
pub struct Fixture {
    pub location: Location,
    pub kind: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg_database: Option<String>,
}

impl Fixture {
    pub fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let location = Location::sqlite(dir.path().join("campaign.db"));
        Fixture { location, kind: "sqlite", _dir: Some(dir), pg_database: None }
    }

    /// A new PostgreSQL database, or `None` when no server is configured (and none is required).
    pub fn postgres(test: &str) -> Option<Fixture> {
        let Some(base) = postgres_base() else {
            assert!(
                std::env::var("GRASSROOTS_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "GRASSROOTS_REQUIRE_POSTGRES=1 but GRASSROOTS_TEST_POSTGRES is not set: run `eval \"$(bash scripts/postgres.sh env)\"`"
            );
            eprintln!("skipped on PostgreSQL: GRASSROOTS_TEST_POSTGRES is not set");
            return None;
        };
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("gr_{}_{}_{}", test, std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(Fixture {
            location: Location::postgres(format!("{base} dbname={name}")),
            kind: "postgres",
            _dir: None,
            pg_database: Some(name),
        })
    }

    /// Every backend available: SQLite, and PostgreSQL when configured.
    pub fn all(test: &str) -> Vec<Fixture> {
        let mut all = vec![Fixture::sqlite()];
        all.extend(Fixture::postgres(test));
        all
    }

    pub fn create(&self, options: StoreOptions) -> Store {
        Store::create(&self.location, options).unwrap_or_else(|e| panic!("{}: {e}", self.kind))
    }

    pub fn open(&self, options: StoreOptions) -> grassroots::Result<Store> {
        Store::open(&self.location, options)
    }

    /// Runs SQL on the store's database (to tamper with it, as an attacker with access would).
    pub fn sql(&self, statement: &str) {
        match &self.location {
            Location::Sqlite(path) => {
                rusqlite::Connection::open(path).unwrap().execute_batch(statement).unwrap();
            }
            Location::Postgres(conninfo) => {
                postgres::Client::connect(conninfo, postgres::NoTls).unwrap().batch_execute(statement).unwrap();
            }
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let (Some(name), Some(base)) = (&self.pg_database, postgres_base())
            && let Ok(mut admin) = postgres::Client::connect(&base, postgres::NoTls)
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

fn postgres_base() -> Option<String> {
    std::env::var("GRASSROOTS_TEST_POSTGRES").ok().filter(|s| !s.trim().is_empty())
}

/// The sample campaign's commands (the default spec: 6 real units, 3,000 households).
pub fn sample() -> &'static [CommandEnvelope] {
    static SAMPLE: OnceLock<Vec<CommandEnvelope>> = OnceLock::new();
    SAMPLE.get_or_init(|| grassroots_demo::commands(&SampleSpec::default()))
}

/// The campaign after the first `n` sample commands, in memory.
pub fn in_memory(n: usize) -> Campaign {
    let mut campaign = Campaign::new();
    for envelope in &sample()[..n] {
        campaign.execute(envelope.clone()).unwrap();
    }
    campaign
}

pub fn options(snapshot_every: u64) -> StoreOptions {
    StoreOptions { snapshot_every, ..StoreOptions::default() }
}
