//! The fixed-seed fallback of the fuzz targets, for machines without the nightly toolchain that
//! `cargo fuzz` needs: `cargo run --no-default-features --manifest-path fuzz/Cargo.toml
//! --bin fallback -- [--seconds S] [MUTATIONS_PER_TARGET] [TARGET...]`.
//!
//! Runs every target's body over the files of `fuzz/regressions/<target>/` (inputs that once
//! failed), its seeds, and then over MUTATIONS_PER_TARGET (default 400) deterministic mutations of
//! the seeds (SplitMix64 from a fixed seed, so every run tries the same inputs in the same order),
//! stopping early after S seconds per target when `--seconds` is given (then a slower machine tries
//! a prefix of the same sequence). A panic is a finding: the input is saved to
//! `fuzz/artifacts/<target>/fallback-crash-*`, and the program exits with status 1 after the other
//! targets have run.

use grassroots_fuzz::mutate::{SplitMix64, mutate};
use grassroots_fuzz::{TARGETS, seeds};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const SEED: u64 = 0x6772_6173_7372_6f6f; // "grassroo"

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut budget = None;
    if let Some(i) = args.iter().position(|a| a == "--seconds") {
        let seconds: f64 = args.get(i + 1).and_then(|s| s.parse().ok()).expect("--seconds takes a number");
        budget = Some(Duration::from_secs_f64(seconds));
        args.drain(i..i + 2);
    }
    let mut args = args.into_iter();
    let mutations: usize = match args.next() {
        Some(a) => a.parse().expect("MUTATIONS_PER_TARGET is a number"),
        None => 400,
    };
    let only: Vec<String> = args.collect();
    let fuzz_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let artifacts = fuzz_dir.join("artifacts");
    let all = seeds::all();
    let mut failed = Vec::new();
    for target in TARGETS.iter().filter(|t| only.is_empty() || only.iter().any(|o| o == t.name)) {
        let started = Instant::now();
        let regressions = regressions(&fuzz_dir.join("regressions").join(target.name));
        let corpus: Vec<Vec<u8>> = all.iter().filter(|s| s.target == target.name).map(|s| s.data.clone()).collect();
        let dict = seeds::dictionary(target.name);
        let mut rng = SplitMix64::new(
            SEED ^ target.name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
        );
        let fixed = regressions.len() + corpus.len();
        let mut inputs = regressions.into_iter().chain(corpus.clone());
        let mut runs = 0;
        let mut crash = None;
        let dir = artifacts.join(target.name);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let last = dir.join("fallback-last-input");
        for i in 0..fixed + mutations {
            if i >= fixed && budget.is_some_and(|b| started.elapsed() >= b) {
                break;
            }
            let input = match inputs.next() {
                Some(seed) => seed,
                None if corpus.is_empty() => Vec::new(),
                None => {
                    let mut data = corpus[rng.below(corpus.len())].clone();
                    mutate(&mut rng, &mut data, &corpus, &dict);
                    data
                }
            };
            runs += 1;
            // Kept until the next input: a crash that no panic catches (a stack overflow, an abort)
            // ends the process, and this file then holds its input.
            std::fs::write(&last, &input).unwrap_or_else(|e| panic!("cannot write {}: {e}", last.display()));
            if catch_unwind(AssertUnwindSafe(|| (target.run)(&input))).is_err() {
                crash = Some((i, input));
                break;
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let _ = std::fs::remove_file(&last);
        match crash {
            None => println!(
                "{:<15} ok: {runs} inputs ({fixed} regressions and seeds, {} mutations) in {secs:.1} s, 0 findings",
                target.name,
                runs - fixed
            ),
            Some((i, input)) => {
                let path = dir.join(format!("fallback-crash-{i:06}"));
                std::fs::write(&path, &input).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                println!("{:<15} CRASH on input {i} (see the panic above), saved to {}", target.name, path.display());
                failed.push(target.name);
            }
        }
    }
    if !failed.is_empty() {
        eprintln!("fallback: crashes in {}", failed.join(", "));
        std::process::exit(1);
    }
}

/// The inputs saved under `dir` (none when it does not exist), in name order.
fn regressions(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    paths.sort();
    paths.iter().filter(|p| p.extension().is_none_or(|x| x != "md")).filter_map(|p| std::fs::read(p).ok()).collect()
}
