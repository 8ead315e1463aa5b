//! A Lagrangian lower bound for the member-choosing mode and for weighted households, and the member
//! values that guide which members to open.
//!
//! # The relaxation
//! Households are aggregated into *items* (same coordinates, key-person flag and weight: they are
//! interchangeable). Member `j` is either closed or open with a load (in weight) in `[lo_j, hi_j]`.
//! Relaxing "every household is linked once" with a multiplier `u_l` per household of item `l` splits
//! the problem by member: an open member takes the households of smallest `(d_lj − u_l) / w_l` (a
//! continuous knapsack: at least `lo_j`, then more while that is negative, at most `hi_j`), its value
//! `V_j(u)` being the sum of `d_lj − u_l` taken. Then
//!
//! `L(u) = Σ_l count_l · u_l + Σ_{j open} V_j(u)`
//!
//! with the members opened as the mode allows ([`Open`]). Every `u` gives a valid lower bound of every
//! plan's total distance; it equals the LP relaxation with the strong `x_lj ≤ y_j` linking (the
//! knapsack has the integrality property for unit weights). It is much stronger than relaxing the
//! lower bounds to 0, because a member cannot take a few households at full rate: it is open at
//! `lo_j` or not at all.
//!
//! # Computing it
//! `u` is improved by subgradient steps (Polyak's rule with a target) on *restricted* lists: each member
//! sees its nearest items, and each item is seen by its nearest members. On a restricted list `V_j` can
//! only be too high, so the final `u` is evaluated once more against every item ([`Dual::exact`]), which
//! makes the reported bound valid whatever the lists missed.

use super::spatial::{Hit, KdTree, cost_cm};

/// Items seen by each member in the subgradient phase (beyond the lower bound of 10–15 households,
/// enough for a member to choose among its neighbours).
const MEMBER_ITEMS: usize = 40;
/// Members that see each item (so that no item is invisible to every member).
const ITEM_MEMBERS: usize = 3;

/// The households of one group, aggregated.
#[derive(Debug, Clone, Default)]
pub(crate) struct Items {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// Households in the item.
    pub count: Vec<i64>,
    /// The weight of each of them.
    pub weight: Vec<i64>,
    pub key: Vec<bool>,
    /// The item of each household of the group, in the group's order.
    pub of: Vec<u32>,
}

impl Items {
    /// Aggregates households given as (x, y, key, weight) in the group's order.
    pub(crate) fn new(hs: impl Iterator<Item = (f64, f64, bool, i64)>) -> Items {
        let mut items = Items::default();
        let mut index: std::collections::HashMap<(u64, u64, bool, i64), u32> = std::collections::HashMap::new();
        for (x, y, key, w) in hs {
            let k = (x.to_bits(), y.to_bits(), key, w);
            let l = *index.entry(k).or_insert_with(|| {
                items.x.push(x);
                items.y.push(y);
                items.count.push(0);
                items.weight.push(w);
                items.key.push(key);
                items.x.len() as u32 - 1
            });
            items.count[l as usize] += 1;
            items.of.push(l);
        }
        items
    }

    fn len(&self) -> usize {
        self.x.len()
    }
}

/// The members of one group.
#[derive(Debug, Clone, Default)]
pub(crate) struct Members {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub lo: Vec<i64>,
    pub hi: Vec<i64>,
    pub qualified: Vec<bool>,
}

impl Members {
    /// The members `members` of `inst`, with their own bounds.
    pub(crate) fn of(inst: &super::Instance, members: &[usize]) -> Members {
        Members {
            x: members.iter().map(|&j| inst.members[j].x).collect(),
            y: members.iter().map(|&j| inst.members[j].y).collect(),
            lo: members.iter().map(|&j| i64::from(inst.min_of(j))).collect(),
            hi: members.iter().map(|&j| i64::from(inst.max_of(j))).collect(),
            qualified: members.iter().map(|&j| inst.members[j].qualified).collect(),
        }
    }
}

