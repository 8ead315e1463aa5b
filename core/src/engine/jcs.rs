//! The JSON Canonicalization Scheme (RFC 8785) for any `Serialize` value: the form records of schema
//! version 2 are hashed in, so that anyone can rebuild a record's hash from its JSON alone, in any
//! language, whatever order a store gave its keys (`scripts/verify-log.py` does it with Python's
//! standard library).
//!
//! The rules, and how this writer meets them:
//! - no whitespace;
//! - object members sorted by their names as UTF-16 code units: a struct's fields are written in
//!   declaration order, and an object whose names arrived out of order is rearranged in place when
//!   it closes (most structs need it, as a tagged enum's `type` comes first);
//! - strings escaped as ECMAScript's `JSON.stringify` does (`\"`, `\\`, `\b \f \n \r \t`, other
//!   control characters as `\u00xx`, everything else as is): exactly `serde_json`'s escapes, so the
//!   engine's string writer serves both;
//! - numbers as ECMAScript's `Number.prototype.toString` ([`write_f64`]). Integers are written
//!   exactly: every integer the library records is within ±2^53, where that is the same text.

use super::canonical::write_str;
use serde::ser::{self, Serialize};
use std::cmp::Ordering;

/// Appends the RFC 8785 canonical JSON of `value` to `out`.
pub fn write_jcs<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    write_jcs_with(out, &mut Scratch::default(), value);
}

/// The writer's working space, kept between calls on a hot path so that writing allocates nothing.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Whether members and numbers are written as `serde_json` writes them (declaration order,
    /// its float text: the form records of schema version 1 were hashed in) instead of canonically.
    declared: bool,
    /// The members of the objects open, innermost last.
    entries: Vec<Entry>,
    /// An object's members while they are put in order.
    members: Vec<u8>,
}

/// [`write_jcs`] with working space kept by the caller.
pub fn write_jcs_with<T: Serialize + ?Sized>(out: &mut Vec<u8>, scratch: &mut Scratch, value: &T) {
    scratch.declared = false;
    // Writing plain data into a Vec cannot fail (a map key that is neither a string nor a number
    // fails as serde_json fails it: no recorded type has one).
    let _ = value.serialize(Jcs { out, scratch });
}

/// Appends exactly what `serde_json::to_writer` writes for `value` (compact, members in
/// declaration order): the form of records and commands of schema version 1. The same serializer
/// writes both forms, so that a program (the WebAssembly package) carries one copy of the large
/// enums' serialization code, not two.
pub fn write_declared<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let mut scratch = Scratch { declared: true, ..Scratch::default() };
    let _ = value.serialize(Jcs { out, scratch: &mut scratch });
}

/// Appends a finite `f64` as ECMAScript's `Number.prototype.toString` writes it (RFC 8785 §3.2.2.3):
/// the shortest digits that read back to the same number, in plain notation from 1e-6 up to 1e21
/// and in exponent notation (`1e+21`, `1.5e-7`) outside; `-0` as `0`. A non-finite number (which
/// no recorded value holds) is written as `null`, as `serde_json` does.
pub fn write_f64(out: &mut Vec<u8>, value: f64) {
    if !value.is_finite() {
        out.extend_from_slice(b"null");
        return;
    }
    if value == 0.0 {
        out.push(b'0');
        return;
    }
    // zmij's (serde_json's formatter) shortest round-trip digits are the digits ECMAScript chooses.
    // In its plain notation (a range inside ECMAScript's 1e-6 to 1e21) the texts differ only by its
    // `.0` on integers: the common case (coordinates, scores) needs no re-layout.
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(value).as_bytes();
    if !text.contains(&b'e') {
        out.extend_from_slice(text.strip_suffix(b".0").unwrap_or(text));
        return;
    }
    relayout(out, text);
}

