//! The `Campaign` class.

use crate::error;
use crate::json;
use grassroots::Error;
use grassroots::engine::checkpoint::{SignatureAlgorithm, SigningKey};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A campaign: its state and the records that made it.
///
/// Create it with `new Campaign()` (its first command must be `openCampaign`) or `Campaign.open`;
/// load a stored one with `Campaign.replay` or `Campaign.restore`. Call `free()` when done with it
/// (or declare it with `using`; a `FinalizationRegistry` reclaims a forgotten one eventually).
#[wasm_bindgen]
pub struct Campaign {
    inner: grassroots::Campaign,
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign::new()
    }
}

#[wasm_bindgen]
impl Campaign {
    /// An empty campaign: its first command must be `openCampaign`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Campaign {
        Campaign { inner: grassroots::Campaign::new() }
    }

    /// A new campaign opened by an `openCampaign` command envelope (its config). Its records are
    /// `recordsSince(0)`.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`, as `execute` does.
    pub fn open(
        #[wasm_bindgen(unchecked_param_type = "CommandEnvelope")] envelope: JsValue,
    ) -> Result<Campaign, JsValue> {
        let mut campaign = Campaign::new();
        campaign.execute_envelope(&envelope).map_err(|e| error::to_js(&e))?;
        Ok(campaign)
    }

    /// Executes a command envelope (`{schemaVersion, commandId, actor, at, command}`) and answers
    /// `{schemaVersion, retried, records}`. On failure nothing changes.
    ///
    /// # Errors
    /// Throws a `GrassrootsError` (an `Error` with `code`, `codeNumber`, and maybe `field`, `seq`,
    /// `rows`); `MALFORMED_INPUT` for anything that is not a plain object of the right shape.
    #[wasm_bindgen(unchecked_return_type = "ExecuteResult")]
    pub fn execute(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CommandEnvelope")] envelope: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.execute_envelope(&envelope).map_err(|e| error::to_js(&e))
    }

    /// Answers a query envelope (`{schemaVersion, actor, query}`) with `{schemaVersion, result}`;
    /// sensitive data is masked unless the actor's role allows it.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`, as `execute` does.
    #[wasm_bindgen(unchecked_return_type = "QueryAnswer")]
    pub fn query(
        &self,
        #[wasm_bindgen(unchecked_param_type = "QueryEnvelope")] envelope: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.query_envelope(&envelope).map_err(|e| error::to_js(&e))
    }

    /// Rebuilds a campaign from its records, in order, verifying the hash chain: an array of records
    /// (as `recordsSince` gave them), or the text the host stored: JSON lines, one record per line
    /// (as `recordsSinceLines` or `record` gave them, rows joined by newlines), or a JSON array.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`: `TAMPERED_LOG` with the `seq` of the first bad record,
    /// `UNSUPPORTED_SCHEMA_VERSION`, or `MALFORMED_INPUT` for anything that is not records.
    pub fn replay(
        #[wasm_bindgen(unchecked_param_type = "LogRecord[] | string")] records: JsValue,
    ) -> Result<Campaign, JsValue> {
        let load = || -> Result<Campaign, Error> {
            let input = match records.as_string() {
                Some(text) => text,
                None => json::stringify(&records, "list of records", None)?,
            };
            Ok(Campaign { inner: grassroots::Campaign::replay_json(&input)? })
        };
        load().map_err(|e| error::to_js(&e))
    }

    /// The records after `seq` as JSON lines (one record per line, each ending in a newline; `""`
    /// when there are none): text a host stores a row per line of, as it is, without parsing.
    /// `Campaign.replay` takes the lines back.
    ///
    /// # Errors
    /// Throws a `GrassrootsError` with `MALFORMED_INPUT` when `seq` is not a whole number from 0 to
    /// `Number.MAX_SAFE_INTEGER`.
    #[wasm_bindgen(js_name = recordsSinceLines)]
    pub fn records_since_lines(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] seq: JsValue,
    ) -> Result<String, JsValue> {
        whole_seq(&seq).map(|seq| self.inner.records_since_json_lines(seq)).map_err(|e| error::to_js(&e))
    }

    /// The one record with `seq`, as its JSON text, while the campaign holds it.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`: `NOT_FOUND` when it is not held (released, before the snapshot,
    /// beyond the head), `MALFORMED_INPUT` for a `seq` that is not a whole number.
    pub fn record(&self, #[wasm_bindgen(unchecked_param_type = "number")] seq: JsValue) -> Result<String, JsValue> {
        let record = || self.inner.record_json(whole_seq(&seq)?);
        record().map_err(|e| error::to_js(&e))
    }

    /// Lets the campaign forget the records up to `seq`, which the host has stored, so that a
    /// long-running page or server keeps its memory bounded. Records go in whole chunks of 4,096, so
    /// some may still be held; the state, the head and retries are not affected.
    ///
    /// # Errors
    /// Throws a `GrassrootsError` with `MALFORMED_INPUT` for a `seq` that is not a whole number.
    #[wasm_bindgen(js_name = releaseRecordsThrough)]
    pub fn release_records_through(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] seq: JsValue,
    ) -> Result<(), JsValue> {
        whole_seq(&seq).map(|seq| self.inner.release_records_through(seq)).map_err(|e| error::to_js(&e))
    }

    /// The records after `seq` that this campaign holds, for the host to persist: pass the last
    /// `seq` you stored (0 for all). A restored campaign holds only the records after its snapshot.
    ///
    /// # Errors
    /// Throws a `GrassrootsError` with `MALFORMED_INPUT` when `seq` is not a whole number from 0 to
    /// `Number.MAX_SAFE_INTEGER`.
    #[wasm_bindgen(js_name = recordsSince, unchecked_return_type = "LogRecord[]")]
    pub fn records_since(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] seq: JsValue,
    ) -> Result<JsValue, JsValue> {
        let records = || json::parse(&self.inner.records_since_json(whole_seq(&seq)?));
        records().map_err(|e| error::to_js(&e))
    }

    /// A snapshot of the state at the head: text to store as is and give to `Campaign.restore`.
    pub fn snapshot(&self) -> String {
        self.inner.snapshot_json()
    }

    /// A campaign restored from the text `snapshot()` returned; it continues the chain from the
    /// snapshot's head.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`: `INVALID_SNAPSHOT` for text that is not an intact snapshot,
    /// `UNSUPPORTED_SCHEMA_VERSION`, `MALFORMED_INPUT` for a value that is not a string.
    pub fn restore(#[wasm_bindgen(unchecked_param_type = "string")] snapshot: JsValue) -> Result<Campaign, JsValue> {
        let load = || -> Result<Campaign, Error> {
            let text = snapshot
                .as_string()
                .ok_or_else(|| Error::malformed("a snapshot is a string: pass the text `snapshot()` returned"))?;
            Ok(Campaign { inner: grassroots::Campaign::restore_json(&text)? })
        };
        load().map_err(|e| error::to_js(&e))
    }

    /// Signs the head of the log with the host's key and records the signature as a checkpoint (one
    /// record, event `checkpointSigned`); answers `{schemaVersion, retried, records}`. `request` is
    /// `{schemaVersion, commandId, actor, at}` (the leading group's office signs); `key` names the
    /// algorithm (`"ed25519"` or `"sm2"`, SM2 with SM3) and the key's id; `secretKey` is the 32-byte
    /// secret, used for this call only.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`: `INVALID_FIELD` for a bad key, `PERMISSION_DENIED`,
    /// `OUT_OF_SCOPE`, `CAMPAIGN_NOT_OPEN`, `MALFORMED_INPUT`.
    #[wasm_bindgen(js_name = signCheckpoint, unchecked_return_type = "ExecuteResult")]
    pub fn sign_checkpoint(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CheckpointRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ algorithm: 'ed25519' | 'sm2', keyId: string }")] key: JsValue,
        #[wasm_bindgen(js_name = secretKey)] secret_key: &[u8],
    ) -> Result<JsValue, JsValue> {
        let mut sign = || -> Result<JsValue, Error> {
            let key = signing_key(&key, secret_key)?;
            let request = json::stringify(&request, "checkpoint request", Some("request"))?;
            json::parse(&self.inner.sign_checkpoint_json(&request, &key)?)
        };
        sign().map_err(|e| error::to_js(&e))
    }

    /// A snapshot of the state at the head, signed with the host's key (as `signCheckpoint` takes it),
    /// for `Campaign.restoreTrusted`.
    ///
    /// # Errors
    /// Throws a `GrassrootsError` with `INVALID_FIELD` for a bad key.
    #[wasm_bindgen(js_name = snapshotSigned)]
    pub fn snapshot_signed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ algorithm: 'ed25519' | 'sm2', keyId: string }")] key: JsValue,
        #[wasm_bindgen(js_name = secretKey)] secret_key: &[u8],
    ) -> Result<String, JsValue> {
        let key = signing_key(&key, secret_key).map_err(|e| error::to_js(&e))?;
        Ok(self.inner.snapshot_signed_json(&key))
    }

    /// `Campaign.replay`, holding every checkpoint to `trust`: each must be signed by one of its
    /// keys, and with `requireSignedHead` the log must end at a checkpoint.
    ///
    /// # Errors
    /// Throws a `GrassrootsError`: `TAMPERED_LOG` (with `seq`), `UNTRUSTED_LOG`, `MALFORMED_INPUT`.
    #[wasm_bindgen(js_name = replayTrusted)]
    pub fn replay_trusted(
        #[wasm_bindgen(unchecked_param_type = "LogRecord[]")] records: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Trust")] trust: JsValue,
    ) -> Result<Campaign, JsValue> {
        let load = || -> Result<Campaign, Error> {
            let input = json::stringify(&records, "list of records", None)?;
            let trust = json::stringify(&trust, "trust", None)?;
            Ok(Campaign { inner: grassroots::Campaign::replay_trusted_json(&input, &trust)? })
        };
        load().map_err(|e| error::to_js(&e))
    }

    /// `Campaign.restore`, holding the snapshot's signature to `trust` (with `requireSignedHead`, it
    /// must be signed by one of its keys).
    ///
    /// # Errors
    /// Throws a `GrassrootsError`: `INVALID_SNAPSHOT`, `TAMPERED_LOG`, `UNTRUSTED_LOG`,
    /// `MALFORMED_INPUT`.
    #[wasm_bindgen(js_name = restoreTrusted)]
    pub fn restore_trusted(
        #[wasm_bindgen(unchecked_param_type = "string")] snapshot: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Trust")] trust: JsValue,
    ) -> Result<Campaign, JsValue> {
        let load = || -> Result<Campaign, Error> {
            let text = snapshot
                .as_string()
                .ok_or_else(|| Error::malformed("a snapshot is a string: pass the text `snapshotSigned()` returned"))?;
            let trust = json::stringify(&trust, "trust", None)?;
            Ok(Campaign { inner: grassroots::Campaign::restore_trusted_json(&text, &trust)? })
        };
        load().map_err(|e| error::to_js(&e))
    }

    /// The head of the log: `{ seq, hash }` of the last record (`seq` 0 and a zero hash before the
    /// first).
    #[wasm_bindgen(unchecked_return_type = "Head")]
    pub fn head(&self) -> JsValue {
        let head = self.inner.head();
        let object = Object::new();
        // Setting a property on a fresh plain object cannot fail. A seq stays far below 2^53.
        let _ = Reflect::set(&object, &JsValue::from_str("seq"), &JsValue::from(head.seq as f64));
        let _ = Reflect::set(&object, &JsValue::from_str("hash"), &JsValue::from(head.hash.to_hex()));
        object.into()
    }
}

