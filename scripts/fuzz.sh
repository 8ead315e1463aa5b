#!/usr/bin/env bash
# Fuzzing of grassroots (issue #15): `bash scripts/fuzz.sh [SECONDS_PER_TARGET]` (default 20).
#
# Runs the six fuzz targets of fuzz/fuzz_targets/ (json_execute, replay_restore, csv_import,
# expression, xlsform, c_door; their bodies and checks are in fuzz/src/), one after the other, each
# for SECONDS_PER_TARGET, and fails if any finds a crash, a panic, a memory error or a leak.
#
# - With the nightly toolchain: installs cargo-fuzz if it is missing (`cargo install --locked
#   cargo-fuzz`), builds the targets with libFuzzer and AddressSanitizer (`cargo +nightly fuzz build`,
#   optimized, with debug assertions and overflow checks, 16 codegen units), writes the seed corpora
#   fuzz/corpus/<target>/ and dictionaries fuzz/dict/ from tests/scenarios/ (`seed`), runs the inputs
#   saved in fuzz/regressions/<target>/, then fuzzes each target with
#   `-max_total_time=SECONDS_PER_TARGET` and a fixed `-seed`.
# - Without it (or with FUZZ_FALLBACK=1): builds the stable fallback (fuzz/src/bin/fallback.rs) and
#   runs every body over the regressions, the seeds and fixed-seed deterministic mutations of them
#   for SECONDS_PER_TARGET each (no sanitizer, no coverage feedback).
#
# Prints one line per target: executions, time, executions per second, corpus, coverage, findings;
# a finding prints the path of the input that triggers it (fuzz/artifacts/<target>/). Every run
# starts from the seeds; the inputs it adds are kept in $CARGO_TARGET_DIR/fuzz-found/<target>/ until
# the next run, the logs in $CARGO_TARGET_DIR/fuzz-logs/. The seed corpora (1.7 MB, regenerated in a
# second from tests/scenarios/, so never stale), dictionaries and artifacts are ignored by git;
# fuzz/regressions/ is committed.
#
# Environment: CARGO_TARGET_DIR (where the builds go; default fuzz/target), FUZZ_SEED (libFuzzer's
# -seed, default 15), FUZZ_TARGETS (a space-separated subset), FUZZ_RSS_LIMIT_MB (default 2048),
# FUZZ_TIMEOUT (seconds one input may take, default 60), FUZZ_FALLBACK=1 (use the fallback).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-20}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
    exit 2
fi
read -r -a targets <<<"${FUZZ_TARGETS:-json_execute replay_restore csv_import expression xlsform c_door}"
seed=${FUZZ_SEED:-15}
rss_limit=${FUZZ_RSS_LIMIT_MB:-2048}
timeout=${FUZZ_TIMEOUT:-60}
target_dir=${CARGO_TARGET_DIR:-$PWD/fuzz/target}
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
logs="$target_dir/fuzz-logs"
mkdir -p "$logs"

have_nightly() {
    command -v rustup >/dev/null && rustup toolchain list | grep -q '^nightly'
}

mode=libfuzzer
# A fresh machine may lack nightly; try to install it (a minimal profile), else fall back.
if [ "${FUZZ_FALLBACK:-0}" != 1 ] && ! have_nightly && command -v rustup >/dev/null; then
    echo "fuzz: installing the nightly toolchain"
    rustup toolchain install nightly --profile minimal || echo "fuzz: nightly could not be installed" >&2
fi
if [ "${FUZZ_FALLBACK:-0}" = 1 ]; then
    mode=fallback
elif ! have_nightly; then
    echo "fuzz: no nightly toolchain: the stable fixed-seed fallback runs instead of cargo-fuzz"
    mode=fallback
elif ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    if ! cargo install --locked cargo-fuzz; then
        echo "fuzz: WARNING: cargo-fuzz could not be installed: the stable fixed-seed fallback runs instead" >&2
        mode=fallback
    fi
fi

if [ "$mode" = fallback ]; then
    started=$(date +%s)
    cargo build --quiet --manifest-path fuzz/Cargo.toml --target-dir "$target_dir" \
        --no-default-features --features fallback --bin fallback
    echo "fuzz: fallback built in $(($(date +%s) - started)) s"
    # The mutation count is a bound never reached: the time budget ends each target.
    "$target_dir/debug/fallback" --seconds "$seconds" 100000000 "${targets[@]}"
    exit
fi

started=$(date +%s)
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
# --debug-assertions: overflow checks too (an overflow in the core is a finding). 16 codegen units
# instead of cargo-fuzz's 1: the build takes ~6 instead of ~9 minutes on two cores, and the targets
# run a little slower. `cargo +nightly fuzz run --fuzz-dir fuzz --debug-assertions --codegen-units 16
# <target>` reuses this build.
cargo +nightly fuzz build --fuzz-dir fuzz --target-dir "$target_dir" --release --debug-assertions --codegen-units 16
bin="$target_dir/$host/release"
echo "fuzz: targets built in $(($(date +%s) - started)) s"
"$bin/seed" fuzz

failed=()
for target in "${targets[@]}"; do
    artifacts="fuzz/artifacts/$target"
    corpus="fuzz/corpus/$target"
    # New inputs go to a fresh folder, not to the seeds': every run starts from the same corpus
    # (with the fixed -seed, the same run), and a grown corpus cannot make the next run longer
    # (libFuzzer runs every corpus input before it looks at -max_total_time).
    found="$target_dir/fuzz-found/$target"
    log="$logs/$target.log"
    rm -rf "$found"
    mkdir -p "$artifacts" "$corpus" "$found"
    flags=(-rss_limit_mb="$rss_limit" -timeout="$timeout" -artifact_prefix="$artifacts/")

    # The inputs that once failed run first, once each.
    mapfile -t regressions < <(find "fuzz/regressions/$target" -type f ! -name '*.md' 2>/dev/null | sort)
    if [ "${#regressions[@]}" -gt 0 ] && ! "$bin/$target" "${flags[@]}" "${regressions[@]}" >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "$target: FAILED on a regression input of fuzz/regressions/$target/ (log: $log)"
        failed+=("$target")
        continue
    fi

    seeds=$(find "$corpus" -type f | wc -l)
    status=0
    "$bin/$target" "${flags[@]}" -seed="$seed" -max_total_time="$seconds" -print_final_stats=1 \
        -dict="fuzz/dict/$target.dict" "$found" "$corpus" >"$log" 2>&1 || status=$?
    new=$(find "$found" -type f | wc -l)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    coverage=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
    slowest=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" | tail -n 1)
    # A slow unit (> 10 s, libFuzzer's -report_slow_units) is saved but is no finding: one input
    # longer than FUZZ_TIMEOUT is (a `timeout-` artifact).
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | grep -v '/slow-unit-' | tail -n 1 || true)
    if [ "$status" -ne 0 ] || [ -n "$artifact" ]; then
        tail -n 60 "$log"
        echo "$target: FINDING (exit $status) after ${execs:-?} executions; input: ${artifact:-none written} (log: $log)"
        echo "  reproduce: $bin/$target ${artifact:-<input>}"
        failed+=("$target")
    else
        echo "$target: ${execs:-?} executions in ${took:-?} s (${rate:-?}/s), corpus $seeds seeds + $new new, ${coverage:-cov ?}, slowest input ${slowest:-?} s, 0 findings"
    fi
done

echo "fuzz: done in $(($(date +%s) - started)) s (build included)"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: findings in ${failed[*]}" >&2
    exit 1
fi
