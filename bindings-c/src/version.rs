//! `gr_version`.

use std::ffi::c_char;

/// The version as a NUL-terminated static string (the Cargo.toml version, as `GR_VERSION`).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The version of the library, e.g. `"0.1.0"`.
///
/// Compare it with the header's `GR_VERSION` to check that the header and the library agree.
///
/// \return A static NUL-terminated string; never NULL; do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn gr_version() -> *const c_char {
    ffi_boundary!(on_panic = VERSION.as_ptr().cast(), { VERSION.as_ptr().cast() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn gr_version_is_the_crate_and_core_version() {
        // SAFETY: gr_version returns a pointer to a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(gr_version()) }.to_str().unwrap();
        assert_eq!(v, env!("CARGO_PKG_VERSION"));
        assert_eq!(v, grassroots_core::VERSION);
    }
}
