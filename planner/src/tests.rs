//! The planner's tests: hand-picked cases for the rules stated in words, and proptest against brute
//! force on tiny instances.

use proptest::prelude::*;

use super::*;

fn member(x: f64, y: f64) -> Member {
    Member::at(x, y)
}

fn policy(min: u32, max: u32) -> Policy {
    Policy { min, max, ..Policy::default() }
}

/// Every household linked once, loads within bounds for used members (and every member used in the
/// exact mode), key persons only with qualified members, links inside their group.
fn check_plan(inst: &Instance, plan: &Plan) {
    assert_eq!(plan.links.len(), inst.households.len());
    let mut load = vec![0u32; inst.members.len()];
    for (i, l) in plan.links.iter().enumerate() {
        assert_eq!(l.household as usize, i);
        load[l.member as usize] += 1;
        let (h, m) = (&inst.households[i], &inst.members[l.member as usize]);
        if h.key_person {
            assert!(m.qualified, "key-person household {i} linked to an unqualified member");
        }
        if inst.policy.stay_in_group {
            assert_eq!(h.group, m.group, "household {i} linked outside its group");
        }
        assert_eq!(l.distance_cm, cost_cm(h.x, h.y, m.x, m.y));
    }
    // The exact mode uses every member: a group whose members' lower bounds fit its households, with
    // no `count`.
    let groups: std::collections::BTreeSet<u32> = (0..inst.members.len()).map(|j| inst.member_group(j)).collect();
    let exact = inst.policy.count.is_none()
        && groups.iter().all(|&g| {
            let lo: u64 =
                (0..inst.members.len()).filter(|&j| inst.member_group(j) == g).map(|j| u64::from(inst.min_of(j))).sum();
            lo <= (0..inst.households.len()).filter(|&i| inst.household_group(i) == g).count() as u64
        });
    for (j, &n) in load.iter().enumerate() {
        if exact {
            assert!(n >= inst.min_of(j), "member {j} has {n} < min");
        } else {
            assert!(n == 0 || n >= inst.min_of(j), "used member {j} has {n} < min");
        }
        assert!(n <= inst.max_of(j), "member {j} has {n} > max");
        assert_eq!(n == 0, plan.unused_members.contains(&(j as u32)));
    }
    assert_eq!(plan.totals.distance_cm, plan.links.iter().map(|l| l.distance_cm).sum::<i64>());
}

/// The brute-force optimum over every assignment in which each member is used within its bounds (or,
/// with `may_idle`, left unused): (distance, fewest moves) lexicographic.
fn brute_force(inst: &Instance, may_idle: bool) -> Option<(i64, u64)> {
    let m = inst.members.len();
    let mut best: Option<(u64, i64)> = None;
    each_assignment(inst.households.len(), m, |a| {
        let mut load = vec![0u32; m];
        let mut cost = 0;
        let mut moved = 0;
        for (i, &j) in a.iter().enumerate() {
            let (h, mm) = (&inst.households[i], &inst.members[j]);
            if (h.key_person && !mm.qualified) || (inst.policy.stay_in_group && h.group != mm.group) {
                return;
            }
            load[j] += 1;
            cost += cost_cm(h.x, h.y, mm.x, mm.y);
            moved += u64::from(h.current.is_some_and(|c| c as usize != j));
        }
        let ok = (0..m).all(|j| (may_idle && load[j] == 0) || (load[j] >= inst.min_of(j) && load[j] <= inst.max_of(j)));
        if ok && best.is_none_or(|b| (moved, cost) < b) {
            best = Some((moved, cost));
        }
    });
    best.map(|(moved, cost)| (cost, moved))
}

/// Calls `visit` with every assignment of `n` households to `m` members (an odometer over `m^n`).
pub(super) fn each_assignment(n: usize, m: usize, mut visit: impl FnMut(&[usize])) {
    let mut a = vec![0usize; n];
    loop {
        visit(&a);
        let mut k = 0;
        while k < n {
            a[k] += 1;
            if a[k] < m {
                break;
            }
            a[k] = 0;
            k += 1;
        }
        if k == n {
            return;
        }
    }
}

