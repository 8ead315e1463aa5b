//! Weak-and-lax determination: the rubric's ranges, the assessment, decisions that keep the rubric
//! version and assessment they were made on (random rubric changes never alter them), the list
//! submitted and confirmed from above.

mod common;

use common::*;
use grassroots::{Actor, Campaign, Command, ErrorCode, Query, Role};
use proptest::prelude::*;
use serde_json::{Value, json};

fn command(value: Value) -> Command {
    serde_json::from_value(value).unwrap()
}

fn query(c: &Campaign, a: &Actor, value: Value) -> Value {
    let q: Query = serde_json::from_value(value.clone()).unwrap();
    serde_json::to_value(c.query(a, &q).unwrap_or_else(|e| panic!("{value}: {e:?}"))).unwrap()
}

fn rubric(petition_weight: u32, rating_threshold: f64, suggest_at: u32) -> Value {
    json!({"criteria":[
        {"id":"petitions","label":"信访问题突出","measure":{"kind":"feedbackCount","source":"petitions"},
         "direction":"atLeast","threshold":3,"weight":petition_weight},
        {"id":"rating","label":"班子评价低","measure":{"kind":"reviewRating"},"direction":"atMost",
         "threshold":rating_threshold,"weight":40},
        {"id":"satisfaction","label":"群众满意度低","measure":{"kind":"reviewSatisfaction"},"direction":"atMost",
         "threshold":0.9,"weight":20}],
      "vetoes":[{"id":"crime","label":"发生刑事案件","measure":{"kind":"feedbackCount","source":"criminalCases"},
         "direction":"atLeast","threshold":1}],
      "suggestAt":suggest_at})
}

/// A campaign with two communities' look-backs concluded (one weak), feedback recorded, and
/// branches `b1` (东方红) and `b2` (金南).
fn world() -> (Campaign, Envelopes) {
    let (mut c, mut e) = small_campaign();
    let mut run = |c: &mut Campaign, v: Value| {
        c.execute(e.admin(command(v.clone()))).unwrap_or_else(|err| panic!("{v}: {err:?}"))
    };
    run(
        &mut c,
        json!({"type":"establishPartyOrganization","id":"b2","kind":"generalPartyBranch","name":"金南社区党总支","unit":COMMUNITY_2}),
    );
    for (id, unit, score, dissatisfied) in [("r1", COMMUNITY, 2, 8), ("r2", COMMUNITY_2, 4, 1)] {
        run(&mut c, json!({"type":"openReview","id":id,"unit":unit}));
        for q in ["runsSmoothly", "capable", "morale", "residentsView", "freeOfConflicts"] {
            run(&mut c, json!({"type":"rateReviewQuestion","review":id,"question":q,"rating":{"score":score}}));
        }
        for item in [
            "organizationSetUp",
            "leadershipComplete",
            "rulesComplete",
            "fundingAndPremises",
            "roleFullyPlayed",
            "noGovernanceDisorder",
        ] {
            run(&mut c, json!({"type":"recordStructuralFinding","review":id,"item":item,"finding":{"sound":true}}));
        }
        run(&mut c, json!({"type":"rateSecretary","review":id,"rating":{"score":score}}));
        run(
            &mut c,
            json!({"type":"recordDemocraticEvaluation","review":id,"evaluation":{"ballots":40,"items":[
            {"item":"班子整体","satisfied":30 - dissatisfied,"basicallySatisfied":10,"dissatisfied":dissatisfied}]}}),
        );
        run(&mut c, json!({"type":"concludeReview","review":id,"conclusion":"研判完毕"}));
    }
    run(
        &mut c,
        json!({"type":"recordDepartmentFeedback","feedback":{"organization":"b1","source":"petitions","period":"2022Q1",
        "count":4,"severity":"moderate","notes":"集体资产处置信访"}}),
    );
    (c, e)
}

fn refused(c: &mut Campaign, e: &mut Envelopes, by: &Actor, v: Value) -> grassroots::Error {
    let head = c.head();
    let err = c.execute(e.by(by, command(v.clone()))).expect_err(&v.to_string());
    assert_eq!(c.head(), head, "a refusal changes nothing");
    err
}

