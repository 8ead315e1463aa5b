//! Supervision and appraisal: the seeded draw refuses targets its seed does not give; an inspection is
//! unannounced until it visits; its findings become problems of the loop; notices; admonition talks
//! and accountability cases, masked; lagging organizations and the appraisal summary.

mod common;

use common::*;
use grassroots::{Actor, DivisionCode, ErrorCode, Role};
use serde_json::{Value, json};

fn discipline() -> Actor {
    actor(Role::DisciplineCommittee, SUBDISTRICT)
}

fn codes() -> Vec<DivisionCode> {
    [COMMUNITY, COMMUNITY_2, VILLAGE].iter().map(|c| DivisionCode::parse(c, "c").unwrap()).collect()
}

fn plan(id: &str, seed: u64, targets: &[DivisionCode]) -> Value {
    let targets: Vec<String> = targets.iter().map(|c| c.to_string()).collect();
    json!({"type":"planInspection","plan":{"id":id,"title":"“四不两直”暗访","candidates":[VILLAGE, COMMUNITY, COMMUNITY_2],
           "count":2,"seed":seed,"targets":targets}})
}

fn world() -> (grassroots::Campaign, Envelopes) {
    let (mut c, mut e) = small_campaign();
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"establishPartyOrganization","id":"b2","kind":"generalPartyBranch","name":"金南社区党总支","unit":COMMUNITY_2}),
    );
    (c, e)
}

#[test]
fn an_inspection_is_drawn_by_its_seed_and_unannounced_until_it_visits() {
    let (mut c, mut e) = world();
    let drawn = grassroots::oversight::draw(&codes(), 2, 20221101);
    let mut wrong = drawn.clone();
    wrong.reverse();
    let err = refused(&mut c, &mut e, &discipline(), plan("in1", 20221101, &wrong));
    assert_eq!(err.rule.as_deref(), Some("oversight.drawMatchesItsSeed"));
    assert!(err.message.contains(&drawn[0].to_string()), "the message says what it draws: {}", err.message);
    let err = refused(&mut c, &mut e, &discipline(), plan("in1", 1_000_000_000_000_000, &drawn));
    assert_eq!(err.field.as_deref(), Some("command.plan.seed"));
    let err = refused(&mut c, &mut e, &actor(Role::SubdistrictCadre, SUBDISTRICT), plan("in1", 20221101, &drawn));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "the committee and the leading group's office oversee");
    run(&mut c, &mut e, &discipline(), plan("in1", 20221101, &drawn));
    // Before it visits, the target's cadres cannot see it; neither exists nor not, for them.
    let target = drawn[0].to_string();
    let cadre = actor(Role::CommunityCadre, &target);
    let q: grassroots::Query = serde_json::from_value(json!({"type":"inspection","id":"in1"})).unwrap();
    let unknown: grassroots::Query = serde_json::from_value(json!({"type":"inspection","id":"in-none"})).unwrap();
    let (hidden, none) = (c.query(&cadre, &q).unwrap_err(), c.query(&cadre, &unknown).unwrap_err());
    assert_eq!((hidden.code, none.code), (ErrorCode::NotFound, ErrorCode::NotFound));
    assert_eq!(hidden.message.replace("in1", "in-none"), none.message, "the same answer as for none");
    assert_eq!(answer(&c, &cadre, json!({"type":"inspections"}))["inspections"], json!([]));
    assert_eq!(answer(&c, &admin(), json!({"type":"inspections"}))["inspections"][0]["plan"]["id"], "in1");
    // The visit: only a target, once; its findings become problems of the unit, sourced to it.
    let not_drawn = codes().into_iter().find(|u| !drawn.contains(u)).unwrap().to_string();
    let visit = |unit: &str, findings: Value| json!({"type":"recordInspection","inspection":"in1","unit":unit,"summary":"党员活动室挪作他用","findings":findings});
    let err = refused(&mut c, &mut e, &discipline(), visit(&not_drawn, json!([])));
    assert_eq!(err.rule.as_deref(), Some("oversight.visitTheTargets"));
    let finding = json!([{"id":"p-in1","unit":target,"category":"partyBuilding","severity":"moderate",
        "description":"党员活动室挪作他用","sources":[]}]);
    run(&mut c, &mut e, &discipline(), visit(&target, finding.clone()));
    let p = &c.state().problems.problems.get("p-in1").unwrap();
    assert_eq!(serde_json::to_value(&p.sources).unwrap(), json!([{"kind":"inspection","reference":"in1"}]));
    let err = refused(&mut c, &mut e, &discipline(), visit(&target, json!([])));
    assert_eq!(err.rule.as_deref(), Some("oversight.visitOnce"));
    let seen = answer(&c, &cadre, json!({"type":"inspection","id":"in1"}));
    assert_eq!(seen["inspection"]["plan"]["targets"], json!([target]), "only its own unit of the plan");
    assert_eq!(seen["inspection"]["visits"][0]["problems"], json!(["p-in1"]));
    let gw = answer(&c, &actor(Role::GridWorker, &target), json!({"type":"inspection","id":"in1"}));
    assert_eq!(gw["inspection"]["visits"][0]["summary"], "", "the words masked for a grid worker");
}

