//! `gr_status`: what every fallible function of the C API returns.

use grassroots_core::ErrorCode;

/// The outcome of a call. `GR_OK` is 0; every other value is a failure.
///
/// The values 1 to 99 are the core's stable error codes (24 to 26 come from a store, `gr_store_*`), with the same number and name as the
/// `code` of the error JSON (e.g. `GR_OUT_OF_SCOPE` = 10 and `"OUT_OF_SCOPE"`). The values from 100
/// on are failures of the C door itself. A value is never reused or renumbered.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum gr_status {
    /// Success.
    GR_OK = 0,
    /// The input is not well-formed JSON, or does not have the shape of a command, query or record.
    GR_MALFORMED_INPUT = 1,
    /// The input names a `schemaVersion` this library does not understand.
    GR_UNSUPPORTED_SCHEMA_VERSION = 2,
    /// A field has a value the domain does not accept.
    GR_INVALID_FIELD = 3,
    /// A division code is not 12 digits, or disagrees with its level or with its parent's prefix.
    GR_INVALID_DIVISION_CODE = 4,
    /// A resident ID number fails GB 11643.
    GR_INVALID_ID_NUMBER = 5,
    /// A mobile number is not an 11-digit mainland number.
    GR_INVALID_MOBILE_NUMBER = 6,
    /// A referenced id does not exist.
    GR_NOT_FOUND = 7,
    /// An id is already taken by an existing entity.
    GR_ALREADY_EXISTS = 8,
    /// The actor's role may not perform this command or query.
    GR_PERMISSION_DENIED = 9,
    /// The command's target lies outside the actor's scope.
    GR_OUT_OF_SCOPE = 10,
    /// The command carried an `expectedSeq` but the campaign has moved on since.
    GR_CONFLICT = 11,
    /// A `commandId` that was already accepted arrived again with a different payload.
    GR_COMMAND_ID_REUSED = 12,
    /// A record of the log was altered, dropped, inserted or reordered.
    GR_TAMPERED_LOG = 13,
    /// A CSV file has bad rows or columns.
    GR_INVALID_CSV = 14,
    /// The campaign has not been opened yet: the first command must be `openCampaign`.
    GR_CAMPAIGN_NOT_OPEN = 15,
    /// The campaign is already open.
    GR_CAMPAIGN_ALREADY_OPEN = 16,
    /// A snapshot does not verify or is not a snapshot.
    GR_INVALID_SNAPSHOT = 17,
    /// The command breaks a rule of the domain given the current state.
    GR_RULE_VIOLATED = 18,
    /// A command, a query or a batch of commands is longer than `GR_MAX_INPUT_BYTES`. Nothing was done.
    GR_INPUT_TOO_LARGE = 19,
    /// The action is not allowed in the target's current state; the error JSON names the rule.
    GR_INVALID_TRANSITION = 20,
    /// A log or snapshot is intact but not vouched for as the trust asked (an untrusted key, no
    /// signed checkpoint at the end, an unsigned snapshot).
    GR_UNTRUSTED_LOG = 21,
    /// The actor's scope is not a level its role may act at.
    GR_SCOPE_DOES_NOT_FIT_ROLE = 22,
    /// A field is longer than its documented limit; the error names the field and the limit.
    GR_FIELD_TOO_LONG = 23,
    /// A store location that is not a campaign database, or holds no campaign by the name asked.
    GR_NOT_A_CAMPAIGN_STORE = 24,
    /// The store could not be read or written (a locked file, a server that went away); nothing was
    /// half-written: re-send the command with the same id once the store is back.
    GR_STORAGE_UNAVAILABLE = 25,
    /// The store's disk or size limit is full; nothing of the refused command was written.
    GR_STORAGE_FULL = 26,
    /// (C only) A pointer argument that must not be NULL was NULL. Nothing was done.
    GR_NULL_ARGUMENT = 100,
    /// (C only) A string argument is not valid UTF-8. Nothing was done.
    GR_INVALID_UTF8 = 101,
    /// (C only) A bug inside the library was caught. If it happened while a command was executing,
    /// the handle is poisoned: every later call on it returns `GR_PANIC`; free it and rebuild the
    /// campaign from its records.
    GR_PANIC = 102,
}

