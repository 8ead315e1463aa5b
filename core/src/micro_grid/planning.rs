//! Proposing a link plan from the campaign's state: households and available members of the planned
//! villages and communities become a [`crate::planner::Instance`], and the plan comes back with ids,
//! metres and reasons. Re-planning passes today's links as the planner's current links, so minimal
//! churn keeps every link it can.

use super::MicroGridState;
use super::checks::{has_key_persons, plan_units, weight_of};
use crate::engine::access::Actor;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::people::{Household, Location};
use crate::planner::{self, PlanError, Shortfall};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The planner's errors as the core's: an invalid value is `INVALID_FIELD` naming the field,
/// infeasibility is `RULE_VIOLATED` with every reason in the message.
impl From<PlanError> for Error {
    fn from(e: PlanError) -> Error {
        match e {
            PlanError::Invalid { field, message } => Error::invalid_field(&field, message),
            PlanError::Infeasible(e) => Error::rule("microGrid.planFeasible", e.to_string()),
        }
    }
}

/// Hash maps with a fixed seed: the core reads no randomness, not even for hashing.
type HashMap<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;

/// The mean radius of the Earth in metres (IUGG), for the local projection.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A proposed link plan (query `proposeLinkPlan`); adopt it with `adoptLinkPlan` and the same `unit`,
/// passing `basedOnSeq` as the envelope's `expectedSeq` so that it is refused if anything changed since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkPlanProposal {
    /// The villages and communities planned.
    pub units: Vec<DivisionCode>,
    /// The seq of the state the plan was made from.
    pub based_on_seq: u64,
    /// The links, in household registration order (empty when `shortfalls` is not).
    pub links: Vec<PlannedLink>,
    /// Available members left without households.
    pub unused_members: Vec<String>,
    /// Members left out because their household has no location.
    pub members_without_location: Vec<String>,
    /// The plan's totals (absent when there is no plan).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub totals: Option<PlannedTotals>,
    /// Whether the plan is proven optimal (every member used: the exact mode; or a chosen set whose
    /// plan meets its lower bound).
    pub optimal: bool,
    /// A lower bound of the total distance, in metres, when the plan is not proven optimal (or equal to
    /// it when it is and nothing but distance counts).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lower_bound_m: Option<f64>,
    /// How far the plan may be above the best one, in percent: `(total − lowerBound) / lowerBound ×
    /// 100`, 0 when proven optimal (absent without a plan or a bound).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gap_percent: Option<f64>,
    /// Why no plan links every household: what to add and where. Empty when there is a plan.
    pub shortfalls: Vec<ShortfallView>,
}

/// One proposed link and why it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlannedLink {
    /// The household.
    pub household: String,
    /// The member.
    pub member: String,
    /// Their distance in metres.
    pub distance_m: f64,
    /// Whether the member is the nearest eligible one ("nearby").
    pub nearest: bool,
    /// How much farther than the nearest eligible member, in metres (what the bounds or churn cost).
    pub extra_m: f64,
    /// Whether the member serves the household's whole building or spot ("convenient").
    pub same_place: bool,
    /// Whether the member knows the household: it is their own, they visited it, or it is kept
    /// ("familiar").
    pub familiar: bool,
    /// Whether the link is today's link, kept.
    pub kept: bool,
}

/// A proposed plan's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlannedTotals {
    /// Total household–member distance, metres.
    pub distance_m: f64,
    /// The longest link, metres.
    pub max_distance_m: f64,
    /// Links to the nearest eligible member.
    pub nearest: u64,
    /// Buildings whose households are split across members (of those with several households).
    pub buildings_split: u64,
    /// Buildings with several households.
    pub buildings_shared: u64,
    /// Links to a member who knows the household.
    pub familiar: u64,
    /// Today's links kept.
    pub kept: u64,
    /// Households linked today that get another member.
    pub moved: u64,
    /// Households without a link today that get one.
    pub linked_anew: u64,
    /// Members used.
    pub members_used: u64,
}

