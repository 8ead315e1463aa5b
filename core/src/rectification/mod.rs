//! Rectification (整改, 三(二)1–3, glossary §7–8): a ledger (整改台账) per listed organization, and for
//! any other organization with problems to rectify, whose measures have an owner and a due date and
//! answer problems, look-back findings or the assessment's items; a measure is done, then verified by
//! someone else. The organization's state follows [`TRANSITIONS`]. Pairings (挂点包村, 驻村结对) stay
//! attached while an organization is being rectified (不脱钩). `docs/RECTIFICATION.md` has the design.
//!
//! Depends on the engine, `organization`, `people`, `calendar`, `problem`, `review` and `weak_and_lax`
//! (the confirmed list puts organizations here).

mod commands;
mod events;
mod measure_commands;
mod model;
mod pairing_commands;
mod queries;
mod transitions;

pub use commands::*;
pub use events::*;
pub use measure_commands::*;
pub use model::*;
pub use pairing_commands::*;
pub use queries::*;
pub use transitions::*;

use crate::weak_and_lax::{WeakAndLaxEvents, WeakAndLaxState};
use std::collections::BTreeMap;

/// This area's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rectification {
    /// The ledgers, by party organization id.
    #[serde(default)]
    pub ledgers: BTreeMap<String, Ledger>,
    /// The pairings, by id.
    #[serde(default)]
    pub pairings: BTreeMap<String, Pairing>,
}

impl Rectification {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        self.ledgers.is_empty() && self.pairings.is_empty()
    }

    /// The ledger holding measure `id`, and the measure's position in it.
    pub fn measure(&self, id: &str) -> Option<(&Ledger, usize)> {
        self.ledgers.values().find_map(|l| l.measures.iter().position(|m| m.id == id).map(|i| (l, i)))
    }

    /// The same, to apply an event.
    pub fn measure_mut(&mut self, id: &str) -> Option<&mut LedgerMeasure> {
        self.ledgers.values_mut().find_map(|l| l.measures.iter_mut().find(|m| m.id == id))
    }
}

/// A state that holds this area's part.
pub trait RectificationState: WeakAndLaxState {
    /// This area's part.
    fn rectification(&self) -> &Rectification;
    /// This area's part, to apply an event.
    fn rectification_mut(&mut self) -> &mut Rectification;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait RectificationEvents: WeakAndLaxEvents;
    LedgerOpened, MeasureAdded, RectificationStarted, MeasureProgressRecorded, MeasureDone, MeasureVerified,
    RectificationExceptionRecorded, ReadyForAcceptanceMarked, RectificationReopened, PairingAssigned, PairingEnded,
}
