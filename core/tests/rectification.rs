//! Rectification: the organization's state machine (every action from every state as every role,
//! against the table in `docs/RECTIFICATION.md`), the ledger's rules and refusals, pairings that stay
//! attached, the confirmed list putting organizations into rectification, masking, and random
//! sequences that replay and restore to the live campaign.

mod common;

use common::*;
use grassroots::rectification::{RectificationAction, RectificationStatus, TRANSITIONS, next};
use grassroots::{Actor, Campaign, Command, ErrorCode, Role};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn who(role: Role) -> Actor {
    actor(role, SUBDISTRICT)
}

/// The owner of the measures: the community cadre inside the scope.
fn owner() -> Actor {
    who(Role::CommunityCadre)
}

fn problem(id: &str, unit: &str) -> Value {
    // `p1` is urgent, so that a test closes it at once (立行立改).
    json!({"id":id,"unit":unit,"category":"disputes","severity":"moderate","urgent":id == "p1",
           "description":"宅基地纠纷","sources":[{"kind":"hotline","reference":format!("12345-{id}")}]})
}

fn measure(org: &str, id: &str, owner: &str, answers: Value) -> Value {
    json!({"type":"addMeasure","organization":org,"measure":{"id":id,"text":"建立矛盾纠纷排查化解台账",
           "owner":owner,"ownerPost":"社区党总支书记","due":"2022-09-30","answers":answers}})
}

/// Problems `p1` (东方红) and `p2` (金南) open; `b1`'s ledger opened with measure `ms1` answering `p1`,
/// owned by the community cadre inside the scope.
fn ledger_world() -> (Campaign, Envelopes) {
    let (mut c, mut e) = small_campaign();
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"establishPartyOrganization","id":"b2","kind":"generalPartyBranch","name":"金南社区党总支","unit":COMMUNITY_2}),
    );
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"reportProblems","problems":[problem("p1", COMMUNITY), problem("p2", COMMUNITY_2)]}),
    );
    run(&mut c, &mut e, &admin(), json!({"type":"openLedger","organization":"b1","reason":"矛盾纠纷突出"}));
    run(&mut c, &mut e, &admin(), measure("b1", "ms1", &owner().id, json!([{"kind":"problem","problem":"p1"}])));
    (c, e)
}

