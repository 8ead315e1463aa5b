//! The election look-back (换届"回头看"): every rule and refusal of the review area, the masking of
//! talks, and the special report (its content, its Markdown, its submission).

mod common;

use common::*;
use grassroots::{Actor, Campaign, Command, ErrorCode, Query, Role};
use serde_json::{Value, json};

fn command(value: Value) -> Command {
    serde_json::from_value(value).unwrap()
}

fn query(c: &Campaign, a: &Actor, value: Value) -> Value {
    let q: Query = serde_json::from_value(value.clone()).unwrap();
    serde_json::to_value(c.query(a, &q).unwrap_or_else(|e| panic!("{value}: {e:?}"))).unwrap()
}

struct World {
    c: Campaign,
    e: Envelopes,
}

impl World {
    fn new() -> World {
        let (mut c, mut e) = small_campaign();
        for v in [
            json!({"type":"registerPerson","id":"gw","name":"赵六","unit":COMMUNITY,"politicalStatus":"masses",
                   "helperRoles":["gridWorker"]}),
            json!({"type":"registerHousehold","id":"h9","address":"9号","unit":COMMUNITY_2}),
            json!({"type":"recordVisit","visit":{"id":"v1","household":"h1","visitors":[{"person":"gw","role":"gridWorker"}],
                   "visitedAt":"2022-04-13T08:00:00+08:00","outcome":"met"}}),
            json!({"type":"appointSecretary","partyOrganization":"b1","person":"m1"}),
            json!({"type":"setTwoCommittees","partyOrganization":"b1","members":[{"person":"m1","post":"partySecretary"},
                   {"person":"m1","post":"committeeDirector"}]}),
        ] {
            c.execute(e.admin(command(v))).unwrap();
        }
        World { c, e }
    }

    fn run(&mut self, v: Value) -> Result<(), grassroots::Error> {
        let head = self.c.head();
        let out = self.c.execute(self.e.admin(command(v))).map(|_| ());
        if out.is_err() {
            assert_eq!(self.c.head(), head, "a refusal changes nothing");
        }
        out
    }

    fn refused(&mut self, v: Value) -> grassroots::Error {
        self.run(v.clone()).expect_err(&v.to_string())
    }

    /// Everything a review needs before it can be concluded; `problem` marks one finding a problem.
    fn complete(&mut self, review: &str, problem: bool) {
        for (i, q) in ["runsSmoothly", "capable", "morale", "residentsView", "freeOfConflicts"].iter().enumerate() {
            let score = 3 + (i % 3) as u8;
            self.run(json!({"type":"rateReviewQuestion","review":review,"question":q,"rating":{"score":score,"notes":"研判"}}))
                .unwrap();
        }
        for item in [
            "organizationSetUp",
            "leadershipComplete",
            "rulesComplete",
            "fundingAndPremises",
            "roleFullyPlayed",
            "noGovernanceDisorder",
        ] {
            let sound = !(problem && item == "rulesComplete");
            let notes = if sound { "" } else { "“三会一课”记录不全" };
            self.run(json!({"type":"recordStructuralFinding","review":review,"item":item,"finding":{"sound":sound,"notes":notes}}))
                .unwrap();
        }
        self.run(json!({"type":"rateSecretary","review":review,"rating":{"score":4,"notes":"履职尽责"}})).unwrap();
        self.run(json!({"type":"recordDemocraticEvaluation","review":review,"evaluation":{"ballots":40,"items":[
            {"item":"班子整体","satisfied":30,"basicallySatisfied":8,"dissatisfied":2},
            {"item":"党组织书记","satisfied":32,"basicallySatisfied":6,"dissatisfied":2}]}}))
            .unwrap();
    }
}

