//! The door-knock survey of the sample: who knocks, what comes of it, what is found, and the answers
//! to the reference questionnaire.

use super::{Generator, Home, Rng, Unit, survey_helper};
use chrono::TimeDelta;
use grassroots::Command;
use grassroots::people::KeyPersonTag;
use grassroots::survey::ProblemCategory;
use grassroots::survey::questionnaire::{Answers, reference};
use grassroots::survey::{Finding, QuestionnaireRef, VisitOutcome, VisitReport, Visitor};

impl Generator<'_> {
    /// The door-knock survey of a unit: its helpers knock on (nearly) every door; phones sync late,
    /// so a visit is often recorded an hour or two after it happened.
    pub(super) fn survey(&mut self, rng: &mut Rng, unit: &Unit, homes: &[Home], helpers: &[Visitor]) {
        if helpers.is_empty() {
            return;
        }
        let actor = survey_helper(unit.code);
        let mut visits = 0;
        let mut findings = 0;
        let mut revisit = Vec::new();
        for h in homes {
            // About 2% of doors are not reached before the deadline: the "no household missed"
            // query has something to show.
            if rng.chance(20) {
                continue;
            }
            let outcome = match rng.below(1000) {
                0..=19 => VisitOutcome::Vacant,
                20..=79 => VisitOutcome::NobodyHome,
                80..=94 => VisitOutcome::Refused,
                _ => VisitOutcome::Met,
            };
            let mut report = VisitReport {
                id: String::new(),
                household: h.id.clone(),
                visitors: vec![rng.pick(helpers).clone()],
                visited_at: self.now - TimeDelta::minutes(rng.range(0, 180)),
                outcome,
                duplicate_of: None,
                findings: Vec::new(),
                demands: Vec::new(),
                questionnaire: None,
                answers: None,
            };
            if outcome == VisitOutcome::Met {
                if rng.chance(40) {
                    let (category, description) = *rng.pick(FINDINGS);
                    findings += 1;
                    report.findings.push(Finding {
                        id: format!("F{}-{findings:04}", unit.code),
                        category,
                        description: description.to_string(),
                        persons: Vec::new(),
                        tags: Vec::new(),
                    });
                }
                if rng.chance(150) {
                    report.demands.push(rng.pick(DEMANDS).to_string());
                }
                report.questionnaire = Some(QuestionnaireRef { id: reference::DOOR_KNOCK_ID.to_string(), version: 1 });
                report.answers = Some(door_knock_answers(rng, h, &report));
            } else if outcome != VisitOutcome::Vacant && rng.chance(600) {
                revisit.push(h.id.clone());
            }
            visits += 1;
            report.id = format!("V{}-{visits:05}", unit.code);
            self.push(&actor, Command::RecordVisit(grassroots::survey::RecordVisit { visit: report }));
        }
        // Half of the doors nobody opened are knocked on again, and someone is met.
        for household in revisit {
            visits += 1;
            let report = VisitReport {
                id: format!("V{}-{visits:05}", unit.code),
                household,
                visitors: vec![rng.pick(helpers).clone()],
                visited_at: self.now,
                outcome: VisitOutcome::Met,
                duplicate_of: None,
                findings: Vec::new(),
                demands: Vec::new(),
                questionnaire: None,
                answers: None,
            };
            self.push(&actor, Command::RecordVisit(grassroots::survey::RecordVisit { visit: report }));
        }
    }
}

