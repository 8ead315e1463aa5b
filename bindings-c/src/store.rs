//! `gr_store`: a campaign kept in a database (a SQLite file, or PostgreSQL) behind an opaque handle.
//!
//! The store writes each command's records in the transaction that accepts the command, so a host
//! gets persistence without writing SQL: open, execute, query, free. It follows `gr_campaign`'s
//! conventions (statuses, `*_out` written only on `GR_OK`, the error JSON through
//! `gr_store_last_error`, poisoning), with one difference: `gr_store_open` creates the handle, since a
//! store has no empty state, so its failures come back through its own `error_json_out`, as
//! `gr_public_key`'s do.

use crate::boundary::{InputError, read_str};
use crate::campaign::{c_error_json, put_string};
use crate::status::{GR_MAX_INPUT_BYTES, gr_status};
use crate::string::into_c_string;
use grassroots_core::engine::checkpoint::Trust;
use grassroots_core::{Error, ErrorCode};
use grassroots_store::{Location, Store, StoreOptions};
use serde_json::Value;
use std::ffi::c_char;
use std::sync::Mutex;

/// The longest location string (a path or a connection string), in bytes.
const MAX_LOCATION_BYTES: usize = 64 * 1024;
/// The longest options JSON, in bytes (a trust list of 64 keys fits many times over).
const MAX_OPTIONS_BYTES: usize = 1 << 20;
/// The longest campaign name in a store, in characters.
const MAX_CAMPAIGN_NAME_CHARS: usize = 64;
/// The options `gr_store_open` reads, in the order the messages list them.
const OPTION_NAMES: &str = "campaign, create, snapshotEvery, keepSnapshots, maxSizeBytes, trust";

/// A campaign kept in a database: a SQLite file or a PostgreSQL database. Opaque; open it with
/// `gr_store_open`, free it with `gr_store_free`.
///
/// **Threads:** as `gr_campaign`: one thread at a time per handle. Several handles (in one process
/// or several) may open the same store: each writer takes the campaign's row lock and first reads
/// what the others wrote, so they never fork the chain.
pub struct gr_store {
    store: Store,
    /// The error JSON of the last failed call on this handle (a `Mutex`: the calls taking a
    /// `const gr_store *` record their failures too).
    last_error: Mutex<Option<String>>,
    /// Set while a call that changes the campaign in memory runs (execute, query and refresh read the
    /// records other processes wrote into it). A panic leaves it set: the handle is refused since.
    poisoned: bool,
}

const POISONED: &str = "an earlier call on this store panicked (a bug of grassroots) and may have left the campaign \
                        in memory half-changed: free the handle and open the store again (the database is whole)";

impl gr_store {
    fn fail(&self, status: gr_status, error_json: String) -> gr_status {
        // A poisoned Mutex only means a panic happened while it was held; the Option inside is whole.
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(error_json);
        status
    }

    fn fail_core(&self, error: Error) -> gr_status {
        self.fail(gr_status::of(error.code()), error.to_json())
    }

    fn fail_input(&self, error: InputError) -> gr_status {
        self.fail(error.status, c_error_json(error.status, &error.message))
    }

    fn fail_null(&self, name: &str) -> gr_status {
        self.fail(gr_status::GR_NULL_ARGUMENT, c_error_json(gr_status::GR_NULL_ARGUMENT, &format!("`{name}` is NULL")))
    }

    fn fail_poisoned(&self) -> gr_status {
        self.fail(gr_status::GR_PANIC, c_error_json(gr_status::GR_PANIC, POISONED))
    }

    /// Runs `call`, which may change the campaign in memory, with the handle poisoned until it
    /// returns: a panic inside skips the clearing.
    fn changing<T>(&mut self, call: impl FnOnce(&mut Store) -> T) -> T {
        self.poisoned = true;
        let answer = call(&mut self.store);
        self.poisoned = false;
        answer
    }
}

/// The live, unpoisoned handle behind `store`, or the status to answer.
///
/// # Safety
/// `store` is NULL or a live handle from `gr_store_open` that no other thread uses during the call.
unsafe fn live<'a>(store: *const gr_store) -> Result<&'a gr_store, gr_status> {
    // SAFETY: the caller guarantees `store` is NULL or a live handle.
    match unsafe { store.as_ref() } {
        None => Err(gr_status::GR_NULL_ARGUMENT),
        Some(handle) if handle.poisoned => Err(handle.fail_poisoned()),
        Some(handle) => Ok(handle),
    }
}

