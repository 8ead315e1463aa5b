//! The store's guarantees, on SQLite and on PostgreSQL: records stored with their command, a
//! restart that resumes where it was, retries answered from the store, snapshots, two writers that
//! never fork the chain, and every bad store refused with a clear error that changes nothing.

mod common;

use common::{Fixture, in_memory, options, sample};
use grassroots::{ErrorCode, SCHEMA_VERSION};
use grassroots_store::{Store, StoreOptions};

const N: usize = 400;

#[test]
fn a_restart_resumes_where_the_store_was() {
    for db in Fixture::all("resume") {
        let mut store = db.create(options(0));
        for envelope in &sample()[..N] {
            store.execute(envelope.clone()).unwrap();
        }
        let head = store.head();
        drop(store);
        let store = db.open(options(0)).unwrap();
        assert_eq!(store.head(), head, "{}", db.kind);
        assert!(*store.campaign() == in_memory(N), "{}: the reopened campaign equals one run in memory", db.kind);
    }
}

#[test]
fn a_batch_is_stored_in_one_transaction_and_answers_each_command() {
    for db in Fixture::all("batch") {
        let mut store = db.create(options(0));
        let mut batch = sample()[..N].to_vec();
        // A refused command in the middle changes nothing and does not stop the others.
        let mut bad = sample()[5].clone();
        bad.command_id = "refused-1".into();
        bad.schema_version = SCHEMA_VERSION + 1;
        batch.insert(10, bad);
        let answers = store.execute_batch(batch).unwrap();
        assert_eq!(answers.len(), N + 1);
        assert_eq!(answers[10].as_ref().unwrap_err().code, ErrorCode::UnsupportedSchemaVersion);
        assert!(answers.iter().enumerate().all(|(i, a)| i == 10 || a.is_ok()), "{}", db.kind);
        let stored: usize = answers.iter().filter_map(|a| a.as_ref().ok()).map(|s| s.records.len()).sum();
        assert_eq!(stored as u64, store.head().seq);
        assert_eq!(store.head(), in_memory(N).head());
    }
}

#[test]
fn a_retried_command_is_answered_from_the_stored_records_never_applied_twice() {
    for db in Fixture::all("retry") {
        let mut store = db.create(options(50));
        let mut first = Vec::new();
        for envelope in &sample()[..N] {
            first.push(store.execute(envelope.clone()).unwrap());
        }
        let head = store.head();
        drop(store);
        // After a restart from a snapshot, the records of early commands are not in memory.
        let mut store = db.open(options(50)).unwrap();
        assert!(store.status().opened_from_snapshot > 0, "{}", db.kind);
        for (envelope, original) in sample()[..N].iter().zip(&first).step_by(37) {
            let again = store.execute(envelope.clone()).unwrap();
            assert!(again.executed.retried);
            assert_eq!(again.records, original.records, "{}: the same stored bytes", db.kind);
        }
        assert_eq!(store.head(), head);
        let json = store.execute_json(&serde_json::to_string(&sample()[1]).unwrap()).unwrap();
        assert!(json.starts_with("{\"schemaVersion\":2,\"retried\":true,\"records\":[{\"actor\":"), "{json}");
    }
}

#[test]
fn snapshots_are_taken_every_n_records_and_the_store_opens_from_the_latest() {
    for db in Fixture::all("snapshots") {
        let mut store = db.create(StoreOptions { snapshot_every: 100, keep_snapshots: 2, ..StoreOptions::default() });
        for envelope in &sample()[..N] {
            store.execute(envelope.clone()).unwrap();
        }
        let status = store.status();
        assert!(status.snapshot_seq >= status.head.seq - 100 && status.snapshot_seq > 0, "{status:?}");
        drop(store);
        let store = db.open(options(100)).unwrap();
        assert_eq!(store.status().opened_from_snapshot, status.snapshot_seq);
        assert!(*store.campaign() == in_memory(N));
        let mut store = store;
        let verified = store.verify(&mut |_| {}).unwrap();
        assert_eq!(verified.head, status.head);
        assert_eq!(verified.records, status.head.seq);
        assert_eq!(verified.snapshots, 2, "{}: two snapshots kept and both checked", db.kind);
    }
}

