//! The problem-handling loop as a state machine: the table in `docs/PROBLEMS.md` is the code's; every
//! action from every state as every role does what the table, the access matrix and the loop's rules
//! say; random sequences of actions replay and restore to the live campaign, and every problem's
//! history is a path of the table.

mod common;

use common::*;
use grassroots::problem::transitions::{TRANSITIONS, next};
use grassroots::problem::{ProblemAction, ProblemStatus};
use grassroots::{Actor, Campaign, Command, ErrorCode, Query, QueryResult, Role};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The users who act for target `t1`: a department's handler and the community's cadre.
const HANDLERS: [Role; 2] = [Role::Handler, Role::CommunityCadre];

fn who(role: Role) -> Actor {
    actor(role, SUBDISTRICT)
}

fn command(value: Value) -> Command {
    serde_json::from_value(value).unwrap()
}

/// The command that takes `action` on problem `p1`.
fn action_command(action: ProblemAction, problem: &str) -> Command {
    use ProblemAction::*;
    command(match action {
        Report => unreachable!("report starts a problem"),
        Confirm => json!({"type":"confirmProblem","problem":problem}),
        Reject => json!({"type":"rejectProblem","problem":problem,"reason":"不属于基层治理问题"}),
        Merge => json!({"type":"mergeProblem","problem":problem,"into":"p0"}),
        Dispatch => json!({"type":"dispatchProblem","problem":problem,"target":"t1","due":{"workingDays":5}}),
        Accept => json!({"type":"acceptProblem","problem":problem}),
        Return => json!({"type":"returnProblem","problem":problem,"reason":"不属本单位职责"}),
        RecordProgress => json!({"type":"recordProblemProgress","problem":problem,"note":"已约谈双方"}),
        RequestExtension => {
            json!({"type":"requestExtension","problem":problem,"until":"2022-12-30","reason":"需协调多部门"})
        }
        DecideExtension => json!({"type":"decideExtension","problem":problem,"approved":true}),
        ReportDone => json!({"type":"reportProblemDone","problem":problem,"done":"已调解"}),
        FixImmediately => json!({"type":"fixImmediately","problem":problem,"done":"已修复路灯"}),
        VerifyPass => json!({"type":"verifyProblem","problem":problem,"passed":true,"note":"回访属实"}),
        VerifyFail => {
            json!({"type":"verifyProblem","problem":problem,"passed":false,"note":"路灯仍不亮","due":{"workingDays":3}})
        }
        Close => json!({"type":"closeProblem","problem":problem,"feedback":{"satisfied":true}}),
        Reopen => json!({"type":"reopenProblem","problem":problem,"reason":"问题反弹","due":{"workingDays":3}}),
    })
}

/// Who takes each action on the way to a state: the sub-district cadre dispatches, the handler
/// handles, the leading group's office verifies and closes.
fn usual_actor(action: ProblemAction) -> Actor {
    use ProblemAction::*;
    match action {
        Accept | Return | RecordProgress | RequestExtension | ReportDone => who(Role::Handler),
        Dispatch | DecideExtension => who(Role::SubdistrictCadre),
        _ => who(Role::Administrator),
    }
}

/// A campaign with target `t1`, problem `p0` reported and `p1` (urgent) brought to `state`; with
/// `pending`, `p1` also waits for an extension.
fn campaign_at(state: ProblemStatus, pending: bool) -> Campaign {
    use ProblemAction::*;
    let (mut c, mut e) = small_campaign();
    let handlers: Vec<String> = HANDLERS.iter().map(|r| who(*r).id).collect();
    let problem = |id: &str| {
        json!({"id":id,"unit":COMMUNITY,"category":"safetyHazards","severity":"moderate","urgent":true,
               "description":"楼道路灯损坏","sources":[{"kind":"hotline","reference":format!("12345-{id}")}]})
    };
    let setup = [
        json!({"type":"setDispatchTarget","target":{"id":"t1","kind":"villageCommittee","name":"东方红社区居委会",
               "level":"village","unit":COMMUNITY,"handlers":handlers}}),
        json!({"type":"reportProblems","problems":[problem("p0"), problem("p1")]}),
    ];
    for s in setup {
        c.execute(e.admin(command(s))).unwrap();
    }
    let path: &[ProblemAction] = match state {
        ProblemStatus::Reported => &[],
        ProblemStatus::Confirmed => &[Confirm],
        ProblemStatus::Rejected => &[Reject],
        ProblemStatus::Merged => &[Merge],
        ProblemStatus::Dispatched => &[Confirm, Dispatch],
        ProblemStatus::InProgress => &[Confirm, Dispatch, Accept],
        ProblemStatus::ReportedDone => &[Confirm, Dispatch, Accept, ReportDone],
        ProblemStatus::Verified => &[Confirm, Dispatch, Accept, ReportDone, VerifyPass],
        ProblemStatus::Closed => &[Confirm, Dispatch, Accept, ReportDone, VerifyPass, Close],
    };
    for a in path.iter().chain(pending.then_some(&RequestExtension)) {
        let envelope = e.by(&usual_actor(*a), action_command(*a, "p1"));
        c.execute(envelope).unwrap_or_else(|err| panic!("{a:?} on the way to {state:?}: {err:?}"));
    }
    assert_eq!(status(&c, "p1"), state);
    c
}

