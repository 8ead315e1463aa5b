//! The campaign: executes commands, records events in a hash chain, replays and snapshots.

use super::access::Actor;
use super::checkpoint::{
    CheckpointRequest, CheckpointSigned, SigningKey, SnapshotSignature, Trust, checkpoint_message, snapshot_message,
};
use super::domain::{AcceptedCommand, Context, Domain, QueryContext};
use super::envelope::{CommandEnvelope, SCHEMA_VERSION};
use super::error::{Error, ErrorCode, Result};
use super::limits::{self, Checked};
use super::log::{Log, Records};
use super::log_hash::LogHash;
use super::record::{Digest, Hasher, Record};
use super::table::KeyHash;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The position of the log's last record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Head {
    /// The last record's seq (0 before the first).
    pub seq: u64,
    /// The last record's hash (zeros before the first).
    pub hash: Digest,
}

/// What [`Campaign::execute`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Executed {
    /// The seq of the command's first event.
    pub first_seq: u64,
    /// How many events the command recorded.
    pub events: u32,
    /// `true` when this was a retry of an accepted command: nothing new was recorded and the
    /// events are the original ones.
    pub retried: bool,
}

impl Executed {
    /// The seqs of the command's events.
    pub fn seqs(&self) -> std::ops::Range<u64> {
        self.first_seq..self.first_seq.saturating_add(u64::from(self.events))
    }
}

/// One campaign: its state and the records that made it. `D` is the domain: its state type, which
/// names its commands, events and queries ([`crate::Campaign`] is this type for the library's state).
///
/// Two campaigns compare equal when their state and head are equal (the records held in memory may
/// differ: a restored campaign holds only those recorded after its snapshot).
pub struct Campaign<D: Domain> {
    state: D,
    /// Records held in memory until the host has persisted them.
    records: Log<D::Event>,
    head: Head,
    hasher: Hasher,
}

impl<D: Domain> Default for Campaign<D> {
    fn default() -> Self {
        Campaign { state: D::default(), records: Log::default(), head: Head::default(), hasher: Hasher::default() }
    }
}

impl<D: Domain> PartialEq for Campaign<D> {
    fn eq(&self, other: &Self) -> bool {
        self.head == other.head && self.state == other.state
    }
}

impl<D: Domain> std::fmt::Debug for Campaign<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The state is left out: it holds sensitive data and may be large.
        f.debug_struct("Campaign").field("head", &self.head).finish_non_exhaustive()
    }
}

/// A serialized state that restores to an identical campaign without replaying its log.
///
/// `digest` covers the head and the state (through `stateDigest`), so neither can be edited alone;
/// but anyone can recompute both, so only a `signature` by a key the host trusts proves that the host
/// wrote it (see [`Campaign::restore_trusted`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snapshot<S> {
    /// The wire form's version.
    pub schema_version: u32,
    /// The campaign's hash function (left out for SHA-256).
    #[serde(default, skip_serializing_if = "LogHash::is_sha256")]
    pub log_hash: LogHash,
    /// The head of the log the state was folded from.
    pub head: Head,
    /// The digest of the canonical JSON of `state`.
    pub state_digest: Digest,
    /// The digest of [`snapshot_message`] (the hash function, the head and `stateDigest`).
    pub digest: Digest,
    /// The host's signature of [`snapshot_message`], when it signed the snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SnapshotSignature>,
    /// The state.
    pub state: S,
}

impl<D: Domain> Campaign<D> {
    /// An empty campaign: its first command must be `openCampaign`.
    pub fn new() -> Campaign<D> {
        Campaign::default()
    }