/// Writes a number as `serde_json` does: zmij's text, `null` when not finite.
fn write_float_as_serde_json(out: &mut Vec<u8>, finite: bool, format: impl FnOnce(&mut zmij::Buffer) -> &str) {
    if finite {
        out.extend_from_slice(format(&mut zmij::Buffer::new()).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Lays out zmij's text of a finite, non-zero number (any notation) as ECMAScript does.
fn relayout(out: &mut Vec<u8>, text: &[u8]) {
    let text = text.strip_prefix(b"-").map_or(text, |unsigned| {
        out.push(b'-');
        unsigned
    });
    let (mantissa, exponent) = match text.iter().position(|&b| b == b'e') {
        Some(e) => (&text[..e], parse_exponent(&text[e + 1..])),
        None => (text, 0),
    };
    // digits d1..dk with the decimal point after position `point` (value = 0.d1..dk × 10^point).
    let mut digits = [0u8; 24];
    let mut k = 0;
    let mut point = exponent;
    let mut seen_point = false;
    for &b in mantissa {
        match b {
            b'.' => seen_point = true,
            b'0' if k == 0 => {
                // leading zeros (0.00ddd) shift the point left
                if seen_point {
                    point -= 1;
                }
            }
            _ => {
                digits[k] = b;
                k += 1;
                if !seen_point {
                    point += 1;
                }
            }
        }
    }
    while k > 1 && digits[k - 1] == b'0' {
        k -= 1;
    }
    let digits = &digits[..k];
    let k = k as i32;
    let n = point;
    if k <= n && n <= 21 {
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat_n(b'0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.extend_from_slice(&digits[..n as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-n) as usize));
        out.extend_from_slice(digits);
    } else {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        let e = n - 1;
        out.push(if e < 0 { b'-' } else { b'+' });
        out.extend_from_slice(itoa::Buffer::new().format(e.unsigned_abs()).as_bytes());
    }
}

fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.iter().fold(0i32, |n, &d| n * 10 + i32::from(d - b'0'));
    if negative { -magnitude } else { magnitude }
}

/// Compares member names as RFC 8785 orders them: by UTF-16 code units (which differs from the
/// UTF-8 byte order only between characters above U+FFFF and those from U+E000 to U+FFFF).
pub fn compare_names(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() { a.as_bytes().cmp(b.as_bytes()) } else { a.encode_utf16().cmp(b.encode_utf16()) }
}

/// An error the writer never produces for recorded types (serde requires the type).
#[derive(Debug)]
pub struct JcsError(String);

impl std::fmt::Display for JcsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JcsError {}

impl ser::Error for JcsError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        JcsError(msg.to_string())
    }
}

/// One member of an object being written: its name and where `"name":value` lies in the output.
#[derive(Debug, Clone, Copy)]
struct Entry {
    name: Name,
    start: usize,
    end: usize,
}

/// A member's name: a struct field's, or a map key written into the output (its escaped bytes,
/// without quotes, at `start..end`).
#[derive(Debug, Clone, Copy)]
enum Name {
    Field(&'static str),
    Written { start: usize, end: usize, plain: bool },
}

/// The serializer: the output and a stack of the members of the objects open in it.
struct Jcs<'a> {
    out: &'a mut Vec<u8>,
    scratch: &'a mut Scratch,
}

/// The text of a member's name (escaped map keys read back: rare, map keys are ids).
fn name_text(out: &[u8], name: Name) -> std::borrow::Cow<'_, str> {
    match name {
        Name::Field(s) => s.into(),
        Name::Written { start, end, .. } => {
            let raw = &out[start..end];
            if raw.contains(&b'\\') {
                let mut quoted = Vec::with_capacity(raw.len() + 2);
                quoted.push(b'"');
                quoted.extend_from_slice(raw);
                quoted.push(b'"');
                serde_json::from_slice::<String>(&quoted).unwrap_or_default().into()
            } else {
                String::from_utf8_lossy(raw)
            }
        }
    }
}

/// The canonical order of two member names: struct fields (ASCII identifiers, the usual case)
/// compared as bytes directly, anything else through [`compare_names`].
#[inline(always)]
fn order(out: &[u8], a: Name, b: Name) -> Ordering {
    if let (Name::Written { start: a0, end: a1, plain: true }, Name::Written { start: b0, end: b1, plain: true }) =
        (a, b)
    {
        return out[a0..a1].cmp(&out[b0..b1]);
    }
    if let (Name::Field(a), Name::Field(b)) = (a, b) {
        // Names whose first bytes are different ASCII characters are in that order in UTF-16 too
        // (the usual case: decided without reading further).
        if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first())
            && x != y
            && x.is_ascii()
            && y.is_ascii()
        {
            return x.cmp(&y);
        }
        if a.is_ascii() && b.is_ascii() {
            return a.as_bytes().cmp(b.as_bytes());
        }
    }
    compare_names(&name_text(out, a), &name_text(out, b))
}