/// As [`live`], mutably.
///
/// # Safety
/// As [`live`].
unsafe fn live_mut<'a>(store: *mut gr_store) -> Result<&'a mut gr_store, gr_status> {
    // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
    match unsafe { store.as_mut() } {
        None => Err(gr_status::GR_NULL_ARGUMENT),
        Some(handle) if handle.poisoned => Err(handle.fail_poisoned()),
        Some(handle) => Ok(handle),
    }
}

/// How to open a store, read from the options JSON.
#[derive(Debug)]
struct OpenOptions {
    store: StoreOptions,
    /// Create the store (the file, the tables, the campaign) when there is none.
    create: bool,
}

/// Reads the options JSON of `gr_store_open` (`None`: every default), checking each option.
fn open_options(text: Option<&str>, location: &Location) -> Result<OpenOptions, Error> {
    let mut options = OpenOptions { store: StoreOptions::default(), create: false };
    let Some(text) = text else { return Ok(options) };
    let value: Value = grassroots_core::wire::from_json(text)?;
    let Value::Object(fields) = value else {
        return Err(Error::new(
            ErrorCode::MalformedInput,
            format!(
                "`options_json` must be a JSON object such as {{\"create\":true}}, or NULL; the options are {OPTION_NAMES}"
            ),
        ));
    };
    for (name, value) in &fields {
        if value.is_null() {
            continue; // null is the default, so that a host may write every option it has
        }
        match name.as_str() {
            "campaign" => options.store.campaign = campaign_name(value)?,
            "create" => {
                options.create = value
                    .as_bool()
                    .ok_or_else(|| invalid(name, "must be true (create the store when there is none) or false"))?;
            }
            "snapshotEvery" => options.store.snapshot_every = whole(name, value, 0)?,
            "keepSnapshots" => {
                let keep = whole(name, value, 1)?;
                options.store.keep_snapshots = usize::try_from(keep).unwrap_or(usize::MAX);
            }
            "maxSizeBytes" => {
                if matches!(location, Location::Postgres(_)) {
                    return Err(invalid(
                        name,
                        "applies to a SQLite file only: a PostgreSQL database's size is the server's to limit; leave it out",
                    ));
                }
                options.store.max_size_bytes = Some(whole(name, value, 1)?);
            }
            "trust" => options.store.trust = trust(value)?,
            _ => {
                return Err(Error::invalid_field(
                    name,
                    format!("`{name}` is not an option of a store; the options are {OPTION_NAMES}"),
                ));
            }
        }
    }
    Ok(options)
}

fn invalid(name: &str, what: &str) -> Error {
    Error::invalid_field(name, format!("`{name}` {what}"))
}

/// A whole number of at least `min`.
fn whole(name: &str, value: &Value, min: u64) -> Result<u64, Error> {
    match value.as_u64() {
        Some(n) if n >= min => Ok(n),
        _ => Err(invalid(name, &format!("must be a whole number of at least {min}, not {value}"))),
    }
}

fn campaign_name(value: &Value) -> Result<String, Error> {
    let name =
        value.as_str().ok_or_else(|| invalid("campaign", "must be a string: the campaign's name in the store"))?;
    let chars = name.chars().count();
    if name.trim().is_empty() || chars > MAX_CAMPAIGN_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(invalid(
            "campaign",
            &format!(
                "must be 1 to {MAX_CAMPAIGN_NAME_CHARS} characters, not blank and without control characters (it has {chars})"
            ),
        ));
    }
    Ok(name.to_string())
}

/// The trust list, as `gr_campaign_replay_trusted` reads it; its fields named under `trust`.
fn trust(value: &Value) -> Result<Trust, Error> {
    if !value.is_object() {
        return Err(invalid("trust", "must be an object such as {\"keys\":[…],\"requireSignedHead\":true}"));
    }
    let under = |mut e: Error| {
        e.field = Some(match e.field.take() {
            Some(field) if !field.is_empty() && field != "." => format!("trust.{field}"),
            _ => "trust".to_string(),
        });
        e
    };
    let trust: Trust = grassroots_core::wire::from_json(&value.to_string()).map_err(under)?;
    trust.check().map_err(under)?;
    Ok(trust)
}

