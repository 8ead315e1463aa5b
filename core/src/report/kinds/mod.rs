//! Each report's figures (asked from the areas' queries as the reader) and its tables.

mod acceptance;
mod coverage;
mod ledgers;
mod notices;
mod problem_list;
mod special_report;
mod timetable;
mod weak_and_lax_list;

pub use acceptance::AcceptanceReport;
pub use coverage::CoverageReport;
pub use ledgers::LedgersReport;
pub use notices::NoticesReport;
pub use problem_list::ProblemListReport;
pub use special_report::SpecialReportReport;
pub use timetable::TimetableReport;
pub use weak_and_lax_list::WeakAndLaxListReport;

use super::{Language, ReportKind, ReportQuery, Table};
use crate::engine::QueryContext;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use serde::{Deserialize, Serialize};

/// A report's figures, one variant per [`ReportKind`], tagged with its wire name in `report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "report", rename_all = "camelCase")]
#[allow(clippy::large_enum_variant)] // one body per answer, moved once
pub enum ReportBody {
    /// See [`ReportKind::Coverage`].
    Coverage(CoverageReport),
    /// See [`ReportKind::ProblemList`].
    ProblemList(ProblemListReport),
    /// See [`ReportKind::SpecialReport`].
    SpecialReport(SpecialReportReport),
    /// See [`ReportKind::WeakAndLaxList`].
    WeakAndLaxList(WeakAndLaxListReport),
    /// See [`ReportKind::Ledgers`].
    Ledgers(LedgersReport),
    /// See [`ReportKind::Acceptance`].
    Acceptance(AcceptanceReport),
    /// See [`ReportKind::Notices`].
    Notices(NoticesReport),
    /// See [`ReportKind::Timetable`].
    Timetable(TimetableReport),
}

impl ReportBody {
    /// The report's tables in `language`.
    pub fn tables(&self, language: Language) -> Vec<Table> {
        match self {
            ReportBody::Coverage(r) => r.tables(language),
            ReportBody::ProblemList(r) => r.tables(language),
            ReportBody::SpecialReport(r) => r.tables(language),
            ReportBody::WeakAndLaxList(r) => r.tables(language),
            ReportBody::Ledgers(r) => r.tables(language),
            ReportBody::Acceptance(r) => r.tables(language),
            ReportBody::Notices(r) => r.tables(language),
            ReportBody::Timetable(r) => r.tables(language),
        }
    }
}

/// The figures of the report `query` asks for; `unit` is its village or community, checked.
pub(super) fn build<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    query: &ReportQuery,
    unit: Option<DivisionCode>,
) -> Result<ReportBody> {
    Ok(match query.report {
        ReportKind::Coverage => ReportBody::Coverage(coverage::build(state, cx, query)?),
        ReportKind::ProblemList => ReportBody::ProblemList(problem_list::build(state, cx, query)?),
        ReportKind::SpecialReport => ReportBody::SpecialReport(special_report::build(state, cx)?),
        ReportKind::WeakAndLaxList => ReportBody::WeakAndLaxList(weak_and_lax_list::build(state, cx, unit)?),
        ReportKind::Ledgers => ReportBody::Ledgers(ledgers::build(state, cx, query, unit)?),
        ReportKind::Acceptance => ReportBody::Acceptance(acceptance::build(state, cx, unit)?),
        ReportKind::Notices => ReportBody::Notices(notices::build(state, cx, query)?),
        ReportKind::Timetable => ReportBody::Timetable(timetable::build(state, cx, query)?),
    })
}

/// `yes` or `no` in `language`.
fn yes_no(language: Language, yes: bool) -> String {
    if yes { language.pick("是", "yes") } else { language.pick("否", "no") }.to_string()
}

/// A unit's name with its code.
fn unit_cells(name: &str, code: DivisionCode) -> [String; 2] {
    [name.to_string(), code.to_string()]
}
