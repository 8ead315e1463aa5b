//! The JSON wire form: what the C and JS doors pass through unchanged.
//!
//! Inputs and outputs are camelCase JSON with a `schemaVersion`; errors are the JSON form of
//! [`Error`]. The contract is described by the JSON Schema in `docs/schema/`.

use super::bounded_errors::{Bounded, BoundedError};
use super::campaign::{Campaign, Snapshot};
use super::checkpoint::{CheckpointRequest, SigningKey, Trust};
use super::domain::Domain;
use super::envelope::{CommandEnvelope, QueryEnvelope, SCHEMA_VERSION};
use super::error::{Error, ErrorCode, Result};
use super::record::Record;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The longest command or query accepted, in bytes of JSON (32 MiB). A larger one is refused with
/// `INPUT_TOO_LARGE` before it is parsed; the doors check it before copying the input. Records and
/// snapshots have no such limit.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// What `execute` answers on the wire.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "ExecuteResult")]
pub struct ExecuteResult<'a, E> {
    /// The wire form's version.
    pub schema_version: u32,
    /// `true` when the command was a retry of an accepted one: nothing new was recorded.
    pub retried: bool,
    /// The command's records (for a retry, the original ones while the campaign holds them).
    pub records: &'a [&'a Record<E>],
}

/// What `query` answers on the wire.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "QueryAnswer")]
pub struct QueryAnswer<R> {
    /// The wire form's version.
    pub schema_version: u32,
    /// The result.
    pub result: R,
}

