//! `report`: the library's reports (`Query::Report`), written as the library renders them —
//! Markdown, CSV of the first table, or an XLSX workbook — so that the tool prints the same bytes as
//! every other door of the library.
//!
//! Every report is asked as the global options' actor at `--at` (default now, UTC+8): the tool adds
//! no rule and no layout of its own. With `--at` the output is the same on every run over the same
//! store. The campaign's summary is not one of the library's reports: `grassroots query PATH
//! '{"type":"campaignSummary","at":"…"}'` answers it.

use crate::args::{Format, Global, ReportArgs, ReportWhat};
use crate::exit::{Code, Failure, Outcome};
use crate::{actor, base64, open, output};
use grassroots::report::{ReportKind, ReportQuery, ReportResult};
use grassroots::{ErrorCode, Query, QueryResult};
use std::io::Write;
use std::path::Path;

/// Prints the report(s) asked for, to stdout or `--out`.
///
/// # Errors
/// `USAGE` for `all` as CSV or XLSX (a CSV file holds one table, a workbook one report) and for
/// XLSX without `--out`; the library's refusal of the query (`PERMISSION_DENIED` for a role that
/// may not read reports, `INVALID_FIELD` for `--unit` with a report about the whole sub-district
/// …); `CANNOT_CREATE` and `IO_ERROR` for the output; storage failures.
pub fn run(args: &ReportArgs, global: &Global) -> Outcome {
    if args.what == ReportWhat::All && args.format != Format::Md {
        return Err(Failure::usage(
            "a CSV file holds one table and a workbook one report: name the report (coverage, problem-list, \
             special-report, weak-and-lax-list, ledgers, acceptance, notices or timetable), or use --format md",
        ));
    }
    if args.format == Format::Xlsx && args.out.is_none() {
        return Err(Failure::usage("an XLSX workbook is binary: name the file to write with --out FILE.xlsx"));
    }
    let mut store = open::open(&args.store, global)?;
    let actor = actor::actor(global, &store)?;
    let at = actor::moment(global)?;
    let kinds: Vec<ReportKind> = args.what.kind().map_or_else(|| ReportKind::ALL.to_vec(), |kind| vec![kind]);
    let mut bytes = Vec::new();
    for kind in kinds {
        // `all` with `--unit`: the reports about the whole sub-district are printed whole.
        let unit = if args.what == ReportWhat::All && !kind.takes_unit() { None } else { args.unit.clone() };
        let query =
            ReportQuery { report: kind, at, unit, language: args.lang.language(), format: args.format.report_format() };
        let report = match store.query(&actor, &Query::Report(query))? {
            QueryResult::Report(report) => report,
            _ => return Err(unexpected("another result")),
        };
        bytes.extend(rendered(&report, args.format)?);
    }
    match &args.out {
        None => {
            let mut out = output::stdout();
            out.write_all(&bytes).map_err(|e| Failure::io("stdout", &e))?;
            output::flush(&mut out, "stdout")
        }
        Some(path) => {
            write_file(path, &bytes)?;
            output::note(&format!("已写入 written: {} ({} bytes)", path.display(), bytes.len()));
            Ok(())
        }
    }
}

/// The report's bytes: its text, or the workbook its base64 encodes.
fn rendered(report: &ReportResult, format: Format) -> Outcome<Vec<u8>> {
    match format {
        Format::Md | Format::Csv => Ok(report.rendered.clone().into_bytes()),
        Format::Xlsx => base64::decode(&report.rendered).ok_or_else(|| unexpected("a workbook that is not base64")),
    }
}

/// Writes `bytes` into `path`.
fn write_file(path: &Path, bytes: &[u8]) -> Outcome {
    let shown = path.display().to_string();
    let mut file = std::fs::File::create(path)
        .map_err(|e| Failure::new(Code::CantCreate, format!("cannot create {shown}: {e}")))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| Failure::io(&shown, &e))
}

/// The library answered a report with something else: it would be broken.
fn unexpected(what: &str) -> Failure {
    Failure::core(ErrorCode::MalformedInput, format!("the library answered a report's query with {what}"))
}
