"""Score Russian and Ukrainian events against the English pipeline on the same facts in English.

    .venv/bin/python bench/score_slavic.py [--set dev|holdout] [--errors]

The test set (``bench/data/slavic_facts.yaml``, written for sitrep) holds short reports in Russian, in
Ukrainian and in English translation, with the facts a coder would extract: PLOVER type, actors,
recipients, place, date (TIMEX3 value), quantity and modality, as knowledge-base identities. Every
text runs through the full pipeline with its language detected (the detection is scored too). A
gold fact is found when an event of its type was extracted; each attribute the gold gives is then
compared with that event (the extracted event of the type that agrees on most attributes; one
extracted event stands for one gold fact). The baseline is the English pipeline on the translations:
the aim is that a fact in Russian or Ukrainian is coded as well as the same fact in English.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep import Pipeline  # noqa: E402
from sitrep.model import Event  # noqa: E402
from sitrep.sources.reader import make_document  # noqa: E402

SETS = {
    "dev": ROOT / "bench" / "data" / "slavic_facts.yaml",  # written with the front end, tuned on
    "holdout": ROOT / "bench" / "data" / "slavic_facts_holdout.yaml",  # written after, scored untouched
}
LANGUAGES = ("ru", "uk", "en")
ATTRIBUTES = ("actors", "recipients", "place", "date", "quantity", "modality")


def load_items(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def agreement(fact: dict, event: Event) -> dict[str, bool]:
    """Each attribute the gold fact gives, compared with the extracted event."""
    out = {}
    if fact.get("actors"):
        out["actors"] = set(event.actors) == set(fact["actors"])
    if fact.get("recipients"):
        out["recipients"] = set(fact["recipients"]) <= set(event.recipients)
    if fact.get("place"):
        out["place"] = event.location == fact["place"]
    if fact.get("date"):
        out["date"] = event.time is not None and event.time.value == str(fact["date"])
    if fact.get("quantity") is not None:
        values = {q.value for q in ([event.quantity] if event.quantity else []) + event.quantities}
        out["quantity"] = float(fact["quantity"]) in {v for v in values if v is not None}
    out["modality"] = event.modality == fact["modality"]
    return out


def score_item(item: dict, events: list[Event]) -> list[dict]:
    """Each gold fact with the event that stands for it and the attributes that agree."""
    free = list(events)
    out = []
    for fact in item["facts"]:
        candidates = [e for e in free if e.type == fact["type"]]
        if not candidates:
            out.append({"fact": fact, "found": False, "event": None, "agree": {}})
            continue
        best = max(candidates, key=lambda e: sum(agreement(fact, e).values()))
        free.remove(best)
        out.append({"fact": fact, "found": True, "event": best.to_dict(), "agree": agreement(fact, best)})
    return out


def run(pipeline: Pipeline, items: list[dict], language: str) -> dict:
    results, detected, extracted, started = [], 0, 0, time.perf_counter()
    for item in items:
        published = item.get("published") or "2022-11-07"
        document = make_document(item[language], published=_date(published))
        document = pipeline(document)
        detected += document.language == language
        extracted += len(document.events)
        results.append(
            {"id": item["id"], "language": document.language, "facts": score_item(item, document.events)}
        )
    return {
        "results": results,
        "detected": detected,
        "extracted": extracted,
        "seconds": time.perf_counter() - started,
    }


def _date(value):
    from datetime import date

    return value if isinstance(value, date) else date.fromisoformat(str(value))


def summary(run_result: dict) -> dict[str, tuple[int, int]]:
    """attribute -> (agree, of) over the gold facts; ``type`` counts facts found."""
    facts = [f for r in run_result["results"] for f in r["facts"]]
    table = {"type": (sum(f["found"] for f in facts), len(facts))}
    for attribute in ATTRIBUTES:
        given = [f for f in facts if attribute in _given(f["fact"])]
        table[attribute] = (sum(f["agree"].get(attribute, False) for f in given), len(given))
    table["all attributes"] = (sum(f["found"] and all(f["agree"].values()) for f in facts), len(facts))
    matched = sum(f["found"] for f in facts)
    table["precision (matched / extracted)"] = (matched, run_result["extracted"])
    return table


ACLED_FIELDS = (
    "ACLED coded or not",
    "ACLED event type",
    "ACLED sub-event type",
    "ACLED actor1",
    "ACLED actor2",
)


def acled_row(event: dict | None) -> dict[str, str] | None:
    """The ACLED columns of a matched event (None: no event, or one ACLED would not code)."""
    acled = (event or {}).get("acled")
    if not acled:
        return None
    return {
        "ACLED event type": acled.get("event_type") or "",
        "ACLED sub-event type": acled.get("sub_event_type") or "",
        "ACLED actor1": acled.get("actor1") or "",
        "ACLED actor2": acled.get("actor2") or "",
    }


def acled_agreement(runs: dict[str, dict]) -> dict[str, dict[str, tuple[int, int]]]:
    """Per language, how often a fact's ACLED row equals the row of the same fact told in English.

    English is the baseline: the aim is that the same fact gets the same ACLED row in three languages.
    "coded or not" is over every fact; the columns over the facts English codes for ACLED.
    """
    english = {
        (r["id"], n): acled_row(f["event"]) for r in runs["en"]["results"] for n, f in enumerate(r["facts"])
    }
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for language in LANGUAGES:
        counts = dict.fromkeys(ACLED_FIELDS, (0, 0))
        for r in runs[language]["results"]:
            for n, f in enumerate(r["facts"]):
                base, row = english[(r["id"], n)], acled_row(f["event"])
                a, b = counts["ACLED coded or not"]
                counts["ACLED coded or not"] = (a + ((base is None) == (row is None)), b + 1)
                if base is None:
                    continue
                for name in ACLED_FIELDS[1:]:
                    a, b = counts[name]
                    counts[name] = (a + (row is not None and row[name] == base[name]), b + 1)
        out[language] = counts
    return out


def print_acled(runs: dict[str, dict]) -> None:
    table = acled_agreement(runs)
    coded = table["en"]["ACLED event type"][1]
    print(
        f"\nACLED row of the matched event, agreeing with the same fact in English ({coded} facts English codes):"
    )
    print(f"{'field':34} {'ru':>12} {'uk':>12} {'en (baseline)':>14}")
    for name in ACLED_FIELDS:
        cells = [table[lang][name] for lang in LANGUAGES]
        shown = [f"{a}/{b} {a / b:.2f}" if b else "-" for a, b in cells]
        print(f"{name:34} {shown[0]:>12} {shown[1]:>12} {shown[2]:>14}")


def _given(fact: dict) -> set[str]:
    return {a for a in ATTRIBUTES if a == "modality" or fact.get(a) not in (None, [], "")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every fact that is not fully right")
    parser.add_argument("--set", choices=sorted(SETS), default="dev", help="which test set to score")
    parser.add_argument("--out", type=Path, help="where to write every fact with its match (JSON)")
    args = parser.parse_args()
    items = load_items(SETS[args.set])
    args.out = args.out or ROOT / "bench" / "results" / f"slavic_facts_{args.set}.json"
    pipeline = Pipeline()
    for language in LANGUAGES:  # load every model and index before timing anything
        pipeline(make_document(items[0][language]))
    runs = {language: run(pipeline, items, language) for language in LANGUAGES}
    tables = {language: summary(r) for language, r in runs.items()}
    print(f"{len(items)} reports; facts per language: {tables['en']['type'][1]}")
    print(f"{'attribute':34} {'ru':>12} {'uk':>12} {'en (baseline)':>14} {'ru/en':>6} {'uk/en':>6}")
    for attribute in tables["en"]:
        cells = [tables[lang][attribute] for lang in LANGUAGES]
        rates = [a / b if b else 0.0 for a, b in cells]
        ratio = [f"{rates[i] / rates[2]:.2f}" if rates[2] else "-" for i in (0, 1)]
        shown = [f"{a}/{b} {a / b:.2f}" if b else "-" for a, b in cells]
        print(f"{attribute:34} {shown[0]:>12} {shown[1]:>12} {shown[2]:>14} {ratio[0]:>6} {ratio[1]:>6}")
    detection = {lang: f"{runs[lang]['detected']}/{len(items)}" for lang in LANGUAGES}
    print(f"language detected correctly: ru {detection['ru']}, uk {detection['uk']}, en {detection['en']}")
    print_acled(runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({k: r["results"] for k, r in runs.items()}, ensure_ascii=False, indent=1), "utf-8"
    )
    if args.errors:
        for language in LANGUAGES:
            for r in runs[language]["results"]:
                for f in r["facts"]:
                    if not f["found"] or not all(f["agree"].values()):
                        wrong = [a for a, ok in f["agree"].items() if not ok] if f["found"] else ["type"]
                        got = f["event"] or {}
                        print(
                            f"{language} {r['id']:>3} {f['fact']['type']:9} wrong: {','.join(wrong):28} "
                            f"got actors={got.get('actors')} loc={got.get('location')} "
                            f"time={(got.get('time') or {}).get('value')} mod={got.get('modality')}"
                        )


if __name__ == "__main__":
    main()
