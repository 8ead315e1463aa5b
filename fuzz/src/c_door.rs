//! Target `c_door`: the C door (`gr_*` of grassroots-c), called from Rust as C would call it, and
//! compared with the core's JSON door run on a mirror campaign.

use crate::keys;
use grassroots::engine::checkpoint::{SignatureAlgorithm, SigningKey};
use grassroots::{Campaign, Error, ErrorCode};
use grassroots_c::{
    gr_campaign, gr_campaign_execute, gr_campaign_free, gr_campaign_head, gr_campaign_last_error, gr_campaign_new,
    gr_campaign_query, gr_campaign_records_since, gr_campaign_replay, gr_campaign_replay_trusted, gr_campaign_restore,
    gr_campaign_restore_trusted, gr_campaign_sign_checkpoint, gr_campaign_snapshot, gr_campaign_snapshot_signed,
    gr_public_key, gr_status, gr_status_name, gr_string_free, gr_version,
};
use std::ffi::{CStr, CString, c_char};
use std::ptr;

/// At most this many operations of one input are run.
const MAX_OPS: usize = 64;

/// Target `c_door`: the C door.
///
/// The input is lines, one operation each; a line's first byte names it and the rest is its
/// argument (cut at a NUL byte, as C would read it; it may be invalid UTF-8):
///
/// | byte | operation |
/// |---|---|
/// | `q` | `gr_campaign_query` |
/// | `r` / `s` | `gr_campaign_replay` / `gr_campaign_restore` into a new handle, which replaces the current one when it loads |
/// | `R` / `S` | `gr_campaign_replay` / `gr_campaign_restore` into the current handle |
/// | `t` / `T` | `gr_campaign_replay_trusted` / `gr_campaign_restore_trusted` into a new handle (as `r`), trusting the fixed keys of [`keys`] and requiring a signed head |
/// | `k` | `gr_campaign_sign_checkpoint` of the request after the key byte (`s` for SM2, else Ed25519; the fixed keys) |
/// | `K` | `gr_campaign_snapshot_signed` with the key the next byte names, restored trusted into a new handle |
/// | `P` | `gr_public_key`: `s`/`e`/other (SM2, Ed25519, a bad name), then the secret key's bytes |
/// | `l` | `gr_campaign_records_since` (the argument as a decimal number, else 0) |
/// | `p` | `gr_campaign_snapshot`, restored into a new handle with the same head |
/// | `h` | `gr_campaign_head` |
/// | `e` | `gr_campaign_last_error` |
/// | `n` | every function with each NULL argument |
/// | `v` | `gr_version` and `gr_status_name` of each argument byte |
/// | `f` | `gr_campaign_free`, then `gr_campaign_new` |
/// | anything else (`{`…) | `gr_campaign_execute` of the whole line |
///
/// Checks: no memory error (the targets are built with AddressSanitizer, which also reports leaks);
/// no call returns `GR_PANIC` (nor, under libFuzzer, panics at all); every status is a known code
/// (`gr_status_name` is not `UNKNOWN`) and, on failure, the last error's JSON parses and names that
/// code; every answer equals what the core's JSON door answers for the mirror campaign (the same
/// text, or the same status number and error JSON); `*_out` is untouched on failure; invalid UTF-8
/// is `GR_INVALID_UTF8`; NULLs are `GR_NULL_ARGUMENT`; every returned string is UTF-8, and freed
/// with `gr_string_free`.
pub fn c_door(data: &[u8]) {
    let mut door = Door::new();
    for line in data.split(|&b| b == b'\n').take(MAX_OPS) {
        let Some((&op, arg)) = line.split_first() else { continue };
        match op {
            b'q' => door.query(arg),
            b'r' => door.load_new(arg, Load::Replay),
            b's' => door.load_new(arg, Load::Restore),
            b'R' => door.load_current(arg, Load::Replay),
            b'S' => door.load_current(arg, Load::Restore),
            b't' => door.load_new(arg, Load::ReplayTrusted),
            b'T' => door.load_new(arg, Load::RestoreTrusted),
            b'k' => door.sign_checkpoint(arg),
            b'K' => door.snapshot_signed(arg.first().copied()),
            b'P' => public_key(arg),
            b'l' => door.records_since(arg),
            b'p' => door.snapshot(),
            b'h' => door.head(),
            b'e' => {
                door.last_error();
            }
            b'n' => door.nulls(),
            b'v' => versions(arg),
            b'f' => door.renew(),
            _ => door.execute(line),
        }
    }
}