/// Answers to the reference door-knock questionnaire consistent with the household and the visit's
/// findings and demands (the questionnaire's rules hold for every answer set generated here).
fn door_knock_answers(rng: &mut Rng, home: &Home, visit: &VisitReport) -> Answers {
    let mut a = Answers::new();
    let mut put = |k: &str, v: serde_json::Value| {
        a.insert(k.to_string(), v);
    };
    let residents = home.residents.len() as u64;
    put("respondent", (*rng.pick(&["head", "spouse", "member"])).into());
    put("residents", residents.into());
    put("residents_met", (if residents == 0 { 0 } else { 1 + rng.below(residents) }).into());
    put("tenure", (if rng.chance(850) { "owns" } else { "rents" }).into());
    let mut kinds: Vec<&str> = Vec::new();
    for r in &home.residents {
        for tag in &r.tags {
            let kind = match tag {
                KeyPersonTag::UnemployedIdle => "unemployed_idle",
                KeyPersonTag::LongTermAbsent => "long_term_absent",
                KeyPersonTag::LeftBehind => "left_behind",
                KeyPersonTag::PriorOffence => "prior_offence",
                KeyPersonTag::DrugInvolved => "drug_involved",
                KeyPersonTag::OutOfSchoolYouth => "out_of_school_youth",
            };
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    if kinds.is_empty() {
        put("key_person_types", serde_json::json!(["none"]));
    } else {
        let tagged = home.residents.iter().filter(|r| !r.tags.is_empty()).count() as u64;
        put("key_person_types", kinds.clone().into());
        put("key_person_count", tagged.into());
        if kinds.contains(&"left_behind") {
            put("left_behind_types", serde_json::json!(["elderly"]));
        }
        if kinds
            .iter()
            .any(|k| ["prior_offence", "drug_involved", "out_of_school_youth", "unemployed_idle"].contains(k))
        {
            put("support_needed", serde_json::json!(["counselling"]));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for f in &visit.findings {
        let problem = match f.category {
            ProblemCategory::TelecomFraud => Some("telecom_fraud"),
            ProblemCategory::Drugs => Some("drugs"),
            ProblemCategory::OrganizedCrime => Some("organized_crime"),
            ProblemCategory::IllegalReligion | ProblemCategory::CultsAndSuperstition => Some("illegal_religion"),
            _ => None,
        };
        if let Some(p) = problem.filter(|p| !seen.contains(p)) {
            seen.push(p);
            match p {
                "telecom_fraud" => put("fraud_victim", "no".into()),
                "drugs" => put("drugs_detail", f.description.clone().into()),
                "organized_crime" => put("organized_crime_detail", f.description.clone().into()),
                _ => put("religion_detail", f.description.clone().into()),
            }
        }
    }
    put("problems_seen", if seen.is_empty() { serde_json::json!(["none"]) } else { seen.into() });
    put("anti_fraud_app", (if rng.chance(700) { "yes" } else { "no" }).into());
    if visit.demands.is_empty() {
        put("has_demands", "no".into());
    } else {
        put("has_demands", "yes".into());
        put("demand_types", serde_json::json!(["infrastructure"]));
        put("demand_detail", visit.demands[0].clone().into());
        put("demand_urgency", "normal".into());
    }
    let satisfaction = |rng: &mut Rng| match rng.below(100) {
        0..=71 => "satisfied",
        72..=92 => "basically_satisfied",
        93..=96 => "dissatisfied",
        _ => "unknown",
    };
    let (party, committee) = (satisfaction(rng), satisfaction(rng));
    put("satisfaction_party", party.into());
    put("satisfaction_committee", committee.into());
    if party == "dissatisfied" || committee == "dissatisfied" {
        put("dissatisfaction_reason", "办事效率不高".into());
    }
    put("knows_contact_member", (if rng.chance(800) { "yes" } else { "no" }).into());
    if rng.chance(600) {
        put("contact_channels", serde_json::json!(["wechat_group"]));
    } else {
        put("contact_channels", serde_json::json!(["phone"]));
        put("contact_time", "evening".into());
        put("join_wechat_group", (if rng.chance(500) { "yes" } else { "no" }).into());
    }
    a
}

/// What visits find, by category.
const FINDINGS: &[(ProblemCategory, &str)] = &[
    (ProblemCategory::TelecomFraud, "接到冒充客服退款电话，未受骗"),
    (ProblemCategory::TelecomFraud, "家中老人被拉入“投资”微信群"),
    (ProblemCategory::Drugs, "反映楼道内有可疑吸毒工具"),
    (ProblemCategory::OrganizedCrime, "反映有人强揽工程、欺行霸市"),
    (ProblemCategory::IllegalReligion, "发现有人传播非法宗教资料"),
    (ProblemCategory::CultsAndSuperstition, "发现邪教宣传单"),
    (ProblemCategory::PornographyAndGambling, "反映附近出租屋有聚众赌博"),
    (ProblemCategory::Other, "邻里纠纷长期未解决"),
];

/// Demands and difficulties residents raise.
const DEMANDS: &[&str] =
    &["希望加装电梯", "小区路灯损坏", "希望增设老年食堂", "道路积水需修缮", "咨询低保办理", "孩子入学咨询"];