/// Why no plan can link every household, in a village or community (`unit`, absent when links may
/// cross units and the whole sub-district is one problem).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ShortfallView {
    /// More households (in weight) than the members can take.
    TooFewMembers {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<DivisionCode>,
        /// Households (in weight).
        households: u64,
        /// What the members can take.
        capacity: u64,
        /// How many more members (at the policy's upper bound) are needed.
        more_members: u64,
    },
    /// Key-person households with no qualified member at all. Members start unqualified (their
    /// `qualifiedForKeyPersons` is false until `setMemberLinkage` sets it), so this is what a unit with
    /// key-person households answers until its cadre marks some members qualified.
    NoQualifiedMember {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<DivisionCode>,
        /// How many households.
        count: u64,
        /// The households, for actors who may see key-person data; withheld otherwise.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        households: Option<Vec<String>>,
        /// The unit's available members (with a location) qualified for key persons: 0 here.
        qualified_members: u64,
        /// What to do: mark members qualified with `setMemberLinkage {qualifiedForKeyPersons: true}`.
        fix: String,
    },
    /// More key-person households than the qualified members can take.
    TooFewQualifiedMembers {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<DivisionCode>,
        /// Key-person households.
        key_households: u64,
        /// What the qualified members can take.
        capacity: u64,
        /// How many more qualified members are needed.
        more_members: u64,
        /// The unit's available members (with a location) qualified for key persons.
        qualified_members: u64,
        /// What to do: mark more members qualified with `setMemberLinkage {qualifiedForKeyPersons: true}`.
        fix: String,
    },
    /// The unqualified members' lower bounds need more households without key persons than there are.
    UnqualifiedMembersIdle {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<DivisionCode>,
        /// Households without key persons.
        households: u64,
        /// What the unqualified members' lower bounds need.
        needed: u64,
    },
    /// No number of members can take the households within the bounds.
    NoMemberCount {
        /// Where.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<DivisionCode>,
        /// Households.
        households: u64,
        /// The lower bound.
        min: u64,
        /// The upper bound.
        max: u64,
    },
    /// The requested number of members cannot take the households.
    CountOutOfRange {
        /// The count asked for.
        count: u64,
        /// Households.
        households: u64,
        /// The fewest members that can.
        at_least: u64,
        /// The most members that can.
        at_most: u64,
    },
    /// Households without a location: the planner cannot tell what is nearby.
    HouseholdsWithoutLocation {
        /// Where.
        unit: DivisionCode,
        /// How many.
        count: u64,
        /// The first few (at most 20).
        households: Vec<String>,
    },
}

