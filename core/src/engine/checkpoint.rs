//! Signed checkpoints: the host's signature over the head of the log, recorded as a record of the
//! log, and the keys a host trusts when it replays or restores.
//!
//! The hash chain alone proves only that records were not altered *by someone who does not know
//! the algorithm*: anyone can edit a record and recompute every hash after it. A checkpoint is a
//! signature, by a key the host keeps secret, over the seq and hash of the head at that moment; the
//! next record of the log carries it. Replay verifies each one, and with [`Trust`] it demands that
//! each was signed by a key the host trusts and, if asked, that the log ends at one (so that a dropped
//! tail is noticed). `SECURITY.md` says what this proves and what it does not.
//!
//! Two families: Ed25519 (RFC 8032) and SM2 with SM3 (GB/T 32918.2-2016, with the default
//! distinguishing identifier `1234567812345678` of GB/T 35276-2017). Both sign deterministically
//! (Ed25519 by design, SM2 with an RFC 6979 nonce), so the core needs no randomness. Keys are passed
//! in as bytes; nothing is read from disk.
//!
//! What is signed is a line of ASCII that any verifier can rebuild:
//! `grassroots-checkpoint:1:<logHash>:<seq>:<hash hex>` for a checkpoint and
//! `grassroots-snapshot:1:<logHash>:<seq>:<head hash hex>:<state digest hex>` for a snapshot.

use super::error::{Error, ErrorCode, Result};
use super::log_hash::LogHash;
use super::record::Digest;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The distinguishing identifier of SM2 signatures: the default of GB/T 35276-2017 (§ 10).
pub const SM2_DISTINGUISHING_ID: &str = "1234567812345678";

/// A signature algorithm for checkpoints and snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SignatureAlgorithm {
    /// Ed25519 (RFC 8032): 32-byte secret and public keys, 64-byte signatures.
    Ed25519,
    /// SM2 with SM3 (GB/T 32918.2-2016): a 32-byte secret key, a 65-byte uncompressed SEC1 public
    /// key (`04‖x‖y`), 64-byte signatures (`r‖s`).
    Sm2,
}

impl SignatureAlgorithm {
    /// The name on the wire: `ed25519` or `sm2`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureAlgorithm::Ed25519 => "ed25519",
            SignatureAlgorithm::Sm2 => "sm2",
        }
    }

    /// Parses a wire name.
    ///
    /// # Errors
    /// `INVALID_FIELD` for any other name.
    pub fn parse(name: &str) -> Result<SignatureAlgorithm> {
        match name {
            "ed25519" => Ok(SignatureAlgorithm::Ed25519),
            "sm2" => Ok(SignatureAlgorithm::Sm2),
            _ => Err(Error::invalid_field("algorithm", "`algorithm` must be `ed25519` or `sm2`")),
        }
    }
}

/// Bytes written as lowercase hex on the wire (keys and signatures).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct HexBytes(pub Vec<u8>);

impl HexBytes {
    /// The lowercase hex digits.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.iter().flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]).collect()
    }

    /// Parses hex digits (either case); `None` for an odd length or a non-hex character.
    pub fn from_hex(s: &str) -> Option<HexBytes> {
        let b = s.as_bytes();
        if !b.len().is_multiple_of(2) {
            return None;
        }
        let digit = |c: u8| (c as char).to_digit(16);
        b.chunks_exact(2)
            .map(|p| Some((digit(p[0])? * 16 + digit(p[1])?) as u8))
            .collect::<Option<Vec<u8>>>()
            .map(HexBytes)
    }
}

impl std::fmt::Debug for HexBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for HexBytes {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for HexBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        // Keys and signatures are at most 65 bytes: a longer string is refused before it is decoded.
        if s.len() > 2 * MAX_KEY_BYTES {
            return Err(serde::de::Error::custom(format!("hex bytes are at most {} digits", 2 * MAX_KEY_BYTES)));
        }
        HexBytes::from_hex(&s).ok_or_else(|| serde::de::Error::custom("expected an even number of hex digits"))
    }
}

impl schemars::JsonSchema for HexBytes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "HexBytes".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9a-f]{2}){1,65}$",
            "description": "Bytes (a public key or a signature) in lowercase hex."
        })
    }
}

/// The longest key or signature, in bytes (an uncompressed SM2 public key).
const MAX_KEY_BYTES: usize = 65;

/// The longest key id, in characters.
pub const MAX_KEY_ID_CHARS: usize = 64;

/// A host's signing key: its algorithm, the id the host names it by, and its secret. The secret
/// never appears in a record, an error or `Debug`.
#[derive(Clone)]
pub struct SigningKey {
    key_id: String,
    inner: SecretKey,
}

