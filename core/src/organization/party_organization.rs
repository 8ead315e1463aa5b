//! Party organizations of the kinds the plan addresses, their secretaries and "two committees" teams.

use crate::engine::division_code::{DivisionCode, OrgLevel};
use serde::{Deserialize, Serialize};

/// The kinds of party organization the plan addresses (the addressees of its notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PartyOrgKind {
    /// 村（社区）党支部: the party branch of a village or community.
    PartyBranch,
    /// 村（社区）党总支: the general party branch of a village or community.
    GeneralPartyBranch,
    /// 机关党支部: the branch of the sub-district's own offices.
    OrganBranch,
    /// 基层服务人员党支部: the branch of grassroots service personnel.
    ServiceStaffBranch,
    /// 两新综合党委: the "two-new" comprehensive committee (new economic and social organizations).
    TwoNewCommittee,
    /// 街道党工委: the sub-district party working committee, which runs the campaign.
    SubdistrictPartyCommittee,
    /// 街道纪工委: the sub-district discipline working committee (supervision and notification).
    DisciplineCommittee,
}

impl PartyOrgKind {
    /// The level of unit this kind attaches to: villages' and communities' own branches attach to a
    /// village or community, every other kind to the sub-district.
    pub fn attaches_to_village_or_community(self) -> bool {
        matches!(self, PartyOrgKind::PartyBranch | PartyOrgKind::GeneralPartyBranch)
    }

    /// Whether a unit of `level` may host an organization of this kind.
    pub fn fits(self, level: OrgLevel) -> bool {
        if self.attaches_to_village_or_community() {
            matches!(level, OrgLevel::Village | OrgLevel::Community)
        } else {
            level == OrgLevel::Subdistrict
        }
    }

    /// The kind's label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            PartyOrgKind::PartyBranch => "党支部",
            PartyOrgKind::GeneralPartyBranch => "党总支",
            PartyOrgKind::OrganBranch => "机关党支部",
            PartyOrgKind::ServiceStaffBranch => "基层服务人员党支部",
            PartyOrgKind::TwoNewCommittee => "两新综合党委",
            PartyOrgKind::SubdistrictPartyCommittee => "街道党工委",
            PartyOrgKind::DisciplineCommittee => "街道纪工委",
        }
    }
}

/// A post in a village's or community's "two committees" (两委) team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TeamPost {
    /// 党组织书记 (often also the committee's director: list both posts).
    PartySecretary,
    /// 党组织副书记.
    DeputySecretary,
    /// 党组织委员.
    PartyCommitteeMember,
    /// 村（居）委会主任.
    CommitteeDirector,
    /// 村（居）委会副主任.
    CommitteeDeputyDirector,
    /// 村（居）委会委员.
    CommitteeMember,
}

/// One person holding one post in the two committees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamMember {
    /// The person's id.
    pub person: String,
    /// The post.
    pub post: TeamPost,
}

/// A party organization attached to an organization unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartyOrganization {
    /// The organization's id (chosen by the host).
    pub id: String,
    /// Its kind.
    pub kind: PartyOrgKind,
    /// Its name, e.g. `东方红村党总支`.
    pub name: String,
    /// The unit it is attached to.
    pub unit: DivisionCode,
    /// The current secretary's person id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secretary: Option<String>,
    /// The two committees team (villages' and communities' branches only).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub two_committees: Vec<TeamMember>,
}
