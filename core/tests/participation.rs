//! Study, pledges and volunteer service: who may attend, pledge and verify; attendance and hours per
//! organization and per member; pledges overdue at a moment; pages; refusals that change nothing.

mod common;

use common::*;
use grassroots::people::PoliticalStatus;
use grassroots::{Campaign, ErrorCode, Query, Role};
use serde_json::{Value, json};

/// Members `m1`, `m2` of `b1` (东方红), `m3` of `b2` (金南); `r1` a resident, not a member.
fn world() -> (Campaign, Envelopes) {
    let (mut c, mut e) = small_campaign();
    run(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"establishPartyOrganization","id":"b2","kind":"generalPartyBranch","name":"金南社区党总支","unit":COMMUNITY_2}),
    );
    for command in [
        register_person("m2", COMMUNITY, PoliticalStatus::PartyMember, Some("b1")),
        register_person("m3", COMMUNITY_2, PoliticalStatus::PartyMember, Some("b2")),
    ] {
        c.execute(e.admin(command)).unwrap();
    }
    (c, e)
}

fn session(id: &str, org: &str, topic: &str, on: &str, attendees: &[&str]) -> Value {
    json!({"type":"recordStudySession","session":{"id":id,"topic":topic,"title":"专题学习","on":on,
           "organizer":org,"attendees":attendees}})
}

fn activity(id: &str, org: &str, place: &str, theme: &str, participants: Value) -> Value {
    json!({"type":"recordVolunteerActivity","activity":{"id":id,"title":"志愿服务","on":"2022-04-10",
           "organizer":org,"place":place,"theme":theme,"participants":participants}})
}

#[test]
fn study_attendance_per_organization_and_member() {
    let (mut c, mut e) = world();
    let err = refused(&mut c, &mut e, &admin(), session("s1", "b1", "theory", "2022-04-01", &["m1", "m3"]));
    assert_eq!(
        (err.rule.as_deref(), err.field.as_deref()),
        (Some("participation.attendeesOfTheOrganization"), Some("command.session.attendees[1]"))
    );
    let err = refused(&mut c, &mut e, &admin(), session("s1", "b1", "theory", "2022-04-01", &["m1", "m1"]));
    assert_eq!(err.code, ErrorCode::InvalidField);
    let err = refused(&mut c, &mut e, &admin(), session("s1", "b1", "theory", "2022-06-01", &["m1"]));
    assert_eq!(err.field.as_deref(), Some("command.session.on"), "recorded once held");
    let err = refused(&mut c, &mut e, &admin(), session("s1", "b1", "theory", "2022-04-01", &["nobody"]));
    assert_eq!(err.code, ErrorCode::NotFound);
    run(&mut c, &mut e, &admin(), session("s1", "b1", "partyHistory", "2022-04-01", &["m1", "m2", "r1"]));
    run(&mut c, &mut e, &admin(), session("s2", "b1", "law", "2022-04-08", &["m1"]));
    run(&mut c, &mut e, &admin(), session("s3", "b2", "policy", "2022-04-09", &["m3"]));
    run(&mut c, &mut e, &admin(), session("s4", "b1", "law", "2022-03-01", &["m1"]));
    let err = refused(&mut c, &mut e, &admin(), session("s1", "b1", "law", "2022-04-01", &["m1"]));
    assert_eq!(err.code, ErrorCode::AlreadyExists);
    let a = answer(&c, &admin(), json!({"type":"studyAttendance","from":"2022-04-01","to":"2022-04-30","limit":2}));
    assert_eq!(
        a["organizations"][0],
        json!({"organization":"b1","name":"东方红社区党总支","sessions":{"partyHistory":1,"law":1},"attendances":4,"attendees":3})
    );
    assert_eq!(
        a["members"],
        json!([{"person":"m1","name":"姓名m1","sessions":2},{"person":"m2","name":"姓名m2","sessions":1}])
    );
    assert_eq!(a["nextAfter"], "m2");
    let rest =
        answer(&c, &admin(), json!({"type":"studyAttendance","from":"2022-04-01","to":"2022-04-30","after":"m2"}));
    assert_eq!(rest["members"].as_array().unwrap().len(), 2, "m3 and r1");
    assert!(rest.get("nextAfter").is_none());
    let jinnan = answer(
        &c,
        &actor(Role::GridWorker, COMMUNITY_2),
        json!({"type":"studyAttendance","from":"2022-04-01","to":"2022-04-30"}),
    );
    assert_eq!(jinnan["organizations"].as_array().unwrap().len(), 1, "only the organizations in scope");
    assert_eq!(jinnan["members"], json!([{"person":"m3","name":"姓名m3","sessions":1}]));
    let q: Query =
        serde_json::from_value(json!({"type":"studyAttendance","from":"2022-05-01","to":"2022-04-01"})).unwrap();
    assert_eq!(c.query(&admin(), &q).unwrap_err().code, ErrorCode::InvalidField);
}

