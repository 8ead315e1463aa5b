//! Records: events as the campaign hands them to the host, chained by SHA-256 (or SM3).
//!
//! A record's `hash` is the hash of its canonical form: the record without its `hash` field, as
//! - schema version 2 and later: RFC 8785 canonical JSON (members sorted, no whitespace,
//!   ECMAScript numbers; [`super::jcs`]): anyone can rebuild it from the record's JSON alone,
//!   whatever its key order (`scripts/verify-log.py` does, with Python's standard library);
//! - schema version 1: compact JSON with fields in the library's declaration order (records
//!   written before version 2 keep replaying with their hashes; only this library rebuilds them).
//!
//! `prevHash` links a record to the one before (all zeros for the first), so altering, dropping,
//! inserting or reordering a record breaks the chain at that record. Replay rebuilds the canonical
//! form from the typed record, so a host may store records in any JSON store.

use super::access::Actor;
use super::canonical::{Canonical, Carry, write_at, write_hex, write_json, write_str};
use super::jcs::Scratch;
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
    /// The hash (SHA-256, or SM3) of the record without this field: of its RFC 8785 canonical JSON
    /// from schema version 2 on, of its compact JSON in the library's field order in version 1.
    pub hash: Digest,
}

/// The first schema version whose records are hashed in RFC 8785 canonical JSON.
pub const JCS_SCHEMA_VERSION: u32 = 2;

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
    /// In `buf`, where `,"prevHash"` starts when the last record was of version 2 or later (its
    /// `hash` goes there), else 0.
    hash_at: usize,
    /// The fields every record of the current command shares, in the canonical order of `version`:
    /// `"commandId":…,"commandDigest":…,"at":…,"actor":…,` (version 1) or
    /// `"actor":…,"at":…,"commandDigest":…,"commandId":…,` (version 2 on).
    shared: Vec<u8>,
    /// The schema version `shared` was written for.
    version: u32,
    /// What the current command left for its events.
    carry: Carry,
    /// The canonical writer's working space.
    scratch: Scratch,
    /// The campaign's hash function.
    pub(crate) algorithm: super::log_hash::LogHash,
}

impl Hasher {
    /// A hasher with `algorithm`.
    pub(crate) fn with(algorithm: super::log_hash::LogHash) -> Hasher {
        Hasher { algorithm, ..Hasher::default() }
    }

    /// Prepares the fields shared by every event of one command, for records of `version`.
    pub(crate) fn begin_command(
        &mut self,
        version: u32,
        command_id: &str,
        digest: &Digest,
        at: &DateTime<FixedOffset>,
        actor: &Actor,
    ) {
        let out = &mut self.shared;
        out.clear();
        self.version = version;
        // Serde's form of `Actor`, written by hand: every record carries one. Its fields are in
        // canonical order already (`id`, `role`, `scope`).
        let write_actor = |out: &mut Vec<u8>| {
            let Actor { id, role, scope } = actor;
            out.extend_from_slice(b"\"actor\":{\"id\":");
            write_str(out, id);
            out.extend_from_slice(b",\"role\":");
            write_json(out, role);
            out.extend_from_slice(b",\"scope\":");
            write_json(out, scope);
            out.push(b'}');
        };
        if version >= JCS_SCHEMA_VERSION {
            write_actor(out);
            out.extend_from_slice(b",\"at\":");
            write_at(out, at);
            out.extend_from_slice(b",\"commandDigest\":\"");
            write_hex(out, digest);
            out.extend_from_slice(b"\",\"commandId\":");
            write_str(out, command_id);
            out.push(b',');
        } else {
            out.extend_from_slice(b"\"commandId\":");
            write_str(out, command_id);
            out.extend_from_slice(b",\"commandDigest\":\"");
            write_hex(out, digest);
            out.extend_from_slice(b"\",\"at\":");
            write_at(out, at);
            out.push(b',');
            write_actor(out);
            out.push(b',');
        }
    }

