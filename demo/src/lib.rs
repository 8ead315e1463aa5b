//! A deterministic demo campaign for [`grassroots`]: the plan of 东方红街道 (2022) played out on
//! generated data. For examples, tests and benches; not published, and not part of the library.
//!
//! [`commands`] turns a [`SampleSpec`] into the commands a sub-district would send during the first
//! two weeks of the campaign (13 to 28 April 2022, UTC+8): it opens the campaign with
//! [`CampaignConfig::dongfanghong_2022`], registers the villages and communities, establishes their
//! general party branches and the sub-district's own organizations, registers the leading group
//! with the plan's names, adds the schedule of attachment 1 (completing what was done by the end of
//! April), then, village by village and community by community, registers households, residents and
//! party members with their helper roles, tags a few key persons, appoints secretaries and sets the
//! two-committee teams.
//!
//! Both input paths run: households and residents arrive mostly as `importCsv` files with Chinese
//! headers, the rest as single commands. Every command is accepted by a new
//! [`Campaign`](grassroots::Campaign) in order.
//!
//! Everything is generated from the seed by a small SplitMix64 generator: the same spec always gives
//! the same commands, on every platform. No clock is read. Names, ID numbers (valid GB 11643 numbers
//! with computed check characters) and mobile numbers are made up; the leading group's members are
//! the plan's real names, registered without ID or mobile numbers.
//!
//! ```
//! use grassroots::Campaign;
//! use grassroots_demo::{SampleSpec, commands};
//! let spec = SampleSpec { households: 120, ..SampleSpec::default() };
//! let mut campaign = Campaign::new();
//! for envelope in commands(&spec) {
//!     campaign.execute(envelope).unwrap();
//! }
//! assert_eq!(campaign.state().people.households.len(), 120);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use grassroots::organization::CampaignConfig;
use grassroots::organization::LeadingGroup;
use grassroots::organization::{PartyOrgKind, TeamMember, TeamPost};
use grassroots::people::CsvTable;
use grassroots::people::{HelperRole, KeyPersonTag, PoliticalStatus};
use grassroots::people::{KeyPlace, Location};
use grassroots::survey::Visitor;
use grassroots::survey::questionnaire::reference;
use grassroots::{Actor, Role};
use grassroots::{Command, CommandEnvelope, SCHEMA_VERSION};
use grassroots::{DivisionCode, OrgLevel};
use std::collections::{HashSet, VecDeque};
use std::fmt::Write as _;

mod people;
mod plan;
mod survey;

use people::{Rng, SURNAMES, id_number, mobile, person_name};
use plan::{DEPUTIES, EXECUTIVE_DEPUTY, FIRST_DEPUTY, LEADER, OFFICE_DIRECTOR, SCHEDULE, SUBDISTRICT_ORGS};

/// The division code of the sub-district the sample runs in, 东方红街道.
pub const SUBDISTRICT: &str = "430171004000";

/// The id of the sub-district party working committee (街道党工委) in the sample.
pub const SUBDISTRICT_COMMITTEE: &str = "po-dgw";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSpec {
    /// The seed: the same seed (and sizes) gives the same commands.
    pub seed: u64,
    /// How many villages (division codes `430171004200` on; at most 200 are generated).
    pub villages: usize,
    /// How many communities (division codes `430171004001` on; at most 199 are generated).
    pub communities: usize,
    /// How many households in all, shared out among the villages and communities (a community gets
    /// about three times a village's share). Ignored when there are no villages or communities.
    pub households: usize,
}

impl Default for SampleSpec {
    /// 4 villages, 5 communities and 3,000 households, seed 20220413.
    fn default() -> SampleSpec {
        SampleSpec { seed: 20_220_413, villages: 4, communities: 5, households: 3_000 }
    }
}

/// The leading group's office (领导小组办公室): the administrator of the sub-district that opens the
/// campaign and manages it (scope `430171004000`).
pub fn administrator() -> Actor {
    Actor { id: "ldxz-office".into(), role: Role::Administrator, scope: code(SUBDISTRICT) }
}

/// A grid worker (网格员) of one village or community: registers and moves that unit's households
/// and sees sensitive data masked.
pub fn grid_worker(unit: DivisionCode) -> Actor {
    Actor { id: format!("gw-{unit}"), role: Role::GridWorker, scope: unit }
}

/// A survey helper (building head, volunteer, "five elders") of one unit, recording visits from the
/// survey app.
pub fn survey_helper(unit: DivisionCode) -> Actor {
    Actor { id: format!("helper-{unit}"), role: Role::Visitor, scope: unit }
}

/// A cadre (村/社区干部) of one village or community: manages its people and households.
pub fn unit_cadre(unit: DivisionCode) -> Actor {
    Actor { id: format!("cadre-{unit}"), role: Role::CommunityCadre, scope: unit }
}