#[test]
fn the_doc_example_links_each_household_to_its_nearest_member() {
    let households = (0..4).map(|k| Household::at(k as f64 * 10.0, 0.0)).collect();
    let inst = Instance { households, members: vec![member(0.0, 0.0), member(30.0, 0.0)], policy: policy(1, 3) };
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    assert_eq!(plan.assignment(), vec![0, 0, 1, 1]);
    assert!(plan.links.iter().all(|l| l.reason.nearest));
    assert_eq!(plan.lower_bound_cm, Some(2000));
}

#[test]
fn bounds_displace_households_and_the_reason_says_how_far() {
    // Five households at the first member, one at the second; each member takes 2..4.
    let mut households: Vec<Household> = (0..5).map(|_| Household::at(0.0, 0.0)).collect();
    households.push(Household::at(100.0, 0.0));
    let inst = Instance { households, members: vec![member(0.0, 0.0), member(100.0, 0.0)], policy: policy(2, 4) };
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    assert_eq!(plan.totals.distance_cm, 10_000);
    let displaced: Vec<&Link> = plan.links.iter().filter(|l| !l.reason.nearest).collect();
    assert_eq!(displaced.len(), 1);
    assert_eq!(displaced[0].reason.extra_cm, 10_000);
    assert_eq!(plan.totals.nearest, 5);
}

#[test]
fn too_few_members_says_how_many_more_are_needed_and_where() {
    let mut households: Vec<Household> = (0..40).map(|k| Household::at(k as f64, 0.0)).collect();
    for h in households.iter_mut().skip(30) {
        h.group = 7;
    }
    let mut members = vec![member(0.0, 0.0), member(5.0, 0.0), member(30.0, 0.0)];
    members[2].group = 7;
    let inst = Instance { households, members, policy: policy(1, 15) };
    let first = plan(&inst).unwrap();
    check_plan(&inst, &first);
    // Group 0: 30 households, capacity 30: fine. Group 7: 10 households, capacity 15: fine. Now shrink.
    let mut inst = inst;
    inst.policy.max = 12;
    let PlanError::Infeasible(e) = plan(&inst).unwrap_err() else { panic!("expected infeasible") };
    assert_eq!(e.reasons, vec![Shortfall::TooFewMembers { group: 0, households: 30, capacity: 24, more_members: 1 }]);
    let message = PlanError::Infeasible(e).to_string();
    assert!(message.contains("add 1 more member"), "{message}");
}

#[test]
fn key_person_households_without_a_qualified_member_are_named() {
    let mut households: Vec<Household> = (0..4).map(|k| Household::at(k as f64, 0.0)).collect();
    households[1].key_person = true;
    households[3].key_person = true;
    let inst = Instance { households, members: vec![member(0.0, 0.0)], policy: policy(1, 5) };
    let PlanError::Infeasible(e) = plan(&inst).unwrap_err() else { panic!("expected infeasible") };
    assert_eq!(e.reasons, vec![Shortfall::NoQualifiedMember { group: 0, households: vec![1, 3] }]);
    let mut inst = inst;
    inst.members.push(member(100.0, 0.0));
    inst.members[1].qualified = true;
    inst.members[1].max = Some(1);
    let PlanError::Infeasible(e) = plan(&inst).unwrap_err() else { panic!("expected infeasible") };
    assert_eq!(
        e.reasons,
        vec![Shortfall::TooFewQualifiedMembers { group: 0, key_households: 2, capacity: 1, more_members: 1 }]
    );
    inst.members[1].max = Some(2);
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    assert_eq!(plan.links[1].member, 1);
    assert_eq!(plan.links[3].member, 1);
}

