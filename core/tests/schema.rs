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

#[test]
fn a_definition_name_means_the_same_in_every_schema_file() {
    // The npm package's `wire.d.ts` is generated from all the files together, one type per name: two
    // payloads of different areas with the same Rust name would collide there.
    let mut seen: std::collections::BTreeMap<String, (String, serde_json::Value)> = Default::default();
    for (file, text) in grassroots::schema::schemas() {
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let Some(defs) = schema.get("$defs").and_then(|d| d.as_object()) else { continue };
        for (name, definition) in defs {
            if let Some((other, earlier)) = seen.get(name) {
                assert_eq!(earlier, definition, "definition `{name}` differs between {other} and {file}");
            } else {
                seen.insert(name.clone(), (file.to_string(), definition.clone()));
            }
        }
    }
}
