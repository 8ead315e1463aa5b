#!/usr/bin/env bash
# Runs the micro-grid planner (`cargo run --release -p grassroots-planner --example plan`) and the
# OR-Tools reference (planner/bench/reference.py) on the same instances in one run, and prints both
# costs, their relative difference, both times and the time ratios.
#
#   bash scripts/compare-planner.sh            # sizes S and M
#   bash scripts/compare-planner.sh S M L      # L: the reference takes 12-15 minutes on 2 cores
#
# Needs only a clean clone, cargo and python3 (3.11 or newer):
#  - the Python side runs in a virtual environment, target/bench-venv, created on first use with the
#    packages pinned in planner/bench/requirements.txt (from PyPI), and reinstalled when that file
#    changes. Nothing is installed into the system's Python. When `python3 -m venv` fails for lack of
#    ensurepip (Debian's python3 without python3-venv) and this runs as root with apt-get, it installs
#    python3-venv; otherwise it says what to install.
#  - instances come from planner/bench/gen.py (fixed seeds) into target/bench-data/, regenerated when
#    gen.py changes.
#  - PLAN_BIN: an already built `plan` example to use instead of building it here.
#
# Times exclude reading the input on both sides: ours is the solve as the example reports it; the
# reference's "end to end" is all its phases but loading (nearest members, network, first solve,
# certification), its "solve" OR-Tools' first solve alone (k = 16 nearest members and a hub, not yet
# certified). Timings on a shared machine are noisy: compare only within one run.
#
# Progress goes to stderr, the table to stdout. Any failure ends the run with one line on stderr,
# starting with "compare-planner:", and a non-zero status; the logs are in target/bench-data/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$root/planner/bench"
data="$root/target/bench-data"
venv="$root/target/bench-venv"
requirements="$bench/requirements.txt"

die() {
    echo "compare-planner: $*" >&2
    exit 1
}
note() { echo "compare-planner: $*" >&2; }
# Any failure not handled below still ends in one line (die's own exit does not trigger this).
trap 'die "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR
# The last non-empty line of a log: what a failing tool said last, usually its error.
last_line() {
    local line
    line=$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | sed 's/^[[:space:]]*//' | cut -c1-300 || true)
    echo "${line:-no output}"
}
rel() { echo "${1#"$root"/}"; }

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(S M)
for size in "${sizes[@]}"; do
    case "$size" in
        S | M | L | XL) ;;
        *) die "unknown size '$size' (sizes: S M L XL)" ;;
    esac
done
[ -f "$bench/gen.py" ] && [ -f "$requirements" ] || die "$(rel "$bench") is incomplete: run this from a full checkout"
mkdir -p "$data" || die "cannot create $(rel "$data")"

# --- the Python environment -------------------------------------------------------------------
command -v python3 >/dev/null || die "python3 not found: install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "python3 is $(python3 -c 'import platform; print(platform.python_version())'); the pinned packages need 3.11 or newer"

make_venv() { python3 -m venv "$venv" >"$data/venv.log" 2>&1; }
if ! "$venv/bin/python" -c '' 2>/dev/null; then
    note "creating the Python environment $(rel "$venv")"
    rm -rf "$venv"
    if ! make_venv; then
        rm -rf "$venv"
        # Debian splits ensurepip out of python3 into python3-venv.
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null &&
            [ "$(python3 -c 'import sys; print(sys.prefix)')" = /usr ]; then
            note "python3 -m venv failed; installing python3-venv with apt-get"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
                install -y -qq python3-venv; } >"$data/apt.log" 2>&1 ||
                die "apt-get install python3-venv failed: $(last_line "$data/apt.log") (log: $(rel "$data")/apt.log)"
            make_venv || { rm -rf "$venv"; die "python3 -m venv failed even with python3-venv: $(last_line "$data/venv.log")"; }
        else
            die "python3 -m venv failed, it said: $(last_line "$data/venv.log") (on Debian/Ubuntu: apt-get install python3-venv, as root)"
        fi
    fi
fi
py="$venv/bin/python"
# The requirements installed last are kept beside the environment: a changed file reinstalls.
if ! cmp -s "$requirements" "$venv/requirements.installed"; then
    note "installing planner/bench/requirements.txt into $(rel "$venv")"
    "$py" -m pip install --quiet --disable-pip-version-check -r "$requirements" >"$data/pip.log" 2>&1 ||
        die "pip could not install planner/bench/requirements.txt: $(last_line "$data/pip.log") (log: $(rel "$data")/pip.log)"
    cp "$requirements" "$venv/requirements.installed"
fi

# --- the planner ------------------------------------------------------------------------------
plan="${PLAN_BIN:-}"
if [ -z "$plan" ]; then
    command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs) or set PLAN_BIN"
    note "building the plan example (release)"
    (cd "$root" && cargo build --release --quiet -p grassroots-planner --example plan) >"$data/build.log" 2>&1 ||
        die "cargo build of the plan example failed: $(last_line "$data/build.log") (log: $(rel "$data")/build.log)"
    target_dir=$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
        "$py" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])') ||
        die "cargo metadata failed: cannot find the target directory"
    plan="$target_dir/release/examples/plan"
fi
[ -x "$plan" ] || die "no plan binary at $plan"

# --- the runs ---------------------------------------------------------------------------------
"$py" "$bench/report.py" --header
for size in "${sizes[@]}"; do
    inst="$data/$size.json"
    if [ ! -f "$inst" ] || [ "$bench/gen.py" -nt "$inst" ]; then
        note "generating $size"
        "$py" "$bench/gen.py" --size "$size" --out "$inst" >"$data/$size.gen.log" 2>&1 ||
            die "gen.py failed on $size: $(last_line "$data/$size.gen.log") (log: $(rel "$data")/$size.gen.log)"
    fi
    note "$size: planner"
    status=0
    "$plan" "$inst" --out "$data/$size.plan.json" >"$data/$size.plan.log" 2>&1 || status=$?
    [ "$status" -eq 0 ] ||
        die "the planner failed on $size (exit $status): $(last_line "$data/$size.plan.log") (log: $(rel "$data")/$size.plan.log)"
    note "$size: reference"
    "$py" "$bench/reference.py" "$inst" --json "$data/$size.ref.json" >"$data/$size.ref.log" 2>&1 ||
        die "reference.py failed on $size: $(last_line "$data/$size.ref.log") (log: $(rel "$data")/$size.ref.log)"
    "$py" "$bench/report.py" "$size" "$inst" "$data/$size.plan.json" "$data/$size.ref.json" 2>"$data/$size.report.log" ||
        die "$(last_line "$data/$size.report.log")"
done
echo "ours: the example's solve time (reading excluded); ref e2e: the reference's phases but loading,"
echo "certification included; ref solve: OR-Tools' first solve alone (k = 16 nearest + hub, not certified)."