/// A pointer no call may write on failure: `*_out` is left as it was.
fn sentinel() -> *mut c_char {
    ptr::dangling_mut::<c_char>()
}

/// A C string of `bytes` up to their first NUL (as C would read them), and whether it is UTF-8.
fn c_string(bytes: &[u8]) -> (CString, Option<String>) {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let bytes = &bytes[..end];
    let text = std::str::from_utf8(bytes).ok().map(str::to_string);
    (CString::new(bytes).expect("cut at the first NUL"), text)
}

/// Copies a string the library returned and frees it with `gr_string_free`.
///
/// # Safety
/// `s` is a string returned by grassroots-c that has not been freed yet.
unsafe fn take(s: *mut c_char) -> String {
    assert!(!s.is_null(), "the library returned NULL where it promised a string");
    assert_ne!(s, sentinel(), "the library did not write a string it promised");
    // SAFETY: `s` is a live NUL-terminated string of the library (precondition).
    let text = unsafe { CStr::from_ptr(s) }.to_str().map(str::to_string);
    // SAFETY: `s` came from the library and is freed exactly once, here.
    unsafe { gr_string_free(s) };
    text.expect("the library returned a string that is not UTF-8")
}

/// The status the C door answers for a core error.
fn status_number(error: &Error) -> u32 {
    error.code.number()
}

#[derive(Clone, Copy)]
enum Load {
    Replay,
    Restore,
    ReplayTrusted,
    RestoreTrusted,
}

impl Load {
    fn core(self, text: &str) -> Result<Campaign, Error> {
        match self {
            Load::Replay => Campaign::replay_json(text),
            Load::Restore => Campaign::restore_json(text),
            Load::ReplayTrusted => Campaign::replay_trusted_json(text, &keys::trust_json(true)),
            Load::RestoreTrusted => Campaign::restore_trusted_json(text, &keys::trust_json(true)),
        }
    }

    /// # Safety
    /// `handle` is a live handle; `text` lives across the call.
    unsafe fn c(self, handle: *mut gr_campaign, text: &CString) -> gr_status {
        let trust = CString::new(keys::trust_json(true)).expect("JSON holds no NUL");
        match self {
            // SAFETY: `handle` is live (precondition) and `text` is a NUL-terminated string.
            Load::Replay => unsafe { gr_campaign_replay(handle, text.as_ptr()) },
            // SAFETY: as above.
            Load::Restore => unsafe { gr_campaign_restore(handle, text.as_ptr()) },
            // SAFETY: as above; `trust` is a NUL-terminated string too.
            Load::ReplayTrusted => unsafe { gr_campaign_replay_trusted(handle, text.as_ptr(), trust.as_ptr()) },
            // SAFETY: as above.
            Load::RestoreTrusted => unsafe { gr_campaign_restore_trusted(handle, text.as_ptr(), trust.as_ptr()) },
        }
    }
}

/// The C name of an algorithm, and the fixed key of that algorithm.
fn c_key(byte: Option<u8>) -> (&'static CStr, &'static SigningKey) {
    let key = keys::key_of(byte);
    let name = match key.algorithm() {
        SignatureAlgorithm::Ed25519 => c"ed25519",
        SignatureAlgorithm::Sm2 => c"sm2",
    };
    (name, key)
}

/// The secret bytes of a fixed key.
fn secret_of(key: &SigningKey) -> &'static [u8; 32] {
    match key.algorithm() {
        SignatureAlgorithm::Ed25519 => &keys::ED25519_SECRET,
        SignatureAlgorithm::Sm2 => &keys::SM2_SECRET,
    }
}

/// A status is one `gr_status_name` knows.
fn check_known(status: gr_status) -> &'static str {
    let name = gr_status_name(status as u32);
    assert!(!name.is_null(), "gr_status_name({status:?}) is NULL");
    // SAFETY: gr_status_name returns a static NUL-terminated string.
    let name = unsafe { CStr::from_ptr(name) }.to_str().expect("a status name is not UTF-8");
    assert_ne!(name, "UNKNOWN", "{status:?} ({}) is not a known status", status as u32);
    name
}

