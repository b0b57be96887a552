"""Places on real reporting: famous names resolved to the wrong place, people taken for places.

    python bench/audit_places.py [--n 300] [--seed 7] [--out bench/results/places_audit_after.json]

A fixed-seed sample of ``../shared/data/news-dev`` articles (title and text, as ``sitrep ingest`` reads
them) goes through the whole pipeline. Counted, per mention:

* **famous names**: every mention of Moscow, Donetsk, Paris and Geneva linked to a place; wrong when the
  place is not the famous one (Russia's, Ukraine's, France's, Switzerland's capital or city). The sentence
  of every wrong one is written to the output file, to check by reading that the text did not mean the
  other place (rubric: wrong unless the sentence or its neighbours name the other country or region);
* **people as places**: a mention linked to a gazetteer place whose word is also part of a person's name
  in the same article ("Boone" after "Daniel Boone"), or that a title precedes ("Mr Boone", "Rep. Boone");
  listed for reading (a country or a city may share a word with a mis-tagged name);
* **people as locations**: events whose location is a person;
* **small far places**: places under 100,000 inhabitants outside the theatre (Ukraine, Russia, Belarus,
  Moldova) that are not curated: where "Boone" would land. Listed for reading, not counted as wrong.

Runs on older code too (it reads only the pipeline's output), so the same command measures before/after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
NEWS = SHARED / "data" / "news-dev" / "news-dev.jsonl"

FAMOUS = {"Moscow": "RUS", "Donetsk": "UKR", "Paris": "FRA", "Geneva": "CHE"}
THEATRE = {"UKR", "RUS", "BLR", "MDA"}
TITLES = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Col|Lt|Sgt|Capt|Prof)\.?\s+)$")


def sample(n: int, seed: int) -> list[dict]:
    if not NEWS.exists():
        sys.exit(f"news-dev not found at {NEWS} (set SITREP_SHARED)")
    rows = [json.loads(line) for line in NEWS.open(encoding="utf-8") if line.strip()]
    return random.Random(seed).sample(rows, min(n, len(rows)))


def sentence_of(text: str, start: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0), default=len(text))
    return text[left : right + 1].strip()[:400]


def audit(articles: list[dict]) -> dict:
    import sitrep
    from sitrep.sources.reader import make_document

    pipe = sitrep.get_pipeline()
    counts: Counter = Counter()
    items: list[dict] = []
    docs = (make_document(f"{a['title']}\n\n{a['text']}", published=None) for a in articles)
    for article, doc in zip(articles, pipe.pipe(docs), strict=True):
        text = doc.text
        people = [e for e in doc.entities if e.type == "PERSON"]
        person_words = {w for p in people if " " in p.name for w in p.name.split()}
        for entity in doc.entities:
            if entity.type not in ("GPE", "LOC"):
                continue
            for m in entity.mentions:
                expected = FAMOUS.get(m.text)
                if expected:
                    counts[f"{m.text} mentions"] += 1
                    if entity.country != expected:
                        counts[f"{m.text} wrong"] += 1
                        items.append(_item("famous-wrong", article, entity, m, text))
                title = TITLES.search(text[max(0, m.start - 6) : m.start])
                linked = entity.kb_id and entity.kb_id.startswith("place:")
                if linked and (m.text in person_words or title):
                    counts["person as place"] += 1
                    items.append(_item("person-as-place", article, entity, m, text))
            attrs = entity.attributes
            small = entity.kb_id and entity.country not in THEATRE and attrs.get("kind") in ("city", None)
            if small and entity.kb_id.startswith("place:") and _population(entity) < 100_000:
                counts["small far place (to read)"] += 1
                items.append(_item("small-far-place", article, entity, entity.mentions[0], text))
        for event in doc.events:
            location = doc.entity(event.location) if event.location else None
            counts["events"] += 1
            if location is not None:
                counts["events with a location"] += 1
                if location.lat is not None:
                    counts["events located with coordinates"] += 1
                if location.type == "PERSON":
                    counts["person as event location"] += 1
                    items.append(_item("person-as-location", article, location, location.mentions[0], text))
    return {"counts": dict(sorted(counts.items())), "items": items}


def _population(entity) -> int:
    from sitrep.knowledge import load_knowledge_base

    entry = load_knowledge_base().get(entity.kb_id)
    return entry.population if entry is not None and not entry.curated else 10**9


def _item(kind: str, article: dict, entity, mention, text: str) -> dict:
    """One finding: where it is (article URL and character offset), what it resolved to, and a verdict.
    The sentence is kept apart (``--sentences``): article text never goes into the repository."""
    verdict = "wrong" if kind in ("famous-wrong", "person-as-location") else "to read"
    return {
        "kind": kind,
        "url": article["url"],
        "offset": mention.start,
        "mention": mention.text,
        "resolved": entity.id,
        "country": entity.country,
        "verdict": verdict,
        "sentence": sentence_of(text, mention.start),
    }


def item_id(item: dict) -> str:
    return f"{item['url']}#{item['offset']}:{item['mention']}"


def apply_judgments(items: list[dict], path: Path) -> Counter:
    """Verdicts read by a person (``places_judgments.json``: item id -> right | wrong), per kind."""
    verdicts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    out: Counter = Counter()
    for item in items:
        item["id"] = item_id(item)
        verdict = verdicts.get(item["id"])
        if verdict:
            item["verdict"] = verdict
        out[(item["kind"], verdict or "unjudged")] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=None, help="write counts and items as JSON")
    ap.add_argument(
        "--sentences", type=Path, default=None, help="write the items' sentences here (not in the repo)"
    )
    ap.add_argument(
        "--judgments",
        type=Path,
        default=REPO / "bench" / "results" / "places_judgments.json",
        help="verdicts given by reading, item id -> right|wrong (applied where an item matches)",
    )
    args = ap.parse_args()
    articles = sample(args.n, args.seed)
    t0 = time.perf_counter()
    result = audit(articles)
    result["sample"] = {"n": len(articles), "seed": args.seed, "seconds": round(time.perf_counter() - t0, 1)}
    for key, value in result["counts"].items():
        print(f"{key:<36} {value:>6}")
    judged = apply_judgments(result["items"], args.judgments)
    for (kind, verdict), n in sorted(judged.items()):
        print(f"judged by reading: {kind:<22} {verdict:<9} {n:>5}")
    print(f"({len(articles)} articles, seed {args.seed}, {result['sample']['seconds']} s)")
    if args.sentences:
        lines = [
            f"{i['kind']}\t{i['url']}\t{i['offset']}\t{i['mention']}\t{i['sentence']}"
            for i in result["items"]
        ]
        args.sentences.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for item in result["items"]:
        del item["sentence"]
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written: {args.out}")


if __name__ == "__main__":
    main()