impl<D: Domain> Campaign<D> {
    /// Executes a command given as a JSON [`CommandEnvelope`]; answers an [`ExecuteResult`].
    ///
    /// # Errors
    /// `MALFORMED_INPUT` (naming the JSON path) or `UNSUPPORTED_SCHEMA_VERSION` for a bad envelope,
    /// else as [`Campaign::execute`].
    pub fn execute_json(&mut self, input: &str) -> Result<String> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::input_too_large("command", input.len()));
        }
        let envelope: CommandEnvelope<D::Command> = parse(input)?;
        let mut out = Vec::with_capacity(1024);
        out.extend_from_slice(b"{\"schemaVersion\":");
        out.extend_from_slice(SCHEMA_VERSION.to_string().as_bytes());
        out.extend_from_slice(b",\"retried\":false,\"records\":[");
        let done = self.execute_into(envelope, Some(&mut out))?;
        if done.retried {
            return Ok(self.execute_result(&done));
        }
        out.extend_from_slice(b"]}");
        // The record JSON written by the core is UTF-8 by construction.
        String::from_utf8(out).map_err(|_| Error::new(ErrorCode::MalformedInput, "the answer is not UTF-8"))
    }

    /// Answers a JSON [`QueryEnvelope`] with a [`QueryAnswer`].
    ///
    /// # Errors
    /// As [`Campaign::query`], or `MALFORMED_INPUT`.
    pub fn query_json(&self, input: &str) -> Result<String> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::input_too_large("query", input.len()));
        }
        let envelope: QueryEnvelope<D::Query> = parse(input)?;
        check_version(envelope.schema_version)?;
        let result = self.query(&envelope.actor, &envelope.query)?;
        to_json(&QueryAnswer { schema_version: SCHEMA_VERSION, result })
    }

    /// The records of an executed command that the campaign still holds: none once they were
    /// released or lie before a restored snapshot. (`records_since` starts at the first record
    /// held, so without the bounds a retry would be answered with another command's records.)
    fn records_of(&self, done: &super::campaign::Executed) -> Vec<&Record<D::Event>> {
        let first = done.first_seq;
        let end = first.saturating_add(u64::from(done.events));
        self.records_since(first.saturating_sub(1)).take_while(|r| r.seq < end).filter(|r| r.seq >= first).collect()
    }

    /// The records after `seq` as a JSON array, for the host to persist. Each record is written as
    /// the library handed it out when it was recorded: in its canonical form (RFC 8785 from schema
    /// version 2 on) with its `hash` in place.
    pub fn records_since_json(&self, seq: u64) -> String {
        let mut out = vec![b'['];
        for (i, record) in self.records_since(seq).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_record(&mut out, record);
        }
        out.push(b']');
        utf8(out)
    }

    /// The records after `seq` as JSON lines: one record per line (each exactly as in
    /// [`Campaign::records_since_json`]), each line ending in `\n`; empty when there are none. A host
    /// that stores a row per record stores each line as it is, without parsing the array.
    pub fn records_since_json_lines(&self, seq: u64) -> String {
        let mut out = Vec::new();
        for record in self.records_since(seq) {
            write_record(&mut out, record);
            out.push(b'\n');
        }
        utf8(out)
    }

    /// The record with `seq` as JSON, if the campaign still holds it.
    ///
    /// # Errors
    /// `NOT_FOUND` naming the records held, when `seq` is 0, beyond the head, released
    /// ([`Campaign::release_records_through`]) or before the snapshot the campaign was restored from.
    pub fn record_json(&self, seq: u64) -> Result<String> {
        match self.records_since(seq.saturating_sub(1)).first().filter(|r| r.seq == seq) {
            Some(record) => {
                let mut out = Vec::new();
                write_record(&mut out, record);
                Ok(utf8(out))
            }
            None => {
                let held = match self.records_since(0).first() {
                    Some(first) => format!("records {} to {}", first.seq, self.head().seq),
                    None => "no records".to_string(),
                };
                Err(Error::new(
                    ErrorCode::NotFound,
                    format!("record {seq} is not held: the campaign holds {held} (earlier ones were released or precede its snapshot)"),
                )
                .at_field("seq"))
            }
        }
    }

    /// Rebuilds a campaign from its records: a JSON array (as [`Campaign::records_since_json`]
    /// writes it) or JSON lines, one record per line (as [`Campaign::records_since_json_lines`]
    /// writes them, or the rows a host stored one by one); blank lines are skipped.
    ///
    /// # Errors
    /// `MALFORMED_INPUT` for input that is neither (a bad line is named by its number), else as
    /// [`Campaign::replay`].
    pub fn replay_json(input: &str) -> Result<Campaign<D>> {
        Campaign::replay(records_of_text::<D>(input)?)
    }

    /// The snapshot as JSON.
    pub fn snapshot_json(&self) -> String {
        to_json(&self.snapshot()).unwrap_or_default()
    }

    /// Restores a campaign from a JSON snapshot.
    ///
    /// # Errors
    /// `INVALID_SNAPSHOT` for anything that is not an intact snapshot.
    pub fn restore_json(input: &str) -> Result<Campaign<D>> {
        Campaign::restore_trusted(parse_snapshot(input)?, &Trust::default())
    }

    /// Restores a campaign from a JSON snapshot, holding its signature to a JSON [`Trust`].
    ///
    /// # Errors
    /// As [`Campaign::restore_trusted`]; `MALFORMED_INPUT` for a trust that is not one.
    pub fn restore_trusted_json(input: &str, trust: &str) -> Result<Campaign<D>> {
        let trust: Trust = parse(trust)?;
        Campaign::restore_trusted(parse_snapshot(input)?, &trust)
    }

    /// Rebuilds a campaign from its records (a JSON array or JSON lines, as [`Campaign::replay_json`]),
    /// holding its checkpoints to a JSON [`Trust`].
    ///
    /// # Errors
    /// As [`Campaign::replay_trusted`], or `MALFORMED_INPUT`.
    pub fn replay_trusted_json(input: &str, trust: &str) -> Result<Campaign<D>> {
        let trust: Trust = parse(trust)?;
        Campaign::replay_trusted(records_of_text::<D>(input)?, &trust)
    }

    /// Signs the head with `key` as the JSON [`CheckpointRequest`] asks; answers an
    /// [`ExecuteResult`] with the checkpoint's record.
    ///
    /// # Errors
    /// As [`Campaign::sign_checkpoint`], or `MALFORMED_INPUT`.
    pub fn sign_checkpoint_json(&mut self, request: &str, key: &SigningKey) -> Result<String> {
        if request.len() > MAX_INPUT_BYTES {
            return Err(Error::input_too_large("request", request.len()));
        }
        let request: CheckpointRequest = parse(request)?;
        let done = self.sign_checkpoint(request, key)?;
        Ok(self.execute_result(&done))
    }

    /// The [`ExecuteResult`] of a command done, its records as the campaign holds them.
    fn execute_result(&self, done: &super::campaign::Executed) -> String {
        let mut out = Vec::with_capacity(1024);
        out.extend_from_slice(b"{\"schemaVersion\":");
        out.extend_from_slice(SCHEMA_VERSION.to_string().as_bytes());
        out.extend_from_slice(if done.retried { b",\"retried\":true" } else { b",\"retried\":false" });
        out.extend_from_slice(b",\"records\":[");
        for (i, record) in self.records_of(done).into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_record(&mut out, record);
        }
        out.extend_from_slice(b"]}");
        utf8(out)
    }

    /// The snapshot, signed with `key`, as JSON.
    pub fn snapshot_signed_json(&self, key: &SigningKey) -> String {
        to_json(&self.snapshot_signed(key)).unwrap_or_default()
    }
}

