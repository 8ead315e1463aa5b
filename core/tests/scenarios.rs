//! Runs every scenario file of `tests/scenarios/` through the JSON form: the same files the C and JS
//! doors run. A step's `expect` holds the events (or the error, or the query result) it must give;
//! the file's `expectHead` the final seq and hash, so the hashes of every door must agree.
//!
//! `GRASSROOTS_BLESS=1 cargo test --test scenarios` rewrites the expectations from what the code does
//! now: review the diff before committing it.

use grassroots::Campaign;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// What a step actually gave, in the shape of its `expect`; the records of an executed command are
/// appended to `log`, as JSON lines cut from the answer's text (the bytes a host stores).
fn run_step(campaign: &mut Campaign, step: &Value, log: &mut String) -> Value {
    if let Some(envelope) = step.get("execute") {
        match campaign.execute_json(&envelope.to_string()) {
            Ok(text) => {
                let answer: Value = serde_json::from_str(&text).unwrap();
                if answer["retried"] == false {
                    append_records(&text, log);
                }
                let events: Vec<Value> =
                    answer["records"].as_array().unwrap().iter().map(|r| r["event"].clone()).collect();
                let mut out = json!({ "events": events });
                if answer["retried"] == true {
                    out["retried"] = json!(true);
                }
                out
            }
            Err(e) => error_expectation(&e, &step["expect"]),
        }
    } else if let Some(query) = step.get("query") {
        match campaign.query_json(&query.to_string()) {
            Ok(answer) => json!({ "result": serde_json::from_str::<Value>(&answer).unwrap()["result"] }),
            Err(e) => error_expectation(&e, &step["expect"]),
        }
    } else {
        panic!("a step has `execute` or `query`: {step}")
    }
}

/// The error in the shape of `expected`: its code, field and rows; its rule when `expected` names one
/// (the files written before refusals named their rules do not, and stay as they were).
fn error_expectation(e: &grassroots::Error, expected: &Value) -> Value {
    let mut error = json!({ "code": e.code.as_str() });
    if let Some(rule) = &e.rule
        && (expected["error"].get("rule").is_some() || std::env::var_os("GRASSROOTS_BLESS").is_some())
    {
        error["rule"] = json!(rule);
    }
    if let Some(field) = &e.field {
        error["field"] = json!(field);
    }
    if !e.rows.is_empty() {
        error["rows"] = json!(
            e.rows
                .iter()
                .map(|r| json!({ "line": r.line, "column": r.column, "code": r.code.as_str() }))
                .collect::<Vec<_>>()
        );
    }
    json!({ "error": error })
}

/// Appends the records of an `ExecuteResult`'s text to `log`, a line each, byte for byte.
fn append_records(answer: &str, log: &mut String) {
    let start = answer.find("\"records\":[").expect("an ExecuteResult") + "\"records\":[".len();
    let records = &answer[start..answer.len() - "]}".len()];
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut from = 0;
    for (i, c) in records.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => depth += 1,
            '}' | ']' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                log.push_str(&records[from..i]);
                log.push('\n');
                from = i + 1;
            }
            _ => {}
        }
    }
    if !records.is_empty() {
        log.push_str(&records[from..]);
        log.push('\n');
    }
}

/// A JSON value written with every object's keys in reverse order and indented: the same records
/// as a store that reorders keys (a JSON column) gives them back.
fn reordered(value: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent + 1);
    match value {
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().rev().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                out.push_str(&format!("{pad}{} : ", Value::from(key.as_str())));
                reordered(item, indent + 1, out);
            }
            out.push_str(&format!("\n{}}}", "  ".repeat(indent)));
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                reordered(item, indent, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Writes the scenario's log for `scripts/verify-log.py` (scripts/test.sh runs it on every file):
/// `<name>.jsonl` as the answers gave the records, `<name>.json` as `records_since_json` exports
/// them, `<name>.reordered.json` with keys reversed and whitespace, and `<name>.tampered.jsonl`
/// with one record's command id altered (the verifier must refuse it).
fn write_logs(file: &Path, campaign: &Campaign, log: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scenario-logs");
    std::fs::create_dir_all(&dir).unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    std::fs::write(dir.join(format!("{stem}.jsonl")), log).unwrap();
    let export = campaign.records_since_json(0);
    std::fs::write(dir.join(format!("{stem}.json")), &export).unwrap();
    let mut text = String::new();
    reordered(&serde_json::from_str(&export).unwrap(), 0, &mut text);
    std::fs::write(dir.join(format!("{stem}.reordered.json")), text).unwrap();
    let mut lines: Vec<Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let middle = lines.len() / 2;
    lines[middle]["commandId"] = Value::from(format!("{}-forged", lines[middle]["commandId"].as_str().unwrap()));
    let tampered: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join(format!("{stem}.tampered.jsonl")), tampered).unwrap();
}

#[test]
fn every_scenario_gives_the_expected_events_results_and_hashes() {
    let bless = std::env::var_os("GRASSROOTS_BLESS").is_some();
    let files = scenario_files();
    assert!(files.len() >= 2, "the scenario files are missing");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut scenario: Value = serde_json::from_str(&text).unwrap();
        let name = scenario["name"].as_str().unwrap_or_default().to_string();
        let mut campaign = Campaign::new();
        let mut log = String::new();
        let steps = scenario["steps"].as_array_mut().unwrap();
        for (i, step) in steps.iter_mut().enumerate() {
            let actual = run_step(&mut campaign, step, &mut log);
            if bless {
                step["expect"] = actual;
            } else {
                assert_eq!(actual, step["expect"], "scenario `{name}`, step {i}");
            }
        }
        let head = json!({ "seq": campaign.head().seq, "hash": campaign.head().hash.to_hex() });
        // Replaying the log must give the same campaign, whatever door produced it.
        let replayed = Campaign::replay_json(&campaign.records_since_json(0)).unwrap();
        assert!(replayed == campaign, "scenario `{name}`: replay differs");
        assert_eq!(log.lines().count() as u64, campaign.head().seq, "scenario `{name}`: the answers' records");
        write_logs(&file, &campaign, &log);
        if bless {
            scenario["expectHead"] = head;
            std::fs::write(&file, serde_json::to_string_pretty(&scenario).unwrap() + "\n").unwrap();
        } else {
            assert_eq!(head, scenario["expectHead"], "scenario `{name}`: head");
        }
    }
}
