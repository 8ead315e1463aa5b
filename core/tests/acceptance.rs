//! The four-tier acceptance: tiers in order, each by its level; locks and send-backs; a pass scores
//! every criterion; a fail ends the round, the secretary is adjusted, the pairings stay, the ledger
//! goes back to rectifying and the next round starts at self-evaluation; the indicators, the funnel,
//! masking; random sequences that replay and restore to the live campaign.

mod common;

use common::*;
use grassroots::acceptance::{RoundOutcome, Tier};
use grassroots::rectification::RectificationStatus;
use grassroots::{Actor, Campaign, ErrorCode, Role};
use proptest::prelude::*;
use serde_json::{Value, json};

fn problem(id: &str, unit: &str) -> Value {
    json!({"id":id,"unit":unit,"category":"disputes","severity":"moderate","urgent":true,
           "description":"宅基地纠纷","sources":[{"kind":"hotline","reference":format!("12345-{id}")}]})
}

/// `b1` (东方红) rectified to ready for acceptance, with a pairing; `b2` (金南) without a ledger; `m2`
/// a full member who may become a secretary.
fn world() -> (Campaign, Envelopes) {
    let (mut c, mut e) = small_campaign();
    let cc = actor(Role::CommunityCadre, COMMUNITY);
    for v in [
        json!({"type":"establishPartyOrganization","id":"b2","kind":"generalPartyBranch","name":"金南社区党总支","unit":COMMUNITY_2}),
        json!({"type":"registerPerson","id":"m2","name":"钱二","unit":COMMUNITY,"politicalStatus":"partyMember","partyOrganization":"b1"}),
        json!({"type":"appointSecretary","partyOrganization":"b1","person":"m1"}),
        json!({"type":"reportProblems","problems":[problem("p1", COMMUNITY)]}),
        json!({"type":"openLedger","organization":"b1","reason":"矛盾纠纷突出"}),
        json!({"type":"addMeasure","organization":"b1","measure":{"id":"ms1","text":"建立矛盾纠纷排查台账","owner":cc.id,
               "ownerPost":"社区党总支书记","due":"2022-09-30","answers":[{"kind":"problem","problem":"p1"}]}}),
        json!({"type":"startRectifying","organization":"b1"}),
        json!({"type":"assignPairing","pairing":{"id":"pr1","organization":"b1","kind":"leaderPoint","who":"街道党工委副书记 王某","from":"2022-04-13"}}),
    ] {
        run(&mut c, &mut e, &admin(), v);
    }
    run(&mut c, &mut e, &cc, json!({"type":"markMeasureDone","measure":"ms1","done":"台账已建立"}));
    run(&mut c, &mut e, &admin(), json!({"type":"verifyMeasure","measure":"ms1","passed":true,"note":"核验属实"}));
    run(&mut c, &mut e, &cc, json!({"type":"fixImmediately","problem":"p1","done":"已调解"}));
    run(&mut c, &mut e, &admin(), json!({"type":"verifyProblem","problem":"p1","passed":true,"note":"回访属实"}));
    run(&mut c, &mut e, &admin(), json!({"type":"closeProblem","problem":"p1","feedback":{"satisfied":true}}));
    run(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    (c, e)
}

fn judges() -> Vec<(&'static str, Actor)> {
    acceptance_judges().into_iter().collect()
}

fn judge_fail(organization: &str, tier: &str, notes: &str) -> Value {
    json!({"type":"judgeAcceptance","organization":organization,"tier":tier,"passed":false,"notes":notes})
}

fn ledger_status(c: &Campaign, org: &str) -> Option<RectificationStatus> {
    c.state().rectification.ledgers.get(org).map(|l| l.status)
}

#[test]
fn tiers_run_in_order_each_by_its_level_and_lock_when_they_pass() {
    let (mut c, mut e) = world();
    let j = judges();
    // Out of order, and by the wrong level.
    let err = refused(&mut c, &mut e, &j[1].1, judge_pass("b1", "subdistrictAssessment"));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::InvalidTransition, Some("acceptance.tiersInOrder")));
    // A community cadre scoped to the sub-district is refused before any rule: its scope does not fit.
    let cadre_of_the_subdistrict = exact_actor(Role::CommunityCadre, SUBDISTRICT);
    let err = refused(&mut c, &mut e, &cadre_of_the_subdistrict, judge_pass("b1", "selfEvaluation"));
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::ScopeDoesNotFitRole, Some("actor.scope")));
    let err = refused(&mut c, &mut e, &actor(Role::CommunityCadre, COMMUNITY_2), judge_pass("b1", "selfEvaluation"));
    assert_eq!(err.code, ErrorCode::OutOfScope, "a unit of the level, but not holding the organization");
    let err = refused(&mut c, &mut e, &admin(), judge_pass("b1", "selfEvaluation"));
    assert_eq!(err.code, ErrorCode::PermissionDenied, "the sub-district does not self-evaluate a village");
    let err = refused(
        &mut c,
        &mut e,
        &exact_actor(Role::DistrictEvaluator, SUBDISTRICT),
        judge_pass("b1", "districtEvaluation"),
    );
    assert_eq!(err.code, ErrorCode::ScopeDoesNotFitRole);
    // A pass scores every criterion; a fail says why.
    let mut partial = judge_pass("b1", "selfEvaluation");
    partial["scores"].as_array_mut().unwrap().pop();
    let err = refused(&mut c, &mut e, &j[0].1, partial);
    assert_eq!(err.rule.as_deref(), Some("acceptance.passScoresEveryCriterion"));
    assert!(err.message.contains("satisfied"), "{}", err.message);
    let err = refused(&mut c, &mut e, &j[0].1, judge_fail("b1", "selfEvaluation", " "));
    assert_eq!(err.field.as_deref(), Some("command.notes"));
    let mut unknown = judge_pass("b1", "selfEvaluation");
    unknown["scores"][0]["criterion"] = json!("speed");
    assert_eq!(refused(&mut c, &mut e, &j[0].1, unknown).code, ErrorCode::NotFound);
    // Self-evaluation passes and is locked.
    run(&mut c, &mut e, &j[0].1, judge_pass("b1", "selfEvaluation"));
    let err = refused(&mut c, &mut e, &j[0].1, judge_fail("b1", "selfEvaluation", "重新自评"));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::InvalidTransition, Some("acceptance.tierLocked")));
    // Only the tier above sends it back: not the district, not the village itself.
    let back =
        |tier: &str| json!({"type":"sendBackAcceptance","organization":"b1","tier":tier,"reason":"佐证材料不全"});
    let err = refused(&mut c, &mut e, &j[2].1, back("selfEvaluation"));
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    let err = refused(&mut c, &mut e, &j[2].1, back("subdistrictAssessment"));
    assert_eq!(err.rule.as_deref(), Some("acceptance.sendBackTheLastTier"), "not judged yet");
    run(&mut c, &mut e, &j[1].1, back("selfEvaluation"));
    let round = &c.state().acceptance.organizations["b1"].rounds[0];
    assert_eq!((round.judgements.len(), round.sent_back.len()), (0, 1));
    // Judged again, then every tier up to the city: accepted, the ledger with it, the pairing free.
    for (tier, by) in &j {
        run(&mut c, &mut e, by, judge_pass("b1", tier));
    }
    assert_eq!(ledger_status(&c, "b1"), Some(RectificationStatus::Accepted));
    let err = refused(&mut c, &mut e, &j[0].1, judge_pass("b1", "selfEvaluation"));
    assert_eq!(err.rule.as_deref(), Some("acceptance.alreadyAccepted"));
    let err = refused(
        &mut c,
        &mut e,
        &j[3].1,
        json!({"type":"sendBackAcceptance","organization":"b1","tier":"cityVerification","reason":"x"}),
    );
    assert_eq!(err.rule.as_deref(), Some("acceptance.sentBackByTheTierAbove"));
    run(&mut c, &mut e, &admin(), json!({"type":"endPairing","pairing":"pr1","on":"2022-12-01","reason":"验收通过"}));
    // The criteria are set before any tier judges.
    let err =
        refused(&mut c, &mut e, &admin(), json!({"type":"setAcceptanceCriteria","criteria":[{"id":"a","label":"甲"}]}));
    assert_eq!(err.rule.as_deref(), Some("acceptance.criteriaBeforeJudging"));
}

