//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{
    AccountabilityCase, AccountabilityCaseDecided, AccountabilityCaseOpened, Admonition, AdmonitionRecorded,
    CaseOutcome, InspectionPlan, InspectionPlanned, InspectionRecorded, Notice, NoticeIssued, OversightEvents,
    OversightState, draw,
};
use crate::engine::check::{new_id, text};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::problem::{ProblemReport, ProblemSource, ReportProblems, SourceKind};
use serde::{Deserialize, Serialize};

/// Plans an unannounced inspection: its targets drawn from the candidates by the seed it carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanInspection {
    /// The plan.
    pub plan: InspectionPlan,
}

/// Records an inspection's visit to one of its targets; its findings become problems of the loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordInspection {
    /// The inspection.
    pub inspection: String,
    /// The unit visited.
    pub unit: String,
    /// What was found, in words.
    pub summary: String,
    /// The findings, reported as problems of the unit (the inspection is added as their source).
    #[serde(default)]
    pub findings: Vec<ProblemReport>,
}

/// Issues a public notice (通报).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssueNotice {
    /// The notice.
    pub notice: Notice,
}

/// Records an admonition talk (约谈提醒) with a follow-up date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordAdmonition {
    /// The talk.
    pub admonition: Admonition,
}

/// Opens an accountability case (追责问责).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenAccountabilityCase {
    /// The case.
    pub case: AccountabilityCase,
}

/// Decides an accountability case, once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecideAccountabilityCase {
    /// The case.
    pub case: String,
    /// The outcome.
    pub outcome: CaseOutcome,
    /// The decision in words.
    pub text: String,
}

crate::engine::guarded! {
    PlanInspection => Oversee, "oversee the campaign";
    RecordInspection => Oversee, "oversee the campaign";
    IssueNotice => Oversee, "oversee the campaign";
    RecordAdmonition => Oversee, "oversee the campaign";
    OpenAccountabilityCase => Oversee, "oversee the campaign";
    DecideAccountabilityCase => Oversee, "oversee the campaign";
}

/// The largest seed every door and JSON library carries exactly: libraries that hold numbers as
/// doubles (JavaScript's, cJSON) print at most 15 significant digits, and larger integers come out in
/// exponent form, which is not an integer any more.
const MAX_SEED: u64 = 999_999_999_999_999;

/// Organizations `ids` (1 to 50), each inside the actor's scope; the unit holding them all.
fn organizations<S: OversightState>(
    state: &S,
    cx: &Context<'_>,
    ids: &mut [String],
    field: &str,
) -> Result<DivisionCode> {
    if ids.is_empty() || ids.len() > 50 {
        return Err(Error::invalid_field(field, "name 1 to 50 organizations"));
    }
    let mut units = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter_mut().enumerate() {
        let o = state.organization().org_in_scope(cx.actor, id, &format!("{field}[{i}]"))?;
        *id = o.id.clone();
        units.push(o.unit);
    }
    // The narrowest of the units and their parents that holds them all.
    let mut holder = units[0];
    while !units.iter().all(|u| holder.contains(*u)) {
        match holder.parent() {
            Some(parent) => holder = parent,
            None => break,
        }
    }
    Ok(holder)
}

/// Persons `ids`, each registered inside `unit`.
fn persons<S: OversightState>(state: &S, unit: DivisionCode, ids: &mut [String], field: &str) -> Result<()> {
    if ids.len() > 50 {
        return Err(Error::invalid_field(field, "name at most 50 persons"));
    }
    for (i, id) in ids.iter_mut().enumerate() {
        let at = format!("{field}[{i}]");
        let p = state.people().existing_person(id.trim(), &at)?;
        if !unit.contains(state.people().person_unit(p)) {
            return Err(Error::invalid_field(&at, format!("person `{}` is not of the organizations named", p.id)));
        }
        *id = p.id.clone();
    }
    Ok(())
}