/// A live handle and the mirror campaign the core's JSON door keeps beside it.
struct Door {
    handle: *mut gr_campaign,
    mirror: Campaign,
}

/// A new handle.
fn new_handle() -> *mut gr_campaign {
    let mut handle = ptr::null_mut();
    // SAFETY: `handle` is storage for one pointer.
    let status = unsafe { gr_campaign_new(&mut handle) };
    assert_eq!(status, gr_status::GR_OK, "gr_campaign_new failed");
    assert!(!handle.is_null(), "gr_campaign_new answered GR_OK and a NULL handle");
    handle
}

/// Frees a handle.
///
/// # Safety
/// `handle` is a live handle, not used afterwards.
unsafe fn free_handle(handle: *mut gr_campaign) {
    // SAFETY: precondition.
    unsafe { gr_campaign_free(handle) };
}

/// The last error of `handle`, if any call on it failed.
///
/// # Safety
/// `handle` is a live handle.
unsafe fn last_error_of(handle: *const gr_campaign) -> Option<String> {
    let mut out = sentinel();
    // SAFETY: `handle` is live (precondition); `out` is storage for one pointer.
    let status = unsafe { gr_campaign_last_error(handle, &mut out) };
    assert_eq!(status, gr_status::GR_OK, "gr_campaign_last_error failed");
    assert_ne!(out, sentinel(), "gr_campaign_last_error answered GR_OK without writing");
    if out.is_null() {
        return None;
    }
    // SAFETY: `out` is a string the library returned.
    let json = unsafe { take(out) };
    let value: serde_json::Value = serde_json::from_str(&json).expect("the last error is not JSON");
    assert!(value["code"].is_string(), "the last error has no code: {json}");
    Some(json)
}

/// Checks a failed call: its status is the C door's own `expected`, nothing was written, and the
/// last error names that status.
///
/// # Safety
/// `handle` is a live handle.
unsafe fn check_c_failure(handle: *const gr_campaign, status: gr_status, expected: gr_status, out: *mut c_char) {
    check_known(status);
    assert_eq!(status, expected);
    assert_eq!(out, sentinel(), "a failed call wrote its *_out");
    // SAFETY: precondition.
    let error = unsafe { last_error_of(handle) }.expect("a failed call left no last error");
    let code = expected_code(expected);
    assert!(error.contains(&format!("\"code\":\"{code}\"")), "the last error does not say {code}: {error}");
}

fn expected_code(status: gr_status) -> &'static str {
    match status {
        gr_status::GR_NULL_ARGUMENT => "NULL_ARGUMENT",
        gr_status::GR_INVALID_UTF8 => "INVALID_UTF8",
        _ => "PANIC",
    }
}

/// Checks a call against the core's answer for the same input.
///
/// # Safety
/// `handle` is a live handle; `out` is what the call wrote to its `*_out` (or the sentinel).
unsafe fn check_against_core(
    handle: *const gr_campaign,
    what: &str,
    status: gr_status,
    out: *mut c_char,
    core: Result<String, Error>,
) {
    assert_ne!(status, gr_status::GR_PANIC, "{what} answered GR_PANIC");
    let name = check_known(status);
    match core {
        Ok(answer) => {
            assert_eq!(status, gr_status::GR_OK, "{what}: the core accepts, the C door answers {status:?}");
            // SAFETY: on GR_OK `out` is a string the library returned.
            let got = unsafe { take(out) };
            assert_eq!(got, answer, "{what}: the C door answers other text than the core");
        }
        Err(error) => {
            assert_eq!(
                status as u32,
                status_number(&error),
                "{what}: the core refuses with {}, the C door answers {status:?}",
                error.code.as_str()
            );
            assert_eq!(out, sentinel(), "{what}: a failed call wrote its *_out");
            // SAFETY: precondition.
            let last = unsafe { last_error_of(handle) };
            assert_eq!(last, Some(error.to_json()), "{what}: the last error is not the core's error JSON");
            assert_eq!(error.code.as_str(), name, "{what}: the status is not named as the error's code");
        }
    }
}