/// Proposes a plan for `unit` (or every unit in the actor's scope), using exactly `count` members
/// when given.
pub(crate) fn propose<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    seq: u64,
    unit: Option<&str>,
    count: Option<u32>,
    seed: Option<u64>,
) -> Result<super::LinkPlanProposalResult> {
    let units = plan_units(state, actor, unit, "query.unit")?;
    let group_of: BTreeMap<DivisionCode, u32> = units.iter().enumerate().map(|(k, u)| (*u, k as u32)).collect();
    let micro = state.micro_grids();
    let households: Vec<&Household> =
        state.people().households.iter().filter(|h| group_of.contains_key(&h.unit)).collect();
    let mut proposal = LinkPlanProposal {
        units: units.clone(),
        based_on_seq: seq,
        links: Vec::new(),
        unused_members: Vec::new(),
        members_without_location: Vec::new(),
        totals: None,
        optimal: false,
        lower_bound_m: None,
        gap_percent: None,
        shortfalls: Vec::new(),
    };
    for u in &units {
        let without: Vec<String> =
            households.iter().filter(|h| h.unit == *u && h.location.is_none()).map(|h| h.id.clone()).collect();
        if !without.is_empty() {
            proposal.shortfalls.push(ShortfallView::HouseholdsWithoutLocation {
                unit: *u,
                count: without.len() as u64,
                households: without.into_iter().take(20).collect(),
            });
        }
    }
    if !proposal.shortfalls.is_empty() {
        return Ok(super::LinkPlanProposalResult { proposal });
    }
    if households.is_empty() {
        return Err(Error::rule("microGrid.planHasHouseholds", "there are no households to link in these units")
            .at_field("query.unit"));
    }

    // Members: available party members living in a planned unit, in registration order.
    let mut members = Vec::new();
    for p in state.people().persons.iter().filter(|p| p.political_status.is_party_member()) {
        let home = state.people().person_unit(p);
        if !group_of.contains_key(&home) || !micro.linkage(&p.id).available {
            continue;
        }
        match p.household.as_deref().and_then(|h| state.people().households.get(h)).and_then(|h| h.location) {
            Some(at) => members.push((p, home, at)),
            None => proposal.members_without_location.push(p.id.clone()),
        }
    }

    // A local equirectangular projection around the households' mean latitude and longitude: within a
    // sub-district (a few kilometres) its error is far below a household's own extent.
    let n = households.len() as f64;
    let lat0 = households.iter().filter_map(|h| h.location).map(|l| l.lat).sum::<f64>() / n;
    let lng0 = households.iter().filter_map(|h| h.location).map(|l| l.lng).sum::<f64>() / n;
    let kx = EARTH_RADIUS_M * lat0.to_radians().cos() * std::f64::consts::PI / 180.0;
    let ky = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    let xy = |l: Location| ((l.lng - lng0) * kx, (l.lat - lat0) * ky);

    let stay = micro.policy.stay_in_unit;
    let group = |u: DivisionCode| if stay { group_of[&u] } else { 0 };
    let member_index: HashMap<&str, u32> =
        members.iter().enumerate().map(|(j, (p, _, _))| (p.id.as_str(), j as u32)).collect();
    let household_index: HashMap<&str, u32> =
        households.iter().enumerate().map(|(i, h)| (h.id.as_str(), i as u32)).collect();
    let mut buildings: HashMap<(DivisionCode, &str), u64> = HashMap::default();
    let mut inst = planner::Instance {
        households: Vec::with_capacity(households.len()),
        members: Vec::with_capacity(members.len()),
        policy: planner::Policy {
            min: micro.policy.min,
            max: micro.policy.max,
            stay_in_group: true,
            count,
            seed: seed.unwrap_or(0),
            ..planner::Policy::default()
        },
    };
    for h in &households {
        let (x, y) = xy(h.location.unwrap_or(Location { lat: lat0, lng: lng0 }));
        let next = buildings.len() as u64;
        let building = h.building.as_deref().map(|b| *buildings.entry((h.unit, b)).or_insert(next));
        inst.households.push(planner::Household {
            x,
            y,
            building,
            weight: weight_of(state, h),
            key_person: has_key_persons(state, h),
            group: group(h.unit),
            current: micro.links.get(&h.id).and_then(|m| member_index.get(m.as_str()).copied()),
        });
    }
    // Familiar: a member knows their own household and the households they visited in the survey.
    let mut knows: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); members.len()];
    for (j, (p, _, _)) in members.iter().enumerate() {
        if let Some(i) = p.household.as_deref().and_then(|h| household_index.get(h)) {
            knows[j].insert(*i);
        }
    }
    for v in state.survey().visits.iter() {
        if let Some(&i) = household_index.get(v.household.as_str()) {
            for who in &v.visitors {
                if let Some(&j) = member_index.get(who.person.as_str()) {
                    knows[j as usize].insert(i);
                }
            }
        }
    }
    for ((p, home, at), knows) in members.iter().zip(knows) {
        let linkage = micro.linkage(&p.id);
        // Each member's effective bounds (their own within the policy's cap, see `MicroGrids::bounds`).
        let (min, max) = micro.bounds(&p.id);
        let (x, y) = xy(*at);
        inst.members.push(planner::Member {
            x,
            y,
            min: Some(min),
            max: Some(max),
            qualified: linkage.qualified_for_key_persons,
            group: group(*home),
            knows: knows.into_iter().collect(),
        });
    }

    let plan = match planner::plan(&inst) {
        Ok(plan) => plan,
        Err(e @ PlanError::Invalid { .. }) => return Err(e.into()),
        Err(PlanError::Infeasible(why)) => {
            let unit_of = |g: u32| if stay { units.get(g as usize).copied() } else { None };
            // Qualified members per group: a count, not who they are (which is sensitive in effect).
            let mut qualified = vec![0u64; if stay { units.len() } else { 1 }];
            for m in inst.members.iter().filter(|m| m.qualified) {
                qualified[m.group as usize] += 1;
            }
            let qualified_in = |g: u32| qualified.get(g as usize).copied().unwrap_or(0);
            for r in why.reasons {
                proposal.shortfalls.push(shortfall_view(actor, &households, r, unit_of, qualified_in));
            }
            return Ok(super::LinkPlanProposalResult { proposal });
        }
    };
    let m = |cm: i64| cm as f64 / 100.0;
    let mut moved = 0;
    let mut linked_anew = 0;
    for l in &plan.links {
        let h = households[l.household as usize];
        let member = &members[l.member as usize].0.id;
        match micro.links.get(&h.id) {
            Some(old) if old == member => {}
            Some(_) => moved += 1,
            None => linked_anew += 1,
        }
        proposal.links.push(PlannedLink {
            household: h.id.clone(),
            member: member.clone(),
            distance_m: m(l.distance_cm),
            nearest: l.reason.nearest,
            extra_m: m(l.reason.extra_cm),
            same_place: l.reason.same_place,
            familiar: l.reason.familiar || l.reason.kept,
            kept: l.reason.kept,
        });
    }
    proposal.unused_members = plan.unused_members.iter().map(|&j| members[j as usize].0.id.clone()).collect();
    let t = &plan.totals;
    proposal.totals = Some(PlannedTotals {
        distance_m: m(t.distance_cm),
        max_distance_m: m(t.max_distance_cm),
        nearest: t.nearest,
        buildings_split: t.buildings_split,
        buildings_shared: t.buildings_shared,
        familiar: t.familiar,
        kept: t.kept,
        moved,
        linked_anew,
        members_used: t.members_used,
    });
    proposal.optimal = plan.optimal;
    proposal.lower_bound_m = plan.lower_bound_cm.map(m);
    // Rounded to a thousandth of a percent, so the same plan prints the same on every platform.
    proposal.gap_percent = plan.gap().filter(|g| g.is_finite()).map(|g| (g * 100_000.0).round() / 1000.0);
    Ok(super::LinkPlanProposalResult { proposal })
}

