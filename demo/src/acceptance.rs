//! The four-tier acceptance in the sample (November 2022): every village's and community's
//! organization self-evaluated, assessed by the sub-district, evaluated by the district and verified
//! by the city. The first village on the weak-and-lax list fails the district's evaluation in round
//! one: its secretary is adjusted at once, it draws up one more measure, is made ready again and
//! passes in round two.

use super::people::Rng;
use super::{code, unit_cadre};
use crate::review::reviewer;
use chrono::{DateTime, Duration, FixedOffset};
use grassroots::people::PoliticalStatus;
use grassroots::{Actor, Command, CommandEnvelope, DivisionCode, Role, SCHEMA_VERSION, State};
use serde_json::{Value, json};

/// The moment the sample's acceptance has reached when the main job reads it.
pub const ACCEPTANCE_ENDS: &str = "2022-11-30T18:00:00+08:00";

/// The district's evaluator (区评估), scoped to 岳麓区.
pub fn district_evaluator() -> Actor {
    Actor { id: "qzzb-evaluator".into(), role: Role::DistrictEvaluator, scope: code(crate::DISTRICT) }
}

/// The city's verifier (市核查), scoped to 长沙市.
pub fn city_verifier() -> Actor {
    Actor { id: "szzb-verifier".into(), role: Role::CityVerifier, scope: code("430100000000") }
}

const TIERS: [&str; 4] = ["selfEvaluation", "subdistrictAssessment", "districtEvaluation", "cityVerification"];
const EVIDENCE: [&str; 3] = ["查阅班子会议记录、整改台账", "突出问题清单逐项销号", "入户测评、民主测评"];

fn scores(r: &mut Rng, low: i64) -> Value {
    let ids = ["strengthened", "problemsSolved", "satisfied"];
    Value::Array(
        ids.iter()
            .zip(EVIDENCE)
            .map(|(id, evidence)| json!({"criterion":id,"score":r.range(low, 96),"evidence":evidence}))
            .collect(),
    )
}

/// The commands of the acceptance for the campaign `state` holds (after rectification), in time
/// order, with command ids `ys-000001`, …; every one is accepted in order.
pub fn acceptance(state: &State, seed: u64) -> Vec<CommandEnvelope> {
    let mut out: Vec<(DateTime<FixedOffset>, Actor, Value)> = Vec::new();
    let day = |d: &str, minutes: i64| -> DateTime<FixedOffset> {
        format!("2022-11-{d}T09:00:00+08:00").parse::<DateTime<FixedOffset>>().expect("a valid time")
            + Duration::minutes(minutes)
    };
    // The organization that fails once: the first listed one of a village (else the first listed).
    let units = &state.organization.units;
    let listed: Vec<(&String, DivisionCode)> = state.rectification.ledgers.iter().map(|(o, l)| (o, l.unit)).collect();
    let failing = listed
        .iter()
        .find(|(_, u)| units.get(u).is_some_and(|u| u.level == grassroots::OrgLevel::Village))
        .or(listed.first())
        .map(|(o, _)| (*o).clone());
    let judges = |unit| [unit_cadre(unit), reviewer(), district_evaluator(), city_verifier()];
    let orgs = state
        .organization
        .party_organizations
        .values()
        .filter(|o| state.organization.units.get(&o.unit).is_some_and(|u| u.level.is_village_or_community()));
    for (n, o) in orgs.enumerate() {
        let mut r = Rng::fork(seed, 0x5953_0000 + n as u64);
        let judges = judges(o.unit);
        let days = ["02", "08", "15", "22"];
        let fails = failing.as_deref() == Some(o.id.as_str());
        for (t, tier) in TIERS.iter().enumerate() {
            let at = day(days[t], n as i64 * 5);
            if fails && t == 2 {
                out.push((
                    at,
                    judges[t].clone(),
                    json!({"type":"judgeAcceptance","organization":o.id,"tier":tier,"passed":false,
                    "scores":scores(&mut r, 55),"notes":"班子战斗力不强，群众满意度不高，未达到验收标准"}),
                ));
                break;
            }
            out.push((
                at,
                judges[t].clone(),
                json!({"type":"judgeAcceptance","organization":o.id,"tier":tier,"passed":true,
                "scores":scores(&mut r, 82),"notes":"达到验收标准"}),
            ));
        }
        if fails {
            // 即时调整党组织书记: another full member of the organization takes over.
            let successor = state.people.persons.iter().find(|p| {
                p.party_organization.as_deref() == Some(o.id.as_str())
                    && p.political_status == PoliticalStatus::PartyMember
                    && o.secretary.as_deref() != Some(p.id.as_str())
            });
            let Some(successor) = successor else { continue };
            let committee = reviewer();
            out.push((
                day("16", 0),
                committee.clone(),
                json!({"type":"adjustSecretary","organization":o.id,"person":successor.id,
                "reason":"区评估未通过，即时调整党组织书记"}),
            ));
            let measure = format!("{}-r2", o.id);
            let owner = unit_cadre(o.unit);
            // It answers what the ledger's first measure answered: the same weakness, worked again.
            let Some(answer) = state.rectification.ledgers.get(&o.id).and_then(|l| l.measures.first()?.answers.first())
            else {
                continue;
            };
            out.push((
                day("16", 30),
                committee.clone(),
                json!({"type":"addMeasure","organization":o.id,"measure":{"id":measure,
                "text":"新任书记带头逐户走访，听取群众意见并公开办理结果","owner":owner.id,"ownerPost":"村（社区）党组织书记",
                "due":"2022-11-25","answers":[answer]}}),
            ));
            out.push((
                day("21", 0),
                owner.clone(),
                json!({"type":"markMeasureDone","measure":measure,"done":"走访全部农户，意见逐条回复"}),
            ));
            out.push((
                day("22", 0),
                super::administrator(),
                json!({"type":"verifyMeasure","measure":measure,"passed":true,"note":"抽查20户属实"}),
            ));
            out.push((day("22", 30), committee, json!({"type":"markReadyForAcceptance","organization":o.id})));
            for (t, tier) in TIERS.iter().enumerate() {
                out.push((
                    day(["23", "24", "25", "28"][t], 0),
                    judges[t].clone(),
                    json!({"type":"judgeAcceptance","organization":o.id,"tier":tier,"passed":true,
                    "scores":scores(&mut r, 80),"notes":"第二轮验收：达到验收标准"}),
                ));
            }
        }
    }
    out.sort_by_key(|x| x.0);
    out.into_iter()
        .enumerate()
        .map(|(i, (at, actor, v))| CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("ys-{:06}", i + 1),
            actor,
            at,
            expected_seq: None,
            command: serde_json::from_value::<Command>(v).expect("a command of the acceptance"),
        })
        .collect()
}