#[derive(Clone)]
enum SecretKey {
    Ed25519(Box<ed25519_dalek::SigningKey>),
    Sm2(Box<sm2::dsa::SigningKey>),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("key_id", &self.key_id)
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A key of `algorithm` from its 32-byte secret.
    ///
    /// # Errors
    /// `INVALID_FIELD` naming `keyId` (empty or longer than 64 characters) or `secretKey` (not 32
    /// bytes, or, for SM2, not a scalar in [1, n-1]).
    pub fn new(algorithm: SignatureAlgorithm, key_id: &str, secret: &[u8]) -> Result<SigningKey> {
        check_key_id(key_id)?;
        let bytes: [u8; 32] = secret.try_into().map_err(|_| {
            Error::invalid_field("secretKey", "`secretKey` must be 32 bytes (an Ed25519 seed or an SM2 private key)")
        })?;
        let inner = match algorithm {
            SignatureAlgorithm::Ed25519 => SecretKey::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(&bytes))),
            SignatureAlgorithm::Sm2 => {
                let secret = sm2::SecretKey::from_slice(&bytes).map_err(|_| {
                    Error::invalid_field("secretKey", "`secretKey` is not an SM2 private key (a scalar in [1, n-1])")
                })?;
                let key = sm2::dsa::SigningKey::new(SM2_DISTINGUISHING_ID, &secret)
                    .map_err(|_| Error::invalid_field("secretKey", "`secretKey` is not an SM2 private key"))?;
                SecretKey::Sm2(Box::new(key))
            }
        };
        Ok(SigningKey { key_id: key_id.to_string(), inner })
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        match self.inner {
            SecretKey::Ed25519(_) => SignatureAlgorithm::Ed25519,
            SecretKey::Sm2(_) => SignatureAlgorithm::Sm2,
        }
    }

    /// The id the host names the key by.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The public key: 32 bytes for Ed25519, 65 (uncompressed SEC1) for SM2.
    pub fn public_key(&self) -> HexBytes {
        HexBytes(match &self.inner {
            SecretKey::Ed25519(k) => k.verifying_key().to_bytes().to_vec(),
            SecretKey::Sm2(k) => k.verifying_key().to_sec1_bytes().to_vec(),
        })
    }

    /// The key as the host lists it among the keys it trusts.
    pub fn trusted(&self) -> TrustedKey {
        TrustedKey { key_id: self.key_id.clone(), algorithm: self.algorithm(), public_key: self.public_key() }
    }

    /// The signature of `message` (deterministic).
    pub fn sign(&self, message: &[u8]) -> HexBytes {
        use ed25519_dalek::Signer as _;
        HexBytes(match &self.inner {
            SecretKey::Ed25519(k) => k.sign(message).to_bytes().to_vec(),
            SecretKey::Sm2(k) => {
                let signature: sm2::dsa::Signature = sm2::dsa::signature::Signer::sign(k.as_ref(), message);
                signature.to_bytes().to_vec()
            }
        })
    }
}

fn check_key_id(key_id: &str) -> Result<()> {
    if key_id.trim().is_empty() || key_id.chars().count() > MAX_KEY_ID_CHARS {
        return Err(Error::invalid_field(
            "keyId",
            format!("`keyId` must be 1 to {MAX_KEY_ID_CHARS} characters: name the key as the host knows it"),
        ));
    }
    Ok(())
}

/// Whether `signature` is a valid signature of `message` by `public_key` under `algorithm`.
pub fn verify(algorithm: SignatureAlgorithm, public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    match algorithm {
        SignatureAlgorithm::Ed25519 => {
            let (Ok(key), Ok(sig)) = (<[u8; 32]>::try_from(public_key), <[u8; 64]>::try_from(signature)) else {
                return false;
            };
            let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key) else { return false };
            // Strict: refuses the malleable and small-order forms that plain verification accepts.
            key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&sig)).is_ok()
        }
        SignatureAlgorithm::Sm2 => {
            use sm2::dsa::signature::Verifier as _;
            let Ok(key) = sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DISTINGUISHING_ID, public_key) else {
                return false;
            };
            let Ok(sig) = sm2::dsa::Signature::try_from(signature) else { return false };
            key.verify(message, &sig).is_ok()
        }
    }
}

/// A public key the host trusts, as it lists it in [`Trust`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustedKey {
    /// The id the host names the key by (1–64 characters).
    pub key_id: String,
    /// Its algorithm.
    pub algorithm: SignatureAlgorithm,
    /// The public key, hex.
    pub public_key: HexBytes,
}

/// What a host trusts when it replays a log or restores a snapshot.
///
/// The default trusts no key and requires nothing: every checkpoint's signature is still checked
/// against the public key it names, which proves only that the records before it were not changed
/// *after* it was signed by *someone*. With keys listed, each checkpoint and each signed snapshot
/// must be signed by one of them; with `requireSignedHead`, the log must end at a checkpoint and a
/// snapshot must be signed, so that a dropped tail or a forged snapshot is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trust {
    /// The public keys whose signatures are accepted (at most 64).
    #[serde(default)]
    pub keys: Vec<TrustedKey>,
    /// Whether the log must end at a signed checkpoint and a snapshot must be signed.
    #[serde(default)]
    pub require_signed_head: bool,
}

/// The most keys a [`Trust`] lists.
pub const MAX_TRUSTED_KEYS: usize = 64;

