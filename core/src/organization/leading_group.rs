//! The campaign's leading group (领导小组) and its office.

use serde::{Deserialize, Serialize};

/// The leading group: leader, first deputy, deputies (one of them executive), member units, and the
/// director of its office. Every person is a person id; every member unit a party organization id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeadingGroup {
    /// 组长.
    pub leader: String,
    /// 第一副组长.
    pub first_deputy: String,
    /// 副组长, in the plan's order.
    pub deputies: Vec<String>,
    /// 常务副组长: one of `deputies`.
    pub executive_deputy: String,
    /// 成员单位: party organization ids.
    pub member_units: Vec<String>,
    /// 办公室主任: the director of the leading group's office.
    pub office_director: String,
}
