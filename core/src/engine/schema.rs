//! The JSON Schema of the wire contract, generated from the Rust types.
//!
//! `docs/schema/` holds the committed copies; a test regenerates them and fails on any difference,
//! so the published contract cannot drift from the code.

use super::campaign::Head;
use super::domain::Domain;
use super::envelope::{CommandEnvelope, QueryEnvelope};
use super::error::Error;
use super::limits::{FieldLimit, LimitOf};
use super::record::Record;
use super::wire::{ExecuteResult, QueryAnswer};
use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::Value;

/// Every schema of the contract of domain `D`: `(file name, pretty JSON)`, in a fixed order.
pub fn schemas_of<D: Domain + 'static>() -> Vec<(&'static str, String)> {
    let limit_of = D::field_limit;
    vec![
        ("command-envelope.schema.json", schema_of::<CommandEnvelope<D::Command>>(limit_of)),
        ("execute-result.schema.json", schema_of::<ExecuteResult<'static, D::Event>>(limit_of)),
        ("query-envelope.schema.json", schema_of::<QueryEnvelope<D::Query>>(limit_of)),
        ("query-answer.schema.json", schema_of::<QueryAnswer<D::Answer>>(limit_of)),
        ("record.schema.json", schema_of::<Record<D::Event>>(limit_of)),
        ("head.schema.json", schema_of::<Head>(limit_of)),
        ("error.schema.json", schema_of::<Error>(limit_of)),
        ("trust.schema.json", schema_of::<super::checkpoint::Trust>(limit_of)),
        ("checkpoint-request.schema.json", schema_of::<super::checkpoint::CheckpointRequest>(limit_of)),
    ]
}

fn schema_of<T: JsonSchema>(limit_of: LimitOf) -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    if let Some(object) = schema.as_object_mut() {
        object.values_mut().for_each(|v| with_limits(v, limit_of));
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                limit_property(property, limit_of(name));
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes each property's limit into the schema: `maxLength` on texts, `maxItems` on lists (and
/// `maxLength` on their texts), `maxProperties` on maps. A property that refers to a shared
/// definition, or whose text has a fixed form (a pattern, a format, a set of values), keeps its own.
fn with_limits(schema: &mut Value, limit_of: LimitOf) {
    match schema {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    limit_property(property, limit_of(name));
                }
            }
            for value in object.values_mut() {
                with_limits(value, limit_of);
            }
        }
        Value::Array(values) => values.iter_mut().for_each(|v| with_limits(v, limit_of)),
        _ => {}
    }
}

fn limit_property(property: &mut Value, limit: FieldLimit) {
    let Some(object) = property.as_object_mut() else { return };
    let types: Vec<String> = match object.get("type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(types)) => types.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    };
    let has = |t: &str| types.iter().any(|s| s == t);
    let free_text = ["pattern", "format", "enum", "const"].iter().all(|k| !object.contains_key(*k));
    if has("string") && free_text {
        object.entry("maxLength").or_insert(limit.chars.into());
    }
    if has("array") {
        object.entry("maxItems").or_insert(limit.entries.into());
        if let Some(items) = object.get_mut("items") {
            limit_property(items, limit);
        }
    }
    if has("object") && object.contains_key("additionalProperties") {
        object.entry("maxProperties").or_insert(limit.entries.into());
    }
}
