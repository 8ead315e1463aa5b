#!/usr/bin/env python3
"""The reference optimum of a planner instance, computed with Google OR-Tools.

Why: the planner claims the exact optimum of the every-member-used problem on
the complete household-member graph. This script reaches the same optimum the
way an engineer would with an off-the-shelf solver, so that
scripts/compare-planner.sh can check the planner's cost to the centimetre and
put its time next to a well-known solver's.

The problem: link every household to one member, every member to between
`min` and `max` households, at the least total distance; a link costs its
distance in whole centimetres, rint(sqrt(dx^2 + dy^2) * 100), the planner's
own rounding, so both sides optimise the same integers.

The pipeline (each phase timed):
  knn      candidate links: each household's k nearest members (k-d tree).
  build    a min-cost flow network: a household supplies 1 unit, a member
           demands `min` and passes up to `max - min` more to a sink. A hub
           node that every household can reach at a prohibitive price keeps
           the sparse network feasible: on real data the k nearest members
           are not enough (a hamlet with more members than it can feed needs
           households from the next settlement, far down their lists).
  solve    OR-Tools' SimpleMinCostFlow (cost-scaling push-relabel, C++).
  extract  the links and each member's load, read back from the flows.
  certify  proof on the complete graph: node potentials of the optimal flow
           (Bellman-Ford on its residual graph) price every link that is not
           in the network; links with a negative reduced cost are added and
           the network solved again, until none is left and the hub is
           unused. The flow is then optimal on the complete graph
           (complementary slackness), which k nearest alone never shows.

    python3 reference.py INSTANCE.json [--k 16] [--json RESULT.json]

Handles the instances that planner/bench/gen.py writes: global min and max,
every member used (members x min <= households <= members x max). Instances
with the planner's extensions (weights, key persons, groups, per-member
bounds, a member count) are refused with the field named.
"""

import argparse
import itertools
import json
import os
import resource
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

Solver = min_cost_flow.SimpleMinCostFlow

# The planner's fields that this reference does not model.
PLAIN_HOUSEHOLD = {"id", "x", "y", "building"}
PLAIN_MEMBER = {"id", "x", "y"}
PLAIN_INSTANCE = {"households", "members", "min", "max"}


class Refused(Exception):
    """An instance this reference cannot solve; the message says why."""


def load(path):
    with open(path, "rb") as f:
        doc = json.load(f)
    extra = set(doc) - PLAIN_INSTANCE
    if extra:
        raise Refused(f"unsupported instance field {sorted(extra)[0]!r}")
    for kind, allowed in (("households", PLAIN_HOUSEHOLD), ("members", PLAIN_MEMBER)):
        for n, item in enumerate(doc[kind]):
            extra = set(item) - allowed
            if extra:
                raise Refused(f"unsupported field {kind}[{n}].{sorted(extra)[0]}")
    households = np.array([(h["x"], h["y"]) for h in doc["households"]], dtype=float)
    members = np.array([(m["x"], m["y"]) for m in doc["members"]], dtype=float)
    # The planner's defaults when the instance names no bounds.
    lo, hi = int(doc.get("min", 10)), int(doc.get("max", 15))
    h, m = len(households), len(members)
    if not (m > 0 and m * lo <= h <= m * hi):
        raise Refused(f"{h} households and {m} members with bounds {lo}..{hi}: not every member "
                      "can be used, and this reference solves only that case")
    return households.reshape(h, 2), members.reshape(m, 2), lo, hi


def cost_cm(a, b):
    """Link costs between matching rows of two point arrays. sqrt of the sum,
    not hypot: hypot may differ in the last bit and round a half-centimetre
    the other way than the planner."""
    d = a - b
    return np.rint(np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1]) * 100.0).astype(np.int64)


