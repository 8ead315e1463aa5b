//! The member-choosing mode: more members than the households need (or a given `count`). Which members
//! to use is a capacitated p-median-like problem (NP-hard), so this mode gives a deterministic heuristic
//! plan and a lower bound.
//!
//! - **Lower bound**: the exact optimum with every member's lower bound relaxed to 0 (each member may
//!   take 0 to `max` households). Any plan that uses some members within their bounds is feasible for
//!   it, so its optimum bounds every plan from below.
//! - **Construction**: start with every member open; solve the relaxation on the open members; close
//!   the least-loaded half of the members still to be closed (ties: the higher index); repeat until the
//!   number to use remains; then solve the exact mode (bounds `[min, max]`) on them.
//!
//! Status: a first version. It keeps every rule, but on realistic instances its plans are far above
//! the lower bound (S with 1.5× the members: 386 km against a bound of 60 km) and it is slow (tens of
//! seconds on S), because it uses `⌊households / min⌋` members, each at exactly its minimum, and the
//! bound (lower bounds relaxed to 0) is weak. See docs/PLANNER.md for what comes next.
//! - **Local search**: swap an open member with the fewest households for the closed member nearest to
//!   it; each swap is evaluated by an exact re-solve and kept only when it lowers the total.

use super::exact::{self, Group};
use super::explain::PlanStats;
use super::infeasible::{Infeasible, Shortfall};
use super::instance::Instance;
use super::spatial::cost_cm;

pub(crate) struct Chosen {
    /// Per group, the member of each of its households.
    pub assign: Vec<Vec<u32>>,
    pub lower_bound_cm: i64,
    pub stats: PlanStats,
}

/// The range of member counts the households can fill (policy bounds), when `count` is outside it.
pub(crate) fn count_shortfall(inst: &Instance, count: u32) -> Option<Shortfall> {
    let n = inst.households.len() as u64;
    let at_least = n.div_ceil(u64::from(inst.policy.max.max(1)));
    let at_most =
        if inst.policy.min == 0 { n.max(1) } else { n / u64::from(inst.policy.min) }.min(inst.members.len() as u64);
    let count = u64::from(count);
    (count < at_least || count > at_most).then_some(Shortfall::CountOutOfRange {
        count,
        households: n,
        at_least,
        at_most,
    })
}

/// How many members each group uses.
fn open_counts(inst: &Instance, groups: &[Group]) -> Vec<usize> {
    let lo = u64::from(inst.policy.min.max(1));
    let hi = u64::from(inst.policy.max.max(1));
    let need: Vec<usize> = groups.iter().map(|g| (g.households.len() as u64).div_ceil(hi) as usize).collect();
    let room: Vec<usize> =
        groups.iter().map(|g| ((g.households.len() as u64 / lo) as usize).min(g.members.len())).collect();
    match inst.policy.count {
        None => groups
            .iter()
            .zip(&room)
            .map(
                |(g, &r)| {
                    if super::sum_lo(inst, &g.members) <= g.households.len() as u64 { g.members.len() } else { r }
                },
            )
            .collect(),
        Some(count) => {
            // Each group gets what it needs, then the rest goes one by one to the group whose members
            // would carry the most households each.
            let mut p = need.clone();
            let mut left = (count as usize).saturating_sub(p.iter().sum());
            while left > 0 {
                let best = (0..groups.len()).filter(|&k| p[k] < room[k]).max_by(|&a, &b| {
                    let la = groups[a].households.len() as f64 / (p[a].max(1)) as f64;
                    let lb = groups[b].households.len() as f64 / (p[b].max(1)) as f64;
                    la.total_cmp(&lb).then(b.cmp(&a))
                });
                match best {
                    Some(k) => p[k] += 1,
                    None => break,
                }
                left -= 1;
            }
            p
        }
    }
}

