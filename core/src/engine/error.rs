//! The one error type of the core and its stable numeric codes.
//!
//! Every door shows the same error: the C door as a status equal to [`ErrorCode`]'s number, the JS
//! door as an `Error` whose `code` is [`ErrorCode::as_str`]. Messages tell a user what to fix and name
//! the offending field or id, but never echo a sensitive value (an ID number, a phone number, a
//! key-person tag of a named person), because hosts log error messages.

use serde::{Deserialize, Serialize};

/// A stable error code.
///
/// The numbers are part of the public contract (the C door returns them as statuses). A value is never
/// reused or renumbered; a retired value stays listed here as a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[repr(u32)]
pub enum ErrorCode {
    /// The input is not well-formed JSON, or does not have the shape of a command, query or record.
    MalformedInput = 1,
    /// The input names a `schemaVersion` this library does not understand.
    UnsupportedSchemaVersion = 2,
    /// A field has a value the domain does not accept (empty name, bad date, bad coordinates…).
    InvalidField = 3,
    /// A division code is not 12 digits, or disagrees with its level or with its parent's prefix.
    InvalidDivisionCode = 4,
    /// A resident ID number fails GB 11643 (length, date of birth or check character).
    InvalidIdNumber = 5,
    /// A mobile number is not an 11-digit mainland number.
    InvalidMobileNumber = 6,
    /// A referenced id (unit, organization, person, household, schedule item) does not exist.
    NotFound = 7,
    /// An id is already taken by an existing entity.
    AlreadyExists = 8,
    /// The actor's role may not perform this command or query.
    PermissionDenied = 9,
    /// The command's target lies outside the actor's scope.
    OutOfScope = 10,
    /// The command carried an `expectedSeq` but the campaign has moved on since.
    Conflict = 11,
    /// A `commandId` that was already accepted arrived again with a different payload.
    CommandIdReused = 12,
    /// A record of the log was altered, dropped, inserted or reordered.
    TamperedLog = 13,
    /// A CSV file has bad rows or columns; the error lists each of them.
    InvalidCsv = 14,
    /// The campaign has not been opened yet: the first command must be `openCampaign`.
    CampaignNotOpen = 15,
    /// The campaign is already open; `openCampaign` may be executed once.
    CampaignAlreadyOpen = 16,
    /// A snapshot does not verify against its own hash head or is not a snapshot.
    InvalidSnapshot = 17,
    /// The command breaks a rule of the domain given the current state (e.g. a secretary who is not
    /// a party member).
    RuleViolated = 18,
    /// A command or query is longer than [`crate::engine::wire::MAX_INPUT_BYTES`]; nothing was done.
    InputTooLarge = 19,
    /// The action is not allowed in the target's current state (e.g. reopening a schedule item that
    /// is not done): the areas that are state machines refuse with it, naming the rule.
    InvalidTransition = 20,
    /// A log or snapshot is intact but not vouched for as the host asked: a checkpoint or snapshot
    /// signed by a key it does not trust, a log that does not end at a signed checkpoint, a snapshot
    /// that is not signed.
    UntrustedLog = 21,
    /// The actor's scope is not a level its role may act at (a grid worker scoped to a whole
    /// district): the host gave the actor a wrong scope.
    ScopeDoesNotFitRole = 22,
    /// A field is longer than its documented limit (characters of a text, entries of a list).
    FieldTooLong = 23,
    /// A store location that is not a campaign database (another file, another database's tables),
    /// or a store that holds no campaign by the name asked (the store crate).
    NotACampaignStore = 24,
    /// The store could not be read or written: a file that cannot be opened or is locked past the
    /// wait, a database server that refused or went away. Nothing was half-written: re-send the
    /// command (with the same id) once the store is back.
    StorageUnavailable = 25,
    /// The store's disk or its size limit is full. Nothing of the refused command was written.
    StorageFull = 26,
}

impl ErrorCode {
    /// Every code, in numeric order (for tests and for doors that publish a table of codes).
    pub const ALL: [ErrorCode; 26] = [
        ErrorCode::MalformedInput,
        ErrorCode::UnsupportedSchemaVersion,
        ErrorCode::InvalidField,
        ErrorCode::InvalidDivisionCode,
        ErrorCode::InvalidIdNumber,
        ErrorCode::InvalidMobileNumber,
        ErrorCode::NotFound,
        ErrorCode::AlreadyExists,
        ErrorCode::PermissionDenied,
        ErrorCode::OutOfScope,
        ErrorCode::Conflict,
        ErrorCode::CommandIdReused,
        ErrorCode::TamperedLog,
        ErrorCode::InvalidCsv,
        ErrorCode::CampaignNotOpen,
        ErrorCode::CampaignAlreadyOpen,
        ErrorCode::InvalidSnapshot,
        ErrorCode::RuleViolated,
        ErrorCode::InputTooLarge,
        ErrorCode::InvalidTransition,
        ErrorCode::UntrustedLog,
        ErrorCode::ScopeDoesNotFitRole,
        ErrorCode::FieldTooLong,
        ErrorCode::NotACampaignStore,
        ErrorCode::StorageUnavailable,
        ErrorCode::StorageFull,
    ];

