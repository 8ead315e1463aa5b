//! Households of weight other than 1: bounds count weight, and a household cannot be split between
//! members (a generalized-assignment-like problem, NP-hard), so this path gives a heuristic plan
//! (`optimal: false`) and a lower bound.
//!
//! 1. **Splittable plan**: each household becomes `weight` unit copies at its place; the unit modes
//!    solve that (the exact mode when every member is used, the member-choosing mode otherwise). Its
//!    members are the ones used.
//! 2. **Rounding**: each household goes whole to the member holding most of its copies.
//! 3. **Repair**: while a used member is outside its bounds (in weight), the move or swap of whole
//!    households that most reduces the violation (then the distance) is applied, among the members
//!    near it; when none reduces it, the instance is reported infeasible.
//! 4. **Improvement**: moves of single households that shorten the total and keep every bound.
//! 5. **Bound** ([`super::bound`]): the Lagrangian relaxation with weighted items (a continuous knapsack
//!    per member) on the plain total distance, evaluated against every household, so valid.

use super::bound::{Dual, Items, Members, Open};
use super::exact::{self, Group};
use super::explain::PlanStats;
use super::infeasible::{Infeasible, PlanError, Shortfall};
use super::instance::{Household, Instance};
use super::spatial::{KdTree, cost_cm};

/// Open members each member's repair looks at.
const NEAR: usize = 10;

/// The plan of a weighted instance: member of each household, the lower bound, the counters.
pub(crate) fn plan(inst: &Instance, groups: &[Group]) -> Result<(Vec<u32>, i64, PlanStats), PlanError> {
    let mut reasons = Vec::new();
    for g in groups {
        reasons.extend(shortfalls(inst, g));
    }
    if !reasons.is_empty() {
        return Err(PlanError::Infeasible(Infeasible { reasons }));
    }
    // The unit instance: `weight` copies of each household, no acquaintance (its indices are the
    // households'); `of[c]` is the household of copy `c`.
    let mut of = Vec::new();
    let mut copies = Vec::new();
    for (i, h) in inst.households.iter().enumerate() {
        for _ in 0..h.weight {
            of.push(i);
            copies.push(Household { weight: 1, ..h.clone() });
        }
    }
    let members = inst.members.iter().map(|m| super::Member { knows: Vec::new(), ..m.clone() }).collect();
    let unit = Instance { households: copies, members, policy: inst.policy.clone() };
    let unit_groups = super::groups(&unit);
    if let Some(count) = inst.policy.count
        && let Some(r) = super::choose::count_shortfall(&unit, count)
    {
        return Err(PlanError::Infeasible(Infeasible { reasons: vec![r] }));
    }
    let choosing = inst.policy.count.is_some()
        || unit_groups.iter().any(|g| super::sum_lo(&unit, &g.members) > g.households.len() as u64);
    let mut stats = PlanStats::default();
    let mut copy_of = vec![u32::MAX; unit.households.len()];
    // Per group (id), the exact splittable optimum of Σ weight·distance, when known.
    let mut split_cm: Vec<(u32, i64)> = Vec::new();
    let churn = unit.households.iter().any(|h| h.current.is_some());
    if choosing {
        let out = super::choose::choose(&unit, &unit_groups).map_err(PlanError::Infeasible)?;
        for (g, a) in unit_groups.iter().zip(&out.assign) {
            for (&c, &j) in g.households.iter().zip(a) {
                copy_of[c] = j;
            }
        }
        stats = out.stats;
    } else {
        for g in &unit_groups {
            let lo = g.members.iter().map(|&j| i64::from(unit.min_of(j))).collect();
            let hi = g.members.iter().map(|&j| i64::from(unit.max_of(j))).collect();
            let s = exact::solve(&unit, g, &g.members, lo, hi).map_err(|_| infeasible(g, &unit))?;
            for (&c, &j) in g.households.iter().zip(&s.assign) {
                copy_of[c] = j;
            }
            super::add_stats(&mut stats.flow, &s.stats);
            stats.solves += 1;
            if !churn {
                split_cm.push((g.id, s.distance_cm));
            }
        }
    }
    // Rounding: the member with most copies (ties: the nearer, then the lower index).
    let mut assign = vec![u32::MAX; inst.households.len()];
    let mut c = 0;
    for (i, h) in inst.households.iter().enumerate() {
        let mut tally: Vec<(u32, u32)> = Vec::new();
        for &j in &copy_of[c..c + h.weight as usize] {
            match tally.iter_mut().find(|t| t.0 == j) {
                Some(t) => t.1 += 1,
                None => tally.push((j, 1)),
            }
        }
        c += h.weight as usize;
        let m = &inst.members;
        assign[i] = tally
            .iter()
            .min_by_key(|t| (std::cmp::Reverse(t.1), cost_cm(h.x, h.y, m[t.0 as usize].x, m[t.0 as usize].y), t.0))
            .map(|t| t.0)
            .unwrap_or(u32::MAX);
    }
    debug_assert_eq!(c, of.len());
    let mut lower = 0;
    for g in groups {
        let used: Vec<usize> = {
            // The members the splittable plan uses (rounding may leave one empty; the repair refills it,
            // which keeps a given count).
            let mut u: Vec<usize> = g.members.iter().copied().filter(|&j| copy_of.contains(&(j as u32))).collect();
            if !choosing {
                u.clone_from(&g.members);
            }
            u
        };
        repair(inst, g, &used, &mut assign).ok_or_else(|| infeasible(g, inst))?;
        improve(inst, g, &used, &mut assign);
        let cost: i64 = g.households.iter().map(|&i| dist(inst, i, assign[i] as usize)).sum();
        let lagrangian =
            bound(inst, g, choosing, groups.iter().filter(|g| !g.households.is_empty()).count() == 1, cost);
        // Every plan's Σ weight·distance is at least the splittable optimum, so its Σ distance is at
        // least that over the largest weight (a bound only when the unit solve was exact: every member
        // used, and no churn term in its objective).
        let w_max = g.households.iter().map(|&i| i64::from(inst.households[i].weight)).max().unwrap_or(1);
        let by_split = split_cm.iter().find(|s| s.0 == g.id).map_or(0, |s| (s.1 + w_max - 1) / w_max.max(1));
        lower += lagrangian.max(by_split);
    }
    Ok((assign, lower, stats))
}

