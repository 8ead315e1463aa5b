//! Commands per second through the C ABI against the JSON path in Rust, in one run.
//!
//! ```text
//! cargo bench -p grassroots-c --bench c_abi
//! ```
//!
//! Both sides run the same two workloads, serialized once to JSON command envelopes:
//! a. the sample campaign of `grassroots_demo` (the default spec: 4 villages, 5 communities,
//!    3,000 households; single commands and `importCsv` files), from a new campaign;
//! b. 20,000 small `registerHousehold` commands on top of that campaign (where the cost of each call
//!    crossing the boundary shows most).
//! The Rust side calls `Campaign::execute_json(&str)` and drops the
//! answer; the C side calls the exported `gr_campaign_new`, `gr_campaign_execute` with a
//! NUL-terminated string and `gr_string_free` on the answer, exactly as a C host does (only the
//! dynamic-linking call, a few nanoseconds, is not measured). Each side runs `ROUNDS` times,
//! interleaved (alternating which goes first), each on a new campaign; the best round of each is reported, and the ratio of the two.
//!
//! `GRASSROOTS_BENCH_SCALE` scales the number of households (e.g. `0.1` for a quick run).

use grassroots::{gr_campaign, gr_campaign_execute, gr_campaign_free, gr_campaign_new, gr_status, gr_string_free};
use grassroots_core::Campaign;
use grassroots_demo as sample;
use std::ffi::{CString, c_char};
use std::hint::black_box;
use std::ptr;
use std::time::{Duration, Instant};

/// Rounds per side. The machine may be shared, so the best round of many is the figure that
/// least reflects other load.
const ROUNDS: usize = 15;

fn rust_round(setup: &[String], commands: &[String]) -> Duration {
    let mut campaign = Campaign::new();
    for command in setup {
        campaign.execute_json(command).expect("the setup is accepted");
    }
    let start = Instant::now();
    for command in commands {
        let answer = campaign.execute_json(command).expect("the sample commands are accepted");
        black_box(answer);
    }
    let elapsed = start.elapsed();
    drop(black_box(campaign));
    elapsed
}

fn c_round(setup: &[CString], commands: &[CString]) -> Duration {
    let mut campaign: *mut gr_campaign = ptr::null_mut();
    // SAFETY: a valid out pointer.
    assert_eq!(unsafe { gr_campaign_new(&mut campaign) }, gr_status::GR_OK);
    for command in setup {
        let mut answer: *mut c_char = ptr::null_mut();
        // SAFETY: as below.
        assert_eq!(unsafe { gr_campaign_execute(campaign, command.as_ptr(), &mut answer) }, gr_status::GR_OK);
        // SAFETY: `answer` was returned by the library and is freed once.
        unsafe { gr_string_free(answer) };
    }
    let start = Instant::now();
    for command in commands {
        let mut answer: *mut c_char = ptr::null_mut();
        // SAFETY: a live handle used by this thread only, a NUL-terminated string, a valid out pointer.
        let status = unsafe { gr_campaign_execute(campaign, command.as_ptr(), &mut answer) };
        assert_eq!(status, gr_status::GR_OK, "the sample commands are accepted");
        // SAFETY: `answer` was returned by the library and is freed once.
        unsafe { gr_string_free(black_box(answer)) };
    }
    let elapsed = start.elapsed();
    // SAFETY: the handle is live and freed once.
    unsafe { gr_campaign_free(campaign) };
    elapsed
}

fn c_strings(json: &[String]) -> Vec<CString> {
    json.iter().map(|s| CString::new(s.as_str()).expect("JSON has no NUL")).collect()
}

/// Runs both sides `ROUNDS` times, interleaved, after one warm-up each; prints the best rounds and
/// the ratio; answers the ratio.
fn compare(name: &str, setup: &[String], commands: &[String]) -> f64 {
    let (c_setup, c_commands) = (c_strings(setup), c_strings(commands));
    let bytes: usize = commands.iter().map(String::len).sum();
    println!(
        "\n{name}: {} commands, {:.1} MB of JSON; best of {ROUNDS} rounds each",
        commands.len(),
        bytes as f64 / 1e6
    );
    rust_round(setup, commands);
    c_round(&c_setup, &c_commands);
    let (mut rust_best, mut c_best) = (Duration::MAX, Duration::MAX);
    for round in 0..ROUNDS {
        // Alternate which side goes first, so that neither always runs right after the other's setup.
        if round % 2 == 0 {
            rust_best = rust_best.min(rust_round(setup, commands));
            c_best = c_best.min(c_round(&c_setup, &c_commands));
        } else {
            c_best = c_best.min(c_round(&c_setup, &c_commands));
            rust_best = rust_best.min(rust_round(setup, commands));
        }
    }
    let per_second = |d: Duration| commands.len() as f64 / d.as_secs_f64();
    let (rust_rate, c_rate) = (per_second(rust_best), per_second(c_best));
    println!("  Rust  Campaign::execute_json  {rust_rate:>10.0} commands/s  ({:.1} ms per round)", ms(rust_best));
    println!("  C ABI gr_campaign_execute     {c_rate:>10.0} commands/s  ({:.1} ms per round)", ms(c_best));
    let ratio = rust_rate / c_rate;
    println!("  ratio Rust/C: {ratio:.3}x");
    ratio
}

fn main() {
    let scale: f64 = std::env::var("GRASSROOTS_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let mut spec = sample::SampleSpec::default();
    spec.households = ((spec.households as f64 * scale) as usize).max(10);
    let sample: Vec<String> =
        sample::commands(&spec).iter().map(|c| serde_json::to_string(c).expect("a command serializes")).collect();
    let small = ((20_000.0 * scale) as usize).max(100);
    let households: Vec<String> = (0..small)
        .map(|i| {
            format!(
                r#"{{"schemaVersion":1,"commandId":"bench-{i}","actor":{{"id":"office","role":"administrator","scope":"430104017000"}},"at":"2022-05-01T09:00:00+08:00","command":{{"type":"registerHousehold","id":"bench-h-{i}","unit":"430104017001","address":"东方红社区{i}号","building":"{}栋"}}}}"#,
                i % 40
            )
        })
        .collect();

    let a = compare(&format!("a. the sample campaign ({} households)", spec.households), &[], &sample);
    let b = compare("b. registerHousehold on the sample campaign", &sample, &households);
    let worst = a.max(b);
    println!(
        "\nworst ratio Rust/C: {worst:.3}x (target: within 1.1x) -> {}",
        if worst <= 1.1 { "met" } else { "NOT met" }
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
