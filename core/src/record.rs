//! Records: events as the campaign hands them to the host, chained by SHA-256.
//!
//! A record's `hash` is SHA-256 over its canonical serialization: the compact JSON of the record
//! without its `hash` field, fields in declaration order. `prevHash` links it to the record before
//! (all zeros for the first), so altering, dropping, inserting or reordering a record breaks the
//! chain at that record. The canonical form is the typed form re-serialized, so a host may store
//! records in any JSON store (key order and whitespace do not matter).

use crate::access::Actor;
use crate::command::Command;
use crate::event::Event;
use crate::questionnaire::Answers;
use crate::visit::{QuestionnaireRef, Visit, VisitReport};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

/// A SHA-256 digest, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The all-zero digest: the `prevHash` of the first record.
    pub const ZERO: Digest = Digest([0; 32]);

    /// SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// Parses 64 hex digits.
    pub fn from_hex(s: &str) -> Option<Digest> {
        let b = s.as_bytes();
        if b.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in b.chunks_exact(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(Digest(out))
    }

    /// The 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        String::from_utf8_lossy(&self.hex_bytes()).into_owned()
    }

    /// The 64 lowercase hex digits as ASCII bytes: the one encoder behind `to_hex`, serde and the
    /// canonical record writer.
    fn hex_bytes(&self) -> [u8; 64] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = HEX[usize::from(b >> 4)];
            out[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        out
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hex = self.hex_bytes();
        // The buffer holds ASCII hex digits only.
        s.serialize_str(std::str::from_utf8(&hex).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct HexVisitor;
        impl serde::de::Visitor<'_> for HexVisitor {
            type Value = Digest;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a SHA-256 digest as 64 hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Digest, E> {
                Digest::from_hex(s).ok_or_else(|| E::custom("a digest is 64 hex digits"))
            }
        }
        d.deserialize_str(HexVisitor)
    }
}

impl schemars::JsonSchema for Digest {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Digest".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "A SHA-256 digest in lowercase hex."
        })
    }
}

/// One recorded event, as the host persists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Record {
    /// The wire form's version this record was written with.
    pub schema_version: u32,
    /// Its position in the log, from 1, without gaps.
    pub seq: u64,
    /// The id of the command that recorded it.
    pub command_id: String,
    /// SHA-256 of the command's canonical JSON: tells a retry from a reused command id.
    pub command_digest: Digest,
    /// The command's time.
    pub at: DateTime<FixedOffset>,
    /// Who sent the command.
    pub actor: Actor,
    /// What happened.
    pub event: Event,
    /// The hash of the record before (all zeros for seq 1).
    pub prev_hash: Digest,
    /// SHA-256 of this record's canonical form (every field above).
    pub hash: Digest,
}

/// The hashed part of a record: every field but `hash`, in the same order. The hot path writes the
/// same bytes by hand ([`Hasher::hash_event`]); this is the reference a test holds it to.
#[cfg(test)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RecordBody<'a> {
    pub schema_version: u32,
    pub seq: u64,
    pub command_id: &'a str,
    pub command_digest: &'a Digest,
    pub at: &'a DateTime<FixedOffset>,
    pub actor: &'a Actor,
    pub event: &'a Event,
    pub prev_hash: &'a Digest,
}

/// Writes records' canonical JSON and hashes it, reusing its buffers (this is on the hot path of
/// every command and of replay).
///
/// The fields a command shares among its events (`commandId`, `commandDigest`, `at`, `actor`) are
/// written once per command ([`Hasher::begin_command`]); each event then costs its own JSON only.
///
/// A visit's answers are most of the bytes of both its command and its event, and the event carries
/// the command's fields unchanged from `visitors` on (`visit::decide` moves them, trimming only
/// texts that need it): [`Hasher::command_digest`] keeps their JSON, and [`Hasher::hash_event`]
/// copies it into the event's record instead of serializing the visit a second time.
#[derive(Default)]
pub(crate) struct Hasher {
    /// The canonical JSON of the last record hashed.
    buf: Vec<u8>,
    /// `"commandId":…,"commandDigest":…,"at":…,"actor":…,` of the current command.
    shared: Vec<u8>,
    /// `,"visitors":…` to the end of the answers of the current `recordVisit` command, when
    /// `visit_tail_kept`.
    visit_tail: Vec<u8>,
    /// Whether `visit_tail` is also the tail of the visit the current command records: set by
    /// [`Hasher::command_digest`], used up by the `visitRecorded` event that follows.
    visit_tail_kept: bool,
}

fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing plain data into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Writes `at` exactly as chrono's serde does (RFC 3339, fractional seconds only when present, `Z`
/// for UTC), without `fmt`: every record carries one. Rare forms (years outside 0–9999, leap
/// seconds, offsets with seconds) go through chrono itself.
fn write_at(out: &mut Vec<u8>, at: &DateTime<FixedOffset>) {
    use chrono::{Datelike, Timelike};
    let offset = at.offset().local_minus_utc();
    let local = at.naive_local();
    let nano = local.nanosecond();
    if !(0..=9999).contains(&local.year()) || nano >= 1_000_000_000 || offset % 60 != 0 {
        write_json(out, at);
        return;
    }
    let two = |out: &mut Vec<u8>, n: u32| {
        out.push(b'0' + (n / 10) as u8);
        out.push(b'0' + (n % 10) as u8);
    };
    let year = local.year() as u32;
    out.push(b'"');
    two(out, year / 100);
    two(out, year % 100);
    out.push(b'-');
    two(out, local.month());
    out.push(b'-');
    two(out, local.day());
    out.push(b'T');
    two(out, local.hour());
    out.push(b':');
    two(out, local.minute());
    out.push(b':');
    two(out, local.second());
    let (digits, value) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (3, n / 1_000_000),
        n if n % 1_000 == 0 => (6, n / 1_000),
        n => (9, n),
    };
    if digits > 0 {
        out.push(b'.');
        for i in (0..digits).rev() {
            out.push(b'0' + (value / 10u32.pow(i) % 10) as u8);
        }
    }
    if offset == 0 {
        out.push(b'Z');
    } else {
        out.push(if offset < 0 { b'-' } else { b'+' });
        let minutes = offset.unsigned_abs() / 60;
        two(out, minutes / 60);
        out.push(b':');
        two(out, minutes % 60);
    }
    out.push(b'"');
}

fn write_hex(out: &mut Vec<u8>, digest: &Digest) {
    out.extend_from_slice(&digest.hex_bytes());
}

/// What `serde_json` writes for each byte of a string: 0 for the byte itself, else the letter of
/// its escape (`u` for `\u00XX`).
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Writes a JSON string exactly as `serde_json` does (the same escapes, non-ASCII as is), copying
/// the runs between escapes whole.
/// Whether one of the eight bytes of `w` is a control character, `"` or `\\` (exact: no byte
/// that `ESCAPE` passes through is flagged).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    // A byte below 0x20: (x - 0x20 per byte) borrows into its high bit only where x < 0x20 (and the
    // byte's own high bit is clear).
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
    below_space || has_zero(w ^ (ONES * u64::from(b'"'))) || has_zero(w ^ (ONES * u64::from(b'\\')))
}