/// Which members the relaxation may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    /// Every member (the every-member-used mode, weighted).
    All,
    /// Any (those of negative value).
    Free,
    /// Exactly this many (those of smallest value).
    Exactly(usize),
}

/// The state of the dual.
pub(crate) struct Dual {
    /// Candidate items of each member: (item, distance in cm).
    lists: Vec<Vec<(u32, i64)>>,
    /// Multipliers per household of each item (cm).
    pub u: Vec<f64>,
    /// The multipliers of the best bound seen.
    pub best_u: Vec<f64>,
    /// The best (restricted) bound seen.
    pub best: f64,
    /// `V_j` at the last evaluation (restricted; `+∞` when the member cannot reach its lower bound).
    pub value: Vec<f64>,
    /// The previous direction (steps follow `g + ½·previous`, which damps the zigzag of plain
    /// subgradient steps).
    dir: Vec<f64>,
    open: Open,
    lambda: f64,
    stall: u32,
    scratch: Vec<(f64, u32, i64)>,
}

/// Fills one member (continuous knapsack over `entries` of (ratio, item, distance)), sorted here.
/// Returns its value and the ratio at which the fill stopped (no item of a smaller ratio outside
/// `entries` may exist for the value to be exact); `+∞` value when the lower bound is out of reach.
/// `take` receives (item, households taken).
fn fill(
    entries: &mut [(f64, u32, i64)],
    items: &Items,
    u: &[f64],
    lo: i64,
    hi: i64,
    mut take: impl FnMut(u32, f64, i64),
) -> (f64, f64) {
    // Every entry carries at least one unit of weight, so the fill never reads past the `hi`
    // smallest: those are selected (linear) and only they sorted.
    let cmp = |a: &(f64, u32, i64), b: &(f64, u32, i64)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    let k = (hi.max(0) as usize).min(entries.len());
    let entries = if k < entries.len() {
        entries.select_nth_unstable_by(k, cmp);
        &mut entries[..k]
    } else {
        entries
    };
    entries.sort_unstable_by(cmp);
    let (lo, hi) = (lo as f64, hi as f64);
    let (mut load, mut val, mut last) = (0.0f64, 0.0f64, f64::NEG_INFINITY);
    for &(r, l, d) in entries.iter() {
        if load >= hi || (load >= lo && r >= 0.0) {
            break;
        }
        let w = items.weight[l as usize] as f64;
        let want = if load < lo && r >= 0.0 { lo - load } else { hi - load };
        let units = want.min(items.count[l as usize] as f64 * w);
        let households = units / w;
        val += households * (d as f64 - u[l as usize]);
        load += units;
        last = r;
        take(l, households, d);
    }
    if load < lo - 1e-9 {
        return (f64::INFINITY, f64::INFINITY);
    }
    let stop = if load >= hi - 1e-9 { last } else { last.max(0.0) };
    (val, stop)
}

// The loops below walk parallel arrays (items or members) by index: an index loop says it plainly.
#[allow(clippy::needless_range_loop)]
impl Dual {
    /// Builds the restricted lists and starts from `u_l` = the distance to the nearest eligible member.
    pub(crate) fn new(items: &Items, members: &Members, open: Open) -> Dual {
        let n = items.len();
        let m = members.x.len();
        let all_items = KdTree::new((0..n as u32).collect(), &items.x, &items.y);
        let plain_items = KdTree::new((0..n as u32).filter(|&l| !items.key[l as usize]).collect(), &items.x, &items.y);
        let all_members = KdTree::new((0..m as u32).collect(), &members.x, &members.y);
        let qual_members =
            KdTree::new((0..m as u32).filter(|&j| members.qualified[j as usize]).collect(), &members.x, &members.y);
        let mut hits: Vec<Hit> = Vec::new();
        let mut lists: Vec<Vec<(u32, i64)>> = Vec::with_capacity(m);
        for j in 0..m {
            let tree = if members.qualified[j] { &all_items } else { &plain_items };
            let k = MEMBER_ITEMS.max(2 * members.hi[j].max(0) as usize);
            tree.best(members.x[j], members.y[j], k, i64::MAX, &[], &mut hits);
            lists.push(hits.iter().map(|h| (h.id, h.cost)).collect());
        }
        let mut u = vec![0.0; n];
        for l in 0..n {
            let tree = if items.key[l] { &qual_members } else { &all_members };
            tree.best(items.x[l], items.y[l], ITEM_MEMBERS, i64::MAX, &[], &mut hits);
            u[l] = hits.first().map(|h| h.cost as f64).unwrap_or(0.0);
            for h in &hits {
                let list = &mut lists[h.id as usize];
                if !list.iter().any(|e| e.0 == l as u32) {
                    list.push((l as u32, h.cost));
                }
            }
        }
        Dual {
            lists,
            best_u: u.clone(),
            u,
            best: f64::NEG_INFINITY,
            value: vec![0.0; m],
            dir: vec![0.0; n],
            open,
            lambda: 1.0,
            stall: 0,
            scratch: Vec::new(),
        }
    }

