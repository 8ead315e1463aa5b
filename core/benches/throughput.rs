//! Throughput and memory figures of the core, printed as a table beside their targets.
//!
//! ```text
//! cargo bench -p grassroots --bench throughput
//! ```
//!
//! a. typed `moveHousehold` commands per second through `Campaign::execute`;
//! b. the same commands as JSON through `Campaign::execute_json`, against a serde_json baseline that
//!    only parses and prints the same text;
//! c. replay of 1,000,000 records (typed, then from JSON);
//! d. memory: state per household beyond its strings, and log bytes per record held in memory.
//!
//! Sizes can be scaled with `GRASSROOTS_BENCH_SCALE` (e.g. `0.1` for a quick run), and sections
//! chosen with `GRASSROOTS_BENCH_ONLY` (e.g. `a` or `cd`, for profiling one of them).

use cap::Cap;
use grassroots::people::Location;
use grassroots::{
    Actor, Campaign, CampaignConfig, Command, CommandEnvelope, DivisionCode, OrgLevel, Role, SCHEMA_VERSION,
};
use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Counts the bytes currently allocated (as requested by callers, not as rounded up by malloc); the
/// `cap` crate wraps `System`, so the core's benches hold no unsafe code of ours.
#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn live() -> isize {
    ALLOCATOR.allocated() as isize
}

const SUBDISTRICT: &str = "430104017000";

fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s, "code").expect("valid code")
}

fn admin() -> Actor {
    Actor { id: "ldxz-office".into(), role: Role::Administrator, scope: code(SUBDISTRICT) }
}

/// The units of the bench: five communities and four villages.
fn units() -> Vec<(String, OrgLevel)> {
    let mut units: Vec<(String, OrgLevel)> =
        (1..=5).map(|i| (format!("430104017{i:03}"), OrgLevel::Community)).collect();
    units.extend((0..4).map(|i| (format!("430104017{:03}", 200 + i), OrgLevel::Village)));
    units
}

/// Builds envelopes with sequential ids and times.
struct Envelopes {
    prefix: &'static str,
    n: u64,
    actor: Actor,
    start: chrono::DateTime<chrono::FixedOffset>,
}

impl Envelopes {
    fn new(prefix: &'static str) -> Envelopes {
        Envelopes { prefix, n: 0, actor: admin(), start: "2022-04-13T09:00:00+08:00".parse().expect("a time") }
    }
    fn next(&mut self, command: Command) -> CommandEnvelope {
        self.n += 1;
        CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("{}-{:07}", self.prefix, self.n),
            actor: self.actor.clone(),
            at: self.start + chrono::TimeDelta::milliseconds(self.n as i64 * 10),
            expected_seq: None,
            command,
        }
    }
}

/// A household's strings: id, address, building.
fn household_fields(i: usize) -> (String, String, String) {
    let building = format!("{}栋", i / 96 % 40 + 1);
    let address = format!("东方红社区{building}{}单元{}{:02}", i / 48 % 2 + 1, i / 4 % 12 + 1, i % 4 + 1);
    (format!("H{i:07}"), address, building)
}

fn register_household(i: usize) -> Command {
    let units = ["430104017001", "430104017002", "430104017003", "430104017004", "430104017005"];
    let (id, address, building) = household_fields(i);
    Command::RegisterHousehold(grassroots::people::RegisterHousehold {
        id,
        address,
        unit: units[i % units.len()].to_string(),
        building: Some(building),
        location: Some(Location { lat: 28.2 + (i % 1000) as f64 * 1e-5, lng: 112.9 + (i % 997) as f64 * 1e-5 }),
        key_place: None,
    })
}

fn move_household(k: usize, households: usize) -> Command {
    Command::MoveHousehold(grassroots::people::MoveHousehold {
        household: format!("H{:07}", (k * 7919) % households),
        address: None,
        unit: None,
        building: Some(format!("{}栋", k % 60 + 1)),
        location: Some(Location { lat: 28.19 + (k % 2000) as f64 * 1e-5, lng: 112.89 + (k % 1999) as f64 * 1e-5 }),
    })
}

