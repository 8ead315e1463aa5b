//! The committed JSON Schema in `docs/schema/` is what the code generates. After changing the wire
//! form, run `GRASSROOTS_BLESS=1 cargo test -p grassroots --test schema` and commit the new files.

use std::path::Path;

#[test]
fn the_committed_json_schema_matches_the_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schema");
    let bless = std::env::var_os("GRASSROOTS_BLESS").is_some();
    for (name, text) in grassroots::schema::schemas() {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "docs/schema/{name} is out of date: run `GRASSROOTS_BLESS=1 cargo test -p grassroots --test schema` and commit it"
        );
    }
}

#[test]
fn the_schema_describes_every_command_and_event() {
    let schemas = grassroots::schema::schemas();
    let envelope = &schemas.iter().find(|(n, _)| *n == "command-envelope.schema.json").unwrap().1;
    for command in ["openCampaign", "registerHousehold", "moveHousehold", "importCsv", "tagKeyPerson"] {
        assert!(envelope.contains(&format!("\"{command}\"")), "{command} missing from the schema");
    }
    let record = &schemas.iter().find(|(n, _)| *n == "record.schema.json").unwrap().1;
    assert!(record.contains("\"householdMoved\"") && record.contains("\"prevHash\""));
}