impl Error {
    /// The JSON form of this error: `{"code":"…","message":"…",…}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| format!("{{\"code\":\"{}\",\"message\":\"\"}}", self.code.as_str()))
    }
}

/// Reads a snapshot; one written before snapshots covered their head is refused as such.
fn parse_snapshot<D: Domain>(input: &str) -> Result<Snapshot<D>> {
    read(input).map_err(|e| {
        let message = e.to_string();
        let why = if message.starts_with("missing field `digest`") {
            "the snapshot was written by an earlier version, whose digest did not cover its head: replay the log and take a new snapshot".to_string()
        } else {
            format!("the input is not a snapshot ({}): pass the text `snapshot` returned", sanitize(&message))
        };
        Error::new(ErrorCode::InvalidSnapshot, why)
    })
}

/// A record's JSON as the library hands records out (see [`Campaign::records_since_json`]): what a
/// store keeps.
pub fn record_to_json<E: serde::Serialize>(record: &Record<E>) -> String {
    let mut out = Vec::new();
    write_record(&mut out, record);
    utf8(out)
}

/// Appends a record's JSON as the library hands records out: RFC 8785 canonical JSON, `hash`
/// included, for records of schema version 2 on (the bytes it was hashed over, with its hash in
/// place); serde's form, `hash` last, for version 1.
fn write_record<E: serde::Serialize>(out: &mut Vec<u8>, record: &Record<E>) {
    if record.schema_version >= super::record::JCS_SCHEMA_VERSION {
        super::jcs::write_jcs(out, record);
    } else {
        super::jcs::write_declared(out, record);
    }
}

/// The text of JSON the library wrote (UTF-8 by construction).
fn utf8(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap_or_default()
}

fn check_version(v: u32) -> Result<()> {
    if super::envelope::reads(v) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::UnsupportedSchemaVersion,
            format!(
                "schema version {v} is not supported: this library reads versions {} to {SCHEMA_VERSION}",
                super::envelope::OLDEST_SCHEMA_VERSION
            ),
        )
        .at_field("schemaVersion"))
    }
}

/// Parses `input` as the doors do: a `MALFORMED_INPUT` error names the JSON path of the problem, a
/// newer `schemaVersion` is refused as such, a byte-order mark is skipped, nesting is bounded. A store
/// reads its stored records and the commands a host sends with it.
///
/// # Errors
/// `MALFORMED_INPUT` or `UNSUPPORTED_SCHEMA_VERSION`.
pub fn from_json<T: DeserializeOwned>(input: &str) -> Result<T> {
    parse(input)
}

/// Parses `input`; on failure, parses again to name the JSON path of the problem (only the error path
/// pays for that). Every parse goes through [`Bounded`], so that an error never copies the input and
/// a refusal costs what reading costs.
pub(crate) fn parse<T: DeserializeOwned>(input: &str) -> Result<T> {
    let input = without_bom(input);
    match read(input) {
        Ok(v) => Ok(v),
        Err(first) => {
            if let Some(schema_version) = schema_version_of(input) {
                check_version(schema_version)?;
            }
            let mut de = serde_json::Deserializer::from_str(input);
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(Bounded(&mut de)) {
                Err(e) => (e.path().to_string(), explain(&sanitize(&e.inner().to_string()))),
                Ok(_) => (String::new(), explain(&sanitize(&first.to_string()))),
            };
            let at = if path.is_empty() || path == "." { String::new() } else { format!(" at `{path}`") };
            let mut error = Error::new(ErrorCode::MalformedInput, format!("the input is not valid{at}: {message}"));
            if !at.is_empty() {
                error = error.at_field(path);
            }
            Err(error)
        }
    }
}

