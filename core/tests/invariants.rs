//! Property tests: random sequences of valid and invalid commands keep the campaign's invariants.

mod common;

use common::*;
use grassroots::CommandEnvelope;
use grassroots::micro_grid::{LinkPair, LinkagePolicy, MemberLinkage, MicroGridSpec};
use grassroots::people::Location;
use grassroots::people::{KeyPersonTag, PoliticalStatus};
use grassroots::{Campaign, Command, OrgLevel, Query, QueryResult, Role};
use proptest::prelude::*;

const UNITS: [&str; 5] = [COMMUNITY, COMMUNITY_2, VILLAGE, "430104018001", "43010401700x"];
const SCOPES: [&str; 4] = [SUBDISTRICT, COMMUNITY, COMMUNITY_2, VILLAGE];
const ROLES: [Role; 5] =
    [Role::Administrator, Role::SubdistrictCadre, Role::CommunityCadre, Role::GridWorker, Role::Inspector];

fn id(prefix: &str, n: u8) -> String {
    format!("{prefix}{}", n % 6)
}

fn command() -> impl Strategy<Value = Command> {
    let unit = (0..UNITS.len()).prop_map(|i| UNITS[i].to_string());
    prop_oneof![
        (unit.clone(), any::<u8>(), proptest::option::of(0u8..4)).prop_map(|(u, n, at)| Command::RegisterHousehold(
            grassroots::people::RegisterHousehold {
                id: id("h", n),
                address: "地址".into(),
                unit: u,
                building: None,
                location: at.map(|k| Location { lat: 28.2 + f64::from(k) * 1e-3, lng: 112.9 }),
                key_place: None,
            }
        )),
        (unit.clone(), any::<u8>(), any::<bool>()).prop_map(|(u, n, member)| {
            if member {
                register_person(&id("p", n), &u, PoliticalStatus::PartyMember, Some("b1"))
            } else {
                register_person(&id("p", n), &u, PoliticalStatus::Masses, None)
            }
        }),
        (any::<u8>(), proptest::option::of(unit.clone()), proptest::option::of(-100.0f64..100.0)).prop_map(
            |(n, unit, lat)| Command::MoveHousehold(grassroots::people::MoveHousehold {
                household: id("h", n),
                address: None,
                unit,
                building: Some(format!("{}栋", n % 3)),
                location: lat.map(|lat| Location { lat, lng: 112.9 }),
            })
        ),
        (any::<u8>(), any::<u8>()).prop_map(|(h, p)| Command::AddResident(grassroots::people::AddResident {
            household: id("h", h),
            person: id("p", p)
        })),
        (any::<u8>(), any::<u8>()).prop_map(|(h, p)| Command::RemoveResident(grassroots::people::RemoveResident {
            household: id("h", h),
            person: id("p", p)
        })),
        (any::<u8>(), any::<bool>()).prop_map(|(p, tag)| {
            let tag = if tag { KeyPersonTag::DrugInvolved } else { KeyPersonTag::LeftBehind };
            if p % 2 == 0 {
                Command::TagKeyPerson(grassroots::people::TagKeyPerson { person: id("p", p), tag })
            } else {
                Command::UntagKeyPerson(grassroots::people::UntagKeyPerson { person: id("p", p), tag })
            }
        }),
        (any::<u8>()).prop_map(|p| Command::AppointSecretary(grassroots::organization::AppointSecretary {
            party_organization: "b1".into(),
            person: id("p", p)
        })),
        (0..UNITS.len(), any::<bool>()).prop_map(|(u, village)| register_unit(
            UNITS[u],
            if village { OrgLevel::Village } else { OrgLevel::Community },
            "新单位"
        )),
        (0u32..4, 0u32..7).prop_map(|(min, max)| Command::SetLinkagePolicy(grassroots::micro_grid::SetLinkagePolicy {
            policy: LinkagePolicy { min, max, ..LinkagePolicy::default() }
        })),
        (any::<u8>(), any::<bool>(), any::<bool>(), proptest::option::of(0u32..5)).prop_map(
            |(p, available, qualified, max)| Command::SetMemberLinkage(grassroots::micro_grid::SetMemberLinkage {
                person: id("p", p),
                linkage: MemberLinkage {
                    available,
                    qualified_for_key_persons: qualified,
                    max,
                    ..MemberLinkage::default()
                }
            })
        ),
        (any::<u8>(), unit.clone(), any::<u8>(), any::<u8>()).prop_map(|(g, unit, a, b)| Command::EstablishMicroGrid(
            grassroots::micro_grid::EstablishMicroGrid {
                grid: MicroGridSpec {
                    id: id("g", g),
                    unit,
                    name: "一组".into(),
                    leader: id("p", a),
                    members: vec![id("p", a), id("p", b)],
                    contact_channel: None,
                }
            }
        )),
        (any::<u8>(), proptest::option::of(1u32..3)).prop_map(|(h, weight)| Command::SetHouseholdWeight(
            grassroots::micro_grid::SetHouseholdWeight { household: id("h", h), weight }
        )),
    ]
}

