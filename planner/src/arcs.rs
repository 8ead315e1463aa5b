//! Candidate arcs, stored flat: one row per household (or, transposed, per member) of `(head, cost')`.
//!
//! Why flat: the candidate graph of a million households holds some seventeen million arcs. As one
//! `Vec` per row they cost 16 bytes an arc (padding) plus a header and an allocation per row, and the
//! rows of neighbouring households lie anywhere on the heap; the shortest-path searches walk the rows
//! of a member's households over and over. Here the arcs of the construction sit in two parallel
//! arrays (12 bytes an arc) in row order, and the few arcs added later by pricing and repair go to a
//! small per-row overflow list.

/// Rows of `(head, cost')` arcs: a flat base plus per-row additions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Arcs {
    /// `off[r]..off[r + 1]` is row `r`'s range in `head` and `cost`.
    off: Vec<u32>,
    head: Vec<u32>,
    cost: Vec<i64>,
    /// Arcs added after construction, per row.
    more: Vec<Vec<(u32, i64)>>,
    added: u64,
}

impl Arcs {
    /// An empty set, to be filled row by row with [`Arcs::push_row`].
    pub(crate) fn with_capacity(rows: usize, arcs: usize) -> Arcs {
        let mut off = Vec::with_capacity(rows + 1);
        off.push(0);
        Arcs { off, head: Vec::with_capacity(arcs), cost: Vec::with_capacity(arcs), more: Vec::new(), added: 0 }
    }

    /// Appends the next row.
    pub(crate) fn push_row(&mut self, arcs: impl IntoIterator<Item = (u32, i64)>) {
        for (h, c) in arcs {
            self.head.push(h);
            self.cost.push(c);
        }
        self.off.push(self.head.len() as u32);
    }

    /// Ends the construction: the rows can now take additions.
    pub(crate) fn seal(&mut self) {
        self.more = vec![Vec::new(); self.off.len() - 1];
    }

    /// The transpose: row `h` lists `(r, cost')` for every arc `r → h`, in order of `r`.
    pub(crate) fn transpose(&self, rows: usize) -> Arcs {
        let mut count = vec![0u32; rows + 1];
        for &h in &self.head {
            count[h as usize + 1] += 1;
        }
        for r in 0..rows {
            count[r + 1] += count[r];
        }
        let total = self.head.len();
        let mut head = vec![0u32; total];
        let mut cost = vec![0i64; total];
        let mut at = count.clone();
        for r in 0..self.off.len() - 1 {
            for k in self.off[r] as usize..self.off[r + 1] as usize {
                let h = self.head[k] as usize;
                let p = at[h] as usize;
                head[p] = r as u32;
                cost[p] = self.cost[k];
                at[h] += 1;
            }
        }
        let mut t = Arcs { off: count, head, cost, more: Vec::new(), added: 0 };
        t.seal();
        t
    }

    /// Calls `f(head, cost')` for every arc of row `r`: the construction's, then those added since.
    /// Two plain loops: the hot loops of the flow walk rows this way (a chained iterator, with its
    /// test per element, made L's solve about 15% slower).
    #[inline(always)]
    pub(crate) fn each(&self, r: usize, mut f: impl FnMut(u32, i64)) {
        let (hs, cs, more) = self.parts(r);
        for (&h, &c) in hs.iter().zip(cs) {
            f(h, c);
        }
        for &(h, c) in more {
            f(h, c);
        }
    }

    /// The arcs of row `r`.
    #[cfg(test)]
    fn row(&self, r: usize) -> impl Iterator<Item = (u32, i64)> + '_ {
        let (hs, cs, more) = self.parts(r);
        hs.iter().copied().zip(cs.iter().copied()).chain(more.iter().copied())
    }

    /// The arcs of row `r` from the construction, as parallel slices (heads, costs'), and those added
    /// since: the hot loops walk the two parts separately (a chained iterator was 30% slower).
    #[inline(always)]
    fn parts(&self, r: usize) -> (&[u32], &[i64], &[(u32, i64)]) {
        let range = self.off[r] as usize..self.off[r + 1] as usize;
        (&self.head[range.clone()], &self.cost[range], &self.more[r])
    }

    /// The cost' of the arc `r → h`, if present.
    #[inline]
    pub(crate) fn cost(&self, r: usize, h: u32) -> Option<i64> {
        let range = self.off[r] as usize..self.off[r + 1] as usize;
        match self.head[range.clone()].iter().position(|&x| x == h) {
            Some(p) => Some(self.cost[range.start + p]),
            None => self.more[r].iter().find(|a| a.0 == h).map(|a| a.1),
        }
    }

    /// Adds the arc `r → h` (the caller checks it is new).
    pub(crate) fn add(&mut self, r: usize, h: u32, cost: i64) {
        self.more[r].push((h, cost));
        self.added += 1;
    }

    /// The number of arcs.
    pub(crate) fn len(&self) -> u64 {
        self.head.len() as u64 + self.added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_additions_and_transpose_agree() {
        let mut a = Arcs::with_capacity(3, 4);
        a.push_row([(1, 10), (0, 5)]);
        a.push_row([]);
        a.push_row([(1, 7)]);
        a.seal();
        a.add(1, 0, 3);
        assert_eq!(a.row(0).collect::<Vec<_>>(), vec![(1, 10), (0, 5)]);
        assert_eq!(a.row(1).collect::<Vec<_>>(), vec![(0, 3)]);
        assert_eq!(a.cost(0, 0), Some(5));
        assert_eq!(a.cost(1, 0), Some(3));
        assert_eq!(a.cost(2, 0), None);
        assert_eq!(a.len(), 4);
        let t = a.transpose(2);
        // The base arcs only: additions are mirrored by the caller.
        assert_eq!(t.row(0).collect::<Vec<_>>(), vec![(0, 5)]);
        assert_eq!(t.row(1).collect::<Vec<_>>(), vec![(0, 10), (2, 7)]);
    }
}
