//! The plan, why each link was made, and the totals.

use std::collections::BTreeMap;

use super::flow::FlowStats;
use super::instance::Instance;
use super::spatial::cost_cm;

/// Why a household was linked to its member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkReason {
    /// The member is the household's nearest eligible member (nearby).
    pub nearest: bool,
    /// How much farther the member is than the nearest eligible member, in centimetres (0 when
    /// nearest): the distance the bounds or the churn rule cost this household.
    pub extra_cm: i64,
    /// The member lives at the household's own coordinates (same building: convenient).
    pub same_place: bool,
    /// The member knows the household (familiar).
    pub familiar: bool,
    /// The link is the household's current link, kept (re-planning).
    pub kept: bool,
}

/// One member–household link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The household (index into the instance).
    pub household: u32,
    /// The member (index into the instance).
    pub member: u32,
    /// The distance in whole centimetres.
    pub distance_cm: i64,
    /// Why.
    pub reason: LinkReason,
}

/// The totals of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// The sum of the link distances, in centimetres (each rounded to the centimetre).
    pub distance_cm: i64,
    /// The longest link, in centimetres.
    pub max_distance_cm: i64,
    /// Links to the household's nearest eligible member.
    pub nearest: u64,
    /// Buildings whose households are linked to more than one member.
    pub buildings_split: u64,
    /// Buildings with more than one household (those that could be split).
    pub buildings_shared: u64,
    /// Links where the member knows the household.
    pub familiar: u64,
    /// Households whose current link was kept.
    pub kept: u64,
    /// Households that had a current link and now have another one (churn).
    pub moved: u64,
    /// Members used.
    pub members_used: u64,
}

/// How the plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanStats {
    /// The flow engine's counters, summed over groups and solves.
    pub flow: FlowStats,
    /// Flow solves (one per group in the exact mode; more in the member-choosing mode).
    pub solves: u32,
    /// Local-search moves applied by the member-choosing mode.
    pub moves: u32,
    /// Local-search moves skipped without a solve (even with the bounds ignored they would not pay).
    pub pruned: u32,
}

/// A plan: every household linked to exactly one member within the bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One link per household, in household order.
    pub links: Vec<Link>,
    /// The members with no household, in index order.
    pub unused_members: Vec<u32>,
    /// The totals.
    pub totals: Totals,
    /// Whether the plan is proven optimal for the objective: always in the exact mode; in the
    /// member-choosing mode when the plan's total distance meets its lower bound (gap 0).
    pub optimal: bool,
    /// A lower bound of the total distance of any plan that uses the members this mode may use, in
    /// centimetres (the optimum itself when `optimal`).
    pub lower_bound_cm: Option<i64>,
    /// How it was found.
    pub stats: PlanStats,
}

impl Plan {
    /// How far the plan may be above the optimum: `(total distance − lower bound) / lower bound`, as a
    /// fraction (0.01 is 1%); `Some(0.0)` when proven optimal, `None` without a bound. The plan is at
    /// most this far above the best plan there is (the bound is below it).
    pub fn gap(&self) -> Option<f64> {
        if self.optimal {
            return Some(0.0);
        }
        let lb = self.lower_bound_cm?;
        let d = self.totals.distance_cm;
        Some(if lb > 0 {
            (d - lb).max(0) as f64 / lb as f64
        } else if d == 0 {
            0.0
        } else {
            f64::INFINITY
        })
    }

    /// The member of each household, in household order.
    pub fn assignment(&self) -> Vec<u32> {
        self.links.iter().map(|l| l.member).collect()
    }
}

