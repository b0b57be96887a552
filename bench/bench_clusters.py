"""Cluster 10,000, 100,000 and 1,000,000 generated events: time and peak memory at each size, the ratios
between sizes, and the previous algorithm (commit 695ecc4, read from git) on the same events as the
baseline where it finishes in reasonable time.

Generated data (``generate``): happenings over two years, each told by 1-4 reports in different outlets,
as the store's reader returns them: model ``Event`` objects with their ``Stored`` part and a page of
entities. Families, places and countries are drawn with skew (a few front-line towns and Russia and
Ukraine dominate, as in real reporting); a report gives its own date to the day (55%), only a month
(10%), or no time at all (35%: dated by its article a day or two later); half name no place; a third
carry a count. Each size runs in a fresh process, so peak memory (``ru_maxrss``) is its own.

    python bench/bench_clusters.py [--sizes 10000 100000 1000000] [--baseline-max 100000] [--dask 0]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from sitrep.across.clustering import cluster
from sitrep.across.keys import EventKey, key_of
from sitrep.model import Entity, Event, Evidence, Quantity, Stored, TimeExpression
from sitrep.store.facts import Page

FAMILIES = [("ASSAULT", 45), ("ACCUSE", 12), ("AID", 10), ("CONSULT", 8), ("REQUEST", 8), ("MOBILIZE", 5)]
FAMILIES += [("RETREAT", 3), ("COERCE", 5), ("SANCTION", 4)]
COUNTRIES = [("RUS", 45), ("UKR", 30), ("BLR", 5), ("USA", 6), ("POL", 4), ("IRN", 3), ("DEU", 4), ("FRA", 3)]
UNITS = ("missiles", "drones", "troops", "killed", "tanks")


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w for w, _ in weighted], [n for _, n in weighted])[0]


def names(rng: random.Random) -> Page:
    """The entities the generated events name: countries, 2,000 places, 500 people."""
    page: Page = Page([])
    for c, _ in COUNTRIES:
        page.entities[f"country:{c}"] = Entity(f"country:{c}", c, "GPE", country=c)
    for n in range(2000):
        pid = f"place:p{n}"
        page.entities[pid] = Entity(
            pid, pid, "GPE", country="UKR", lat=44 + rng.random() * 8, lon=24 + rng.random() * 16
        )
    for n in range(500):
        pid = f"person:x{n}"
        page.entities[pid] = Entity(pid, pid, "PERSON", country=_pick(rng, COUNTRIES))
    return page


def generate(n: int, seed: int = 1):
    """``n`` generated reports as (Event, Page) pairs, yielded without holding them all."""
    rng = random.Random(seed)
    page = names(rng)
    places = [f"place:p{k}" for k in range(2000)]
    cumulative = list(accumulate(1 / (k + 1) ** 0.8 for k in range(2000)))
    made, h = 0, 0
    while made < n:
        h += 1
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(730))
        kind = _pick(rng, FAMILIES)
        actor, target = _pick(rng, COUNTRIES), _pick(rng, COUNTRIES)
        where = rng.choices(places, cum_weights=cumulative)[0]
        people = [f"person:x{rng.randrange(500)}", f"person:x{rng.randrange(500)}"]
        size = rng.choice((5, 12, 40, 84, 300, 4000))
        unit = rng.choice(UNITS)
        for r in range(min(rng.randint(1, 4), n - made)):
            made += 1
            yield _report(rng, f"h{h}r{r}", kind, day, actor, target, where, people, size, unit), page


def _report(rng, doc, kind, day, actor, target, where, people, size, unit) -> Event:
    roll = rng.random()
    published = day + timedelta(days=rng.choice((0, 1, 1, 2)))
    if roll < 0.55:
        time = TimeExpression("on that day", 0, 1, "DATE", day.isoformat(), day, day)
    elif roll < 0.65:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        time = TimeExpression("that month", 0, 1, "DATE", first.isoformat()[:7], first, last)
    else:
        time = None
    actors = [people[0]] if kind in ("CONSULT", "ACCUSE", "REQUEST") else [f"country:{actor}"]
    recipients = [people[1]] if kind == "CONSULT" else [f"country:{target}"]
    q = Quantity(f"{size} {unit}", 0, 1, float(size), unit=unit) if rng.random() < 0.3 else None
    stored = Stored(f"event:{doc}", doc, None, f"Outlet {rng.randrange(40)}", None, published)
    stored.date_start = time.start if time else published
    stored.date_end = time.end if time else published
    return Event(
        id="e1",
        type=kind,
        evidence=Evidence(0, 1, f"Report {doc} of happening."),
        actors=actors,
        recipients=recipients,
        location=where if rng.random() < 0.5 else None,
        quantity=q,
        time=time,
        modality=rng.choice(("asserted", "reported")),
        stored=stored,
    )


def keys_of(n: int) -> list[EventKey]:
    return [key_of(e, page) for e, page in generate(n)]


def old_facts(n: int, old) -> list:
    """The same generated reports as the previous version's ``EventFact``."""
    out = []
    for e, page in generate(n):
        s = e.stored
        parties = tuple(e.actors) + tuple(e.recipients)
        out.append(
            old.events.EventFact(
                key=s.key,
                type=e.type,
                modality=e.modality,
                document=s.document,
                start=s.date_start,
                end=s.date_end,
                explicit=e.time is not None,
                actors=tuple(e.actors),
                recipients=tuple(e.recipients),
                countries={i: page.entity(i).country for i in parties},
                place=old.events._place(e.location, tuple(e.recipients) + tuple(e.actors), page),
                quantity=old.events._quantity(e.quantity),
                source=s.source,
                story=s.document,
            )
        )
    return out


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(n: int, which: str, dask: int) -> dict:
    """One size in this process: build the keys, cluster, report seconds and peak memory."""
    t0 = time.perf_counter()
    if which == "old":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import _baseline

        old = _baseline.load()
        facts = old_facts(n, old)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        found = old.clustering.cluster(facts)
    else:
        keys = keys_of(n)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        if dask:
            from sitrep.across.scale import cluster_on_dask
            from sitrep.pipeline.parallel import dask_client

            with dask_client("local", dask) as client:
                t0 = time.perf_counter()
                found = cluster_on_dask(keys, client)
        else:
            found = cluster(keys)
    seconds = time.perf_counter() - t0
    multi = sum(len({m.document for m in getattr(c, "members", getattr(c, "events", []))}) > 1 for c in found)
    return {
        "n": n,
        "which": which,
        "keys_s": built,
        "cluster_s": seconds,
        "peak_mib": _rss_mib(),
        "clusters": len(found),
        "multi": multi,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--baseline-max", type=int, default=100_000, help="Largest size to run the old algorithm on."
    )
    parser.add_argument(
        "--dask", type=int, default=0, help="Also cluster on a local Dask cluster of N workers."
    )
    parser.add_argument("--one", nargs=3, metavar=("N", "WHICH", "DASK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], int(args.one[2]))))
        return
    runs = []
    for n in args.sizes:
        plan = (
            [("new", 0)]
            + ([("new", args.dask)] if args.dask else [])
            + ([("old", 0)] if n <= args.baseline_max else [])
        )
        for which, dask in plan:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(n), which, str(dask)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            r["dask"] = dask
            runs.append(r)
            label = (
                "baseline 695ecc4"
                if which == "old"
                else (f"sitrep on Dask ({dask} workers)" if dask else "sitrep")
            )
            print(
                f"{n:>9,} events  {label:28} cluster {r['cluster_s']:8.1f} s  (keys {r['keys_s']:6.1f} s)  "
                f"peak {r['peak_mib']:7.0f} MiB  {r['clusters']:,} clusters, {r['multi']:,} told by several reports",
                flush=True,
            )
    mine = [r for r in runs if r["which"] == "new" and not r["dask"]]
    for a, b in zip(mine, mine[1:], strict=False):
        print(
            f"{a['n']:,} -> {b['n']:,} events ({b['n'] / a['n']:.0f}x): time {b['cluster_s'] / a['cluster_s']:.1f}x, "
            f"peak memory {b['peak_mib'] / a['peak_mib']:.1f}x"
        )
    for r in runs:
        if r["which"] == "old":
            new = next(x for x in mine if x["n"] == r["n"])
            print(
                f"{r['n']:,} events: baseline {r['cluster_s']:.1f} s vs sitrep {new['cluster_s']:.1f} s ({r['cluster_s'] / new['cluster_s']:.1f}x)"
            )


if __name__ == "__main__":
    main()
