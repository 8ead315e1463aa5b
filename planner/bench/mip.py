#!/usr/bin/env python3
"""The planner's member-choosing problem as a MIP, solved with HiGHS.

Why: in the member-choosing mode (more members than the households need, or
a `count`) the planner gives a heuristic plan and a Lagrangian lower bound.
This script states the same problem as a mixed-integer program and hands it
to HiGHS (the `highspy` package), so that scripts/compare-choosing.sh can put
the planner's cost and bound beside an off-the-shelf solver's.

The model, aggregated by place as the planner's bound is:
  item l     the households at one spot: identical (x, y, keyPerson, group),
             c_l of them (only weight 1 is modelled; other weights refused);
  member j   bounds lo_j..hi_j (its own `min`/`max`, else the instance's,
             else 10..15), `qualified`, `group`;
  y_j        binary: member j is used;
  x_lj >= 0  continuous: households of item l linked to j. With unit weights
             the problem for fixed y is a transportation problem, whose
             vertices are integral, so continuous x loses nothing;
  rows       sum_j x_lj = c_l; lo_j y_j <= sum_l x_lj <= hi_j y_j;
             x_lj <= c_l y_j (the strong linking); with `count`,
             sum_j y_j = count;
  arcs       only each item's k nearest *eligible* members (k-d tree):
             same group (households and members without a group form one
             group of their own), and qualified for a key-person item;
  objective  sum d_lj x_lj, d_lj the distance in whole centimetres,
             rint(sqrt(dx^2 + dy^2) * 100) as in report.py.

The k-nearest restriction makes this a smaller problem than the planner's
(which may link a household to any member of its group): HiGHS's optimum is
the optimum of the restricted graph, so its cost is an upper bound of the
true optimum, and its dual bound bounds the restricted model only (not the
true optimum; a plan using a link outside the k nearest may cost less).

The solution is verified before it is reported: integral links household ->
member are rebuilt from x (each item's households split by the rounded x),
every household linked once, every used member within its bounds, key
persons with qualified members, groups kept, `count` met, and the cost
recomputed from the households' own coordinates. Should HiGHS return a
non-integral x, the transportation LP is re-solved with y fixed (a simplex
vertex is integral) and that solution verified instead.

    python3 mip.py INSTANCE.json [--k 30] [--time-limit 600] [--json OUT.json]
                   [--plan PLAN.json] [--threads 2] [--gap 1e-4] [--log]

Prints one line; --json writes {"cost", "bound", "gap", "status", "seconds",
"k", "used", "items", ...} (metres, percent, seconds: k-d tree, model build
and HiGHS's run; reading the file and the verification excluded); --plan
writes the verified links in the plan format of the `plan` example.
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np
from scipy.sparse import coo_matrix
from scipy.spatial import cKDTree

# Fields the MIP has no counterpart for: refused rather than silently ignored.
# `building` and `knows` only break ties among equal costs in the planner.
UNSUPPORTED_HOUSEHOLD = {"current": "re-planning with current links (the objective counts moves first)"}


class Refused(Exception):
    """An instance this script does not model; the message says why."""


def group_key(v):
    """A group id as the planner keys it: 7 and "7" differ; no group is None."""
    return None if v is None else json.dumps(v, sort_keys=True)


def load(path):
    with open(path, "rb") as f:
        doc = json.load(f)
    hs, ms = doc["households"], doc["members"]
    if not hs or not ms:
        raise Refused("no households or no members")
    for n, h in enumerate(hs):
        w = h.get("weight", 1)
        if w != 1:
            raise Refused(f"households[{n}] has weight {w!r}: only unit weights are modelled "
                          "(with other weights a household cannot be split; the planner's weighted "
                          "mode is a heuristic)")
        for field, why in UNSUPPORTED_HOUSEHOLD.items():
            if field in h:
                raise Refused(f"households[{n}].{field}: {why} is not modelled")
    lo_default, hi_default = int(doc.get("min", 10)), int(doc.get("max", 15))
    count = doc.get("count")
    if count is not None and (not isinstance(count, int) or count < 0):
        raise Refused(f"count {count!r} is not a non-negative integer")
    groups = {}

    def gid(v):
        return groups.setdefault(group_key(v), len(groups))

    inst = dict(
        h_xy=np.array([(h["x"], h["y"]) for h in hs], dtype=float).reshape(-1, 2),
        h_key=np.array([bool(h.get("keyPerson", False)) for h in hs]),
        h_group=np.array([gid(h.get("group")) for h in hs], dtype=np.int64),
        h_id=[h["id"] for h in hs],
        m_xy=np.array([(m["x"], m["y"]) for m in ms], dtype=float).reshape(-1, 2),
        m_lo=np.array([int(m.get("min", lo_default)) for m in ms], dtype=np.int64),
        m_hi=np.array([int(m.get("max", hi_default)) for m in ms], dtype=np.int64),
        m_qual=np.array([bool(m.get("qualified", False)) for m in ms]),
        m_group=np.array([gid(m.get("group")) for m in ms], dtype=np.int64),
        m_id=[m["id"] for m in ms],
        count=count,
        groups=len(groups),
    )
    if (inst["m_lo"] < 0).any() or (inst["m_lo"] > inst["m_hi"]).any():
        raise Refused("a member's bounds are not 0 <= min <= max")
    # The planner's rule (planner/src/lib.rs, `plan`): it chooses members when a
    # count is given or some group's lower bounds exceed its households;
    # otherwise it uses every member (the exact mode), and so does this model.
    g = len(groups)
    households_per_group = np.bincount(inst["h_group"], minlength=g)
    lo_per_group = np.bincount(inst["m_group"], weights=inst["m_lo"], minlength=g)
    inst["choosing"] = bool(count is not None or (lo_per_group > households_per_group).any())
    return inst


def cost_cm(a, b):
    """Link costs between matching rows of two point arrays, report.py's rounding."""
    d = a - b
    return np.rint(np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) * 100.0).astype(np.int64)


