//! Issue #15: forged logs and snapshots refused with signed checkpoints (Ed25519 over SHA-256 and SM2
//! over SM3), snapshots whose digest covers their head, roles whose scope fits, and the published
//! test vectors of the algorithms.

mod common;

use common::*;
use grassroots::engine::checkpoint::{
    CheckpointRequest, SignatureAlgorithm, SigningKey, Trust, TrustedKey, checkpoint_message, verify,
};
use grassroots::engine::log_hash::LogHash;
use grassroots::{Campaign, Command, CommandEnvelope, ErrorCode, Event, Record, Role, SCHEMA_VERSION};
use serde_json::json;

/// The two families: the chain's hash and the checkpoints' signature.
const FAMILIES: [(LogHash, SignatureAlgorithm); 2] =
    [(LogHash::Sha256, SignatureAlgorithm::Ed25519), (LogHash::Sm3, SignatureAlgorithm::Sm2)];

fn key(algorithm: SignatureAlgorithm, seed: u8) -> SigningKey {
    SigningKey::new(algorithm, &format!("office-{seed}"), &[seed; 32]).unwrap()
}

fn checkpoint_request(id: &str, at: &str) -> CheckpointRequest {
    CheckpointRequest {
        schema_version: SCHEMA_VERSION,
        command_id: id.into(),
        actor: admin(),
        at: at.parse().unwrap(),
        expected_seq: None,
    }
}

/// A campaign of `log_hash` with households and people, a checkpoint after its first commands and one
/// at its head; its records.
fn signed_log(log_hash: LogHash, key: &SigningKey) -> (Campaign, Vec<Record>) {
    let mut c = Campaign::new();
    let mut e = Envelopes::new();
    let mut config = grassroots::CampaignConfig::dongfanghong_2022();
    config.log_hash = log_hash;
    let commands = vec![
        Command::OpenCampaign(grassroots::organization::OpenCampaign { config }),
        register_unit(COMMUNITY, grassroots::OrgLevel::Community, "东方红社区"),
        register_household("h1", COMMUNITY),
    ];
    for command in commands {
        c.execute(e.admin(command)).unwrap();
    }
    c.sign_checkpoint(checkpoint_request("cp-1", "2022-04-14T18:00:00+08:00"), key).unwrap();
    for command in [register_household("h2", COMMUNITY), register_household("h3", COMMUNITY)] {
        c.execute(e.admin(command)).unwrap();
    }
    c.sign_checkpoint(checkpoint_request("cp-2", "2022-04-15T18:00:00+08:00"), key).unwrap();
    let records = c.records_since(0).to_vec();
    (c, records)
}

/// A record's canonical form as anyone rebuilds it from its JSON: without `hash`, in RFC 8785 form.
fn canonical_body(record: &Record) -> Vec<u8> {
    let mut value = serde_json::to_value(record).unwrap();
    value.as_object_mut().unwrap().remove("hash");
    let mut out = Vec::new();
    grassroots::engine::jcs::write_jcs(&mut out, &value);
    out
}

/// Recomputes every hash of `records` from the first one on, as a forger who knows the algorithm
/// would: each record's canonical form is its JSON without `hash`, in RFC 8785 form.
fn rechain(records: &mut [Record], log_hash: LogHash) {
    let mut prev = grassroots::Digest::ZERO;
    for record in records.iter_mut() {
        record.prev_hash = prev;
        record.hash = log_hash.digest(&canonical_body(record));
        prev = record.hash;
    }
}

fn code_of(result: Result<Campaign, grassroots::Error>) -> (ErrorCode, Option<u64>) {
    let e = result.map(|_| ()).unwrap_err();
    (e.code, e.seq)
}

#[test]
fn a_signed_log_replays_with_its_keys_and_continues() {
    for (log_hash, algorithm) in FAMILIES {
        let key = key(algorithm, 7);
        let (live, records) = signed_log(log_hash, &key);
        assert_eq!(records.len(), 7);
        assert!(matches!(records[3].event, Event::CheckpointSigned(_)));
        let trust = Trust::signed_by([key.trusted()]);
        let replayed = Campaign::replay_trusted(records.clone(), &trust).unwrap();
        assert!(replayed == live, "{log_hash:?}");
        // The chain's own hash is the campaign's: SM3 records are not SHA-256 records.
        let first = &records[0];
        assert_eq!(log_hash.digest(&canonical_body(first)), first.hash);
        // A retried checkpoint records nothing new.
        let mut again = replayed;
        let retry = again.sign_checkpoint(checkpoint_request("cp-2", "2022-04-15T18:00:00+08:00"), &key).unwrap();
        assert!(retry.retried);
    }
}