/// A zero-cost tie-break: households at the same coordinates (and of the same kind) linked to several
/// members exchange members so that a member gets the households it knows, then whole buildings.
/// The multiset of members at each place is unchanged, so the loads and every distance are unchanged;
/// households with a current link or a discounted (known) arc are left alone when a discount applies,
/// so the flow's objective is unchanged too.
pub(crate) fn consolidate(inst: &Instance, assign: &mut [u32]) {
    let mut places: BTreeMap<(u64, u64, u32, bool), Vec<u32>> = BTreeMap::new();
    for (i, h) in inst.households.iter().enumerate() {
        if h.current.is_some() {
            continue;
        }
        places.entry((h.x.to_bits(), h.y.to_bits(), inst.household_group(i), h.key_person)).or_default().push(i as u32);
    }
    let knows = knows_index(inst);
    let discount = inst.policy.familiar_discount_cm > 0;
    for hh in places.values() {
        if hh.len() < 2 {
            continue;
        }
        let mut slots: BTreeMap<u32, usize> = BTreeMap::new();
        for &i in hh {
            *slots.entry(assign[i as usize]).or_default() += 1;
        }
        if slots.len() < 2 {
            continue;
        }
        let mut left: Vec<u32> = Vec::with_capacity(hh.len());
        let mut taken: Vec<(u32, u32)> = Vec::new();
        // Familiar first (only when familiarity is not already priced by the flow).
        for &i in hh {
            let known = if discount {
                None
            } else {
                knows.get(&i).and_then(|ms| ms.iter().find(|m| slots.get(m).copied().unwrap_or(0) > 0))
            };
            match known {
                Some(&m) => {
                    *slots.get_mut(&m).unwrap_or(&mut 0) -= 1;
                    taken.push((i, m));
                }
                None => left.push(i),
            }
        }
        if discount {
            // The flow already chose the familiar links; keep the households on known arcs where they are.
            left.retain(|&i| {
                let m = assign[i as usize];
                if knows.get(&i).is_some_and(|ms| ms.contains(&m)) {
                    *slots.get_mut(&m).unwrap_or(&mut 0) -= 1;
                    taken.push((i, m));
                    false
                } else {
                    true
                }
            });
        }
        // Then whole buildings: the largest building to the member with the most room left.
        let mut by_building: BTreeMap<Option<u64>, Vec<u32>> = BTreeMap::new();
        for &i in &left {
            by_building.entry(inst.households[i as usize].building).or_default().push(i);
        }
        let mut groups: Vec<Vec<u32>> = by_building.into_values().collect();
        groups.sort_by_key(|g| (std::cmp::Reverse(g.len()), g[0]));
        for g in groups {
            for i in g {
                let Some(m) =
                    slots.iter().filter(|e| *e.1 > 0).max_by_key(|e| (*e.1, std::cmp::Reverse(*e.0))).map(|e| *e.0)
                else {
                    break;
                };
                *slots.get_mut(&m).unwrap_or(&mut 0) -= 1;
                taken.push((i, m));
            }
        }
        for (i, m) in taken {
            assign[i as usize] = m;
        }
    }
}

fn knows_index(inst: &Instance) -> BTreeMap<u32, Vec<u32>> {
    let mut out: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (j, m) in inst.members.iter().enumerate() {
        for &i in &m.knows {
            out.entry(i).or_default().push(j as u32);
        }
    }
    out
}

/// Links, reasons and totals for an assignment. `nearest_cm[i]` is the distance of household `i` to
/// its nearest eligible member.
pub(crate) fn explain(inst: &Instance, assign: &[u32], nearest_cm: &[i64]) -> (Vec<Link>, Vec<u32>, Totals) {
    let knows = knows_index(inst);
    let mut t = Totals::default();
    let mut links = Vec::with_capacity(assign.len());
    let mut used = vec![false; inst.members.len()];
    let mut buildings: BTreeMap<u64, (u32, bool, u32)> = BTreeMap::new(); // member, split, households
    for (i, (&j, h)) in assign.iter().zip(&inst.households).enumerate() {
        let m = &inst.members[j as usize];
        let d = cost_cm(h.x, h.y, m.x, m.y);
        let extra = (d - nearest_cm[i]).max(0);
        let familiar = knows.get(&(i as u32)).is_some_and(|ms| ms.contains(&j));
        let kept = h.current == Some(j);
        let reason = LinkReason { nearest: extra == 0, extra_cm: extra, same_place: d == 0, familiar, kept };
        t.distance_cm += d;
        t.max_distance_cm = t.max_distance_cm.max(d);
        t.nearest += u64::from(reason.nearest);
        t.familiar += u64::from(familiar);
        t.kept += u64::from(kept);
        t.moved += u64::from(h.current.is_some() && !kept);
        used[j as usize] = true;
        if let Some(b) = h.building {
            let e = buildings.entry(b).or_insert((j, false, 0));
            e.1 |= e.0 != j;
            e.2 += 1;
        }
        links.push(Link { household: i as u32, member: j, distance_cm: d, reason });
    }
    t.buildings_split = buildings.values().filter(|b| b.1).count() as u64;
    t.buildings_shared = buildings.values().filter(|b| b.2 > 1).count() as u64;
    t.members_used = used.iter().filter(|&&u| u).count() as u64;
    let unused = (0..inst.members.len() as u32).filter(|&j| !used[j as usize]).collect();
    (links, unused, t)
}
