//! Builders shared by the integration tests.
#![allow(dead_code)]

use grassroots::organization::CampaignConfig;
use grassroots::people::PoliticalStatus;
use grassroots::{Actor, Campaign, DivisionCode, Role};
use grassroots::{Command, CommandEnvelope, SCHEMA_VERSION};

pub const SUBDISTRICT: &str = "430104017000";
pub const COMMUNITY: &str = "430104017001";
pub const COMMUNITY_2: &str = "430104017002";
pub const VILLAGE: &str = "430104017201";
/// GB 11643's own example.
pub const ID_NUMBER: &str = "11010519491231002X";
pub const MOBILE: &str = "13812345678";

/// An actor of `role` acting for `scope`, its scope moved to the nearest level the role may act at
/// (a community cadre "of the sub-district" is a cadre of its first community, a district evaluator
/// "of a community" the evaluator of its district); its id names the unit asked for.
/// `exact_actor` keeps the scope as given.
pub fn actor(role: Role, scope: &str) -> Actor {
    let code = DivisionCode::parse(scope, "scope").unwrap();
    Actor { scope: fitting(role, code), ..exact_actor(role, scope) }
}

/// An actor of `role` scoped to exactly `scope`, fitting or not.
pub fn exact_actor(role: Role, scope: &str) -> Actor {
    Actor { id: format!("{role:?}@{scope}"), role, scope: DivisionCode::parse(scope, "scope").unwrap() }
}

/// The unit nearest `code` at a level `role` may act at: up the tree, or down to the first
/// community.
pub fn fitting(role: Role, code: DivisionCode) -> DivisionCode {
    use grassroots::engine::division_code::OrgLevel;
    let levels = role.scope_levels();
    let mut up = Some(code);
    while let Some(unit) = up {
        if unit.level().is_some_and(|l| levels.contains(&l)) {
            return unit;
        }
        up = unit.parent();
    }
    match code.level() {
        Some(OrgLevel::Subdistrict) if levels.contains(&OrgLevel::Community) => {
            DivisionCode::parse(&format!("{:012}", code.as_u64() + 1), "scope").unwrap()
        }
        // Down from a district or city: the world's sub-district.
        Some(OrgLevel::District | OrgLevel::City) => fitting(role, DivisionCode::parse(SUBDISTRICT, "scope").unwrap()),
        _ => panic!("no unit for a {role:?} near {code}"),
    }
}

pub fn admin() -> Actor {
    actor(Role::Administrator, SUBDISTRICT)
}

/// Builds envelopes with increasing command ids and times.
pub struct Envelopes {
    n: u32,
}

impl Envelopes {
    pub fn new() -> Self {
        Envelopes { n: 0 }
    }
    pub fn by(&mut self, actor: &Actor, command: Command) -> CommandEnvelope {
        self.n += 1;
        CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("cmd-{}", self.n),
            actor: actor.clone(),
            at: format!("2022-04-{:02}T09:{:02}:00+08:00", 13 + (self.n / 60).min(17), self.n % 60).parse().unwrap(),
            expected_seq: None,
            command,
        }
    }
    pub fn admin(&mut self, command: Command) -> CommandEnvelope {
        self.by(&admin(), command)
    }
}

pub fn register_unit(code: &str, level: grassroots::OrgLevel, name: &str) -> Command {
    Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit { code: code.into(), level, name: name.into() })
}

pub fn register_person(id: &str, unit: &str, status: PoliticalStatus, org: Option<&str>) -> Command {
    Command::RegisterPerson(grassroots::people::RegisterPerson {
        id: id.into(),
        name: format!("姓名{id}"),
        unit: unit.into(),
        id_number: None,
        mobile: None,
        political_status: status,
        party_organization: org.map(Into::into),
        helper_roles: vec![],
    })
}

pub fn register_household(id: &str, unit: &str) -> Command {
    Command::RegisterHousehold(grassroots::people::RegisterHousehold {
        id: id.into(),
        address: format!("{id}号"),
        unit: unit.into(),
        building: Some("1栋".into()),
        location: None,
        key_place: None,
    })
}