fn infeasible(g: &Group, inst: &Instance) -> PlanError {
    PlanError::Infeasible(Infeasible {
        reasons: vec![Shortfall::NoMemberCount {
            group: g.id,
            households: g.households.iter().map(|&i| u64::from(inst.households[i].weight)).sum(),
            min: u64::from(inst.policy.min),
            max: u64::from(inst.policy.max),
        }],
    })
}

/// The counting reasons, in weight, and the households too heavy for every eligible member.
fn shortfalls(inst: &Instance, g: &Group) -> Vec<Shortfall> {
    let mut out = super::shortfalls(inst, g);
    // A household heavier than every eligible member's upper bound can go nowhere.
    if let Some(&i) = g.households.iter().find(|&&i| {
        let h = &inst.households[i];
        !g.members.iter().any(|&j| (!h.key_person || inst.members[j].qualified) && inst.max_of(j) >= h.weight)
    }) {
        out.push(Shortfall::NoMemberCount {
            group: g.id,
            households: u64::from(inst.households[i].weight),
            min: u64::from(inst.policy.min),
            max: u64::from(inst.policy.max),
        });
    }
    out
}

fn eligible(inst: &Instance, i: usize, j: usize) -> bool {
    !inst.households[i].key_person || inst.members[j].qualified
}

fn dist(inst: &Instance, i: usize, j: usize) -> i64 {
    let (h, m) = (&inst.households[i], &inst.members[j]);
    cost_cm(h.x, h.y, m.x, m.y)
}

/// How far a load is outside `[lo, hi]`.
fn off(load: i64, lo: i64, hi: i64) -> i64 {
    (load - hi).max(0) + (lo - load).max(0)
}

/// The loads, households and nearby used members of the used members of a group.
struct State {
    load: Vec<i64>,
    holds: Vec<Vec<usize>>,
    near: Vec<Vec<usize>>,
    lo: Vec<i64>,
    hi: Vec<i64>,
    local: Vec<u32>,
}

