//! Signed checkpoints and trusted loads through the C door: the host passes its secret key as bytes
//! (never as JSON, which ends up in logs), its trusted public keys as a JSON trust list.

use crate::boundary::{InputError, read_str};
use crate::campaign::{c_error_json, gr_campaign, live, live_mut, put_string};
use crate::status::{GR_MAX_INPUT_BYTES, gr_status};
use grassroots_core::engine::checkpoint::{SignatureAlgorithm, SigningKey};
use grassroots_core::{Campaign, Error};
use std::ffi::c_char;

/// The signing key from C's algorithm name, key id and secret bytes.
///
/// # Safety
/// `algorithm` and `key_id` are NULL or NUL-terminated strings; `secret` is NULL or points to
/// `secret_len` readable bytes.
unsafe fn signing_key(
    algorithm: *const c_char,
    key_id: *const c_char,
    secret: *const u8,
    secret_len: usize,
) -> Result<Result<SigningKey, Error>, InputError> {
    // SAFETY: guaranteed by the caller.
    let algorithm = unsafe { read_str(algorithm, "algorithm", Some(16)) }?;
    // SAFETY: guaranteed by the caller.
    let key_id = unsafe { read_str(key_id, "key_id", Some(1024)) }?;
    if secret.is_null() {
        return Err(InputError { status: gr_status::GR_NULL_ARGUMENT, message: "`secret_key` is NULL".into() });
    }
    // SAFETY: `secret` is not NULL and the caller guarantees `secret_len` readable bytes behind it;
    // a key is 32 bytes, so a longer claimed length is refused before it is read.
    let bytes = unsafe { std::slice::from_raw_parts(secret, secret_len.min(33)) };
    Ok(SignatureAlgorithm::parse(algorithm).and_then(|a| SigningKey::new(a, key_id, bytes)))
}

/// Signs the head of the log with the host's key and records the signature as a checkpoint (one
/// record, event `checkpointSigned`). Replay and restore then verify it; with a trust list that
/// requires a signed head (`gr_campaign_replay_trusted`), a log must end at one.
///
/// \param campaign The campaign.
/// \param request_json `{"schemaVersion":1,"commandId":…,"actor":…,"at":…}`: who signs (the leading
///        group's office), when, and the idempotency key; NUL-terminated UTF-8.
/// \param algorithm `"ed25519"` or `"sm2"` (SM2 with SM3, GB/T 32918).
/// \param key_id The id the host names its key by (1–64 characters), recorded with the signature.
/// \param secret_key The 32-byte secret key (an Ed25519 seed or an SM2 private key); it is used for
///        this call only and never stored or logged.
/// \param secret_key_len Its length: 32.
/// \param result_out Where to write the result (only on `GR_OK`): JSON like `gr_campaign_execute`'s
///        (`records` holds the checkpoint's record), owned by the caller, freed with
///        `gr_string_free`.
/// \return `GR_OK`; `GR_INVALID_FIELD` for a bad algorithm, key id or key; `GR_PERMISSION_DENIED`,
///         `GR_OUT_OF_SCOPE`, `GR_CAMPAIGN_NOT_OPEN`, `GR_MALFORMED_INPUT`; `GR_NULL_ARGUMENT`,
///         `GR_INVALID_UTF8` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle no other thread uses during the call; the strings are
///      NULL or NUL-terminated; `secret_key` is NULL or points to `secret_key_len` readable bytes;
///      `result_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_sign_checkpoint(
    campaign: *mut gr_campaign,
    request_json: *const c_char,
    algorithm: *const c_char,
    key_id: *const c_char,
    secret_key: *const u8,
    secret_key_len: usize,
    result_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `request_json` is NULL or a valid NUL-terminated string.
        let request = match unsafe { read_str(request_json, "request_json", Some(GR_MAX_INPUT_BYTES)) } {
            Ok(input) => input,
            Err(e) => return handle.fail_input(e),
        };
        // SAFETY: the caller guarantees the strings and the key bytes as `signing_key` needs them.
        let key = match unsafe { signing_key(algorithm, key_id, secret_key, secret_key_len) } {
            Ok(Ok(key)) => key,
            Ok(Err(error)) => return handle.fail_core(error),
            Err(e) => return handle.fail_input(e),
        };
        if result_out.is_null() {
            return handle.fail_null("result_out");
        }
        handle.poisoned = true;
        let answer = handle.campaign.sign_checkpoint_json(request, &key);
        handle.poisoned = false;
        match answer {
            // SAFETY: `result_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(result_out, json) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// A snapshot of the campaign at its head, signed with the host's key, for
/// `gr_campaign_restore_trusted`.
///
/// \param campaign The campaign.
/// \param algorithm, key_id, secret_key, secret_key_len The key, as for
///        `gr_campaign_sign_checkpoint`.
/// \param snapshot_json_out Where to write the snapshot (only on `GR_OK`), freed with
///        `gr_string_free`.
/// \return `GR_OK`; `GR_INVALID_FIELD` for a bad key; `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8` or
///         `GR_PANIC`.
/// # Safety
/// \pre As `gr_campaign_sign_checkpoint`; `snapshot_json_out` is NULL or points to storage for one
///      `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_snapshot_signed(
    campaign: *const gr_campaign,
    algorithm: *const c_char,
    key_id: *const c_char,
    secret_key: *const u8,
    secret_key_len: usize,
    snapshot_json_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees the strings and the key bytes as `signing_key` needs them.
        let key = match unsafe { signing_key(algorithm, key_id, secret_key, secret_key_len) } {
            Ok(Ok(key)) => key,
            Ok(Err(error)) => return handle.fail_core(error),
            Err(e) => return handle.fail_input(e),
        };
        if snapshot_json_out.is_null() {
            return handle.fail_null("snapshot_json_out");
        }
        // SAFETY: `snapshot_json_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(snapshot_json_out, handle.campaign.snapshot_signed_json(&key)) }
    })
}