#[test]
fn forged_records_rewritten_actors_injected_events_and_dropped_tails_are_refused() {
    for (log_hash, algorithm) in FAMILIES {
        let key = key(algorithm, 7);
        let trust = Trust::signed_by([key.trusted()]);
        let (_, records) = signed_log(log_hash, &key);

        // A record edited and the chain recomputed: the checkpoint after it no longer verifies.
        let mut forged = records.clone();
        if let Event::HouseholdRegistered(h) = &mut forged[2].event {
            h.household.address = "伪造的地址".into();
        } else {
            panic!("{:?}", forged[2].event);
        }
        rechain(&mut forged, log_hash);
        assert_eq!(code_of(Campaign::replay(forged.clone())), (ErrorCode::TamperedLog, Some(4)), "{log_hash:?}");
        assert_eq!(code_of(Campaign::replay_trusted(forged, &trust)), (ErrorCode::TamperedLog, Some(4)));

        // Every actor rewritten.
        let mut forged = records.clone();
        for r in forged.iter_mut() {
            r.actor.id = "someone-else".into();
        }
        rechain(&mut forged, log_hash);
        assert_eq!(code_of(Campaign::replay_trusted(forged, &trust)), (ErrorCode::TamperedLog, Some(4)));

        // An event injected after the last checkpoint: the log no longer ends at one.
        let mut forged = records.clone();
        let mut injected = forged[5].clone();
        injected.seq = 8;
        injected.command_id = "injected".into();
        forged.push(injected);
        rechain(&mut forged, log_hash);
        assert_eq!(code_of(Campaign::replay_trusted(forged.clone(), &trust)), (ErrorCode::UntrustedLog, Some(8)));
        // Without a required signed head, the injection is not noticed: what the trust is for.
        assert!(Campaign::replay(forged).is_ok());

        // The tail dropped: the log ends after its last checkpoint.
        let dropped = records[..6].to_vec();
        assert_eq!(code_of(Campaign::replay_trusted(dropped, &trust)), (ErrorCode::UntrustedLog, Some(6)));

        // Every checkpoint stripped and the chain recomputed: no signed head.
        let mut stripped: Vec<Record> =
            records.iter().filter(|r| !matches!(r.event, Event::CheckpointSigned(_))).cloned().collect();
        for (i, r) in stripped.iter_mut().enumerate() {
            r.seq = i as u64 + 1;
        }
        rechain(&mut stripped, log_hash);
        assert_eq!(code_of(Campaign::replay_trusted(stripped, &trust)).0, ErrorCode::UntrustedLog);

        // Checkpoints re-signed with the forger's own key: not a trusted key.
        let forger = key_of(algorithm, 9);
        let mut resigned = records.clone();
        if let Event::HouseholdRegistered(h) = &mut resigned[2].event {
            h.household.address = "伪造的地址".into();
        }
        resign(&mut resigned, log_hash, &forger);
        assert!(Campaign::replay(resigned.clone()).is_ok(), "self-consistent, but by another key");
        assert_eq!(code_of(Campaign::replay_trusted(resigned, &trust)), (ErrorCode::UntrustedLog, Some(4)));

        // The right key id with the wrong public key.
        let wrong = Trust::signed_by([TrustedKey { public_key: forger.public_key(), ..key.trusted() }]);
        assert_eq!(code_of(Campaign::replay_trusted(records.clone(), &wrong)), (ErrorCode::UntrustedLog, Some(4)));
    }
}

fn key_of(algorithm: SignatureAlgorithm, seed: u8) -> SigningKey {
    key(algorithm, seed)
}