/// An opened campaign with the bench's units and `households` households.
fn campaign_with(households: usize, envelopes: &mut Envelopes) -> Campaign {
    let mut campaign = Campaign::new();
    let mut run = |c: &mut Campaign, command| {
        c.execute(envelopes.next(command)).expect("setup command accepted");
    };
    run(
        &mut campaign,
        Command::OpenCampaign(grassroots::organization::OpenCampaign { config: CampaignConfig::dongfanghong_2022() }),
    );
    for (code, level) in units() {
        run(
            &mut campaign,
            Command::RegisterOrgUnit(grassroots::organization::RegisterOrgUnit {
                name: format!("单位{code}"),
                code,
                level,
            }),
        );
    }
    for i in 0..households {
        run(&mut campaign, register_household(i));
    }
    campaign
}

fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
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

struct Table {
    rows: Vec<[String; 4]>,
    misses: usize,
}

impl Table {
    fn row(&mut self, figure: &str, value: String, target: &str, met: Option<bool>) {
        let verdict = match met {
            Some(true) => "met".to_string(),
            Some(false) => {
                self.misses += 1;
                "MISSED".to_string()
            }
            None => String::new(),
        };
        self.rows.push([figure.to_string(), value, target.to_string(), verdict]);
    }
    fn print(&self) {
        println!();
        println!("{:<52} {:>18}  {:<14} verdict", "figure", "measured", "target");
        println!("{}", "-".repeat(94));
        for [figure, value, target, verdict] in &self.rows {
            let line = format!("{figure:<52} {value:>18}  {target:<14} {verdict}");
            println!("{}", line.trim_end());
        }
    }
}

// The timed loops are functions of their own so that a profiler can single them out
// (`valgrind --tool=callgrind --toggle-collect=throughput::timed_typed …`).

#[inline(never)]
fn timed_typed(campaign: &mut Campaign, commands: Vec<CommandEnvelope>) -> Duration {
    let started = Instant::now();
    for envelope in commands {
        campaign.execute(envelope).expect("move accepted");
    }
    started.elapsed()
}

/// What hashing alone costs a command: SHA-256 of a move's canonical command and of its record's
/// canonical form (the bytes every command must hash, whatever else gets faster), `n` times.
/// Answers the bytes hashed per command and the seconds per command.
#[inline(never)]
fn hashing_floor(mut campaign: Campaign, json: &[String], n: usize) -> (usize, f64) {
    let envelope: serde_json::Value = serde_json::from_str(&json[0]).expect("a command");
    let mut command = Vec::new();
    grassroots::engine::jcs::write_jcs(&mut command, &envelope["command"]);
    let answer: serde_json::Value =
        serde_json::from_str(&campaign.execute_json(&json[0]).expect("move accepted")).expect("an answer");
    let mut record_value = answer["records"][0].clone();
    record_value.as_object_mut().expect("a record").remove("hash");
    let mut record = Vec::new();
    grassroots::engine::jcs::write_jcs(&mut record, &record_value);
    let started = Instant::now();
    for _ in 0..n {
        black_box(grassroots::Digest::of(black_box(&command)));
        black_box(grassroots::Digest::of(black_box(&record)));
    }
    (command.len() + record.len(), started.elapsed().as_secs_f64() / n as f64)
}

#[inline(never)]
fn timed_json(campaign: &mut Campaign, inputs: &[String]) -> (Duration, usize) {
    let mut answer_bytes = 0usize;
    let started = Instant::now();
    for input in inputs {
        answer_bytes += campaign.execute_json(input).expect("move accepted").len();
    }
    (started.elapsed(), answer_bytes)
}

#[inline(never)]
fn timed_baseline(inputs: &[String]) -> Duration {
    let started = Instant::now();
    let mut printed = 0usize;
    for input in inputs {
        let value: serde_json::Value = serde_json::from_str(input).expect("valid JSON");
        printed += serde_json::to_string(&value).expect("printable").len();
    }
    black_box(printed);
    started.elapsed()
}