/// Opens a campaign store, or creates it with `"create":true`, and answers a handle on it. Opening
/// restores the latest snapshot, checks it against the record at its seq, then replays and verifies
/// the records after it.
///
/// `options_json` is NULL for every default, or an object of these options, each optional (`null`
/// is the default too):
/// - `"campaign"`: the campaign's name in the store, 1 to 64 characters (a database may hold
///   several); default `"main"`;
/// - `"create"`: `true` creates the store when there is none (a new SQLite file, the tables in an
///   empty database, the campaign when the store lacks it) and opens it when there is one;
///   default `false`, which opens an existing store only, so that a mistyped location is refused
///   (`GR_NOT_A_CAMPAIGN_STORE`) rather than started empty;
/// - `"snapshotEvery"`: take a snapshot each time this many records were stored since the last
///   one (0: never); default 10000;
/// - `"keepSnapshots"`: how many of the latest snapshots to keep, at least 1; default 2;
/// - `"maxSizeBytes"`: SQLite only, the largest the file may grow, at least 1 (a write past it fails
///   with `GR_STORAGE_FULL`, as on a full disk); default none;
/// - `"trust"`: the trust list that snapshots and checkpoints are held to, as for
///   `gr_campaign_replay_trusted`; default: no key listed, nothing required.
///
/// A new store holds an empty campaign: execute an `openCampaign` command on it first.
///
/// \param location Where the store is: a SQLite file path (`campaign.db`, or `sqlite:campaign.db`),
///        or PostgreSQL as a `postgres://` / `postgresql://` URL or a libpq string with `host=` or
///        `dbname=` (`host=/run/postgresql dbname=grassroots`); NUL-terminated UTF-8. Messages show
///        it with any password masked.
/// \param options_json The options above as NUL-terminated UTF-8 JSON, or NULL.
/// \param store_out Where to write the new handle (only on `GR_OK`); free it with `gr_store_free`,
///        once.
/// \param error_json_out Where to write the error JSON on a failure, as `gr_store_last_error`
///        gives it (may be NULL; written only on a failure), freed with `gr_string_free`.
/// \return `GR_OK`; `GR_INVALID_FIELD` for a bad option (the error's `field` names it) or an empty
///         location; `GR_MALFORMED_INPUT` for options that are not a JSON object;
///         `GR_NOT_A_CAMPAIGN_STORE` (no such file without `"create":true`, a file or database
///         that is not a campaign store, no campaign by that name); `GR_STORAGE_UNAVAILABLE` (a
///         locked file, an unreachable server); `GR_STORAGE_FULL`; `GR_TAMPERED_LOG` (the error's
///         `seq` names the record), `GR_INVALID_SNAPSHOT`, `GR_UNTRUSTED_LOG`,
///         `GR_UNSUPPORTED_SCHEMA_VERSION` (a store of a newer format, never altered);
///         `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8`, `GR_INPUT_TOO_LARGE` or `GR_PANIC`.
/// # Safety
/// \pre `location` is NULL or a NUL-terminated string; `options_json` is NULL or a NUL-terminated
///      string; `store_out` is NULL or points to storage for one `gr_store *`; `error_json_out` is
///      NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_open(
    location: *const c_char,
    options_json: *const c_char,
    store_out: *mut *mut gr_store,
    error_json_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        let fail = |status: gr_status, json: String| {
            if !error_json_out.is_null() {
                // SAFETY: `error_json_out` is not NULL and the caller guarantees it points to writable storage.
                unsafe { put_string(error_json_out, json) };
            }
            status
        };
        let fail_input = |e: InputError| fail(e.status, c_error_json(e.status, &e.message));
        let fail_core = |e: Error| fail(gr_status::of(e.code()), e.to_json());
        // SAFETY: the caller guarantees `location` is NULL or a valid NUL-terminated string.
        let text = match unsafe { read_str(location, "location", Some(MAX_LOCATION_BYTES)) } {
            Ok(text) => text,
            Err(e) => return fail_input(e),
        };
        let options = if options_json.is_null() {
            None
        } else {
            // SAFETY: `options_json` is not NULL and the caller guarantees it is a valid NUL-terminated string.
            match unsafe { read_str(options_json, "options_json", Some(MAX_OPTIONS_BYTES)) } {
                Ok(text) => Some(text),
                Err(e) => return fail_input(e),
            }
        };
        if store_out.is_null() {
            return fail(gr_status::GR_NULL_ARGUMENT, c_error_json(gr_status::GR_NULL_ARGUMENT, "`store_out` is NULL"));
        }
        if text.trim().is_empty() {
            return fail_core(Error::invalid_field(
                "location",
                "`location` is empty: give a SQLite file path, or a PostgreSQL URL or connection string",
            ));
        }
        let location = Location::parse(text);
        let options = match open_options(options, &location) {
            Ok(options) => options,
            Err(e) => return fail_core(e),
        };
        let create = options.create;
        let opened = if create {
            Store::open_or_create(&location, options.store)
        } else {
            Store::open(&location, options.store)
        };
        match opened {
            Ok(store) => {
                let handle = gr_store { store, last_error: Mutex::new(None), poisoned: false };
                // SAFETY: `store_out` is not NULL and the caller guarantees it points to writable
                // storage for one pointer.
                unsafe { store_out.write(Box::into_raw(Box::new(handle))) };
                gr_status::GR_OK
            }
            Err(mut e) => {
                // The store's messages name the command-line tool; a C host creates with an option.
                if !create && e.code == ErrorCode::NotACampaignStore {
                    e.message.push_str(
                        " (through gr_store_open, the option \"create\":true creates a store where there is none)",
                    );
                }
                fail_core(e)
            }
        }
    })
}