    /// The stable number of this code (the C status).
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The stable string of this code (the JS `code`), e.g. `"OUT_OF_SCOPE"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedInput => "MALFORMED_INPUT",
            ErrorCode::UnsupportedSchemaVersion => "UNSUPPORTED_SCHEMA_VERSION",
            ErrorCode::InvalidField => "INVALID_FIELD",
            ErrorCode::InvalidDivisionCode => "INVALID_DIVISION_CODE",
            ErrorCode::InvalidIdNumber => "INVALID_ID_NUMBER",
            ErrorCode::InvalidMobileNumber => "INVALID_MOBILE_NUMBER",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::AlreadyExists => "ALREADY_EXISTS",
            ErrorCode::PermissionDenied => "PERMISSION_DENIED",
            ErrorCode::OutOfScope => "OUT_OF_SCOPE",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::CommandIdReused => "COMMAND_ID_REUSED",
            ErrorCode::TamperedLog => "TAMPERED_LOG",
            ErrorCode::InvalidCsv => "INVALID_CSV",
            ErrorCode::CampaignNotOpen => "CAMPAIGN_NOT_OPEN",
            ErrorCode::CampaignAlreadyOpen => "CAMPAIGN_ALREADY_OPEN",
            ErrorCode::InvalidSnapshot => "INVALID_SNAPSHOT",
            ErrorCode::RuleViolated => "RULE_VIOLATED",
            ErrorCode::InputTooLarge => "INPUT_TOO_LARGE",
            ErrorCode::InvalidTransition => "INVALID_TRANSITION",
            ErrorCode::UntrustedLog => "UNTRUSTED_LOG",
            ErrorCode::ScopeDoesNotFitRole => "SCOPE_DOES_NOT_FIT_ROLE",
            ErrorCode::FieldTooLong => "FIELD_TOO_LONG",
            ErrorCode::NotACampaignStore => "NOT_A_CAMPAIGN_STORE",
            ErrorCode::StorageUnavailable => "STORAGE_UNAVAILABLE",
            ErrorCode::StorageFull => "STORAGE_FULL",
        }
    }

    /// The code with this number, if any.
    pub fn from_number(n: u32) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.number() == n)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One bad cell or row of a CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The column's header as written in the file, when the problem is in one column.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
    /// The stable code of the problem in this row.
    pub code: ErrorCode,
    /// The identifier of the rule that refused the row, when a rule did (see [`Error::rule`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<String>,
    /// What is wrong and how to fix it (never the sensitive value itself).
    pub message: String,
}

/// The error of every fallible operation of the core.
///
/// It carries a stable [`ErrorCode`], for a refusal by a rule of the domain the rule's stable
/// identifier (`rule`, e.g. `microGrid.keyPersonNeedsQualifiedMember`, listed in `docs/RULES.md`),
/// a message that says what to fix, and where it applies the field, the record `seq` or the CSV
/// rows at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct Error {
    /// The stable code.
    pub code: ErrorCode,
    /// The stable identifier of the rule that refused the command (`area.rule`), with the codes
    /// `RULE_VIOLATED` and `INVALID_TRANSITION`: hosts match on it, never on the message.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<String>,
    /// A message for a person: what is wrong and what to fix.
    pub message: String,
    /// The offending field, as a JSON path into the input (e.g. `command.idNumber`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// The `seq` of the offending record (tampered logs, conflicts).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub seq: Option<u64>,
    /// Every bad row of a CSV file.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub rows: Vec<RowError>,
}

impl Error {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, rule: None, message: message.into(), field: None, seq: None, rows: Vec::new() }
    }

    /// A refusal by the rule `rule` of the domain (`RULE_VIOLATED`); `rule` is its stable
    /// identifier, `area.rule` in camelCase.
    pub fn rule(rule: &'static str, message: impl Into<String>) -> Self {
        Error { rule: Some(rule.to_string()), ..Error::new(ErrorCode::RuleViolated, message) }
    }

    /// A refusal because the target's current state does not allow the action
    /// (`INVALID_TRANSITION`); `rule` is the stable identifier of the transition rule.
    pub fn transition(rule: &'static str, message: impl Into<String>) -> Self {
        Error { rule: Some(rule.to_string()), ..Error::new(ErrorCode::InvalidTransition, message) }
    }

    /// A refusal because the actor, though its role allows the action, is not the one the rule
    /// `rule` lets act on this target (`PERMISSION_DENIED`).
    pub fn denied(rule: &'static str, message: impl Into<String>) -> Self {
        Error { rule: Some(rule.to_string()), ..Error::new(ErrorCode::PermissionDenied, message) }
    }

    /// The same error, naming the offending field.
    pub fn at_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same error, naming the offending record.
    pub fn at_seq(mut self, seq: u64) -> Self {
        self.seq = Some(seq);
        self
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// A malformed-input error.
    pub fn malformed(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::MalformedInput, message)
    }

    /// An invalid-field error naming the field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidField, message).at_field(field)
    }

    /// A not-found error for an id of some kind (`"household"`, `"person"`…).
    pub fn not_found(kind: &str, id: &str, field: &str) -> Self {
        Error::new(ErrorCode::NotFound, format!("no {kind} with id `{id}`: register it first or fix `{field}`"))
            .at_field(field)
    }

    /// The input named `name` is `len` bytes, over [`crate::engine::wire::MAX_INPUT_BYTES`].
    pub fn input_too_large(name: &str, len: usize) -> Self {
        Error::new(
            ErrorCode::InputTooLarge,
            format!(
                "`{name}` is {len} bytes long; the limit is {} bytes: split it, e.g. import a large CSV file in parts",
                crate::engine::wire::MAX_INPUT_BYTES
            ),
        )
    }

    /// An already-exists error for an id of some kind.
    pub fn already_exists(kind: &str, id: &str, field: &str) -> Self {
        Error::new(
            ErrorCode::AlreadyExists,
            format!("a {kind} with id `{id}` already exists: choose another `{field}`"),
        )
        .at_field(field)
    }
}

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_unique_dense_and_round_trip() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code.number(), i as u32 + 1, "{code} is out of order");
            assert_eq!(ErrorCode::from_number(code.number()), Some(*code));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(ErrorCode::from_number(0), None);
    }
}