impl<'a> Jcs<'a> {
    fn reborrow(&mut self) -> Jcs<'_> {
        Jcs { out: self.out, scratch: self.scratch }
    }

    fn object(self, variant: Option<&'static str>) -> Object<'a> {
        if let Some(variant) = variant {
            self.out.push(b'{');
            write_str(self.out, variant);
            self.out.push(b':');
        }
        let start = self.out.len();
        self.out.push(b'{');
        let first = self.scratch.entries.len();
        Object { jcs: self, start, first, sorted: true, variant: variant.is_some(), pending_key: None }
    }

    fn array(self, variant: Option<&'static str>) -> Array<'a> {
        if let Some(variant) = variant {
            self.out.push(b'{');
            write_str(self.out, variant);
            self.out.push(b':');
        }
        self.out.push(b'[');
        Array { jcs: self, first: true, variant: variant.is_some() }
    }
}

/// An object being written.
struct Object<'a> {
    jcs: Jcs<'a>,
    /// Where its `{` is.
    start: usize,
    /// Its first entry in the stack.
    first: usize,
    /// Whether its names so far arrived in canonical order.
    sorted: bool,
    /// Whether it is the value of `{"variant": …}`, to be closed too.
    variant: bool,
    /// A map key written, awaiting its value: where its entry starts, and its name.
    pending_key: Option<(usize, Name)>,
}

impl Object<'_> {
    fn begin_member(&mut self) -> usize {
        if self.jcs.scratch.entries.len() > self.first {
            self.jcs.out.push(b',');
        }
        self.jcs.out.len()
    }

    fn end_member(&mut self, name: Name, start: usize) {
        let declared = self.jcs.scratch.declared;
        let entries = &mut self.jcs.scratch.entries;
        if self.sorted
            && !declared
            && entries.len() > self.first
            && let Some(last) = entries.last()
            && order(self.jcs.out, last.name, name) != Ordering::Less
        {
            self.sorted = false;
        }
        let end = self.jcs.out.len();
        entries.push(Entry { name, start, end });
    }

    fn finish(self) {
        let Object { jcs, start, first, sorted, variant, .. } = self;
        let Scratch { entries, members, .. } = &mut *jcs.scratch;
        if !sorted {
            let out = &mut *jcs.out;
            let open = &mut entries[first..];
            // Insertion sort: objects have a handful of members, mostly in order already.
            for i in 1..open.len() {
                let mut j = i;
                while j > 0 && order(out, open[j - 1].name, open[j].name) == Ordering::Greater {
                    open.swap(j - 1, j);
                    j -= 1;
                }
            }
            // The members as written, then back in order.
            members.clear();
            members.extend_from_slice(&out[start + 1..]);
            out.truncate(start + 1);
            for (i, member) in open.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&members[member.start - start - 1..member.end - start - 1]);
            }
        }
        entries.truncate(first);
        jcs.out.push(b'}');
        if variant {
            jcs.out.push(b'}');
        }
    }
}