/// The eight bytes of `bytes` from `at` as a little-endian word.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let w = &bytes[at..at + 8];
    u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    // Eight bytes at a time while none needs escaping (the common case: ids, names, Chinese text),
    // then byte by byte from the first word that holds one.
    let mut clean = 0;
    while clean + 8 <= bytes.len() {
        if needs_escape(word_at(bytes, clean)) {
            break;
        }
        clean += 8;
    }
    // The last few bytes as one word too: the last eight (overlapping words already checked), or
    // the whole string padded with a byte that needs no escape.
    let rest = bytes.len() - clean;
    if rest < 8 {
        let tail = if bytes.len() >= 8 {
            word_at(bytes, bytes.len() - 8)
        } else {
            let mut pad = [b'a'; 8];
            pad[..rest].copy_from_slice(bytes);
            u64::from_le_bytes(pad)
        };
        if !needs_escape(tail) {
            out.extend_from_slice(bytes);
            out.push(b'"');
            return;
        }
    }
    for (i, &b) in bytes.iter().enumerate().skip(clean) {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Writes a JSON value as `serde_json` does (numbers go through it: they are few and their form is
/// its own).
fn write_value(out: &mut Vec<u8>, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_json(out, n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => write_map(out, map.iter()),
    }
}

/// Writes a map as serde writes it: its entries in the iterator's order.
fn write_map<'v, K: AsRef<str> + 'v>(out: &mut Vec<u8>, entries: impl Iterator<Item = (K, &'v serde_json::Value)>) {
    out.push(b'{');
    for (i, (key, item)) in entries.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, key.as_ref());
        out.push(b':');
        write_value(out, item);
    }
    out.push(b'}');
}

/// Writes a visit's answers as serde writes the map (keys in their sorted order).
fn write_answers(out: &mut Vec<u8>, answers: &Answers) {
    write_map(out, answers.iter());
}

/// The fields a visit report and a recorded visit share, in their declaration order; the recorded
/// visit adds `unit` after `household`. Both are built by exhaustive destructuring, so a field added
/// to either type does not compile until it is written here too.
struct VisitJson<'a> {
    id: &'a str,
    household: &'a str,
    unit: Option<crate::division_code::DivisionCode>,
    visitors: &'a [crate::visit::Visitor],
    visited_at: &'a DateTime<FixedOffset>,
    outcome: crate::visit::VisitOutcome,
    duplicate_of: Option<&'a str>,
    findings: &'a [crate::visit::Finding],
    demands: &'a [String],
    questionnaire: Option<&'a QuestionnaireRef>,
    answers: Option<&'a Answers>,
}

impl<'a> VisitJson<'a> {
    fn of_report(report: &'a VisitReport) -> VisitJson<'a> {
        let VisitReport {
            id,
            household,
            visitors,
            visited_at,
            outcome,
            duplicate_of,
            findings,
            demands,
            questionnaire,
            answers,
        } = report;
        VisitJson {
            id,
            household,
            unit: None,
            visitors,
            visited_at,
            outcome: *outcome,
            duplicate_of: duplicate_of.as_deref(),
            findings,
            demands,
            questionnaire: questionnaire.as_ref(),
            answers: answers.as_ref(),
        }
    }

    fn of_visit(visit: &'a Visit) -> VisitJson<'a> {
        let Visit {
            id,
            household,
            unit,
            visitors,
            visited_at,
            outcome,
            duplicate_of,
            findings,
            demands,
            questionnaire,
            answers,
        } = visit;
        VisitJson {
            id,
            household,
            unit: Some(*unit),
            visitors,
            visited_at,
            outcome: *outcome,
            duplicate_of: duplicate_of.as_deref(),
            findings,
            demands,
            questionnaire: questionnaire.as_ref(),
            answers: answers.as_ref(),
        }
    }

    /// Writes `{"id":…,"household":…` and, for a recorded visit, `,"unit":…` (the object is left
    /// open for [`VisitJson::write_tail`]).
    fn write_head(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        write_str(out, self.id);
        out.extend_from_slice(b",\"household\":");
        write_str(out, self.household);
        if let Some(unit) = self.unit {
            out.extend_from_slice(b",\"unit\":");
            write_json(out, &unit);
        }
    }

    /// Whether a recorded visit made from this report has the report's tail: its texts need no
    /// trimming.
    fn tail_is_kept(&self) -> bool {
        let trimmed = |s: &str| s.trim().len() == s.len();
        self.findings.iter().all(|f| trimmed(&f.description)) && self.demands.iter().all(|d| trimmed(d))
    }

    /// Writes `,"visitors":…` to the last field (the object is left open).
    fn write_tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b",\"visitors\":");
        write_json(out, self.visitors);
        out.extend_from_slice(b",\"visitedAt\":");
        write_at(out, self.visited_at);
        out.extend_from_slice(b",\"outcome\":");
        write_json(out, &self.outcome);
        if let Some(other) = self.duplicate_of {
            out.extend_from_slice(b",\"duplicateOf\":");
            write_str(out, other);
        }
        if !self.findings.is_empty() {
            out.extend_from_slice(b",\"findings\":");
            write_json(out, self.findings);
        }
        if !self.demands.is_empty() {
            out.extend_from_slice(b",\"demands\":");
            write_json(out, self.demands);
        }
        if let Some(QuestionnaireRef { id, version }) = self.questionnaire {
            out.extend_from_slice(b",\"questionnaire\":{\"id\":");
            write_str(out, id);
            out.extend_from_slice(b",\"version\":");
            out.extend_from_slice(itoa::Buffer::new().format(*version).as_bytes());
            out.push(b'}');
        }
        if let Some(answers) = self.answers {
            out.extend_from_slice(b",\"answers\":");
            write_answers(out, answers);
        }
    }
}