/// `b1`'s ledger in `state`; with `readiable`, `ms1` verified and `p1` excepted so that it may be
/// marked ready.
fn campaign_at(state: RectificationStatus, readiable: bool) -> Campaign {
    let (mut c, mut e) = ledger_world();
    if state == RectificationStatus::Listed {
        return c;
    }
    run(&mut c, &mut e, &admin(), json!({"type":"startRectifying","organization":"b1"}));
    if readiable || matches!(state, RectificationStatus::ReadyForAcceptance | RectificationStatus::Accepted) {
        run(&mut c, &mut e, &owner(), json!({"type":"markMeasureDone","measure":"ms1","done":"台账已建立"}));
        run(&mut c, &mut e, &admin(), json!({"type":"verifyMeasure","measure":"ms1","passed":true,"note":"核验属实"}));
        run(
            &mut c,
            &mut e,
            &admin(),
            json!({"type":"recordRectificationException","organization":"b1","subject":{"kind":"problem","problem":"p1"},
            "reason":"需法院判决"}),
        );
    }
    if matches!(state, RectificationStatus::ReadyForAcceptance | RectificationStatus::Accepted) {
        run(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    }
    if state == RectificationStatus::Accepted {
        for (tier, by) in acceptance_judges() {
            run(&mut c, &mut e, &by, judge_pass("b1", tier));
        }
    }
    c
}

fn action_command(action: RectificationAction) -> Command {
    use RectificationAction::*;
    command(match action {
        AddMeasure => measure("b1", "ms9", &owner().id, json!([{"kind":"problem","problem":"p1"}])),
        StartRectifying => json!({"type":"startRectifying","organization":"b1"}),
        WorkMeasure => json!({"type":"recordMeasureProgress","measure":"ms1","text":"已排查12户"}),
        RecordException => json!({"type":"recordRectificationException","organization":"b1",
            "subject":{"kind":"measure","measure":"ms9x"},"reason":"跨年度实施"}),
        MarkReady => json!({"type":"markReadyForAcceptance","organization":"b1"}),
        Reopen => json!({"type":"reopenRectification","organization":"b1","reason":"回访发现问题反弹"}),
        PassAcceptance | FailAcceptance => unreachable!("taken by the acceptance's judgements"),
    })
}

fn status(c: &Campaign) -> RectificationStatus {
    c.state().rectification.ledgers["b1"].status
}

/// The table of `docs/RECTIFICATION.md`: its rows `| from | action | to |` naming states and actions.
fn documented_table() -> BTreeSet<(String, String, String)> {
    let states: Vec<&str> = RectificationStatus::ALL.iter().map(|s| s.as_str()).collect();
    let actions: Vec<&str> = RectificationAction::ALL.iter().map(|a| a.as_str()).collect();
    documented_transitions("RECTIFICATION.md", &states, &actions)
}

#[test]
fn the_documented_table_is_the_codes() {
    let code: BTreeSet<(String, String, String)> = TRANSITIONS
        .iter()
        .map(|(f, a, t)| (f.as_str().to_string(), a.as_str().to_string(), t.as_str().to_string()))
        .collect();
    assert_eq!(documented_table(), code, "docs/RECTIFICATION.md's table and transitions.rs disagree");
}

#[test]
fn every_action_from_every_state_as_every_role_does_what_the_table_says() {
    let mut checked = 0;
    let mut accepted = 0;
    // The acceptance's moves are taken by `judgeAcceptance`: tests/acceptance.rs takes them.
    let actions = RectificationAction::ALL
        .into_iter()
        .filter(|a| !matches!(a, RectificationAction::PassAcceptance | RectificationAction::FailAcceptance));
    for state in RectificationStatus::ALL {
        for action in actions.clone() {
            let readiable = action == RectificationAction::MarkReady;
            let base = campaign_at(state, readiable).snapshot();
            // The exception's subject: a measure of the ledger that is not verified.
            let mut command = action_command(action);
            if let Command::RecordRectificationException(x) = &mut command {
                let open = base_measure_open(&base);
                x.subject = grassroots::rectification::ExceptionSubject::Measure { measure: open };
            }
            for role in Role::ALL {
                let mut c = Campaign::restore(base.clone()).unwrap();
                let head = c.head();
                let mut e = Envelopes::new();
                let mut envelope = e.by(&who(role), command.clone());
                envelope.command_id = "the-action".into();
                envelope.at = "2022-05-20T10:00:00+08:00".parse().unwrap();
                let outcome = c.execute(envelope);
                let context = format!("{} from {} as {}", action.as_str(), state.as_str(), role.as_str());
                let permitted = command.permissions().iter().all(|p| role.allows(*p));
                match (permitted, next(state, action)) {
                    (false, _) => {
                        let err = outcome.expect_err(&context);
                        assert_eq!((err.code, err.rule), (ErrorCode::PermissionDenied, None), "{context}");
                        assert_eq!(c.head(), head, "{context}: a refusal changes nothing");
                    }
                    (true, Some(to)) => {
                        assert!(outcome.is_ok(), "{context}: {outcome:?}");
                        assert_eq!(status(&c), to, "{context}");
                        accepted += 1;
                    }
                    (true, None) => {
                        let err = outcome.expect_err(&context);
                        assert_eq!(
                            (err.code, err.rule.as_deref()),
                            (ErrorCode::InvalidTransition, Some("rectification.transitionAllowed")),
                            "{context}: {}",
                            err.message
                        );
                        assert!(err.message.contains(state.as_str()), "{context}: the message names the state");
                        assert_eq!(c.head(), head, "{context}: a refusal changes nothing");
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 6 * Role::ALL.len());
    assert!(accepted >= TRANSITIONS.len() - 2, "each transition of rectification's own is taken by some role");
}

/// A measure of `b1` that is not verified in the snapshot (`ms1` unless it is verified, then a
/// name no measure has, which the transition check refuses first where the table refuses).
fn base_measure_open(snapshot: &grassroots::Snapshot) -> String {
    let c = Campaign::restore(snapshot.clone()).unwrap();
    let l = &c.state().rectification.ledgers["b1"];
    l.measures
        .iter()
        .find(|m| m.status != grassroots::rectification::MeasureStatus::Verified)
        .map_or("ms-none".into(), |m| m.id.clone())
}

/// A weak look-back of `unit` concluded (every rating 2; `unsound` the one structural problem), a
/// rubric that suggests it, `org` proposed and the list submitted (not yet confirmed).
fn propose_after_a_weak_look_back(c: &mut Campaign, e: &mut Envelopes, unit: &str, org: &str, unsound: Option<&str>) {
    run(c, e, &admin(), json!({"type":"openReview","id":"rv","unit":unit}));
    for q in QUESTIONS {
        run(c, e, &admin(), json!({"type":"rateReviewQuestion","review":"rv","question":q,"rating":{"score":2}}));
    }
    for item in STRUCTURAL_ITEMS {
        let sound = Some(item) != unsound;
        run(
            c,
            e,
            &admin(),
            json!({"type":"recordStructuralFinding","review":"rv","item":item,"finding":{"sound":sound,"notes":"三会一课不规范"}}),
        );
    }
    run(c, e, &admin(), json!({"type":"rateSecretary","review":"rv","rating":{"score":2}}));
    run(
        c,
        e,
        &admin(),
        json!({"type":"recordDemocraticEvaluation","review":"rv","evaluation":{"ballots":10,
        "items":[{"item":"班子整体","satisfied":3,"basicallySatisfied":2,"dissatisfied":5}]}}),
    );
    run(c, e, &admin(), json!({"type":"concludeReview","review":"rv","conclusion":"班子软弱"}));
    run(
        c,
        e,
        &admin(),
        json!({"type":"setRubric","rubric":{"criteria":[{"id":"rating","label":"班子评价低","measure":{"kind":"reviewRating"},
        "direction":"atMost","threshold":3,"weight":60}],"vetoes":[],"suggestAt":50}}),
    );
    run(c, e, &admin(), json!({"type":"decideWeakAndLax","organization":org,"propose":true,"reason":"班子评价低"}));
    run(c, e, &admin(), json!({"type":"submitWeakAndLaxList","to":"区委组织部"}));
}

#[test]
fn the_confirmed_list_puts_its_organizations_into_rectification() {
    let (mut c, mut e) = ledger_world();
    propose_after_a_weak_look_back(&mut c, &mut e, COMMUNITY_2, "b2", Some("rulesComplete"));
    assert!(!c.state().rectification.ledgers.contains_key("b2"), "not before the district confirms");
    let district = actor(Role::Inspector, "430104000000");
    run(&mut c, &mut e, &district, json!({"type":"confirmWeakAndLaxList","version":1}));
    let l = &c.state().rectification.ledgers["b2"];
    assert_eq!(l.status, RectificationStatus::Listed);
    assert_eq!(serde_json::to_value(&l.origin).unwrap(), json!({"kind":"weakAndLaxList","version":1}));
    assert_eq!(l.history[0].by, district.id);
    // Its measures may answer the look-back's structural problem and the assessment's item hit, not a
    // sound finding nor an item not hit.
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        measure("b2", "m1", "x", json!([{"kind":"reviewFinding","review":"rv","item":"organizationSetUp"}])),
    );
    assert_eq!(err.rule.as_deref(), Some("rectification.answersItsOwn"));
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        measure("b2", "m1", "x", json!([{"kind":"assessmentItem","id":"petitions"}])),
    );
    assert_eq!(err.rule.as_deref(), Some("rectification.answersItsOwn"));
    run(
        &mut c,
        &mut e,
        &admin(),
        measure(
            "b2",
            "m1",
            "x",
            json!([{"kind":"reviewFinding","review":"rv","item":"rulesComplete"},{"kind":"assessmentItem","id":"rating"}]),
        ),
    );
    let ledgers = answer(&c, &admin(), json!({"type":"ledgers","at":"2022-05-01T09:00:00+08:00"}));
    let lines = ledgers["ledgers"].as_array().unwrap();
    assert_eq!(
        lines.iter().map(|l| (l["organization"].clone(), l["listed"].clone())).collect::<Vec<_>>(),
        [(json!("b1"), json!(false)), (json!("b2"), json!(true))]
    );
}

#[test]
fn the_ledgers_rules_refuse_and_change_nothing() {
    let (mut c, mut e) = ledger_world();
    // A ledger for an unknown organization, twice for one, or for one with nothing to rectify.
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"openLedger","organization":"nope","reason":"x"}));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"openLedger","organization":"b1","reason":"x"}));
    assert_eq!(err.code, ErrorCode::AlreadyExists);
    run(&mut c, &mut e, &admin(), json!({"type":"rejectProblem","problem":"p2","reason":"不属实"}));
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"openLedger","organization":"b2","reason":"x"}));
    assert_eq!(err.rule.as_deref(), Some("rectification.somethingToRectify"));
    let err = refused(&mut c, &mut e, &admin(), measure("b2", "m2", "x", json!([{"kind":"problem","problem":"p1"}])));
    assert_eq!(err.code, ErrorCode::NotFound, "b2 has no ledger");
    // A measure answering another unit's problem, nothing, or with a past due date.
    let err = refused(&mut c, &mut e, &admin(), measure("b1", "m2", "x", json!([{"kind":"problem","problem":"p2"}])));
    assert_eq!(err.rule.as_deref(), Some("rectification.answersItsOwn"));
    let err = refused(&mut c, &mut e, &admin(), measure("b1", "m2", "x", json!([])));
    assert_eq!(err.field.as_deref(), Some("command.measure.answers"));
    let err = refused(&mut c, &mut e, &admin(), measure("b1", "ms1", "x", json!([{"kind":"problem","problem":"p1"}])));
    assert_eq!(err.code, ErrorCode::AlreadyExists);
    let mut past = measure("b1", "m2", "x", json!([{"kind":"problem","problem":"p1"}]));
    past["measure"]["due"] = json!("2022-01-01");
    let err = refused(&mut c, &mut e, &admin(), past);
    assert_eq!(err.field.as_deref(), Some("command.measure.due"));
    // Work starts once rectifying; a community cadre who is not the owner does not work it.
    let err = refused(&mut c, &mut e, &owner(), json!({"type":"markMeasureDone","measure":"ms1","done":"完成"}));
    assert_eq!(err.rule.as_deref(), Some("rectification.transitionAllowed"));
    run(&mut c, &mut e, &admin(), json!({"type":"startRectifying","organization":"b1"}));
    let stranger = Actor { id: "another-cadre".into(), ..owner() };
    let err = refused(&mut c, &mut e, &stranger, json!({"type":"markMeasureDone","measure":"ms1","done":"完成"}));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::PermissionDenied, Some("rectification.ownerOrManager")));
    // Ready with an open measure: refused, naming it.
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    assert_eq!(err.rule.as_deref(), Some("rectification.readyWhenAllVerified"));
    assert!(err.message.contains("ms1") && err.message.contains("p1"), "{}", err.message);
    // Verified by its owner, or by whoever reported it done: refused.
    let verify = json!({"type":"verifyMeasure","measure":"ms1","passed":true,"note":"核验属实"});
    let err = refused(&mut c, &mut e, &admin(), verify.clone());
    assert_eq!(err.rule.as_deref(), Some("rectification.measureTransitionAllowed"), "not yet done");
    let cadre = who(Role::SubdistrictCadre);
    run(&mut c, &mut e, &cadre, json!({"type":"markMeasureDone","measure":"ms1","done":"台账已建立"}));
    let err = refused(&mut c, &mut e, &cadre, verify.clone());
    assert_eq!(
        (err.code, err.rule.as_deref()),
        (ErrorCode::PermissionDenied, Some("rectification.verifierIsNotTheOwner"))
    );
    let owner_admin = Actor { id: owner().id, ..admin() };
    let err = refused(&mut c, &mut e, &owner_admin, verify.clone());
    assert_eq!(err.rule.as_deref(), Some("rectification.verifierIsNotTheOwner"), "its owner, even as an administrator");
    // A failure needs a new due date and sends it back to open.
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"verifyMeasure","measure":"ms1","passed":false,"note":"台账不全"}),
    );
    assert_eq!(err.field.as_deref(), Some("command.due"));
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"verifyMeasure","measure":"ms1","passed":false,"note":"台账不全","due":"2022-10-31"}),
    );
    let m = &c.state().rectification.ledgers["b1"].measures[0];
    assert_eq!((m.status, m.due.to_string()), (grassroots::rectification::MeasureStatus::Open, "2022-10-31".into()));
    run(&mut c, &mut e, &owner(), json!({"type":"markMeasureDone","measure":"ms1","done":"台账已补全"}));
    run(&mut c, &mut e, &admin(), verify);
    // The linked problem still open: refused, naming it; closed through the loop, ready.
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    assert!(err.message.contains("p1") && !err.message.contains("ms1"), "{}", err.message);
    run(&mut c, &mut e, &admin(), json!({"type":"fixImmediately","problem":"p1","done":"已调解"}));
    run(&mut c, &mut e, &cadre, json!({"type":"verifyProblem","problem":"p1","passed":true,"note":"回访属实"}));
    run(&mut c, &mut e, &cadre, json!({"type":"closeProblem","problem":"p1","feedback":{"satisfied":true}}));
    run(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    assert_eq!(status(&c), RectificationStatus::ReadyForAcceptance);
    let err = refused(&mut c, &mut e, &admin(), measure("b1", "m3", "x", json!([{"kind":"problem","problem":"p1"}])));
    assert_eq!(err.code, ErrorCode::InvalidTransition, "nothing added once ready");
}