/// Executes one command envelope, as `gr_campaign_execute` does, and stores its records in the same
/// transaction: a command is stored whole or not at all. Before executing, the store reads the
/// records other handles or processes wrote. A retry of a stored `commandId` with the same payload
/// stores nothing and answers the original records, read back from the store, with
/// `"retried":true` (after a restart too).
///
/// \param store The store.
/// \param command_json The command envelope: NUL-terminated UTF-8 JSON of at most
///        `GR_MAX_INPUT_BYTES` bytes.
/// \param result_out Where to write the answer (only on `GR_OK`): JSON
///        `{"schemaVersion":2,"retried":false,"records":[...]}` with the records as stored, freed with
///        `gr_string_free`.
/// \return `GR_OK`; a core status when the command is refused (nothing is stored);
///         `GR_STORAGE_UNAVAILABLE` or `GR_STORAGE_FULL` when the records could not be written
///         (nothing is stored and the campaign in memory is reloaded: re-send the command with the
///         same id); `GR_CONFLICT` also when another writer moved the head past an `expectedSeq`;
///         `GR_TAMPERED_LOG` for records another writer stored that do not follow the chain;
///         `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8`, `GR_INPUT_TOO_LARGE` or `GR_PANIC`. The error JSON
///         is available from `gr_store_last_error`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call; `command_json`
///      is NULL or a NUL-terminated string; `result_out` is NULL or points to storage for one
///      `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_execute(
    store: *mut gr_store,
    command_json: *const c_char,
    result_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `command_json` is NULL or a valid NUL-terminated string.
        let input = match unsafe { read_str(command_json, "command_json", Some(GR_MAX_INPUT_BYTES)) } {
            Ok(input) => input,
            Err(e) => return handle.fail_input(e),
        };
        if result_out.is_null() {
            return handle.fail_null("result_out");
        }
        match handle.changing(|store| store.execute_json(input)) {
            // SAFETY: `result_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(result_out, json) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Executes command envelopes given as JSON lines, in order, as `gr_store_execute` does, and stores the
/// records of all those accepted in one transaction: one write to disk for the batch where
/// `gr_store_execute` makes one per command, for a host that receives many commands at once (a
/// phone's queue, an import). A refused command stores nothing and does not stop the others; a
/// command may rely on those before it in the batch. A batch of retries, or of refusals only,
/// stores nothing.
///
/// Each line of `commands_lines` holds one envelope; blank lines are skipped. A line that is not an
/// envelope is answered with its error (`MALFORMED_INPUT`, or `UNSUPPORTED_SCHEMA_VERSION`), whose
/// message begins `line N of the command lines:` (N counts every line from 1, blank ones too), and
/// does not stop the others. The answers come as JSON lines, one per envelope line in the same
/// order, each line ending in a newline: the `ExecuteResult`
/// `{"schemaVersion":2,"retried":…,"records":[...]}` of an accepted command (records as stored; a
/// retry is answered from the store with `"retried":true`), or the error JSON of a refused one,
/// `{"code":"OUT_OF_SCOPE","message":"...",...}` as `gr_store_last_error` would give it after
/// `gr_store_execute`: an answer with a `code` key is a refusal. The status says whether the batch
/// was stored, not whether each command was accepted: read every line.
///
/// The limit is on the whole text: at most `GR_MAX_INPUT_BYTES` bytes, the limit of one command, so
/// that a call reads no more than the largest command may. Split a larger batch over
/// several calls: a thousand commands a call already make the write cheap (the CLI's `execute`
/// stores 1,000 a transaction).
///
/// \param store The store.
/// \param commands_lines The command envelopes, one per line: NUL-terminated UTF-8 of at most
///        `GR_MAX_INPUT_BYTES` bytes in all.
/// \param answers_out Where to write the answers (only on `GR_OK`): one line per envelope line,
///        `""` when there are none; freed with `gr_string_free`.
/// \return `GR_OK` when the batch was stored, refused commands and all (a command refused for its
///         own `expectedSeq` is answered `CONFLICT` on its line). When the batch could not be stored,
///         nothing of it is stored, the campaign in memory is reloaded and the status says why:
///         `GR_STORAGE_UNAVAILABLE` or `GR_STORAGE_FULL` (the records could not be written),
///         `GR_CONFLICT` (another writer stored the same records or command ids first),
///         `GR_TAMPERED_LOG` (records another writer stored do not follow the chain); re-send the
///         batch with the same command ids. `GR_INPUT_TOO_LARGE` for a text over the limit (nothing
///         executed); `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8` or `GR_PANIC`. The error JSON is
///         available from `gr_store_last_error`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call;
///      `commands_lines` is NULL or a NUL-terminated string; `answers_out` is NULL or points to
///      storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_execute_batch(
    store: *mut gr_store,
    commands_lines: *const c_char,
    answers_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `commands_lines` is NULL or a valid NUL-terminated string.
        let input = match unsafe { read_str(commands_lines, "commands_lines", Some(GR_MAX_INPUT_BYTES)) } {
            Ok(input) => input,
            Err(e) => return handle.fail_input(e),
        };
        if answers_out.is_null() {
            return handle.fail_null("answers_out");
        }
        match handle.changing(|store| store.execute_json_lines(input)) {
            // SAFETY: `answers_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(lines) => unsafe { put_string(answers_out, lines) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Answers a query envelope, as `gr_campaign_query` does, on the campaign as stored: it first reads
/// the records other handles or processes wrote since this handle last looked.
///
/// \param store The store.
/// \param query_json The query envelope: NUL-terminated UTF-8 JSON of at most `GR_MAX_INPUT_BYTES`
///        bytes.
/// \param result_out Where to write the answer (only on `GR_OK`): JSON
///        `{"schemaVersion":2,"result":{...}}`, freed with `gr_string_free`.
/// \return `GR_OK`; a core status when the query is refused; `GR_STORAGE_UNAVAILABLE` or
///         `GR_TAMPERED_LOG` while reading the new records; `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8`,
///         `GR_INPUT_TOO_LARGE` or `GR_PANIC`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call; `query_json` is
///      NULL or a NUL-terminated string; `result_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_query(
    store: *mut gr_store,
    query_json: *const c_char,
    result_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `query_json` is NULL or a valid NUL-terminated string.
        let input = match unsafe { read_str(query_json, "query_json", Some(GR_MAX_INPUT_BYTES)) } {
            Ok(input) => input,
            Err(e) => return handle.fail_input(e),
        };
        if result_out.is_null() {
            return handle.fail_null("result_out");
        }
        // Reading other writers' records changes the campaign in memory: the handle is poisoned
        // while it runs, unlike a `gr_campaign_query`.
        match handle.changing(|store| store.query_json(input)) {
            // SAFETY: `result_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(result_out, json) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Reads the records other handles or processes stored since this handle last looked, verifying
/// each, so that `gr_store_head` shows the store's head.
///
/// \param store The store.
/// \return `GR_OK`; `GR_TAMPERED_LOG` for a record that does not follow the chain (or records
///         removed from the store); `GR_STORAGE_UNAVAILABLE`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_refresh(store: *mut gr_store) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        match handle.changing(Store::refresh) {
            Ok(()) => gr_status::GR_OK,
            Err(error) => handle.fail_core(error),
        }
    })
}