/// Recomputes the chain and re-signs every checkpoint with `key`, as a forger with a key of its own.
fn resign(records: &mut [Record], log_hash: LogHash, key: &SigningKey) {
    let mut prev = grassroots::Digest::ZERO;
    for i in 0..records.len() {
        records[i].prev_hash = prev;
        if let Event::CheckpointSigned(cp) = &mut records[i].event {
            cp.hash = prev;
            cp.key_id = key.key_id().into();
            cp.public_key = key.public_key();
            cp.signature = key.sign(checkpoint_message(log_hash, cp.seq, &prev).as_bytes());
        }
        rechain(&mut records[i..=i], log_hash);
        // `rechain` starts from zero: link the record again and rehash it.
        records[i].prev_hash = prev;
        records[i].hash = log_hash.digest(&canonical_body(&records[i]));
        prev = records[i].hash;
    }
}

#[test]
fn snapshots_cover_their_head_and_forged_or_unsigned_ones_are_refused() {
    for (log_hash, algorithm) in FAMILIES {
        let key = key(algorithm, 7);
        let trust = Trust::signed_by([key.trusted()]);
        let (live, _) = signed_log(log_hash, &key);

        let signed = live.snapshot_signed(&key);
        assert!(Campaign::restore_trusted(signed.clone(), &trust).unwrap() == live);
        let unsigned = live.snapshot();
        assert!(Campaign::restore(unsigned.clone()).unwrap() == live);
        let refused = Campaign::restore_trusted(unsigned.clone(), &trust).map(|_| ()).unwrap_err();
        assert_eq!(refused.code, ErrorCode::UntrustedLog);

        // Failure 1 of the issue: an edited head is refused, and so is a seq that cannot continue.
        for (seq, recompute) in [(live.head().seq + 1, false), (u64::MAX, false), (u64::MAX, true), (3, true)] {
            let mut edited = unsigned.clone();
            edited.head.seq = seq;
            if recompute {
                let message = grassroots::engine::checkpoint::snapshot_message(
                    log_hash,
                    seq,
                    &edited.head.hash,
                    &edited.state_digest,
                );
                edited.digest = log_hash.digest(message.as_bytes());
            }
            let e = Campaign::restore(edited).map(|_| ()).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidSnapshot, "seq {seq}, recomputed {recompute}: {e:?}");
        }
        let mut edited = unsigned.clone();
        edited.head.hash = grassroots::Digest([1; 32]);
        assert_eq!(Campaign::restore(edited).map(|_| ()).unwrap_err().code, ErrorCode::InvalidSnapshot);

        // A forged state with every digest recomputed restores only without trust.
        let mut forged = unsigned.clone();
        let mut json = serde_json::to_value(&forged.state).unwrap();
        json["households"][0]["address"] = json!("伪造的地址");
        forged.state = serde_json::from_value(json).unwrap();
        let state_json = serde_json::to_string(&forged.state).unwrap();
        forged.state_digest = log_hash.digest(state_json.as_bytes());
        let message = grassroots::engine::checkpoint::snapshot_message(
            log_hash,
            forged.head.seq,
            &forged.head.hash,
            &forged.state_digest,
        );
        forged.digest = log_hash.digest(message.as_bytes());
        assert!(Campaign::restore(forged.clone()).is_ok(), "a forger who knows the algorithm");
        assert_eq!(
            Campaign::restore_trusted(forged.clone(), &trust).map(|_| ()).unwrap_err().code,
            ErrorCode::UntrustedLog
        );
        // ... and a signature copied from the genuine snapshot does not verify.
        forged.signature = signed.signature.clone();
        assert_eq!(Campaign::restore_trusted(forged, &trust).map(|_| ()).unwrap_err().code, ErrorCode::TamperedLog);
        // Signed by another key.
        let other = live.snapshot_signed(&key_of(algorithm, 9));
        assert_eq!(Campaign::restore_trusted(other, &trust).map(|_| ()).unwrap_err().code, ErrorCode::UntrustedLog);
    }
}