#[inline(never)]
fn timed_replay(records: Vec<grassroots::Record>) -> (Campaign, Duration) {
    let started = Instant::now();
    let replayed = Campaign::replay(records).expect("the log replays");
    (replayed, started.elapsed())
}

fn main() {
    let scale: f64 = std::env::var("GRASSROOTS_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let scaled = |n: usize| ((n as f64 * scale) as usize).max(1);
    let households = scaled(100_000);
    let moves = scaled(250_000);
    let replay_records = scaled(1_000_000);
    let only = std::env::var("GRASSROOTS_BENCH_ONLY").ok();
    let run = |section: char| only.as_deref().is_none_or(|o| o.contains(section));
    let mut table = Table { rows: Vec::new(), misses: 0 };
    println!(
        "grassroots throughput bench ({households} households, {moves} moves, {replay_records} records to replay)"
    );

    if run('a') || run('b') {
        // ---- setup shared by a and b: a campaign with `households` households, snapshotted so that
        // each path starts from the same state.
        let started = Instant::now();
        let mut setup = Envelopes::new("setup");
        let base = campaign_with(households, &mut setup);
        let snapshot = base.snapshot();
        drop(base);
        println!("setup: {households} households registered in {:.2} s", started.elapsed().as_secs_f64());

        let mut envelopes = Envelopes::new("move");
        let typed: Vec<CommandEnvelope> = (0..moves).map(|k| envelopes.next(move_household(k, households))).collect();
        let json: Vec<String> = typed.iter().map(|e| serde_json::to_string(e).expect("serializable")).collect();
        let json_bytes: usize = json.iter().map(String::len).sum();

        // ---- a. typed commands through execute.
        if run('a') {
            let mut campaign = Campaign::restore(snapshot.clone()).expect("restorable");
            let typed_time = timed_typed(&mut campaign, typed);
            drop(campaign);
            let typed_rate = per_second(moves, typed_time);
            table.row(
                "a. moveHousehold via execute (typed)",
                format!("{} cmd/s", thousands(typed_rate)),
                ">= 1,000,000/s",
                Some(typed_rate >= 1e6),
            );
            table.row(
                "   mean time per command",
                format!("{:.2} us", typed_time.as_secs_f64() * 1e6 / moves as f64),
                "",
                None,
            );
            let (bytes, floor) = hashing_floor(Campaign::restore(snapshot.clone()).expect("restorable"), &json, moves);
            table.row(
                &format!("   floor: SHA-256 of command + record ({bytes} B)"),
                format!("{:.2} us", floor * 1e6),
                &format!("<= {} cmd/s", thousands(1.0 / floor)),
                None,
            );
        }

        // ---- b. the same commands as JSON, and the serde_json baseline.
        if run('b') {
            let mut campaign = Campaign::restore(snapshot).expect("restorable");
            let (json_time, answer_bytes) = timed_json(&mut campaign, &json);
            drop(campaign);
            let baseline_time = timed_baseline(&json);
            let ratio = json_time.as_secs_f64() / baseline_time.as_secs_f64();
            table.row(
                "b. moveHousehold via execute_json",
                format!("{} cmd/s", thousands(per_second(moves, json_time))),
                "",
                None,
            );
            table.row(
                "   baseline: serde_json Value parse + print",
                format!("{} doc/s", thousands(per_second(moves, baseline_time))),
                "",
                None,
            );
            table.row("   ratio JSON path / baseline", format!("{ratio:.1}x"), "<= 2x", Some(ratio <= 2.0));
            table.row(
                "   bytes in / out per command",
                format!("{} / {}", json_bytes / moves, answer_bytes / moves),
                "",
                None,
            );
        }
    }

    if run('c') {
        // ---- c. replay of a log of `replay_records` records: households, then moves.
        let started = Instant::now();
        let mut log = Envelopes::new("log");
        let mut campaign = campaign_with(households.min(replay_records / 2), &mut log);
        let held = campaign.head().seq as usize;
        let log_households = campaign.state().people.households.len();
        for k in 0..replay_records.saturating_sub(held) {
            campaign.execute(log.next(move_household(k, log_households))).expect("move accepted");
        }
        let records = campaign.records_since(0).to_vec();
        let head = campaign.head();
        drop(campaign);
        println!("log: {} records built in {:.2} s", records.len(), started.elapsed().as_secs_f64());
        let copy = records.clone();
        let (replayed, replay_time) = timed_replay(copy);
        assert_eq!(replayed.head(), head);
        let log_json = replayed.records_since_json(0);
        drop(replayed);
        let replay_per_million = replay_time.as_secs_f64() * 1e6 / records.len() as f64;
        table.row(
            &format!("c. replay of {} records (typed)", thousands(records.len() as f64)),
            format!("{:.2} s", replay_time.as_secs_f64()),
            "< 2 s per 1M",
            Some(replay_per_million < 2.0),
        );
        table.row("   records/s", thousands(per_second(records.len(), replay_time)), "", None);
        let started = Instant::now();
        let from_json = Campaign::replay_json(&log_json).expect("the JSON log replays");
        let replay_json_time = started.elapsed();
        assert_eq!(from_json.head(), head);
        drop(from_json);
        table.row(
            &format!("   replay_json of the same log ({:.0} MB)", log_json.len() as f64 / 1e6),
            format!("{:.2} s", replay_json_time.as_secs_f64()),
            "",
            None,
        );
        drop(log_json);
        drop(records);
    }

    if run('d') {
        // ---- d. memory per household (no residents) and per record.
        let n = households;
        let mut envelopes = Envelopes::new("mem");
        let mut campaign = campaign_with(0, &mut envelopes);
        let state_before = {
            let l0 = live();
            let copy = campaign.state().clone();
            let size = live() - l0;
            drop(copy);
            size
        };
        let live_before = live();
        let mut strings = 0usize;
        for i in 0..n {
            let (id, address, building) = household_fields(i);
            strings += id.len() + address.len() + building.len();
            campaign.execute(envelopes.next(register_household(i))).expect("household accepted");
        }
        let live_after = live();
        let (state_after, households_map, copy_of_log) = {
            let l0 = live();
            let copy = campaign.state().clone();
            let state = live() - l0;
            drop(copy);
            let l0 = live();
            let copy = campaign.state().people.households.clone();
            let map = live() - l0;
            drop(copy);
            let l0 = live();
            let copy = campaign.records_since(0).to_vec();
            let log = live() - l0;
            let records = copy.len();
            drop(copy);
            (state, map, log as f64 / records as f64)
        };
        drop(campaign);
        let total = (live_after - live_before) as f64 / n as f64;
        let state = (state_after - state_before) as f64 / n as f64;
        let string_bytes = strings as f64 / n as f64;
        let beyond = state - string_bytes;
        table.row("d. live bytes per household registered (state+log)", format!("{total:.0} B"), "", None);
        table.row("   of which state (deep size of a clone)", format!("{state:.0} B"), "", None);
        table.row("   of which the households map", format!("{:.0} B", households_map as f64 / n as f64), "", None);
        table.row("   strings id + address + building", format!("{string_bytes:.0} B"), "", None);
        table.row(
            "   households map beyond strings (no command index)",
            format!("{:.0} B", households_map as f64 / n as f64 - string_bytes),
            "",
            None,
        );
        table.row("   state beyond strings", format!("{beyond:.0} B"), "< 300 B", Some(beyond < 300.0));
        table.row("   log bytes per record held in memory", format!("{copy_of_log:.0} B"), "", None);
        table.row("   log incl. Vec growth slack (live - state)", format!("{:.0} B", total - state), "", None);
        table.row(
            "   size_of Household / Record",
            format!(
                "{} / {} B",
                std::mem::size_of::<grassroots::people::Household>(),
                std::mem::size_of::<grassroots::Record>()
            ),
            "",
            None,
        );
    }

    table.print();
    println!();
    println!("{} of 4 targets missed (see the table).", table.misses);
}