/// The longest command or query, in bytes without the NUL, that `gr_campaign_execute` and
/// `gr_campaign_query` accept (32 MiB); longer ones give `GR_INPUT_TOO_LARGE`. Split a bigger
/// `importCsv` file into several commands. `gr_campaign_replay` and `gr_campaign_restore` have no
/// such limit.
/// The core's `wire::MAX_INPUT_BYTES` (a literal here so that cbindgen can write it; a test keeps
/// them equal).
pub const GR_MAX_INPUT_BYTES: usize = 33554432;

impl gr_status {
    /// The status of a core error: the same number, the same name.
    pub(crate) fn of(code: ErrorCode) -> gr_status {
        // Every code is listed. `ErrorCode` is `#[non_exhaustive]`, so the compiler cannot insist on
        // it from this crate; the test below walks `ErrorCode::ALL` and fails on a missing code
        // before the wildcard can be reached.
        match code {
            ErrorCode::MalformedInput => gr_status::GR_MALFORMED_INPUT,
            ErrorCode::UnsupportedSchemaVersion => gr_status::GR_UNSUPPORTED_SCHEMA_VERSION,
            ErrorCode::InvalidField => gr_status::GR_INVALID_FIELD,
            ErrorCode::InvalidDivisionCode => gr_status::GR_INVALID_DIVISION_CODE,
            ErrorCode::InvalidIdNumber => gr_status::GR_INVALID_ID_NUMBER,
            ErrorCode::InvalidMobileNumber => gr_status::GR_INVALID_MOBILE_NUMBER,
            ErrorCode::NotFound => gr_status::GR_NOT_FOUND,
            ErrorCode::AlreadyExists => gr_status::GR_ALREADY_EXISTS,
            ErrorCode::PermissionDenied => gr_status::GR_PERMISSION_DENIED,
            ErrorCode::OutOfScope => gr_status::GR_OUT_OF_SCOPE,
            ErrorCode::Conflict => gr_status::GR_CONFLICT,
            ErrorCode::CommandIdReused => gr_status::GR_COMMAND_ID_REUSED,
            ErrorCode::TamperedLog => gr_status::GR_TAMPERED_LOG,
            ErrorCode::InvalidCsv => gr_status::GR_INVALID_CSV,
            ErrorCode::CampaignNotOpen => gr_status::GR_CAMPAIGN_NOT_OPEN,
            ErrorCode::CampaignAlreadyOpen => gr_status::GR_CAMPAIGN_ALREADY_OPEN,
            ErrorCode::InvalidSnapshot => gr_status::GR_INVALID_SNAPSHOT,
            ErrorCode::RuleViolated => gr_status::GR_RULE_VIOLATED,
            ErrorCode::InputTooLarge => gr_status::GR_INPUT_TOO_LARGE,
            ErrorCode::InvalidTransition => gr_status::GR_INVALID_TRANSITION,
            ErrorCode::UntrustedLog => gr_status::GR_UNTRUSTED_LOG,
            ErrorCode::ScopeDoesNotFitRole => gr_status::GR_SCOPE_DOES_NOT_FIT_ROLE,
            ErrorCode::FieldTooLong => gr_status::GR_FIELD_TOO_LONG,
            ErrorCode::NotACampaignStore => gr_status::GR_NOT_A_CAMPAIGN_STORE,
            ErrorCode::StorageUnavailable => gr_status::GR_STORAGE_UNAVAILABLE,
            ErrorCode::StorageFull => gr_status::GR_STORAGE_FULL,
        }
    }

    /// The code string of the error JSON for the C-only statuses.
    pub(crate) fn c_only_code(self) -> &'static str {
        match self {
            gr_status::GR_NULL_ARGUMENT => "NULL_ARGUMENT",
            gr_status::GR_INVALID_UTF8 => "INVALID_UTF8",
            _ => "PANIC",
        }
    }

    /// The name of a status as the error JSON's `code` writes it (`"OUT_OF_SCOPE"`), `"OK"`, or
    /// `None` for a number that is no status.
    pub(crate) fn name_of(number: u32) -> Option<&'static str> {
        if number == 0 {
            return Some("OK");
        }
        if let Some(code) = ErrorCode::from_number(number) {
            return Some(code.as_str());
        }
        [gr_status::GR_NULL_ARGUMENT, gr_status::GR_INVALID_UTF8, gr_status::GR_PANIC]
            .into_iter()
            .find(|s| *s as u32 == number)
            .map(gr_status::c_only_code)
    }
}