/// The head of the stored log as this handle last saw it (at opening, or at its last execute, query
/// or refresh): the last record's `seq` and hash. It reads nothing from the database; call
/// `gr_store_refresh` first to see what other processes wrote.
///
/// \param store The store.
/// \param seq_out Where to write the last record's `seq`, 0 before the first (only on `GR_OK`).
/// \param hash_out Where to write the last record's hash as 64 lowercase hex digits, all zeros
///        before the first (only on `GR_OK`), freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`. Both outputs are written, or neither.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call; `seq_out` is
///      NULL or points to storage for one `uint64_t`; `hash_out` is NULL or points to storage for
///      one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_head(
    store: *const gr_store,
    seq_out: *mut u64,
    hash_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if seq_out.is_null() {
            return handle.fail_null("seq_out");
        }
        if hash_out.is_null() {
            return handle.fail_null("hash_out");
        }
        let head = handle.store.head();
        // SAFETY: both outputs are not NULL and the caller guarantees they point to writable storage.
        unsafe {
            seq_out.write(head.seq);
            put_string(hash_out, head.hash.to_hex())
        }
    })
}

/// Up to `limit` stored records with a `seq` greater than `seq`, read from the database, as JSON
/// lines: one record per line, each exactly the JSON the store holds, each line ending in a
/// newline. For an export or another system: page with the last `seq` received. `gr_campaign_replay`
/// takes the lines back.
///
/// \param store The store.
/// \param seq The last `seq` already received (0 for the first page).
/// \param limit The most records to answer; at most 10000 are answered per call.
/// \param lines_out Where to write the lines (only on `GR_OK`): `""` when there are none; freed with
///        `gr_string_free`.
/// \return `GR_OK`; `GR_STORAGE_UNAVAILABLE`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call; `lines_out` is
///      NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_records_since_lines(
    store: *mut gr_store,
    seq: u64,
    limit: usize,
    lines_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if lines_out.is_null() {
            return handle.fail_null("lines_out");
        }
        // Only reads the database: the campaign in memory is not touched, so no poisoning.
        match handle.store.records_json_lines(seq, limit) {
            // SAFETY: `lines_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(lines) => unsafe { put_string(lines_out, lines) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Takes a snapshot at the store's head now and stores it (besides those taken every
/// `snapshotEvery` records), keeping the latest `keepSnapshots`. The next opening starts from it.
///
/// \param store The store.
/// \param seq_out Where to write the `seq` the snapshot was taken at (only on `GR_OK`).
/// \return `GR_OK`; `GR_STORAGE_FULL`, `GR_STORAGE_UNAVAILABLE`, `GR_TAMPERED_LOG` (while reading
///         the records other processes wrote); `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call; `seq_out` is NULL
///      or points to storage for one `uint64_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_snapshot(store: *mut gr_store, seq_out: *mut u64) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if seq_out.is_null() {
            return handle.fail_null("seq_out");
        }
        match handle.changing(Store::snapshot) {
            Ok(seq) => {
                // SAFETY: `seq_out` is not NULL and the caller guarantees it points to writable storage.
                unsafe { seq_out.write(seq) };
                gr_status::GR_OK
            }
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Replays the whole stored chain from its first record, verifying every record and checkpoint (held
/// to the store's trust list), checks each stored snapshot against the state replayed to its seq and
/// the head against the last record. It takes as long as replaying the whole log; the campaign in
/// memory is not touched.
///
/// \param store The store.
/// \param result_out Where to write what was checked (only on `GR_OK`): JSON
///        `{"head":{"seq":…,"hash":"…"},"records":…,"snapshots":…}` (the head replayed to, how many
///        records were verified and how many snapshots checked), freed with `gr_string_free`.
/// \return `GR_OK`; `GR_TAMPERED_LOG` naming the first bad record or the snapshot that disagrees
///         (the error's `seq`), `GR_UNTRUSTED_LOG`, `GR_STORAGE_UNAVAILABLE`; `GR_NULL_ARGUMENT` or
///         `GR_PANIC`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call; `result_out` is
///      NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_verify(store: *mut gr_store, result_out: *mut *mut c_char) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if result_out.is_null() {
            return handle.fail_null("result_out");
        }
        // Replays into a campaign of its own and only reads the database: no poisoning.
        match handle.store.verify(&mut |_| {}) {
            Ok(verified) => {
                let json = serde_json::json!({
                    "head": verified.head,
                    "records": verified.records,
                    "snapshots": verified.snapshots,
                });
                // SAFETY: `result_out` is not NULL and the caller guarantees it points to writable storage.
                unsafe { put_string(result_out, json.to_string()) }
            }
            Err(error) => handle.fail_core(error),
        }
    })
}