/// The division code of the `index`-th village (from 0): `430171004200 + index`.
///
/// # Panics
/// When `index` is 200 or more (village digits end at 399).
pub fn village_code(index: usize) -> DivisionCode {
    assert!(index < 200, "a sub-district has at most 200 village codes");
    code(&format!("430171004{:03}", 200 + index))
}

/// The division code of the `index`-th community (from 0): `430171004001 + index`.
///
/// # Panics
/// When `index` is 199 or more (community digits end at 199).
pub fn community_code(index: usize) -> DivisionCode {
    assert!(index < 199, "a sub-district has at most 199 community codes");
    code(&format!("430171004{:03}", 1 + index))
}

/// The commands of the sample campaign described by `spec`, in order, with unique command ids
/// (`sample-000001`, …) and increasing times from 2022-04-13T09:00+08:00.
///
/// For the default spec every command lies in April 2022; a much larger spec runs on into May.
pub fn commands(spec: &SampleSpec) -> Vec<CommandEnvelope> {
    Generator::new(spec).run()
}

// ---------------------------------------------------------------------------------------------
// Places

const COMMUNITY_STEMS: &[&str] = &[
    "东方红",
    "金峰",
    "麓谷",
    "白马",
    "谷园",
    "和馨",
    "枫林",
    "玉兰",
    "青山",
    "桐梓",
    "尖山",
    "雷锋",
    "学士",
    "松雅",
    "碧桂",
    "梅溪",
];
const VILLAGE_STEMS: &[&str] =
    &["金南", "白鹤", "黄桥", "东山", "麓峰", "新塘", "双桥", "梅塘", "龙塘", "坪塘", "桃花", "杉木", "洋湖", "石门"];
const CHINESE_NUMERALS: &[&str] = &["", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn unit_name(stems: &[&str], index: usize, suffix: &str) -> String {
    let stem = stems[index % stems.len()];
    let round = index / stems.len();
    let numeral = CHINESE_NUMERALS.get(round).copied().unwrap_or("");
    if round > 0 && numeral.is_empty() { format!("{stem}{round}{suffix}") } else { format!("{stem}{numeral}{suffix}") }
}

/// Decimal degrees with six places from micro-degrees.
fn degrees(micro: i64) -> String {
    format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

/// The centre of the sub-district, in micro-degrees (WGS-84, near Changsha).
const CENTRE: (i64, i64) = (28_200_000, 112_900_000);

// ---------------------------------------------------------------------------------------------
// Generation

/// One generated unit.
struct Unit {
    code: DivisionCode,
    level: OrgLevel,
    name: String,
    households: usize,
}

/// A generated resident.
struct Resident {
    id: String,
    name: String,
    age: i64,
    id_number: String,
    mobile: Option<String>,
    status: PoliticalStatus,
    tags: Vec<KeyPersonTag>,
    /// Tagged by a single command rather than in the residents' CSV file.
    tag_later: bool,
}

/// A generated household.
struct Home {
    id: String,
    address: String,
    building: String,
    lat: i64,
    lng: i64,
    key_place: Option<KeyPlace>,
    residents: Vec<Resident>,
}

struct Generator<'s> {
    spec: &'s SampleSpec,
    ids: HashSet<String>,
    out: Vec<CommandEnvelope>,
    now: DateTime<FixedOffset>,
    /// Completions waiting for their time: (not before, schedule item id).
    pending: VecDeque<(DateTime<FixedOffset>, &'static str)>,
    admin: Actor,
}

fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s, "code").expect("the sample's division codes are valid")
}

fn april(day: u32, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    NaiveDate::from_ymd_opt(2022, 4, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .and_then(|t| t.and_local_timezone(offset).single())
        .expect("a valid April 2022 time")
}

fn at_time(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, month, day).expect("a valid 2022 date")
}

impl<'s> Generator<'s> {
    fn new(spec: &'s SampleSpec) -> Generator<'s> {
        Generator {
            spec,
            ids: HashSet::new(),
            out: Vec::new(),
            now: april(13, 9, 0) - TimeDelta::seconds(20),
            pending: VecDeque::new(),
            admin: administrator(),
        }
    }

    /// Appends a command at the next moment, first reporting any schedule item due to be completed
    /// by then.
    fn push(&mut self, actor: &Actor, command: Command) {
        let next = self.now + TimeDelta::seconds(20);
        while let Some(&(t, id)) = self.pending.front() {
            if t > next {
                break;
            }
            self.pending.pop_front();
            self.now = self.now.max(t - TimeDelta::seconds(20));
            let admin = self.admin.clone();
            self.emit(
                &admin,
                Command::CompleteScheduleItem(grassroots::organization::CompleteScheduleItem { id: id.to_string() }),
            );
        }
        self.emit(actor, command);
    }

    fn emit(&mut self, actor: &Actor, command: Command) {
        self.now += TimeDelta::seconds(20);
        self.out.push(CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("sample-{:06}", self.out.len() + 1),
            actor: actor.clone(),
            at: self.now,
            expected_seq: None,
            command,
        });
    }

