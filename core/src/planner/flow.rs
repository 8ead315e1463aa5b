//! The exact engine: a transportation problem with lower bounds, solved by successive shortest paths
//! (SSP) from the nearest-member assignment, on a sparse candidate graph that pricing completes.
//!
//! # The network
//! Households supply one unit each; member `j` must end with a load in `[lo_j, hi_j]`. The lower bound
//! becomes a demand `lo_j` at `j` plus an arc `j → t` of capacity `hi_j − lo_j` into a sink `t` that
//! takes the remaining `n − Σ lo`. A household arc `i → j` costs `cost'(i, j)`: the distance in
//! centimetres, less the familiarity and churn discounts of the policy.
//!
//! # Why the graph is member-level
//! Every household has exactly one unit, on the arc to its member `a(i)`; its only incoming residual
//! arc is the reverse of that one. Its potential is therefore kept at its largest allowed value
//! `π(i) = π(a(i)) − cost'(i, a(i))`, which makes the reverse arc tight, and the household node can be
//! contracted away: moving `i` from `a` to `j` is a member-level arc of reduced cost
//! `cost'(i, j) − cost'(i, a) + π(a) − π(j) ≥ 0`. Dijkstra runs over members and `t` only, scanning
//! the candidate arcs of each member's households; the number of augmentations is the number of
//! households that must be displaced from their nearest member, not the number of households.
//!
//! # Why no search goes through `t`
//! Members strictly between their bounds all sit at `t`'s potential: through `t` they form a plateau
//! of zero reduced cost over most of the graph, and a search that enters `t` settles all of it. So a
//! member with excess searches forward only to the nearest deficit or into `t` (through the nearest
//! member with room), and a member with a deficit searches backward (over the arcs into each member)
//! to `t` (through the nearest member above its lower bound) or to the nearest excess. `t` only holds
//! the imbalance in between; both kinds of path are shortest paths between their ends, so reduced
//! costs stay non-negative. On L this cut the members settled from 264 M to 5 M.
//!
//! # Optimality on the complete graph
//! After SSP balances every node, every residual arc of the sparse graph has a non-negative reduced
//! cost. Pricing then searches, for every household, the members minimizing `dist(i, j) − π(j)` with
//! a k-d tree (an additively weighted nearest-neighbour search); an arc with negative reduced cost is
//! added and the household moved onto it (which keeps all reduced costs non-negative and leaves an
//! imbalance for SSP to route). When a pricing round finds nothing, the reduced costs of the complete
//! bipartite graph are all non-negative: the flow is optimal on the complete graph (complementary
//! slackness), not only on the sparse one.
//!
//! When Dijkstra cannot reach any deficit (the sparse graph is disconnected where the bounds need a
//! household from another settlement), the households of the explored region get an arc to their best
//! member outside it, and the search resumes: the repair adds arcs only where the flow needs them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::arcs::Arcs;
use super::cheapest::Cheapest;
use super::radix_heap::RadixHeap;
use super::spatial::{Hit, KdTree, cost_cm};

/// Rounds of price adjustment before the shortest paths (see [`Transport::warm_start`]).
const WARM_ROUNDS: u32 = 60;

/// Units of deficit one search looks for (when its source has that much excess). Paths from one source
/// share their first arcs, so more than a few rarely stay intact, and a search that goes on for more
/// deficits settles more nodes: on M, 4 settled 9% fewer nodes than 1, and the whole excess 21% more.
const BATCH: i64 = 4;

/// Pricing also adds arcs whose reduced cost is below this (50 m): they need no move and spare later
/// rounds some violations.
const PRICING_SLACK_CM: i64 = 5000;