/// What the store is, for a health check or a log line; reads nothing from the database.
///
/// \param store The store.
/// \param status_json_out Where to write the status (only on `GR_OK`): JSON
///        `{"location":"…","campaign":"main","head":{"seq":…,"hash":"…"},"snapshotSeq":…,
///        "openedFromSnapshot":…,"snapshotError":null}`: the location with any password masked, the
///        campaign's name, the head as this handle last saw it, the seq of the latest snapshot (0
///        when none), the snapshot's seq the store was opened from, and why the last automatic
///        snapshot could not be written, if it could not (the records are safe; the next write
///        tries again). Freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call;
///      `status_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_status(store: *const gr_store, status_json_out: *mut *mut c_char) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(store) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if status_json_out.is_null() {
            return handle.fail_null("status_json_out");
        }
        let status = handle.store.status();
        let json = serde_json::json!({
            "location": status.location,
            "campaign": status.campaign,
            "head": status.head,
            "snapshotSeq": status.snapshot_seq,
            "openedFromSnapshot": status.opened_from_snapshot,
            "snapshotError": status.snapshot_error,
        });
        // SAFETY: `status_json_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(status_json_out, json.to_string()) }
    })
}

/// The error of the last failed call on this handle, as JSON, as `gr_campaign_last_error` gives it:
/// `{"code":"STORAGE_UNAVAILABLE","message":"...",...}` with optional `rule`, `field`, `seq` and
/// `rows`. A successful call does not clear it. Calls with a NULL handle have nowhere to record an
/// error: they return only the status (`gr_store_open` writes its own to `error_json_out`).
///
/// \param store The store (a poisoned one too: its error says so).
/// \param error_json_out Where to write the error JSON (only on `GR_OK`), freed with
///        `gr_string_free`; NULL is written when no call on this handle has failed yet.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` if an argument is NULL.
/// # Safety
/// \pre `store` is NULL or a live handle that no other thread uses during the call;
///      `error_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_last_error(store: *const gr_store, error_json_out: *mut *mut c_char) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `store` is NULL or a live handle from `gr_store_open`.
        let Some(handle) = (unsafe { store.as_ref() }) else {
            return gr_status::GR_NULL_ARGUMENT;
        };
        if error_json_out.is_null() {
            return gr_status::GR_NULL_ARGUMENT;
        }
        let json = if handle.poisoned {
            Some(c_error_json(gr_status::GR_PANIC, POISONED))
        } else {
            handle.last_error.lock().unwrap_or_else(|e| e.into_inner()).clone()
        };
        let out = json.map_or(std::ptr::null_mut(), into_c_string);
        // SAFETY: `error_json_out` is not NULL and the caller guarantees it points to writable
        // storage for one pointer.
        unsafe { error_json_out.write(out) };
        gr_status::GR_OK
    })
}

