//! Numbers and moments for a person: shares as percentages, moments in UTC+8, wire names as words.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// `n / of` as `97.5%` (`—` when `of` is 0: no share of nothing).
pub fn share(n: u64, of: u64) -> String {
    if of == 0 { "—".to_string() } else { format!("{:.1}%", 100.0 * n as f64 / of as f64) }
}

/// A rate of 0–1 as a percentage (`—` when absent).
pub fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", 100.0 * r))
}

/// A moment as a cadre reads it, in China's time (UTC+8) whatever offset it came with:
/// `2022-04-28 18:00`.
pub fn moment(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()
}

/// UTC+8.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// A value's name on the wire (`telecomFraud`).
pub fn wire<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A wire name as English words: `telecomFraud` → `telecom fraud`.
pub fn words<T: Serialize>(value: &T) -> String {
    let name = wire(value);
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well() {
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(0, 0), "—");
        assert_eq!(rate(Some(0.5)), "50.0%");
        assert_eq!(words(&crate::survey::ProblemCategory::TelecomFraud), "telecom fraud");
        let at = DateTime::parse_from_rfc3339("2022-04-28T10:00:00Z").unwrap();
        assert_eq!(moment(at), "2022-04-28 18:00");
    }
}
