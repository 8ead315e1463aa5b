//! `gr_campaign`: one campaign behind an opaque handle, and the calls on it.
//!
//! Every fallible call that has a handle records its error on it (`gr_campaign_last_error`), so the
//! calls that load a campaign (`gr_campaign_replay`, `gr_campaign_restore`) load into an empty handle
//! from `gr_campaign_new` rather than create one: a failed load then still has a place for its error
//! detail, and leaves the handle as it was.

use crate::boundary::{InputError, read_str};
use crate::status::{GR_MAX_INPUT_BYTES, gr_status};
use crate::string::into_c_string;
use grassroots_core::{Campaign, Error, ErrorCode};
use std::ffi::c_char;
use std::sync::Mutex;

/// A campaign: its state and the records that made it. Opaque; create it with `gr_campaign_new`,
/// free it with `gr_campaign_free`.
///
/// **Threads:** a handle may be used from one thread at a time (it may move between threads; guard
/// it with a mutex if several threads share it). Separate handles may be used on separate threads at
/// the same time: the library has no global state.
pub struct gr_campaign {
    pub(crate) campaign: Campaign,
    /// The error JSON of the last failed call on this handle. A `Mutex` because the calls that take a
    /// `const gr_campaign *` (queries) record their failures here too.
    last_error: Mutex<Option<String>>,
    /// Set while `gr_campaign_execute` runs and cleared when the core returns. If the core panics,
    /// the unwinding skips the clearing and the flag stays set: the campaign may be half-changed,
    /// so every later call refuses it (`GR_PANIC`).
    pub(crate) poisoned: bool,
}

/// The error JSON of a failure of the C door itself (`code` is the status name without `GR_`).
pub(crate) fn c_error_json(status: gr_status, message: &str) -> String {
    serde_json::json!({ "code": gr_status::name_of(status as u32).unwrap_or("PANIC"), "message": message }).to_string()
}

const POISONED: &str = "an earlier call on this campaign panicked (a bug of grassroots) and may have left it \
                        half-changed: free the handle and rebuild the campaign from its records";

impl gr_campaign {
    fn fail(&self, status: gr_status, error_json: String) -> gr_status {
        // A poisoned Mutex only means a panic happened while it was held; the Option inside is whole.
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(error_json);
        status
    }

    pub(crate) fn fail_core(&self, error: Error) -> gr_status {
        self.fail(gr_status::of(error.code()), error.to_json())
    }

    pub(crate) fn fail_input(&self, error: InputError) -> gr_status {
        self.fail(error.status, c_error_json(error.status, &error.message))
    }

    pub(crate) fn fail_null(&self, name: &str) -> gr_status {
        self.fail(gr_status::GR_NULL_ARGUMENT, c_error_json(gr_status::GR_NULL_ARGUMENT, &format!("`{name}` is NULL")))
    }

    fn fail_poisoned(&self) -> gr_status {
        self.fail(gr_status::GR_PANIC, c_error_json(gr_status::GR_PANIC, POISONED))
    }

    /// Replaces the (empty) campaign with a loaded one; refuses a handle that holds records.
    pub(crate) fn load(&mut self, what: &str, load: impl FnOnce() -> Result<Campaign, Error>) -> gr_status {
        if self.campaign.head().seq != 0 {
            let error = Error::new(
                ErrorCode::CampaignAlreadyOpen,
                format!(
                    "this handle already holds a campaign (at seq {}): {what} into a new handle from gr_campaign_new",
                    self.campaign.head().seq
                ),
            );
            return self.fail_core(error);
        }
        match load() {
            Ok(campaign) => {
                // Keep the handle's error history; only the campaign changes.
                self.campaign = campaign;
                gr_status::GR_OK
            }
            Err(error) => self.fail_core(error),
        }
    }
}