#[test]
fn a_fail_adjusts_the_secretary_keeps_the_pairing_and_the_next_round_starts_again() {
    let (mut c, mut e) = world();
    let j = judges();
    run(&mut c, &mut e, &j[0].1, judge_pass("b1", "selfEvaluation"));
    run(&mut c, &mut e, &j[1].1, judge_pass("b1", "subdistrictAssessment"));
    run(&mut c, &mut e, &j[2].1, judge_fail("b1", "districtEvaluation", "群众满意度不高，班子战斗力不强"));
    let a = &c.state().acceptance.organizations["b1"];
    assert_eq!(
        (a.rounds[0].outcome, a.adjustment_due),
        (RoundOutcome::Failed { tier: Tier::DistrictEvaluation }, Some(1))
    );
    assert_eq!(ledger_status(&c, "b1"), Some(RectificationStatus::Rectifying), "rectification continues");
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"endPairing","pairing":"pr1","on":"2022-12-01","reason":"调整"}),
    );
    assert_eq!(err.rule.as_deref(), Some("rectification.pairingStaysAttached"), "不脱钩");
    // The next round waits for the secretary, and for the ledger to be ready again.
    let err = refused(&mut c, &mut e, &j[0].1, judge_pass("b1", "selfEvaluation"));
    assert_eq!(err.rule.as_deref(), Some("acceptance.secretaryAdjustedFirst"));
    let adjust = json!({"type":"adjustSecretary","organization":"b1","person":"m1","reason":"区评估未通过"});
    let err = refused(&mut c, &mut e, &admin(), adjust.clone());
    assert_eq!(err.rule.as_deref(), Some("organization.secretaryAlreadyAppointed"), "a new secretary");
    let mut adjust = adjust;
    adjust["person"] = json!("m2");
    run(&mut c, &mut e, &admin(), adjust.clone());
    let a = &c.state().acceptance.organizations["b1"];
    assert_eq!(
        (a.adjustment_due, a.adjustments[0].old.as_deref(), a.adjustments[0].new.as_str()),
        (None, Some("m1"), "m2")
    );
    assert_eq!(c.state().organization.party_organizations["b1"].secretary.as_deref(), Some("m2"));
    let err = refused(&mut c, &mut e, &admin(), adjust);
    assert_eq!(err.rule.as_deref(), Some("acceptance.adjustmentAfterAFail"));
    let err = refused(&mut c, &mut e, &j[0].1, judge_pass("b1", "selfEvaluation"));
    assert_eq!(err.rule.as_deref(), Some("acceptance.readyFirst"));
    run(&mut c, &mut e, &admin(), json!({"type":"markReadyForAcceptance","organization":"b1"}));
    for (tier, by) in &j {
        run(&mut c, &mut e, by, judge_pass("b1", tier));
    }
    let a = &c.state().acceptance.organizations["b1"];
    assert_eq!((a.rounds.len(), a.rounds[1].outcome), (2, RoundOutcome::Passed));
    assert_eq!(ledger_status(&c, "b1"), Some(RectificationStatus::Accepted));
    let funnel = answer(&c, &admin(), json!({"type":"acceptanceFunnel"}));
    assert_eq!(funnel["accepted"], 1);
    assert_eq!(funnel["beyondFirstRound"], 1);
    assert_eq!(funnel["tiers"][2], json!({"tier":"districtEvaluation","passed":1,"failed":1}));
    assert_eq!(funnel["notBegun"], 1, "b2");
}

