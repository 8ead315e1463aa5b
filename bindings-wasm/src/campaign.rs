//! The `Campaign` class.

use crate::{error, json};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// A campaign: its state and the records that made it.
///
/// Create it with `new Campaign()`; its first command must be `openCampaign`. Call `free()` when
/// done with it (or let the `FinalizationRegistry` reclaim it).
#[wasm_bindgen]
pub struct Campaign {
    inner: grassroots::Campaign,
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign::new()
    }
}

#[wasm_bindgen]
impl Campaign {
    /// An empty campaign.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Campaign {
        Campaign { inner: grassroots::Campaign::new() }
    }

    /// Executes a command envelope (`{schemaVersion, commandId, actor, at, command}`) and answers
    /// `{schemaVersion, retried, records}`. On failure nothing changes.
    ///
    /// # Errors
    /// Throws a `GrassrootsError` (an `Error` with `code`, `codeNumber`, and maybe `field`, `seq`,
    /// `rows`); `MALFORMED_INPUT` for anything that is not a plain object of the right shape.
    pub fn execute(&mut self, envelope: JsValue) -> Result<JsValue, JsValue> {
        self.execute_envelope(&envelope).map_err(|e| error::to_js(&e))
    }

    /// Answers a query envelope (`{schemaVersion, actor, query}`) with `{schemaVersion, result}`;
    /// sensitive data is masked unless the actor's role allows it.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`, as `execute` does.
    pub fn query(&self, envelope: JsValue) -> Result<JsValue, JsValue> {
        self.query_envelope(&envelope).map_err(|e| error::to_js(&e))
    }
}

// Not exported: the Rust side of the calls, with the core's error type.
impl Campaign {
    fn execute_envelope(&mut self, envelope: &JsValue) -> Result<JsValue, grassroots::Error> {
        let input = json::stringify(envelope, "command envelope")?;
        json::parse(&self.inner.execute_json(&input)?)
    }

    fn query_envelope(&self, envelope: &JsValue) -> Result<JsValue, grassroots::Error> {
        let input = json::stringify(envelope, "query envelope")?;
        json::parse(&self.inner.query_json(&input)?)
    }
}
