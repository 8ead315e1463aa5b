//! The door-knock survey: visits, "no household missed" coverage, the problem list.

mod common;

use common::*;
use grassroots::QueryResult;
use grassroots::people::{HelperRole, KeyPersonTag};
use grassroots::survey::ProblemCategory;
use grassroots::survey::{CoverageCounts, CoverageStatus};
use grassroots::survey::{Finding, FindingTag, VisitOutcome, VisitReport, Visitor};
use grassroots::{Campaign, Command, ErrorCode, Query, Role};
use proptest::prelude::*;

/// The small campaign with households h1..h4 in the first community and a grid worker `gw`.
fn survey_campaign() -> (Campaign, Envelopes) {
    let (mut c, mut e) = small_campaign();
    for h in ["h2", "h3", "h4"] {
        c.execute(e.admin(register_household(h, COMMUNITY))).unwrap();
    }
    c.execute(e.admin(register_household("x1", COMMUNITY_2))).unwrap();
    let mut gw = register_person("gw", COMMUNITY, grassroots::people::PoliticalStatus::Masses, None);
    if let Command::RegisterPerson(grassroots::people::RegisterPerson { helper_roles, .. }) = &mut gw {
        helper_roles.push(HelperRole::GridWorker);
    }
    c.execute(e.admin(gw)).unwrap();
    (c, e)
}

fn visit(id: &str, household: &str, outcome: VisitOutcome, day: u32) -> VisitReport {
    VisitReport {
        id: id.into(),
        household: household.into(),
        visitors: vec![Visitor { person: "gw".into(), role: HelperRole::GridWorker }],
        visited_at: format!("2022-04-{day:02}T10:00:00+08:00").parse().unwrap(),
        outcome,
        duplicate_of: None,
        findings: vec![],
        demands: vec![],
        questionnaire: None,
        answers: None,
    }
}

fn record(c: &mut Campaign, e: &mut Envelopes, actor: &grassroots::Actor, v: VisitReport) -> grassroots::Result<()> {
    let mut env = e.by(actor, Command::RecordVisit(grassroots::survey::RecordVisit { visit: v }));
    env.at = "2022-04-30T20:00:00+08:00".parse().unwrap();
    c.execute(env).map(|_| ())
}