#[test]
fn re_planning_after_a_member_leaves_moves_only_that_members_households() {
    // 60 households on a line, 6 members; generous bounds so nothing else is forced.
    let households: Vec<Household> = (0..60).map(|k| Household::at(k as f64 * 7.0, (k % 3) as f64)).collect();
    let members: Vec<Member> = (0..6).map(|j| member(j as f64 * 70.0 + 35.0, 0.0)).collect();
    let inst = Instance { households, members, policy: policy(5, 20) };
    let first = plan(&inst).unwrap();
    check_plan(&inst, &first);
    // Member 2 leaves: the others keep their indices shifted down by one above 2.
    let leaving = 2u32;
    let mut next = inst.clone();
    next.members.remove(leaving as usize);
    for (h, l) in next.households.iter_mut().zip(&first.links) {
        h.current = match l.member {
            m if m == leaving => None,
            m if m > leaving => Some(m - 1),
            m => Some(m),
        };
    }
    let second = plan(&next).unwrap();
    check_plan(&next, &second);
    let had = first.links.iter().filter(|l| l.member == leaving).count() as u64;
    assert_eq!(second.totals.moved, 0, "no household of a staying member needed to move");
    assert_eq!(second.totals.kept, 60 - had);
}

#[test]
fn re_planning_moves_what_the_bounds_force_and_no_more() {
    // Member 1 leaves; member 0 has room for only two of its three households (max 4, holds 2).
    let households: Vec<Household> =
        [0.0, 1.0, 50.0, 51.0, 52.0, 100.0, 101.0].iter().map(|&x| Household::at(x, 0.0)).collect();
    let members = vec![member(0.0, 0.0), member(50.0, 0.0), member(100.0, 0.0)];
    let inst = Instance { households, members, policy: policy(2, 4) };
    let first = plan(&inst).unwrap();
    assert_eq!(first.assignment(), vec![0, 0, 1, 1, 1, 2, 2]);
    let mut next = inst.clone();
    next.members.remove(1);
    for (h, l) in next.households.iter_mut().zip(&first.links) {
        h.current = match l.member {
            1 => None,
            2 => Some(1),
            m => Some(m),
        };
    }
    let second = plan(&next).unwrap();
    check_plan(&next, &second);
    assert_eq!(second.totals.moved, 0);
    assert_eq!(second.totals.kept, 4);
}

#[test]
fn links_stay_inside_their_group() {
    let mut households: Vec<Household> = (0..6).map(|k| Household::at(k as f64, 0.0)).collect();
    for h in households.iter_mut().take(3) {
        h.group = 1;
    }
    let mut members = vec![member(0.0, 0.0), member(5.0, 0.0)];
    members[1].group = 1; // the member near households 3..5 is in the other group
    let inst = Instance { households, members, policy: policy(1, 5) };
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    assert_eq!(plan.assignment(), vec![1, 1, 1, 0, 0, 0]);
}

#[test]
fn households_of_one_spot_go_to_the_member_who_knows_them_at_no_cost() {
    // Four households at one spot; two members at equal distance each take two.
    let households: Vec<Household> = (0..4).map(|_| Household::at(0.0, 0.0)).collect();
    let mut members = vec![member(-10.0, 0.0), member(10.0, 0.0)];
    members[0].knows = vec![3];
    members[1].knows = vec![0];
    let inst = Instance { households, members, policy: policy(2, 2) };
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    assert_eq!(plan.links[3].member, 0);
    assert_eq!(plan.links[0].member, 1);
    assert_eq!(plan.totals.familiar, 2);
}

#[test]
fn the_member_choosing_mode_uses_fewer_members_and_reports_a_lower_bound() {
    let households: Vec<Household> = (0..30).map(|k| Household::at((k % 10) as f64 * 10.0, (k / 10) as f64)).collect();
    let members: Vec<Member> = (0..6).map(|j| member(j as f64 * 18.0, 0.0)).collect();
    let inst = Instance { households, members, policy: policy(10, 15) };
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    // Proven optimal only when the plan meets its bound.
    assert_eq!(plan.optimal, plan.lower_bound_cm == Some(plan.totals.distance_cm));
    assert!(plan.totals.members_used <= 3);
    assert!(plan.lower_bound_cm.unwrap() <= plan.totals.distance_cm);
    let mut counted = inst.clone();
    counted.policy.count = Some(2);
    let plan = super::plan(&counted).unwrap();
    check_plan(&counted, &plan);
    assert_eq!(plan.totals.members_used, 2);
    counted.policy.count = Some(5);
    assert!(matches!(super::plan(&counted), Err(PlanError::Infeasible(_))));
}

