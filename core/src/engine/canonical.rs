//! The canonical writer: JSON written by hand exactly as `serde_json` writes it, for the hot path of
//! hashing records and commands. Areas whose payloads are large and frequent (a visit's answers)
//! implement [`Canonical`] with these primitives; every other payload is written by serde.

use super::record::Digest;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// A value with a canonical JSON form: compact, fields in declaration order, exactly what
/// `serde_json::to_vec` gives. Implementors may write it faster by hand; a test of theirs must hold
/// the two forms byte-equal.
pub trait Canonical: Serialize {
    /// Appends the canonical JSON of `self` to `out`. `carry` holds bytes a command leaves for the
    /// events of the same command (see [`Carry`]).
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        let _ = carry;
        super::jcs::write_declared(out, self);
    }

    /// Appends the RFC 8785 canonical JSON of `self` (records of schema version 2 on); exactly
    /// what [`super::jcs::write_jcs`] gives. `carry` as in [`Canonical::write_canonical`].
    fn write_jcs(&self, out: &mut Vec<u8>, carry: &mut Carry, scratch: &mut super::jcs::Scratch) {
        let _ = carry;
        super::jcs::write_jcs_with(out, scratch, self);
    }
}

/// Bytes a command's canonical form leaves for its events: an area whose event repeats a long tail
/// of its command's JSON (a visit's answers) keeps it here instead of writing it twice.
#[derive(Debug, Default)]
pub struct Carry {
    /// The kept bytes.
    pub tail: Vec<u8>,
    /// Whether `tail` belongs to the current command (cleared before each command and each replayed
    /// record).
    pub kept: bool,
    /// Offsets into `tail` where the event inserts what the command lacks (the area's own use).
    pub split: [usize; 2],
}

/// Appends serde's compact JSON of `value`.
pub fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing plain data into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Writes `at` exactly as chrono's serde does (RFC 3339, fractional seconds only when present, `Z`
/// for UTC), without `fmt`: every record carries one. Rare forms (years outside 0–9999, leap
/// seconds, offsets with seconds) go through chrono itself.
pub fn write_at(out: &mut Vec<u8>, at: &DateTime<FixedOffset>) {
    use chrono::{Datelike, Timelike};
    let offset = at.offset().local_minus_utc();
    let local = at.naive_local();
    let nano = local.nanosecond();
    if !(0..=9999).contains(&local.year()) || nano >= 1_000_000_000 || offset % 60 != 0 {
        write_json(out, at);
        return;
    }
    let two = |out: &mut Vec<u8>, n: u32| {
        out.push(b'0' + (n / 10) as u8);
        out.push(b'0' + (n % 10) as u8);
    };
    let year = local.year() as u32;
    out.push(b'"');
    two(out, year / 100);
    two(out, year % 100);
    out.push(b'-');
    two(out, local.month());
    out.push(b'-');
    two(out, local.day());
    out.push(b'T');
    two(out, local.hour());
    out.push(b':');
    two(out, local.minute());
    out.push(b':');
    two(out, local.second());
    let (digits, value) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (3, n / 1_000_000),
        n if n % 1_000 == 0 => (6, n / 1_000),
        n => (9, n),
    };
    if digits > 0 {
        out.push(b'.');
        for i in (0..digits).rev() {
            out.push(b'0' + (value / 10u32.pow(i) % 10) as u8);
        }
    }
    if offset == 0 {
        out.push(b'Z');
    } else {
        out.push(if offset < 0 { b'-' } else { b'+' });
        let minutes = offset.unsigned_abs() / 60;
        two(out, minutes / 60);
        out.push(b':');
        two(out, minutes % 60);
    }
    out.push(b'"');
}

pub(crate) fn write_hex(out: &mut Vec<u8>, digest: &Digest) {
    out.extend_from_slice(&digest.hex_bytes());
}

/// What `serde_json` writes for each byte of a string: 0 for the byte itself, else the letter of
/// its escape (`u` for `\u00XX`).
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether one of the eight bytes of `w` is a control character, `"` or `\\` (exact: no byte
/// that `ESCAPE` passes through is flagged).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    // A byte below 0x20: (x - 0x20 per byte) borrows into its high bit only where x < 0x20 (and the
    // byte's own high bit is clear).
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
    below_space || has_zero(w ^ (ONES * u64::from(b'"'))) || has_zero(w ^ (ONES * u64::from(b'\\')))
}

/// The eight bytes of `bytes` from `at` as a little-endian word.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let w = &bytes[at..at + 8];
    u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
}

/// Writes a JSON string exactly as `serde_json` does (the same escapes, non-ASCII as is), copying
/// the runs between escapes whole.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    // Eight bytes at a time while none needs escaping (the common case: ids, names, Chinese text),
    // then byte by byte from the first word that holds one.
    let mut clean = 0;
    while clean + 8 <= bytes.len() {
        if needs_escape(word_at(bytes, clean)) {
            break;
        }
        clean += 8;
    }
    // The last few bytes as one word too: the last eight (overlapping words already checked), or
    // the whole string padded with a byte that needs no escape.
    let rest = bytes.len() - clean;
    if rest < 8 {
        let tail = if bytes.len() >= 8 {
            word_at(bytes, bytes.len() - 8)
        } else {
            let mut pad = [b'a'; 8];
            pad[..rest].copy_from_slice(bytes);
            u64::from_le_bytes(pad)
        };
        if !needs_escape(tail) {
            out.extend_from_slice(bytes);
            out.push(b'"');
            return;
        }
    }
    for (i, &b) in bytes.iter().enumerate().skip(clean) {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Writes a JSON value as `serde_json` does (numbers go through it: they are few and their form is
/// its own).
pub fn write_value(out: &mut Vec<u8>, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_json(out, n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => write_map(out, map.iter()),
    }
}

/// Writes a map as serde writes it: its entries in the iterator's order.
pub fn write_map<'v, K: AsRef<str> + 'v>(out: &mut Vec<u8>, entries: impl Iterator<Item = (K, &'v serde_json::Value)>) {
    out.push(b'{');
    for (i, (key, item)) in entries.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, key.as_ref());
        out.push(b':');
        write_value(out, item);
    }
    out.push(b'}');
}
