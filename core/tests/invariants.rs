//! Property tests: random sequences of valid and invalid commands keep the campaign's invariants.

mod common;

use common::*;
use grassroots::command::CommandEnvelope;
use grassroots::household::Location;
use grassroots::person::{KeyPersonTag, PoliticalStatus};
use grassroots::{Campaign, Command, OrgLevel, Role};
use proptest::prelude::*;

const UNITS: [&str; 5] = [COMMUNITY, COMMUNITY_2, VILLAGE, "430171005001", "43017100400x"];
const SCOPES: [&str; 4] = [SUBDISTRICT, COMMUNITY, COMMUNITY_2, VILLAGE];
const ROLES: [Role; 5] =
    [Role::Administrator, Role::SubdistrictCadre, Role::CommunityCadre, Role::GridWorker, Role::Inspector];

fn id(prefix: &str, n: u8) -> String {
    format!("{prefix}{}", n % 6)
}

fn command() -> impl Strategy<Value = Command> {
    let unit = (0..UNITS.len()).prop_map(|i| UNITS[i].to_string());
    prop_oneof![
        (unit.clone(), any::<u8>()).prop_map(|(u, n)| register_household(&id("h", n), &u)),
        (unit.clone(), any::<u8>(), any::<bool>()).prop_map(|(u, n, member)| {
            if member {
                register_person(&id("p", n), &u, PoliticalStatus::PartyMember, Some("b1"))
            } else {
                register_person(&id("p", n), &u, PoliticalStatus::Masses, None)
            }
        }),
        (any::<u8>(), proptest::option::of(unit.clone()), proptest::option::of(-100.0f64..100.0)).prop_map(
            |(n, unit, lat)| Command::MoveHousehold {
                household: id("h", n),
                address: None,
                unit,
                building: Some(format!("{}栋", n % 3)),
                location: lat.map(|lat| Location { lat, lng: 112.9 }),
            }
        ),
        (any::<u8>(), any::<u8>())
            .prop_map(|(h, p)| Command::AddResident { household: id("h", h), person: id("p", p) }),
        (any::<u8>(), any::<u8>())
            .prop_map(|(h, p)| Command::RemoveResident { household: id("h", h), person: id("p", p) }),
        (any::<u8>(), any::<bool>()).prop_map(|(p, tag)| {
            let tag = if tag { KeyPersonTag::DrugInvolved } else { KeyPersonTag::LeftBehind };
            if p % 2 == 0 {
                Command::TagKeyPerson { person: id("p", p), tag }
            } else {
                Command::UntagKeyPerson { person: id("p", p), tag }
            }
        }),
        (any::<u8>()).prop_map(|p| Command::AppointSecretary { party_organization: "b1".into(), person: id("p", p) }),
        (0..UNITS.len(), any::<bool>()).prop_map(|(u, village)| register_unit(
            UNITS[u],
            if village { OrgLevel::Village } else { OrgLevel::Community },
            "新单位"
        )),
    ]
}

/// A step: a new command by some actor, or a retry of an earlier envelope.
#[derive(Debug, Clone)]
enum Step {
    New { command: Box<Command>, role: usize, scope: usize, expected_seq_lag: Option<u8> },
    Retry(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (command(), 0..ROLES.len(), 0..SCOPES.len(), proptest::option::of(0u8..2))
            .prop_map(|(command, role, scope, expected_seq_lag)| Step::New { command: Box::new(command), role, scope, expected_seq_lag }),
        1 => any::<usize>().prop_map(Step::Retry),
    ]
}

fn check_invariants(c: &Campaign) {
    let state = c.state();
    let subdistrict = state.subdistrict().unwrap();
    for h in state.households.iter() {
        let unit = state.units.get(&h.unit).expect("a household's unit exists");
        assert!(matches!(unit.level, OrgLevel::Village | OrgLevel::Community));
        assert!(subdistrict.contains(h.unit) && h.unit != subdistrict);
        for r in &h.residents {
            assert_eq!(state.persons[r].household.as_deref(), Some(h.id.as_str()), "resident {r} of {}", h.id);
        }
    }
    for p in state.persons.iter() {
        if let Some(h) = &p.household {
            assert_eq!(state.households[h].residents.iter().filter(|r| *r == &p.id).count(), 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_commands_keep_the_invariants(steps in proptest::collection::vec(step(), 1..60)) {
        let (mut c, mut e) = small_campaign();
        let mut accepted: Vec<CommandEnvelope> = Vec::new();
        for step in steps {
            let before = c.snapshot();
            match step {
                Step::Retry(i) if !accepted.is_empty() => {
                    let env = accepted[i % accepted.len()].clone();
                    let done = c.execute(env).unwrap();
                    prop_assert!(done.retried);
                    prop_assert_eq!(c.snapshot(), before, "a retried command recorded something");
                }
                Step::Retry(_) => {}
                Step::New { command, role, scope, expected_seq_lag } => {
                    let mut env = e.by(&actor(ROLES[role], SCOPES[scope]), *command);
                    env.expected_seq = expected_seq_lag.map(|lag| c.head().seq.saturating_sub(u64::from(lag)));
                    match c.execute(env.clone()) {
                        Ok(done) => {
                            prop_assert!(!done.retried && done.events > 0);
                            accepted.push(env);
                        }
                        Err(err) => {
                            prop_assert!(!err.message.is_empty());
                            prop_assert_eq!(c.snapshot(), before, "a failed command changed the campaign: {}", err);
                        }
                    }
                }
            }
            check_invariants(&c);
        }
        let replayed = Campaign::replay(c.records_since(0).to_vec()).unwrap();
        prop_assert!(replayed == c, "replay differs from the live campaign");
        let restored = Campaign::restore(c.snapshot()).unwrap();
        prop_assert!(restored == c, "restore differs from the live campaign");
        let from_json = Campaign::replay_json(&c.records_since_json(0)).unwrap();
        prop_assert!(from_json == c, "replay from JSON differs");
    }
}