    /// Moves the clock forward to `t` (never back).
    fn wait_until(&mut self, t: DateTime<FixedOffset>) {
        self.now = self.now.max(t - TimeDelta::seconds(20));
    }

    fn admin(&mut self, command: Command) {
        let admin = self.admin.clone();
        self.push(&admin, command);
    }

    fn run(mut self) -> Vec<CommandEnvelope> {
        let units = self.units();
        self.admin(Command::OpenCampaign(grassroots::organization::OpenCampaign {
            config: CampaignConfig::dongfanghong_2022(),
        }));
        self.register_units(&units);
        self.establish_organizations(&units);
        self.leading_group(&units);
        self.schedule();
        self.admin(Command::ImportQuestionnaire(grassroots::survey::ImportQuestionnaire {
            id: reference::DOOR_KNOCK_ID.to_string(),
            version: 1,
            title: [
                ("zh".to_string(), "敲门行动调查问卷".to_string()),
                ("en".to_string(), "Door-knock questionnaire".to_string()),
            ]
            .into_iter()
            .collect(),
            survey: reference::SURVEY_CSV.to_string(),
            choices: reference::CHOICES_CSV.to_string(),
        }));
        let first_day = april(14, 14, 0);
        let span = TimeDelta::days(13).num_minutes();
        for (i, unit) in units.iter().enumerate() {
            let offset = span * i as i64 / units.len().max(1) as i64;
            self.wait_until(first_day + TimeDelta::minutes(offset));
            self.unit(i, unit);
        }
        self.wait_until(april(28, 9, 0));
        for &(id, .., done) in SCHEDULE {
            if let Some((day, hour, minute)) = done.filter(|&(day, ..)| day >= 28) {
                self.pending.push_back((april(day, hour, minute), id));
            }
        }
        while let Some((t, id)) = self.pending.pop_front() {
            self.wait_until(t);
            self.admin(Command::CompleteScheduleItem(grassroots::organization::CompleteScheduleItem {
                id: id.to_string(),
            }));
        }
        self.out
    }

    fn units(&self) -> Vec<Unit> {
        let villages = self.spec.villages.min(200);
        let communities = self.spec.communities.min(199);
        let mut units = Vec::new();
        for i in 0..communities {
            let name = unit_name(COMMUNITY_STEMS, i, "社区");
            units.push(Unit { code: community_code(i), level: OrgLevel::Community, name, households: 0 });
        }
        for i in 0..villages {
            let name = unit_name(VILLAGE_STEMS, i, "村");
            units.push(Unit { code: village_code(i), level: OrgLevel::Village, name, households: 0 });
        }
        // A community holds about three times a village's households.
        let mut rng = Rng::fork(self.spec.seed, 2);
        let weights: Vec<usize> = units
            .iter()
            .map(|u| if u.level == OrgLevel::Community { rng.range(240, 360) } else { rng.range(80, 120) } as usize)
            .collect();
        let total: usize = weights.iter().sum();
        let mut given = 0;
        for (u, w) in units.iter_mut().zip(&weights) {
            u.households = (self.spec.households * w).checked_div(total).unwrap_or(0);
            given += u.households;
        }
        let n = units.len();
        if n > 0 {
            for k in 0..self.spec.households - given {
                units[k % n].households += 1;
            }
        }
        units
    }

