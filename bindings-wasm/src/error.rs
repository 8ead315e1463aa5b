//! Core errors as JS `Error` objects.

use js_sys::{JSON, Object, Reflect};
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