// Not exported: the Rust side of the calls, with the core's error type.
impl Campaign {
    fn execute_envelope(&mut self, envelope: &JsValue) -> Result<JsValue, Error> {
        let input = json::stringify(envelope, "command envelope", Some("command"))?;
        json::parse(&self.inner.execute_json(&input)?)
    }

    fn query_envelope(&self, envelope: &JsValue) -> Result<JsValue, Error> {
        let input = json::stringify(envelope, "query envelope", Some("query"))?;
        json::parse(&self.inner.query_json(&input)?)
    }
}

/// The signing key from `{algorithm, keyId}` and the secret bytes.
fn signing_key(key: &JsValue, secret: &[u8]) -> Result<SigningKey, Error> {
    let field = |name: &str| {
        Reflect::get(key, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| Error::invalid_field(name, format!("`{name}` of the key must be a string")))
    };
    SigningKey::new(SignatureAlgorithm::parse(&field("algorithm")?)?, &field("keyId")?, secret)
}

/// The public key of a 32-byte secret key, as lowercase hex, for the host's trust list: 64 digits
/// for Ed25519, 130 (uncompressed SEC1) for SM2.
///
/// # Errors
/// Throws a `GrassrootsError` with `INVALID_FIELD` for a bad algorithm or key.
#[wasm_bindgen(js_name = publicKey)]
pub fn public_key(
    #[wasm_bindgen(unchecked_param_type = "'ed25519' | 'sm2'")] algorithm: &str,
    #[wasm_bindgen(js_name = secretKey)] secret_key: &[u8],
) -> Result<String, JsValue> {
    let key = SignatureAlgorithm::parse(algorithm).and_then(|a| SigningKey::new(a, "public-key", secret_key));
    key.map(|k| k.public_key().to_hex()).map_err(|e| error::to_js(&e))
}

/// A `seq` from JS: a whole number from 0 to `Number.MAX_SAFE_INTEGER` (exact in an f64, so the
/// conversion to u64 is exact too).
fn whole_seq(seq: &JsValue) -> Result<u64, Error> {
    match seq.as_f64() {
        Some(s) if s.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&s) => Ok(s as u64),
        _ => Err(Error::malformed("`seq` must be a whole number from 0 on: pass the last seq you stored")),
    }
}