    /// `iterations` subgradient steps towards `target` (an upper bound; without one, 5% above the best
    /// bound so far, a guess that the steps then correct).
    pub(crate) fn improve(&mut self, items: &Items, members: &Members, iterations: u32, target: Option<f64>) {
        let n = items.len();
        let m = members.x.len();
        let mut take: Vec<Vec<(u32, f64, i64)>> = vec![Vec::new(); m];
        let mut g = vec![0.0f64; n];
        let mut open = Vec::new();
        for _ in 0..iterations {
            let (l_u, _) = self.evaluate(items, members, &mut take, &mut open, &mut g);
            if !self.best.is_finite() || l_u > self.best + 1e-6 * self.best.abs().max(1.0) {
                self.best = l_u;
                self.best_u.clone_from(&self.u);
                self.stall = 0;
            } else {
                self.stall += 1;
                if self.stall >= 40 {
                    self.lambda = (self.lambda / 2.0).max(1e-4);
                    self.stall = 0;
                }
            }
            let beta = 0.5;
            for (d, &gl) in self.dir.iter_mut().zip(&g) {
                *d = gl + beta * *d;
            }
            let norm: f64 = self.dir.iter().map(|x| x * x).sum();
            if norm < 1e-12 || !l_u.is_finite() {
                break;
            }
            let target = target.unwrap_or(self.best.abs() * 1.05 + 100.0);
            let step = self.lambda * (target - l_u).max(1e-3 * l_u.abs().max(1.0)) / norm;
            for (ul, gl) in self.u.iter_mut().zip(&self.dir) {
                *ul += step * gl;
            }
        }
        // Leave `value` at the best multipliers, for the caller's choice of members.
        self.u.clone_from(&self.best_u);
        for j in 0..m {
            self.value[j] = self.fill_member(items, members, j, |_, _, _| ());
        }
    }

    /// Member `j`'s value at the current `u` on its restricted list; `take` receives what it takes.
    fn fill_member(&mut self, items: &Items, members: &Members, j: usize, take: impl FnMut(u32, f64, i64)) -> f64 {
        let mut entries = std::mem::take(&mut self.scratch);
        entries.clear();
        entries.extend(
            self.lists[j]
                .iter()
                .map(|&(l, d)| ((d as f64 - self.u[l as usize]) / items.weight[l as usize] as f64, l, d)),
        );
        let value = fill(&mut entries, items, &self.u, members.lo[j], members.hi[j], take).0;
        self.scratch = entries;
        value
    }

    /// Starts from multipliers `u` (one per item) instead of the nearest distances.
    pub(crate) fn warm(&mut self, u: Vec<f64>) {
        self.best_u.clone_from(&u);
        self.u = u;
        self.best = f64::NEG_INFINITY;
    }