/// Counters of one solve, for the note and for tuning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlowStats {
    /// Shortest-path augmentations (units routed).
    pub augmentations: u64,
    /// Member nodes settled by Dijkstra, summed over all searches.
    pub settled: u64,
    /// Pricing rounds over the complete graph (the last one finds nothing).
    pub pricing_rounds: u32,
    /// Arcs added by pricing.
    pub priced_arcs: u64,
    /// Searches that found no deficit and repaired the graph.
    pub repairs: u32,
    /// Candidate arcs at the end.
    pub arcs: u64,
    /// Member-level arc lists rebuilt: out of a member (forward searches).
    pub rebuilds: u64,
    /// Member-level arc lists rebuilt: into a member (backward searches).
    pub rebuilds_in: u64,
    /// Times a deficit's region had no candidate arc in from outside, so that the sink's excess was
    /// routed by searches from the sink (the fallback of the balancing).
    pub sink_searches: u32,
}

#[derive(Debug, Clone, Copy)]
enum Pred {
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
enum Step {
    /// A household of `from` (`i`, or another making the same tight move) moves to `to`.
    Move { from: u32, to: u32, i: u32 },
    /// `t → c`: the arc `c → t` carries one unit less.
    FromSink(u32),
    /// `b → t`: the arc `b → t` carries one unit more.
    ToSink(u32),
}

/// The search label of a node, in one place so that relaxing an arc touches one cache line.
#[derive(Debug, Clone, Copy, Default)]
struct Label {
    /// Tentative distance in the current search.
    dist: i64,
    /// `2 · search` once reached in that search, `2 · search + 1` once settled (searches count up).
    mark: u32,
    /// The node it was reached from (with `pred`, the arc).
    parent: u32,
}

/// A transportation problem with lower bounds on one group, with local indices.
#[derive(Debug)]
pub(crate) struct Transport {
    hx: Vec<f64>,
    hy: Vec<f64>,
    key: Vec<bool>,
    /// Candidate arcs per household: (member, cost').
    cand: Arcs,
    /// The reverse of `cand`: for each member, the households having it as a candidate, with the
    /// arc's cost' (for the backward searches from deficits).
    rev: Arcs,
    /// Whether household `i` has the same arcs as `i − 1` at construction (same spot, eligibility and
    /// no discounts): the warm start gives it the same member without looking.
    twin: Vec<bool>,
    /// The member each household is assigned to, and the cost' of that arc.
    pub(crate) assign: Vec<u32>,
    pub(crate) acost: Vec<i64>,
    /// Position of each household in its member's list.
    pos: Vec<u32>,
    mx: Vec<f64>,
    my: Vec<f64>,
    lo: Vec<i64>,
    hi: Vec<i64>,
    /// Flow on `j → t`.
    f: Vec<i64>,
    /// Households per member.
    list: Vec<Vec<u32>>,
    /// Potentials of the members, then of `t` (index m).
    pi: Vec<i64>,
    /// Excess of `t`.
    et: i64,
    all: KdTree,
    qualified: KdTree,
    /// Whether each member is qualified for key persons.
    qflag: Vec<bool>,
    /// Cached member-level arcs: for member `a`, `(b, δ, i)` is the cheapest move of one of `a`'s
    /// households (`i`) to `b`, `δ = cost'(i, b) − cost'(i, a)`. Rebuilt when `dirty`.
    out: Vec<Vec<(u32, i64, u32)>>,
    dirty: Vec<bool>,
    /// The mirror of `out` for the backward searches: for member `b`, `(a, δ, i)` is the cheapest
    /// move of one of `a`'s households (`i`) to `b`. Rebuilt from `rev` when `in_dirty` (a household
    /// that moves, or gains an arc, dirties every member it has an arc to).
    inn: Vec<Vec<(u32, i64, u32)>>,
    in_dirty: Vec<bool>,
    cheapest: Cheapest,
    /// The arcs `t → c` (members with `f_c > 0`), ordered by `−π(c)` so that a search leaving `t`
    /// meets them cheapest first without pushing every member: `(−π(c), c, version)`; an entry is
    /// stale when `version` is not `tver[c]` or `f_c = 0`. Kept only while `tq_live`: only the
    /// fallback of [`Transport::balance`] searches from `t`, and re-filing on every potential change
    /// would put a heap push on every settled node of every search.
    tq: BinaryHeap<Reverse<(i64, u32, u32)>>,
    tq_live: bool,
    tver: Vec<u32>,
    /// Valid entries popped from `tq` during a search, pushed back after it.
    tpopped: Vec<(i64, u32, u32)>,
    heap: RadixHeap,
    settled: Vec<u32>,