impl Door {
    fn new() -> Door {
        Door { handle: new_handle(), mirror: Campaign::new() }
    }

    fn execute(&mut self, arg: &[u8]) {
        let (c, text) = c_string(arg);
        let mut out = sentinel();
        // SAFETY: `self.handle` is live; `c` is a NUL-terminated string; `out` is storage for one pointer.
        let status = unsafe { gr_campaign_execute(self.handle, c.as_ptr(), &mut out) };
        match text {
            // SAFETY: `self.handle` is live.
            None => unsafe { check_c_failure(self.handle, status, gr_status::GR_INVALID_UTF8, out) },
            Some(text) => {
                let core = self.mirror.execute_json(&text);
                // SAFETY: `self.handle` is live and `out` was written by the call.
                unsafe { check_against_core(self.handle, "gr_campaign_execute", status, out, core) };
                self.check_head();
            }
        }
    }

    fn query(&mut self, arg: &[u8]) {
        let (c, text) = c_string(arg);
        let mut out = sentinel();
        // SAFETY: `self.handle` is live; `c` is a NUL-terminated string; `out` is storage for one pointer.
        let status = unsafe { gr_campaign_query(self.handle, c.as_ptr(), &mut out) };
        match text {
            // SAFETY: `self.handle` is live.
            None => unsafe { check_c_failure(self.handle, status, gr_status::GR_INVALID_UTF8, out) },
            Some(text) => {
                let core = self.mirror.query_json(&text);
                // SAFETY: `self.handle` is live and `out` was written by the call.
                unsafe { check_against_core(self.handle, "gr_campaign_query", status, out, core) };
            }
        }
    }

    /// Loads into a new handle; it replaces the current one when it loads.
    fn load_new(&mut self, arg: &[u8], load: Load) {
        let (c, text) = c_string(arg);
        let fresh = new_handle();
        // SAFETY: `fresh` is live and `c` is a NUL-terminated string.
        let status = unsafe { load.c(fresh, &c) };
        assert_ne!(status, gr_status::GR_PANIC, "loading answered GR_PANIC");
        check_known(status);
        let Some(text) = text else {
            // SAFETY: `fresh` is live.
            unsafe { check_c_failure(fresh, status, gr_status::GR_INVALID_UTF8, sentinel()) };
            // SAFETY: `fresh` is live and dropped here.
            unsafe { free_handle(fresh) };
            return;
        };
        match load.core(&text) {
            Ok(campaign) => {
                assert_eq!(status, gr_status::GR_OK, "the core loads the campaign, the C door answers {status:?}");
                // SAFETY: the old handle is live and replaced here.
                unsafe { free_handle(self.handle) };
                self.handle = fresh;
                self.mirror = campaign;
                self.check_head();
            }
            Err(error) => {
                assert_eq!(
                    status as u32,
                    status_number(&error),
                    "the core refuses the load with {}, the C door answers {status:?}",
                    error.code.as_str()
                );
                // SAFETY: `fresh` is live.
                assert_eq!(unsafe { last_error_of(fresh) }, Some(error.to_json()));
                // SAFETY: `fresh` is live and dropped here.
                unsafe { free_handle(fresh) };
            }
        }
    }

    /// Loads into the current handle: refused unless it holds no record.
    fn load_current(&mut self, arg: &[u8], load: Load) {
        let (c, text) = c_string(arg);
        // SAFETY: `self.handle` is live and `c` is a NUL-terminated string.
        let status = unsafe { load.c(self.handle, &c) };
        let Some(text) = text else {
            // SAFETY: `self.handle` is live.
            unsafe { check_c_failure(self.handle, status, gr_status::GR_INVALID_UTF8, sentinel()) };
            return;
        };
        assert_ne!(status, gr_status::GR_PANIC, "loading answered GR_PANIC");
        check_known(status);
        if self.mirror.head().seq != 0 {
            assert_eq!(
                status,
                gr_status::GR_CAMPAIGN_ALREADY_OPEN,
                "loading into a handle that holds records answered {status:?}"
            );
            // SAFETY: `self.handle` is live.
            let error = unsafe { last_error_of(self.handle) }.expect("a refused load left no last error");
            assert!(
                error.contains("\"code\":\"CAMPAIGN_ALREADY_OPEN\""),
                "the last error does not say CAMPAIGN_ALREADY_OPEN: {error}"
            );
        } else {
            match load.core(&text) {
                Ok(campaign) => {
                    assert_eq!(status, gr_status::GR_OK, "the core loads the campaign, the C door answers {status:?}");
                    self.mirror = campaign;
                }
                Err(error) => {
                    assert_eq!(
                        status as u32,
                        status_number(&error),
                        "the core refuses the load with {}, the C door answers {status:?}",
                        error.code.as_str()
                    );
                    // SAFETY: `self.handle` is live.
                    assert_eq!(
                        unsafe { last_error_of(self.handle) },
                        Some(error.to_json()),
                        "the last error is not the core's error JSON"
                    );
                }
            }
        }
        self.check_head();
    }

