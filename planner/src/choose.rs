//! The member-choosing mode: more members than the households need (or a given `count`). Which members
//! to use is a capacitated p-median-like problem (NP-hard), so this mode gives a deterministic heuristic
//! plan and a lower bound (see docs/PLANNER.md, "Member-choosing mode").
//!
//! Per group:
//! 1. **Bound** ([`super::bound`]): the Lagrangian relaxation of "every household linked once", whose
//!    subproblem opens a member at `[min, max]` households or not at all (the LP bound). Its
//!    multipliers start at the distances of the relaxation with lower bounds 0 and are raised by the
//!    volume algorithm in rounds, the members' restricted lists completed between rounds; the final
//!    multipliers are evaluated against every household, so the bound is valid.
//! 2. **Construction** (drop): the exact mode with every lower bound relaxed to 0 (also a valid bound)
//!    gives natural loads; the open member with the fewest households below its minimum (with a
//!    count: the fewest, until `count` remain) is closed, its households moved to the nearest open
//!    members with room, one member at a time; the set is then adjusted until the counts can be met
//!    and solved by the exact mode.
//! 3. **Local search** (passes, in an order drawn from [`super::Policy::seed`]): an open member is
//!    swapped for a nearby closed one or closed; a closed member is opened (with a count: opened while
//!    the member whose closing costs least elsewhere is closed). Each move is evaluated exactly on its
//!    neighbourhood (the households of the nearby open members, re-solved by the exact mode on the new
//!    member set) and applied when it lowers the total; neighbourhoods of 10 and 18 open members take
//!    turns. A final exact solve on the chosen members polishes the links.

use super::bound::{Dual, Items, Members, Open};
use super::exact::{self, Group};
use super::explain::PlanStats;
use super::infeasible::{Infeasible, Shortfall};
use super::instance::Instance;
use super::spatial::{KdTree, cost_cm};

pub(crate) struct Chosen {
    /// Per group, the member of each of its households.
    pub assign: Vec<Vec<u32>>,
    pub lower_bound_cm: i64,
    pub stats: PlanStats,
}

/// The fewest and the most of `members` that can take `n` households: the fewest whose largest
/// upper bounds add up to `n`, the most whose smallest lower bounds stay within `n` (each member's own
/// bounds, [`Instance::min_of`] and [`Instance::max_of`]; the policy's only where a member has none).
/// The fewest is `members.len() + 1` when even all of them cannot take `n`.
pub(crate) fn count_range(inst: &Instance, members: &[usize], n: u64) -> (u64, u64) {
    let mut hi: Vec<u64> = members.iter().map(|&j| u64::from(inst.max_of(j))).collect();
    hi.sort_unstable_by(|a, b| b.cmp(a));
    let mut lo: Vec<u64> = members.iter().map(|&j| u64::from(inst.min_of(j))).collect();
    lo.sort_unstable();
    let (mut sum, mut at_least) = (0u64, members.len() as u64 + 1);
    if n == 0 {
        at_least = 0;
    }
    for (k, &h) in hi.iter().enumerate() {
        sum += h;
        if sum >= n && at_least > members.len() as u64 {
            at_least = k as u64 + 1;
        }
    }
    let (mut sum, mut at_most) = (0u64, 0u64);
    for &l in &lo {
        sum += l;
        if sum > n {
            break;
        }
        at_most += 1;
    }
    (at_least, at_most)
}

