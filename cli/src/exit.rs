//! How the tool fails: one line on stderr, `error[CODE]: message`, and an exit status a script can
//! match on.
//!
//! The status of a refusal by the library is its [`ErrorCode`]'s number (1–26), the same number the
//! C door returns, so a script needs one table for both. The few failures that are the tool's own
//! take the BSD `sysexits.h` numbers, above every code the library can ever use for a while:
//! 64 (`EX_USAGE`) for a command line clap refuses (clap's own 2 would read as
//! `UNSUPPORTED_SCHEMA_VERSION`), 66 (`EX_NOINPUT`) for an input file that cannot be read,
//! 73 (`EX_CANTCREAT`) for an output file that cannot be made and 74 (`EX_IOERR`) for a failed write.

use grassroots::{Error, ErrorCode};
use std::fmt::Write as _;

/// What a failure is: a refusal by the library, or one of the tool's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The library's code.
    Core(ErrorCode),
    /// The command line is wrong (`EX_USAGE`, 64).
    Usage,
    /// An input file cannot be read (`EX_NOINPUT`, 66).
    NoInput,
    /// An output file cannot be created (`EX_CANTCREAT`, 73).
    CantCreate,
    /// Writing the output failed (`EX_IOERR`, 74).
    Io,
}

impl Code {
    /// The process's exit status.
    pub fn status(self) -> u8 {
        match self {
            // The library's numbers are small by contract (1–26 today); the tool's own start at 64.
            Code::Core(code) => u8::try_from(code.number()).unwrap_or(u8::MAX),
            Code::Usage => 64,
            Code::NoInput => 66,
            Code::CantCreate => 73,
            Code::Io => 74,
        }
    }

    /// The name shown in `error[NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Code::Core(code) => code.as_str(),
            Code::Usage => "USAGE",
            Code::NoInput => "NO_INPUT",
            Code::CantCreate => "CANNOT_CREATE",
            Code::Io => "IO_ERROR",
        }
    }
}

/// A failure: its code, the one line that says what went wrong, and lines of detail (the bad rows
/// of a CSV file) printed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What kind of failure.
    pub code: Code,
    /// One line for a person.
    pub message: String,
    /// Indented lines printed after the message.
    pub details: Vec<String>,
}

/// What every command answers.
pub type Outcome<T = ()> = Result<T, Failure>;

impl Failure {
    /// A failure with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Failure {
        Failure { code, message: message.into(), details: Vec::new() }
    }

    /// A failure of the library's `code`.
    pub fn core(code: ErrorCode, message: impl Into<String>) -> Failure {
        Failure::new(Code::Core(code), message)
    }

    /// A command line that cannot be run as written.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::new(Code::Usage, message)
    }

    /// A failed write of the output.
    pub fn io(what: &str, e: &std::io::Error) -> Failure {
        Failure::new(Code::Io, format!("cannot write {what}: {e}"))
    }

    /// The lines printed on stderr: `error[CODE]: message`, then the details.
    pub fn render(&self) -> String {
        // A message is one line whatever its source: a line break would let it pass for two errors.
        let message = self.message.replace(['\n', '\r'], " ");
        let mut out = format!("error[{}]: {message}\n", self.code.name());
        for line in &self.details {
            let _ = writeln!(out, "  {}", line.replace(['\n', '\r'], " "));
        }
        out
    }
}

impl From<Error> for Failure {
    /// The library's error as the tool shows it: its code and message, the record's seq when the
    /// message does not already name it, the rule that refused, and every bad CSV row. The library's
    /// messages never carry an ID number, a phone number or a record's content, and neither does
    /// anything added here.
    fn from(e: Error) -> Failure {
        let mut message = e.message.clone();
        if let Some(seq) = e.seq
            && !names_seq(&message, seq)
        {
            message = format!("record seq {seq}: {message}");
        }
        if let Some(rule) = &e.rule {
            let _ = write!(message, " [rule {rule}]");
        }
        let details = e
            .rows
            .iter()
            .map(|row| {
                let column = row.column.as_deref().map(|c| format!(", column {c}")).unwrap_or_default();
                let rule = row.rule.as_deref().map(|r| format!(" [rule {r}]")).unwrap_or_default();
                format!("line {}{column}: {}: {}{rule}", row.line, row.code.as_str(), row.message)
            })
            .collect();
        Failure { code: Code::Core(e.code), message, details }
    }
}

/// Whether `message` says `seq N` for this very `seq` (not `seq 70` for 7).
fn names_seq(message: &str, seq: u64) -> bool {
    let needle = format!("seq {seq}");
    message.match_indices(&needle).any(|(i, _)| !message[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_the_library_numbers_or_sysexits() {
        for code in ErrorCode::ALL {
            assert_eq!(u32::from(Code::Core(code).status()), code.number());
            assert!(Code::Core(code).status() < 64, "{code} collides with the tool's own statuses");
        }
        assert_eq!(Code::Usage.status(), 64);
        assert_eq!(Code::NoInput.status(), 66);
    }

    #[test]
    fn a_tampered_record_is_named_once() {
        let e = Error::new(ErrorCode::TamperedLog, "the hash of record seq 7 does not match").at_seq(7);
        assert_eq!(Failure::from(e).message, "the hash of record seq 7 does not match");
        let e = Error::new(ErrorCode::TamperedLog, "the chain breaks after seq 70").at_seq(7);
        assert_eq!(Failure::from(e).render(), "error[TAMPERED_LOG]: record seq 7: the chain breaks after seq 70\n");
    }
}
