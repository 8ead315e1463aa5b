//! Pairings (挂点包村, 驻村结对): assigned and ended by command; while an organization is being rectified
//! its pairings stay attached (不脱钩).

use super::{PairingAssigned, PairingDraft, PairingEnded, RectificationEvents, RectificationState};
use crate::engine::check::{new_id, text};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::weak_and_lax::village_organization;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Assigns a pairing to a village's or community's party organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignPairing {
    /// The pairing.
    pub pairing: PairingDraft,
}

/// Ends a pairing: refused while its organization is being rectified and not yet accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndPairing {
    /// The pairing.
    pub pairing: String,
    /// Its last day.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
}

crate::engine::guarded! {
    AssignPairing => ManageOrganizations, "rectify weak and lax organizations";
    EndPairing => ManageOrganizations, "rectify weak and lax organizations";
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for AssignPairing {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let d = self.pairing;
        let o = village_organization(state, cx, &d.organization, "command.pairing.organization")?;
        let r = state.rectification();
        let id = new_id(&d.id, r.pairings.contains_key(d.id.trim()), "pairing", "command.pairing.id")?;
        if r.pairings.len() >= 100_000 {
            return Err(Error::rule("rectification.pairingsBounded", "the campaign holds 100,000 pairings")
                .at_field("command.pairing"));
        }
        let who = text(&d.who, "command.pairing.who", 200)?;
        Ok(vec![
            PairingAssigned { pairing: PairingDraft { id, organization: o.id.clone(), who, ..d }, unit: o.unit }.into(),
        ])
    }
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for EndPairing {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let id = self.pairing.trim();
        let r = state.rectification();
        let p = r.pairings.get(id).ok_or_else(|| Error::not_found("pairing", id, "command.pairing"))?;
        cx.actor.require_scope(p.unit, "command.pairing")?;
        if p.ended.is_some() {
            return Err(Error::transition(
                "rectification.pairingEndsOnce",
                format!("pairing `{id}` has already ended"),
            )
            .at_field("command.pairing"));
        }
        if let Some(l) = r.ledgers.get(&p.organization).filter(|l| l.status.keeps_pairings()) {
            return Err(Error::rule(
                "rectification.pairingStaysAttached",
                format!(
                    "`{}` is {} and not yet accepted: its pairings stay attached (不脱钩) until it passes acceptance",
                    l.organization,
                    l.status.as_str()
                ),
            )
            .at_field("command.pairing"));
        }
        if self.on < p.from {
            return Err(Error::invalid_field("command.on", format!("the pairing began on {}", p.from)));
        }
        let reason = text(&self.reason, "command.reason", 2000)?;
        Ok(vec![PairingEnded { pairing: id.to_string(), on: self.on, reason }.into()])
    }
}