/// The range of member counts the households can fill (the members' own bounds), when `count` is
/// outside it. With links kept inside groups each group needs its own range, so the range is the sum
/// of the groups' (a group of 20 households whose members take at most 15 needs two of them whatever
/// the other groups have).
pub(crate) fn count_shortfall(inst: &Instance, count: u32) -> Option<Shortfall> {
    let n = inst.households.len() as u64;
    let (mut at_least, mut at_most) = (0u64, 0u64);
    for g in super::groups(inst) {
        let (lo, hi) = count_range(inst, &g.members, g.households.len() as u64);
        at_least += lo.min(g.members.len() as u64);
        at_most += hi;
    }
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
    let ranges: Vec<(u64, u64)> =
        groups.iter().map(|g| count_range(inst, &g.members, g.households.len() as u64)).collect();
    let need: Vec<usize> = ranges.iter().map(|r| r.0 as usize).collect();
    let room: Vec<usize> = ranges.iter().map(|r| r.1 as usize).collect();
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

/// Neighbouring members considered around each member by the local search.
const NEIGHBOURS: usize = 36;
/// Open members re-solved with a moved member, by turns (see [`choose_group`]).
const AROUND: [usize; 2] = [10, 18];
/// Closed members tried in a swap.
const SWAPS: usize = 6;
/// Passes of the local search at most (each over every member; the search stops when a pass of each
/// neighbourhood size in turn applies no move).
const PASSES: usize = 20;
/// The volume steps' budget, in member-list entries sorted (about 50 per member and step): a fixed
/// amount of work, so a plan's time does not grow with the number of members through the bound.
const VOLUME_WORK: usize = 1_000_000_000;
/// Volume steps at least and at most, and per round (the lists are completed between rounds).
const VOLUME_MIN: usize = 300;
const VOLUME_MAX: usize = 3_000;
const VOLUME_ROUND: usize = 500;

pub(crate) fn choose(inst: &Instance, groups: &[Group]) -> Result<Chosen, Infeasible> {
    let counts = open_counts(inst, groups);
    // With a count and several groups the split among groups is the heuristic's; the bound then
    // relaxes the count (any split is allowed), so it stays valid.
    let busy = groups.iter().filter(|g| !g.households.is_empty()).count();
    let mut out = Chosen { assign: Vec::new(), lower_bound_cm: 0, stats: PlanStats::default() };
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
        let p = inst.policy.count.map(|_| p);
        if let Some(p) = p {
            let (at_least, at_most) = count_range(inst, &g.members, n);
            if p == 0 || (p as u64) < at_least || (p as u64) > at_most {
                return Err(stuck());
            }
        }
        let bound_open = match p {
            Some(p) if busy == 1 => Open::Exactly(p),
            _ => Open::Free,
        };
        let (assign, lb) = choose_group(inst, g, p, bound_open, &mut out.stats).ok_or_else(stuck)?;
        out.lower_bound_cm += lb;
        out.assign.push(assign);
    }
    Ok(out)
}

/// The cost' of linking household `i` to member `j`, as the exact mode counts it (distance, less the
/// familiarity discount, less the churn weight `w` for a kept link).
fn cost_of(inst: &Instance, i: usize, j: usize, w: i64) -> i64 {
    let (h, m) = (&inst.households[i], &inst.members[j]);
    let mut c = cost_cm(h.x, h.y, m.x, m.y);
    if inst.policy.familiar_discount_cm > 0 && m.knows.contains(&(i as u32)) {
        c -= inst.policy.familiar_discount_cm;
    }
    if h.current == Some(j as u32) {
        c -= w;
    }
    c
}

/// The counts a member set must meet for a plan of `households` (with `keys` key persons) to exist:
/// capacity, qualified capacity, lower bounds the households (and those without key persons) can fill.
#[derive(Clone, Copy)]
struct Need {
    households: i64,
    keys: i64,
}

fn counts_ok(inst: &Instance, members: &[usize], need: Need) -> bool {
    let (mut lo, mut hi, mut hi_q, mut lo_u) = (0i64, 0i64, 0i64, 0i64);
    for &j in members {
        let (a, b) = (i64::from(inst.min_of(j)), i64::from(inst.max_of(j)));
        lo += a;
        hi += b;
        if inst.members[j].qualified {
            hi_q += b;
        } else {
            lo_u += a;
        }
    }
    lo <= need.households && need.households <= hi && need.keys <= hi_q && lo_u <= need.households - need.keys
}

