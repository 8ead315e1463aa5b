//! Commands: every change to a campaign, in its envelope.
//!
//! Values that need checking (division codes, ID and mobile numbers) arrive as strings and are
//! validated by the core, so that a bad one is answered with its own error code and field rather
//! than a generic parse error.

use crate::access::Actor;
use crate::campaign_config::{CampaignConfig, Phase};
use crate::csv_import::CsvTable;
use crate::division_code::OrgLevel;
use crate::household::{KeyPlace, Location};
use crate::leading_group::LeadingGroup;
use crate::party_organization::{PartyOrgKind, TeamMember};
use crate::person::{HelperRole, KeyPersonTag, PoliticalStatus};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The version of the wire form this library writes and understands.
pub const SCHEMA_VERSION: u32 = 1;

/// A command with who sent it, when, and its idempotency key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommandEnvelope {
    /// The wire form's version; this library writes [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The caller's idempotency key: re-sending the same command with the same id records nothing new.
    pub command_id: String,
    /// Who sends it.
    pub actor: Actor,
    /// When it happened, with its UTC offset (the core never reads a clock).
    pub at: DateTime<FixedOffset>,
    /// The `seq` the caller last saw: when the campaign has moved past it, the command is refused
    /// with `CONFLICT` (optimistic concurrency).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_seq: Option<u64>,
    /// What to do.
    pub command: Command,
}

