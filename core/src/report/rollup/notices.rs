//! The supervision's public notices (通报), added up.

use super::{add, merge_counts};
use crate::oversight::{IssuedNotice, NoticeKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The public notices over any number of sub-districts, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoticeSummary {
    /// Notices issued.
    pub notices: u64,
    /// By kind (kinds without notices left out).
    pub by_kind: BTreeMap<NoticeKind, u64>,
    /// Organizations named, summed over the notices (one named twice counts twice).
    pub organizations_named: u64,
}

impl NoticeSummary {
    /// The summary of issued notices (the pages of a `notices` answer).
    pub fn from_lines(lines: &[IssuedNotice]) -> NoticeSummary {
        let mut s = NoticeSummary::default();
        for n in lines {
            add(&mut s.notices, 1);
            add(s.by_kind.entry(n.notice.kind).or_default(), 1);
            add(&mut s.organizations_named, n.notice.organizations.len() as u64);
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &NoticeSummary) {
        add(&mut self.notices, other.notices);
        merge_counts(&mut self.by_kind, &other.by_kind);
        add(&mut self.organizations_named, other.organizations_named);
    }

    /// The notices of one kind.
    pub fn of_kind(&self, kind: NoticeKind) -> u64 {
        self.by_kind.get(&kind).copied().unwrap_or(0)
    }
}