/// The members to open (local indices) for the relaxation's values: those it opens, then adjusted one
/// member at a time (the best closed one in, the worst open one out) until the counts can be met.
fn select(
    inst: &Instance,
    g: &Group,
    value: &[f64],
    opened: &[bool],
    p: Option<usize>,
    need: Need,
    mid: bool,
) -> Option<Vec<usize>> {
    let m = g.members.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| value[a].total_cmp(&value[b]).then(a.cmp(&b)));
    let mut open = opened.to_vec();
    let q = |k: usize| inst.members[g.members[k]].qualified;
    for _ in 0..4 * m + 4 {
        let (mut lo, mut hi, mut hi_q, mut lo_u, mut cnt) = (0i64, 0i64, 0i64, 0i64, 0usize);
        for k in (0..m).filter(|&k| open[k]) {
            let j = g.members[k];
            let (a, b) = (i64::from(inst.min_of(j)), i64::from(inst.max_of(j)));
            lo += a;
            hi += b;
            cnt += 1;
            if q(k) {
                hi_q += b;
            } else {
                lo_u += a;
            }
        }
        let lo_of = |k: usize| i64::from(inst.min_of(g.members[k]));
        let hi_of = |k: usize| i64::from(inst.max_of(g.members[k]));
        // Adding prefers a member that keeps the lower bounds within reach, dropping one that keeps
        // the capacities: otherwise fixing one count could break another and the loop would cycle.
        let add = |open: &mut Vec<bool>, want_q: bool| {
            let fits =
                |k: usize| lo + lo_of(k) <= need.households && (q(k) || lo_u + lo_of(k) <= need.households - need.keys);
            let k = order
                .iter()
                .copied()
                .find(|&k| !open[k] && (!want_q || q(k)) && fits(k))
                .or_else(|| order.iter().copied().find(|&k| !open[k] && (!want_q || q(k))));
            k.map(|k| open[k] = true).is_some()
        };
        let drop = |open: &mut Vec<bool>, want_u: bool| {
            let keeps = |k: usize| hi - hi_of(k) >= need.households && (!q(k) || hi_q - hi_of(k) >= need.keys);
            let k = order
                .iter()
                .rev()
                .copied()
                .find(|&k| open[k] && (!want_u || !q(k)) && keeps(k))
                .or_else(|| order.iter().rev().copied().find(|&k| open[k] && (!want_u || !q(k))));
            k.map(|k| open[k] = false).is_some()
        };
        let done = if hi_q < need.keys {
            !add(&mut open, true)
        } else if hi < need.households || p.is_some_and(|p| cnt < p) {
            !add(&mut open, false)
        } else if lo_u > need.households - need.keys {
            !drop(&mut open, true)
        } else if lo > need.households || p.is_some_and(|p| cnt > p) {
            !drop(&mut open, false)
        } else if mid && p.is_none() && lo + hi < 2 * need.households {
            // Without a count, members are added until they would carry the households at the middle
            // of their bounds (a set at its upper bounds forces long links wherever it is thin), as
            // long as the lower bounds stay within reach.
            let k = order.iter().copied().find(|&k| {
                !open[k]
                    && lo + i64::from(inst.min_of(g.members[k])) <= need.households
                    && (q(k) || lo_u + i64::from(inst.min_of(g.members[k])) <= need.households - need.keys)
            });
            match k {
                Some(k) => {
                    open[k] = true;
                    false
                }
                None => return Some((0..m).filter(|&k| open[k]).collect()),
            }
        } else {
            return Some((0..m).filter(|&k| open[k]).collect());
        };
        if done {
            return None;
        }
    }
    None
}

