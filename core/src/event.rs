//! Events: what the campaign recorded. State is a fold of events ([`crate::state::State::apply`]).
//!
//! Events hold validated values only. Compatibility rule: a field added later must be optional and
//! skipped when absent, so records written earlier keep their hashes (a fixture test enforces it).

use crate::campaign_config::CampaignInfo;
use crate::division_code::DivisionCode;
use crate::flag_set::FlagSet;
use crate::household::{Household, Location};
use crate::leading_group::LeadingGroup;
use crate::org_unit::OrgUnit;
use crate::party_organization::{PartyOrgKind, TeamMember};
use crate::person::{HelperRole, KeyPersonTag, Person};
use crate::schedule::ScheduleItem;
use serde::{Deserialize, Serialize};

/// Everything that can happen to a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Event {
    /// The campaign was opened; its city, district and sub-district units exist from now on.
    CampaignOpened {
        /// The validated configuration.
        campaign: CampaignInfo,
    },
    /// A village or community was registered.
    OrgUnitRegistered {
        /// The unit.
        unit: OrgUnit,
    },
    /// A party organization was established.
    PartyOrganizationEstablished {
        /// Its id.
        id: String,
        /// Its kind.
        kind: PartyOrgKind,
        /// Its name.
        name: String,
        /// Its unit.
        unit: DivisionCode,
    },
    /// A secretary was appointed, replacing `previous` if any.
    SecretaryAppointed {
        /// The party organization.
        party_organization: String,
        /// The new secretary.
        person: String,
        /// The secretary replaced.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        previous: Option<String>,
    },
    /// The two committees team was set.
    TwoCommitteesSet {
        /// The party organization.
        party_organization: String,
        /// The team.
        members: Vec<TeamMember>,
    },
    /// The leading group was set.
    LeadingGroupSet {
        /// The group.
        group: LeadingGroup,
    },
    /// A schedule item was added.
    ScheduleItemAdded {
        /// The item.
        item: ScheduleItem,
    },
    /// A schedule item was reported done (at the record's `at`).
    ScheduleItemCompleted {
        /// The item's id.
        id: String,
    },
    /// A person was registered.
    PersonRegistered {
        /// The person (without a household).
        person: Person,
    },
    /// A person's helper roles were replaced.
    HelperRolesSet {
        /// The person.
        person: String,
        /// The roles.
        roles: FlagSet<HelperRole>,
    },
    /// A household was registered.
    HouseholdRegistered {
        /// The household (without residents).
        household: Household,
    },
    /// A household moved; the fields are its new values.
    HouseholdMoved {
        /// The household.
        household: String,
        /// Its address.
        address: String,
        /// Its village or community.
        unit: DivisionCode,
        /// Its building.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        building: Option<String>,
        /// Its location.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        location: Option<Location>,
    },
    /// A person became a resident of a household (leaving the previous one, if any).
    ResidentAdded {
        /// The household.
        household: String,
        /// The person.
        person: String,
    },
    /// A resident left a household.
    ResidentLeft {
        /// The household.
        household: String,
        /// The person.
        person: String,
    },
    /// A person was tagged as a key person.
    KeyPersonTagged {
        /// The person.
        person: String,
        /// The tag.
        tag: KeyPersonTag,
    },
    /// A questionnaire version was registered.
    QuestionnaireRegistered {
        /// The questionnaire (its definition on the wire).
        questionnaire: Box<crate::questionnaire::Questionnaire>,
    },
    /// A door-knock visit was recorded.
    VisitRecorded {
        /// The visit (shared with the state: visits carry answers, and are not copied).
        visit: std::sync::Arc<crate::visit::Visit>,
    },
    /// A key-person tag was removed.
    KeyPersonUntagged {
        /// The person.
        person: String,
        /// The tag.
        tag: KeyPersonTag,
    },
    /// The linkage policy was set.
    LinkagePolicySet {
        /// The policy.
        policy: crate::micro_grid::LinkagePolicy,
    },
    /// A member's linkage was set.
    MemberLinkageSet {
        /// The member.
        person: String,
        /// The setting.
        linkage: crate::micro_grid::MemberLinkage,
    },
    /// A household's own weight was set (or reset when absent).
    HouseholdWeightSet {
        /// The household.
        household: String,
        /// The weight.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        weight: Option<u32>,
    },
    /// A micro-grid was established.
    MicroGridEstablished {
        /// The grid.
        grid: crate::micro_grid::MicroGrid,
    },
    /// A micro-grid was changed; this is its new value.
    MicroGridUpdated {
        /// The grid.
        grid: crate::micro_grid::MicroGrid,
    },
    /// A link plan was adopted: every household of `units` is linked as `links` says.
    LinkPlanAdopted {
        /// The villages and communities planned.
        units: Vec<DivisionCode>,
        /// One link per household of the units, in household registration order.
        links: Vec<crate::micro_grid::LinkPair>,
        /// Households linked before that got another member.
        moved: u32,
        /// Households without a link before.
        linked_anew: u32,
    },
}
