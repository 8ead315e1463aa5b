//! The successors of the sink `t`, cheapest first, for the balancing's fallback that searches from
//! `t` (see [`Transport::balance`]).

use std::cmp::Reverse;

use super::Transport;

impl Transport {
    /// Files every member among the successors of `t` and keeps them filed until
    /// [`Transport::close_tq`].
    pub(super) fn open_tq(&mut self) {
        self.tq.clear();
        self.tq_live = true;
        for c in 0..self.m() {
            self.touch_t(c);
        }
    }

    pub(super) fn close_tq(&mut self) {
        self.tq_live = false;
        self.tq.clear();
    }

    /// Re-files member `c` among the successors of `t` after its potential or its `f` changed.
    pub(super) fn touch_t(&mut self, c: usize) {
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
    pub(super) fn t_next(&mut self) -> Option<u32> {
        while let Some(Reverse(e)) = self.tq.pop() {
            let c = e.1 as usize;
            if e.2 == self.tver[c] && self.f[c] > 0 && e.0 == -self.pi[c] {
                self.tpopped.push(e);
                return Some(e.1);
            }
        }
        None
    }
}
