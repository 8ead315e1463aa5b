//! Rectification in the sample (late June to September 2022): each organization on the confirmed
//! weak-and-lax list gets its pairings (a leader of the leading group holding it as a contact point,
//! a district unit stationed there) and measures answering its look-back's structural problems, the
//! items its assessment hit and its open problems; the measures are worked, reported done by the
//! unit's cadre and verified by the leading group's office (one failing first); problems not closed
//! within the campaign are excepted by the committee; the organization is marked ready for
//! acceptance. Alongside, every village's and community's members study, pledge and serve.

use super::people::Rng;
use super::plan::DEPUTIES;
use super::{administrator, unit_cadre};
use crate::problems::dispatcher;
use crate::review::reviewer;
use chrono::{DateTime, Duration, FixedOffset};
use grassroots::problem::{ProblemStatus, TargetKind};
use grassroots::review::ReviewStatus;
use grassroots::{Actor, Command, CommandEnvelope, DivisionCode, Role, SCHEMA_VERSION, State};
use serde_json::{Value, json};

/// The moment the sample's rectification has reached when the main job reads it.
pub const RECTIFICATION_ENDS: &str = "2022-09-30T18:00:00+08:00";

/// What a structural problem's measure says, per item in the plan's order (made up for the sample).
const FINDING_MEASURES: [&str; 6] = [
    "按小区、网格调整党支部设置",
    "按程序补齐村（社区）“两委”班子空缺职位",
    "健全“三会一课”制度，建立主题党日台账",
    "落实党群服务中心场地和办公经费",
    "落实党员联系户全覆盖，党员亮身份、作表率",
    "规范工程项目发包，落实“四议两公开”",
];

/// What a measure answering an assessment item says, by the sample rubric's ids.
fn item_measure(id: &str) -> &'static str {
    match id {
        "petitions" => "建立信访积案化解台账，逐件包案化解",
        "publicOrder" => "开展矛盾纠纷排查化解，落实网格员每日巡查",
        "overdue" => "对逾期问题逐项挂牌督办、限期销号",
        "rating" => "调整优化班子分工，开展班子成员履职评议",
        "structure" => "对照“回头看”问题清单逐项整改",
        "satisfaction" => "开展“我为群众办实事”，每季度公开办理结果",
        "crime" => "配合司法机关依法处理涉案人员，按程序调整班子",
        _ => "对照评估问题逐项整改",
    }
}

const STATIONED_UNITS: [&str; 4] = ["高新区政法委", "高新区民政局", "高新区司法局", "高新区城市管理局"];
const PLEDGES: [&str; 4] = [
    "联系户矛盾纠纷不出村（社区）",
    "每月走访联系户不少于一次",
    "带动三户群众参与反诈宣传",
    "帮扶一户困难群众解决实际问题",
];
const ACTIVITIES: [(&str, &str, &str); 4] = [
    ("反电诈宣传进村组", "villageCommunity", "telecomFraud"),
    ("禁毒宣传进校园", "schoolHospital", "drugs"),
    ("反邪教警示教育进企业", "enterpriseBusiness", "cults"),
    ("移风易俗文明实践", "villageCommunity", "civilization"),
];
/// Hours a volunteer serves in one activity (half hours).
const HOURS: [f64; 6] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0];
const TOPICS: [(&str, &str); 4] = [
    ("partyHistory", "学党史：中国共产党百年奋斗的重大成就"),
    ("theory", "学理论：习近平新时代中国特色社会主义思想专题"),
    ("policy", "学政策：乡村振兴与基层治理政策解读"),
    ("law", "学法规：《中国共产党农村基层组织工作条例》"),
];

fn at(s: &str) -> DateTime<FixedOffset> {
    s.parse().expect("a valid time")
}

