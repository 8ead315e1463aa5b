//! The problems in the shape of Open311 GeoReport v2 (`GET requests`): `service_requests` with
//! `status` open or closed, for platforms that speak it. Masked like every query: the description and
//! the words of the status notes only for readers who see sensitive data. The mapping is in
//! `docs/PROBLEMS.md`.

use super::views::visible;
use super::{Problem, ProblemState};
use crate::calendar::china_standard_time;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use crate::people::{page_limit, unit_filter};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Open or closed, as GeoReport v2 says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Open311Status {
    /// Not closed, rejected or merged.
    Open,
    /// Closed, rejected (not a problem) or merged into another.
    Closed,
}

/// A page of problems as GeoReport v2 service requests, in the order reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Open311RequestsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Only open or only closed requests.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<Open311Status>,
    /// Start after this problem id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// One service request, with GeoReport v2's field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ServiceRequest {
    /// The problem's id.
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: Open311Status,
    /// Where it stands in the loop, in Chinese, with the last words of a step when the reader may see
    /// them.
    pub status_notes: String,
    /// The category's label.
    pub service_name: String,
    /// The category's code.
    pub service_code: String,
    /// What it is (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// The target it is dispatched to, by name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub agency_responsible: Option<String>,
    /// When it was reported.
    pub requested_datetime: DateTime<FixedOffset>,
    /// When its last step was taken.
    pub updated_datetime: DateTime<FixedOffset>,
    /// When it is due: the end of its due date, UTC+8.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_datetime: Option<DateTime<FixedOffset>>,
    /// Its village or community (division code), in place of a street address.
    pub address_id: String,
}

/// See [`Open311RequestsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Open311RequestsResult {
    /// The page.
    pub service_requests: Vec<ServiceRequest>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(rename = "nextAfter", skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

crate::engine::guarded! {
    Open311RequestsQuery => Read, "read the campaign", Filtered;
}

fn request<S: ProblemState>(state: &S, cx: &QueryContext<'_>, p: &Problem) -> ServiceRequest {
    let problems = state.problems();
    let item = super::ProblemItem::of(state, cx.actor, p);
    let closed = !p.status.is_open();
    let words = p.history.last().and_then(|s| p.text_of(s)).filter(|_| !item.masked);
    let status_notes = match words {
        Some(w) => format!("{}：{w}", p.status.label_zh()),
        None => p.status.label_zh().to_string(),
    };
    let end_of_day = |d: chrono::NaiveDate| {
        d.and_hms_opt(23, 59, 59).and_then(|t| t.and_local_timezone(china_standard_time()).single())
    };
    let last = p.history.last().map(|s| s.at.to_datetime()).unwrap_or_default();
    ServiceRequest {
        service_request_id: p.id.to_string(),
        status: if closed { Open311Status::Closed } else { Open311Status::Open },
        status_notes,
        service_name: item.category_label,
        service_code: item.category,
        description: item.description,
        agency_responsible: p.target.and_then(|t| problems.target_at(t)).map(|t| t.name.clone()),
        requested_datetime: item.reported_at,
        updated_datetime: last,
        expected_datetime: p.due.and_then(end_of_day),
        address_id: p.unit.to_string(),
    }
}

impl<S: ProblemState> Answer<S> for Open311RequestsQuery {
    type Output = Open311RequestsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<Open311RequestsResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let limit = page_limit(self.limit)? as usize;
        let rows = state.problems().problems.page_after(self.after.as_deref(), "problem")?;
        let mut service_requests = Vec::new();
        let mut next_after = None;
        for p in rows.iter().filter(|p| {
            unit.is_none_or(|u| u == p.unit)
                && self.status.is_none_or(|s| (s == Open311Status::Open) == p.status.is_open())
                && visible(state, cx.actor, p)
        }) {
            if service_requests.len() == limit {
                next_after = service_requests.last().map(|r: &ServiceRequest| r.service_request_id.clone());
                break;
            }
            service_requests.push(request(state, cx, p));
        }
        Ok(Open311RequestsResult { service_requests, next_after })
    }
}
