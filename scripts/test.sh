#!/usr/bin/env bash
# The one test command of grassroots: `bash scripts/test.sh` (CI runs it through .ci/run).
#
# 1. Installs what a fresh machine lacks, skipping what is present: the wasm32-unknown-unknown
#    target, the clippy and rustfmt components, the wasm-bindgen CLI at exactly the version in
#    Cargo.lock, and valgrind.
# 2. Runs, in order, failing fast: rustfmt check, clippy (warnings are errors), the workspace's Rust
#    tests (the architecture, access-matrix and rules-list checks among them; the store's against a
#    PostgreSQL server that scripts/postgres.sh installs and starts), the main job run twice (the
#    second resumes from the first's SQLite file), rustdoc with broken links
#    as errors, the C door's tests (scripts/test-c.sh) and the wasm door's tests (scripts/test-wasm.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "setup: toolchain and tools"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
    if ! rustup component list --installed | grep -q "^${component}"; then
        rustup component add "$component"
    fi
done
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly, or its output will not load.
wasm_bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [ -z "$wasm_bindgen_version" ]; then
    echo "error: no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]; then
    # Not --locked: the CLI's own lock file pins a crate version the registry here lacks.
    # No prebuilt binary is reachable here (GitHub releases are not; npm's wasm-pack fetches from
    # there), so it is compiled, with a quick profile: opt-level 1, no LTO, 16 codegen units. Measured
    # on 2 cores: about 5 minutes instead of about 10 with the crate's release profile, and the CLI
    # processes our .wasm as fast (1.0-1.7 s a target, within noise).
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        CARGO_PROFILE_RELEASE_DEBUG=false cargo install wasm-bindgen-cli --version "=$wasm_bindgen_version"
fi
if ! command -v valgrind >/dev/null; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y valgrind
fi
for tool in gcc g++ node; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing" >&2; exit 1; }
done
echo "rustc $(rustc --version | cut -d' ' -f2), wasm-bindgen $wasm_bindgen_version, node $(node --version)"

step "PostgreSQL: scripts/postgres.sh (the store's tests run against a real server)"
# Installs Debian's postgresql when the machine has no server, starts a cluster of the tests' own on a
# Unix socket, and exports its connection string; a missing server is then a failure, not a skip.
eval "$(bash scripts/postgres.sh env)"
export GRASSROOTS_REQUIRE_POSTGRES=1

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test --workspace"
cargo test --workspace

step "the log verified without the library: scripts/verify-log.py on every scenario's log"
# core/tests/scenarios.rs wrote each scenario's log as answered, as exported, with its keys reversed
# and indented (a JSON column), and with one record altered, which the verifier must refuse.
logs="${CARGO_TARGET_DIR:-target}/tmp/scenario-logs"
verified=$(ls "$logs"/*.jsonl "$logs"/*.json | grep -v tampered)
[ "$(echo "$verified" | wc -l)" -ge 27 ] || { echo "error: the scenario logs are missing from $logs" >&2; exit 1; }
python3 scripts/verify-log.py $verified | sed 's/ hash .*//'
for log in "$logs"/*.tampered.jsonl; do
    if python3 scripts/verify-log.py "$log" >/dev/null 2>&1; then
        echo "error: scripts/verify-log.py accepted the altered log $log" >&2
        exit 1
    fi
done
echo "every altered log refused"

step "main job on the embedded default, twice: a fresh SQLite file, then resumed from it"
job_dir="$(mktemp -d)"
(cd "$job_dir" && cargo run --quiet --release --manifest-path "$OLDPWD/Cargo.toml" --example campaign -- --fresh > first.txt)
(cd "$job_dir" && cargo run --quiet --release --manifest-path "$OLDPWD/Cargo.toml" --example campaign > second.txt)
grep -q "resumed at seq" "$job_dir/second.txt" && grep -q "the chain verified" "$job_dir/second.txt" \
    || { echo "error: the second run of the main job did not resume from its database" >&2; cat "$job_dir/second.txt" >&2; exit 1; }
grep -E "resumed at|verified|stored by this run" "$job_dir/second.txt"
# The reports and pictures it writes into reports/ under the directory it runs in.
for f in coverage.md problem-list.md weak-and-lax-list.md acceptance.md coverage.svg acceptance-funnel.svg timetable.svg \
    micro-grid-map-430104017001.svg; do
    test -s "$job_dir/reports/$f" || { echo "error: the main job wrote no reports/$f" >&2; exit 1; }
done
ls "$job_dir/reports"
rm -rf "$job_dir"

step "store crash test, longer: SIGKILL at 12 random moments per backend (cargo test runs it too)"
GRASSROOTS_CRASH_KILLS=12 GRASSROOTS_CRASH_SEED="$(date +%s)" cargo test --quiet -p grassroots-store --test crash -- --nocapture 2>&1 | grep -E "kills|test result"

step "real division codes: scripts/test-division-data.sh (the whole country's 620,573 village-level units)"
bash scripts/test-division-data.sh

step "cargo doc (broken intra-doc links are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p grassroots -p grassroots-planner -p grassroots-store

step "C door: scripts/test-c.sh"
bash scripts/test-c.sh

step "typed hosts over the C door: scripts/test-java.sh (JNA + Jackson), scripts/test-python.sh (ctypes + pytest)"
bash scripts/test-java.sh
bash scripts/test-python.sh

step "wasm door: scripts/test-wasm.sh"
bash scripts/test-wasm.sh

step "fuzzing: scripts/fuzz.sh 20 (20 s per target)" && bash scripts/fuzz.sh 20
step "all tests passed"
