//! Augmenting paths: the forward and backward Dijkstra searches on reduced costs over the
//! member-level arcs, the potential updates that make their tree paths tight, and the units moved along
//! them.

use std::cmp::Reverse;

use super::Transport;
use crate::radix_heap::RadixHeap;

/// Units of deficit one search looks for (when its source has that much excess). Paths from one source
/// share their first arcs, so more than a few rarely stay intact, and a search that goes on for more
/// deficits settles more nodes: on M, 4 settled 9% fewer nodes than 1, and the whole excess 21% more.
const BATCH: i64 = 4;

#[derive(Debug, Clone, Copy)]
pub(super) enum Pred {
    /// Reached by moving household `i` from its member.
    Household(u32),
    /// A member reached from `t` (its arc to `t` carries one unit less).
    FromSink,
    /// `t` reached from member `b` (its arc to `t` carries one unit more).
    ToSink(u32),
    Source,
}

/// One arc of an augmenting path.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step {
    /// A household of `from` (`i`, or another making the same tight move) moves to `to`.
    Move { from: u32, to: u32, i: u32 },
    /// `t → c`: the arc `c → t` carries one unit less.
    FromSink(u32),
    /// `b → t`: the arc `b → t` carries one unit more.
    ToSink(u32),
}

/// The search label of a node, in one place so that relaxing an arc touches one cache line.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Label {
    /// Tentative distance in the current search.
    dist: i64,
    /// `2 · search` once reached in that search, `2 · search + 1` once settled (searches count up).
    mark: u32,
    /// The node it was reached from (with `pred`, the arc).
    parent: u32,
}

impl Transport {
    /// Whether member `j` was settled by the last search.
    pub(super) fn settled_last(&self, j: usize) -> bool {
        self.lab[j].mark == 2 * self.now + 1
    }

    /// Rebuilds the member-level arcs of `a` from its households' candidate arcs.
    fn rebuild(&mut self, a: usize) {
        let cheap = &mut self.cheapest;
        cheap.start();
        for &i in &self.list[a] {
            let ac = self.acost[i as usize];
            self.cand.each(i as usize, |b, c| {
                if b as usize != a {
                    cheap.offer(b, c - ac, i);
                }
            });
        }
        cheap.finish(&mut self.out[a]);
        self.dirty[a] = false;
        self.stats.rebuilds += 1;
    }

    /// Rebuilds the member-level arcs into `b` from the reverse candidate arcs.
    fn rebuild_in(&mut self, b: usize) {
        let cheap = &mut self.cheapest;
        cheap.start();
        let (assign, acost) = (&self.assign, &self.acost);
        self.rev.each(b, |i, c| {
            let a = assign[i as usize];
            if a as usize != b {
                cheap.offer(a, c - acost[i as usize], i);
            }
        });
        cheap.finish(&mut self.inn[b]);
        self.in_dirty[b] = false;
        self.stats.rebuilds_in += 1;
    }