    fn records_since(&mut self, arg: &[u8]) {
        let seq = std::str::from_utf8(arg).ok().and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or(0);
        let mut out = sentinel();
        // SAFETY: `self.handle` is live; `out` is storage for one pointer.
        let status = unsafe { gr_campaign_records_since(self.handle, seq, &mut out) };
        let core = Ok(self.mirror.records_since_json(seq));
        // SAFETY: `self.handle` is live and `out` was written by the call.
        unsafe { check_against_core(self.handle, "gr_campaign_records_since", status, out, core) };
    }

    fn snapshot(&mut self) {
        let mut out = sentinel();
        // SAFETY: `self.handle` is live; `out` is storage for one pointer.
        let status = unsafe { gr_campaign_snapshot(self.handle, &mut out) };
        assert_eq!(status, gr_status::GR_OK, "gr_campaign_snapshot failed");
        // SAFETY: on GR_OK `out` is a string the library returned.
        let snapshot = unsafe { take(out) };
        assert_eq!(snapshot, self.mirror.snapshot_json(), "the C door's snapshot differs from the core's");
        let fresh = new_handle();
        let c = CString::new(snapshot).expect("a snapshot holds no NUL");
        // SAFETY: `fresh` is live and `c` is a NUL-terminated string.
        let status = unsafe { gr_campaign_restore(fresh, c.as_ptr()) };
        assert_eq!(status, gr_status::GR_OK, "the C door's own snapshot does not restore");
        // SAFETY: both handles are live.
        assert_eq!(unsafe { head_of(fresh) }, unsafe { head_of(self.handle) }, "a restored snapshot has another head");
        // SAFETY: `fresh` is live and dropped here.
        unsafe { free_handle(fresh) };
    }

    fn head(&mut self) {
        self.check_head();
    }

    /// `k`: signs a checkpoint through the C door and through the mirror.
    fn sign_checkpoint(&mut self, arg: &[u8]) {
        let (algorithm, key) = c_key(arg.first().copied());
        let arg = match arg.first() {
            Some(b's' | b'e') => &arg[1..],
            _ => arg,
        };
        let (c, text) = c_string(arg);
        let secret = secret_of(key);
        let key_id = CString::new(key.key_id()).expect("a key id holds no NUL");
        let mut out = sentinel();
        // SAFETY: `self.handle` is live; the strings are NUL-terminated; `secret` is 32 readable
        // bytes; `out` is storage for one pointer.
        let status = unsafe {
            gr_campaign_sign_checkpoint(
                self.handle,
                c.as_ptr(),
                algorithm.as_ptr(),
                key_id.as_ptr(),
                secret.as_ptr(),
                secret.len(),
                &mut out,
            )
        };
        match text {
            // SAFETY: `self.handle` is live.
            None => unsafe { check_c_failure(self.handle, status, gr_status::GR_INVALID_UTF8, out) },
            Some(text) => {
                let core = self.mirror.sign_checkpoint_json(&text, key);
                // SAFETY: `self.handle` is live and `out` was written by the call.
                unsafe { check_against_core(self.handle, "gr_campaign_sign_checkpoint", status, out, core) };
                self.check_head();
            }
        }
    }