/// The live, unpoisoned handle behind `campaign`, or the status to answer.
///
/// # Safety
/// `campaign` is NULL or a live handle from `gr_campaign_new` that no other thread uses during the
/// call.
pub(crate) unsafe fn live<'a>(campaign: *const gr_campaign) -> Result<&'a gr_campaign, gr_status> {
    // SAFETY: the caller guarantees `campaign` is NULL or a live handle.
    match unsafe { campaign.as_ref() } {
        None => Err(gr_status::GR_NULL_ARGUMENT),
        Some(handle) if handle.poisoned => Err(handle.fail_poisoned()),
        Some(handle) => Ok(handle),
    }
}

/// As [`live`], mutably.
///
/// # Safety
/// As [`live`].
pub(crate) unsafe fn live_mut<'a>(campaign: *mut gr_campaign) -> Result<&'a mut gr_campaign, gr_status> {
    // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
    match unsafe { campaign.as_mut() } {
        None => Err(gr_status::GR_NULL_ARGUMENT),
        Some(handle) if handle.poisoned => Err(handle.fail_poisoned()),
        Some(handle) => Ok(handle),
    }
}

/// Writes a library-owned string to a non-NULL `*_out`.
///
/// # Safety
/// `out` is not NULL and points to writable storage for one `char *`.
pub(crate) unsafe fn put_string(out: *mut *mut c_char, text: String) -> gr_status {
    // SAFETY: guaranteed by the caller.
    unsafe { out.write(into_c_string(text)) };
    gr_status::GR_OK
}

/// Creates an empty campaign. To create a campaign from a config, execute an `openCampaign` command
/// on it (its first command must be one); to load a stored campaign, use `gr_campaign_replay` or
/// `gr_campaign_restore` on it.
///
/// \param campaign_out Where to write the new handle (only on `GR_OK`); free the handle with
///        `gr_campaign_free`, once.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` if `campaign_out` is NULL.
/// # Safety
/// \pre `campaign_out` is NULL or points to storage for one `gr_campaign *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_new(campaign_out: *mut *mut gr_campaign) -> gr_status {
    ffi_boundary!({
        if campaign_out.is_null() {
            return gr_status::GR_NULL_ARGUMENT;
        }
        let handle = gr_campaign { campaign: Campaign::new(), last_error: Mutex::new(None), poisoned: false };
        // SAFETY: `campaign_out` is not NULL and the caller guarantees it points to writable storage
        // for one pointer.
        unsafe { campaign_out.write(Box::into_raw(Box::new(handle))) };
        gr_status::GR_OK
    })
}

