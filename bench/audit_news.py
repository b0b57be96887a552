"""Sample events, statements, forecasts and times from real news for judging by reading.

    .venv/bin/python bench/audit_news.py [--events 100] [--statements 20] [--forecasts 20] [--times 20]
                                         [--seed 2022] [--only events|statements|forecasts|times]
    .venv/bin/python bench/audit_news.py --score bench/results/audit_news_events_before.json \
                                                 bench/results/audit_news_events_after.json

There is no gold for news-dev (``../shared/data/news-dev/news-dev.jsonl``, 1,849 real articles of
2022), so precision comes from reading. The articles are shuffled with a fixed seed and run through
the full pipeline (only the sampled ones, so it takes about a minute); from each article one item of
each kind is drawn with a generator seeded by the article's line, so the same articles give the
same draw whatever the pipeline finds elsewhere. Each item prints with its id
(``L<line>/<fact id>``), the article's date and source, and the sentence it came from.

Judgments are kept in ``bench/results/audit_news_*.json`` (``{"rubric": ..., "items": {id: {field:
verdict}}}``; no article text: the ids point into news-dev). ``--score`` prints the precision they
give per field: verdicts are ``y`` (right), ``n`` (wrong), ``x`` (not an event at all; type only),
``missed`` (nothing given where the text has it) and ``-`` (nothing given, nothing to give). The
baseline is the first file given (the judgments of the pipeline before a change), printed in the same
run; the last column is the share of items with a value given at all.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from score_seed import shared_dir  # noqa: E402  (the one definition of where ../shared lies)

from sitrep import Pipeline  # noqa: E402
from sitrep.model import Document, Event, Forecast, Statement, TimeExpression  # noqa: E402
from sitrep.sources.files import row_document  # noqa: E402

NEWS = shared_dir() / "data" / "news-dev" / "news-dev.jsonl"
KINDS = ("events", "statements", "forecasts", "times")
EVENT_FIELDS = ("type", "actor", "recipient", "date", "place", "modality")
BATCH = 16


def articles(seed: int) -> list[tuple[int, dict]]:
    """(line number, row) of every article, in the seeded order."""
    with NEWS.open(encoding="utf-8") as fh:
        rows = [(n, json.loads(line)) for n, line in enumerate(fh, start=1) if line.strip()]
    random.Random(seed).shuffle(rows)
    return rows


def analysed(rows: list[tuple[int, dict]]) -> Iterator[tuple[int, Document]]:
    """The pipeline's documents for these rows, batched, in order."""
    pipeline = Pipeline()
    for at in range(0, len(rows), BATCH):
        batch = rows[at : at + BATCH]
        documents = [row_document(row, f"news-dev:{n}", 10 * 1024 * 1024) for n, row in batch]
        yield from zip((n for n, _ in batch), pipeline.pipe(documents), strict=True)


def sample(args: argparse.Namespace) -> dict[str, list[tuple[int, Document, object]]]:
    wanted = {kind: getattr(args, kind) for kind in KINDS if args.only in (None, kind)}
    drawn: dict[str, list[tuple[int, Document, object]]] = {kind: [] for kind in wanted}
    for line, document in analysed(articles(args.seed)):
        pools = {
            "events": document.events,
            "statements": document.statements,
            "forecasts": document.forecasts,
            "times": document.times,
        }
        for kind, n in wanted.items():
            if len(drawn[kind]) < n and pools[kind]:
                rng = random.Random(f"{args.seed}:{line}:{kind}")
                drawn[kind].append((line, document, rng.choice(pools[kind])))
        if all(len(drawn[kind]) >= n for kind, n in wanted.items()):
            break
    return drawn


# -- printing -------------------------------------------------------------------------------------
def _header(label: str, line: int, document: Document) -> str:
    return f"[{label}] L{line}  published {document.published}  {document.source}  {document.title!r}"


def _entity(document: Document, key: str | None) -> str:
    entity = document.entity(key)
    if entity is None:
        return str(key)
    where = f", {entity.country}" if entity.country and entity.type in ("GPE", "LOC") else ""
    coords = (
        f" @{entity.lat:.2f},{entity.lon:.2f}" if entity.lat is not None and entity.lon is not None else ""
    )
    return f"{key} ({entity.name}{where}{coords})"


def _time(time: TimeExpression | None, document: Document) -> str:
    if time is None:
        return f"none (article {document.published})"
    return f"{time.text!r} -> {time.value} [{time.start} .. {time.end}]"


