//! Survey figures: visits recorded per second, and the time of the coverage query on a sub-district
//! of 100,000 households and 300,000 visits.
//!
//! ```text
//! cargo bench -p grassroots --bench survey
//! ```
//!
//! `GRASSROOTS_BENCH_SCALE` scales the sizes (e.g. `0.1` for a quick run).

use grassroots::QueryResult;
use grassroots::people::{HelperRole, PoliticalStatus};
use grassroots::survey::questionnaire::{Answers, reference};
use grassroots::survey::{QuestionnaireRef, VisitOutcome, VisitReport, Visitor};
use grassroots::{Actor, Campaign, CampaignConfig, Command, CommandEnvelope, DivisionCode, OrgLevel, Query, Role};
use std::hint::black_box;
use std::time::Instant;

const SUBDISTRICT: &str = "430104017000";
const UNITS: [&str; 9] = [
    "430104017001",
    "430104017002",
    "430104017003",
    "430104017004",
    "430104017005",
    "430104017200",
    "430104017201",
    "430104017202",
    "430104017203",
];

fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s, "code").expect("a valid code")
}

struct Envelopes {
    n: u64,
    start: chrono::DateTime<chrono::FixedOffset>,
}

impl Envelopes {
    fn next(&mut self, actor: &Actor, command: Command) -> CommandEnvelope {
        self.n += 1;
        CommandEnvelope {
            schema_version: grassroots::SCHEMA_VERSION,
            command_id: format!("c-{:08}", self.n),
            actor: actor.clone(),
            at: self.start + chrono::TimeDelta::milliseconds(self.n as i64 * 10),
            expected_seq: None,
            command,
        }
    }
}

