//! Figures of the problem-handling loop, printed as a table beside their targets.
//!
//! ```text
//! cargo bench -p grassroots --bench problems
//! ```
//!
//! a. typed loop actions per second through `Campaign::execute`: 100,000 problems, each confirmed,
//!    dispatched, accepted, progressed, reported done, failed at verification, progressed, reported
//!    done again, verified and closed (1,000,000 actions);
//! b. the overdue query (`problemDeadlines`) at a moment, over 100,000 problems whose clocks run;
//! c. memory per problem beyond its strings, after the whole loop (ten steps of history each).
//!
//! `GRASSROOTS_BENCH_SCALE` scales the number of problems (e.g. `0.1` for a quick run).

use cap::Cap;
use grassroots::problem::ProblemDeadlinesQuery;
use grassroots::{
    Actor, Campaign, CampaignConfig, Command, CommandEnvelope, DivisionCode, OrgLevel, Query, QueryResult, Role,
    SCHEMA_VERSION,
};
use serde_json::json;
use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Counts the bytes currently allocated; the `cap` crate wraps `System`.
#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn live() -> isize {
    ALLOCATOR.allocated() as isize
}

const SUBDISTRICT: &str = "430104017000";
const UNITS: [&str; 9] = [
    "430104017001",
    "430104017002",
    "430104017003",
    "430104017004",
    "430104017005",
    "430104017200",
    "430104017201",
    "430104017202",
    "430104017203",
];

fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s, "code").expect("valid code")
}

fn admin() -> Actor {
    Actor { id: "ldxz-office".into(), role: Role::Administrator, scope: code(SUBDISTRICT) }
}

fn handler() -> Actor {
    Actor { id: "zzb-1".into(), role: Role::Handler, scope: code(SUBDISTRICT) }
}

/// Envelopes with sequential ids, one second apart from 13 April 2022.
struct Envelopes {
    n: u64,
    start: chrono::DateTime<chrono::FixedOffset>,
}

impl Envelopes {
    fn next(&mut self, actor: &Actor, command: Command) -> CommandEnvelope {
        self.n += 1;
        CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("c{:08}", self.n),
            actor: actor.clone(),
            at: self.start + chrono::TimeDelta::seconds(self.n as i64),
            expected_seq: None,
            command,
        }
    }
}

fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).expect("a command")
}

/// An opened campaign with the units, a target and `n` reported problems.
fn campaign_with(n: usize, e: &mut Envelopes) -> Campaign {
    let mut c = Campaign::new();
    let mut run = |c: &mut Campaign, command: Command| {
        c.execute(e.next(&admin(), command)).expect("setup accepted");
    };
    run(
        &mut c,
        Command::OpenCampaign(grassroots::organization::OpenCampaign { config: CampaignConfig::dongfanghong_2022() }),
    );
    for (i, unit) in UNITS.iter().enumerate() {
        let level = if i < 5 { OrgLevel::Community } else { OrgLevel::Village };
        run(
            &mut c,
            Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit {
                code: unit.to_string(),
                level,
                name: format!("单位{unit}"),
            }),
        );
    }
    run(
        &mut c,
        command(json!({"type":"setDispatchTarget","target":{"id":"t-zzb","kind":"subdistrictOffice",
        "name":"街道综治办","level":"subdistrict","unit":SUBDISTRICT,"handlers":["zzb-1"]}})),
    );
    for chunk in (0..n).collect::<Vec<_>>().chunks(10_000) {
        let problems: Vec<serde_json::Value> = chunk
            .iter()
            .map(|i| {
                json!({"id":format!("P{i:07}"),"unit":UNITS[i % UNITS.len()],"category":"disputes","severity":"minor",
                       "description":"邻里纠纷，需调解","sources":[{"kind":"hotline","reference":format!("12345-{i}")}]})
            })
            .collect();
        run(&mut c, command(json!({"type":"reportProblems","problems":problems})));
    }
    c
}

/// The ten actions each problem takes, in order, with who takes them.
fn action(k: usize, problem: &str) -> (Actor, Command) {
    let v = match k {
        0 => json!({"type":"confirmProblem","problem":problem}),
        1 => json!({"type":"dispatchProblem","problem":problem,"target":"t-zzb","due":{"workingDays":5}}),
        2 => json!({"type":"acceptProblem","problem":problem}),
        3 => json!({"type":"recordProblemProgress","problem":problem,"note":"已约谈双方"}),
        4 => json!({"type":"reportProblemDone","problem":problem,"done":"已调解"}),
        5 => {
            json!({"type":"verifyProblem","problem":problem,"passed":false,"note":"回访未化解","due":{"workingDays":5}})
        }
        6 => json!({"type":"recordProblemProgress","problem":problem,"note":"再次调解"}),
        7 => json!({"type":"reportProblemDone","problem":problem,"done":"双方签订调解协议"}),
        8 => json!({"type":"verifyProblem","problem":problem,"passed":true,"note":"回访属实"}),
        _ => json!({"type":"closeProblem","problem":problem,"feedback":{"satisfied":true}}),
    };
    let actor = if matches!(k, 2 | 3 | 4 | 6 | 7) { handler() } else { admin() };
    (actor, command(v))
}

