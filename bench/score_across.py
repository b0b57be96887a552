"""Score the analysis across reports on corpora of reports written for sitrep, against the previous
algorithm (the across modules at commit ``695ecc4``, read from git) run on the same stored reports.

Each corpus is a folder of short reports by fictional outlets and a ``truth.yaml`` (see
``bench/across/dev/truth.yaml``): happenings told by several reports, contradictions a reader flags,
pairs that agree once bounds are read right, forecasts and the reports that settle them. The reports
are ingested with the real pipeline into a fresh SQLite store (so clusters are built by the
after-ingest hook, incrementally) and scored:

* cluster pairs: precision and recall of pairs of documents put in one cluster;
* independent reports: clusters whose count of independent reports (copies once) is right;
* contradictions: planted ones found, and false ones (anything else flagged; agreements flagged among them);
* forecasts: linked to a cluster holding a report that settles them; hedged or predicted events in a cluster.

Corpora: ``bench/across/dev`` (the rules were tuned on it), ``bench/across/heldout`` (written before
tuning, scored as it came out) and ``tests/across/corpus`` (the tests' corpus).

    python bench/score_across.py [--corpus dev heldout tests] [--check] [--errors]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import combinations
from pathlib import Path

import _baseline
import yaml
from sqlalchemy import select

from sitrep.across.clustering import clusters
from sitrep.across.contradictions import contradictions
from sitrep.across.forecasting import settling
from sitrep.pipeline import Pipeline
from sitrep.sources import read
from sitrep.store import facts, ingest, open_store
from sitrep.store.tables import DocumentRow

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {
    "dev": ROOT / "bench" / "across" / "dev",
    "heldout": ROOT / "bench" / "across" / "heldout",
    "tests": ROOT / "tests" / "across" / "corpus",
}
BASELINE_COMMIT = _baseline.COMMIT
KINDS = {"quantity": "count"}  # the tests' corpus names counts as the previous version did


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--check", action="store_true", help="Exit 1 below the targets (P, R >= 0.9 ...).")
    parser.add_argument("--errors", action="store_true", help="Print what was missed or invented.")
    args = parser.parse_args()
    pipeline = Pipeline()
    old = _baseline.load()
    if old is None:
        print(f"baseline: commit {BASELINE_COMMIT} not readable with git; scoring sitrep alone")
    ok = True
    for name in args.corpus:
        ok &= score(name, CORPORA[name], pipeline, old, args.errors)
    if args.check and not ok:
        sys.exit(1)


def score(name: str, folder: Path, pipeline: Pipeline, old, errors: bool) -> bool:
    truth = yaml.safe_load((folder / "truth.yaml").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "corpus.db"))
        stats = ingest(store, read(sorted(folder.glob("*.txt"))), pipeline=pipeline)
        assert not stats.failures, stats.failures
        with store.sessions() as session:
            stems = {
                k: Path(o.split(":")[0]).stem
                for k, o in session.execute(select(DocumentRow.key, DocumentRow.origin))
            }
            new = measure_new(session, stems, truth)
            base = measure_old(session, stems, truth, old) if old else None
        store.close()
    print(
        f"\n== corpus {name}: {len(stems)} reports, {len(truth['clusters'])} happenings told more than once"
    )
    rows = [
        ("cluster-pair precision", "precision"),
        ("cluster-pair recall", "recall"),
        ("independent reports right", "independent"),
        ("cluster dates right", "dates"),
        ("contradictions found / planted", "found"),
        ("false contradictions", "false"),
        ("  of which agreements flagged", "agreements"),
        ("forecasts linked to what settles them", "forecasts"),
        ("hedged/predicted events inside clusters", "forecasts_in_clusters"),
    ]
    print(f"{'':44} {'sitrep':>12} {'baseline ' + BASELINE_COMMIT:>18}")
    for label, key in rows:
        print(f"{label:44} {new[key]:>12} {(base or {}).get(key, 'n/a'):>18}")
    if errors:
        for what in ("missed_pairs", "extra_pairs", "missed_contradictions", "extra_contradictions"):
            for item in new[what]:
                print(f"  {what}: {item}")
    return new["p"] >= 0.9 and new["r"] >= 0.9 and new["missed_n"] == 0 and new["false_n"] == 0


def _pairs(groups) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for docs in groups for p in combinations(sorted(set(docs)), 2)}


def _pr(predicted: set, expected: set) -> tuple[float, float]:
    p = len(predicted & expected) / len(predicted) if predicted else 1.0
    r = len(predicted & expected) / len(expected) if expected else 1.0
    return p, r


def _contradiction_match(found: list[tuple[str, set[str], set[str]]], truth: dict) -> dict:
    planted = [
        (KINDS.get(c["kind"], c["kind"]), *(set(d) if isinstance(d, list) else {d} for d in c["documents"]))
        for c in truth.get("contradictions", [])
    ]
    agreements = [set(a["documents"]) for a in truth.get("agreements", [])]
    hit, extra = set(), []
    for kind, side_a, side_b in found:
        match = [
            n
            for n, (k, x, y) in enumerate(planted)
            if k == kind and ((x & side_a and y & side_b) or (y & side_a and x & side_b))
        ]
        if match:
            hit.update(match)
        else:
            extra.append((kind, sorted(side_a), sorted(side_b)))
    flagged = sum(any(a <= (set(x) | set(y)) for _, x, y in extra) for a in agreements)
    return {
        "found": f"{len(hit)}/{len(planted)}",
        "false": str(len(extra)),
        "agreements": f"{flagged}/{len(agreements)}",
        "missed_n": len(planted) - len(hit),
        "false_n": len(extra),
        "missed_contradictions": [
            (k, sorted(x), sorted(y)) for n, (k, x, y) in enumerate(planted) if n not in hit
        ],
        "extra_contradictions": extra,
    }


def measure_new(session, stems: dict[str, str], truth: dict) -> dict:
    found = clusters(session, min_reports=1, limit=None).items
    groups = [[stems[d] for d in c.documents] for c in found if len(c.documents) > 1]
    predicted, expected = _pairs(groups), _pairs(c["documents"] for c in truth["clusters"])
    p, r = _pr(predicted, expected)
    by_docs = {frozenset(stems[d] for d in c.documents): c for c in found}
    right_ind = right_date = dated = 0
    for t in truth["clusters"]:
        c = by_docs.get(frozenset(t["documents"]))
        right_ind += bool(c and c.independent == t.get("independent", len(t["documents"])))
        if "date" in t:
            dated += 1
            right_date += bool(c and c.start and c.start.isoformat() == str(t["date"]))
    clashes = contradictions(session, limit=None).items
    sides = [
        (
            c.kind,
            {stems[c.event_a.stored.document]} | _docs(session, c.others_a, stems),
            {stems[c.event_b.stored.document]} | _docs(session, c.others_b, stems),
        )
        for c in clashes
    ]
    out = {
        "p": p,
        "r": r,
        "precision": f"{p:.2f}",
        "recall": f"{r:.2f}",
        "independent": f"{right_ind}/{len(truth['clusters'])}",
        "dates": f"{right_date}/{dated}",
        "missed_pairs": sorted(expected - predicted),
        "extra_pairs": sorted(predicted - expected),
        **_contradiction_match(sides, truth),
    }
    out["forecasts"] = _forecasts(session, stems, truth)
    hedged = sum(e.modality in ("hedged", "predicted") for c in found for e in c.events)
    out["forecasts_in_clusters"] = str(hedged)
    return out


def _docs(session, keys: list[str], stems: dict[str, str]) -> set[str]:
    if not keys:
        return set()
    page = facts.events(session, facts.EventFilter(keys=keys), limit=None)
    return {stems[e.stored.document] for e in page.items}


def _forecasts(session, stems: dict[str, str], truth: dict) -> str:
    wanted = truth.get("forecasts", [])
    found = facts.forecasts(session, limit=None).items
    links = settling(session, [f.stored.key for f in found], limit=1)
    right = 0
    for t in wanted:
        mine = [f for f in found if stems[f.stored.document] == t["made_in"]]
        best = [links.get(f.stored.key, [None])[0] for f in mine]
        settled = {stems[p.event.stored.document] for p in best if p is not None}
        resolved = t["resolved_by"] if isinstance(t["resolved_by"], list) else [t["resolved_by"]]
        right += bool(settled & set(resolved))
    return f"{right}/{len(wanted)}"


# -- the baseline: the previous across modules, from git ------------------------------------------------------


def measure_old(session, stems: dict[str, str], truth: dict, old) -> dict:
    found = old.clustering.clusters(session, min_reports=2)
    groups = [[stems[d] for d in c.documents] for c in found]
    predicted, expected = _pairs(groups), _pairs(c["documents"] for c in truth["clusters"])
    p, r = _pr(predicted, expected)
    by_docs = {frozenset(stems[d] for d in c.documents): c for c in found}
    right_ind = right_date = dated = 0
    for t in truth["clusters"]:
        c = by_docs.get(frozenset(t["documents"]))
        right_ind += bool(c and c.corroboration == t.get("independent", len(t["documents"])))
        if "date" in t:
            dated += 1
            right_date += bool(c and c.start and c.start.isoformat() == str(t["date"]))
    clashes = old.contradictions.contradictions(session)
    sides = [(KINDS.get(c.kind, c.kind), {stems[c.a.document]}, {stems[c.b.document]}) for c in clashes]
    hedged = sum(e.modality in ("hedged", "predicted") for c in found for e in c.events)
    return {
        "precision": f"{p:.2f}",
        "recall": f"{r:.2f}",
        "independent": f"{right_ind}/{len(truth['clusters'])}",
        "dates": f"{right_date}/{dated}",
        **_contradiction_match(sides, truth),
        "forecasts": "n/a",
        "forecasts_in_clusters": str(hedged),
    }


if __name__ == "__main__":
    main()
