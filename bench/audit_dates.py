"""Dates that cannot be wrong (issue 10 part 5), counted on real news, beside the base's figures.

    .venv/bin/python bench/audit_dates.py [--articles 300] [--seed 2022] [--record FILE]
                                          [--base bench/results/audit_dates_base.json]
    .venv/bin/python bench/audit_dates.py --sample 50 [--articles 300]   # dated events to judge
    .venv/bin/python bench/audit_dates.py --score bench/results/audit_dates_judged_*.json

The first ``--articles`` articles of news-dev (``../shared/data/news-dev/news-dev.jsonl``) in the
order of ``bench/audit_news.py`` (shuffled with ``--seed``) run through the full pipeline, and every
event and every duration is checked against its article's publication date:

  events                    all events found
  with own time             events the pipeline dates by a time expression of their own (or inherited
                            from the lead); the rest carry ``time: null``
  dated after publication   events whose time starts after the article's date
    of them past, told      ... asserted or reported events in the past tense (never right)
  dated > 60 days after     events whose time starts more than 60 days after the article's date
  durations                 DURATION expressions placed on the calendar
  durations after pub.      ... starting after the article's date
    of them not future      ... in a clause that is not in the future tense (a span of the past)

The baseline is the same count for the base commit (``git archive`` of it run with this script, kept
in ``--base``; ``--record`` writes a run's figures there). ``--sample`` prints dated events, one per
article with a fixed draw, for judging by reading; the judgments (id -> ``y``/``n``) and their rubric are
kept in ``bench/results/audit_dates_judged_*.json`` and ``--score`` prints their precision.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from audit_news import NEWS, analysed, articles  # noqa: E402

from sitrep.model import Document, Event  # noqa: E402
from sitrep.timex.anchoring import tense  # noqa: E402

FAR = timedelta(days=60)
TOLD = ("asserted", "reported")
ROWS = (
    ("events", "events"),
    ("own_time", "with own time"),
    ("after", "dated after publication"),
    ("past_after", "  of them past, told"),
    ("far_after", "dated > 60 days after"),
    ("durations", "durations on the calendar"),
    ("durations_after", "durations after publication"),
    ("durations_past_after", "  of them not future"),
)


def event_tense(document: Document, event: Event) -> str | None:
    return tense(document.spacy_doc, event.evidence.start, event.evidence.end)


def count(documents: list[tuple[int, Document]]) -> Counter:
    c: Counter = Counter()
    for _, document in documents:
        published = document.published
        if published is None:
            continue
        for event in document.events:
            c["events"] += 1
            t = event.time
            if t is None or t.start is None and t.end is None:
                continue
            c["own_time"] += 1
            start = t.start or t.end
            if start > published:  # type: ignore[operator]
                c["after"] += 1
                past = event.modality in TOLD and event_tense(document, event) == "past"
                c["past_after"] += past
                c["far_after"] += start > published + FAR  # type: ignore[operator]
        for t in document.times:
            if t.type != "DURATION" or t.start is None:
                continue
            c["durations"] += 1
            if t.start > published:
                c["durations_after"] += 1
                c["durations_past_after"] += tense(document.spacy_doc, t.span_start, t.span_end) != "future"
    return c


def show_after(documents: list[tuple[int, Document]]) -> None:
    """Every event and duration dated after its article, with its sentence, to read why."""
    for line, document in documents:
        published = document.published
        if published is None:
            continue
        for event in document.events:
            t = event.time
            if t is not None and (t.start or t.end) and (t.start or t.end) > published:  # type: ignore[operator]
                print(
                    f"[L{line}/{event.id}] published {published}  {event.type} {event.trigger!r} {event.modality}"
                )
                print(f"  sentence: {event.evidence.sentence.strip()[:300]}")
                print(f"  time:     {t.text!r} -> {t.value} [{t.start} .. {t.end}] anchor {t.anchor}\n")
        for t in document.times:
            if t.type == "DURATION" and t.start is not None and t.start > published:
                sentence = document.evidence(t.span_start, t.span_end).sentence.strip()[:300]
                print(f"[L{line}/t{t.span_start}] published {published}  DURATION {t.text!r} -> {t.value}")
                print(f"  sentence: {sentence}\n")


def print_table(now: Counter, base: dict | None, n_articles: int) -> None:
    print(f"{n_articles} news-dev articles (seed order of bench/audit_news.py)")
    print(f"{'':32}{'this code':>10}{'base':>10}")
    for key, label in ROWS:
        b = "-" if base is None else str(base.get(key, 0))
        print(f"{label:32}{now[key]:>10}{b:>10}")
    for c, name in ((now, "this code"), (base, "base")):
        if c and c.get("events"):
            print(
                f"share of events with no time of their own ({name}): {1 - c['own_time'] / c['events']:.2f}"
            )


def sample(documents: list[tuple[int, Document]], n: int, seed: int) -> None:
    """One dated event per article, drawn with a generator seeded by the article's line."""
    shown = 0
    for line, document in documents:
        dated = [e for e in document.events if e.time is not None and (e.time.start or e.time.end)]
        if not dated:
            continue
        event = random.Random(f"{seed}:{line}:dates").choice(dated)
        t = event.time
        assert t is not None
        print(f"[L{line}/{event.id}] published {document.published}  {event.type} {event.trigger!r}")
        print(f"  sentence: {event.evidence.sentence.strip()}")
        print(
            f"  time:     {t.text!r} -> {t.value} [{t.start} .. {t.end}] anchor {t.anchor}  ({event.modality})"
        )
        print()
        shown += 1
        if shown >= n:
            break


def score(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    verdicts = Counter(data["items"].values())
    judged = verdicts["y"] + verdicts["n"]
    print(f"{path.name}: {judged} dated events judged; right {verdicts['y']}, wrong {verdicts['n']}", end="")
    print(f"; precision {verdicts['y'] / judged:.3f}" if judged else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--base", type=Path, default=ROOT / "bench" / "results" / "audit_dates_base.json")
    ap.add_argument("--record", type=Path, help="write this run's figures to FILE (JSON)")
    ap.add_argument("--sample", type=int, help="print N dated events for judging instead of counting")
    ap.add_argument("--show", action="store_true", help="also print every event and duration dated after")
    ap.add_argument("--score", type=Path, nargs="+", help="print the precision of judgments files")
    args = ap.parse_args(argv)
    if args.score:
        for path in args.score:
            score(path)
        return 0
    if not NEWS.exists():
        sys.exit(f"no news-dev data at {NEWS} (set SITREP_SHARED)")
    documents = list(analysed(articles(args.seed)[: args.articles]))
    if args.sample:
        sample(documents, args.sample, args.seed)
        return 0
    if args.show:
        show_after(documents)
    now = count(documents)
    base = json.loads(args.base.read_text(encoding="utf-8"))["figures"] if args.base.exists() else None
    print_table(now, base, len(documents))
    if args.record:
        record = {"articles": len(documents), "seed": args.seed, "figures": dict(now)}
        args.record.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
