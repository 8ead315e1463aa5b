//! Figures of the link plan (issue #19): `proposeLinkPlan` for a whole sub-district of 200,000
//! households, through the campaign.
//!
//! ```text
//! cargo bench -p grassroots --bench link_plan
//! ```
//!
//! The sub-district is built with the demo generator (3 villages + 3 communities), then:
//!
//! a. *as generated*: members start unqualified for key persons (`MemberLinkage::default()`), so the
//!    proposal answers one `noQualifiedMember` shortfall per unit and no links: the time to that answer;
//! b. *qualified*: every member with a household marked `qualifiedForKeyPersons` by their unit's cadre
//!    (`setMemberLinkage`, as the main job does), and the proposal for the whole sub-district (`unit`
//!    left out): households, members, links, whether optimal and the gap, the time, and the peak of
//!    memory during the proposal and for the whole process.
//!
//! `GRASSROOTS_BENCH_HOUSEHOLDS` sets the households (default 200,000; e.g. 20000 for a quick run).

use cap::Cap;
use grassroots::micro_grid::{
    LinkPlanProposal, LinkPlanProposalResult, MemberLinkage, ProposeLinkPlanQuery, SetMemberLinkage, ShortfallView,
};
use grassroots::people::PoliticalStatus;
use grassroots::{Campaign, Command, CommandEnvelope, OrgLevel, Query, QueryResult, SCHEMA_VERSION};
use grassroots_demo::{self as sample, SampleSpec};
use std::alloc::System;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// `cap` counts what is allocated; its own peak cannot be reset, so the peak during one step is
/// sampled (see [`peak_during`]).
#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The proposal for every unit in the administrator's scope, and how long it took.
fn propose(campaign: &Campaign) -> (LinkPlanProposal, Duration) {
    let query = Query::ProposeLinkPlan(ProposeLinkPlanQuery { unit: None, count: None, seed: None });
    let t = Instant::now();
    let answer = campaign.query(&sample::administrator(), &query).expect("the office may propose a plan");
    let took = t.elapsed();
    let QueryResult::LinkPlanProposal(LinkPlanProposalResult { proposal }) = answer else {
        panic!("expected a proposal, got {answer:?}")
    };
    (proposal, took)
}

/// The peak of memory while `f` runs (everything allocated, the campaign included): what is
/// allocated, sampled every 100 µs by a second thread (a peak shorter than that may be missed; the
/// proposal's allocations live for its whole length).
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let peak = AtomicUsize::new(ALLOCATOR.allocated());
    let done = AtomicBool::new(false);
    let out = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(ALLOCATOR.allocated(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(100));
            }
        });
        let out = f();
        peak.fetch_max(ALLOCATOR.allocated(), Ordering::Relaxed);
        done.store(true, Ordering::Relaxed);
        out
    });
    (out, peak.load(Ordering::Relaxed))
}

fn main() {
    let households =
        std::env::var("GRASSROOTS_BENCH_HOUSEHOLDS").ok().and_then(|s| s.parse().ok()).unwrap_or(200_000usize);
    println!("grassroots {} · link plan of a sub-district (issue #19)", grassroots::VERSION);
    let spec = SampleSpec { households, villages: 3, communities: 3, seed: 20_220_413 };
    let t = Instant::now();
    let mut campaign = Campaign::new();
    let mut records = 0usize;
    for envelope in sample::commands(&spec) {
        campaign.execute(envelope).expect("the demo generator's commands are accepted");
        records += 1;
    }
    let built = t.elapsed();
    let held = ALLOCATOR.allocated();
    let state = campaign.state();
    let units = state
        .organization
        .units
        .values()
        .filter(|u| matches!(u.level, OrgLevel::Village | OrgLevel::Community))
        .count();
    // As the main job: full members with a household are marked qualified (probationary members are
    // linked too, and stay unqualified).
    let members: Vec<(String, grassroots::DivisionCode)> = state
        .people
        .persons
        .iter()
        .filter(|p| p.political_status == PoliticalStatus::PartyMember && p.household.is_some())
        .map(|p| (p.id.clone(), p.unit))
        .collect();
    let with_household =
        state.people.persons.iter().filter(|p| p.political_status.is_party_member() && p.household.is_some()).count();
    println!();
    println!(
        "built {} households in {units} villages and communities ({records} commands) in {:.1} s; campaign held {:.0} MiB",
        state.people.households.len(),
        built.as_secs_f64(),
        mib(held)
    );

    // a. As generated: nobody is qualified for key persons.
    let before = ALLOCATOR.allocated();
    let ((p, took), peak) = peak_during(|| propose(&campaign));
    let no_qualified = p
        .shortfalls
        .iter()
        .filter(|s| matches!(s, ShortfallView::NoQualifiedMember { qualified_members: 0, .. }))
        .count();
    println!();
    println!("a. as generated (members start unqualified for key persons)");
    println!("   shortfall answer                 {:>9.3} s", took.as_secs_f64());
    println!(
        "   peak memory during it            {:>9.1} MiB  ({:.1} MiB above the campaign held)",
        mib(peak),
        mib(peak.saturating_sub(before))
    );
    println!(
        "   links {} · shortfalls {} ({no_qualified} noQualifiedMember with 0 qualified members)",
        p.links.len(),
        p.shortfalls.len()
    );
    drop(p);

    // b. Every member with a household qualified, by their unit's cadre.
    let at = "2022-06-29T09:00:00+08:00".parse().expect("a valid time");
    let count = members.len();
    for (k, (person, unit)) in members.into_iter().enumerate() {
        let linkage = MemberLinkage { qualified_for_key_persons: true, ..MemberLinkage::default() };
        campaign
            .execute(CommandEnvelope {
                schema_version: SCHEMA_VERSION,
                command_id: format!("bench-qualify-{k}"),
                actor: sample::unit_cadre(unit),
                at,
                expected_seq: None,
                command: Command::SetMemberLinkage(SetMemberLinkage { person, linkage }),
            })
            .expect("a cadre qualifies a member of their unit");
    }
    let before = ALLOCATOR.allocated();
    let ((p, took), peak) = peak_during(|| propose(&campaign));
    assert!(p.shortfalls.is_empty(), "{:?}", p.shortfalls);
    let totals = p.totals.clone().expect("a plan has totals");
    println!();
    println!(
        "b. every full member with a household qualified ({count} setMemberLinkage), the whole sub-district (`unit` left out)"
    );
    println!("   households                       {:>9}", campaign.state().people.households.len());
    println!(
        "   members                          {:>9}  (with a household; {} used, {} unused, {} without a location)",
        with_household,
        totals.members_used,
        p.unused_members.len(),
        p.members_without_location.len()
    );
    println!("   links                            {:>9}", p.links.len());
    println!(
        "   optimal                          {:>9}  (gap {} %, lower bound {} m)",
        p.optimal,
        p.gap_percent.map_or_else(|| "—".to_string(), |g| format!("{g}")),
        p.lower_bound_m.map_or_else(|| "—".to_string(), |b| format!("{b:.0}"))
    );
    println!(
        "   distance                         {:>9.0} m  (longest link {:.0} m)",
        totals.distance_m, totals.max_distance_m
    );
    println!("   proposal                         {:>9.3} s", took.as_secs_f64());
    println!(
        "   peak memory during the proposal  {:>9.1} MiB  ({:.1} MiB above the campaign held, {:.0} MiB)",
        mib(peak),
        mib(peak.saturating_sub(before)),
        mib(before)
    );
    println!("   peak memory, whole process       {:>9.1} MiB", mib(ALLOCATOR.max_allocated()));
}