#[test]
fn pledges_are_made_by_members_fulfilled_and_verified_by_another() {
    let (mut c, mut e) = world();
    let pledge = |id: &str, member: &str, due: &str| json!({"type":"makePledge","pledge":{"id":id,"member":member,"text":"每月走访联系户不少于10户","due":due}});
    let err = refused(&mut c, &mut e, &admin(), pledge("p1", "r1", "2022-06-30"));
    assert_eq!(err.rule.as_deref(), Some("participation.pledgeByAMember"));
    let err = refused(&mut c, &mut e, &admin(), pledge("p1", "m1", "2022-01-31"));
    assert_eq!(err.field.as_deref(), Some("command.pledge.due"));
    let err = refused(&mut c, &mut e, &actor(Role::CommunityCadre, COMMUNITY_2), pledge("p1", "m1", "2022-06-30"));
    assert_eq!(err.code, ErrorCode::OutOfScope);
    run(&mut c, &mut e, &admin(), pledge("p1", "m1", "2022-06-30"));
    run(&mut c, &mut e, &admin(), pledge("p2", "m2", "2022-04-20"));
    run(&mut c, &mut e, &admin(), pledge("p3", "m3", "2022-12-31"));
    let cadre = actor(Role::CommunityCadre, COMMUNITY);
    let verify = json!({"type":"verifyPledge","pledge":"p1","passed":true,"note":"联系户评价好"});
    let err = refused(&mut c, &mut e, &admin(), verify.clone());
    assert_eq!(err.rule.as_deref(), Some("participation.pledgeTransitionAllowed"), "not fulfilled yet");
    run(&mut c, &mut e, &cadre, json!({"type":"fulfilPledge","pledge":"p1","done":"已走访12户"}));
    let err = refused(&mut c, &mut e, &cadre, verify.clone());
    assert_eq!(
        (err.code, err.rule.as_deref()),
        (ErrorCode::PermissionDenied, Some("participation.pledgeVerifiedByAnother"))
    );
    run(&mut c, &mut e, &admin(), json!({"type":"verifyPledge","pledge":"p1","passed":false,"note":"走访记录不全"}));
    run(&mut c, &mut e, &cadre, json!({"type":"fulfilPledge","pledge":"p1","done":"已补全记录"}));
    run(&mut c, &mut e, &admin(), verify);
    let p = answer(&c, &admin(), json!({"type":"pledges","at":"2022-05-01T09:00:00+08:00"}));
    assert_eq!(p["counts"], json!({"made":2,"fulfilled":0,"verified":1,"overdue":1}));
    let lines = p["pledges"].as_array().unwrap();
    assert_eq!(
        lines.iter().map(|l| (l["pledge"]["id"].clone(), l["overdue"].clone())).collect::<Vec<_>>(),
        [(json!("p1"), json!(false)), (json!("p2"), json!(true)), (json!("p3"), json!(false))]
    );
    assert_eq!(lines[0]["pledge"]["failedVerifications"][0]["text"], "走访记录不全");
    let b1 = answer(&c, &admin(), json!({"type":"pledges","at":"2022-05-01T09:00:00+08:00","organization":"b2"}));
    assert_eq!(b1["counts"]["made"], 1);
    let masked = answer(
        &c,
        &actor(Role::GridWorker, COMMUNITY),
        json!({"type":"pledges","at":"2022-05-01T09:00:00+08:00","limit":1}),
    );
    assert_eq!(masked["pledges"][0]["pledge"]["failedVerifications"][0]["text"], "", "a verifier's findings masked");
    assert_eq!(masked["pledges"][0]["pledge"]["fulfilled"]["text"], "已补全记录", "what was done is public");
    assert_eq!(masked["nextAfter"], "p1");
    assert_eq!(masked["counts"]["made"], 1, "counts over its scope: p2");
}

#[test]
fn volunteer_hours_per_organization_member_place_and_theme() {
    let (mut c, mut e) = world();
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        activity("a1", "b1", "schoolHospital", "drugs", json!([{"person":"m1","hours":1.25}])),
    );
    assert_eq!(err.field.as_deref(), Some("command.activity.participants[0].hours"));
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        activity("a1", "b1", "schoolHospital", "drugs", json!([{"person":"m3","hours":2}])),
    );
    assert_eq!(err.rule.as_deref(), Some("participation.attendeesOfTheOrganization"));
    run(
        &mut c,
        &mut e,
        &admin(),
        activity("a1", "b1", "schoolHospital", "drugs", json!([{"person":"m1","hours":2},{"person":"m2","hours":1.5}])),
    );
    run(
        &mut c,
        &mut e,
        &admin(),
        activity("a2", "b1", "villageCommunity", "telecomFraud", json!([{"person":"m1","hours":0.5}])),
    );
    let h = answer(&c, &admin(), json!({"type":"volunteerHours","from":"2022-04-01","to":"2022-04-30"}));
    assert_eq!(
        h["organizations"][0],
        json!({"organization":"b1","name":"东方红社区党总支","activities":2,"hours":4.0,
               "byPlace":{"villageCommunity":0.5,"schoolHospital":3.5},"byTheme":{"drugs":3.5,"telecomFraud":0.5}})
    );
    assert_eq!(
        h["members"],
        json!([{"person":"m1","name":"姓名m1","activities":2,"hours":2.5},{"person":"m2","name":"姓名m2","activities":1,"hours":1.5}])
    );
    let none = answer(&c, &admin(), json!({"type":"volunteerHours","from":"2022-05-01","to":"2022-05-31"}));
    assert_eq!(none["organizations"], json!([]));
}

#[test]
fn a_campaign_holds_100000_pledges() {
    let (mut c, mut e) = world();
    for i in 0..100_000 {
        let p = json!({"type":"makePledge","pledge":{"id":format!("p{i}"),"member":"m1","text":"走访联系户","due":"2022-12-31"}});
        c.execute(e.admin(command(p))).unwrap();
    }
    let err = refused(
        &mut c,
        &mut e,
        &admin(),
        json!({"type":"makePledge","pledge":{"id":"one-more","member":"m1","text":"走访联系户","due":"2022-12-31"}}),
    );
    assert_eq!(err.rule.as_deref(), Some("participation.recordsBounded"));
    let page = answer(&c, &admin(), json!({"type":"pledges","at":"2022-05-01T09:00:00+08:00","limit":10000}));
    assert_eq!((page["pledges"].as_array().unwrap().len(), page["counts"]["made"].as_u64()), (10_000, Some(100_000)));
}
