//! The events of this area: one payload type each, with its `apply` (total).

use super::{
    AccountabilityCase, Admonition, CaseOutcome, CaseRecord, Inspection, InspectionPlan, InspectionVisit, Notice,
    OversightState,
};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// An unannounced inspection was planned (its targets drawn).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectionPlanned {
    /// The plan.
    pub plan: InspectionPlan,
    /// Who.
    pub by: String,
}

/// An inspection visited a unit (its findings became problems with the same command).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectionRecorded {
    /// The inspection.
    pub inspection: String,
    /// The unit visited.
    pub unit: DivisionCode,
    /// What was found, in words.
    pub summary: String,
    /// The problems reported from its findings.
    pub problems: Vec<String>,
}

/// A public notice was issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoticeIssued {
    /// The notice.
    pub notice: Notice,
}

/// An admonition talk was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdmonitionRecorded {
    /// The talk.
    pub admonition: Admonition,
}

/// An accountability case was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountabilityCaseOpened {
    /// The case.
    pub case: AccountabilityCase,
    /// The unit holding all its organizations.
    pub unit: DivisionCode,
}

/// An accountability case was decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountabilityCaseDecided {
    /// The case.
    pub case: String,
    /// The outcome.
    pub outcome: CaseOutcome,
    /// The decision in words.
    pub text: String,
}

impl<S: OversightState> Apply<S> for InspectionPlanned {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let plan = self.plan.clone();
        state.oversight_mut().inspections.entry(plan.id.clone()).or_insert_with(|| Inspection {
            plan,
            planned_at: at,
            planned_by: self.by.clone(),
            visits: Vec::new(),
        });
    }
}

impl<S: OversightState> Apply<S> for InspectionRecorded {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(i) = state.oversight_mut().inspections.get_mut(&self.inspection)
            && i.plan.targets.contains(&self.unit)
            && !i.visits.iter().any(|v| v.unit == self.unit)
        {
            i.visits.push(InspectionVisit {
                unit: self.unit,
                at,
                summary: self.summary.clone(),
                problems: self.problems.clone(),
            });
        }
    }
}

impl<S: OversightState> Apply<S> for NoticeIssued {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        state.oversight_mut().notices.entry(self.notice.id.clone()).or_insert_with(|| (self.notice.clone(), at));
    }
}

impl<S: OversightState> Apply<S> for AdmonitionRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let a = &self.admonition;
        state.oversight_mut().admonitions.entry(a.id.clone()).or_insert_with(|| a.clone());
    }
}

impl<S: OversightState> Apply<S> for AccountabilityCaseOpened {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let c = &self.case;
        state.oversight_mut().cases.entry(c.id.clone()).or_insert_with(|| CaseRecord {
            case: c.clone(),
            unit: self.unit,
            opened_at: at,
            decision: None,
        });
    }
}

impl<S: OversightState> Apply<S> for AccountabilityCaseDecided {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(c) = state.oversight_mut().cases.get_mut(&self.case)
            && c.decision.is_none()
        {
            c.decision = Some((self.outcome, self.text.clone(), at));
        }
    }
}
