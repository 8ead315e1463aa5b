//! Distances in whole centimetres and a k-d tree over members that answers "which members minimize
//! `distance − price`" (an additively weighted nearest-neighbour search).
//!
//! The same tree serves the plain k-nearest search (all prices zero) that builds the candidate graph
//! and the pricing step that proves the sparse optimum optimal on the complete graph.

/// The distance between two points given in metres, in whole centimetres, rounded half to even.
///
/// This is exactly the reference's `np.rint(np.sqrt(dx**2 + dy**2) * 100)`: the same operations in the
/// same order on IEEE doubles, so both sides agree to the centimetre on every pair.
pub fn cost_cm(x0: f64, y0: f64, x1: f64, y1: f64) -> i64 {
    let dx = x0 - x1;
    let dy = y0 - y1;
    round_half_even((dx * dx + dy * dy).sqrt() * 100.0)
}

/// `v.round_ties_even() as i64` for a finite `v ≥ 0` below 2⁵², without the libm call that
/// `round_ties_even` becomes on baseline x86-64 (it was 4% of a small solve). `v − trunc(v)` is exact
/// in binary floating point, so the comparisons with one half are exact too.
fn round_half_even(v: f64) -> i64 {
    let r = v as i64;
    let frac = v - r as f64;
    if frac > 0.5 || (frac == 0.5 && r & 1 == 1) { r + 1 } else { r }
}

const LEAF: usize = 8;

#[derive(Debug, Clone)]
struct Node {
    /// Bounding box of the points below: min x, min y, max x, max y.
    bbox: [f64; 4],
    /// Range of `order` covered by this node.
    start: u32,
    end: u32,
    /// Children (0 for a leaf; the root is never a child).
    left: u32,
    right: u32,
    /// The largest price among the points below.
    max_price: i64,
}

/// A static k-d tree over a set of points (members), with a price per point that can be refreshed.
#[derive(Debug, Clone)]
pub(crate) struct KdTree {
    nodes: Vec<Node>,
    /// Point ids in tree order.
    order: Vec<u32>,
    xs: Vec<f64>,
    ys: Vec<f64>,
}

/// One answer of a search: the key `cost − price`, the point id and the cost in centimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub key: i64,
    pub id: u32,
    pub cost: i64,
}

impl KdTree {
    /// Builds the tree over the points `ids`, whose coordinates are `xs[id]`, `ys[id]`.
    pub(crate) fn new(ids: Vec<u32>, xs: &[f64], ys: &[f64]) -> KdTree {
        let mut tree =
            KdTree { nodes: Vec::with_capacity(2 * ids.len() / LEAF + 2), order: ids, xs: Vec::new(), ys: Vec::new() };
        tree.xs = tree.order.iter().map(|&i| xs[i as usize]).collect();
        tree.ys = tree.order.iter().map(|&i| ys[i as usize]).collect();
        if !tree.order.is_empty() {
            tree.build(0, tree.order.len());
        }
        tree
    }

    fn build(&mut self, start: usize, end: usize) -> u32 {
        let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for k in start..end {
            bbox[0] = bbox[0].min(self.xs[k]);
            bbox[1] = bbox[1].min(self.ys[k]);
            bbox[2] = bbox[2].max(self.xs[k]);
            bbox[3] = bbox[3].max(self.ys[k]);
        }
        let id = self.nodes.len() as u32;
        self.nodes.push(Node { bbox, start: start as u32, end: end as u32, left: 0, right: 0, max_price: 0 });
        if end - start > LEAF {
            let by_x = bbox[2] - bbox[0] >= bbox[3] - bbox[1];
            let mid = (start + end) / 2;
            // Sort the range by the split axis (ties by id, so the tree is deterministic), then
            // permute the three parallel arrays together.
            let mut idx: Vec<usize> = (start..end).collect();
            let key = |k: usize| if by_x { self.xs[k] } else { self.ys[k] };
            idx.sort_unstable_by(|&a, &b| key(a).total_cmp(&key(b)).then(self.order[a].cmp(&self.order[b])));
            let o: Vec<u32> = idx.iter().map(|&k| self.order[k]).collect();
            let x: Vec<f64> = idx.iter().map(|&k| self.xs[k]).collect();
            let y: Vec<f64> = idx.iter().map(|&k| self.ys[k]).collect();
            self.order[start..end].copy_from_slice(&o);
            self.xs[start..end].copy_from_slice(&x);
            self.ys[start..end].copy_from_slice(&y);
            let left = self.build(start, mid);
            let right = self.build(mid, end);
            let node = &mut self.nodes[id as usize];
            node.left = left;
            node.right = right;
        }
        id
    }

    /// Refreshes the per-node maximum price from `price[id]`.
    pub(crate) fn set_prices(&mut self, price: &[i64]) {
        // Children always come after their parent, so a reverse sweep sees children first.
        for n in (0..self.nodes.len()).rev() {
            let node = &self.nodes[n];
            let max = if node.left == 0 {
                self.order[node.start as usize..node.end as usize]
                    .iter()
                    .map(|&i| price[i as usize])
                    .max()
                    .unwrap_or(i64::MIN)
            } else {
                self.nodes[node.left as usize].max_price.max(self.nodes[node.right as usize].max_price)
            };
            self.nodes[n].max_price = max;
        }
    }