    /// The schema version of the records of the last command begun (0 before any).
    pub(crate) fn version(&self) -> u32 {
        self.version
    }

    /// The hash of the record of `event` in the current command (of the version given to
    /// [`Hasher::begin_command`]); its canonical JSON stays in the buffer ([`Hasher::canonical`]).
    pub(crate) fn hash_event<E: Canonical>(&mut self, seq: u64, event: &E, prev_hash: &Digest) -> Digest {
        let mut numbers = itoa::Buffer::new();
        let out = &mut self.buf;
        out.clear();
        if self.version >= JCS_SCHEMA_VERSION {
            out.push(b'{');
            out.extend_from_slice(&self.shared);
            out.extend_from_slice(b"\"event\":");
            event.write_jcs(out, &mut self.carry, &mut self.scratch);
            self.hash_at = out.len();
            out.extend_from_slice(b",\"prevHash\":\"");
            write_hex(out, prev_hash);
            out.extend_from_slice(b"\",\"schemaVersion\":");
            out.extend_from_slice(numbers.format(self.version).as_bytes());
            out.extend_from_slice(b",\"seq\":");
            out.extend_from_slice(numbers.format(seq).as_bytes());
            out.push(b'}');
        } else {
            self.hash_at = 0;
            out.extend_from_slice(b"{\"schemaVersion\":");
            out.extend_from_slice(numbers.format(self.version).as_bytes());
            out.extend_from_slice(b",\"seq\":");
            out.extend_from_slice(numbers.format(seq).as_bytes());
            out.push(b',');
            out.extend_from_slice(&self.shared);
            out.extend_from_slice(b"\"event\":");
            event.write_canonical(out, &mut self.carry);
            out.extend_from_slice(b",\"prevHash\":\"");
            write_hex(out, prev_hash);
            out.extend_from_slice(b"\"}");
        }
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
    /// `hash` added in its place (version 2 on: the record is canonical JSON as a whole; version 1:
    /// last, the field order of [`Record`]).
    pub(crate) fn write_record_json(&self, hash: &Digest, out: &mut Vec<u8>) {
        let at = if self.hash_at > 0 { self.hash_at } else { self.buf.len() - 1 };
        out.extend_from_slice(&self.buf[..at]);
        out.extend_from_slice(b",\"hash\":\"");
        write_hex(out, hash);
        out.push(b'"');
        out.extend_from_slice(&self.buf[at..]);
    }

    /// The canonical hash of `record` (its own `hash` field is ignored).
    pub(crate) fn record_hash<E: Canonical>(&mut self, record: &Record<E>) -> Digest {
        self.carry.kept = false;
        self.begin_command(
            record.schema_version,
            &record.command_id,
            &record.command_digest,
            &record.at,
            &record.actor,
        );
        self.hash_event(record.seq, &record.event, &record.prev_hash)
    }

    /// The digest of a command's canonical JSON (RFC 8785, as records of schema version 2 on);
    /// what it leaves in the carry serves the events of the same command.
    pub(crate) fn command_digest<C: Canonical>(&mut self, command: &C) -> Digest {
        self.carry.kept = false;
        self.buf.clear();
        command.write_jcs(&mut self.buf, &mut self.carry, &mut self.scratch);
        self.algorithm.digest(&self.buf)
    }

    /// The digest a command had when it was accepted under schema version 1 (its compact JSON in
    /// declaration order): a retry of such a command is recognized by it. Rarely needed, so it
    /// keeps no buffer.
    pub(crate) fn command_digest_v1<C: Canonical>(&self, command: &C) -> Digest {
        let mut out = Vec::new();
        command.write_canonical(&mut out, &mut Carry::default());
        self.algorithm.digest(&out)
    }

    /// The digest of any value's canonical JSON (snapshots).
    pub(crate) fn digest_of<T: Serialize>(&mut self, value: &T) -> Digest {
        self.buf.clear();
        write_json(&mut self.buf, value);
        self.algorithm.digest(&self.buf)
    }
}
