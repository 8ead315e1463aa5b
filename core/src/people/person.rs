//! Persons: residents, party members and the helpers of the survey, with their sensitive data.

use crate::engine::division_code::DivisionCode;
use crate::engine::flag_set::{Flag, FlagSet};
use crate::people::MobileNumber;
use crate::people::ResidentIdNumber;
use serde::{Deserialize, Serialize};

/// Political status (政治面貌).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PoliticalStatus {
    /// 中共党员: a full party member.
    PartyMember,
    /// 中共预备党员: a probationary party member.
    ProbationaryMember,
    /// 共青团员: a Communist Youth League member.
    LeagueMember,
    /// 民主党派: a member of a democratic party.
    DemocraticParty,
    /// 群众: the masses (no affiliation).
    Masses,
}

impl PoliticalStatus {
    /// Whether the person is a party member (full or probationary) and so belongs to an organization.
    pub fn is_party_member(self) -> bool {
        matches!(self, PoliticalStatus::PartyMember | PoliticalStatus::ProbationaryMember)
    }
}

/// The helper roles a person takes in the survey and in the micro-grids (glossary §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum HelperRole {
    /// 街道干部.
    SubdistrictCadre,
    /// 网格员.
    GridWorker,
    /// 楼栋长.
    BuildingHead,
    /// 志愿者.
    Volunteer,
    /// 党员骨干.
    CoreMember,
    /// "五老": retired cadres, veterans, teachers, model workers, elders.
    FiveElders,
}

impl Flag for HelperRole {
    const ALL: &'static [Self] = &[
        HelperRole::SubdistrictCadre,
        HelperRole::GridWorker,
        HelperRole::BuildingHead,
        HelperRole::Volunteer,
        HelperRole::CoreMember,
        HelperRole::FiveElders,
    ];
    fn index(self) -> u8 {
        self as u8
    }
}

/// Key-person tags (重点人员, glossary §3). Sensitive: shown only to roles allowed to see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum KeyPersonTag {
    /// 无业闲散人员.
    UnemployedIdle,
    /// 长期未归人员.
    LongTermAbsent,
    /// 农民留守人员.
    LeftBehind,
    /// 有违法前科.
    PriorOffence,
    /// 吸毒.
    DrugInvolved,
    /// 失学辍学青少年.
    OutOfSchoolYouth,
}

impl Flag for KeyPersonTag {
    const ALL: &'static [Self] = &[
        KeyPersonTag::UnemployedIdle,
        KeyPersonTag::LongTermAbsent,
        KeyPersonTag::LeftBehind,
        KeyPersonTag::PriorOffence,
        KeyPersonTag::DrugInvolved,
        KeyPersonTag::OutOfSchoolYouth,
    ];
    fn index(self) -> u8 {
        self as u8
    }
}

impl KeyPersonTag {
    /// The tag's label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            KeyPersonTag::UnemployedIdle => "无业闲散人员",
            KeyPersonTag::LongTermAbsent => "长期未归人员",
            KeyPersonTag::LeftBehind => "农民留守人员",
            KeyPersonTag::PriorOffence => "有违法前科",
            KeyPersonTag::DrugInvolved => "吸毒",
            KeyPersonTag::OutOfSchoolYouth => "失学辍学青少年",
        }
    }
}

/// A person known to the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// The person's id (chosen by the host).
    pub id: String,
    /// The person's name.
    pub name: String,
    /// The unit the person belongs to (a village or community, or the sub-district for its cadres).
    pub unit: DivisionCode,
    /// Resident ID number (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id_number: Option<ResidentIdNumber>,
    /// Mobile number (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mobile: Option<MobileNumber>,
    /// Political status.
    pub political_status: PoliticalStatus,
    /// The party organization of a party member.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub party_organization: Option<String>,
    /// Helper roles.
    #[serde(skip_serializing_if = "FlagSet::is_empty", default)]
    pub helper_roles: FlagSet<HelperRole>,
    /// Key-person tags (sensitive).
    #[serde(skip_serializing_if = "FlagSet::is_empty", default)]
    pub key_person_tags: FlagSet<KeyPersonTag>,
    /// The household the person lives in, if registered as a resident.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub household: Option<String>,
}