#[test]
fn pairings_stay_attached_while_an_organization_is_rectified() {
    let (mut c, mut e) = ledger_world();
    for (id, org) in [("pr1", "b1"), ("pr2", "b2")] {
        run(
            &mut c,
            &mut e,
            &admin(),
            json!({"type":"assignPairing","pairing":{"id":id,"organization":org,"kind":"stationedPerson",
            "who":"驻村第一书记 刘某","from":"2022-04-13"}}),
        );
    }
    let end = |id: &str| json!({"type":"endPairing","pairing":id,"on":"2022-05-01","reason":"岗位调整"});
    let err = refused(&mut c, &mut e, &admin(), end("pr1"));
    assert_eq!(err.rule.as_deref(), Some("rectification.pairingStaysAttached"));
    assert!(err.message.contains("不脱钩"));
    run(&mut c, &mut e, &admin(), end("pr2"));
    let err = refused(&mut c, &mut e, &admin(), end("pr2"));
    assert_eq!(err.rule.as_deref(), Some("rectification.pairingEndsOnce"));
    let page = answer(&c, &admin(), json!({"type":"pairings","limit":1}));
    assert_eq!((page["pairings"][0]["id"].clone(), page["nextAfter"].clone()), (json!("pr1"), json!("pr1")));
    let next = answer(&c, &admin(), json!({"type":"pairings","after":"pr1"}));
    assert_eq!(next["pairings"][0]["ended"], json!(["2022-05-01", "岗位调整"]));
    let masked = answer(&c, &actor(Role::GridWorker, COMMUNITY_2), json!({"type":"pairings"}));
    assert_eq!(masked["pairings"].as_array().unwrap().len(), 1, "only its own unit's");
    assert_eq!(masked["pairings"][0]["ended"], json!(["2022-05-01", ""]), "the reason masked");
}