/// Every change a campaign accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Command {
    /// Opens the campaign: must be the first command, and only once.
    OpenCampaign {
        /// The campaign's configuration.
        config: CampaignConfig,
    },
    /// Registers a village or community of the campaign's sub-district.
    RegisterOrgUnit {
        /// 12-digit division code; its last three digits agree with `level` (001–199 community,
        /// 200–399 village) and its first nine are the sub-district's.
        code: String,
        /// `village` or `community`.
        level: OrgLevel,
        /// The unit's name.
        name: String,
    },
    /// Establishes a party organization attached to a unit.
    EstablishPartyOrganization {
        /// A new id.
        id: String,
        /// Its kind: village/community branches attach to a village or community, the others to the
        /// sub-district.
        kind: PartyOrgKind,
        /// Its name.
        name: String,
        /// The division code of the unit it attaches to.
        unit: String,
    },
    /// Appoints (or replaces) the secretary of a party organization; the person must be a full
    /// party member.
    AppointSecretary {
        /// The party organization's id.
        party_organization: String,
        /// The person's id.
        person: String,
    },
    /// Sets the "two committees" team of a village's or community's party organization.
    SetTwoCommittees {
        /// The party organization's id.
        party_organization: String,
        /// The team, one entry per person and post.
        members: Vec<TeamMember>,
    },
    /// Sets the campaign's leading group and its office director.
    SetLeadingGroup {
        /// The group.
        group: LeadingGroup,
    },
    /// Adds a task to the schedule (attachment 1).
    AddScheduleItem {
        /// A new id.
        id: String,
        /// What must be done.
        task: String,
        /// Who answers for it.
        owner: String,
        /// The phase it belongs to.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        phase: Option<Phase>,
        /// The last day (UTC+8).
        due: NaiveDate,
    },
    /// Reports a schedule item done (at the envelope's `at`).
    CompleteScheduleItem {
        /// The item's id.
        id: String,
    },
    /// Registers a person (a resident, a cadre, a party member, a helper).
    RegisterPerson {
        /// A new id.
        id: String,
        /// The person's name.
        name: String,
        /// The division code of the person's village, community or sub-district.
        unit: String,
        /// Resident ID number (GB 11643, 18 characters), if known.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        id_number: Option<String>,
        /// Mobile number (11 digits), if known.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        mobile: Option<String>,
        /// Political status.
        political_status: PoliticalStatus,
        /// The party organization of a party member (required for members, refused for others).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        party_organization: Option<String>,
        /// Helper roles.
        #[serde(skip_serializing_if = "Vec::is_empty", default)]
        helper_roles: Vec<HelperRole>,
    },
    /// Replaces a person's helper roles.
    SetHelperRoles {
        /// The person's id.
        person: String,
        /// The new roles (may be empty).
        roles: Vec<HelperRole>,
    },
    /// Registers a household of a village or community.
    RegisterHousehold {
        /// A new id.
        id: String,
        /// The address.
        address: String,
        /// The division code of its village or community.
        unit: String,
        /// Building or compound.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        building: Option<String>,
        /// Location.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        location: Option<Location>,
        /// Key place kind.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        key_place: Option<KeyPlace>,
    },
    /// Moves a household: a new address, building or location, possibly another village or community.
    /// Fields left out keep their value.
    MoveHousehold {
        /// The household's id.
        household: String,
        /// New address.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        address: Option<String>,
        /// New village or community (division code).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
        /// New building or compound.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        building: Option<String>,
        /// New location.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        location: Option<Location>,
    },
    /// Makes a registered person a resident of a household (leaving any other household).
    AddResident {
        /// The household's id.
        household: String,
        /// The person's id.
        person: String,
    },
    /// Records that a resident left a household.
    RemoveResident {
        /// The household's id.
        household: String,
        /// The person's id.
        person: String,
    },
    /// Tags a person as a key person (sensitive).
    TagKeyPerson {
        /// The person's id.
        person: String,
        /// The tag.
        tag: KeyPersonTag,
    },
    /// Removes a key-person tag.
    UntagKeyPerson {
        /// The person's id.
        person: String,
        /// The tag.
        tag: KeyPersonTag,
    },
    /// Registers a version of a questionnaire given as JSON (the XLSForm subset; see
    /// `docs/QUESTIONNAIRES.md`). Versions are immutable and increase.
    RegisterQuestionnaire {
        /// The definition.
        questionnaire: crate::questionnaire::QuestionnaireDefinition,
    },
    /// Registers a version of a questionnaire from its XLSForm sheets saved as CSV.
    ImportQuestionnaire {
        /// The questionnaire's id.
        id: String,
        /// The version (greater than every registered version of the id).
        version: u32,
        /// The title by language (`zh`, `en`, `default`).
        #[serde(default)]
        title: crate::questionnaire::Labels,
        /// The `survey` sheet as CSV.
        survey: String,
        /// The `choices` sheet as CSV.
        choices: String,
    },
    /// Records a door-knock visit (from a phone, perhaps long after it happened).
    RecordVisit {
        /// The visit.
        visit: crate::visit::VisitReport,
    },
    /// Imports a CSV file: the whole file is accepted or nothing is.
    ImportCsv {
        /// What the file holds.
        table: CsvTable,
        /// The file's text (UTF-8; a byte-order mark is accepted; Chinese or English headers).
        csv: String,
    },
    /// Sets the sub-district's linkage policy (member bounds, links inside units, key-person weight).
    SetLinkagePolicy {
        /// The policy; fields left out take their defaults (10–15, inside units, weight 1).
        policy: crate::micro_grid::LinkagePolicy,
    },
    /// Sets how a party member takes part in the linkage: available or not (a member who leaves),
    /// their own bounds, their qualification for key persons, their contact channel.
    SetMemberLinkage {
        /// The member's person id.
        person: String,
        /// The whole setting (fields left out take their defaults).
        linkage: crate::micro_grid::MemberLinkage,
    },
    /// Sets (or, with no `weight`, resets) a household's own workload weight.
    SetHouseholdWeight {
        /// The household.
        household: String,
        /// 1–10; absent resets to the default.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        weight: Option<u32>,
    },
    /// Establishes a micro-grid under a leader.
    EstablishMicroGrid {
        /// The grid.
        grid: crate::micro_grid::MicroGridSpec,
    },
    /// Replaces a micro-grid's name, leader, members or contact channel (its unit stays).
    UpdateMicroGrid {
        /// The grid as it should be.
        grid: crate::micro_grid::MicroGridSpec,
    },
    /// Adopts a link plan for a village or community (or for every one in the actor's scope): every
    /// household is linked to exactly one available member, within bounds, key-person households to
    /// qualified members. Usually the links of a `proposeLinkPlan` answer, sent with its `basedOnSeq`
    /// as `expectedSeq`.
    AdoptLinkPlan {
        /// The village or community; absent: all inside the actor's scope.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
        /// The links, one per household.
        links: Vec<crate::micro_grid::LinkPair>,
    },
}