    /// The (at most) `k` points with the smallest `key = cost_cm(x, y, point) − price[point]` that is
    /// strictly below `bound`, best first (ties by id).
    /// `price` must be the prices last given to [`KdTree::set_prices`], or an empty slice for a tree
    /// whose prices were never set (all zero).
    pub(crate) fn best(&self, x: f64, y: f64, k: usize, bound: i64, price: &[i64], out: &mut Vec<Hit>) {
        out.clear();
        if self.nodes.is_empty() || k == 0 {
            return;
        }
        let mut stack: Vec<u32> = Vec::with_capacity(64);
        stack.push(0);
        // The current bound: strictly below `bound`, and once k hits are held, below the worst of them.
        let limit = |out: &Vec<Hit>| if out.len() < k { bound } else { out[out.len() - 1].key };
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n as usize];
            if lower_bound(node, x, y) >= limit(out) {
                continue;
            }
            if node.left == 0 {
                for p in node.start as usize..node.end as usize {
                    let id = self.order[p];
                    let cost = cost_cm(x, y, self.xs[p], self.ys[p]);
                    let key = cost - price.get(id as usize).copied().unwrap_or(0);
                    let hit = Hit { key, id, cost };
                    if (out.len() < k && key < bound) || (out.len() == k && hit < out[k - 1]) {
                        let at = out.partition_point(|h| *h < hit);
                        out.insert(at, hit);
                        out.truncate(k);
                    }
                }
            } else {
                let (l, r) = (&self.nodes[node.left as usize], &self.nodes[node.right as usize]);
                let (dl, dr) = (lower_bound(l, x, y), lower_bound(r, x, y));
                // Visit the more promising child first: push it last.
                if dl <= dr {
                    stack.push(node.right);
                    stack.push(node.left);
                } else {
                    stack.push(node.left);
                    stack.push(node.right);
                }
            }
        }
    }
}

/// A lower bound of `cost − price` over the points of a node (one centimetre of slack for rounding).
fn lower_bound(node: &Node, x: f64, y: f64) -> i64 {
    let dx = (node.bbox[0] - x).max(0.0).max(x - node.bbox[2]);
    let dy = (node.bbox[1] - y).max(0.0).max(y - node.bbox[3]);
    // Truncation is the floor here (the value is not negative), without a libm call.
    let d = ((dx * dx + dy * dy).sqrt() * 100.0) as i64 - 1;
    d.max(0) - node.max_price
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_rounds_half_to_even_like_numpy() {
        assert_eq!(cost_cm(0.0, 0.0, 3.0, 4.0), 500);
        assert_eq!(cost_cm(0.0, 0.0, 0.005, 0.0), 0); // 0.5 cm rounds to even 0
        assert_eq!(cost_cm(0.0, 0.0, 0.015, 0.0), 2); // 1.5 cm rounds to 2
    }

    #[test]
    fn rounding_matches_round_ties_even() {
        let mut s = 777u64;
        for k in 0..200_000u64 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            // Random values, and exact halves and near-halves.
            let v = match k % 3 {
                0 => (s % 1_000_000_000) as f64 / 997.0,
                1 => (s % 10_000_000) as f64 + 0.5,
                _ => f64::from_bits(((s % 10_000_000) as f64 + 0.5).to_bits() + (s >> 60) - 8),
            };
            assert_eq!(round_half_even(v), v.round_ties_even() as i64, "{v}");
        }
        assert_eq!(round_half_even(0.0), 0);
        assert_eq!(round_half_even(2.5), 2);
        assert_eq!(round_half_even(3.5), 4);
    }

    #[test]
    fn best_matches_brute_force_with_prices() {
        let mut s = 12345u64;
        let mut rnd = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % 100_000) as f64 / 100.0
        };
        let n = 300;
        let xs: Vec<f64> = (0..n).map(|_| rnd()).collect();
        let ys: Vec<f64> = (0..n).map(|_| rnd()).collect();
        let price: Vec<i64> = (0..n).map(|_| (rnd() * 30.0) as i64).collect();
        let mut tree = KdTree::new((0..n as u32).collect(), &xs, &ys);
        tree.set_prices(&price);
        let mut out = Vec::new();
        for _ in 0..50 {
            let (x, y) = (rnd(), rnd());
            let mut all: Vec<Hit> = (0..n)
                .map(|j| {
                    let cost = cost_cm(x, y, xs[j], ys[j]);
                    Hit { key: cost - price[j], id: j as u32, cost }
                })
                .collect();
            all.sort();
            tree.best(x, y, 5, i64::MAX, &price, &mut out);
            assert_eq!(out, all[..5].to_vec());
            let bound = all[2].key;
            tree.best(x, y, 5, bound, &price, &mut out);
            assert_eq!(out, all.iter().copied().filter(|h| h.key < bound).take(5).collect::<Vec<_>>());
        }
    }
}
