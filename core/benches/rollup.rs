//! Figures of the roll-ups (issue #18).
//!
//! ```text
//! cargo bench -p grassroots --bench rollup
//! ```
//!
//! a. merging 200 sub-districts' roll-ups into a city's (`roll_up`, which also checks for a
//!    sub-district merged twice): the median and the fastest of 1,001 runs, and the same through the
//!    JSON door (`roll_up_json`);
//! b. rolling up a city of 200 sub-districts × 10,000 households from their campaigns: each built
//!    with the demo generator through every phase it has (registration and the door-knock survey,
//!    the problem loop, the look-back, the determination, rectification, supervision, acceptance),
//!    summarized as its office, dropped, and the summaries merged. Building, summarizing and merging
//!    are timed apart; the peak of memory is one campaign's, since each is dropped once summarized.
//!
//! `GRASSROOTS_BENCH_SCALE` scales the households per sub-district (e.g. `0.1` for a quick run);
//! `GRASSROOTS_BENCH_SUBDISTRICTS` the number of sub-districts of b (default 200).

use cap::Cap;
use grassroots::engine::QueryContext;
use grassroots::report::rollup::{CampaignRollup, roll_up, roll_up_json, summarize};
use grassroots::{Actor, Role};
use grassroots_demo::{self as sample, SampleSpec};
use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Counts the bytes currently allocated; the `cap` crate wraps `System`.
#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn env(name: &str) -> Option<f64> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

fn office(subdistrict: grassroots::DivisionCode) -> Actor {
    Actor { id: format!("office-{subdistrict}"), role: Role::Administrator, scope: subdistrict }
}

fn median(mut runs: Vec<Duration>) -> (Duration, Duration) {
    runs.sort_unstable();
    (runs[runs.len() / 2], runs[0])
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let scale = env("GRASSROOTS_BENCH_SCALE").unwrap_or(1.0);
    let subdistricts = env("GRASSROOTS_BENCH_SUBDISTRICTS").map_or(200, |n| n as usize);
    let households = ((10_000.0 * scale) as usize).max(10);
    let at = sample::ACCEPTANCE_ENDS.parse().expect("a valid time");
    println!("grassroots {} · roll-ups (issue #18)", grassroots::VERSION);

    // b first: its summaries feed a.
    let mut build = Duration::ZERO;
    let mut summarizing = Duration::ZERO;
    let mut peak = 0usize;
    let mut live = 0usize;
    let mut records = 0u64;
    let mut summaries: Vec<CampaignRollup> = Vec::with_capacity(subdistricts);
    let started = Instant::now();
    for i in 0..subdistricts {
        let code = sample::subdistrict_code(i);
        let spec = SampleSpec { seed: 20_220_413 + i as u64, villages: 3, communities: 3, households };
        let t = Instant::now();
        let campaign = sample::full_campaign(&spec, Some(code));
        build += t.elapsed();
        records += campaign.head().seq;
        live = live.max(ALLOCATOR.allocated());
        let t = Instant::now();
        let actor = office(code);
        let summary = summarize(campaign.state(), &QueryContext { actor: &actor, head: campaign.head() }, at)
            .expect("the office reads its campaign");
        summarizing += t.elapsed();
        summaries.push(summary);
        drop(campaign);
        if (i + 1) % 20 == 0 {
            eprintln!("  … {} sub-districts in {:.0} s", i + 1, started.elapsed().as_secs_f64());
        }
    }
    let t = Instant::now();
    let city = roll_up(&summaries).expect("distinct sub-districts");
    let merging = t.elapsed();
    // The high-water mark of the whole run (`cap` keeps it): one campaign's build at a time.
    peak = peak.max(ALLOCATOR.max_allocated());
    println!();
    println!("b. a city of {subdistricts} sub-districts × {households} households, from their campaigns");
    println!(
        "   built (demo generator, every phase, relocated) {:>9.1} s  ({records} records in all)",
        build.as_secs_f64()
    );
    println!(
        "   summarized ({subdistricts} × summarize)          {:>9.1} ms  ({:.2} ms per sub-district)",
        summarizing.as_secs_f64() * 1e3,
        summarizing.as_secs_f64() * 1e3 / subdistricts as f64
    );
    println!("   merged (roll_up)                              {:>9.3} ms", merging.as_secs_f64() * 1e3);
    println!("   peak memory (one campaign at a time)          {:>9.1} MiB", mib(peak));
    println!("   largest campaign held, built                  {:>9.1} MiB", mib(live));
    println!(
        "   city: {} households, {} covered, {} problems reported, {} ledgers, {} organizations accepted of {}",
        city.coverage.households,
        city.coverage.covered,
        city.problems.total.reported,
        city.ledgers.ledgers,
        city.acceptance.accepted,
        city.acceptance.organizations
    );

    // a. merging 200 summaries, many times.
    let runs = 1_001;
    let mut typed = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        black_box(roll_up(black_box(&summaries)).expect("distinct"));
        typed.push(t.elapsed());
    }
    let json = serde_json::to_string(&summaries).expect("summaries write as JSON");
    let mut door = Vec::with_capacity(101);
    for _ in 0..101 {
        let t = Instant::now();
        black_box(roll_up_json(black_box(&json)).expect("distinct"));
        door.push(t.elapsed());
    }
    let (m, fastest) = median(typed);
    let (jm, jfastest) = median(door);
    println!();
    println!("a. merging {} sub-district roll-ups", summaries.len());
    println!(
        "   roll_up       median {:>8.1} µs  fastest {:>8.1} µs  ({} runs)",
        m.as_secs_f64() * 1e6,
        fastest.as_secs_f64() * 1e6,
        runs
    );
    println!(
        "   roll_up_json  median {:>8.1} µs  fastest {:>8.1} µs  (101 runs, {} KiB of JSON in)",
        jm.as_secs_f64() * 1e6,
        jfastest.as_secs_f64() * 1e6,
        json.len() / 1024
    );
}
