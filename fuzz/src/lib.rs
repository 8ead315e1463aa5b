//! The bodies of grassroots' fuzz targets (issue #15), shared by the cargo-fuzz targets of
//! `fuzz/fuzz_targets/` (one `fuzz_target!` line each) and by the fixed-seed fallback
//! (`src/bin/fallback.rs`, stable Rust), with the seed corpus both start from ([`seeds`]).
//!
//! Each body takes arbitrary bytes, drives one public door of the library with them and panics when
//! the library panics or breaks a promise of its documentation; a panic is a finding.
//!
//! | target | door |
//! |---|---|
//! | `json_execute` | `Campaign::execute_json` / `query_json` on a campaign built from a scenario prefix |
//! | `replay_restore` | `Campaign::replay_json` / `restore_json` on arbitrary text and mutated logs and snapshots |
//! | `csv_import` | the `importCsv` command, on the campaigns where the scenarios import CSV |
//! | `expression` | `Expression::parse`, printing, and evaluation through a questionnaire's rules |
//! | `xlsform` | `Questionnaire::from_xlsform_csv` and `Questionnaire::from_json` |
//! | `c_door` | the `gr_*` functions of the C door, compared with the core's JSON door |

pub mod c_door;
pub mod keys;
pub mod mutate;
pub mod questionnaire;
pub mod scenarios;
pub mod seeds;

use grassroots::engine::checkpoint::SigningKey;
use grassroots::{Campaign, Error, Event, Record};
use serde_json::Value;
use std::sync::OnceLock;

pub use c_door::c_door;
pub use questionnaire::{expression, xlsform};

/// A fuzz target: its name (as in `fuzz_targets/<name>.rs`) and its body.
pub struct Target {
    /// The name.
    pub name: &'static str,
    /// The body.
    pub run: fn(&[u8]),
}

/// Every target, in the order `scripts/fuzz.sh` runs them.
pub const TARGETS: &[Target] = &[
    Target { name: "json_execute", run: json_execute },
    Target { name: "replay_restore", run: replay_restore },
    Target { name: "csv_import", run: csv_import },
    Target { name: "expression", run: expression },
    Target { name: "xlsform", run: xlsform },
    Target { name: "c_door", run: c_door },
];

/// At most this many envelopes of one input are executed (bounds the time of one input).
const MAX_LINES: usize = 64;

/// Prefixes of a scenario are taken in steps of this many steps (bounds the number of bases).
pub const PREFIX_STEP: usize = 8;

/// Something that may change a campaign: a command envelope for `Campaign::execute_json`, or a
/// checkpoint request for `Campaign::sign_checkpoint_json` with one of the fixed keys of [`keys`].
#[derive(Clone, Copy)]
pub enum Op<'a> {
    /// A command envelope.
    Command(&'a str),
    /// A checkpoint request and the key to sign it with.
    Checkpoint(&'a str, &'static SigningKey),
}

impl Op<'_> {
    fn run(self, campaign: &mut Campaign) -> Result<String, Error> {
        match self {
            Op::Command(envelope) => campaign.execute_json(envelope),
            Op::Checkpoint(request, key) => campaign.sign_checkpoint_json(request, key),
        }
    }

    fn text(self) -> &'static str {
        match self {
            Op::Command(_) => "command",
            Op::Checkpoint(..) => "checkpoint",
        }
    }
}

