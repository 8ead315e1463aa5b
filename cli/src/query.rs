//! `query`: a `QueryEnvelope` (or a query alone, sent as the global options' actor), answered as the
//! library's `QueryAnswer` JSON on stdout.

use crate::args::{Global, QueryArgs};
use crate::exit::{Failure, Outcome};
use crate::{actor, input, open, output};
use grassroots::{ErrorCode, SCHEMA_VERSION};
use serde_json::{Map, Value};

/// Answers the query of the argument or of stdin.
///
/// # Errors
/// The library's refusal (`MALFORMED_INPUT`, `PERMISSION_DENIED`, `NOT_FOUND` …); `NO_INPUT` for
/// unreadable stdin; storage failures.
pub fn run(args: &QueryArgs, global: &Global) -> Outcome {
    let text = if args.query == "-" {
        String::from_utf8(input::stdin()?)
            .map_err(|_| Failure::core(ErrorCode::MalformedInput, "the query on stdin is not UTF-8 text"))?
    } else {
        args.query.clone()
    };
    let mut store = open::open(&args.store, global)?;
    let envelope = match serde_json::from_str::<Value>(&text) {
        // A query alone (it has a `type`, an envelope has a `query`): sent as the global options' actor.
        Ok(Value::Object(query)) if !query.contains_key("query") && query.contains_key("type") => {
            let actor = serde_json::to_value(actor::actor(global, &store)?).unwrap_or_default();
            let mut envelope = Map::new();
            envelope.insert("schemaVersion".into(), SCHEMA_VERSION.into());
            envelope.insert("actor".into(), actor);
            envelope.insert("query".into(), Value::Object(query));
            Value::Object(envelope).to_string()
        }
        // Anything else goes to the library as it is: it says what is wrong with it, and where.
        _ => text,
    };
    let answer = store.query_json(&envelope)?;
    let mut out = output::stdout();
    output::line(&mut out, "stdout", &answer)?;
    output::flush(&mut out, "stdout")
}