fn status(c: &Campaign, id: &str) -> ProblemStatus {
    match c.query(&admin(), &command_query(json!({"type":"problem","id":id}))).unwrap() {
        QueryResult::Problem(r) => r.problem.line.status,
        other => panic!("{other:?}"),
    }
}

fn command_query(value: Value) -> Query {
    serde_json::from_value(value).unwrap()
}

/// The table of `docs/PROBLEMS.md`: its rows `| from | action | to |`.
fn documented_table() -> BTreeSet<(String, String, String)> {
    documented_transitions("PROBLEMS.md", &[], &[])
}

#[test]
fn the_documented_table_is_the_codes() {
    let code: BTreeSet<(String, String, String)> = TRANSITIONS
        .iter()
        .map(|(f, a, t)| (f.as_str().to_string(), a.as_str().to_string(), t.as_str().to_string()))
        .collect();
    assert_eq!(documented_table(), code, "docs/PROBLEMS.md's table and transitions.rs disagree");
}

/// What taking `action` from `state` as `role` must give: the new state, or the refusal's code and
/// rule.
fn expected(
    state: ProblemStatus,
    action: ProblemAction,
    role: Role,
) -> Result<ProblemStatus, (ErrorCode, Option<&'static str>)> {
    use ProblemAction::*;
    let permissions = action_command(action, "p1").permissions();
    if !permissions.iter().all(|p| role.allows(*p)) {
        return Err((ErrorCode::PermissionDenied, None));
    }
    // A handler is told that a problem of no target it acts for does not exist.
    let dispatched = matches!(
        state,
        ProblemStatus::Dispatched
            | ProblemStatus::InProgress
            | ProblemStatus::ReportedDone
            | ProblemStatus::Verified
            | ProblemStatus::Closed
    );
    if role == Role::Handler && !dispatched {
        return Err((ErrorCode::NotFound, None));
    }
    let documented = documented_table();
    let to = documented
        .iter()
        .find(|(f, a, _)| f == state.as_str() && a == action.as_str())
        .map(|(_, _, t)| ProblemStatus::ALL.into_iter().find(|s| s.as_str() == t).unwrap());
    let Some(to) = to else {
        return Err((ErrorCode::InvalidTransition, Some("problem.transitionAllowed")));
    };
    let handler = role == Role::Administrator || HANDLERS.contains(&role);
    if matches!(action, Accept | Return | RecordProgress | RequestExtension | ReportDone) && !handler {
        return Err((ErrorCode::PermissionDenied, Some("problem.handlerActsForTheTarget")));
    }
    Ok(to)
}

