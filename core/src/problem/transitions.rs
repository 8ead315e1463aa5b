//! The handling loop as a state machine (after GB/T 30428.8 and CJJ/T 106 for urban grid management):
//! [`TRANSITIONS`] is the whole table; every command of the loop looks its action up in it, and an
//! action the current state does not allow is refused with `INVALID_TRANSITION`, naming the state.
//! `docs/PROBLEMS.md` shows the table and its diagram (checked against this one by a test).

use crate::engine::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Where a problem is in the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ProblemStatus {
    /// Collected, not yet examined (信息收集).
    Reported,
    /// A real problem, placed on file (立案), waiting to be dispatched.
    Confirmed,
    /// Not a problem (不予立案). Final.
    Rejected,
    /// A duplicate, merged into another problem. Final.
    Merged,
    /// Dispatched to a target with a due date (任务分办), waiting to be accepted (签收).
    Dispatched,
    /// Accepted and being handled (协同处理).
    InProgress,
    /// Reported done by the handler, waiting to be verified (核查).
    ReportedDone,
    /// Verified as done, waiting for the resident's feedback.
    Verified,
    /// Closed with the resident's feedback (结果反馈).
    Closed,
}

impl ProblemStatus {
    /// Every state, in the order of the table.
    pub const ALL: [ProblemStatus; 9] = [
        ProblemStatus::Reported,
        ProblemStatus::Confirmed,
        ProblemStatus::Rejected,
        ProblemStatus::Merged,
        ProblemStatus::Dispatched,
        ProblemStatus::InProgress,
        ProblemStatus::ReportedDone,
        ProblemStatus::Verified,
        ProblemStatus::Closed,
    ];

    /// The wire name, e.g. `reportedDone`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemStatus::Reported => "reported",
            ProblemStatus::Confirmed => "confirmed",
            ProblemStatus::Rejected => "rejected",
            ProblemStatus::Merged => "merged",
            ProblemStatus::Dispatched => "dispatched",
            ProblemStatus::InProgress => "inProgress",
            ProblemStatus::ReportedDone => "reportedDone",
            ProblemStatus::Verified => "verified",
            ProblemStatus::Closed => "closed",
        }
    }

    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemStatus::Reported => "已上报",
            ProblemStatus::Confirmed => "已立案",
            ProblemStatus::Rejected => "不予立案",
            ProblemStatus::Merged => "已合并",
            ProblemStatus::Dispatched => "已派遣",
            ProblemStatus::InProgress => "处置中",
            ProblemStatus::ReportedDone => "已办结待核查",
            ProblemStatus::Verified => "已核查",
            ProblemStatus::Closed => "已结案",
        }
    }

    /// Whether the problem is still open (not rejected, merged or closed).
    pub fn is_open(self) -> bool {
        !matches!(self, ProblemStatus::Rejected | ProblemStatus::Merged | ProblemStatus::Closed)
    }
}

/// What can be done to a problem: one command of the loop each (`verifyProblem` is two, pass and
/// fail; `decideExtension` one, whatever it decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ProblemAction {
    /// `reportProblems`: collected.
    Report,
    /// `confirmProblem`: placed on file.
    Confirm,
    /// `rejectProblem`: not a problem.
    Reject,
    /// `mergeProblem`: a duplicate of another.
    Merge,
    /// `dispatchProblem`: to a target, with a due date.
    Dispatch,
    /// `acceptProblem`: the handler signs for it (签收).
    Accept,
    /// `returnProblem`: the handler sends it back (退单), for re-dispatch.
    Return,
    /// `recordProblemProgress`: a progress note, perhaps with co-handlers.
    RecordProgress,
    /// `requestExtension`: the handler asks for a later due date (延期).
    RequestExtension,
    /// `decideExtension`: whoever dispatched approves or refuses it.
    DecideExtension,
    /// `reportProblemDone`: the handler says what was done.
    ReportDone,
    /// `fixImmediately`: an urgent problem confirmed and reported done in one step (立行立改).
    FixImmediately,
    /// `verifyProblem` with `passed: true`.
    VerifyPass,
    /// `verifyProblem` with `passed: false`: back to the handler.
    VerifyFail,
    /// `closeProblem`: closed with the resident's feedback.
    Close,
    /// `reopenProblem`: reopened within the window after closing.
    Reopen,
}

