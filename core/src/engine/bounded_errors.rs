//! A deserializer whose errors never copy the input: refusing a bad input costs what reading it costs.
//!
//! serde's default error constructors put the offending value into the message: a type mismatch on
//! a string writes `invalid type: string "…"` with the whole string escaped by `Debug`. For a 32 MiB
//! string of Chinese characters that escaping alone took seconds (every character goes through the
//! printable-character tables), and the wire form's error path paid it three times (issue #15). The
//! value was then cut out of the message again, because it may be an ID number.
//!
//! [`Bounded`] wraps any deserializer so that every `Deserialize` impl beneath it (including serde's
//! buffered `Content` for internally tagged enums) sees the error type [`BoundedError`], whose
//! constructors name the *kind* of an unexpected value, never its content, and whose messages are
//! cut at [`MAX_MESSAGE_BYTES`]. Accepted input goes through unchanged: the wrappers only forward.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::fmt::{self, Display, Write};

/// The longest error message kept, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 512;

/// The longest identifier (an unknown field or variant) quoted in a message, in characters.
const MAX_QUOTED_CHARS: usize = 40;

/// An error of a [`Bounded`] deserializer: a message of at most [`MAX_MESSAGE_BYTES`] bytes, and
/// where the wrapped deserializer said it happened (serde_json's ` at line L column C`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedError {
    message: String,
    position: String,
}

impl BoundedError {
    fn new(message: String) -> Self {
        BoundedError { message, position: String::new() }
    }

    /// The message, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// An error of the wrapped layer, its position kept apart: carried up again, the layer above
    /// adds its own, and positions must not pile up.
    fn from_wrapped(error: impl Display) -> Self {
        let mut message = capped(error);
        let position = match message.rfind(" at line ") {
            Some(i) if is_position(&message[i + " at line ".len()..]) => message.split_off(i),
            _ => String::new(),
        };
        BoundedError { message, position }
    }
}

/// Whether `rest` is `L column C`.
fn is_position(rest: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    rest.split_once(" column ").is_some_and(|(line, column)| digits(line) && digits(column))
}

impl Display for BoundedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        f.write_str(&self.position)
    }
}

impl std::error::Error for BoundedError {}

/// Writes at most [`MAX_MESSAGE_BYTES`] bytes, then stops the formatting (cut at a character
/// boundary).
struct Capped(String);

impl Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = MAX_MESSAGE_BYTES - self.0.len();
        if s.len() <= room {
            self.0.push_str(s);
            Ok(())
        } else {
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            self.0.push_str(&s[..end]);
            self.0.push('…');
            Err(fmt::Error)
        }
    }
}

/// `value` formatted, cut at [`MAX_MESSAGE_BYTES`].
fn capped(value: impl Display) -> String {
    let mut out = Capped(String::new());
    // An error only means the message was cut.
    let _ = write!(out, "{value}");
    out.0
}

/// The kind of an unexpected value, without its content.
struct Kind<'a>(de::Unexpected<'a>);

impl Display for Kind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected::*;
        match self.0 {
            Str(_) => f.write_str("string"),
            Bytes(_) => f.write_str("bytes"),
            Other(_) => f.write_str("value"),
            Unit => f.write_str("null"),
            // A number may be an ID or phone number: never quoted either.
            Unsigned(_) | Signed(_) => f.write_str("integer"),
            Float(_) => f.write_str("floating point number"),
            Char(_) => f.write_str("character"),
            other => Display::fmt(&other, f),
        }
    }
}

/// An identifier from the input, quoted and cut at [`MAX_QUOTED_CHARS`] characters.
struct Quoted<'a>(&'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.char_indices();
        match chars.nth(MAX_QUOTED_CHARS) {
            Some((end, _)) => write!(f, "`{}…`", &self.0[..end]),
            None => write!(f, "`{}`", self.0),
        }
    }
}

/// The names a field or variant was expected to be, as serde lists them.
struct OneOf(&'static [&'static str]);

impl Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("there are none"),
            [one] => write!(f, "expected `{one}`"),
            names => {
                f.write_str("expected one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

impl de::Error for BoundedError {
    fn custom<T: Display>(msg: T) -> Self {
        BoundedError::new(capped(msg))
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        BoundedError::new(capped(format_args!("invalid type: {}, expected {expected}", Kind(unexpected))))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        BoundedError::new(capped(format_args!("invalid value: {}, expected {expected}", Kind(unexpected))))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        BoundedError::new(capped(format_args!("unknown variant {}, {}", Quoted(variant), OneOf(expected))))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        BoundedError::new(capped(format_args!("unknown field {}, {}", Quoted(field), OneOf(expected))))
    }
}

/// Carries an error of the wrapped layer up as a [`BoundedError`].
fn carry(error: impl Display) -> BoundedError {
    BoundedError::from_wrapped(error)
}

/// Carries a [`BoundedError`] down into the wrapped layer's error type, without its position (the
/// layer adds its own).
fn lower<E: de::Error>(error: BoundedError) -> E {
    E::custom(error.message)
}

/// A deserializer whose `Deserialize` impls see [`BoundedError`]s.
///
/// For self-describing formats only (JSON, and serde's buffered content beneath it): the methods
/// for numbers, booleans, sequences, maps and structs read as `deserialize_any`.
pub struct Bounded<D>(pub D);

/// Forwards `deserialize_*` methods, wrapping the visitor.
macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BoundedError> {
            self.0.$method(Wrap(visitor)).map_err(carry)
        }
    )*};
}

