//! `gr_store_*` through the C ABI, as a C host calls it: a store opened, written, freed and opened
//! again in a new handle; retries; batches; two handles on one store; every kind of bad input; the store's
//! own failures (not a campaign store, a full file, an unreachable server, a tampered file).
//!
//! Each case runs on SQLite, and on PostgreSQL when `GRASSROOTS_TEST_POSTGRES` names a server
//! (`eval "$(bash scripts/postgres.sh env)"`; each case makes a database of its own and drops it).
//! With `GRASSROOTS_REQUIRE_POSTGRES=1`, a missing server is a failure instead of a skip.

use grassroots::{
    GR_MAX_INPUT_BYTES, gr_campaign_free, gr_campaign_head, gr_campaign_new, gr_campaign_replay, gr_status, gr_store,
    gr_store_execute, gr_store_execute_batch, gr_store_free, gr_store_head, gr_store_last_error, gr_store_open,
    gr_store_query, gr_store_records_since_lines, gr_store_refresh, gr_store_snapshot, gr_store_status,
    gr_store_verify, gr_string_free,
};
use serde_json::Value;
use std::ffi::{CStr, CString, c_char};
use std::ptr;
use std::sync::atomic::{AtomicU32, Ordering};

const OFFICE: &str = r#"{"id":"office","role":"administrator","scope":"430171004000"}"#;
const VILLAGE: &str = r#"{"id":"village","role":"communityCadre","scope":"430171004201"}"#;

fn envelope(id: &str, actor: &str, at: &str, command: &str) -> String {
    format!(r#"{{"schemaVersion":1,"commandId":"{id}","actor":{actor},"at":"{at}","command":{command}}}"#)
}

fn open_campaign() -> String {
    envelope(
        "c-1",
        OFFICE,
        "2022-04-13T09:00:00+08:00",
        r#"{"type":"openCampaign","config":{"title":"开展基层党组织整建提质专项行动","theme":"强组织、善治理、增活力",
            "city":{"code":"430100000000","name":"长沙市"},"district":{"code":"430171000000","name":"长沙高新区"},
            "subdistrict":{"code":"430171004000","name":"东方红街道"},"start":"2022-04-01","end":"2022-11-30",
            "phases":[{"phase":"survey","start":"2022-04-13","due":"2022-04-30"}]}}"#,
    )
}

fn register_community() -> String {
    envelope(
        "c-2",
        OFFICE,
        "2022-04-14T09:00:00+08:00",
        r#"{"type":"registerOrgUnit","code":"430171004001","level":"community","name":"东方红社区"}"#,
    )
}

