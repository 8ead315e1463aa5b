//! The panic boundary every export runs in, and the checks of what C hands in.

use crate::status::gr_status;
use std::ffi::{CStr, c_char};

/// Runs an export's body and turns a panic into a return value instead of unwinding into C.
///
/// A panic must not cross `extern "C"` (Rust aborts the host process when it tries). Every exported
/// function puts its whole body inside this one boundary: `ffi_boundary!({ ... })` for the
/// functions answering a [`gr_status`] (a panic answers `GR_PANIC`), and
/// `ffi_boundary!(on_panic = value, { ... })` for the others.
macro_rules! ffi_boundary {
    ($body:block) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| -> $crate::status::gr_status { $body })) {
            Ok(status) => status,
            Err(_) => $crate::status::gr_status::GR_PANIC,
        }
    };
    (on_panic = $fallback:expr, $body:block) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(value) => value,
            Err(_) => $fallback,
        }
    };
}

/// Why a C string could not be read; the status says which, the text says which argument.
pub(crate) struct InputError {
    pub(crate) status: gr_status,
    pub(crate) message: String,
}

/// Reads a NUL-terminated UTF-8 string handed in by C, of at most `max` bytes (without the NUL)
/// when a limit is given. The length is checked before the UTF-8, so a huge input costs one scan.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid and unchanged for `'a`.
pub(crate) unsafe fn read_str<'a>(ptr: *const c_char, name: &str, max: Option<usize>) -> Result<&'a str, InputError> {
    if ptr.is_null() {
        return Err(InputError { status: gr_status::GR_NULL_ARGUMENT, message: format!("`{name}` is NULL") });
    }
    // SAFETY: `ptr` is not NULL, and the caller guarantees it is a valid NUL-terminated string for 'a.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    if let Some(max) = max {
        let len = bytes.count_bytes();
        if len > max {
            return Err(InputError {
                status: gr_status::GR_INPUT_TOO_LARGE,
                message: grassroots_core::Error::input_too_large(name, len).message,
            });
        }
    }
    bytes.to_str().map_err(|e| InputError {
        status: gr_status::GR_INVALID_UTF8,
        message: format!("`{name}` is not valid UTF-8 (first bad byte at offset {})", e.valid_up_to()),
    })
}
