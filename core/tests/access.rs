//! The access matrix, run: every command and every query (each declared case) as every role, inside
//! and outside the actor's scope, compared with what `docs/ACCESS.md` says; and the committed
//! `docs/ACCESS.md` compared with the one the code generates.
//!
//! `GRASSROOTS_BLESS=1 cargo test -p grassroots --test access` rewrites `docs/ACCESS.md`.

mod common;

use common::*;
use grassroots::engine::ScopeRule;
use grassroots::switchboard::{Declaration, access_markdown};
use grassroots::{Campaign, Command, ErrorCode, Query, Role};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// A sub-district next to the campaign's: an actor scoped there is outside every target.
const ELSEWHERE: &str = "430104018000";

/// The commands whose target is the sub-district itself (not one of its units).
const SUBDISTRICT_WIDE: &[&str] = &["setLinkagePolicy"];

/// The queries whose instance here names a target outside the world's first community.
const ANOTHER_UNITS: &[&str] = &["acceptance", "rollup"];

/// A unit outside the world at the level `role` acts at: another sub-district (or its first
/// community), another district, another city.
fn elsewhere(role: Role) -> &'static str {
    use grassroots::engine::division_code::OrgLevel;
    match role.scope_levels()[0] {
        OrgLevel::District => "430105000000",
        OrgLevel::City => "430200000000",
        _ => ELSEWHERE,
    }
}
const AT: &str = "2022-05-10T10:00:00+08:00";

#[test]
fn the_committed_access_matrix_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/ACCESS.md");
    let text = access_markdown();
    if std::env::var_os("GRASSROOTS_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "docs/ACCESS.md is out of date: run `GRASSROOTS_BLESS=1 cargo test -p grassroots --test access` and commit it"
    );
}

/// The world every case runs against: `small_campaign` plus what the cases name.
fn world() -> Campaign {
    let mut c = world_before_acceptance();
    let mut e = Envelopes::new();
    for (who, command) in acceptance_world() {
        let mut envelope = e.by(&who, serde_json::from_value(command.clone()).unwrap());
        envelope.command_id = format!("acceptance-{}", c.head().seq);
        c.execute(envelope).unwrap_or_else(|err| panic!("{command}: {err:?}"));
    }
    c
}

/// The acceptance: `o6` not begun, `o7` self-evaluated, `o8` assessed by the sub-district, `o9`
/// evaluated by the district, `o10` failed at its self-evaluation and waiting for its secretary's
/// adjustment.
fn acceptance_world() -> Vec<(grassroots::Actor, Value)> {
    let judges = [
        actor(Role::CommunityCadre, COMMUNITY_2),
        admin(),
        actor(Role::DistrictEvaluator, DISTRICT),
        actor(Role::CityVerifier, CITY),
    ];
    let tiers = ["selfEvaluation", "subdistrictAssessment", "districtEvaluation", "cityVerification"];
    let mut w = Vec::new();
    for (id, name) in [
        ("o6", "金南社区第三党支部"),
        ("o7", "金南社区第四党支部"),
        ("o8", "金南社区第五党支部"),
        ("o9", "金南社区第六党支部"),
        ("o10", "金南社区第七党支部"),
    ] {
        w.push((
            admin(),
            json!({"type":"establishPartyOrganization","id":id,"kind":"partyBranch","name":name,"unit":COMMUNITY_2}),
        ));
    }
    for (org, judged) in [("o7", 1), ("o8", 2), ("o9", 3)] {
        for t in 0..judged {
            w.push((judges[t].clone(), judge_pass(org, tiers[t])));
        }
    }
    w.push((
        judges[0].clone(),
        json!({"type":"judgeAcceptance","organization":"o10","tier":"selfEvaluation",
        "passed":false,"notes":"班子不团结"}),
    ));
    // Oversight: inspection `in1` drawn and visited once (a second target left to visit); case `ac1`
    // open.
    let (plan, targets) = inspection_plan("in1");
    w.push((admin(), json!({"type":"planInspection","plan":plan})));
    w.push((admin(), json!({"type":"recordInspection","inspection":"in1","unit":targets[0],"summary":"台账齐全"})));
    w.push((
        admin(),
        json!({"type":"openAccountabilityCase","case":{"id":"ac1","organizations":["b1"],"persons":["m1"],
        "facts":"整改不力"}}),
    ));
    w
}

/// An inspection plan of two of the sub-district's three units, drawn with seed 20221101, and its
/// targets.
fn inspection_plan(id: &str) -> (Value, Vec<String>) {
    let candidates: Vec<grassroots::DivisionCode> =
        [COMMUNITY, COMMUNITY_2, VILLAGE].iter().map(|c| grassroots::DivisionCode::parse(c, "c").unwrap()).collect();
    let targets: Vec<String> =
        grassroots::oversight::draw(&candidates, 2, 20221101).iter().map(|c| c.to_string()).collect();
    let plan = json!({"id":id,"title":"“四不两直”暗访","candidates":[COMMUNITY, COMMUNITY_2, VILLAGE],"count":2,
        "seed":20221101,"targets":targets});
    (plan, targets)
}