#[test]
fn every_action_from_every_state_as_every_role_does_what_the_table_says() {
    let mut checked = 0;
    let mut accepted = 0;
    for state in ProblemStatus::ALL {
        for action in ProblemAction::ALL.into_iter().filter(|a| *a != ProblemAction::Report) {
            let pending = action == ProblemAction::DecideExtension
                && matches!(state, ProblemStatus::Dispatched | ProblemStatus::InProgress);
            let base = campaign_at(state, pending).snapshot();
            for role in Role::ALL {
                let mut c = Campaign::restore(base.clone()).unwrap();
                let head = c.head();
                let mut e = Envelopes::new();
                let mut envelope = e.by(&who(role), action_command(action, "p1"));
                envelope.command_id = "the-action".into();
                envelope.at = "2022-04-20T10:00:00+08:00".parse().unwrap();
                let outcome = c.execute(envelope);
                let context = format!("{} from {} as {}", action.as_str(), state.as_str(), role.as_str());
                match expected(state, action, role) {
                    Ok(to) => {
                        assert!(outcome.is_ok(), "{context}: {outcome:?}");
                        assert_eq!(status(&c, "p1"), to, "{context}");
                        accepted += 1;
                    }
                    Err((code, rule)) => {
                        let err = outcome.expect_err(&context);
                        assert_eq!((err.code, err.rule.as_deref()), (code, rule), "{context}: {}", err.message);
                        if code == ErrorCode::InvalidTransition {
                            assert!(err.message.contains(state.as_str()), "{context}: the message names the state");
                        }
                        assert_eq!(c.head(), head, "{context}: a refusal changes nothing");
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 9 * 15 * Role::ALL.len());
    assert!(accepted >= TRANSITIONS.len(), "each transition is taken by some role");
}

fn refusal(c: &mut Campaign, e: &mut Envelopes, by: &Actor, value: Value) -> grassroots::Error {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let head = c.head();
    let mut envelope = e.by(by, command(value.clone()));
    envelope.command_id = format!("refused-{}", N.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let err = c.execute(envelope).expect_err(&value.to_string());
    assert_eq!(c.head(), head, "{value}: a refusal changes nothing");
    err
}

#[test]
fn bad_actions_are_refused_by_their_rule_and_change_nothing() {
    // Verifying one's own work.
    let mut c = campaign_at(ProblemStatus::ReportedDone, false);
    let mut e = Envelopes::new();
    let mut cadre = who(Role::SubdistrictCadre);
    cadre.id = who(Role::Handler).id;
    let err = refusal(&mut c, &mut e, &cadre, json!({"type":"verifyProblem","problem":"p1","passed":true,"note":"好"}));
    assert_eq!(err.rule.as_deref(), Some("problem.verifierIsNotTheHandler"));
    // Dispatching a rejected problem; closing an unverified one; an extension nobody dispatched.
    for (state, value) in [
        (
            ProblemStatus::Rejected,
            json!({"type":"dispatchProblem","problem":"p1","target":"t1","due":{"workingDays":5}}),
        ),
        (ProblemStatus::ReportedDone, json!({"type":"closeProblem","problem":"p1","feedback":{"satisfied":true}})),
        (
            ProblemStatus::Confirmed,
            json!({"type":"requestExtension","problem":"p1","until":"2022-12-30","reason":"忙"}),
        ),
    ] {
        let mut c = campaign_at(state, false);
        let err = refusal(&mut c, &mut e, &admin(), value);
        assert_eq!(err.code, ErrorCode::InvalidTransition);
        assert!(err.message.contains(state.as_str()), "{}", err.message);
    }
    // A due date before the dispatch; an unknown target.
    let mut c = campaign_at(ProblemStatus::Confirmed, false);
    let err = refusal(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"dispatchProblem","problem":"p1","target":"t1","due":{"date":"2022-04-01"}}),
    );
    assert_eq!(err.rule.as_deref(), Some("problem.dueNotBeforeToday"));
    let err = refusal(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"dispatchProblem","problem":"p1","target":"t9","due":{"workingDays":5}}),
    );
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("command.target")));
    // An extension decided by someone who did not dispatch.
    let mut c = campaign_at(ProblemStatus::InProgress, true);
    let mut other = who(Role::SubdistrictCadre);
    other.id = "another-cadre".into();
    let err = refusal(&mut c, &mut e, &other, json!({"type":"decideExtension","problem":"p1","approved":true}));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::PermissionDenied, Some("problem.extensionByDispatcher")));
}

