"""Throughput of the full sitrep pipeline against bare spaCy, in one run, on the same texts.

    .venv/bin/python bench/throughput.py [DIR] [--repeat N] [--rounds R]
    .venv/bin/python bench/throughput.py --ingest [--articles 400] [--workers 2] [--pg URL]

``--ingest`` measures end to end, with storage: ``sitrep ingest --workers W`` (reading, the pipeline in
W processes, writing every fact in the parent) on the first N articles of news-dev, against bare spaCy
``nlp.pipe(n_process=W)`` on the same texts, back to back, on SQLite and (when reachable) PostgreSQL.

Both sides use the same model and batch size; the baseline is the model as spaCy ships it, sitrep's
side runs it as sitrep does (its rule components through the memo of ``sitrep.nlp``: the same
annotations, ``bench/check_memo.py``), so the ratio says what sitrep costs on top of the parse (target: sitrep runs at >= 0.8 of spaCy's speed). Each stage is wrapped
with a timer so the per-stage table shows where that cost goes. Default corpus: the bundled
samples plus the seed article (``$SITREP_SHARED`` or ``../shared``), repeated to about 50 articles.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import sitrep
from sitrep.errors import SitrepError
from sitrep.model import Document
from sitrep.samples import sample_files
from sitrep.sources.reader import decode, make_document, read_text

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
TARGET_DOCS = 50
TARGET_RATIO = 0.8


def default_texts() -> list[str]:
    texts = [decode(f.read_bytes(), f.name) for f in sample_files()]
    seed = sorted((SHARED / "corpus" / "seed").glob("*.txt"))
    if not seed:
        print(f"note: no seed article under {SHARED}/corpus/seed; samples only", file=sys.stderr)
    return texts + [read_text(p) for p in seed]


def directory_texts(directory: Path) -> list[str]:
    texts = []
    for p in sorted(directory.rglob("*.txt")):
        try:
            texts.append(read_text(p))
        except SitrepError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
    return texts


def timed_stages(pipeline: sitrep.Pipeline, totals: dict[str, float]) -> None:
    """Wrap each stage of ``pipeline`` so its time adds up in ``totals`` (the bench's own instrument)."""

    def wrap(name: str, run: Callable[[Document], Document]) -> Callable[[Document], Document]:
        def timed(document: Document) -> Document:
            started = time.perf_counter()
            try:
                return run(document)
            finally:
                totals[name] += time.perf_counter() - started

        return timed

    pipeline.stages = [wrap(n, s) for n, s in zip(pipeline.stage_names, pipeline.stages, strict=True)]


def bare_model():
    """The model as spaCy ships it (no sitrep component, no memo): the baseline."""
    import spacy

    from sitrep.config import Config

    return next(spacy.load(m) for m in Config().model_candidates() if spacy.util.is_package(m))


def run_bare(nlp, texts: list[str], batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def run_full(pipeline: sitrep.Pipeline, texts: list[str]) -> float:
    documents = [make_document(t) for t in texts]  # reading is not what we measure
    started = time.perf_counter()
    for _ in pipeline.pipe(documents):
        pass
    return time.perf_counter() - started


NEWS = SHARED / "data" / "news-dev" / "news-dev.jsonl"


def news_rows(n: int) -> list[dict]:
    import json

    with NEWS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line, _ in zip(fh, range(n), strict=False)]


def run_bare_processes(nlp, texts: list[str], batch_size: int, workers: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    return time.perf_counter() - started


def run_ingest(url: str, path: Path, workers: int) -> tuple[float, int]:
    from sitrep.sources import read
    from sitrep.store import ingest, open_store

    store = open_store(url)
    started = time.perf_counter()
    stats = ingest(store, read([path]), workers=workers)
    seconds = time.perf_counter() - started
    store.close()
    return seconds, stats.stored


def ingest_main(args) -> int:
    import json
    import tempfile

    from sitrep.config import Config

    if not NEWS.exists():
        print(f"no news-dev corpus at {NEWS}", file=sys.stderr)
        return 2
    rows = news_rows(args.articles)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    nlp = bare_model()
    batch = Config().batch_size
    print(
        f"corpus: {len(rows)} news-dev articles, {words:,} words; {args.workers} worker process(es); {os.cpu_count()} CPU(s)"
    )
    targets = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg and _pg_ok(args.pg) else [])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"{'':34}{'articles/s':>12}{'s':>9}{'ratio':>8}")
        for label, pg in targets:
            bare = run_bare_processes(nlp, texts, batch, args.workers)  # back to back, same texts
            url = _fresh_pg(pg) if pg else f"sqlite:///{tmp}/ingest-{label}.db"
            seconds, stored = run_ingest(url, path, args.workers)
            ratio = bare / seconds
            verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
            print(f"{'bare spaCy nlp.pipe':34}{len(texts) / bare:12.1f}{bare:9.1f}")
            print(
                f"{'sitrep ingest, ' + label:34}{stored / seconds:12.1f}{seconds:9.1f}{ratio:8.2f}  ({verdict} {TARGET_RATIO})"
            )
    return 0


