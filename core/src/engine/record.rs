//! Records: events as the campaign hands them to the host, chained by SHA-256.
//!
//! A record's `hash` is SHA-256 over its canonical serialization: the compact JSON of the record
//! without its `hash` field, fields in declaration order. `prevHash` links it to the record before
//! (all zeros for the first), so altering, dropping, inserting or reordering a record breaks the
//! chain at that record. The canonical form is the typed form re-serialized, so a host may store
//! records in any JSON store (key order and whitespace do not matter).

use super::access::Actor;
use super::canonical::{Canonical, Carry, write_at, write_hex, write_json, write_str};
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
    pub(crate) fn hex_bytes(&self) -> [u8; 64] {
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

/// One recorded event, as the host persists it. `E` is the domain's event type
/// ([`crate::Event`]; the library's [`crate::Record`] names this type with it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "Record")]
pub struct Record<E> {
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
    pub event: E,
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
pub(crate) struct RecordBody<'a, E> {
    pub schema_version: u32,
    pub seq: u64,
    pub command_id: &'a str,
    pub command_digest: &'a Digest,
    pub at: &'a DateTime<FixedOffset>,
    pub actor: &'a Actor,
    pub event: &'a E,
    pub prev_hash: &'a Digest,
}

/// Writes records' canonical JSON and hashes it, reusing its buffers (this is on the hot path of
/// every command and of replay).
///
/// The fields a command shares among its events (`commandId`, `commandDigest`, `at`, `actor`) are
/// written once per command ([`Hasher::begin_command`]); each event then costs its own JSON only.
/// Commands and events write themselves ([`Canonical`]); a command may leave bytes in the [`Carry`]
/// for its events (a visit's answers, see `survey::canonical`).
#[derive(Default)]
pub(crate) struct Hasher {
    /// The canonical JSON of the last record hashed.
    buf: Vec<u8>,
    /// `"commandId":…,"commandDigest":…,"at":…,"actor":…,` of the current command.
    shared: Vec<u8>,
    /// What the current command left for its events.
    carry: Carry,
    /// The campaign's hash function.
    pub(crate) algorithm: super::log_hash::LogHash,
}

impl Hasher {
    /// A hasher with `algorithm`.
    pub(crate) fn with(algorithm: super::log_hash::LogHash) -> Hasher {
        Hasher { algorithm, ..Hasher::default() }
    }

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
    pub(crate) fn hash_event<E: Canonical>(
        &mut self,
        schema_version: u32,
        seq: u64,
        event: &E,
        prev_hash: &Digest,
    ) -> Digest {
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
        event.write_canonical(out, &mut self.carry);
        out.extend_from_slice(b",\"prevHash\":\"");
        write_hex(out, prev_hash);
        out.extend_from_slice(b"\"}");
        self.algorithm.digest(out)
    }

    /// The canonical JSON of the last record hashed.
    #[cfg(test)]
    pub(crate) fn canonical(&self) -> &[u8] {
        &self.buf
    }

    /// Forgets what the last command left for its events (as replay hashes a record alone).
    #[cfg(test)]
    pub(crate) fn forget_carry(&mut self) {
        self.carry.kept = false;
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
    pub(crate) fn record_hash<E: Canonical>(&mut self, record: &Record<E>) -> Digest {
        self.carry.kept = false;
        self.begin_command(&record.command_id, &record.command_digest, &record.at, &record.actor);
        self.hash_event(record.schema_version, record.seq, &record.event, &record.prev_hash)
    }

    /// The digest of a command's canonical JSON; what it leaves in the carry serves the events of
    /// the same command.
    pub(crate) fn command_digest<C: Canonical>(&mut self, command: &C) -> Digest {
        self.carry.kept = false;
        self.buf.clear();
        command.write_canonical(&mut self.buf, &mut self.carry);
        self.algorithm.digest(&self.buf)
    }

    /// The digest of any value's canonical JSON (snapshots).
    pub(crate) fn digest_of<T: Serialize>(&mut self, value: &T) -> Digest {
        self.buf.clear();
        write_json(&mut self.buf, value);
        self.algorithm.digest(&self.buf)
    }
}