/// Target `json_execute`: the JSON door.
///
/// The input is text: an optional first line `S:K` (scenario S of `tests/scenarios/`, in name order,
/// after its first K steps, K rounded down to a multiple of [`PREFIX_STEP`]) picks the campaign to
/// start from (else an empty one); every other line is a command envelope for
/// `Campaign::execute_json`, or, after a `?`, a query envelope for `Campaign::query_json`, or, after
/// a `!` (`!s` for SM2, `!e` or `!` for Ed25519), a checkpoint request for
/// `Campaign::sign_checkpoint_json` signed with a fixed key.
///
/// Checks: no panic; a refused command changes neither the head, the state nor the records held,
/// and its error round-trips through its JSON; an accepted one answers JSON whose records read
/// back as the records the campaign now holds (all of that command, the head at the last), and
/// its retry answers `retried:true`, changes nothing, and answers only records of that command; a
/// query answers JSON with a `result`; at the end (when something was accepted) the campaign's
/// exported log replays to an equal campaign with the same head and its snapshot restores to an equal
/// campaign ([`check_log_and_snapshot`]).
pub fn json_execute(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.split('\n').peekable();
    let base = match lines.peek().and_then(|first| parse_header(first)) {
        Some((s, k)) => {
            lines.next();
            scenarios::base(s, k)
        }
        None => scenarios::base(usize::MAX, 0),
    };
    let mut campaign = base.campaign();
    let mut accepted = 0;
    for line in lines.take(MAX_LINES) {
        if let Some(query) = line.strip_prefix('?') {
            query_checked(&campaign, query);
        } else if let Some(request) = line.strip_prefix('!') {
            let key = keys::key_of(request.bytes().next());
            let request = request.strip_prefix(['s', 'e']).unwrap_or(request);
            accepted += usize::from(execute_checked(&mut campaign, Op::Checkpoint(request, key)));
        } else if !line.trim().is_empty() {
            accepted += usize::from(execute_checked(&mut campaign, Op::Command(line)));
        }
    }
    if accepted > 0 {
        check_log_and_snapshot(&campaign, &base);
    }
}

/// `S:K` → (scenario, prefix), the prefix rounded down to a multiple of [`PREFIX_STEP`].
fn parse_header(line: &str) -> Option<(usize, usize)> {
    let (s, k) = line.trim().split_once(':')?;
    let s: usize = s.parse().ok()?;
    let k: usize = k.parse().ok()?;
    let count = scenarios::all().len();
    if count == 0 {
        return None;
    }
    let s = s % count;
    let k = k.min(scenarios::all()[s].steps.len());
    Some((s, k - k % PREFIX_STEP))
}

/// The `commandId` of an accepted envelope or request.
fn command_id_of(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("an accepted envelope is not JSON");
    value["commandId"].as_str().expect("an accepted envelope has no string `commandId`").to_string()
}

/// Whether the check `name` is named in the environment variable `GRASSROOTS_FUZZ_SKIP`
/// (comma-separated): to fuzz on past a known finding that is not fixed yet, in a long run by hand
/// (see `fuzz/regressions/README.md`). `scripts/fuzz.sh` never sets it.
pub fn skipped(name: &str) -> bool {
    static SKIP: OnceLock<Vec<String>> = OnceLock::new();
    SKIP.get_or_init(|| {
        std::env::var("GRASSROOTS_FUZZ_SKIP")
            .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    })
    .iter()
    .any(|s| s == name)
}

/// How many records the campaign holds.
fn held_count(campaign: &Campaign) -> usize {
    campaign.records_since(0).size_hint().0
}