    /// Communities one by one; villages in one `importCsv` of the units table.
    fn register_units(&mut self, units: &[Unit]) {
        let mut csv = String::from("区划代码,类型,名称\n");
        for u in units {
            match u.level {
                OrgLevel::Community => {
                    self.admin(Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit {
                        code: u.code.to_string(),
                        level: OrgLevel::Community,
                        name: u.name.clone(),
                    }))
                }
                _ => {
                    let _ = writeln!(csv, "{},村,{}", u.code, u.name);
                }
            }
        }
        if units.iter().any(|u| u.level == OrgLevel::Village) {
            self.admin(Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Units, csv }));
        }
    }

    fn establish_organizations(&mut self, units: &[Unit]) {
        for &(id, kind, name, _) in SUBDISTRICT_ORGS {
            self.admin(Command::EstablishPartyOrganization(grassroots::organization::EstablishPartyOrganization {
                id: id.into(),
                kind,
                name: name.into(),
                unit: SUBDISTRICT.into(),
            }));
        }
        for u in units {
            self.admin(Command::EstablishPartyOrganization(grassroots::organization::EstablishPartyOrganization {
                id: branch_id(u.code),
                kind: PartyOrgKind::GeneralPartyBranch,
                name: format!("{}党总支", u.name),
                unit: u.code.to_string(),
            }));
        }
    }

    /// The leading group's people (members of the sub-district party working committee), the
    /// sub-district's cadres (one members' CSV file), the secretaries of the sub-district's
    /// organizations and the group itself.
    fn leading_group(&mut self, units: &[Unit]) {
        let people = std::iter::once(LEADER)
            .chain(std::iter::once(FIRST_DEPUTY))
            .chain(DEPUTIES.iter().copied())
            .chain(std::iter::once(OFFICE_DIRECTOR));
        for (id, name) in people {
            self.admin(Command::RegisterPerson(grassroots::people::RegisterPerson {
                id: id.into(),
                name: name.into(),
                unit: SUBDISTRICT.into(),
                id_number: None,
                mobile: None,
                political_status: PoliticalStatus::PartyMember,
                party_organization: Some(SUBDISTRICT_COMMITTEE.into()),
                helper_roles: vec![HelperRole::SubdistrictCadre],
            }));
        }
        // Assumed: the leader of the group is the working committee's secretary.
        self.admin(Command::AppointSecretary(grassroots::organization::AppointSecretary {
            party_organization: SUBDISTRICT_COMMITTEE.into(),
            person: LEADER.0.into(),
        }));

        let mut rng = Rng::fork(self.spec.seed, 1);
        let mut csv = String::from("人员编号,姓名,所属单位代码,身份证号,手机号,政治面貌,所在党组织,角色\n");
        let mut secretaries = Vec::new();
        let mut n = 0;
        for &(org, kind, _, count) in SUBDISTRICT_ORGS {
            for k in 0..count {
                n += 1;
                let id = format!("P{SUBDISTRICT}-{n:03}");
                let male = rng.chance(550);
                let surname = *rng.pick(SURNAMES);
                let name = person_name(&mut rng, surname, male);
                let age = rng.range(26, 58);
                let number = id_number(&mut rng, &mut self.ids, age, male);
                let phone = mobile(&mut rng);
                let role = match kind {
                    PartyOrgKind::OrganBranch | PartyOrgKind::DisciplineCommittee => "街道干部",
                    PartyOrgKind::ServiceStaffBranch => "网格员",
                    _ => "",
                };
                // The secretary is a full member; a young cadre may be probationary.
                let status = if k > 0 && age < 30 { "中共预备党员" } else { "中共党员" };
                let _ = writeln!(csv, "{id},{name},{SUBDISTRICT},{number},{phone},{status},{org},{role}");
                if k == 0 {
                    secretaries.push((org, id));
                }
            }
        }
        if n > 0 {
            self.admin(Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Members, csv }));
        }
        for (org, person) in secretaries {
            self.admin(Command::AppointSecretary(grassroots::organization::AppointSecretary {
                party_organization: org.into(),
                person,
            }));
        }

        let mut member_units = vec!["po-jgw".to_string()];
        member_units.extend(units.iter().map(|u| branch_id(u.code)));
        member_units.extend(["po-jg", "po-fw", "po-lx"].map(String::from));
        self.admin(Command::SetLeadingGroup(grassroots::organization::SetLeadingGroup {
            group: LeadingGroup {
                leader: LEADER.0.into(),
                first_deputy: FIRST_DEPUTY.0.into(),
                deputies: DEPUTIES.iter().map(|(id, _)| id.to_string()).collect(),
                executive_deputy: EXECUTIVE_DEPUTY.into(),
                member_units,
                office_director: OFFICE_DIRECTOR.0.into(),
            },
        }));
    }

    fn schedule(&mut self) {
        for &(id, task, owner, phase, (month, day), _) in SCHEDULE {
            self.admin(Command::AddScheduleItem(grassroots::organization::AddScheduleItem {
                id: id.into(),
                task: task.into(),
                owner: owner.into(),
                phase: Some(phase),
                due: at_time(month, day),
            }));
        }
        for &(id, .., done) in SCHEDULE {
            if let Some((day, hour, minute)) = done.filter(|&(day, ..)| day < 28) {
                self.pending.push_back((april(day, hour, minute), id));
            }
        }
    }

    /// One village's or community's households, residents, members, key persons and team.
    fn unit(&mut self, index: usize, unit: &Unit) {
        let mut rng = Rng::fork(self.spec.seed, 1000 + unit.code.as_u64());
        let homes = self.homes(&mut rng, index, unit);
        let cadre = unit_cadre(unit.code);
        let worker = grid_worker(unit.code);
        let community = unit.level == OrgLevel::Community;

        // Households: all but the last building by CSV; the last building (when there are several)
        // registered one by one by the grid worker on site.
        let last_building = homes.last().map(|h| h.building.clone()).unwrap_or_default();
        let several = homes.iter().any(|h| h.building != last_building);
        let single = |h: &Home| several && h.building == last_building;
        let mut csv = String::from("户编号,地址,村社区代码,楼栋,纬度,经度,重点部位\n");
        let mut rows = 0;
        for h in homes.iter().filter(|h| !single(h)) {
            let place = h.key_place.map(KeyPlace::label_zh).unwrap_or("");
            let _ = writeln!(
                csv,
                "{},{},{},{},{},{},{place}",
                h.id,
                h.address,
                unit.code,
                h.building,
                degrees(h.lat),
                degrees(h.lng)
            );
            rows += 1;
        }
        if rows > 0 {
            self.push(&cadre, Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Households, csv }));
        }
        for h in homes.iter().filter(|h| single(h)) {
            self.push(
                &worker,
                Command::RegisterHousehold(grassroots::people::RegisterHousehold {
                    id: h.id.clone(),
                    address: h.address.clone(),
                    unit: unit.code.to_string(),
                    building: Some(h.building.clone()),
                    location: Some(Location { lat: h.lat as f64 / 1e6, lng: h.lng as f64 / 1e6 }),
                    key_place: h.key_place,
                }),
            );
        }

        // Party members: about one per twelve households, adults not tagged as key persons.
        let wanted = (homes.len() / 12).max(homes.len().min(5));
        let mut members: Vec<(usize, usize)> = Vec::new();
        let mut chosen: HashSet<(usize, usize)> = HashSet::new();
        if !homes.is_empty() {
            for j in 0..wanted {
                let from = j * homes.len() / wanted;
                let to = ((j + 1) * homes.len() / wanted).max(from + 1);
                for attempt in 0..(to - from) {
                    let hi = from + (rng.below((to - from) as u64) as usize + attempt) % (to - from);
                    let candidates: Vec<usize> = (0..homes[hi].residents.len())
                        .filter(|&ri| {
                            let r = &homes[hi].residents[ri];
                            r.age >= 22 && r.tags.is_empty() && !chosen.contains(&(hi, ri))
                        })
                        .collect();
                    if !candidates.is_empty() {
                        let pick = (hi, *rng.pick(&candidates));
                        members.push(pick);
                        chosen.insert(pick);
                        break;
                    }
                }
            }
        }

        // Residents of every household (members excepted) in one CSV file.
        let mut csv = String::from("户编号,人员编号,姓名,身份证号,手机号,政治面貌,重点人员\n");
        let mut rows = 0;
        for (hi, h) in homes.iter().enumerate() {
            for (ri, r) in h.residents.iter().enumerate() {
                if chosen.contains(&(hi, ri)) {
                    continue;
                }
                let status = match r.status {
                    PoliticalStatus::LeagueMember => "共青团员",
                    PoliticalStatus::DemocraticParty => "民主党派",
                    _ => "群众",
                };
                let tags = if r.tag_later {
                    String::new()
                } else {
                    r.tags.iter().map(|t| t.label_zh()).collect::<Vec<_>>().join("、")
                };
                let _ = writeln!(
                    csv,
                    "{},{},{},{},{},{status},{tags}",
                    h.id,
                    r.id,
                    r.name,
                    r.id_number,
                    r.mobile.as_deref().unwrap_or("")
                );
                rows += 1;
            }
        }
        if rows > 0 {
            self.push(&cadre, Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Residents, csv }));
        }

        // Members one by one, with their helper roles, then into their households.
        let branch = branch_id(unit.code);
        let grid_workers = (homes.len() / 300).max(1);
        let mut full_members = Vec::new();
        let mut building_heads = Vec::new();
        let mut buildings_with_head = HashSet::new();
        let mut helpers: Vec<Visitor> = Vec::new();
        for (k, &(hi, ri)) in members.iter().enumerate() {
            let r = &homes[hi].residents[ri];
            let probationary = k >= 5 && r.age < 35 && rng.chance(250);
            let mut roles = Vec::new();
            if community {
                if k < grid_workers {
                    roles.push(HelperRole::GridWorker);
                } else if rng.chance(600) {
                    roles.push(HelperRole::Volunteer);
                }
                if k >= grid_workers && buildings_with_head.insert(homes[hi].building.clone()) {
                    building_heads.push((r.id.clone(), roles.clone()));
                }
            } else if r.age >= 60 {
                roles.push(HelperRole::FiveElders);
                if rng.chance(300) {
                    roles.push(HelperRole::CoreMember);
                }
            } else if rng.chance(600) {
                roles.push(HelperRole::CoreMember);
            } else if rng.chance(300) {
                roles.push(HelperRole::Volunteer);
            }
            if !probationary {
                full_members.push((r.id.clone(), r.age));
            }
            if let Some(&role) = roles.first() {
                helpers.push(Visitor { person: r.id.clone(), role });
            }
            self.push(
                &cadre,
                Command::RegisterPerson(grassroots::people::RegisterPerson {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    unit: unit.code.to_string(),
                    id_number: Some(r.id_number.clone()),
                    mobile: r.mobile.clone(),
                    political_status: if probationary {
                        PoliticalStatus::ProbationaryMember
                    } else {
                        PoliticalStatus::PartyMember
                    },
                    party_organization: Some(branch.clone()),
                    helper_roles: roles,
                }),
            );
            self.push(
                &cadre,
                Command::AddResident(grassroots::people::AddResident {
                    household: homes[hi].id.clone(),
                    person: r.id.clone(),
                }),
            );
        }
        // Building heads are named once the members are in.
        for (person, mut roles) in building_heads {
            roles.push(HelperRole::BuildingHead);
            self.push(&cadre, Command::SetHelperRoles(grassroots::people::SetHelperRoles { person, roles }));
        }

        // Key persons the survey found after the import.
        for h in &homes {
            for r in h.residents.iter().filter(|r| r.tag_later) {
                for &tag in &r.tags {
                    self.push(
                        &cadre,
                        Command::TagKeyPerson(grassroots::people::TagKeyPerson { person: r.id.clone(), tag }),
                    );
                }
            }
        }

        // The secretary and the two-committee team.
        // The secretary: a full member in the prime of working life if there is one.
        if let Some(pos) = full_members.iter().position(|&(_, age)| (35..=58).contains(&age)) {
            let secretary = full_members.remove(pos);
            full_members.insert(0, secretary);
        }
        let full_members: Vec<String> = full_members.into_iter().map(|(id, _)| id).collect();
        if let Some(secretary) = full_members.first().cloned() {
            self.admin(Command::AppointSecretary(grassroots::organization::AppointSecretary {
                party_organization: branch.clone(),
                person: secretary.clone(),
            }));
            let masses: Vec<&Resident> = homes
                .iter()
                .flat_map(|h| &h.residents)
                .filter(|r| (30..=55).contains(&r.age) && r.status == PoliticalStatus::Masses && r.tags.is_empty())
                .take(2)
                .collect();
            if full_members.len() >= 4 && masses.len() == 2 {
                let m = |person: &str, post| TeamMember { person: person.to_string(), post };
                let members = vec![
                    m(&secretary, TeamPost::PartySecretary),
                    m(&secretary, TeamPost::CommitteeDirector),
                    m(&full_members[1], TeamPost::DeputySecretary),
                    m(&full_members[2], TeamPost::PartyCommitteeMember),
                    m(&full_members[3], TeamPost::PartyCommitteeMember),
                    m(&full_members[3], TeamPost::CommitteeMember),
                    m(&masses[0].id, TeamPost::CommitteeDeputyDirector),
                    m(&masses[1].id, TeamPost::CommitteeMember),
                ];
                self.admin(Command::SetTwoCommittees(grassroots::organization::SetTwoCommittees {
                    party_organization: branch,
                    members,
                }));
            }
        }

        self.survey(&mut rng, unit, &homes, &helpers);
    }

    /// The households of a unit with their residents.
    fn homes(&mut self, rng: &mut Rng, index: usize, unit: &Unit) -> Vec<Home> {
        let community = unit.level == OrgLevel::Community;
        // Communities lie within about a kilometre of the centre, villages two to five further out.
        // (No trigonometry: floating-point library functions may differ between platforms.)
        let offset = |rng: &mut Rng| {
            if community {
                rng.range(-10_000, 10_000)
            } else {
                let magnitude = rng.range(12_000, 35_000);
                if rng.chance(500) { magnitude } else { -magnitude }
            }
        };
        let centre = (CENTRE.0 + offset(rng), CENTRE.1 + offset(rng));
        let resettlement = community && index % 5 == 3;
        let urban_village = !community && index.is_multiple_of(4);
        let fringe = !community && index % 4 == 1;
        let mut homes = Vec::with_capacity(unit.households);
        let mut building_no = 0;
        let mut person_no = 0;
        while homes.len() < unit.households {
            building_no += 1;
            let spread = if community { 2_500 } else { 8_000 };
            let site = (centre.0 + rng.range(-spread, spread), centre.1 + rng.range(-spread, spread));
            if community {
                // An old compound (老旧小区) or a newer high-rise; a few flats stand empty.
                let old = rng.chance(400);
                let (floors, stairs, rooms) =
                    if old { (rng.range(5, 7), rng.range(2, 3), 2) } else { (rng.range(11, 18), 2, rng.range(2, 4)) };
                let place = if old {
                    Some(KeyPlace::OldResidentialCompound)
                } else if resettlement {
                    Some(KeyPlace::ResettlementArea)
                } else {
                    None
                };
                'building: for stair in 1..=stairs {
                    for floor in 1..=floors {
                        for room in 1..=rooms {
                            if homes.len() == unit.households {
                                break 'building;
                            }
                            if rng.chance(120) {
                                continue;
                            }
                            let address = format!("{}{building_no}栋{stair}单元{floor}{room:02}", unit.name);
                            let place = if place.is_none() && rng.chance(30) {
                                Some(KeyPlace::FloatingPopulationRental)
                            } else {
                                place
                            };
                            let jitter = (rng.range(-30, 30), rng.range(-30, 30));
                            let home = self.home(
                                rng,
                                unit,
                                homes.len(),
                                address,
                                format!("{building_no}栋"),
                                site,
                                jitter,
                                place,
                                &mut person_no,
                            );
                            homes.push(home);
                        }
                    }
                }
            } else {
                // A villagers' group (村民小组) of 25 to 60 houses.
                let houses = rng.range(25, 60);
                let place = if urban_village && building_no <= 2 {
                    Some(KeyPlace::UrbanVillage)
                } else if fringe && building_no == 1 {
                    Some(KeyPlace::UrbanRuralFringe)
                } else {
                    None
                };
                for house in 1..=houses {
                    if homes.len() == unit.households {
                        break;
                    }
                    let address = format!("{}{building_no}组{house}号", unit.name);
                    let place = if place == Some(KeyPlace::UrbanVillage) && rng.chance(150) {
                        Some(KeyPlace::FloatingPopulationRental)
                    } else {
                        place
                    };
                    let jitter = (rng.range(-700, 700), rng.range(-700, 700));
                    let home = self.home(
                        rng,
                        unit,
                        homes.len(),
                        address,
                        format!("{building_no}组"),
                        site,
                        jitter,
                        place,
                        &mut person_no,
                    );
                    homes.push(home);
                }
            }
        }
        homes
    }

    /// One household and its family.
    #[allow(clippy::too_many_arguments)]
    fn home(
        &mut self,
        rng: &mut Rng,
        unit: &Unit,
        n: usize,
        address: String,
        building: String,
        site: (i64, i64),
        jitter: (i64, i64),
        key_place: Option<KeyPlace>,
        person_no: &mut usize,
    ) -> Home {
        let community = unit.level == OrgLevel::Community;
        let size = match rng.below(100) {
            0..12 => 1,
            12..40 => 2,
            40..70 => 3,
            70..90 => 4,
            _ => 5,
        };
        let surname = *rng.pick(SURNAMES);
        let head_age = if size == 1 { rng.range(22, 88) } else { rng.range(25, 75) };
        let head_male = rng.chance(if size == 1 && head_age > 70 { 400 } else { 700 });
        let mut family: Vec<(i64, bool, &str)> = vec![(head_age, head_male, surname)];
        for k in 1..size {
            let member = if k == 1 {
                // The spouse.
                ((head_age + rng.range(-4, 4)).max(20), !head_male, *rng.pick(SURNAMES))
            } else if k == 4 && head_age <= 55 {
                // An elderly parent.
                ((head_age + rng.range(22, 32)).min(96), rng.chance(400), surname)
            } else {
                // A child.
                (rng.range(0, (head_age - 22).clamp(0, 35)), rng.chance(520), surname)
            };
            family.push(member);
        }
        let mut residents = Vec::with_capacity(size);
        for (age, male, surname) in family {
            *person_no += 1;
            let id = format!("P{}-{:05}", unit.code, *person_no);
            let name = person_name(rng, surname, male);
            let number = id_number(rng, &mut self.ids, age, male);
            let phone_odds = match age {
                0..12 => 0,
                12..18 => 150,
                18..76 => 750,
                _ => 200,
            };
            let mobile = rng.chance(phone_odds).then(|| mobile(rng));
            let status = if (14..=28).contains(&age) && rng.chance(350) {
                PoliticalStatus::LeagueMember
            } else if age >= 30 && rng.chance(4) {
                PoliticalStatus::DemocraticParty
            } else {
                PoliticalStatus::Masses
            };
            let mut tags = Vec::new();
            if community {
                if (18..=50).contains(&age) && rng.chance(15) {
                    tags.push(KeyPersonTag::UnemployedIdle);
                }
                if (18..=60).contains(&age) && rng.chance(3) {
                    tags.push(KeyPersonTag::PriorOffence);
                }
                if (18..=50).contains(&age) && rng.chance(1) {
                    tags.push(KeyPersonTag::DrugInvolved);
                }
                if (13..=17).contains(&age) && rng.chance(25) {
                    tags.push(KeyPersonTag::OutOfSchoolYouth);
                }
            } else {
                if (size == 1 && age >= 65 || (6..=15).contains(&age)) && rng.chance(120) {
                    tags.push(KeyPersonTag::LeftBehind);
                }
                if (20..=50).contains(&age) && rng.chance(25) {
                    tags.push(KeyPersonTag::LongTermAbsent);
                }
            }
            let tag_later = !tags.is_empty() && rng.chance(333);
            residents.push(Resident { id, name, age, id_number: number, mobile, status, tags, tag_later });
        }
        Home {
            id: format!("H{}-{:04}", unit.code, n + 1),
            address,
            building,
            lat: site.0 + jitter.0,
            lng: site.1 + jitter.1,
            key_place,
            residents,
        }
    }
}

