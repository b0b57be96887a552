"""Cluster 100,000 generated events: time and peak memory, and the naive all-pairs baseline for the ratio.

Generated data: ``--happenings`` happenings over two years, each told by 1-4 reports (different outlets)
with jittered dates, the same actor country and a place nearby; types, actors and places drawn from
small pools so blocks are realistically crowded. The baseline compares every pair of a random subset
(``--subset`` events) and is extrapolated to the full set (pairs grow with n²).

    python bench/bench_clusters.py [--events 100000] [--subset 3000]
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from datetime import date, timedelta

from sitrep.across.clustering import cluster, compare
from sitrep.across.events import EventFact, Place

TYPES = ("ASSAULT", "MOBILIZE", "AID", "RETREAT", "CONSULT", "COERCE")
COUNTRIES = ("RUS", "UKR", "BLR", "IRN", "POL", "MDA", "GEO", "KAZ")


def generate(n: int, seed: int = 1) -> list[EventFact]:
    rng = random.Random(seed)
    places = [
        Place(f"place:p{k}", 44 + rng.random() * 12, 22 + rng.random() * 18, rng.choice(COUNTRIES))
        for k in range(400)
    ]
    events: list[EventFact] = []
    h = 0
    while len(events) < n:
        h += 1
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(730))
        kind, actor, place = rng.choice(TYPES), rng.choice(COUNTRIES), rng.choice(places)
        target = rng.choice(COUNTRIES)
        size = rng.randint(100, 5000)
        for r in range(min(rng.randint(1, 4), n - len(events))):
            d = day + timedelta(days=rng.choice((0, 0, 0, 1)))
            explicit = rng.random() < 0.7
            events.append(
                EventFact(
                    key=f"event:h{h}r{r}",
                    type=kind,
                    modality="asserted",
                    document=f"h{h}r{r}",
                    start=d,
                    end=d,
                    explicit=explicit,
                    actors=(f"country:{actor}",),
                    recipients=(f"country:{target}",),
                    countries={f"country:{actor}": actor, f"country:{target}": target},
                    place=place,
                    quantity=(size, size, "troops") if rng.random() < 0.5 else None,
                    source=f"Outlet {r}",
                    story=f"h{h}r{r}",
                )
            )
    rng.shuffle(events)
    return events


def naive(events: list[EventFact]) -> int:
    """All pairs: what blocking avoids."""
    same = 0
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            same += a.document != b.document and compare(a, b).same
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--subset", type=int, default=3_000)
    args = parser.parse_args()
    events = generate(args.events)
    tracemalloc.start()
    t0 = time.perf_counter()
    found = cluster(events)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    multi = [c for c in found if len(c.events) > 1]
    print(
        f"blocked: {len(events):,} events -> {len(found):,} clusters ({len(multi):,} with several reports) "
        f"in {seconds:.1f} s, peak memory {peak / 2**20:.0f} MiB (tracemalloc)"
    )
    subset = events[: args.subset]
    t0 = time.perf_counter()
    cluster(subset)
    blocked_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive(subset)
    naive_small = time.perf_counter() - t0
    scale = (len(events) / len(subset)) ** 2
    print(
        f"subset of {len(subset):,}: blocked {blocked_small:.2f} s, naive all-pairs {naive_small:.1f} s "
        f"({naive_small / blocked_small:.0f}x); naive on all {len(events):,} extrapolated "
        f"~{naive_small * scale / 3600:.1f} h ({naive_small * scale / seconds:.0f}x the blocked run)"
    )


if __name__ == "__main__":
    main()
