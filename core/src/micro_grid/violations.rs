//! The invariants of an adopted plan, and the query that lists every violation of them: households
//! come and go, members leave or lose their qualification, and the plan must then be repaired.

use super::MicroGridState;
use super::checks::{has_key_persons, member_fits_unit, weight_of};
use crate::engine::access::Actor;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::people::unit_filter;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One violation of an adopted plan's invariants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum LinkageViolation {
    /// A household of a planned unit has no member (it moved in, or was registered, after the plan).
    Unlinked {
        /// The household.
        household: String,
        /// Its village or community.
        unit: DivisionCode,
    },
    /// A household is linked to a member who is no longer available (moved away, stepped down, or no
    /// longer a party member).
    MemberUnavailable {
        /// The household.
        household: String,
        /// The member.
        member: String,
    },
    /// A household is linked to a member of another village or community, and links stay inside.
    OutsideUnit {
        /// The household.
        household: String,
        /// The member.
        member: String,
    },
    /// A key-person household is linked to a member not qualified for key persons.
    KeyPersonUnqualified {
        /// The household.
        household: String,
        /// The member.
        member: String,
    },
    /// A member's households (in weight) exceed their upper bound.
    OverMax {
        /// The member.
        member: String,
        /// Their load.
        load: u64,
        /// Their upper bound.
        max: u32,
    },
    /// A member has households but fewer (in weight) than their lower bound.
    UnderMin {
        /// The member.
        member: String,
        /// Their load.
        load: u64,
        /// Their lower bound.
        min: u32,
    },
}

/// Every violation in the planned units inside the actor's scope (or in `unit`), households in
/// registration order, then members by id. Key-person violations are counted but withheld from actors
/// who may not see key-person data.
pub(crate) fn violations<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
) -> Result<super::LinkageViolationsResult> {
    let only = unit_filter(actor, unit)?;
    let micro = state.micro_grids();
    let wanted = |u: DivisionCode| actor.scope.contains(u) && only.is_none_or(|o| o == u) && micro.planned.contains(&u);
    let mut out = Vec::new();
    let mut withheld = 0u32;
    let mut load: BTreeMap<&str, u64> = BTreeMap::new();
    for h in state.people().households.iter().filter(|h| wanted(h.unit)) {
        let Some(m) = micro.links.get(&h.id) else {
            out.push(LinkageViolation::Unlinked { household: h.id.clone(), unit: h.unit });
            continue;
        };
        *load.entry(m.as_str()).or_default() += u64::from(weight_of(state, h));
        let member = state.people().persons.get(m).filter(|p| p.political_status.is_party_member());
        let Some(member) = member.filter(|_| micro.linkage(m).available) else {
            out.push(LinkageViolation::MemberUnavailable { household: h.id.clone(), member: m.clone() });
            continue;
        };
        if !member_fits_unit(state, member, h.unit) {
            out.push(LinkageViolation::OutsideUnit { household: h.id.clone(), member: m.clone() });
        }
        if !micro.linkage(m).qualified_for_key_persons && has_key_persons(state, h) {
            if actor.sees_sensitive_in(h.unit) {
                out.push(LinkageViolation::KeyPersonUnqualified { household: h.id.clone(), member: m.clone() });
            } else {
                withheld += 1;
            }
        }
    }
    for (m, l) in load {
        let (min, max) = micro.bounds(m);
        if l > u64::from(max) {
            out.push(LinkageViolation::OverMax { member: m.to_string(), load: l, max });
        } else if l < u64::from(min) {
            out.push(LinkageViolation::UnderMin { member: m.to_string(), load: l, min });
        }
    }
    Ok(super::LinkageViolationsResult { violations: out, withheld, next_start: None })
}