/// The world before any acceptance (the criteria are set before any tier judges).
fn world_before_acceptance() -> Campaign {
    let (mut c, mut e) = small_campaign();
    let commands = [
        json!({"type":"registerPerson","id":"r2","name":"李四","unit":COMMUNITY,"politicalStatus":"masses"}),
        json!({"type":"registerPerson","id":"r3","name":"王五","unit":COMMUNITY,"politicalStatus":"masses"}),
        json!({"type":"addResident","household":"h1","person":"r3"}),
        json!({"type":"tagKeyPerson","person":"r3","tag":"leftBehind"}),
        json!({"type":"registerPerson","id":"gw","name":"赵六","unit":COMMUNITY,"politicalStatus":"masses",
               "helperRoles":["gridWorker"]}),
        json!({"type":"addScheduleItem","id":"s1","task":"入户走访","owner":"街道办","due":"2022-04-30"}),
        json!({"type":"addScheduleItem","id":"s0","task":"制定方案","owner":"街道办","due":"2022-04-13"}),
        json!({"type":"completeScheduleItem","id":"s0"}),
        json!({"type":"setLinkagePolicy","policy":{"min":1,"max":15}}),
        json!({"type":"setMemberLinkage","person":"m1","linkage":{"qualifiedForKeyPersons":true}}),
        json!({"type":"establishMicroGrid","grid":{"id":"g1","unit":COMMUNITY,"name":"一组","leader":"m1",
               "members":["m1"]}}),
    ];
    for command in commands {
        c.execute(e.admin(serde_json::from_value(command).unwrap())).unwrap();
    }
    // The problem-handling loop: a problem in each state the cases act on. Target `t1` is acted for by
    // every role's actor inside the scope; `t2` by a handler of its own, so that anyone else may verify.
    let inside: Vec<String> = Role::ALL.iter().map(|r| actor(*r, SUBDISTRICT).id).collect();
    let worker = grassroots::Actor { id: "worker-1".into(), ..actor(Role::Handler, SUBDISTRICT) };
    let cadre = actor(Role::SubdistrictCadre, SUBDISTRICT);
    let problem = |id: &str, urgent: bool| {
        json!({"id":id,"unit":COMMUNITY,"category":"disputes","severity":"minor","urgent":urgent,
               "description":"邻里纠纷","sources":[{"kind":"hotline","reference":format!("12345-{id}")}]})
    };
    let ids = ["p-r", "p-c", "p-d", "p-i", "p-rd", "p-v", "p-x", "p-dx", "p-l"];
    let mut problems: Vec<Value> = ids.iter().map(|id| problem(id, false)).collect();
    problems.push(problem("p-u", true));
    let mut loop_commands = vec![
        (
            admin(),
            json!({"type":"setDispatchTarget","target":{"id":"t1","kind":"subdistrictOffice","name":"综治办",
            "level":"subdistrict","unit":SUBDISTRICT,"handlers":inside}}),
        ),
        (
            admin(),
            json!({"type":"setDispatchTarget","target":{"id":"t2","kind":"villageCommittee","name":"东方红社区居委会",
            "level":"village","unit":COMMUNITY,"handlers":["worker-1"]}}),
        ),
        (admin(), json!({"type":"reportProblems","problems":problems})),
    ];
    for id in &ids[1..] {
        loop_commands.push((admin(), json!({"type":"confirmProblem","problem":id})));
    }
    for (id, target) in [("p-d", "t1"), ("p-i", "t1"), ("p-rd", "t2"), ("p-v", "t2"), ("p-x", "t2"), ("p-l", "t1")] {
        loop_commands
            .push((admin(), json!({"type":"dispatchProblem","problem":id,"target":target,"due":{"workingDays":5}})));
    }
    loop_commands
        .push((cadre, json!({"type":"dispatchProblem","problem":"p-dx","target":"t1","due":{"workingDays":5}})));
    loop_commands.push((admin(), json!({"type":"acceptProblem","problem":"p-i"})));
    for id in ["p-rd", "p-v", "p-x"] {
        loop_commands.push((worker.clone(), json!({"type":"acceptProblem","problem":id})));
        loop_commands.push((worker.clone(), json!({"type":"reportProblemDone","problem":id,"done":"已调解"})));
    }
    for id in ["p-v", "p-x"] {
        loop_commands.push((admin(), json!({"type":"verifyProblem","problem":id,"passed":true,"note":"回访属实"})));
    }
    loop_commands.extend([
        (admin(), json!({"type":"closeProblem","problem":"p-x","feedback":{"satisfied":true}})),
        (admin(), json!({"type":"requestExtension","problem":"p-dx","until":"2022-06-30","reason":"需协调多部门"})),
        (
            admin(),
            json!({"type":"listSupervision","listing":{"id":"L1","problems":["p-l"],"supervisor":"街道纪工委 李某",
            "level":"subdistrict","deadline":"2022-06-30","cadenceWorkingDays":5}}),
        ),
        (
            admin(),
            json!({"type":"listSupervision","listing":{"id":"L3","problems":["p-v"],"supervisor":"街道纪工委 李某",
            "level":"subdistrict","deadline":"2022-06-30","cadenceWorkingDays":5}}),
        ),
    ]);
    // The look-back: every unit has a concluded review (so the special report can be submitted); a
    // second round is open, `rv1` just begun and `rv2` complete but not concluded.
    let rate_all = |review: &str| -> Vec<Value> {
        let mut c: Vec<Value> = ["runsSmoothly", "capable", "morale", "residentsView", "freeOfConflicts"]
            .iter()
            .map(|q| json!({"type":"rateReviewQuestion","review":review,"question":q,"rating":{"score":4}}))
            .collect();
        c.extend(
            [
                "organizationSetUp",
                "leadershipComplete",
                "rulesComplete",
                "fundingAndPremises",
                "roleFullyPlayed",
                "noGovernanceDisorder",
            ]
            .iter()
            .map(|i| json!({"type":"recordStructuralFinding","review":review,"item":i,"finding":{"sound":true}})),
        );
        c.push(json!({"type":"rateSecretary","review":review,"rating":{"score":4}}));
        c.push(json!({"type":"recordDemocraticEvaluation","review":review,"evaluation":{"ballots":3,
            "items":[{"item":"班子整体","satisfied":3,"basicallySatisfied":0,"dissatisfied":0}]}}));
        c
    };
    loop_commands.push((
        admin(),
        json!({"type":"recordVisit","visit":{"id":"v0","household":"h1",
        "visitors":[{"person":"gw","role":"gridWorker"}],"visitedAt":"2022-04-13T08:00:00+08:00","outcome":"met"}}),
    ));
    for (id, unit) in [("rv0", COMMUNITY), ("rv3", COMMUNITY_2), ("rv4", VILLAGE)] {
        loop_commands.push((admin(), json!({"type":"openReview","id":id,"unit":unit})));
        for c in rate_all(id) {
            loop_commands.push((admin(), c));
        }
        loop_commands.push((admin(), json!({"type":"concludeReview","review":id,"conclusion":"良好"})));
    }
    loop_commands.push((admin(), json!({"type":"openReview","id":"rv1","unit":COMMUNITY})));
    loop_commands.push((admin(), json!({"type":"openReview","id":"rv2","unit":VILLAGE})));
    for c in rate_all("rv2") {
        loop_commands.push((admin(), c));
    }
    let rubric: Value = serde_json::from_str(r#"{"criteria":[{"id":"petitions","label":"信访问题突出","measure":{"kind":"feedbackCount","source":"petitions"},"direction":"atLeast","threshold":3,"weight":40},
            {"id":"rating","label":"班子评价低","measure":{"kind":"reviewRating"},"direction":"atMost","threshold":3,"weight":40}],
            "vetoes":[{"id":"crime","label":"发生刑事案件","measure":{"kind":"feedbackCount","source":"criminalCases"},"direction":"atLeast","threshold":1}],
            "suggestAt":60}"#).unwrap();
    loop_commands.push((admin(), json!({"type":"setRubric","rubric":rubric})));
    loop_commands
        .push((admin(), json!({"type":"decideWeakAndLax","organization":"b1","propose":true,"reason":"班子评价低"})));
    loop_commands.push((admin(), json!({"type":"submitWeakAndLaxList","to":"区委组织部"})));
    loop_commands.extend(rectification_world());
    for (who, command) in loop_commands {
        let envelope = e.by(&who, serde_json::from_value(command.clone()).unwrap());
        c.execute(envelope).unwrap_or_else(|err| panic!("{command}: {err:?}"));
    }
    c
}

