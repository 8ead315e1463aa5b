//! A table of rows with a string id: rows in registration order, and an index from id to row.
//!
//! Households, persons and accepted commands number in the hundreds of thousands and are looked up
//! on every command. A `BTreeMap<String, _>` costs a dozen cache-missing string comparisons per
//! lookup and stores each id twice (key and row); here a lookup is one hash and one probe, and the
//! index holds only a row number. Iteration follows registration order, which is the same live, on
//! replay and after a restore (a snapshot keeps the rows in order), so every answer is deterministic.

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::hash::BuildHasher;

/// A row that has a string id.
pub trait Keyed {
    /// The row's id.
    fn key(&self) -> &str;
}

/// Rows in registration order with an index by id.
#[derive(Clone)]
pub struct Table<T> {
    rows: Vec<T>,
    index: HashTable<u32>,
}

/// A fixed seed: the index must not depend on anything but the ids (no randomness in the core).
const HASHER: FixedState = FixedState::with_seed(0x6772_6173_7372_6f6f);

#[inline]
fn hash(key: &str) -> u64 {
    HASHER.hash_one(key)
}

/// An id's hash, computed once for a lookup followed by an insert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyHash(u64);

impl KeyHash {
    /// The hash of `key`.
    #[inline]
    pub fn of(key: &str) -> KeyHash {
        KeyHash(hash(key))
    }
}

impl<T: Keyed> Table<T> {
    /// An empty table.
    pub fn new() -> Self {
        Table { rows: Vec::new(), index: HashTable::new() }
    }

    #[inline]
    fn find_hashed(&self, h: KeyHash, key: &str) -> Option<u32> {
        self.index.find(h.0, |&i| self.rows[i as usize].key() == key).copied()
    }

    #[inline]
    fn find(&self, key: &str) -> Option<u32> {
        self.find_hashed(KeyHash::of(key), key)
    }

    /// The position of the row with this id in registration order (stable: rows are never removed).
    pub fn position(&self, key: &str) -> Option<usize> {
        self.find(key).map(|i| i as usize)
    }

    /// The position and the row with this id, in one lookup.
    pub fn position_and_get(&self, key: &str) -> Option<(usize, &T)> {
        self.find(key).map(|i| (i as usize, &self.rows[i as usize]))
    }

    /// The row with this id.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.find(key).map(|i| &self.rows[i as usize])
    }

    /// The row with this id whose hash is `h` (`KeyHash::of(key)`).
    pub fn get_hashed(&self, h: KeyHash, key: &str) -> Option<&T> {
        self.find_hashed(h, key).map(|i| &self.rows[i as usize])
    }

    /// The row with this id, to change it (its id must not change).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.find(key).map(|i| &mut self.rows[i as usize])
    }

    /// Whether a row has this id.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// Adds a row, or replaces the row with the same id in its place.
    pub fn insert(&mut self, row: T) {
        let h = KeyHash::of(row.key());
        self.insert_hashed(h, row);
    }

    /// [`Table::insert`] of a row whose id hashes to `h` (`KeyHash::of(row.key())`).
    pub fn insert_hashed(&mut self, h: KeyHash, row: T) {
        debug_assert_eq!(h, KeyHash::of(row.key()));
        if self.index.len() == self.index.capacity() {
            self.rebuild((self.rows.len() + 1).max(self.index.capacity() * 2));
        }
        let rows = &self.rows;
        let key = row.key();
        // One probe finds the row or the slot for it (the index has room: it does not grow here).
        match self.index.entry(h.0, |&i| rows[i as usize].key() == key, |&j| hash(rows[j as usize].key())) {
            hashbrown::hash_table::Entry::Occupied(e) => {
                let i = *e.get() as usize;
                self.rows[i] = row;
            }
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(rows.len() as u32);
                self.rows.push(row);
            }
        }
    }

    /// Builds the index again with room for `capacity` rows. The rows are hashed in registration
    /// order, reading rows and ids front to back, where growing the index in place would re-hash
    /// them in the old index's order: a cache miss on a row and one on its id for every row. The
    /// index keeps only row numbers (no hashes), so that a row costs four bytes of index.
    fn rebuild(&mut self, capacity: usize) {
        let mut index = HashTable::with_capacity(capacity);
        let rows = &self.rows;
        for (i, row) in rows.iter().enumerate() {
            index.insert_unique(hash(row.key()), i as u32, |&j| hash(rows[j as usize].key()));
        }
        self.index = index;
    }

    /// The rows in registration order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.rows.iter()
    }

    /// The rows registered after the row with this id (all rows when it is unknown).
    pub fn after(&self, key: &str) -> &[T] {
        self.find(key).map_or(&self.rows[..], |i| &self.rows[i as usize + 1..])
    }

    /// The page of a paged query: the rows after `after` (the last id of the previous page), or all
    /// of them; an unknown `after` is `NOT_FOUND` for a `kind` at `query.after`.
    pub fn page_after(&self, after: Option<&str>, kind: &str) -> super::error::Result<&[T]> {
        match after {
            None => Ok(&self.rows[..]),
            Some(a) => match self.find(a) {
                Some(i) => Ok(&self.rows[i as usize + 1..]),
                None => Err(super::error::Error::not_found(kind, a, "query.after")),
            },
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Reserves room for `additional` more rows.
    pub fn reserve(&mut self, additional: usize) {
        self.rows.reserve(additional);
        if self.index.capacity() - self.index.len() < additional {
            self.rebuild(self.rows.len() + additional);
        }
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { rows: Vec::new(), index: HashTable::new() }
    }
}

impl<T: Keyed> std::ops::Index<&str> for Table<T> {
    type Output = T;
    fn index(&self, key: &str) -> &T {
        self.get(key).unwrap_or_else(|| panic!("no row with id `{key}`"))
    }
}

impl<T: PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.rows).finish()
    }
}

