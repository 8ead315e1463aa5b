//! Records: events as the campaign hands them to the host, chained by SHA-256.
//!
//! A record's `hash` is SHA-256 over its canonical serialization: the compact JSON of the record
//! without its `hash` field, fields in declaration order. `prevHash` links it to the record before
//! (all zeros for the first), so altering, dropping, inserting or reordering a record breaks the
//! chain at that record. The canonical form is the typed form re-serialized, so a host may store
//! records in any JSON store (key order and whitespace do not matter).

use crate::access::Actor;
use crate::event::Event;
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
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        }
        s
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
        let mut buf = [0u8; 64];
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for (i, b) in self.0.iter().enumerate() {
            buf[2 * i] = HEX[usize::from(b >> 4)];
            buf[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        // The buffer holds ASCII hex digits only.
        s.serialize_str(std::str::from_utf8(&buf).unwrap_or_default())
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Digest::from_hex(&s).ok_or_else(|| serde::de::Error::custom("a digest is 64 hex digits"))
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

/// The hashed part of a record: every field but `hash`, in the same order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordBody<'a> {
    schema_version: u32,
    seq: u64,
    command_id: &'a str,
    command_digest: &'a Digest,
    at: &'a DateTime<FixedOffset>,
    actor: &'a Actor,
    event: &'a Event,
    prev_hash: &'a Digest,
}

/// Hashes records, reusing one buffer (hashing is on the hot path of every command).
#[derive(Default)]
pub(crate) struct Hasher {
    buf: Vec<u8>,
}

impl Hasher {
    /// The canonical hash of `record` (its own `hash` field is ignored).
    pub(crate) fn record_hash(&mut self, record: &Record) -> Digest {
        self.buf.clear();
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
        // Serializing plain data into a Vec cannot fail.
        if serde_json::to_writer(&mut self.buf, &body).is_err() {
            self.buf.clear();
        }
        Digest::of(&self.buf)
    }

    /// The digest of any value's canonical JSON (commands, snapshots).
    pub(crate) fn digest_of<T: Serialize>(&mut self, value: &T) -> Digest {
        self.buf.clear();
        if serde_json::to_writer(&mut self.buf, value).is_err() {
            self.buf.clear();
        }
        Digest::of(&self.buf)
    }
}

impl Record {
    /// The same record with its `hash` computed over every other field.
    pub(crate) fn seal(mut self, hasher: &mut Hasher) -> Record {
        self.hash = hasher.record_hash(&self);
        self
    }
}
