//! A serde `Serializer` that writes nothing: it walks a value, knows the struct field above each
//! text and list, and stops at the first one over its field's limit.

use super::{Checked, FieldLimit, LimitOf, MIN_LIMIT_CHARS, MIN_LIMIT_ENTRIES};
use serde::ser::{self, Serialize};
use std::fmt::{self, Display};

/// Why the walk stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Over {
    /// A text over this many characters.
    Chars(usize),
    /// A list or map over this many entries.
    Entries(usize),
}

/// A step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// The walk's only error: it stopped (at a field over its limit, or at a value that cannot be
/// serialized, which is no limit's business).
#[derive(Debug)]
pub(super) struct Stop;

impl Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stopped")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: Display>(_: T) -> Self {
        Stop
    }
}

pub(super) struct Walker {
    limit_of: LimitOf,
    checked: Checked,
    /// The struct field above the current value.
    field: &'static str,
    /// The path to the current value, when it is tracked (the second walk, after a refusal).
    path: Option<Vec<Segment>>,
    /// Where the walk stopped, if at a limit.
    pub(super) over: Option<Over>,
}

impl Walker {
    pub(super) fn new(limit_of: LimitOf, checked: Checked, path: Option<Vec<Segment>>) -> Walker {
        Walker { limit_of, checked, field: "", path, over: None }
    }

    fn limit(&self) -> FieldLimit {
        (self.limit_of)(self.field)
    }

    fn text(&mut self, value: &str) -> Result<(), Stop> {
        if value.len() <= MIN_LIMIT_CHARS {
            return Ok(());
        }
        let max = self.limit().chars;
        if super::exceeds_chars(value, max) {
            self.over = Some(Over::Chars(max));
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn entries(&mut self, len: usize) -> Result<(), Stop> {
        if len <= MIN_LIMIT_ENTRIES || self.checked == Checked::Texts {
            return Ok(());
        }
        let max = self.limit().entries;
        if len <= max {
            Ok(())
        } else {
            self.over = Some(Over::Entries(max));
            Err(Stop)
        }
    }

    fn push(&mut self, segment: Segment) {
        if let Some(path) = &mut self.path {
            path.push(segment);
        }
    }

    fn pop(&mut self) {
        if let Some(path) = &mut self.path {
            path.pop();
        }
    }

    /// The tracked path as `command.members[3]`.
    pub(super) fn path_text(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let mut out = String::new();
        for segment in path {
            match segment {
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        Some(out)
    }
}

/// A list, map or struct being walked.
pub(super) struct Compound<'a> {
    walker: &'a mut Walker,
    /// The field above the compound, restored when it ends.
    outer: &'static str,
    /// Entries seen (for lists and maps whose length serde did not know in advance).
    seen: usize,
    /// Whether the length was checked up front.
    known: bool,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.seen += 1;
        if !self.known {
            self.walker.entries(self.seen)?;
        }
        self.walker.push(Segment::Index(self.seen - 1));
        value.serialize(&mut *self.walker)?;
        self.walker.pop();
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Stop> {
        self.walker.field = name;
        self.walker.push(Segment::Field(name));
        value.serialize(&mut *self.walker)?;
        self.walker.pop();
        Ok(())
    }

    fn end(self) -> Result<(), Stop> {
        self.walker.field = self.outer;
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, _: bool) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_str(self, value: &str) -> Result<(), Stop> {
        self.text(value)
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<(), Stop> {
        self.entries(value.len())
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        let outer = self.field;
        let mut compound = Compound { walker: self, outer, seen: 0, known: true };
        compound.field(variant, value)?;
        compound.end()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Stop> {
        if let Some(len) = len {
            self.entries(len)?;
        }
        let outer = self.field;
        Ok(Compound { walker: self, outer, seen: 0, known: len.is_some() })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Stop> {
        self.serialize_seq(len)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Stop> {
        let outer = self.field;
        Ok(Compound { walker: self, outer, seen: 0, known: true })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Stop> {
        self.serialize_struct(name, len)
    }
}

/// The element-by-element traits, all alike: each element is walked in turn.
macro_rules! elements {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
                self.element(value)
            }
            fn end(self) -> Result<(), Stop> {
                Compound::end(self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        self.seen += 1;
        if !self.known {
            self.walker.entries(self.seen)?;
        }
        // A key is a text of the map's field; named in the path (cut: it may be long).
        key.serialize(&mut *self.walker)?;
        if self.walker.path.is_some() {
            let name = serde_json::to_string(key).unwrap_or_default();
            let name: String = name.trim_matches('"').chars().take(64).collect();
            self.walker.push(Segment::Key(name));
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        value.serialize(&mut *self.walker)?;
        self.walker.pop();
        Ok(())
    }
    fn end(self) -> Result<(), Stop> {
        Compound::end(self)
    }
}

/// The field-by-field traits, alike: each field names the limit of what it holds.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Stop> {
                self.field(name, value)
            }
            fn end(self) -> Result<(), Stop> {
                Compound::end(self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);
