//! Records written by an earlier version must still replay: `tests/fixtures/records-v1.json` is a log
//! recorded by schema version 1 and committed. Never regenerate it to make this test pass — a failure
//! means the wire form changed incompatibly (see "Compatibility" in docs/ARCHITECTURE.md).

use grassroots::Campaign;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

#[test]
fn a_log_recorded_by_schema_version_1_still_replays_to_the_same_head() {
    let records = std::fs::read_to_string(fixture("records-v1.json")).expect("the fixture log");
    let head: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("records-v1.head.json")).unwrap()).unwrap();
    let campaign = Campaign::replay_json(&records).unwrap_or_else(|e| panic!("the v1 log no longer replays: {e}"));
    assert_eq!(campaign.head().seq, head["seq"].as_u64().unwrap());
    assert_eq!(campaign.head().hash.to_hex(), head["hash"].as_str().unwrap());
    assert!(campaign.state().people.households.len() >= 3);
}

#[test]
fn a_retry_of_a_command_accepted_under_schema_version_1_is_still_recognized() {
    let records = std::fs::read_to_string(fixture("records-v1.json")).expect("the fixture log");
    let mut campaign = Campaign::replay_json(&records).unwrap();
    let head = campaign.head();
    // `cmd-002` registered 东方红社区 under version 1: its digest was taken over the command's
    // declaration-order JSON, and today's digests are RFC 8785. The same command again is a retry.
    let envelope = |name: &str| {
        format!(
            r#"{{"schemaVersion":2,"commandId":"cmd-002","at":"2022-04-13T10:05:00+08:00",
               "actor":{{"id":"administrator@430171004000","role":"administrator","scope":"430171004000"}},
               "command":{{"type":"registerOrgUnit","code":"430171004001","level":"community","name":"{name}"}}}}"#
        )
    };
    let answer: serde_json::Value =
        serde_json::from_str(&campaign.execute_json(&envelope("东方红社区")).unwrap()).unwrap();
    assert_eq!(answer["retried"], true, "{answer}");
    assert_eq!(campaign.head(), head);
    // Another command under the same id is still refused.
    let refused = campaign.execute_json(&envelope("金南社区")).unwrap_err();
    assert_eq!(refused.code, grassroots::ErrorCode::CommandIdReused);
    assert_eq!(campaign.head(), head);
}

#[test]
fn a_log_whose_schema_version_goes_back_is_refused() {
    let records = std::fs::read_to_string(fixture("records-v1.json")).expect("the fixture log");
    let mut campaign = Campaign::replay_json(&records).unwrap();
    let at_v1 = campaign.head().seq;
    let envelope = r#"{"schemaVersion":1,"commandId":"new-1","at":"2022-04-20T09:00:00+08:00",
        "actor":{"id":"administrator@430171004000","role":"administrator","scope":"430171004000"},
        "command":{"type":"registerOrgUnit","code":"430171004003","level":"community","name":"新社区"}}"#;
    campaign.execute_json(envelope).unwrap();
    campaign.execute_json(&envelope.replace("new-1", "new-2").replace("430171004003", "430171004004")).unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&campaign.records_since_json(0)).unwrap();
    // A version-1 log continued by today's library: its new records are of version 2, and it replays.
    assert_eq!(all.last().unwrap()["schemaVersion"], 2);
    assert!(Campaign::replay_json(&serde_json::to_string(&all).unwrap()).is_ok());
    // Relabelled as version 1 and rehashed in version 1's form (declaration order, `hash` last), as a
    // forger who knows both would: every hash and link holds, and it is still refused.
    let mut last: grassroots::Record = serde_json::from_value(all.last().unwrap().clone()).unwrap();
    last.schema_version = 1;
    let json = serde_json::to_string(&last).unwrap();
    let body = format!("{}}}", &json[..json.len() - ",\"hash\":\"\"}".len() - 64]);
    last.hash = grassroots::Digest::of(body.as_bytes());
    let mut back = all.clone();
    *back.last_mut().unwrap() = serde_json::to_value(&last).unwrap();
    let error = Campaign::replay_json(&serde_json::to_string(&back).unwrap()).unwrap_err();
    assert_eq!((error.code, error.seq), (grassroots::ErrorCode::TamperedLog, Some(at_v1 + 2)));
    assert!(error.message.contains("never go back"), "{}", error.message);
}