def show_event(line: int, document: Document, event: Event) -> str:
    rows = [
        _header(f"L{line}/{event.id}", line, document),
        f"  sentence: {event.evidence.sentence.strip()}",
        f"  type:     {event.type}/{event.mode}  trigger {event.trigger!r}  relevance {event.relevance}",
        f"  actor:    {[_entity(document, a) for a in event.actors]}  texts {event.actor_texts}"
        f"  kinds {event.actor_kinds}",
        f"  recipient:{[_entity(document, r) for r in event.recipients]}  texts {event.recipient_texts}",
        f"  place:    {_entity(document, event.location) if event.location else None}",
        f"  date:     {_time(event.time, document)}",
        f"  modality: {event.modality}   acled {event.acled}",
    ]
    return "\n".join(rows)


def show_statement(line: int, document: Document, statement: Statement) -> str:
    rows = [
        _header(f"L{line}/{statement.id}", line, document),
        f"  sentence: {statement.evidence.sentence.strip()}",
        f"  speaker:  {_entity(document, statement.speaker)}  text {statement.speaker_text!r}"
        f"  role {statement.role}",
        f"  act:      {statement.act}  modality {statement.modality}  date {_time(statement.time, document)}",
        f"  content:  {statement.content[:200]!r}",
    ]
    return "\n".join(rows)


def show_forecast(line: int, document: Document, forecast: Forecast) -> str:
    note = getattr(forecast, "window_note", None)
    rows = [
        _header(f"L{line}/{forecast.id}", line, document),
        f"  sentence: {forecast.evidence.sentence.strip()}",
        f"  by:       {_entity(document, forecast.by)}  statement {forecast.statement}",
        f"  claim:    {forecast.claim[:200]!r}",
        f"  made:     {forecast.made}  window {forecast.window_start} .. {forecast.window_end}"
        + (f"  ({note})" if note else "")
        + f"  modality {forecast.modality}",
    ]
    return "\n".join(rows)


def show_time(line: int, document: Document, time: TimeExpression) -> str:
    sentence = document.evidence(time.span_start, time.span_end).sentence.strip()
    rows = [
        _header(f"L{line}/t{time.span_start}", line, document),
        f"  sentence: {sentence}",
        f"  time:     {_time(time, document)}  type {time.type}",
    ]
    return "\n".join(rows)


SHOW = {"events": show_event, "statements": show_statement, "forecasts": show_forecast, "times": show_time}


# -- scoring --------------------------------------------------------------------------------------
def score(path: Path) -> None:
    """Precision per field from a judgments file, with the share of items giving a value at all."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items: dict[str, dict[str, str]] = data["items"]
    fields = data.get("fields") or sorted({f for v in items.values() for f in v})
    print(f"{path.name}: {len(items)} items judged by reading ({data.get('rubric', 'no rubric')[:60]}...)")
    print(f"{'field':<12}{'precision':>10}{'right':>7}{'wrong':>7}{'missed':>8}{'given':>7}   share given")
    for name in fields:
        verdicts = Counter(v.get(name, "-") for v in items.values())
        if name == "type":
            right, wrong = verdicts["y"], verdicts["n"] + verdicts["x"]
        else:
            right, wrong = verdicts["y"], verdicts["n"]
        given = right + wrong
        precision = f"{right / given:.3f}" if given else "-"
        judged = given + verdicts["missed"] + verdicts["-"]
        share = f"{given / judged:.2f}" if judged else "-"
        print(f"{name:<12}{precision:>10}{right:>7}{wrong:>7}{verdicts['missed']:>8}{given:>7}   {share}")
    if "type" in fields:
        kinds = Counter(v.get("type", "-") for v in items.values())
        print(f"not events at all: {kinds['x']} of {len(items)}; real events with a wrong type: {kinds['n']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for kind, n in zip(KINDS, (100, 20, 20, 20), strict=True):
        parser.add_argument(f"--{kind}", type=int, default=n, help=f"{kind} to sample (default {n})")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--only", choices=KINDS)
    parser.add_argument(
        "--score", type=Path, nargs="+", help="print the precision of judgments files instead"
    )
    args = parser.parse_args()
    if args.score:
        for path in args.score:
            score(path)
            print()
        return
    if not NEWS.exists():
        sys.exit(f"no news-dev data at {NEWS} (set SITREP_SHARED)")
    for kind, drawn in sample(args).items():
        print(f"\n=== {kind}: {len(drawn)} (one per article, seed {args.seed}) ===\n")
        for line, document, item in drawn:
            print(SHOW[kind](line, document, item), end="\n\n")


if __name__ == "__main__":
    main()