/// The name of a status, as the `code` of the error JSON writes it: `"OUT_OF_SCOPE"` for
/// `GR_OUT_OF_SCOPE`, `"OK"` for `GR_OK`, `"UNKNOWN"` for a number that is no status. For logs, and
/// for failures that have no handle to record their error on (a NULL handle).
///
/// \param status A `gr_status` value (any number is accepted).
/// \return A static NUL-terminated string; never NULL; do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn gr_status_name(status: u32) -> *const std::ffi::c_char {
    const UNKNOWN: &std::ffi::CStr = c"UNKNOWN";
    ffi_boundary!(on_panic = UNKNOWN.as_ptr(), {
        // The names are 'static `&str`s without a NUL, so they are looked up in a table of C strings.
        const NAMES: &[&std::ffi::CStr] = &[
            c"OK",
            c"MALFORMED_INPUT",
            c"UNSUPPORTED_SCHEMA_VERSION",
            c"INVALID_FIELD",
            c"INVALID_DIVISION_CODE",
            c"INVALID_ID_NUMBER",
            c"INVALID_MOBILE_NUMBER",
            c"NOT_FOUND",
            c"ALREADY_EXISTS",
            c"PERMISSION_DENIED",
            c"OUT_OF_SCOPE",
            c"CONFLICT",
            c"COMMAND_ID_REUSED",
            c"TAMPERED_LOG",
            c"INVALID_CSV",
            c"CAMPAIGN_NOT_OPEN",
            c"CAMPAIGN_ALREADY_OPEN",
            c"INVALID_SNAPSHOT",
            c"RULE_VIOLATED",
            c"INPUT_TOO_LARGE",
            c"INVALID_TRANSITION",
            c"UNTRUSTED_LOG",
            c"SCOPE_DOES_NOT_FIT_ROLE",
            c"FIELD_TOO_LONG",
            c"NOT_A_CAMPAIGN_STORE",
            c"STORAGE_UNAVAILABLE",
            c"STORAGE_FULL",
            c"NULL_ARGUMENT",
            c"INVALID_UTF8",
            c"PANIC",
        ];
        match gr_status::name_of(status) {
            Some(name) => {
                NAMES.iter().find(|c| c.to_bytes() == name.as_bytes()).map_or(UNKNOWN.as_ptr(), |c| c.as_ptr())
            }
            None => UNKNOWN.as_ptr(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The C name of a status, from its `Debug` form (`GR_OUT_OF_SCOPE`).
    fn name(status: gr_status) -> String {
        format!("{status:?}")
    }

    #[test]
    fn every_error_code_has_the_status_with_its_number_and_name() {
        for code in ErrorCode::ALL {
            let status = gr_status::of(code);
            assert_eq!(status as u32, code.number(), "{code}: status {status:?} has another number");
            assert_eq!(name(status), format!("GR_{}", code.as_str()), "{code}: status has another name");
        }
    }

    #[test]
    fn c_only_statuses_do_not_collide_with_core_codes() {
        for status in [gr_status::GR_NULL_ARGUMENT, gr_status::GR_INVALID_UTF8, gr_status::GR_PANIC] {
            assert!(ErrorCode::from_number(status as u32).is_none(), "{status:?} collides with a core code");
            assert_eq!(name(status), format!("GR_{}", status.c_only_code()));
        }
        assert_eq!(gr_status::GR_OK as u32, 0);
    }

    #[test]
    fn the_input_limit_is_the_cores() {
        assert_eq!(GR_MAX_INPUT_BYTES, grassroots_core::wire::MAX_INPUT_BYTES);
    }

    #[test]
    fn gr_status_name_names_every_status_and_only_those() {
        // SAFETY (all calls below): gr_status_name returns a static NUL-terminated string.
        let name = |n: u32| unsafe { std::ffi::CStr::from_ptr(gr_status_name(n)) }.to_str().unwrap().to_owned();
        assert_eq!(name(0), "OK");
        for code in ErrorCode::ALL {
            assert_eq!(name(code.number()), code.as_str());
        }
        for status in [gr_status::GR_NULL_ARGUMENT, gr_status::GR_INVALID_UTF8, gr_status::GR_PANIC] {
            assert_eq!(name(status as u32), status.c_only_code());
        }
        for n in [27, 99, 103, u32::MAX] {
            assert_eq!(name(n), "UNKNOWN");
        }
    }
}