#[test]
fn two_writers_never_fork_the_chain() {
    for db in Fixture::all("writers") {
        let mut a = db.create(options(0));
        let mut b = db.open(options(0)).unwrap();
        // Alternating writers: each catches up with the other's records before writing.
        for (i, envelope) in sample()[..N].iter().enumerate() {
            let writer = if i % 3 == 0 { &mut a } else { &mut b };
            writer.execute(envelope.clone()).unwrap();
        }
        a.refresh().unwrap();
        b.refresh().unwrap();
        assert_eq!(a.head(), b.head());
        assert_eq!(a.head(), in_memory(N).head(), "{}: one chain, as if one writer", db.kind);
        // A command decided on a stale view (expectedSeq behind) gets CONFLICT; the writer reloads
        // and retries.
        let mut stale = sample()[N].clone();
        stale.expected_seq = Some(a.head().seq);
        b.execute(sample()[N + 1].clone()).unwrap();
        let refused = a.execute(stale.clone()).unwrap_err();
        assert_eq!(refused.code, ErrorCode::Conflict, "{}", db.kind);
        a.refresh().unwrap();
        stale.expected_seq = Some(a.head().seq);
        a.execute(stale).unwrap();
        b.refresh().unwrap();
        assert_eq!(a.head(), b.head());
        let mut fresh = db.open(options(0)).unwrap();
        fresh.verify(&mut |_| {}).unwrap();
    }
}

#[test]
fn two_threads_writing_at_once_never_fork_the_chain() {
    for db in Fixture::all("threads") {
        db.create(options(0)).execute(sample()[0].clone()).unwrap();
        let halves: Vec<Vec<_>> = vec![
            sample()[1..N].iter().step_by(2).cloned().collect(),
            sample()[2..N].iter().step_by(2).cloned().collect(),
        ];
        std::thread::scope(|s| {
            for half in &halves {
                let location = db.location.clone();
                s.spawn(move || {
                    let mut store = Store::open(&location, options(0)).unwrap();
                    for envelope in half {
                        // Commands of the sample depend on earlier ones; a refusal for that reason
                        // is fine here: what matters is the chain.
                        let _ = store.execute(envelope.clone());
                    }
                });
            }
        });
        let mut store = db.open(options(0)).unwrap();
        let verified = store.verify(&mut |_| {}).unwrap();
        assert_eq!(verified.records, store.head().seq, "{}: a single chain without gaps", db.kind);
    }
}

/// A store of the first `N` sample commands, with snapshots every 100 records: its head and its
/// latest snapshot's seq.
fn filled(db: &Fixture) -> (u64, u64) {
    let mut store = db.create(options(100));
    for envelope in &sample()[..N] {
        store.execute(envelope.clone()).unwrap();
    }
    (store.head().seq, store.status().snapshot_seq)
}

#[test]
fn a_tampered_record_after_the_snapshot_is_refused_on_opening_naming_it() {
    for db in Fixture::all("tampered_tail") {
        let (head, _) = filled(&db);
        let tail = head - 2;
        db.sql(&format!(
            "UPDATE grassroots_records SET record = replace(record, '2022-04', '2022-05') WHERE seq = {tail}"
        ));
        let refused = db.open(options(100)).unwrap_err();
        assert_eq!((refused.code, refused.seq), (ErrorCode::TamperedLog, Some(tail)), "{}: {refused}", db.kind);
    }
}

#[test]
fn a_tampered_record_before_the_snapshot_is_refused_by_the_full_verification() {
    for db in Fixture::all("tampered_early") {
        let (_, snapshot) = filled(&db);
        let early = snapshot / 2;
        db.sql(&format!(
            "UPDATE grassroots_records SET record = replace(record, '2022-04', '2022-06') WHERE seq = {early}"
        ));
        // Opening reads the snapshot and the tail only (docs/STORE.md says what each check proves).
        let mut store = db.open(options(100)).unwrap();
        let refused = store.verify(&mut |_| {}).unwrap_err();
        assert_eq!((refused.code, refused.seq), (ErrorCode::TamperedLog, Some(early)), "{}: {refused}", db.kind);
    }
}