#[test]
fn one_open_review_per_unit_and_nothing_recorded_once_concluded() {
    let mut w = World::new();
    w.run(json!({"type":"openReview","id":"r1","unit":COMMUNITY})).unwrap();
    let err = w.refused(json!({"type":"openReview","id":"r2","unit":COMMUNITY}));
    assert_eq!(err.rule.as_deref(), Some("review.oneOpenPerUnit"));
    let err = w.refused(json!({"type":"openReview","id":"r1","unit":VILLAGE}));
    assert_eq!(err.code, ErrorCode::AlreadyExists);
    let err = w.refused(json!({"type":"openReview","id":"r3","unit":SUBDISTRICT}));
    assert_eq!(err.code, ErrorCode::InvalidField, "a review is of a village or community");
    w.complete("r1", false);
    w.run(json!({"type":"concludeReview","review":"r1","conclusion":"班子运行顺畅"})).unwrap();
    let err = w.refused(json!({"type":"rateSecretary","review":"r1","rating":{"score":5}}));
    assert_eq!((err.code, err.rule.as_deref()), (ErrorCode::InvalidTransition, Some("review.recordWhileOpen")));
    w.run(json!({"type":"openReview","id":"r2","unit":COMMUNITY})).expect("a new round once the first is concluded");
}

#[test]
fn ratings_ballots_visits_and_conclusions_are_checked() {
    let mut w = World::new();
    w.run(json!({"type":"openReview","id":"r1","unit":COMMUNITY})).unwrap();
    for score in [0, 6] {
        let err =
            w.refused(json!({"type":"rateReviewQuestion","review":"r1","question":"morale","rating":{"score":score}}));
        assert_eq!(
            (err.rule.as_deref(), err.field.as_deref()),
            (Some("review.ratingOnTheScale"), Some("command.rating.score"))
        );
    }
    let err = w.refused(json!({"type":"recordDemocraticEvaluation","review":"r1","evaluation":{"ballots":40,"items":[
        {"item":"班子整体","satisfied":30,"basicallySatisfied":8,"dissatisfied":1}]}}));
    assert_eq!(
        (err.rule.as_deref(), err.field.as_deref()),
        (Some("review.ballotsAddUp"), Some("command.evaluation.items[0]"))
    );
    w.run(json!({"type":"registerPerson","id":"gw2","name":"钱七","unit":COMMUNITY_2,"politicalStatus":"masses",
        "helperRoles":["gridWorker"]}))
        .unwrap();
    w.run(json!({"type":"recordVisit","visit":{"id":"v9","household":"h9","visitors":[{"person":"gw2","role":"gridWorker"}],
        "visitedAt":"2022-04-13T08:00:00+08:00","outcome":"met"}}))
    .unwrap();
    let err = w.refused(json!({"type":"linkHomeVisits","review":"r1","visits":["v9"]}));
    assert_eq!(err.rule.as_deref(), Some("review.visitsOfItsUnit"));
    w.run(json!({"type":"linkHomeVisits","review":"r1","visits":["v1","v1"]})).unwrap();
    let err = w.refused(json!({"type":"linkHomeVisits","review":"r1","visits":["v1"]}));
    assert_eq!(err.rule.as_deref(), Some("review.visitsLinkedOnce"));
    let err = w.refused(json!({"type":"concludeReview","review":"r1","conclusion":"好"}));
    assert_eq!(err.rule.as_deref(), Some("review.completeBeforeConclusion"));
    assert!(err.message.contains("民主测评") && err.message.contains("班子运行顺不顺"), "{}", err.message);
    let err = w.refused(
        json!({"type":"recordStructuralFinding","review":"r1","item":"rulesComplete","finding":{"sound":false}}),
    );
    assert_eq!(err.code, ErrorCode::InvalidField, "a problem found says what it is");
}