/// Executes one command given as a JSON command envelope (`schemaVersion`, `commandId`, `actor`,
/// `at`, optional `expectedSeq`, `command`). On success the command's events are recorded; on any
/// failure nothing changes. A retry of an accepted `commandId` with the same payload records nothing
/// and answers the original records with `"retried":true`.
///
/// \param campaign The campaign.
/// \param command_json The command envelope: NUL-terminated UTF-8 JSON of at most
///        `GR_MAX_INPUT_BYTES` bytes.
/// \param result_out Where to write the answer (only on `GR_OK`): JSON
///        `{"schemaVersion":2,"retried":false,"records":[...]}`, owned by the caller, freed with
///        `gr_string_free`.
/// \return `GR_OK`; a core status (1–23) when the command is refused, with the error JSON available
///         from `gr_campaign_last_error`; `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8`,
///         `GR_INPUT_TOO_LARGE` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `command_json` is NULL or a NUL-terminated string; `result_out` is NULL or points to storage
///      for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_execute(
    campaign: *mut gr_campaign,
    command_json: *const c_char,
    result_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
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
        handle.poisoned = true;
        let answer = handle.campaign.execute_json(input);
        handle.poisoned = false;
        match answer {
            // SAFETY: `result_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(result_out, json) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Answers a query given as a JSON query envelope (`schemaVersion`, `actor`, `query`); sensitive data
/// is masked unless the actor's role allows it. Nothing changes.
///
/// \param campaign The campaign.
/// \param query_json The query envelope: NUL-terminated UTF-8 JSON of at most `GR_MAX_INPUT_BYTES`
///        bytes.
/// \param result_out Where to write the answer (only on `GR_OK`): JSON
///        `{"schemaVersion":2,"result":{...}}`, owned by the caller, freed with `gr_string_free`.
/// \return `GR_OK`; a core status (1–23) when the query is refused, with the error JSON available
///         from `gr_campaign_last_error`; `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8`,
///         `GR_INPUT_TOO_LARGE` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `query_json` is NULL or a NUL-terminated string; `result_out` is NULL or points to storage
///      for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_query(
    campaign: *const gr_campaign,
    query_json: *const c_char,
    result_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
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
        // A query only reads: a panic in it cannot leave the campaign half-changed, so it does not
        // poison the handle.
        match handle.campaign.query_json(input) {
            // SAFETY: `result_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(result_out, json) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Loads a campaign into an empty handle by replaying its records, verifying the hash chain: the
/// records the host stored, in `seq` order, as one JSON array (from `gr_campaign_records_since`;
/// `[]` for none) or as JSON lines, one record per line (from `gr_campaign_records_since_lines` or
/// `gr_campaign_record`, the rows joined by newlines). Key order and whitespace do not matter; a UTF-8
/// byte-order mark is skipped.
///
/// \param campaign An empty campaign from `gr_campaign_new` (no record accepted yet).
/// \param records_json A JSON array of records or JSON lines: NUL-terminated UTF-8 (no size limit).
/// \return `GR_OK`; `GR_TAMPERED_LOG` (the error JSON's `seq` names the first bad record),
///         `GR_MALFORMED_INPUT`, `GR_UNSUPPORTED_SCHEMA_VERSION`; `GR_CAMPAIGN_ALREADY_OPEN` if the
///         handle already holds records; `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8` or `GR_PANIC`. On
///         any failure the handle is left as it was, with the error JSON in `gr_campaign_last_error`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `records_json` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_replay(campaign: *mut gr_campaign, records_json: *const c_char) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `records_json` is NULL or a valid NUL-terminated string.
        let input = match unsafe { read_str(records_json, "records_json", None) } {
            Ok(input) => input,
            Err(e) => return handle.fail_input(e),
        };
        handle.load("replay", || Campaign::replay_json(input))
    })
}

/// Loads a campaign into an empty handle from a snapshot taken by `gr_campaign_snapshot`, checking
/// its digest. The restored campaign continues the chain from the snapshot's head and holds no
/// records before it (`gr_campaign_records_since` answers only the later ones).
///
/// \param campaign An empty campaign from `gr_campaign_new` (no record accepted yet).
/// \param snapshot_json The snapshot: NUL-terminated UTF-8 JSON (no size limit).
/// \return `GR_OK`; `GR_INVALID_SNAPSHOT`, `GR_UNSUPPORTED_SCHEMA_VERSION`;
///         `GR_CAMPAIGN_ALREADY_OPEN` if the handle already holds records; `GR_NULL_ARGUMENT`,
///         `GR_INVALID_UTF8` or `GR_PANIC`. On any failure the handle is left as it was, with the
///         error JSON in `gr_campaign_last_error`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `snapshot_json` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_restore(campaign: *mut gr_campaign, snapshot_json: *const c_char) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `snapshot_json` is NULL or a valid NUL-terminated string.
        let input = match unsafe { read_str(snapshot_json, "snapshot_json", None) } {
            Ok(input) => input,
            Err(e) => return handle.fail_input(e),
        };
        handle.load("restore", || Campaign::restore_json(input))
    })
}