/// Closes the store's connection or file and frees the handle. Every accepted command is already
/// stored; strings already returned stay valid (free them with `gr_string_free`).
///
/// \param store A handle from `gr_store_open`, or NULL (then nothing happens).
/// # Safety
/// \pre `store` has not been freed yet; it must not be freed twice nor used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_store_free(store: *mut gr_store) {
    ffi_boundary!(on_panic = (), {
        if !store.is_null() {
            // SAFETY: `store` came from `Box::into_raw` in `gr_store_open` and has not been freed yet
            // (precondition), so taking it back exactly once is sound.
            drop(unsafe { Box::from_raw(store) });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<OpenOptions, Error> {
        open_options(Some(json), &Location::parse("campaign.db"))
    }

    #[test]
    fn options_default_and_read() {
        let o = open_options(None, &Location::parse("a.db")).unwrap();
        assert!(!o.create);
        assert_eq!(o.store.campaign, "main");
        let o = options(
            r#"{"campaign":"2022","create":true,"snapshotEvery":0,"keepSnapshots":3,"maxSizeBytes":1048576,"trust":{"requireSignedHead":false}}"#,
        )
        .unwrap();
        assert!(o.create);
        assert_eq!((o.store.campaign.as_str(), o.store.snapshot_every, o.store.keep_snapshots), ("2022", 0, 3));
        assert_eq!(o.store.max_size_bytes, Some(1_048_576));
        let o = options(r#"{"campaign":null,"maxSizeBytes":null}"#).unwrap();
        assert_eq!((o.store.campaign.as_str(), o.store.max_size_bytes), ("main", None));
    }

    #[test]
    fn bad_options_name_their_field() {
        for (json, field) in [
            (r#"{"snapshotevery":5}"#, "snapshotevery"),
            (r#"{"create":"yes"}"#, "create"),
            (r#"{"snapshotEvery":-1}"#, "snapshotEvery"),
            (r#"{"snapshotEvery":1.5}"#, "snapshotEvery"),
            (r#"{"keepSnapshots":0}"#, "keepSnapshots"),
            (r#"{"maxSizeBytes":0}"#, "maxSizeBytes"),
            (r#"{"campaign":""}"#, "campaign"),
            (r#"{"campaign":7}"#, "campaign"),
            (r#"{"trust":{"keys":[{"keyId":"k","algorithm":"rsa","publicKey":"00"}]}}"#, "trust.keys[0].algorithm"),
            (r#"{"trust":[]}"#, "trust"),
        ] {
            let e = options(json).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{json}: {e:?}");
            assert!(matches!(e.code, ErrorCode::InvalidField | ErrorCode::MalformedInput), "{json}: {e:?}");
        }
        assert_eq!(options("[1]").unwrap_err().code, ErrorCode::MalformedInput);
        assert_eq!(options("{").unwrap_err().code, ErrorCode::MalformedInput);
        let e = open_options(Some(r#"{"maxSizeBytes":10}"#), &Location::parse("postgres://h/db")).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("maxSizeBytes")));
    }

    #[test]
    fn a_store_that_panicked_is_poisoned() {
        let dir = tempfile::tempdir().unwrap();
        let location = std::ffi::CString::new(dir.path().join("poisoned.db").to_str().unwrap()).unwrap();
        let mut store = std::ptr::null_mut();
        // SAFETY: valid strings and out pointers.
        let status = unsafe {
            gr_store_open(location.as_ptr(), c"{\"create\":true}".as_ptr(), &mut store, std::ptr::null_mut())
        };
        assert_eq!(status, gr_status::GR_OK);
        // Simulate a panic that unwound out of a call that was changing the campaign in memory.
        // SAFETY: live handle, used by this thread only.
        unsafe { (*store).poisoned = true };
        let mut out = std::ptr::null_mut();
        let mut seq = 0;
        // SAFETY (all calls below): live handle, valid strings and out pointers.
        unsafe {
            assert_eq!(gr_store_execute(store, c"{}".as_ptr(), &mut out), gr_status::GR_PANIC);
            assert_eq!(gr_store_execute_batch(store, c"{}".as_ptr(), &mut out), gr_status::GR_PANIC);
            assert_eq!(gr_store_query(store, c"{}".as_ptr(), &mut out), gr_status::GR_PANIC);
            assert_eq!(gr_store_head(store, &mut seq, &mut out), gr_status::GR_PANIC);
            assert_eq!(gr_store_records_since_lines(store, 0, 1, &mut out), gr_status::GR_PANIC);
            assert!(out.is_null());
            assert_eq!(gr_store_last_error(store, &mut out), gr_status::GR_OK);
            let error = std::ffi::CStr::from_ptr(out).to_str().unwrap().to_owned();
            crate::gr_string_free(out);
            assert!(error.contains("\"code\":\"PANIC\"") && error.contains("open the store again"), "{error}");
            gr_store_free(store);
        }
    }
}