fn state(inst: &Instance, g: &Group, used: &[usize], assign: &[u32]) -> State {
    let mut local = vec![u32::MAX; inst.members.len()];
    for (k, &j) in used.iter().enumerate() {
        local[j] = k as u32;
    }
    let mut load = vec![0i64; used.len()];
    let mut holds = vec![Vec::new(); used.len()];
    for &i in &g.households {
        let k = local[assign[i] as usize] as usize;
        load[k] += i64::from(inst.households[i].weight);
        holds[k].push(i);
    }
    let xs: Vec<f64> = used.iter().map(|&j| inst.members[j].x).collect();
    let ys: Vec<f64> = used.iter().map(|&j| inst.members[j].y).collect();
    let tree = KdTree::new((0..used.len() as u32).collect(), &xs, &ys);
    let mut hits = Vec::new();
    let near = (0..used.len())
        .map(|k| {
            tree.best(xs[k], ys[k], NEAR + 1, i64::MAX, &[], &mut hits);
            hits.iter().map(|h| h.id as usize).filter(|&b| b != k).collect()
        })
        .collect();
    let lo = used.iter().map(|&j| i64::from(inst.min_of(j))).collect();
    let hi = used.iter().map(|&j| i64::from(inst.max_of(j))).collect();
    State { load, holds, near, lo, hi, local }
}

/// A change between a violated member and member `b`: (Δ violation, Δ distance, `b`, the household
/// moving out of the violated member, the one moving out of `b`).
type Change = (i64, i64, usize, Option<usize>, Option<usize>);

/// Brings every used member within its bounds by moves and swaps of whole households between nearby
/// members; `None` when no move or swap reduces the violation.
fn repair(inst: &Instance, g: &Group, used: &[usize], assign: &mut [u32]) -> Option<()> {
    if g.households.is_empty() {
        return Some(());
    }
    let mut s = state(inst, g, used, assign);
    let w = |i: usize| i64::from(inst.households[i].weight);
    let budget = 20 * g.households.len() + 100;
    for _ in 0..budget {
        let worst = (0..used.len())
            .map(|k| (off(s.load[k], s.lo[k], s.hi[k]), k))
            .filter(|x| x.0 > 0)
            .max_by_key(|&(v, k)| (v, std::cmp::Reverse(k)));
        let Some((_, a)) = worst else { return Some(()) };
        // Candidate changes between `a` and each nearby member `b` (and, when the neighbours cannot
        // help, every used member): (Δ violation, Δ distance, household out of a, household out of b).
        let mut best: Option<Change> = None;
        let mut consider = |b: usize, s: &State| -> bool {
            let (ja, jb) = (used[a], used[b]);
            let before = off(s.load[a], s.lo[a], s.hi[a]) + off(s.load[b], s.lo[b], s.hi[b]);
            let mut eval = |x: Option<usize>, y: Option<usize>| {
                let (wx, wy) = (x.map_or(0, w), y.map_or(0, w));
                if x.is_some_and(|i| !eligible(inst, i, jb)) || y.is_some_and(|i| !eligible(inst, i, ja)) {
                    return;
                }
                let la = s.load[a] - wx + wy;
                let lb = s.load[b] + wx - wy;
                let dv = off(la, s.lo[a], s.hi[a]) + off(lb, s.lo[b], s.hi[b]) - before;
                if dv >= 0 {
                    return;
                }
                let dd = x.map_or(0, |i| dist(inst, i, jb) - dist(inst, i, ja))
                    + y.map_or(0, |i| dist(inst, i, ja) - dist(inst, i, jb));
                let key = (dv, dd, b, x, y);
                if best.is_none_or(|bb| key < bb) {
                    best = Some(key);
                }
            };
            for &x in &s.holds[a] {
                eval(Some(x), None);
                for &y in &s.holds[b] {
                    eval(Some(x), Some(y));
                }
            }
            for &y in &s.holds[b] {
                eval(None, Some(y));
            }
            best.is_some()
        };
        let mut any = false;
        for &b in &s.near[a] {
            any |= consider(b, &s);
        }
        if !any {
            for b in (0..used.len()).filter(|&b| b != a) {
                consider(b, &s);
            }
        }
        let (_, _, b, x, y) = best?;
        for (h, from, to) in [(x, a, b), (y, b, a)] {
            if let Some(i) = h {
                s.holds[from].retain(|&k| k != i);
                s.holds[to].push(i);
                s.load[from] -= w(i);
                s.load[to] += w(i);
                assign[i] = used[to] as u32;
            }
        }
    }
    None
}