impl<T: Serialize> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(s)
    }
}

impl<'de, T: Keyed + Deserialize<'de>> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let rows = Vec::<T>::deserialize(d)?;
        let mut table = Table::new();
        table.reserve(rows.len());
        for row in rows {
            if table.contains_key(row.key()) {
                return Err(serde::de::Error::custom(format!("the id `{}` appears twice", row.key())));
            }
            table.insert(row);
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Row(String, u32);
    impl Keyed for Row {
        fn key(&self) -> &str {
            &self.0
        }
    }

    #[test]
    fn rows_keep_registration_order_and_are_found_by_id() {
        let mut t = Table::new();
        for (i, id) in ["b", "a", "c"].iter().enumerate() {
            t.insert(Row(id.to_string(), i as u32));
        }
        t.insert(Row("a".into(), 9));
        assert_eq!(t.iter().map(|r| r.0.as_str()).collect::<String>(), "bac");
        assert_eq!(t.get("a"), Some(&Row("a".into(), 9)));
        assert_eq!(t.after("a").len(), 1);
        assert!(t.get("z").is_none());
        let json = serde_json::to_string(&t).unwrap();
        let back: Table<Row> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.get("c").map(|r| r.1), Some(2));
        assert!(serde_json::from_str::<Table<Row>>(r#"[["a",1],["a",2]]"#).is_err());
    }

    #[test]
    fn rows_are_found_across_growth_and_reserve() {
        let mut t = Table::new();
        for i in 0..5000u32 {
            t.insert(Row(format!("r{i}"), i));
            if i == 1000 {
                t.reserve(3000);
            }
            if i % 7 == 0 {
                t.insert(Row(format!("r{}", i / 2), i));
            }
        }
        assert_eq!(t.len(), 5000);
        for i in 0..5000u32 {
            let row = t.get(&format!("r{i}")).unwrap();
            assert_eq!(t.position(&row.0), Some(i as usize));
        }
        let h = KeyHash::of("r42");
        assert_eq!(t.get_hashed(h, "r42"), t.get("r42"));
        t.insert_hashed(KeyHash::of("new"), Row("new".into(), 0));
        assert_eq!(t.position_and_get("new").map(|(i, r)| (i, r.1)), Some((5000, 0)));
        assert!(t.get("r5000").is_none());
    }
}