impl Hasher {
    /// Prepares the fields shared by every event of one command.
    pub(crate) fn begin_command(
        &mut self,
        command_id: &str,
        digest: &Digest,
        at: &DateTime<FixedOffset>,
        actor: &Actor,
    ) {
        let out = &mut self.shared;
        out.clear();
        out.extend_from_slice(b"\"commandId\":");
        write_str(out, command_id);
        out.extend_from_slice(b",\"commandDigest\":\"");
        write_hex(out, digest);
        out.extend_from_slice(b"\",\"at\":");
        write_at(out, at);
        // Serde's form of `Actor`, written by hand: every record carries one.
        let Actor { id, role, scope } = actor;
        out.extend_from_slice(b",\"actor\":{\"id\":");
        write_str(out, id);
        out.extend_from_slice(b",\"role\":");
        write_json(out, role);
        out.extend_from_slice(b",\"scope\":");
        write_json(out, scope);
        out.extend_from_slice(b"},");
    }

    /// The hash of the record of `event` in the current command; its canonical JSON stays in the
    /// buffer ([`Hasher::canonical`]).
    pub(crate) fn hash_event(&mut self, schema_version: u32, seq: u64, event: &Event, prev_hash: &Digest) -> Digest {
        let mut numbers = itoa::Buffer::new();
        let out = &mut self.buf;
        out.clear();
        out.extend_from_slice(b"{\"schemaVersion\":");
        out.extend_from_slice(numbers.format(schema_version).as_bytes());
        out.extend_from_slice(b",\"seq\":");
        out.extend_from_slice(numbers.format(seq).as_bytes());
        out.push(b',');
        out.extend_from_slice(&self.shared);
        out.extend_from_slice(b"\"event\":");
        match event {
            Event::VisitRecorded { visit } => {
                let fields = VisitJson::of_visit(visit);
                out.extend_from_slice(b"{\"type\":\"visitRecorded\",\"visit\":");
                fields.write_head(out);
                if self.visit_tail_kept {
                    let start = out.len();
                    out.extend_from_slice(&self.visit_tail);
                    debug_assert!(
                        {
                            let mut fresh = Vec::new();
                            fields.write_tail(&mut fresh);
                            fresh == out[start..]
                        },
                        "a visit's event carries its command's fields from `visitors` on unchanged"
                    );
                } else {
                    fields.write_tail(out);
                }
                self.visit_tail_kept = false;
                out.extend_from_slice(b"}}");
            }
            _ => write_json(out, event),
        }
        out.extend_from_slice(b",\"prevHash\":\"");
        write_hex(out, prev_hash);
        out.extend_from_slice(b"\"}");
        Digest::of(out)
    }

    /// The canonical JSON of the last record hashed.
    #[cfg(test)]
    pub(crate) fn canonical(&self) -> &[u8] {
        &self.buf
    }

