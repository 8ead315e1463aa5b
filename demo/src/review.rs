//! The election look-back of the sample (换届"回头看", early June 2022): each village and community's
//! team reviewed — the five questions, the secretary, one-to-one talks, a democratic evaluation, home
//! visits taken from the survey, documents checked, the six structural findings — concluded, and the
//! special report submitted to the district.

use super::people::Rng;
use super::{administrator, code};
use chrono::{DateTime, Duration, FixedOffset};
use grassroots::{Actor, Command, CommandEnvelope, Role, SCHEMA_VERSION, State};
use serde_json::{Value, json};

/// The sub-district's organization office, which runs the look-back (scope: the sub-district).
pub fn reviewer() -> Actor {
    Actor { id: "jd-zzb-review".into(), role: Role::SubdistrictCadre, scope: code(super::SUBDISTRICT) }
}

const QUESTIONS: [&str; 5] = ["runsSmoothly", "capable", "morale", "residentsView", "freeOfConflicts"];
const ITEMS: [&str; 6] = [
    "organizationSetUp",
    "leadershipComplete",
    "rulesComplete",
    "fundingAndPremises",
    "roleFullyPlayed",
    "noGovernanceDisorder",
];
/// What a structural problem looks like, per item (made up for the sample).
const PROBLEM_NOTES: [&str; 6] = [
    "网格党支部设置与小区分布不匹配",
    "缺一名专职委员，妇女委员空缺",
    "“三会一课”记录不全，主题党日开展不规律",
    "党群服务中心面积不足，办公经费未按时拨付",
    "党员联户覆盖不到位，作用发挥不明显",
    "存在工程项目发包不规范的群众反映",
];
const STANDINGS: [&str; 6] = ["村（社区）“两委”成员", "老党员", "群众代表", "网格员", "驻村（社区）干部", "退休老干部"];
const TALK_NOTES: [&str; 4] =
    ["认为班子团结，工作有干劲", "建议多开展入户走访", "反映个别干部办事拖拉", "希望加强环境整治"];
const DOCUMENTS: [&str; 4] =
    ["2021年以来“三会一课”记录", "“四议两公开”会议记录", "村（社区）财务收支台账", "党员发展档案"];

/// The commands of the look-back for the campaign `state` holds (after the survey), in order, with
/// command ids `review-000001`, …; every one is accepted in order.
pub fn look_back(state: &State, seed: u64) -> Vec<CommandEnvelope> {
    let start: DateTime<FixedOffset> = "2022-06-01T09:00:00+08:00".parse().expect("a valid time");
    let mut out: Vec<(DateTime<FixedOffset>, Actor, Value)> = Vec::new();
    let actor = reviewer();
    let units: Vec<_> =
        state.organization.units.iter().filter(|(_, u)| u.level.is_village_or_community()).map(|(c, _)| *c).collect();
    for (n, unit) in units.iter().enumerate() {
        let mut r = Rng::fork(seed, 0x5245_5649 + n as u64);
        let id = format!("hjk-{unit}");
        let mut t = start + Duration::days(n as i64);
        let mut push = |v: Value| {
            t += Duration::minutes(10);
            out.push((t, actor.clone(), v));
        };
        push(json!({"type":"openReview","id":id,"unit":unit.to_string()}));
        // A weaker team now and then: lower ratings, more problems, a lower satisfaction.
        let weak = r.below(100) < 30;
        for q in QUESTIONS {
            let score = if weak { r.range(2, 4) } else { r.range(3, 5) };
            push(
                json!({"type":"rateReviewQuestion","review":id,"question":q,"rating":{"score":score,"notes":"综合谈话、测评、走访情况研判"}}),
            );
        }
        push(
            json!({"type":"rateSecretary","review":id,"rating":{"score":if weak { r.range(2, 4) } else { r.range(4, 5) },
            "notes":"履职情况"}}),
        );
        let talks: Vec<Value> = (0..r.range(5, 12))
            .map(|i| json!({"standing":STANDINGS[(i as usize) % STANDINGS.len()],"notes":TALK_NOTES[r.below(4) as usize]}))
            .collect();
        push(json!({"type":"recordTalks","review":id,"talks":talks}));
        let ballots = r.range(30, 60) as u32;
        let split = |r: &mut Rng| {
            let bad = if weak { r.range(3, 9) } else { r.range(0, 3) } as u32;
            let basic = r.range(2, 10) as u32;
            json!({"satisfied": ballots - bad - basic, "basicallySatisfied": basic, "dissatisfied": bad})
        };
        let mut whole = split(&mut r);
        whole["item"] = json!("班子整体");
        let mut secretary = split(&mut r);
        secretary["item"] = json!("党组织书记");
        push(
            json!({"type":"recordDemocraticEvaluation","review":id,"evaluation":{"ballots":ballots,"items":[whole, secretary]}}),
        );
        let visits: Vec<&str> = state
            .survey
            .visits
            .iter()
            .filter(|v| v.unit == *unit)
            .take(r.range(3, 8) as usize)
            .map(|v| v.id.as_str())
            .collect();
        if !visits.is_empty() {
            push(json!({"type":"linkHomeVisits","review":id,"visits":visits}));
        }
        push(json!({"type":"recordDocumentReview","review":id,"documents":DOCUMENTS}));
        let mut problems = 0;
        for (i, item) in ITEMS.iter().enumerate() {
            let problem = r.below(100) < if weak { 45 } else { 8 };
            problems += usize::from(problem);
            let finding = if problem { json!({"sound":false,"notes":PROBLEM_NOTES[i]}) } else { json!({"sound":true}) };
            push(json!({"type":"recordStructuralFinding","review":id,"item":item,"finding":finding}));
        }
        let conclusion = match (weak, problems) {
            (false, 0) => "班子运行顺畅，群众认可度高，换届选出的班子总体良好",
            (false, _) => "班子总体良好，个别方面需整改完善",
            (true, _) => "班子凝聚力和战斗力不强，建议列入重点关注，研究是否列为软弱涣散党组织",
        };
        push(json!({"type":"concludeReview","review":id,"conclusion":conclusion}));
    }
    let end = start + Duration::days(units.len() as i64 + 1);
    out.push((end, administrator(), json!({"type":"submitSpecialReport","to":"高新区党群工作部"})));
    out.into_iter()
        .enumerate()
        .map(|(i, (at, actor, v))| CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("review-{:06}", i + 1),
            actor,
            at,
            expected_seq: None,
            command: serde_json::from_value::<Command>(v).expect("a command of the look-back"),
        })
        .collect()
}
