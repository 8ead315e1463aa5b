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

/// What a step actually gave, in the shape of its `expect`.
fn run_step(campaign: &mut Campaign, step: &Value) -> Value {
    if let Some(envelope) = step.get("execute") {
        match campaign.execute_json(&envelope.to_string()) {
            Ok(answer) => {
                let answer: Value = serde_json::from_str(&answer).unwrap();
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
        let steps = scenario["steps"].as_array_mut().unwrap();
        for (i, step) in steps.iter_mut().enumerate() {
            let actual = run_step(&mut campaign, step);
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
        if bless {
            scenario["expectHead"] = head;
            std::fs::write(&file, serde_json::to_string_pretty(&scenario).unwrap() + "\n").unwrap();
        } else {
            assert_eq!(head, scenario["expectHead"], "scenario `{name}`: head");
        }
    }
}