#[test]
fn a_restored_campaign_continues_the_chain_past_a_checkpoint() {
    let key = key(SignatureAlgorithm::Sm2, 7);
    let (live, records) = signed_log(LogHash::Sm3, &key);
    let mut restored =
        Campaign::restore_trusted(live.snapshot_signed(&key), &Trust::signed_by([key.trusted()])).unwrap();
    let mut e = Envelopes::new();
    let mut envelope = e.admin(register_household("h4", COMMUNITY));
    envelope.command_id = "after".into();
    restored.execute(envelope).unwrap();
    restored.sign_checkpoint(checkpoint_request("cp-3", "2022-04-16T18:00:00+08:00"), &key).unwrap();
    let mut all = records;
    all.extend(restored.records_since(0).cloned());
    let replayed = Campaign::replay_trusted(all, &Trust::signed_by([key.trusted()])).unwrap();
    assert!(replayed == restored);
}

#[test]
fn only_the_office_signs_checkpoints() {
    let key = key(SignatureAlgorithm::Ed25519, 7);
    let (mut c, _) = signed_log(LogHash::Sha256, &key);
    let head = c.head();
    let mut request = checkpoint_request("cp-x", "2022-04-16T18:00:00+08:00");
    request.actor = actor(Role::GridWorker, COMMUNITY);
    assert_eq!(c.sign_checkpoint(request, &key).unwrap_err().code, ErrorCode::PermissionDenied);
    let mut request = checkpoint_request("cp-x", "2022-04-16T18:00:00+08:00");
    request.actor = actor(Role::Administrator, "430104018000");
    assert_eq!(c.sign_checkpoint(request, &key).unwrap_err().code, ErrorCode::OutOfScope);
    assert_eq!(c.head(), head, "refusals change nothing");
    let mut empty = Campaign::new();
    let e = empty.sign_checkpoint(checkpoint_request("cp-0", "2022-04-16T18:00:00+08:00"), &key).unwrap_err();
    assert_eq!(e.code, ErrorCode::CampaignNotOpen);
}

/// GB/T 32918.5-2017 (GM/T 0003.5-2012) Appendix A: a signature on the recommended curve, with the
/// default distinguishing identifier; RFC 8032 § 7.1, tests 1 and 2.
#[test]
fn the_standards_published_test_vectors() {
    let hex = |s: &str| grassroots::engine::checkpoint::HexBytes::from_hex(s).unwrap().0;
    let public = hex(concat!(
        "04",
        "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020",
        "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
    ));
    let signature = hex(concat!(
        "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3",
        "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
    ));
    assert!(verify(SignatureAlgorithm::Sm2, &public, b"message digest", &signature));
    assert!(!verify(SignatureAlgorithm::Sm2, &public, b"message digesT", &signature));
    let private = hex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
    let sm2 = SigningKey::new(SignatureAlgorithm::Sm2, "gbt32918", &private).unwrap();
    assert_eq!(sm2.public_key().0, public, "the public key is d·G");
    let own = sm2.sign(b"message digest");
    assert!(verify(SignatureAlgorithm::Sm2, &public, b"message digest", &own.0));
    assert_eq!(own, sm2.sign(b"message digest"), "deterministic");

    for (secret, public, message, signature) in [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
    ] {
        let k = SigningKey::new(SignatureAlgorithm::Ed25519, "rfc8032", &hex(secret)).unwrap();
        assert_eq!(k.public_key().0, hex(public));
        assert_eq!(k.sign(&hex(message)).0, hex(signature));
        assert!(verify(SignatureAlgorithm::Ed25519, &hex(public), &hex(message), &hex(signature)));
    }
    // GB/T 32905-2016 Appendix A.
    assert_eq!(
        LogHash::Sm3.digest(b"abc").to_hex(),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
}

#[test]
fn bad_keys_are_refused_naming_the_field() {
    assert_eq!(
        SigningKey::new(SignatureAlgorithm::Ed25519, "k", &[1; 31]).unwrap_err().field.as_deref(),
        Some("secretKey")
    );
    assert_eq!(
        SigningKey::new(SignatureAlgorithm::Sm2, "k", &[0; 32]).unwrap_err().field.as_deref(),
        Some("secretKey")
    );
    assert_eq!(
        SigningKey::new(SignatureAlgorithm::Sm2, "k", &[0xff; 32]).unwrap_err().field.as_deref(),
        Some("secretKey")
    );
    assert_eq!(SigningKey::new(SignatureAlgorithm::Sm2, "", &[1; 32]).unwrap_err().field.as_deref(), Some("keyId"));
    assert!(!format!("{:?}", key(SignatureAlgorithm::Sm2, 7)).contains("0707"), "Debug never shows the secret");
}

/// Failure 4 of the issue: a role's scope must be a level the role acts at, in commands and queries.
#[test]
fn a_scope_that_does_not_fit_the_role_is_refused() {
    let (mut c, mut e) = small_campaign();
    let head = c.head();
    for (role, scope) in [
        (Role::GridWorker, "430104000000"),
        (Role::CommunityCadre, "430100000000"),
        (Role::CommunityCadre, SUBDISTRICT),
        (Role::Administrator, COMMUNITY),
        (Role::DistrictEvaluator, SUBDISTRICT),
        (Role::CityVerifier, "430104000000"),
    ] {
        let who = exact_actor(role, scope);
        let envelope: CommandEnvelope = e.by(&who, register_household("hx", COMMUNITY));
        let err = c.execute(envelope).unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::ScopeDoesNotFitRole, Some("actor.scope")), "{role:?}");
        let q: grassroots::Query = serde_json::from_value(json!({"type":"households"})).unwrap();
        assert_eq!(c.query(&who, &q).unwrap_err().code, ErrorCode::ScopeDoesNotFitRole, "{role:?}");
    }
    assert_eq!(c.head(), head);
}