impl Trust {
    /// Trusts `keys` and requires a signed head.
    pub fn signed_by(keys: impl IntoIterator<Item = TrustedKey>) -> Trust {
        Trust { keys: keys.into_iter().collect(), require_signed_head: true }
    }

    /// Refuses a trust list that is too long or names a key badly.
    ///
    /// # Errors
    /// `INVALID_FIELD` naming the field.
    pub fn check(&self) -> Result<()> {
        if self.keys.len() > MAX_TRUSTED_KEYS {
            return Err(Error::invalid_field(
                "keys",
                format!("`keys` lists {} keys; at most {MAX_TRUSTED_KEYS} are accepted", self.keys.len()),
            ));
        }
        for key in &self.keys {
            check_key_id(&key.key_id)?;
        }
        Ok(())
    }

    /// Whether signatures are checked against a list of keys (rather than only against the key each
    /// names).
    fn lists_keys(&self) -> bool {
        !self.keys.is_empty() || self.require_signed_head
    }

    /// Refuses a signature by a key that is not listed (when keys are listed).
    pub(crate) fn admit(
        &self,
        algorithm: SignatureAlgorithm,
        key_id: &str,
        public_key: &HexBytes,
        what: &str,
    ) -> Result<()> {
        if !self.lists_keys()
            || self.keys.iter().any(|k| k.algorithm == algorithm && k.key_id == key_id && k.public_key == *public_key)
        {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::UntrustedLog,
                format!(
                    "{what} is signed by {} key `{key_id}`, which is not among the trusted keys: list the key the host signs with",
                    algorithm.as_str()
                ),
            ))
        }
    }
}

/// The payload of a checkpoint's record: the signature over the head before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckpointSigned {
    /// The signature's algorithm.
    pub algorithm: SignatureAlgorithm,
    /// The id the host names its key by.
    pub key_id: String,
    /// The signer's public key.
    pub public_key: HexBytes,
    /// The seq of the head it signs (this record's seq minus one).
    pub seq: u64,
    /// The hash of the head it signs (this record's `prevHash`).
    pub hash: Digest,
    /// The signature of [`checkpoint_message`] for that head.
    pub signature: HexBytes,
}

impl<S> super::domain::Apply<S> for CheckpointSigned {
    /// A checkpoint changes no state: it vouches for the records before it.
    fn apply(&self, _: &mut S, _: chrono::DateTime<chrono::FixedOffset>) {}
}

/// What a checkpoint signs: `grassroots-checkpoint:1:<logHash>:<seq>:<hash hex>`.
pub fn checkpoint_message(log_hash: LogHash, seq: u64, hash: &Digest) -> String {
    format!("grassroots-checkpoint:1:{}:{seq}:{}", log_hash.as_str(), hash.to_hex())
}

/// What a snapshot's digest is taken of and its signature signs:
/// `grassroots-snapshot:1:<logHash>:<seq>:<head hash hex>:<state digest hex>`.
pub fn snapshot_message(log_hash: LogHash, seq: u64, head_hash: &Digest, state_digest: &Digest) -> String {
    format!("grassroots-snapshot:1:{}:{seq}:{}:{}", log_hash.as_str(), head_hash.to_hex(), state_digest.to_hex())
}

/// A snapshot's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SnapshotSignature {
    /// The signature's algorithm.
    pub algorithm: SignatureAlgorithm,
    /// The id the host names its key by.
    pub key_id: String,
    /// The signer's public key.
    pub public_key: HexBytes,
    /// The signature of [`snapshot_message`].
    pub signature: HexBytes,
}

impl CheckpointSigned {
    /// Refuses a checkpoint whose signature does not verify or whose key is not trusted; `seq` is the
    /// seq of its record and `prev_hash` the hash it links to.
    pub(crate) fn verify(&self, log_hash: LogHash, seq: u64, prev_hash: &Digest, trust: &Trust) -> Result<()> {
        let tampered = |why: &str| {
            Error::new(ErrorCode::TamperedLog, format!("the checkpoint of record seq {seq} {why}")).at_seq(seq)
        };
        if self.seq.checked_add(1) != Some(seq) || self.hash != *prev_hash {
            return Err(tampered("does not sign the record before it: the log was altered"));
        }
        let message = checkpoint_message(log_hash, self.seq, &self.hash);
        if !verify(self.algorithm, &self.public_key.0, message.as_bytes(), &self.signature.0) {
            return Err(tampered("does not verify: the records before it were altered, or the checkpoint was forged"));
        }
        trust
            .admit(self.algorithm, &self.key_id, &self.public_key, &format!("the checkpoint of record seq {seq}"))
            .map_err(|e| e.at_seq(seq))
    }
}

/// Who signs a checkpoint, when, and its idempotency key: a command envelope without a command
/// (the key is passed beside it, never in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckpointRequest {
    /// The wire form's version.
    pub schema_version: u32,
    /// The idempotency key: signing again with the same id and key records nothing new.
    pub command_id: String,
    /// Who signs (the leading group's office).
    pub actor: super::access::Actor,
    /// When.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// The `seq` the caller last saw (`CONFLICT` when the campaign has moved past it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_seq: Option<u64>,
}