/// An array being written.
struct Array<'a> {
    jcs: Jcs<'a>,
    first: bool,
    variant: bool,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JcsError> {
        if !self.first {
            self.jcs.out.push(b',');
        }
        self.first = false;
        value.serialize(self.jcs.reborrow())
    }

    fn finish(self) {
        self.jcs.out.push(b']');
        if self.variant {
            self.jcs.out.push(b'}');
        }
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<(), JcsError> {
            self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for Jcs<'a> {
    type Ok = ();
    type Error = JcsError;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), JcsError> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, v: f32) -> Result<(), JcsError> {
        if self.scratch.declared {
            write_float_as_serde_json(self.out, v.is_finite(), |b| b.format_finite(v));
        } else {
            write_f64(self.out, f64::from(v));
        }
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), JcsError> {
        if self.scratch.declared {
            write_float_as_serde_json(self.out, v.is_finite(), |b| b.format_finite(v));
        } else {
            write_f64(self.out, v);
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), JcsError> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), JcsError> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), JcsError> {
        use ser::SerializeSeq;
        let mut array = self.array(None);
        for b in v {
            array.serialize_element(b)?;
        }
        array.finish();
        Ok(())
    }

    fn serialize_none(self) -> Result<(), JcsError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), JcsError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), JcsError> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), JcsError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), JcsError> {
        write_str(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), JcsError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JcsError> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        let out = &mut *self.out;
        value.serialize(Jcs { out, scratch: self.scratch })?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, JcsError> {
        Ok(self.array(None))
    }

    fn serialize_tuple(self, _: usize) -> Result<Array<'a>, JcsError> {
        Ok(self.array(None))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Array<'a>, JcsError> {
        Ok(self.array(None))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Array<'a>, JcsError> {
        Ok(self.array(Some(variant)))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, JcsError> {
        Ok(self.object(None))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>, JcsError> {
        Ok(self.object(None))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Object<'a>, JcsError> {
        Ok(self.object(Some(variant)))
    }
}

/// The four array-like serde traits: each element through [`Array::element`].
macro_rules! array_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Array<'_> {
            type Ok = ();
            type Error = JcsError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JcsError> {
                self.element(value)
            }
            fn end(self) -> Result<(), JcsError> {
                self.finish();
                Ok(())
            }
        }
    )*};
}

array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = JcsError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JcsError> {
        let start = self.begin_member();
        key.serialize(KeyWriter { out: self.jcs.out })?;
        // The key was written as a JSON string: its name is the bytes between the quotes.
        let (start_of_name, end) = (start + 1, self.jcs.out.len() - 1);
        // Plain: ASCII without escapes, so its bytes are its name and order as its UTF-16 does.
        let plain = self.jcs.out[start_of_name..end].iter().all(|&b| b.is_ascii() && b != b'\\');
        let name = Name::Written { start: start_of_name, end, plain };
        self.jcs.out.push(b':');
        self.pending_key = Some((start, name));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JcsError> {
        let Some((start, name)) = self.pending_key.take() else {
            return Err(ser::Error::custom("a map value without its key"));
        };
        value.serialize(self.jcs.reborrow())?;
        self.end_member(name, start);
        Ok(())
    }
    fn end(self) -> Result<(), JcsError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = JcsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), JcsError> {
        let start = self.begin_member();
        write_str(self.jcs.out, key);
        self.jcs.out.push(b':');
        value.serialize(self.jcs.reborrow())?;
        self.end_member(Name::Field(key), start);
        Ok(())
    }
    fn end(self) -> Result<(), JcsError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Object<'_> {
    type Ok = ();
    type Error = JcsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), JcsError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), JcsError> {
        self.finish();
        Ok(())
    }
}

/// Writes a map key: a string as is, a number or bool as its text in quotes (as `serde_json` does).
struct KeyWriter<'a> {
    out: &'a mut Vec<u8>,
}

macro_rules! quoted_keys {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<(), JcsError> {
            self.out.push(b'"');
            self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            self.out.push(b'"');
            Ok(())
        }
    )*};
}

fn key_must_be_a_string() -> JcsError {
    ser::Error::custom("a map key must be a string")
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = JcsError;
    type SerializeSeq = ser::Impossible<(), JcsError>;
    type SerializeTuple = ser::Impossible<(), JcsError>;
    type SerializeTupleStruct = ser::Impossible<(), JcsError>;
    type SerializeTupleVariant = ser::Impossible<(), JcsError>;
    type SerializeMap = ser::Impossible<(), JcsError>;
    type SerializeStruct = ser::Impossible<(), JcsError>;
    type SerializeStructVariant = ser::Impossible<(), JcsError>;

    fn serialize_str(self, v: &str) -> Result<(), JcsError> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), JcsError> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_bool(self, v: bool) -> Result<(), JcsError> {
        self.out.extend_from_slice(if v { b"\"true\"" } else { b"\"false\"" });
        Ok(())
    }
    quoted_keys!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);
    fn serialize_f32(self, _: f32) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _: f64) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), JcsError> {
        write_str(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), JcsError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, JcsError> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, JcsError> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
#[path = "jcs_tests.rs"]
mod tests;
