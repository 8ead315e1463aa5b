//! # grassroots-wasm
//!
//! The WebAssembly door of grassroots, for JavaScript: the npm package `grassroots` (see
//! `docs/JS.md`).
//!
//! The door only translates: a command or query arrives as a plain JS object, crosses as JSON text
//! (`JSON.stringify`) into the core's JSON API, and the answer comes back as a plain object
//! (`JSON.parse`). A failure is thrown as a real `Error` named `GrassrootsError` carrying the core's
//! stable `code`.
//!
//! No JS input may reach a panic: a panic traps and leaves the instance unusable, so every input
//! problem becomes a `MALFORMED_INPUT` error instead. Nor may a JS exception unwind through a
//! method: every JS call made while a `Campaign` is borrowed is one that reports failure as a
//! `Result` (`JSON.stringify`, `JSON.parse`, `Reflect.get`).
//!
//! The TypeScript types of the wire form are generated from `docs/schema/` into the package's
//! `wire.d.ts` at build time (`scripts/build-wasm.sh`); the declarations below only name them.

mod campaign;
mod error;
mod json;
mod reference;
mod rollup;

pub use campaign::{Campaign, public_key};
pub use error::{error_codes, is_grassroots_error};
pub use rollup::roll_up;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
import type { CampaignRollup, CheckpointRequest, CommandEnvelope, ErrorCode, ExecuteResult, Head, LogRecord, QueryAnswer, QueryEnvelope, RowError, Trust } from "../wire.js";
export * from "../wire.js";

/** What every failure throws: a real `Error` named `GrassrootsError` with the core's stable `code`. */
export interface GrassrootsError extends Error {
  name: "GrassrootsError";
  /** The stable code, e.g. `"OUT_OF_SCOPE"`. */
  code: ErrorCode;
  /** The same code's number: the C door's status, e.g. `10`. */
  codeNumber: number;
  /**
   * The stable identifier of the rule that refused the command, with `RULE_VIOLATED` and
   * `INVALID_TRANSITION` (`"area.ruleName"`, listed in docs/RULES.md):
   * match on it, never on the message.
   */
  rule?: string;
  /** The offending field, as a JSON path into the input (e.g. `command.idNumber`). */
  field?: string;
  /** The `seq` of the offending record (tampered logs, conflicts). */
  seq?: number;
  /** Every bad row of a CSV file. */
  rows?: RowError[];
}

/** One entry of `errorCodes()`. */
export interface ErrorCodeInfo {
  code: ErrorCode;
  number: number;
}
"#;

/// The version of the library, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    grassroots::VERSION.to_owned()
}
