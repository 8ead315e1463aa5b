//! Lagging organizations (工作滞后、整建不力、效果不显著) suggested from the state, and the
//! per-organization appraisal summary (述职评议考核、绩效考核), the input to the year's appraisal.

use super::OversightState;
use crate::acceptance::{RoundOutcome, accepted};
use crate::calendar::local_date;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use crate::organization::{PartyOrganization, Phase};
use crate::participation::PledgeStatus;
use crate::problem::ProblemStatus;
use crate::rectification::{MeasureStatus, RectificationStatus};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The villages' and communities' organizations inside the scope that look behind at a moment, with
/// why; the committee decides what to do (an admonition talk, a notice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaggingOrganizationsQuery {
    /// The moment.
    pub at: DateTime<FixedOffset>,
}

/// Why an organization looks behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum LagReason {
    /// 工作滞后: an item of the timetable it answers for is overdue (not reported done, not shown done
    /// by the state).
    ScheduleOverdue,
    /// 工作滞后: the survey's phase is over and under 90% of its households are covered.
    SurveyBehind,
    /// 工作滞后: two or more of its problems are past their due date.
    ProblemsOverdue,
    /// 整建不力: a rectification measure is past its due date, or the rectification phase is over and
    /// it is not ready for acceptance.
    RectificationBehind,
    /// 效果不显著: it failed a round of the acceptance.
    AcceptanceFailed,
}

impl LagReason {
    /// The plan's words for it.
    pub fn label_zh(self) -> &'static str {
        match self {
            LagReason::ScheduleOverdue | LagReason::SurveyBehind | LagReason::ProblemsOverdue => "工作滞后",
            LagReason::RectificationBehind => "整建不力",
            LagReason::AcceptanceFailed => "效果不显著",
        }
    }
}

/// One lagging organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LaggingOrganization {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Why, each with the figure behind it in words.
    pub reasons: Vec<(LagReason, String)>,
    /// Admonition talks already held with it.
    pub admonitions: u32,
}

/// See [`LaggingOrganizationsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LaggingOrganizationsResult {
    /// The organizations that look behind, by id.
    pub organizations: Vec<LaggingOrganization>,
}

/// The campaign's results per village's and community's organization inside the scope, by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppraisalQuery {
    /// The moment (deadlines are read at it).
    pub at: DateTime<FixedOffset>,
}

/// One organization's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppraisalLine {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Households registered and covered by the survey.
    pub households: u32,
    /// Of those, covered.
    pub covered: u32,
    /// Problems closed.
    pub problems_closed: u32,
    /// Problems open, of which overdue.
    pub problems_open: u32,
    /// Open problems past their due date.
    pub problems_overdue: u32,
    /// Rectification measures verified, of all.
    pub measures_verified: u32,
    /// Rectification measures.
    pub measures: u32,
    /// Acceptance rounds taken.
    pub acceptance_rounds: u32,
    /// Accepted (passed the city's verification).
    pub accepted: bool,
    /// Study sessions it held.
    pub study_sessions: u32,
    /// Its members' pledges verified.
    pub pledges_verified: u32,
    /// Its members' pledges.
    pub pledges: u32,
    /// Volunteer hours of its activities.
    pub volunteer_hours: f64,
    /// Admonition talks held with it.
    pub admonitions: u32,
    /// Accountability cases naming it.
    pub accountability_cases: u32,
}

/// See [`AppraisalQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppraisalResult {
    /// Per organization, by id.
    pub organizations: Vec<AppraisalLine>,
}

crate::engine::guarded! {
    LaggingOrganizationsQuery => Read, "read the campaign", Filtered;
    AppraisalQuery => Read, "read the campaign", Filtered;
}