#[test]
fn talks_are_seen_only_by_roles_that_see_sensitive_data() {
    let mut w = World::new();
    w.run(json!({"type":"openReview","id":"r1","unit":COMMUNITY})).unwrap();
    w.run(json!({"type":"recordTalks","review":"r1","talks":[{"person":"r1","standing":"群众代表","notes":"反映村主任作风霸道"}]}))
        .unwrap();
    let full = query(&w.c, &admin(), json!({"type":"review","id":"r1"}));
    assert_eq!(full["review"]["talks"][0]["notes"], "反映村主任作风霸道");
    w.run(json!({"type":"rateSecretary","review":"r1","rating":{"score":2,"notes":"作风霸道，群众意见大"}})).unwrap();
    let mut cadre = actor(Role::CommunityCadre, COMMUNITY);
    cadre.id = "cadre-1".into();
    let err =
        w.c.execute(w.e.by(&cadre, command(json!({"type":"openReview","id":"rx","unit":COMMUNITY})))).unwrap_err();
    assert_eq!(err.code, ErrorCode::PermissionDenied);
    for role in [Role::GridWorker, Role::Inspector, Role::Visitor] {
        let masked = query(&w.c, &actor(role, SUBDISTRICT), json!({"type":"review","id":"r1"}));
        assert_eq!(masked["review"]["secretary"]["score"], 2);
        assert_eq!(masked["review"]["talkCount"], 1);
        assert!(!masked.to_string().contains("霸道"), "{role:?} sees a talk");
        assert_eq!(masked["review"]["masked"], true);
    }
}

#[test]
fn the_special_report_covers_every_unit_and_its_submission_keeps_the_markdown_digest() {
    let mut w = World::new();
    for (id, unit, problem) in [("r1", COMMUNITY, true), ("r2", COMMUNITY_2, false)] {
        w.run(json!({"type":"openReview","id":id,"unit":unit})).unwrap();
        w.complete(id, problem);
        w.run(json!({"type":"concludeReview","review":id,"conclusion":"班子总体稳定，需加强制度建设"})).unwrap();
    }
    let err = w.refused(json!({"type":"submitSpecialReport","to":"区委党群工作部"}));
    assert_eq!(err.rule.as_deref(), Some("review.reportCoversEveryUnit"));
    w.run(json!({"type":"openReview","id":"r3","unit":VILLAGE})).unwrap();
    w.complete("r3", false);
    w.run(json!({"type":"concludeReview","review":"r3","conclusion":"良好"})).unwrap();
    let answer = query(&w.c, &admin(), json!({"type":"specialReport"}));
    let md = answer["markdown"].as_str().unwrap();
    assert!(md.starts_with("# 东方红街道村（社区）“两委”换届“回头看”专题报告"), "{md}");
    assert!(md.contains("完成“回头看”的村（社区）：3 个，共 3 个"), "{md}");
    assert!(md.contains("组织制度是否完善：“三会一课”记录不全"), "{md}");
    assert!(md.contains("民主测评满意率：95.0%（有效票 40 张）"), "{md}");
    let units = answer["report"]["units"].as_array().unwrap();
    let first = units.iter().find(|u| u["unit"] == COMMUNITY).unwrap();
    assert_eq!(first["teamCompleteOnRecord"], true, "the recorded two committees hold a secretary and a director");
    assert_eq!(units.iter().find(|u| u["unit"] == VILLAGE).unwrap()["teamCompleteOnRecord"], false);
    w.run(json!({"type":"submitSpecialReport","to":"区委党群工作部"})).unwrap();
    let after = query(&w.c, &admin(), json!({"type":"specialReport"}));
    let digest = grassroots::Digest::of(md.as_bytes()).to_hex();
    assert_eq!(after["submissions"][0]["sha256"], json!(digest));
    assert_eq!(after["submissions"][0]["reviews"], json!(["r1", "r2", "r3"]));
    assert_eq!(after["markdown"], answer["markdown"], "the same state renders the same bytes");
    // A community's cadre reads the report of its own community only.
    let own = query(&w.c, &actor(Role::CommunityCadre, COMMUNITY), json!({"type":"specialReport"}));
    assert_eq!(own["report"]["units"].as_array().unwrap().len(), 1);
}
