#!/usr/bin/env python3
"""One row of scripts/compare-planner.sh's table: the planner against the reference.

    python3 report.py --header
    python3 report.py SIZE INSTANCE.json PLAN.json REFERENCE.json

Before a row is printed the plan is checked against its instance: every
household linked exactly once, to a known member, every member within its
bounds, and the cost it reports equal to the sum of its links' costs in whole
centimetres (the reference's rounding). A cost is only worth comparing if the
plan that claims it is valid. Exits 1 with one line saying what is wrong.
"""

import json
import sys

import numpy as np

COLUMNS = ("size", "ours (m)", "reference (m)", "diff %", "ours (s)", "ref e2e (s)",
           "ref solve (s)", "ratio", "solve ratio")
ROW = "{:<4} {:>16} {:>16} {:>10} {:>10} {:>12} {:>13} {:>8} {:>11}"


def check_plan(instance, plan):
    """The plan's total in centimetres, recomputed from its links."""
    households = {h["id"]: (h["x"], h["y"]) for h in instance["households"]}
    members = {m["id"]: (m["x"], m["y"]) for m in instance["members"]}
    lo, hi = instance.get("min", 10), instance.get("max", 15)
    links = plan["links"]
    linked = [link["household"] for link in links]
    if len(set(linked)) != len(linked):
        raise ValueError("a household is linked twice")
    if set(linked) != set(households):
        raise ValueError(f"{len(households) - len(set(linked) & set(households))} households "
                         "are not linked")
    unknown = {link["member"] for link in links} - set(members)
    if unknown:
        raise ValueError(f"link to unknown member {sorted(unknown, key=str)[0]!r}")
    load = {}
    for link in links:
        load[link["member"]] = load.get(link["member"], 0) + 1
    # Every member is used in these instances: an unused one is below `min` too.
    outside = [m for m in members if not lo <= load.get(m, 0) <= hi]
    if outside:
        raise ValueError(f"{len(outside)} members outside their bounds {lo}..{hi}, "
                         f"e.g. {outside[0]!r} with {load.get(outside[0], 0)} households")
    a = np.array([households[link["household"]] for link in links], dtype=float).reshape(-1, 2)
    b = np.array([members[link["member"]] for link in links], dtype=float).reshape(-1, 2)
    d = a - b
    total = int(np.rint(np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) * 100.0).sum())
    if total != round(plan["cost"] * 100):
        raise ValueError(f"the links cost {total / 100:.2f} m, the plan says {plan['cost']:.2f} m")
    return total


def main():
    if sys.argv[1:] == ["--header"]:
        print(ROW.format(*COLUMNS))
        return
    if len(sys.argv) != 5:
        sys.exit("usage: report.py --header | report.py SIZE INSTANCE.json PLAN.json REFERENCE.json")
    size, instance_path, plan_path, ref_path = sys.argv[1:]
    docs = []
    for path in (instance_path, plan_path, ref_path):
        try:
            with open(path, "rb") as f:
                docs.append(json.load(f))
        except (OSError, ValueError) as e:
            sys.exit(f"report.py: {path}: {e}")
    instance, plan, ref = docs
    try:
        ours_cm = check_plan(instance, plan)
    except (ValueError, KeyError, TypeError) as e:
        sys.exit(f"report.py: {plan_path}: invalid plan: {e}")
    ref_cm = ref["optimum_cm"]
    ours_s, e2e_s, solve_s = plan["seconds"], ref["end_to_end_s"], ref["seconds"]["solve"]
    print(ROW.format(
        size, f"{ours_cm / 100:.2f}", f"{ref_cm / 100:.2f}",
        f"{100.0 * (ours_cm - ref_cm) / ref_cm:.5f}", f"{ours_s:.3f}", f"{e2e_s:.3f}",
        f"{solve_s:.3f}", f"{e2e_s / max(ours_s, 1e-6):.1f}x", f"{solve_s / max(ours_s, 1e-6):.2f}x"))


if __name__ == "__main__":
    main()