#[test]
fn a_rubric_out_of_range_is_refused() {
    let (mut c, mut e) = world();
    for (bad, field) in [
        (rubric(0, 3.0, 60), "command.rubric.criteria[0].weight"),
        (rubric(70, 3.0, 60), "command.rubric.criteria"),
        (rubric(40, 6.0, 60), "command.rubric.criteria[1].threshold"),
        (rubric(40, 3.0, 0), "command.rubric.suggestAt"),
    ] {
        let err = refused(&mut c, &mut e, &admin(), json!({"type":"setRubric","rubric":bad}));
        assert_eq!((err.rule.as_deref(), err.field.as_deref()), (Some("weakAndLax.rubricInRange"), Some(field)));
    }
}

#[test]
fn a_decision_needs_an_assessment_and_keeps_it() {
    let (mut c, mut e) = world();
    let decide = json!({"type":"decideWeakAndLax","organization":"b1","propose":true,"reason":"信访突出，班子评价低"});
    let err = refused(&mut c, &mut e, &admin(), decide.clone());
    assert_eq!(err.rule.as_deref(), Some("weakAndLax.decideOnAnAssessment"), "no rubric yet");
    c.execute(e.admin(command(json!({"type":"setRubric","rubric":rubric(40, 3.0, 60)})))).unwrap();
    let at = json!({"type":"weakAndLaxAssessment","at":"2022-06-10T09:00:00+08:00"});
    let assessed = query(&c, &admin(), at.clone());
    let b1 = assessed["assessments"].as_array().unwrap().iter().find(|a| a["organization"] == "b1").unwrap().clone();
    assert_eq!(b1["score"], 100, "{b1}");
    assert_eq!(b1["suggested"], true);
    assert_eq!(b1["reasons"][0], "信访问题突出（4，+40分）");
    let b2 = assessed["assessments"].as_array().unwrap().iter().find(|a| a["organization"] == "b2").unwrap().clone();
    assert_eq!((b2["score"].as_u64(), b2["suggested"].as_bool()), (Some(0), Some(false)), "{b2}");
    c.execute(e.admin(command(decide))).unwrap();
    c.execute(e.admin(command(
        json!({"type":"recordDepartmentFeedback","feedback":{"organization":"b2","source":"criminalCases",
        "period":"2022Q2","count":1,"severity":"serious"}}),
    )))
    .unwrap();
    assert_eq!(
        query(&c, &admin(), at)["assessments"][1]["vetoesHit"][0]["id"],
        "crime",
        "a veto suggests an organization whatever its score"
    );
    // A stricter rubric later: the decision stays as it was made.
    c.execute(e.admin(command(json!({"type":"setRubric","rubric":rubric(10, 1.0, 90)})))).unwrap();
    let list = query(&c, &admin(), json!({"type":"weakAndLaxList"}));
    let d = &list["decisions"][0];
    assert_eq!((d["assessment"]["rubricVersion"].as_u64(), d["assessment"]["score"].as_u64()), (Some(1), Some(100)));
}