#[test]
fn a_truncated_records_table_or_a_forged_snapshot_is_refused() {
    for db in Fixture::all("truncated") {
        let mut store = db.create(options(100));
        for envelope in &sample()[..N] {
            store.execute(envelope.clone()).unwrap();
        }
        let head = store.head().seq;
        let snapshot = store.status().snapshot_seq;
        drop(store);
        db.sql(&format!("CREATE TABLE kept AS SELECT * FROM grassroots_records WHERE seq > {}", head - 3));
        db.sql(&format!("DELETE FROM grassroots_records WHERE seq > {}", head - 3));
        let refused = db.open(options(100)).unwrap_err();
        assert_eq!((refused.code, refused.seq), (ErrorCode::TamperedLog, Some(head - 2)), "{}: {refused}", db.kind);
        db.sql("INSERT INTO grassroots_records SELECT * FROM kept; DROP TABLE kept");
        db.open(options(100)).unwrap();
        // A snapshot edited (its state's digest no longer matches).
        db.sql(&format!(
            "UPDATE grassroots_snapshots SET snapshot = replace(snapshot, '东方红街道', '西方红街道') WHERE seq = {snapshot}"
        ));
        let refused = db.open(options(100)).unwrap_err();
        assert_eq!((refused.code, refused.seq), (ErrorCode::TamperedLog, Some(snapshot)), "{}: {refused}", db.kind);
    }
}

#[test]
fn what_is_not_a_campaign_store_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let missing = grassroots_store::Location::sqlite(dir.path().join("missing.db"));
    let e = Store::open(&missing, options(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotACampaignStore);
    assert!(e.message.contains("grassroots init"), "{e}");
    assert!(!dir.path().join("missing.db").exists(), "opening never creates");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "这不是数据库 — not a database, but long enough to look like a header ........").unwrap();
    let e = Store::open(&grassroots_store::Location::sqlite(&text), options(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotACampaignStore, "{e}");
    let e = Store::create(&grassroots_store::Location::sqlite(&text), options(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotACampaignStore, "{e}");
    assert!(std::fs::read_to_string(&text).unwrap().starts_with("这不是数据库"));

    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x INTEGER)").unwrap();
    let e = Store::open(&grassroots_store::Location::sqlite(&other), options(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotACampaignStore, "{e}");
    let e = Store::create(&grassroots_store::Location::sqlite(&other), options(0)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotACampaignStore, "{e}");

    for db in Fixture::all("newer") {
        db.create(options(0)).execute(sample()[0].clone()).unwrap();
        db.sql("UPDATE grassroots_store SET value = '99' WHERE key = 'format'");
        let e = db.open(options(0)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedSchemaVersion, "{}: {e}", db.kind);
        let e = Store::create(&db.location, StoreOptions { campaign: "second".into(), ..options(0) }).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedSchemaVersion, "{}: {e}", db.kind);
        let other = StoreOptions { campaign: "elsewhere".into(), ..options(0) };
        db.sql("UPDATE grassroots_store SET value = '1' WHERE key = 'format'");
        let e = db.open(other).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotACampaignStore, "{}: no campaign by that name: {e}", db.kind);
        assert_eq!(db.open(options(0)).unwrap().head().seq, 1, "{}: left as it was", db.kind);
    }
}