/// The id of a village's or community's general party branch.
fn branch_id(unit: DivisionCode) -> String {
    format!("po-{unit}")
}

#[cfg(test)]
mod tests {
    use super::people::{check_character, reference_day};
    use super::*;
    use chrono::Datelike;
    use grassroots::Campaign;
    use grassroots::people::ResidentIdNumber;
    use grassroots::{Query, QueryResult};

    fn run(spec: &SampleSpec) -> Campaign {
        let mut campaign = Campaign::new();
        for envelope in commands(spec) {
            let id = envelope.command_id.clone();
            let kind = format!("{:?}", envelope.command).chars().take(60).collect::<String>();
            if let Err(e) = campaign.execute(envelope) {
                panic!("command {id} ({kind}…) was refused: {} {} {:?}", e.code.as_str(), e.message, e.rows.first());
            }
        }
        campaign
    }

    #[test]
    fn every_command_of_the_default_sample_is_accepted() {
        let spec = SampleSpec::default();
        let envelopes = commands(&spec);
        let campaign = run(&spec);
        assert_eq!(campaign.state().people.households.len(), spec.households);
        assert_eq!(campaign.state().commands.len(), envelopes.len());
        let at = "2022-04-28T18:00:00+08:00".parse().unwrap();
        let Ok(QueryResult::CampaignSummary(grassroots::people::CampaignSummaryResult { counts, .. })) =
            campaign.query(&administrator(), &Query::CampaignSummary(grassroots::people::CampaignSummaryQuery { at }))
        else {
            panic!("no summary")
        };
        assert_eq!((counts.villages, counts.communities), (4, 5));
        assert_eq!(counts.households, 3_000);
        assert_eq!(counts.party_organizations, 5 + 9);
        // About one member per twelve households, plus the sub-district's cadres.
        let unit_members = counts.party_members - 14 - 29;
        assert!((200..=300).contains(&unit_members), "{unit_members} members");
        assert!(counts.key_persons > 0 && counts.key_persons < counts.residents / 20);
        // Times increase and stay in April 2022; ids are unique.
        assert!(envelopes.windows(2).all(|w| w[0].at < w[1].at));
        assert!(envelopes.iter().all(|e| e.at.year() == 2022 && e.at.month() == 4));
        let ids: HashSet<&str> = envelopes.iter().map(|e| e.command_id.as_str()).collect();
        assert_eq!(ids.len(), envelopes.len());
        // Both paths ran: CSV imports and single registrations.
        assert!(envelopes.iter().any(|e| matches!(
            e.command,
            Command::ImportCsv(grassroots::people::ImportCsv { table: CsvTable::Residents, .. })
        )));
        assert!(
            envelopes
                .iter()
                .any(|e| matches!(e.command, Command::RegisterHousehold(grassroots::people::RegisterHousehold { .. })))
        );
        // Every secretary is set, the schedule partly done.
        assert!(campaign.state().organization.party_organizations.values().all(|o| o.secretary.is_some()));
        let done = campaign.state().organization.schedule.values().filter(|i| i.completed_at.is_some()).count();
        assert_eq!(done, 4);
    }