    /// Appends the full JSON of the last record hashed, given its hash: the canonical form with
    /// `hash` added as its last field (the field order of [`Record`]).
    pub(crate) fn write_record_json(&self, hash: &Digest, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[..self.buf.len() - 1]);
        out.extend_from_slice(b",\"hash\":\"");
        write_hex(out, hash);
        out.extend_from_slice(b"\"}");
    }

    /// The canonical hash of `record` (its own `hash` field is ignored).
    pub(crate) fn record_hash(&mut self, record: &Record) -> Digest {
        self.visit_tail_kept = false;
        self.begin_command(&record.command_id, &record.command_digest, &record.at, &record.actor);
        self.hash_event(record.schema_version, record.seq, &record.event, &record.prev_hash)
    }

    /// The digest of a command's canonical JSON. A `recordVisit` is written by hand, and its
    /// answers' JSON is kept for the `visitRecorded` event of the same command.
    pub(crate) fn command_digest(&mut self, command: &Command) -> Digest {
        self.visit_tail_kept = false;
        let Command::RecordVisit { visit } = command else {
            return self.digest_of(command);
        };
        let fields = VisitJson::of_report(visit);
        let out = &mut self.buf;
        out.clear();
        out.extend_from_slice(b"{\"type\":\"recordVisit\",\"visit\":");
        fields.write_head(out);
        self.visit_tail.clear();
        fields.write_tail(&mut self.visit_tail);
        self.visit_tail_kept = fields.tail_is_kept();
        out.extend_from_slice(&self.visit_tail);
        out.extend_from_slice(b"}}");
        Digest::of(out)
    }

    /// The digest of any value's canonical JSON (commands, snapshots).
    pub(crate) fn digest_of<T: Serialize>(&mut self, value: &T) -> Digest {
        self.buf.clear();
        write_json(&mut self.buf, value);
        Digest::of(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn times_are_written_as_chronos_serde_writes_them(
            secs in -70_000_000_000i64..300_000_000_000i64,
            nano in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000), (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
            offset in prop_oneof![Just(0i32), Just(8 * 3600), (-86_399i32..86_399), (-1439i32..1439).prop_map(|m| m * 60)],
        ) {
            let at = DateTime::from_timestamp(secs, nano).unwrap().with_timezone(&FixedOffset::east_opt(offset).unwrap());
            let mut fast = Vec::new();
            write_at(&mut fast, &at);
            prop_assert_eq!(String::from_utf8(fast).unwrap(), serde_json::to_string(&at).unwrap());
        }
    }
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them_wherever_the_byte_is() {
        for c in (0u32..0x80).chain([0x7ff, 0x8001, 0xffff, 0x10_ffff]).filter_map(char::from_u32) {
            for len in 0..20 {
                for at in 0..=len {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'x' }).collect();
                    let mut fast = Vec::new();
                    write_str(&mut fast, &s);
                    assert_eq!(String::from_utf8(fast).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
        }
    }

    fn text() -> impl Strategy<Value = String> {
        let c = prop_oneof![
            4 => any::<char>(),
            1 => Just('"'),
            1 => Just('\\'),
            1 => (0u8..0x20).prop_map(char::from),
            1 => Just('\u{7f}'),
            1 => Just('老'),
        ];
        prop::collection::vec(c, 0..12).prop_map(|cs| cs.into_iter().collect())
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn report() -> impl Strategy<Value = VisitReport> {
        (
            (text(), text(), text(), any::<bool>(), any::<bool>()),
            (prop::option::of(text()), prop::collection::vec(text(), 0..3), prop::option::of((text(), any::<u32>()))),
            prop::option::of(prop::collection::btree_map(text(), value(), 0..6)),
        )
            .prop_map(
                |((id, household, person, met, finding), (duplicate_of, demands, questionnaire), answers)| {
                    use crate::visit::{Finding, QuestionnaireRef, VisitOutcome, Visitor};
                    VisitReport {
                        id,
                        household,
                        visitors: vec![Visitor { person, role: crate::person::HelperRole::GridWorker }],
                        visited_at: "2022-04-13T08:00:00.250+08:00".parse().unwrap(),
                        outcome: if met { VisitOutcome::Met } else { VisitOutcome::Duplicate },
                        duplicate_of,
                        findings: if finding {
                            vec![Finding {
                                id: "f-1".into(),
                                category: crate::problem::ProblemCategory::TelecomFraud,
                                description: if met { "楼道\n有针头" } else { " 楼道\n有针头 " }.into(),
                                persons: vec!["p-1".into()],
                                tags: Vec::new(),
                            }]
                        } else {
                            Vec::new()
                        },
                        demands,
                        questionnaire: questionnaire.map(|(id, version)| QuestionnaireRef { id, version }),
                        answers,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in text()) {
            let mut fast = Vec::new();
            write_str(&mut fast, &s);
            prop_assert_eq!(String::from_utf8(fast).unwrap(), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn a_visit_is_hashed_as_serde_writes_its_command_and_its_event(report in report()) {
            let mut hasher = Hasher::default();
            let command = Command::RecordVisit { visit: report.clone() };
            let digest = hasher.command_digest(&command);
            prop_assert_eq!(digest, Digest::of(&serde_json::to_vec(&command).unwrap()));
            let VisitReport {
                id, household, visitors, visited_at, outcome, duplicate_of, findings, demands, questionnaire, answers,
            } = report;
            let visit = Visit {
                id,
                household,
                unit: crate::division_code::DivisionCode::parse("430171004001", "unit").unwrap(),
                visitors,
                visited_at,
                outcome,
                duplicate_of,
                findings,
                demands,
                questionnaire,
                answers,
            };
            let event = Event::VisitRecorded { visit: std::sync::Arc::new(visit) };
            let actor = Actor {
                id: "gw".into(),
                role: crate::access::Role::GridWorker,
                scope: crate::division_code::DivisionCode::parse("430171004001", "scope").unwrap(),
            };
            let at = "2022-04-13T09:00:00+08:00".parse().unwrap();
            // With the command's answers kept, and without (as replay hashes it).
            for kept in [true, false] {
                if !kept {
                    hasher.visit_tail_kept = false;
                }
                hasher.begin_command("c-1", &digest, &at, &actor);
                let hash = hasher.hash_event(1, 7, &event, &Digest::ZERO);
                let body = RecordBody {
                    schema_version: 1,
                    seq: 7,
                    command_id: "c-1",
                    command_digest: &digest,
                    at: &at,
                    actor: &actor,
                    event: &event,
                    prev_hash: &Digest::ZERO,
                };
                let reference = serde_json::to_vec(&body).unwrap();
                prop_assert_eq!(hasher.canonical(), &reference[..]);
                prop_assert_eq!(hash, Digest::of(&reference));
            }
        }
    }

    use crate::Campaign;

    /// Campaigns whose records hold every kind of event the scenario files of `tests/scenarios/`
    /// give (each file's commands on a new campaign; refused ones record nothing), and on the first
    /// the two kinds no scenario gives: helper roles and a two-committee team.
    fn campaigns_of_the_scenarios() -> Vec<Campaign> {
        let files = [
            include_str!("../../tests/scenarios/01-open-and-organize.json"),
            include_str!("../../tests/scenarios/02-households-and-privacy.json"),
            include_str!("../../tests/scenarios/03-door-knock-survey.json"),
            include_str!("../../tests/scenarios/04-micro-grids.json"),
        ];
        let mut campaigns = Vec::new();
        for file in files {
            let scenario: serde_json::Value = serde_json::from_str(file).unwrap();
            let mut campaign = Campaign::new();
            for step in scenario["steps"].as_array().unwrap() {
                if let Some(envelope) = step.get("execute") {
                    let _ = campaign.execute_json(&envelope.to_string());
                }
            }
            campaigns.push(campaign);
        }
        for (id, command) in [
            ("extra-1", r#"{"type":"setHelperRoles","person":"sec-c1","roles":["buildingHead","coreMember"]}"#),
            (
                "extra-2",
                r#"{"type":"setTwoCommittees","partyOrganization":"org-c1","members":[
                  {"person":"sec-c1","post":"partySecretary"},{"person":"sec-c1","post":"committeeDirector"}]}"#,
            ),
        ] {
            let envelope = format!(
                r#"{{"schemaVersion":1,"commandId":"{id}","at":"2022-04-14T10:00:00+08:00",
                  "actor":{{"id":"office","role":"administrator","scope":"430171004000"}},"command":{command}}}"#
            );
            campaigns[0].execute_json(&envelope).unwrap();
        }
        campaigns
    }

    #[test]
    fn the_hand_written_canonical_form_is_serdes_form_of_the_record() {
        for campaign in campaigns_of_the_scenarios() {
            check_canonical_forms(&campaign);
        }
    }

    fn check_canonical_forms(campaign: &Campaign) {
        let mut hasher = Hasher::default();
        for record in campaign.records_since(0) {
            let body = RecordBody {
                schema_version: record.schema_version,
                seq: record.seq,
                command_id: &record.command_id,
                command_digest: &record.command_digest,
                at: &record.at,
                actor: &record.actor,
                event: &record.event,
                prev_hash: &record.prev_hash,
            };
            let reference = serde_json::to_vec(&body).unwrap();
            assert_eq!(hasher.record_hash(record), Digest::of(&reference));
            assert_eq!(hasher.canonical(), &reference[..]);
            let mut full = Vec::new();
            hasher.write_record_json(&record.hash, &mut full);
            assert_eq!(full, serde_json::to_vec(record).unwrap());
        }
    }
}
