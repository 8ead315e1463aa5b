//! Strings the library hands out, and `gr_string_free`.

use std::ffi::{CString, c_char};

/// Turns an answer of the core into a string owned by the library, for `gr_string_free`.
pub(crate) fn into_c_string(text: String) -> *mut c_char {
    // The core answers JSON, which escapes U+0000, so `text` holds no NUL byte. Should one ever
    // appear, it is dropped rather than cutting the string short or panicking.
    let c = CString::new(text).unwrap_or_else(|e| {
        let mut bytes = e.into_vec();
        bytes.retain(|&b| b != 0);
        CString::new(bytes).unwrap_or_default()
    });
    c.into_raw()
}

/// Frees a string returned by this library (a `*_out` string of any `gr_*` function).
///
/// Do not pass it to `free()`: the library allocated it and only the library frees it.
///
/// \param s A string returned by this library, or NULL (then nothing happens).
/// # Safety
/// \pre `s` was returned by this library and has not been freed yet; it must not be freed twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gr_string_free(s: *mut c_char) {
    ffi_boundary!(on_panic = (), {
        if !s.is_null() {
            // SAFETY: `s` came from `CString::into_raw` in `into_c_string` (precondition) and has not
            // been freed yet, so taking it back exactly once is sound.
            drop(unsafe { CString::from_raw(s) });
        }
    });
}