#[test]
fn the_ledger_shows_deadlines_and_masks_its_words() {
    let (mut c, mut e) = ledger_world();
    run(&mut c, &mut e, &admin(), json!({"type":"startRectifying","organization":"b1"}));
    run(&mut c, &mut e, &owner(), json!({"type":"recordMeasureProgress","measure":"ms1","text":"走访吸毒人员家属"}));
    let at = |d: &str| json!({"type":"ledger","organization":"b1","at":format!("{d}T09:00:00+08:00")});
    let full = answer(&c, &admin(), at("2022-09-29"));
    assert_eq!(full["measures"][0]["overdue"], false);
    assert_eq!(full["measures"][0]["workingDaysLeft"], 1);
    assert_eq!(full["measures"][0]["measure"]["progress"][0]["text"], "走访吸毒人员家属");
    assert_eq!(full["linkedProblems"][0], json!({"problem":"p1","status":"reported","excepted":false}));
    assert_eq!(full["measuresMissing"], json!(["ms1"]));
    let late = answer(&c, &admin(), at("2022-10-08"));
    assert_eq!((late["measures"][0]["overdue"].clone(), late["progress"]["overdue"].clone()), (json!(true), json!(1)));
    // National Day: 2022-10-01 to 10-07 are holidays, 10-08 and 10-09 make-up working days.
    assert_eq!(late["measures"][0]["workingDaysLeft"], -1);
    // Every word that may name someone: what was done, a verifier's finding, an exception's reason,
    // the reason for reopening.
    run(&mut c, &mut e, &owner(), json!({"type":"markMeasureDone","measure":"ms1","done":"帮教吸毒人员张某"}));
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"verifyMeasure","measure":"ms1","passed":true,"note":"走访张某家属核实"}),
    );
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"recordRectificationException","organization":"b1","subject":{"kind":"problem","problem":"p1"},
        "reason":"涉及张某刑事案件"}),
    );
    run(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    run(&mut c, &mut e, &admin(), json!({"type":"reopenRectification","organization":"b1","reason":"张某复吸"}));
    let full = answer(&c, &admin(), at("2022-09-29"));
    let text = serde_json::to_string(&full).unwrap();
    assert!(["帮教吸毒", "走访张某", "涉及张某", "张某复吸"].iter().all(|w| text.contains(w)), "{text}");
    let masked = answer(&c, &actor(Role::GridWorker, COMMUNITY), at("2022-09-29"));
    assert_eq!(masked["measures"][0]["measure"]["progress"][0]["text"], "");
    assert_eq!(masked["origin"], json!({"kind":"opened","reason":""}));
    let text = serde_json::to_string(&masked).unwrap();
    assert!(!text.contains("吸毒") && !text.contains("矛盾纠纷突出") && !text.contains("张某"), "{text}");
    // A handler sees none of the problems that are not its targets'.
    let handler = answer(&c, &who(Role::Handler), at("2022-09-29"));
    assert_eq!(handler["linkedProblems"], json!([]));
    assert!(!serde_json::to_string(&handler).unwrap().contains("\"p1\""));
    let outside = c.query(&actor(Role::GridWorker, COMMUNITY_2), &serde_json::from_value(at("2022-09-29")).unwrap());
    assert_eq!(outside.unwrap_err().code, ErrorCode::OutOfScope);
}