    /// One evaluation of the (restricted) subproblem at `u`: fills `value`, each member's takes and
    /// the opened members; returns `(L(u), cost of the takes of the open members)` and leaves the
    /// subgradient `count_l − Σ_open take_jl` in `g`.
    fn evaluate(
        &mut self,
        items: &Items,
        members: &Members,
        take: &mut [Vec<(u32, f64, i64)>],
        open: &mut Vec<bool>,
        g: &mut [f64],
    ) -> (f64, f64) {
        let n = items.len();
        let m = members.x.len();
        for j in 0..m {
            let t = &mut take[j];
            t.clear();
            self.value[j] = self.fill_member(items, members, j, |l, h, d| t.push((l, h, d)));
        }
        *open = open_set(&self.value, self.open);
        let mut z: f64 = (0..n).map(|l| items.count[l] as f64 * self.u[l]).sum();
        for (l, gl) in g.iter_mut().enumerate() {
            *gl = items.count[l] as f64;
        }
        let mut cost = 0.0;
        for j in (0..m).filter(|&j| open[j]) {
            z += self.value[j];
            for &(l, h, d) in &take[j] {
                g[l as usize] -= h;
                cost += h * d as f64;
            }
        }
        (z, cost)
    }

    /// The volume algorithm (Barahona & Anbil, 2000) from the best multipliers so far, towards
    /// `target` (an upper bound, the incumbent plan's cost): steps follow the *average* of past
    /// subgradients, which is also an approximate primal solution of the LP (its cost is averaged
    /// alongside). Stops after `iterations`, or when that averaged primal is nearly feasible (0.2% of
    /// the households off) and its cost within 0.05% of the bound: the LP is then solved. Returns the
    /// iterations made.
    pub(crate) fn volume(&mut self, items: &Items, members: &Members, iterations: u32, target: f64) -> u32 {
        let n = items.len();
        let m = members.x.len();
        if n == 0 || m == 0 {
            return 0;
        }
        let total: f64 = items.count.iter().map(|&c| c as f64).sum();
        let mut take: Vec<Vec<(u32, f64, i64)>> = vec![Vec::new(); m];
        let mut open = Vec::new();
        let mut g = vec![0.0f64; n];
        self.u.clone_from(&self.best_u);
        let (z0, c0) = self.evaluate(items, members, &mut take, &mut open, &mut g);
        if !z0.is_finite() {
            return 0;
        }
        let (mut z_bar, mut u_bar) = (z0, self.u.clone());
        if z0 > self.best {
            self.best = z0;
            self.best_u.clone_from(&self.u);
        }
        let mut g_bar = g.clone();
        let mut c_bar = c0;
        let (mut lambda, mut alpha_max) = (0.1f64, 0.1f64);
        let (mut reds, mut since, mut mark) = (0u32, 0u32, z_bar);
        let mut made = 0;
        for _ in 0..iterations {
            made += 1;
            let norm: f64 = g_bar.iter().map(|x| x * x).sum();
            let infeasible = g_bar.iter().map(|x| x.abs()).sum::<f64>() / total;
            if infeasible < 0.002 && (c_bar - z_bar).abs() <= 5e-4 * z_bar.abs().max(1.0) {
                break;
            }
            if norm < 1e-12 {
                break;
            }
            let t = target.max(z_bar + 1e-4 * z_bar.abs().max(100.0));
            let step = lambda * (t - z_bar) / norm;
            for ((u, &ub), &gb) in self.u.iter_mut().zip(&u_bar).zip(&g_bar) {
                *u = ub + step * gb;
            }
            let (z, c) = self.evaluate(items, members, &mut take, &mut open, &mut g);
            if !z.is_finite() {
                break;
            }
            // α minimising the norm of the new average, within [α_max / 10, α_max].
            let (mut num, mut den) = (0.0, 0.0);
            for (&gt, &gb) in g.iter().zip(&g_bar) {
                num += gb * (gb - gt);
                den += (gb - gt) * (gb - gt);
            }
            let alpha = if den > 0.0 { (num / den).clamp(alpha_max / 10.0, alpha_max) } else { alpha_max };
            let dot: f64 = g.iter().zip(&g_bar).map(|(a, b)| a * b).sum();
            for (gb, &gt) in g_bar.iter_mut().zip(&g) {
                *gb = alpha * gt + (1.0 - alpha) * *gb;
            }
            c_bar = alpha * c + (1.0 - alpha) * c_bar;
            if z > z_bar {
                // Green when the new subgradient still points the way of the average: a longer step.
                if dot >= 0.0 {
                    lambda = (lambda * 1.1).min(2.0);
                }
                reds = 0;
                z_bar = z;
                u_bar.clone_from(&self.u);
                if z > self.best {
                    self.best = z;
                    self.best_u.clone_from(&self.u);
                }
            } else {
                reds += 1;
                if reds >= 20 {
                    lambda = (lambda * 0.66).max(1e-5);
                    reds = 0;
                }
            }
            since += 1;
            if since >= 100 {
                if z_bar < mark + 0.01 * mark.abs() {
                    alpha_max = (alpha_max / 2.0).max(1e-5);
                }
                since = 0;
                mark = z_bar;
            }
        }
        self.u.clone_from(&self.best_u);
        made
    }