impl<S: OversightState> Answer<S> for LaggingOrganizationsQuery {
    type Output = LaggingOrganizationsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<LaggingOrganizationsResult> {
        let today = local_date(self.at);
        let phase_over = |phase: Phase| {
            state
                .organization()
                .campaign
                .as_ref()
                .and_then(|c| c.phases.iter().find(|p| p.phase == phase))
                .is_some_and(|p| today > p.due)
        };
        let mut organizations = Vec::new();
        for o in state.organization().village_organizations_in(cx.actor.scope) {
            let mut reasons = Vec::new();
            let late: Vec<&str> = state
                .organization()
                .schedule
                .values()
                .filter(|i| i.owner_organization.as_deref() == Some(o.id.as_str()) && today > i.due)
                .filter(|i| i.completed_at.is_none_or(|c| c > self.at))
                .filter(|i| !i.done_when.is_some_and(|m| milestone_reached(state, m)))
                .map(|i| i.task.as_str())
                .collect();
            if !late.is_empty() {
                reasons.push((LagReason::ScheduleOverdue, format!("计划表事项逾期：{}", late.join("；"))));
            }
            let counts = state.survey().unit_coverage.get(&o.unit).copied().unwrap_or_default();
            if phase_over(Phase::Survey) && counts.households > 0 && counts.covered * 10 < counts.households * 9 {
                reasons.push((LagReason::SurveyBehind, format!("入户覆盖{}/{}户", counts.covered, counts.households)));
            }
            let overdue = state
                .problems()
                .problems
                .iter()
                .filter(|p| p.unit == o.unit && p.clock_runs() && p.due.is_some_and(|d| today > d))
                .count();
            if overdue >= 2 {
                reasons.push((LagReason::ProblemsOverdue, format!("{overdue}个问题逾期未办结")));
            }
            if let Some(l) = state.rectification().ledgers.get(&o.id) {
                let late = l.measures.iter().filter(|m| m.status != MeasureStatus::Verified && today > m.due).count();
                let unready = matches!(l.status, RectificationStatus::Listed | RectificationStatus::Rectifying);
                if late > 0 {
                    reasons.push((LagReason::RectificationBehind, format!("{late}项整改措施逾期")));
                } else if unready && phase_over(Phase::Rectification) {
                    reasons.push((LagReason::RectificationBehind, "整改阶段结束仍未达到验收条件".to_string()));
                }
            }
            if let Some(a) = state.acceptance().organizations.get(&o.id) {
                let failed = a.rounds.iter().filter(|r| matches!(r.outcome, RoundOutcome::Failed { .. })).count();
                if failed > 0 {
                    reasons.push((LagReason::AcceptanceFailed, format!("验收未通过{failed}次")));
                }
            }
            if !reasons.is_empty() {
                let admonitions =
                    state.oversight().admonitions.values().filter(|a| a.organization == o.id).count() as u32;
                organizations.push(LaggingOrganization {
                    organization: o.id.clone(),
                    name: o.name.clone(),
                    unit: o.unit,
                    reasons,
                    admonitions,
                });
            }
        }
        Ok(LaggingOrganizationsResult { organizations })
    }
}