fn step() -> impl Strategy<Value = (usize, usize)> {
    (0..11usize, 0..Role::ALL.len())
}

fn random_command(i: usize) -> Value {
    match i {
        0 => measure("b1", "ms2", &owner().id, json!([{"kind":"problem","problem":"p1"}])),
        1 => json!({"type":"startRectifying","organization":"b1"}),
        2 => json!({"type":"recordMeasureProgress","measure":"ms1","text":"进展"}),
        3 => json!({"type":"markMeasureDone","measure":"ms1","done":"完成"}),
        4 => json!({"type":"verifyMeasure","measure":"ms1","passed":true,"note":"属实"}),
        5 => json!({"type":"verifyMeasure","measure":"ms1","passed":false,"note":"不全","due":"2022-11-30"}),
        6 => {
            json!({"type":"recordRectificationException","organization":"b1","subject":{"kind":"problem","problem":"p1"},"reason":"司法程序"})
        }
        7 => json!({"type":"markReadyForAcceptance","organization":"b1"}),
        8 => {
            json!({"type":"recordRectificationException","organization":"b1","subject":{"kind":"measure","measure":"ms2"},"reason":"跨年度"})
        }
        9 => json!({"type":"markMeasureDone","measure":"ms2","done":"完成"}),
        _ => json!({"type":"reopenRectification","organization":"b1","reason":"反弹"}),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_work_replays_and_restores_to_the_live_campaign_and_histories_are_paths(
        steps in proptest::collection::vec(step(), 1..60)
    ) {
        let (mut c, mut e) = ledger_world();
        for (i, r) in steps {
            let head = c.head();
            let by = if matches!(i, 3 | 9) && r % 2 == 0 { owner() } else { who(Role::ALL[r]) };
            let mut envelope = e.by(&by, command(random_command(i)));
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
        let l = &c.state().rectification.ledgers["b1"];
        prop_assert_eq!((l.history[0].action, l.history[0].status), (None, RectificationStatus::Listed));
        for pair in l.history.windows(2) {
            prop_assert_eq!(next(pair[0].status, pair[1].action.unwrap()), Some(pair[1].status), "{:?}", l.history);
        }
        prop_assert_eq!(l.history.last().unwrap().status, l.status);
        // Ready only with nothing missing: each measure verified or excepted, each problem closed or
        // excepted (the exceptions cannot be undone, the verifications neither).
        if l.status == RectificationStatus::ReadyForAcceptance {
            let (measures, problems) = grassroots::rectification::missing_for_ready(c.state(), l);
            prop_assert!(measures.is_empty() && problems.is_empty(), "{:?} {:?}", measures, problems);
        }
    }
}

#[test]
fn exceptions_and_bounds_refuse_and_change_nothing() {
    let (mut c, mut e) = ledger_world();
    // Starting needs a measure: a second ledger without one.
    run(&mut c, &mut e, &admin(), json!({"type":"openLedger","organization":"b2","reason":"矛盾纠纷突出"}));
    let err = refused(&mut c, &mut e, &admin(), json!({"type":"startRectifying","organization":"b2"}));
    assert_eq!(err.rule.as_deref(), Some("rectification.measuresFirst"));
    run(&mut c, &mut e, &admin(), json!({"type":"startRectifying","organization":"b1"}));
    // Exceptions: only for what is still open, once each.
    let exception = |subject: Value| json!({"type":"recordRectificationException","organization":"b1","subject":subject,"reason":"跨年度实施"});
    let err = refused(&mut c, &mut e, &admin(), exception(json!({"kind":"problem","problem":"p2"})));
    assert_eq!(err.code, ErrorCode::NotFound, "p2 is not answered by b1's measures");
    run(&mut c, &mut e, &admin(), exception(json!({"kind":"measure","measure":"ms1"})));
    let err = refused(&mut c, &mut e, &admin(), exception(json!({"kind":"measure","measure":"ms1"})));
    assert_eq!(err.rule.as_deref(), Some("rectification.exceptionOnce"));
    run(&mut c, &mut e, &owner(), json!({"type":"markMeasureDone","measure":"ms1","done":"完成"}));
    run(&mut c, &mut e, &admin(), json!({"type":"rejectProblem","problem":"p1","reason":"不属实"}));
    let err = refused(&mut c, &mut e, &admin(), exception(json!({"kind":"problem","problem":"p1"})));
    assert_eq!(err.rule.as_deref(), Some("rectification.exceptionForWhatIsOpen"), "p1 is no longer open");
    // 500 progress notes on a measure, 200 measures on a ledger.
    run(&mut c, &mut e, &admin(), measure("b1", "ms2", &owner().id, json!([{"kind":"problem","problem":"p1"}])));
    for i in 0..500 {
        let note = json!({"type":"recordMeasureProgress","measure":"ms2","text":format!("第{i}次进展")});
        c.execute(e.by(&owner(), command(note))).unwrap();
    }
    let err =
        refused(&mut c, &mut e, &owner(), json!({"type":"recordMeasureProgress","measure":"ms2","text":"再一次"}));
    assert_eq!(err.rule.as_deref(), Some("rectification.notesBounded"));
    for i in 2..200 {
        let m = measure("b1", &format!("mx{i}"), &owner().id, json!([{"kind":"problem","problem":"p1"}]));
        c.execute(e.admin(command(m))).unwrap();
    }
    let err =
        refused(&mut c, &mut e, &admin(), measure("b1", "mx200", "x", json!([{"kind":"problem","problem":"p1"}])));
    assert_eq!(err.rule.as_deref(), Some("rectification.measuresBounded"));
    // 100,000 pairings: the last one refused.
    for i in 0..100_000 {
        let p = json!({"type":"assignPairing","pairing":{"id":format!("pr{i}"),"organization":"b2",
            "kind":"subdistrictCadre","who":"街道干部","from":"2022-04-13"}});
        c.execute(e.admin(command(p))).unwrap();
    }
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"assignPairing","pairing":{"id":"one-more","organization":"b2","kind":"subdistrictCadre",
        "who":"街道干部","from":"2022-04-13"}}),
    );
    assert_eq!(err.rule.as_deref(), Some("rectification.pairingsBounded"));
}