    pub(crate) stats: FlowStats,
    // Dijkstra scratch.
    lab: Vec<Label>,
    pred: Vec<Pred>,
    /// The path being augmented, and the household chosen for each of its moves.
    path: Vec<Step>,
    hop: Vec<u32>,
    /// Deficits reached by the last search, nearest first.
    targets: Vec<usize>,
    now: u32,
}

/// The data of one group handed to [`Transport::new`].
pub(crate) struct Side<'a> {
    pub x: &'a [f64],
    pub y: &'a [f64],
}

/// Why a group cannot be balanced even on the complete graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stuck;

impl Transport {
    /// Builds the sparse graph: the `k` nearest eligible members of each household plus the `extra`
    /// arcs (member, discount) of that household, which are always kept; then assigns every household
    /// to its cheapest candidate.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        h: Side<'_>,
        key: Vec<bool>,
        m: Side<'_>,
        qualified: &[bool],
        lo: Vec<i64>,
        hi: Vec<i64>,
        k: usize,
        extra: &[Vec<(u32, i64)>],
    ) -> Transport {
        let n = h.x.len();
        let mm = m.x.len();
        let all = KdTree::new((0..mm as u32).collect(), m.x, m.y);
        let qualified_tree = KdTree::new((0..mm as u32).filter(|&j| qualified[j as usize]).collect(), m.x, m.y);
        let mut cand = Arcs::with_capacity(n, n * k + n / 8);
        let mut arcs: Vec<(u32, i64)> = Vec::with_capacity(k + 4);
        let mut hits: Vec<Hit> = Vec::new();
        // The households of one building share its coordinates and usually come one after another:
        // the same spot and eligibility have the same nearest members, so the search is reused.
        let mut last: Option<(u64, u64, bool)> = None;
        let mut twin = vec![false; n];
        let plain = |i: usize| extra.get(i).is_none_or(Vec::is_empty);
        for (i, &is_key) in key.iter().enumerate() {
            let spot = (h.x[i].to_bits(), h.y[i].to_bits(), is_key);
            twin[i] = last == Some(spot) && plain(i) && plain(i - 1);
            if last != Some(spot) {
                let tree = if is_key { &qualified_tree } else { &all };
                tree.best(h.x[i], h.y[i], k, i64::MAX, &[], &mut hits);
                last = Some(spot);
            }
            arcs.clear();
            arcs.extend(hits.iter().map(|hit| (hit.id, hit.cost)));
            for &(j, discount) in extra.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                if is_key && !qualified[j as usize] {
                    continue;
                }
                let c = cost_cm(h.x[i], h.y[i], m.x[j as usize], m.y[j as usize]) - discount;
                match arcs.iter_mut().find(|a| a.0 == j) {
                    Some(a) => a.1 = c,
                    None => arcs.push((j, c)),
                }
            }
            cand.push_row(arcs.iter().copied());
        }
        cand.seal();
        let rev = cand.transpose(mm);
        let mut t = Transport {
            hx: h.x.to_vec(),
            hy: h.y.to_vec(),
            key,
            cand,
            rev,
            twin,
            assign: vec![u32::MAX; n],
            acost: vec![0; n],
            pos: vec![0; n],
            mx: m.x.to_vec(),
            my: m.y.to_vec(),
            lo,
            hi,
            f: vec![0; mm],
            list: vec![Vec::new(); mm],
            pi: vec![0; mm + 1],
            et: 0,
            all,
            qualified: qualified_tree,
            qflag: qualified.to_vec(),
            out: vec![Vec::new(); mm],
            dirty: vec![true; mm],
            inn: vec![Vec::new(); mm],
            in_dirty: vec![true; mm],
            cheapest: Cheapest::new(mm),
            tq: BinaryHeap::new(),
            tq_live: false,
            tver: vec![0; mm],
            tpopped: Vec::new(),
            heap: RadixHeap::new(),
            settled: Vec::new(),
            stats: FlowStats::default(),
            lab: vec![Label::default(); mm + 1],
            pred: vec![Pred::Source; mm + 1],
            path: Vec::new(),
            hop: vec![0; mm + 2],
            targets: Vec::new(),
            now: 0,
        };
        t.warm_start(WARM_ROUNDS);
        t
    }

    /// Chooses starting member potentials by a few rounds of price adjustment (members above their
    /// upper bound get cheaper, those below their lower bound dearer, the others drift back to the
    /// sink's potential 0), assigns every household to its cheapest candidate by `cost' − π`, and sets
    /// each `j → t` flow to what the potentials allow. Any potentials give a valid start (every
    /// reduced cost non-negative); good ones leave little imbalance for the shortest paths to route.
    fn warm_start(&mut self, rounds: u32) {
        let n = self.hx.len();
        let m = self.m();
        let mut load = vec![0i64; m];
        // Start at 80 m and shrink by a quarter each round. A larger first step lets whole settlements
        // move their prices (the gaps between them are 150 m or more); with 20 m and 40 rounds M's
        // searches settled 53% more nodes than with 80 m and 60 rounds.
        let mut step: i64 = 8000;
        for round in 0..=rounds {
            load.iter_mut().for_each(|l| *l = 0);
            for i in 0..n {
                if self.twin[i] {
                    let j = self.assign[i - 1];
                    self.assign[i] = j;
                    self.acost[i] = self.acost[i - 1];
                    load[j as usize] += 1;
                    continue;
                }
                let mut best: Option<(i64, u32, i64)> = None;
                let pi = &self.pi;
                self.cand.each(i, |j, c| {
                    let key = (c - pi[j as usize], j, c);
                    if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                        best = Some(key);
                    }
                });
                if let Some((_, j, c)) = best {
                    self.assign[i] = j;
                    self.acost[i] = c;
                    load[j as usize] += 1;
                }
            }
            let off: i64 = (0..m).map(|j| (load[j] - self.hi[j]).max(0) + (self.lo[j] - load[j]).max(0)).sum();
            if round == rounds || off == 0 {
                break;
            }
            for (j, &l) in load.iter().enumerate() {
                let p = &mut self.pi[j];
                if l > self.hi[j] {
                    *p -= step;
                } else if l < self.lo[j] {
                    *p += step;
                } else if *p > 0 && l > self.lo[j] {
                    *p -= step.min(*p);
                } else if *p < 0 && l < self.hi[j] {
                    *p += step.min(-*p);
                }
            }
            step = (step * 3 / 4).max(1);
        }
        for i in 0..n {
            let j = self.assign[i] as usize;
            self.pos[i] = self.list[j].len() as u32;
            self.list[j].push(i as u32);
        }
        let mut sum_lo = 0;
        for j in 0..m {
            let cap = self.hi[j] - self.lo[j];
            let l = self.list[j].len() as i64;
            self.f[j] = match self.pi[j].cmp(&0) {
                std::cmp::Ordering::Greater => 0,
                std::cmp::Ordering::Less => cap,
                std::cmp::Ordering::Equal => (l - self.lo[j]).clamp(0, cap),
            };
            sum_lo += self.lo[j];
        }
        self.pi[m] = 0;
        self.et = self.f.iter().sum::<i64>() - (n as i64 - sum_lo);
    }

    /// Files every member among the successors of `t` and keeps them filed until
    /// [`Transport::close_tq`].
    fn open_tq(&mut self) {
        self.tq.clear();
        self.tq_live = true;
        for c in 0..self.m() {
            self.touch_t(c);
        }
    }

    fn close_tq(&mut self) {
        self.tq_live = false;
        self.tq.clear();
    }

    /// Re-files member `c` among the successors of `t` after its potential or its `f` changed.
    fn touch_t(&mut self, c: usize) {
        if !self.tq_live {
            return;
        }
        self.tver[c] = self.tver[c].wrapping_add(1);
        if self.f[c] > 0 {
            self.tq.push(Reverse((-self.pi[c], c as u32, self.tver[c])));
        }
        if self.tq.len() > 8 * self.m() + 64 {
            // Drop the stale entries.
            let (tver, f, pi) = (&self.tver, &self.f, &self.pi);
            self.tq.retain(|Reverse(e)| e.2 == tver[e.1 as usize] && f[e.1 as usize] > 0 && e.0 == -pi[e.1 as usize]);
        }
    }

    /// The next successor of `t` in order of reduced cost (stale entries dropped).
    fn t_next(&mut self) -> Option<u32> {
        while let Some(Reverse(e)) = self.tq.pop() {
            let c = e.1 as usize;
            if e.2 == self.tver[c] && self.f[c] > 0 && e.0 == -self.pi[c] {
                self.tpopped.push(e);
                return Some(e.1);
            }
        }
        None
    }

    fn m(&self) -> usize {
        self.mx.len()
    }

    fn excess(&self, v: usize) -> i64 {
        if v == self.m() { self.et } else { self.list[v].len() as i64 - self.lo[v] - self.f[v] }
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

    /// Adds the candidate arc `i → j` (and its reverse entry).
    fn add_arc(&mut self, i: usize, j: u32, cost: i64) {
        self.cand.add(i, j, cost);
        self.rev.add(j as usize, i as u32, cost);
        self.in_dirty[j as usize] = true;
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

    fn move_household(&mut self, i: usize, to: u32, cost: i64) {
        let from = self.assign[i] as usize;
        self.dirty[from] = true;
        self.dirty[to as usize] = true;
        let in_dirty = &mut self.in_dirty;
        self.cand.each(i, |j, _| in_dirty[j as usize] = true);
        let p = self.pos[i] as usize;
        self.list[from].swap_remove(p);
        if let Some(&other) = self.list[from].get(p) {
            self.pos[other as usize] = p as u32;
        }
        self.assign[i] = to;
        self.acost[i] = cost;
        self.pos[i] = self.list[to as usize].len() as u32;
        self.list[to as usize].push(i as u32);
    }

    /// Solves to optimality on the complete eligible graph.
    pub(crate) fn solve(&mut self, per_house: usize) -> Result<(), Stuck> {
        loop {
            self.balance()?;
            self.stats.pricing_rounds += 1;
            if self.price(per_house, PRICING_SLACK_CM) == 0 {
                break;
            }
        }
        self.stats.arcs = self.cand.len();
        Ok(())
    }

    /// Routes every excess to a deficit along shortest paths (SSP), in two sweeps that never search
    /// through the sink.
    ///
    /// Why: members strictly between their bounds all sit at the sink's potential, so through `t`
    /// they form a plateau of zero reduced cost that spans most of the graph; a search that enters `t`
    /// settles all of it before it reaches a deficit one metre further (on L that was 264 M settled
    /// members). Instead, a member with excess sends it forward to the nearest deficit or into `t`
    /// (through the nearest member with room), and a member with a deficit then draws from `t` (through
    /// the nearest member above its lower bound) or from the nearest excess by a backward search.
    /// Each augmentation is a shortest path between its two ends with all reduced costs kept
    /// non-negative, so the flow stays optimal for its imbalances, whichever node holds them.
    fn balance(&mut self) -> Result<(), Stuck> {
        let m = self.m();
        // A repair may move households onto members already passed over: sweep until none has excess.
        loop {
            let mut clean = true;
            for s in 0..m {
                while self.excess(s) > 0 {
                    clean = false;
                    if !self.augment_from(s) {
                        self.repair()?;
                    }
                }
            }
            let mut cut_off = false;
            for d in 0..m {
                while self.excess(d) < 0 {
                    clean = false;
                    if !self.augment_to(d) {
                        cut_off = true;
                        break;
                    }
                }
            }
            if cut_off {
                // No household outside some deficit's region has a candidate arc into it: route the
                // sink's excess forward (across the plateau), repairing the graph where it cannot reach.
                self.open_tq();
                self.stats.sink_searches += 1;
                while self.excess(m) > 0 {
                    if !self.augment_from(m) {
                        self.repair()?;
                    }
                }
                self.close_tq();
            }
            if clean && self.excess(m) == 0 {
                return Ok(());
            }
        }
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
    fn augment_from(&mut self, s: usize) -> bool {
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
    fn augment_to(&mut self, d: usize) -> bool {
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
    fn search(&mut self, source: u32, want: i64, targets: &mut Vec<usize>) -> bool {
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

    /// After a search that reached no deficit: gives every household of the explored region an arc to
    /// its best eligible member outside the region.
    fn repair(&mut self) -> Result<(), Stuck> {
        self.stats.repairs += 1;
        let now = self.now;
        let m = self.m();
        let inside: Vec<u32> = (0..m as u32).filter(|&j| self.lab[j as usize].mark == 2 * now + 1).collect();
        let outside: Vec<u32> = (0..m as u32).filter(|&j| self.lab[j as usize].mark != 2 * now + 1).collect();
        let mut all = KdTree::new(outside.clone(), &self.mx, &self.my);
        let mut qual =
            KdTree::new(outside.iter().copied().filter(|&j| self.qflag[j as usize]).collect(), &self.mx, &self.my);
        all.set_prices(&self.pi[..m]);
        qual.set_prices(&self.pi[..m]);
        let mut added = 0;
        let mut hits = Vec::new();
        for &a in &inside {
            let members: Vec<u32> = self.list[a as usize].clone();
            for i in members {
                let i = i as usize;
                let tree = if self.key[i] { &qual } else { &all };
                tree.best(self.hx[i], self.hy[i], 1, i64::MAX, &self.pi[..m], &mut hits);
                if let Some(hit) = hits.first().copied() {
                    if self.cand.cost(i, hit.id).is_some() {
                        continue;
                    }
                    self.add_arc(i, hit.id, hit.cost);
                    self.dirty[self.assign[i] as usize] = true;
                    added += 1;
                    let threshold = self.acost[i] - self.pi[a as usize];
                    if hit.key < threshold {
                        self.move_household(i, hit.id, hit.cost);
                    }
                }
            }
        }
        if added == 0 { Err(Stuck) } else { Ok(()) }
    }

    /// One pricing round over the complete graph; returns the number of arcs with a negative reduced
    /// cost found (0 proves optimality). Arcs whose reduced cost is below `slack` are added too (they
    /// break no invariant), so that the next potentials find fewer violations.
    fn price(&mut self, per_house: usize, slack: i64) -> u64 {
        let m = self.m();
        self.all.set_prices(&self.pi[..m]);
        self.qualified.set_prices(&self.pi[..m]);
        let mut violations = 0;
        let mut hits = Vec::new();
        // Households of one spot, member and cost' (a building's, usually consecutive) ask the same
        // question: the answer is reused.
        let mut last: Option<(u64, u64, bool, usize, i64)> = None;
        for i in 0..self.hx.len() {
            let a = self.assign[i] as usize;
            let threshold = self.acost[i] - self.pi[a];
            let query = (self.hx[i].to_bits(), self.hy[i].to_bits(), self.key[i], a, self.acost[i]);
            if last != Some(query) {
                let tree = if self.key[i] { &self.qualified } else { &self.all };
                tree.best(self.hx[i], self.hy[i], per_house, threshold.saturating_add(slack), &self.pi[..m], &mut hits);
                last = Some(query);
            }
            let mut added = false;
            for hit in &hits {
                if self.cand.cost(i, hit.id).is_some() {
                    continue;
                }
                self.add_arc(i, hit.id, hit.cost);
                self.stats.priced_arcs += 1;
                added = true;
            }
            if added {
                self.dirty[a] = true;
            }
            if let Some(best) = hits.first().copied()
                && best.key < threshold
            {
                debug_assert!(best.id as usize != a);
                violations += 1;
                self.move_household(i, best.id, best.cost);
            }
        }
        violations
    }

    /// Whether every member's load is within its bounds.
    pub(crate) fn balanced(&self) -> bool {
        (0..self.m()).all(|j| {
            let l = self.list[j].len() as i64;
            self.lo[j] <= l && l <= self.hi[j]
        })
    }

    /// The total cost' of the assignment.
    pub(crate) fn total(&self) -> i64 {
        self.acost.iter().sum()
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
