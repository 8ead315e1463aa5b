//! The campaign itself: theme, period, the three phases and their deadlines, as data.
//!
//! Nothing about 2022 or about one sub-district is hard-coded in the rules: the same library runs a
//! campaign of another year or sub-district from another [`CampaignConfig`].
//! [`CampaignConfig::dongfanghong_2022`] is the plan of the seed, used as the embedded default.

use crate::engine::check::non_empty;
use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, ErrorCode, Result};
use crate::engine::log_hash::LogHash;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The three phases of the campaign (glossary §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// 逐村逐户全面排查摸底: the door-to-door survey.
    Survey,
    /// 不折不扣开展集中整治: concentrated rectification.
    Rectification,
    /// 从严从实组织评估验收: evaluation and acceptance.
    Acceptance,
}

impl Phase {
    /// The phase's label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Phase::Survey => "排查摸底",
            Phase::Rectification => "集中整治",
            Phase::Acceptance => "评估验收",
        }
    }
}

/// One phase's window: it starts on `start` and is due by the end of `due` (UTC+8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhasePlan {
    /// Which phase.
    pub phase: Phase,
    /// The first day of the phase.
    pub start: NaiveDate,
    /// The last day of the phase (its deadline).
    pub due: NaiveDate,
}

/// A named organization unit given in the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnitRef {
    /// The 12-digit statistical division code.
    pub code: String,
    /// The unit's name, e.g. `东方红街道`.
    pub name: String,
}

/// Everything needed to open a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignConfig {
    /// The campaign's title, e.g. `开展基层党组织整建提质专项行动`.
    pub title: String,
    /// The theme, e.g. `强组织、善治理、增活力`.
    pub theme: String,
    /// The city the sub-district belongs to.
    pub city: UnitRef,
    /// The district the sub-district belongs to.
    pub district: UnitRef,
    /// The sub-district that runs the campaign; every village, community and household lies inside it.
    pub subdistrict: UnitRef,
    /// The first day of the campaign.
    pub start: NaiveDate,
    /// The last day of the campaign.
    pub end: NaiveDate,
    /// The phases, in order, each inside the campaign's period.
    pub phases: Vec<PhasePlan>,
    /// The hash function of the campaign's log: `sha256` (the default) or `sm3`, chosen once, here.
    #[serde(default, skip_serializing_if = "LogHash::is_sha256")]
    pub log_hash: LogHash,
}

/// A validated campaign configuration, as recorded in the `campaignOpened` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignInfo {
    /// The campaign's title.
    pub title: String,
    /// The theme.
    pub theme: String,
    /// The city.
    pub city: NamedUnit,
    /// The district.
    pub district: NamedUnit,
    /// The sub-district running the campaign.
    pub subdistrict: NamedUnit,
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
    /// The phases in order.
    pub phases: Vec<PhasePlan>,
    /// The hash function of the campaign's log (left out for SHA-256).
    #[serde(default, skip_serializing_if = "LogHash::is_sha256")]
    pub log_hash: LogHash,
}

/// A unit with a validated code and a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamedUnit {
    /// The division code.
    pub code: DivisionCode,
    /// The name.
    pub name: String,
}