/// Reads as `deserialize_any`, wrapping the visitor.
macro_rules! any {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BoundedError> {
            self.0.deserialize_any(Wrap(visitor)).map_err(carry)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Bounded<D> {
    type Error = BoundedError;

    forward! {
        deserialize_any deserialize_i128 deserialize_u128
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_identifier deserialize_ignored_any
    }

    // serde_json reports a value of the wrong type for these itself, quoting a string in full and a
    // number as it is (`peek_invalid_type`). Read as `deserialize_any`, the value goes to the wrapped visitor, which
    // refuses it with a `BoundedError`; what they accept, they accept the same way from
    // `deserialize_any` in a self-describing format (JSON, and serde's buffered content).
    any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64 deserialize_unit
        deserialize_seq deserialize_map deserialize_char deserialize_str deserialize_string
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, BoundedError> {
        self.0.deserialize_any(Wrap(visitor)).map_err(carry)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, BoundedError> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor)).map_err(carry)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, BoundedError> {
        self.0.deserialize_any(Wrap(visitor)).map_err(carry)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, BoundedError> {
        self.0.deserialize_any(Wrap(visitor)).map_err(carry)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BoundedError> {
        self.0.deserialize_any(Wrap(visitor)).map_err(carry)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BoundedError> {
        self.0.deserialize_enum(name, variants, Wrap(visitor)).map_err(carry)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor that hands the wrapped one [`BoundedError`]s.
struct Wrap<V>(V);

/// Forwards `visit_*` methods of one value.
macro_rules! visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method::<BoundedError>(v).map_err(lower)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64) visit_i128(i128)
        visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64) visit_u128(u128) visit_f32(f32)
        visit_f64(f64) visit_char(char) visit_str(&str) visit_borrowed_str(&'de str) visit_string(String)
        visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none::<BoundedError>().map_err(lower)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit::<BoundedError>().map_err(lower)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Bounded(deserializer)).map_err(lower)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Bounded(deserializer)).map_err(lower)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Wrap(seq)).map_err(lower)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Wrap(map)).map_err(lower)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Wrap(data)).map_err(lower)
    }
}

/// A seed whose value is read through [`Bounded`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Bounded(deserializer)).map_err(lower)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = BoundedError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, BoundedError> {
        self.0.next_element_seed(Seed(seed)).map_err(carry)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = BoundedError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, BoundedError> {
        self.0.next_key_seed(Seed(seed)).map_err(carry)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, BoundedError> {
        self.0.next_value_seed(Seed(seed)).map_err(carry)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<A> {
    type Error = BoundedError;
    type Variant = Wrap<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Wrap<A::Variant>), BoundedError> {
        self.0.variant_seed(Seed(seed)).map(|(value, variant)| (value, Wrap(variant))).map_err(carry)
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<A> {
    type Error = BoundedError;

    fn unit_variant(self) -> Result<(), BoundedError> {
        self.0.unit_variant().map_err(carry)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, BoundedError> {
        self.0.newtype_variant_seed(Seed(seed)).map_err(carry)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, BoundedError> {
        self.0.tuple_variant(len, Wrap(visitor)).map_err(carry)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BoundedError> {
        self.0.struct_variant(fields, Wrap(visitor)).map_err(carry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Point {
        x: u32,
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(tag = "type", rename_all = "camelCase")]
    #[allow(dead_code)]
    enum Shape {
        Dot { weight: u32 },
    }

    fn read<T: for<'de> Deserialize<'de>>(input: &str) -> Result<T, BoundedError> {
        let mut de = serde_json::Deserializer::from_str(input);
        let value = T::deserialize(Bounded(&mut de))?;
        de.end().map_err(carry)?;
        Ok(value)
    }

    #[test]
    fn accepted_input_reads_as_without_the_wrapper() {
        let p: Point = read(r#"{"x":1,"tags":["a","中"]}"#).unwrap();
        assert_eq!((p.x, p.tags), (1, vec!["a".to_string(), "中".to_string()]));
        assert!(matches!(read::<Shape>(r#"{"type":"dot","weight":3}"#).unwrap(), Shape::Dot { weight: 3 }));
        assert_eq!(read::<Option<u8>>("null").unwrap(), None);
        assert!(read::<u8>("1 2").is_err(), "trailing input is refused");
    }

    #[test]
    fn errors_name_the_kind_of_a_value_never_its_content() {
        let secret = "110105194912310021";
        let cases = [
            format!("\"{secret}\""),
            format!(r#"{{"x":"{secret}","tags":[]}}"#),
            format!(r#"{{"x":1,"tags":[{secret}]}}"#),
            format!(r#"{{"type":"dot","weight":"{secret}"}}"#),
        ];
        for input in &cases[..3] {
            let e = read::<Point>(input).unwrap_err();
            assert!(!e.message().contains(secret), "{e}");
            assert!(e.message().starts_with("invalid type: "), "{e}");
        }
        let e = read::<Shape>(&cases[3]).unwrap_err();
        assert_eq!(e.message(), "invalid type: string, expected u32");
    }

    #[test]
    fn long_identifiers_and_messages_are_cut() {
        let long = "中".repeat(1_000_000);
        let e = read::<Point>(&format!(r#"{{"{long}":1}}"#)).unwrap_err();
        assert!(e.message().starts_with(&format!("unknown field `{}…`, expected one of `x`, `tags`", "中".repeat(40))));
        let e = read::<Shape>(&format!(r#"{{"type":"{long}"}}"#)).unwrap_err();
        assert!(e.message().len() <= MAX_MESSAGE_BYTES + 3, "{}", e.message().len());
        let e = BoundedError::new(capped(format_args!("{long}")));
        assert_eq!(e.message().len(), 510 + 3, "cut at a character boundary, then …");
    }
}
