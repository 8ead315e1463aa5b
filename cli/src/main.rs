//! `grassroots`, the command-line tool of a grassroots party-organization campaign: a host of the
//! library over a campaign store (`grassroots-store`, SQLite or PostgreSQL).
//!
//! The tool only translates: command-line arguments and files in, the library's commands and
//! queries through the store, answers and reports out. Every rule is the library's; a refusal is the
//! library's error, shown as one line `error[CODE]: message` on stderr with the code's number as the
//! exit status (see `exit.rs` for the tool's own few statuses, from 64 on).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod actor;
mod args;
mod base64;
mod envelope;
mod execute;
mod exit;
mod export;
mod figures;
mod import;
mod init;
mod input;
mod open;
mod output;
mod plan;
mod progress;
mod query;
mod report;
mod snapshot;
mod status;
mod verify;

use args::{Cli, Command};
use clap::Parser;
use exit::{Failure, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprint!("{}", failure.render());
            ExitCode::from(failure.code.status())
        }
    }
}

/// Runs the subcommand.
fn run(cli: &Cli) -> Outcome {
    let global = &cli.global;
    match &cli.command {
        Command::Init(args) => init::run(args, global),
        Command::Import(args) => import::run(args, global),
        Command::Execute(args) => execute::run(args, global),
        Command::Query(args) => query::run(args, global),
        Command::Plan(args) => plan::run(args, global),
        Command::Report(args) => report::run(args, global),
        Command::Verify(args) => verify::run(args, global),
        Command::Export(args) => export::run(args, global),
        Command::Snapshot(args) => snapshot::run(args, global),
        Command::Status(args) => status::run(args, global),
    }
}

/// What clap says about the command line. `--help` and `--version` print to stdout and exit 0; a
/// command line clap refuses is one `error[USAGE]` line and status 64 (`EX_USAGE`), not clap's 2,
/// which is the library's `UNSUPPORTED_SCHEMA_VERSION`.
fn usage(e: &clap::Error) -> ExitCode {
    if !e.use_stderr() {
        // Help or version: shown as clap writes them.
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // No subcommand: the help is the clearest answer, on stderr, as a usage error.
        let _ = e.print();
        return ExitCode::from(exit::Code::Usage.status());
    }
    // clap's text is `error: …` with its details up to a blank line, then `Usage: …` and tips: the one
    // line keeps the error with its details and the usage.
    let rendered = e.render().to_string();
    let mut paragraphs = rendered.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
    let first = paragraphs.next().unwrap_or_default();
    let message = first.strip_prefix("error:").unwrap_or(&first).trim().to_string();
    let usage = rendered.lines().find_map(|l| l.trim().strip_prefix("Usage:")).map(str::trim);
    let failure = Failure::usage(match usage {
        Some(usage) => format!("{message}; usage: {usage} (more with --help)"),
        None => format!("{message} (see grassroots --help)"),
    });
    eprint!("{}", failure.render());
    ExitCode::from(failure.code.status())
}