def items_of(inst):
    """(item of each household, item coordinates, key flag, group, count)."""
    xy, key, group = inst["h_xy"], inst["h_key"], inst["h_group"]
    rows = np.empty(len(xy), dtype=[("x", "f8"), ("y", "f8"), ("k", "?"), ("g", "i8")])
    rows["x"], rows["y"], rows["k"], rows["g"] = xy[:, 0], xy[:, 1], key, group
    _, first, item, counts = np.unique(rows, return_index=True, return_inverse=True,
                                          return_counts=True)
    return item.ravel(), xy[first], key[first], group[first], counts.astype(np.int64)


def arcs_of(inst, item_xy, item_key, item_group, k):
    """Each item's k nearest eligible members: (item, member, cost) arrays,
    sorted by item. Items with no eligible member are an error."""
    arc_l, arc_j = [], []
    classes = {}
    for l in range(len(item_xy)):
        classes.setdefault((int(item_group[l]), bool(item_key[l])), []).append(l)
    for (g, key), ls in classes.items():
        eligible = inst["m_group"] == g
        if key:
            eligible &= inst["m_qual"]
        members = np.flatnonzero(eligible)
        ls = np.array(ls, dtype=np.int64)
        if len(members) == 0:
            raise Refused(f"{len(ls)} places with {'key-person ' if key else ''}households have no "
                          f"eligible member (no {'qualified ' if key else ''}member in their group)")
        kk = min(k, len(members))
        _, near = cKDTree(inst["m_xy"][members]).query(item_xy[ls], k=kk, workers=-1)
        near = np.asarray(near).reshape(len(ls), kk)
        arc_l.append(np.repeat(ls, kk))
        arc_j.append(members[near.ravel()])
    arc_l, arc_j = np.concatenate(arc_l), np.concatenate(arc_j)
    order = np.lexsort((arc_j, arc_l))
    arc_l, arc_j = arc_l[order], arc_j[order]
    return arc_l, arc_j, cost_cm(item_xy[arc_l], inst["m_xy"][arc_j])