/// Moves single households, and swaps pairs, between nearby members when that shortens the total and
/// keeps every bound.
fn improve(inst: &Instance, g: &Group, used: &[usize], assign: &mut [u32]) {
    if g.households.is_empty() {
        return;
    }
    let mut s = state(inst, g, used, assign);
    for _ in 0..6 {
        let mut moved = false;
        for &i in &g.households {
            let a = s.local[assign[i] as usize] as usize;
            let wi = i64::from(inst.households[i].weight);
            if s.load[a] - wi < s.lo[a] {
                continue;
            }
            let here = dist(inst, i, used[a]);
            let to = s.near[a]
                .iter()
                .copied()
                .filter(|&b| s.load[b] + wi <= s.hi[b] && eligible(inst, i, used[b]))
                .map(|b| (dist(inst, i, used[b]), b))
                .min();
            if let Some((d, b)) = to
                && d < here
            {
                s.holds[a].retain(|&k| k != i);
                s.holds[b].push(i);
                s.load[a] -= wi;
                s.load[b] += wi;
                assign[i] = used[b] as u32;
                moved = true;
            }
        }
        for &i in &g.households {
            let a = s.local[assign[i] as usize] as usize;
            let wi = i64::from(inst.households[i].weight);
            let here = dist(inst, i, used[a]);
            // The best swap of `i` with a household `k` of a nearby member (bounds kept both sides).
            let mut best: Option<(i64, usize, usize)> = None;
            for &b in &s.near[a] {
                if !eligible(inst, i, used[b]) {
                    continue;
                }
                let ib = dist(inst, i, used[b]);
                for &k in &s.holds[b] {
                    let wk = i64::from(inst.households[k].weight);
                    let (la, lb) = (s.load[a] - wi + wk, s.load[b] - wk + wi);
                    if !eligible(inst, k, used[a]) || off(la, s.lo[a], s.hi[a]) > 0 || off(lb, s.lo[b], s.hi[b]) > 0 {
                        continue;
                    }
                    let delta = ib + dist(inst, k, used[a]) - here - dist(inst, k, used[b]);
                    if delta < 0 && best.is_none_or(|x| (delta, b, k) < x) {
                        best = Some((delta, b, k));
                    }
                }
            }
            if let Some((_, b, k)) = best {
                let wk = i64::from(inst.households[k].weight);
                s.holds[a].retain(|&x| x != i);
                s.holds[b].retain(|&x| x != k);
                s.holds[a].push(k);
                s.holds[b].push(i);
                s.load[a] += wk - wi;
                s.load[b] += wi - wk;
                assign[i] = used[b] as u32;
                assign[k] = used[a] as u32;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// The Lagrangian bound of one group with weighted items (every member used, or any, or `count`).
fn bound(inst: &Instance, g: &Group, choosing: bool, single: bool, plan_cm: i64) -> i64 {
    if g.households.is_empty() {
        return 0;
    }
    let items = Items::new(g.households.iter().map(|&i| {
        let h = &inst.households[i];
        (h.x, h.y, h.key_person, i64::from(h.weight))
    }));
    let ms = Members::of(inst, &g.members);
    let open = match (choosing, inst.policy.count) {
        (false, _) => Open::All,
        (true, Some(c)) if single => Open::Exactly(c as usize),
        (true, _) => Open::Free,
    };
    let mut dual = Dual::new(&items, &ms, open);
    dual.improve(&items, &ms, 200, Some(plan_cm as f64));
    let _ = dual.exact(&items, &ms);
    dual.improve(&items, &ms, 150, Some(plan_cm as f64));
    dual.exact(&items, &ms).unwrap_or(0)
}