/// The `schemaVersion` of a JSON object, read no further than that key (usually the first), so
/// that a refusal does not pay for a third parse.
fn schema_version_of(input: &str) -> Option<u32> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
    use std::cell::Cell;

    struct Find<'a>(&'a Cell<Option<u32>>);
    impl<'de> DeserializeSeed<'de> for Find<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == "schemaVersion" {
                    self.0.set(map.next_value::<u32>().ok());
                    // Stops the parse here: the rest is not needed.
                    return Err(serde::de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let found = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(input);
    let _ = Find(&found).deserialize(Bounded(&mut de));
    found.get()
}

/// `serde_json::from_str` through [`Bounded`].
fn read<T: DeserializeOwned>(input: &str) -> std::result::Result<T, BoundedError> {
    let mut de = serde_json::Deserializer::from_str(without_bom(input));
    let value = T::deserialize(Bounded(&mut de))?;
    de.end().map_err(<BoundedError as serde::de::Error>::custom)?;
    Ok(value)
}

/// The records of a stored log: a JSON array, or JSON lines (one record per line, blank lines
/// skipped); a byte-order mark is skipped. A bad line is named by its number.
fn records_of_text<D: Domain>(input: &str) -> Result<Vec<Record<D::Event>>> {
    let input = without_bom(input);
    if input.trim_start().starts_with('[') {
        return parse(input);
    }
    let mut records = Vec::new();
    for (i, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: Record<D::Event> = parse(line).map_err(|e| {
            let message = format!("line {} of the JSON lines: {}", i + 1, e.message);
            Error { message, ..e }
        })?;
        records.push(record);
    }
    Ok(records)
}

/// The input without a UTF-8 byte-order mark, which Windows editors (and Excel's "UTF-8" CSV) write
/// at the start of a file: JSON forbids it, but a host that reads its commands from such a file
/// should not have to strip it.
fn without_bom(input: &str) -> &str {
    input.strip_prefix('\u{feff}').unwrap_or(input)
}

/// Adds what to do to the parser's terse messages that a host cannot act on as they stand.
fn explain(message: &str) -> String {
    // chrono's messages for a date-time it cannot read (it reads RFC 3339 with an offset).
    const CHRONO: [&str; 6] = [
        "premature end of input",
        "input contains invalid characters",
        "trailing input",
        "input is out of range",
        "no possible date and time matching input",
        "input is not enough for unique date and time",
    ];
    if let Some(what) = CHRONO.iter().find(|m| message.starts_with(**m)) {
        return format!(
            "a moment must be an RFC 3339 date-time with its UTC offset, e.g. 2022-04-13T09:00:00+08:00 \
             (China time) or 2022-04-13T01:00:00Z; this one cannot be read ({what})"
        );
    }
    // serde_json's messages for a `\uD800`–`\uDFFF` escape without its pair.
    if ["unexpected end of hex escape", "lone leading surrogate in hex escape", "invalid unicode code point"]
        .iter()
        .any(|m| message.starts_with(m))
    {
        return format!(
            "a string holds a lone UTF-16 surrogate escape (\\uD800 to \\uDFFF without its pair), which is \
             not a character: send valid Unicode text ({message})"
        );
    }
    message.to_string()
}

/// serde's messages quote the offending value ("invalid type: string \"…\""); it may be an ID or
/// phone number, and error messages end up in logs, so the value is cut out.
/// The parses here go through [`Bounded`], whose messages name only the kind of a value; a message
/// that quotes one anyway (a `Deserialize` impl's own) is cut as before.
fn sanitize(message: &str) -> String {
    for prefix in ["invalid type", "invalid value", "invalid length"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let end = rest.find(", expected").unwrap_or(rest.len());
            let unexpected = &rest[..end];
            if unexpected.contains(['"', '`']) || unexpected.bytes().any(|b| b.is_ascii_digit()) {
                return format!("{prefix}{}", &rest[end..]);
            }
            return message.to_string();
        }
    }
    message.to_string()
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::new(ErrorCode::MalformedInput, format!("cannot write the answer as JSON: {e}")))
}