/// One group: the plan (member of each household, in the group's order) and the lower bound.
fn choose_group(
    inst: &Instance,
    g: &Group,
    p: Option<usize>,
    bound_open: Open,
    stats: &mut PlanStats,
) -> Option<(Vec<u32>, i64)> {
    let items = Items::new(g.households.iter().map(|&i| {
        let h = &inst.households[i];
        (h.x, h.y, h.key_person, 1)
    }));
    let ms = Members::of(inst, &g.members);
    let need = Need {
        households: g.households.len() as i64,
        keys: g.households.iter().filter(|&&i| inst.households[i].key_person).count() as i64,
    };
    let mut dual = Dual::new(&items, &ms, bound_open);
    let solve_set = |set: &[usize], stats: &mut PlanStats| {
        let members: Vec<usize> = set.iter().map(|&k| g.members[k]).collect();
        let lo = members.iter().map(|&j| i64::from(inst.min_of(j))).collect();
        let hi = members.iter().map(|&j| i64::from(inst.max_of(j))).collect();
        let s = exact::solve(inst, g, &members, lo, hi).ok()?;
        super::add_stats(&mut stats.flow, &s.stats);
        stats.solves += 1;
        Some(s)
    };
    // The relaxation with lower bounds 0 (every member may take 0 to max households): a valid bound
    // too, and the natural loads the construction starts from.
    let members0: Vec<usize> = g.members.clone();
    let relaxed = exact::solve(inst, g, &members0, vec![0; members0.len()], ms.hi.clone()).ok()?;
    super::add_stats(&mut stats.flow, &relaxed.stats);
    stats.solves += 1;
    let first = drop_construct(inst, g, &relaxed.assign, p);
    let set = select(inst, g, &first.1, &first.0, p, need, true)?;
    let best = solve_set(&set, stats)?;
    let mut best_set = set;
    // Warm start: each item's multiplier at the distance its households travel in the relaxation
    // with lower bounds 0 (their dual price there is at least that), so that regions short of members
    // start with the high prices they need instead of climbing to them step by step.
    let mut u = vec![0.0f64; items.count.len()];
    for (pos, &j) in relaxed.assign.iter().enumerate() {
        let h = &inst.households[g.households[pos]];
        let m = &inst.members[j as usize];
        let l = items.of[pos] as usize;
        u[l] = u[l].max(cost_cm(h.x, h.y, m.x, m.y) as f64);
    }
    dual.warm(u);
    // Rounds of volume steps; between them the items the restricted lists missed join the lists.
    let work: usize = ms.x.len() * 50;
    let mut budget = (VOLUME_WORK / work.max(1)).clamp(VOLUME_MIN, VOLUME_MAX);
    let _ = dual.exact(&items, &ms);
    while budget > 0 {
        let step = budget.min(VOLUME_ROUND);
        let made = dual.volume(&items, &ms, step as u32, best.distance_cm as f64);
        let _ = dual.exact(&items, &ms);
        budget -= step;
        if (made as usize) < step {
            break;
        }
    }
    let mut assign = best.assign;
    // A second pass sees the members the first one opened; a third rarely finds anything.
    // Passes with small neighbourhoods until one applies no move, then with large ones, and back,
    // until a pass of each size in turn applies nothing: a local optimum of one size is rarely one of
    // the other (S 3×: 9.610 km with 10 only, 9.638 km with 18 only, 9.584 km alternating).
    let mut first_pass = false;
    let (mut quiet, mut size) = (0, 0);
    let mut memo = Memo::new(g.members.len(), AROUND.len());
    for _ in 0..PASSES {
        memo.size = size;
        let moved = local_search(inst, g, p, &mut assign, &mut best_set, &mut memo, stats);
        first_pass |= moved;
        if moved {
            quiet = 0;
        } else {
            quiet += 1;
            if quiet >= AROUND.len() {
                break;
            }
            size = (size + 1) % AROUND.len();
        }
    }
    if first_pass {
        // The moves re-solved neighbourhoods only: one exact solve on the final members may still
        // shorten links across neighbourhoods.
        let w = exact::churn_weight(inst, g);
        let now: i64 = g.households.iter().zip(&assign).map(|(&i, &j)| cost_of(inst, i, j as usize, w)).sum();
        if let Some(s) = solve_set(&best_set, stats)
            && s.objective <= now
        {
            assign = s.assign;
        }
    }
    let lb = dual.exact(&items, &ms).unwrap_or(0).max(relaxed.distance_cm);
    Some((assign, lb))
}

