//! The micro-grid planner (微网格 + 党员联户): links every household to one party member, nearby,
//! convenient and familiar (就近、就便、就熟), within each member's bounds, key-person households only
//! to qualified members.
//!
//! The planner is a pure function of an [`Instance`]: no I/O, no clock, no randomness beyond
//! [`Policy::seed`]; the same instance gives the same plan on every run and platform.
//!
//! # Modes
//! - **Exact** (every member used: in each group the household count lies between the sum of the
//!   members' lower bounds and the sum of their upper bounds, and no `count`): a transportation
//!   problem with lower bounds, solved to proven optimality on the complete household–member graph
//!   ([`Plan::optimal`]). See the `flow` module's documentation for the algorithm.
//! - **Member-choosing** (more members than needed, or [`Policy::count`]): a deterministic heuristic
//!   (construction, then local search with open, close and swap moves re-solved exactly) with a
//!   Lagrangian lower bound ([`Plan::lower_bound_cm`], raised by the volume algorithm) so the gap is
//!   known ([`Plan::gap`]); [`Plan::optimal`] when the plan meets its bound.
//!
//! # Bounds
//! [`Policy::min`] and [`Policy::max`] are defaults: a member's own [`Member::min`] / [`Member::max`]
//! replace them (not clipped by them), and every count the planner makes (members needed, members a
//! `count` may use, members to add) is made from each member's own bounds. A host that wants the
//! policy to cap members' own bounds clips them before building the instance (the campaign does: a
//! member's `max` never above the linkage policy's).
//! - **Infeasible**: [`PlanError::Infeasible`] lists, per group, how many members are missing and
//!   which key-person households have no qualified member.
//!
//! # The objective (exact mode), lexicographic
//! 1. When re-planning ([`Household::current`]) with [`Churn::Minimal`]: the fewest households moved.
//! 2. The total distance, each link's distance rounded to the centimetre, less
//!    [`Policy::familiar_discount_cm`] for each link to a member who knows the household (0 by default:
//!    the total distance itself).
//! 3. Ties at equal cost: households at the same coordinates are redistributed among the members that
//!    serve that spot so that members get the households they know, then whole buildings. This never
//!    changes a distance or a load.
//!
//! Levels 1 and 2 are one min-cost flow: a kept link costs its distance less a churn weight larger than
//! any total distance of the group, so no saving in distance can buy a move.
//!
//! # Examples
//! ```
//! use grassroots_planner::{Household, Instance, Member, Policy, plan};
//! let households = (0..4).map(|k| Household::at(k as f64 * 10.0, 0.0)).collect();
//! let members = vec![Member::at(0.0, 0.0), Member::at(30.0, 0.0)];
//! let policy = Policy { min: 1, max: 3, ..Policy::default() };
//! let plan = plan(&Instance { households, members, policy }).unwrap();
//! assert_eq!(plan.assignment(), vec![0, 0, 1, 1]);
//! assert_eq!(plan.totals.distance_cm, 2000);
//! assert!(plan.optimal);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod arcs;
mod bound;
mod cheapest;
mod choose;
#[cfg(test)]
mod choose_tests;
mod exact;
mod explain;
mod flow;
mod infeasible;
mod instance;
mod radix_heap;
mod spatial;
#[cfg(test)]
mod tests;
mod weighted;

use std::collections::BTreeMap;

pub use explain::{Link, LinkReason, Plan, PlanStats, Totals};
pub use flow::FlowStats;
pub use infeasible::{Infeasible, PlanError, Shortfall};
pub use instance::{Churn, Household, Instance, Member, Policy};
pub use spatial::cost_cm;

use exact::Group;
use spatial::KdTree;