fn coverage_of(c: &Campaign, unit: &str) -> CoverageCounts {
    match c.query(&admin(), &Query::Coverage(grassroots::survey::CoverageQuery { unit: Some(unit.into()) })).unwrap() {
        QueryResult::Coverage(grassroots::survey::CoverageResult { units, .. }) => units[0].counts,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_household_is_covered_once_someone_was_met_or_it_was_found_vacant_or_a_duplicate() {
    let (mut c, mut e) = survey_campaign();
    let worker = actor(Role::GridWorker, COMMUNITY);
    record(&mut c, &mut e, &worker, visit("v1", "h1", VisitOutcome::NobodyHome, 14)).unwrap();
    record(&mut c, &mut e, &worker, visit("v2", "h2", VisitOutcome::Met, 14)).unwrap();
    record(&mut c, &mut e, &worker, visit("v3", "h3", VisitOutcome::Vacant, 15)).unwrap();
    let mut dup = visit("v4", "h4", VisitOutcome::Duplicate, 15);
    dup.duplicate_of = Some("h2".into());
    record(&mut c, &mut e, &worker, dup).unwrap();
    assert_eq!(
        coverage_of(&c, COMMUNITY),
        CoverageCounts { households: 4, covered: 3, attempted_only: 1, not_tried: 0 }
    );
    assert_eq!(
        coverage_of(&c, COMMUNITY_2),
        CoverageCounts { households: 1, covered: 0, attempted_only: 0, not_tried: 1 }
    );
    let QueryResult::Coverage(grassroots::survey::CoverageResult { total, .. }) =
        c.query(&admin(), &Query::Coverage(grassroots::survey::CoverageQuery { unit: None })).unwrap()
    else {
        panic!()
    };
    assert_eq!(total, CoverageCounts { households: 5, covered: 3, attempted_only: 1, not_tried: 1 });
}

#[test]
fn a_late_visit_counts_and_a_retried_visit_counts_once() {
    let (mut c, mut e) = survey_campaign();
    let worker = actor(Role::GridWorker, COMMUNITY);
    // Recorded on the 30th, it happened on the 14th: it still covers.
    let env = {
        let mut env = e.by(
            &worker,
            Command::RecordVisit(grassroots::survey::RecordVisit { visit: visit("v1", "h1", VisitOutcome::Met, 14) }),
        );
        env.at = "2022-04-30T20:00:00+08:00".parse().unwrap();
        env
    };
    c.execute(env.clone()).unwrap();
    assert!(c.execute(env).unwrap().retried);
    assert_eq!(c.state().survey.coverage_of(&c.state().people, "h1").unwrap().visits, 1);
    // The same visit id under another command id is refused: it counts once.
    let err = record(&mut c, &mut e, &worker, visit("v1", "h1", VisitOutcome::Met, 14)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlreadyExists);
    // Two devices visiting one household are two visits.
    record(&mut c, &mut e, &worker, visit("v2", "h1", VisitOutcome::Met, 15)).unwrap();
    assert_eq!(c.state().survey.coverage_of(&c.state().people, "h1").unwrap().visits, 2);
}

#[test]
fn a_visitor_records_visits_only_inside_their_scope() {
    let (mut c, mut e) = survey_campaign();
    let helper = actor(Role::Visitor, COMMUNITY_2);
    let err = record(&mut c, &mut e, &helper, visit("v1", "h1", VisitOutcome::Met, 14)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutOfScope);
    let inspector = actor(Role::Inspector, SUBDISTRICT);
    let err = record(&mut c, &mut e, &inspector, visit("v1", "h1", VisitOutcome::Met, 14)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
}

#[test]
fn a_visitor_must_hold_the_role_they_came_in() {
    let (mut c, mut e) = survey_campaign();
    let mut v = visit("v1", "h1", VisitOutcome::Met, 14);
    v.visitors[0].role = HelperRole::FiveElders;
    let err = record(&mut c, &mut e, &admin(), v).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RuleViolated);
}

#[test]
fn a_visit_cannot_be_recorded_before_it_happened() {
    let (mut c, mut e) = survey_campaign();
    let mut v = visit("v1", "h1", VisitOutcome::Met, 14);
    v.visited_at = "2022-05-02T10:00:00+08:00".parse().unwrap();
    let err = record(&mut c, &mut e, &admin(), v).unwrap_err();
    assert_eq!((err.code(), err.field.as_deref()), (ErrorCode::InvalidField, Some("command.visit.visitedAt")));
}

#[test]
fn a_duplicate_names_another_registered_household() {
    let (mut c, mut e) = survey_campaign();
    let mut v = visit("v1", "h1", VisitOutcome::Duplicate, 14);
    assert_eq!(record(&mut c, &mut e, &admin(), v.clone()).unwrap_err().code(), ErrorCode::InvalidField);
    v.duplicate_of = Some("h1".into());
    assert_eq!(record(&mut c, &mut e, &admin(), v.clone()).unwrap_err().code(), ErrorCode::NotFound);
    let mut met = visit("v2", "h1", VisitOutcome::Met, 14);
    met.duplicate_of = Some("h2".into());
    assert_eq!(record(&mut c, &mut e, &admin(), met).unwrap_err().code(), ErrorCode::InvalidField);
}

#[test]
fn the_revisit_queue_lists_attempted_households_longest_waiting_first() {
    let (mut c, mut e) = survey_campaign();
    let worker = actor(Role::GridWorker, COMMUNITY);
    record(&mut c, &mut e, &worker, visit("v1", "h1", VisitOutcome::NobodyHome, 20)).unwrap();
    record(&mut c, &mut e, &worker, visit("v2", "h2", VisitOutcome::Refused, 15)).unwrap();
    record(&mut c, &mut e, &worker, visit("v3", "h3", VisitOutcome::NobodyHome, 18)).unwrap();
    record(&mut c, &mut e, &worker, visit("v4", "h3", VisitOutcome::Met, 21)).unwrap();
    let QueryResult::RevisitQueue(grassroots::survey::RevisitQueueResult { households }) = c
        .query(&worker, &Query::RevisitQueue(grassroots::survey::RevisitQueueQuery { unit: None, limit: None }))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(households.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), vec!["h2", "h1"]);
}

#[test]
fn no_household_missed_lists_every_uncovered_household_after_the_deadline() {
    let (mut c, mut e) = survey_campaign();
    let worker = actor(Role::GridWorker, COMMUNITY);
    for (i, h) in ["h1", "h2", "h3"].iter().enumerate() {
        record(&mut c, &mut e, &worker, visit(&format!("v{i}"), h, VisitOutcome::Met, 20)).unwrap();
    }
    record(&mut c, &mut e, &worker, visit("v9", "h4", VisitOutcome::NobodyHome, 21)).unwrap();
    let at = "2022-05-01T09:00:00+08:00".parse().unwrap();
    let QueryResult::NoHouseholdMissed(grassroots::survey::NoHouseholdMissedResult {
        deadline,
        deadline_passed,
        missed,
        households,
        next_after: None,
    }) = c
        .query(
            &admin(),
            &Query::NoHouseholdMissed(grassroots::survey::NoHouseholdMissedQuery {
                at,
                unit: None,
                after: None,
                limit: None,
            }),
        )
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(deadline.map(|d| d.to_string()), Some("2022-04-30".into()));
    assert!(deadline_passed);
    assert_eq!(missed, 2);
    let listed: Vec<_> = households.iter().map(|h| (h.id.as_str(), h.status)).collect();
    assert_eq!(listed, vec![("h4", CoverageStatus::AttemptedOnly), ("x1", CoverageStatus::NotTried)]);
}

#[test]
fn findings_feed_the_problem_list_and_can_tag_key_persons() {
    let (mut c, mut e) = survey_campaign();
    let mut v = visit("v1", "h1", VisitOutcome::Met, 14);
    v.findings = vec![
        Finding {
            id: "f1".into(),
            category: ProblemCategory::TelecomFraud,
            description: "接到冒充客服电话".into(),
            persons: vec!["r1".into()],
            tags: vec![],
        },
        Finding {
            id: "f2".into(),
            category: ProblemCategory::Drugs,
            description: "疑似吸毒".into(),
            persons: vec!["r1".into()],
            tags: vec![FindingTag { person: "r1".into(), tag: KeyPersonTag::DrugInvolved }],
        },
    ];
    v.demands = vec!["希望加装路灯".into()];
    // A grid worker may not tag key persons: the whole visit is refused.
    let worker = actor(Role::GridWorker, COMMUNITY);
    assert_eq!(record(&mut c, &mut e, &worker, v.clone()).unwrap_err().code(), ErrorCode::PermissionDenied);
    let cadre = actor(Role::CommunityCadre, COMMUNITY);
    record(&mut c, &mut e, &cadre, v).unwrap();
    assert!(c.state().people.persons["r1"].key_person_tags.contains(KeyPersonTag::DrugInvolved));
    let QueryResult::ProblemList(grassroots::survey::ProblemListResult { units }) =
        c.query(&admin(), &Query::ProblemList(grassroots::survey::ProblemListQuery { unit: None })).unwrap()
    else {
        panic!()
    };
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].total, 2);
    assert_eq!(units[0].categories[0].category, ProblemCategory::TelecomFraud);
    assert_eq!(units[0].categories[1].findings, vec!["f2".to_string()]);
    // Findings are sensitive: a grid worker sees their categories, not their content.
    let QueryResult::Visits(grassroots::survey::VisitsResult { visits }) =
        c.query(&worker, &Query::Visits(grassroots::survey::VisitsQuery { household: "h1".into() })).unwrap()
    else {
        panic!()
    };
    assert!(visits[0].masked && visits[0].findings[1].description.is_none() && visits[0].findings[1].persons.is_none());
    let QueryResult::Visits(grassroots::survey::VisitsResult { visits }) =
        c.query(&cadre, &Query::Visits(grassroots::survey::VisitsQuery { household: "h1".into() })).unwrap()
    else {
        panic!()
    };
    assert_eq!(visits[0].findings[1].description.as_deref(), Some("疑似吸毒"));
}