#[test]
fn a_finding_feeds_one_problem() {
    let (mut c, mut e) = small_campaign();
    c.execute(e.admin(command(json!({"type":"registerPerson","id":"gw","name":"赵六","unit":COMMUNITY,
        "politicalStatus":"masses","helperRoles":["gridWorker"]}))))
        .unwrap();
    c.execute(e.admin(command(json!({"type":"recordVisit","visit":{"id":"v1","household":"h1",
        "visitors":[{"person":"gw","role":"gridWorker"}],"visitedAt":"2022-04-13T08:30:00+08:00","outcome":"met",
        "findings":[{"id":"f1","category":"drugs","description":"楼道有针头"}],"demands":["修路灯"]}}))))
        .unwrap();
    let problem = |id: &str, sources: Value| {
        json!({"type":"reportProblems","problems":[{"id":id,"unit":COMMUNITY,"category":"drugs","severity":"serious",
               "description":"楼道有针头","sources":sources}]})
    };
    c.execute(e.admin(command(problem(
        "p1",
        json!([{"kind":"finding","reference":"f1"},
        {"kind":"demand","reference":"v1","item":0}]),
    ))))
    .unwrap();
    for sources in [json!([{"kind":"finding","reference":"f1"}]), json!([{"kind":"demand","reference":"v1"}])] {
        let err = refusal(&mut c, &mut e, &admin(), problem("p2", sources));
        assert_eq!(err.rule.as_deref(), Some("problem.sourceFeedsOneProblem"));
    }
    // All or nothing: the second problem's bad source refuses the first too.
    let two = json!({"type":"reportProblems","problems":[
        {"id":"p3","unit":COMMUNITY,"category":"disputes","severity":"minor","description":"纠纷",
         "sources":[{"kind":"petition","reference":"信访-1"}]},
        {"id":"p4","unit":COMMUNITY,"category":"disputes","severity":"minor","description":"纠纷",
         "sources":[{"kind":"finding","reference":"f9"}]}]});
    let err = refusal(&mut c, &mut e, &admin(), two);
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::NotFound, Some("command.problems[1].sources[0].reference"))
    );
}

#[test]
fn a_handler_sees_only_its_targets_problems_and_grid_workers_see_them_masked() {
    let c = campaign_at(ProblemStatus::Dispatched, false);
    let list = |a: &Actor| match c.query(a, &command_query(json!({"type":"problems"}))).unwrap() {
        QueryResult::Problems(r) => r.problems,
        other => panic!("{other:?}"),
    };
    let mine = list(&who(Role::Handler));
    assert_eq!(mine.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p1"]);
    assert!(!mine[0].masked && mine[0].description.is_some());
    let mut stranger = who(Role::Handler);
    stranger.id = "another-department".into();
    assert!(list(&stranger).is_empty());
    let err = c.query(&stranger, &command_query(json!({"type":"problem","id":"p1"}))).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let seen = list(&who(Role::GridWorker));
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|p| p.masked && p.description.is_none()));
    let text = serde_json::to_string(
        &c.query(&who(Role::Inspector), &command_query(json!({"type":"problem","id":"p1"}))).unwrap(),
    )
    .unwrap();
    assert!(!text.contains("楼道路灯损坏"), "{text}");
}

#[test]
fn deadlines_count_working_days_and_name_the_level_above() {
    // Dispatched on 2022-04-13 (a Wednesday) within 5 working days: due Wednesday 20 April.
    let c = campaign_at(ProblemStatus::Dispatched, false);
    let deadlines =
        |at: &str| match c.query(&admin(), &command_query(json!({"type":"problemDeadlines","at":at}))).unwrap() {
            QueryResult::ProblemDeadlines(r) => r,
            other => panic!("{other:?}"),
        };
    let on_track = deadlines("2022-04-14T09:00:00+08:00");
    assert_eq!((on_track.total.on_track, on_track.total.at_risk, on_track.total.overdue), (1, 0, 0));
    let at_risk = deadlines("2022-04-18T09:00:00+08:00");
    assert_eq!(at_risk.total.at_risk, 1);
    let due_day = deadlines("2022-04-20T23:59:00+08:00");
    assert_eq!(due_day.total.overdue, 0, "due at the end of its day");
    let late = deadlines("2022-04-22T09:00:00+08:00");
    assert_eq!(late.total.overdue, 1);
    assert_eq!(late.overdue[0].working_days_overdue, 2);
    assert_eq!(late.overdue[0].report_to, grassroots::problem::Level::Subdistrict);
    assert_eq!(late.by_target["t1"].overdue, 1);
}

// --- random sequences ---------------------------------------------------------------------------