/// Makes a plan for `inst`.
///
/// # Errors
/// [`PlanError::Invalid`] when the input has a value the planner cannot work with;
/// [`PlanError::Infeasible`] with every reason found when no plan links every household.
pub fn plan(inst: &Instance) -> Result<Plan, PlanError> {
    inst.validate()?;
    let groups = groups(inst);
    if inst.households.iter().any(|h| h.weight != 1) {
        // Unsplittable weights: a heuristic with a lower bound (see the `weighted` module).
        let (assign, lower_bound, stats) = weighted::plan(inst, &groups)?;
        let nearest = nearest_cm(inst, &groups);
        let (links, unused_members, totals) = explain::explain(inst, &assign, &nearest);
        // The bound is of the plain total distance over unsplit plans: meeting it proves the plan
        // optimal when distance is the whole objective.
        let plain = inst.policy.familiar_discount_cm == 0 && inst.households.iter().all(|h| h.current.is_none());
        let optimal = plain && totals.distance_cm <= lower_bound;
        return Ok(Plan { links, unused_members, totals, optimal, lower_bound_cm: Some(lower_bound), stats });
    }
    let mut reasons = Vec::new();
    for g in &groups {
        reasons.extend(shortfalls(inst, g));
    }
    if let Some(count) = inst.policy.count {
        reasons.extend(choose::count_shortfall(inst, count));
    }
    if !reasons.is_empty() {
        return Err(PlanError::Infeasible(Infeasible { reasons }));
    }
    let mut assign = vec![u32::MAX; inst.households.len()];
    let mut stats = PlanStats::default();
    let mut optimal = true;
    let mut lower_bound = 0i64;
    let choosing =
        inst.policy.count.is_some() || groups.iter().any(|g| sum_lo(inst, &g.members) > g.households.len() as u64);
    if choosing {
        let out = choose::choose(inst, &groups).map_err(PlanError::Infeasible)?;
        for (g, a) in groups.iter().zip(&out.assign) {
            for (&i, &j) in g.households.iter().zip(a) {
                assign[i] = j;
            }
        }
        stats = out.stats;
        optimal = false;
        lower_bound = out.lower_bound_cm;
    } else {
        for g in &groups {
            let lo = g.members.iter().map(|&j| i64::from(inst.min_of(j))).collect();
            let hi = g.members.iter().map(|&j| i64::from(inst.max_of(j))).collect();
            let solved = exact::solve(inst, g, &g.members, lo, hi)
                .map_err(|_| PlanError::Infeasible(Infeasible { reasons: vec![stuck_reason(inst, g)] }))?;
            for (&i, &j) in g.households.iter().zip(&solved.assign) {
                assign[i] = j;
            }
            add_stats(&mut stats.flow, &solved.stats);
            stats.solves += 1;
            lower_bound += solved.distance_cm;
        }
    }
    explain::consolidate(inst, &mut assign);
    let nearest = nearest_cm(inst, &groups);
    let (links, unused_members, totals) = explain::explain(inst, &assign, &nearest);
    // In the exact mode the lower bound is the optimum of the flow's objective; it is the total distance
    // only when no discount applies, so report it only then.
    let discounted = inst.policy.familiar_discount_cm > 0 || inst.households.iter().any(|h| h.current.is_some());
    let lower_bound_cm = if optimal && discounted { None } else { Some(lower_bound) };
    // A chosen set whose plan meets the bound is proven optimal (distance is then the whole
    // objective: no discount or churn term the bound ignores).
    let optimal = optimal || (choosing && !discounted && totals.distance_cm <= lower_bound);
    Ok(Plan { links, unused_members, totals, optimal, lower_bound_cm, stats })
}

pub(crate) fn add_stats(into: &mut FlowStats, s: &FlowStats) {
    into.augmentations += s.augmentations;
    into.settled += s.settled;
    into.pricing_rounds += s.pricing_rounds;
    into.priced_arcs += s.priced_arcs;
    into.repairs += s.repairs;
    into.arcs += s.arcs;
    into.rebuilds += s.rebuilds;
    into.rebuilds_in += s.rebuilds_in;
    into.sink_searches += s.sink_searches;
}

