//! The log: replay, tamper evidence, snapshots, and the JSON wire form.

mod common;

use common::*;
use grassroots::{Campaign, ErrorCode, Record};

fn log() -> (Campaign, Vec<Record>) {
    let (c, _) = small_campaign();
    let records = c.records_since(0).to_vec();
    (c, records)
}

#[test]
fn replaying_the_records_rebuilds_an_identical_campaign() {
    let (c, records) = log();
    let replayed = Campaign::replay(records).unwrap();
    assert_eq!(replayed, c);
    assert_eq!(replayed.snapshot(), c.snapshot());
}

#[test]
fn replay_refuses_an_altered_record_naming_its_seq() {
    let (_, mut records) = log();
    if let grassroots::Event::OrgUnitRegistered(grassroots::organization::OrgUnitRegistered { unit }) =
        &mut records[2].event
    {
        unit.name = "改过的名字".into();
    }
    let err = Campaign::replay(records).unwrap_err();
    assert_eq!((err.code(), err.seq), (ErrorCode::TamperedLog, Some(3)));
}

#[test]
fn replay_refuses_a_dropped_record() {
    let (_, mut records) = log();
    records.remove(4);
    let err = Campaign::replay(records).unwrap_err();
    assert_eq!((err.code(), err.seq), (ErrorCode::TamperedLog, Some(6)));
}

#[test]
fn replay_refuses_an_inserted_record() {
    let (_, mut records) = log();
    let copy = records[3].clone();
    records.insert(5, copy);
    let err = Campaign::replay(records).unwrap_err();
    assert_eq!((err.code(), err.seq), (ErrorCode::TamperedLog, Some(4)));
}

#[test]
fn replay_refuses_reordered_records() {
    let (_, mut records) = log();
    records.swap(3, 4);
    let err = Campaign::replay(records).unwrap_err();
    assert_eq!((err.code(), err.seq), (ErrorCode::TamperedLog, Some(5)));
}

#[test]
fn replay_refuses_a_renumbered_record_whose_hash_was_recomputed_by_hand() {
    // Renumbering seqs after a drop keeps the seq sequence but breaks the prevHash link.
    let (_, mut records) = log();
    records.remove(2);
    for r in records.iter_mut().skip(2) {
        r.seq -= 1;
    }
    let err = Campaign::replay(records).unwrap_err();
    assert_eq!((err.code(), err.seq), (ErrorCode::TamperedLog, Some(3)));
}

#[test]
fn replay_refuses_a_newer_schema_version() {
    let (_, mut records) = log();
    records[0].schema_version = 99;
    assert_eq!(Campaign::replay(records).unwrap_err().code(), ErrorCode::UnsupportedSchemaVersion);
}

#[test]
fn a_snapshot_restores_to_an_identical_campaign_that_continues_the_chain() {
    let (mut c, mut e) = small_campaign();
    let mut restored = Campaign::restore(c.snapshot()).unwrap();
    assert_eq!(restored, c);
    assert!(restored.records_since(0).is_empty());
    let next = e.admin(register_household("h2", COMMUNITY));
    c.execute(next.clone()).unwrap();
    restored.execute(next).unwrap();
    assert_eq!(restored.head(), c.head());
    // A retry of a command from before the snapshot is still recognized.
    let mut e2 = Envelopes::new();
    let first = e2.admin(grassroots::Command::OpenCampaign(grassroots::organization::OpenCampaign {
        config: grassroots::organization::CampaignConfig::dongfanghong_2022(),
    }));
    assert!(restored.execute(first).unwrap().retried);
}

#[test]
fn a_snapshot_whose_state_was_altered_is_refused() {
    let (c, _) = small_campaign();
    let mut snapshot = c.snapshot();
    snapshot.state.people.households.get_mut("h1").unwrap().address = "别处".into();
    assert_eq!(Campaign::restore(snapshot).unwrap_err().code(), ErrorCode::InvalidSnapshot);
    let json = c.snapshot_json().replace("h1号", "h9号");
    assert_eq!(Campaign::restore_json(&json).unwrap_err().code(), ErrorCode::InvalidSnapshot);
    assert_eq!(Campaign::restore_json("{").unwrap_err().code(), ErrorCode::InvalidSnapshot);
}