    /// `K`: a signed snapshot equals the core's, and restores trusted into a new handle.
    fn snapshot_signed(&mut self, byte: Option<u8>) {
        let (algorithm, key) = c_key(byte);
        let secret = secret_of(key);
        let key_id = CString::new(key.key_id()).expect("a key id holds no NUL");
        let mut out = sentinel();
        // SAFETY: `self.handle` is live; the strings are NUL-terminated; `secret` is 32 readable
        // bytes; `out` is storage for one pointer.
        let status = unsafe {
            gr_campaign_snapshot_signed(
                self.handle,
                algorithm.as_ptr(),
                key_id.as_ptr(),
                secret.as_ptr(),
                secret.len(),
                &mut out,
            )
        };
        let signed = self.mirror.snapshot_signed_json(key);
        // SAFETY: `self.handle` is live and `out` was written by the call.
        unsafe { check_against_core(self.handle, "gr_campaign_snapshot_signed", status, out, Ok(signed.clone())) };
        let c = CString::new(signed).expect("a snapshot holds no NUL");
        let fresh = new_handle();
        // SAFETY: `fresh` is live and `c` is a NUL-terminated string.
        let status = unsafe { Load::RestoreTrusted.c(fresh, &c) };
        assert_eq!(status, gr_status::GR_OK, "the C door's own signed snapshot is not trusted");
        // SAFETY: both handles are live.
        assert_eq!(
            unsafe { head_of(fresh) },
            unsafe { head_of(self.handle) },
            "a restored signed snapshot has another head"
        );
        // SAFETY: `fresh` is live and dropped here.
        unsafe { free_handle(fresh) };
    }

    /// The handle's head is the mirror's.
    fn check_head(&self) {
        let head = self.mirror.head();
        // SAFETY: `self.handle` is live.
        assert_eq!(
            unsafe { head_of(self.handle) },
            (head.seq, head.hash.to_hex()),
            "the C door's head differs from the core's"
        );
    }

    fn last_error(&mut self) -> Option<String> {
        // SAFETY: `self.handle` is live.
        unsafe { last_error_of(self.handle) }
    }