fn main() {
    let scale: f64 = std::env::var("GRASSROOTS_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let households = ((100_000.0 * scale) as usize).max(UNITS.len());
    let visits = ((300_000.0 * scale) as usize).max(1);
    let admin = Actor { id: "office".into(), role: Role::Administrator, scope: code(SUBDISTRICT) };
    let mut env = Envelopes { n: 0, start: "2022-04-13T09:00:00+08:00".parse().expect("a time") };
    let mut campaign = Campaign::new();
    let mut run = |c: &mut Campaign, actor: &Actor, command| {
        c.execute(env.next(actor, command)).expect("a setup command is accepted");
    };
    let started = Instant::now();
    run(
        &mut campaign,
        &admin,
        Command::OpenCampaign(grassroots::organization::OpenCampaign { config: CampaignConfig::dongfanghong_2022() }),
    );
    run(
        &mut campaign,
        &admin,
        Command::ImportQuestionnaire(grassroots::survey::ImportQuestionnaire {
            id: reference::DOOR_KNOCK_ID.into(),
            version: 1,
            title: Default::default(),
            survey: reference::SURVEY_CSV.into(),
            choices: reference::CHOICES_CSV.into(),
        }),
    );
    for u in UNITS {
        let level = if &u[9..] >= "200" { OrgLevel::Village } else { OrgLevel::Community };
        run(
            &mut campaign,
            &admin,
            Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit {
                code: u.into(),
                level,
                name: format!("单位{u}"),
            }),
        );
        run(
            &mut campaign,
            &admin,
            Command::RegisterPerson(grassroots::people::RegisterPerson {
                id: format!("gw-{u}"),
                name: "网格员".into(),
                unit: u.into(),
                id_number: None,
                mobile: None,
                political_status: PoliticalStatus::Masses,
                party_organization: None,
                helper_roles: vec![HelperRole::GridWorker],
            }),
        );
    }
    for i in 0..households {
        let unit = UNITS[i % UNITS.len()];
        let command = Command::RegisterHousehold(grassroots::people::RegisterHousehold {
            id: format!("H{i:07}"),
            address: format!("{}栋{}号", i / 100, i % 100),
            unit: unit.into(),
            building: Some(format!("{}栋", i / 100)),
            location: None,
            key_place: None,
        });
        run(&mut campaign, &admin, command);
    }
    println!("setup: {households} households in {:.2} s", started.elapsed().as_secs_f64());

    // Visits as phones send them: three per household on average, mixed outcomes, recorded by
    // each unit's grid worker, with the visit time a little before the command's.
    let outcomes = [VisitOutcome::NobodyHome, VisitOutcome::Met, VisitOutcome::Refused, VisitOutcome::Met];
    let workers: Vec<Actor> =
        UNITS.iter().map(|u| Actor { id: format!("gw-{u}"), role: Role::GridWorker, scope: code(u) }).collect();
    // A realistic answer set of the reference questionnaire (32 questions; skip logic leaves some
    // unasked), given with every visit that met the household.
    let answers: Answers = serde_json::from_value(serde_json::json!({
        "respondent": "head", "residents": 3, "residents_met": 2, "registered": 3, "tenure": "lets", "tenants": 2,
        "key_person_types": ["left_behind", "unemployed_idle"], "key_person_count": 2, "left_behind_types": ["elderly"],
        "support_needed": ["job"], "key_person_notes": "老人独居，儿子待业",
        "problems_seen": ["telecom_fraud", "drugs"], "fraud_victim": "yes", "fraud_loss": 3000, "drugs_detail": "楼道有针头",
        "problem_since": "2022-01-15", "anti_fraud_app": "no",
        "has_demands": "yes", "demand_types": ["infrastructure", "elderly_care"], "demand_detail": "路灯损坏，希望增设老年食堂",
        "demand_urgency": "normal", "satisfaction_party": "basically_satisfied", "satisfaction_committee": "dissatisfied",
        "dissatisfaction_reason": "办事慢", "knows_contact_member": "yes", "contact_channels": ["phone"],
        "contact_time": "evening", "join_wechat_group": "yes"
    }))
    .expect("answers");
    let questionnaire = QuestionnaireRef { id: reference::DOOR_KNOCK_ID.into(), version: 1 };
    let commands: Vec<CommandEnvelope> = (0..visits)
        .map(|k| {
            let h = (k * 7919) % households;
            let unit = h % UNITS.len();
            let outcome = outcomes[k % outcomes.len()];
            let met = outcome == VisitOutcome::Met;
            env.next(
                &workers[unit],
                Command::RecordVisit(grassroots::survey::RecordVisit {
                    visit: VisitReport {
                        id: format!("V{k:08}"),
                        household: format!("H{h:07}"),
                        visitors: vec![Visitor { person: format!("gw-{}", UNITS[unit]), role: HelperRole::GridWorker }],
                        visited_at: "2022-04-13T08:00:00+08:00".parse().expect("a time"),
                        outcome,
                        duplicate_of: None,
                        findings: Vec::new(),
                        demands: Vec::new(),
                        questionnaire: met.then(|| questionnaire.clone()),
                        answers: met.then(|| answers.clone()),
                    },
                }),
            )
        })
        .collect();
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    for c in commands {
        black_box(campaign.execute(c).expect("a visit is accepted"));
    }
    let elapsed = started.elapsed();
    let cpu = cpu_seconds().zip(cpu_started).map(|(end, start)| end - start);
    let rate = visits as f64 / elapsed.as_secs_f64();

    // The questionnaire's share of a visit: validating the answer set alone.
    let door_knock = reference::door_knock();
    let validations = 200_000;
    let started = Instant::now();
    for _ in 0..validations {
        door_knock.validate(black_box(&answers)).expect("valid answers");
    }
    let validation_rate = f64::from(validations) / started.elapsed().as_secs_f64();

    let rounds = 1000;
    let query = Query::Coverage(grassroots::survey::CoverageQuery { unit: None });
    let started = Instant::now();
    let mut covered = 0;
    for _ in 0..rounds {
        if let QueryResult::Coverage(grassroots::survey::CoverageResult { total, .. }) =
            black_box(campaign.query(&admin, &query).expect("answered"))
        {
            covered = total.covered;
        }
    }
    let coverage_time = started.elapsed().as_secs_f64() / f64::from(rounds);

    println!();
    println!("{:<56}{:>16}  {:<14}", "figure", "measured", "target");
    println!("{}", "-".repeat(88));
    println!(
        "{:<56}{:>16}  {:<14}",
        "visits recorded per second (typed; half answer 32 questions)",
        format!("{rate:.0}/s"),
        ">= 200,000/s"
    );
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        // On a shared machine the wall clock counts other processes' time too; the CPU time does not.
        println!("{:<56}{:>16}", "   per second of this process's CPU time", format!("{:.0}/s", visits as f64 / cpu));
    }
    println!("{:<56}{:>16}", "   of which: validating one answer set alone", format!("{validation_rate:.0}/s"));
    println!(
        "{:<56}{:>16}  {:<14}",
        format!("coverage query, {households} households, {visits} visits"),
        format!("{:.1} us", coverage_time * 1e6),
        "< 10 ms"
    );
    println!("{:<56}{:>16}", "households covered", covered);
}

/// The CPU time this process has used so far (user and system), where `/proc` tells it (Linux; at
/// the kernel's clock-tick resolution, usually 10 ms).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let utime: f64 = fields.nth(11)?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