/// The records with a `seq` greater than `seq`, for the host to persist: after each accepted
/// command, pass the last `seq` you stored. A campaign restored from a snapshot holds only the
/// records after the snapshot's head.
///
/// \param campaign The campaign.
/// \param seq The last `seq` the host has stored (0 for all).
/// \param records_json_out Where to write the records (only on `GR_OK`): a JSON array in `seq`
///        order, `[]` when there are none; owned by the caller, freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `records_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_records_since(
    campaign: *const gr_campaign,
    seq: u64,
    records_json_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if records_json_out.is_null() {
            return handle.fail_null("records_json_out");
        }
        // SAFETY: `records_json_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(records_json_out, handle.campaign.records_since_json(seq)) }
    })
}

/// A snapshot of the campaign at its head, as JSON, for `gr_campaign_restore`. Store it beside the
/// records; it saves replaying the whole log at start-up.
///
/// \param campaign The campaign.
/// \param snapshot_json_out Where to write the snapshot (only on `GR_OK`), owned by the caller and
///        freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `snapshot_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_snapshot(
    campaign: *const gr_campaign,
    snapshot_json_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if snapshot_json_out.is_null() {
            return handle.fail_null("snapshot_json_out");
        }
        // SAFETY: `snapshot_json_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(snapshot_json_out, handle.campaign.snapshot_json()) }
    })
}

/// The head of the log: the last record's `seq` and hash. Compare them with the last record the
/// host stored.
///
/// \param campaign The campaign.
/// \param seq_out Where to write the last record's `seq`, 0 before the first (only on `GR_OK`).
/// \param hash_out Where to write the last record's hash as 64 lowercase hex digits, all zeros
///        before the first (only on `GR_OK`); owned by the caller, freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`. Both outputs are written, or neither.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call; `seq_out`
///      is NULL or points to storage for one `uint64_t`; `hash_out` is NULL or points to storage
///      for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_head(
    campaign: *const gr_campaign,
    seq_out: *mut u64,
    hash_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if seq_out.is_null() {
            return handle.fail_null("seq_out");
        }
        if hash_out.is_null() {
            return handle.fail_null("hash_out");
        }
        let head = handle.campaign.head();
        // SAFETY: both outputs are not NULL and the caller guarantees they point to writable storage.
        unsafe {
            seq_out.write(head.seq);
            put_string(hash_out, head.hash.to_hex())
        }
    })
}