/// Runs one command or checkpoint request and checks the door's promises; answers whether a new
/// one was accepted (not a retry).
pub fn execute_checked(campaign: &mut Campaign, op: Op<'_>) -> bool {
    let head = campaign.head();
    let state = campaign.state().clone();
    let held = held_count(campaign);
    match op.run(campaign) {
        Ok(answer) => {
            let what = op.text();
            let answer: Value = serde_json::from_str(&answer)
                .unwrap_or_else(|e| panic!("the {what}'s answer is not JSON ({e}): {answer}"));
            let version = Value::from(grassroots::SCHEMA_VERSION);
            assert_eq!(answer["schemaVersion"], version, "the {what}'s answer has another schemaVersion");
            let records = answer["records"]
                .as_array()
                .unwrap_or_else(|| panic!("the {what}'s answer has no `records` array"))
                .clone();
            // Read from text, not from the `Value`: one instance of the records' (large) deserializer
            // fewer to compile.
            let answered: Vec<Record> = serde_json::from_str(&Value::Array(records.clone()).to_string())
                .unwrap_or_else(|e| panic!("the {what}'s answered records do not read back as records: {e}"));
            let id = command_id_of(match op {
                Op::Command(text) | Op::Checkpoint(text, _) => text,
            });
            let retried = answer["retried"] == Value::Bool(true);
            if !(retried && skipped("retry-records")) {
                for record in &answered {
                    assert_eq!(
                        record.command_id, id,
                        "the {what} `{id}` (retried: {retried}) answered a record of command `{}` (seq {})",
                        record.command_id, record.seq
                    );
                }
            }
            if retried {
                assert_eq!(campaign.head(), head, "a retried {what} moved the head");
                assert!(campaign.state() == &state, "a retried {what} changed the state");
                assert_eq!(held_count(campaign), held, "a retried {what} changed the records held");
                return false;
            }
            assert_eq!(answer["retried"], Value::Bool(false), "`retried` is not a boolean");
            let after = campaign.head();
            assert!(!answered.is_empty(), "an accepted {what} recorded nothing");
            assert_eq!(after.seq, head.seq + answered.len() as u64, "the head did not advance by the records answered");
            let new: Vec<Record> = campaign.records_since(head.seq).cloned().collect();
            assert!(answered == new, "the answered records differ from the records the campaign holds");
            assert_eq!(new.last().map(|r| r.hash), Some(after.hash), "the head is not the last record's hash");
            if let Op::Checkpoint(..) = op {
                assert_eq!(answered.len(), 1, "a checkpoint recorded more than one record");
                assert!(matches!(answered[0].event, Event::CheckpointSigned(_)), "a checkpoint recorded another event");
            } else {
                assert!(
                    !answered.iter().any(|r| matches!(r.event, Event::CheckpointSigned(_))),
                    "a command recorded a checkpoint"
                );
            }
            // The same envelope again is a retry: accepted, nothing recorded, the same records.
            let state = campaign.state().clone();
            let retry = op
                .run(campaign)
                .unwrap_or_else(|e| panic!("the retry of an accepted {what} was refused: {}", e.to_json()));
            let retry: Value = serde_json::from_str(&retry).expect("the retry's answer is not JSON");
            assert_eq!(retry["retried"], Value::Bool(true), "the retry of an accepted {what} was not `retried`");
            assert_eq!(retry["records"], Value::Array(records), "the retry answered other records");
            assert_eq!(campaign.head(), after, "the retry moved the head");
            assert!(campaign.state() == &state, "the retry changed the state");
            true
        }
        Err(error) => {
            let what = op.text();
            assert_eq!(campaign.head(), head, "a refused {what} ({}) moved the head", error.code.as_str());
            assert!(campaign.state() == &state, "a refused {what} ({}) changed the state", error.code.as_str());
            assert_eq!(held_count(campaign), held, "a refused {what} changed the records held");
            check_error(&error);
            false
        }
    }
}

/// Answers one query envelope and checks the answer is JSON (or the error well-formed).
pub fn query_checked(campaign: &Campaign, envelope: &str) {
    match campaign.query_json(envelope) {
        Ok(answer) => {
            let answer: Value = serde_json::from_str(&answer)
                .unwrap_or_else(|e| panic!("query_json answered text that is not JSON ({e}): {answer}"));
            assert!(answer.get("result").is_some(), "query_json answered no `result`");
        }
        Err(error) => check_error(&error),
    }
}

/// An error's JSON parses, names its code, and reads back as the same error.
pub fn check_error(error: &Error) {
    let json = error.to_json();
    let value: Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("an error's JSON is not JSON ({e}): {json}"));
    assert_eq!(value["code"].as_str(), Some(error.code.as_str()), "an error's JSON names another code: {json}");
    assert!(value["message"].is_string(), "an error's JSON has no message: {json}");
    let back: Error =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("an error's JSON does not read back ({e}): {json}"));
    assert_eq!(&back, error, "an error's JSON reads back as another error");
}

/// Whether a log ends at a signed checkpoint.
fn ends_signed(records: &[Record]) -> bool {
    records.last().is_some_and(|r| matches!(r.event, Event::CheckpointSigned(_)))
}