/// Drop construction: from the relaxation's assignment (lower bounds 0), close the least-loaded open
/// member one at a time, moving its households to the nearest open members with room, until every
/// open member has at least its minimum (with a count: until `p` remain). Returns the open members and
/// a score per member for [`select`] (the fewer households, the worse).
fn drop_construct(inst: &Instance, g: &Group, relaxed: &[u32], p: Option<usize>) -> (Vec<bool>, Vec<f64>) {
    let m = g.members.len();
    let mut local = vec![u32::MAX; inst.members.len()];
    for (k, &j) in g.members.iter().enumerate() {
        local[j] = k as u32;
    }
    let lo: Vec<i64> = g.members.iter().map(|&j| i64::from(inst.min_of(j))).collect();
    let hi: Vec<i64> = g.members.iter().map(|&j| i64::from(inst.max_of(j))).collect();
    let mut holds: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (pos, &j) in relaxed.iter().enumerate() {
        holds[local[j as usize] as usize].push(pos);
    }
    let natural: Vec<usize> = holds.iter().map(Vec::len).collect();
    let xs: Vec<f64> = g.members.iter().map(|&j| inst.members[j].x).collect();
    let ys: Vec<f64> = g.members.iter().map(|&j| inst.members[j].y).collect();
    let all = KdTree::new((0..m as u32).collect(), &xs, &ys);
    let qual =
        KdTree::new((0..m as u32).filter(|&k| inst.members[g.members[k as usize]].qualified).collect(), &xs, &ys);
    let mut hits = Vec::new();
    let mut open = vec![true; m];
    let mut pinned = vec![false; m];
    let mut count = m;
    loop {
        let a = (0..m)
            .filter(|&k| open[k] && !pinned[k])
            .filter(|&k| p.map_or((holds[k].len() as i64) < lo[k], |p| count > p))
            .min_by_key(|&k| (holds[k].len(), k));
        let Some(a) = a else { break };
        // Where each household of `a` goes: the nearest open member with room (eligible).
        let mut load: Vec<(usize, i64)> = Vec::new();
        let mut moves: Vec<(usize, usize)> = Vec::new();
        let mut ok = true;
        for &pos in &holds[a] {
            let h = &inst.households[g.households[pos]];
            let tree = if h.key_person { &qual } else { &all };
            let room = |b: usize, load: &Vec<(usize, i64)>| {
                let extra = load.iter().filter(|e| e.0 == b).map(|e| e.1).sum::<i64>();
                b != a && open[b] && (holds[b].len() as i64) + extra < hi[b]
            };
            let mut to = None;
            for k in [24usize, m] {
                tree.best(h.x, h.y, k, i64::MAX, &[], &mut hits);
                to = hits.iter().map(|hit| hit.id as usize).find(|&b| room(b, &load));
                if to.is_some() || k >= m {
                    break;
                }
            }
            match to {
                Some(b) => {
                    load.push((b, 1));
                    moves.push((pos, b));
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            pinned[a] = true;
            continue;
        }
        for (pos, b) in moves {
            holds[b].push(pos);
        }
        holds[a].clear();
        open[a] = false;
        count -= 1;
    }
    // Open members by load; closed ones after them, by their natural load (the ones to add first when
    // the counts need more members).
    let score = (0..m).map(|k| if open[k] { -(holds[k].len() as f64) - 1e6 } else { -(natural[k] as f64) }).collect();
    (open, score)
}

/// A move evaluated on its neighbourhood: the new member set of the neighbourhood (local indices), its
/// households (group positions) with their new members, and the change of the total cost'.
struct Tried {
    delta: i64,
    set: Vec<usize>,
    hs: Vec<usize>,
    new: Vec<u32>,
}

/// What the local search remembers between passes: when each member's neighbourhood last changed
/// and when each member was last evaluated with each neighbourhood size. A member none of whose
/// neighbours changed since its last evaluation has no improving move now (its moves read only its
/// neighbours' loads and households), so it is not evaluated again.
pub(crate) struct Memo {
    /// The neighbourhood size of the current pass (an index into [`AROUND`]).
    size: usize,
    clock: u64,
    changed: Vec<u64>,
    checked: Vec<Vec<u64>>,
}

impl Memo {
    fn new(members: usize, sizes: usize) -> Memo {
        Memo { size: 0, clock: 0, changed: vec![0; members], checked: vec![vec![0; members]; sizes] }
    }

    fn touch(&mut self, members: &[usize]) {
        self.clock += 1;
        for &k in members {
            self.changed[k] = self.clock;
        }
    }
}

/// The local search's state over one group: which members are open and what they hold.
struct Search<'a> {
    inst: &'a Instance,
    g: &'a Group,
    w: i64,
    local: Vec<u32>,
    open: Vec<bool>,
    holds: Vec<Vec<usize>>,
    near: Vec<Vec<usize>>,
    around_n: usize,
}

impl Search<'_> {
    /// The nearest open members of `a` (not `a`), at most `around_n`.
    fn around(&self, a: usize) -> Vec<usize> {
        self.near[a].iter().copied().filter(|&b| self.open[b]).take(self.around_n).collect()
    }

    /// The best of `trials` (member sets replacing `members`) for the households `members` hold,
    /// each re-solved exactly; `None` when none is feasible. A trial that cannot change the total by
    /// less than `worth` is skipped without a solve: each household at its nearest member of the trial,
    /// bounds ignored, is a relaxation of the re-solve, so when even that changes the total by `worth`
    /// or more, the exact re-solve would too.
    fn best(
        &self,
        assign: &[u32],
        members: &[usize],
        trials: Vec<Vec<usize>>,
        worth: i64,
        stats: &mut PlanStats,
    ) -> Option<Tried> {
        let (inst, g, w) = (self.inst, self.g, self.w);
        let hs: Vec<usize> = members.iter().flat_map(|&k| self.holds[k].iter().copied()).collect();
        let households: Vec<usize> = hs.iter().map(|&pos| g.households[pos]).collect();
        let before: i64 = hs.iter().map(|&pos| cost_of(inst, g.households[pos], assign[pos] as usize, w)).sum();
        let need = Need {
            households: households.len() as i64,
            keys: households.iter().filter(|&&i| inst.households[i].key_person).count() as i64,
        };
        let mut best: Option<Tried> = None;
        for t in trials {
            let ms: Vec<usize> = t.iter().map(|&k| g.members[k]).collect();
            if !counts_ok(inst, &ms, need) {
                continue;
            }
            let bar = best.as_ref().map_or(worth, |b| b.delta.min(worth));
            let relaxed: i64 = households
                .iter()
                .map(|&i| {
                    let key = inst.households[i].key_person;
                    ms.iter()
                        .filter(|&&j| !key || inst.members[j].qualified)
                        .map(|&j| cost_of(inst, i, j, w))
                        .min()
                        .unwrap_or(i64::MAX / 4)
                })
                .sum();
            if relaxed - before >= bar {
                stats.pruned += 1;
                continue;
            }
            let sub = Group { id: g.id, households: households.clone(), members: ms.clone() };
            let lo = ms.iter().map(|&j| i64::from(inst.min_of(j))).collect();
            let hi = ms.iter().map(|&j| i64::from(inst.max_of(j))).collect();
            let Ok(s) = exact::solve(inst, &sub, &ms, lo, hi) else { continue };
            stats.solves += 1;
            super::add_stats(&mut stats.flow, &s.stats);
            let cost: i64 = households.iter().zip(&s.assign).map(|(&i, &j)| cost_of(inst, i, j as usize, w)).sum();
            if best.as_ref().is_none_or(|b| cost - before < b.delta) {
                best = Some(Tried { delta: cost - before, set: t, hs: hs.clone(), new: s.assign });
            }
        }
        best
    }

    /// Applies a move found by [`Search::best`] for the households of `members`.
    fn apply(&mut self, assign: &mut [u32], members: &[usize], t: &Tried) {
        for &k in members {
            self.open[k] = false;
            self.holds[k].clear();
        }
        for &k in &t.set {
            self.open[k] = true;
        }
        for (&pos, &j) in t.hs.iter().zip(&t.new) {
            assign[pos] = j;
            self.holds[self.local[j as usize] as usize].push(pos);
        }
    }

    /// Whether opening closed member `a` could pay: the `min` households nearest to it among those of
    /// `around` would travel less.
    fn worth_opening(&self, assign: &[u32], a: usize, around: &[usize]) -> bool {
        let (inst, g) = (self.inst, self.g);
        let m = &inst.members[g.members[a]];
        let mut gains: Vec<i64> = around
            .iter()
            .flat_map(|&k| self.holds[k].iter().copied())
            .filter(|&pos| m.qualified || !inst.households[g.households[pos]].key_person)
            .map(|pos| {
                let h = &inst.households[g.households[pos]];
                cost_of(inst, g.households[pos], assign[pos] as usize, self.w) - cost_cm(h.x, h.y, m.x, m.y)
            })
            .collect();
        gains.sort_unstable_by(|x, y| y.cmp(x));
        let lo = (inst.min_of(g.members[a]) as usize).max(1);
        gains.len() >= lo && gains[..lo].iter().sum::<i64>() > 0
    }
}