/// `gr_campaign_replay`, holding every checkpoint to a trust list: each must be signed by one of
/// its keys, and with `"requireSignedHead":true` the log must end at a checkpoint.
///
/// \param campaign An empty campaign from `gr_campaign_new`.
/// \param records_json A JSON array of records (no size limit).
/// \param trust_json `{"keys":[{"keyId":…,"algorithm":"sm2","publicKey":"04…"}],"requireSignedHead":true}`.
/// \return `GR_OK`; `GR_TAMPERED_LOG` (the error's `seq` names the record), `GR_UNTRUSTED_LOG`,
///         `GR_MALFORMED_INPUT`, `GR_CAMPAIGN_ALREADY_OPEN`, `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8`
///         or `GR_PANIC`. On any failure the handle is left as it was.
/// # Safety
/// \pre `campaign` is NULL or a live handle no other thread uses during the call; the strings are
///      NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_replay_trusted(
    campaign: *mut gr_campaign,
    records_json: *const c_char,
    trust_json: *const c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees both are NULL or valid NUL-terminated strings.
        let inputs = unsafe {
            (read_str(records_json, "records_json", None), read_str(trust_json, "trust_json", Some(1 << 20)))
        };
        match inputs {
            (Ok(records), Ok(trust)) => handle.load("replay", || Campaign::replay_trusted_json(records, trust)),
            (Err(e), _) | (_, Err(e)) => handle.fail_input(e),
        }
    })
}

/// `gr_campaign_restore`, holding the snapshot's signature to a trust list (as
/// `gr_campaign_replay_trusted`): with `"requireSignedHead":true` it must be signed by a listed key.
///
/// \return `GR_OK`; `GR_INVALID_SNAPSHOT`, `GR_TAMPERED_LOG` (a signature that does not verify),
///         `GR_UNTRUSTED_LOG`, `GR_CAMPAIGN_ALREADY_OPEN`, `GR_MALFORMED_INPUT`, `GR_NULL_ARGUMENT`,
///         `GR_INVALID_UTF8` or `GR_PANIC`. On any failure the handle is left as it was.
/// # Safety
/// \pre As `gr_campaign_replay_trusted`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_restore_trusted(
    campaign: *mut gr_campaign,
    snapshot_json: *const c_char,
    trust_json: *const c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees both are NULL or valid NUL-terminated strings.
        let inputs = unsafe {
            (read_str(snapshot_json, "snapshot_json", None), read_str(trust_json, "trust_json", Some(1 << 20)))
        };
        match inputs {
            (Ok(snapshot), Ok(trust)) => handle.load("restore", || Campaign::restore_trusted_json(snapshot, trust)),
            (Err(e), _) | (_, Err(e)) => handle.fail_input(e),
        }
    })
}

/// The public key of a secret key, as lowercase hex, for the host's trust list.
///
/// \param algorithm `"ed25519"` or `"sm2"`.
/// \param secret_key, secret_key_len The 32-byte secret key.
/// \param public_key_hex_out Where to write the public key (only on `GR_OK`): 64 hex digits for
///        Ed25519, 130 (uncompressed SEC1) for SM2; freed with `gr_string_free`.
/// \param error_json_out Where to write the error JSON on failure (may be NULL), freed with
///        `gr_string_free`.
/// \return `GR_OK`; `GR_INVALID_FIELD`, `GR_NULL_ARGUMENT`, `GR_INVALID_UTF8` or `GR_PANIC`.
/// # Safety
/// \pre `algorithm` is NULL or NUL-terminated; `secret_key` is NULL or points to `secret_key_len`
///      readable bytes; the outputs are NULL or point to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_public_key(
    algorithm: *const c_char,
    secret_key: *const u8,
    secret_key_len: usize,
    public_key_hex_out: *mut *mut c_char,
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
        // SAFETY: the caller guarantees the string and the key bytes as `signing_key` needs them.
        let key = match unsafe { signing_key(algorithm, c"public-key".as_ptr(), secret_key, secret_key_len) } {
            Ok(Ok(key)) => key,
            Ok(Err(error)) => return fail(gr_status::of(error.code()), error.to_json()),
            Err(e) => return fail(e.status, c_error_json(e.status, &e.message)),
        };
        if public_key_hex_out.is_null() {
            return fail(
                gr_status::GR_NULL_ARGUMENT,
                c_error_json(gr_status::GR_NULL_ARGUMENT, "`public_key_hex_out` is NULL"),
            );
        }
        // SAFETY: `public_key_hex_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(public_key_hex_out, key.public_key().to_hex()) }
    })
}
