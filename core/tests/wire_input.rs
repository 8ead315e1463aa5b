//! What hosts send as they write it: a byte-order mark, a moment without its offset, a lone
//! surrogate; records read one at a time or as JSON lines and replayed from them; the reference
//! questionnaire as a command a host can send.

mod common;

use grassroots::survey::questionnaire::reference;
use grassroots::{Campaign, ErrorCode};

const OPEN: &str = r#"{"schemaVersion":1,"commandId":"c-1","actor":{"id":"office","role":"administrator","scope":"430104017000"},"at":"2022-04-13T09:00:00+08:00","command":{"type":"openCampaign","config":{"title":"t","theme":"th","city":{"code":"430100000000","name":"长沙市"},"district":{"code":"430104000000","name":"岳麓区"},"subdistrict":{"code":"430104017000","name":"东方红街道"},"start":"2022-04-01","end":"2022-11-30","phases":[{"phase":"survey","start":"2022-04-13","due":"2022-04-30"}]}}}"#;

fn envelope(id: &str, at: &str, command: &str) -> String {
    format!(
        r#"{{"schemaVersion":1,"commandId":"{id}","actor":{{"id":"office","role":"administrator","scope":"430104017000"}},"at":"{at}","command":{command}}}"#
    )
}

#[test]
fn a_command_with_a_byte_order_mark_is_read_as_without() {
    let mut c = Campaign::new();
    c.execute_json(&format!("\u{feff}{OPEN}")).unwrap();
    let query = "\u{feff}{\"schemaVersion\":1,\"actor\":{\"id\":\"office\",\"role\":\"administrator\",\"scope\":\"430104017000\"},\"query\":{\"type\":\"orgUnits\"}}";
    c.query_json(query).unwrap();
}

#[test]
fn a_moment_without_its_offset_is_refused_saying_how_to_write_it() {
    let mut c = Campaign::new();
    for at in ["2022-04-13T09:00:00", "2022-04-13 09:00", "yesterday"] {
        let error = c.execute_json(&OPEN.replace("2022-04-13T09:00:00+08:00", at)).unwrap_err();
        assert_eq!(error.code, ErrorCode::MalformedInput, "{at}");
        assert_eq!(error.field.as_deref(), Some("at"), "{at}");
        assert!(error.message.contains("UTC offset, e.g. 2022-04-13T09:00:00+08:00"), "{at}: {}", error.message);
    }
    assert_eq!(c.head().seq, 0);
}

#[test]
fn a_lone_surrogate_is_refused_as_one() {
    let mut c = Campaign::new();
    c.execute_json(OPEN).unwrap();
    for name in [r"\ud800", r"\ud800x", r"\udc00", r"\ud800\u0041"] {
        let command =
            format!(r#"{{"type":"registerOrgUnit","code":"430104017001","level":"community","name":"龙虎岭{name}"}}"#);
        let error = c.execute_json(&envelope("c-2", "2022-04-13T10:00:00+08:00", &command)).unwrap_err();
        assert_eq!(error.code, ErrorCode::MalformedInput, "{name}");
        assert!(error.message.contains("lone UTF-16 surrogate"), "{name}: {}", error.message);
    }
    assert_eq!(c.head().seq, 1);
}

fn campaign_of_three() -> Campaign {
    let mut c = Campaign::new();
    c.execute_json(OPEN).unwrap();
    for (i, code) in ["430104017001", "430104017013"].iter().enumerate() {
        let command = format!(r#"{{"type":"registerOrgUnit","code":"{code}","level":"community","name":"社区{i}"}}"#);
        c.execute_json(&envelope(&format!("c-{}", i + 2), "2022-04-13T10:00:00+08:00", &command)).unwrap();
    }
    c
}

#[test]
fn records_come_one_at_a_time_or_as_json_lines_and_replay_from_either() {
    let c = campaign_of_three();
    let head = c.head();
    let array: Vec<serde_json::Value> = serde_json::from_str(&c.records_since_json(0)).unwrap();
    let lines = c.records_since_json_lines(0);
    assert_eq!(lines.lines().count(), 3);
    assert!(lines.ends_with('\n'));
    for (line, record) in lines.lines().zip(&array) {
        assert_eq!(&serde_json::from_str::<serde_json::Value>(line).unwrap(), record);
    }
    assert_eq!(c.record_json(2).unwrap(), lines.lines().nth(1).unwrap());
    assert_eq!(c.records_since_json_lines(3), "");
    // Rows stored one by one replay as lines, blank lines and a byte-order mark allowed.
    let stored = format!("\u{feff}{}\n\n", lines.replace('\n', "\r\n"));
    assert_eq!(Campaign::replay_json(&stored).unwrap().head(), head);
    // A bad line is named.
    let bad = lines.replacen("\"seq\":2", "\"seq\":\"2\"", 1);
    let error = Campaign::replay_json(&bad).unwrap_err();
    assert_eq!(error.code, ErrorCode::MalformedInput);
    assert!(error.message.starts_with("line 2 of the JSON lines"), "{}", error.message);
}

#[test]
fn a_released_record_is_not_found_and_the_campaign_goes_on() {
    let mut c = campaign_of_three();
    // Records are released in whole chunks: ask for one far enough on that a chunk is gone.
    for i in 0..5_000 {
        let command = format!(r#"{{"type":"registerHousehold","id":"h{i}","address":"{i}号","unit":"430104017001"}}"#);
        c.execute_json(&envelope(&format!("h-{i}"), "2022-04-14T10:00:00+08:00", &command)).unwrap();
    }
    c.release_records_through(4_500);
    let error = c.record_json(1).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("record 1 is not held"), "{}", error.message);
    assert!(c.record_json(4_800).is_ok());
    assert_eq!(c.record_json(0).unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(c.record_json(c.head().seq + 1).unwrap_err().code, ErrorCode::NotFound);
    let command = r#"{"type":"registerHousehold","id":"h-last","address":"x号","unit":"430104017001"}"#;
    c.execute_json(&envelope("h-last", "2022-04-15T10:00:00+08:00", command)).unwrap();
}

#[test]
fn the_reference_questionnaire_is_a_command_a_host_sends_as_it_is() {
    let mut c = campaign_of_three();
    let command = reference::import_command_json();
    assert!(command.starts_with(r#"{"type":"importQuestionnaire","id":"door-knock","version":1"#), "{command}");
    c.execute_json(&envelope("q-1", "2022-04-13T11:00:00+08:00", &command)).unwrap();
}