/// The commands of rectification and participation for the campaign `state` holds (after the
/// determination), in time order, with command ids `rz-000001`, …; every one is accepted in order.
pub fn rectification(state: &State, seed: u64) -> Vec<CommandEnvelope> {
    let mut out: Vec<(DateTime<FixedOffset>, Actor, Value)> = Vec::new();
    let office = administrator();
    let committee = reviewer();
    for (n, (org, ledger)) in state.rectification.ledgers.iter().enumerate() {
        let unit = ledger.unit;
        let owner = unit_cadre(unit);
        let mut r = Rng::fork(seed, 0x525a_0000 + n as u64);
        let day = |d: &str, minutes: i64| at(&format!("{d}T09:00:00+08:00")) + Duration::minutes(minutes + n as i64);
        let (_, deputy) = DEPUTIES[n % DEPUTIES.len()];
        for (i, (kind, who)) in [
            ("leaderPoint", format!("挂点领导 {deputy}")),
            ("stationedUnit", STATIONED_UNITS[r.below(STATIONED_UNITS.len() as u64) as usize].to_string()),
        ]
        .into_iter()
        .enumerate()
        {
            out.push((
                day("2022-06-22", i as i64),
                office.clone(),
                json!({"type":"assignPairing","pairing":{"id":format!("pd-{org}-{i}"),"organization":org,
                "kind":kind,"who":who,"from":"2022-06-22"}}),
            ));
        }
        // The measures: the look-back's structural problems, the items the assessment hit, the open
        // problems of the unit.
        let mut measures: Vec<(String, &str, &str, Value)> = Vec::new();
        if let Some(review) =
            state.reviews.reviews.iter().rev().find(|x| x.unit == unit && x.status == ReviewStatus::Concluded)
        {
            for (item, _) in review.problems() {
                let i = grassroots::review::StructuralItem::ALL.iter().position(|x| *x == item).unwrap_or(0);
                measures.push((
                    format!("{org}-f{i}"),
                    FINDING_MEASURES[i],
                    "2022-08-31",
                    json!([{"kind":"reviewFinding","review":review.id,"item":item}]),
                ));
            }
        }
        if let Some(decision) = state.weak_and_lax.decisions.get(org) {
            let a = &decision.assessment;
            for item in a.criteria.iter().chain(&a.vetoes_hit).filter(|c| c.hit) {
                measures.push((
                    format!("{org}-{}", item.id),
                    item_measure(&item.id),
                    "2022-08-31",
                    json!([{"kind":"assessmentItem","id":item.id}]),
                ));
            }
        }
        let open: Vec<&str> = state
            .problems
            .problems
            .iter()
            .filter(|p| p.unit == unit && p.status.is_open())
            .map(|p| &*p.id)
            .take(5)
            .collect();
        if !open.is_empty() {
            let answers: Vec<Value> = open.iter().map(|p| json!({"kind":"problem","problem":p})).collect();
            measures.push((
                format!("{org}-p"),
                "限期化解本村（社区）突出问题清单所列问题",
                "2022-09-30",
                json!(answers),
            ));
        }
        for (i, (id, text, due, answers)) in measures.iter().enumerate() {
            out.push((
                day("2022-06-25", i as i64),
                committee.clone(),
                json!({"type":"addMeasure","organization":org,"measure":{"id":id,"text":text,"owner":owner.id,
                "ownerPost":"村（社区）党组织书记","due":due,"answers":answers}}),
            ));
        }
        out.push((day("2022-06-26", 0), committee.clone(), json!({"type":"startRectifying","organization":org})));
        for (i, (id, ..)) in measures.iter().enumerate() {
            let i = i as i64;
            out.push((
                day("2022-07-15", i),
                owner.clone(),
                json!({"type":"recordMeasureProgress","measure":id,"text":"已制定整改方案，明确责任人和时限"}),
            ));
            out.push((
                day("2022-08-10", i),
                owner.clone(),
                json!({"type":"markMeasureDone","measure":id,"done":"已按方案完成整改，资料归档"}),
            ));
            if i == 0 {
                // The first measure fails its first verification and is done again.
                out.push((
                    day("2022-08-15", i),
                    office.clone(),
                    json!({"type":"verifyMeasure","measure":id,"passed":false,"note":"抽查发现整改不彻底",
                    "due":"2022-09-15"}),
                ));
                out.push((
                    day("2022-09-05", i),
                    owner.clone(),
                    json!({"type":"markMeasureDone","measure":id,"done":"补充整改到位"}),
                ));
            }
            out.push((
                day(if i == 0 { "2022-09-08" } else { "2022-08-18" }, i),
                office.clone(),
                json!({"type":"verifyMeasure","measure":id,"passed":true,"note":"查阅资料、走访群众，整改属实"}),
            ));
        }
        // The linked problems are driven to closing through the loop, from wherever they stand; one
        // that cannot close within the campaign (the second ledger's last) is excepted instead.
        for (k, p) in open.iter().enumerate() {
            let t = day("2022-07-20", 60 * k as i64);
            if n == 1 && k + 1 == open.len() {
                out.push((
                    day("2022-09-20", 0),
                    committee.clone(),
                    json!({"type":"recordRectificationException","organization":org,
                    "subject":{"kind":"problem","problem":p},"reason":"涉及司法程序，已移交司法机关，由承办单位持续跟踪"}),
                ));
            } else {
                close(state, p, unit, t, &mut out);
            }
        }
        out.push((
            day("2022-09-28", 0),
            committee.clone(),
            json!({"type":"markReadyForAcceptance","organization":org}),
        ));
    }
    participation(state, seed, &mut out);
    out.sort_by_key(|x| x.0);
    out.into_iter()
        .enumerate()
        .map(|(i, (at, actor, v))| CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("rz-{:06}", i + 1),
            actor,
            at,
            expected_seq: None,
            command: serde_json::from_value::<Command>(v).expect("a command of rectification"),
        })
        .collect()
}

