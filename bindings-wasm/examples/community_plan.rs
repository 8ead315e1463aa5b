//! The Rust side of the browser-planning benchmark (`bindings-wasm/bench/plan.mjs` runs it): a
//! community of 3,000 households (`grassroots_demo`, one community), its full members qualified for
//! key persons, written as a JSON array of command envelopes to the file given; then the time of the
//! `proposeLinkPlan` query through the core's JSON path, best of the rounds, printed as one line of JSON:
//! `{"commands":…,"query":…,"households":…,"membersUsed":…,"distanceM":…,"optimal":…,"bestSeconds":…}`.
//!
//! ```text
//! cargo run --release -p grassroots-wasm --example community_plan -- target/community.json [rounds]
//! ```

use grassroots::micro_grid::MemberLinkage;
use grassroots::people::PoliticalStatus;
use grassroots::{Campaign, Command, CommandEnvelope, QueryResult, SCHEMA_VERSION};
use grassroots_demo as sample;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: community_plan <commands.json> [rounds]");
        std::process::exit(2);
    };
    let rounds: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let spec = sample::SampleSpec { villages: 0, communities: 1, households: 3_000, ..sample::SampleSpec::default() };
    let mut envelopes = sample::commands(&spec);
    let mut campaign = Campaign::new();
    for e in &envelopes {
        campaign.execute(e.clone()).expect("every sample command is accepted");
    }
    let unit = sample::community_code(0);
    let cadre = sample::unit_cadre(unit);
    let at = "2022-04-29T09:00:00+08:00".parse().expect("a valid time");
    let members: Vec<String> = campaign
        .state()
        .people
        .persons
        .iter()
        .filter(|p| p.political_status == PoliticalStatus::PartyMember && p.household.is_some())
        .map(|p| p.id.clone())
        .collect();
    for (k, person) in members.into_iter().enumerate() {
        let linkage = MemberLinkage { qualified_for_key_persons: true, ..MemberLinkage::default() };
        let envelope = CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("qualify-{k}"),
            actor: cadre.clone(),
            at,
            expected_seq: None,
            command: Command::SetMemberLinkage(grassroots::micro_grid::SetMemberLinkage { person, linkage }),
        };
        campaign.execute(envelope.clone()).expect("a member is qualified");
        envelopes.push(envelope);
    }
    let inputs: Vec<String> =
        envelopes.iter().map(|e| serde_json::to_string(e).expect("an envelope serializes")).collect();
    if let Err(e) = std::fs::write(&path, format!("[{}]", inputs.join(","))) {
        eprintln!("cannot write {path}: {e}");
        std::process::exit(1);
    }
    let query = serde_json::json!({
        "schemaVersion": SCHEMA_VERSION,
        "actor": cadre,
        "query": { "type": "proposeLinkPlan", "unit": unit.to_string() },
    })
    .to_string();
    let mut best = Duration::MAX;
    let mut answer = String::new();
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        answer = campaign.query_json(&query).expect("the proposal is answered");
        best = best.min(started.elapsed());
    }
    let parsed: serde_json::Value = serde_json::from_str(&answer).expect("the answer is JSON");
    let proposal = &parsed["result"]["proposal"];
    let QueryResult::LinkPlanProposal(grassroots::micro_grid::LinkPlanProposalResult { .. }) =
        serde_json::from_value(parsed["result"].clone()).expect("a proposal")
    else {
        panic!("not a proposal")
    };
    println!(
        "{}",
        serde_json::json!({
            "commands": inputs.len(),
            "query": query,
            "households": proposal["links"].as_array().map_or(0, Vec::len),
            "membersUsed": proposal["totals"]["membersUsed"],
            "distanceM": proposal["totals"]["distanceM"],
            "optimal": proposal["optimal"],
            "bestSeconds": best.as_secs_f64(),
        })
    );
}