    /// Every function with each NULL argument answers `GR_NULL_ARGUMENT` and writes nothing.
    fn nulls(&mut self) {
        let h = self.handle;
        let json = c"{}";
        let null_c = ptr::null::<c_char>();
        let mut out = sentinel();
        let mut seq = 7u64;
        let null_out = ptr::null_mut::<*mut c_char>();
        let (alg, signing) = c_key(None);
        let alg = alg.as_ptr();
        let key_id = CString::new(signing.key_id()).expect("a key id holds no NUL");
        let id = key_id.as_ptr();
        let key = secret_of(signing).as_ptr();
        // SAFETY (every call below): the handle is live or NULL, strings are NUL-terminated or NULL,
        // and every `*_out` is storage for its value or NULL; the functions promise to check NULLs.
        let statuses = unsafe {
            [
                ("new", gr_campaign_new(ptr::null_mut())),
                ("execute campaign", gr_campaign_execute(ptr::null_mut(), json.as_ptr(), &mut out)),
                ("execute command_json", gr_campaign_execute(h, null_c, &mut out)),
                ("execute result_out", gr_campaign_execute(h, json.as_ptr(), null_out)),
                ("query campaign", gr_campaign_query(ptr::null(), json.as_ptr(), &mut out)),
                ("query query_json", gr_campaign_query(h, null_c, &mut out)),
                ("query result_out", gr_campaign_query(h, json.as_ptr(), null_out)),
                ("replay campaign", gr_campaign_replay(ptr::null_mut(), json.as_ptr())),
                ("replay records_json", gr_campaign_replay(h, null_c)),
                ("restore campaign", gr_campaign_restore(ptr::null_mut(), json.as_ptr())),
                ("restore snapshot_json", gr_campaign_restore(h, null_c)),
                ("records_since campaign", gr_campaign_records_since(ptr::null(), 0, &mut out)),
                ("records_since records_json_out", gr_campaign_records_since(h, 0, null_out)),
                ("snapshot campaign", gr_campaign_snapshot(ptr::null(), &mut out)),
                ("snapshot snapshot_json_out", gr_campaign_snapshot(h, null_out)),
                ("head campaign", gr_campaign_head(ptr::null(), &mut seq, &mut out)),
                ("head seq_out", gr_campaign_head(h, ptr::null_mut(), &mut out)),
                ("head hash_out", gr_campaign_head(h, &mut seq, null_out)),
                ("last_error campaign", gr_campaign_last_error(ptr::null(), &mut out)),
                ("last_error error_json_out", gr_campaign_last_error(h, null_out)),
                (
                    "sign_checkpoint campaign",
                    gr_campaign_sign_checkpoint(ptr::null_mut(), json.as_ptr(), alg, id, key, 32, &mut out),
                ),
                ("sign_checkpoint request_json", gr_campaign_sign_checkpoint(h, null_c, alg, id, key, 32, &mut out)),
                (
                    "sign_checkpoint algorithm",
                    gr_campaign_sign_checkpoint(h, json.as_ptr(), null_c, id, key, 32, &mut out),
                ),
                (
                    "sign_checkpoint key_id",
                    gr_campaign_sign_checkpoint(h, json.as_ptr(), alg, null_c, key, 32, &mut out),
                ),
                (
                    "sign_checkpoint secret_key",
                    gr_campaign_sign_checkpoint(h, json.as_ptr(), alg, id, ptr::null(), 32, &mut out),
                ),
                (
                    "sign_checkpoint result_out",
                    gr_campaign_sign_checkpoint(h, json.as_ptr(), alg, id, key, 32, null_out),
                ),
                ("snapshot_signed campaign", gr_campaign_snapshot_signed(ptr::null(), alg, id, key, 32, &mut out)),
                ("snapshot_signed algorithm", gr_campaign_snapshot_signed(h, null_c, id, key, 32, &mut out)),
                ("snapshot_signed key_id", gr_campaign_snapshot_signed(h, alg, null_c, key, 32, &mut out)),
                ("snapshot_signed secret_key", gr_campaign_snapshot_signed(h, alg, id, ptr::null(), 32, &mut out)),
                ("snapshot_signed snapshot_json_out", gr_campaign_snapshot_signed(h, alg, id, key, 32, null_out)),
                ("replay_trusted campaign", gr_campaign_replay_trusted(ptr::null_mut(), json.as_ptr(), json.as_ptr())),
                ("replay_trusted records_json", gr_campaign_replay_trusted(h, null_c, json.as_ptr())),
                ("replay_trusted trust_json", gr_campaign_replay_trusted(h, json.as_ptr(), null_c)),
                (
                    "restore_trusted campaign",
                    gr_campaign_restore_trusted(ptr::null_mut(), json.as_ptr(), json.as_ptr()),
                ),
                ("restore_trusted snapshot_json", gr_campaign_restore_trusted(h, null_c, json.as_ptr())),
                ("restore_trusted trust_json", gr_campaign_restore_trusted(h, json.as_ptr(), null_c)),
                ("public_key algorithm", gr_public_key(null_c, key, 32, &mut out, null_out)),
                ("public_key secret_key", gr_public_key(alg, ptr::null(), 32, &mut out, null_out)),
                ("public_key public_key_hex_out", gr_public_key(alg, key, 32, null_out, null_out)),
            ]
        };
        for (what, status) in statuses {
            assert_eq!(status, gr_status::GR_NULL_ARGUMENT, "{what} NULL");
        }
        assert_eq!(out, sentinel(), "a call with a NULL argument wrote its *_out");
        assert_eq!(seq, 7, "a call with a NULL argument wrote its seq_out");
        // SAFETY: NULL is allowed and does nothing.
        unsafe {
            gr_string_free(ptr::null_mut());
            gr_campaign_free(ptr::null_mut());
        }
        let error = self.last_error().expect("the NULL calls left no last error");
        assert!(error.contains("\"code\":\"NULL_ARGUMENT\""), "the last error does not say NULL_ARGUMENT: {error}");
        self.check_head();
    }

    /// A new handle in place of the current one.
    fn renew(&mut self) {
        // SAFETY: the handle is live and replaced here.
        unsafe { free_handle(self.handle) };
        self.handle = new_handle();
        self.mirror = Campaign::new();
        // A fresh handle has no last error.
        assert_eq!(self.last_error(), None, "a fresh handle has a last error");
    }
}

