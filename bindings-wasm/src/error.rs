//! Core errors as JS `Error` objects.

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// The `name` of every error this package throws.
const NAME: &str = "GrassrootsError";

/// The JS face of a core error: an `Error` (so `instanceof Error` holds and it has a stack) named
/// `GrassrootsError`, with the fields of the core's error JSON — `code` (e.g. `"OUT_OF_SCOPE"`),
/// `message`, and when present `field`, `seq`, `rows` — plus `codeNumber`, the number the C door
/// returns.
pub(crate) fn to_js(error: &grassroots::Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name(NAME);
    // The error JSON is the one description of an error's fields; copying it keeps JS in step with
    // the core without listing the fields here. Parsing JSON written by serde cannot fail, and
    // `Object.assign`/`Reflect.set` on a fresh, unfrozen Error cannot throw; were either to, the
    // error would still carry its name and message.
    if let Ok(fields) = JSON::parse(&error.to_json())
        && let Ok(fields) = fields.dyn_into::<Object>()
    {
        Object::assign(&js, &fields);
    }
    let _ = Reflect::set(&js, &JsValue::from_str("codeNumber"), &JsValue::from(error.code().number()));
    js.into()
}

/// Every error code, in numeric order: `[{ code: "MALFORMED_INPUT", number: 1 }, …]`. The numbers
/// are the C door's statuses; neither a code nor a number is ever reused.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCodeInfo[]")]
pub fn error_codes() -> Array {
    grassroots::ErrorCode::ALL
        .iter()
        .map(|code| {
            let entry = Object::new();
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&entry, &JsValue::from_str("code"), &JsValue::from_str(code.as_str()));
            let _ = Reflect::set(&entry, &JsValue::from_str("number"), &JsValue::from(code.number()));
            JsValue::from(entry)
        })
        .collect()
}

/// `true` when `value` is an error thrown by this package (an `Error` named `GrassrootsError`), so
/// that TypeScript lets you read its `code`.
#[wasm_bindgen(js_name = isGrassrootsError, unchecked_return_type = "value is GrassrootsError")]
pub fn is_grassroots_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue) -> bool {
    // `Reflect.get` rather than the `name` getter: a caller's own getter may throw, and that must not
    // unwind through WebAssembly.
    value.is_instance_of::<js_sys::Error>()
        && Reflect::get(&value, &JsValue::from_str("name")).is_ok_and(|name| name.as_string().as_deref() == Some(NAME))
}
