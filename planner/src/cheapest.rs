//! The member-level arcs of the contracted flow: for one member and each neighbouring member, the
//! cheapest single household move between them.
//!
//! Both the arcs out of a member (its households moving away) and into it (households of others moving
//! in) are built the same way: offer every household move, keep the cheapest per neighbour.

/// Scratch for collecting the cheapest move per neighbouring member, reused across rebuilds (its
/// arrays are as long as the members; a stamp marks what the current rebuild has seen).
#[derive(Debug, Clone)]
pub(crate) struct Cheapest {
    stamp: Vec<u32>,
    best: Vec<(i64, u32)>,
    now: u32,
    seen: Vec<u32>,
}

impl Cheapest {
    /// Scratch for `members` members.
    pub(crate) fn new(members: usize) -> Cheapest {
        Cheapest { stamp: vec![0; members], best: vec![(0, 0); members], now: 0, seen: Vec::new() }
    }

    /// Starts a rebuild.
    #[inline]
    pub(crate) fn start(&mut self) {
        self.now += 1;
        self.seen.clear();
    }

    /// Offers the move of household `i` to or from member `b` at `delta` (cost' difference).
    #[inline(always)]
    pub(crate) fn offer(&mut self, b: u32, delta: i64, i: u32) {
        let bu = b as usize;
        if self.stamp[bu] != self.now {
            self.stamp[bu] = self.now;
            self.best[bu] = (delta, i);
            self.seen.push(b);
        } else if delta < self.best[bu].0 {
            self.best[bu] = (delta, i);
        }
    }

    /// Writes the arcs `(neighbour, δ, household)` of this rebuild into `arcs` (cleared first).
    pub(crate) fn finish(&self, arcs: &mut Vec<(u32, i64, u32)>) {
        arcs.clear();
        arcs.extend(self.seen.iter().map(|&b| (b, self.best[b as usize].0, self.best[b as usize].1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_cheapest_move_per_member_and_forgets_between_rebuilds() {
        let mut c = Cheapest::new(4);
        let mut arcs = Vec::new();
        c.start();
        c.offer(2, 50, 7);
        c.offer(1, 10, 8);
        c.offer(2, 30, 9);
        c.offer(2, 40, 10);
        c.finish(&mut arcs);
        assert_eq!(arcs, vec![(2, 30, 9), (1, 10, 8)]);
        c.start();
        c.offer(2, 60, 11);
        c.finish(&mut arcs);
        assert_eq!(arcs, vec![(2, 60, 11)]);
    }
}
