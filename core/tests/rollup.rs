//! Roll-ups (issue #18): every summary's merge is associative and commutative with the empty
//! summary its identity, and the merge of parts' summaries equals the summary of the union of their
//! lines; a campaign's roll-up equals a recount over its records; two hundred generated
//! sub-districts roll up to a city with the same totals in any order of merging.

mod common;

use chrono::{DateTime, FixedOffset};
use grassroots::acceptance::{AcceptanceFunnelResult, FunnelTier, Tier};
use grassroots::engine::QueryContext;
use grassroots::oversight::{IssuedNotice, Notice, NoticeKind, TimetableLine, TimetableStatus};
use grassroots::problem::{ProblemFigures, ProblemSummaryResult, UnitFigures};
use grassroots::rectification::{LedgerLine, LedgerProgress, RectificationStatus};
use grassroots::report::Language;
use grassroots::report::rollup::*;
use grassroots::survey::{CategoryCount, CoverageCounts, ProblemCategory, ProblemLine, UnitCoverageLine};
use grassroots::{Campaign, DivisionCode, ErrorCode, Event, Role};
use grassroots_demo::{self as sample, SampleSpec};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s, "code").unwrap()
}

fn unit_code(n: u16) -> DivisionCode {
    code(&format!("430104017{:03}", 1 + n % 199))
}

