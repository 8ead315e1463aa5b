//! The campaign: executes commands, records events in a hash chain, replays and snapshots.

use super::access::Actor;
use super::domain::{AcceptedCommand, Context, Domain, QueryContext};
use super::envelope::{CommandEnvelope, SCHEMA_VERSION};
use super::error::{Error, ErrorCode, Result};
use super::log::{Log, Records};
use super::record::{Digest, Hasher, Record};
use super::table::KeyHash;
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
        self.first_seq..self.first_seq + u64::from(self.events)
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snapshot<S> {
    /// The wire form's version.
    pub schema_version: u32,
    /// The head of the log the state was folded from.
    pub head: Head,
    /// SHA-256 of the canonical JSON of `state`.
    pub state_digest: Digest,
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
    ///     scope: DivisionCode::parse("430171004000", "scope").unwrap() };
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
        mut sink: Option<&mut Vec<u8>>,
    ) -> Result<Executed> {
        if envelope.schema_version != SCHEMA_VERSION {
            return Err(unsupported_version(envelope.schema_version).at_field("schemaVersion"));
        }
        if is_blank(&envelope.command_id) {
            return Err(Error::invalid_field(
                "commandId",
                "`commandId` must not be empty: give each command a unique id",
            ));
        }
        let digest = self.hasher.command_digest(&envelope.command);
        // The id's hash serves both the lookup and, once accepted, the insert.
        let id_hash = KeyHash::of(&envelope.command_id);
        if let Some(accepted) = self.state.accepted().get_hashed(id_hash, &envelope.command_id) {
            return if accepted.digest == digest {
                Ok(Executed { first_seq: accepted.first_seq, events: accepted.events, retried: true })
            } else {
                Err(Error::new(
                    ErrorCode::CommandIdReused,
                    format!(
                        "command id `{}` was already used for another command: give this command a new id",
                        envelope.command_id
                    ),
                )
                .at_field("commandId"))
            };
        }
        if let Some(expected) = envelope.expected_seq
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
        let CommandEnvelope { command_id, actor, at, command, .. } = envelope;
        let events = self.state.decide(&Context { actor: &actor, at }, command)?;
        let first_seq = self.head.seq + 1;
        let count = events.len() as u32;
        self.hasher.begin_command(&command_id, &digest, &at, &actor);
        // `repeat_n` copies the actor for every record but the last, which takes it.
        let actors = std::iter::repeat_n(actor, events.len());
        for (event, actor) in events.into_iter().zip(actors) {
            self.state.apply(&event, at);
            let seq = self.head.seq + 1;
            let hash = self.hasher.hash_event(SCHEMA_VERSION, seq, &event, &self.head.hash);
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

    /// Answers a query for `actor`; sensitive data is masked unless the actor's role allows it.
    ///
    /// # Errors
    /// `CAMPAIGN_NOT_OPEN`, `PERMISSION_DENIED` for a role the query does not allow, `OUT_OF_SCOPE`,
    /// `NOT_FOUND`, `INVALID_FIELD` for a bad parameter.
    pub fn query(&self, actor: &Actor, query: &D::Query) -> Result<D::Answer> {
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

    /// Rebuilds a campaign from its records, verifying the hash chain.
    ///
    /// # Errors
    /// `TAMPERED_LOG` naming the `seq` of the first record that was altered, dropped, inserted or
    /// reordered; `UNSUPPORTED_SCHEMA_VERSION` for a record of a newer version.
    pub fn replay<I: IntoIterator<Item = Record<D::Event>>>(records: I) -> Result<Campaign<D>> {
        let mut campaign = Campaign::<D>::new();
        let records = records.into_iter();
        // A log has at most one command per record: growing the command index by doubling would
        // re-hash every command id again and again.
        campaign.state.accepted_mut().reserve(records.size_hint().0);
        for record in records {
            campaign.append_verified(record)?;
        }
        Ok(campaign)
    }

    /// Verifies one record against the head and folds it in.
    fn append_verified(&mut self, record: Record<D::Event>) -> Result<()> {
        if record.schema_version > SCHEMA_VERSION || record.schema_version == 0 {
            return Err(unsupported_version(record.schema_version).at_seq(record.seq));
        }
        let expected = self.head.seq + 1;
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
        if self.hasher.record_hash(&record) != record.hash {
            return Err(tampered(
                record.seq,
                format!("record seq {} does not match its hash: it was altered", record.seq),
            ));
        }
        match self.state.accepted_mut().get_mut(&record.command_id) {
            // Events of one command are consecutive; the same id anywhere else is a forged record.
            Some(accepted)
                if accepted.first_seq + u64::from(accepted.events) == record.seq
                    && accepted.digest == record.command_digest =>
            {
                accepted.events += 1;
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
        if record.seq == 1 && !D::opens_log(&record.event) {
            return Err(tampered(1, "the first record must open the campaign".to_string()));
        }
        self.state.apply(&record.event, record.at);
        self.head = Head { seq: record.seq, hash: record.hash };
        self.records.push(record);
        Ok(())
    }

    /// A snapshot of the state at the head.
    pub fn snapshot(&self) -> Snapshot<D> {
        let mut hasher = Hasher::default();
        Snapshot {
            schema_version: SCHEMA_VERSION,
            head: self.head,
            state_digest: hasher.digest_of(&self.state),
            state: self.state.clone(),
        }
    }

    /// Restores a campaign from a snapshot; it holds no records before the snapshot's head.
    ///
    /// # Errors
    /// `INVALID_SNAPSHOT` when the state does not match its digest; `UNSUPPORTED_SCHEMA_VERSION`.
    pub fn restore(snapshot: Snapshot<D>) -> Result<Campaign<D>> {
        if snapshot.schema_version > SCHEMA_VERSION || snapshot.schema_version == 0 {
            return Err(unsupported_version(snapshot.schema_version));
        }
        // A fresh hasher: its buffer grows to the whole state's JSON and is not kept.
        if Hasher::default().digest_of(&snapshot.state) != snapshot.state_digest {
            return Err(Error::new(
                ErrorCode::InvalidSnapshot,
                "the snapshot's state does not match its digest: it was altered or truncated; take a new snapshot or replay the log",
            ));
        }
        Ok(Campaign {
            state: snapshot.state,
            records: Log::starting_at(snapshot.head.seq + 1),
            head: snapshot.head,
            hasher: Hasher::default(),
        })
    }
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
        format!("schema version {v} is not supported: this library reads versions 1 to {SCHEMA_VERSION}"),
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