impl ProblemAction {
    /// Every action, in the order of the table.
    pub const ALL: [ProblemAction; 16] = [
        ProblemAction::Report,
        ProblemAction::Confirm,
        ProblemAction::Reject,
        ProblemAction::Merge,
        ProblemAction::Dispatch,
        ProblemAction::Accept,
        ProblemAction::Return,
        ProblemAction::RecordProgress,
        ProblemAction::RequestExtension,
        ProblemAction::DecideExtension,
        ProblemAction::ReportDone,
        ProblemAction::FixImmediately,
        ProblemAction::VerifyPass,
        ProblemAction::VerifyFail,
        ProblemAction::Close,
        ProblemAction::Reopen,
    ];

    /// The wire name of the action, e.g. `verifyPass`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemAction::Report => "report",
            ProblemAction::Confirm => "confirm",
            ProblemAction::Reject => "reject",
            ProblemAction::Merge => "merge",
            ProblemAction::Dispatch => "dispatch",
            ProblemAction::Accept => "accept",
            ProblemAction::Return => "return",
            ProblemAction::RecordProgress => "recordProgress",
            ProblemAction::RequestExtension => "requestExtension",
            ProblemAction::DecideExtension => "decideExtension",
            ProblemAction::ReportDone => "reportDone",
            ProblemAction::FixImmediately => "fixImmediately",
            ProblemAction::VerifyPass => "verifyPass",
            ProblemAction::VerifyFail => "verifyFail",
            ProblemAction::Close => "close",
            ProblemAction::Reopen => "reopen",
        }
    }
}

use ProblemAction as A;
use ProblemStatus as S;

/// Every allowed transition `(from, action, to)`. `report` starts a problem in `reported` and has no
/// `from`; it is not listed.
pub const TRANSITIONS: &[(ProblemStatus, ProblemAction, ProblemStatus)] = &[
    (S::Reported, A::Confirm, S::Confirmed),
    (S::Reported, A::Reject, S::Rejected),
    (S::Reported, A::Merge, S::Merged),
    (S::Reported, A::FixImmediately, S::ReportedDone),
    (S::Confirmed, A::Merge, S::Merged),
    (S::Confirmed, A::Dispatch, S::Dispatched),
    (S::Dispatched, A::Accept, S::InProgress),
    (S::Dispatched, A::Return, S::Confirmed),
    (S::Dispatched, A::RequestExtension, S::Dispatched),
    (S::Dispatched, A::DecideExtension, S::Dispatched),
    (S::InProgress, A::RecordProgress, S::InProgress),
    (S::InProgress, A::RequestExtension, S::InProgress),
    (S::InProgress, A::DecideExtension, S::InProgress),
    (S::InProgress, A::ReportDone, S::ReportedDone),
    (S::ReportedDone, A::VerifyPass, S::Verified),
    (S::ReportedDone, A::VerifyFail, S::InProgress),
    (S::Verified, A::Close, S::Closed),
    (S::Closed, A::Reopen, S::InProgress),
];

/// The state `action` leads to from `from`, if the table allows it.
pub fn next(from: ProblemStatus, action: ProblemAction) -> Option<ProblemStatus> {
    TRANSITIONS.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to)
}

/// The state `action` leads to from the problem's state, or `INVALID_TRANSITION` naming both.
pub fn require(problem: &str, from: ProblemStatus, action: ProblemAction) -> Result<ProblemStatus> {
    next(from, action).ok_or_else(|| {
        let allowed: Vec<&str> =
            TRANSITIONS.iter().filter(|(f, _, _)| *f == from).map(|(_, a, _)| a.as_str()).collect();
        Error::transition(
            "problem.transitionAllowed",
            format!(
                "problem `{problem}` is {} and cannot `{}`; from {} it can: {}",
                from.as_str(),
                action.as_str(),
                from.as_str(),
                if allowed.is_empty() { "nothing (final)".to_string() } else { allowed.join(", ") }
            ),
        )
        .at_field("command.problem")
    })
}
