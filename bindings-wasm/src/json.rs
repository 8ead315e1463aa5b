//! Plain JS values to JSON text and back.

use grassroots::Error;
use js_sys::{JSON, JsString};
use wasm_bindgen::{JsCast, JsValue};

/// The JSON text of a JS value, as the core's JSON API takes it.
///
/// # Errors
/// `MALFORMED_INPUT` when `JSON.stringify` throws (a cycle, a `BigInt`, a throwing `toJSON`) or
/// yields nothing (`undefined`, a function, a symbol). The thrown message is not repeated: it may
/// quote the caller's data, and error messages end up in logs.
///
/// With `limited_as` (`"command"` or `"query"`, the input's name), `INPUT_TOO_LARGE` when the
/// text has more UTF-16 code units than `wire::MAX_INPUT_BYTES`. Its UTF-8 form has at least as many
/// bytes, so it is over the core's limit too; refusing it here saves copying it into WebAssembly
/// memory, where running out of memory aborts and leaves the instance unusable. Shorter text that is
/// still over the limit in UTF-8 is refused by the core itself.
pub(crate) fn stringify(value: &JsValue, what: &str, limited_as: Option<&str>) -> Result<String, Error> {
    let text = JSON::stringify(value).map_err(|_| {
        Error::malformed(format!(
            "the {what} cannot be written as JSON (it has a cycle, a BigInt or a throwing toJSON): pass a plain object"
        ))
    })?;
    let text: JsValue = text.into();
    let Some(text) = text.dyn_ref::<JsString>() else {
        return Err(Error::malformed(format!(
            "the {what} is not a JSON value (undefined, a function or a symbol): pass a plain object"
        )));
    };
    if let Some(name) = limited_as
        && text.length() as usize > grassroots::engine::wire::MAX_INPUT_BYTES
    {
        // The length in code units: a lower bound of the length in bytes, which is not known
        // without copying the text.
        return Err(Error::input_too_large(name, text.length() as usize));
    }
    // `JSON.stringify` escapes lone surrogates, so the text is valid UTF-16 and converts losslessly.
    Ok(String::from(text))
}

/// The plain JS value of JSON text written by the core.
///
/// # Errors
/// `MALFORMED_INPUT` if `JSON.parse` rejects it, which the core's serde output never gives.
pub(crate) fn parse(text: &str) -> Result<JsValue, Error> {
    JSON::parse(text).map_err(|_| Error::malformed("the answer could not be read back as JSON"))
}