pub(crate) fn choose(inst: &Instance, groups: &[Group]) -> Result<Chosen, Infeasible> {
    let counts = open_counts(inst, groups);
    let mut out = Chosen { assign: Vec::new(), lower_bound_cm: 0, stats: PlanStats::default() };
    let mut rng = inst.policy.seed ^ 0x9E37_79B9_7F4A_7C15;
    for (g, &p) in groups.iter().zip(&counts) {
        let n = g.households.len() as u64;
        let stuck = || Infeasible {
            reasons: vec![Shortfall::NoMemberCount {
                group: g.id,
                households: n,
                min: u64::from(inst.policy.min),
                max: u64::from(inst.policy.max),
            }],
        };
        if g.households.is_empty() {
            out.assign.push(Vec::new());
            continue;
        }
        if p == 0 || (p as u64) * u64::from(inst.policy.max) < n || (p as u64) * u64::from(inst.policy.min) > n {
            return Err(stuck());
        }
        let hi_of = |ms: &[usize]| ms.iter().map(|&j| i64::from(inst.max_of(j))).collect::<Vec<_>>();
        let lo_of = |ms: &[usize]| ms.iter().map(|&j| i64::from(inst.min_of(j))).collect::<Vec<_>>();
        // Lower bound: every member, lower bounds relaxed to 0.
        let relaxed =
            exact::solve(inst, g, &g.members, vec![0; g.members.len()], hi_of(&g.members)).map_err(|_| stuck())?;
        out.lower_bound_cm += relaxed.objective;
        super::add_stats(&mut out.stats.flow, &relaxed.stats);
        out.stats.solves += 1;
        // Construction: close the least-loaded members, half of what is left to close at a time.
        let mut open: Vec<usize> = g.members.clone();
        let mut last = relaxed;
        while open.len() > p {
            let mut load = vec![0u32; inst.members.len()];
            for &j in &last.assign {
                load[j as usize] += 1;
            }
            let close = (open.len() - p).div_ceil(2);
            let mut order = open.clone();
            order.sort_by_key(|&j| (load[j], std::cmp::Reverse(j)));
            let shut: Vec<usize> = order[..close].to_vec();
            open.retain(|j| !shut.contains(j));
            last = exact::solve(inst, g, &open, vec![0; open.len()], hi_of(&open)).map_err(|_| stuck())?;
            super::add_stats(&mut out.stats.flow, &last.stats);
            out.stats.solves += 1;
        }
        let mut best = exact::solve(inst, g, &open, lo_of(&open), hi_of(&open)).map_err(|_| stuck())?;
        super::add_stats(&mut out.stats.flow, &best.stats);
        out.stats.solves += 1;
        // Local search: swap a least-loaded open member for a closed member near it.
        let closed: Vec<usize> = g.members.iter().copied().filter(|j| !open.contains(j)).collect();
        if !closed.is_empty() {
            let budget = 2 * (open.len() as f64).sqrt().ceil() as usize;
            let mut tried = 0;
            while tried < budget {
                tried += 1;
                let mut load = vec![0u32; inst.members.len()];
                for &j in &best.assign {
                    load[j as usize] += 1;
                }
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let mut order = open.clone();
                order.sort_by_key(|&j| (load[j], std::cmp::Reverse(j)));
                let a = order[(rng as usize) % order.len().min(4)];
                let now_closed: Vec<usize> = g.members.iter().copied().filter(|j| !open.contains(j)).collect();
                let (ax, ay) = (inst.members[a].x, inst.members[a].y);
                let Some(&b) =
                    now_closed.iter().min_by_key(|&&b| (cost_cm(ax, ay, inst.members[b].x, inst.members[b].y), b))
                else {
                    break;
                };
                let trial: Vec<usize> = open.iter().map(|&j| if j == a { b } else { j }).collect();
                if let Ok(s) = exact::solve(inst, g, &trial, lo_of(&trial), hi_of(&trial)) {
                    out.stats.solves += 1;
                    super::add_stats(&mut out.stats.flow, &s.stats);
                    if s.objective < best.objective {
                        best = s;
                        open = trial;
                        out.stats.moves += 1;
                    }
                }
            }
        }
        out.assign.push(best.assign);
    }
    Ok(out)
}
