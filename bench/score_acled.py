"""Score sitrep's ACLED export against ACLED's own coders, field by field.

    .venv/bin/python bench/score_acled.py [--limit N] [--seed 10] [--published none|event] [--keep DIR]

Each coder's note of ``../shared/data/acled-dev`` (1,998 events in Russia, 2021-2022: protests,
riots; ACLED's terms forbid redistributing them, so nothing of them enters this repository) becomes
one short document. ``--published none`` (the default) gives it no date: the note's own dates ("On 23
December 2022", "Around 19 December 2022 (as reported)") date it, as they would a news brief;
``--published event`` dates it on the event's day. The documents go in through ``sitrep ingest``
into a fresh SQLite store, ``sitrep export --format acled`` brings the rows out, and the first row of
each note (the export keeps document order) is compared with the coders' row: event type, sub-event
type (accuracy, weighted F1), event date, place within 25 and 161 km, actor1 and actor2 by country
and by kind (the 'inter' code: state forces, rebels, militias, rioters, protesters, civilians ...),
and the share of notes that yield no row at all.

Baselines, measured in the same run on the same stored events: the PLOVER -> ACLED table sitrep used
before its ``acled`` stage (``bench/baseline_acled_table.yaml``: each event's PLOVER type and mode
looked up, actors named as entities, no kinds), and for the types the majority class (every note a
peaceful protest). Aggregate figures (no ACLED text or rows) go to ``bench/results/acled.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import yaml  # noqa: E402
from score_seed import shared_dir  # noqa: E402

DATA = shared_dir() / "data" / "acled-dev" / "acled_russia_2021-07_2022-12.csv"
RESULTS = ROOT / "bench" / "results" / "acled.json"
BASELINE_TABLE = ROOT / "bench" / "baseline_acled_table.yaml"
SOURCE_PREFIX = "acled-dev:"
INTER_KINDS = {
    "1": "state_forces",
    "2": "rebels",
    "3": "political_militia",
    "4": "identity_militia",
    "5": "rioters",
    "6": "protesters",
    "7": "civilians",
    "8": "external",
}
NONE = "(none)"


# -- the coders' rows and the notes as documents -----------------------------------------------------------


def load_gold(limit: int | None, seed: int) -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("notes", "").strip()]
    if limit and limit < len(rows):
        keep = set(random.Random(seed).sample(range(len(rows)), limit))
        rows = [r for i, r in enumerate(rows) if i in keep]
    return rows


def write_notes(rows: list[dict], path: Path, published: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            item = {
                "text": r["notes"].strip(),
                "title": f"ACLED note {r['event_id_cnty']}",
                "source": SOURCE_PREFIX + r["event_id_cnty"],
            }
            if published == "event":
                item["published"] = gold_date(r).isoformat()
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


def gold_date(row: dict) -> date:
    return datetime.strptime(row["event_date"].strip(), "%d %B %Y").date()


# -- running sitrep ------------------------------------------------------------------------------------


def run_sitrep(notes: Path, db: Path, out: Path) -> float:
    """Ingest the notes into a fresh store and export it as ACLED rows; seconds taken by the ingest."""
    beside = Path(sys.executable).with_name("sitrep")
    sitrep = [str(beside)] if beside.exists() else [shutil.which("sitrep") or "sitrep"]
    started = time.perf_counter()
    subprocess.run([*sitrep, "ingest", str(notes), "--db", str(db), "--quiet"], check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    subprocess.run(
        [*sitrep, "export", "--format", "acled", "--out", str(out), "--db", str(db)], check=True, cwd=ROOT
    )
    return seconds


def first_rows(path: Path) -> tuple[dict[str, dict], Counter]:
    """The first exported row of each note, and how many rows each note gave."""
    first: dict[str, dict] = {}
    counts: Counter = Counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            note = (row.get("source") or "").removeprefix(SOURCE_PREFIX)
            counts[note] += 1
            first.setdefault(note, row)
    return first, counts


def baseline_rows(db: Path) -> dict[str, dict]:
    """The old export on the same store: the PLOVER table's types, entity names as actors."""
    from sitrep.model import names_of
    from sitrep.store import open_store
    from sitrep.store.facts import iter_events

    table = yaml.safe_load(BASELINE_TABLE.read_text(encoding="utf-8"))
    store = open_store(str(db))
    out: dict[str, dict] = {}
    with store.sessions() as session:
        for e, page in iter_events(session):
            note = (e.stored.source or "").removeprefix(SOURCE_PREFIX)
            types = _table_types(table, e.type, e.mode)
            if note in out or types is None or e.modality not in ("asserted", "reported"):
                continue
            place = page.entity(e.location)
            out[note] = {
                "event_type": types[0],
                "sub_event_type": types[1],
                "event_date": e.stored.date_start.isoformat() if e.stored.date_start else "",
                "latitude": place.lat if place else None,
                "longitude": place.lon if place else None,
                "actor1": "; ".join(names_of(page, e.actors, e.actor_texts)),
                "actor2": "; ".join(names_of(page, e.recipients, e.recipient_texts)),
                "inter1": "",
                "inter2": "",
            }
    store.close()
    return out