class Network:
    """The candidate links and the flow solved on them.

    Node numbers: households 0..H-1, members H..H+M-1, the sink H+M, the hub
    H+M+1. Arc numbers follow the order of creation: the links, then one
    member-to-sink arc per member, then (with a hub) one household-to-hub arc
    per household and one hub-to-member arc per member.
    """

    def __init__(self, households, members, lo, hi, link_h, link_m, link_c, hub_cost):
        h, m = len(households), len(members)
        self.h, self.m, self.lo, self.hi = h, m, lo, hi
        self.link_h, self.link_m, self.link_c = link_h, link_m, link_c
        self.hub_cost = hub_cost
        self.flow = Solver()
        add = self.flow.add_arcs_with_capacity_and_unit_cost
        member_nodes = np.arange(h, h + m, dtype=np.int32)
        add(link_h.astype(np.int32), (h + link_m).astype(np.int32),
            np.ones(len(link_h), np.int64), link_c)
        sink = h + m
        add(member_nodes, np.full(m, sink, np.int32),
            np.full(m, hi - lo, np.int64), np.zeros(m, np.int64))
        supplies = np.concatenate([np.ones(h, np.int64), np.full(m, -lo, np.int64),
                                   [m * lo - h]])
        if hub_cost:
            hub = h + m + 1
            add(np.arange(h, dtype=np.int32), np.full(h, hub, np.int32),
                np.ones(h, np.int64), np.full(h, hub_cost, np.int64))
            add(np.full(m, hub, np.int32), member_nodes,
                np.full(m, hi, np.int64), np.zeros(m, np.int64))
            supplies = np.append(supplies, 0)
        self.flow.set_nodes_supplies(np.arange(len(supplies), dtype=np.int32), supplies)

    def solve(self):
        status = self.flow.solve()
        if status != Solver.OPTIMAL:
            # With the hub the network is feasible by construction, so any
            # other status is a solver limit (e.g. costs too large).
            raise RuntimeError(f"OR-Tools returned {status.name}")

    def extract(self):
        """(member of each household or -1 for the hub, each household's link
        cost, households each member receives through the hub)."""
        n = len(self.link_h)
        used = np.asarray(self.flow.flows(np.arange(n, dtype=np.int32))) > 0
        assign = np.full(self.h, -1, np.int64)
        assign[self.link_h[used]] = self.link_m[used]
        cost = np.full(self.h, self.hub_cost, np.int64)
        cost[self.link_h[used]] = self.link_c[used]
        via_hub = np.zeros(self.m, np.int64)
        if self.hub_cost:
            first = n + self.m + self.h
            via_hub = np.asarray(self.flow.flows(np.arange(first, first + self.m, dtype=np.int32)))
        return assign, cost, via_hub


