#!/usr/bin/env python3
"""Generates micro-grid planning instances for the planner's benchmarks.

The instances imitate what a county's registry looks like: households live in
buildings, buildings line the streets of settlements (dense town quarters with
apartment blocks, sparse villages of family compounds), and settlements are
separated by fields. Members are residents, so they stand where households
live. That structure is what makes the problem hard: a hamlet can hold more
members than it has households to give them, so households must be drawn
from the next settlement, kilometres away.

The output is the instance format that `cargo run -p grassroots-planner
--example plan` reads (docs/PLANNER.md, "Instance and plan files"), with
integer ids, coordinates in metres rounded to the centimetre, and the bounds
min = 10, max = 15 households per member.

Only the standard library is used, and every random draw is derived from
`random.Random(seed).random()`, the one stream Python promises to keep
identical across versions, so a seed names the same instance everywhere.

    python3 gen.py --size S --out S.json        # preset sizes S, M, L, XL
    python3 gen.py --households 300 --members 25 --seed 7 --out sample.json
"""

import argparse
import math
import os
import random
import sys
import time

# households, members, seed. Members x min <= households <= members x max for
# every preset, so each is an every-member-used instance (the exact mode).
PRESETS = {
    "S": (3_000, 250, 1),
    "M": (30_000, 2_500, 2),
    "L": (300_000, 25_000, 3),
    "XL": (1_000_000, 80_000, 4),
}


class Draws:
    """Random draws built on `random()` alone.

    The library's own `gauss`, `lognormvariate`, `shuffle` and `sample` are
    allowed to change between Python versions; these formulas are fixed here
    so that an instance depends on its seed only.
    """

    def __init__(self, seed):
        self._random = random.Random(seed).random

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self._random()

    def chance(self, p):
        return self._random() < p

    def below(self, n):
        """An integer in [0, n); the float's 53 bits make the bias negligible."""
        return min(int(self._random() * n), n - 1)

    def normal(self, mean, sd):
        # Box-Muller; 1 - u keeps the logarithm's argument away from 0.
        u, v = 1.0 - self._random(), self._random()
        return mean + sd * math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * v)

    def lognormal(self, median, sigma):
        return median * math.exp(self.normal(0.0, sigma))

    def poisson(self, mean):
        # Knuth's product of uniforms: fine for the small means used here.
        limit, k, product = math.exp(-mean), 0, self._random()
        while product > limit:
            k += 1
            product *= self._random()
        return k

    def geometric(self, p):
        """Trials up to and including the first success (at least 1)."""
        return 1 + int(math.log(1.0 - self._random()) / math.log(1.0 - p))

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def distinct(self, n, count):
        """`count` distinct integers of [0, n), in random order."""
        pool = list(range(n))
        for i in range(count):
            j = i + self.below(n - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:count]


# Settlement kinds: a town quarter is large and dense, a village small and sparse.
TOWN, VILLAGE = "town", "village"


def settlement_sizes(draw, households):
    """Households per settlement, summing to `households`; about a third are
    town quarters (median 1,500 households), the rest villages (median 180)."""
    sizes = []
    left = households
    while left > 0:
        if draw.chance(0.35):
            kind, n = TOWN, draw.lognormal(1500, 0.8)
            n = min(max(n, 300), 20_000)
        else:
            kind, n = VILLAGE, draw.lognormal(180, 0.7)
            n = min(max(n, 30), 1_500)
        n = min(int(n), left)
        sizes.append((kind, n))
        left -= n
    return sizes


def building_sizes(draw, kind, households):
    """Households per building. Towns mix houses, small blocks of flats and a
    few large ones; villages are family compounds of one to a few households."""
    sizes = []
    left = households
    while left > 0:
        if kind == VILLAGE:
            n = 1 + draw.poisson(1.2)
        else:
            r = draw.uniform(0.0, 1.0)
            if r < 0.35:
                n = 1 + draw.poisson(1.0)
            elif r < 0.85:
                n = 4 + draw.poisson(6.0)
            else:
                n = 12 + draw.geometric(1 / 20)
        n = min(n, left)
        sizes.append(n)
        left -= n
    return sizes


def street_layout(draw, kind, buildings):
    """Building positions around the settlement's centre, and its radius.

    Streets form a square grid, rotated at random, clipped to an ellipse whose
    area gives each street block its share of buildings. A building stands on
    a random point of the ellipse moved onto the nearer street line of one
    direction, then set back a few metres, so buildings line the streets and
    the blocks' interiors stay empty.
    """
    if kind == TOWN:
        spacing, per_block = draw.uniform(60, 110), draw.uniform(6, 14)
    else:
        spacing, per_block = draw.uniform(80, 160), draw.uniform(3, 8)
    blocks = max(1.0, buildings / per_block)
    aspect = draw.uniform(0.5, 1.0)
    a = math.sqrt(blocks * spacing * spacing / (math.pi * aspect))
    b = a * aspect
    angle = draw.uniform(0.0, math.pi)
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    while len(points) < buildings:
        u, v = draw.uniform(-a, a), draw.uniform(-b, b)
        if (u / a) ** 2 + (v / b) ** 2 > 1.0:
            continue
        if draw.chance(0.5):
            u = round(u / spacing) * spacing + draw.normal(0.0, 9.0)
        else:
            v = round(v / spacing) * spacing + draw.normal(0.0, 9.0)
        points.append((cos * u - sin * v, sin * u + cos * v))
    # The margin covers the set-back that can push a building past the ellipse.
    return points, max(a, b) + 20.0


