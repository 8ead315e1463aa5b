//! `execute`: command envelopes as JSON lines, executed in batches (one transaction each), one
//! answer line per command on stdout.

use crate::args::{ExecuteArgs, Global};
use crate::exit::{Failure, Outcome};
use crate::{input, open, output, progress};
use grassroots::{CommandEnvelope, Error, ErrorCode};
use grassroots_store::{Store, Stored};
use indicatif::ProgressBar;
use std::io::{BufRead, BufReader, Read, Write};

/// One line of the input: its number, and its envelope or why it is not one.
struct Line {
    number: u64,
    envelope: Result<CommandEnvelope, Error>,
}

/// What was done so far.
#[derive(Default)]
struct Tally {
    accepted: u64,
    retried: u64,
    refused: u64,
    /// The line and code of the first refusal.
    first_refusal: Option<(u64, ErrorCode)>,
}

/// Reads the envelopes, executes them `--batch` at a time and prints an answer per command: the
/// `ExecuteResult` JSON or the error's JSON, in input order. A refused command changes nothing and
/// does not stop the others. The summary goes to stderr.
///
/// # Errors
/// The first refused command's code when any was refused (its answer line says why); a storage
/// failure stops at once (the batches before it are stored; re-running answers them as retries).
pub fn run(args: &ExecuteArgs, global: &Global) -> Outcome {
    let (reader, len): (Box<dyn Read>, Option<u64>) = if args.file == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = std::fs::File::open(&args.file).map_err(|e| input::unreadable(&args.file, &e))?;
        let len = file.metadata().map(|m| m.len()).ok();
        (Box::new(file), len)
    };
    let mut store = open::open(&args.store, global)?;
    let bar = match len {
        Some(len) => progress::bytes(len, "执行 executing"),
        None => progress::spinner("执行 executing"),
    };
    let mut out = output::stdout();
    let mut tally = Tally::default();
    let result = execute_all(&mut store, reader, args.batch as usize, &bar, &mut out, &mut tally);
    bar.finish_and_clear();
    output::flush(&mut out, "stdout")?;
    result?;
    let head = store.head();
    let total = tally.accepted + tally.retried + tally.refused;
    match tally.first_refusal {
        None => {
            output::note(&format!(
                "已执行 executed {total} commands: {} accepted, {} retried, 0 refused · head #{} {}",
                tally.accepted, tally.retried, head.seq, head.hash
            ));
            Ok(())
        }
        Some((line, code)) => Err(Failure::core(
            code,
            format!(
                "{} of {total} commands refused, the first at line {line}; their answers on stdout say why \
                 ({} accepted, {} retried · head #{} {})",
                tally.refused, tally.accepted, tally.retried, head.seq, head.hash
            ),
        )),
    }
}

/// Executes every line of `reader`, a batch at a time.
fn execute_all(
    store: &mut Store,
    reader: Box<dyn Read>,
    batch: usize,
    bar: &ProgressBar,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> Outcome {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut lines = Vec::with_capacity(batch);
    let mut number = 0u64;
    let mut text = String::new();
    loop {
        text.clear();
        let read = reader.read_line(&mut text).map_err(|e| input::unreadable("the commands", &e))?;
        bar.inc(read as u64);
        if read > 0 {
            number += 1;
            if !text.trim().is_empty() {
                lines.push(Line { number, envelope: parse(&text) });
            }
        }
        if lines.len() == batch || (read == 0 && !lines.is_empty()) {
            execute_batch(store, std::mem::take(&mut lines), out, tally)?;
        }
        if read == 0 {
            return Ok(());
        }
    }
}

/// The envelope on one line.
fn parse(text: &str) -> Result<CommandEnvelope, Error> {
    if text.len() > grassroots::wire::MAX_INPUT_BYTES {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            format!("the command is {} bytes, over the limit of {}", text.len(), grassroots::wire::MAX_INPUT_BYTES),
        ));
    }
    grassroots::wire::from_json(text.trim())
}

/// Executes one batch in one transaction and prints its answers in input order.
fn execute_batch(store: &mut Store, lines: Vec<Line>, out: &mut dyn Write, tally: &mut Tally) -> Outcome {
    let first_line = lines.first().map_or(0, |l| l.number);
    let mut numbers = Vec::with_capacity(lines.len());
    let mut envelopes = Vec::with_capacity(lines.len());
    let mut answers: Vec<Option<Result<Stored, Error>>> = Vec::with_capacity(lines.len());
    for line in lines {
        numbers.push(line.number);
        match line.envelope {
            Ok(envelope) => {
                envelopes.push(envelope);
                answers.push(None);
            }
            Err(e) => answers.push(Some(Err(e))),
        }
    }
    let mut executed = store
        .execute_batch(envelopes)
        .map_err(|e| {
            let mut failure = Failure::from(e);
            failure.message =
                format!("{} (nothing from line {first_line} on was stored; the lines before were)", failure.message);
            failure
        })?
        .into_iter();
    for (number, answer) in numbers.into_iter().zip(answers) {
        let answer = match answer {
            Some(refused) => refused,
            None => executed.next().unwrap_or_else(|| Err(Error::new(ErrorCode::MalformedInput, "no answer"))),
        };
        let json = match answer {
            Ok(stored) => {
                if stored.executed.retried {
                    tally.retried += 1;
                } else {
                    tally.accepted += 1;
                }
                stored.execute_result_json()
            }
            Err(e) => {
                tally.refused += 1;
                tally.first_refusal.get_or_insert((number, e.code));
                e.to_json()
            }
        };
        output::line(out, "stdout", &json)?;
    }
    Ok(())
}