/// The commands that take problem `id` of `unit` from where it stands to closed, from `t` on: the
/// sub-district's dispatcher confirms and dispatches it to the village committee, its target's handler
/// accepts it and reports it done, the dispatcher verifies it, the office closes it with the resident's
/// feedback.
fn close(
    state: &State,
    id: &str,
    unit: DivisionCode,
    t: DateTime<FixedOffset>,
    out: &mut Vec<(DateTime<FixedOffset>, Actor, Value)>,
) {
    let Some(p) = state.problems.problems.get(id) else { return };
    let mut status = p.status;
    let target = p.target.and_then(|i| state.problems.target_at(i));
    let handler = match target {
        Some(t) if t.kind != TargetKind::VillageCommittee => Actor {
            id: t.handlers.first().or(t.leader.as_ref()).cloned().unwrap_or_default(),
            role: Role::Handler,
            scope: t.unit,
        },
        _ => unit_cadre(unit),
    };
    let mut t = t;
    let mut push = |actor: &Actor, v: Value| {
        t += Duration::hours(2);
        out.push((t, actor.clone(), v));
    };
    let dispatcher = dispatcher();
    let mut handler = handler;
    loop {
        status = match status {
            ProblemStatus::Reported => {
                push(&dispatcher, json!({"type":"confirmProblem","problem":id}));
                ProblemStatus::Confirmed
            }
            ProblemStatus::Confirmed => {
                push(
                    &dispatcher,
                    json!({"type":"dispatchProblem","problem":id,"target":format!("vc-{unit}"),"due":{"workingDays":10}}),
                );
                handler = unit_cadre(unit);
                ProblemStatus::Dispatched
            }
            ProblemStatus::Dispatched => {
                push(&handler, json!({"type":"acceptProblem","problem":id}));
                ProblemStatus::InProgress
            }
            ProblemStatus::InProgress => {
                push(&handler, json!({"type":"reportProblemDone","problem":id,"done":"纳入整改台账，已办结"}));
                ProblemStatus::ReportedDone
            }
            ProblemStatus::ReportedDone => {
                push(&dispatcher, json!({"type":"verifyProblem","problem":id,"passed":true,"note":"回访核实，已解决"}));
                ProblemStatus::Verified
            }
            ProblemStatus::Verified => {
                push(&administrator(), json!({"type":"closeProblem","problem":id,"feedback":{"satisfied":true}}));
                return;
            }
            ProblemStatus::Rejected | ProblemStatus::Merged | ProblemStatus::Closed => return,
        };
    }
}

