//! A compact moment: whole seconds since 2000-01-01T00:00:00Z in a `u32` (until 2136), for state that
//! keeps many timestamps (a problem's history) where a `DateTime<FixedOffset>` would take 16 bytes.
//! Shown in China Standard Time (UTC+8); the offset a command was sent with is kept by its record.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Seconds since 2000-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Moment(pub u32);

/// 2000-01-01T00:00:00Z as a Unix time.
const EPOCH_2000: i64 = 946_684_800;

impl Moment {
    /// The moment of `at`, to the second; moments before 2000 or after 2136 are clamped to the ends.
    pub fn of(at: DateTime<FixedOffset>) -> Moment {
        Moment((at.timestamp() - EPOCH_2000).clamp(0, i64::from(u32::MAX)) as u32)
    }

    /// The moment in China Standard Time (UTC+8).
    pub fn to_datetime(self) -> DateTime<FixedOffset> {
        let utc = Utc.timestamp_opt(EPOCH_2000 + i64::from(self.0), 0).single().unwrap_or_default();
        utc.with_timezone(&FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset"))
    }
}

#[cfg(test)]
mod tests {
    use super::Moment;

    #[test]
    fn a_moment_keeps_the_second_and_reads_in_utc_plus_8() {
        let at = "2022-05-07T09:30:15+08:00".parse().unwrap();
        assert_eq!(Moment::of(at).to_datetime(), at);
        assert_eq!(Moment::of(at).to_datetime().to_rfc3339(), "2022-05-07T09:30:15+08:00");
        let utc = "2022-05-07T01:30:15Z".parse::<chrono::DateTime<chrono::FixedOffset>>().unwrap();
        assert_eq!(Moment::of(utc), Moment::of(at));
        assert_eq!(Moment::of("1999-12-31T00:00:00Z".parse().unwrap()), Moment(0));
    }
}