#[inline(never)]
fn timed(campaign: &mut Campaign, envelopes: Vec<CommandEnvelope>) -> Duration {
    let started = Instant::now();
    for envelope in envelopes {
        campaign.execute(envelope).expect("action accepted");
    }
    started.elapsed()
}

fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn row(figure: &str, value: String, target: &str, met: Option<bool>, misses: &mut usize) {
    let verdict = match met {
        Some(true) => "met",
        Some(false) => {
            *misses += 1;
            "MISSED"
        }
        None => "",
    };
    println!("{}", format!("{figure:<52} {value:>18}  {target:<14} {verdict}").trim_end());
}

fn main() {
    let scale: f64 = std::env::var("GRASSROOTS_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let n = ((100_000.0 * scale) as usize).max(100);
    println!("grassroots problem-loop bench ({n} problems, {} loop actions)", n * 10);
    let mut e = Envelopes { n: 0, start: "2022-04-13T09:00:00+08:00".parse().expect("a time") };
    let started = Instant::now();
    let mut campaign = campaign_with(n, &mut e);
    println!("setup: {n} problems reported in {:.2} s", started.elapsed().as_secs_f64());
    let ids: Vec<String> = (0..n).map(|i| format!("P{i:07}")).collect();
    let mut total = Duration::ZERO;
    let mut overdue = None;
    for k in 0..10 {
        // Built per step, outside the timing, so that a million envelopes are not held at once.
        let envelopes: Vec<CommandEnvelope> = ids
            .iter()
            .map(|id| {
                let (actor, command) = action(k, id);
                e.next(&actor, command)
            })
            .collect();
        total += timed(&mut campaign, envelopes);
        if k == 3 {
            // Every problem in progress, due 20 April: the overdue query on 10 May counts them all.
            let query = Query::ProblemDeadlines(ProblemDeadlinesQuery {
                at: "2022-05-10T09:00:00+08:00".parse().expect("a time"),
                unit: None,
                target: None,
                supervisor: None,
                after: None,
                limit: None,
            });
            let mut times = Vec::new();
            let mut counted = 0;
            for _ in 0..21 {
                let started = Instant::now();
                let answer = campaign.query(&admin(), &query).expect("answered");
                times.push(started.elapsed());
                if let QueryResult::ProblemDeadlines(d) = black_box(answer) {
                    counted = d.total.overdue;
                }
            }
            times.sort();
            overdue = Some((times[times.len() / 2], counted));
        }
    }
    let actions = n * 10;
    let rate = actions as f64 / total.as_secs_f64();

    // Memory: a deep clone of the problems, less the bytes of their strings.
    let problems = &campaign.state().problems.problems;
    let l0 = live();
    let copy = problems.clone();
    let deep = (live() - l0) as f64 / n as f64;
    drop(copy);
    let mut strings = 0usize;
    for p in problems.iter() {
        strings += p.id.len() + p.description.len();
        strings += p.dispatched_by.as_ref().map_or(0, |s| s.len()) + p.done_by.as_ref().map_or(0, |s| s.len());
        strings += p.sources.iter().map(|s| s.reference.len()).sum::<usize>();
        strings += p.words.len();
        if let Some(more) = &p.more {
            strings +=
                more.household.as_ref().map_or(0, String::len) + more.persons.iter().map(String::len).sum::<usize>();
            strings += more.evidence.iter().map(|x| x.id.len() + x.sha256.len()).sum::<usize>();
            strings += more.merged_into.as_ref().map_or(0, String::len);
            strings += more.pending_extension.as_ref().map_or(0, |x| x.reason.len());
        }
    }
    let string_bytes = strings as f64 / n as f64;
    let beyond = deep - string_bytes;
    let history = problems.iter().map(|p| p.history.len()).sum::<usize>() as f64 / n as f64;

    println!();
    println!("{:<52} {:>18}  {:<14} verdict", "figure", "measured", "target");
    println!("{}", "-".repeat(94));
    let mut misses = 0;
    row(
        "a. loop actions via execute (typed)",
        format!("{} act/s", thousands(rate)),
        ">= 300,000/s",
        Some(rate >= 300_000.0),
        &mut misses,
    );
    row(
        "   mean time per action",
        format!("{:.2} us", total.as_secs_f64() * 1e6 / actions as f64),
        "",
        None,
        &mut misses,
    );
    if let Some((t, counted)) = overdue {
        let ms = t.as_secs_f64() * 1e3;
        row(
            &format!("b. overdue query over {n} problems (median)"),
            format!("{ms:.2} ms"),
            "< 10 ms",
            Some(ms < 10.0),
            &mut misses,
        );
        row("   overdue counted", thousands(f64::from(counted)), "", None, &mut misses);
    }
    row("c. bytes per problem (deep size of a clone)", format!("{deep:.0} B"), "", None, &mut misses);
    row("   strings", format!("{string_bytes:.0} B"), "", None, &mut misses);
    row("   beyond strings", format!("{beyond:.0} B"), "< 400 B", Some(beyond < 400.0), &mut misses);
    row("   history steps per problem", format!("{history:.0}"), "", None, &mut misses);
    row(
        "   size_of Problem / Step",
        format!(
            "{} / {} B",
            std::mem::size_of::<grassroots::problem::Problem>(),
            std::mem::size_of::<grassroots::problem::Step>()
        ),
        "",
        None,
        &mut misses,
    );
    println!();
    println!("{misses} of 3 targets missed (see the table).");
}
