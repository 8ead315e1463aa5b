//! A deterministic demo campaign for [`grassroots`]: the plan of 东方红街道 (2022) played out in its
//! real units on generated people. For examples, tests and benches; not published, and not part of
//! the library.
//!
//! The sub-district and its six villages and communities are real: 东方红街道, statistical code
//! 430104017 (岳麓区, 长沙市), with 龙虎岭, 尖山湖 and 华盛 communities and 荷叶坝, 华龙 and 金南
//! villages, as the National Bureau of Statistics' 2023 division codes list them
//! ([`REAL_UNITS`]). A spec asking for more units (the benches do) gets further codes of the same
//! sub-district with made-up names after the real ones.
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

mod acceptance;
mod city;
mod households;
mod organization;
mod oversight;
mod people;
mod plan;
mod problems;
mod rectification;
mod review;
mod survey;
mod weak_and_lax;

pub use acceptance::{ACCEPTANCE_ENDS, acceptance, city_verifier, district_evaluator};
pub use city::{full_campaign, relocate, subdistrict_code};
pub use oversight::{INSPECTION, discipline_committee, oversight};
pub use problems::{LOOP_ENDS, dispatcher, problem_loop, statuses};
pub use rectification::{RECTIFICATION_ENDS, rectification};
pub use review::{look_back, reviewer};
pub use weak_and_lax::{determination, district_inspector, sample_rubric};

use people::{Rng, SURNAMES, id_number, mobile, person_name};
use plan::{DEPUTIES, EXECUTIVE_DEPUTY, FIRST_DEPUTY, LEADER, OFFICE_DIRECTOR, SCHEDULE, SUBDISTRICT_ORGS};

/// The division code of the sub-district the sample runs in, 东方红街道 (statistical code 430104017).
pub const SUBDISTRICT: &str = "430104017000";

/// The district above it, 岳麓区.
pub const DISTRICT: &str = "430104000000";

/// The real villages and communities of 东方红街道: village digits and name, communities first, as
/// in the 2023 statistical division codes (the names without 村委会, as the plan writes them).
pub const REAL_UNITS: [(u16, &str); 6] =
    [(1, "龙虎岭社区"), (13, "尖山湖社区"), (14, "华盛社区"), (201, "荷叶坝村"), (202, "华龙村"), (203, "金南村")];

/// The id of the sub-district party working committee (街道党工委) in the sample.
pub const SUBDISTRICT_COMMITTEE: &str = "po-dgw";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSpec {
    /// The seed: the same seed (and sizes) gives the same commands.
    pub seed: u64,
    /// How many villages: the three real ones first, then made-up ones (at most 200).
    pub villages: usize,
    /// How many communities: the three real ones first, then made-up ones (at most 199).
    pub communities: usize,
    /// How many households in all, shared out among the villages and communities (a community gets
    /// about three times a village's share). Ignored when there are no villages or communities.
    pub households: usize,
}

impl Default for SampleSpec {
    /// The real units (3 villages, 3 communities) and 3,000 households, seed 20220413.
    fn default() -> SampleSpec {
        SampleSpec { seed: 20_220_413, villages: 3, communities: 3, households: 3_000 }
    }
}

/// The leading group's office (领导小组办公室): the administrator of the sub-district that opens the
/// campaign and manages it (scope `430104017000`).
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

/// The division code of the `index`-th village (from 0): the real 荷叶坝 (`430104017201`), 华龙
/// and 金南 first, then the other village digits from 200 on.
///
/// # Panics
/// When `index` is 200 or more (village digits end at 399).
pub fn village_code(index: usize) -> DivisionCode {
    unit_code(index, 200..=399, "village")
}

/// The division code of the `index`-th community (from 0): the real 龙虎岭 (`430104017001`), 尖山湖
/// and 华盛 first, then the other community digits from 001 on.
///
/// # Panics
/// When `index` is 199 or more (community digits end at 199).
pub fn community_code(index: usize) -> DivisionCode {
    unit_code(index, 1..=199, "community")
}

/// The `index`-th code of a village-digit range: the real units' digits in it first, then the rest
/// in order.
fn unit_code(index: usize, digits: std::ops::RangeInclusive<u16>, what: &str) -> DivisionCode {
    let real = REAL_UNITS.iter().map(|&(d, _)| d).filter(|d| digits.contains(d));
    let digit = real.chain(digits.clone().filter(|d| !REAL_UNITS.iter().any(|&(r, _)| r == *d))).nth(index);
    let digit = digit.unwrap_or_else(|| panic!("a sub-district has only {} {what} codes", digits.len()));
    code(&format!("{}{digit:03}", &SUBDISTRICT[..9]))
}

/// The name of the unit with `code`: the real name for a real unit, else a made-up one.
fn real_name(code: DivisionCode) -> Option<&'static str> {
    let digits = (code.as_u64() % 1_000) as u16;
    REAL_UNITS.iter().find(|&&(d, _)| d == digits).map(|&(_, name)| name)
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

// Made-up names for the units beyond the real six (none is a real unit's name).
const COMMUNITY_STEMS: &[&str] =
    &["金峰", "麓谷", "白马", "谷园", "和馨", "枫林", "玉兰", "青山", "桐梓", "雷锋", "学士", "松雅", "碧桂", "梅溪"];
const VILLAGE_STEMS: &[&str] =
    &["白鹤", "黄桥", "东山", "麓峰", "新塘", "双桥", "梅塘", "龙塘", "坪塘", "桃花", "杉木", "洋湖", "石门"];
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
        assert_eq!((counts.villages, counts.communities), (3, 3));
        assert_eq!(counts.households, 3_000);
        assert_eq!(counts.party_organizations, 5 + 6);
        // The real units of 东方红街道, by their statistical codes.
        let units: Vec<(String, String)> =
            campaign.state().organization.units.values().map(|u| (u.code.to_string(), u.name.clone())).collect();
        let real: Vec<(String, String)> = std::iter::once(("430104017000".to_string(), "东方红街道".to_string()))
            .chain(REAL_UNITS.iter().map(|&(d, name)| (format!("430104017{d:03}"), name.to_string())))
            .collect();
        assert!(real.iter().all(|u| units.contains(u)), "{units:?}");
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
        // Every secretary is set, the schedule partly done (not the survey: households are left to visit).
        assert!(campaign.state().organization.party_organizations.values().all(|o| o.secretary.is_some()));
        let done = campaign.state().organization.schedule.values().filter(|i| i.completed_at.is_some()).count();
        assert_eq!(done, 3);
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
