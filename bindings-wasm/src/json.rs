//! Plain JS values to JSON text and back.

use grassroots::Error;
use js_sys::JSON;
use wasm_bindgen::JsValue;

/// The JSON text of a JS value, as the core's JSON API takes it.
///
/// # Errors
/// `MALFORMED_INPUT` when `JSON.stringify` throws (a cycle, a `BigInt`, a throwing `toJSON`) or
/// yields nothing (`undefined`, a function, a symbol). The thrown message is not repeated: it may
/// quote the caller's data, and error messages end up in logs.
pub(crate) fn stringify(value: &JsValue, what: &str) -> Result<String, Error> {
    let text = JSON::stringify(value).map_err(|_| {
        Error::malformed(format!(
            "the {what} cannot be written as JSON (it has a cycle, a BigInt or a throwing toJSON): pass a plain object"
        ))
    })?;
    JsValue::from(text).as_string().ok_or_else(|| {
        Error::malformed(format!(
            "the {what} is not a JSON value (undefined, a function or a symbol): pass a plain object"
        ))
    })
}

/// The plain JS value of JSON text written by the core.
///
/// # Errors
/// `MALFORMED_INPUT` if `JSON.parse` rejects it, which the core's serde output never gives.
pub(crate) fn parse(text: &str) -> Result<JsValue, Error> {
    JSON::parse(text).map_err(|_| Error::malformed("the answer could not be read back as JSON"))
}
