//! Crash safety, proven: a writer process is killed with SIGKILL at random moments while it stores
//! thousands of commands (mid-transaction, between a commit and its answer, while opening or taking
//! a snapshot), restarted, and sent again every command whose answer it never printed. For every kill
//! point the final head equals an uninterrupted run's, and the verified chain has every record once.
//!
//! The writer is this test binary itself, run with `GRASSROOTS_CRASH_WRITER` set (see
//! [`writer_process`]). `GRASSROOTS_CRASH_KILLS` sets the kills per backend (12 by default; the
//! test script runs 12, a longer run 200), `GRASSROOTS_CRASH_SEED` the seed of the kill schedule.

mod common;

use common::{Fixture, sample};
use grassroots_store::{Location, Store, StoreOptions};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const WRITER: &str = "GRASSROOTS_CRASH_WRITER";

/// How many sample commands each run stores.
const COMMANDS: usize = 3_000;

fn options() -> StoreOptions {
    // Snapshots often, so that kills land during snapshots and restarts open from them.
    StoreOptions { snapshot_every: 500, ..StoreOptions::default() }
}

/// The writer: opens (or creates) the store named in `GRASSROOTS_CRASH_WRITER`
/// (`location\tcommands-file\tfirst-index\tseed`), stores the commands from `first-index` on in
/// batches of 1 to 8, and prints `ack INDEX` (or `ack INDEX retried`) once each answer is back.
#[test]
fn writer_process() {
    let Ok(spec) = std::env::var(WRITER) else { return };
    let mut parts = spec.split('\t');
    let location = Location::parse(parts.next().unwrap());
    let file = std::fs::read_to_string(parts.next().unwrap()).unwrap();
    let first: usize = parts.next().unwrap().parse().unwrap();
    let mut rng = Rng(parts.next().unwrap().parse().unwrap());
    let mut store = Store::open_or_create(&location, options()).unwrap();
    let lines: Vec<&str> = file.lines().collect();
    let mut out = std::io::stdout().lock();
    let mut i = first;
    while i < lines.len() {
        let size = 1 + (rng.next() % 8) as usize;
        let end = (i + size).min(lines.len());
        let batch = lines[i..end].iter().map(|l| grassroots::wire::from_json(l).unwrap()).collect();
        let answers = store.execute_batch(batch).unwrap_or_else(|e| panic!("storage failed: {e}"));
        for (k, answer) in answers.into_iter().enumerate() {
            let stored = answer.unwrap_or_else(|e| panic!("command {} refused: {e}", i + k));
            let retried = if stored.executed.retried { " retried" } else { "" };
            writeln!(out, "ack {}{retried}", i + k).unwrap();
        }
        out.flush().unwrap();
        i = end;
    }
}

/// A small deterministic generator (xorshift64*): the kill schedule is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one writer process did before it ended or was killed.
struct Run {
    acked: Vec<(usize, bool)>,
    killed: bool,
}

/// Starts a writer from `first`, and kills it when `kill` says (after that many answers, then a
/// further pause in microseconds), or lets it finish.
fn run_writer(location: &Location, file: &std::path::Path, first: usize, seed: u64, kill: Option<(usize, u64)>) -> Run {
    let location = match location {
        Location::Sqlite(path) => path.display().to_string(),
        Location::Postgres(conninfo) => conninfo.clone(),
    };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "writer_process", "--nocapture", "--test-threads=1", "--quiet"])
        .env(WRITER, format!("{location}\t{}\t{first}\t{seed}", file.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("ack ") {
                let mut words = rest.split(' ');
                let index: usize = words.next().unwrap().parse().unwrap();
                let _ = tx.send((index, words.next() == Some("retried")));
            }
        }
    });
    let mut acked = Vec::new();
    let mut killed = false;
    if let Some((after, pause_us)) = kill {
        while acked.len() < after {
            match rx.recv_timeout(Duration::from_secs(120)) {
                Ok(a) => acked.push(a),
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_micros(pause_us));
        // SIGKILL: no destructor, no flush, no rollback of its own.
        killed = child.kill().is_ok();
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    acked.extend(rx.try_iter());
    if !killed || status.success() {
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(status.success() || killed, "the writer failed: {stderr}");
    }
    Run { acked, killed }
}

fn crash_and_resume(db: &Fixture) {
    let kills = env_u64("GRASSROOTS_CRASH_KILLS", 12) as usize;
    let mut rng = Rng(env_u64("GRASSROOTS_CRASH_SEED", 20_220_413) | 1);
    let commands = &sample()[..COMMANDS.min(sample().len())];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("commands.jsonl");
    let text: String = commands.iter().map(|c| serde_json::to_string(c).unwrap() + "\n").collect();
    std::fs::write(&file, text).unwrap();
    // The uninterrupted run's head.
    let mut expected = grassroots::Campaign::new();
    for c in commands {
        expected.execute(c.clone()).unwrap();
    }

    let mut next = 0;
    let mut resent_stored = 0;
    let mut kill_points = 0;
    let mut restarts = 0;
    while next < commands.len() {
        let remaining = commands.len() - next;
        let kill = (kill_points < kills).then(|| {
            // One kill in four lands while the writer opens the store (before any answer).
            let after = if rng.next().is_multiple_of(4) {
                0
            } else {
                1 + (rng.next() as usize % (2 * remaining / (kills - kill_points + 1)).max(1))
            };
            (after.min(remaining), rng.next() % 3_000)
        });
        let run = run_writer(&db.location, &file, next, rng.next() | 1, kill);
        restarts += 1;
        // Answers are printed in order: the first one after a restart may be a command that was
        // stored but whose answer the killed writer never printed.
        if let Some(&(first, retried)) = run.acked.first()
            && retried
        {
            assert_eq!(first, next);
            resent_stored += 1;
        }
        for (k, (index, _)) in run.acked.iter().enumerate() {
            assert_eq!(*index, next + k, "answers in order, none skipped");
        }
        next += run.acked.len();
        if run.killed {
            kill_points += 1;
        }
    }
    let mut store = Store::open(&db.location, options()).unwrap();
    assert_eq!(store.head(), expected.head(), "{}: the final head equals the uninterrupted run's", db.kind);
    let verified = store.verify(&mut |_| {}).unwrap();
    assert_eq!(verified.records, expected.head().seq, "{}: every record once, none lost", db.kind);
    eprintln!(
        "{}: {} commands, {} records, {kill_points} kills, {restarts} runs, {resent_stored} re-sent commands found already stored",
        db.kind,
        commands.len(),
        verified.records
    );
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing_on_sqlite() {
    if std::env::var(WRITER).is_ok() {
        return;
    }
    crash_and_resume(&Fixture::sqlite());
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing_on_postgresql() {
    if std::env::var(WRITER).is_ok() {
        return;
    }
    if let Some(db) = Fixture::postgres("crash") {
        crash_and_resume(&db);
    }
}
