//! The queries of this area: inspections (unannounced until they visit), notices, admonition talks
//! and accountability cases (their persons and words masked for roles that do not see sensitive data).

use super::{AccountabilityCase, Admonition, CaseRecord, Inspection, Notice, OversightState};
use crate::engine::access::{Actor, Permission};
use crate::engine::error::{Error, ErrorCode, Result};
use crate::engine::{Answer, QueryContext};
use crate::people::page_limit;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::ops::Bound::{Excluded, Unbounded};

/// The inspections the actor may see, by id (paged): every one inside the scope for those who oversee;
/// for the others, only the visits already made to units inside their scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectionsQuery {
    /// Start after this inspection id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// See [`InspectionsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InspectionsResult {
    /// The page.
    pub inspections: Vec<Inspection>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// One inspection: `NOT_FOUND` for those who do not oversee until it has visited a unit of their scope
/// (the same answer as for an inspection that does not exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectionQuery {
    /// The inspection.
    pub id: String,
}

/// See [`InspectionQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InspectionResult {
    /// The inspection, as the actor may see it.
    pub inspection: Inspection,
}

/// The public notices naming organizations inside the scope, or the whole campaign, by id (paged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoticesQuery {
    /// Start after this notice id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// A notice and when it was issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuedNotice {
    /// The notice.
    pub notice: Notice,
    /// When.
    pub at: DateTime<FixedOffset>,
}

/// See [`NoticesQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoticesResult {
    /// The page.
    pub notices: Vec<IssuedNotice>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// Admonition talks and accountability cases inside the scope, by id (at most 10,000 each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountabilityQuery {}

/// See [`AccountabilityQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountabilityResult {
    /// The admonition talks (persons and reasons blank for roles that do not see sensitive data).
    pub admonitions: Vec<Admonition>,
    /// The cases (persons, facts and decisions' words likewise).
    pub cases: Vec<CaseRecord>,
}

crate::engine::guarded! {
    InspectionsQuery => Read, "read the campaign", Filtered;
    InspectionQuery => Read, "read the campaign", Filtered;
    NoticesQuery => Read, "read the campaign", Filtered;
    AccountabilityQuery => Read, "read the campaign", Filtered;
}

/// Inspection `i` as `actor` may see it, if at all: whole for those who oversee in its scope; else
/// only its visits to units inside the actor's scope, without the plan's other candidates and targets.
fn as_seen(i: &Inspection, actor: &Actor) -> Option<Inspection> {
    let oversees = actor.role.allows(Permission::Oversee);
    if oversees && i.plan.candidates.iter().all(|c| actor.scope.contains(*c)) {
        return Some(i.clone());
    }
    let visits: Vec<_> = i.visits.iter().filter(|v| actor.scope.contains(v.unit)).cloned().collect();
    if visits.is_empty() {
        return None;
    }
    let units: Vec<_> = visits.iter().map(|v| v.unit).collect();
    let mut plan = i.plan.clone();
    plan.candidates.retain(|c| units.contains(c));
    plan.targets.retain(|c| units.contains(c));
    let visits = visits
        .into_iter()
        .map(|mut v| {
            if !actor.sees_sensitive_in(v.unit) {
                v.summary.clear();
            }
            v
        })
        .collect();
    Some(Inspection { plan, visits, ..i.clone() })
}

impl<S: OversightState> Answer<S> for InspectionsQuery {
    type Output = InspectionsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<InspectionsResult> {
        let limit = page_limit(self.limit)? as usize;
        let after = self.after.as_deref().map(str::trim);
        let mut seen = state
            .oversight()
            .inspections
            .range::<str, _>((after.map_or(Unbounded, Excluded), Unbounded))
            .filter_map(|(_, i)| as_seen(i, cx.actor));
        let inspections: Vec<Inspection> = seen.by_ref().take(limit).collect();
        let next_after = seen.next().and(inspections.last().map(|i| i.plan.id.clone()));
        Ok(InspectionsResult { inspections, next_after })
    }
}

impl<S: OversightState> Answer<S> for InspectionQuery {
    type Output = InspectionResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<InspectionResult> {
        let id = self.id.trim();
        // The same refusal whether it exists or not: an inspection is unannounced (四不两直).
        let seen = state.oversight().inspections.get(id).and_then(|i| as_seen(i, cx.actor));
        let inspection = seen.ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                format!(
                    "no inspection `{id}` that you may see: an inspection is shown to a unit once it has visited it (四不两直), and to those who oversee"
                ),
            )
            .at_field("query.id")
        })?;
        Ok(InspectionResult { inspection })
    }
}

impl<S: OversightState> Answer<S> for NoticesQuery {
    type Output = NoticesResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<NoticesResult> {
        let limit = page_limit(self.limit)? as usize;
        let after = self.after.as_deref().map(str::trim);
        let orgs = &state.organization().party_organizations;
        let subdistrict = state.organization().subdistrict();
        let mut shown = state
            .oversight()
            .notices
            .range::<str, _>((after.map_or(Unbounded, Excluded), Unbounded))
            .filter(|(_, (n, _))| {
                // A notice of the whole campaign is the sub-district's: shown to every reader of it;
                // one naming organizations, to readers of any of them.
                if n.organizations.is_empty() {
                    subdistrict.is_some_and(|s| cx.actor.scope.contains(s) || s.contains(cx.actor.scope))
                } else {
                    n.organizations.iter().any(|o| orgs.get(o).is_some_and(|o| cx.actor.scope.contains(o.unit)))
                }
            })
            .map(|(_, (n, at))| IssuedNotice { notice: n.clone(), at: *at });
        let notices: Vec<IssuedNotice> = shown.by_ref().take(limit).collect();
        let next_after = shown.next().and(notices.last().map(|n| n.notice.id.clone()));
        Ok(NoticesResult { notices, next_after })
    }
}

impl<S: OversightState> Answer<S> for AccountabilityQuery {
    type Output = AccountabilityResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<AccountabilityResult> {
        let o = state.oversight();
        let orgs = &state.organization().party_organizations;
        let admonitions = o
            .admonitions
            .values()
            .filter_map(|a| Some((a, orgs.get(&a.organization)?.unit)))
            .filter(|(_, unit)| cx.actor.scope.contains(*unit))
            .take(10_000)
            .map(|(a, unit)| {
                let mut a = a.clone();
                if !cx.actor.sees_sensitive_in(unit) {
                    a.persons.clear();
                    a.reason.clear();
                }
                a
            })
            .collect();
        let cases = o
            .cases
            .values()
            .filter(|c| cx.actor.scope.contains(c.unit))
            .take(10_000)
            .map(|c| {
                let mut c = c.clone();
                if !cx.actor.sees_sensitive_in(c.unit) {
                    c.case = AccountabilityCase { persons: Vec::new(), facts: String::new(), ..c.case };
                    if let Some(d) = &mut c.decision {
                        d.1.clear();
                    }
                }
                c
            })
            .collect();
        Ok(AccountabilityResult { admonitions, cases })
    }
}
