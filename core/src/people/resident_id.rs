//! Resident identity card numbers (公民身份号码) per GB 11643-1999.
//!
//! The number is sensitive personal data: it never appears in an error message, in `Debug` output
//! (which shows the masked form) or through `Display` (deliberately not implemented, so it cannot
//! slip into a `format!`). Only [`ResidentIdNumber::as_str`] and serialization hand it out.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::error::{Error, ErrorCode, Result};
use crate::people::sensitive_visitor::SensitiveVisitor;

/// ISO 7064 MOD 11-2 weights of the first 17 digits (2^(17-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each remainder of the weighted sum modulo 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// What a number looks like, repeated in every error so a user knows what to fix.
const EXPECTED: &str = "18 characters: 17 digits and a check character 0-9 or X";

/// A resident identity card number: 6 region digits, 8 birth-date digits (YYYYMMDD), 3 sequence
/// digits and a check character.
///
/// Stored normalized: ASCII, with an uppercase `X`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentIdNumber(String);

impl ResidentIdNumber {
    /// Parses a number, trimming surrounding whitespace and accepting a lowercase `x`.
    ///
    /// Checks, in order: the length, that the first 17 characters are digits and the last a digit
    /// or X, that the region does not begin with 0, that digits 7-14 are a real date in 1900 or
    /// later, and the check character. Fails with [`ErrorCode::InvalidIdNumber`] naming `field` and
    /// the failed check, never the number or any of its digits.
    pub fn parse(s: &str, field: &str) -> Result<ResidentIdNumber> {
        let s = s.trim();
        let len = s.chars().count();
        if len != 18 {
            return Err(invalid(field, format!("must be {EXPECTED}, but has {len} characters")));
        }
        if let Some(pos) = s.chars().take(17).position(|c| !c.is_ascii_digit()) {
            let pos = pos + 1;
            return Err(invalid(field, format!("must be {EXPECTED}, but character {pos} is not a digit")));
        }
        // Checked as a char: a non-ASCII 18th character would make the byte indexing below wrong.
        let last = s.chars().last().unwrap_or_default();
        if !(last.is_ascii_digit() || last == 'X' || last == 'x') {
            return Err(invalid(field, format!("must be {EXPECTED}, but the last character is neither a digit nor X")));
        }
        let normalized = s.to_ascii_uppercase();
        let bytes = normalized.as_bytes();
        if bytes[0] == b'0' {
            return Err(invalid(
                field,
                "has a region code (the first six digits) beginning with 0, which no region has",
            ));
        }
        if birth_date_of(bytes).is_none() {
            return Err(invalid(
                field,
                "has no valid date of birth: digits 7-14 must be a real calendar date written YYYYMMDD, \
                 in the year 1900 or later",
            ));
        }
        if check_char(bytes) != bytes[17] {
            return Err(invalid(
                field,
                "has a check character (the 18th) that does not match the first 17 digits: a character \
                 is mistyped",
            ));
        }
        Ok(ResidentIdNumber(normalized))
    }

    /// The normalized number. Handle with care: it is sensitive personal data.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with the birth date hidden: the 6 region digits, 8 `*` and the last 4
    /// characters, e.g. `430104********123X`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// The date of birth written in digits 7-14.
    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(self.0.as_bytes()).expect("parse admits only numbers with a valid date of birth")
    }
}

fn invalid(field: &str, what: impl fmt::Display) -> Error {
    Error::new(ErrorCode::InvalidIdNumber, format!("`{field}` {what}")).at_field(field)
}

/// The check character of a number whose first 17 bytes are ASCII digits.
fn check_char(bytes: &[u8]) -> u8 {
    let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(&b, w)| u32::from(b - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// The date in digits 7-14 of a number whose first 17 bytes are ASCII digits, if it is a real date
/// in 1900 or later. No upper bound: the core never reads the clock.
fn birth_date_of(bytes: &[u8]) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| bytes[range].iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    let year = i32::try_from(number(6..10)).ok()?;
    NaiveDate::from_ymd_opt(year, number(10..12), number(12..14)).filter(|_| year >= 1900)
}

impl fmt::Debug for ResidentIdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentIdNumber").field(&self.masked()).finish()
    }
}

