//! Merging roll-ups without a campaign: a district's or city's page adds up the roll-ups its units
//! sent it. The door only translates; the core merges and checks.

use crate::error;
use crate::json;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// Merges roll-ups (the `summary` of `rollup` query answers) into one: the figures of every unit
/// they cover, added up. Associative and commutative: any order, any grouping gives the same.
///
/// # Errors
/// Throws a `GrassrootsError`: `INVALID_FIELD` naming the element whose unit is present
/// twice, `MALFORMED_INPUT` naming the element that is not a roll-up, `INPUT_TOO_LARGE`.
#[wasm_bindgen(js_name = rollUp, unchecked_return_type = "CampaignRollup")]
pub fn roll_up(
    #[wasm_bindgen(unchecked_param_type = "CampaignRollup[]")] rollups: JsValue,
) -> Result<JsValue, JsValue> {
    let merged = json::stringify(&rollups, "roll-ups", None)
        .and_then(|input| grassroots::report::rollup::roll_up_json(&input))
        .and_then(|output| json::parse(&output));
    merged.map_err(|e| error::to_js(&e))
}
