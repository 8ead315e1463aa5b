//! `import`: one CSV file as one `importCsv` command: the whole file is imported or nothing is.

use crate::args::{Global, ImportArgs};
use crate::exit::{Failure, Outcome};
use crate::{actor, envelope, input, open, output, progress};
use grassroots::ErrorCode;
use grassroots::people::ImportCsv;
use std::collections::BTreeMap;
use std::io::Read;

/// How much of the file is read between two steps of the bar.
const CHUNK: usize = 1 << 16;

/// Reads the file, sends it, and prints how many rows were imported and the records they made. On
/// a file with bad rows the library refuses the whole command (`INVALID_CSV`): every bad row is
/// printed under the error with its line and column, and nothing is imported.
///
/// # Errors
/// `NO_INPUT` for a file that cannot be read; `INVALID_CSV` (also for a file that is not UTF-8);
/// the library's other refusals (`PERMISSION_DENIED`, `CAMPAIGN_NOT_OPEN` …); storage failures.
pub fn run(args: &ImportArgs, global: &Global) -> Outcome {
    let shown = args.file.display().to_string();
    let bytes = read(&args.file, &shown)?;
    let csv = String::from_utf8(bytes).map_err(|e| {
        let line = input::line_of(e.as_bytes(), e.utf8_error().valid_up_to());
        Failure::core(
            ErrorCode::InvalidCsv,
            format!(
                "{shown} is not UTF-8 text (line {line}): save it as UTF-8 (Excel: “CSV UTF-8”); nothing was imported"
            ),
        )
    })?;
    let rows = data_rows(&csv);
    let mut store = open::open(&args.store, global)?;
    let actor = actor::actor(global, &store)?;
    let at = actor::moment(global)?;
    let table = args.kind.csv_table();
    let table_name = serde_json::to_value(table).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let id = envelope::id(&format!("import-{table_name}"), csv.as_bytes());
    let spinner = progress::spinner("校验、执行并存储 validating, executing and storing");
    let stored = envelope::send(&mut store, &actor, at, id, None, ImportCsv { table, csv }.into());
    spinner.finish_and_clear();
    // The library's message says how many rows are bad and that nothing was imported; the rows
    // follow it, each with its line and column.
    let stored = stored.map_err(|mut failure| {
        failure.message = format!("{shown}: {}", failure.message);
        failure
    })?;
    let mut out = output::stdout();
    let what = if stored.executed.retried {
        format!(
            "已导入过 already imported: {shown} was imported before ({}); nothing new was recorded",
            envelope::seqs(&stored)
        )
    } else {
        format!("已导入 imported: {rows} rows of {table_name} from {shown} ({})", envelope::seqs(&stored))
    };
    output::line(&mut out, "stdout", &what)?;
    for (event, count) in event_counts(&stored.records) {
        output::line(&mut out, "stdout", &format!("  {event}: {count}"))?;
    }
    output::flush(&mut out, "stdout")
}

/// The file's bytes, read a chunk at a time under a bar.
fn read(path: &std::path::Path, shown: &str) -> Outcome<Vec<u8>> {
    let mut file = std::fs::File::open(path).map_err(|e| input::unreadable(shown, &e))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress::bytes(len, "读取 reading");
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = file.read(&mut chunk).map_err(|e| input::unreadable(shown, &e))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    Ok(bytes)
}

/// The rows of data the library imports: every record after the header but the blank ones.
fn data_rows(csv: &str) -> u64 {
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(csv.as_bytes());
    reader.records().filter_map(Result::ok).filter(|r| !r.iter().all(|c| c.trim().is_empty())).count() as u64
}

/// How many records of each event type, by type name (deterministic order).
fn event_counts(records: &[String]) -> BTreeMap<String, u64> {
    #[derive(serde::Deserialize)]
    struct Event {
        #[serde(rename = "type")]
        kind: String,
    }
    #[derive(serde::Deserialize)]
    struct Record {
        event: Event,
    }
    let mut counts = BTreeMap::new();
    for record in records {
        if let Ok(r) = serde_json::from_str::<Record>(record) {
            *counts.entry(r.event.kind).or_insert(0) += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_rows_the_library_imports() {
        assert_eq!(data_rows("\u{feff}id,address,unit\nh1,a,430104017001\n,,\n\nh2,b,430104017001\n"), 2);
        assert_eq!(data_rows("id,address,unit\n"), 0);
    }
}
