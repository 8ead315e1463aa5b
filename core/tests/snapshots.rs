//! Snapshots written by an earlier version restore, and the state's form has not moved by a byte:
//! `tests/fixtures/snapshots-v1/` holds the snapshots that the code before the areas were split
//! (commit e72c29d) took at the end of each scenario file's commands.

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
        let restored = Campaign::restore_json(&old).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(restored == live, "{name}: the restored campaign differs from today's");
        assert_eq!(live.snapshot_json(), old, "{name}: today's snapshot is not byte for byte the earlier one");
        checked += 1;
    }
    assert_eq!(checked, 4);
}
