//! Writes `tests/scenarios/08-campaign-2022.json`: the whole plan of 2022 on a small generated
//! sub-district, April to November — opening, the door-knock survey, the problem lists, the loop, the
//! look-back, the weak-and-lax list, rectification, supervision with one unannounced inspection, and
//! the acceptance in which one village fails the district's evaluation, has its secretary replaced,
//! keeps its pairing, rectifies again and passes in round two. The steps carry no expectations:
//! `GRASSROOTS_BLESS=1 cargo test -p grassroots --test scenarios` fills them in (review the diff).
//!
//! Run from the repository's root: `cargo run --example scenario_2022`.

use grassroots::{Campaign, CommandEnvelope, SCHEMA_VERSION};
use grassroots_demo as sample;
use serde_json::{Value, json};

/// Executes `envelopes` in order, each as a step.
fn run(campaign: &mut Campaign, envelopes: Vec<CommandEnvelope>, steps: &mut Vec<Value>) {
    for envelope in envelopes {
        let value = serde_json::to_value(&envelope).expect("an envelope");
        if let Err(e) = campaign.execute(envelope) {
            panic!("the sample's command {value} is refused: {e:?}");
        }
        steps.push(json!({ "execute": value }));
    }
}

fn main() {
    let seed = std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_220_420);
    let spec = sample::SampleSpec { seed, villages: 2, communities: 2, households: 48 };
    let mut campaign = Campaign::new();
    let mut steps: Vec<Value> = Vec::new();
    run(&mut campaign, sample::commands(&spec), &mut steps);
    let envelopes = sample::problem_loop(campaign.state(), spec.seed);
    run(&mut campaign, envelopes, &mut steps);
    // The problem list (突出问题清单) of every village and community, as the loop left it.
    let lists: Vec<CommandEnvelope> = campaign
        .state()
        .organization
        .units
        .iter()
        .filter(|(_, u)| u.level.is_village_or_community())
        .enumerate()
        .map(|(i, (code, _))| {
            let problems: Vec<String> = campaign
                .state()
                .problems
                .problems
                .iter()
                .filter(|p| {
                    p.unit == *code
                        && !matches!(
                            p.status,
                            grassroots::problem::ProblemStatus::Rejected | grassroots::problem::ProblemStatus::Merged
                        )
                })
                .map(|p| p.id.to_string())
                .collect();
            CommandEnvelope {
                schema_version: SCHEMA_VERSION,
                command_id: format!("list-{i:03}"),
                actor: sample::dispatcher(),
                at: "2022-05-31T17:00:00+08:00".parse().expect("a valid time"),
                expected_seq: None,
                command: grassroots::problem::EstablishProblemList { unit: code.to_string(), problems }.into(),
            }
        })
        .collect();
    run(&mut campaign, lists, &mut steps);
    let envelopes = sample::look_back(campaign.state(), spec.seed);
    run(&mut campaign, envelopes, &mut steps);
    let envelopes = sample::determination(campaign.state(), spec.seed);
    run(&mut campaign, envelopes, &mut steps);
    let envelopes = sample::rectification(campaign.state(), spec.seed);
    run(&mut campaign, envelopes, &mut steps);
    let envelopes = sample::oversight(campaign.state(), spec.seed);
    run(&mut campaign, envelopes, &mut steps);
    let envelopes = sample::acceptance(campaign.state(), spec.seed);
    run(&mut campaign, envelopes, &mut steps);
    let a = &campaign.state().acceptance;
    let failed_once: Vec<&String> =
        a.organizations.iter().filter(|(_, x)| x.rounds.len() == 2).map(|(o, _)| o).collect();
    assert_eq!(failed_once.len(), 1, "one organization takes two rounds: choose another seed");
    let unit = campaign.state().organization.party_organizations[failed_once[0]].unit;
    assert_eq!(
        campaign.state().organization.units[&unit].level,
        grassroots::OrgLevel::Village,
        "the organization that fails once is a village's: choose another seed"
    );
    let office = sample::administrator();
    let query = |q: Value| json!({ "query": { "actor": office, "query": q, "schemaVersion": SCHEMA_VERSION } });
    for q in [
        json!({"type":"establishedProblemLists"}),
        json!({"type":"specialReport"}),
        json!({"type":"weakAndLaxList"}),
        json!({"type":"ledgers","at":"2022-11-30T18:00:00+08:00"}),
        json!({"type":"inspections"}),
        json!({"type":"acceptances"}),
        json!({"type":"acceptanceFunnel"}),
        json!({"type":"appraisal","at":"2022-11-30T18:00:00+08:00"}),
    ] {
        steps.push(query(q));
    }
    let scenario = json!({
        "name": "the campaign of 2022",
        "description": "The whole plan of 东方红街道 (2022) on a small generated sub-district (2 villages, 2 communities, 48 households; demo seed 20220420), April to November: opening, the door-knock survey, the loop, the problem lists, the look-back and its special report, the weak-and-lax list confirmed by the district, rectification with pairings, study, pledges and volunteer service, one unannounced inspection whose finding is handled, a notice, and the four-tier acceptance in which one village fails the district's evaluation, has its secretary adjusted, keeps its pairings, rectifies again and passes in round two. Written by `cargo run --example scenario_2022`.",
        "steps": steps,
        "expectHead": {},
    });
    let path = "tests/scenarios/08-campaign-2022.json";
    let text = serde_json::to_string_pretty(&scenario).expect("JSON") + "\n";
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e} (run from the repository's root)"));
    println!(
        "wrote {path}: {} steps, final seq {}",
        scenario["steps"].as_array().map_or(0, Vec::len),
        campaign.head().seq
    );
}
