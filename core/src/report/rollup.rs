//! Roll-ups: summaries that add up from a sub-district to a district and a city.
