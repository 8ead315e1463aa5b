//! Merging roll-ups without a campaign: a district's or city's platform adds up the roll-ups its
//! units sent it. The door only translates; the core merges and checks.

use crate::boundary::read_str;
use crate::campaign::{c_error_json, put_string};
use crate::status::gr_status;
use std::ffi::c_char;

/// Merges roll-ups (the `summary` of the `rollup` query's answers) into one: the figures of all the
/// units they cover, added up. The merge is associative and commutative, so the roll-ups may come
/// in any order and be merged in any grouping (a district's first, then the city's).
///
/// \param rollups_json A JSON array of roll-ups.
/// \param rollup_json_out Where to write the merged roll-up (only on `GR_OK`), freed with
///        `gr_string_free`.
/// \param error_json_out Where to write the error JSON on failure (may be NULL), freed with
///        `gr_string_free`: `INVALID_FIELD` naming the element whose unit is present twice,
///        `MALFORMED_INPUT` naming the element that is not a roll-up.
/// \return `GR_OK`; `GR_MALFORMED_INPUT`, `GR_INVALID_FIELD`, `GR_INPUT_TOO_LARGE`, `GR_NULL_ARGUMENT`,
///         `GR_INVALID_UTF8` or `GR_PANIC`.
/// # Safety
/// \pre `rollups_json` is NULL or NUL-terminated; the outputs are NULL or point to storage for one
///      `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_roll_up(
    rollups_json: *const c_char,
    rollup_json_out: *mut *mut c_char,
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
        // SAFETY: the caller guarantees `rollups_json` is NULL or a valid NUL-terminated string.
        let input = match unsafe { read_str(rollups_json, "rollups_json", None) } {
            Ok(input) => input,
            Err(e) => return fail(e.status, c_error_json(e.status, &e.message)),
        };
        if rollup_json_out.is_null() {
            return fail(
                gr_status::GR_NULL_ARGUMENT,
                c_error_json(gr_status::GR_NULL_ARGUMENT, "`rollup_json_out` is NULL"),
            );
        }
        match grassroots_core::report::rollup::roll_up_json(input) {
            // SAFETY: `rollup_json_out` is not NULL and the caller guarantees it points to writable storage.
            Ok(json) => unsafe { put_string(rollup_json_out, json) },
            Err(error) => fail(gr_status::of(error.code), error.to_json()),
        }
    })
}
