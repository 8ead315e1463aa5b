//! The problem-handling loop of the sample (May 2022): the survey's findings become each
//! village's problems, which are dispatched to the departments, offices, committees and special work
//! groups the plan names, handled, verified and closed with the residents' feedback. Some are
//! returned, co-handled, extended, fail a verification, or are still open at the end of May; the
//! serious ones of drugs and organized crime are listed for supervision.

use super::people::Rng;
use super::{SUBDISTRICT, administrator, code, unit_cadre};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use grassroots::problem::{ProblemStatus, survey_category};
use grassroots::survey::ProblemCategory;
use grassroots::{Actor, Command, CommandEnvelope, DivisionCode, Role, SCHEMA_VERSION, State};
use serde_json::{Value, json};
use std::collections::BTreeMap;

use crate::DISTRICT;

/// The moment the sample's loop stops: what is not done by then stays open.
pub const LOOP_ENDS: &str = "2022-05-31T18:00:00+08:00";

/// The sub-district cadre who analyses the survey, confirms and dispatches (街道综治办).
pub fn dispatcher() -> Actor {
    Actor { id: "jd-zzb-cadre".into(), role: Role::SubdistrictCadre, scope: code(SUBDISTRICT) }
}

/// A handler (承办人) of a department, office or work group, scoped to its level's unit.
fn handler(id: &str, scope: &str) -> Actor {
    Actor { id: id.into(), role: Role::Handler, scope: code(scope) }
}

/// The dispatch targets: `(id, kind, name, level, unit, handler)`.
const TARGETS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("t-zzb", "subdistrictOffice", "街道综治办", "subdistrict", SUBDISTRICT, "zzb-1"),
    ("t-cgb", "subdistrictOffice", "街道城管办", "subdistrict", SUBDISTRICT, "cgb-1"),
    ("t-police", "department", "高新区公安分局", "district", DISTRICT, "police-1"),
    ("t-zfw", "department", "区委政法委", "district", DISTRICT, "zfw-1"),
    ("t-mzj", "department", "区民族宗教事务局", "district", DISTRICT, "mzj-1"),
    ("t-xfj", "department", "区信访局", "district", DISTRICT, "xfj-1"),
    ("t-tzb", "department", "区委统战部", "district", DISTRICT, "tzb-1"),
];

/// The special work groups: `(id, name, leader, members)`.
const WORK_GROUPS: &[(&str, &str, &str, &[&str])] = &[
    ("wg-fraud", "反电诈专项工作组", "wg-fraud-lead", &["街道政法委员", "派出所副所长", "社区民警"]),
    ("wg-drugs", "禁毒专项工作组", "wg-drugs-lead", &["街道禁毒专干", "派出所民警", "社区网格员"]),
];

/// Who takes a problem of `category` in `unit`, and who acts for it.
fn target_for(category: ProblemCategory, unit: DivisionCode) -> (String, Actor) {
    match category {
        ProblemCategory::TelecomFraud => ("wg-fraud".into(), handler("wg-fraud-lead", SUBDISTRICT)),
        ProblemCategory::Drugs => ("wg-drugs".into(), handler("wg-drugs-lead", SUBDISTRICT)),
        ProblemCategory::OrganizedCrime => ("t-zfw".into(), handler("zfw-1", DISTRICT)),
        ProblemCategory::IllegalReligion | ProblemCategory::CultsAndSuperstition => {
            ("t-mzj".into(), handler("mzj-1", DISTRICT))
        }
        ProblemCategory::PornographyAndGambling => ("t-police".into(), handler("police-1", DISTRICT)),
        ProblemCategory::Other => (format!("vc-{unit}"), unit_cadre(unit)),
    }
}

/// One command at a time, with its actor.
struct Planned {
    at: DateTime<FixedOffset>,
    actor: Actor,
    command: Value,
}