impl<S: OversightState, E: OversightEvents> Decide<S, E> for PlanInspection {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut p = self.plan;
        let o = state.oversight();
        p.id = new_id(&p.id, o.inspections.contains_key(p.id.trim()), "inspection", "command.plan.id")?;
        if o.inspections.len() >= 10_000 {
            return Err(Error::rule("oversight.recordsBounded", "the campaign holds 10,000 inspections")
                .at_field("command.plan"));
        }
        p.title = text(&p.title, "command.plan.title", 200)?;
        if p.candidates.is_empty() || p.candidates.len() > 1_000 {
            return Err(Error::invalid_field("command.plan.candidates", "from 1 to 1,000 villages and communities"));
        }
        for (i, c) in p.candidates.iter().enumerate() {
            let field = format!("command.plan.candidates[{i}]");
            state.organization().village_or_community(&c.to_string(), &field)?;
            cx.actor.require_scope(*c, &field)?;
            if p.candidates[..i].contains(c) {
                return Err(Error::invalid_field(&field, format!("{c} is named twice")));
            }
        }
        if p.count == 0 || p.count as usize > p.candidates.len() {
            return Err(Error::invalid_field("command.plan.count", "from 1 to the number of candidates"));
        }
        if p.seed > MAX_SEED {
            return Err(Error::invalid_field("command.plan.seed", "a seed is 0 to 999,999,999,999,999 (15 digits)"));
        }
        let drawn = draw(&p.candidates, p.count as usize, p.seed);
        if p.targets != drawn {
            return Err(Error::rule(
                "oversight.drawMatchesItsSeed",
                format!(
                    "the targets are not what seed {} draws from these candidates: it draws {}",
                    p.seed,
                    drawn.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
                ),
            )
            .at_field("command.plan.targets"));
        }
        Ok(vec![InspectionPlanned { plan: p, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: OversightState, E: OversightEvents> Decide<S, E> for RecordInspection {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let id = self.inspection.trim();
        let i = state
            .oversight()
            .inspections
            .get(id)
            .ok_or_else(|| Error::not_found("inspection", id, "command.inspection"))?;
        let unit = DivisionCode::parse(&self.unit, "command.unit")?;
        cx.actor.require_scope(unit, "command.unit")?;
        if !i.plan.targets.contains(&unit) {
            return Err(Error::rule(
                "oversight.visitTheTargets",
                format!("{unit} was not drawn for inspection `{id}`: an inspection visits the units its draw gave"),
            )
            .at_field("command.unit"));
        }
        if i.visits.iter().any(|v| v.unit == unit) {
            return Err(Error::rule(
                "oversight.visitOnce",
                format!("inspection `{id}` has recorded its visit to {unit}"),
            )
            .at_field("command.unit"));
        }
        let summary = text(&self.summary, "command.summary", 4000)?;
        let mut events: Vec<E> = Vec::new();
        let mut problems = Vec::with_capacity(self.findings.len());
        if !self.findings.is_empty() {
            let mut findings = self.findings;
            for (k, f) in findings.iter_mut().enumerate() {
                if DivisionCode::parse(&f.unit, "unit").ok() != Some(unit) {
                    return Err(Error::invalid_field(
                        &format!("command.findings[{k}].unit"),
                        format!("a finding of this visit is a problem of {unit}"),
                    ));
                }
                if !f.sources.iter().any(|s| s.kind == SourceKind::Inspection) {
                    f.sources.push(ProblemSource { kind: SourceKind::Inspection, reference: id.into(), item: None });
                }
                problems.push(f.id.trim().to_string());
            }
            let reported =
                Decide::<S, E>::decide(ReportProblems { problems: findings }, state, cx).map_err(|mut e| {
                    e.field = e.field.map(|f| f.replacen("command.problems", "command.findings", 1));
                    e
                })?;
            events.extend(reported);
        }
        events.push(InspectionRecorded { inspection: id.to_string(), unit, summary, problems }.into());
        Ok(events)
    }
}

impl<S: OversightState, E: OversightEvents> Decide<S, E> for IssueNotice {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut n = self.notice;
        let notices = &state.oversight().notices;
        n.id = new_id(&n.id, notices.contains_key(n.id.trim()), "notice", "command.notice.id")?;
        if notices.len() >= 10_000 {
            return Err(
                Error::rule("oversight.recordsBounded", "the campaign holds 10,000 notices").at_field("command.notice")
            );
        }
        n.title = text(&n.title, "command.notice.title", 200)?;
        n.body = text(&n.body, "command.notice.body", 20_000)?;
        if n.organizations.is_empty() {
            crate::organization::campaign_in_scope(state, cx, "command.notice")?;
        } else {
            organizations(state, cx, &mut n.organizations, "command.notice.organizations")?;
        }
        Ok(vec![NoticeIssued { notice: n }.into()])
    }
}

impl<S: OversightState, E: OversightEvents> Decide<S, E> for RecordAdmonition {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut a = self.admonition;
        let admonitions = &state.oversight().admonitions;
        a.id = new_id(&a.id, admonitions.contains_key(a.id.trim()), "admonition", "command.admonition.id")?;
        if admonitions.len() >= 10_000 {
            return Err(Error::rule("oversight.recordsBounded", "the campaign holds 10,000 admonition talks")
                .at_field("command.admonition"));
        }
        let o = state.organization().org_in_scope(cx.actor, &a.organization, "command.admonition.organization")?;
        a.organization = o.id.clone();
        if a.persons.is_empty() {
            return Err(Error::invalid_field("command.admonition.persons", "name the persons talked to"));
        }
        persons(state, o.unit, &mut a.persons, "command.admonition.persons")?;
        a.reason = text(&a.reason, "command.admonition.reason", 2000)?;
        if a.follow_up < a.on {
            return Err(Error::invalid_field("command.admonition.followUp", "the follow-up comes after the talk"));
        }
        Ok(vec![AdmonitionRecorded { admonition: a }.into()])
    }
}

impl<S: OversightState, E: OversightEvents> Decide<S, E> for OpenAccountabilityCase {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut c = self.case;
        let cases = &state.oversight().cases;
        c.id = new_id(&c.id, cases.contains_key(c.id.trim()), "accountability case", "command.case.id")?;
        if cases.len() >= 10_000 {
            return Err(Error::rule("oversight.recordsBounded", "the campaign holds 10,000 accountability cases")
                .at_field("command.case"));
        }
        let unit = organizations(state, cx, &mut c.organizations, "command.case.organizations")?;
        persons(state, unit, &mut c.persons, "command.case.persons")?;
        c.facts = text(&c.facts, "command.case.facts", 20_000)?;
        Ok(vec![AccountabilityCaseOpened { case: c, unit }.into()])
    }
}

impl<S: OversightState, E: OversightEvents> Decide<S, E> for DecideAccountabilityCase {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let id = self.case.trim();
        let c = state
            .oversight()
            .cases
            .get(id)
            .ok_or_else(|| Error::not_found("accountability case", id, "command.case"))?;
        cx.actor.require_scope(c.unit, "command.case")?;
        if c.decision.is_some() {
            return Err(
                Error::transition("oversight.decidedOnce", format!("case `{id}` is decided")).at_field("command.case")
            );
        }
        let text = text(&self.text, "command.text", 20_000)?;
        Ok(vec![AccountabilityCaseDecided { case: id.to_string(), outcome: self.outcome, text }.into()])
    }
}