/// A step: a new command by some actor, or a retry of an earlier envelope.
#[derive(Debug, Clone)]
enum Step {
    New {
        command: Box<Command>,
        role: usize,
        scope: usize,
        expected_seq_lag: Option<u8>,
    },
    Retry(usize),
    /// Propose a link plan for a unit and adopt it whenever there is one.
    Plan {
        unit: usize,
        scope: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (command(), 0..ROLES.len(), 0..SCOPES.len(), proptest::option::of(0u8..2))
            .prop_map(|(command, role, scope, expected_seq_lag)| Step::New { command: Box::new(command), role, scope, expected_seq_lag }),
        1 => any::<usize>().prop_map(Step::Retry),
        1 => (0..3usize, 0..SCOPES.len()).prop_map(|(unit, scope)| Step::Plan { unit, scope }),
    ]
}

fn check_invariants(c: &Campaign) {
    let state = c.state();
    let subdistrict = state.organization.subdistrict().unwrap();
    for h in state.people.households.iter() {
        let unit = state.organization.units.get(&h.unit).expect("a household's unit exists");
        assert!(matches!(unit.level, OrgLevel::Village | OrgLevel::Community));
        assert!(subdistrict.contains(h.unit) && h.unit != subdistrict);
        for r in &h.residents {
            assert_eq!(state.people.persons[r].household.as_deref(), Some(h.id.as_str()), "resident {r} of {}", h.id);
        }
    }
    for p in state.people.persons.iter() {
        if let Some(h) = &p.household {
            assert_eq!(state.people.households[h].residents.iter().filter(|r| *r == &p.id).count(), 1);
        }
    }
    // Links name existing households and registered party members; a member is in one grid at most.
    let micro = &state.micro_grids;
    for (h, m) in &micro.links {
        assert!(state.people.households.contains_key(h), "link of unknown household {h}");
        assert!(state.people.persons.get(m).is_some_and(|p| p.political_status.is_party_member()), "link to {m}");
    }
    let mut in_grids: Vec<&String> = micro.grids.values().flat_map(|g| &g.members).collect();
    in_grids.sort();
    let all = in_grids.len();
    in_grids.dedup();
    assert_eq!(in_grids.len(), all, "a member in two grids");
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
                Step::Plan { unit, scope } => {
                    // Every plan the planner proposes satisfies the invariants `adoptLinkPlan` checks,
                    // and leaves no violation behind.
                    let cadre = actor(Role::SubdistrictCadre, SCOPES[scope]);
                    let query = Query::ProposeLinkPlan(grassroots::micro_grid::ProposeLinkPlanQuery { unit: Some(UNITS[unit].into()), count: None, seed: None });
                    let answer = c.query(&cadre, &query);
                    if let Ok(QueryResult::LinkPlanProposal(grassroots::micro_grid::LinkPlanProposalResult { proposal })) = answer
                        && proposal.shortfalls.is_empty()
                    {
                        let links = proposal.links.iter().map(|l| LinkPair { household: l.household.clone(), member: l.member.clone() }).collect();
                        let mut env = e.by(&cadre, Command::AdoptLinkPlan(grassroots::micro_grid::AdoptLinkPlan { unit: Some(UNITS[unit].into()), links }));
                        env.expected_seq = Some(proposal.based_on_seq);
                        let done = c.execute(env.clone());
                        prop_assert!(done.is_ok(), "a proposed plan was refused: {:?}", done);
                        accepted.push(env);
                        let violations = c.query(&cadre, &Query::LinkageViolations(grassroots::micro_grid::LinkageViolationsQuery { unit: Some(UNITS[unit].into()), start: None, limit: None }));
                        prop_assert!(
                            matches!(violations, Ok(QueryResult::LinkageViolations(grassroots::micro_grid::LinkageViolationsResult { ref violations, withheld: 0, .. })) if violations.is_empty()),
                            "violations right after adoption: {:?}", violations
                        );
                    }
                }
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
