//! Reading records the way a host stores them (one row per record, or JSON lines) and releasing
//! the ones it has stored, so that a long-running host's memory stays bounded.

use crate::campaign::{gr_campaign, live, live_mut, put_string};
use crate::status::gr_status;
use std::ffi::c_char;

/// The records with a `seq` greater than `seq` as JSON lines: one record per line, each exactly the
/// JSON `gr_campaign_records_since` puts in its array, each line ending in a newline. A host that stores
/// a row per record stores each line as it is; `gr_campaign_replay` takes the lines back.
///
/// \param campaign The campaign.
/// \param seq The last `seq` the host has stored (0 for all).
/// \param lines_out Where to write the lines (only on `GR_OK`): `""` when there are none; owned by
///        the caller, freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `lines_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_records_since_lines(
    campaign: *const gr_campaign,
    seq: u64,
    lines_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if lines_out.is_null() {
            return handle.fail_null("lines_out");
        }
        // SAFETY: `lines_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(lines_out, handle.campaign.records_since_json_lines(seq)) }
    })
}

/// The one record with `seq`, as JSON, while the campaign holds it.
///
/// \param campaign The campaign.
/// \param seq The record's `seq` (from 1).
/// \param record_json_out Where to write the record (only on `GR_OK`), freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NOT_FOUND` when the campaign does not hold it (0, beyond the head,
///         released, or before the snapshot it was restored from: the error JSON says which records
///         it holds); `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call;
///      `record_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_record(
    campaign: *const gr_campaign,
    seq: u64,
    record_json_out: *mut *mut c_char,
) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        if record_json_out.is_null() {
            return handle.fail_null("record_json_out");
        }
        match handle.campaign.record_json(seq) {
            // SAFETY: `record_json_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(record_json_out, json) },
            Err(error) => handle.fail_core(error),
        }
    })
}

/// Lets the campaign forget the records up to `seq`, which the host has stored, to bound its
/// memory. Records are released in whole chunks of 4,096, so some may still be held; the state, the
/// head and the recognition of retried commands are not affected (a retry of a released command is
/// still answered as a retry, with the records the campaign still holds).
///
/// \param campaign The campaign.
/// \param seq The last `seq` the host has stored durably.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` or `GR_PANIC`.
/// # Safety
/// \pre `campaign` is NULL or a live handle that no other thread uses during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_campaign_release_records_through(campaign: *mut gr_campaign, seq: u64) -> gr_status {
    ffi_boundary!({
        // SAFETY: the caller guarantees `campaign` is NULL or a live handle no other thread uses.
        let handle = match unsafe { live_mut(campaign) } {
            Ok(handle) => handle,
            Err(status) => return status,
        };
        handle.campaign.release_records_through(seq);
        gr_status::GR_OK
    })
}
