//! The canonical JSON of a visit, written by hand: a visit's answers are most of the bytes of both
//! its command and its event, and the event carries the command's fields unchanged but for its
//! `household`, `id` and `unit` (`visit::decide` moves them, trimming only texts that need it). The
//! command's digest (RFC 8785 form) keeps their JSON in the engine's [`Carry`], and the event's
//! record copies it instead of serializing the visit a second time. Version 1's form (declaration
//! order) is written whole, for old records and retries. The proptests of
//! `switchboard/canonical_tests.rs` hold every form byte-equal to the generic writers'.

use super::questionnaire::Answers;
use super::{QuestionnaireRef, RecordVisit, Visit, VisitRecorded, VisitReport};
use crate::engine::canonical::{Canonical, Carry, write_at, write_json, write_map, write_str};
use crate::engine::jcs::{Scratch, write_declared, write_jcs_with};
use chrono::{DateTime, FixedOffset};

impl Canonical for RecordVisit {
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        let fields = VisitJson::of_report(&self.visit);
        out.extend_from_slice(b"{\"type\":\"recordVisit\",\"visit\":");
        fields.write_head(out);
        fields.write_tail(out);
        // Version 1's form serves only the digests of retries and old records: nothing is kept.
        carry.kept = false;
        out.extend_from_slice(b"}}");
    }

    fn write_jcs(&self, out: &mut Vec<u8>, carry: &mut Carry, scratch: &mut Scratch) {
        let fields = VisitJson::of_report(&self.visit);
        // The members the event shares, kept: those before `household`, those from `outcome` to
        // `questionnaire`, and `visitedAt` and `visitors` (the event adds `unit` between the last two
        // runs, and writes its own `household` and `id`, which `decide` may trim).
        let tail = &mut carry.tail;
        tail.clear();
        fields.write_jcs_before_household(tail, scratch);
        let before = tail.len();
        fields.write_jcs_outcome_to_questionnaire(tail);
        let middle = tail.len();
        fields.write_jcs_visited(tail, scratch);
        carry.split = [before, middle];
        carry.kept = fields.tail_is_kept();
        out.extend_from_slice(b"{\"type\":\"recordVisit\",\"visit\":{");
        out.extend_from_slice(&tail[..before]);
        fields.write_jcs_household_and_id(out, before > 0);
        out.extend_from_slice(&tail[before..]);
        out.extend_from_slice(b"}}");
    }
}

impl Canonical for VisitRecorded {
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        let fields = VisitJson::of_visit(&self.visit);
        out.extend_from_slice(b"{\"type\":\"visitRecorded\",\"visit\":");
        fields.write_head(out);
        fields.write_tail(out);
        carry.kept = false;
        out.extend_from_slice(b"}}");
    }

    fn write_jcs(&self, out: &mut Vec<u8>, carry: &mut Carry, scratch: &mut Scratch) {
        let fields = VisitJson::of_visit(&self.visit);
        out.extend_from_slice(b"{\"type\":\"visitRecorded\",\"visit\":{");
        let start = out.len();
        if carry.kept {
            let [before, middle] = carry.split;
            out.extend_from_slice(&carry.tail[..before]);
            fields.write_jcs_household_and_id(out, before > 0);
            out.extend_from_slice(&carry.tail[before..middle]);
            fields.write_jcs_unit(out);
            out.extend_from_slice(&carry.tail[middle..]);
        } else {
            fields.write_jcs_before_household(out, scratch);
            let any = out.len() > start;
            fields.write_jcs_household_and_id(out, any);
            fields.write_jcs_outcome_to_questionnaire(out);
            fields.write_jcs_unit(out);
            fields.write_jcs_visited(out, scratch);
        }
        debug_assert!(
            {
                let mut fresh = Vec::new();
                crate::engine::jcs::write_jcs(&mut fresh, &*self.visit);
                fresh[1..fresh.len() - 1] == out[start..]
            },
            "a visit's event carries its command's fields unchanged but for `household`, `id` and `unit`"
        );
        carry.kept = false;
        out.extend_from_slice(b"}}");
    }
}

/// Writes `,"questionnaire":{"id":…,"version":…}` (its members in canonical order in both forms).
fn write_questionnaire(out: &mut Vec<u8>, QuestionnaireRef { id, version }: &QuestionnaireRef) {
    out.extend_from_slice(b",\"questionnaire\":{\"id\":");
    write_str(out, id);
    out.extend_from_slice(b",\"version\":");
    out.extend_from_slice(itoa::Buffer::new().format(*version).as_bytes());
    out.push(b'}');
}

/// Writes a visit's answers as serde writes the map (keys in their sorted order).
fn write_answers(out: &mut Vec<u8>, answers: &Answers) {
    write_map(out, answers.iter());
}

/// The fields a visit report and a recorded visit share, in their declaration order; the recorded
/// visit adds `unit` after `household`. Both are built by exhaustive destructuring, so a field added
/// to either type does not compile until it is written here too.
struct VisitJson<'a> {
    id: &'a str,
    household: &'a str,
    unit: Option<crate::engine::division_code::DivisionCode>,
    visitors: &'a [super::Visitor],
    visited_at: &'a DateTime<FixedOffset>,
    outcome: super::VisitOutcome,
    duplicate_of: Option<&'a str>,
    findings: &'a [super::Finding],
    demands: &'a [String],
    questionnaire: Option<&'a QuestionnaireRef>,
    answers: Option<&'a Answers>,
}

