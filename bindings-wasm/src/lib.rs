//! # grassroots-wasm
//!
//! The WebAssembly door of grassroots, for JavaScript (see `docs/JS.md`).
//!
//! The door only translates: a command or query arrives as a plain JS object, crosses as JSON text
//! (`JSON.stringify`) into the core's JSON API, and the answer comes back as a plain object
//! (`JSON.parse`). A failure is thrown as a real `Error` named `GrassrootsError` carrying the core's
//! stable `code`.
//!
//! No JS input may reach a panic: a panic traps and leaves the instance unusable, so every input
//! problem becomes a `MALFORMED_INPUT` error instead.

mod campaign;
mod error;
mod json;

pub use campaign::Campaign;
use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the library, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    grassroots::VERSION.to_owned()
}