/// Rectification and participation: `b1` listed by the confirmed list and rectifying (measure `ms1`
/// open, `ms2` reported done by its owner, the community cadre inside the scope); `o2` without a
/// ledger but with an open problem; `o3` rectifying with every measure verified; `o4` listed with a
/// measure; `o5` ready for acceptance; pairings on `b1` (stays attached) and `o2`; list v2 submitted and
/// not yet confirmed; a study session, a volunteer activity, pledge `pl1` made and `pl2` fulfilled by
/// another cadre than any role's actor.
fn rectification_world() -> Vec<(grassroots::Actor, Value)> {
    // The owner is the matrix's community cadre; it marks the measures of other units done as a
    // cadre of each (the host's user id is the owner).
    let owner = actor(Role::CommunityCadre, SUBDISTRICT);
    let owner_in = |unit: &str| grassroots::Actor { id: owner.id.clone(), ..actor(Role::CommunityCadre, unit) };
    let district = actor(Role::Inspector, "430104000000");
    let other = grassroots::Actor { id: "cadre-x".into(), ..actor(Role::CommunityCadre, SUBDISTRICT) };
    let measure = |org: &str, id: &str, problem: &str| {
        json!({"type":"addMeasure","organization":org,"measure":{"id":id,"text":"建立矛盾纠纷排查台账",
               "owner":owner.id,"ownerPost":"社区党总支书记","due":"2022-10-31",
               "answers":[{"kind":"problem","problem":problem}]}})
    };
    let problem = |id: &str, unit: &str| {
        json!({"id":id,"unit":unit,"category":"disputes","severity":"minor","urgent":false,
               "description":"邻里纠纷","sources":[{"kind":"hotline","reference":format!("12345-{id}")}]})
    };
    let mut w = vec![(district.clone(), json!({"type":"confirmWeakAndLaxList","version":1}))];
    for (id, unit, name) in [
        ("o2", COMMUNITY_2, "金南社区党支部"),
        ("o3", VILLAGE, "白鹤村党支部"),
        ("o4", VILLAGE, "白鹤村第二党支部"),
        ("o5", COMMUNITY_2, "金南社区第二党支部"),
    ] {
        w.push((
            admin(),
            json!({"type":"establishPartyOrganization","id":id,"kind":"partyBranch","name":name,"unit":unit}),
        ));
    }
    w.push((
        admin(),
        json!({"type":"reportProblems","problems":[problem("p-b2", COMMUNITY_2), problem("p-b3", VILLAGE)]}),
    ));
    w.push((admin(), json!({"type":"submitWeakAndLaxList","to":"区委组织部"})));
    w.push((admin(), measure("b1", "ms1", "p-c")));
    w.push((admin(), measure("b1", "ms2", "p-d")));
    w.push((admin(), json!({"type":"startRectifying","organization":"b1"})));
    w.push((owner.clone(), json!({"type":"markMeasureDone","measure":"ms2","done":"台账已建立"})));
    for (org, id, problem, unit) in
        [("o3", "ms3", "p-b3", VILLAGE), ("o4", "ms4", "p-b3", VILLAGE), ("o5", "ms5", "p-b2", COMMUNITY_2)]
    {
        w.push((admin(), json!({"type":"openLedger","organization":org,"reason":"矛盾纠纷多"})));
        w.push((admin(), measure(org, id, problem)));
        if org == "o4" {
            continue;
        }
        w.push((admin(), json!({"type":"startRectifying","organization":org})));
        w.push((
            admin(),
            json!({"type":"recordRectificationException","organization":org,
            "subject":{"kind":"problem","problem":problem},"reason":"需法院判决"}),
        ));
        w.push((owner_in(unit), json!({"type":"markMeasureDone","measure":id,"done":"已完成"})));
        w.push((admin(), json!({"type":"verifyMeasure","measure":id,"passed":true,"note":"核验属实"})));
    }
    w.push((admin(), json!({"type":"markReadyForAcceptance","organization":"o5"})));
    for (id, org) in [("pr1", "b1"), ("pr2", "o2")] {
        w.push((
            admin(),
            json!({"type":"assignPairing","pairing":{"id":id,"organization":org,"kind":"leaderPoint",
            "who":"街道党工委副书记 王某","from":"2022-04-13"}}),
        ));
    }
    w.push((
        admin(),
        json!({"type":"recordStudySession","session":{"id":"st1","topic":"partyHistory",
        "title":"学习党史","on":"2022-04-01","organizer":"b1","attendees":["m1"]}}),
    ));
    w.push((
        admin(),
        json!({"type":"recordVolunteerActivity","activity":{"id":"va1","title":"反电诈宣传",
        "on":"2022-04-02","organizer":"b1","place":"villageCommunity","theme":"telecomFraud",
        "participants":[{"person":"m1","hours":2.5}]}}),
    ));
    for id in ["pl1", "pl2"] {
        w.push((
            admin(),
            json!({"type":"makePledge","pledge":{"id":id,"member":"m1","text":"帮扶两户困难群众",
            "due":"2022-12-31"}}),
        ));
    }
    w.push((other, json!({"type":"fulfilPledge","pledge":"pl2","done":"已帮扶两户"})));
    w
}

