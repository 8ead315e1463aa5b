//! The hand-written canonical forms held byte-equal to serde's: strings, times, visits and whole
//! records.

use crate::engine::access::Actor;
use crate::engine::canonical::{write_at, write_str};
use crate::engine::jcs::write_jcs;
use crate::engine::record::{Digest, Hasher, JCS_SCHEMA_VERSION, RecordBody};
use crate::survey::{Visit, VisitReport};
use crate::{Command, Event};
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;

proptest! {
    #[test]
    fn times_are_written_as_chronos_serde_writes_them(
        secs in -70_000_000_000i64..300_000_000_000i64,
        nano in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000), (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
        offset in prop_oneof![Just(0i32), Just(8 * 3600), (-86_399i32..86_399), (-1439i32..1439).prop_map(|m| m * 60)],
    ) {
        let at = DateTime::from_timestamp(secs, nano).unwrap().with_timezone(&FixedOffset::east_opt(offset).unwrap());
        let mut fast = Vec::new();
        write_at(&mut fast, &at);
        prop_assert_eq!(String::from_utf8(fast).unwrap(), serde_json::to_string(&at).unwrap());
    }
}
#[test]
fn strings_are_escaped_as_serde_json_escapes_them_wherever_the_byte_is() {
    for c in (0u32..0x80).chain([0x7ff, 0x8001, 0xffff, 0x10_ffff]).filter_map(char::from_u32) {
        for len in 0..20 {
            for at in 0..=len {
                let s: String = (0..len).map(|i| if i == at { c } else { 'x' }).collect();
                let mut fast = Vec::new();
                write_str(&mut fast, &s);
                assert_eq!(String::from_utf8(fast).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => any::<char>(),
        1 => Just('"'),
        1 => Just('\\'),
        1 => (0u8..0x20).prop_map(char::from),
        1 => Just('\u{7f}'),
        1 => Just('老'),
    ];
    prop::collection::vec(c, 0..12).prop_map(|cs| cs.into_iter().collect())
}

fn value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn report() -> impl Strategy<Value = VisitReport> {
    (
        (text(), text(), text(), any::<bool>(), any::<bool>()),
        (prop::option::of(text()), prop::collection::vec(text(), 0..3), prop::option::of((text(), any::<u32>()))),
        prop::option::of(prop::collection::btree_map(text(), value(), 0..6)),
    )
        .prop_map(|((id, household, person, met, finding), (duplicate_of, demands, questionnaire), answers)| {
            use crate::survey::{Finding, QuestionnaireRef, VisitOutcome, Visitor};
            VisitReport {
                id,
                household,
                visitors: vec![Visitor { person, role: crate::people::HelperRole::GridWorker }],
                visited_at: "2022-04-13T08:00:00.250+08:00".parse().unwrap(),
                outcome: if met { VisitOutcome::Met } else { VisitOutcome::Duplicate },
                duplicate_of,
                findings: if finding {
                    vec![Finding {
                        id: "f-1".into(),
                        category: crate::survey::ProblemCategory::TelecomFraud,
                        description: if met { "楼道\n有针头" } else { " 楼道\n有针头 " }.into(),
                        persons: vec!["p-1".into()],
                        tags: Vec::new(),
                    }]
                } else {
                    Vec::new()
                },
                demands,
                questionnaire: questionnaire.map(|(id, version)| QuestionnaireRef { id, version }),
                answers,
            }
        })
}

proptest! {
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them(s in text()) {
        let mut fast = Vec::new();
        write_str(&mut fast, &s);
        prop_assert_eq!(String::from_utf8(fast).unwrap(), serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn a_visit_is_hashed_as_serde_writes_its_command_and_its_event(report in report()) {
        let mut hasher = Hasher::default();
        let command = Command::RecordVisit(crate::survey::RecordVisit { visit: report.clone() });
        let mut jcs = Vec::new();
        write_jcs(&mut jcs, &command);
        prop_assert_eq!(hasher.command_digest(&command), Digest::of(&jcs));
        prop_assert_eq!(hasher.command_digest_v1(&command), Digest::of(&serde_json::to_vec(&command).unwrap()));
        let VisitReport {
            id, household, visitors, visited_at, outcome, duplicate_of, findings, demands, questionnaire, answers,
        } = report;
        let visit = Visit {
            id,
            household,
            unit: crate::engine::division_code::DivisionCode::parse("430171004001", "unit").unwrap(),
            visitors,
            visited_at,
            outcome,
            duplicate_of,
            findings,
            demands,
            questionnaire,
            answers,
        };
        let event = Event::VisitRecorded(crate::survey::VisitRecorded { visit: std::sync::Arc::new(visit) });
        let actor = Actor {
            id: "gw".into(),
            role: crate::engine::access::Role::GridWorker,
            scope: crate::engine::division_code::DivisionCode::parse("430171004001", "scope").unwrap(),
        };
        let at = "2022-04-13T09:00:00+08:00".parse().unwrap();
        // In both record forms, with the command's answers kept, and without (as replay hashes it).
        for (version, kept) in [(1, true), (1, false), (2, true), (2, false)] {
            let digest = hasher.command_digest(&command);
            if !kept {
                hasher.forget_carry();
            }
            hasher.begin_command(version, "c-1", &digest, &at, &actor);
            let hash = hasher.hash_event(7, &event, &Digest::ZERO);
            let body = RecordBody {
                schema_version: version,
                seq: 7,
                command_id: "c-1",
                command_digest: &digest,
                at: &at,
                actor: &actor,
                event: &event,
                prev_hash: &Digest::ZERO,
            };
            let reference = reference_form(&body);
            prop_assert_eq!(hasher.canonical(), &reference[..]);
            prop_assert_eq!(hash, Digest::of(&reference));
        }
    }
}

use crate::Campaign;

/// Campaigns whose records hold every kind of event the scenario files of `tests/scenarios/`
/// give (each file's commands on a new campaign; refused ones record nothing), and on the first
/// the two kinds no scenario gives: helper roles and a two-committee team.
fn campaigns_of_the_scenarios() -> Vec<Campaign> {
    let files = [
        include_str!("../../../tests/scenarios/01-open-and-organize.json"),
        include_str!("../../../tests/scenarios/02-households-and-privacy.json"),
        include_str!("../../../tests/scenarios/03-door-knock-survey.json"),
        include_str!("../../../tests/scenarios/04-micro-grids.json"),
    ];
    let mut campaigns = Vec::new();
    for file in files {
        let scenario: serde_json::Value = serde_json::from_str(file).unwrap();
        let mut campaign = Campaign::new();
        for step in scenario["steps"].as_array().unwrap() {
            if let Some(envelope) = step.get("execute") {
                let _ = campaign.execute_json(&envelope.to_string());
            }
        }
        campaigns.push(campaign);
    }
    for (id, command) in [
        ("extra-1", r#"{"type":"setHelperRoles","person":"sec-c1","roles":["buildingHead","coreMember"]}"#),
        (
            "extra-2",
            r#"{"type":"setTwoCommittees","partyOrganization":"org-c1","members":[
              {"person":"sec-c1","post":"partySecretary"},{"person":"sec-c1","post":"committeeDirector"}]}"#,
        ),
    ] {
        let envelope = format!(
            r#"{{"schemaVersion":2,"commandId":"{id}","at":"2022-04-14T10:00:00+08:00",
              "actor":{{"id":"office","role":"administrator","scope":"430171004000"}},"command":{command}}}"#
        );
        campaigns[0].execute_json(&envelope).unwrap();
    }
    campaigns
}

#[test]
fn the_hand_written_canonical_form_is_serdes_form_of_the_record() {
    for campaign in campaigns_of_the_scenarios() {
        check_canonical_forms(&campaign);
    }
}

fn check_canonical_forms(campaign: &Campaign) {
    let mut hasher = Hasher::default();
    for record in campaign.records_since(0) {
        let body = RecordBody {
            schema_version: record.schema_version,
            seq: record.seq,
            command_id: &record.command_id,
            command_digest: &record.command_digest,
            at: &record.at,
            actor: &record.actor,
            event: &record.event,
            prev_hash: &record.prev_hash,
        };
        let reference = reference_form(&body);
        assert_eq!(hasher.record_hash(record), Digest::of(&reference));
        assert_eq!(hasher.canonical(), &reference[..]);
        let mut full = Vec::new();
        hasher.write_record_json(&record.hash, &mut full);
        let whole = if record.schema_version >= JCS_SCHEMA_VERSION {
            let mut whole = Vec::new();
            write_jcs(&mut whole, record);
            whole
        } else {
            serde_json::to_vec(record).unwrap()
        };
        assert_eq!(full, whole);
    }
}

/// A record's canonical form the slow, generic way: serde's declaration order (version 1), or the
/// generic RFC 8785 writer (version 2 on).
fn reference_form<E: serde::Serialize>(body: &RecordBody<'_, E>) -> Vec<u8> {
    if body.schema_version >= JCS_SCHEMA_VERSION {
        let mut out = Vec::new();
        write_jcs(&mut out, body);
        out
    } else {
        serde_json::to_vec(body).unwrap()
    }
}