pub(crate) fn groups(inst: &Instance) -> Vec<Group> {
    let mut by: BTreeMap<u32, Group> = BTreeMap::new();
    for i in 0..inst.households.len() {
        let g = inst.household_group(i);
        by.entry(g).or_insert_with(|| Group { id: g, ..Group::default() }).households.push(i);
    }
    for j in 0..inst.members.len() {
        let g = inst.member_group(j);
        by.entry(g).or_insert_with(|| Group { id: g, ..Group::default() }).members.push(j);
    }
    by.into_values().collect()
}

pub(crate) fn sum_lo(inst: &Instance, members: &[usize]) -> u64 {
    members.iter().map(|&j| u64::from(inst.min_of(j))).sum()
}

fn sum_hi(inst: &Instance, members: &[usize]) -> u64 {
    members.iter().map(|&j| u64::from(inst.max_of(j))).sum()
}

/// The reasons a group has no plan, found by counting households in weight (the flow finds the rest).
pub(crate) fn shortfalls(inst: &Instance, g: &Group) -> Vec<Shortfall> {
    let mut out = Vec::new();
    let weight = |i: usize| u64::from(inst.households[i].weight);
    let n: u64 = g.households.iter().map(|&i| weight(i)).sum();
    let cap = sum_hi(inst, &g.members);
    let per = u64::from(inst.policy.max.max(1));
    if n > cap {
        out.push(Shortfall::TooFewMembers {
            group: g.id,
            households: n,
            capacity: cap,
            more_members: (n - cap).div_ceil(per),
        });
    }
    let keys: Vec<u32> = g.households.iter().filter(|&&i| inst.households[i].key_person).map(|&i| i as u32).collect();
    let key_weight: u64 = keys.iter().map(|&i| weight(i as usize)).sum();
    let qualified: Vec<usize> = g.members.iter().copied().filter(|&j| inst.members[j].qualified).collect();
    let qcap = sum_hi(inst, &qualified);
    if !keys.is_empty() && qualified.is_empty() {
        out.push(Shortfall::NoQualifiedMember { group: g.id, households: keys });
    } else if key_weight > qcap {
        out.push(Shortfall::TooFewQualifiedMembers {
            group: g.id,
            key_households: key_weight,
            capacity: qcap,
            more_members: (key_weight - qcap).div_ceil(per),
        });
    }
    out
}

/// The reason when the flow itself finds no balance (every-member-used with unqualified members whose
/// lower bounds the households without key persons cannot meet).
fn stuck_reason(inst: &Instance, g: &Group) -> Shortfall {
    let plain = g.households.iter().filter(|&&i| !inst.households[i].key_person).count() as u64;
    let unq: Vec<usize> = g.members.iter().copied().filter(|&j| !inst.members[j].qualified).collect();
    Shortfall::UnqualifiedMembersIdle { group: g.id, households: plain, needed: sum_lo(inst, &unq) }
}

/// The distance of each household to its nearest eligible member (for the reasons).
fn nearest_cm(inst: &Instance, groups: &[Group]) -> Vec<i64> {
    let xs: Vec<f64> = inst.members.iter().map(|m| m.x).collect();
    let ys: Vec<f64> = inst.members.iter().map(|m| m.y).collect();
    let mut out = vec![0; inst.households.len()];
    let mut hits = Vec::new();
    for g in groups {
        let all = KdTree::new(g.members.iter().map(|&j| j as u32).collect(), &xs, &ys);
        let qual = KdTree::new(
            g.members.iter().filter(|&&j| inst.members[j].qualified).map(|&j| j as u32).collect(),
            &xs,
            &ys,
        );
        // Households of one building share a spot: its nearest member is searched once.
        let mut last = None;
        for &i in &g.households {
            let h = &inst.households[i];
            let spot = Some((h.x.to_bits(), h.y.to_bits(), h.key_person));
            if spot != last {
                let tree = if h.key_person { &qual } else { &all };
                tree.best(h.x, h.y, 1, i64::MAX, &[], &mut hits);
                last = spot;
            }
            out[i] = hits.first().map(|h| h.cost).unwrap_or(0);
        }
    }
    out
}
