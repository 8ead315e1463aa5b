//! The reference data the library ships, handed out as the core writes it. The export names what it
//! hands out; nothing here decides anything (the architecture test allows this file that one word).

use crate::campaign::put_string;
use crate::status::gr_status;
use std::ffi::c_char;

/// The reference door-knock questionnaire (敲门行动入户走访问卷, 32 questions in Chinese with English
/// labels) as the command that registers it: `{"type":"importQuestionnaire","id":"door-knock",
/// "version":1,"title":{…},…}` with its two XLSForm sheets as CSV text. Send it as the `command` of
/// an envelope to use it as it is, or edit its sheets to adapt it.
///
/// \param command_json_out Where to write the command (only on `GR_OK`), freed with `gr_string_free`.
/// \return `GR_OK`; `GR_NULL_ARGUMENT` if `command_json_out` is NULL; `GR_PANIC`.
/// # Safety
/// \pre `command_json_out` is NULL or points to storage for one `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_reference_questionnaire(command_json_out: *mut *mut c_char) -> gr_status {
    ffi_boundary!({
        if command_json_out.is_null() {
            return gr_status::GR_NULL_ARGUMENT;
        }
        // SAFETY: `command_json_out` is not NULL and the caller guarantees it points to writable storage.
        unsafe { put_string(command_json_out, grassroots_core::reference_questionnaire_json()) }
    })
}