def _table_types(table: dict, plover_type: str, mode: str | None) -> tuple[str, str] | None:
    entry = table.get(plover_type)
    if not entry or entry.get("skip"):
        return None
    modes = entry.get("modes") or {}
    for m in (mode or "").replace(";", ",").split(","):
        if m.strip() in modes:
            return tuple(modes[m.strip()])
    return tuple(entry["default"])


# -- comparing ---------------------------------------------------------------------------------------


def actor_country(name: str) -> str | None:
    """The country of an ACLED-style actor name: "Protesters (Russia)", "Police Forces of Russia (2000-)"."""
    name = (name or "").split(";")[0].strip()
    if not name:
        return None
    match = re.search(r"\(([^()]*[A-Za-z][^()]*)\)\s*$", name) or re.search(
        r"\bof ((?:the )?[A-Z][\w .'-]*?)(?: \(\d{4}-\d{0,4}\)|$| [A-Z][a-z]+ [A-Z])", name
    )
    return _iso3(match.group(1) if match else name)


def _iso3(name: str) -> str | None:
    import pycountry

    name = name.strip().removeprefix("the ")
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        pass
    for c in pycountry.countries:
        if name in (getattr(c, "common_name", None), getattr(c, "official_name", None)):
            return c.alpha_3
    return {"Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "Moldova": "MDA"}.get(name)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _float(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def weighted_f1(gold: list[str], pred: list[str]) -> float:
    """F1 per gold class weighted by its support (scikit-learn's ``average="weighted"``)."""
    support = Counter(gold)
    total = 0.0
    for label, n in support.items():
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        predicted = sum(1 for p in pred if p == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / n
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total += f1 * n
    return total / len(gold) if gold else 0.0


def score(gold: list[dict], rows: dict[str, dict], counts: Counter | None = None) -> dict:
    """Field-by-field agreement of the predicted rows with the coders' rows."""
    n = len(gold)
    hits: Counter = Counter()
    with_actor2 = 0
    etypes, subs = ([], []), ([], [])
    for g in gold:
        p = rows.get(g["event_id_cnty"])
        etypes[0].append(g["event_type"])
        subs[0].append(g["sub_event_type"])
        etypes[1].append(p["event_type"] if p else NONE)
        subs[1].append(p["sub_event_type"] if p else NONE)
        if g["actor2"].strip():
            with_actor2 += 1
        if p is None:
            hits["no_event"] += 1
            continue
        hits["event_type"] += p["event_type"] == g["event_type"]
        hits["sub_event_type"] += p["sub_event_type"] == g["sub_event_type"]
        hits["event_date"] += p["event_date"] == gold_date(g).isoformat()
        lat, lon = _float(p.get("latitude")), _float(p.get("longitude"))
        if lat is not None and lon is not None:
            d = km((lat, lon), (float(g["latitude"]), float(g["longitude"])))
            hits["place_25km"] += d <= 25
            hits["place_161km"] += d <= 161
        for k in ("1", "2"):
            gold_name, name = g[f"actor{k}"], p.get(f"actor{k}") or ""
            if k == "2" and not gold_name.strip():
                hits["actor2_absent"] += not name.strip()
                continue
            gc, pc = actor_country(gold_name), actor_country(name)
            hits[f"actor{k}_country"] += gc is not None and gc == pc
            hits[f"actor{k}_kind"] += INTER_KINDS.get(g[f"inter{k}"]) == INTER_KINDS.get(
                str(p.get(f"inter{k}"))
            )
    without = n - with_actor2
    figures = {
        "notes": n,
        "event_type": hits["event_type"] / n,
        "sub_event_type": hits["sub_event_type"] / n,
        "sub_event_type_weighted_f1": weighted_f1(subs[0], subs[1]),
        "event_type_weighted_f1": weighted_f1(etypes[0], etypes[1]),
        "event_date": hits["event_date"] / n,
        "place_25km": hits["place_25km"] / n,
        "place_161km": hits["place_161km"] / n,
        "actor1_country": hits["actor1_country"] / n,
        "actor1_kind": hits["actor1_kind"] / n,
        "actor2_country": hits["actor2_country"] / with_actor2 if with_actor2 else None,
        "actor2_kind": hits["actor2_kind"] / with_actor2 if with_actor2 else None,
        "actor2_absent_when_coders_have_none": hits["actor2_absent"] / without if without else None,
        "no_exported_event": hits["no_event"] / n,
        "notes_with_actor2": with_actor2,
    }
    if counts is not None:
        figures["rows_per_note"] = sum(counts.values()) / n
    figures["sub_event_type_confusion"] = {
        f"{g} -> {p}": c for (g, p), c in sorted(Counter(zip(subs[0], subs[1], strict=True)).items())
    }
    return figures


def majority(gold: list[dict]) -> dict:
    etype, sub = Counter(g["event_type"] for g in gold), Counter(g["sub_event_type"] for g in gold)
    top_type, top_sub = etype.most_common(1)[0][0], sub.most_common(1)[0][0]
    return {
        "guess": f"{top_type} / {top_sub}",
        "event_type": etype[top_type] / len(gold),
        "sub_event_type": sub[top_sub] / len(gold),
        "sub_event_type_weighted_f1": weighted_f1([g["sub_event_type"] for g in gold], [top_sub] * len(gold)),
    }


# -- report ------------------------------------------------------------------------------------------------

FIELDS = (
    ("event type", "event_type"),
    ("sub-event type", "sub_event_type"),
    ("sub-event type, weighted F1", "sub_event_type_weighted_f1"),
    ("event date", "event_date"),
    ("place within 25 km", "place_25km"),
    ("place within 161 km", "place_161km"),
    ("actor1 country", "actor1_country"),
    ("actor1 kind", "actor1_kind"),
    ("actor2 country (coders name one)", "actor2_country"),
    ("actor2 kind (coders name one)", "actor2_kind"),
    ("no actor2 where coders have none", "actor2_absent_when_coders_have_none"),
    ("notes with no exported event", "no_exported_event"),
)


def report(ours: dict, old: dict, top: dict) -> None:
    def fmt(v) -> str:
        return "-" if v is None else f"{v:.3f}"

    print(f"\n{ours['notes']} ACLED notes ({ours['notes_with_actor2']} with an actor2)\n")
    print(f"| field | sitrep | baseline: old PLOVER table | baseline: majority ({top['guess']}) |")
    print("| --- | --- | --- | --- |")
    for label, key in FIELDS:
        print(f"| {label} | {fmt(ours.get(key))} | {fmt(old.get(key))} | {fmt(top.get(key))} |")
    print(f"\nrows per note: {ours.get('rows_per_note', 0):.2f} (baseline: at most 1)")
    print("\nsub-event type, coders -> sitrep (count):")
    for pair, count in sorted(ours["sub_event_type_confusion"].items(), key=lambda kv: -kv[1]):
        print(f"  {count:5d}  {pair}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="a fixed-seed sample of N notes")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--published", choices=("none", "event"), default="none")
    parser.add_argument("--keep", type=Path, default=None, help="keep the store and export in DIR")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/acled.json")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"no ACLED notes at {DATA}", file=sys.stderr)
        return 2
    gold = load_gold(args.limit, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        notes, db, out = work / "notes.jsonl", work / "acled.db", work / "acled.csv"
        for stale in (db, out):
            stale.unlink(missing_ok=True)
        write_notes(gold, notes, args.published)
        seconds = run_sitrep(notes, db, out)
        rows, counts = first_rows(out)
        ours = score(gold, rows, counts)
        old = score(gold, baseline_rows(db))
    top = majority(gold)
    report(ours, old, top)
    print(f"\ningest: {seconds:.0f} s for {len(gold)} notes")
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        command = "python bench/score_acled.py" + "".join(
            f" --{k} {v}" for k, v in (("limit", args.limit), ("published", args.published)) if v
        )
        RESULTS.write_text(
            json.dumps(
                {
                    "command": command,
                    "seed": args.seed,
                    "sitrep": ours,
                    "baseline_plover_table": old,
                    "baseline_majority": top,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
