//! Reports, pictures and roll-ups (glossary: 报告, 通报, 实施计划表), the `report` area: what a person
//! reads or sends upward at the end of every stage of the plan. A report is a query with a structured
//! result and a header that ties a printed page to the log (the seq and hash it was computed at); a
//! picture is the same for an SVG drawing; a roll-up is a summary that adds up from a sub-district to
//! a district and a city. `docs/REPORTS.md` has the design.
//!
//! The area holds no state and records no event: every figure comes from the other areas' queries,
//! asked as the reader, so a report is masked exactly as the queries it is built from.
//!
//! Depends on the engine and every area it reports on: `organization`, `people`, `survey`,
//! `micro_grid`, `calendar`, `problem`, `review`, `weak_and_lax`, `rectification`, `participation`,
//! `acceptance` and `oversight`.

mod ask;
#[cfg(feature = "xlsx")]
mod base64;
mod figures;
mod header;
mod kind;
pub mod kinds;
mod pages;
pub mod picture;
mod queries;
pub mod render;
pub mod rollup;
mod table;

pub use ask::ask;
pub use header::*;
pub use kind::ReportKind;
pub use kinds::ReportBody;
pub(crate) use pages::{Capped, every_page};
pub use queries::*;
pub use table::Table;

/// The most rows a report lists in one table; the rest are counted in a note. A report is read
/// by a person and answered in one piece, so it is bounded like every list.
pub const ROW_CAP: usize = 10_000;
