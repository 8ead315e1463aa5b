//! Deterministic mutations for the fallback (no libFuzzer): a SplitMix64 generator with a fixed seed
//! and a handful of byte-level and token-level mutations, so every run tries the same inputs.

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and the same on every machine.
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }
}

/// Bytes that often matter to the parsers under test.
const INTERESTING: &[u8] = b"\0\x01\x7f\x80\xff\"'{}[],:\n\r\t\\ -.0123456789$()=<>";

/// Numbers and strings that often sit on a boundary.
const SPECIAL: &[&str] = &[
    "0",
    "-1",
    "1",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1e400",
    "-0",
    "0.1",
    "1.7976931348623157e308",
    "null",
    "true",
    "\"\"",
    "[]",
    "{}",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "2022-02-30",
    "2022-04-13T09:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
];

/// Mutates `data` one to four times: bit flips, interesting bytes, deletions, duplications,
/// insertions of dictionary tokens or special values, replacements of a number, splices with another
/// seed.
pub fn mutate(rng: &mut SplitMix64, data: &mut Vec<u8>, seeds: &[Vec<u8>], dict: &[Vec<u8>]) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = data.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16.min(len - start))).min(len);
                data.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64.min(len - start))).min(len);
                let chunk = data[start..end].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            4 | 5 if !dict.is_empty() => {
                let token = &dict[rng.below(dict.len())];
                let at = rng.below(len + 1);
                if rng.below(2) == 0 || at == len {
                    data.splice(at..at, token.iter().copied());
                } else {
                    let end = (at + token.len()).min(len);
                    data.splice(at..end, token.iter().copied());
                }
            }
            6 => {
                let special = SPECIAL[rng.below(SPECIAL.len())].as_bytes();
                // Replace a run of digits (a number, a seq, a code) when one is found.
                match find_digits(data, rng.below(len + 1)) {
                    Some((start, end)) => {
                        data.splice(start..end, special.iter().copied());
                    }
                    None => {
                        let at = rng.below(len + 1);
                        data.splice(at..at, special.iter().copied());
                    }
                }
            }
            7 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            8 if len > 0 => {
                data.truncate(rng.below(len));
            }
            _ => {
                let at = rng.below(len + 1);
                let byte = (rng.next_u64() & 0xff) as u8;
                data.insert(at, byte);
            }
        }
    }
}

/// The first run of ASCII digits at or after `from` (wrapping around).
fn find_digits(data: &[u8], from: usize) -> Option<(usize, usize)> {
    let n = data.len();
    (0..n).map(|k| (from + k) % n).find(|&i| data[i].is_ascii_digit()).map(|start| {
        let start = (0..=start).rev().take_while(|&i| data[i].is_ascii_digit()).last().unwrap_or(start);
        let end = (start..n).find(|&i| !data[i].is_ascii_digit()).unwrap_or(n);
        (start, end)
    })
}
