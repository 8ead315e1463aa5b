//! Asking another area's query from inside a report, with the checks the switchboard makes
//! ([`Actor::permit_query`](crate::engine::access::Actor::permit_query)).

use crate::engine::error::Result;
use crate::engine::{Answer, Declared, Guarded, QueryContext};
use crate::organization::OrganizationState;

/// Answers `query` as the report's reader: its role must allow the query, and a query held to the
/// campaign's scope must overlap it, exactly as when the reader asks it alone. So a report or a
/// picture never shows more than the queries it is built from would, and a role that may not read
/// an area is refused with the area's own `PERMISSION_DENIED`.
///
/// # Errors
/// Whatever the query answers: `PERMISSION_DENIED`, `OUT_OF_SCOPE`, `NOT_FOUND`, `INVALID_FIELD`.
pub fn ask<S, Q>(state: &S, cx: &QueryContext<'_>, query: &Q) -> Result<Q::Output>
where
    S: OrganizationState,
    Q: Answer<S> + Guarded + Declared,
{
    cx.actor.permit_query(query, Q::SCOPE, state.organization().subdistrict())?;
    query.answer(state, cx)
}
