//! Weak-and-lax determination in the sample (mid-June 2022): department feedback on each village's and
//! community's party organization, the sub-district's rubric, the committee's decision on each (it
//! follows the rubric's suggestion, in its own words), the list submitted to the district and
//! confirmed there.

use super::people::Rng;
use super::{administrator, code};
use crate::review::reviewer;
use chrono::{DateTime, Duration, FixedOffset};
use grassroots::weak_and_lax::{Rubric, assess};
use grassroots::{Actor, Command, CommandEnvelope, Role, SCHEMA_VERSION, State};
use serde_json::{Value, json};

/// The district's organization department inspector who confirms the list.
pub fn district_inspector() -> Actor {
    Actor { id: "qzzb-inspector".into(), role: Role::Inspector, scope: code(crate::DISTRICT) }
}

/// The sample's rubric (made up for the sample: the plan gives no weights).
pub fn sample_rubric() -> Value {
    json!({
        "criteria": [
            {"id":"petitions","label":"信访问题突出","measure":{"kind":"feedbackCount","source":"petitions"},
             "direction":"atLeast","threshold":5,"weight":20},
            {"id":"publicOrder","label":"治安问题较多","measure":{"kind":"feedbackCount","source":"publicOrderCases"},
             "direction":"atLeast","threshold":4,"weight":15},
            {"id":"overdue","label":"突出问题整改逾期","measure":{"kind":"overdueProblems"},
             "direction":"atLeast","threshold":2,"weight":15},
            {"id":"rating","label":"“回头看”班子评价低","measure":{"kind":"reviewRating"},
             "direction":"atMost","threshold":3.0,"weight":25},
            {"id":"structure","label":"组织建设问题多","measure":{"kind":"reviewStructuralProblems"},
             "direction":"atLeast","threshold":3,"weight":15},
            {"id":"satisfaction","label":"民主测评满意率低","measure":{"kind":"reviewSatisfaction"},
             "direction":"atMost","threshold":0.9,"weight":10}
        ],
        "vetoes": [
            {"id":"crime","label":"班子成员涉刑事案件","measure":{"kind":"feedbackCount","source":"criminalCases"},
             "direction":"atLeast","threshold":1}
        ],
        "suggestAt": 50
    })
}

/// The commands of the determination for the campaign `state` holds (after the look-back), in
/// order, with command ids `wl-000001`, …; every one is accepted in order. The decisions follow the
/// rubric's suggestion, computed here on the state as it will be once the feedback and rubric are in.
pub fn determination(state: &State, seed: u64) -> Vec<CommandEnvelope> {
    let start: DateTime<FixedOffset> = "2022-06-15T09:00:00+08:00".parse().expect("a valid time");
    let mut out: Vec<(DateTime<FixedOffset>, Actor, Value)> = Vec::new();
    let push = |out: &mut Vec<(DateTime<FixedOffset>, Actor, Value)>, actor: &Actor, v: Value| {
        let t = out.last().map_or(start, |x| x.0) + Duration::minutes(5);
        out.push((t, actor.clone(), v));
    };
    let orgs: Vec<_> = state
        .organization
        .party_organizations
        .values()
        .filter(|o| state.organization.units.get(&o.unit).is_some_and(|u| u.level.is_village_or_community()))
        .collect();
    // Feedback from the departments: weaker teams (by their look-back) draw more petitions.
    for (n, o) in orgs.iter().enumerate() {
        let mut r = Rng::fork(seed, 0x574c_0000 + n as u64);
        let weak = state
            .reviews
            .reviews
            .iter()
            .rev()
            .find(|x| x.unit == o.unit)
            .and_then(|x| x.mean_rating())
            .is_some_and(|m| m <= 3.0);
        let petitions = if weak { r.range(4, 9) } else { r.range(0, 3) } as u32;
        let public_order = r.range(0, 5) as u32;
        let mut list = vec![
            ("petitions", petitions, "集体资产处置、征拆补偿类信访"),
            ("publicOrderCases", public_order, "邻里纠纷引发的治安案件"),
            ("partyBuilding", 1, "党建工作考核"),
        ];
        if weak && r.below(100) < 50 {
            list.push(("villageInspection", 1, "村级巡查发现财务管理不规范"));
        }
        for (source, count, notes) in &list {
            let severity = if *count >= 5 { "serious" } else { "moderate" };
            push(
                &mut out,
                &administrator(),
                json!({"type":"recordDepartmentFeedback","feedback":{"organization":o.id,
                "source":source,"period":"2022H1","count":count,"severity":severity,"notes":notes}}),
            );
        }
    }
    let rubric_value = sample_rubric();
    push(&mut out, &administrator(), json!({"type":"setRubric","rubric":rubric_value.clone()}));
    // The committee's decisions: computed on the state with the feedback and rubric applied.
    let mut preview = state.clone();
    for (at, _, v) in &out {
        let event =
            match serde_json::from_value::<Command>(v.clone()).expect("a command") {
                Command::RecordDepartmentFeedback(c) => grassroots::Event::DepartmentFeedbackRecorded(
                    grassroots::weak_and_lax::DepartmentFeedbackRecorded { feedback: c.feedback },
                ),
                Command::SetRubric(c) => {
                    grassroots::Event::RubricSet(grassroots::weak_and_lax::RubricSet { version: 1, rubric: c.rubric })
                }
                _ => continue,
            };
        grassroots::engine::Domain::apply(&mut preview, &event, *at);
    }
    let rubric: Rubric = serde_json::from_value(rubric_value).expect("the sample's rubric");
    let committee = reviewer();
    for o in &orgs {
        let a = assess(&preview, o, 1, &rubric, out.last().map_or(start, |x| x.0));
        let reason = if a.suggested {
            format!("经街道党工委研究，{}，拟列为软弱涣散基层党组织", a.reasons.join("；"))
        } else if a.reasons.is_empty() {
            "经街道党工委研究，班子运行正常，不列入".to_string()
        } else {
            format!("经街道党工委研究，{}，但未达列入标准，纳入重点关注", a.reasons.join("；"))
        };
        push(
            &mut out,
            &committee,
            json!({"type":"decideWeakAndLax","organization":o.id,"propose":a.suggested,"reason":reason}),
        );
    }
    push(&mut out, &administrator(), json!({"type":"submitWeakAndLaxList","to":"高新区委组织部"}));
    let at = out.last().map_or(start, |x| x.0) + Duration::days(3);
    out.push((at, district_inspector(), json!({"type":"confirmWeakAndLaxList","version":1})));
    out.into_iter()
        .enumerate()
        .map(|(i, (at, actor, v))| CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("wl-{:06}", i + 1),
            actor,
            at,
            expected_seq: None,
            command: serde_json::from_value::<Command>(v).expect("a command of the determination"),
        })
        .collect()
}