impl CampaignConfig {
    /// Checks the configuration and returns what the `campaignOpened` event records.
    ///
    /// # Errors
    /// `INVALID_DIVISION_CODE` when a code disagrees with its level or its parent; `INVALID_FIELD`
    /// for an empty name, an inverted period, or phases out of order or outside the period.
    pub fn validate(&self) -> Result<CampaignInfo> {
        let unit = |u: &UnitRef, level: OrgLevel, field: &str| -> Result<NamedUnit> {
            let code = DivisionCode::parse(&u.code, &format!("{field}.code"))?;
            code.check_level(level, &format!("{field}.code"))?;
            Ok(NamedUnit { code, name: non_empty(&u.name, &format!("{field}.name"))? })
        };
        let city = unit(&self.city, OrgLevel::City, "command.city")?;
        // A town of a city without districts (东莞, 中山, 儋州) has no district to name, and the
        // district's tier (its evaluators and inspectors) is part of every campaign: say so plainly.
        if let Ok(code) = DivisionCode::parse(&self.subdistrict.code, "command.subdistrict.code")
            && code.level() == Some(OrgLevel::Subdistrict)
            && code.parent().and_then(DivisionCode::level) == Some(OrgLevel::City)
        {
            return Err(Error::new(
                ErrorCode::InvalidDivisionCode,
                format!(
                    "`command.subdistrict.code` {code} lies directly under the city (a city without districts): a \
                     campaign needs a district above its sub-district, which such a city lacks, and is not supported there yet"
                ),
            )
            .at_field("command.subdistrict.code"));
        }
        let district = unit(&self.district, OrgLevel::District, "command.district")?;
        let subdistrict = unit(&self.subdistrict, OrgLevel::Subdistrict, "command.subdistrict")?;
        district.code.check_parent(city.code, "command.district.code")?;
        subdistrict.code.check_parent(district.code, "command.subdistrict.code")?;
        if self.end < self.start {
            return Err(Error::invalid_field(
                "command.end",
                "the campaign ends before it starts: `end` must not be before `start`",
            ));
        }
        if self.phases.is_empty() {
            return Err(Error::invalid_field(
                "command.phases",
                "give the campaign's phases (survey, rectification, acceptance) with their dates",
            ));
        }
        let mut previous: Option<&PhasePlan> = None;
        for (i, p) in self.phases.iter().enumerate() {
            let field = format!("command.phases[{i}]");
            if p.due < p.start || p.start < self.start || p.due > self.end {
                return Err(Error::invalid_field(
                    &field,
                    format!(
                        "phase `{:?}` must start and be due inside the campaign's period, due not before start",
                        p.phase
                    ),
                ));
            }
            if let Some(prev) = previous
                && (p.phase <= prev.phase || p.start < prev.start)
            {
                return Err(Error::invalid_field(
                    &field,
                    "phases must be listed once each, in order: survey, rectification, acceptance",
                ));
            }
            previous = Some(p);
        }
        Ok(CampaignInfo {
            title: non_empty(&self.title, "command.title")?,
            theme: non_empty(&self.theme, "command.theme")?,
            city,
            district,
            subdistrict,
            start: self.start,
            end: self.end,
            phases: self.phases.clone(),
            log_hash: self.log_hash,
        })
    }

    /// The plan of the seed: 东方红街道, April to November 2022.
    ///
    /// The survey is due by the end of April, rectification runs April to November, acceptance is in
    /// November. The division codes are the real statistical codes (2023 edition): 长沙市
    /// 430100000000, 岳麓区 430104000000, 东方红街道 430104017000 (the sub-district is run from the
    /// Changsha High-tech Zone, whose statistical code has no units of its own).
    pub fn dongfanghong_2022() -> CampaignConfig {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("a valid calendar date");
        CampaignConfig {
            title: "开展基层党组织整建提质专项行动".into(),
            theme: "强组织、善治理、增活力，以新风正气喜迎党的二十大".into(),
            city: UnitRef { code: "430100000000".into(), name: "长沙市".into() },
            // The statistical codes (2023): 东方红街道 is 430104017, in 岳麓区.
            district: UnitRef { code: "430104000000".into(), name: "岳麓区".into() },
            subdistrict: UnitRef { code: "430104017000".into(), name: "东方红街道".into() },
            start: d(2022, 4, 1),
            end: d(2022, 11, 30),
            phases: vec![
                PhasePlan { phase: Phase::Survey, start: d(2022, 4, 13), due: d(2022, 4, 30) },
                PhasePlan { phase: Phase::Rectification, start: d(2022, 4, 13), due: d(2022, 11, 15) },
                PhasePlan { phase: Phase::Acceptance, start: d(2022, 11, 1), due: d(2022, 11, 30) },
            ],
            log_hash: LogHash::Sha256,
        }
    }
}