/// The campaign's whole log (the base's records, then those it exports) replays, held to a trust
/// list of the fixed keys, to an equal campaign with the same head, and, when it ends at a
/// checkpoint, also with `requireSignedHead`; its snapshot restores to an equal campaign, and, when
/// the log ends at a checkpoint, so does its signed snapshot held to `requireSignedHead`. (Each is
/// one whole replay or restore per input: the cheaper checks that the plain and trusted forms agree,
/// and that `requireSignedHead` refuses what it must, are `replay_restore`'s.)
pub fn check_log_and_snapshot(campaign: &Campaign, base: &scenarios::Base) {
    let exported = campaign.records_since_json(base.seq());
    let exported: Vec<Record> = serde_json::from_str(&exported)
        .unwrap_or_else(|e| panic!("the exported records do not read back as records: {e}"));
    assert!(
        exported.iter().eq(campaign.records_since(base.seq())),
        "the exported records are not the records the campaign holds"
    );
    let mut records = base.records.clone();
    records.extend(exported);
    let log = serde_json::to_string(&records).expect("records serialize");
    let replayed = Campaign::replay_trusted_json(&log, &keys::trust_json(false)).unwrap_or_else(|e| {
        panic!("the campaign's exported log, signed only by the fixed keys, does not replay: {}", e.to_json())
    });
    assert_eq!(replayed.head(), campaign.head(), "the campaign's exported log replays to another head");
    assert!(replayed == *campaign, "the campaign's exported log replays to another campaign");
    let signed_head = ends_signed(&records);
    if signed_head {
        let trusted = Campaign::replay_trusted(records, &keys::trust(true))
            .unwrap_or_else(|e| panic!("a log that ends at a checkpoint fails `requireSignedHead`: {}", e.to_json()));
        assert!(trusted == *campaign, "the trusted replay gives another campaign");
    }
    let snapshot = campaign.snapshot_json();
    let restored = Campaign::restore_json(&snapshot)
        .unwrap_or_else(|e| panic!("the campaign's own snapshot does not restore: {}", e.to_json()));
    assert!(restored == *campaign, "the campaign's own snapshot restores to another campaign");
    if signed_head {
        let signed = campaign.snapshot_signed_json(keys::key_of(Some(b'e')));
        let restored = Campaign::restore_trusted_json(&signed, &keys::trust_json(true))
            .unwrap_or_else(|e| panic!("the campaign's own signed snapshot is not trusted: {}", e.to_json()));
        assert!(restored == *campaign, "the campaign's own signed snapshot restores to another campaign");
    }
}