impl<S: OversightState> Answer<S> for AppraisalQuery {
    type Output = AppraisalResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<AppraisalResult> {
        let today = local_date(self.at);
        let p = state.participation();
        let organizations = state
            .organization()
            .village_organizations_in(cx.actor.scope)
            .map(|o| {
                let counts = state.survey().unit_coverage.get(&o.unit).copied().unwrap_or_default();
                let problems = state.problems().problems.iter().filter(|p| p.unit == o.unit);
                let (mut closed, mut open, mut overdue) = (0, 0, 0);
                for x in problems {
                    if x.status == ProblemStatus::Closed {
                        closed += 1;
                    } else if x.status.is_open() {
                        open += 1;
                        overdue += u32::from(x.clock_runs() && x.due.is_some_and(|d| today > d));
                    }
                }
                let ledger = state.rectification().ledgers.get(&o.id);
                let pledges = p.pledges.values().filter(|x| x.organization.as_deref() == Some(o.id.as_str()));
                AppraisalLine {
                    organization: o.id.clone(),
                    name: o.name.clone(),
                    unit: o.unit,
                    households: counts.households,
                    covered: counts.covered,
                    problems_closed: closed,
                    problems_open: open,
                    problems_overdue: overdue,
                    measures_verified: ledger.map_or(0, |l| {
                        l.measures.iter().filter(|m| m.status == MeasureStatus::Verified).count() as u32
                    }),
                    measures: ledger.map_or(0, |l| l.measures.len() as u32),
                    acceptance_rounds: state.acceptance().organizations.get(&o.id).map_or(0, |a| a.rounds.len() as u32),
                    accepted: accepted(state, &o.id),
                    study_sessions: p.sessions.values().filter(|s| s.organizer == o.id).count() as u32,
                    pledges_verified: pledges.clone().filter(|x| x.status == PledgeStatus::Verified).count() as u32,
                    pledges: pledges.count() as u32,
                    // Half hours summed from +0.0: exact, never -0.0.
                    volunteer_hours: p
                        .activities
                        .values()
                        .filter(|a| a.organizer == o.id)
                        .flat_map(|a| a.participants.iter().map(|x| x.hours))
                        .fold(0.0, |s, h| s + h),
                    admonitions: state.oversight().admonitions.values().filter(|a| a.organization == o.id).count()
                        as u32,
                    accountability_cases: state
                        .oversight()
                        .cases
                        .values()
                        .filter(|c| c.case.organizations.contains(&o.id))
                        .count() as u32,
                }
            })
            .collect();
        Ok(AppraisalResult { organizations })
    }
}

/// Where disorder keeps returning (屡治不绝): per village or community and problem category inside the
/// scope, the problems closed and those that came back — reopened after closing, or reported again
/// after one of the same kind was closed there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecurringDisorderQuery {}

/// One place and kind where disorder returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecurringDisorder {
    /// The village or community.
    pub unit: DivisionCode,
    /// The problem category's code.
    pub category: String,
    /// Its label.
    pub label: String,
    /// Problems of this kind closed there.
    pub closed: u32,
    /// Reopened after closing.
    pub reopened: u32,
    /// Reported after the first of this kind was closed there.
    pub reported_again: u32,
    /// Still open.
    pub open: u32,
}

/// See [`RecurringDisorderQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecurringDisorderResult {
    /// By unit, then category.
    pub places: Vec<RecurringDisorder>,
}

crate::engine::guarded! {
    RecurringDisorderQuery => Read, "read the campaign", Filtered;
}

impl<S: OversightState> Answer<S> for RecurringDisorderQuery {
    type Output = RecurringDisorderResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<RecurringDisorderResult> {
        use crate::problem::ProblemAction;
        let problems = state.problems();
        // The first closing per unit and category, then what came after it.
        let mut first_closed: std::collections::BTreeMap<(DivisionCode, u16), crate::engine::moment::Moment> =
            std::collections::BTreeMap::new();
        let in_scope = problems.problems.iter().filter(|p| cx.actor.scope.contains(p.unit));
        for p in in_scope.clone() {
            if let Some(s) = p.history.iter().find(|s| s.action == ProblemAction::Close) {
                let e = first_closed.entry((p.unit, p.category)).or_insert(s.at);
                *e = (*e).min(s.at);
            }
        }
        let mut places: std::collections::BTreeMap<(DivisionCode, u16), RecurringDisorder> =
            std::collections::BTreeMap::new();
        for p in in_scope {
            let key = (p.unit, p.category);
            let Some(first) = first_closed.get(&key) else { continue };
            let (code, label) = problems.category(p.category);
            let r = places.entry(key).or_insert_with(|| RecurringDisorder {
                unit: p.unit,
                category: code.to_string(),
                label: label.to_string(),
                closed: 0,
                reopened: 0,
                reported_again: 0,
                open: 0,
            });
            r.closed += u32::from(p.status == ProblemStatus::Closed);
            r.reopened += u32::from(p.history.iter().any(|s| s.action == ProblemAction::Reopen));
            r.reported_again += u32::from(p.history.first().is_some_and(|s| s.at > *first));
            r.open += u32::from(p.status.is_open());
        }
        let places = places.into_values().filter(|r| r.reopened > 0 || r.reported_again > 0).collect();
        Ok(RecurringDisorderResult { places })
    }
}

