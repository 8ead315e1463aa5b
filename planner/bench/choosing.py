#!/usr/bin/env python3
"""One row of scripts/compare-choosing.sh's table: the planner's member-choosing
mode against the HiGHS MIP (mip.py).

    python3 choosing.py --header
    python3 choosing.py NAME INSTANCE.json PLAN.json MIP.json [MIP_PLAN.json]

Before a row is printed the planner's plan is checked against its instance
(report.py's check, adapted to members that may stay unused): every household
linked exactly once, to a known member; every *used* member within its own
bounds (`min`/`max` of the member, else of the instance, else 10..15), unused
members allowed; key persons only with qualified members; links inside
groups; with `count`, exactly that many members used; `unusedMembers` the
members without a household; the cost equal to the sum of its links in whole
centimetres (rint(distance * 100)); `lowerBound`, when given, not above the
cost. With MIP_PLAN.json (mip.py --plan) the MIP's links get the same check
and must cost what mip.py reported. Exits 1 with one line saying what is wrong.
"""

import json
import sys

import numpy as np

COLUMNS = ("instance", "ours (m)", "ours LB (m)", "ours gap %", "ours (s)", "HiGHS (m)",
           "HiGHS bound (m)", "HiGHS gap %", "HiGHS (s)", "ours vs HiGHS %", "HiGHS status")
ROW = "{:<16} {:>11} {:>11} {:>10} {:>8} {:>11} {:>15} {:>11} {:>9} {:>15}  {}"


def key(v):
    """An id or group as the planner keys it: 7 and "7" are different."""
    return json.dumps(v, sort_keys=True)


def check_plan(instance, plan):
    """The plan's total in centimetres, recomputed from its links, and the members it uses."""
    households = {key(h["id"]): h for h in instance["households"]}
    members = {key(m["id"]): m for m in instance["members"]}
    if len(households) != len(instance["households"]) or len(members) != len(instance["members"]):
        raise ValueError("the instance's ids are not unique")
    lo_default, hi_default = instance.get("min", 10), instance.get("max", 15)
    links = plan["links"]
    linked = [key(link["household"]) for link in links]
    if len(set(linked)) != len(linked):
        raise ValueError("a household is linked twice")
    if set(linked) != set(households):
        missing = set(households) - set(linked)
        if missing:
            raise ValueError(f"{len(missing)} households are not linked, e.g. {sorted(missing)[0]}")
        raise ValueError(f"link from unknown household {sorted(set(linked) - set(households))[0]}")
    chosen = [key(link["member"]) for link in links]
    unknown = set(chosen) - set(members)
    if unknown:
        raise ValueError(f"link to unknown member {sorted(unknown)[0]}")
    load = {}
    for m in chosen:
        load[m] = load.get(m, 0) + 1
    for m, n in load.items():
        lo, hi = members[m].get("min", lo_default), members[m].get("max", hi_default)
        if not lo <= n <= hi:
            raise ValueError(f"used member {m} has {n} households, outside its bounds {lo}..{hi}")
    unused = {key(m) for m in plan.get("unusedMembers", [])}
    idle = set(members) - set(load)
    if unused != idle:
        odd = sorted(unused ^ idle)[0]
        raise ValueError(f"unusedMembers does not list the members without a household (e.g. {odd})")
    if "count" in instance and len(load) != instance["count"]:
        raise ValueError(f"{len(load)} members used, the instance's count is {instance['count']}")
    for hk, mk in zip(linked, chosen):
        h, m = households[hk], members[mk]
        if h.get("keyPerson", False) and not m.get("qualified", False):
            raise ValueError(f"key-person household {hk} is linked to unqualified member {mk}")
        if key(h.get("group")) != key(m.get("group")):
            raise ValueError(f"household {hk} is linked to member {mk} of another group")
    a = np.array([(households[k]["x"], households[k]["y"]) for k in linked], dtype=float).reshape(-1, 2)
    b = np.array([(members[k]["x"], members[k]["y"]) for k in chosen], dtype=float).reshape(-1, 2)
    d = a - b
    total = int(np.rint(np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) * 100.0).sum())
    if total != round(plan["cost"] * 100):
        raise ValueError(f"the links cost {total / 100:.2f} m, the plan says {plan['cost']:.2f} m")
    bound = plan.get("lowerBound")
    if bound is not None and round(bound * 100) > total:
        raise ValueError(f"lowerBound {bound:.2f} m is above the cost {total / 100:.2f} m")
    return total, len(load)


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def main():
    if sys.argv[1:] == ["--header"]:
        print(ROW.format(*COLUMNS))
        return
    if len(sys.argv) not in (5, 6):
        sys.exit("usage: choosing.py --header | "
                 "choosing.py NAME INSTANCE.json PLAN.json MIP.json [MIP_PLAN.json]")
    name, paths = sys.argv[1], sys.argv[2:]
    docs = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                docs.append(json.load(f))
        except (OSError, ValueError) as e:
            sys.exit(f"choosing.py: {path}: {e}")
    instance, plan, mip = docs[:3]
    try:
        ours_cm, _ = check_plan(instance, plan)
    except (ValueError, KeyError, TypeError) as e:
        sys.exit(f"choosing.py: {paths[1]}: invalid plan: {e}")
    if len(docs) == 4 and mip.get("cost") is not None:
        try:
            mip_cm, _ = check_plan(instance, docs[3])
        except (ValueError, KeyError, TypeError) as e:
            sys.exit(f"choosing.py: {paths[3]}: invalid MIP plan: {e}")
        if mip_cm != round(mip["cost"] * 100):
            sys.exit(f"choosing.py: {paths[3]}: the MIP's links cost {mip_cm / 100:.2f} m, "
                     f"mip.py said {mip['cost']:.2f} m")
    ours = ours_cm / 100.0
    bound = plan.get("lowerBound")
    ours_gap = 100.0 * (ours - bound) / bound if bound else None
    h_cost, h_bound = mip.get("cost"), mip.get("bound")
    h_gap = 100.0 * (h_cost - h_bound) / h_bound if h_cost is not None and h_bound else None
    vs = 100.0 * (ours - h_cost) / h_cost if h_cost else None
    print(ROW.format(
        name, f"{ours:.2f}", fmt(bound, ".2f"), fmt(ours_gap, ".3f"), f"{plan['seconds']:.2f}",
        fmt(h_cost, ".2f"), fmt(h_bound, ".2f"), fmt(h_gap, ".3f"), f"{mip['seconds']:.1f}",
        fmt(vs, "+.3f"), mip["status"]))


if __name__ == "__main__":
    main()
