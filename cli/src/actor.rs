//! Who and when: the actor and the moment of the commands and queries the tool builds itself.
//!
//! The core never reads a clock; the tool is a host and may. Without `--at` it takes the current
//! time in UTC+8, the time the campaign's days are counted in.

use crate::args::Global;
use crate::exit::{Failure, Outcome};
use chrono::{DateTime, FixedOffset};
use grassroots::{Actor, DivisionCode, ErrorCode};
use grassroots_store::Store;

/// UTC+8, in seconds.
const CHINA: i32 = 8 * 3600;

/// The moment of `--at`, or now in UTC+8.
///
/// # Errors
/// `INVALID_FIELD` for an `--at` that is not an RFC 3339 moment with its offset.
pub fn moment(global: &Global) -> Outcome<DateTime<FixedOffset>> {
    match &global.at {
        Some(text) => DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
            Failure::core(
                ErrorCode::InvalidField,
                "--at is not a moment: write it in RFC 3339 with its offset, e.g. 2022-04-28T18:00:00+08:00",
            )
        }),
        None => Ok(now()),
    }
}

/// Now, in UTC+8, to the second (std's clock: chrono's `clock` feature stays off in the workspace).
fn now() -> DateTime<FixedOffset> {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let utc = DateTime::from_timestamp(i64::try_from(since.as_secs()).unwrap_or(0), 0).unwrap_or_default();
    utc.with_timezone(&FixedOffset::east_opt(CHINA).expect("UTC+8 is a valid offset"))
}

/// The actor of the global options, its scope `--scope` or the sub-district of the campaign the
/// store holds.
///
/// # Errors
/// `INVALID_DIVISION_CODE` for a bad `--scope`; `CAMPAIGN_NOT_OPEN` when there is no `--scope` and
/// the campaign is not open yet (it has no sub-district to default to).
pub fn actor(global: &Global, store: &Store) -> Outcome<Actor> {
    let fallback = store.campaign().state().organization.campaign.as_ref().map(|c| c.subdistrict.code);
    actor_with(global, fallback)
}

/// The actor of the global options, its scope `--scope` or else `fallback`.
///
/// # Errors
/// As [`actor`].
pub fn actor_with(global: &Global, fallback: Option<DivisionCode>) -> Outcome<Actor> {
    let scope = match &global.scope {
        Some(text) => DivisionCode::parse(text.trim(), "--scope")?,
        None => fallback.ok_or_else(|| {
            Failure::core(
                ErrorCode::CampaignNotOpen,
                "the campaign is not open, so it has no sub-district to act in: open it first \
                 (`grassroots init --open`, or send openCampaign) or pass --scope",
            )
        })?,
    };
    Ok(Actor { id: global.actor_id.clone(), role: global.role, scope })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_in_china_time() {
        assert_eq!(now().offset().local_minus_utc(), CHINA);
    }
}