#[test]
fn the_same_instance_gives_the_same_plan() {
    let households: Vec<Household> =
        (0..200).map(|k| Household::at(((k * 37) % 101) as f64 * 3.0, ((k * 53) % 97) as f64 * 2.0)).collect();
    let members: Vec<Member> =
        (0..16).map(|j| member(((j * 41) % 29) as f64 * 10.0, ((j * 7) % 23) as f64 * 8.0)).collect();
    let inst = Instance { households, members, policy: policy(10, 15) };
    let a = plan(&inst).unwrap();
    check_plan(&inst, &a);
    assert!(a.optimal);
    assert_eq!(a, plan(&inst).unwrap());
}

fn tiny_instance() -> impl Strategy<Value = Instance> {
    (1usize..=7, 1usize..=3, 0u32..=2, 1u32..=4, any::<bool>()).prop_flat_map(|(n, m, lo, span, keys)| {
        let hs = proptest::collection::vec((0u32..6, 0u32..6, 0u32..10, 0u32..2), n);
        let ms =
            proptest::collection::vec((0u32..6, 0u32..6, any::<bool>(), 0u32..2, proptest::option::of(0u32..3)), m);
        (hs, ms).prop_map(move |(hs, ms)| {
            let households = hs
                .iter()
                .map(|&(x, y, k, g)| Household {
                    key_person: keys && k == 0,
                    group: g % 2,
                    ..Household::at(f64::from(x) * 13.7, f64::from(y) * 9.1)
                })
                .collect();
            let members = ms
                .iter()
                .map(|&(x, y, q, g, own_max)| Member {
                    qualified: q,
                    group: g,
                    max: own_max.map(|d| lo + d),
                    ..Member::at(f64::from(x) * 13.7 + 1.0, f64::from(y) * 9.1)
                })
                .collect();
            Instance { households, members, policy: Policy { min: lo, max: lo + span, ..Policy::default() } }
        })
    })
}

/// Whether in every group the households reach the members' lower bounds (the exact mode).
fn every_member_used(inst: &Instance) -> bool {
    (0..=1).all(|g| {
        let n = (0..inst.households.len()).filter(|&i| inst.household_group(i) == g).count() as u32;
        let lo: u32 = (0..inst.members.len()).filter(|&j| inst.member_group(j) == g).map(|j| inst.min_of(j)).sum();
        lo <= n
    })
}