#[test]
fn the_list_is_submitted_and_confirmed_from_above_once() {
    let (mut c, mut e) = world();
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"submitWeakAndLaxList","to":"区委组织部"}));
    assert_eq!(err.rule.as_deref(), Some("weakAndLax.listOfDecisions"));
    c.execute(e.admin(command(json!({"type":"setRubric","rubric":rubric(40, 3.0, 60)})))).unwrap();
    c.execute(
        e.admin(command(json!({"type":"decideWeakAndLax","organization":"b1","propose":true,"reason":"信访突出"}))),
    )
    .unwrap();
    c.execute(
        e.admin(command(json!({"type":"decideWeakAndLax","organization":"b2","propose":false,"reason":"班子稳定"}))),
    )
    .unwrap();
    c.execute(e.admin(command(json!({"type":"submitWeakAndLaxList","to":"区委组织部"})))).unwrap();
    let confirm = json!({"type":"confirmWeakAndLaxList","version":1});
    let err = refused(&mut c, &mut e, &admin(), confirm.clone());
    assert_eq!(err.code, ErrorCode::PermissionDenied, "the office does not confirm its own list");
    let district = actor(Role::Inspector, "430104000000");
    c.execute(e.by(&district, command(confirm.clone()))).unwrap();
    let err = refused(&mut c, &mut e, &district, confirm);
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::InvalidTransition, Some("weakAndLax.confirmedOnce")));
    let list = query(&c, &admin(), json!({"type":"weakAndLaxList"}));
    assert_eq!(list["submissions"][0]["organizations"], json!(["b1"]));
    assert_eq!(list["submissions"][0]["confirmed"][0], json!(district.id));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_rubric_changes_never_alter_recorded_decisions(
        changes in proptest::collection::vec((1u32..=60, 1.0f64..=5.0, 1u32..=100, any::<bool>()), 1..12)
    ) {
        let (mut c, mut e) = world();
        c.execute(e.admin(command(json!({"type":"setRubric","rubric":rubric(40, 3.0, 60)})))).unwrap();
        c.execute(e.admin(command(json!({"type":"decideWeakAndLax","organization":"b1","propose":true,"reason":"信访突出"})))).unwrap();
        let before = query(&c, &admin(), json!({"type":"weakAndLaxList"}))["decisions"].clone();
        for (weight, threshold, suggest_at, decide_b2) in changes {
            let _ = c.execute(e.admin(command(json!({"type":"setRubric","rubric":rubric(weight, threshold, suggest_at)}))));
            if decide_b2 {
                c.execute(e.admin(command(json!({"type":"decideWeakAndLax","organization":"b2","propose":false,"reason":"稳定"})))).unwrap();
            }
        }
        let after = query(&c, &admin(), json!({"type":"weakAndLaxList"}))["decisions"].clone();
        let b1 = |d: &Value| d.as_array().unwrap().iter().find(|x| x["organization"] == "b1").cloned();
        prop_assert_eq!(b1(&before), b1(&after));
        let records: Vec<grassroots::Record> = c.records_since(0).cloned().collect();
        let replayed = Campaign::replay(records).unwrap();
        prop_assert_eq!(replayed.state(), c.state());
        let restored = Campaign::restore(c.snapshot()).unwrap();
        prop_assert_eq!(restored.state(), c.state());
    }
}

#[test]
fn feedback_once_per_period_confirmation_from_above_of_the_latest_and_words_masked() {
    let (mut c, mut e) = world();
    let again = json!({"type":"recordDepartmentFeedback","feedback":{"organization":"b1","source":"petitions","period":"2022Q1",
        "count":5,"severity":"moderate"}});
    let err = refused(&mut c, &mut e, &admin(), again);
    assert_eq!(err.rule.as_deref(), Some("weakAndLax.feedbackOncePerPeriod"));
    c.execute(e.admin(command(json!({"type":"setRubric","rubric":rubric(40, 3.0, 60)})))).unwrap();
    c.execute(e.admin(command(
        json!({"type":"decideWeakAndLax","organization":"b1","propose":true,"reason":"张某某多次上访"}),
    )))
    .unwrap();
    c.execute(e.admin(command(json!({"type":"submitWeakAndLaxList","to":"区委组织部"})))).unwrap();
    c.execute(e.admin(command(json!({"type":"submitWeakAndLaxList","to":"区委组织部"})))).unwrap();
    let own = actor(Role::Inspector, SUBDISTRICT);
    let err = refused(&mut c, &mut e, &own, json!({"type":"confirmWeakAndLaxList","version":2}));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::PermissionDenied, Some("weakAndLax.confirmedFromAbove")));
    let district = actor(Role::Inspector, "430104000000");
    let err = refused(&mut c, &mut e, &district, json!({"type":"confirmWeakAndLaxList","version":1}));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::InvalidTransition, Some("weakAndLax.confirmTheLatest")));
    c.execute(e.by(&district, command(json!({"type":"confirmWeakAndLaxList","version":2})))).unwrap();
    for role in [Role::GridWorker, Role::Inspector, Role::Visitor, Role::Handler] {
        let a = actor(role, SUBDISTRICT);
        let text = query(&c, &a, json!({"type":"weakAndLaxList"})).to_string()
            + &query(&c, &a, json!({"type":"departmentFeedback"})).to_string();
        assert!(
            !text.contains("张某某") && !text.contains("集体资产"),
            "{role:?} reads the committee's or a department's words"
        );
    }
    let full = query(&c, &admin(), json!({"type":"weakAndLaxList"}));
    assert_eq!(full["decisions"][0]["reason"], "张某某多次上访");
}
