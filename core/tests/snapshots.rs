//! The state's form has not moved since the snapshots of an earlier version (but for the accepted
//! commands' digests, RFC 8785 since schema version 2), which are now refused: `tests/fixtures/snapshots-v1/` holds the snapshots that the code before the areas were
//! split (commit e72c29d) took at the end of each scenario file's commands. Their digest did not
//! cover their head, so an edited head restored (issue #15); a host replays its log instead.

mod common;

use common::{COMMUNITY, SUBDISTRICT, small_campaign};
use grassroots::Campaign;
use serde_json::Value;
use std::path::Path;

#[test]
fn snapshots_of_the_earlier_version_restore_and_equal_todays() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let fixtures = root.join("tests/fixtures/snapshots-v1");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let fixture = entry.unwrap().path();
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        let old = std::fs::read_to_string(&fixture).unwrap();
        let scenario: Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("tests/scenarios").join(&name)).unwrap()).unwrap();
        let mut live = Campaign::new();
        for step in scenario["steps"].as_array().unwrap() {
            if let Some(envelope) = step.get("execute") {
                let _ = live.execute_json(&envelope.to_string());
            }
        }
        let refused = Campaign::restore_json(&old).map(|_| ()).unwrap_err();
        assert_eq!(refused.code, grassroots::ErrorCode::InvalidSnapshot, "{name}");
        assert!(refused.message.contains("earlier version"), "{name}: {}", refused.message);
        let today = live.snapshot_json();
        // The accepted commands' digests are RFC 8785 digests today (schema version 2); the rest of
        // the state is byte for byte the earlier one.
        let state_of = |json: &str| {
            let mut snapshot: Value = serde_json::from_str(json).unwrap();
            for command in snapshot["state"]["commands"].as_array_mut().unwrap() {
                command["digest"] = Value::Null;
            }
            snapshot["state"].to_string()
        };
        assert_eq!(state_of(&today), state_of(&old), "{name}: the state is not the earlier one");
        let (old, today): (Value, Value) = (serde_json::from_str(&old).unwrap(), serde_json::from_str(&today).unwrap());
        assert_eq!(old["head"]["seq"], today["head"]["seq"], "{name}: the head's seq moved");
        checked += 1;
    }
    assert_eq!(checked, 4);
}

/// Found by the `json_execute` fuzz target (fuzz/regressions/json_execute/): a retry of a command
/// accepted before a restored snapshot was answered with the record of the command after it.
#[test]
fn a_retry_after_restore_answers_no_other_commands_records() {
    let (mut c, _) = small_campaign();
    let envelope = |id: &str, household: &str| {
        serde_json::json!({
            "schemaVersion": 1, "commandId": id, "at": "2022-04-20T09:00:00+08:00",
            "actor": {"id": "office", "role": "administrator", "scope": SUBDISTRICT},
            "command": {"type": "registerHousehold", "id": household, "address": "1号", "unit": COMMUNITY},
        })
        .to_string()
    };
    c.execute_json(&envelope("before", "hb")).unwrap();
    let mut restored = Campaign::restore(c.snapshot()).unwrap();
    let after: serde_json::Value =
        serde_json::from_str(&restored.execute_json(&envelope("after", "ha")).unwrap()).unwrap();
    assert_eq!(after["records"].as_array().unwrap().len(), 1);
    let retry: serde_json::Value =
        serde_json::from_str(&restored.execute_json(&envelope("before", "hb")).unwrap()).unwrap();
    assert_eq!(retry["retried"], true);
    assert_eq!(retry["records"], serde_json::json!([]), "the original records are no longer held");
    // While they are held, a retry answers them.
    let again: serde_json::Value =
        serde_json::from_str(&restored.execute_json(&envelope("after", "ha")).unwrap()).unwrap();
    assert_eq!(again["records"], after["records"]);
}
