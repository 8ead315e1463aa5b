//! Hotspots (三(二)2): where open problems concentrate — by village or community, by micro-grid (the
//! household's linked member's grid) and by key place — with the places where serious problems
//! concentrate (问题严重、隐患突出、矛盾集中连片) flagged above the campaign's thresholds. Counts
//! only: no household, person or description is shown.

use super::views::visible;
use super::{Problem, ProblemState, Severity};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use crate::people::{KeyPlace, unit_filter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The hotspots of the open problems inside the actor's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HotspotsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// The open problems of one place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotspotCounts {
    /// Open problems.
    pub open: u32,
    /// Open serious or critical ones.
    pub serious: u32,
    /// Whether either count reaches the campaign's threshold.
    pub hotspot: bool,
}

/// A village or community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitHotspot {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// Its counts.
    #[serde(flatten)]
    pub counts: HotspotCounts,
}

/// A micro-grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridHotspot {
    /// The grid's id.
    pub grid: String,
    /// Its unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// Its counts.
    #[serde(flatten)]
    pub counts: HotspotCounts,
}

/// A kind of key place in one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyPlaceHotspot {
    /// The unit.
    pub unit: DivisionCode,
    /// The kind of key place.
    pub key_place: KeyPlace,
    /// Its counts.
    #[serde(flatten)]
    pub counts: HotspotCounts,
}

/// See [`HotspotsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotspotsResult {
    /// The campaign's threshold of open serious problems.
    pub serious_threshold: u32,
    /// The campaign's threshold of open problems.
    pub open_threshold: u32,
    /// By village or community.
    pub by_unit: Vec<UnitHotspot>,
    /// By micro-grid (problems with a household linked to a member of a grid).
    pub by_micro_grid: Vec<GridHotspot>,
    /// By key place (the problem's own, or its household's).
    pub by_key_place: Vec<KeyPlaceHotspot>,
    /// Open problems with no household linked to a grid.
    pub outside_grids: u32,
}

crate::engine::guarded! {
    HotspotsQuery => Read, "read the campaign", Filtered;
}

impl HotspotCounts {
    fn add(&mut self, p: &Problem) {
        self.open += 1;
        if p.severity >= Severity::Serious {
            self.serious += 1;
        }
    }

    fn flag(mut self, (serious, open): (u32, u32)) -> HotspotCounts {
        self.hotspot = self.serious >= serious || self.open >= open;
        self
    }
}

impl<S: ProblemState> Answer<S> for HotspotsQuery {
    type Output = HotspotsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<HotspotsResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let policy = state.problems().policy;
        let thresholds = (policy.hotspot_serious, policy.hotspot_open);
        let people = state.people();
        let grids = state.micro_grids();
        let mut by_unit: BTreeMap<DivisionCode, HotspotCounts> = BTreeMap::new();
        let mut by_grid: BTreeMap<&str, HotspotCounts> = BTreeMap::new();
        let mut by_place: BTreeMap<(DivisionCode, KeyPlace), HotspotCounts> = BTreeMap::new();
        let mut outside_grids = 0;
        for p in state.problems().problems.iter() {
            if !p.status.is_open() || unit.is_some_and(|u| u != p.unit) || !visible(state, cx.actor, p) {
                continue;
            }
            by_unit.entry(p.unit).or_default().add(p);
            let household = p.more().household.as_deref().and_then(|h| people.households.get(h));
            let grid = household
                .and_then(|h| grids.links.get(&h.id))
                .and_then(|member| grids.grid_of(member))
                .filter(|g| g.unit == p.unit);
            match grid {
                Some(g) => by_grid.entry(g.id.as_str()).or_default().add(p),
                None => outside_grids += 1,
            }
            if let Some(place) = p.key_place.or(household.and_then(|h| h.key_place)) {
                by_place.entry((p.unit, place)).or_default().add(p);
            }
        }
        let units = &state.organization().units;
        Ok(HotspotsResult {
            serious_threshold: thresholds.0,
            open_threshold: thresholds.1,
            by_unit: by_unit
                .into_iter()
                .map(|(unit, counts)| UnitHotspot {
                    unit,
                    name: units.get(&unit).map(|u| u.name.clone()).unwrap_or_default(),
                    counts: counts.flag(thresholds),
                })
                .collect(),
            by_micro_grid: by_grid
                .into_iter()
                .filter_map(|(id, counts)| {
                    let g = grids.grids.get(id)?;
                    Some(GridHotspot {
                        grid: g.id.clone(),
                        unit: g.unit,
                        name: g.name.clone(),
                        counts: counts.flag(thresholds),
                    })
                })
                .collect(),
            by_key_place: by_place
                .into_iter()
                .map(|((unit, key_place), counts)| KeyPlaceHotspot { unit, key_place, counts: counts.flag(thresholds) })
                .collect(),
            outside_grids,
        })
    }
}