    /// Executes one command: on success the events are recorded and applied; on error nothing changes.
    ///
    /// # Errors
    /// Any [`ErrorCode`]: a bad field, a rule broken, a denied actor, a `CONFLICT` when
    /// `expectedSeq` is behind, `COMMAND_ID_REUSED` when the id was accepted with another payload.
    ///
    /// # Examples
    /// ```
    /// use grassroots::{Campaign, CampaignConfig, Command, CommandEnvelope, Actor, Role, DivisionCode, SCHEMA_VERSION};
    /// use grassroots::organization::OpenCampaign;
    /// let actor = Actor { id: "office".into(), role: Role::Administrator,
    ///     scope: DivisionCode::parse("430104017000", "scope").unwrap() };
    /// let mut campaign = Campaign::new();
    /// let open = CommandEnvelope { schema_version: SCHEMA_VERSION, command_id: "c-1".into(), actor,
    ///     at: "2022-04-13T09:00:00+08:00".parse().unwrap(), expected_seq: None,
    ///     command: Command::OpenCampaign(OpenCampaign { config: CampaignConfig::dongfanghong_2022() }) };
    /// let done = campaign.execute(open.clone()).unwrap();
    /// assert_eq!(done.first_seq, 1);
    /// assert!(campaign.execute(open).unwrap().retried);
    /// assert_eq!(campaign.head().seq, 1);
    /// ```
    pub fn execute(&mut self, envelope: CommandEnvelope<D::Command>) -> Result<Executed> {
        self.execute_into(envelope, None)
    }

    /// [`Campaign::execute`], appending the JSON of each new record, comma-separated, to `sink`
    /// (nothing for a retry). The JSON door uses it so that records are not serialized twice.
    pub(crate) fn execute_into(
        &mut self,
        envelope: CommandEnvelope<D::Command>,
        sink: Option<&mut Vec<u8>>,
    ) -> Result<Executed> {
        if !super::envelope::reads(envelope.schema_version) {
            return Err(unsupported_version(envelope.schema_version).at_field("schemaVersion"));
        }
        // Before anything else reads the command: a field over its limit costs no more than a walk.
        limits::check_fields(&envelope.command, "command", D::field_limit, Checked::TextsAndLists)?;
        // The opening command is digested with the hash function it chooses, so that its retry is
        // recognized once the campaign is open.
        self.hasher.algorithm =
            if self.head.seq == 0 { D::opening_log_hash(&envelope.command) } else { self.state.log_hash() };
        let digest = self.hasher.command_digest(&envelope.command);
        let older = || self.hasher.command_digest_v1(&envelope.command);
        let id_hash = match self.admit(&envelope.command_id, &envelope.actor, envelope.expected_seq, &digest, older)? {
            Admitted::Retry(done) => return Ok(done),
            Admitted::New(id_hash) => id_hash,
        };
        let CommandEnvelope { command_id, actor, at, command, .. } = envelope;
        let events = self.state.decide(&Context { actor: &actor, at }, command)?;
        // Texts an event takes from elsewhere than its command (a CSV file's cells) are held to the
        // same limits, before any is applied.
        for event in &events {
            limits::check_fields(event, "event", D::field_limit, Checked::Texts)?;
        }
        self.record(command_id, id_hash, digest, actor, at, events, sink)
    }

    /// The checks every command passes before it is decided: a command id, the actor's scope
    /// fitting its role, a retry recognized, the expected seq.
    ///
    /// `older` gives the command's digest as schema version 1 took it, for a retry of a command
    /// accepted then (asked only when the digest differs).
    fn admit(
        &self,
        command_id: &str,
        actor: &Actor,
        expected_seq: Option<u64>,
        digest: &Digest,
        older: impl FnOnce() -> Digest,
    ) -> Result<Admitted> {
        if is_blank(command_id) {
            return Err(Error::invalid_field(
                "commandId",
                "`commandId` must not be empty: give each command a unique id",
            ));
        }
        limits::check_command_id(command_id)?;
        limits::check_actor(actor)?;
        // The id's hash serves both the lookup and, once accepted, the insert.
        let id_hash = KeyHash::of(command_id);
        if let Some(accepted) = self.state.accepted().get_hashed(id_hash, command_id) {
            return if accepted.digest == *digest || accepted.digest == older() {
                Ok(Admitted::Retry(Executed { first_seq: accepted.first_seq, events: accepted.events, retried: true }))
            } else {
                Err(Error::new(
                    ErrorCode::CommandIdReused,
                    format!(
                        "command id `{command_id}` was already used for another command: give this command a new id"
                    ),
                )
                .at_field("commandId"))
            };
        }
        if let Some(expected) = expected_seq
            && expected != self.head.seq
        {
            return Err(Error::new(
                ErrorCode::Conflict,
                format!(
                    "the campaign is at seq {} but the command expected seq {expected}: read the new records and decide again",
                    self.head.seq
                ),
            )
            .at_field("expectedSeq")
            .at_seq(self.head.seq));
        }
        Ok(Admitted::New(id_hash))
    }