/// What a `noQualifiedMember` shortfall asks for.
const QUALIFY_FIX: &str = "mark members qualified for key persons with `setMemberLinkage` \
    `{qualifiedForKeyPersons: true}` (members start unqualified)";

fn shortfall_view(
    actor: &Actor,
    households: &[&Household],
    r: Shortfall,
    unit_of: impl Fn(u32) -> Option<DivisionCode>,
    qualified_in: impl Fn(u32) -> u64,
) -> ShortfallView {
    match r {
        Shortfall::TooFewMembers { group, households, capacity, more_members } => {
            ShortfallView::TooFewMembers { unit: unit_of(group), households, capacity, more_members }
        }
        Shortfall::NoQualifiedMember { group, households: keys } => {
            let unit = unit_of(group);
            // Which households have key persons is sensitive: named only to actors who may see it.
            let sees = keys.iter().all(|&i| actor.sees_sensitive_in(households[i as usize].unit));
            ShortfallView::NoQualifiedMember {
                unit,
                count: keys.len() as u64,
                households: sees.then(|| keys.iter().map(|&i| households[i as usize].id.clone()).collect()),
                qualified_members: qualified_in(group),
                fix: QUALIFY_FIX.to_string(),
            }
        }
        Shortfall::TooFewQualifiedMembers { group, key_households, capacity, more_members } => {
            ShortfallView::TooFewQualifiedMembers {
                unit: unit_of(group),
                key_households,
                capacity,
                more_members,
                qualified_members: qualified_in(group),
                fix: format!(
                    "mark {more_members} more member(s) qualified for key persons with `setMemberLinkage` \
                     `{{qualifiedForKeyPersons: true}}` (members start unqualified)"
                ),
            }
        }
        Shortfall::UnqualifiedMembersIdle { group, households, needed } => {
            ShortfallView::UnqualifiedMembersIdle { unit: unit_of(group), households, needed }
        }
        Shortfall::NoMemberCount { group, households, min, max } => {
            ShortfallView::NoMemberCount { unit: unit_of(group), households, min, max }
        }
        Shortfall::CountOutOfRange { count, households, at_least, at_most } => {
            ShortfallView::CountOutOfRange { count, households, at_least, at_most }
        }
    }
}
