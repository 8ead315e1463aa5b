//! Organization units: the city, district and sub-district of the campaign and the sub-district's
//! villages and communities, each keyed by its 12-digit division code.

use crate::engine::division_code::{DivisionCode, OrgLevel};
use serde::{Deserialize, Serialize};

/// One organization unit (市 / 区 / 街道 / 村 / 社区).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnit {
    /// The division code (the unit's id).
    pub code: DivisionCode,
    /// The tier: its digits agree with it.
    pub level: OrgLevel,
    /// The unit's name.
    pub name: String,
    /// The unit directly above, `None` for the city.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<DivisionCode>,
}