    /// One Dijkstra from `s` to the nearest deficits (as many units of deficit as `s` has excess; the
    /// sink, when `s` is a member, takes any number), then one unit along each shortest path that is
    /// still intact; false when no deficit is reachable (the settled set is left marked for
    /// [`Transport::repair`]).
    ///
    /// Why several paths per search: a source with a large excess (a settlement with more households
    /// than its members can take) would otherwise run one search per unit. After the potential update
    /// every path of the shortest-path tree to a settled deficit is tight, so augmenting along any of
    /// them keeps every reduced cost non-negative; a path is only skipped when an earlier one used up
    /// one of its arcs.
    pub(super) fn augment_from(&mut self, s: usize) -> bool {
        let m = self.m();
        let want = self.excess(s).min(BATCH);
        let mut targets = std::mem::take(&mut self.targets);
        if !self.search(s as u32, want, &mut targets) {
            self.targets = targets;
            return false;
        }
        let mut first = true;
        'paths: for &target in &targets {
            // A deficit may take several units along the same path, while every arc still has room.
            while self.excess(s) > 0 && (self.excess(target) < 0 || (target == m && s != m)) {
                self.trace(target, s, true);
                if !self.tight_path() {
                    debug_assert!(!first, "the nearest deficit's path is always tight");
                    continue 'paths;
                }
                first = false;
                self.apply_path();
            }
            if self.excess(s) <= 0 {
                break;
            }
        }
        self.targets = targets;
        true
    }

    /// One backward Dijkstra from the deficit `d` to the nearest node that can give it a unit (the
    /// sink, through a member above its lower bound, or a member with excess), then units along that
    /// path while it stays tight; false when nothing can reach `d` through the candidate arcs.
    pub(super) fn augment_to(&mut self, d: usize) -> bool {
        let m = self.m();
        let Some(x) = self.search_back(d) else {
            return false;
        };
        let mut first = true;
        while self.excess(d) < 0 && (x == m || self.excess(x) > 0) {
            self.trace(x, d, false);
            if !self.tight_path() {
                debug_assert!(!first, "the shortest path is tight");
                break;
            }
            first = false;
            self.apply_path();
        }
        true
    }

    /// Writes into `path` the tree path walked from `start` up the parents to the search's `root`:
    /// after a forward search `start` is the target and each arc runs parent → node; after a backward
    /// search `start` is the source and each arc runs node → parent.
    fn trace(&mut self, start: usize, root: usize, forward: bool) {
        self.path.clear();
        let mut v = start;
        while v != root {
            let p = self.lab[v].parent as usize;
            let (from, to) = if forward { (p, v) } else { (v, p) };
            self.path.push(match self.pred[v] {
                Pred::Household(i) => Step::Move { from: from as u32, to: to as u32, i },
                Pred::FromSink => Step::FromSink(to as u32),
                Pred::ToSink(b) => Step::ToSink(b),
                Pred::Source => unreachable!("the root has no parent"),
            });
            v = p;
        }
    }

    /// Checks that every step of `path` still exists in the residual graph and is tight, and picks for
    /// each household move a household that can make it (`hop`).
    fn tight_path(&mut self) -> bool {
        let m = self.m();
        for k in 0..self.path.len() {
            match self.path[k] {
                Step::Move { from, to, i } => {
                    let (u, v) = (from as usize, to as usize);
                    let rc = |t: &Transport, h: usize| -> Option<i64> {
                        if t.assign[h] as usize != u {
                            return None;
                        }
                        let c = t.cand.cost(h, v as u32)?;
                        Some(c - t.acost[h] + t.pi[u] - t.pi[v])
                    };
                    let i = i as usize;
                    let h = if rc(self, i) == Some(0) {
                        i
                    } else {
                        // Another household of `u` at the same spot may make the same tight move (one
                        // elsewhere rarely can, and checking every household was 12% of the time).
                        let same =
                            |t: &Transport, h: usize| t.hx[h] == t.hx[i] && t.hy[h] == t.hy[i] && t.key[h] == t.key[i];
                        match self.list[u]
                            .iter()
                            .map(|&h| h as usize)
                            .find(|&h| same(self, h) && rc(self, h) == Some(0))
                        {
                            Some(h) => h,
                            None => return false,
                        }
                    };
                    self.hop[k] = h as u32;
                }
                Step::FromSink(c) => {
                    let c = c as usize;
                    if self.f[c] <= 0 || self.pi[m] != self.pi[c] {
                        return false;
                    }
                }
                Step::ToSink(b) => {
                    let b = b as usize;
                    if self.f[b] >= self.hi[b] - self.lo[b] || self.pi[b] != self.pi[m] {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Moves one unit along the path checked by [`Transport::tight_path`].
    fn apply_path(&mut self) {
        for k in 0..self.path.len() {
            match self.path[k] {
                Step::Move { to, .. } => {
                    let h = self.hop[k] as usize;
                    let c = self.cand.cost(h, to).unwrap_or(0);
                    self.move_household(h, to, c);
                }
                Step::FromSink(c) => {
                    self.f[c as usize] -= 1;
                    self.et -= 1;
                    self.touch_t(c as usize);
                }
                Step::ToSink(b) => {
                    self.f[b as usize] += 1;
                    self.et += 1;
                    self.touch_t(b as usize);
                }
            }
        }
        self.stats.augmentations += 1;
    }

    /// Dijkstra on reduced costs from `source`, stopped once the settled deficits sum to `want` units
    /// (or everything reachable is settled; a member source stops at `t` whatever its balance, and
    /// never searches on through it); the deficits reached go to `targets`, nearest first. Then
    /// settled nodes move their potential by `min(d, D) − D` (`D`: the last target's distance), which
    /// keeps every reduced cost non-negative and makes every tree path to a target tight.
    /// False: no deficit is reachable (the settled set stays marked for [`Transport::repair`]).
    pub(super) fn search(&mut self, source: u32, want: i64, targets: &mut Vec<usize>) -> bool {
        let m = self.m();
        // Node `m + 1` in the heap is the cursor over `t`'s successors.
        let cursor = (m + 1) as u32;
        let s = source as usize;
        let (now, mut heap, mut settled) = self.begin_search(s);
        targets.clear();
        let mut found = 0;
        while let Some((d, v)) = heap.pop() {
            if v == cursor {
                // The next arc t → c, cheapest first.
                if let Some(c) = self.t_next() {
                    let c = c as usize;
                    let nd = self.lab[m].dist + self.pi[m] - self.pi[c];
                    self.relax_into(&mut heap, c, nd, Pred::FromSink, m, now);
                    heap.push(nd, cursor);
                }
                continue;
            }
            let v = v as usize;
            if self.lab[v].mark == 2 * now + 1 || d > self.lab[v].dist {
                continue;
            }
            self.lab[v].mark = 2 * now + 1;
            settled.push(v as u32);
            if v == m && s != m {
                targets.push(v);
                break;
            }
            let e = self.excess(v);
            if e < 0 {
                targets.push(v);
                found -= e;
                if found >= want {
                    break;
                }
            }
            if v == m {
                if let Some(c) = self.t_next() {
                    let c = c as usize;
                    let nd = d + self.pi[m] - self.pi[c];
                    self.relax_into(&mut heap, c, nd, Pred::FromSink, m, now);
                    heap.push(nd, cursor);
                }
                continue;
            }
            if self.dirty[v] {
                self.rebuild(v);
            }
            let pa = self.pi[v];
            relax_members(&mut self.lab, &mut self.pred, &mut heap, &self.pi, &self.out[v], v, d, now, 1);
            if self.f[v] < self.hi[v] - self.lo[v] {
                let nd = d + pa - self.pi[m];
                self.relax_into(&mut heap, m, nd, Pred::ToSink(v as u32), v, now);
            }
        }
        // Valid successors of t popped during the search go back (re-filed below if they changed).
        for e in std::mem::take(&mut self.tpopped) {
            self.tq.push(Reverse(e));
        }
        self.stats.settled += settled.len() as u64;
        self.heap = heap;
        let Some(&last) = targets.last() else {
            self.settled = settled;
            return false;
        };
        self.shift_potentials(&settled, self.lab[last].dist, 1);
        self.settled = settled;
        true
    }

    /// Backward Dijkstra on reduced costs from the deficit `d` over the arcs into each settled node
    /// (household moves found through `rev`, and `t → v` when `f_v > 0`), stopped at the first settled
    /// node that can give a unit: `t`, or a member with excess. Settled nodes then move their potential
    /// by `D − min(d, D)` (the mirror of [`Transport::search`]), which keeps every reduced cost
    /// non-negative and makes the tree path tight. `t` is never searched through.
    fn search_back(&mut self, d: usize) -> Option<usize> {
        let m = self.m();
        let (now, mut heap, mut settled) = self.begin_search(d);
        let mut found = None;
        while let Some((dist, v)) = heap.pop() {
            let v = v as usize;
            if self.lab[v].mark == 2 * now + 1 || dist > self.lab[v].dist {
                continue;
            }
            self.lab[v].mark = 2 * now + 1;
            settled.push(v as u32);
            if v == m || (v != d && self.excess(v) > 0) {
                found = Some(v);
                break;
            }
            if self.in_dirty[v] {
                self.rebuild_in(v);
            }
            let pv = self.pi[v];
            relax_members(&mut self.lab, &mut self.pred, &mut heap, &self.pi, &self.inn[v], v, dist, now, -1);
            if self.f[v] > 0 {
                let nd = dist + self.pi[m] - pv;
                self.relax_into(&mut heap, m, nd, Pred::FromSink, v, now);
            }
        }
        self.stats.settled += settled.len() as u64;
        self.heap = heap;
        if let Some(x) = found {
            self.shift_potentials(&settled, self.lab[x].dist, -1);
        }
        self.settled = settled;
        found
    }

    /// Starts a search from `root`: a new search number, the heap and the settled list taken out of
    /// `self` (the search gives them back), and the root labelled at distance 0.
    fn begin_search(&mut self, root: usize) -> (u32, RadixHeap, Vec<u32>) {
        self.now += 1;
        let now = self.now;
        let mut heap = std::mem::take(&mut self.heap);
        heap.clear();
        let mut settled = std::mem::take(&mut self.settled);
        settled.clear();
        self.lab[root] = Label { dist: 0, mark: 2 * now, parent: root as u32 };
        self.pred[root] = Pred::Source;
        heap.push(0, root as u32);
        (now, heap, settled)
    }

    /// Moves the potentials of the settled nodes by `sign · (min(d, big) − big)`: `sign = 1` after a
    /// forward search, `−1` after a backward one. Nodes at `big` or farther do not move (see
    /// [`Transport::search`] and [`Transport::search_back`] for why this keeps every reduced cost
    /// non-negative and makes the tree paths tight).
    fn shift_potentials(&mut self, settled: &[u32], big: i64, sign: i64) {
        let m = self.m();
        for &v in settled {
            let v = v as usize;
            let shift = sign * (self.lab[v].dist.min(big) - big);
            if shift != 0 {
                self.pi[v] += shift;
                if v < m {
                    self.touch_t(v);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn relax_into(&mut self, heap: &mut RadixHeap, v: usize, nd: i64, pred: Pred, parent: usize, now: u32) {
        let l = &mut self.lab[v];
        if l.mark == 2 * now + 1 {
            return;
        }
        if l.mark < 2 * now || nd < l.dist {
            *l = Label { dist: nd, mark: 2 * now, parent: parent as u32 };
            self.pred[v] = pred;
            heap.push(nd, v as u32);
        }
    }
}

/// Relaxes the member-level arcs `arcs` of `v`, settled at `d`: forward (`sign = 1`) an arc
/// `(j, δ, i)` leads from `v` to `j` at reduced cost `δ + π(v) − π(j)`; backward (`sign = −1`) it comes
/// into `v` from `j` at `δ + π(j) − π(v)`. Either way `j` is labelled with parent `v`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn relax_members(
    lab: &mut [Label],
    pred: &mut [Pred],
    heap: &mut RadixHeap,
    pi: &[i64],
    arcs: &[(u32, i64, u32)],
    v: usize,
    d: i64,
    now: u32,
    sign: i64,
) {
    let pv = pi[v];
    for &(j, delta, i) in arcs {
        let ju = j as usize;
        let l = &mut lab[ju];
        if l.mark == 2 * now + 1 {
            continue;
        }
        let nd = d + delta + sign * (pv - pi[ju]);
        debug_assert!(nd >= d, "negative reduced cost");
        if l.mark < 2 * now || nd < l.dist {
            *l = Label { dist: nd, mark: 2 * now, parent: v as u32 };
            pred[ju] = Pred::Household(i);
            heap.push(nd, j);
        }
    }
}