fn time(s: &str) -> DateTime<FixedOffset> {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Lines, generated

fn coverage_line() -> impl Strategy<Value = UnitCoverageLine> {
    (0u16..400, 0u32..50, 0u32..50, 0u32..50).prop_map(|(u, covered, attempted_only, not_tried)| UnitCoverageLine {
        unit: unit_code(u),
        name: format!("单位{u}"),
        counts: CoverageCounts { households: covered + attempted_only + not_tried, covered, attempted_only, not_tried },
    })
}

fn category() -> impl Strategy<Value = ProblemCategory> {
    prop::sample::select(ProblemCategory::ALL.to_vec())
}

fn problem_line() -> impl Strategy<Value = ProblemLine> {
    (0u16..400, prop::collection::btree_map(category(), 0u32..20, 0..4)).prop_map(|(u, by)| ProblemLine {
        unit: unit_code(u),
        name: String::new(),
        total: by.values().sum(),
        categories: by
            .into_iter()
            .map(|(category, count)| CategoryCount { category, count, findings: Vec::new() })
            .collect(),
    })
}

fn figures() -> impl Strategy<Value = ProblemFigures> {
    (0u32..30, 0u32..30, 0u32..30, 0u32..30, 0u32..30, 0u32..30, 0u32..5).prop_map(
        |(open, overdue, closed, on_time, satisfied, other, failures)| {
            let mut f = ProblemFigures::default();
            f.open = open;
            f.overdue = overdue.min(open);
            f.closed = closed;
            f.closed_on_time = on_time.min(closed);
            f.satisfied = satisfied.min(closed);
            f.reported = open + closed + other;
            f.verification_failures = failures;
            f
        },
    )
}

fn handling_line() -> impl Strategy<Value = ProblemSummaryResult> {
    (
        figures(),
        prop::collection::vec((0u16..400, figures()), 0..3),
        prop::collection::btree_map(
            prop::sample::select(vec!["telecomFraud", "drugs", "other", "noise"]),
            figures(),
            0..3,
        ),
    )
        .prop_map(|(total, units, by_category)| ProblemSummaryResult {
            day: "2022-05-31".parse().unwrap(),
            total,
            by_unit: units
                .into_iter()
                .map(|(u, figures)| UnitFigures { unit: unit_code(u), name: String::new(), figures })
                .collect(),
            by_target: BTreeMap::new(),
            by_category: by_category.into_iter().map(|(k, f)| (k.to_string(), f)).collect(),
        })
}

fn weak_and_lax_line() -> impl Strategy<Value = WeakAndLaxLine> {
    (0u16..400, any::<[bool; 7]>()).prop_map(|(n, b)| WeakAndLaxLine {
        organization: format!("po-{n}"),
        assessed: b[0],
        suggested: b[1],
        vetoed: b[2],
        decided: b[3],
        proposed: b[4],
        submitted: b[5],
        confirmed: b[6],
    })
}

fn ledger_line() -> impl Strategy<Value = LedgerLine> {
    (
        0u16..400,
        any::<bool>(),
        prop::sample::select(RectificationStatus::ALL.to_vec()),
        prop::array::uniform8(0u32..10),
        0u32..4,
    )
        .prop_map(|(n, listed, status, p, pairings)| LedgerLine {
            organization: format!("po-{n}"),
            name: String::new(),
            unit: unit_code(n),
            listed,
            status,
            progress: LedgerProgress {
                measures: p[0] + p[1] + p[2],
                open: p[0],
                done: p[1],
                verified: p[2],
                overdue: p[3].min(p[0]),
                exceptions: p[4],
                linked_problems: p[5] + p[6],
                linked_problems_closed: p[6],
            },
            pairings,
        })
}

fn funnel_line() -> impl Strategy<Value = AcceptanceFunnelResult> {
    (prop::array::uniform5(0u32..20), prop::array::uniform8(0u32..10)).prop_map(|(a, t)| AcceptanceFunnelResult {
        organizations: a[0] + a[1],
        not_begun: a[1],
        tiers: Tier::ALL
            .iter()
            .enumerate()
            .map(|(i, tier)| FunnelTier { tier: *tier, passed: t[2 * i], failed: t[2 * i + 1] })
            .collect(),
        accepted: a[2].min(a[0]),
        beyond_first_round: a[3],
        adjustments_due: a[4],
    })
}

fn notice_line() -> impl Strategy<Value = IssuedNotice> {
    (0u16..400, prop::sample::select(vec![NoticeKind::Progress, NoticeKind::Praise, NoticeKind::Criticism]), 0usize..3)
        .prop_map(|(n, kind, named)| IssuedNotice {
            notice: Notice {
                id: format!("n-{n}"),
                kind,
                title: String::new(),
                body: String::new(),
                organizations: (0..named).map(|i| format!("po-{i}")).collect(),
            },
            at: time("2022-06-01T09:00:00+08:00"),
        })
}

fn timetable_line() -> impl Strategy<Value = TimetableLine> {
    (
        0u16..400,
        prop::sample::select(vec![
            TimetableStatus::Completed,
            TimetableStatus::ShownDone,
            TimetableStatus::Open,
            TimetableStatus::Overdue,
        ]),
    )
        .prop_map(|(n, status)| TimetableLine {
            item: grassroots::organization::ScheduleItem {
                id: format!("s-{n}"),
                task: String::new(),
                owner: String::new(),
                phase: None,
                due: "2022-04-30".parse().unwrap(),
                completed_at: None,
                owner_organization: None,
                done_when: None,
            },
            status,
        })
}

/// A roll-up of random lines of one or more sub-districts.
fn rollup() -> impl Strategy<Value = CampaignRollup> {
    (
        prop::collection::btree_set(100usize..900, 0..3),
        prop::collection::vec(coverage_line(), 0..4),
        prop::collection::vec(problem_line(), 0..4),
        prop::collection::vec(handling_line(), 0..2),
        prop::collection::vec(weak_and_lax_line(), 0..4),
        prop::collection::vec(ledger_line(), 0..4),
        prop::collection::vec(funnel_line(), 0..2),
        prop::collection::vec(notice_line(), 0..4),
        prop::collection::vec(timetable_line(), 0..4),
    )
        .prop_map(|(s, c, pl, h, w, l, a, n, t)| CampaignRollup {
            subdistricts: s.into_iter().map(|i| code(&format!("430104{i:03}000"))).collect(),
            coverage: CoverageSummary::from_lines(&c),
            problem_list: ProblemListSummary::from_lines(&pl),
            problems: ProblemHandlingSummary::from_lines(&h),
            weak_and_lax: WeakAndLaxSummary::from_lines(&w),
            ledgers: LedgerSummary::from_lines(&l),
            acceptance: AcceptanceSummary::from_lines(&a),
            notices: NoticeSummary::from_lines(&n),
            timetable: TimetableSummary::from_lines(&t),
        })
}

/// Lines cut into parts at random points, and an order to merge the parts' summaries in.
fn split<T: std::fmt::Debug + Clone>(
    line: impl Strategy<Value = T>,
) -> impl Strategy<Value = (Vec<T>, Vec<usize>, Vec<usize>)> {
    prop::collection::vec(line, 0..24).prop_flat_map(|lines| {
        let n = lines.len();
        let cuts = prop::collection::vec(0..=n, 0..5);
        (Just(lines), cuts).prop_flat_map(|(lines, mut cuts)| {
            cuts.push(0);
            cuts.push(lines.len());
            cuts.sort_unstable();
            let parts = cuts.len() - 1;
            (Just(lines), Just(cuts), Just((0..parts).collect::<Vec<usize>>()).prop_shuffle())
        })
    })
}

/// A summary type with its lines, for the laws below.
trait Summary: Clone + Default + PartialEq + std::fmt::Debug {
    type Line: Clone;
    fn of(lines: &[Self::Line]) -> Self;
    fn join(&mut self, other: &Self);
}

macro_rules! summary {
    ($($summary:ty => $line:ty;)*) => {$(
        impl Summary for $summary {
            type Line = $line;
            fn of(lines: &[$line]) -> Self {
                <$summary>::from_lines(lines)
            }
            fn join(&mut self, other: &Self) {
                self.merge(other)
            }
        }
    )*};
}

summary! {
    CoverageSummary => UnitCoverageLine;
    ProblemListSummary => ProblemLine;
    ProblemHandlingSummary => ProblemSummaryResult;
    WeakAndLaxSummary => WeakAndLaxLine;
    LedgerSummary => LedgerLine;
    AcceptanceSummary => AcceptanceFunnelResult;
    NoticeSummary => IssuedNotice;
    TimetableSummary => TimetableLine;
}

fn merged<S: Summary>(a: &S, b: &S) -> S {
    let mut m = a.clone();
    m.join(b);
    m
}

/// Associative, commutative, the empty summary the identity (on both sides).
fn algebra<S: Summary>(a: &S, b: &S, c: &S) -> Result<(), TestCaseError> {
    prop_assert_eq!(merged(&merged(a, b), c), merged(a, &merged(b, c)), "associative");
    prop_assert_eq!(merged(a, b), merged(b, a), "commutative");
    prop_assert_eq!(&merged(a, &S::default()), a, "identity on the right");
    prop_assert_eq!(&merged(&S::default(), a), a, "identity on the left");
    Ok(())
}

/// The summary of the union of the lines equals the merge of the parts' summaries, in the given
/// order, and also as a pairwise tree.
fn union<S: Summary>(lines: &[S::Line], cuts: &[usize], order: &[usize]) -> Result<(), TestCaseError> {
    let parts: Vec<S> = cuts.windows(2).map(|w| S::of(&lines[w[0]..w[1]])).collect();
    let whole = S::of(lines);
    let mut folded = S::default();
    for &i in order {
        folded.join(&parts[i]);
    }
    prop_assert_eq!(&folded, &whole, "merged in order {:?}", order);
    prop_assert_eq!(&tree(parts), &whole, "merged as a tree");
    Ok(())
}

/// Merges pairwise, level by level, as a distributed job would.
fn tree<S: Summary>(mut level: Vec<S>) -> S {
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => merged(a, b),
                [a] => a.clone(),
                _ => unreachable!(),
            })
            .collect();
    }
    level.pop().unwrap_or_default()
}

