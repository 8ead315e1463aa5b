//! What every report and picture carries on top: its title, the campaign, the unit, the moment it
//! describes and the head of the log it was computed at.

use crate::engine::QueryContext;
use crate::engine::campaign::Head;
use crate::engine::error::Result;
use crate::organization::{NamedUnit, OrganizationState};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The language a report or picture is written in: Chinese (the default) or English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Language {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl Language {
    /// The Chinese or the English of a pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Zh => zh,
            Language::En => en,
        }
    }
}

/// The header of a report or a picture: enough to trace a printed page to the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportHeader {
    /// The report's title, in its language.
    pub title: String,
    /// The campaign's title.
    pub campaign: String,
    /// The sub-district running the campaign.
    pub subdistrict: NamedUnit,
    /// The village or community reported on, when the report is about one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<NamedUnit>,
    /// The moment the report describes (deadlines and overdue are judged at it).
    pub at: DateTime<FixedOffset>,
    /// The head of the log the report was computed at: its seq and hash.
    pub head: Head,
    /// The language it is written in.
    pub language: Language,
}

impl ReportHeader {
    /// The header of a report titled `title` about `unit` (or the whole sub-district) at `at`.
    ///
    /// # Errors
    /// `CAMPAIGN_NOT_OPEN`; `INVALID_FIELD` naming `query.at` for a moment more than a year before the
    /// campaign's start or ten years after its end; `NOT_FOUND` naming `query.unit` for a unit the
    /// campaign has not registered.
    pub fn new<S: OrganizationState>(
        state: &S,
        cx: &QueryContext<'_>,
        title: String,
        unit: Option<&str>,
        at: DateTime<FixedOffset>,
        language: Language,
    ) -> Result<ReportHeader> {
        let org = state.organization();
        let campaign = org.open_campaign()?;
        check_at(at, campaign.start, campaign.end)?;
        let unit = match unit {
            None => None,
            Some(code) => {
                let u = org.existing_unit(code, "query.unit")?;
                Some(NamedUnit { code: u.code, name: u.name.clone() })
            }
        };
        Ok(ReportHeader {
            title,
            campaign: campaign.title.clone(),
            subdistrict: campaign.subdistrict.clone(),
            unit,
            at,
            head: cx.head,
            language,
        })
    }
}

/// How far before its start and after its end a campaign may be reported on: a year before (plans
/// drawn up ahead), ten years after (archives, audits).
const BEFORE_START_DAYS: u64 = 366;
const AFTER_END_DAYS: u64 = 3_653;

/// `at` lies where a report on the campaign can describe it, or `INVALID_FIELD` naming `query.at`.
/// A moment centuries away (chrono reads years up to ±262,143) would make a timetable's axis
/// unbounded; it is refused before anything is drawn.
fn check_at(at: DateTime<FixedOffset>, start: chrono::NaiveDate, end: chrono::NaiveDate) -> Result<()> {
    let day = at.with_timezone(&super::figures::china()).date_naive();
    let from = start.checked_sub_days(chrono::Days::new(BEFORE_START_DAYS)).unwrap_or(start);
    let to = end.checked_add_days(chrono::Days::new(AFTER_END_DAYS)).unwrap_or(end);
    if day < from || day > to {
        return Err(crate::engine::error::Error::invalid_field(
            "query.at",
            format!(
                "`at` must lie between {from} and {to} (a year before the campaign's start, ten years after its end)"
            ),
        ));
    }
    Ok(())
}