/// The timetable (attachment 1) at a moment: each item done (reported, or shown by the state), open or
/// overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimetableQuery {
    /// The moment.
    pub at: DateTime<FixedOffset>,
}

/// Where an item of the timetable stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TimetableStatus {
    /// Reported done.
    Completed,
    /// Not reported, but the state shows it done (its milestone holds).
    ShownDone,
    /// Not done, not yet due.
    Open,
    /// Not done, past its due date.
    Overdue,
}

/// One item of the timetable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimetableLine {
    /// The item.
    pub item: crate::organization::ScheduleItem,
    /// Where it stands.
    pub status: TimetableStatus,
}

/// See [`TimetableQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimetableResult {
    /// The items, by due date then id.
    pub items: Vec<TimetableLine>,
}

crate::engine::guarded! {
    TimetableQuery => Read, "read the campaign", Campaign;
}

/// Whether the state shows `milestone` reached.
pub fn milestone_reached<S: OversightState>(state: &S, milestone: crate::organization::Milestone) -> bool {
    use crate::organization::Milestone::*;
    let org = state.organization();
    let villages: Vec<DivisionCode> =
        org.units.iter().filter(|(_, u)| u.level.is_village_or_community()).map(|(c, _)| *c).collect();
    let orgs: Vec<&PartyOrganization> =
        org.party_organizations.values().filter(|o| villages.contains(&o.unit)).collect();
    match milestone {
        SurveyComplete => {
            let c = state.survey().unit_coverage.values();
            let (households, covered) =
                c.fold((0u64, 0u64), |(h, v), x| (h + u64::from(x.households), v + u64::from(x.covered)));
            households > 0 && covered == households
        }
        ProblemListsEstablished => {
            !villages.is_empty()
                && villages.iter().all(|u| state.problems().lists.get(u).is_some_and(|l| !l.is_empty()))
        }
        SpecialReportSubmitted => !state.reviews().submissions.is_empty(),
        WeakAndLaxListConfirmed => state.weak_and_lax().submissions.iter().any(|s| s.confirmed.is_some()),
        RectificationReady => {
            let ledgers = &state.rectification().ledgers;
            !ledgers.is_empty()
                && ledgers.values().all(|l| {
                    matches!(l.status, RectificationStatus::ReadyForAcceptance | RectificationStatus::Accepted)
                })
        }
        AcceptanceComplete => !orgs.is_empty() && orgs.iter().all(|o| accepted(state, &o.id)),
    }
}

impl<S: OversightState> Answer<S> for TimetableQuery {
    type Output = TimetableResult;
    fn answer(&self, state: &S, _: &QueryContext<'_>) -> Result<TimetableResult> {
        let today = local_date(self.at);
        let mut items: Vec<TimetableLine> = state
            .organization()
            .schedule
            .values()
            .map(|item| {
                let status = if item.completed_at.is_some_and(|c| c <= self.at) {
                    TimetableStatus::Completed
                } else if item.done_when.is_some_and(|m| milestone_reached(state, m)) {
                    TimetableStatus::ShownDone
                } else if today > item.due {
                    TimetableStatus::Overdue
                } else {
                    TimetableStatus::Open
                };
                TimetableLine { item: item.clone(), status }
            })
            .collect();
        items.sort_by(|a, b| (a.item.due, &a.item.id).cmp(&(b.item.due, &b.item.id)));
        Ok(TimetableResult { items })
    }
}