/// Study sessions every month (June to September), pledges made in July and fulfilled and verified
/// in September (some left overdue), two volunteer activities, for each village's and community's
/// party organization.
fn participation(state: &State, seed: u64, out: &mut Vec<(DateTime<FixedOffset>, Actor, Value)>) {
    let committee = reviewer();
    let orgs = state
        .organization
        .party_organizations
        .values()
        .filter(|o| state.organization.units.get(&o.unit).is_some_and(|u| u.level.is_village_or_community()));
    for (n, o) in orgs.enumerate() {
        let mut r = Rng::fork(seed, 0x5041_0000 + n as u64);
        let cadre = unit_cadre(o.unit);
        let members: Vec<&str> = state
            .people
            .persons
            .iter()
            .filter(|p| p.party_organization.as_deref() == Some(o.id.as_str()) && o.unit.contains(p.unit))
            .map(|p| p.id.as_str())
            .collect();
        if members.is_empty() {
            continue;
        }
        let some = |r: &mut Rng, percent: u64| -> Vec<&str> {
            let chosen: Vec<&str> = members.iter().copied().filter(|_| r.below(100) < percent).collect();
            if chosen.is_empty() { vec![members[0]] } else { chosen }
        };
        for (month, (topic, title)) in TOPICS.iter().enumerate() {
            let on = format!("2022-{:02}-{:02}", month + 6, 1 + n % 25);
            out.push((
                at(&format!("{on}T18:00:00+08:00")),
                cadre.clone(),
                json!({"type":"recordStudySession","session":{"id":format!("st-{}-{month}", o.id),"topic":topic,
                "title":title,"on":on,"organizer":o.id,"attendees":some(&mut r, 80)}}),
            ));
        }
        for (k, member) in some(&mut r, 30).into_iter().enumerate() {
            let id = format!("pl-{}-{k}", o.id);
            let made = at("2022-07-01T10:00:00+08:00") + Duration::minutes(k as i64);
            out.push((
                made,
                cadre.clone(),
                json!({"type":"makePledge","pledge":{"id":id,"member":member,
                "text":PLEDGES[r.below(PLEDGES.len() as u64) as usize],"due":"2022-09-15"}}),
            ));
            let roll = r.below(100);
            if roll < 85 {
                out.push((
                    made + Duration::days(70),
                    cadre.clone(),
                    json!({"type":"fulfilPledge","pledge":id,"done":"已按承诺完成，经群众评议"}),
                ));
            }
            if roll < 75 {
                out.push((
                    made + Duration::days(75),
                    committee.clone(),
                    json!({"type":"verifyPledge","pledge":id,"passed":true,"note":"践诺到位"}),
                ));
            }
        }
        for (k, (title, place, theme)) in [ACTIVITIES[n % 4], ACTIVITIES[(n + 1) % 4]].into_iter().enumerate() {
            let on = format!("2022-{:02}-{:02}", k + 7, 10 + n % 15);
            let participants: Vec<Value> = some(&mut r, 40)
                .into_iter()
                .map(|p| json!({"person":p,"hours":HOURS[r.below(HOURS.len() as u64) as usize]}))
                .collect();
            out.push((
                at(&format!("{on}T18:00:00+08:00")),
                cadre.clone(),
                json!({"type":"recordVolunteerActivity","activity":{"id":format!("va-{}-{k}", o.id),"title":title,
                "on":on,"organizer":o.id,"place":place,"theme":theme,"participants":participants}}),
            ));
        }
    }
}