/// The commands of the loop for the campaign `state` holds after [`crate::commands`], in time order,
/// with command ids `loop-000001`, …; every one is accepted in order. Those after [`LOOP_ENDS`] are
/// left out.
pub fn problem_loop(state: &State, seed: u64) -> Vec<CommandEnvelope> {
    let mut out: Vec<Planned> = Vec::new();
    let start = at(NaiveDate::from_ymd_opt(2022, 5, 5).expect("a date"), 9, 0);
    let office = administrator();
    let push = |out: &mut Vec<Planned>, at: DateTime<FixedOffset>, actor: &Actor, command: Value| {
        out.push(Planned { at, actor: actor.clone(), command });
    };
    // Targets, then one village committee per village and community.
    let mut minute = 0;
    for (id, kind, name, level, unit, h) in TARGETS {
        push(
            &mut out,
            start + Duration::minutes(minute),
            &office,
            json!({"type":"setDispatchTarget","target":
            {"id":id,"kind":kind,"name":name,"level":level,"unit":unit,"handlers":[h]}}),
        );
        minute += 1;
    }
    for (id, name, leader, members) in WORK_GROUPS {
        push(
            &mut out,
            start + Duration::minutes(minute),
            &office,
            json!({"type":"setDispatchTarget","target":
            {"id":id,"kind":"workGroup","name":name,"level":"subdistrict","unit":SUBDISTRICT,"leader":leader,
             "members":members}}),
        );
        minute += 1;
    }
    let units = &state.organization.units;
    for (unit, u) in units.iter().filter(|(_, u)| u.level.is_village_or_community()) {
        let name =
            format!("{}{}", u.name, if u.level == grassroots::OrgLevel::Village { "村民委员会" } else { "居民委员会" });
        push(
            &mut out,
            start + Duration::minutes(minute),
            &office,
            json!({"type":"setDispatchTarget","target":
            {"id":format!("vc-{unit}"),"kind":"villageCommittee","name":name,"level":"village","unit":unit.to_string(),
             "handlers":[unit_cadre(*unit).id]}}),
        );
        minute += 1;
    }
    // Collect: each village's findings become its problems, one command per village.
    let mut by_unit: BTreeMap<DivisionCode, Vec<Value>> = BTreeMap::new();
    let mut problems: Vec<(String, DivisionCode, ProblemCategory, bool)> = Vec::new();
    for f in state.survey.findings.iter() {
        let description = state
            .survey
            .visits
            .get(&f.visit)
            .and_then(|v| v.findings.iter().find(|x| x.id == f.id))
            .map(|x| x.description.clone())
            .unwrap_or_default();
        let id = format!("pb-{}", f.id);
        let serious = matches!(f.category, ProblemCategory::Drugs | ProblemCategory::OrganizedCrime);
        let urgent = f.category == ProblemCategory::Other && problems.len() % 5 < 2;
        by_unit.entry(f.unit).or_default().push(json!({"id":id,"unit":f.unit.to_string(),
            "category":survey_category(f.category),"severity":if serious {"serious"} else {"moderate"},"urgent":urgent,
            "description":description,"sources":[{"kind":"finding","reference":f.id}]}));
        problems.push((id, f.unit, f.category, urgent));
    }
    for (i, (_, list)) in by_unit.into_iter().enumerate() {
        push(
            &mut out,
            start + Duration::hours(1) + Duration::minutes(i as i64),
            &dispatcher(),
            json!({"type":"reportProblems","problems":list}),
        );
    }
    // Each problem's way through the loop.
    let mut first_of: BTreeMap<(DivisionCode, ProblemCategory), String> = BTreeMap::new();
    let mut listed: BTreeMap<DivisionCode, String> = BTreeMap::new();
    for (n, (id, unit, category, urgent)) in problems.iter().enumerate() {
        let mut r = Rng::fork(seed, 0x5052_4f42 + n as u64);
        let mut t = start + Duration::days(1) + Duration::minutes(r.range(0, 400));
        let p = |extra: Value| {
            let mut v = json!({"problem":id});
            for (k, x) in extra.as_object().expect("an object") {
                v[k] = x.clone();
            }
            v
        };
        let roll = r.below(100);
        if roll < 6 {
            push(
                &mut out,
                t,
                &dispatcher(),
                json!({"type":"rejectProblem","problem":id,"reason":"经核实不属于基层治理问题"}),
            );
            continue;
        }
        // A later finding of the same kind in the same village repeats the first: merged into it.
        match first_of.get(&(*unit, *category)) {
            Some(first) if roll < 10 => {
                push(&mut out, t, &dispatcher(), json!({"type":"mergeProblem","problem":id,"into":first}));
                continue;
            }
            Some(_) => {}
            None => {
                first_of.insert((*unit, *category), id.clone());
            }
        }
        if *urgent {
            // 立行立改: fixed the day it is reported, verified and closed within days.
            let cadre = unit_cadre(*unit);
            let t0 = start + Duration::hours(3) + Duration::minutes(r.range(0, 200));
            push(&mut out, t0, &cadre, json!({"type":"fixImmediately","problem":id,"done":"村（社区）当天整改到位"}));
            push(
                &mut out,
                t0 + Duration::days(1),
                &office,
                json!({"type":"verifyProblem","problem":id,"passed":true,"note":"现场核查属实"}),
            );
            push(
                &mut out,
                t0 + Duration::days(2),
                &office,
                json!({"type":"closeProblem","problem":id,"feedback":{"satisfied":r.below(100) < 92}}),
            );
            continue;
        }
        push(&mut out, t, &dispatcher(), json!({"type":"confirmProblem","problem":id}));
        let (target, acts) = target_for(*category, *unit);
        let serious = matches!(category, ProblemCategory::Drugs | ProblemCategory::OrganizedCrime);
        let days = if serious { 15 } else { 10 };
        t += Duration::minutes(30);
        let (mut target, mut acts) = (target, acts);
        if r.below(100) < 8 {
            // Sent to the wrong office first: returned (退单) and re-dispatched.
            push(
                &mut out,
                t,
                &dispatcher(),
                json!({"type":"dispatchProblem","problem":id,"target":"t-cgb","due":{"workingDays":days}}),
            );
            t = next_working(t + Duration::days(1));
            push(
                &mut out,
                t,
                &handler("cgb-1", SUBDISTRICT),
                p(json!({"type":"returnProblem","reason":"不属本单位职责，请重新派遣"})),
            );
            t += Duration::hours(2);
        } else if *category == ProblemCategory::Other && r.below(2) == 0 {
            (target, acts) = ("t-zzb".into(), handler("zzb-1", SUBDISTRICT));
        }
        push(
            &mut out,
            t,
            &dispatcher(),
            p(json!({"type":"dispatchProblem","target":target,"due":{"workingDays":days}})),
        );
        let dispatched = t;
        t = next_working(t + Duration::days(1));
        push(&mut out, t, &acts, p(json!({"type":"acceptProblem"})));
        // The first serious problem of each village is listed for supervision (挂牌督办).
        let is_listed = serious && !listed.contains_key(unit);
        if is_listed {
            listed.insert(*unit, id.clone());
            let deadline = (dispatched + Duration::days(40)).date_naive();
            push(
                &mut out,
                t + Duration::hours(1),
                &office,
                json!({"type":"listSupervision","listing":{"id":format!("gp-{id}"),
                "problems":[id],"supervisor":"街道纪工委书记","level":"subdistrict","deadline":deadline.to_string(),"cadenceWorkingDays":5}}),
            );
        }
        // Most are done well within their time; a quarter take weeks longer.
        let work = if r.below(100) < 75 { r.range(2, 12) } else { r.range(13, 45) };
        if r.below(100) < 35 {
            t = next_working(t + Duration::days(work / 2));
            let co = matches!(category, ProblemCategory::Drugs | ProblemCategory::TelecomFraud) && r.below(2) == 0;
            let mut note = json!({"type":"recordProblemProgress","note":"已入户核实情况，制定整改措施"});
            if co {
                note["coHandlers"] = json!(["t-police"]);
            }
            push(&mut out, t, &acts, p(note));
            if is_listed {
                push(
                    &mut out,
                    t + Duration::hours(1),
                    &acts,
                    json!({"type":"reportSupervisionProgress","listing":format!("gp-{id}"),"note":"按期推进整改"}),
                );
            }
        }
        if r.below(100) < 10 {
            t = next_working(t + Duration::days(1));
            let until = (t + Duration::days(30)).date_naive();
            push(
                &mut out,
                t,
                &acts,
                p(json!({"type":"requestExtension","until":until.to_string(),"reason":"需协调多个部门"})),
            );
            push(&mut out, t + Duration::hours(3), &dispatcher(), p(json!({"type":"decideExtension","approved":true})));
        }
        t = next_working(dispatched + Duration::days(work)).max(next_working(t + Duration::days(1)));
        push(&mut out, t, &acts, p(json!({"type":"reportProblemDone","done":"已按整改措施办结"})));
        t = next_working(t + Duration::days(1));
        if r.below(100) < 12 {
            push(
                &mut out,
                t,
                &office,
                p(json!({"type":"verifyProblem","passed":false,"note":"回访发现整改不到位","due":{"workingDays":5}})),
            );
            t = next_working(t + Duration::days(3));
            push(&mut out, t, &acts, p(json!({"type":"reportProblemDone","done":"已返工整改"})));
            t = next_working(t + Duration::days(1));
        }
        push(&mut out, t, &office, p(json!({"type":"verifyProblem","passed":true,"note":"回访核查属实"})));
        if is_listed {
            push(
                &mut out,
                t + Duration::hours(2),
                &office,
                json!({"type":"delistSupervision","listing":format!("gp-{id}")}),
            );
        }
        t = next_working(t + Duration::days(1));
        push(&mut out, t, &office, p(json!({"type":"closeProblem","feedback":{"satisfied":r.below(100) < 88}})));
    }
    let ends: DateTime<FixedOffset> = LOOP_ENDS.parse().expect("a valid time");
    out.retain(|x| x.at <= ends);
    // In time order; a problem's own steps keep their order (a stable sort on strictly later times).
    out.sort_by_key(|x| x.at);
    out.into_iter()
        .enumerate()
        .map(|(i, x)| CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("loop-{:06}", i + 1),
            actor: x.actor,
            at: x.at,
            expected_seq: None,
            command: serde_json::from_value::<Command>(x.command).expect("a command of the loop"),
        })
        .collect()
}

/// 09:00 + `hour` offset on `day`, UTC+8.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    day.and_hms_opt(hour, minute, 0)
        .expect("a time")
        .and_local_timezone(grassroots::calendar::china_standard_time())
        .single()
        .expect("a fixed offset")
}

/// The same time on `t`'s day or the first working day after it (the sample's staff do not work on
/// weekends and holidays, the make-up days aside).
fn next_working(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let calendar = grassroots::calendar::Calendar::default();
    let mut t = t;
    while !calendar.is_working_day(t.date_naive()) {
        t += Duration::days(1);
    }
    t
}

/// How many problems of the loop end in each state: for tests of the sample.
pub fn statuses(state: &State) -> BTreeMap<ProblemStatus, usize> {
    let mut m = BTreeMap::new();
    for p in state.problems.problems.iter() {
        *m.entry(p.status).or_default() += 1;
    }
    m
}