/// The exact mode finds a plan exactly when brute force does, optimal and at the brute-force cost.
fn exact_matches_brute_force(inst: &Instance) -> Result<(), TestCaseError> {
    match (plan(inst), brute_force(inst, false)) {
        (Ok(p), Some((cost, _))) => {
            check_plan(inst, &p);
            prop_assert!(p.optimal);
            prop_assert_eq!(p.totals.distance_cm, cost);
        }
        (Err(PlanError::Infeasible(_)), None) => {}
        (got, want) => prop_assert!(false, "plan {:?} but brute force {:?}", got.map(|p| p.totals), want),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, max_global_rejects: 1_000_000, ..ProptestConfig::default() })]

    /// The exact mode's cost equals the brute-force optimum, and it fails exactly when nothing is
    /// feasible.
    #[test]
    fn exact_mode_matches_brute_force(mut inst in tiny_instance(), stay in any::<bool>()) {
        inst.policy.stay_in_group = stay;
        prop_assume!(every_member_used(&inst));
        exact_matches_brute_force(&inst)?;
    }

    /// With one candidate per household the sparse graph is cut into pieces: the repairs and the
    /// balancing's fallback through the sink must still reach the brute-force optimum.
    #[test]
    fn exact_mode_on_a_one_candidate_graph_matches_brute_force(mut inst in tiny_instance()) {
        inst.policy.candidates = 1;
        prop_assume!(every_member_used(&inst));
        exact_matches_brute_force(&inst)?;
    }

    /// Re-planning after one member leaves moves the fewest households any plan could, at the least
    /// distance among those.
    #[test]
    fn replanning_moves_no_household_it_need_not(inst in tiny_instance(), leave in 0usize..3) {
        prop_assume!(inst.members.len() >= 2);
        let Ok(first) = plan(&inst) else { return Ok(()) };
        prop_assume!(first.optimal);
        let leave = leave % inst.members.len();
        let mut next = inst.clone();
        next.members.remove(leave);
        for (h, l) in next.households.iter_mut().zip(&first.links) {
            let m = l.member as usize;
            h.current = if m == leave { None } else if m > leave { Some(m as u32 - 1) } else { Some(m as u32) };
        }
        prop_assume!(every_member_used(&next));
        match (plan(&next), brute_force(&next, false)) {
            (Ok(p), Some((cost, moved))) => {
                check_plan(&next, &p);
                prop_assert_eq!(p.totals.moved, moved);
                prop_assert_eq!(p.totals.distance_cm, cost);
            }
            (Err(PlanError::Infeasible(_)), None) => {}
            (got, want) => prop_assert!(false, "plan {:?} but brute force {:?}", got.map(|p| p.totals), want),
        }
    }

    /// The member-choosing mode keeps every rule, and its lower bound is below the brute-force optimum.
    #[test]
    fn member_choosing_mode_keeps_the_rules(inst in tiny_instance()) {
        let mut inst = inst;
        inst.policy.stay_in_group = false;
        inst.households.iter_mut().for_each(|h| h.key_person = false);
        let lo: u32 = (0..inst.members.len()).map(|j| inst.min_of(j)).sum();
        prop_assume!(lo > inst.households.len() as u32);
        if let Ok(p) = plan(&inst) {
            check_plan(&inst, &p);
            let best = brute_force(&inst, true);
            prop_assert!(best.is_some());
            let (cost, _) = best.unwrap_or_default();
            prop_assert!(p.lower_bound_cm.unwrap_or(0) <= cost);
            prop_assert!(p.totals.distance_cm >= cost);
        }
    }
}

#[test]
fn member_choosing_on_a_grid_keeps_the_bounds() {
    // 300 households on a grid, 45 members: 30 are needed at 10 each.
    let households: Vec<Household> =
        (0..300).map(|k| Household::at((k % 20) as f64 * 12.0, (k / 20) as f64 * 9.0)).collect();
    let members: Vec<Member> =
        (0..45).map(|j| member(((j * 37) % 20) as f64 * 12.0 + 1.0, ((j * 11) % 15) as f64 * 9.0)).collect();
    let inst = Instance { households, members, policy: policy(10, 15) };
    let plan = plan(&inst).unwrap();
    check_plan(&inst, &plan);
    assert!(plan.lower_bound_cm.unwrap() <= plan.totals.distance_cm);
}

/// Both households' one candidate is the second member, so nothing has an arc into the first: its
/// deficit cannot be reached backwards, and the balancing routes the sink's excess forward, repairing
/// the graph on the way (the fallback that the large instances need a few times).
#[test]
fn a_member_no_household_has_as_candidate_still_gets_its_minimum() {
    let inst = Instance {
        households: vec![Household::at(54.8, 45.5), Household::at(41.1, 0.0)],
        members: vec![member(14.7, 36.4), member(42.1, 9.1)],
        policy: Policy { candidates: 1, ..policy(1, 3) },
    };
    let p = plan(&inst).expect("a plan");
    check_plan(&inst, &p);
    assert!(p.stats.flow.sink_searches > 0, "the fallback ran");
    assert!(p.optimal);
    assert_eq!(Some(p.totals.distance_cm), brute_force(&inst, false).map(|b| b.0));
}

#[test]
fn an_invalid_value_names_its_field() {
    let mut households = vec![Household::at(0.0, 0.0), Household::at(1.0, 0.0)];
    households[1].weight = 0;
    let inst = Instance { households, members: vec![member(0.0, 0.0)], policy: policy(1, 5) };
    let err = plan(&inst).unwrap_err();
    assert_eq!(err, PlanError::Invalid { field: "households[1].weight".into(), message: "must be at least 1".into() });
    assert_eq!(err.to_string(), "must be at least 1");
}
