//! Issue #15, failures 2 and 7: every field has a limit that fits its content, refused with
//! `FIELD_TOO_LONG` naming the field and the limit, before anything is recorded; and a refusal never
//! copies the input into its message (which made refusing a long string of Chinese characters cost
//! twenty times reading it; `cargo bench -p grassroots --bench refusal` measures the cost).

mod common;

use common::*;
use grassroots::engine::limits::FieldLimit;
use grassroots::switchboard::field_limits::{FIELD_LIMITS, field_limit};
use grassroots::{Campaign, Command, ErrorCode, Head};
use serde_json::json;

/// Executes `command` as the administrator: the error, and whether the campaign stayed as it was.
fn refused(c: &mut Campaign, e: &mut Envelopes, command: Command) -> grassroots::Error {
    let before: Head = c.head();
    let records = c.records_since(0).count();
    let error = c.execute(e.admin(command)).unwrap_err();
    assert_eq!(c.head(), before, "a refusal changed the head");
    assert_eq!(c.records_since(0).count(), records);
    error
}

fn household_with_address(address: String) -> Command {
    let Command::RegisterHousehold(mut h) = register_household("h9", COMMUNITY) else { unreachable!() };
    h.address = address;
    Command::RegisterHousehold(h)
}

fn person_named(name: String) -> Command {
    let Command::RegisterPerson(mut p) =
        register_person("p9", COMMUNITY, grassroots::people::PoliticalStatus::Masses, None)
    else {
        unreachable!()
    };
    p.name = name;
    Command::RegisterPerson(p)
}

#[test]
fn a_32_mib_address_and_a_30_mib_name_are_refused_naming_the_field_and_the_limit() {
    let (mut c, mut e) = small_campaign();
    let error = refused(&mut c, &mut e, household_with_address("中".repeat(32 * 1024 * 1024 / 3 - 100)));
    assert_eq!(error.code, ErrorCode::FieldTooLong);
    assert_eq!(error.field.as_deref(), Some("command.address"));
    assert!(error.message.contains("200 characters"), "{}", error.message);
    assert!(!error.message.contains("中中"), "the value is never quoted");

    let error = refused(&mut c, &mut e, person_named("x".repeat(30 * 1024 * 1024)));
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::FieldTooLong, Some("command.name")));
    assert!(error.message.contains("100 characters"), "{}", error.message);
}

#[test]
fn a_limit_counts_characters_not_bytes_and_is_inclusive() {
    let (mut c, mut e) = small_campaign();
    // 200 Chinese characters are 600 bytes: within the limit.
    c.execute(e.admin(household_with_address("中".repeat(200)))).unwrap();
    let Command::RegisterHousehold(mut h) = household_with_address("中".repeat(201)) else { unreachable!() };
    h.id = "h10".into();
    let error = refused(&mut c, &mut e, Command::RegisterHousehold(h));
    assert_eq!(error.code, ErrorCode::FieldTooLong);
}

#[test]
fn a_30_mib_command_id_and_a_million_helper_roles_are_refused() {
    let (mut c, mut e) = small_campaign();
    let before = c.head();
    let mut envelope = e.admin(register_household("h9", COMMUNITY));
    envelope.command_id = "c".repeat(30 * 1024 * 1024);
    let error = c.execute(envelope).unwrap_err();
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::FieldTooLong, Some("commandId")));
    assert!(error.message.contains("128 characters"));

    let Command::RegisterPerson(mut p) = person_named("张三".into()) else { unreachable!() };
    p.helper_roles = vec![grassroots::people::HelperRole::GridWorker; 1_000_000];
    let error = refused(&mut c, &mut e, Command::RegisterPerson(p));
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::FieldTooLong, Some("command.helperRoles")));
    assert!(error.message.contains("16 entries"), "{}", error.message);
    assert_eq!(c.head(), before);
}