impl Serialize for ResidentIdNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ResidentIdNumber {
    /// Reads a string and validates it as field `idNumber`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`, so that a number arriving as a JSON integer (or inferred as one by the
        // CSV reader) reaches the visitor instead of serde's stock "invalid type: integer `…`"
        // error, which would echo the digits into a log.
        deserializer.deserialize_any(SensitiveVisitor {
            expecting: "a resident ID number as a string",
            field: "idNumber",
            parse: ResidentIdNumber::parse,
        })
    }
}

impl JsonSchema for ResidentIdNumber {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("ResidentIdNumber")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::ResidentIdNumber"))
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{17}[0-9X]$",
            "description": "A GB 11643 resident identity card number: 17 digits and a check character 0-9 or X."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The example number of GB 11643 itself.
    const EXAMPLE: &str = "11010519491231002X";

    fn id(s: &str) -> ResidentIdNumber {
        ResidentIdNumber::parse(s, "idNumber").unwrap()
    }

    /// A number with its check character computed from the 17 digits.
    fn with_check(first17: &str) -> String {
        let mut s = first17.to_owned();
        s.push(char::from(check_char(s.as_bytes())));
        s
    }

    fn error(s: &str) -> Error {
        let err = ResidentIdNumber::parse(s, "person.idNumber").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidIdNumber);
        assert_eq!(err.field.as_deref(), Some("person.idNumber"));
        assert!(err.message.starts_with("`person.idNumber` "), "{}", err.message);
        err
    }

    /// Whether a run of `n` consecutive characters of `number` appears in `message`.
    fn leaks(message: &str, number: &str, n: usize) -> bool {
        let chars: Vec<char> = number.chars().collect();
        chars.windows(n).any(|w| message.contains(&w.iter().collect::<String>()))
    }

    #[test]
    fn gb_11643_example_is_valid() {
        let n = id(EXAMPLE);
        assert_eq!(n.as_str(), EXAMPLE);
        assert_eq!(n.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
    }

    #[test]
    fn lowercase_x_is_normalized() {
        assert_eq!(id("11010519491231002x").as_str(), EXAMPLE);
        assert_eq!(id("11010519491231002x"), id(EXAMPLE));
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_eq!(id(" \t11010519491231002X\n").as_str(), EXAMPLE);
    }

    #[test]
    fn id_number_with_wrong_length_is_refused() {
        for bad in ["", "11010519491231002", "11010519491231002X0", "110105 19491231002X"] {
            assert!(error(bad).message.contains("18 characters"), "{bad:?}");
        }
    }

    #[test]
    fn id_number_with_non_digit_is_refused() {
        assert!(error("1101051949123100AX").message.contains("character 17 is not a digit"));
        assert!(error("X10105194912310021").message.contains("character 1 is not a digit"));
        assert!(error("11010519491231002Y").message.contains("neither a digit nor X"));
        assert!(error("11010519491231002Ｘ").message.contains("neither a digit nor X"));
    }

    #[test]
    fn region_beginning_with_zero_is_refused() {
        assert!(error(&with_check("01010519491231002")).message.contains("region"));
    }

    #[test]
    fn impossible_birth_date_is_refused() {
        for date in ["20230230", "19491301", "19490001", "19491200", "21000229", "18991231"] {
            let number = with_check(&format!("430104{date}123"));
            assert!(error(&number).message.contains("date of birth"), "{date}");
        }
        // A leap day in a leap year is a real date.
        assert_eq!(id(&with_check("43010420000229123")).birth_date(), NaiveDate::from_ymd_opt(2000, 2, 29).unwrap());
    }

    #[test]
    fn id_number_with_wrong_check_character_is_refused() {
        // The right check character of the example is X.
        for bad in ["110105194912310021", "110105194912310020", "110105194912310029"] {
            assert!(error(bad).message.contains("check character"), "{bad}");
        }
    }

    #[test]
    fn id_number_error_message_never_contains_the_number() {
        let bad = [
            "110105194912310021",  // check character
            "110105194902300027",  // birth date
            "010105194912310021",  // region
            "1101051949123100A2",  // non-digit
            "11010519491231002",   // length
            "11010519491231002XX", // length
            "11010519491231002Y",  // check character form
        ];
        for number in bad {
            let err = ResidentIdNumber::parse(number, "idNumber").unwrap_err();
            assert!(!leaks(&err.message, number, 4), "{number}: {}", err.message);
            let json = format!("\"{number}\"");
            let serde_err = serde_json::from_str::<ResidentIdNumber>(&json).unwrap_err().to_string();
            assert!(!leaks(&serde_err, number, 4), "{number}: {serde_err}");
        }
    }

    #[test]
    fn masked_forms() {
        assert_eq!(id(EXAMPLE).masked(), "110105********002X");
        assert_eq!(format!("{:?}", id(EXAMPLE)), "ResidentIdNumber(\"110105********002X\")");
        assert!(!format!("{:?}", id(EXAMPLE)).contains("19491231"));
    }

    #[test]
    fn serde_round_trip_as_a_string() {
        let json = serde_json::to_string(&id(EXAMPLE)).unwrap();
        assert_eq!(json, format!("\"{EXAMPLE}\""));
        assert_eq!(serde_json::from_str::<ResidentIdNumber>(&json).unwrap(), id(EXAMPLE));
        assert_eq!(serde_json::from_str::<ResidentIdNumber>("\"11010519491231002x\"").unwrap(), id(EXAMPLE));
        let err = serde_json::from_str::<ResidentIdNumber>("\"110105194912310021\"").unwrap_err();
        assert!(err.to_string().contains("`idNumber` has a check character"), "{err}");
    }

    #[test]
    fn a_number_written_as_json_integer_is_read_without_echoing_it() {
        let valid = "430104199001011230";
        assert_eq!(serde_json::from_str::<ResidentIdNumber>(valid).unwrap().as_str(), valid);
        let err = serde_json::from_str::<ResidentIdNumber>("430104199001011231").unwrap_err().to_string();
        assert!(!leaks(&err, "430104199001011231", 4), "{err}");
        let err = serde_json::from_str::<ResidentIdNumber>("4.301041990010112e17").unwrap_err().to_string();
        assert!(err.contains("must be written as a string"), "{err}");
        assert!(!err.contains("43010"), "{err}");
    }

    #[test]
    fn json_schema_is_a_pattern_string() {
        let schema = schemars::schema_for!(ResidentIdNumber);
        assert_eq!(schema.get("type").unwrap(), "string");
        assert_eq!(schema.get("pattern").unwrap(), "^[0-9]{17}[0-9X]$");
    }

    /// A valid number: a region not beginning with 0, a real date from 1900 to 2099, any sequence.
    fn valid_number() -> impl Strategy<Value = (String, NaiveDate)> {
        let first_day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let days = (NaiveDate::from_ymd_opt(2099, 12, 31).unwrap() - first_day).num_days();
        (100_000..=999_999u32, 0..=days, 0..=999u32).prop_map(move |(region, day, seq)| {
            let date = first_day + chrono::Duration::days(day);
            (with_check(&format!("{region}{}{seq:03}", date.format("%Y%m%d"))), date)
        })
    }

    proptest! {
        #[test]
        fn any_valid_birth_date_with_computed_check_character_parses((number, date) in valid_number()) {
            let parsed = ResidentIdNumber::parse(&number, "idNumber").unwrap();
            prop_assert_eq!(parsed.as_str(), number.as_str());
            prop_assert_eq!(parsed.birth_date(), date);
            prop_assert_eq!(parsed.masked().len(), 18);
        }

        #[test]
        fn changing_any_single_character_is_refused((number, _) in valid_number()) {
            // MOD 11-2 catches every single substitution: each weight is non-zero modulo the prime 11.
            for pos in 0..18 {
                let alphabet: &[u8] = if pos == 17 { b"0123456789X" } else { b"0123456789" };
                for &replacement in alphabet.iter().filter(|&&c| c != number.as_bytes()[pos]) {
                    let mut bytes = number.clone().into_bytes();
                    bytes[pos] = replacement;
                    let changed = String::from_utf8(bytes).unwrap();
                    let err = ResidentIdNumber::parse(&changed, "idNumber").unwrap_err();
                    prop_assert_eq!(err.code(), ErrorCode::InvalidIdNumber);
                    prop_assert!(!leaks(&err.message, &changed, 6), "{}", err.message);
                }
            }
        }
    }
}