def place_settlements(draw, radii):
    """Centres such that settlements keep 150-1,500 m of open land between
    them (each draws its own gap; a pair keeps the larger of the two).

    Largest first, by rejection in a square region that grows by 5% whenever
    200 tries in a row fail, so a crowded region cannot stall the generator.
    A uniform grid of cells as large as the largest exclusion distance makes
    each test look at the 3 x 3 cells around the candidate only.
    """
    gaps = [draw.uniform(150, 1500) for _ in radii]
    side = 1.6 * math.sqrt(sum((2 * r + g) ** 2 for r, g in zip(radii, gaps)))
    cell = 2 * max(radii) + max(gaps)
    grid = {}
    centres = [None] * len(radii)
    for i in sorted(range(len(radii)), key=lambda i: -radii[i]):
        r, g = radii[i], gaps[i]
        tries = 0
        while True:
            tries += 1
            if tries % 200 == 0:
                side *= 1.05
            x, y = draw.uniform(r, side - r), draw.uniform(r, side - r)
            cx, cy = int(x // cell), int(y // cell)
            if not any(
                math.hypot(x - ox, y - oy) < r + orad + max(g, ogap)
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for ox, oy, orad, ogap in grid.get((cx + dx, cy + dy), ())
            ):
                break
        centres[i] = (x, y)
        grid.setdefault((cx, cy), []).append((x, y, r, g))
    return centres


def generate(households, members, seed):
    """Returns (households as (x, y, building), members as (x, y), counts)."""
    if not 0 < members <= households:
        raise ValueError("need 0 < members <= households")
    draw = Draws(seed)
    settlements = []
    for kind, n in settlement_sizes(draw, households):
        sizes = building_sizes(draw, kind, n)
        points, radius = street_layout(draw, kind, len(sizes))
        settlements.append((sizes, points, radius))
    centres = place_settlements(draw, [radius for _, _, radius in settlements])

    homes = []
    building = 0
    for (sizes, points, _), (cx, cy) in zip(settlements, centres):
        for n, (bx, by) in zip(sizes, points):
            for _ in range(n):
                x, y = cx + bx, cy + by
                # In a shared building about 30% of households use another
                # entrance: nearly, not exactly, the building's coordinates.
                if n > 1 and draw.chance(0.3):
                    x += draw.normal(0.0, 1.5)
                    y += draw.normal(0.0, 1.5)
                homes.append((round(x, 2), round(y, 2), building))
            building += 1
    # Ids in input order must not reveal neighbourhoods: a solver may not
    # profit from the generator's order.
    draw.shuffle(homes)
    residents = [homes[i][:2] for i in draw.distinct(len(homes), members)]
    return homes, residents, (len(settlements), building)


def write_instance(path, homes, residents, lo, hi):
    """One household or member a line (diffable, and streamable on XL), written
    to a temporary file first so an interrupted run leaves no half instance."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write('{"households": [\n')
        f.write(",\n".join(
            '{"id": %d, "x": %.2f, "y": %.2f, "building": %d}' % (i, x, y, b)
            for i, (x, y, b) in enumerate(homes)))
        f.write('\n],\n"members": [\n')
        f.write(",\n".join(
            '{"id": %d, "x": %.2f, "y": %.2f}' % (j, x, y)
            for j, (x, y) in enumerate(residents)))
        f.write('\n],\n"min": %d, "max": %d}\n' % (lo, hi))
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=list(PRESETS), help="a preset: households, members and seed")
    ap.add_argument("--households", type=int, help="overrides the preset's")
    ap.add_argument("--members", type=int, help="overrides the preset's")
    ap.add_argument("--seed", type=int, help="overrides the preset's (default 1 without a preset)")
    ap.add_argument("--min", type=int, default=10, help="households a member takes at least (10)")
    ap.add_argument("--max", type=int, default=15, help="households a member takes at most (15)")
    ap.add_argument("--out", required=True, help="the instance file to write")
    args = ap.parse_args()

    households, members, seed = PRESETS.get(args.size, (None, None, 1))
    households = args.households or households
    members = args.members or members
    seed = seed if args.seed is None else args.seed
    if not households or not members:
        ap.error("give --size, or --households and --members")
    if not 0 < members <= households:
        ap.error("need 0 < --members <= --households")
    if not 0 <= args.min <= args.max or args.max == 0:
        ap.error("need 0 <= --min <= --max and --max > 0")

    started = time.perf_counter()
    homes, residents, (settlements, buildings) = generate(households, members, seed)
    write_instance(args.out, homes, residents, args.min, args.max)
    xs = [x for x, _, _ in homes]
    ys = [y for _, y, _ in homes]
    print(f"{args.out}: {households} households, {members} members, seed {seed}: "
          f"{settlements} settlements, {buildings} buildings, "
          f"{max(xs) - min(xs):.0f} x {max(ys) - min(ys):.0f} m "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
