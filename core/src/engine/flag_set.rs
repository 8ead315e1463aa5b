//! A small set of enum flags (helper roles, key-person tags) stored in one `u16`.
//!
//! Households and persons number in the hundreds of thousands; a `Vec` of tags per person would cost
//! 24 bytes plus a heap block where two bytes do. On the wire a set is a plain JSON array of names.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::marker::PhantomData;

/// An enum whose variants can live in a [`FlagSet`].
pub trait Flag: Copy + Eq + 'static {
    /// Every variant, in declaration order (at most 16).
    const ALL: &'static [Self];
    /// The position of this variant in [`Flag::ALL`].
    fn index(self) -> u8;
}

/// A set of flags of one kind, iterated in declaration order.
pub struct FlagSet<T: Flag> {
    bits: u16,
    kind: PhantomData<T>,
}

impl<T: Flag> FlagSet<T> {
    /// The empty set.
    pub const fn new() -> Self {
        FlagSet { bits: 0, kind: PhantomData }
    }
    /// Whether `flag` is in the set.
    pub fn contains(&self, flag: T) -> bool {
        self.bits & (1 << flag.index()) != 0
    }
    /// Adds `flag`; returns whether it was absent.
    pub fn insert(&mut self, flag: T) -> bool {
        let absent = !self.contains(flag);
        self.bits |= 1 << flag.index();
        absent
    }
    /// Removes `flag`; returns whether it was present.
    pub fn remove(&mut self, flag: T) -> bool {
        let present = self.contains(flag);
        self.bits &= !(1 << flag.index());
        present
    }
    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }
    /// The flags in the set, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        T::ALL.iter().copied().filter(move |f| self.contains(*f))
    }
}

impl<T: Flag> FromIterator<T> for FlagSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = FlagSet::new();
        for f in iter {
            set.insert(f);
        }
        set
    }
}

impl<T: Flag> Clone for FlagSet<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Flag> Copy for FlagSet<T> {}
impl<T: Flag> Default for FlagSet<T> {
    fn default() -> Self {
        FlagSet::new()
    }
}
impl<T: Flag> PartialEq for FlagSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<T: Flag> Eq for FlagSet<T> {}
impl<T: Flag + std::fmt::Debug> std::fmt::Debug for FlagSet<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Flag + Serialize> Serialize for FlagSet<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Flag + Deserialize<'de>> Deserialize<'de> for FlagSet<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<T>::deserialize(d)?.into_iter().collect())
    }
}

impl<T: Flag + schemars::JsonSchema> schemars::JsonSchema for FlagSet<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("SetOf{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let items = generator.subschema_for::<T>();
        schemars::json_schema!({ "type": "array", "items": items, "uniqueItems": true })
    }
}