fn register_household(n: u32) -> String {
    envelope(
        &format!("c-h{n}"),
        OFFICE,
        "2022-04-14T10:00:00+08:00",
        &format!(r#"{{"type":"registerHousehold","id":"h-{n}","unit":"430171004001","address":"东方红社区{n}号"}}"#),
    )
}

/// Many households in one command: its records are large.
fn import_households(id: &str, count: u32) -> String {
    let mut csv = String::from("户编号,地址,村社区代码\\n");
    for n in 0..count {
        csv.push_str(&format!("{id}-{n},东方红社区{n}栋{n}号,430171004001\\n"));
    }
    envelope(
        id,
        OFFICE,
        "2022-04-14T11:00:00+08:00",
        &format!(r#"{{"type":"importCsv","table":"households","csv":"{csv}"}}"#),
    )
}

/// A village's cadre may not register a household in a community: refused with OUT_OF_SCOPE.
fn out_of_scope() -> String {
    envelope(
        "c-refused",
        VILLAGE,
        "2022-04-14T12:00:00+08:00",
        r#"{"type":"registerHousehold","id":"h-x","unit":"430171004001","address":"东方红社区9栋901"}"#,
    )
}

/// An envelope on one line, for a batch (the JSON above is spread over several for the eye).
fn one_line(envelope: &str) -> String {
    envelope.replace('\n', " ")
}

fn households_query() -> String {
    format!(r#"{{"schemaVersion":1,"actor":{OFFICE},"query":{{"type":"households","unit":"430171004001"}}}}"#)
}

// -------------------------------------------------------------------------------------------------
// The C calls, wrapped

fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

/// Copies a string the library returned, and frees it.
fn take(s: *mut c_char) -> Option<String> {
    if s.is_null() {
        return None;
    }
    // SAFETY: `s` is a live string returned by the library; it is freed right after copying.
    let text = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
    // SAFETY: `s` came from the library and is freed once.
    unsafe { gr_string_free(s) };
    Some(text)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A failure: the status and the error JSON.
#[derive(Debug)]
struct Failure {
    status: gr_status,
    error: Value,
}

impl Failure {
    fn code(&self) -> &str {
        self.error["code"].as_str().unwrap_or("")
    }
}

/// A `gr_store *`, freed on drop.
#[derive(Debug)]
struct Store(*mut gr_store);

impl Drop for Store {
    fn drop(&mut self) {
        // SAFETY: the handle came from gr_store_open and is freed once.
        unsafe { gr_store_free(self.0) };
    }
}

fn open(location: &str, options: Option<&str>) -> Result<Store, Failure> {
    let location = c(location);
    let options = options.map(c);
    let mut store = ptr::null_mut();
    let mut error = ptr::null_mut();
    // SAFETY: valid strings (or NULL options) and out pointers.
    let status = unsafe {
        gr_store_open(location.as_ptr(), options.as_ref().map_or(ptr::null(), |o| o.as_ptr()), &mut store, &mut error)
    };
    if status == gr_status::GR_OK {
        assert!(!store.is_null());
        assert!(error.is_null(), "error_json_out written on success");
        Ok(Store(store))
    } else {
        assert!(store.is_null(), "store_out written on a failure");
        Err(Failure { status, error: json(&take(error).expect("an error JSON on a failure")) })
    }
}

impl Store {
    fn last_error(&self) -> Option<Value> {
        let mut error = ptr::null_mut();
        // SAFETY: live handle and valid out pointer.
        assert_eq!(unsafe { gr_store_last_error(self.0, &mut error) }, gr_status::GR_OK);
        take(error).map(|e| json(&e))
    }

    fn answer(&self, status: gr_status, out: *mut c_char) -> Result<String, Failure> {
        if status == gr_status::GR_OK {
            Ok(take(out).expect("an answer on GR_OK"))
        } else {
            assert!(out.is_null(), "the output was written on a failure");
            Err(Failure { status, error: self.last_error().expect("an error recorded on a failure") })
        }
    }

    fn execute(&mut self, command: &str) -> Result<Value, Failure> {
        let command = c(command);
        let mut out = ptr::null_mut();
        // SAFETY: live handle, valid string and out pointer.
        let status = unsafe { gr_store_execute(self.0, command.as_ptr(), &mut out) };
        self.answer(status, out).map(|a| json(&a))
    }

    /// `gr_store_execute_batch`: the answer lines, each parsed.
    fn execute_batch(&mut self, lines: &str) -> Result<Vec<Value>, Failure> {
        let lines = c(lines);
        let mut out = ptr::null_mut();
        // SAFETY: live handle, valid string and out pointer.
        let status = unsafe { gr_store_execute_batch(self.0, lines.as_ptr(), &mut out) };
        self.answer(status, out).map(|answers| {
            assert!(answers.is_empty() || answers.ends_with('\n'), "every answer line ends in a newline: {answers}");
            answers.lines().map(json).collect()
        })
    }

    fn query(&mut self, query: &str) -> Result<Value, Failure> {
        let query = c(query);
        let mut out = ptr::null_mut();
        // SAFETY: live handle, valid string and out pointer.
        let status = unsafe { gr_store_query(self.0, query.as_ptr(), &mut out) };
        self.answer(status, out).map(|a| json(&a))
    }

    fn head(&self) -> (u64, String) {
        let mut seq = u64::MAX;
        let mut hash = ptr::null_mut();
        // SAFETY: live handle and valid out pointers.
        assert_eq!(unsafe { gr_store_head(self.0, &mut seq, &mut hash) }, gr_status::GR_OK);
        (seq, take(hash).unwrap())
    }

    fn refresh(&mut self) -> Result<(), Failure> {
        // SAFETY: live handle.
        match unsafe { gr_store_refresh(self.0) } {
            gr_status::GR_OK => Ok(()),
            status => Err(Failure { status, error: self.last_error().expect("an error recorded on a failure") }),
        }
    }

    fn lines(&mut self, seq: u64, limit: usize) -> String {
        let mut out = ptr::null_mut();
        // SAFETY: live handle and valid out pointer.
        let status = unsafe { gr_store_records_since_lines(self.0, seq, limit, &mut out) };
        self.answer(status, out).unwrap()
    }

    fn snapshot(&mut self) -> u64 {
        let mut seq = 0;
        // SAFETY: live handle and valid out pointer.
        assert_eq!(unsafe { gr_store_snapshot(self.0, &mut seq) }, gr_status::GR_OK);
        seq
    }

    fn verify(&mut self) -> Result<Value, Failure> {
        let mut out = ptr::null_mut();
        // SAFETY: live handle and valid out pointer.
        let status = unsafe { gr_store_verify(self.0, &mut out) };
        self.answer(status, out).map(|a| json(&a))
    }

    fn status(&self) -> Value {
        let mut out = ptr::null_mut();
        // SAFETY: live handle and valid out pointer.
        let status = unsafe { gr_store_status(self.0, &mut out) };
        json(&self.answer(status, out).unwrap())
    }
}

// -------------------------------------------------------------------------------------------------
// Backends

/// A fresh, empty place for a store on one backend; removed with the fixture.
struct Fixture {
    location: String,
    kind: &'static str,
    dir: Option<tempfile::TempDir>,
    database: Option<(String, String)>,
}

impl Fixture {
    fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let location = dir.path().join("campaign.db").to_str().unwrap().to_owned();
        Fixture { location, kind: "sqlite", dir: Some(dir), database: None }
    }

    /// A new PostgreSQL database, or `None` when no server is configured (and none is required).
    fn postgres(test: &str) -> Option<Fixture> {
        let Some(base) = std::env::var("GRASSROOTS_TEST_POSTGRES").ok().filter(|s| !s.trim().is_empty()) else {
            assert!(
                std::env::var("GRASSROOTS_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "GRASSROOTS_REQUIRE_POSTGRES=1 but GRASSROOTS_TEST_POSTGRES is not set: run `eval \"$(bash scripts/postgres.sh env)\"`"
            );
            eprintln!("{test}: skipped on PostgreSQL: GRASSROOTS_TEST_POSTGRES is not set");
            return None;
        };
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("gr_c_{test}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(Fixture {
            location: format!("{base} dbname={name}"),
            kind: "postgres",
            dir: None,
            database: Some((base, name)),
        })
    }

    fn all(test: &str) -> Vec<Fixture> {
        let mut all = vec![Fixture::sqlite()];
        all.extend(Fixture::postgres(test));
        all
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.as_ref().expect("a SQLite fixture").path().join("campaign.db")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.database
            && let Ok(mut admin) = postgres::Client::connect(base, postgres::NoTls)
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

const CREATE: Option<&str> = Some(r#"{"create":true}"#);

// -------------------------------------------------------------------------------------------------
// Cases

#[test]
fn a_store_keeps_the_campaign_across_handles() {
    for f in Fixture::all("persists") {
        let kind = f.kind;
        let missing =
            open(&f.location, None).err().unwrap_or_else(|| panic!("{kind}: opened a store that is not there"));
        assert_eq!(missing.status, gr_status::GR_NOT_A_CAMPAIGN_STORE, "{kind}: {missing:?}");
        assert_eq!(missing.code(), "NOT_A_CAMPAIGN_STORE");
        assert!(
            missing.error["message"].as_str().unwrap().contains(r#""create":true"#),
            "{kind}: the hint: {missing:?}"
        );

        let mut store = open(&f.location, CREATE).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        assert_eq!(store.head().0, 0, "{kind}: a new store holds an empty campaign");
        assert!(store.last_error().is_none(), "{kind}: a fresh handle has no last error");
        let first = store.execute(&open_campaign()).unwrap();
        assert_eq!(first["retried"], false);
        store.execute(&register_community()).unwrap();
        store.execute(&register_household(1)).unwrap();
        let head = store.head();
        assert_eq!(head.0, 3, "{kind}: openCampaign, the community and the household");
        assert_eq!(head.1.len(), 64);

        // A refused command stores nothing; its error is on the handle.
        let refused = store.execute(&out_of_scope()).unwrap_err();
        assert_eq!((refused.status, refused.code()), (gr_status::GR_OUT_OF_SCOPE, "OUT_OF_SCOPE"), "{kind}");
        assert_eq!(store.head(), head);
        drop(store);

        // A restart: a new handle sees the head, answers a retry from the store, and goes on.
        let mut store = open(&f.location, None).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        assert_eq!(store.head(), head, "{kind}: reopened at the same head");
        let retried = store.execute(&open_campaign()).unwrap();
        assert_eq!(retried["retried"], true, "{kind}");
        assert_eq!(retried["records"], first["records"], "{kind}: the retry answers the stored records");
        assert_eq!(store.head(), head, "{kind}: a retry stores nothing");
        let households = store.query(&households_query()).unwrap();
        assert_eq!(households["result"]["households"].as_array().map(Vec::len), Some(1), "{kind}: {households}");
        store.execute(&register_household(2)).unwrap();
        assert_eq!(store.head().0, 4);

        // The stored records, as JSON lines, replay into a gr_campaign to the same head.
        let lines = store.lines(0, 100);
        assert_eq!(lines.lines().count(), 4, "{kind}");
        assert!(lines.ends_with('\n'));
        assert_eq!(store.lines(3, 1).lines().count(), 1, "{kind}: a page of one");
        assert_eq!(store.lines(4, 100), "", "{kind}: none after the head");
        assert_eq!(store.lines(0, 0), "", "{kind}: a limit of 0");
        let mut campaign = ptr::null_mut();
        // SAFETY: valid out pointer; then a live handle, a valid string, and valid out pointers.
        unsafe {
            assert_eq!(gr_campaign_new(&mut campaign), gr_status::GR_OK);
            assert_eq!(gr_campaign_replay(campaign, c(&lines).as_ptr()), gr_status::GR_OK);
            let (mut seq, mut hash) = (0, ptr::null_mut());
            assert_eq!(gr_campaign_head(campaign, &mut seq, &mut hash), gr_status::GR_OK);
            assert_eq!((seq, take(hash).unwrap()), store.head(), "{kind}: the lines replay to the store's head");
            gr_campaign_free(campaign);
        }

        // Verify, snapshot, and a reopening from the snapshot.
        let verified = store.verify().unwrap();
        assert_eq!(verified["records"], 4, "{kind}: {verified}");
        assert_eq!(verified["head"]["seq"], 4);
        assert_eq!(verified["head"]["hash"], store.head().1);
        assert_eq!(store.snapshot(), 4, "{kind}");
        assert_eq!(store.verify().unwrap()["snapshots"], 1, "{kind}: the snapshot is checked");
        let status = store.status();
        assert_eq!(status["campaign"], "main");
        assert_eq!(status["snapshotSeq"], 4);
        assert_eq!(status["snapshotError"], Value::Null);
        drop(store);
        let store = open(&f.location, Some(r#"{"campaign":"main","create":false}"#)).unwrap();
        assert_eq!(store.status()["openedFromSnapshot"], 4, "{kind}: opened from the snapshot");
        assert_eq!(store.head().0, 4);

        // Another campaign in the same store is another name.
        let other = open(&f.location, Some(r#"{"campaign":"2023"}"#)).unwrap_err();
        assert_eq!(other.status, gr_status::GR_NOT_A_CAMPAIGN_STORE, "{kind}: no campaign by that name");
        let other = open(&f.location, Some(r#"{"campaign":"2023","create":true}"#)).unwrap();
        assert_eq!(other.head().0, 0, "{kind}: a second, empty campaign beside the first");
        assert_eq!(other.status()["campaign"], "2023");
    }
}

#[test]
fn a_batch_is_stored_in_one_call_with_an_answer_per_line() {
    for f in Fixture::all("batch") {
        let kind = f.kind;
        let mut store = open(&f.location, CREATE).unwrap();
        // A command relies on those before it; a refusal and a line that is no envelope do not stop
        // the others; blank lines are skipped, a CRLF line is read as its envelope.
        let batch = [
            one_line(&open_campaign()),
            register_community(),
            String::new(),
            out_of_scope(),
            "{not an envelope".to_owned(),
            register_household(1),
            format!("{}\r", register_household(2)),
            "   ".to_owned(),
        ]
        .join("\n");
        let answers = store.execute_batch(&batch).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        assert_eq!(answers.len(), 6, "{kind}: one answer per envelope line: {answers:?}");
        for i in [0, 1, 4, 5] {
            assert_eq!(answers[i]["retried"], false, "{kind}: line answer {i}: {}", answers[i]);
            assert_eq!(answers[i]["records"].as_array().map(Vec::len), Some(1), "{kind}: {}", answers[i]);
            assert!(answers[i].get("code").is_none());
        }
        assert_eq!(answers[2]["code"], "OUT_OF_SCOPE", "{kind}: the refused command: {}", answers[2]);
        assert_eq!(answers[3]["code"], "MALFORMED_INPUT", "{kind}: {}", answers[3]);
        assert!(
            answers[3]["message"].as_str().unwrap().starts_with("line 5 of the command lines: "),
            "{kind}: the bad line is named by its number: {}",
            answers[3]
        );
        let head = store.head();
        assert_eq!(head.0, 4, "{kind}: the four accepted commands are stored, the refused ones not");
        let seqs: Vec<u64> = answers.iter().filter_map(|a| a["records"][0]["seq"].as_u64()).collect();
        assert_eq!(seqs, [1, 2, 3, 4], "{kind}: in the order of the lines");

        // The refusal is answered as gr_store_execute answers it.
        let alone = store.execute(&out_of_scope()).unwrap_err();
        assert_eq!(alone.error, answers[2], "{kind}");
        // The answers carry the records as stored.
        let stored: Vec<Value> = store.lines(0, 100).lines().map(json).collect();
        let answered: Vec<Value> = answers.iter().filter_map(|a| a["records"].get(0).cloned()).collect();
        assert_eq!(stored, answered, "{kind}");

        // The same batch again: the accepted commands are retries, answered from the store.
        let again = store.execute_batch(&batch).unwrap();
        assert_eq!(again.len(), 6);
        for i in [0, 1, 4, 5] {
            assert_eq!(again[i]["retried"], true, "{kind}: {}", again[i]);
            assert_eq!(again[i]["records"], answers[i]["records"], "{kind}");
        }
        assert_eq!(
            (again[2]["code"].as_str(), again[3]["code"].as_str()),
            (Some("OUT_OF_SCOPE"), Some("MALFORMED_INPUT"))
        );
        assert_eq!(store.head(), head, "{kind}: a batch of retries and refusals stores nothing");

        // A command's own expectedSeq conflict is its line's answer; nothing, or blank lines only, is "".
        let stale = envelope(
            "c-stale",
            OFFICE,
            "2022-04-15T09:00:00+08:00",
            r#"{"type":"registerOrgUnit","code":"430171004002","level":"community","name":"金南社区"}"#,
        )
        .replace(r#""command":"#, r#""expectedSeq":1,"command":"#);
        let answers = store.execute_batch(&format!("{stale}\n{}\n", register_household(3))).unwrap();
        assert_eq!(
            (answers[0]["code"].as_str(), answers[1]["retried"].as_bool()),
            (Some("CONFLICT"), Some(false)),
            "{kind}"
        );
        assert_eq!(store.execute_batch("").unwrap(), Vec::<Value>::new());
        assert_eq!(store.execute_batch("\n \r\n\n").unwrap(), Vec::<Value>::new());
        assert_eq!(store.head().0, 5, "{kind}");
        let head = store.head();
        drop(store);

        // A restart sees the batches.
        let mut store = open(&f.location, None).unwrap();
        assert_eq!(store.head(), head, "{kind}: reopened at the same head");
        let households = store.query(&households_query()).unwrap();
        assert_eq!(households["result"]["households"].as_array().map(Vec::len), Some(3), "{kind}: {households}");
        assert_eq!(store.verify().unwrap()["records"], 5, "{kind}");
    }
}

#[test]
fn a_batch_over_the_limit_is_refused_whole() {
    let f = Fixture::sqlite();
    let mut store = open(&f.location, CREATE).unwrap();
    store.execute(&open_campaign()).unwrap();
    let mut text = register_community();
    text.push('\n');
    text.push_str(&" ".repeat(GR_MAX_INPUT_BYTES + 1 - text.len()));
    let e = store.execute_batch(&text).unwrap_err();
    assert_eq!((e.status, e.code()), (gr_status::GR_INPUT_TOO_LARGE, "INPUT_TOO_LARGE"), "{e:?}");
    assert!(e.error["message"].as_str().unwrap().contains("commands_lines"), "{e:?}");
    assert_eq!(store.head().0, 1, "nothing of it was executed");
    text.pop(); // at the limit: read
    let answers = store.execute_batch(&text).unwrap();
    assert_eq!((answers.len(), store.head().0), (1, 2));
}

#[test]
fn two_handles_on_one_store_see_each_other() {
    for f in Fixture::all("two_handles") {
        let kind = f.kind;
        let mut a = open(&f.location, CREATE).unwrap();
        let mut b = open(&f.location, None).unwrap();
        a.execute(&open_campaign()).unwrap();
        a.execute(&register_community()).unwrap();
        // B catches up before it writes: the chain does not fork.
        b.execute(&register_household(1)).unwrap();
        assert_eq!(b.head().0, 3, "{kind}");
        assert_eq!(a.head().0, 2, "{kind}: A has not looked yet");
        a.refresh().unwrap();
        assert_eq!(a.head(), b.head(), "{kind}: A reads what B wrote");
        b.execute(&register_household(2)).unwrap();
        let households = a.query(&households_query()).unwrap();
        assert_eq!(
            households["result"]["households"].as_array().map(Vec::len),
            Some(2),
            "{kind}: a query reads it too"
        );
        assert_eq!(a.head(), b.head());
        // A retry through the other handle is a retry.
        assert_eq!(a.execute(&register_household(2)).unwrap()["retried"], true, "{kind}");
        // A batch reads what the other handle wrote before it writes, too.
        b.execute_batch(&format!("{}\n{}", register_household(3), register_household(2))).unwrap();
        a.execute_batch(&register_household(4)).unwrap();
        b.refresh().unwrap();
        assert_eq!((a.head(), a.head().0), (b.head(), 6), "{kind}");
        let conflict = a
            .execute(
                &envelope(
                    "c-late",
                    OFFICE,
                    "2022-04-15T09:00:00+08:00",
                    r#"{"type":"registerOrgUnit","code":"430171004002","level":"community","name":"金南社区"}"#,
                )
                .replace(r#""command":"#, r#""expectedSeq":1,"command":"#),
            )
            .unwrap_err();
        assert_eq!(conflict.status, gr_status::GR_CONFLICT, "{kind}: {conflict:?}");
    }
}

#[test]
fn a_file_that_is_no_campaign_store_is_refused() {
    let f = Fixture::sqlite();
    std::fs::write(f.path(), "name,address\nthis is a CSV file, not a database\n".repeat(100)).unwrap();
    for options in [None, CREATE] {
        let e = open(&f.location, options).unwrap_err();
        assert_eq!(
            (e.status, e.code()),
            (gr_status::GR_NOT_A_CAMPAIGN_STORE, "NOT_A_CAMPAIGN_STORE"),
            "{options:?}: {e:?}"
        );
        assert!(e.error["message"].as_str().unwrap().contains("campaign.db"), "{e:?}");
    }
    let text = std::fs::read_to_string(f.path()).unwrap();
    assert!(text.starts_with("name,address"), "the file was left as it was");

    // A folder is no store either.
    let dir = tempfile::tempdir().unwrap();
    let e = open(dir.path().to_str().unwrap(), CREATE).unwrap_err();
    assert!(matches!(e.status, gr_status::GR_NOT_A_CAMPAIGN_STORE | gr_status::GR_STORAGE_UNAVAILABLE), "{e:?}");
}

#[test]
fn bad_options_are_refused_naming_the_option() {
    let f = Fixture::sqlite();
    for (options, status, field) in [
        (r#"{"snapshotevery":5}"#, gr_status::GR_INVALID_FIELD, Some("snapshotevery")),
        (r#"{"create":1}"#, gr_status::GR_INVALID_FIELD, Some("create")),
        (r#"{"keepSnapshots":0,"create":true}"#, gr_status::GR_INVALID_FIELD, Some("keepSnapshots")),
        (r#"{"snapshotEvery":-5,"create":true}"#, gr_status::GR_INVALID_FIELD, Some("snapshotEvery")),
        (r#"{"campaign":"","create":true}"#, gr_status::GR_INVALID_FIELD, Some("campaign")),
        (
            r#"{"trust":{"requireSigned":true},"create":true}"#,
            gr_status::GR_MALFORMED_INPUT,
            Some("trust.requireSigned"),
        ),
        (r#"["create"]"#, gr_status::GR_MALFORMED_INPUT, None),
        (r#"{"create":true"#, gr_status::GR_MALFORMED_INPUT, None),
    ] {
        let e = open(&f.location, Some(options)).unwrap_err();
        assert_eq!(e.status, status, "{options}: {e:?}");
        if field.is_some() {
            assert_eq!(e.error["field"].as_str(), field, "{options}: {e:?}");
        }
        assert!(!e.error["message"].as_str().unwrap().is_empty());
    }
    assert!(!f.path().exists(), "no file is made for refused options");
    // A size limit is SQLite's: refused for PostgreSQL before connecting.
    let e = open("postgres://nobody@127.0.0.1:1/none", Some(r#"{"maxSizeBytes":1000000}"#)).unwrap_err();
    assert_eq!((e.status, e.error["field"].as_str()), (gr_status::GR_INVALID_FIELD, Some("maxSizeBytes")), "{e:?}");
    let e = open("  ", CREATE).unwrap_err();
    assert_eq!((e.status, e.error["field"].as_str()), (gr_status::GR_INVALID_FIELD, Some("location")), "{e:?}");
}

#[test]
fn null_and_non_utf8_arguments_are_answered_with_a_status() {
    let f = Fixture::sqlite();
    let location = c(&f.location);
    let options = c(r#"{"create":true}"#);
    let bad_utf8 = [0xffu8, 0xfe, 0];
    let mut store = ptr::null_mut();
    let mut error = ptr::null_mut();
    // SAFETY (all calls below): every pointer is NULL, a live handle, a NUL-terminated string, or
    // valid out storage.
    unsafe {
        assert_eq!(gr_store_open(ptr::null(), options.as_ptr(), &mut store, &mut error), gr_status::GR_NULL_ARGUMENT);
        assert!(store.is_null());
        assert!(take(error).unwrap().contains("\"code\":\"NULL_ARGUMENT\""));
        error = ptr::null_mut();
        assert_eq!(
            gr_store_open(location.as_ptr(), options.as_ptr(), ptr::null_mut(), &mut error),
            gr_status::GR_NULL_ARGUMENT
        );
        assert!(take(error).unwrap().contains("store_out"));
        error = ptr::null_mut();
        assert!(!f.path().exists(), "nothing is created without a place for the handle");
        assert_eq!(
            gr_store_open(bad_utf8.as_ptr().cast(), options.as_ptr(), &mut store, ptr::null_mut()),
            gr_status::GR_INVALID_UTF8,
            "error_json_out may be NULL"
        );
        assert_eq!(
            gr_store_open(location.as_ptr(), bad_utf8.as_ptr().cast(), &mut store, ptr::null_mut()),
            gr_status::GR_INVALID_UTF8
        );
        assert!(store.is_null());

        assert_eq!(gr_store_open(location.as_ptr(), options.as_ptr(), &mut store, &mut error), gr_status::GR_OK);
        assert!(error.is_null());
        let sentinel = std::ptr::dangling_mut::<c_char>();
        let mut out = sentinel;
        let command = c(&open_campaign());
        let mut seq = 7u64;

        // A NULL handle: only the status.
        assert_eq!(gr_store_execute(ptr::null_mut(), command.as_ptr(), &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_execute_batch(ptr::null_mut(), command.as_ptr(), &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_query(ptr::null_mut(), command.as_ptr(), &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_refresh(ptr::null_mut()), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_head(ptr::null(), &mut seq, &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_records_since_lines(ptr::null_mut(), 0, 10, &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_snapshot(ptr::null_mut(), &mut seq), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_verify(ptr::null_mut(), &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_status(ptr::null(), &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_last_error(ptr::null(), &mut out), gr_status::GR_NULL_ARGUMENT);
        assert_eq!(gr_store_last_error(store, ptr::null_mut()), gr_status::GR_NULL_ARGUMENT);
        assert_eq!((out, seq), (sentinel, 7), "outputs untouched");

        // NULL inputs and outputs with a handle: the status, and the error on the handle.
        let handle = Store(store);
        let null = |status: gr_status, name: &str| {
            assert_eq!(status, gr_status::GR_NULL_ARGUMENT, "{name}");
            let error = handle.last_error().unwrap();
            assert_eq!(error["code"], "NULL_ARGUMENT", "{name}");
            assert!(error["message"].as_str().unwrap().contains(name), "{name}: {error}");
        };
        null(gr_store_execute(store, ptr::null(), &mut out), "command_json");
        null(gr_store_execute(store, command.as_ptr(), ptr::null_mut()), "result_out");
        null(gr_store_execute_batch(store, ptr::null(), &mut out), "commands_lines");
        null(gr_store_execute_batch(store, command.as_ptr(), ptr::null_mut()), "answers_out");
        null(gr_store_query(store, ptr::null(), &mut out), "query_json");
        null(gr_store_query(store, command.as_ptr(), ptr::null_mut()), "result_out");
        null(gr_store_head(store, ptr::null_mut(), &mut out), "seq_out");
        null(gr_store_head(store, &mut seq, ptr::null_mut()), "hash_out");
        null(gr_store_records_since_lines(store, 0, 10, ptr::null_mut()), "lines_out");
        null(gr_store_snapshot(store, ptr::null_mut()), "seq_out");
        null(gr_store_verify(store, ptr::null_mut()), "result_out");
        null(gr_store_status(store, ptr::null_mut()), "status_json_out");
        assert_eq!(gr_store_execute(store, bad_utf8.as_ptr().cast(), &mut out), gr_status::GR_INVALID_UTF8);
        assert_eq!(handle.last_error().unwrap()["code"], "INVALID_UTF8");
        assert_eq!(gr_store_execute_batch(store, bad_utf8.as_ptr().cast(), &mut out), gr_status::GR_INVALID_UTF8);
        assert_eq!(gr_store_query(store, c("{not json").as_ptr(), &mut out), gr_status::GR_MALFORMED_INPUT);
        assert_eq!(gr_store_execute(store, c("{not json").as_ptr(), &mut out), gr_status::GR_MALFORMED_INPUT);
        assert_eq!(handle.last_error().unwrap()["code"], "MALFORMED_INPUT");
        assert_eq!((out, seq), (sentinel, 7), "outputs untouched on every failure");
        assert_eq!(handle.head().0, 0, "nothing stored");
        drop(handle);
        gr_store_free(ptr::null_mut()); // a no-op
    }
}

#[test]
fn a_full_file_is_storage_full_and_keeps_what_it_had() {
    let f = Fixture::sqlite();
    let limited = Some(r#"{"create":true,"maxSizeBytes":131072,"snapshotEvery":0}"#);
    let mut store = open(&f.location, limited).unwrap();
    store.execute(&open_campaign()).unwrap();
    store.execute(&register_community()).unwrap();
    let head = store.head();
    let full = store.execute(&import_households("big", 2000)).unwrap_err();
    assert_eq!((full.status, full.code()), (gr_status::GR_STORAGE_FULL, "STORAGE_FULL"), "{full:?}");
    assert_eq!(store.head(), head, "nothing of the command is kept");
    // A batch that does not fit stores none of its commands, the small ones neither.
    let batch = format!("{}\n{}\n", register_household(1), import_households("big", 2000));
    let full = store.execute_batch(&batch).unwrap_err();
    assert_eq!((full.status, full.code()), (gr_status::GR_STORAGE_FULL, "STORAGE_FULL"), "{full:?}");
    assert_eq!(store.head(), head, "nothing of the batch is kept");
    // The store goes on: a small command fits.
    store.execute(&register_household(1)).unwrap();
    assert_eq!(store.head().0, head.0 + 1);
    drop(store);
    let store = open(&f.location, None).unwrap();
    assert_eq!(store.head().0, head.0 + 1, "reopened: the refused command is not there");
}

#[test]
fn an_unreachable_server_is_storage_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let location = format!("host={} port=1 dbname=grassroots user=nobody password=secret", dir.path().display());
    let e = open(&location, CREATE).unwrap_err();
    assert_eq!((e.status, e.code()), (gr_status::GR_STORAGE_UNAVAILABLE, "STORAGE_UNAVAILABLE"), "{e:?}");
    assert!(!e.error.to_string().contains("secret"), "the password is masked: {e:?}");
}

#[test]
fn a_tampered_file_is_refused_naming_the_record() {
    let f = Fixture::sqlite();
    let mut store = open(&f.location, CREATE).unwrap();
    store.execute(&open_campaign()).unwrap();
    store.execute(&register_community()).unwrap();
    store.execute(&register_household(1)).unwrap();
    drop(store); // the last connection closed: the WAL is folded into the file
    let mut bytes = std::fs::read(f.path()).unwrap();
    let from = "东方红社区1号".as_bytes();
    let to = "东方红社区7号".as_bytes();
    let at = bytes.windows(from.len()).position(|w| w == from).expect("the record's text is in the file");
    bytes[at..at + to.len()].copy_from_slice(to);
    std::fs::write(f.path(), bytes).unwrap();
    let e = open(&f.location, None).unwrap_err();
    assert_eq!((e.status, e.code()), (gr_status::GR_TAMPERED_LOG, "TAMPERED_LOG"), "{e:?}");
    assert_eq!(e.error["seq"], 3, "the altered record: {e:?}");
}