/// The error of the last failed call on this handle, as JSON:
/// `{"code":"OUT_OF_SCOPE","message":"...",...}` with optional `field`, `seq` and `rows`
/// (`rows`: one `{line, column, code, message}` per bad CSV row). `code` is the status name without
/// `GR_` (see `gr_status_name`). A successful call does not clear it. Calls with a NULL handle have
/// nowhere to record an error: they return only the status.
///
/// \param campaign The campaign (a poisoned one too: its error says so).
/// \param error_json_out Where to write the error JSON (only on `GR_OK`), owned by the caller and
///        freed with `gr_string_free`; NULL is written when no call on this handle has failed yet.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` if an argument is NULL.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `error_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_last_error(
    campaign: *const gr_campaign,
    error_json_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle from `gr_campaign_new`.
        let Some(handle) = (unsafe { campaign.as_ref() }) else {
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

/// Frees a campaign and everything it holds. Strings already returned stay valid (free them with
/// `gr_string_free`).
///
/// \param campaign A handle from `gr_campaign_new`, or NULL (then nothing happens).
/// # Safety
/// \pre `campaign` has not been freed yet; it must not be freed twice nor used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_free(campaign: *mut gr_campaign) {
    ffi_boundary!(on_panic = (), {
        if !campaign.is_null() {
            // SAFETY: `campaign` came from `Box::into_raw` in `gr_campaign_new` and has not been freed
            // yet (precondition), so taking it back exactly once is sound.
            drop(unsafe { Box::from_raw(campaign) });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};
    use std::ptr;

    fn take(s: *mut c_char) -> String {
        assert!(!s.is_null());
        // SAFETY: `s` is a live string returned by the library; it is freed right after copying.
        let text = unsafe { CStr::from_ptr(s) }.to_str().unwrap().to_owned();
        // SAFETY: `s` came from the library and is freed once.
        unsafe { crate::gr_string_free(s) };
        text
    }

    #[test]
    fn outputs_are_untouched_on_failure_and_errors_are_recorded() {
        let mut handle = ptr::null_mut();
        // SAFETY: valid out pointer.
        assert_eq!(unsafe { gr_campaign_new(&mut handle) }, gr_status::GR_OK);
        let garbage = CString::new("{not json").unwrap();
        let sentinel = std::ptr::dangling_mut::<c_char>();
        let mut out = sentinel;
        // SAFETY: live handle, valid string and out pointer.
        let status = unsafe { gr_campaign_execute(handle, garbage.as_ptr(), &mut out) };
        assert_eq!(status, gr_status::GR_MALFORMED_INPUT);
        assert_eq!(out, sentinel, "result_out written on failure");
        let mut error = ptr::null_mut();
        // SAFETY: live handle and valid out pointer.
        assert_eq!(unsafe { gr_campaign_last_error(handle, &mut error) }, gr_status::GR_OK);
        assert!(take(error).contains("\"code\":\"MALFORMED_INPUT\""));

        let bad_utf8 = [0xffu8, 0xfe, 0];
        // SAFETY: live handle, NUL-terminated bytes, valid out pointer.
        let status = unsafe { gr_campaign_query(handle, bad_utf8.as_ptr().cast(), &mut out) };
        assert_eq!(status, gr_status::GR_INVALID_UTF8);
        // SAFETY: live handle and valid out pointer.
        assert_eq!(unsafe { gr_campaign_last_error(handle, &mut error) }, gr_status::GR_OK);
        assert!(take(error).contains("\"code\":\"INVALID_UTF8\""));
        assert_eq!(out, sentinel);
        // SAFETY: the handle is live and freed once.
        unsafe { gr_campaign_free(handle) };
    }

    #[test]
    fn a_fresh_handle_has_no_last_error() {
        let mut handle = ptr::null_mut();
        // SAFETY: valid out pointer.
        assert_eq!(unsafe { gr_campaign_new(&mut handle) }, gr_status::GR_OK);
        let mut error = std::ptr::dangling_mut::<c_char>();
        // SAFETY: live handle and valid out pointer.
        assert_eq!(unsafe { gr_campaign_last_error(handle, &mut error) }, gr_status::GR_OK);
        assert!(error.is_null());
        // SAFETY: the handle is live and freed once.
        unsafe { gr_campaign_free(handle) };
    }

    #[test]
    fn a_handle_that_panicked_is_poisoned() {
        let mut handle = ptr::null_mut();
        // SAFETY: valid out pointer.
        assert_eq!(unsafe { gr_campaign_new(&mut handle) }, gr_status::GR_OK);
        // Simulate a panic that unwound out of `execute_json` after the flag was set.
        // SAFETY: live handle, used by this thread only.
        unsafe { (*handle).poisoned = true };
        let query = CString::new("{}").unwrap();
        let mut out = ptr::null_mut();
        // SAFETY: live handle, valid string and out pointer.
        assert_eq!(unsafe { gr_campaign_query(handle, query.as_ptr(), &mut out) }, gr_status::GR_PANIC);
        let mut error = ptr::null_mut();
        // SAFETY: live handle and valid out pointer.
        assert_eq!(unsafe { gr_campaign_last_error(handle, &mut error) }, gr_status::GR_OK);
        assert!(take(error).contains("\"code\":\"PANIC\""));
        // SAFETY: the handle is live and freed once.
        unsafe { gr_campaign_free(handle) };
    }

    #[test]
    fn the_boundary_turns_a_panic_into_gr_panic() {
        let status = ffi_boundary!({
            if std::hint::black_box(true) {
                panic!("a bug");
            }
            gr_status::GR_OK
        });
        assert_eq!(status, gr_status::GR_PANIC);
    }
}
