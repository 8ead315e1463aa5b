//! The organization's rectification as a state machine: [`TRANSITIONS`] is the whole table; every
//! command that touches a ledger looks its action up in it, and an action the current state does not
//! allow is refused with `INVALID_TRANSITION`, naming the state. `docs/RECTIFICATION.md` shows the
//! table and its diagram (checked against this one by a test). The `acceptance` area takes the moves
//! out of `readyForAcceptance` (`passAcceptance`, `failAcceptance`).

use crate::engine::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Where an organization is in its rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RectificationStatus {
    /// On the confirmed weak-and-lax list, or given a ledger: measures are being drawn up.
    Listed,
    /// Rectifying (整改中): measures are worked, done and verified.
    Rectifying,
    /// Every measure verified and every linked problem closed, or excepted: waiting for acceptance.
    ReadyForAcceptance,
    /// Passed the four-tier acceptance (city verification): transformed (转化提质). Final.
    Accepted,
}

impl RectificationStatus {
    /// Every state, in the order of the table.
    pub const ALL: [RectificationStatus; 4] = [
        RectificationStatus::Listed,
        RectificationStatus::Rectifying,
        RectificationStatus::ReadyForAcceptance,
        RectificationStatus::Accepted,
    ];

    /// The wire name, e.g. `readyForAcceptance`.
    pub fn as_str(self) -> &'static str {
        match self {
            RectificationStatus::Listed => "listed",
            RectificationStatus::Rectifying => "rectifying",
            RectificationStatus::ReadyForAcceptance => "readyForAcceptance",
            RectificationStatus::Accepted => "accepted",
        }
    }

    /// Whether the organization's pairings must stay attached (不脱钩): until it passes acceptance.
    pub fn keeps_pairings(self) -> bool {
        match self {
            RectificationStatus::Listed | RectificationStatus::Rectifying | RectificationStatus::ReadyForAcceptance => {
                true
            }
            RectificationStatus::Accepted => false,
        }
    }

    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            RectificationStatus::Listed => "已列入整顿",
            RectificationStatus::Rectifying => "整改中",
            RectificationStatus::ReadyForAcceptance => "待验收",
            RectificationStatus::Accepted => "已验收",
        }
    }
}

/// What can be done to an organization's ledger: one command each (`recordMeasureProgress`,
/// `markMeasureDone` and `verifyMeasure` are one action, working a measure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RectificationAction {
    /// `addMeasure`: a measure drawn up.
    AddMeasure,
    /// `startRectifying`: the measures are set; work begins.
    StartRectifying,
    /// `recordMeasureProgress`, `markMeasureDone`, `verifyMeasure`.
    WorkMeasure,
    /// `recordRectificationException`: a measure or problem excepted, with the committee's reason.
    RecordException,
    /// `markReadyForAcceptance`: every measure verified, every linked problem closed or excepted.
    MarkReady,
    /// `reopenRectification`: something found undone; back to rectifying.
    Reopen,
    /// `judgeAcceptance` of the city's verification, passed: accepted (the `acceptance` area).
    PassAcceptance,
    /// `judgeAcceptance` failed at any tier: back to rectifying (the `acceptance` area).
    FailAcceptance,
}

impl RectificationAction {
    /// Every action, in the order of the table.
    pub const ALL: [RectificationAction; 8] = [
        RectificationAction::AddMeasure,
        RectificationAction::StartRectifying,
        RectificationAction::WorkMeasure,
        RectificationAction::RecordException,
        RectificationAction::MarkReady,
        RectificationAction::Reopen,
        RectificationAction::PassAcceptance,
        RectificationAction::FailAcceptance,
    ];

    /// The wire name, e.g. `markReady`.
    pub fn as_str(self) -> &'static str {
        match self {
            RectificationAction::AddMeasure => "addMeasure",
            RectificationAction::StartRectifying => "startRectifying",
            RectificationAction::WorkMeasure => "workMeasure",
            RectificationAction::RecordException => "recordException",
            RectificationAction::MarkReady => "markReady",
            RectificationAction::Reopen => "reopen",
            RectificationAction::PassAcceptance => "passAcceptance",
            RectificationAction::FailAcceptance => "failAcceptance",
        }
    }
}

use RectificationAction as A;
use RectificationStatus as S;

/// Every allowed transition `(from, action, to)`. A ledger starts in `listed` (the district's
/// confirmation of the list, or `openLedger`); that start has no `from` and is not listed.
pub const TRANSITIONS: &[(RectificationStatus, RectificationAction, RectificationStatus)] = &[
    (S::Listed, A::AddMeasure, S::Listed),
    (S::Listed, A::StartRectifying, S::Rectifying),
    (S::Rectifying, A::AddMeasure, S::Rectifying),
    (S::Rectifying, A::WorkMeasure, S::Rectifying),
    (S::Rectifying, A::RecordException, S::Rectifying),
    (S::Rectifying, A::MarkReady, S::ReadyForAcceptance),
    (S::ReadyForAcceptance, A::Reopen, S::Rectifying),
    (S::ReadyForAcceptance, A::PassAcceptance, S::Accepted),
    (S::ReadyForAcceptance, A::FailAcceptance, S::Rectifying),
];

/// The state `action` leads to from `from`, if the table allows it.
pub fn next(from: RectificationStatus, action: RectificationAction) -> Option<RectificationStatus> {
    TRANSITIONS.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to)
}

/// The state `action` leads to from the organization's state, or `INVALID_TRANSITION` naming both.
pub fn require(
    organization: &str,
    from: RectificationStatus,
    action: RectificationAction,
) -> Result<RectificationStatus> {
    next(from, action).ok_or_else(|| {
        let allowed: Vec<&str> =
            TRANSITIONS.iter().filter(|(f, _, _)| *f == from).map(|(_, a, _)| a.as_str()).collect();
        Error::transition(
            "rectification.transitionAllowed",
            format!(
                "the rectification of `{organization}` is {} and cannot `{}`; from {} it can: {}",
                from.as_str(),
                action.as_str(),
                from.as_str(),
                if allowed.is_empty() { "nothing".to_string() } else { allowed.join(", ") }
            ),
        )
        .at_field("command")
    })
}