#[test]
fn records_round_trip_through_json_in_any_key_order() {
    let (c, _) = small_campaign();
    let json = c.records_since_json(0);
    // A JSON store may reorder keys: re-serialize through a sorted map.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let reordered = serde_json::to_string_pretty(&value).unwrap();
    assert_eq!(Campaign::replay_json(&reordered).unwrap(), c);
}

#[test]
fn records_since_gives_what_the_host_has_not_persisted() {
    let (c, _) = small_campaign();
    let all = c.records_since(0);
    assert_eq!(c.records_since(3).first().map(|r| r.seq), Some(4));
    assert!(c.records_since(all.len() as u64).is_empty());
    assert!(c.records_since(u64::MAX).is_empty());
}

const OPEN: &str = r#"{"schemaVersion":1,"commandId":"c-1","actor":{"id":"office","role":"administrator","scope":"430104017000"},"at":"2022-04-13T09:00:00+08:00","command":{"type":"openCampaign","config":{"title":"t","theme":"th","city":{"code":"430100000000","name":"长沙市"},"district":{"code":"430104000000","name":"岳麓区"},"subdistrict":{"code":"430104017000","name":"东方红街道"},"start":"2022-04-01","end":"2022-11-30","phases":[{"phase":"survey","start":"2022-04-13","due":"2022-04-30"}]}}}"#;

#[test]
fn the_json_form_executes_and_answers_with_records() {
    let mut c = Campaign::new();
    let answer: serde_json::Value = serde_json::from_str(&c.execute_json(OPEN).unwrap()).unwrap();
    assert_eq!(answer["schemaVersion"], grassroots::SCHEMA_VERSION);
    assert_eq!(answer["retried"], false);
    assert_eq!(answer["records"][0]["event"]["type"], "campaignOpened");
    assert_eq!(answer["records"][0]["seq"], 1);
    let again: serde_json::Value = serde_json::from_str(&c.execute_json(OPEN).unwrap()).unwrap();
    assert_eq!(again["retried"], true);
    assert_eq!(again["records"], answer["records"]);
}

#[test]
fn malformed_json_names_the_path_and_changes_nothing() {
    let mut c = Campaign::new();
    c.execute_json(OPEN).unwrap();
    let head = c.head();
    let cases = [
        ("{", ErrorCode::MalformedInput),
        ("42", ErrorCode::MalformedInput),
        (r#"{"schemaVersion":1}"#, ErrorCode::MalformedInput),
        (&OPEN.replace("openCampaign", "closeCampaign"), ErrorCode::MalformedInput),
        (&OPEN.replace("\"schemaVersion\":1", "\"schemaVersion\":7"), ErrorCode::UnsupportedSchemaVersion),
    ];
    for (input, code) in cases {
        let err = c.execute_json(input).unwrap_err();
        assert_eq!(err.code(), code, "{input}: {err}");
        assert_eq!(c.head(), head);
    }
    let err = c.execute_json(&OPEN.replace("\"role\":\"administrator\"", "\"role\":\"king\"")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("actor.role"), "{err}");
}

#[test]
fn a_json_error_never_echoes_a_sensitive_value_of_the_wrong_type() {
    let mut c = Campaign::new();
    c.execute_json(OPEN).unwrap();
    let cmd = r#"{"schemaVersion":1,"commandId":"c-2","actor":{"id":"office","role":"administrator","scope":"430104017000"},"at":"2022-04-13T09:00:00+08:00","command":{"type":"registerPerson","id":"p","name":"n","unit":"430104017000","idNumber":110105194912310021,"politicalStatus":"masses"}}"#;
    let err = c.execute_json(cmd).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedInput);
    assert!(!err.to_json().contains("19491231"), "{}", err.to_json());
    // Inside a tagged enum serde can name the command, not the field within it.
    assert_eq!(err.field.as_deref(), Some("command"));
}

#[test]
fn every_error_code_has_a_stable_number_string_and_json_form() {
    for code in ErrorCode::ALL {
        let err = grassroots::Error::new(code, "m");
        let json: serde_json::Value = serde_json::from_str(&err.to_json()).unwrap();
        assert_eq!(json["code"], code.as_str());
        assert_eq!(ErrorCode::from_number(code.number()), Some(code));
    }
}
