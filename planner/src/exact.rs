//! The exact mode on one group: every member used, each within its bounds, total cost' minimal on the
//! complete household–member graph.

use super::flow::{FlowStats, Side, Stuck, Transport};
use super::instance::{Churn, Instance};

/// The households and members of one group (village or community), as indices into the instance.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    pub id: u32,
    pub households: Vec<usize>,
    pub members: Vec<usize>,
}

/// The outcome of one flow solve on a group.
pub(crate) struct Solved {
    /// Member (instance index) of each household of the group, in the group's order.
    pub assign: Vec<u32>,
    /// The objective: the sum of cost' (distance less discounts).
    pub objective: i64,
    /// The sum of plain distances in centimetres.
    pub distance_cm: i64,
    pub stats: FlowStats,
}

/// The weight of one moved household under [`Churn::Minimal`]: more than any total distance of the
/// group can change, so fewer moves always win (lexicographic).
pub(crate) fn churn_weight(inst: &Instance, g: &Group) -> i64 {
    match inst.policy.churn {
        Churn::CostCm(c) => c,
        Churn::Minimal => {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            let pts = g
                .households
                .iter()
                .map(|&i| (inst.households[i].x, inst.households[i].y))
                .chain(g.members.iter().map(|&j| (inst.members[j].x, inst.members[j].y)));
            for (x, y) in pts {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            let diam = (((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt() * 100.0).ceil() as i64 + 1;
            (g.households.len() as i64).saturating_mul(diam).saturating_add(1).min(1 << 52)
        }
    }
}

/// Solves the transportation problem on `members` (a subset of the group's) with bounds `lo`, `hi`
/// (per member of `members`).
pub(crate) fn solve(
    inst: &Instance,
    g: &Group,
    members: &[usize],
    lo: Vec<i64>,
    hi: Vec<i64>,
) -> Result<Solved, Stuck> {
    // Every household needs an eligible member (the flow has no arc for it otherwise).
    let any_qualified = members.iter().any(|&j| inst.members[j].qualified);
    if members.is_empty() && !g.households.is_empty()
        || !any_qualified && g.households.iter().any(|&i| inst.households[i].key_person)
    {
        return Err(Stuck);
    }
    // The flow numbers the households along a space-filling curve (see `morton_order`); `order[l]` is
    // the position in the group of the flow's household `l`.
    let order = morton_order(g.households.iter().map(|&i| (inst.households[i].x, inst.households[i].y)));
    let households: Vec<usize> = order.iter().map(|&p| g.households[p]).collect();
    let hx: Vec<f64> = households.iter().map(|&i| inst.households[i].x).collect();
    let hy: Vec<f64> = households.iter().map(|&i| inst.households[i].y).collect();
    let key: Vec<bool> = households.iter().map(|&i| inst.households[i].key_person).collect();
    let mx: Vec<f64> = members.iter().map(|&j| inst.members[j].x).collect();
    let my: Vec<f64> = members.iter().map(|&j| inst.members[j].y).collect();
    let qualified: Vec<bool> = members.iter().map(|&j| inst.members[j].qualified).collect();
    // Local index of each member and household of the group.
    let mut local_member = vec![u32::MAX; inst.members.len()];
    for (l, &j) in members.iter().enumerate() {
        local_member[j] = l as u32;
    }
    let churn = churn_weight(inst, g);
    let familiar = inst.policy.familiar_discount_cm;
    let mut extra: Vec<Vec<(u32, i64)>> = vec![Vec::new(); households.len()];
    let any_current = households.iter().any(|&i| inst.households[i].current.is_some());
    let any_known = familiar > 0 && g.members.iter().any(|&j| !inst.members[j].knows.is_empty());
    if any_current || any_known {
        let mut local_household = vec![u32::MAX; inst.households.len()];
        for (l, &i) in households.iter().enumerate() {
            local_household[i] = l as u32;
        }
        for (l, &i) in households.iter().enumerate() {
            if let Some(c) = inst.households[i].current
                && local_member[c as usize] != u32::MAX
            {
                extra[l].push((local_member[c as usize], churn));
            }
        }
        if familiar > 0 {
            for &j in members {
                for &i in &inst.members[j].knows {
                    let l = local_household[i as usize];
                    if l == u32::MAX {
                        continue;
                    }
                    let lj = local_member[j];
                    match extra[l as usize].iter_mut().find(|e| e.0 == lj) {
                        Some(e) => e.1 += familiar,
                        None => extra[l as usize].push((lj, familiar)),
                    }
                }
            }
        }
    }
    let k = inst.policy.candidates.max(1);
    let mut t = Transport::new(Side { x: &hx, y: &hy }, key, Side { x: &mx, y: &my }, &qualified, lo, hi, k, &extra);
    t.solve(8)?;
    if !t.balanced() {
        debug_assert!(false, "the flow ended unbalanced");
        return Err(Stuck);
    }
    let mut assign = vec![0u32; households.len()];
    for (l, &j) in t.assign.iter().enumerate() {
        assign[order[l]] = members[j as usize] as u32;
    }
    let distance_cm = g
        .households
        .iter()
        .zip(&assign)
        .map(|(&i, &j)| {
            let (h, m) = (&inst.households[i], &inst.members[j as usize]);
            super::spatial::cost_cm(h.x, h.y, m.x, m.y)
        })
        .sum();
    Ok(Solved { objective: t.total(), assign, distance_cm, stats: t.stats })
}

/// The positions `0..n` of the points, sorted along a Morton (Z-order) curve on a 1 m grid, ties by
/// position.
///
/// Why: instances list households in any order (the benchmark's generator shuffles them), and the
/// flow walks the candidate arcs of a member's households, then of its neighbours' households: in
/// input order every one of those is a cache miss on a million households. Along the curve the
/// households of one building are consecutive (so the nearest-member search is shared) and those of a
/// neighbourhood are close in memory. The order changes no cost; among equally cheap plans it may pick
/// another.
fn morton_order(points: impl Iterator<Item = (f64, f64)>) -> Vec<usize> {
    let points: Vec<(f64, f64)> = points.collect();
    let (x0, y0) = points.iter().fold((f64::MAX, f64::MAX), |(a, b), &(x, y)| (a.min(x), b.min(y)));
    let spread = |v: f64| -> u64 {
        // Metres from the corner, clamped to 32 bits (4,000,000 km), bits spread to the even places.
        let mut v = (v.max(0.0) as u64).min(u32::MAX as u64);
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        (v | (v << 1)) & 0x5555_5555_5555_5555
    };
    let mut keyed: Vec<(u64, usize)> =
        points.iter().enumerate().map(|(p, &(x, y))| (spread(x - x0) | (spread(y - y0) << 1), p)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, p)| p).collect()
}
