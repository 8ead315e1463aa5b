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

mod paths;
mod pricing;
mod sink;
mod warm;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::arcs::Arcs;
use super::cheapest::Cheapest;
use super::radix_heap::RadixHeap;
use super::spatial::{Hit, KdTree, cost_cm};
use paths::{Label, Pred, Step};

/// Rounds of price adjustment before the shortest paths (see [`Transport::warm_start`]).
const WARM_ROUNDS: u32 = 60;

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

    pub(super) fn m(&self) -> usize {
        self.mx.len()
    }

    pub(super) fn excess(&self, v: usize) -> i64 {
        if v == self.m() { self.et } else { self.list[v].len() as i64 - self.lo[v] - self.f[v] }
    }

    /// Adds the candidate arc `i → j` (and its reverse entry).
    pub(super) fn add_arc(&mut self, i: usize, j: u32, cost: i64) {
        self.cand.add(i, j, cost);
        self.rev.add(j as usize, i as u32, cost);
        self.in_dirty[j as usize] = true;
    }

    pub(super) fn move_household(&mut self, i: usize, to: u32, cost: i64) {
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
