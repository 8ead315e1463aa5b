//! Deserializing sensitive digit strings (ID and mobile numbers) without echoing them.
//!
//! serde's stock "invalid type: integer `…`" error would quote the digits into a log, so these types
//! read through `deserialize_any`: a string or an integer reaches their own validation, whose messages
//! never contain the value; anything else gets a message without the value.

use crate::engine::error::Result;
use serde::de::{self, Visitor};
use std::fmt;

/// A visitor that hands strings and integers to `parse`.
pub(crate) struct SensitiveVisitor<T> {
    /// What is expected, e.g. "a resident ID number as a string".
    pub expecting: &'static str,
    /// The field name used in messages.
    pub field: &'static str,
    /// The validation.
    pub parse: fn(&str, &str) -> Result<T>,
}

impl<T> SensitiveVisitor<T> {
    fn run<E: de::Error>(&self, s: &str) -> std::result::Result<T, E> {
        (self.parse)(s, self.field).map_err(E::custom)
    }
}

impl<T> Visitor<'_> for SensitiveVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<T, E> {
        self.run(v)
    }

    // Integers are read as their decimal digits; the validation checks them.
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<T, E> {
        self.run(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<T, E> {
        self.run(&v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<T, E> {
        self.run(&v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<T, E> {
        self.run(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<T, E> {
        Err(E::custom(format!("`{}` must be written as a string, not a floating-point number", self.field)))
    }
}