fn step() -> impl Strategy<Value = (usize, usize, usize)> {
    (0..ProblemAction::ALL.len(), 0..Role::ALL.len(), 0..3usize)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_actions_replay_and_restore_to_the_live_campaign_and_histories_are_paths(
        steps in proptest::collection::vec(step(), 1..80)
    ) {
        let mut c = campaign_at(ProblemStatus::Reported, false);
        let mut e = Envelopes::new();
        for (a, r, p) in steps {
            let action = ProblemAction::ALL[a];
            if action == ProblemAction::Report {
                continue;
            }
            let problem = format!("p{p}");
            let head = c.head();
            let mut envelope = e.by(&who(Role::ALL[r]), action_command(action, &problem));
            envelope.command_id = format!("random-{}", head.seq);
            if c.execute(envelope).is_err() {
                prop_assert_eq!(c.head(), head, "a refusal changes nothing");
            }
        }
        let records: Vec<grassroots::Record> = c.records_since(0).cloned().collect();
        let replayed = Campaign::replay(records).unwrap();
        prop_assert_eq!(replayed.state(), c.state());
        let restored = Campaign::restore(c.snapshot()).unwrap();
        prop_assert_eq!(restored.state(), c.state());
        for p in c.state().problems.problems.iter() {
            prop_assert_eq!((p.history[0].action, p.history[0].status), (ProblemAction::Report, ProblemStatus::Reported));
            for pair in p.history.windows(2) {
                prop_assert_eq!(next(pair[0].status, pair[1].action), Some(pair[1].status), "{:?}", p.history);
            }
            prop_assert_eq!(p.history.last().unwrap().status, p.status);
        }
    }
}

// --- the problem list, Open311, hotspots, key-person care ---------------------------------------

fn answer(c: &Campaign, a: &Actor, value: Value) -> Value {
    let result = c.query(a, &command_query(value.clone())).unwrap_or_else(|e| panic!("{value}: {e:?}"));
    serde_json::to_value(result).unwrap()
}

#[test]
fn a_problem_list_is_established_in_versions_due_by_the_survey_phase() {
    let mut c = campaign_at(ProblemStatus::Confirmed, false);
    let mut e = Envelopes::new();
    let mut run = |c: &mut Campaign, at: &str, value: Value| {
        let mut envelope = e.by(&admin(), command(value));
        envelope.command_id = format!("list-{at}");
        envelope.at = at.parse().unwrap();
        c.execute(envelope)
    };
    let before = answer(&c, &admin(), json!({"type":"establishedProblemLists"}));
    assert_eq!(before["lists"], json!([]));
    assert_eq!(before["missing"].as_array().unwrap().len(), 3, "each unit still lacks its list");
    run(&mut c, "2022-04-29T10:00:00+08:00", json!({"type":"establishProblemList","unit":COMMUNITY,"problems":["p1"]}))
        .unwrap();
    run(
        &mut c,
        "2022-05-06T10:00:00+08:00",
        json!({"type":"establishProblemList","unit":COMMUNITY,"problems":["p1","p0"]}),
    )
    .unwrap();
    let lists = answer(&c, &who(Role::GridWorker), json!({"type":"establishedProblemLists","unit":COMMUNITY}));
    let list = &lists["lists"][0];
    assert_eq!((list["version"].as_u64(), list["onTime"].as_bool()), (Some(2), Some(true)), "{list}");
    assert_eq!(list["due"], json!("2022-04-30"));
    assert_eq!(list["problems"].as_array().unwrap().len(), 2);
    assert!(list["problems"][0].get("description").is_none(), "masked for a grid worker");
    let err = run(
        &mut c,
        "2022-05-07T10:00:00+08:00",
        json!({"type":"establishProblemList","unit":COMMUNITY_2,"problems":["p1"]}),
    )
    .unwrap_err();
    assert_eq!(err.rule.as_deref(), Some("problem.listHoldsItsUnitsProblems"));
}