/// An open campaign with two communities, a village, a branch in the first community, a party
/// member `m1` in it, a resident `r1` (with ID and mobile) in household `h1`.
pub fn small_campaign() -> (Campaign, Envelopes) {
    use grassroots::OrgLevel::*;
    let mut c = Campaign::new();
    let mut e = Envelopes::new();
    let commands = vec![
        Command::OpenCampaign(grassroots::organization::OpenCampaign { config: CampaignConfig::dongfanghong_2022() }),
        register_unit(COMMUNITY, Community, "东方红社区"),
        register_unit(COMMUNITY_2, Community, "金南社区"),
        register_unit(VILLAGE, Village, "白鹤村"),
        Command::EstablishPartyOrganization(grassroots::organization::EstablishPartyOrganization {
            id: "b1".into(),
            kind: grassroots::organization::PartyOrgKind::GeneralPartyBranch,
            name: "东方红社区党总支".into(),
            unit: COMMUNITY.into(),
        }),
        register_person("m1", COMMUNITY, PoliticalStatus::PartyMember, Some("b1")),
        register_household("h1", COMMUNITY),
        Command::RegisterPerson(grassroots::people::RegisterPerson {
            id: "r1".into(),
            name: "张三".into(),
            unit: COMMUNITY.into(),
            id_number: Some(ID_NUMBER.into()),
            mobile: Some(MOBILE.into()),
            political_status: PoliticalStatus::Masses,
            party_organization: None,
            helper_roles: vec![],
        }),
        Command::AddResident(grassroots::people::AddResident { household: "h1".into(), person: "r1".into() }),
    ];
    for command in commands {
        c.execute(e.admin(command)).unwrap();
    }
    (c, e)
}

/// A command from its JSON form.
pub fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).unwrap()
}

/// The JSON answer to a query (given in its JSON form) as `actor`; panics naming the query if refused.
pub fn answer(c: &Campaign, actor: &Actor, value: serde_json::Value) -> serde_json::Value {
    let q: grassroots::Query = serde_json::from_value(value.clone()).unwrap();
    serde_json::to_value(c.query(actor, &q).unwrap_or_else(|e| panic!("{value}: {e:?}"))).unwrap()
}

/// Executes a command (in its JSON form) as `by`; panics naming it if refused.
pub fn run(c: &mut Campaign, e: &mut Envelopes, by: &Actor, value: serde_json::Value) {
    c.execute(e.by(by, command(value.clone()))).unwrap_or_else(|err| panic!("{value}: {err:?}"));
}

/// The refusal of a command (in its JSON form) as `by`, checking that it changed nothing.
pub fn refused(c: &mut Campaign, e: &mut Envelopes, by: &Actor, value: serde_json::Value) -> grassroots::Error {
    let head = c.head();
    let err = c.execute(e.by(by, command(value.clone()))).expect_err(&value.to_string());
    assert_eq!(c.head(), head, "a refusal changes nothing");
    err
}

/// The five questions of the look-back, in the plan's order.
pub const QUESTIONS: [&str; 5] = ["runsSmoothly", "capable", "morale", "residentsView", "freeOfConflicts"];

/// The six structural items of the look-back, in the plan's order.
pub const STRUCTURAL_ITEMS: [&str; 6] = [
    "organizationSetUp",
    "leadershipComplete",
    "rulesComplete",
    "fundingAndPremises",
    "roleFullyPlayed",
    "noGovernanceDisorder",
];

/// The rows `| from | action | to |` of the transition table in `docs/{page}` whose cells are all
/// code (backticked) and whose state and action are among `states` and `actions` (empty: any).
pub fn documented_transitions(
    page: &str,
    states: &[&str],
    actions: &[&str],
) -> std::collections::BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(format!("{}/../docs/{page}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let known = |list: &[&str], x: &str| list.is_empty() || list.contains(&x);
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let cell = |i: usize| cells.get(i)?.strip_prefix('`')?.strip_suffix('`').map(str::to_string);
            (cells.len() == 5).then_some(())?;
            let row = (cell(1)?, cell(2)?, cell(3)?);
            (known(states, &row.0) && known(actions, &row.1)).then_some(row)
        })
        .collect()
}

/// The actors that judge the four tiers of an organization of `COMMUNITY`, in order: its community
/// cadre, the sub-district's office, the district's evaluator, the city's verifier.
pub fn acceptance_judges() -> [(&'static str, Actor); 4] {
    [
        ("selfEvaluation", actor(Role::CommunityCadre, COMMUNITY)),
        ("subdistrictAssessment", admin()),
        ("districtEvaluation", actor(Role::DistrictEvaluator, DISTRICT)),
        ("cityVerification", actor(Role::CityVerifier, CITY)),
    ]
}

/// The district (岳麓区) and city (长沙市) of the campaign.
pub const DISTRICT: &str = "430104000000";
pub const CITY: &str = "430100000000";

/// A passing judgement of `tier` on `organization`, scoring the plan's three criteria.
pub fn judge_pass(organization: &str, tier: &str) -> serde_json::Value {
    serde_json::json!({"type":"judgeAcceptance","organization":organization,"tier":tier,"passed":true,
        "scores":[{"criterion":"strengthened","score":90,"evidence":"查阅整改台账、班子调整材料"},
                  {"criterion":"problemsSolved","score":88,"evidence":"问题清单逐项销号"},
                  {"criterion":"satisfied","score":92,"evidence":"入户测评满意率95%"}],
        "notes":"达到验收标准"})
}
