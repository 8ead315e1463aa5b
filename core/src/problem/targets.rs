//! Dispatch targets (任务分办): the departments the plan names, sub-district offices, village
//! committees and special work groups (专项工作组).

use crate::engine::division_code::DivisionCode;
use serde::{Deserialize, Serialize};

/// What kind of body a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TargetKind {
    /// A city or district department (统战、政法、民宗、公安、信访, …).
    Department,
    /// An office of the sub-district.
    SubdistrictOffice,
    /// A village or community committee.
    VillageCommittee,
    /// A special work group (专项工作组) with a leader and members.
    WorkGroup,
}

/// The level of government a target or a supervisor works at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Level {
    /// A village or community.
    Village,
    /// The sub-district (街道).
    Subdistrict,
    /// The district (区).
    District,
    /// The city (市).
    City,
}

impl Level {
    /// The level an overdue problem is reported to (the city reports to itself).
    pub fn above(self) -> Level {
        match self {
            Level::Village => Level::Subdistrict,
            Level::Subdistrict => Level::District,
            Level::District | Level::City => Level::City,
        }
    }

    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Village => "村（社区）",
            Level::Subdistrict => "街道",
            Level::District => "区",
            Level::City => "市",
        }
    }
}

/// A body problems are dispatched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DispatchTarget {
    /// Its id.
    pub id: String,
    /// What kind of body.
    pub kind: TargetKind,
    /// Its name, e.g. `区公安分局` or `禁毒专项工作组`.
    pub name: String,
    /// The level it works at.
    pub level: Level,
    /// The unit it belongs to (the city, district, sub-district, village or community): problems
    /// outside it are not dispatched to it.
    pub unit: DivisionCode,
    /// The host's ids of the users who act for it: they accept, return and report its problems.
    pub handlers: Vec<String>,
    /// A work group's leader (the host's user id; also acts for it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub leader: Option<String>,
    /// A work group's members, by name or post.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub members: Vec<String>,
    /// A work group's villages and communities; empty: the whole unit.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub units: Vec<DivisionCode>,
}

impl DispatchTarget {
    /// Whether the user `actor` acts for this target.
    pub fn acts_for(&self, actor: &str) -> bool {
        self.leader.as_deref() == Some(actor) || self.handlers.iter().any(|h| h == actor)
    }

    /// Whether problems of `unit` may be dispatched to it.
    pub fn covers(&self, unit: DivisionCode) -> bool {
        self.unit.contains(unit) && (self.units.is_empty() || self.units.contains(&unit))
    }
}
