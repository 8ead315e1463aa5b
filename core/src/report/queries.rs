//! The report query: what a reader asks for, and the report it gets.

use super::kinds::{self, ReportBody};
use super::{Language, ReportHeader, ReportKind, Table, render};
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use crate::oversight::OversightState;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// How a report is written for people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReportFormat {
    /// Markdown: the header's lines, then each table (the default).
    #[default]
    Markdown,
    /// CSV (RFC 4180, UTF-8) of the report's main table, its first: a CSV file holds one table.
    Csv,
    /// An XLSX workbook, base64 in `rendered`: a sheet for the header and one per table. Only in
    /// builds with the `xlsx` feature (the C library and the CLI; not the npm package).
    Xlsx,
}

impl ReportFormat {
    /// The media type of the rendered text.
    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "text/markdown; charset=utf-8",
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A report, computed from the state at the head of the log, masked for the reader like the
/// queries it is built from, and rendered for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportQuery {
    /// Which report.
    pub report: ReportKind,
    /// The moment it describes: deadlines and overdue are judged at it.
    pub at: DateTime<FixedOffset>,
    /// Only this village or community (not for the special report, the notices and the
    /// timetable, which are about the whole sub-district).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Chinese (the default) or English.
    #[serde(default)]
    pub language: Language,
    /// Markdown (the default), CSV or XLSX.
    #[serde(default)]
    pub format: ReportFormat,
}

/// See [`ReportQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportResult {
    /// What traces the report to the log.
    pub header: ReportHeader,
    /// The figures, as the queries the report is built from answered them.
    pub body: Box<ReportBody>,
    /// The tables the report is rendered from, in its language.
    pub tables: Vec<Table>,
    /// The media type of `rendered`.
    pub media_type: String,
    /// The report written out: Markdown or CSV text, or an XLSX file in base64.
    pub rendered: String,
}

crate::engine::guarded! {
    ReportQuery => Read, "read reports", Filtered;
}

impl<S: OversightState> Answer<S> for ReportQuery {
    type Output = ReportResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ReportResult> {
        if self.unit.is_some() && !self.report.takes_unit() {
            return Err(Error::invalid_field(
                "query.unit",
                format!(
                    "the report `{}` is about the whole sub-district: leave `unit` out",
                    super::figures::wire(&self.report)
                ),
            ));
        }
        let unit = match &self.unit {
            Some(code) => {
                // The scope first: a reader learns nothing of a unit outside it, not even whether it
                // exists.
                let unit = crate::people::unit_filter(cx.actor, Some(code))?;
                state.organization().village_or_community(code, "query.unit")?;
                unit
            }
            None => None,
        };
        let title = self.report.title(self.language).to_string();
        let header = ReportHeader::new(state, cx, title, self.unit.as_deref(), self.at, self.language)?;
        let body = kinds::build(state, cx, self, unit)?;
        let tables = body.tables(self.language);
        let rendered = match self.format {
            ReportFormat::Markdown => render::markdown(&header, &tables),
            ReportFormat::Csv => render::csv(tables.first().unwrap_or(&Table::default())),
            ReportFormat::Xlsx => xlsx_base64(&header, &tables)?,
        };
        Ok(ReportResult {
            header,
            body: Box::new(body),
            tables,
            media_type: self.format.media_type().to_string(),
            rendered,
        })
    }
}

#[cfg(feature = "xlsx")]
fn xlsx_base64(header: &ReportHeader, tables: &[Table]) -> Result<String> {
    render::xlsx(header, tables).map(|bytes| super::base64::encode(&bytes))
}

#[cfg(not(feature = "xlsx"))]
fn xlsx_base64(_: &ReportHeader, _: &[Table]) -> Result<String> {
    Err(Error::invalid_field(
        "query.format",
        "this build writes no XLSX (the `xlsx` feature is off, as in the npm package): ask for `markdown` or `csv`",
    ))
}