#[test]
fn an_organization_without_a_ledger_that_fails_gets_one() {
    let (mut c, mut e) = world();
    let self_evaluator = actor(Role::CommunityCadre, COMMUNITY_2);
    run(&mut c, &mut e, &self_evaluator, judge_fail("b2", "selfEvaluation", "党员作用发挥不明显"));
    let l = &c.state().rectification.ledgers["b2"];
    assert_eq!(
        (l.status, serde_json::to_value(&l.origin).unwrap()),
        (RectificationStatus::Listed, json!({"kind":"acceptanceFailed","round":1}))
    );
    let standing = answer(&c, &admin(), json!({"type":"acceptances","limit":1,"after":"b1"}));
    assert_eq!(
        standing["organizations"][0],
        json!({"organization":"b2","name":"金南社区党总支","unit":COMMUNITY_2,"round":1,"tiers":{"selfEvaluation":false},
               "accepted":false,"adjustmentDue":1,"rectification":"listed"})
    );
}

#[test]
fn indicators_are_shown_beside_each_judgement_and_words_are_masked() {
    let (mut c, mut e) = world();
    let j = judges();
    run(&mut c, &mut e, &j[0].1, judge_fail("b1", "selfEvaluation", "书记张某履职不力"));
    let full = answer(&c, &admin(), json!({"type":"acceptance","organization":"b1","at":"2022-11-01T09:00:00+08:00"}));
    let judged = &full["record"]["rounds"][0]["judgements"][0];
    assert_eq!(judged["indicators"]["problemsClosed"], 1);
    assert_eq!(
        (judged["indicators"]["measuresVerified"].clone(), judged["indicators"]["measures"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(judged["notes"], "书记张某履职不力");
    assert_eq!(full["standing"]["nextTier"], Value::Null, "waiting for the secretary's adjustment");
    assert_eq!(full["criteria"].as_array().unwrap().len(), 3, "the plan's three");
    let masked = answer(
        &c,
        &actor(Role::GridWorker, COMMUNITY),
        json!({"type":"acceptance","organization":"b1","at":"2022-11-01T09:00:00+08:00"}),
    );
    assert_eq!(masked["record"]["rounds"][0]["judgements"][0]["notes"], "");
    assert!(!serde_json::to_string(&masked).unwrap().contains("张某"));
    let outside = actor(Role::GridWorker, COMMUNITY_2);
    let q: grassroots::Query =
        serde_json::from_value(json!({"type":"acceptance","organization":"b1","at":"2022-11-01T09:00:00+08:00"}))
            .unwrap();
    assert_eq!(c.query(&outside, &q).unwrap_err().code, ErrorCode::OutOfScope);
}

fn step() -> impl Strategy<Value = (usize, usize, bool)> {
    (0..7usize, 0..4usize, any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_acceptance_sequences_keep_order_locks_and_rounds_and_replay(
        steps in proptest::collection::vec(step(), 1..60)
    ) {
        let (mut c, mut e) = world();
        let j = judges();
        for (kind, t, pass) in steps {
            let (tier, by) = j[t].clone();
            let command = match kind {
                0..=2 => if pass { judge_pass("b1", tier) } else { judge_fail("b1", tier, "未达标准") },
                3 => json!({"type":"sendBackAcceptance","organization":"b1","tier":Tier::ALL[t.saturating_sub(1)].as_str(),"reason":"退回"}),
                4 => json!({"type":"adjustSecretary","organization":"b1","person":if pass { "m2" } else { "m1" },"reason":"调整"}),
                5 => json!({"type":"markReadyForAcceptance","organization":"b1"}),
                _ => json!({"type":"addMeasure","organization":"b1","measure":{"id":format!("m{}", c.head().seq),"text":"补充措施",
                        "owner":"x","ownerPost":"书记","due":"2022-12-31","answers":[{"kind":"problem","problem":"p1"}]}}),
            };
            let by = if kind == 3 { j[t.max(1)].1.clone() } else if matches!(kind, 4..=6) { admin() } else { by };
            let head = c.head();
            let mut envelope = e.by(&by, serde_json::from_value(command).unwrap());
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
        if let Some(a) = c.state().acceptance.organizations.get("b1") {
            for (i, r) in a.rounds.iter().enumerate() {
                prop_assert_eq!(r.number as usize, i + 1);
                // The judgements that stand are the tiers in order, all passed but perhaps the last.
                for (k, judgement) in r.judgements.iter().enumerate() {
                    prop_assert_eq!(judgement.tier, Tier::ALL[k]);
                    prop_assert!(judgement.passed || k + 1 == r.judgements.len());
                }
                let last_failed = r.judgements.last().is_some_and(|x| !x.passed);
                prop_assert_eq!(matches!(r.outcome, RoundOutcome::Failed { .. }), last_failed);
                if i + 1 < a.rounds.len() {
                    prop_assert!(matches!(r.outcome, RoundOutcome::Failed { .. }), "only a failed round is followed by another");
                }
            }
            let passed = a.rounds.last().is_some_and(|r| r.outcome == RoundOutcome::Passed);
            prop_assert_eq!(passed, ledger_status(&c, "b1") == Some(RectificationStatus::Accepted));
            let failed = a.rounds.iter().filter(|r| matches!(r.outcome, RoundOutcome::Failed { .. })).count();
            prop_assert_eq!(a.adjustments.len() + usize::from(a.adjustment_due.is_some()), failed);
        }
    }
}
