//! Households: the unit of the door-knock survey and of member linkage.

use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Key places to watch (重点部位, glossary §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum KeyPlace {
    /// 城中村.
    UrbanVillage,
    /// 城乡结合部.
    UrbanRuralFringe,
    /// 流动人员聚集地租住屋.
    FloatingPopulationRental,
    /// 老旧小区.
    OldResidentialCompound,
    /// 安置区.
    ResettlementArea,
}

impl KeyPlace {
    /// The key place's label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            KeyPlace::UrbanVillage => "城中村",
            KeyPlace::UrbanRuralFringe => "城乡结合部",
            KeyPlace::FloatingPopulationRental => "流动人员聚集地租住屋",
            KeyPlace::OldResidentialCompound => "老旧小区",
            KeyPlace::ResettlementArea => "安置区",
        }
    }
}

/// Where a household is: WGS-84 latitude and longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Location {
    /// Latitude, −90..=90.
    pub lat: f64,
    /// Longitude, −180..=180.
    pub lng: f64,
}

impl Eq for Location {}

impl Location {
    /// Refuses non-finite or out-of-range coordinates, naming `field`.
    pub fn validate(self, field: &str) -> Result<Location> {
        let ok = self.lat.is_finite() && self.lng.is_finite() && self.lat.abs() <= 90.0 && self.lng.abs() <= 180.0;
        if ok {
            Ok(self)
        } else {
            Err(Error::invalid_field(
                field,
                format!("`{field}` must be a latitude within ±90 and a longitude within ±180 degrees"),
            ))
        }
    }
}

/// A household (住户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Household {
    /// The household's id (chosen by the host).
    pub id: String,
    /// Its address.
    pub address: String,
    /// The village or community it belongs to.
    pub unit: DivisionCode,
    /// The building or compound, e.g. `3栋`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub building: Option<String>,
    /// Where it is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
    /// The kind of key place it lies in, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
    /// The person ids of its residents, in the order they joined.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub residents: Vec<String>,
}
