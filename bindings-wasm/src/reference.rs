//! The reference data the library ships, handed out as the core writes it. The export names what it
//! hands out; nothing here decides anything (the architecture test allows this file that one word).

use crate::error;
use crate::json;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// The reference door-knock questionnaire (敲门行动入户走访问卷, 32 questions, Chinese with English
/// labels) as the command that registers it: `{type: "importQuestionnaire", id: "door-knock",
/// version: 1, title, …}` with its two XLSForm sheets as CSV text. Send it as an envelope's `command`
/// to use it as it is, or edit its sheets to adapt it.
///
/// # Errors
/// None in practice: the command is the core's own JSON.
#[wasm_bindgen(js_name = referenceQuestionnaire, unchecked_return_type = "CommandEnvelope[\"command\"]")]
pub fn reference_questionnaire() -> Result<JsValue, JsValue> {
    json::parse(&grassroots::reference_questionnaire_json()).map_err(|e| error::to_js(&e))
}