/// One instance of every declared case of every command: `(name, case, command, on an empty campaign)`.
fn command_cases() -> Vec<(&'static str, &'static str, Value, bool)> {
    let reference = grassroots::survey::questionnaire::reference::door_knock();
    let visit = |findings: Value| {
        json!({"type":"recordVisit","visit":{"id":"v9","household":"h1","visitors":[{"person":"gw","role":"gridWorker"}],
               "visitedAt":"2022-04-13T08:00:00+08:00","outcome":"met","findings":findings}})
    };
    let csv = |table: &str, text: &str| json!({"type":"importCsv","table":table,"csv":text});
    let config = serde_json::to_value(grassroots::organization::CampaignConfig::dongfanghong_2022()).unwrap();
    vec![
        ("openCampaign", "", json!({"type":"openCampaign","config":config}), true),
        (
            "registerOrgUnit",
            "",
            json!({"type":"registerOrgUnit","code":"430104017003","level":"community","name":"新社区"}),
            false,
        ),
        (
            "establishPartyOrganization",
            "",
            json!({"type":"establishPartyOrganization","id":"b2","kind":"generalPartyBranch",
            "name":"金南社区党总支","unit":COMMUNITY_2}),
            false,
        ),
        ("appointSecretary", "", json!({"type":"appointSecretary","partyOrganization":"b1","person":"m1"}), false),
        (
            "setTwoCommittees",
            "",
            json!({"type":"setTwoCommittees","partyOrganization":"b1",
            "members":[{"person":"m1","post":"partySecretary"}]}),
            false,
        ),
        (
            "setLeadingGroup",
            "",
            json!({"type":"setLeadingGroup","group":{"leader":"m1","firstDeputy":"m1","deputies":["m1"],
            "executiveDeputy":"m1","memberUnits":["b1"],"officeDirector":"m1"}}),
            false,
        ),
        (
            "addScheduleItem",
            "",
            json!({"type":"addScheduleItem","id":"s2","task":"整改","owner":"街道办","due":"2022-06-30"}),
            false,
        ),
        ("completeScheduleItem", "", json!({"type":"completeScheduleItem","id":"s1"}), false),
        ("reopenScheduleItem", "", json!({"type":"reopenScheduleItem","id":"s0","reason":"方案未经党工委审定"}), false),
        (
            "registerPerson",
            "",
            json!({"type":"registerPerson","id":"p9","name":"孙七","unit":COMMUNITY,"politicalStatus":"masses"}),
            false,
        ),
        ("setHelperRoles", "", json!({"type":"setHelperRoles","person":"r1","roles":["volunteer"]}), false),
        (
            "registerHousehold",
            "",
            json!({"type":"registerHousehold","id":"h9","address":"9号","unit":COMMUNITY}),
            false,
        ),
        ("moveHousehold", "", json!({"type":"moveHousehold","household":"h1","address":"新址1号"}), false),
        ("addResident", "", json!({"type":"addResident","household":"h1","person":"r2"}), false),
        ("removeResident", "", json!({"type":"removeResident","household":"h1","person":"r1"}), false),
        ("tagKeyPerson", "", json!({"type":"tagKeyPerson","person":"r1","tag":"unemployedIdle"}), false),
        ("untagKeyPerson", "", json!({"type":"untagKeyPerson","person":"r3","tag":"leftBehind"}), false),
        ("registerQuestionnaire", "", json!({"type":"registerQuestionnaire","questionnaire":reference}), false),
        (
            "importQuestionnaire",
            "",
            json!({"type":"importQuestionnaire","id":"door-knock","version":1,
            "survey":include_str!("../src/survey/questionnaire/reference/survey.csv"),
            "choices":include_str!("../src/survey/questionnaire/reference/choices.csv")}),
            false,
        ),
        ("recordVisit", "", visit(json!([])), false),
        (
            "recordVisit",
            "findings tag key persons",
            visit(json!([{"id":"f9","category":"drugs","description":"楼道有针头",
            "persons":["r1"],"tags":[{"person":"r1","tag":"drugInvolved"}]}])),
            false,
        ),
        ("importCsv", "units", csv("units", "code,level,name\n430104017003,community,新社区\n"), false),
        ("importCsv", "households", csv("households", &format!("id,address,unit\nh9,9号,{COMMUNITY}\n")), false),
        ("importCsv", "residents", csv("residents", "household,personId,name\nh1,p9,孙七\n"), false),
        (
            "importCsv",
            "residents with key-person tags",
            csv("residents", "household,personId,name,keyPersonTags\nh1,p9,孙七,leftBehind\n"),
            false,
        ),
        (
            "importCsv",
            "members",
            csv("members", &format!("personId,name,unit,partyOrganization\np9,孙七,{COMMUNITY},b1\n")),
            false,
        ),
        ("setLinkagePolicy", "", json!({"type":"setLinkagePolicy","policy":{"min":1,"max":12}}), false),
        (
            "setMemberLinkage",
            "",
            json!({"type":"setMemberLinkage","person":"m1","linkage":{"qualifiedForKeyPersons":true,"max":12}}),
            false,
        ),
        ("setHouseholdWeight", "", json!({"type":"setHouseholdWeight","household":"h1","weight":2}), false),
        (
            "establishMicroGrid",
            "",
            json!({"type":"establishMicroGrid","grid":{"id":"g9","unit":COMMUNITY,"name":"二组","leader":"m1"}}),
            false,
        ),
        (
            "updateMicroGrid",
            "",
            json!({"type":"updateMicroGrid","grid":{"id":"g1","unit":COMMUNITY,"name":"第一组","leader":"m1",
            "members":["m1"]}}),
            false,
        ),
        (
            "adoptLinkPlan",
            "",
            json!({"type":"adoptLinkPlan","unit":COMMUNITY,"links":[{"household":"h1","member":"m1"}]}),
            false,
        ),
        (
            "publishHolidayCalendar",
            "",
            json!({"type":"publishHolidayCalendar","year":2027,"source":"国务院办公厅关于2027年部分节假日安排的通知",
            "holidays":[{"from":"2027-01-01","to":"2027-01-01"}]}),
            false,
        ),
        (
            "addProblemCategory",
            "",
            json!({"type":"addProblemCategory","code":"floodPrevention","labelZh":"防汛"}),
            false,
        ),
        (
            "setDispatchTarget",
            "",
            json!({"type":"setDispatchTarget","target":{"id":"t9","kind":"department","name":"区信访局",
            "level":"district","unit":"430104000000","handlers":["x"]}}),
            false,
        ),
        ("setProblemPolicy", "", json!({"type":"setProblemPolicy","policy":{"reopenWithinWorkingDays":10}}), false),
        (
            "reportProblems",
            "",
            json!({"type":"reportProblems","problems":[{"id":"p9","unit":COMMUNITY,"category":"disputes",
            "severity":"minor","description":"邻里纠纷","sources":[{"kind":"hotline","reference":"12345-9"}]}]}),
            false,
        ),
        ("confirmProblem", "", json!({"type":"confirmProblem","problem":"p-r"}), false),
        ("rejectProblem", "", json!({"type":"rejectProblem","problem":"p-r","reason":"不属于问题"}), false),
        ("mergeProblem", "", json!({"type":"mergeProblem","problem":"p-r","into":"p-c"}), false),
        (
            "dispatchProblem",
            "",
            json!({"type":"dispatchProblem","problem":"p-c","target":"t1","due":{"workingDays":5}}),
            false,
        ),
        ("acceptProblem", "", json!({"type":"acceptProblem","problem":"p-d"}), false),
        ("returnProblem", "", json!({"type":"returnProblem","problem":"p-d","reason":"不属本单位职责"}), false),
        (
            "recordProblemProgress",
            "",
            json!({"type":"recordProblemProgress","problem":"p-i","note":"已约谈双方"}),
            false,
        ),
        (
            "requestExtension",
            "",
            json!({"type":"requestExtension","problem":"p-i","until":"2022-06-30","reason":"需协调多部门"}),
            false,
        ),
        ("decideExtension", "", json!({"type":"decideExtension","problem":"p-dx","approved":true}), false),
        ("reportProblemDone", "", json!({"type":"reportProblemDone","problem":"p-i","done":"已调解"}), false),
        ("fixImmediately", "", json!({"type":"fixImmediately","problem":"p-u","done":"已修复路灯"}), false),
        ("verifyProblem", "", json!({"type":"verifyProblem","problem":"p-rd","passed":true,"note":"回访属实"}), false),
        ("closeProblem", "", json!({"type":"closeProblem","problem":"p-v","feedback":{"satisfied":true}}), false),
        (
            "reopenProblem",
            "",
            json!({"type":"reopenProblem","problem":"p-x","reason":"问题反弹","due":{"workingDays":3}}),
            false,
        ),
        (
            "listSupervision",
            "",
            json!({"type":"listSupervision","listing":{"id":"L2","problems":["p-c"],"supervisor":"街道纪工委 李某",
            "level":"subdistrict","deadline":"2022-06-30","cadenceWorkingDays":5}}),
            false,
        ),
        (
            "reportSupervisionProgress",
            "",
            json!({"type":"reportSupervisionProgress","listing":"L1","note":"已入户调解"}),
            false,
        ),
        (
            "escalateSupervision",
            "",
            json!({"type":"escalateSupervision","listing":"L1","supervisor":"区纪委 王某","level":"district",
            "reason":"逾期未办结"}),
            false,
        ),
        ("delistSupervision", "", json!({"type":"delistSupervision","listing":"L3"}), false),
        (
            "establishProblemList",
            "",
            json!({"type":"establishProblemList","unit":COMMUNITY,"problems":["p-c","p-d"]}),
            false,
        ),
        ("openReview", "", json!({"type":"openReview","id":"rv9","unit":COMMUNITY_2}), false),
        (
            "rateReviewQuestion",
            "",
            json!({"type":"rateReviewQuestion","review":"rv1","question":"capable","rating":{"score":4,"notes":"能干事"}}),
            false,
        ),
        ("rateSecretary", "", json!({"type":"rateSecretary","review":"rv1","rating":{"score":4}}), false),
        (
            "recordTalks",
            "",
            json!({"type":"recordTalks","review":"rv1","talks":[{"standing":"老党员","notes":"班子团结"}]}),
            false,
        ),
        (
            "recordDemocraticEvaluation",
            "",
            json!({"type":"recordDemocraticEvaluation","review":"rv1","evaluation":{"ballots":10,
            "items":[{"item":"班子整体","satisfied":7,"basicallySatisfied":2,"dissatisfied":1}]}}),
            false,
        ),
        ("linkHomeVisits", "", json!({"type":"linkHomeVisits","review":"rv1","visits":["v0"]}), false),
        (
            "recordDocumentReview",
            "",
            json!({"type":"recordDocumentReview","review":"rv1","documents":["2021年“三会一课”记录"]}),
            false,
        ),
        (
            "recordStructuralFinding",
            "",
            json!({"type":"recordStructuralFinding","review":"rv1","item":"rulesComplete","finding":{"sound":true}}),
            false,
        ),
        ("concludeReview", "", json!({"type":"concludeReview","review":"rv2","conclusion":"班子运行总体良好"}), false),
        ("submitSpecialReport", "", json!({"type":"submitSpecialReport","to":"区委党群工作部"}), false),
        (
            "recordDepartmentFeedback",
            "",
            json!({"type":"recordDepartmentFeedback","feedback":{"organization":"b1","source":"petitions","period":"2022Q1",
            "count":3,"severity":"moderate"}}),
            false,
        ),
        (
            "setRubric",
            "",
            json!({"type":"setRubric","rubric":serde_json::from_str::<Value>(r#"{"criteria":[{"id":"petitions","label":"信访问题突出","measure":{"kind":"feedbackCount","source":"petitions"},"direction":"atLeast","threshold":3,"weight":40},
            {"id":"rating","label":"班子评价低","measure":{"kind":"reviewRating"},"direction":"atMost","threshold":3,"weight":40}],
            "vetoes":[{"id":"crime","label":"发生刑事案件","measure":{"kind":"feedbackCount","source":"criminalCases"},"direction":"atLeast","threshold":1}],
            "suggestAt":60}"#).unwrap()}),
            false,
        ),
        (
            "decideWeakAndLax",
            "",
            json!({"type":"decideWeakAndLax","organization":"b1","propose":false,"reason":"整改后班子稳定"}),
            false,
        ),
        ("submitWeakAndLaxList", "", json!({"type":"submitWeakAndLaxList","to":"区委组织部"}), false),
        ("confirmWeakAndLaxList", "", json!({"type":"confirmWeakAndLaxList","version":2}), false),
        ("openLedger", "", json!({"type":"openLedger","organization":"o2","reason":"矛盾纠纷多"}), false),
        (
            "addMeasure",
            "",
            json!({"type":"addMeasure","organization":"b1","measure":{"id":"ms9","text":"规范“三会一课”",
            "owner":"x","ownerPost":"社区党总支书记","due":"2022-10-31","answers":[{"kind":"problem","problem":"p-i"}]}}),
            false,
        ),
        ("startRectifying", "", json!({"type":"startRectifying","organization":"o4"}), false),
        (
            "recordMeasureProgress",
            "",
            json!({"type":"recordMeasureProgress","measure":"ms1","text":"已排查5户"}),
            false,
        ),
        ("markMeasureDone", "", json!({"type":"markMeasureDone","measure":"ms1","done":"台账已建立"}), false),
        ("verifyMeasure", "", json!({"type":"verifyMeasure","measure":"ms2","passed":true,"note":"核验属实"}), false),
        (
            "recordRectificationException",
            "",
            json!({"type":"recordRectificationException","organization":"b1","subject":{"kind":"measure","measure":"ms1"},
            "reason":"需跨年度实施"}),
            false,
        ),
        ("markReadyForAcceptance", "", json!({"type":"markReadyForAcceptance","organization":"o3"}), false),
        (
            "reopenRectification",
            "",
            json!({"type":"reopenRectification","organization":"o5","reason":"回访发现反弹"}),
            false,
        ),
        (
            "assignPairing",
            "",
            json!({"type":"assignPairing","pairing":{"id":"pr9","organization":"o2","kind":"stationedUnit",
            "who":"区司法局","from":"2022-04-20"}}),
            false,
        ),
        ("endPairing", "", json!({"type":"endPairing","pairing":"pr2","on":"2022-04-30","reason":"调整联点"}), false),
        (
            "setAcceptanceCriteria",
            "",
            json!({"type":"setAcceptanceCriteria","criteria":[{"id":"strengthened","label":"党组织是否得到加强"}]}),
            false,
        ),
        ("judgeAcceptance", "selfEvaluation", judge_pass("o6", "selfEvaluation"), false),
        ("judgeAcceptance", "subdistrictAssessment", judge_pass("o7", "subdistrictAssessment"), false),
        ("judgeAcceptance", "districtEvaluation", judge_pass("o8", "districtEvaluation"), false),
        ("judgeAcceptance", "cityVerification", judge_pass("o9", "cityVerification"), false),
        (
            "sendBackAcceptance",
            "selfEvaluation",
            json!({"type":"sendBackAcceptance","organization":"o7","tier":"selfEvaluation","reason":"佐证材料不全"}),
            false,
        ),
        (
            "sendBackAcceptance",
            "subdistrictAssessment",
            json!({"type":"sendBackAcceptance","organization":"o8","tier":"subdistrictAssessment","reason":"评分依据不足"}),
            false,
        ),
        (
            "sendBackAcceptance",
            "districtEvaluation",
            json!({"type":"sendBackAcceptance","organization":"o9","tier":"districtEvaluation","reason":"抽查发现问题"}),
            false,
        ),
        ("planInspection", "", json!({"type":"planInspection","plan":inspection_plan("in9").0}), false),
        (
            "recordInspection",
            "",
            json!({"type":"recordInspection","inspection":"in1","unit":inspection_plan("in1").1[1],"summary":"发现问题1个",
            "findings":[{"id":"p-in","unit":inspection_plan("in1").1[1],"category":"partyBuilding","severity":"moderate",
            "description":"三会一课记录缺失","sources":[]}]}),
            false,
        ),
        (
            "issueNotice",
            "",
            json!({"type":"issueNotice","notice":{"id":"n1","kind":"progress","title":"第一期工作通报","body":"各村（社区）入户走访已完成"}}),
            false,
        ),
        (
            "recordAdmonition",
            "",
            json!({"type":"recordAdmonition","admonition":{"id":"ad1","organization":"b1","persons":["m1"],
            "reason":"整改进度滞后","on":"2022-04-20","followUp":"2022-05-20"}}),
            false,
        ),
        (
            "openAccountabilityCase",
            "",
            json!({"type":"openAccountabilityCase","case":{"id":"ac9","organizations":["b1"],"persons":["m1"],"facts":"履职不力"}}),
            false,
        ),
        (
            "decideAccountabilityCase",
            "",
            json!({"type":"decideAccountabilityCase","case":"ac1","outcome":"criticism","text":"批评教育"}),
            false,
        ),
        (
            "adjustSecretary",
            "",
            json!({"type":"adjustSecretary","organization":"o10","person":"m1","reason":"验收未通过，即时调整"}),
            false,
        ),
        (
            "recordStudySession",
            "",
            json!({"type":"recordStudySession","session":{"id":"st9","topic":"policy","title":"学习乡村振兴政策",
            "on":"2022-04-10","organizer":"b1","attendees":["m1"]}}),
            false,
        ),
        (
            "makePledge",
            "",
            json!({"type":"makePledge","pledge":{"id":"pl9","member":"m1","text":"每月走访联系户","due":"2022-12-31"}}),
            false,
        ),
        ("fulfilPledge", "", json!({"type":"fulfilPledge","pledge":"pl1","done":"已完成"}), false),
        ("verifyPledge", "", json!({"type":"verifyPledge","pledge":"pl2","passed":true,"note":"群众认可"}), false),
        (
            "recordVolunteerActivity",
            "",
            json!({"type":"recordVolunteerActivity","activity":{"id":"va9","title":"禁毒宣传进校园","on":"2022-04-11",
            "organizer":"b1","place":"schoolHospital","theme":"drugs","participants":[{"person":"m1","hours":3}]}}),
            false,
        ),
        (
            "recordKeyPersonCare",
            "",
            json!({"type":"recordKeyPersonCare","person":"r3","kind":"psychologicalCare","on":"2022-04-12",
            "note":"上门谈心"}),
            false,
        ),
    ]
}

/// One instance of every query.
fn query_cases() -> Vec<(&'static str, Value)> {
    vec![
        ("head", json!({"type":"head"})),
        ("campaignSummary", json!({"type":"campaignSummary","at":AT})),
        ("orgUnits", json!({"type":"orgUnits"})),
        ("partyOrganizations", json!({"type":"partyOrganizations"})),
        ("leadingGroup", json!({"type":"leadingGroup"})),
        ("person", json!({"type":"person","id":"r1"})),
        ("household", json!({"type":"household","id":"h1"})),
        ("households", json!({"type":"households"})),
        ("coverage", json!({"type":"coverage"})),
        ("uncoveredHouseholds", json!({"type":"uncoveredHouseholds"})),
        ("revisitQueue", json!({"type":"revisitQueue"})),
        ("noHouseholdMissed", json!({"type":"noHouseholdMissed","at":AT})),
        ("problemList", json!({"type":"problemList"})),
        ("visits", json!({"type":"visits","household":"h1"})),
        ("microGrids", json!({"type":"microGrids"})),
        ("memberLinks", json!({"type":"memberLinks","member":"m1"})),
        ("linkageViolations", json!({"type":"linkageViolations"})),
        ("proposeLinkPlan", json!({"type":"proposeLinkPlan"})),
        ("microGridCoverage", json!({"type":"microGridCoverage"})),
        ("scheduleStatus", json!({"type":"scheduleStatus","at":AT})),
        ("workingCalendar", json!({"type":"workingCalendar","year":2022})),
        ("problems", json!({"type":"problems"})),
        ("problem", json!({"type":"problem","id":"p-d"})),
        ("problemDeadlines", json!({"type":"problemDeadlines","at":AT})),
        ("problemSummary", json!({"type":"problemSummary","at":AT})),
        ("supervisions", json!({"type":"supervisions","at":AT})),
        ("establishedProblemLists", json!({"type":"establishedProblemLists"})),
        ("open311Requests", json!({"type":"open311Requests"})),
        ("hotspots", json!({"type":"hotspots"})),
        ("keyPersonCare", json!({"type":"keyPersonCare","person":"r3"})),
        ("keyPersonsWithoutCare", json!({"type":"keyPersonsWithoutCare","from":"2022-04-01","to":"2022-04-30"})),
        ("reviews", json!({"type":"reviews"})),
        ("review", json!({"type":"review","id":"rv1"})),
        ("specialReport", json!({"type":"specialReport"})),
        ("weakAndLaxAssessment", json!({"type":"weakAndLaxAssessment","at":AT})),
        ("weakAndLaxList", json!({"type":"weakAndLaxList"})),
        ("departmentFeedback", json!({"type":"departmentFeedback"})),
        ("ledger", json!({"type":"ledger","organization":"b1","at":AT})),
        ("ledgers", json!({"type":"ledgers","at":AT})),
        ("pairings", json!({"type":"pairings"})),
        ("studyAttendance", json!({"type":"studyAttendance","from":"2022-04-01","to":"2022-04-30"})),
        ("pledges", json!({"type":"pledges","at":AT})),
        ("volunteerHours", json!({"type":"volunteerHours","from":"2022-04-01","to":"2022-04-30"})),
        ("acceptance", json!({"type":"acceptance","organization":"o7","at":AT})),
        ("acceptances", json!({"type":"acceptances"})),
        ("acceptanceFunnel", json!({"type":"acceptanceFunnel"})),
        ("inspections", json!({"type":"inspections"})),
        ("inspection", json!({"type":"inspection","id":"in1"})),
        ("notices", json!({"type":"notices"})),
        ("accountability", json!({"type":"accountability"})),
        ("laggingOrganizations", json!({"type":"laggingOrganizations","at":AT})),
        ("appraisal", json!({"type":"appraisal","at":AT})),
        ("recurringDisorder", json!({"type":"recurringDisorder"})),
        ("timetable", json!({"type":"timetable","at":AT})),
        ("report", json!({"type":"report","report":"acceptance","at":AT})),
        ("picture", json!({"type":"picture","picture":"microGridMap","unit":COMMUNITY,"at":AT})),
        ("rollup", json!({"type":"rollup","at":AT})),
    ]
}

/// The declared cases `(name, case)` of `declarations`.
fn declared(declarations: &[Declaration]) -> BTreeSet<(String, String)> {
    declarations.iter().flat_map(|d| d.cases.iter().map(|(case, _)| (d.name.clone(), case.to_string()))).collect()
}

fn permissions_of<'d>(declarations: &'d [Declaration], name: &str, case: &str) -> &'d Declaration {
    declarations.iter().find(|d| d.name == name && d.cases.iter().any(|(c, _)| *c == case)).unwrap()
}

