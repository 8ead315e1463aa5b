//! Supervision in the sample (October 2022): the discipline committee draws one unannounced inspection
//! ("四不两直") of two villages or communities by a seed, visits both, reports what it found in one as
//! a problem that the loop then handles to closing, and issues a notice.

use super::{administrator, code, unit_cadre};
use crate::problems::dispatcher;
use chrono::{DateTime, Duration, FixedOffset};
use grassroots::oversight::draw;
use grassroots::{Actor, Command, CommandEnvelope, DivisionCode, Role, SCHEMA_VERSION, State};
use serde_json::{Value, json};

/// The sub-district's discipline committee (街道纪工委).
pub fn discipline_committee() -> Actor {
    Actor { id: "jd-jgw".into(), role: Role::DisciplineCommittee, scope: code(super::SUBDISTRICT) }
}

/// The id of the sample's inspection.
pub const INSPECTION: &str = "in-2022-10";

/// The commands of supervision for the campaign `state` holds (after rectification), in time order,
/// with command ids `dc-000001`, …; every one is accepted in order.
pub fn oversight(state: &State, seed: u64) -> Vec<CommandEnvelope> {
    let at = |s: &str| s.parse::<DateTime<FixedOffset>>().expect("a valid time");
    let committee = discipline_committee();
    let candidates: Vec<DivisionCode> =
        state.organization.units.iter().filter(|(_, u)| u.level.is_village_or_community()).map(|(c, _)| *c).collect();
    let mut out: Vec<(DateTime<FixedOffset>, Actor, Value)> = Vec::new();
    if candidates.len() >= 2 {
        // A seed every door carries exactly (15 digits), derived from the sample's.
        let draw_seed = seed.wrapping_mul(2_654_435_761) % 1_000_000_000_000_000;
        let targets = draw(&candidates, 2, draw_seed);
        let codes = |v: &[DivisionCode]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        out.push((
            at("2022-10-10T09:00:00+08:00"),
            committee.clone(),
            json!({"type":"planInspection","plan":{"id":INSPECTION,"title":"整建提质专项行动“四不两直”暗访",
            "candidates":codes(&candidates),"count":2,"seed":draw_seed,"targets":codes(&targets)}}),
        ));
        let problem = format!("{INSPECTION}-1");
        for (k, unit) in targets.iter().enumerate() {
            let findings = if k == 0 {
                json!([{"id":problem,"unit":unit.to_string(),"category":"partyBuilding","severity":"moderate",
                        "description":"党员活动室挪作他用，“三会一课”记录不全","sources":[]}])
            } else {
                json!([])
            };
            out.push((
                at("2022-10-11T10:00:00+08:00") + Duration::hours(3 * k as i64),
                committee.clone(),
                json!({"type":"recordInspection","inspection":INSPECTION,"unit":unit.to_string(),
                "summary":if k == 0 { "发现党员活动室挪作他用，已现场反馈" } else { "台账齐全，群众知晓率高" },
                "findings":findings}),
            ));
        }
        // The finding runs through the loop to closing.
        let unit = targets[0];
        let cadre = unit_cadre(unit);
        let steps = [
            (&dispatcher(), json!({"type":"confirmProblem","problem":problem})),
            (
                &dispatcher(),
                json!({"type":"dispatchProblem","problem":problem,"target":format!("vc-{unit}"),"due":{"workingDays":5}}),
            ),
            (&cadre, json!({"type":"acceptProblem","problem":problem})),
            (&cadre, json!({"type":"reportProblemDone","problem":problem,"done":"活动室恢复使用，补齐会议记录"})),
            (&dispatcher(), json!({"type":"verifyProblem","problem":problem,"passed":true,"note":"复查属实"})),
            (&administrator(), json!({"type":"closeProblem","problem":problem,"feedback":{"satisfied":true}})),
        ];
        for (i, (actor, v)) in steps.into_iter().enumerate() {
            out.push((at("2022-10-12T09:00:00+08:00") + Duration::days(i as i64), actor.clone(), v));
        }
    }
    out.push((
        at("2022-10-25T09:00:00+08:00"),
        committee,
        json!({"type":"issueNotice","notice":{"id":"tb-2022-10","kind":"progress","title":"关于整建提质专项行动督查情况的通报",
        "body":"10月，街道纪工委对村（社区）开展“四不两直”暗访，发现的问题已交办整改并办结。各村（社区）要对照整改台账，确保11月验收前全部销号。"}}),
    ));
    out.into_iter()
        .enumerate()
        .map(|(i, (at, actor, v))| CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("dc-{:06}", i + 1),
            actor,
            at,
            expected_seq: None,
            command: serde_json::from_value::<Command>(v).expect("a command of supervision"),
        })
        .collect()
}
