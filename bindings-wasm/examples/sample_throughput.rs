//! The Rust side of the wasm door's throughput comparison (`bindings-wasm/bench/throughput.mjs` runs
//! it): writes the sample campaign's commands (`grassroots_demo`, the default spec) as a JSON array
//! of command envelopes to the file given, then times the same commands through the core's JSON path,
//! `Campaign::execute_json`, on a new campaign per round, and prints one line of JSON:
//! `{"commands":…,"rounds":…,"bestSeconds":…,"commandsPerSecond":…}`.
//!
//! ```text
//! cargo run --release -p grassroots-wasm --example sample_throughput -- target/sample-commands.json [rounds]
//! ```

use grassroots::Campaign;
use grassroots_demo as sample;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: sample_throughput <commands.json> [rounds]");
        std::process::exit(2);
    };
    let rounds: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let envelopes = sample::commands(&sample::SampleSpec::default());
    let inputs: Vec<String> =
        envelopes.iter().map(|e| serde_json::to_string(e).expect("an envelope serializes")).collect();
    let array = format!("[{}]", inputs.join(","));
    if let Err(e) = std::fs::write(&path, array) {
        eprintln!("cannot write {path}: {e}");
        std::process::exit(1);
    }
    let mut best = Duration::MAX;
    for _ in 0..rounds.max(1) {
        let mut campaign = Campaign::new();
        let started = Instant::now();
        for input in &inputs {
            campaign.execute_json(input).expect("every sample command is accepted");
        }
        best = best.min(started.elapsed());
        std::hint::black_box(&campaign);
    }
    let seconds = best.as_secs_f64();
    println!(
        "{{\"commands\":{},\"rounds\":{},\"bestSeconds\":{seconds},\"commandsPerSecond\":{}}}",
        inputs.len(),
        rounds.max(1),
        inputs.len() as f64 / seconds
    );
}