#[test]
fn open311_answers_in_the_georeport_shape_masked_like_every_query() {
    let c = campaign_at(ProblemStatus::InProgress, false);
    let full = answer(&c, &admin(), json!({"type":"open311Requests"}));
    let requests = full["service_requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    let p1 = requests.iter().find(|r| r["service_request_id"] == "p1").unwrap();
    assert_eq!(p1["status"], "open");
    assert_eq!(p1["service_code"], "safetyHazards");
    assert_eq!(p1["service_name"], "安全隐患");
    assert_eq!(p1["agency_responsible"], "东方红社区居委会");
    assert_eq!(p1["description"], "楼道路灯损坏");
    assert_eq!(p1["status_notes"], "处置中");
    assert_eq!(p1["expected_datetime"], "2022-04-20T23:59:59+08:00");
    assert_eq!(p1["address_id"], COMMUNITY);
    let masked = answer(&c, &who(Role::GridWorker), json!({"type":"open311Requests","status":"open"}));
    assert!(masked["service_requests"].as_array().unwrap().iter().all(|r| r.get("description").is_none()));
    let closed = answer(&c, &admin(), json!({"type":"open311Requests","status":"closed"}));
    assert_eq!(closed["service_requests"], json!([]));
}

#[test]
fn hotspots_flag_where_serious_problems_concentrate() {
    let (mut c, mut e) = small_campaign();
    let serious = |id: &str, unit: &str| {
        json!({"id":id,"unit":unit,"category":"drugs","severity":"serious","keyPlace":"floatingPopulationRental",
               "description":"出租屋聚众吸毒","sources":[{"kind":"case","reference":format!("案-{id}")}]})
    };
    let minor = json!({"id":"q9","unit":COMMUNITY_2,"category":"disputes","severity":"minor","description":"纠纷",
                       "sources":[{"kind":"hotline","reference":"12345-q9"}]});
    c.execute(e.admin(command(json!({"type":"setProblemPolicy","policy":{"hotspotSerious":3,"hotspotOpen":10}}))))
        .unwrap();
    c.execute(e.admin(command(
        json!({"type":"reportProblems","problems":[serious("q1", COMMUNITY), serious("q2", COMMUNITY),
        serious("q3", COMMUNITY), minor]}),
    )))
    .unwrap();
    let h = answer(&c, &who(Role::Inspector), json!({"type":"hotspots"}));
    let units = h["byUnit"].as_array().unwrap();
    let flagged: Vec<&str> =
        units.iter().filter(|u| u["hotspot"] == true).map(|u| u["unit"].as_str().unwrap()).collect();
    assert_eq!(flagged, [COMMUNITY]);
    assert_eq!(h["byKeyPlace"][0]["keyPlace"], "floatingPopulationRental");
    assert_eq!(h["byKeyPlace"][0]["serious"], 3);
    assert_eq!(h["outsideGrids"], 4, "no household of these problems is linked to a grid");
    assert!(!h.to_string().contains("吸毒"), "counts only");
}

#[test]
fn key_person_care_is_recorded_for_key_persons_and_seen_only_by_roles_that_see_them() {
    let (mut c, mut e) = small_campaign();
    c.execute(e.admin(command(json!({"type":"tagKeyPerson","person":"r1","tag":"priorOffence"})))).unwrap();
    let without = |c: &Campaign| {
        answer(c, &admin(), json!({"type":"keyPersonsWithoutCare","from":"2022-04-01","to":"2022-04-30"}))["persons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(without(&c), ["r1"]);
    let care = json!({"type":"recordKeyPersonCare","person":"r1","kind":"employmentHelp","on":"2022-04-13","note":"推荐到园区企业就业"});
    c.execute(e.by(&who(Role::CommunityCadre), command(care))).unwrap();
    assert!(without(&c).is_empty());
    let records = answer(&c, &admin(), json!({"type":"keyPersonCare","person":"r1"}));
    assert_eq!(records["care"][0]["kind"], "employmentHelp");
    let err =
        c.query(&who(Role::GridWorker), &command_query(json!({"type":"keyPersonCare","person":"r1"}))).unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = refusal(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"recordKeyPersonCare","person":"m1","kind":"guidance",
        "on":"2022-04-13","note":"谈心"}),
    );
    assert_eq!(err.rule.as_deref(), Some("care.onlyKeyPersons"));
    let err = refusal(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"recordKeyPersonCare","person":"r1","kind":"guidance",
        "on":"2022-12-13","note":"谈心"}),
    );
    assert_eq!(err.rule.as_deref(), Some("care.notInTheFuture"));
}

