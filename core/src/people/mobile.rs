//! Mainland China mobile numbers: 11 digits, `1` then `3`-`9`.
//!
//! A phone number is sensitive personal data: it never appears in an error message, in `Debug`
//! output (which shows the masked form) or through `Display` (deliberately not implemented).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::error::{Error, ErrorCode, Result};
use crate::people::sensitive_visitor::SensitiveVisitor;

/// What a number looks like, repeated in every error so a user knows what to fix.
const EXPECTED: &str = "an 11-digit mainland mobile number beginning with 13-19, optionally with a +86 prefix";

/// The country-code prefixes people write before a mobile number, longest first.
const PREFIXES: [&str; 3] = ["+86", "0086", "86"];

/// A mainland China mobile number, normalized to its 11 digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Parses a number as people write it: surrounding whitespace, inner spaces and hyphens, and a
    /// leading `+86`, `0086` or `86` are dropped when what remains is 11 digits.
    ///
    /// Fails with [`ErrorCode::InvalidMobileNumber`] naming `field`, never the number.
    pub fn parse(s: &str, field: &str) -> Result<MobileNumber> {
        let compact: String = s.chars().filter(|&c| !(c.is_whitespace() || c == '-')).collect();
        // Strip a prefix only when 11 characters remain, so "86" is never mistaken for part of a
        // shorter, mistyped number (a valid number itself starts with 1, never with 86).
        let digits = PREFIXES
            .iter()
            .find_map(|prefix| compact.strip_prefix(prefix).filter(|rest| rest.chars().count() == 11))
            .unwrap_or(&compact);
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid(
                field,
                format!("must be {EXPECTED}; only digits, spaces and hyphens may follow the prefix"),
            ));
        }
        let len = digits.len();
        if len != 11 {
            return Err(invalid(field, format!("must be {EXPECTED}, but has {len} digits")));
        }
        let bytes = digits.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(invalid(field, format!("must be {EXPECTED}, but begins otherwise")));
        }
        Ok(MobileNumber(digits.to_owned()))
    }

    /// The 11 digits. Handle with care: they are sensitive personal data.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with its middle four digits hidden, e.g. `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

fn invalid(field: &str, what: impl fmt::Display) -> Error {
    Error::new(ErrorCode::InvalidMobileNumber, format!("`{field}` {what}")).at_field(field)
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MobileNumber").field(&self.masked()).finish()
    }
}

impl Serialize for MobileNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MobileNumber {
    /// Reads a string and validates it as field `mobile`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`, so that a number arriving as a JSON integer (or inferred as one by the
        // CSV reader) reaches the visitor instead of serde's stock "invalid type: integer `…`"
        // error, which would echo the digits into a log.
        deserializer.deserialize_any(SensitiveVisitor {
            expecting: "a mobile number as a string",
            field: "mobile",
            parse: MobileNumber::parse,
        })
    }
}

impl JsonSchema for MobileNumber {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("MobileNumber")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::MobileNumber"))
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^1[3-9][0-9]{9}$",
            "description": "A mainland China mobile number: 11 digits beginning with 13-19."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NUMBER: &str = "13812345678";

    fn mobile(s: &str) -> MobileNumber {
        MobileNumber::parse(s, "mobile").unwrap()
    }

