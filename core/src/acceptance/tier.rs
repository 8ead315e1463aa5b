//! The four tiers (村（社区）自评，街考评、区评估、市核查), each judged by its own level: the role that holds
//! its permission, scoped to a unit of its level that holds the organization.

use crate::engine::access::{Actor, Permission};
use crate::engine::division_code::OrgLevel;
use crate::engine::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A tier of the acceptance, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Tier {
    /// 村（社区）自评: the village's or community's self-evaluation.
    SelfEvaluation,
    /// 街考评: the sub-district's assessment.
    SubdistrictAssessment,
    /// 区评估: the district's evaluation.
    DistrictEvaluation,
    /// 市核查: the city's verification.
    CityVerification,
}

impl Tier {
    /// Every tier, in order.
    pub const ALL: [Tier; 4] =
        [Tier::SelfEvaluation, Tier::SubdistrictAssessment, Tier::DistrictEvaluation, Tier::CityVerification];

    /// Its position, from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The wire name, e.g. `districtEvaluation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::SelfEvaluation => "selfEvaluation",
            Tier::SubdistrictAssessment => "subdistrictAssessment",
            Tier::DistrictEvaluation => "districtEvaluation",
            Tier::CityVerification => "cityVerification",
        }
    }

    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Tier::SelfEvaluation => "村（社区）自评",
            Tier::SubdistrictAssessment => "街道考评",
            Tier::DistrictEvaluation => "区评估",
            Tier::CityVerification => "市核查",
        }
    }

    /// The permission that judges it.
    pub fn permission(self) -> Permission {
        match self {
            Tier::SelfEvaluation => Permission::SelfEvaluate,
            Tier::SubdistrictAssessment => Permission::AssessAcceptance,
            Tier::DistrictEvaluation => Permission::EvaluateAcceptance,
            Tier::CityVerification => Permission::VerifyAcceptance,
        }
    }

    /// The tier above, which may send this one back.
    pub fn above(self) -> Option<Tier> {
        Tier::ALL.get(self.index() + 1).copied()
    }

    /// Whether a scope of `level` is this tier's level.
    fn fits(self, level: Option<OrgLevel>) -> bool {
        match self {
            Tier::SelfEvaluation => level.is_some_and(OrgLevel::is_village_or_community),
            Tier::SubdistrictAssessment => level == Some(OrgLevel::Subdistrict),
            Tier::DistrictEvaluation => level == Some(OrgLevel::District),
            Tier::CityVerification => level == Some(OrgLevel::City),
        }
    }

    /// Refuses unless `actor`'s scope is a unit of this tier's level (`acceptance.judgedAtItsLevel`,
    /// `PERMISSION_DENIED`): a district evaluator scoped to a sub-district does not evaluate for the
    /// district. (The role is checked by the permission; the scope's holding the organization by the
    /// command.)
    pub fn require_level(self, actor: &Actor) -> Result<()> {
        if self.fits(actor.scope.level()) {
            return Ok(());
        }
        Err(Error::denied(
            "acceptance.judgedAtItsLevel",
            format!(
                "the {} ({}) is recorded by an actor scoped to a unit of its level; actor `{}` is scoped to {}",
                self.as_str(),
                self.label_zh(),
                actor.id,
                actor.scope
            ),
        )
        .at_field("actor.scope"))
    }
}