def potentials(net, assign, cost, via_hub):
    """Member prices p >= 0 such that every arc of the residual graph has a
    non-negative reduced cost; None if that graph has a negative cycle.

    A household holds one unit and sits on one member, so its node is folded
    into the member's: moving household i from its member a to member j is an
    arc a -> j of weight c(i, j) - c(i, a). Prices are the negated shortest
    distances from a virtual root linked to every node at 0 (Bellman-Ford: the
    weights can be negative). Nodes: members 0..M-1, sink M, hub M+1.
    """
    m, lo, hi = net.m, net.lo, net.hi
    sink, hub = m, m + 1
    at = np.where(assign >= 0, assign, hub)
    holder = at[net.link_h]
    free = net.link_m != assign[net.link_h]
    tails = [holder[free]]
    heads = [net.link_m[free]]
    weights = [net.link_c[free] - cost[net.link_h[free]]]
    load = np.bincount(assign[assign >= 0], minlength=m) + via_hub
    room, spare = np.flatnonzero(load < hi), np.flatnonzero(load > lo)
    tails += [room, np.full(len(spare), sink)]
    heads += [np.full(len(room), sink), spare]
    weights += [np.zeros(len(room) + len(spare), np.int64)]
    if net.hub_cost:
        real = np.flatnonzero(assign >= 0)
        to_hub, from_hub = np.flatnonzero(via_hub < hi), np.flatnonzero(via_hub > 0)
        tails += [assign[real], np.full(len(to_hub), hub), from_hub]
        heads += [np.full(len(real), hub), to_hub, np.full(len(from_hub), hub)]
        weights += [net.hub_cost - cost[real], np.zeros(len(to_hub) + len(from_hub), np.int64)]
    tail, head, weight = (np.concatenate(x) for x in (tails, heads, weights))
    # Many households give the same member pair: only the cheapest matters.
    nodes = m + 2
    pair = tail * nodes + head
    order = np.lexsort((weight, pair))
    pair, weight = pair[order], weight[order]
    first = np.r_[True, pair[1:] != pair[:-1]]
    tail, head, weight = pair[first] // nodes, pair[first] % nodes, weight[first]

    dist = np.zeros(nodes, np.int64)
    changed = np.ones(nodes, bool)
    for _ in range(nodes + 1):
        # Only arcs out of a node whose distance fell last pass can improve a
        # head: after the first passes that is a small share of the arcs.
        live = changed[tail]
        if not live.any():
            return -dist[:m], (-dist[hub] if net.hub_cost else 0)
        before = dist.copy()
        np.minimum.at(dist, head[live], dist[tail[live]] + weight[live])
        changed = dist < before
    return None


def reduced_costs(households, members, i, j, assign, cost, price, hub_price):
    """Reduced costs of linking households i to members j: c(i, j) + p(j)
    - c(i) - p(a(i)), where a(i) is the member (or hub) i is linked to now."""
    c = cost_cm(households[i], members[j])
    held = assign[i]
    held_price = np.where(held >= 0, price[np.maximum(held, 0)], hub_price)
    return c, c + price[j] - cost[i] - held_price


def links_to_add(households, members, pair_chunks, assign, cost, price, hub_price, per_household=8):
    """Of the candidate pairs (household, member), the ones with a negative
    reduced cost: at most `per_household` most negative per household (adding
    every violation would bloat the network; the worst ones fix most of it).
    Returns (households, members, costs, pairs priced)."""
    found, priced = [], 0
    for i, j in pair_chunks:
        priced += len(i)
        c, reduced = reduced_costs(households, members, i, j, assign, cost, price, hub_price)
        bad = reduced < 0
        found.append((i[bad], j[bad], c[bad], reduced[bad]))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), priced
    i, j, c, reduced = (np.concatenate(x) for x in zip(*found))
    order = np.lexsort((reduced, i))
    i, j, c = i[order], j[order], c[order]
    index = np.arange(len(i))
    group_start = np.maximum.accumulate(np.where(np.r_[True, i[1:] != i[:-1]], index, 0))
    keep = index - group_start < per_household
    return i[keep], j[keep], c[keep], priced