impl<'a> VisitJson<'a> {
    fn of_report(report: &'a VisitReport) -> VisitJson<'a> {
        let VisitReport {
            id,
            household,
            visitors,
            visited_at,
            outcome,
            duplicate_of,
            findings,
            demands,
            questionnaire,
            answers,
        } = report;
        VisitJson {
            id,
            household,
            unit: None,
            visitors,
            visited_at,
            outcome: *outcome,
            duplicate_of: duplicate_of.as_deref(),
            findings,
            demands,
            questionnaire: questionnaire.as_ref(),
            answers: answers.as_ref(),
        }
    }

    fn of_visit(visit: &'a Visit) -> VisitJson<'a> {
        let Visit {
            id,
            household,
            unit,
            visitors,
            visited_at,
            outcome,
            duplicate_of,
            findings,
            demands,
            questionnaire,
            answers,
        } = visit;
        VisitJson {
            id,
            household,
            unit: Some(*unit),
            visitors,
            visited_at,
            outcome: *outcome,
            duplicate_of: duplicate_of.as_deref(),
            findings,
            demands,
            questionnaire: questionnaire.as_ref(),
            answers: answers.as_ref(),
        }
    }

    /// Writes `{"id":…,"household":…` and, for a recorded visit, `,"unit":…` (the object is left
    /// open for [`VisitJson::write_tail`]).
    fn write_head(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        write_str(out, self.id);
        out.extend_from_slice(b",\"household\":");
        write_str(out, self.household);
        if let Some(unit) = self.unit {
            out.extend_from_slice(b",\"unit\":");
            write_json(out, &unit);
        }
    }

    /// Whether a recorded visit made from this report has the report's tail: its texts need no
    /// trimming.
    fn tail_is_kept(&self) -> bool {
        let trimmed = |s: &str| s.trim().len() == s.len();
        self.findings.iter().all(|f| trimmed(&f.description)) && self.demands.iter().all(|d| trimmed(d))
    }

    /// Writes `,"visitors":…` to the last field (the object is left open).
    fn write_tail(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b",\"visitors\":");
        write_declared(out, self.visitors);
        out.extend_from_slice(b",\"visitedAt\":");
        write_at(out, self.visited_at);
        out.extend_from_slice(b",\"outcome\":");
        write_json(out, &self.outcome);
        if let Some(other) = self.duplicate_of {
            out.extend_from_slice(b",\"duplicateOf\":");
            write_str(out, other);
        }
        if !self.findings.is_empty() {
            out.extend_from_slice(b",\"findings\":");
            write_declared(out, self.findings);
        }
        if !self.demands.is_empty() {
            out.extend_from_slice(b",\"demands\":");
            write_declared(out, self.demands);
        }
        if let Some(questionnaire) = self.questionnaire {
            write_questionnaire(out, questionnaire);
        }
        if let Some(answers) = self.answers {
            out.extend_from_slice(b",\"answers\":");
            write_answers(out, answers);
        }
    }

    /// RFC 8785 order, the members before `household` (`answers`, `demands`, `duplicateOf`,
    /// `findings`, those present), comma-separated, with no comma before the first.
    fn write_jcs_before_household(&self, out: &mut Vec<u8>, scratch: &mut Scratch) {
        let start = out.len();
        let comma = |out: &mut Vec<u8>| {
            if out.len() > start {
                out.push(b',');
            }
        };
        if let Some(answers) = self.answers {
            comma(out);
            out.extend_from_slice(b"\"answers\":");
            write_jcs_with(out, scratch, answers);
        }
        if !self.demands.is_empty() {
            comma(out);
            out.extend_from_slice(b"\"demands\":");
            write_jcs_with(out, scratch, self.demands);
        }
        if let Some(other) = self.duplicate_of {
            comma(out);
            out.extend_from_slice(b"\"duplicateOf\":");
            write_str(out, other);
        }
        if !self.findings.is_empty() {
            comma(out);
            out.extend_from_slice(b"\"findings\":");
            write_jcs_with(out, scratch, self.findings);
        }
    }

    /// `"household":…,"id":…`, after a comma when members come before them.
    fn write_jcs_household_and_id(&self, out: &mut Vec<u8>, after_others: bool) {
        if after_others {
            out.push(b',');
        }
        out.extend_from_slice(b"\"household\":");
        write_str(out, self.household);
        out.extend_from_slice(b",\"id\":");
        write_str(out, self.id);
    }

    /// `,"outcome":…` and `,"questionnaire":…` when present.
    fn write_jcs_outcome_to_questionnaire(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b",\"outcome\":");
        write_json(out, &self.outcome);
        if let Some(questionnaire) = self.questionnaire {
            write_questionnaire(out, questionnaire);
        }
    }

    /// `,"unit":…` of a recorded visit.
    fn write_jcs_unit(&self, out: &mut Vec<u8>) {
        if let Some(unit) = self.unit {
            out.extend_from_slice(b",\"unit\":");
            write_json(out, &unit);
        }
    }

    /// `,"visitedAt":…,"visitors":…`.
    fn write_jcs_visited(&self, out: &mut Vec<u8>, scratch: &mut Scratch) {
        out.extend_from_slice(b",\"visitedAt\":");
        write_at(out, self.visited_at);
        out.extend_from_slice(b",\"visitors\":");
        write_jcs_with(out, scratch, self.visitors);
    }
}