    fn error(s: &str) -> Error {
        let err = MobileNumber::parse(s, "person.mobile").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidMobileNumber);
        assert_eq!(err.field.as_deref(), Some("person.mobile"));
        assert!(err.message.starts_with("`person.mobile` "), "{}", err.message);
        err
    }

    /// Whether a run of `n` consecutive digits of `written` (separators dropped) appears in
    /// `message`.
    fn leaks(message: &str, written: &str, n: usize) -> bool {
        let digits: Vec<char> = written.chars().filter(char::is_ascii_digit).collect();
        digits.windows(n).any(|w| message.contains(&w.iter().collect::<String>()))
    }

    #[test]
    fn eleven_digits_beginning_13_to_19_parse() {
        for n in ["13012345678", "15912345678", "19912345678"] {
            assert_eq!(mobile(n).as_str(), n);
        }
    }

    #[test]
    fn mobile_with_plus86_prefix_is_normalized() {
        for written in ["+8613812345678", "+86 138 1234 5678", "008613812345678", "8613812345678", "+86-138-1234-5678"]
        {
            assert_eq!(mobile(written).as_str(), NUMBER, "{written}");
        }
    }

    #[test]
    fn spaces_and_hyphens_are_dropped() {
        for written in ["  13812345678 ", "138 1234 5678", "138-1234-5678", "\t138 - 1234 - 5678\n"] {
            assert_eq!(mobile(written).as_str(), NUMBER, "{written}");
        }
    }

    #[test]
    fn wrong_number_of_digits_is_refused() {
        for bad in ["", "1381234567", "138123456789", "+86138123456", "86138123456789"] {
            assert!(error(bad).message.contains("11-digit"), "{bad:?}");
        }
    }

    #[test]
    fn numbers_not_beginning_13_to_19_are_refused() {
        for bad in ["12812345678", "10812345678", "23812345678", "02812345678"] {
            assert!(error(bad).message.contains("begins otherwise"), "{bad}");
        }
    }

    #[test]
    fn other_characters_are_refused() {
        for bad in ["138.1234.5678", "(138)12345678", "1381234567a", "+1 13812345678", "１３８１２３４５６７８"]
        {
            assert!(error(bad).message.contains("only digits"), "{bad}");
        }
    }

    #[test]
    fn mobile_error_message_never_contains_the_number() {
        for bad in ["12812345678", "1381234567", "138123456789", "138.1234.5678", "+86 128 1234 5678"] {
            let err = MobileNumber::parse(bad, "mobile").unwrap_err();
            assert!(!leaks(&err.message, bad, 4), "{bad}: {}", err.message);
            let json = serde_json::to_string(bad).unwrap();
            let serde_err = serde_json::from_str::<MobileNumber>(&json).unwrap_err().to_string();
            assert!(!leaks(&serde_err, bad, 4), "{bad}: {serde_err}");
        }
    }

    #[test]
    fn masked_forms() {
        assert_eq!(mobile("13812345678").masked(), "138****5678");
        assert_eq!(format!("{:?}", mobile(NUMBER)), "MobileNumber(\"138****5678\")");
    }

    #[test]
    fn serde_round_trip_as_a_string() {
        let json = serde_json::to_string(&mobile(NUMBER)).unwrap();
        assert_eq!(json, "\"13812345678\"");
        assert_eq!(serde_json::from_str::<MobileNumber>(&json).unwrap(), mobile(NUMBER));
        assert_eq!(serde_json::from_str::<MobileNumber>("\"+86 138-1234-5678\"").unwrap(), mobile(NUMBER));
        let err = serde_json::from_str::<MobileNumber>("\"12812345678\"").unwrap_err();
        assert!(err.to_string().contains("`mobile` must be"), "{err}");
    }

    #[test]
    fn a_number_written_as_json_integer_is_read_without_echoing_it() {
        assert_eq!(serde_json::from_str::<MobileNumber>("13812345678").unwrap(), mobile(NUMBER));
        assert_eq!(serde_json::from_str::<MobileNumber>("8613812345678").unwrap(), mobile(NUMBER));
        let err = serde_json::from_str::<MobileNumber>("12812345678").unwrap_err().to_string();
        assert!(!leaks(&err, "12812345678", 4), "{err}");
        let err = serde_json::from_str::<MobileNumber>("1.3812345678e10").unwrap_err().to_string();
        assert!(err.contains("must be written as a string") && !err.contains("3812"), "{err}");
    }

    #[test]
    fn csv_cells_inferred_as_integers_still_parse() {
        #[derive(Deserialize)]
        struct Row {
            mobile: MobileNumber,
        }
        let data = "mobile\n13812345678\n+86 138 1234 5678\n";
        let rows: Vec<Row> =
            csv::Reader::from_reader(data.as_bytes()).deserialize().collect::<std::result::Result<_, _>>().unwrap();
        assert!(rows.iter().all(|row| row.mobile == mobile(NUMBER)));
    }

    #[test]
    fn json_schema_is_a_pattern_string() {
        let schema = schemars::schema_for!(MobileNumber);
        assert_eq!(schema.get("type").unwrap(), "string");
        assert_eq!(schema.get("pattern").unwrap(), "^1[3-9][0-9]{9}$");
    }

    proptest! {
        #[test]
        fn any_mainland_number_parses_however_it_is_written(
            second in 3..=9u8,
            rest in 0..1_000_000_000u64,
            prefix in prop::sample::select(vec!["", "+86", "0086", "86", "+86 ", " "]),
            separator in prop::sample::select(vec!["", " ", "-"]),
        ) {
            let number = format!("1{second}{rest:09}");
            let written = format!("{prefix}{}{separator}{}{separator}{}", &number[..3], &number[3..7], &number[7..]);
            let parsed = MobileNumber::parse(&written, "mobile").unwrap();
            prop_assert_eq!(parsed.as_str(), number.as_str());
            prop_assert_eq!(parsed.masked(), format!("{}****{}", &number[..3], &number[7..]));
        }

        #[test]
        fn error_messages_never_contain_the_digits(s in "[0-9+ -]{0,20}") {
            if let Err(err) = MobileNumber::parse(&s, "mobile") {
                prop_assert!(!leaks(&err.message, &s, 3), "{}", err.message);
            }
        }
    }
}
