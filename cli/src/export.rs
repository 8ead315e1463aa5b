//! `export`: the stored records as JSON lines, each exactly as stored, a page at a time.

use crate::args::{ExportArgs, Global};
use crate::exit::{Code, Failure, Outcome};
use crate::{open, output, progress};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Records read from the store at a time.
const PAGE: usize = 10_000;

/// Writes the records after `--after` to stdout or `--out`. A file is written beside its name and
/// renamed when complete, so an interrupted export never leaves a file that looks whole.
///
/// # Errors
/// `CANNOT_CREATE` for an output file that cannot be made; `IO_ERROR`; storage failures.
pub fn run(args: &ExportArgs, global: &Global) -> Outcome {
    let mut store = open::open(&args.store, global)?;
    let head = store.head().seq;
    let bar = progress::bar(head.saturating_sub(args.after), "导出 exporting");
    let result = match &args.out {
        None => {
            let mut out = output::stdout();
            let written = export(&mut store, args.after, &mut out, "stdout", &bar);
            written.and_then(|n| output::flush(&mut out, "stdout").map(|()| n))
        }
        Some(path) => to_file(&mut store, args.after, path, &bar),
    };
    bar.finish_and_clear();
    let n = result?;
    if args.out.is_some() {
        output::note(&format!("已导出 exported {n} records after seq {} (head #{head})", args.after));
    }
    Ok(())
}

/// Exports into `path` through a partial file renamed at the end.
fn to_file(store: &mut grassroots_store::Store, after: u64, path: &Path, bar: &indicatif::ProgressBar) -> Outcome<u64> {
    let partial = partial_path(path);
    let shown = path.display().to_string();
    let file = std::fs::File::create(&partial)
        .map_err(|e| Failure::new(Code::CantCreate, format!("cannot create {shown}: {e}")))?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    let written = export(store, after, &mut out, &shown, bar).and_then(|n| {
        out.into_inner()
            .map_err(|e| Failure::io(&shown, e.error()))
            .and_then(|f| f.sync_all().map_err(|e| Failure::io(&shown, &e)))
            .map(|()| n)
    });
    match written {
        Ok(n) => std::fs::rename(&partial, path).map(|()| n).map_err(|e| Failure::io(&shown, &e)),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// `FILE.partial` beside `FILE`.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

/// Writes every record after `after`, paging on the last seq of each page; answers how many.
fn export(
    store: &mut grassroots_store::Store,
    mut after: u64,
    out: &mut dyn Write,
    what: &str,
    bar: &indicatif::ProgressBar,
) -> Outcome<u64> {
    #[derive(serde::Deserialize)]
    struct Seq {
        seq: u64,
    }
    let mut written = 0;
    loop {
        let page = store.records_json_lines(after, PAGE)?;
        let Some(last) = page.lines().last() else { return Ok(written) };
        // The store reads records in seq order; the next page starts after the last one read.
        let seq = serde_json::from_str::<Seq>(last).map_err(|_| {
            Failure::core(
                grassroots::ErrorCode::TamperedLog,
                format!("a stored record after seq {after} is not a record: run `grassroots verify`"),
            )
        })?;
        output::text(out, what, &page)?;
        let n = page.lines().count() as u64;
        written += n;
        bar.inc(n);
        if seq.seq <= after {
            return Ok(written);
        }
        after = seq.seq;
    }
}