#[test]
fn notices_admonitions_and_cases_are_recorded_and_masked() {
    let (mut c, mut e) = world();
    run(
        &mut c,
        &mut e,
        &discipline(),
        json!({"type":"issueNotice","notice":{"id":"n1","kind":"criticism","title":"关于整改进度滞后的通报",
        "body":"东方红社区整改进度滞后","organizations":["b1"]}}),
    );
    run(
        &mut c,
        &mut e,
        &discipline(),
        json!({"type":"issueNotice","notice":{"id":"n2","kind":"progress","title":"第一期工作进展","body":"入户走访全覆盖"}}),
    );
    let jinnan = answer(&c, &actor(Role::GridWorker, COMMUNITY_2), json!({"type":"notices"}));
    assert_eq!(jinnan["notices"].as_array().unwrap().len(), 1, "the campaign's notice, not 东方红's");
    let err = refused(
        &mut c,
        &mut e,
        &discipline(),
        json!({"type":"recordAdmonition","admonition":{"id":"a1","organization":"b1","persons":["m1"],"reason":"x",
        "on":"2022-06-01","followUp":"2022-05-01"}}),
    );
    assert_eq!(err.field.as_deref(), Some("command.admonition.followUp"));
    run(
        &mut c,
        &mut e,
        &discipline(),
        json!({"type":"recordAdmonition","admonition":{"id":"a1","organization":"b1","persons":["m1"],
        "reason":"书记姓名m1整改不力","on":"2022-06-01","followUp":"2022-07-01"}}),
    );
    run(
        &mut c,
        &mut e,
        &discipline(),
        json!({"type":"openAccountabilityCase","case":{"id":"c1","organizations":["b1"],"persons":["m1","r1"],
        "facts":"虚报整改完成情况"}}),
    );
    let decide = json!({"type":"decideAccountabilityCase","case":"c1","outcome":"admonition","text":"对m1诫勉谈话"});
    run(&mut c, &mut e, &discipline(), decide.clone());
    let err = refused(&mut c, &mut e, &discipline(), decide);
    assert_eq!(err.rule.as_deref(), Some("oversight.decidedOnce"));
    let full = answer(&c, &discipline(), json!({"type":"accountability"}));
    assert_eq!(full["cases"][0]["case"]["persons"], json!(["m1", "r1"]));
    let masked = answer(&c, &actor(Role::GridWorker, COMMUNITY), json!({"type":"accountability"}));
    let text = serde_json::to_string(&masked).unwrap();
    assert!(!text.contains("m1") && !text.contains("虚报") && !text.contains("诫勉谈话"), "{text}");
    assert_eq!(masked["cases"][0]["decision"][0], "admonition", "the outcome is shown");
}

#[test]
fn lagging_organizations_and_the_appraisal_read_the_state() {
    let (mut c, mut e) = world();
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"reportProblems","problems":[
        {"id":"p1","unit":COMMUNITY,"category":"disputes","severity":"minor","description":"纠纷","sources":[{"kind":"hotline","reference":"1"}]},
        {"id":"p2","unit":COMMUNITY,"category":"disputes","severity":"minor","description":"纠纷","sources":[{"kind":"hotline","reference":"2"}]}]}),
    );
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"setDispatchTarget","target":{"id":"t1","kind":"subdistrictOffice","name":"综治办","level":"subdistrict",
        "unit":SUBDISTRICT,"handlers":["h"]}}),
    );
    for p in ["p1", "p2"] {
        run(&mut c, &mut e, &admin(), json!({"type":"confirmProblem","problem":p}));
        run(
            &mut c,
            &mut e,
            &admin(),
            json!({"type":"dispatchProblem","problem":p,"target":"t1","due":{"workingDays":3}}),
        );
    }
    let lagging = answer(&c, &admin(), json!({"type":"laggingOrganizations","at":"2022-05-20T09:00:00+08:00"}));
    let b1 = &lagging["organizations"][0];
    assert_eq!(b1["organization"], "b1");
    assert!(b1["reasons"].as_array().unwrap().iter().any(|r| r[0] == "problemsOverdue"), "{b1}");
    assert!(b1["reasons"].as_array().unwrap().iter().any(|r| r[0] == "surveyBehind"), "h1 is not covered: {b1}");
    let early = answer(&c, &admin(), json!({"type":"laggingOrganizations","at":"2022-04-14T09:00:00+08:00"}));
    assert_eq!(early["organizations"], json!([]), "nothing behind yet");
    let appraisal = answer(&c, &admin(), json!({"type":"appraisal","at":"2022-05-20T09:00:00+08:00"}));
    let line = &appraisal["organizations"][0];
    assert_eq!((line["problemsOpen"].clone(), line["problemsOverdue"].clone()), (json!(2), json!(2)));
    assert_eq!((line["households"].clone(), line["covered"].clone()), (json!(1), json!(0)));
}