def nearest_pairs(member_tree, households, rows, reach, chunk_pairs=2_000_000):
    """The households `rows` each paired with its `reach` nearest members, in
    chunks of about `chunk_pairs` (on L and XL all pairs at once would take
    gigabytes)."""
    m = member_tree.n
    chunk = max(1, chunk_pairs // reach)
    for s in range(0, len(rows), chunk):
        part = rows[s:s + chunk]
        if reach >= m:  # every member: no search needed
            yield np.repeat(part, m), np.tile(np.arange(m, dtype=np.int64), len(part))
            continue
        _, near = member_tree.query(households[part], k=reach, workers=-1)
        yield np.repeat(part, reach), near.reshape(len(part), reach).ravel().astype(np.int64)


def concat_pairs(chunks):
    """One (households, members) pair of arrays from chunks of them."""
    chunks = list(chunks)
    return np.concatenate([i for i, _ in chunks]), np.concatenate([j for _, j in chunks])


def violating_pairs(households, members, assign, cost, price, bands=16, chunk=50_000):
    """The pairs of the complete graph that may have a negative reduced cost,
    in chunks, without enumerating H x M pairs.

    The test c(i, j) + p(j) < c(i) + p(a(i)) = R(i) is a nearest-neighbour
    search weighted by price. Members are split into bands of similar price;
    within a band only members closer than R(i) - (the band's lowest price)
    can qualify: a plain radius search in that band's k-d tree. The radius is
    widened by 1 cm so that rounding to centimetres cannot hide a pair; the
    exact integer test is the caller's.
    """
    reach = cost + price[assign]
    for band in np.array_split(np.argsort(price, kind="stable"), min(bands, len(members))):
        radius = (reach - price[band].min() + 1) / 100.0
        rows = np.flatnonzero(radius > 0)
        if len(rows) == 0:
            continue
        tree = cKDTree(members[band])
        for s in range(0, len(rows), chunk):
            part = rows[s:s + chunk]
            found = tree.query_ball_point(households[part], radius[part], workers=-1,
                                          return_sorted=False)
            counts = np.fromiter(map(len, found), np.int64, len(part))
            near = np.fromiter(itertools.chain.from_iterable(found), np.int64, int(counts.sum()))
            yield np.repeat(part, counts), band[near]


def solve(households, members, lo, hi, k, per_household=8, hub_pairs=20_000_000,
          log=lambda _: None):
    """The certified optimum, with the network's history and the time of each phase."""
    times = {}

    def timed(name, f, *args):
        t = time.perf_counter()
        out = f(*args)
        times[name] = times.get(name, 0.0) + time.perf_counter() - t
        return out

    h, m = len(households), len(members)
    k = min(k, m)
    member_tree = timed("knn", cKDTree, members)
    # nearest_pairs is lazy: the searches run inside the timing.
    link_h, link_m = timed("knn", concat_pairs, nearest_pairs(member_tree, households, np.arange(h), k))
    link_c = timed("knn", cost_cm, households[link_h], members[link_m])
    # The hub's price: above any single link, so that it is a last resort
    # (the cheapest such price: a larger one slows OR-Tools' cost scaling,
    # by a third or more on M). A chain of moves replacing a hub link can still cost
    # more; if the hub then stays in use while nothing prices out, the price
    # goes up to `safe_hub_cost`, which bounds any chain: a simple chain
    # visits each member at most once, at most one diagonal per move.
    extent = np.ptp(np.vstack([households, members]), axis=0)
    diagonal = int(np.ceil(np.hypot(*extent) * 100)) + 1
    hub_cost, safe_hub_cost = diagonal, 2 * (m + 1) * diagonal
    net = timed("build", Network, households, members, lo, hi, link_h, link_m, link_c, hub_cost)
    timed("solve", net.solve)
    assign, cost, via_hub = timed("extract", net.extract)
    first = dict(cost_cm=int(cost[assign >= 0].sum()), hub_households=int((assign < 0).sum()),
                 links=int(len(link_h)))
    log(f"first solve: {first}")

    rounds = []
    # While the hub is in use, a household on it is priced against this many
    # nearest members at least, the others against their 4 k nearest.
    hub_reach = 4 * k
    started = time.perf_counter()
    while True:
        t = time.perf_counter()
        prices = potentials(net, assign, cost, via_hub)
        if prices is None:
            raise RuntimeError("negative cycle in the residual graph: OR-Tools' flow is not optimal")
        price, hub_price = prices
        t_potentials = time.perf_counter() - t
        on_hub = np.flatnonzero(assign < 0)
        hub_households = len(on_hub)
        if hub_households:
            # The hub's prohibitive cost inflates every price near it, so an
            # exact search would return most of the graph. The households on
            # the hub are few: price them against as many members as a budget
            # of pairs allows (on S to L, all), so that they find the members
            # that are cheap to reach even when every near one is full; the
            # others against their nearest members, where the chains that
            # make room run.
            wide = min(m, max(hub_reach, hub_pairs // hub_households))
            pairs = itertools.chain(
                nearest_pairs(member_tree, households, np.flatnonzero(assign >= 0), min(4 * k, m)),
                nearest_pairs(member_tree, households, on_hub, wide))
        else:
            pairs = violating_pairs(households, members, assign, cost, price)
        add_h, add_m, add_c, priced = links_to_add(households, members, pairs, assign, cost,
                                                   price, hub_price, per_household)
        rounds.append(dict(hub_households=hub_households, pairs_priced=priced,
                           links_added=int(len(add_h)),
                           potentials_s=round(t_potentials, 3),
                           pricing_s=round(time.perf_counter() - t - t_potentials, 3)))
        if len(add_h) == 0 and not hub_households:
            break  # certified: no link of the complete graph lowers the cost
        if len(add_h) == 0:
            if wide < m:
                hub_reach = 4 * wide
                continue
            if hub_cost >= safe_hub_cost:
                raise RuntimeError("the hub is still in use and pricing finds no link to add")
            hub_cost = safe_hub_cost  # and solve again on the same links
        t = time.perf_counter()
        # Once no household needs the hub, the real links are feasible alone:
        # dropping it keeps its huge cost out of OR-Tools' cost scaling.
        net = Network(households, members, lo, hi, np.concatenate([net.link_h, add_h]),
                      np.concatenate([net.link_m, add_m]), np.concatenate([net.link_c, add_c]),
                      hub_cost if hub_households else 0)
        net.solve()
        assign, cost, via_hub = net.extract()
        rounds[-1]["resolve_s"] = round(time.perf_counter() - t, 3)
        rounds[-1]["cost_cm_after"] = int(cost[assign >= 0].sum())
        log(f"round {len(rounds)}: {rounds[-1]}")
    times["certify"] = time.perf_counter() - started
    load = np.bincount(assign, minlength=m)
    if (assign < 0).any() or load.min() < lo or load.max() > hi:
        raise RuntimeError("the final flow breaks a member's bounds")
    return dict(first_solve=first, rounds=rounds, optimum_cm=int(cost.sum()),
                links=int(len(net.link_h)), max_link_cm=int(cost.max()), times=times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("instance")
    ap.add_argument("--k", type=int, default=16,
                    help="nearest members per household in the first network (16)")
    ap.add_argument("--json", help="also write the result to this file")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args()
    if args.k < 1:
        ap.error("--k must be at least 1")
    log = (lambda _: None) if args.quiet else (lambda s: print(s, file=sys.stderr))

    # Failures end in one line naming the instance: compare-planner.sh shows
    # the last line of this script's output when it fails.
    t = time.perf_counter()
    try:
        households, members, lo, hi = load(args.instance)
    except Refused as e:
        sys.exit(f"reference.py: {args.instance}: {e}")
    except KeyError as e:
        sys.exit(f"reference.py: {args.instance}: missing field {e}")
    except (OSError, ValueError, TypeError) as e:
        sys.exit(f"reference.py: {args.instance}: not a readable instance: {e}")
    load_s = time.perf_counter() - t
    try:
        result = solve(households, members, lo, hi, args.k, log=log)
    except RuntimeError as e:
        sys.exit(f"reference.py: {args.instance}: {e}")
    times = result.pop("times")
    result = dict(
        instance=os.path.basename(args.instance), households=len(households),
        members=len(members), min=lo, max=hi, k=args.k, **result,
        # Reading the file is left out on both sides of the comparison.
        end_to_end_s=round(sum(times.values()), 3),
        seconds={"load": round(load_s, 3), **{n: round(s, 3) for n, s in times.items()}},
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
    )
    print(f"{result['instance']}: optimum {result['optimum_cm'] / 100:.2f} m, certified after "
          f"{len(result['rounds'])} pricing rounds, {result['end_to_end_s']:.3f} s end to end "
          f"(OR-Tools' first solve {result['seconds']['solve']:.3f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