def build(inst, item_count, arc_l, arc_j, arc_c, restrict_y=None):
    """The model as HiGHS's column-wise arrays. Columns: y_0..y_{m-1}, then one
    x per arc. Rows: items (= c_l), members' upper (sum x - hi y <= 0) and
    lower (sum x - lo y >= 0) bounds, one linking row per arc (x - c_l y <= 0),
    and the count row. restrict_y: y fixed to these 0/1 values and every
    column continuous (the polishing LP)."""
    m, n_items, n_arcs = len(inst["m_xy"]), len(item_count), len(arc_l)
    lo, hi = inst["m_lo"].astype(float), inst["m_hi"].astype(float)
    r_up, r_lo, r_link = n_items, n_items + m, n_items + 2 * m
    r_count = r_link + n_arcs
    n_rows = r_count + (inst["count"] is not None)
    a = np.arange(n_arcs)
    x_col = m + a
    members = np.arange(m)
    rows = [arc_l, r_up + arc_j, r_lo + arc_j, r_link + a,
            r_up + members, r_lo + members, r_link + a]
    cols = [x_col, x_col, x_col, x_col, members, members, arc_j]
    vals = [np.ones(n_arcs), np.ones(n_arcs), np.ones(n_arcs), np.ones(n_arcs),
            -hi, -lo, -item_count[arc_l].astype(float)]
    if inst["count"] is not None:
        rows.append(np.full(m, r_count))
        cols.append(members)
        vals.append(np.ones(m))
    matrix = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                        shape=(n_rows, m + n_arcs)).tocsc()
    matrix.sort_indices()
    inf = np.inf
    row_lower = np.concatenate([item_count.astype(float), np.full(m, -inf), np.zeros(m),
                                np.full(n_arcs, -inf)])
    row_upper = np.concatenate([item_count.astype(float), np.zeros(m), np.full(m, inf),
                                np.zeros(n_arcs)])
    if inst["count"] is not None:
        row_lower = np.append(row_lower, inst["count"])
        row_upper = np.append(row_upper, inst["count"])
    col_cost = np.concatenate([np.zeros(m), arc_c.astype(float)])
    if restrict_y is None:
        y_lower, y_upper = np.full(m, 0.0 if inst["choosing"] else 1.0), np.ones(m)
    else:
        y_lower = y_upper = restrict_y.astype(float)
    col_lower = np.concatenate([y_lower, np.zeros(n_arcs)])
    col_upper = np.concatenate([y_upper, np.minimum(item_count[arc_l], inst["m_hi"][arc_j])
                                .astype(float)])
    # The polishing LP passes every column continuous (highspy has no overload without it).
    integrality = np.concatenate([np.full(m, restrict_y is None, np.int32), np.zeros(n_arcs, np.int32)])
    return dict(num_col=m + n_arcs, num_row=n_rows, col_cost=col_cost, col_lower=col_lower,
                col_upper=col_upper, row_lower=row_lower, row_upper=row_upper,
                start=matrix.indptr.astype(np.int32), index=matrix.indices.astype(np.int32),
                value=matrix.data.astype(float), integrality=integrality)


def solve_highs(model, threads, time_limit, gap, log):
    import highspy

    if log:
        h = highspy.Highs()
    else:
        # The constructor prints HiGHS's banner on stdout before any option can
        # silence it: keep this script's output to its one line.
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    h.setOptionValue("output_flag", bool(log))
    if log:
        h.setOptionValue("log_to_console", True)
    h.setOptionValue("threads", threads)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", gap)
    mip = bool(model["integrality"].any())
    if not mip:
        h.setOptionValue("solver", "simplex")  # a vertex: integral for a transportation LP
    nnz = len(model["value"])
    args = (model["num_col"], model["num_row"], nnz, 1, 1, 0.0,  # column-wise, minimise
            model["col_cost"], model["col_lower"], model["col_upper"],
            model["row_lower"], model["row_upper"],
            model["start"], model["index"], model["value"], model["integrality"])
    status = h.passModel(*args)
    if status == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS refused the model")
    h.run()
    ms = h.getModelStatus()
    info = h.getInfo()
    names = {highspy.HighsModelStatus.kOptimal: "optimal",
             highspy.HighsModelStatus.kTimeLimit: "time limit",
             highspy.HighsModelStatus.kInfeasible: "infeasible",
             highspy.HighsModelStatus.kMemoryLimit: "memory limit"}
    name = names.get(ms, h.modelStatusToString(ms).lower())
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.asarray(h.getSolution().col_value) if has_solution else None
    result = dict(status=name, objective=info.objective_function_value if has_solution else None,
                  bound=info.mip_dual_bound if mip else None,
                  highs_gap=info.mip_gap if mip else None,
                  nodes=int(info.mip_node_count), x=x)
    return result


