//! The planner's input: households, members and the linkage policy, as plain structs.
//!
//! Households and members are referred to by their index in [`Instance::households`] and
//! [`Instance::members`]; mapping the caller's ids to indices is the caller's business.

use crate::PlanError;

/// A household to be linked to exactly one member.
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    /// Easting in metres.
    pub x: f64,
    /// Northing in metres.
    pub y: f64,
    /// The building or compound, when known (households of one building are kept with one member where
    /// the bounds allow).
    pub building: Option<u64>,
    /// The workload of this household (default 1): members' bounds count weight. With weights other
    /// than 1 the plan is a heuristic with a lower bound (households are not split).
    pub weight: u32,
    /// Whether the household has key persons: it may then be linked only to a qualified member.
    pub key_person: bool,
    /// The village or community (links stay inside it when [`Policy::stay_in_group`] is set).
    pub group: u32,
    /// The member it is linked to today, when re-planning (index into [`Instance::members`]).
    pub current: Option<u32>,
}

impl Household {
    /// A household of weight 1 at `(x, y)`, in group 0, with no building, no key person and no
    /// current link.
    pub fn at(x: f64, y: f64) -> Household {
        Household { x, y, building: None, weight: 1, key_person: false, group: 0, current: None }
    }
}

/// A party member who may be linked to households.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Easting in metres.
    pub x: f64,
    /// Northing in metres.
    pub y: f64,
    /// This member's own lower bound (overrides [`Policy::min`]).
    pub min: Option<u32>,
    /// This member's own upper bound (overrides [`Policy::max`]).
    pub max: Option<u32>,
    /// Whether the member is qualified to be paired with key persons.
    pub qualified: bool,
    /// The village or community of the member.
    pub group: u32,
    /// The households this member already knows (indices into [`Instance::households`]).
    pub knows: Vec<u32>,
}

impl Member {
    /// A member at `(x, y)`, in group 0, not qualified, with the policy's bounds and no acquaintance.
    pub fn at(x: f64, y: f64) -> Member {
        Member { x, y, min: None, max: None, qualified: false, group: 0, knows: Vec::new() }
    }
}

/// How re-planning weighs keeping today's links against distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Churn {
    /// Move as few households as possible; among plans that move that few, the shortest total
    /// distance (lexicographic).
    #[default]
    Minimal,
    /// Moving a household costs as much as this many centimetres of distance.
    CostCm(i64),
}

/// The linkage policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Default lower bound of households per member (10 in the plan).
    pub min: u32,
    /// Default upper bound of households per member (15 in the plan).
    pub max: u32,
    /// Whether links stay inside a village or community ([`Household::group`], [`Member::group`]).
    pub stay_in_group: bool,
    /// When given, exactly this many members are used (the member-choosing mode).
    pub count: Option<u32>,
    /// A member who knows a household counts it as this many centimetres nearer (0: familiarity only
    /// breaks ties).
    pub familiar_discount_cm: i64,
    /// How re-planning weighs current links.
    pub churn: Churn,
    /// Candidate members per household in the first sparse graph (pricing adds what is missing).
    pub candidates: usize,
    /// Seed of the member-choosing heuristic (the exact mode does not use it).
    pub seed: u64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            min: 10,
            max: 15,
            stay_in_group: true,
            count: None,
            familiar_discount_cm: 0,
            churn: Churn::Minimal,
            candidates: 16,
            seed: 0,
        }
    }
}

/// A planning problem.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Instance {
    /// The households to link.
    pub households: Vec<Household>,
    /// The members who may be linked.
    pub members: Vec<Member>,
    /// The policy.
    pub policy: Policy,
}

impl Instance {
    /// The lower bound of member `j`.
    pub fn min_of(&self, j: usize) -> u32 {
        self.members[j].min.unwrap_or(self.policy.min)
    }

    /// The upper bound of member `j`.
    pub fn max_of(&self, j: usize) -> u32 {
        self.members[j].max.unwrap_or(self.policy.max)
    }

    /// The group household `i` plans in (0 for all when links may cross groups).
    pub(crate) fn household_group(&self, i: usize) -> u32 {
        if self.policy.stay_in_group { self.households[i].group } else { 0 }
    }

    /// The group member `j` plans in.
    pub(crate) fn member_group(&self, j: usize) -> u32 {
        if self.policy.stay_in_group { self.members[j].group } else { 0 }
    }

    /// Checks the input for values the planner cannot work with.
    ///
    /// # Errors
    /// A [`PlanError::Invalid`] naming the first offending field.
    pub fn validate(&self) -> Result<(), PlanError> {
        let p = &self.policy;
        if p.min > p.max {
            return Err(PlanError::invalid("min", format!("min {} is above max {}", p.min, p.max)));
        }
        for (i, h) in self.households.iter().enumerate() {
            if !h.x.is_finite() || !h.y.is_finite() {
                return Err(PlanError::invalid(format!("households[{i}]"), "coordinates must be finite numbers"));
            }
            if h.weight == 0 {
                return Err(PlanError::invalid(format!("households[{i}].weight"), "must be at least 1"));
            }
            if let Some(c) = h.current
                && c as usize >= self.members.len()
            {
                return Err(PlanError::invalid(format!("households[{i}].current"), "no such member"));
            }
        }
        for (j, m) in self.members.iter().enumerate() {
            if !m.x.is_finite() || !m.y.is_finite() {
                return Err(PlanError::invalid(format!("members[{j}]"), "coordinates must be finite numbers"));
            }
            if self.min_of(j) > self.max_of(j) {
                return Err(PlanError::invalid(format!("members[{j}].min"), "min is above max"));
            }
            if let Some(&k) = m.knows.iter().find(|&&k| k as usize >= self.households.len()) {
                return Err(PlanError::invalid(format!("members[{j}].knows"), format!("no household {k}")));
            }
        }
        if p.familiar_discount_cm < 0 {
            return Err(PlanError::invalid("familiarDiscountCm", "must not be negative"));
        }
        if let Churn::CostCm(c) = p.churn
            && c < 0
        {
            return Err(PlanError::invalid("churn", "must not be negative"));
        }
        Ok(())
    }
}