/// Moves, each evaluated by an exact re-solve of its neighbourhood: for an open member, a swap with a
/// nearby closed one or (without `count`) closing it; for a closed member, opening it (without
/// `count`), or, with `count`, opening it while closing the member elsewhere whose closing costs least.
/// Returns whether a move was applied. `assign` holds instance member indices; `set` local indices of
/// open members.
fn local_search(
    inst: &Instance,
    g: &Group,
    p: Option<usize>,
    assign: &mut [u32],
    set: &mut Vec<usize>,
    memo: &mut Memo,
    stats: &mut PlanStats,
) -> bool {
    let size = memo.size;
    let around_n = AROUND[size];
    let m = g.members.len();
    let mut local = vec![u32::MAX; inst.members.len()];
    for (k, &j) in g.members.iter().enumerate() {
        local[j] = k as u32;
    }
    let mut open = vec![false; m];
    for &k in set.iter() {
        open[k] = true;
    }
    let mut holds: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (pos, &j) in assign.iter().enumerate() {
        holds[local[j as usize] as usize].push(pos);
    }
    let xs: Vec<f64> = g.members.iter().map(|&j| inst.members[j].x).collect();
    let ys: Vec<f64> = g.members.iter().map(|&j| inst.members[j].y).collect();
    let tree = KdTree::new((0..m as u32).collect(), &xs, &ys);
    let mut hits = Vec::new();
    let near: Vec<Vec<usize>> = (0..m)
        .map(|k| {
            tree.best(xs[k], ys[k], NEIGHBOURS + 1, i64::MAX, &[], &mut hits);
            hits.iter().map(|h| h.id as usize).filter(|&b| b != k).collect()
        })
        .collect();
    let mut s = Search { inst, g, w: exact::churn_weight(inst, g), local, open, holds, near, around_n };
    let mut rng = inst.policy.seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut order: Vec<usize> = (0..m).collect();
    for k in (1..m).rev() {
        order.swap(k, (next() % (k as u64 + 1)) as usize);
    }
    // With a count: what closing each open member costs, found once per pass (a member whose
    // neighbourhood a later move touched is skipped: its figure is stale).
    let mut closing: Vec<(i64, usize, Vec<usize>, Tried)> = Vec::new();
    let mut dirty = vec![false; m];
    if p.is_some() {
        for c in (0..m).filter(|&c| s.open[c]) {
            let around = s.around(c);
            let members: Vec<usize> = std::iter::once(c).chain(around.iter().copied()).collect();
            if let Some(t) = s.best(assign, &members, vec![around], i64::MAX, stats) {
                closing.push((t.delta, c, members, t));
            }
        }
        closing.sort_by_key(|e| (e.0, e.1));
    }
    let mut any = false;
    for &a in &order {
        // Nothing near `a` changed since it was last evaluated with this size: no move (a count's
        // paired close elsewhere may have changed, so closed members are always tried then).
        let seen = memo.checked[size][a];
        let quiet = seen > 0
            && memo.changed[a] < seen
            && s.near[a].iter().all(|&b| memo.changed[b] < seen)
            && (s.open[a] || p.is_none());
        if quiet {
            continue;
        }
        let moves_before = stats.moves;
        evaluate(&mut s, a, p, assign, &mut closing, &mut dirty, memo, stats);
        any |= stats.moves > moves_before;
        memo.checked[size][a] = memo.clock + 1;
    }
    *set = (0..m).filter(|&k| s.open[k]).collect();
    any
}

