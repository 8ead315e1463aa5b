#!/usr/bin/env bash
# Runs the micro-grid planner (`cargo run --release -p grassroots-planner --example plan`) and the OR-Tools reference
# (../shared/bench/ortools_baseline.py --k 16 --certify) on the same instances in one run, and prints
# both costs, their relative difference, both times and the time ratio.
#
#   scripts/compare-planner.sh            # sizes S and M
#   scripts/compare-planner.sh S M L      # L takes the reference ~8 minutes
#
# Instances are generated with ../shared/bench/gen.py into target/bench-data/ (gitignored). Times exclude
# reading the input on both sides: ours is the solve as printed by the example; the reference's "end to
# end" is the sum of its phases except `load` (knn, build, solve, extract, certification). Timings on a
# shared machine are noisy: compare only within one run.
set -euo pipefail

root=$(git rev-parse --show-toplevel)
shared="$root/../shared/bench"
data="$root/target/bench-data"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(S M)
mkdir -p "$data"

python3 -c 'import ortools, scipy, numpy, orjson' 2>/dev/null || pip install --quiet ortools scipy numpy orjson

# PLAN_BIN: use an already built `plan` example instead of building it here.
plan="${PLAN_BIN:-}"
if [ -z "$plan" ]; then
    (cd "$root" && cargo build --release --quiet -p grassroots-planner --example plan)
    plan="${CARGO_TARGET_DIR:-$root/target}/release/examples/plan"
fi

printf '%-4s %16s %16s %10s %10s %12s %12s %8s %10s\n' size "ours (m)" "reference (m)" "diff %" "ours (s)" "ref e2e (s)" "ref solve (s)" ratio "solve ratio"
for size in "${sizes[@]}"; do
    inst="$data/$size.json"
    if [ ! -f "$inst" ]; then
        (cd "$data" && python3 "$shared/gen.py" --size "$size" --out "$inst" >/dev/null 2>&1)
    fi
    "$plan" "$inst" --out "$data/$size.plan.json" >"$data/$size.plan.log"
    python3 "$shared/ortools_baseline.py" "$inst" --k 16 --certify --json "$data/$size.ref.json" >/dev/null 2>"$data/$size.ref.log"
    python3 - "$data/$size.plan.json" "$data/$size.ref.json" "$size" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
size = sys.argv[3]
t = ref["times_s"]
ref_e2e = sum(v for k, v in t.items() if k != "load") + ref.get("certify_total_s", 0.0)
ref_solve = t.get("ortools_solve", float("nan"))
ref_cost = ref["optimum_cm"] / 100.0
diff = 100.0 * (ours["cost"] - ref_cost) / ref_cost
print(f'{size:<4} {ours["cost"]:16.2f} {ref_cost:16.2f} {diff:10.5f} {ours["seconds"]:10.3f} {ref_e2e:12.3f} '
      f'{ref_solve:12.3f} {ref_e2e / ours["seconds"]:7.1f}x {ref_solve / ours["seconds"]:9.2f}x')
PY
done
echo "ours: solve time of the example (reading excluded); ref e2e: the reference's phases except load, plus"
echo "its certification rounds; ref solve: OR-Tools' first solve alone on the k=16 + hub graph (not certified)."