#[test]
fn the_json_door_refuses_the_same_and_names_the_path_into_lists() {
    let (mut c, _) = small_campaign();
    let before = c.head();
    let envelope = json!({
        "schemaVersion": 1, "commandId": "x-1", "actor": {"id": "office", "role": "administrator", "scope": SUBDISTRICT},
        "at": "2022-04-14T09:00:00+08:00",
        "command": {"type": "registerPerson", "id": "p9", "name": "x".repeat(101), "unit": COMMUNITY, "politicalStatus": "masses"},
    });
    let error = c.execute_json(&envelope.to_string()).unwrap_err();
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::FieldTooLong, Some("command.name")));
    // A query's texts too.
    let query = json!({"schemaVersion": 1, "actor": {"id": "office", "role": "administrator", "scope": SUBDISTRICT},
        "query": {"type": "person", "id": "中".repeat(201)}});
    let error = c.query_json(&query.to_string()).unwrap_err();
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::FieldTooLong, Some("query.id")));
    // An actor id over 64 characters.
    let mut long_actor = envelope.clone();
    long_actor["command"]["name"] = json!("张三");
    long_actor["actor"]["id"] = json!("a".repeat(65));
    let error = c.execute_json(&long_actor.to_string()).unwrap_err();
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::FieldTooLong, Some("actor.id")));
    assert_eq!(c.head(), before);
}

#[test]
fn texts_an_event_takes_from_a_csv_file_are_held_to_the_same_limits() {
    let (mut c, mut e) = small_campaign();
    let before = c.head();
    let csv = format!("id,address,unit\nh9,{},{COMMUNITY}\n", "中".repeat(201));
    let command: Command =
        serde_json::from_value(json!({"type": "importCsv", "table": "households", "csv": csv})).unwrap();
    let error = c.execute(e.admin(command)).unwrap_err();
    assert!(matches!(error.code, ErrorCode::FieldTooLong | ErrorCode::InvalidCsv), "{error:?}");
    assert_eq!(c.head(), before);
}

#[test]
fn refusing_a_long_string_never_quotes_it() {
    let mut c = Campaign::new();
    // The whole input a string where an envelope belongs, of Chinese characters and of digits that
    // could be an ID number.
    for input in [format!("\"{}\"", "中".repeat(1_000_000)), "110105194912310021".to_string()] {
        let error = c.execute_json(&input).unwrap_err();
        assert_eq!(error.code, ErrorCode::MalformedInput);
        assert!(error.message.len() < 300, "{}", error.message.len());
        assert!(!error.message.contains("中中") && !error.message.contains("1101051949"), "{}", error.message);
    }
    // A field of the wrong type, deep in a command.
    let (mut c, _) = small_campaign();
    let envelope = json!({
        "schemaVersion": 1, "commandId": "x-1", "actor": {"id": "office", "role": "administrator", "scope": SUBDISTRICT},
        "at": "2022-04-14T09:00:00+08:00",
        "command": {"type": "registerHousehold", "id": "h9", "address": "1号", "unit": COMMUNITY,
                    "location": {"lat": "中".repeat(100_000), "lng": 112.9}},
    });
    let error = c.execute_json(&envelope.to_string()).unwrap_err();
    assert_eq!(error.code, ErrorCode::MalformedInput);
    assert!(error.message.contains("invalid type: string, expected"), "{}", error.message);
    assert!(error.message.len() < 300);
}

#[test]
fn every_limit_is_documented_and_in_the_json_schema() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/LIMITS.md")).unwrap();
    let schemas: String = grassroots::schema::schemas().into_iter().map(|(_, text)| text).collect();
    for (name, limit, _) in FIELD_LIMITS {
        assert!(doc.contains(&format!("`{name}`")), "docs/LIMITS.md does not list `{name}`");
        assert_eq!(field_limit(name), *limit);
        assert!(schemas.contains(&format!("\"{name}\"")), "no field `{name}` in the schema");
    }
    assert!(doc.contains("200") && doc.contains("1,000"), "the defaults are documented");
    assert!(schemas.contains("\"maxLength\": 100") && schemas.contains("\"maxItems\": 16"));
    assert_eq!(field_limit("anythingElse"), FieldLimit::DEFAULT);
}