/// Evaluates the moves of member `a` and applies the best improving one.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    s: &mut Search<'_>,
    a: usize,
    p: Option<usize>,
    assign: &mut [u32],
    closing: &mut Vec<(i64, usize, Vec<usize>, Tried)>,
    dirty: &mut [bool],
    memo: &mut Memo,
    stats: &mut PlanStats,
) {
    {
        if s.open[a] {
            let around = s.around(a);
            let members: Vec<usize> = std::iter::once(a).chain(around.iter().copied()).collect();
            let mut trials: Vec<Vec<usize>> = Vec::new();
            for &b in s.near[a].iter().filter(|&&b| !s.open[b]).take(SWAPS) {
                trials.push(around.iter().copied().chain(std::iter::once(b)).collect());
            }
            if p.is_none() {
                trials.push(around.clone());
            }
            if let Some(t) = s.best(assign, &members, trials, 0, stats).filter(|t| t.delta < 0) {
                s.apply(assign, &members, &t);
                let touched: Vec<usize> = members.iter().chain(&t.set).copied().collect();
                for &k in &touched {
                    dirty[k] = true;
                }
                memo.touch(&touched);
                stats.moves += 1;
            }
            return;
        }
        let around = s.around(a);
        if !s.worth_opening(assign, a, &around) {
            return;
        }
        let trial = vec![around.iter().copied().chain(std::iter::once(a)).collect()];
        // Without a count the open move must pay by itself; with one, at least the cheapest close.
        let worth = match p {
            None => 0,
            Some(_) => closing.first().map_or(0, |c| -c.0),
        };
        let Some(t) = s.best(assign, &around, trial, worth, stats) else { return };
        if p.is_none() {
            if t.delta < 0 {
                s.apply(assign, &around, &t);
                let touched: Vec<usize> = around.iter().chain(&t.set).copied().collect();
                for &k in &touched {
                    dirty[k] = true;
                }
                memo.touch(&touched);
                stats.moves += 1;
            }
            return;
        }
        // With a count, opening `a` pays only with the cheapest close elsewhere (a neighbourhood
        // apart from `a`'s, not touched since its figure was found).
        let touched: Vec<usize> = around.iter().copied().chain(std::iter::once(a)).collect();
        let pick = closing
            .iter()
            .position(|(_, c, members, _)| s.open[*c] && !members.iter().any(|k| dirty[*k] || touched.contains(k)));
        let Some(at) = pick else { return };
        if t.delta + closing[at].0 >= 0 {
            return;
        }
        let (_, _, members, close) = closing.remove(at);
        s.apply(assign, &around, &t);
        s.apply(assign, &members, &close);
        let all: Vec<usize> = touched.iter().chain(&members).copied().collect();
        for &k in &all {
            dirty[k] = true;
        }
        memo.touch(&all);
        stats.moves += 2;
    }
}