/// Target `replay_restore`: `Campaign::replay_json` and `Campaign::restore_json` (and their trusted
/// forms) on the same text.
///
/// Checks: no panic; a log that replays holds exactly the records given, re-exports to a log that
/// replays to an equal campaign with the same head, and snapshots to one that restores to an equal
/// campaign; a snapshot that restores re-serializes to the same text, which restores to an equal
/// campaign; the trusted forms with an empty trust list answer as the plain ones, and with the fixed
/// keys and `requireSignedHead` accept only what the plain ones accept, a log only when it ends at
/// a checkpoint, a snapshot only when it is signed; errors round-trip through their JSON.
pub fn replay_restore(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let replayed = Campaign::replay_json(text);
    match &replayed {
        Ok(campaign) => {
            // The log is a JSON array or JSON lines (blank lines skipped, a byte-order mark allowed).
            let body = text.strip_prefix('\u{feff}').unwrap_or(text);
            let given: Vec<Record> = if body.trim_start().starts_with('[') {
                serde_json::from_str(body).expect("a log that replays does not parse as records")
            } else {
                body.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| serde_json::from_str(l).expect("a log that replays does not parse as JSON lines"))
                    .collect()
            };
            let held: Vec<Record> = campaign.records_since(0).cloned().collect();
            assert!(given == held, "a replayed campaign holds other records than those given");
            assert_eq!(campaign.head().seq, given.len() as u64, "a replayed campaign's head is not its last record");
            let log = campaign.records_since_json(0);
            let again = Campaign::replay_json(&log)
                .unwrap_or_else(|e| panic!("a replayed campaign's log does not replay: {}", e.to_json()));
            assert_eq!(again.head(), campaign.head(), "a replayed campaign's log replays to another head");
            assert!(again == *campaign, "a replayed campaign's log replays to another campaign");
            assert_eq!(again.records_since_json(0), log, "replaying a log twice gives another log");
            let restored = Campaign::restore_json(&campaign.snapshot_json())
                .unwrap_or_else(|e| panic!("a replayed campaign's snapshot does not restore: {}", e.to_json()));
            assert!(restored == *campaign, "a replayed campaign's snapshot restores to another campaign");
        }
        Err(error) => check_error(error),
    }
    let open = Campaign::replay_trusted_json(text, "{}");
    assert_eq!(
        open.as_ref().map(Campaign::head).map_err(Error::to_json),
        replayed.as_ref().map(Campaign::head).map_err(Error::to_json),
        "a replay trusting nothing answers otherwise than a plain replay"
    );
    match Campaign::replay_trusted_json(text, &keys::trust_json(true)) {
        Ok(campaign) => {
            let plain = replayed
                .as_ref()
                .unwrap_or_else(|e| panic!("a trusted replay accepts a log the plain one refuses: {}", e.to_json()));
            assert!(campaign == *plain, "the trusted replay gives another campaign");
            let held: Vec<Record> = campaign.records_since(0).cloned().collect();
            assert!(ends_signed(&held), "a log that does not end at a checkpoint passes `requireSignedHead`");
        }
        Err(error) => check_error(&error),
    }
    let restored = Campaign::restore_json(text);
    match &restored {
        Ok(campaign) => {
            let snapshot = campaign.snapshot_json();
            let again = Campaign::restore_json(&snapshot)
                .unwrap_or_else(|e| panic!("a restored campaign's snapshot does not restore: {}", e.to_json()));
            assert!(again == *campaign, "a restored campaign's snapshot restores to another campaign");
            assert_eq!(again.snapshot_json(), snapshot, "restoring a snapshot twice gives another snapshot");
            assert_eq!(campaign.records_since_json(0), "[]", "a restored campaign holds records");
        }
        Err(error) => check_error(error),
    }
    let open = Campaign::restore_trusted_json(text, "{}");
    assert_eq!(
        open.as_ref().map(Campaign::head).map_err(Error::to_json),
        restored.as_ref().map(Campaign::head).map_err(Error::to_json),
        "a restore trusting nothing answers otherwise than a plain restore"
    );
    match Campaign::restore_trusted_json(text, &keys::trust_json(true)) {
        Ok(campaign) => {
            let plain = restored.as_ref().unwrap_or_else(|e| {
                panic!("a trusted restore accepts a snapshot the plain one refuses: {}", e.to_json())
            });
            assert!(campaign == *plain, "the trusted restore gives another campaign");
            let value: Value = serde_json::from_str(text).expect("a snapshot that restores is JSON");
            assert!(value["signature"].is_object(), "an unsigned snapshot passes `requireSignedHead`");
        }
        Err(error) => check_error(&error),
    }
}

/// The tables of `importCsv`, in the order the second byte of a `csv_import` input picks them.
pub const CSV_TABLES: [&str; 4] = ["units", "households", "residents", "members"];

/// Target `csv_import`: the `importCsv` command.
///
/// The input's first byte picks the place (one of the scenario steps that import CSV: its campaign
/// before the step, its actor and time), the second the table ([`CSV_TABLES`]); the rest is the
/// file (UTF-8, invalid sequences replaced). The command goes through `execute_json` with the checks
/// of [`execute_checked`], and an accepted import's whole log must replay.
pub fn csv_import(data: &[u8]) {
    let sites = scenarios::csv_sites();
    if data.len() < 2 || sites.is_empty() {
        return;
    }
    let (s, step) = sites[data[0] as usize % sites.len()];
    let table = CSV_TABLES[data[1] as usize % CSV_TABLES.len()];
    let csv = String::from_utf8_lossy(&data[2..]);
    let mut envelope = scenarios::all()[s].steps[step].envelope.clone();
    envelope["commandId"] = Value::from("fuzz-csv-import");
    envelope["command"] = serde_json::json!({ "type": "importCsv", "table": table, "csv": csv });
    let base = scenarios::base(s, step);
    let mut campaign = base.campaign();
    if execute_checked(&mut campaign, Op::Command(&envelope.to_string())) {
        check_log_and_snapshot(&campaign, &base);
    }
}
