//! Why a plan cannot be made: how many more members (or how much capacity) are needed and where, and
//! which key-person households have no qualified member.

/// One reason an instance has no plan, for one group (village or community).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// The members of the group cannot take all its households even at their upper bounds.
    TooFewMembers {
        /// The group.
        group: u32,
        /// Households in the group.
        households: u64,
        /// The sum of the members' upper bounds.
        capacity: u64,
        /// Members to add at the policy's `max` to take the rest.
        more_members: u64,
    },
    /// Key-person households of the group have no qualified member to be linked to.
    NoQualifiedMember {
        /// The group.
        group: u32,
        /// The key-person households (indices into the instance).
        households: Vec<u32>,
    },
    /// The qualified members of the group cannot take all its key-person households.
    TooFewQualifiedMembers {
        /// The group.
        group: u32,
        /// Key-person households in the group.
        key_households: u64,
        /// The sum of the qualified members' upper bounds.
        capacity: u64,
        /// Qualified members to add at the policy's `max`.
        more_members: u64,
    },
    /// Every member must be used, but the unqualified members' lower bounds need more households than
    /// there are households without key persons.
    UnqualifiedMembersIdle {
        /// The group.
        group: u32,
        /// Households without key persons in the group.
        households: u64,
        /// The sum of the unqualified members' lower bounds.
        needed: u64,
    },
    /// No number of the group's members can take its households within the bounds (e.g. fewer
    /// households than one member's minimum).
    NoMemberCount {
        /// The group.
        group: u32,
        /// Households in the group.
        households: u64,
        /// The policy's lower bound.
        min: u64,
        /// The policy's upper bound.
        max: u64,
    },
    /// `count` members cannot take the households within their bounds.
    CountOutOfRange {
        /// The requested count.
        count: u64,
        /// Households (all groups).
        households: u64,
        /// The smallest count whose upper bounds could take every household.
        at_least: u64,
        /// The largest count whose lower bounds the households can meet.
        at_most: u64,
    },
}

impl std::fmt::Display for Shortfall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shortfall::TooFewMembers { group, households, capacity, more_members } => write!(
                f,
                "group {group}: {households} households but the members can take only {capacity}: \
                 add {more_members} more member(s)"
            ),
            Shortfall::NoQualifiedMember { group, households } => write!(
                f,
                "group {group}: {} key-person household(s) have no qualified member (households {:?}): \
                 qualify or add a member",
                households.len(),
                households
            ),
            Shortfall::TooFewQualifiedMembers { group, key_households, capacity, more_members } => write!(
                f,
                "group {group}: {key_households} key-person households but the qualified members can take only \
                 {capacity}: add or qualify {more_members} more member(s)"
            ),
            Shortfall::UnqualifiedMembersIdle { group, households, needed } => write!(
                f,
                "group {group}: the unqualified members need at least {needed} households without key persons \
                 but there are {households}: leave some members unused (give `count`) or lower their bounds"
            ),
            Shortfall::NoMemberCount { group, households, min, max } => write!(
                f,
                "group {group}: no number of members can take {households} households with {min} to {max} each: \
                 change the bounds or merge the group with a neighbour"
            ),
            Shortfall::CountOutOfRange { count, households, at_least, at_most } => write!(
                f,
                "{count} members cannot take {households} households within their bounds: use between \
                 {at_least} and {at_most}"
            ),
        }
    }
}

/// The instance has no plan; every reason found is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasible {
    /// The reasons, by group.
    pub reasons: Vec<Shortfall>,
}

impl std::fmt::Display for Infeasible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no plan links every household: ")?;
        for (k, r) in self.reasons.iter().enumerate() {
            if k > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

/// Why [`crate::plan`] made no plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The input has a value the planner cannot work with.
    #[error("{message}")]
    Invalid {
        /// The offending field, as a path into the instance (e.g. `households[3].weight`).
        field: String,
        /// What is wrong and what to fix.
        message: String,
    },
    /// The input is valid but no plan exists.
    #[error("{0}")]
    Infeasible(Infeasible),
}

impl PlanError {
    /// A [`PlanError::Invalid`] naming `field`.
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        PlanError::Invalid { field: field.into(), message: message.into() }
    }
}
