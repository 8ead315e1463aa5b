#!/usr/bin/env bash
# Runs the micro-grid planner's member-choosing mode (the `plan` example) and the HiGHS MIP
# (planner/bench/mip.py) on the same instances, and prints one table: each side's cost, bound, gap
# and time, and how far our plan is from HiGHS's best.
#
#   bash scripts/compare-choosing.sh                     # every instance below (HiGHS: up to 10 min each)
#   bash scripts/compare-choosing.sh S1.5 S3 S1.5c250    # some of them
#   MIP_TIME_LIMIT=300 bash scripts/compare-choosing.sh M1.5
#
# Instances (`gen.py --households H --members N --seed 201`, into target/bench-data/choose-*.json):
#   S1.5 3,000 / 375   S3 3,000 / 750   M1.5 30,000 / 3,750   M3 30,000 / 7,500
#   S1.5c250 (or "S1.5 count=250"): S1.5 with "count": 250;  M1.5c2500: M1.5 with "count": 2500.
#
# Environment: MIP_TIME_LIMIT (HiGHS's limit per instance, seconds, default 600), MIP_K (nearest
# eligible members per place in the MIP, default 30), PLAN_BIN (an already built `plan` example).
# The Python environment is scripts/compare-planner.sh's (target/bench-venv, from
# planner/bench/requirements.txt, reinstalled when that file changes).
#
# HiGHS solves the model restricted to each place's MIP_K nearest members: its cost is a plan of the
# full problem (an upper bound of the optimum), its bound bounds the restricted model only. Our plan
# is checked first (planner/bench/choosing.py: every household once, used members within their
# bounds, key persons to qualified members, groups, count, the cost); mip.py verifies its own links
# and choosing.py checks them again. Times exclude reading the input on both sides.
#
# Progress goes to stderr, the table to stdout. Any failure ends the run with one line on stderr,
# starting with "compare-choosing:", and a non-zero status; the logs are in target/bench-data/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$root/planner/bench"
data="$root/target/bench-data"
venv="$root/target/bench-venv"
requirements="$bench/requirements.txt"
time_limit="${MIP_TIME_LIMIT:-600}"
k="${MIP_K:-30}"

die() {
    echo "compare-choosing: $*" >&2
    exit 1
}
note() { echo "compare-choosing: $*" >&2; }
trap 'die "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR
last_line() {
    local line
    line=$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | sed 's/^[[:space:]]*//' | cut -c1-300 || true)
    echo "${line:-no output}"
}
rel() { echo "${1#"$root"/}"; }

[[ "$time_limit" =~ ^([0-9]+|[0-9]*[.][0-9]+)$ ]] && awk "BEGIN { exit !($time_limit > 0) }" ||
    die "MIP_TIME_LIMIT must be a positive number of seconds, not '$time_limit'"
[[ "$k" =~ ^[1-9][0-9]*$ ]] || die "MIP_K must be a positive integer, not '$k'"

# name -> "households members count" (count "-": none); the base instance is the name up to "c".
spec() {
    case "$1" in
        S1.5) echo "3000 375 -" ;;
        S3) echo "3000 750 -" ;;
        M1.5) echo "30000 3750 -" ;;
        M3) echo "30000 7500 -" ;;
        S1.5c250) echo "3000 375 250" ;;
        M1.5c2500) echo "30000 3750 2500" ;;
        *) return 1 ;;
    esac
}
label() { case "$1" in *c*) echo "${1%%c*} count=${1#*c}" ;; *) echo "$1" ;; esac; }

names=()
for arg in "$@"; do
    name="${arg/ count=/c}" # "S1.5 count=250" -> S1.5c250
    spec "$name" >/dev/null || die "unknown instance '$arg' (instances: S1.5 S3 M1.5 M3 S1.5c250 M1.5c2500)"
    names+=("$name")
