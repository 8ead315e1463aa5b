//! The canonical JSON of a visit, written by hand: a visit's answers are most of the bytes of both
//! its command and its event, and the event carries the command's fields unchanged from `visitors`
//! on (`visit::decide` moves them, trimming only texts that need it). The command's digest keeps
//! their JSON in the engine's [`Carry`], and the event's record copies it instead of serializing the
//! visit a second time. The proptests of `switchboard/canonical_tests.rs` hold both forms byte-equal to
//! serde's.

use super::questionnaire::Answers;
use super::{QuestionnaireRef, RecordVisit, Visit, VisitRecorded, VisitReport};
use crate::engine::canonical::{Canonical, Carry, write_at, write_json, write_map, write_str};
use chrono::{DateTime, FixedOffset};

impl Canonical for RecordVisit {
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        let fields = VisitJson::of_report(&self.visit);
        out.extend_from_slice(b"{\"type\":\"recordVisit\",\"visit\":");
        fields.write_head(out);
        carry.tail.clear();
        fields.write_tail(&mut carry.tail);
        carry.kept = fields.tail_is_kept();
        out.extend_from_slice(&carry.tail);
        out.extend_from_slice(b"}}");
    }
}

impl Canonical for VisitRecorded {
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        let fields = VisitJson::of_visit(&self.visit);
        out.extend_from_slice(b"{\"type\":\"visitRecorded\",\"visit\":");
        fields.write_head(out);
        if carry.kept {
            let start = out.len();
            out.extend_from_slice(&carry.tail);
            debug_assert!(
                {
                    let mut fresh = Vec::new();
                    fields.write_tail(&mut fresh);
                    fresh == out[start..]
                },
                "a visit's event carries its command's fields from `visitors` on unchanged"
            );
        } else {
            fields.write_tail(out);
        }
        carry.kept = false;
        out.extend_from_slice(b"}}");
    }
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
        write_json(out, self.visitors);
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
            write_json(out, self.findings);
        }
        if !self.demands.is_empty() {
            out.extend_from_slice(b",\"demands\":");
            write_json(out, self.demands);
        }
        if let Some(QuestionnaireRef { id, version }) = self.questionnaire {
            out.extend_from_slice(b",\"questionnaire\":{\"id\":");
            write_str(out, id);
            out.extend_from_slice(b",\"version\":");
            out.extend_from_slice(itoa::Buffer::new().format(*version).as_bytes());
            out.push(b'}');
        }
        if let Some(answers) = self.answers {
            out.extend_from_slice(b",\"answers\":");
            write_answers(out, answers);
        }
    }
}