fn three<S: Summary, L: Strategy<Value = S::Line>>(line: fn() -> L) -> impl Strategy<Value = (S, S, S)> {
    let one = || prop::collection::vec(line(), 0..8).prop_map(|l| S::of(&l));
    (one(), one(), one())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn coverage_merges(t in three::<CoverageSummary, _>(coverage_line), u in split(coverage_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<CoverageSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn problem_list_merges(t in three::<ProblemListSummary, _>(problem_line), u in split(problem_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<ProblemListSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn problem_handling_merges(t in three::<ProblemHandlingSummary, _>(handling_line), u in split(handling_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<ProblemHandlingSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn weak_and_lax_merges(t in three::<WeakAndLaxSummary, _>(weak_and_lax_line), u in split(weak_and_lax_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<WeakAndLaxSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn ledgers_merge(t in three::<LedgerSummary, _>(ledger_line), u in split(ledger_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<LedgerSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn acceptance_merges(t in three::<AcceptanceSummary, _>(funnel_line), u in split(funnel_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<AcceptanceSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn notices_merge(t in three::<NoticeSummary, _>(notice_line), u in split(notice_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<NoticeSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn timetable_merges(t in three::<TimetableSummary, _>(timetable_line), u in split(timetable_line())) {
        algebra(&t.0, &t.1, &t.2)?;
        union::<TimetableSummary>(&u.0, &u.1, &u.2)?;
    }

    #[test]
    fn campaign_rollups_merge(a in rollup(), b in rollup(), c in rollup(), order in Just(vec![0usize, 1, 2]).prop_shuffle()) {
        let m = |x: &CampaignRollup, y: &CampaignRollup| { let mut z = x.clone(); z.merge(y); z };
        prop_assert_eq!(m(&m(&a, &b), &c), m(&a, &m(&b, &c)));
        prop_assert_eq!(m(&a, &b), m(&b, &a));
        prop_assert_eq!(&m(&a, &CampaignRollup::default()), &a);
        prop_assert_eq!(&m(&CampaignRollup::default(), &a), &a);
        let all = [a.clone(), b.clone(), c.clone()];
        let shuffled: Vec<&CampaignRollup> = order.iter().map(|&i| &all[i]).collect();
        prop_assert_eq!(CampaignRollup::merged(shuffled), CampaignRollup::merged(&all));
        // Through JSON, as a platform would hand it back.
        let json = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(serde_json::from_str::<CampaignRollup>(&json).unwrap(), a);
    }
}

// ---------------------------------------------------------------------------------------------
// A real campaign

/// The moment the sample's acceptance ends.
fn the_end() -> DateTime<FixedOffset> {
    time(sample::ACCEPTANCE_ENDS)
}

fn summary_of(campaign: &Campaign, actor: &grassroots::Actor) -> grassroots::Result<CampaignRollup> {
    summarize(campaign.state(), &QueryContext { actor, head: campaign.head() }, the_end())
}

/// A small sub-district (four units, a few households each) through every phase of the sample.
fn small(seed: u64, subdistrict: Option<DivisionCode>) -> Campaign {
    let spec = SampleSpec { seed, villages: 2, communities: 2, households: 48 };
    sample::full_campaign(&spec, subdistrict)
}

#[test]
fn summarize_equals_a_recount_over_the_records() {
    let campaign = small(20_220_413, None);
    let s = summary_of(&campaign, &sample::administrator()).unwrap();
    assert_eq!(s.subdistricts, BTreeSet::from([code(sample::SUBDISTRICT)]));

    // Coverage, from the records alone: households registered (where they are now), and which of
    // them a visit covered or only attempted.
    let mut unit_of: BTreeMap<String, DivisionCode> = BTreeMap::new();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let mut attempted: BTreeSet<String> = BTreeSet::new();
    // Acceptance, likewise: each organization's rounds with their judgements in order.
    let mut rounds: BTreeMap<String, BTreeMap<u32, Vec<(Tier, bool)>>> = BTreeMap::new();
    let mut adjusted: BTreeSet<(String, u32)> = BTreeSet::new();
    for r in campaign.records_since(0) {
        match &r.event {
            Event::HouseholdRegistered(e) => {
                unit_of.insert(e.household.id.clone(), e.household.unit);
            }
            Event::HouseholdMoved(e) => {
                unit_of.insert(e.household.clone(), e.unit);
            }
            Event::VisitRecorded(e) => {
                if e.visit.outcome.covers() {
                    covered.insert(e.visit.household.clone());
                } else {
                    attempted.insert(e.visit.household.clone());
                }
            }
            Event::AcceptanceJudged(e) => {
                rounds.entry(e.organization.clone()).or_default().entry(e.round).or_default().push((e.tier, e.passed));
            }
            Event::AcceptanceSentBack(e) => {
                let round = rounds.get_mut(&e.organization).and_then(|r| r.get_mut(&e.round));
                if let Some(judgements) = round.filter(|j| j.last().is_some_and(|(t, _)| *t == e.tier)) {
                    judgements.pop();
                }
            }
            Event::SecretaryAdjusted(e) => {
                adjusted.insert((e.organization.clone(), e.round));
            }
            _ => {}
        }
    }
    let households = unit_of.len() as u64;
    let covered_n = unit_of.keys().filter(|h| covered.contains(*h)).count() as u64;
    let attempted_n = unit_of.keys().filter(|h| !covered.contains(*h) && attempted.contains(*h)).count() as u64;
    let units: BTreeSet<DivisionCode> = unit_of.values().copied().collect();
    assert_eq!(s.coverage.households, households);
    assert_eq!(s.coverage.covered, covered_n);
    assert_eq!(s.coverage.attempted_only, attempted_n);
    assert_eq!(s.coverage.not_tried, households - covered_n - attempted_n);
    assert_eq!(s.coverage.units, units.len() as u64);
    assert!(s.coverage.covered > 0 && s.coverage.households == 48);

    let mut tiers: BTreeMap<Tier, TierCounts> = BTreeMap::new();
    let (mut accepted, mut beyond, mut due) = (0u64, 0u64, 0u64);
    for (organization, by_round) in &rounds {
        beyond += u64::from(by_round.len() > 1);
        for (round, judgements) in by_round {
            for (tier, _) in judgements.iter().filter(|(_, passed)| !passed) {
                tiers.entry(*tier).or_default().failed += 1;
            }
            let failed = judgements.iter().any(|(_, passed)| !passed);
            due += u64::from(failed && !adjusted.contains(&(organization.clone(), *round)));
        }
        let (_, last) = by_round.last_key_value().unwrap();
        for (tier, _) in last.iter().filter(|(_, passed)| *passed) {
            tiers.entry(*tier).or_default().passed += 1;
        }
        accepted += u64::from(last.iter().any(|(t, passed)| *t == Tier::CityVerification && *passed));
    }
    assert_eq!(s.acceptance.tiers, tiers);
    assert_eq!(s.acceptance.accepted, accepted);
    assert_eq!(s.acceptance.beyond_first_round, beyond);
    assert_eq!(s.acceptance.adjustments_due, due);
    assert_eq!(s.acceptance.organizations - s.acceptance.not_begun, rounds.len() as u64);
    assert!(s.acceptance.accepted > 0, "{:?}", s.acceptance);
    // The rest of the campaign is there too.
    assert!(s.problems.total.reported > 0 && s.ledgers.ledgers > 0 && s.timetable.items > 0, "{s:?}");
}

#[test]
fn the_query_answers_the_same_with_a_header() {
    let campaign = small(3, None);
    let admin = sample::administrator();
    let cx = QueryContext { actor: &admin, head: campaign.head() };
    let r = grassroots::engine::Answer::answer(&RollupQuery { at: the_end() }, campaign.state(), &cx).unwrap();
    assert_eq!(*r.summary, summary_of(&campaign, &admin).unwrap());
    assert_eq!(r.header.head, campaign.head());
    assert_eq!(r.header.subdistrict.code, code(sample::SUBDISTRICT));
}

#[test]
fn a_reader_is_refused_as_the_areas_refuse_it() {
    let campaign = small(5, None);
    let unit = sample::village_code(0);
    let areas = [
        grassroots::Query::Coverage(grassroots::survey::CoverageQuery { unit: None }),
        grassroots::Query::ProblemSummary(grassroots::problem::ProblemSummaryQuery { at: the_end(), unit: None }),
        grassroots::Query::AcceptanceFunnel(grassroots::acceptance::AcceptanceFunnelQuery {}),
        grassroots::Query::Timetable(grassroots::oversight::TimetableQuery { at: the_end() }),
    ];
    let mut refused = 0;
    let actors = Role::ALL
        .iter()
        .map(|r| common::actor(*r, sample::SUBDISTRICT))
        .chain([common::exact_actor(Role::Administrator, "430104018000"), sample::survey_helper(unit)]);
    let subdistrict = grassroots::DivisionCode::parse(sample::SUBDISTRICT, "code").unwrap();
    for actor in actors {
        let mine = summary_of(&campaign, &actor);
        if !actor.scope.contains(subdistrict) {
            // A roll-up stands for the whole sub-district: a narrower reader may not make one.
            let e = mine.expect_err("a reader short of the whole sub-district is refused");
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfScope, Some("actor.scope")), "{actor:?}");
            refused += 1;
            continue;
        }
        let area = areas.iter().find_map(|q| campaign.query(&actor, q).err());
        match (mine, area) {
            (Ok(_), None) => {}
            (Err(mine), Some(theirs)) => {
                refused += 1;
                assert_eq!(mine.code, theirs.code, "{actor:?}: {} / {}", mine.message, theirs.message);
            }
            (mine, theirs) => panic!("{actor:?}: the roll-up answers {mine:?}, the areas {theirs:?}"),
        }
    }
    assert!(refused > 0, "the administrator of another sub-district is refused");
    // A cadre of one village reads its village's figures in the reports, but may not make a roll-up:
    // labelled as the sub-district, it would be merged upward as all of it.
    let cadre = sample::unit_cadre(unit);
    let e = summary_of(&campaign, &cadre).unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfScope);
    // The district above may.
    let district = common::exact_actor(Role::Inspector, sample::DISTRICT);
    assert_eq!(summary_of(&campaign, &district).unwrap(), summary_of(&campaign, &sample::administrator()).unwrap());
}

// ---------------------------------------------------------------------------------------------
// A city of two hundred sub-districts

/// A SplitMix64 generator: a seeded shuffle without a dependency.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
    }
}

#[test]
fn two_hundred_sub_districts_roll_up_to_a_city_in_any_order() {
    let admin_of = |subdistrict: DivisionCode| grassroots::Actor {
        id: format!("office-{subdistrict}"),
        role: Role::Administrator,
        scope: subdistrict,
    };
    // Each generated sub-district: its own code and seed, a handful of households, the registration
    // and the survey (the phases after it run in the tests above; here the many count).
    let summaries: Vec<CampaignRollup> = (0..200)
        .map(|i| {
            let at = sample::subdistrict_code(i);
            let spec = SampleSpec { seed: 1_000 + i as u64, villages: 1, communities: 1, households: 6 + i % 7 };
            let mut campaign = Campaign::new();
            for e in sample::relocate(&sample::commands(&spec), at) {
                campaign.execute(e).unwrap();
            }
            summary_of(&campaign, &admin_of(at)).unwrap()
        })
        .collect();
    let codes: BTreeSet<DivisionCode> = summaries.iter().flat_map(|s| s.subdistricts.iter().copied()).collect();
    assert_eq!(codes.len(), 200, "distinct sub-district codes");

    let city = roll_up(&summaries).unwrap();
    let households: u64 = (0..200).map(|i| 6 + i % 7).sum();
    assert_eq!(city.coverage.households, households);
    assert_eq!(city.subdistricts, codes);
    assert_eq!(city.timetable.items, summaries.iter().map(|s| s.timetable.items).sum::<u64>());

    let mut reversed = summaries.clone();
    reversed.reverse();
    assert_eq!(roll_up(&reversed).unwrap(), city, "reversed");
    let mut rng = SplitMix(20_221_130);
    for _ in 0..3 {
        let mut shuffled = summaries.clone();
        rng.shuffle(&mut shuffled);
        assert_eq!(CampaignRollup::merged(&shuffled), city, "shuffled");
    }
    // Pairwise, as a tree: sub-districts into districts of ten, districts into the city.
    let districts: Vec<CampaignRollup> = summaries.chunks(10).map(|c| roll_up(c).unwrap()).collect();
    assert_eq!(roll_up(&districts).unwrap(), city, "districts first");
    let mut level = summaries.clone();
    while level.len() > 1 {
        level = level.chunks(2).map(|pair| roll_up(pair).unwrap()).collect();
    }
    assert_eq!(level[0], city, "a pairwise tree");
    // Through the JSON door.
    let json = serde_json::to_string(&summaries).unwrap();
    let answered: CampaignRollup = serde_json::from_str(&roll_up_json(&json).unwrap()).unwrap();
    assert_eq!(answered, city);

    // A sub-district merged twice is refused, naming where.
    let mut twice = districts.clone();
    twice.push(summaries[37].clone());
    let e = roll_up(&twice).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert_eq!(e.field.as_deref(), Some("summaries[20].subdistricts"));
    assert!(e.message.contains(&summaries[37].subdistricts.first().unwrap().to_string()), "{}", e.message);
    assert!(e.message.contains("summaries[3]"), "{}", e.message);

    // The city's page.
    let zh = rollup_markdown(&city, "长沙市汇总", Language::Zh);
    assert!(zh.starts_with("# 长沙市汇总\n") && zh.contains("汇总街道 200 个") && zh.contains("| 住户 | "), "{zh}");
    let en = rollup_markdown(&city, "City roll-up", Language::En);
    assert!(en.contains("| Households | ") && en.contains("Sub-districts rolled up: 200"), "{en}");
    assert_eq!(en, rollup_markdown(&CampaignRollup::merged(&reversed), "City roll-up", Language::En));
}

#[test]
fn roll_up_json_names_the_bad_element() {
    let e = roll_up_json("{").unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedInput);
    let good = serde_json::to_string(&CampaignRollup::default()).unwrap();
    let e = roll_up_json(&format!("[{good},{good},{{\"coverage\":1}}]")).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedInput);
    assert!(e.field.as_deref().is_some_and(|f| f.starts_with("summaries[2]")), "{e:?}");
    assert!(e.message.starts_with("summaries[2] "), "{}", e.message);
    let e = roll_up_json(&good).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedInput);
    assert_eq!(roll_up_json("[]").unwrap(), good);
    // Not a sub-district's code.
    let district = good.replace("\"subdistricts\":[]", "\"subdistricts\":[\"430104000000\"]");
    assert_eq!(roll_up_json(&format!("[{district}]")).unwrap_err().field.as_deref(), Some("summaries[0].subdistricts"));
}

#[test]
fn the_markdown_shows_a_dash_for_nothing_to_divide() {
    let empty = rollup_markdown(&CampaignRollup::default(), "空", Language::Zh);
    assert!(empty.contains("| 覆盖率 | — |"), "{empty}");
    let one = CampaignRollup {
        coverage: CoverageSummary {
            units: 1,
            units_complete: 0,
            households: 3,
            covered: 2,
            attempted_only: 1,
            not_tried: 0,
        },
        ..CampaignRollup::default()
    };
    assert!(rollup_markdown(&one, "t", Language::En).contains("| Coverage | 66.7% |"));
}