done
[ ${#names[@]} -eq 0 ] && names=(S1.5 S3 M1.5 M3 "S1.5c250" "M1.5c2500")
for f in gen.py mip.py choosing.py; do
    [ -f "$bench/$f" ] || die "$(rel "$bench")/$f is missing: run this from a full checkout"
done
[ -f "$requirements" ] || die "$(rel "$requirements") is missing: run this from a full checkout"
mkdir -p "$data" || die "cannot create $(rel "$data")"

# --- the Python environment (as in scripts/compare-planner.sh) ---------------------------------
command -v python3 >/dev/null || die "python3 not found: install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "python3 is $(python3 -c 'import platform; print(platform.python_version())'); the pinned packages need 3.11 or newer"
if ! "$venv/bin/python" -c '' 2>/dev/null; then
    note "creating the Python environment $(rel "$venv")"
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >"$data/venv.log" 2>&1; then
        rm -rf "$venv"
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null &&
            [ "$(python3 -c 'import sys; print(sys.prefix)')" = /usr ]; then
            note "python3 -m venv failed; installing python3-venv with apt-get"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
                install -y -qq python3-venv; } >"$data/apt.log" 2>&1 ||
                die "apt-get install python3-venv failed: $(last_line "$data/apt.log") (log: $(rel "$data")/apt.log)"
            python3 -m venv "$venv" >"$data/venv.log" 2>&1 ||
                { rm -rf "$venv"; die "python3 -m venv failed even with python3-venv: $(last_line "$data/venv.log")"; }
        else
            die "python3 -m venv failed, it said: $(last_line "$data/venv.log") (on Debian/Ubuntu: apt-get install python3-venv, as root)"
        fi
    fi
fi
py="$venv/bin/python"
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
    # cargo waits by itself while another build holds the lock.
    (cd "$root" && cargo build --release --quiet -p grassroots-planner --example plan) >"$data/build.log" 2>&1 ||
        die "cargo build of the plan example failed: $(last_line "$data/build.log") (log: $(rel "$data")/build.log)"
    target_dir=$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
        "$py" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])') ||
        die "cargo metadata failed: cannot find the target directory"
    plan="$target_dir/release/examples/plan"
fi
[ -x "$plan" ] || die "no plan binary at $plan"

# --- the instances ------------------------------------------------------------------------------
instance() { # name -> path, generated (and given its count) when missing or older than gen.py
    local name=$1 h m count base inst
    read -r h m count < <(spec "$name")
    base="$data/choose-${name%%c*}.json"
    if [ ! -f "$base" ] || [ "$bench/gen.py" -nt "$base" ]; then
        note "generating ${name%%c*} ($h households, $m members, seed 201)"
        "$py" "$bench/gen.py" --households "$h" --members "$m" --seed 201 --out "$base" \
            >"$data/choose-${name%%c*}.gen.log" 2>&1 ||
            die "gen.py failed on ${name%%c*}: $(last_line "$data/choose-${name%%c*}.gen.log")"
    fi
    inst="$data/choose-$name.json"
    if [ "$count" != - ] && { [ ! -f "$inst" ] || [ "$base" -nt "$inst" ]; }; then
        "$py" - "$base" "$inst" "$count" <<'EOF' || die "cannot add the count to $(rel "$base")"
import json, os, sys
base, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(base) as f:
    doc = json.load(f)
doc["count"] = count
with open(out + ".tmp", "w") as f:
    json.dump(doc, f)
    f.write("\n")
os.replace(out + ".tmp", out)
EOF
    fi
    echo "$inst"
}

# --- the runs ---------------------------------------------------------------------------------
rows=()
for name in "${names[@]}"; do
    inst=$(instance "$name") || exit 1 # instance() said why
    out="$data/choose-$name"
    note "$(label "$name"): planner"
    status=0
    "$plan" "$inst" --out "$out.plan.json" >"$out.plan.log" 2>&1 || status=$?
    [ "$status" -eq 0 ] ||
        die "the planner failed on $(label "$name") (exit $status): $(last_line "$out.plan.log") (log: $(rel "$out").plan.log)"
    note "$(label "$name"): HiGHS (time limit ${time_limit} s, k = $k)"
    rm -f "$out.mip.plan.json" # written again only when HiGHS finds a plan
    "$py" "$bench/mip.py" "$inst" --k "$k" --time-limit "$time_limit" --json "$out.mip.json" \
        --plan "$out.mip.plan.json" >"$out.mip.log" 2>&1 ||
        die "mip.py failed on $(label "$name"): $(last_line "$out.mip.log") (log: $(rel "$out").mip.log)"
    note "$(last_line "$out.mip.log")"
    mip_plan=()
    [ -f "$out.mip.plan.json" ] && mip_plan=("$out.mip.plan.json")
    row=$("$py" "$bench/choosing.py" "$(label "$name")" "$inst" "$out.plan.json" "$out.mip.json" "${mip_plan[@]}" \
        2>"$out.report.log") || die "$(last_line "$out.report.log")"
    rows+=("$row")
    # Each row as soon as it is known: the whole run can take an hour.
    [ ${#rows[@]} -eq 1 ] && "$py" "$bench/choosing.py" --header
    echo "$row"
done
echo "ours: the plan example (solve time, reading excluded; LB its Lagrangian lower bound); HiGHS: mip.py,"
echo "the MIP on each place's $k nearest eligible members (cost: an upper bound of the optimum; bound: of"
echo "that restricted model only), ${time_limit} s limit, 2 threads, gap tolerance 0.01%; gaps are (cost - bound) / bound."
