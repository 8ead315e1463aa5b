//! The JSON Schema of the wire contract, generated from the Rust types.
//!
//! `docs/schema/` holds the committed copies; a test regenerates them and fails on any difference,
//! so the published contract cannot drift from the code.

use super::campaign::Head;
use super::domain::Domain;
use super::envelope::{CommandEnvelope, QueryEnvelope};
use super::error::Error;
use super::record::Record;
use super::wire::{ExecuteResult, QueryAnswer};
use schemars::{JsonSchema, generate::SchemaSettings};

/// Every schema of the contract of domain `D`: `(file name, pretty JSON)`, in a fixed order.
pub fn schemas_of<D: Domain + 'static>() -> Vec<(&'static str, String)> {
    vec![
        ("command-envelope.schema.json", schema_of::<CommandEnvelope<D::Command>>()),
        ("execute-result.schema.json", schema_of::<ExecuteResult<'static, D::Event>>()),
        ("query-envelope.schema.json", schema_of::<QueryEnvelope<D::Query>>()),
        ("query-answer.schema.json", schema_of::<QueryAnswer<D::Answer>>()),
        ("record.schema.json", schema_of::<Record<D::Event>>()),
        ("head.schema.json", schema_of::<Head>()),
        ("error.schema.json", schema_of::<Error>()),
        ("trust.schema.json", schema_of::<super::checkpoint::Trust>()),
        ("checkpoint-request.schema.json", schema_of::<super::checkpoint::CheckpointRequest>()),
    ]
}

fn schema_of<T: JsonSchema>() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