#[test]
fn a_household_that_moves_takes_its_coverage_to_its_new_unit() {
    let (mut c, mut e) = survey_campaign();
    record(&mut c, &mut e, &admin(), visit("v1", "h1", VisitOutcome::Met, 14)).unwrap();
    let mv = Command::MoveHousehold(grassroots::people::MoveHousehold {
        household: "h1".into(),
        address: None,
        unit: Some(COMMUNITY_2.into()),
        building: None,
        location: None,
    });
    c.execute(e.admin(mv)).unwrap();
    assert_eq!(coverage_of(&c, COMMUNITY).covered, 0);
    assert_eq!(
        coverage_of(&c, COMMUNITY_2),
        CoverageCounts { households: 2, covered: 1, attempted_only: 0, not_tried: 1 }
    );
}

const HOUSEHOLDS: [&str; 5] = ["h1", "h2", "h3", "h4", "x1"];
const OUTCOMES: [VisitOutcome; 6] = [
    VisitOutcome::Met,
    VisitOutcome::NobodyHome,
    VisitOutcome::Refused,
    VisitOutcome::MovedOut,
    VisitOutcome::Vacant,
    VisitOutcome::Met,
];

/// Recounts coverage from the recorded visits alone.
fn recount(c: &Campaign) -> Vec<(String, CoverageStatus)> {
    HOUSEHOLDS
        .iter()
        .map(|h| {
            let visits: Vec<_> = c.state().survey.visits.iter().filter(|v| v.household == *h).collect();
            let status = if visits.iter().any(|v| v.outcome.covers()) {
                CoverageStatus::Covered
            } else if visits.is_empty() {
                CoverageStatus::NotTried
            } else {
                CoverageStatus::AttemptedOnly
            };
            (h.to_string(), status)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn coverage_equals_a_recount_from_the_visits_whatever_their_order_and_duplication(
        visits in proptest::collection::vec((0..HOUSEHOLDS.len(), 0..OUTCOMES.len(), 13u32..29), 0..25),
        seed in any::<u64>(),
    ) {
        let reports: Vec<VisitReport> = visits
            .iter()
            .enumerate()
            .map(|(i, (h, o, day))| visit(&format!("v{i}"), HOUSEHOLDS[*h], OUTCOMES[*o], *day))
            .collect();
        let mut shuffled = reports.clone();
        // A deterministic shuffle from the seed: the arrival order of offline phones.
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut figures = Vec::new();
        for order in [reports, shuffled] {
            let (mut c, mut e) = survey_campaign();
            for (i, v) in order.into_iter().enumerate() {
                let mut env = e.by(&admin(), Command::RecordVisit(grassroots::survey::RecordVisit { visit: v }));
                env.at = "2022-04-30T20:00:00+08:00".parse().unwrap();
                c.execute(env.clone()).unwrap();
                // Phones resend: some visits arrive twice under the same command id (a retry) and
                // some under a new one (the same visit id): neither counts again.
                if (seed >> (i % 64)) & 1 == 1 {
                    prop_assert!(c.execute(env.clone()).unwrap().retried);
                    let mut again = env.clone();
                    again.command_id = format!("{}-again", env.command_id);
                    prop_assert_eq!(c.execute(again).unwrap_err().code(), ErrorCode::AlreadyExists);
                }
            }
            let per_household: Vec<_> = HOUSEHOLDS.iter().map(|h| (h.to_string(), c.state().survey.coverage_of(&c.state().people, h).unwrap().status())).collect();
            prop_assert_eq!(&per_household, &recount(&c));
            let QueryResult::Coverage(grassroots::survey::CoverageResult { total, .. }) = c.query(&admin(), &Query::Coverage(grassroots::survey::CoverageQuery { unit: None })).unwrap() else { panic!() };
            let covered = per_household.iter().filter(|(_, s)| *s == CoverageStatus::Covered).count() as u32;
            let attempted = per_household.iter().filter(|(_, s)| *s == CoverageStatus::AttemptedOnly).count() as u32;
            prop_assert_eq!(total, CoverageCounts { households: 5, covered, attempted_only: attempted, not_tried: 5 - covered - attempted });
            let replayed = Campaign::replay(c.records_since(0).to_vec()).unwrap();
            prop_assert!(replayed == c);
            figures.push(total);
        }
        prop_assert_eq!(figures[0], figures[1]);
    }
}

const SURVEY_V1: &str = "type,name,label::zh,label::en,required,relevant,constraint\n\
    integer,residents,常住人口,Residents,yes,,. >= 0\n\
    select_one yes_no,has_demands,是否有诉求,Any demands,yes,,\n\
    text,demand,诉求,Demand,yes,${has_demands} = 'yes',\n";
const SURVEY_V2: &str = "type,name,label::zh,label::en,required,relevant,constraint\n\
    integer,residents,常住人口,Residents,yes,,. >= 1\n\
    select_one yes_no,satisfied,是否满意,Satisfied,yes,,\n";
const CHOICES: &str = "list_name,name,label::zh,label::en\nyes_no,yes,是,Yes\nyes_no,no,否,No\n";

fn import(version: u32, survey: &str) -> Command {
    Command::ImportQuestionnaire(grassroots::survey::ImportQuestionnaire {
        id: "door".into(),
        version,
        title: Default::default(),
        survey: survey.into(),
        choices: CHOICES.into(),
    })
}

fn answered(id: &str, version: u32, answers: serde_json::Value) -> VisitReport {
    let mut v = visit(id, "h1", VisitOutcome::Met, 14);
    v.questionnaire = Some(grassroots::survey::QuestionnaireRef { id: "door".into(), version });
    v.answers = Some(serde_json::from_value(answers).unwrap());
    v
}

#[test]
fn answers_are_validated_against_the_version_they_name() {
    let (mut c, mut e) = survey_campaign();
    c.execute(e.admin(import(1, SURVEY_V1))).unwrap();
    let ok = serde_json::json!({"residents": 0, "has_demands": "yes", "demand": "路灯"});
    record(&mut c, &mut e, &admin(), answered("v1", 1, ok)).unwrap();
    // Each rule broken once is refused, naming the question and the rule.
    for (i, (answers, question, rule)) in [
        (serde_json::json!({"residents": 2, "has_demands": "yes"}), "demand", "required"),
        (serde_json::json!({"residents": 2, "has_demands": "no", "demand": "x"}), "demand", "relevant"),
        (serde_json::json!({"residents": -1, "has_demands": "no"}), "residents", "constraint"),
        (serde_json::json!({"residents": "many", "has_demands": "no"}), "residents", "type"),
        (serde_json::json!({"residents": 2, "has_demands": "maybe"}), "has_demands", "choice"),
        (serde_json::json!({"residents": 2, "has_demands": "no", "age": 3}), "age", "unknownQuestion"),
    ]
    .into_iter()
    .enumerate()
    {
        let err = record(&mut c, &mut e, &admin(), answered(&format!("bad{i}"), 1, answers)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidField, "{err}");
        assert_eq!(err.field.as_deref(), Some(format!("command.visit.answers.{question}").as_str()), "{err}");
        assert!(err.message.contains(rule), "{rule}: {}", err.message);
    }
}

#[test]
fn a_new_version_never_invalidates_answers_recorded_under_an_older_one() {
    let (mut c, mut e) = survey_campaign();
    c.execute(e.admin(import(1, SURVEY_V1))).unwrap();
    record(&mut c, &mut e, &admin(), answered("v1", 1, serde_json::json!({"residents": 0, "has_demands": "no"})))
        .unwrap();
    c.execute(e.admin(import(2, SURVEY_V2))).unwrap();
    // Version 2 refuses 0 residents, yet the old answers replay, and new visits may still name v1.
    let replayed = Campaign::replay(c.records_since(0).to_vec()).unwrap();
    assert!(replayed == c);
    record(&mut c, &mut e, &admin(), answered("v2", 1, serde_json::json!({"residents": 0, "has_demands": "no"})))
        .unwrap();
    let err =
        record(&mut c, &mut e, &admin(), answered("v3", 2, serde_json::json!({"residents": 0, "satisfied": "yes"})))
            .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("command.visit.answers.residents"));
    // Versions are immutable and increase.
    assert_eq!(c.execute(e.admin(import(2, SURVEY_V2))).unwrap_err().code(), ErrorCode::AlreadyExists);
    assert_eq!(c.execute(e.admin(import(1, SURVEY_V2))).unwrap_err().code(), ErrorCode::AlreadyExists);
}

#[test]
fn answers_need_a_registered_version_and_a_visit_that_met_someone() {
    let (mut c, mut e) = survey_campaign();
    let err = record(&mut c, &mut e, &admin(), answered("v1", 1, serde_json::json!({}))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    c.execute(e.admin(import(1, SURVEY_V1))).unwrap();
    let mut v = answered("v1", 1, serde_json::json!({"residents": 0, "has_demands": "no"}));
    v.outcome = VisitOutcome::NobodyHome;
    assert_eq!(record(&mut c, &mut e, &admin(), v).unwrap_err().code(), ErrorCode::RuleViolated);
    let mut v = answered("v1", 1, serde_json::json!({"residents": 0, "has_demands": "no"}));
    v.questionnaire = None;
    assert_eq!(record(&mut c, &mut e, &admin(), v).unwrap_err().code(), ErrorCode::InvalidField);
}

#[test]
fn a_malformed_questionnaire_is_refused_naming_its_row_and_column() {
    let (mut c, mut e) = survey_campaign();
    let bad = "type,name,label::zh,relevant\ninteger,residents,常住人口,\ntext,demand,诉求,${residents} >\n";
    let err = c.execute(e.admin(import(1, bad))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidCsv, "{err}");
    assert_eq!(err.rows[0].line, 3);
    assert_eq!(err.rows[0].column.as_deref(), Some("relevant"));
}