/// A log whose records could not have been written by the library is refused at the record, with
/// no key at all: an actor whose role sends no command that records the event, an actor of
/// another sub-district, a weight no command accepts, a link to a household that does not exist.
#[test]
fn records_the_library_could_not_have_written_are_refused_without_keys() {
    for (log_hash, algorithm) in FAMILIES {
        let (_, records) = signed_log(log_hash, &key(algorithm, 7));
        let unsigned: Vec<Record> =
            records.iter().filter(|r| !matches!(r.event, Event::CheckpointSigned(_))).cloned().collect();
        let renumbered = |mut records: Vec<Record>| {
            for (i, r) in records.iter_mut().enumerate() {
                r.seq = i as u64 + 1;
            }
            rechain(&mut records, log_hash);
            records
        };
        assert!(Campaign::replay(renumbered(unsigned.clone())).is_ok(), "{log_hash:?}");

        // A grid worker registering a community: no command a grid worker may send records it.
        let mut forged = unsigned.clone();
        forged[1].actor = grassroots::Actor { role: Role::GridWorker, ..forged[1].actor.clone() };
        let (code, seq) = code_of(Campaign::replay(renumbered(forged)));
        assert_eq!((code, seq), (ErrorCode::TamperedLog, Some(2)));

        // An administrator of another sub-district.
        let mut forged = unsigned.clone();
        forged[2].actor.scope = grassroots::DivisionCode::parse("430104018000", "scope").unwrap();
        assert_eq!(code_of(Campaign::replay(renumbered(forged))), (ErrorCode::TamperedLog, Some(3)));

        // A weight of 4e9 injected at the end.
        let mut forged = unsigned.clone();
        let mut injected = forged[2].clone();
        injected.command_id = "injected-weight".into();
        injected.event = Event::HouseholdWeightSet(grassroots::micro_grid::HouseholdWeightSet {
            household: "h1".into(),
            weight: Some(4_000_000_000),
        });
        forged.push(injected);
        let n = forged.len() as u64;
        assert_eq!(code_of(Campaign::replay(renumbered(forged))), (ErrorCode::TamperedLog, Some(n)));

        // A link to a household that does not exist.
        let mut forged = unsigned.clone();
        let mut injected = forged[2].clone();
        injected.command_id = "injected-link".into();
        injected.event = Event::LinkPlanAdopted(grassroots::micro_grid::LinkPlanAdopted {
            units: vec![],
            links: vec![grassroots::micro_grid::LinkPair { household: "nowhere".into(), member: "h1".into() }],
            moved: 0,
            linked_anew: 1,
        });
        forged.push(injected);
        let n = forged.len() as u64;
        let error = Campaign::replay(renumbered(forged)).map(|_| ()).unwrap_err();
        assert_eq!((error.code, error.seq), (ErrorCode::TamperedLog, Some(n)));
        assert!(error.message.contains("could not have been written"), "{}", error.message);
    }
}