def _pg_ok(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
        return True
    except Exception as exc:  # noqa: BLE001 - no server: say so and measure SQLite only
        print(f"PostgreSQL skipped ({type(exc).__name__})")
        return False


def _fresh_pg(base: str) -> str:
    """A new schema on the PostgreSQL server, so each run starts from an empty store."""
    import psycopg

    schema = f"bench_ingest_{int(time.time())}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return base.replace("postgresql://", "postgresql+psycopg://") + f"?options=-csearch_path%3D{schema}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--ingest", action="store_true", help="end to end with storage, against n_process spaCy"
    )
    parser.add_argument("--articles", type=int, default=400, help="--ingest: news-dev articles (default 400)")
    parser.add_argument("--workers", type=int, default=2, help="--ingest: worker processes (default 2)")
    parser.add_argument(
        "--pg", default="postgresql://postgres@127.0.0.1:5432/test", help="--ingest: '' to skip"
    )
    parser.add_argument("dir", nargs="?", type=Path, help="folder of .txt articles (default: samples + seed)")
    parser.add_argument(
        "--repeat", type=int, help=f"copies of the corpus (default: enough for ~{TARGET_DOCS})"
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per side; the best one counts")
    args = parser.parse_args(argv)
    if args.ingest:
        return ingest_main(args)

    base = directory_texts(args.dir) if args.dir else default_texts()
    if not base:
        print("no readable .txt articles found", file=sys.stderr)
        return 2
    repeat = args.repeat or max(1, math.ceil(TARGET_DOCS / len(base)))
    texts = base * repeat
    words = sum(len(t.split()) for t in texts)

    pipeline = sitrep.Pipeline()
    nlp = bare_model()
    batch = pipeline.config.batch_size
    stage_time: dict[str, float] = defaultdict(float)
    timed_stages(pipeline, stage_time)

    run_full(pipeline, base)  # warm-up: model, knowledge base, lazy tables, caches
    run_bare(nlp, base, batch)
    stage_time.clear()

    bare, full, full_total = [], [], 0.0
    for r in range(args.rounds):
        # Alternate who goes first, so neither side always gets the warmer caches.
        if r % 2:
            full.append(run_full(pipeline, texts))
            bare.append(run_bare(nlp, texts, batch))
        else:
            bare.append(run_bare(nlp, texts, batch))
            full.append(run_full(pipeline, texts))
        full_total += full[-1]

    n, model = len(texts), f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"
    print(f"corpus: {len(base)} texts x {repeat} = {n} articles, {words:,} words")
    print(f"model: {model}; batch size {batch}; best of {args.rounds} round(s); {os.cpu_count()} CPU(s)\n")
    print(f"{'':26}{'articles/s':>12}{'words/s':>12}{'s/round':>10}")
    for label, t in (("bare spaCy nlp.pipe", min(bare)), ("sitrep Pipeline.pipe", min(full))):
        print(f"{label:26}{n / t:12.1f}{words / t:12,.0f}{t:10.2f}")
    ratio = min(bare) / min(full)
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(f"{'ratio sitrep / spaCy':26}{ratio:12.2f}   ({verdict} the target of {TARGET_RATIO})\n")

    stages_total = sum(stage_time.values())
    rows = [("parse (spaCy) + loop", full_total - stages_total)] + list(stage_time.items())
    print(f"{'per stage, mean of rounds':26}{'s/round':>12}{'ms/article':>12}{'share':>8}")
    for name, total in rows:
        per_round = total / args.rounds
        print(f"{name:26}{per_round:12.3f}{1000 * per_round / n:12.2f}{total / full_total:8.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
