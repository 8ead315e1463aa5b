//! Pricing and repair: arcs of the complete graph brought into the sparse one, to prove the optimum
//! (pricing) or to connect a region the candidate arcs leave cut off (repair).

use super::{Stuck, Transport};
use crate::spatial::KdTree;

impl Transport {
    /// After a search that reached no deficit: gives every household of the explored region an arc to
    /// its best eligible member outside the region.
    pub(super) fn repair(&mut self) -> Result<(), Stuck> {
        self.stats.repairs += 1;
        let m = self.m();
        let inside: Vec<u32> = (0..m as u32).filter(|&j| self.settled_last(j as usize)).collect();
        let outside: Vec<u32> = (0..m as u32).filter(|&j| !self.settled_last(j as usize)).collect();
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
    pub(super) fn price(&mut self, per_house: usize, slack: i64) -> u64 {
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
}