fn allowed(d: &Declaration, case: &str, role: Role) -> bool {
    let (_, permissions) = d.cases.iter().find(|(c, _)| *c == case).unwrap();
    permissions.iter().all(|p| role.allows(*p))
}

#[test]
fn every_command_as_every_role_inside_and_outside_the_scope_does_what_the_matrix_says() {
    let declarations = Command::declarations();
    let cases = command_cases();
    let covered: BTreeSet<(String, String)> = cases.iter().map(|(n, c, _, _)| (n.to_string(), c.to_string())).collect();
    assert_eq!(covered, declared(&declarations), "every declared command case has one instance here");
    let base = world().snapshot();
    let before_acceptance = world_before_acceptance().snapshot();
    let mut checked = 0;
    for (name, case, command, on_empty) in &cases {
        let d = permissions_of(&declarations, name, case);
        assert_eq!(d.scope, ScopeRule::Target, "`{name}`: commands act on a target");
        let command: Command = serde_json::from_value(command.clone()).unwrap();
        assert_eq!(&command.name(), name);
        for role in Role::ALL {
            for inside in [true, false] {
                let mut c = match (*on_empty, *name) {
                    (true, _) => Campaign::new(),
                    // The criteria are set before any tier judges.
                    (false, "setAcceptanceCriteria") => Campaign::restore(before_acceptance.clone()).unwrap(),
                    (false, _) => Campaign::restore(base.clone()).unwrap(),
                };
                let head = c.head();
                // A list is confirmed from above, and each tier is judged by its level: inside means
                // a unit of that level holding the target.
                let own = match (*name, *case) {
                    ("confirmWeakAndLaxList", _) => DISTRICT,
                    ("judgeAcceptance", "selfEvaluation") => COMMUNITY_2,
                    ("judgeAcceptance", "districtEvaluation") | ("sendBackAcceptance", "subdistrictAssessment") => {
                        DISTRICT
                    }
                    ("judgeAcceptance", "cityVerification") | ("sendBackAcceptance", "districtEvaluation") => CITY,
                    _ => SUBDISTRICT,
                };
                let who = actor(role, if inside { own } else { elsewhere(role) });
                // A role that acts for a village or community, asked to act on what belongs to the
                // whole sub-district, is out of its scope: its cadre acts for its own unit.
                let narrower = !who.scope.contains(grassroots::DivisionCode::parse(own, "own").unwrap());
                let inside = inside && !(narrower && SUBDISTRICT_WIDE.contains(name));
                let mut e = Envelopes::new();
                let mut envelope = e.by(&who, command.clone());
                envelope.command_id = format!("access-{name}-{case}");
                let outcome = c.execute(envelope);
                let context =
                    format!("`{name}` ({case}) as {} {}", role.as_str(), if inside { "inside" } else { "outside" });
                match (allowed(d, case, role), inside) {
                    (false, _) => {
                        assert_eq!(outcome.map_err(|e| e.code).err(), Some(ErrorCode::PermissionDenied), "{context}");
                        assert_eq!(c.head(), head, "{context}: a refusal changes nothing");
                    }
                    (true, true) => assert!(outcome.is_ok(), "{context}: {outcome:?}"),
                    (true, false) => {
                        let e = outcome.expect_err(&context);
                        let out_of_scope = e.code == ErrorCode::OutOfScope
                            || (e.code == ErrorCode::InvalidCsv
                                && !e.rows.is_empty()
                                && e.rows.iter().all(|r| r.code == ErrorCode::OutOfScope));
                        assert!(out_of_scope, "{context}: {e:?}");
                        assert_eq!(c.head(), head, "{context}: a refusal changes nothing");
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, cases.len() * Role::ALL.len() * 2);
}

#[test]
fn every_query_as_every_role_inside_and_outside_the_scope_does_what_the_matrix_says() {
    let declarations = Query::declarations();
    let cases = query_cases();
    let covered: BTreeSet<(String, String)> = cases.iter().map(|(n, _)| (n.to_string(), String::new())).collect();
    assert_eq!(covered, declared(&declarations), "every declared query has one instance here");
    let mut c = world();
    // Something to list: a visit with a finding, and an adopted plan.
    let mut e = Envelopes::new();
    for command in [
        json!({"type":"recordVisit","visit":{"id":"v1","household":"h1","visitors":[{"person":"gw","role":"gridWorker"}],
               "visitedAt":"2022-04-13T08:30:00+08:00","outcome":"met","findings":[{"id":"f1","category":"drugs",
               "description":"楼道有针头","persons":["r1"]}]}}),
        json!({"type":"adoptLinkPlan","unit":COMMUNITY,"links":[{"household":"h1","member":"m1"}]}),
    ] {
        let mut envelope = e.admin(serde_json::from_value(command).unwrap());
        envelope.command_id = format!("{}-extra", envelope.command_id);
        c.execute(envelope).unwrap();
    }
    // What nobody outside the scope may learn of: the world's people, households and community.
    let secrets = [
        "\"h1\"",
        "\"r1\"",
        "\"p-c\"",
        "\"L1\"",
        "\"t1\"",
        "\"m1\"",
        "\"v1\"",
        "\"f1\"",
        "\"g1\"",
        "\"b1\"",
        &format!("\"{COMMUNITY}\""),
    ];
    for (name, query) in &cases {
        let d = permissions_of(&declarations, name, "");
        let query: Query = serde_json::from_value(query.clone()).unwrap();
        assert_eq!(&query.name(), name);
        for role in Role::ALL {
            for inside in [true, false] {
                let who = actor(role, if inside { SUBDISTRICT } else { elsewhere(role) });
                // A role that acts for a community asks of another unit's target: out of its scope.
                let narrower = !who.scope.contains(grassroots::DivisionCode::parse(SUBDISTRICT, "own").unwrap());
                let inside = inside && !(narrower && ANOTHER_UNITS.contains(name));
                let answer = c.query(&who, &query);
                let context = format!("`{name}` as {} {}", role.as_str(), if inside { "inside" } else { "outside" });
                match (allowed(d, "", role), inside, d.scope) {
                    (false, _, _) => {
                        assert_eq!(answer.map_err(|e| e.code).err(), Some(ErrorCode::PermissionDenied), "{context}")
                    }
                    (true, true, _) | (true, false, ScopeRule::Unscoped) => {
                        assert!(answer.is_ok(), "{context}: {answer:?}")
                    }
                    (true, false, ScopeRule::Target | ScopeRule::Campaign) => {
                        assert_eq!(answer.map_err(|e| e.code).err(), Some(ErrorCode::OutOfScope), "{context}")
                    }
                    (true, false, ScopeRule::Filtered) => {
                        // Nothing inside the scope: an empty answer, or a refusal that names nothing
                        // (a plan of no household).
                        let text = match answer {
                            Ok(answer) => serde_json::to_string(&answer).unwrap(),
                            Err(e) => {
                                assert_ne!(e.code, ErrorCode::PermissionDenied, "{context}");
                                e.to_json()
                            }
                        };
                        for secret in &secrets {
                            assert!(!text.contains(secret), "{context} shows {secret}: {text}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_community_cadre_reads_its_sub_districts_campaign_but_a_neighbour_does_not() {
    let c = world();
    let query: Query = serde_json::from_value(json!({"type":"leadingGroup"})).unwrap();
    assert!(c.query(&actor(Role::CommunityCadre, COMMUNITY), &query).is_ok());
    assert!(c.query(&actor(Role::Inspector, "430104000000"), &query).is_ok(), "a district inspector overlaps");
    let e = c.query(&actor(Role::CommunityCadre, "430104018001"), &query).unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfScope);
}