def links_from(inst, item, item_count, arc_l, arc_j, x):
    """Integral links household -> member from the arcs' x, or None with the
    reason when x does not round to a split of every item."""
    xr = np.rint(x).astype(np.int64)
    if np.abs(x - xr).max(initial=0.0) > 1e-6:
        return None, f"x not integral (max deviation {np.abs(x - xr).max():.2e})"
    per_item = np.bincount(arc_l, weights=xr, minlength=len(item_count)).astype(np.int64)
    if (per_item != item_count).any():
        return None, f"{int((per_item != item_count).sum())} items' rounded x do not sum to their households"
    # Households of each item, in order; the arcs of each item (sorted by item)
    # hand them out in blocks of xr.
    order = np.argsort(item, kind="stable")
    take = np.repeat(arc_j, xr)  # members, grouped by item in item order
    assign = np.empty(len(item), np.int64)
    assign[order] = take
    return assign, None


def verify(inst, assign, expected_cm):
    """Checks the links against the instance; returns (cost in cm, used members)."""
    h, m = len(inst["h_xy"]), len(inst["m_xy"])
    if assign.shape != (h,) or assign.min() < 0 or assign.max() >= m:
        raise RuntimeError("verification: a household is not linked to a member")
    load = np.bincount(assign, minlength=m)
    used = load > 0
    bad = used & ((load < inst["m_lo"]) | (load > inst["m_hi"]))
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise RuntimeError(f"verification: {int(bad.sum())} used members outside their bounds, e.g. "
                           f"member {inst['m_id'][j]!r} with {load[j]} (bounds "
                           f"{inst['m_lo'][j]}..{inst['m_hi'][j]})")
    if (inst["h_key"] & ~inst["m_qual"][assign]).any():
        raise RuntimeError("verification: a key-person household is linked to an unqualified member")
    if (inst["h_group"] != inst["m_group"][assign]).any():
        raise RuntimeError("verification: a household is linked outside its group")
    # With `count`, members of min 0 may be chosen yet take nobody: count y, not loads.
    total = int(cost_cm(inst["h_xy"], inst["m_xy"][assign]).sum())
    if abs(total - expected_cm) > 0.5 + 1e-9 * abs(expected_cm):
        raise RuntimeError(f"verification: the links cost {total / 100:.2f} m, the solver says "
                           f"{expected_cm / 100:.2f} m")
    return total, int(used.sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("instance")
    ap.add_argument("--k", type=int, default=30, help="nearest eligible members per place (30)")
    ap.add_argument("--time-limit", type=float, default=600.0, help="HiGHS's time limit, seconds (600)")
    ap.add_argument("--threads", type=int, default=2, help="HiGHS's threads (2)")
    ap.add_argument("--gap", type=float, default=1e-4, help="HiGHS's mip_rel_gap (1e-4)")
    ap.add_argument("--json", help="also write the result to this file")
    ap.add_argument("--plan", help="also write the verified links as a plan file")
    ap.add_argument("--log", action="store_true", help="HiGHS's log on stdout")
    args = ap.parse_args()
    if args.k < 1 or args.time_limit <= 0 or args.threads < 1 or args.gap < 0:
        ap.error("--k and --threads must be at least 1, --time-limit positive, --gap non-negative")
    name = args.instance

    try:
        inst = load(args.instance)
    except Refused as e:
        sys.exit(f"mip.py: {name}: refused: {e}")
    except KeyError as e:
        sys.exit(f"mip.py: {name}: missing field {e}")
    except (OSError, ValueError, TypeError) as e:
        sys.exit(f"mip.py: {name}: not a readable instance: {e}")

    times = {}
    t = time.perf_counter()
    item, item_xy, item_key, item_group, item_count = items_of(inst)
    try:
        arc_l, arc_j, arc_c = arcs_of(inst, item_xy, item_key, item_group, args.k)
    except Refused as e:
        sys.exit(f"mip.py: {name}: infeasible: {e}")
    times["knn"] = time.perf_counter() - t
    t = time.perf_counter()
    model = build(inst, item_count, arc_l, arc_j, arc_c)
    times["build"] = time.perf_counter() - t
    t = time.perf_counter()
    res = solve_highs(model, args.threads, args.time_limit, args.gap, args.log)
    times["highs"] = time.perf_counter() - t
    del model
    m = len(inst["m_xy"])

    cost_cm_value, used, polished, y_used = None, None, False, None
    if res["x"] is not None:
        y = np.rint(res["x"][:m]).astype(np.int64)
        y_used = int(y.sum())
        objective = res["objective"]
        assign, why = links_from(inst, item, item_count, arc_l, arc_j, res["x"][m:])
        if assign is None:
            # A non-vertex x: the transportation LP on the chosen members has an
            # integral vertex of no greater cost.
            t = time.perf_counter()
            lp = solve_highs(build(inst, item_count, arc_l, arc_j, arc_c, restrict_y=y),
                             args.threads, args.time_limit, 0.0, args.log)
            times["polish"] = time.perf_counter() - t
            if lp["x"] is None:
                sys.exit(f"mip.py: {name}: HiGHS's x is not integral ({why}) and the LP on its "
                         f"members is {lp['status']}")
            assign, why2 = links_from(inst, item, item_count, arc_l, arc_j, lp["x"][m:])
            if assign is None:
                sys.exit(f"mip.py: {name}: no integral links: {why}; after the LP: {why2}")
            objective, polished = lp["objective"], True
        try:
            cost_cm_value, used = verify(inst, assign, objective)
        except RuntimeError as e:
            sys.exit(f"mip.py: {name}: {e}")
        if inst["count"] is not None and y_used != inst["count"]:
            sys.exit(f"mip.py: {name}: verification: {y_used} members chosen, count is {inst['count']}")
        if args.plan:
            links = [{"household": hid, "member": inst["m_id"][j]}
                     for hid, j in zip(inst["h_id"], assign.tolist())]
            load_ = np.bincount(assign, minlength=m)
            with open(args.plan, "w") as f:
                json.dump({"links": links,
                           "unusedMembers": [inst["m_id"][j] for j in np.flatnonzero(load_ == 0)],
                           "cost": cost_cm_value / 100.0, "seconds": sum(times.values())}, f)
                f.write("\n")

    seconds = times["knn"] + times["build"] + times["highs"]
    bound_cm = res["bound"]
    if bound_cm is not None and not np.isfinite(bound_cm):
        bound_cm = None
    gap = None
    if cost_cm_value is not None and bound_cm:
        gap = 100.0 * (cost_cm_value - bound_cm) / bound_cm
    result = dict(
        instance=os.path.basename(name), households=len(inst["h_xy"]), members=m,
        count=inst["count"], groups=inst["groups"],
        mode="choosing" if inst["choosing"] else "every member used",
        cost=None if cost_cm_value is None else cost_cm_value / 100.0,
        bound=None if bound_cm is None else round(bound_cm / 100.0, 4),
        gap=None if gap is None else round(gap, 5),
        status=res["status"], seconds=round(seconds, 3), k=args.k,
        restricted=f"each place's {args.k} nearest eligible members only: the cost is an upper "
                   "bound of the true optimum, the bound is the restricted model's",
        used=used, chosen=y_used, items=int(len(item_count)), arcs=int(len(arc_l)),
        highs_gap_percent=None if res["highs_gap"] is None or cost_cm_value is None
        else round(100.0 * res["highs_gap"], 5),
        nodes=res["nodes"], polished=polished, mip_rel_gap=args.gap,
        time_limit=args.time_limit, threads=args.threads,
        phases={n: round(s, 3) for n, s in times.items()},
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
    )

    def metres(v):
        return "-" if v is None else f"{v:.2f} m"

    print(f"{result['instance']}: {result['status']}, cost {metres(result['cost'])}, bound "
          f"{metres(result['bound'])}, gap {'-' if gap is None else f'{gap:.4f}%'}, "
          f"{result['seconds']:.2f} s; {used} members used, {result['items']} places, "
          f"{result['arcs']} arcs (k = {args.k} nearest: restricted model)"
          f"{', verified' if used is not None else ', no solution'}"
          f"{' after the LP polish' if polished else ''}; peak {result['peak_rss_mb']:.0f} MB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