    /// Records and applies the events of one accepted command.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        command_id: String,
        id_hash: KeyHash,
        digest: Digest,
        actor: Actor,
        at: DateTime<FixedOffset>,
        events: Vec<D::Event>,
        mut sink: Option<&mut Vec<u8>>,
    ) -> Result<Executed> {
        let count = u32::try_from(events.len()).ok().filter(|n| self.head.seq.checked_add(u64::from(*n)).is_some());
        let Some(count) = count else {
            return Err(Error::rule(
                "engine.logFull",
                "the log has no seq left for this command's records: the campaign cannot grow further",
            ));
        };
        let first_seq = self.head.seq + 1;
        self.hasher.begin_command(SCHEMA_VERSION, &command_id, &digest, &at, &actor);
        // `repeat_n` copies the actor for every record but the last, which takes it.
        let actors = std::iter::repeat_n(actor, events.len());
        for (event, actor) in events.into_iter().zip(actors) {
            self.state.apply(&event, at);
            // The opening event chooses the hash function of its own record and every later one.
            self.hasher.algorithm = self.state.log_hash();
            let seq = self.head.seq + 1;
            let hash = self.hasher.hash_event(seq, &event, &self.head.hash);
            if let Some(out) = sink.as_deref_mut() {
                if seq > first_seq {
                    out.push(b',');
                }
                self.hasher.write_record_json(&hash, out);
            }
            self.records.push(Record {
                schema_version: SCHEMA_VERSION,
                seq,
                command_id: command_id.clone(),
                command_digest: digest,
                at,
                actor,
                event,
                prev_hash: self.head.hash,
                hash,
            });
            self.head = Head { seq, hash };
        }
        self.state
            .accepted_mut()
            .insert_hashed(id_hash, AcceptedCommand { command_id, first_seq, events: count, digest });
        Ok(Executed { first_seq, events: count, retried: false })
    }

    /// Signs the head with the host's `key` and records the signature as a checkpoint: the record
    /// after the head, whose event is [`CheckpointSigned`]. A retry with the same command id and key
    /// records nothing new.
    ///
    /// # Errors
    /// As [`Campaign::execute`]: the actor's role must be allowed to sign checkpoints (the
    /// leading group's office), and the campaign must be open.
    ///
    /// # Examples
    /// ```
    /// use grassroots::{Campaign, CampaignConfig, Command, CommandEnvelope, Actor, Role, DivisionCode, SCHEMA_VERSION};
    /// use grassroots::engine::checkpoint::{CheckpointRequest, SignatureAlgorithm, SigningKey, Trust};
    /// use grassroots::organization::OpenCampaign;
    /// let actor = Actor { id: "office".into(), role: Role::Administrator,
    ///     scope: DivisionCode::parse("430104017000", "scope").unwrap() };
    /// let at = "2022-04-13T09:00:00+08:00".parse().unwrap();
    /// let mut campaign = Campaign::new();
    /// campaign.execute(CommandEnvelope { schema_version: SCHEMA_VERSION, command_id: "c-1".into(),
    ///     actor: actor.clone(), at, expected_seq: None,
    ///     command: Command::OpenCampaign(OpenCampaign { config: CampaignConfig::dongfanghong_2022() }) }).unwrap();
    /// let key = SigningKey::new(SignatureAlgorithm::Sm2, "office-2022", &[7; 32]).unwrap();
    /// let request = CheckpointRequest { schema_version: SCHEMA_VERSION, command_id: "cp-1".into(), actor, at,
    ///     expected_seq: None };
    /// campaign.sign_checkpoint(request, &key).unwrap();
    /// let records = campaign.records_since(0).to_vec();
    /// assert!(Campaign::replay_trusted(records.clone(), &Trust::signed_by([key.trusted()])).is_ok());
    /// // Without its last record (the checkpoint), the log no longer ends at a signed head.
    /// assert!(Campaign::replay_trusted(records[..1].to_vec(), &Trust::signed_by([key.trusted()])).is_err());
    /// ```
    pub fn sign_checkpoint(&mut self, request: CheckpointRequest, key: &SigningKey) -> Result<Executed> {
        if !super::envelope::reads(request.schema_version) {
            return Err(unsupported_version(request.schema_version).at_field("schemaVersion"));
        }
        self.state.permit_checkpoint(&request.actor)?;
        self.hasher.algorithm = self.state.log_hash();
        let public_key = key.public_key();
        let digest = self.hasher.digest_of(&serde_json::json!({
            "type": "signCheckpoint",
            "algorithm": key.algorithm(),
            "keyId": key.key_id(),
            "publicKey": public_key,
        }));
        // A JSON object of strings: its digest is the same in both versions' forms.
        let id_hash = match self.admit(&request.command_id, &request.actor, request.expected_seq, &digest, || digest)? {
            Admitted::Retry(done) => return Ok(done),
            Admitted::New(id_hash) => id_hash,
        };
        let message = checkpoint_message(self.state.log_hash(), self.head.seq, &self.head.hash);
        let event = D::checkpoint(CheckpointSigned {
            algorithm: key.algorithm(),
            key_id: key.key_id().to_string(),
            public_key,
            seq: self.head.seq,
            hash: self.head.hash,
            signature: key.sign(message.as_bytes()),
        });
        self.record(request.command_id, id_hash, digest, request.actor, request.at, vec![event], None)
    }

    /// Answers a query for `actor`; sensitive data is masked unless the actor's role allows it.
    ///
    /// # Errors
    /// `CAMPAIGN_NOT_OPEN`, `PERMISSION_DENIED` for a role the query does not allow, `OUT_OF_SCOPE`,
    /// `NOT_FOUND`, `INVALID_FIELD` for a bad parameter.
    pub fn query(&self, actor: &Actor, query: &D::Query) -> Result<D::Answer> {
        limits::check_actor(actor)?;
        limits::check_fields(query, "query", D::field_limit, Checked::TextsAndLists)?;
        self.state.answer(&QueryContext { actor, head: self.head }, query)
    }

    /// The head of the log.
    pub fn head(&self) -> Head {
        self.head
    }

    /// The records held in memory with a seq greater than `seq`, for the host to persist.
    /// A campaign restored from a snapshot holds only the records after it.
    pub fn records_since(&self, seq: u64) -> Records<'_, D::Event> {
        self.records.since(seq)
    }

    /// Lets the campaign forget the records up to `seq`, which the host has persisted, to bound its
    /// memory. Records are released in whole chunks, so some may still be held; the state, the
    /// head and the recognition of retried commands are not affected.
    pub fn release_records_through(&mut self, seq: u64) {
        self.records.release_through(seq);
    }

    /// The state (read-only; the doors read through [`Campaign::query`]).
    pub fn state(&self) -> &D {
        &self.state
    }

    /// Rebuilds a campaign from its records, verifying the hash chain and every checkpoint's
    /// signature against the key it names (trusting any key: see [`Campaign::replay_trusted`]).
    ///
    /// # Errors
    /// `TAMPERED_LOG` naming the `seq` of the first record that was altered, dropped, inserted or
    /// reordered, or of a checkpoint that does not verify; `UNSUPPORTED_SCHEMA_VERSION` for a record of
    /// a newer version.
    pub fn replay<I: IntoIterator<Item = Record<D::Event>>>(records: I) -> Result<Campaign<D>> {
        Campaign::replay_trusted(records, &Trust::default())
    }

    /// [`Campaign::replay`], holding every checkpoint to `trust`: each must be signed by one of its
    /// keys, and with `requireSignedHead` the log must end at a checkpoint.
    ///
    /// # Errors
    /// As [`Campaign::replay`]; `UNTRUSTED_LOG` for a checkpoint signed by a key not listed, or a
    /// log that does not end at a checkpoint when one is required; `INVALID_FIELD` for a bad trust list.
    pub fn replay_trusted<I: IntoIterator<Item = Record<D::Event>>>(records: I, trust: &Trust) -> Result<Campaign<D>> {
        trust.check()?;
        let mut campaign = Campaign::<D>::new();
        let records = records.into_iter();
        // A log has at most one command per record: growing the command index by doubling would
        // re-hash every command id again and again.
        campaign.state.accepted_mut().reserve(records.size_hint().0);
        let mut signed_head = false;
        for record in records {
            signed_head = campaign.append_verified(record, trust)?;
        }
        if trust.require_signed_head && !signed_head {
            return Err(Error::new(
                ErrorCode::UntrustedLog,
                format!(
                    "the log ends at seq {} without a signed checkpoint: records after the last checkpoint may have been dropped or added; replay up to a checkpoint, or sign the head",
                    campaign.head.seq
                ),
            )
            .at_seq(campaign.head.seq));
        }
        Ok(campaign)
    }

    /// Verifies `records` against the head and folds them in, as [`Campaign::replay_trusted`] does
    /// from the first record: a store restores its latest snapshot and follows it with the records
    /// written since. The first record must follow the head.
    ///
    /// # Errors
    /// As [`Campaign::replay_trusted`] (without the signed-head requirement, which applies to a
    /// whole log). The records before the bad one stay applied: discard the campaign on error.
    pub fn extend_verified<I: IntoIterator<Item = Record<D::Event>>>(
        &mut self,
        records: I,
        trust: &Trust,
    ) -> Result<()> {
        trust.check()?;
        let records = records.into_iter();
        self.state.accepted_mut().reserve(records.size_hint().0);
        for record in records {
            self.append_verified(record, trust)?;
        }
        Ok(())
    }

    /// Verifies one record against the head and folds it in; answers whether it is a checkpoint.
    fn append_verified(&mut self, record: Record<D::Event>, trust: &Trust) -> Result<bool> {
        if record.schema_version > SCHEMA_VERSION || record.schema_version == 0 {
            return Err(unsupported_version(record.schema_version).at_seq(record.seq));
        }
        let Some(expected) = self.head.seq.checked_add(1) else {
            return Err(tampered(record.seq, "the log has no seq left after its head".to_string()));
        };
        if record.seq != expected {
            return Err(tampered(
                record.seq,
                format!(
                    "record seq {} found where seq {expected} was expected: a record was dropped, inserted or reordered",
                    record.seq
                ),
            ));
        }
        if record.prev_hash != self.head.hash {
            return Err(tampered(
                record.seq,
                format!(
                    "record seq {} does not link to the record before it: the log was altered or reordered",
                    record.seq
                ),
            ));
        }
        if record.schema_version < self.hasher.version() {
            // A log's versions never go back: a reader that checks the records of version 2 on
            // without this library can rely on every record after the first of them being one.
            return Err(tampered(
                record.seq,
                format!(
                    "record seq {} is of schema version {} after a record of version {}: a log's versions never go back",
                    record.seq,
                    record.schema_version,
                    self.hasher.version()
                ),
            ));
        }
        if record.seq == 1 {
            // The first record names the hash function of the whole log.
            let Some(algorithm) = D::opens_log(&record.event) else {
                return Err(tampered(1, "the first record must open the campaign".to_string()));
            };
            self.hasher.algorithm = algorithm;
        }
        if self.hasher.record_hash(&record) != record.hash {
            return Err(tampered(
                record.seq,
                format!("record seq {} does not match its hash: it was altered", record.seq),
            ));
        }
        let checkpoint = D::as_checkpoint(&record.event);
        let is_checkpoint = checkpoint.is_some();
        // A record whose actor could not have sent any command that records its event is one the
        // library could not have written.
        self.state.recheck(&record.actor, &record.event).map_err(|e| {
            tampered(
                record.seq,
                format!(
                    "record seq {} could not have been written by this library: actor `{}` {}",
                    record.seq, record.actor.id, e.message
                ),
            )
        })?;
        if let Some(checkpoint) = checkpoint {
            checkpoint.verify(self.hasher.algorithm, record.seq, &record.prev_hash, trust)?;
            self.state.permit_checkpoint(&record.actor).map_err(|e| {
                tampered(
                    record.seq,
                    format!(
                        "the checkpoint of record seq {} was signed by an actor who may not ({})",
                        record.seq, e.message
                    ),
                )
            })?;
        }
        match self.state.accepted_mut().get_mut(&record.command_id) {
            // Events of one command are consecutive; the same id anywhere else is a forged record.
            Some(accepted)
                if accepted.first_seq.checked_add(u64::from(accepted.events)) == Some(record.seq)
                    && accepted.digest == record.command_digest
                    && !is_checkpoint =>
            {
                accepted.events = accepted.events.saturating_add(1);
            }
            Some(_) => {
                return Err(tampered(
                    record.seq,
                    format!(
                        "record seq {} repeats command id `{}` of an earlier command",
                        record.seq, record.command_id
                    ),
                ));
            }
            None => {
                self.state.accepted_mut().insert(AcceptedCommand {
                    command_id: record.command_id.clone(),
                    first_seq: record.seq,
                    events: 1,
                    digest: record.command_digest,
                });
            }
        }
        self.state.apply(&record.event, record.at);
        self.head = Head { seq: record.seq, hash: record.hash };
        self.records.push(record);
        Ok(is_checkpoint)
    }

    /// A snapshot of the state at the head.
    pub fn snapshot(&self) -> Snapshot<D> {
        let log_hash = self.state.log_hash();
        let state_digest = Hasher::with(log_hash).digest_of(&self.state);
        let digest =
            log_hash.digest(snapshot_message(log_hash, self.head.seq, &self.head.hash, &state_digest).as_bytes());
        Snapshot {
            schema_version: SCHEMA_VERSION,
            log_hash,
            head: self.head,
            state_digest,
            digest,
            signature: None,
            state: self.state.clone(),
        }
    }

    /// A snapshot of the state at the head, signed with the host's `key`.
    pub fn snapshot_signed(&self, key: &SigningKey) -> Snapshot<D> {
        let mut snapshot = self.snapshot();
        let message =
            snapshot_message(snapshot.log_hash, snapshot.head.seq, &snapshot.head.hash, &snapshot.state_digest);
        snapshot.signature = Some(SnapshotSignature {
            algorithm: key.algorithm(),
            key_id: key.key_id().to_string(),
            public_key: key.public_key(),
            signature: key.sign(message.as_bytes()),
        });
        snapshot
    }

    /// Restores a campaign from a snapshot; it holds no records before the snapshot's head. A
    /// signature, if the snapshot has one, must verify (against the key it names).
    ///
    /// # Errors
    /// `INVALID_SNAPSHOT` when the state or the head does not match the digests, or the head is not
    /// where the state's last command ended; `TAMPERED_LOG` for a signature that does not verify;
    /// `UNSUPPORTED_SCHEMA_VERSION`.
    pub fn restore(snapshot: Snapshot<D>) -> Result<Campaign<D>> {
        Campaign::restore_trusted(snapshot, &Trust::default())
    }

    /// [`Campaign::restore`], holding the snapshot's signature to `trust`: with keys listed, a
    /// signature must be by one of them; with `requireSignedHead`, the snapshot must be signed.
    ///
    /// # Errors
    /// As [`Campaign::restore`]; `UNTRUSTED_LOG` for a snapshot not signed as `trust` asks.
    pub fn restore_trusted(snapshot: Snapshot<D>, trust: &Trust) -> Result<Campaign<D>> {
        trust.check()?;
        if snapshot.schema_version > SCHEMA_VERSION || snapshot.schema_version == 0 {
            return Err(unsupported_version(snapshot.schema_version));
        }
        let invalid = |why: &str| {
            Error::new(
                ErrorCode::InvalidSnapshot,
                format!("the snapshot's {why}: take a new snapshot or replay the log"),
            )
        };
        let log_hash = snapshot.state.log_hash();
        if snapshot.log_hash != log_hash {
            return Err(invalid("hash function is not the one its campaign chose"));
        }
        // A fresh hasher: its buffer grows to the whole state's JSON and is not kept.
        if Hasher::with(log_hash).digest_of(&snapshot.state) != snapshot.state_digest {
            return Err(invalid("state does not match its digest: it was altered or truncated"));
        }
        let head = snapshot.head;
        let message = snapshot_message(log_hash, head.seq, &head.hash, &snapshot.state_digest);
        if log_hash.digest(message.as_bytes()) != snapshot.digest {
            return Err(invalid("head does not match its digest: it was altered"));
        }
        // The head must be where the state's last command ended: a head edited together with the
        // digests would otherwise let the next record claim a seq the log never had.
        let last_seq = snapshot
            .state
            .accepted()
            .iter()
            .last()
            .and_then(|c| c.first_seq.checked_add(u64::from(c.events)))
            .map_or(Some(0), |end| end.checked_sub(1));
        if last_seq != Some(head.seq) || head.seq == u64::MAX || (head.seq == 0) != (head.hash == Digest::ZERO) {
            return Err(invalid("head is not where its state's last command ended"));
        }
        match &snapshot.signature {
            Some(signature) => {
                if !super::checkpoint::verify(
                    signature.algorithm,
                    &signature.public_key.0,
                    message.as_bytes(),
                    &signature.signature.0,
                ) {
                    return Err(Error::new(
                        ErrorCode::TamperedLog,
                        "the snapshot's signature does not verify: the snapshot was altered or its signature forged",
                    ));
                }
                trust.admit(signature.algorithm, &signature.key_id, &signature.public_key, "the snapshot")?;
            }
            None if trust.require_signed_head => {
                return Err(Error::new(
                    ErrorCode::UntrustedLog,
                    "the snapshot is not signed, and the host requires a signed head: take a signed snapshot or replay the log",
                ));
            }
            None => {}
        }
        Ok(Campaign {
            state: snapshot.state,
            records: Log::starting_at(head.seq + 1),
            head,
            hasher: Hasher::with(log_hash),
        })
    }
}

/// What [`Campaign::admit`] found.
enum Admitted {
    /// A retry of an accepted command: its original records.
    Retry(Executed),
    /// A new command, with its id's hash.
    New(KeyHash),
}

/// Whether `s` is empty or all whitespace (`str::trim` leaves nothing), answered from the first byte
/// for the usual id that starts with a printable ASCII character.
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(0x21..=0x7f) => false,
        _ => s.trim().is_empty(),
    }
}

fn unsupported_version(v: u32) -> Error {
    Error::new(
        ErrorCode::UnsupportedSchemaVersion,
        format!(
            "schema version {v} is not supported: this library reads versions {} to {SCHEMA_VERSION}",
            super::envelope::OLDEST_SCHEMA_VERSION
        ),
    )
}

fn tampered(seq: u64, message: String) -> Error {
    Error::new(ErrorCode::TamperedLog, message).at_seq(seq)
}

#[cfg(test)]
mod tests {
    #[test]
    fn blank_ids_are_those_trim_empties() {
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            for s in [String::new(), format!("{c}"), format!("{c}a"), format!("{c} "), format!("{c}{c}")] {
                assert_eq!(super::is_blank(&s), s.trim().is_empty(), "{s:?}");
            }
        }
    }
}