#[test]
fn an_owner_neither_verifies_nor_excepts_its_own_measure() {
    let (mut c, mut e) = ledger_world();
    let cadre = who(Role::SubdistrictCadre);
    run(&mut c, &mut e, &admin(), measure("b1", "ms2", &cadre.id, json!([{"kind":"problem","problem":"p1"}])));
    run(&mut c, &mut e, &admin(), json!({"type":"startRectifying","organization":"b1"}));
    run(&mut c, &mut e, &cadre, json!({"type":"markMeasureDone","measure":"ms2","done":"完成"}));
    let except = json!({"type":"recordRectificationException","organization":"b1",
        "subject":{"kind":"measure","measure":"ms2"},"reason":"无法核验"});
    let err = refused(&mut c, &mut e, &cadre, except.clone());
    assert_eq!(
        (err.code, err.rule.as_deref()),
        (ErrorCode::PermissionDenied, Some("rectification.verifierIsNotTheOwner"))
    );
    run(&mut c, &mut e, &owner(), json!({"type":"markMeasureDone","measure":"ms1","done":"完成"}));
    let mut by_reporter = except.clone();
    by_reporter["subject"]["measure"] = json!("ms1");
    let reporter_admin = Actor { id: owner().id, ..admin() };
    let err = refused(&mut c, &mut e, &reporter_admin, by_reporter);
    assert_eq!(err.rule.as_deref(), Some("rectification.verifierIsNotTheOwner"), "whoever reported it done");
    run(&mut c, &mut e, &admin(), except);
}

#[test]
fn a_list_confirmed_for_an_organization_with_a_ledger_makes_it_listed() {
    let (mut c, mut e) = ledger_world();
    propose_after_a_weak_look_back(&mut c, &mut e, COMMUNITY, "b1", None);
    run(&mut c, &mut e, &actor(Role::Inspector, DISTRICT), json!({"type":"confirmWeakAndLaxList","version":1}));
    let l = &c.state().rectification.ledgers["b1"];
    assert_eq!(serde_json::to_value(&l.origin).unwrap(), json!({"kind":"weakAndLaxList","version":1}));
    assert_eq!((l.status, l.measures.len()), (RectificationStatus::Listed, 1), "the ledger and its measures stay");
}