#[test]
fn listed_supervision_keeps_its_notes_from_masked_readers_and_its_reports_to_its_handlers() {
    let mut c = campaign_at(ProblemStatus::InProgress, false);
    let mut e = Envelopes::new();
    let mut run = |c: &mut Campaign, by: &Actor, value: Value| {
        let mut envelope = e.by(by, command(value));
        envelope.command_id = format!("sup-{}", c.head().seq);
        envelope.at = "2022-04-15T10:00:00+08:00".parse().unwrap();
        c.execute(envelope)
    };
    run(
        &mut c,
        &admin(),
        json!({"type":"listSupervision","listing":{"id":"L1","problems":["p1"],"supervisor":"区纪委 王某",
        "level":"district","deadline":"2022-05-31","cadenceWorkingDays":5}}),
    )
    .unwrap();
    run(&mut c, &who(Role::Handler), json!({"type":"reportSupervisionProgress","listing":"L1","note":"已约谈张三"}))
        .unwrap();
    let mut stranger = who(Role::Handler);
    stranger.id = "another-department".into();
    let err =
        run(&mut c, &stranger, json!({"type":"reportSupervisionProgress","listing":"L1","note":"无"})).unwrap_err();
    assert_eq!(
        (err.code, err.rule.as_deref()),
        (ErrorCode::PermissionDenied, Some("supervision.reportedByItsHandlers"))
    );
    let at = json!({"type":"supervisions","at":"2022-04-16T10:00:00+08:00"});
    let full = answer(&c, &admin(), at.clone());
    assert_eq!(full["listings"][0]["reports"][0]["note"], "已约谈张三");
    let masked = answer(&c, &who(Role::Inspector), at.clone());
    assert_eq!(
        masked["listings"][0]["reports"][0]["note"], "",
        "an inspector sees that a report came, not what it says"
    );
    let none = answer(&c, &stranger, at);
    assert_eq!(none["listings"], json!([]), "a handler sees only the listings of its problems");
}

#[test]
fn a_problem_names_only_persons_of_its_unit_and_masks_its_sources_and_evidence() {
    let (mut c, mut e) = small_campaign();
    c.execute(e.admin(command(json!({"type":"registerPerson","id":"x1","name":"孙七","unit":COMMUNITY_2,
        "politicalStatus":"masses"}))))
        .unwrap();
    let report = |persons: Value| {
        json!({"type":"reportProblems","problems":[{"id":"q1","unit":COMMUNITY,"category":"disputes","severity":"minor",
               "description":"张家与李家的宅基地纠纷","persons":persons,"sources":[{"kind":"petition","reference":"信访-2022-7"}],
               "evidence":[{"id":"file-1","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]}]})
    };
    let err = refusal(&mut c, &mut e, &admin(), report(json!(["x1"])));
    assert_eq!(
        (err.rule.as_deref(), err.field.as_deref()),
        (Some("problem.inItsUnit"), Some("command.problems[0].persons[0]"))
    );
    c.execute(e.admin(command(report(json!(["r1"]))))).unwrap();
    let full = answer(&c, &admin(), json!({"type":"problem","id":"q1"}));
    assert_eq!(full["problem"]["sources"][0]["reference"], "信访-2022-7");
    let masked = answer(&c, &who(Role::GridWorker), json!({"type":"problem","id":"q1"}));
    let text = masked.to_string();
    for secret in ["信访-2022-7", "file-1", "r1", "宅基地"] {
        assert!(!text.contains(secret), "a grid worker sees {secret}: {text}");
    }
}

#[test]
fn a_forged_move_outside_the_table_changes_nothing() {
    use grassroots::engine::Domain;
    let at = "2022-05-01T09:00:00+08:00".parse().unwrap();
    let event = |value: Value| serde_json::from_value::<grassroots::Event>(value).unwrap();
    let mut state = grassroots::State::default();
    state.apply(
        &event(json!({"type":"problemsReported","problems":[{"id":"p1","unit":COMMUNITY,"category":"disputes",
            "severity":"minor","description":"纠纷","sources":[{"kind":"hotline","reference":"1"}]}]})),
        at,
    );
    let before = state.clone();
    // Dispatched without being confirmed; closed without being verified; an unknown problem.
    for forged in [
        json!({"type":"problemDispatched","problem":"p1","target":"t1","due":"2022-05-10","by":"x"}),
        json!({"type":"problemClosed","problem":"p1","feedback":{"satisfied":true}}),
        json!({"type":"problemConfirmed","problem":"p9"}),
    ] {
        state.apply(&event(forged), at);
    }
    assert_eq!(state, before);
}