    #[test]
    fn the_same_seed_gives_the_same_commands() {
        let spec = SampleSpec { households: 400, ..SampleSpec::default() };
        assert_eq!(commands(&spec), commands(&spec));
        let other = commands(&SampleSpec { seed: 7, ..spec.clone() });
        assert_ne!(commands(&spec), other);
        assert!(!other.is_empty());
    }

    #[test]
    fn small_and_odd_specs_are_accepted() {
        for spec in [
            SampleSpec { seed: 1, villages: 0, communities: 0, households: 10 },
            SampleSpec { seed: 2, villages: 1, communities: 0, households: 3 },
            SampleSpec { seed: 3, villages: 0, communities: 2, households: 0 },
            SampleSpec { seed: 4, villages: 15, communities: 17, households: 900 },
        ] {
            let campaign = run(&spec);
            let expected = if spec.villages + spec.communities == 0 { 0 } else { spec.households };
            assert_eq!(campaign.state().people.households.len(), expected, "{spec:?}");
        }
    }

    #[test]
    fn generated_numbers_are_valid() {
        let mut rng = Rng::new(9);
        let mut taken = HashSet::new();
        for age in 0..100 {
            let n = id_number(&mut rng, &mut taken, age, age % 2 == 0);
            let parsed = ResidentIdNumber::parse(&n, "n").expect("valid");
            assert!(parsed.birth_date() <= reference_day());
            assert_eq!((n.as_bytes()[16] - b'0') % 2 == 1, age % 2 == 0);
            grassroots::people::MobileNumber::parse(&mobile(&mut rng), "m").expect("valid mobile");
        }
        assert_eq!(check_character("11010519491231002"), 'X');
    }
}