#[test]
fn disorder_that_returns_after_closing_is_tracked() {
    let (mut c, mut e) = world();
    let report = |id: &str| {
        json!({"type":"reportProblems","problems":[{"id":id,"unit":COMMUNITY,"category":"pornographyAndGambling","severity":"moderate",
        "urgent":true,"description":"棋牌室聚众赌博","sources":[{"kind":"hotline","reference":id}]}]})
    };
    let cc = actor(Role::CommunityCadre, COMMUNITY);
    run(&mut c, &mut e, &admin(), report("g1"));
    let empty = answer(&c, &admin(), json!({"type":"recurringDisorder"}));
    assert_eq!(empty["places"], json!([]), "nothing closed yet");
    run(&mut c, &mut e, &cc, json!({"type":"fixImmediately","problem":"g1","done":"取缔"}));
    run(&mut c, &mut e, &admin(), json!({"type":"verifyProblem","problem":"g1","passed":true,"note":"属实"}));
    run(&mut c, &mut e, &admin(), json!({"type":"closeProblem","problem":"g1","feedback":{"satisfied":true}}));
    assert_eq!(answer(&c, &admin(), json!({"type":"recurringDisorder"}))["places"], json!([]), "closed once: not yet");
    run(&mut c, &mut e, &admin(), report("g2"));
    let places = answer(&c, &admin(), json!({"type":"recurringDisorder"}));
    assert_eq!(
        places["places"][0],
        json!({"unit":COMMUNITY,"category":"pornographyAndGambling","label":places["places"][0]["label"],"closed":1,"reopened":0,
               "reportedAgain":1,"open":1})
    );
    assert_eq!(
        answer(&c, &actor(Role::GridWorker, COMMUNITY_2), json!({"type":"recurringDisorder"}))["places"],
        json!([])
    );
}

#[test]
fn a_campaign_holds_10000_notices() {
    let (mut c, mut e) = world();
    for i in 0..10_000 {
        let n = json!({"type":"issueNotice","notice":{"id":format!("n{i}"),"kind":"progress","title":"通报","body":"进展"}});
        c.execute(e.by(&discipline(), serde_json::from_value(n).unwrap())).unwrap();
    }
    let err = refused(
        &mut c,
        &mut e,
        &discipline(),
        json!({"type":"issueNotice","notice":{"id":"one-more","kind":"progress","title":"通报","body":"进展"}}),
    );
    assert_eq!(err.rule.as_deref(), Some("oversight.recordsBounded"));
    let page = answer(&c, &admin(), json!({"type":"notices","limit":10000}));
    assert_eq!(page["notices"].as_array().unwrap().len(), 10_000);
}

#[test]
fn the_timetable_completes_an_item_the_state_shows_done() {
    let (mut c, mut e) = world();
    let add = |id: &str, done_when: Value, owner: &str| {
        json!({"type":"addScheduleItem","id":id,"task":"逐户排查，不漏一户","owner":"街道党工委","due":"2022-04-30",
               "ownerOrganization":owner,"doneWhen":done_when})
    };
    let err = refused(&mut c, &mut e, &admin(), add("s1", json!("surveyComplete"), "nobody"));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("command.ownerOrganization")));
    run(&mut c, &mut e, &admin(), add("s1", json!("surveyComplete"), "b1"));
    run(&mut c, &mut e, &admin(), add("s2", json!("acceptanceComplete"), "b1"));
    let at = |d: &str| json!({"type":"timetable","at":format!("{d}T09:00:00+08:00")});
    let status = |c: &grassroots::Campaign, d: &str| -> Vec<Value> {
        answer(c, &admin(), at(d))["items"].as_array().unwrap().iter().map(|i| i["status"].clone()).collect()
    };
    assert_eq!(status(&c, "2022-04-20"), [json!("open"), json!("open")]);
    let lagging = answer(&c, &admin(), json!({"type":"laggingOrganizations","at":"2022-05-02T09:00:00+08:00"}));
    let reasons = &lagging["organizations"][0]["reasons"];
    assert!(reasons.as_array().unwrap().iter().any(|r| r[0] == "scheduleOverdue"), "{reasons}");
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"registerPerson","id":"gw","name":"赵六","unit":COMMUNITY,"politicalStatus":"masses","helperRoles":["gridWorker"]}),
    );
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"recordVisit","visit":{"id":"v1","household":"h1","visitors":[{"person":"gw","role":"gridWorker"}],
        "visitedAt":"2022-04-13T08:00:00+08:00","outcome":"met"}}),
    );
    assert_eq!(status(&c, "2022-05-02"), [json!("shownDone"), json!("overdue")], "every household covered");
    let item = &answer(&c, &admin(), at("2022-05-02"))["items"][0]["item"];
    assert_eq!((item["ownerOrganization"].clone(), item["doneWhen"].clone()), (json!("b1"), json!("surveyComplete")));
}
