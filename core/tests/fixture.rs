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