impl Drop for Door {
    fn drop(&mut self) {
        // SAFETY: the handle is live and not used afterwards.
        unsafe { free_handle(self.handle) };
    }
}

/// The head of a handle: its seq and hash.
///
/// # Safety
/// `handle` is a live handle.
unsafe fn head_of(handle: *const gr_campaign) -> (u64, String) {
    let mut seq = u64::MAX;
    let mut hash = sentinel();
    // SAFETY: `handle` is live (precondition); both outputs are storage for their values.
    let status = unsafe { gr_campaign_head(handle, &mut seq, &mut hash) };
    assert_eq!(status, gr_status::GR_OK, "gr_campaign_head failed");
    // SAFETY: on GR_OK `hash` is a string the library returned.
    (seq, unsafe { take(hash) })
}

/// `P`: `gr_public_key` answers what the core answers for the same algorithm and secret bytes.
fn public_key(arg: &[u8]) {
    let (name, secret): (&CStr, &[u8]) = match arg.split_first() {
        Some((b's', rest)) => (c"sm2", rest),
        Some((b'e', rest)) => (c"ed25519", rest),
        Some((_, rest)) => (c"rsa", rest),
        None => (c"ed25519", &[]),
    };
    let mut out = sentinel();
    let mut error = sentinel();
    // SAFETY: `name` is NUL-terminated; `secret` is `secret.len()` readable bytes; both outputs are
    // storage for one pointer.
    let status = unsafe { gr_public_key(name.as_ptr(), secret.as_ptr(), secret.len(), &mut out, &mut error) };
    assert_ne!(status, gr_status::GR_PANIC, "gr_public_key answered GR_PANIC");
    check_known(status);
    let core = SignatureAlgorithm::parse(name.to_str().expect("ASCII"))
        .and_then(|a| SigningKey::new(a, "public-key", secret))
        .map(|k| k.public_key().to_hex());
    match core {
        Ok(hex) => {
            assert_eq!(status, gr_status::GR_OK, "the core derives a public key, gr_public_key answers {status:?}");
            assert_eq!(error, sentinel(), "gr_public_key wrote an error on success");
            // SAFETY: on GR_OK `out` is a string the library returned.
            assert_eq!(unsafe { take(out) }, hex, "gr_public_key answers another key than the core");
        }
        Err(e) => {
            assert_eq!(
                status as u32,
                e.code.number(),
                "the core refuses the key with {}, gr_public_key answers {status:?}",
                e.code.as_str()
            );
            assert_eq!(out, sentinel(), "gr_public_key wrote a key on failure");
            // SAFETY: on failure with a non-NULL `error_json_out`, it is a string the library returned.
            let json = unsafe { take(error) };
            let _: serde_json::Value = serde_json::from_str(&json).expect("gr_public_key's error is not JSON");
            assert_eq!(json, e.to_json(), "gr_public_key's error is not the core's");
        }
    }
}

/// `gr_version` is the core's version; `gr_status_name` answers a static UTF-8 name for any number.
fn versions(arg: &[u8]) {
    // SAFETY: gr_version returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(gr_version()) };
    assert_eq!(version.to_str().ok(), Some(grassroots::VERSION), "gr_version is not the core's version");
    let numbers = arg.iter().map(|&b| u32::from(b)).chain([0, 1, 18, 20, 99, 100, 101, 102, 103, u32::MAX]);
    for n in numbers {
        let name = gr_status_name(n);
        assert!(!name.is_null(), "gr_status_name({n}) is NULL");
        // SAFETY: gr_status_name returns a static NUL-terminated string.
        let name = unsafe { CStr::from_ptr(name) }.to_str().expect("a status name is not UTF-8");
        match ErrorCode::from_number(n) {
            Some(code) => assert_eq!(name, code.as_str(), "gr_status_name({n}) is not the core's code"),
            None if n == 0 => assert_eq!(name, "OK"),
            None => {
                let expected = match n {
                    100 => "NULL_ARGUMENT",
                    101 => "INVALID_UTF8",
                    102 => "PANIC",
                    _ => "UNKNOWN",
                };
                assert_eq!(name, expected, "gr_status_name({n})");
            }
        }
    }
}
