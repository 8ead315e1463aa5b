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
    /// `CAMPAIGN_NOT_OPEN`; `NOT_FOUND` naming `query.unit` for a unit the campaign has not
    /// registered.
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
