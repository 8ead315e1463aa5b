//! The seeded draw of unannounced inspections ("四不两直"): anyone can recompute the targets from the
//! candidates, the count and the seed the command carries (the algorithm is written out in
//! `docs/OVERSIGHT.md`, so that an auditor needs nothing of this library).

use crate::engine::division_code::DivisionCode;

/// SplitMix64 (Steele, Lea & Flood 2014), the generator: each call advances `state` by the golden
/// gamma and mixes it.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `count` targets drawn from `candidates` with `seed`: the candidates sorted by code, then a
/// partial Fisher–Yates shuffle — for `i` from 0, swap position `i` with `i + next() % (n − i)` —
/// and the first `count` positions, in the order drawn.
pub fn draw(candidates: &[DivisionCode], count: usize, seed: u64) -> Vec<DivisionCode> {
    let mut pool = candidates.to_vec();
    pool.sort();
    let n = pool.len();
    let mut state = seed;
    for i in 0..count.min(n) {
        let j = i + (next(&mut state) % (n - i) as u64) as usize;
        pool.swap(i, j);
    }
    pool.truncate(count.min(n));
    pool
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_gives_its_published_first_outputs() {
        // The reference outputs of SplitMix64 from seed 1234567 (Vigna's splitmix64.c).
        let mut s = 1234567;
        let first: Vec<u64> = (0..3).map(|_| next(&mut s)).collect();
        assert_eq!(first, [6457827717110365317, 3203168211198807973, 9817491932198370423]);
    }

    #[test]
    fn the_draw_depends_on_the_seed_not_on_the_order_given() {
        let codes: Vec<DivisionCode> =
            (1..=9).map(|i| DivisionCode::parse(&format!("43010401700{i}"), "c").unwrap()).collect();
        let mut reversed = codes.clone();
        reversed.reverse();
        assert_eq!(draw(&codes, 3, 42), draw(&reversed, 3, 42));
        assert_ne!(draw(&codes, 3, 42), draw(&codes, 3, 43));
        let all = draw(&codes, 9, 7);
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(sorted, codes, "a draw of all is a permutation");
    }
}