#[test]
fn a_full_disk_refuses_the_command_and_loses_nothing() {
    let db = Fixture::sqlite();
    let mut store = db.create(options(0));
    for envelope in &sample()[..50] {
        store.execute(envelope.clone()).unwrap();
    }
    drop(store);
    let size = match &db.location {
        grassroots_store::Location::Sqlite(p) => {
            std::fs::metadata(p).unwrap().len() + std::fs::metadata(p.with_extension("db-wal")).map_or(0, |m| m.len())
        }
        _ => unreachable!(),
    };
    let limited = StoreOptions { max_size_bytes: Some(size.max(64 * 1024)), ..options(0) };
    let mut store = db.open(limited).unwrap();
    let head = store.head();
    let mut full = None;
    for (i, envelope) in sample()[50..].iter().enumerate() {
        match store.execute(envelope.clone()) {
            Ok(_) => {}
            Err(e) => {
                full = Some((i + 50, e));
                break;
            }
        }
    }
    let (at, e) = full.expect("the size limit is reached");
    assert_eq!(e.code, ErrorCode::StorageFull, "{e}");
    assert!(store.head().seq >= head.seq);
    let stored = store.head();
    drop(store);
    // Nothing half-written: the store opens at the last command stored, and takes the refused one
    // again once there is room.
    let mut store = db.open(options(0)).unwrap();
    assert_eq!(store.head(), stored);
    store.execute(sample()[at].clone()).unwrap();
    assert_eq!(store.head(), in_memory(at + 1).head());
}

#[test]
fn a_postgresql_server_that_goes_away_mid_command_stores_it_whole_or_not_at_all() {
    let Some(db) = Fixture::postgres("goes_away") else { return };
    let mut store = db.create(options(0));
    for envelope in &sample()[..20] {
        store.execute(envelope.clone()).unwrap();
    }
    let head = store.head();
    // The insert of the next record waits, and the server drops the connection meanwhile.
    db.sql(
        "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$;
         CREATE TRIGGER slow BEFORE INSERT ON grassroots_records FOR EACH ROW EXECUTE FUNCTION slow();",
    );
    let location = db.location.clone();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let grassroots_store::Location::Postgres(conninfo) = location else { unreachable!() };
        let mut admin = postgres::Client::connect(&conninfo, postgres::NoTls).unwrap();
        admin
            .batch_execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'",
            )
            .unwrap();
    });
    let e = store.execute(sample()[20].clone()).unwrap_err();
    killer.join().unwrap();
    assert_eq!(e.code, ErrorCode::StorageUnavailable, "{e}");
    db.sql("DROP TRIGGER slow ON grassroots_records");
    // Nothing of it was stored; the same command sent again is stored once.
    assert_eq!(db.open(options(0)).unwrap().head(), head);
    let again = store.execute(sample()[20].clone()).unwrap();
    assert!(!again.executed.retried);
    assert_eq!(store.head(), in_memory(21).head());
    assert_eq!(db.open(options(0)).unwrap().head(), store.head());
}

#[cfg(unix)]
#[test]
fn a_new_database_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let db = Fixture::sqlite();
    db.create(options(0)).execute(sample()[0].clone()).unwrap();
    let grassroots_store::Location::Sqlite(path) = &db.location else { unreachable!() };
    for file in [path.clone(), path.with_extension("db-wal")] {
        if let Ok(meta) = std::fs::metadata(&file) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{}", file.display());
        }
    }
}

#[test]
fn a_creation_killed_before_its_tables_were_committed_is_created_again() {
    let db = Fixture::sqlite();
    let grassroots_store::Location::Sqlite(path) = &db.location else { unreachable!() };
    // What a kill leaves after SQLite wrote its header (WAL mode) and before the tables' commit.
    rusqlite::Connection::open(path).unwrap().query_row("PRAGMA journal_mode=WAL", [], |_| Ok(())).unwrap();
    assert!(std::fs::metadata(path).unwrap().len() > 0 || path.with_extension("db-wal").exists());
    let mut store = Store::open_or_create(&db.location, options(0)).unwrap();
    store.execute(sample()[0].clone()).unwrap();
    assert_eq!(Store::open(&db.location, options(0)).unwrap().head().seq, 1);
}

/// A store moves to another thread (a host's worker pool); it is used by one thread at a time.
#[test]
fn a_store_can_move_to_another_thread() {
    fn is_send<T: Send>() {}
    is_send::<Store>();
    let db = Fixture::sqlite();
    let mut store = db.create(options(0));
    store.execute(sample()[0].clone()).unwrap();
    let head = std::thread::spawn(move || store.head()).join().unwrap();
    assert_eq!(head.seq, 1);
}
