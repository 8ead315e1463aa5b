//! The records a campaign holds in memory until the host has persisted them.
//!
//! Records are kept in fixed-size chunks: appending never moves the records already held (a single
//! `Vec` would copy the whole log each time it doubles, which was a third of a command's cost at a
//! million records), and the host can release the chunks it has persisted.

use super::record::Record;

/// Records per chunk.
const CHUNK: usize = 4096;

/// The records held in memory, from seq `first_seq` on.
#[derive(Debug, Clone)]
pub(crate) struct Log<E> {
    chunks: Vec<Vec<Record<E>>>,
    /// The seq of the first record held (or of the next record when none is held).
    first_seq: u64,
    len: usize,
}

impl<E> Default for Log<E> {
    fn default() -> Log<E> {
        Log::starting_at(1)
    }
}

impl<E> Log<E> {
    /// An empty log whose next record will be `next_seq`.
    pub(crate) fn starting_at(next_seq: u64) -> Log<E> {
        Log { chunks: Vec::new(), first_seq: next_seq, len: 0 }
    }

    pub(crate) fn push(&mut self, record: Record<E>) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(record),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(record);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    /// The records with a seq greater than `seq`.
    pub(crate) fn since(&self, seq: u64) -> Records<'_, E> {
        let skip = seq.saturating_sub(self.first_seq - 1).min(self.len as u64) as usize;
        Records { log: self, next: skip, end: self.len }
    }

    /// Forgets the records up to and including `seq`, a whole chunk at a time.
    pub(crate) fn release_through(&mut self, seq: u64) {
        while let Some(first) = self.chunks.first() {
            let last_seq = self.first_seq + first.len() as u64 - 1;
            if first.len() < CHUNK || last_seq > seq {
                break;
            }
            self.first_seq += first.len() as u64;
            self.len -= first.len();
            self.chunks.remove(0);
        }
    }

    fn get(&self, i: usize) -> &Record<E> {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

/// The records a campaign holds after some seq, in order: an iterator that also knows its length.
pub struct Records<'a, E> {
    log: &'a Log<E>,
    next: usize,
    end: usize,
}

// Derived `Clone` would ask `E: Clone`; the iterator copies only a reference and two positions.
impl<E> Clone for Records<'_, E> {
    fn clone(&self) -> Self {
        Records { log: self.log, next: self.next, end: self.end }
    }
}

impl<'a, E> Records<'a, E> {
    /// The first of them.
    pub fn first(&self) -> Option<&'a Record<E>> {
        (self.next < self.end).then(|| self.log.get(self.next))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.next >= self.end
    }

    /// Copies them out (e.g. to hand them to [`crate::Campaign::replay`]).
    pub fn to_vec(&self) -> Vec<Record<E>>
    where
        E: Clone,
    {
        self.clone().cloned().collect()
    }
}

impl<'a, E> Iterator for Records<'a, E> {
    type Item = &'a Record<E>;

    fn next(&mut self) -> Option<&'a Record<E>> {
        let record = self.first()?;
        self.next += 1;
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.end - self.next, Some(self.end - self.next))
    }

    fn nth(&mut self, n: usize) -> Option<&'a Record<E>> {
        self.next = self.next.saturating_add(n).min(self.end);
        self.next()
    }
}

impl<E> ExactSizeIterator for Records<'_, E> {}

impl<E: std::fmt::Debug> std::fmt::Debug for Records<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<E: serde::Serialize> serde::Serialize for Records<'_, E> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::access::{Actor, Role};
    use crate::engine::division_code::DivisionCode;
    use crate::engine::record::Digest;

    /// A log of `n` records whose events are their own seq: the log knows no domain.
    fn log_of(n: u64) -> Log<u64> {
        let actor = Actor {
            id: "office".into(),
            role: Role::Administrator,
            scope: DivisionCode::parse("430104017000", "scope").unwrap(),
        };
        let mut log = Log::default();
        for seq in 1..=n {
            log.push(Record {
                schema_version: 1,
                seq,
                command_id: format!("c-{seq}"),
                command_digest: Digest::ZERO,
                at: "2022-04-13T09:00:00+08:00".parse().unwrap(),
                actor: actor.clone(),
                event: seq,
                prev_hash: Digest::ZERO,
                hash: Digest::ZERO,
            });
        }
        log
    }

    #[test]
    fn records_span_chunks_and_released_chunks_are_forgotten() {
        let head = 2 * CHUNK as u64 + 100;
        let mut log = log_of(head);
        let all: Vec<u64> = log.since(0).map(|r| r.event).collect();
        assert_eq!(all, (1..=head).collect::<Vec<_>>());
        assert_eq!(log.since(CHUNK as u64 + 5).first().map(|r| r.seq), Some(CHUNK as u64 + 6));
        assert_eq!(log.since(head - 3).len(), 3);
        assert_eq!(log.since(head).len(), 0);
        log.release_through(CHUNK as u64 + 10);
        assert_eq!(log.since(0).first().map(|r| r.seq), Some(CHUNK as u64 + 1));
        assert_eq!(log.since(head - 3).len(), 3);
        assert_eq!(log.since(0).len() as u64, head - CHUNK as u64);
        assert_eq!(log.since(5).nth(2).map(|r| r.seq), Some(CHUNK as u64 + 3));
    }
}
