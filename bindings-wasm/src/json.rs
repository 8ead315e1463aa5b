//! Plain JS values to JSON text and back.

use grassroots::Error;
use js_sys::{JSON, JsString};
use std::borrow::Cow;
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
/// The text crosses as ASCII ([`ascii`]): the glue decodes ASCII about three times faster than
/// UTF-8 with other characters, and `JSON.parse` reads the one-byte string it makes faster too (issue
/// #20's profile: decoding the answers was a sixth of `execute`'s time in Node before).
///
/// # Errors
/// `MALFORMED_INPUT` if `JSON.parse` rejects it, which the core's serde output never gives.
pub(crate) fn parse(text: &str) -> Result<JsValue, Error> {
    JSON::parse(&ascii(text)).map_err(|_| Error::malformed("the answer could not be read back as JSON"))
}

/// The same JSON with every non-ASCII character written as `\uXXXX` (two escapes, a surrogate pair,
/// beyond the Basic Multilingual Plane): `JSON.parse` reads the same value. Valid JSON has such
/// characters only inside strings, where an escape means the character itself; the core's answers
/// are mostly ASCII (names and addresses are the exception), so most are passed as they are.
pub(crate) fn ascii(text: &str) -> Cow<'_, str> {
    // `is_ascii` reads a word at a time: the common case costs little.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let first = text.bytes().position(|b| !b.is_ascii()).unwrap_or(text.len());
    // A CJK character is 3 bytes of UTF-8 and 6 of escape.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // The ASCII run not yet copied starts at `run`.
    let mut run = 0;
    let mut units = [0u16; 2];
    for (i, c) in text[first..].char_indices() {
        if c.is_ascii() {
            continue;
        }
        let i = first + i;
        out.push_str(&text[run..i]);
        for &unit in c.encode_utf16(&mut units).iter() {
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
            }
        }
        run = i + c.len_utf8();
    }
    out.push_str(&text[run..]);
    Cow::Owned(out)
}

/// Lowercase hexadecimal digits, as serde_json writes its own escapes.
const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::ascii;
    use std::borrow::Cow;

    #[test]
    fn ascii_text_is_passed_as_it_is() {
        let text = r#"{"a":"b","n":1.5}"#;
        assert!(matches!(ascii(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn every_other_character_becomes_an_escape_of_the_same_value() {
        // CJK (3 bytes), Latin-1 (2 bytes), beyond the BMP (4 bytes: a surrogate pair), and text
        // that was already escaped by serde_json, at the start, middle and end of strings.
        let text = r#"{"name":"龙虎岭社区","mixed":"é 1栋101 𠀀 end","quote":"a\"b\n","k":"😀"}"#;
        let escaped = ascii(text);
        assert!(escaped.is_ascii());
        assert!(escaped.contains(r"\u9f99\u864e") && escaped.contains(r"\ud840\udc00"));
        let a: serde_json::Value = serde_json::from_str(text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(a, b);
    }
}