    /// The bound at the best multipliers (rounded to whole centimetres), evaluated against every
    /// eligible item, so valid whatever the restricted lists missed. `None` when the relaxation has no
    /// solution (e.g. fewer members can reach their lower bound than must be opened).
    /// The items found outside a member's list join it (for later steps: they are the ones whose
    /// multipliers the restricted lists were blind to).
    pub(crate) fn exact(&mut self, items: &Items, members: &Members) -> Option<i64> {
        let n = items.len();
        let m = members.x.len();
        let u: Vec<f64> = self.best_u.iter().map(|v| v.round()).collect();
        let mut value = vec![0.0; m];
        let mut entries: Vec<(f64, u32, i64)> = Vec::new();
        let mut seen = vec![u32::MAX; n];
        for j in 0..m {
            entries.clear();
            for &(l, d) in &self.lists[j] {
                entries.push(((d as f64 - u[l as usize]) / items.weight[l as usize] as f64, l, d));
                seen[l as usize] = j as u32;
            }
            let (_, stop) = fill(&mut entries.clone(), items, &u, members.lo[j], members.hi[j], |_, _, _| ());
            // Every eligible item outside the list whose ratio beats the stopping ratio joins; the fill
            // on the union is then exact (a better item can only lower the stopping ratio).
            let before = entries.len();
            for l in 0..n {
                if seen[l] == j as u32 || (items.key[l] && !members.qualified[j]) {
                    continue;
                }
                let d = cost_cm(members.x[j], members.y[j], items.x[l], items.y[l]);
                let r = (d as f64 - u[l]) / items.weight[l] as f64;
                if r < stop {
                    entries.push((r, l as u32, d));
                }
            }
            let found: Vec<(u32, i64)> = entries[before..].iter().map(|e| (e.1, e.2)).collect();
            self.lists[j].extend(found);
            value[j] = fill(&mut entries, items, &u, members.lo[j], members.hi[j], |_, _, _| ()).0;
        }
        let open = open_set(&value, self.open);
        if self.open != Open::Free && (0..m).any(|j| open[j] && !value[j].is_finite()) {
            return None;
        }
        let mut total: f64 = (0..n).map(|l| items.count[l] as f64 * u[l]).sum();
        total += (0..m).filter(|&j| open[j]).map(|j| value[j]).sum::<f64>();
        if !total.is_finite() {
            return None;
        }
        // Fractional takes (weights) sum in floating point: one centimetre of margin keeps it a bound.
        let margin = if items.weight.iter().all(|&w| w == 1) { 0.0 } else { 1.0 };
        Some((total - margin).floor().max(0.0) as i64)
    }
}

/// The members opened for values `value`.
fn open_set(value: &[f64], open: Open) -> Vec<bool> {
    match open {
        Open::All => vec![true; value.len()],
        Open::Free => value.iter().map(|&v| v < 0.0).collect(),
        Open::Exactly(p) => {
            let mut order: Vec<usize> = (0..value.len()).collect();
            order.sort_by(|&a, &b| value[a].total_cmp(&value[b]).then(a.cmp(&b)));
            let mut out = vec![false; value.len()];
            for &j in order.iter().take(p) {
                out[j] = true;
            }
            out
        }
    }
}
