"""The pipeline on the worst shapes of input, beside bare spaCy on the same text, stage by stage.

    .venv/bin/python bench/worst_cases.py [--shape sentence line lines ...] [--scale 1.0] [--profile]

Shapes (issue 10 part 6), generated here from our own word lists with a fixed seed:
  sentence   one sentence of 100,000 characters without a full stop: clauses joined by commas
             and conjunctions, each with an actor, an event verb, a place and a date
  line       one line of 1 MB without a blank: encoded data pasted into an article
  lines      10,000 short lines: a list of dated incidents, one per line
  prose-line one line of 1 MB of ordinary sentences (not run by default: bare spaCy alone takes
             minutes on a shared machine; the ratio is what it shows)
Each shape must finish under 10 s of CPU time (issue 10: "under 10 s on this machine"); CPU time,
not wall time, so that other work on a shared machine does not count. The baseline is bare spaCy
``nlp(text)`` with the same model on the same text; ``--profile`` prints cProfile's top functions.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import pstats
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.model import Document  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402

LIMIT_CPU_S = 10.0
_ACTORS = ("Russian forces", "Ukrainian troops", "the army", "rebels", "police", "the ministry", "Belarus")
_VERBS = ("shelled", "attacked", "captured", "struck", "bombed", "seized", "raided", "blocked", "entered")
_OBJECTS = ("the village", "a depot", "the bridge", "positions", "the airport", "a convoy", "the station")
_PLACES = ("Kharkiv", "Izium", "Kherson", "Mariupol", "Bakhmut", "Donetsk", "Melitopol", "Sumy")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
_JOINS = (", and", ", while", " and then", ", after which", ";", ", but", " as")


def clause(rnd: random.Random) -> str:
    when = rnd.choice((f"on {rnd.randint(1, 28)} {rnd.choice(_MONTHS)}", "last week", "two days later", ""))
    count = rnd.choice(("", f" with {rnd.randint(2, 900)} shells", " for three hours"))
    return (
        f"{rnd.choice(_ACTORS)} {rnd.choice(_VERBS)} {rnd.choice(_OBJECTS)} near {rnd.choice(_PLACES)}"
        f"{count} {when}"
    ).rstrip()


def long_sentence(size: int = 100_000, seed: int = 1) -> str:
    """One sentence of ``size`` characters: clauses without a full stop between them."""
    rnd = random.Random(seed)
    parts = [clause(rnd)]
    length = len(parts[0])
    while length < size:
        parts.append(f"{rnd.choice(_JOINS)} {clause(rnd)}")
        length += len(parts[-1])
    return "".join(parts)[:size]


def blob_line(size: int = 1_000_000, seed: int = 2) -> str:
    """One line of ``size`` characters of base64 text, as encoded data pasted into an article."""
    rnd = random.Random(seed)
    return base64.b64encode(rnd.randbytes(size * 3 // 4 + 3)).decode()[:size]


def short_lines(count: int = 10_000, seed: int = 3) -> str:
    """``count`` short lines, a list of incidents: 'Izium, 3 March: shelling'."""
    rnd = random.Random(seed)
    what = ("shelling", "air strike", "clashes", "protest", "arrests", "drone attack")
    return "\n".join(
        f"{rnd.choice(_PLACES)}, {rnd.randint(1, 28)} {rnd.choice(_MONTHS)}: {rnd.choice(what)}"
        for _ in range(count)
    )


def prose_line(size: int = 1_000_000, seed: int = 4) -> str:
    """One line of ``size`` characters of ordinary sentences, no line break."""
    rnd = random.Random(seed)
    parts, length = [], 0
    while length < size:
        parts.append(clause(rnd).capitalize() + ".")
        length += len(parts[-1]) + 1
    return " ".join(parts)[:size]


SHAPES: dict[str, Callable[[float], str]] = {
    "sentence": lambda scale: long_sentence(int(100_000 * scale)),
    "line": lambda scale: blob_line(int(1_000_000 * scale)),
    "lines": lambda scale: short_lines(int(10_000 * scale)),
    "prose-line": lambda scale: prose_line(int(1_000_000 * scale)),
}


def run_pipeline(pipeline: Pipeline, text: str) -> tuple[float, float, dict[str, float]]:
    """Wall and CPU seconds of the whole pipeline on ``text``, and CPU seconds per stage."""
    per_stage: dict[str, float] = {}
    stages = pipeline.stages

    def timed(name: str, run):
        def wrapped(document: Document) -> Document:
            started = time.process_time()
            try:
                return run(document)
            finally:
                per_stage[name] = per_stage.get(name, 0.0) + time.process_time() - started

        return wrapped

    pipeline.stages = [timed(n, s) for n, s in zip(pipeline.stage_names, stages, strict=True)]
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        # English by decree: a blob would be detected as no language and skip every stage.
        list(pipeline.pipe([Document(text=text, published=date(2022, 5, 1), language="en")]))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        pipeline.stages = stages
    per_stage["parse"] = cpu - sum(per_stage.values())
    return wall, cpu, per_stage


def bare_spacy(pipeline: Pipeline, text: str) -> float:
    """CPU seconds of the same model, without our components, on the same text."""
    nlp = pipeline.resources.nlp
    ours = [name for name in nlp.pipe_names if name.startswith("sitrep_")]
    with nlp.select_pipes(disable=ours):
        started = time.process_time()
        nlp(text)
        return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", nargs="+", default=["sentence", "line", "lines"], choices=sorted(SHAPES))
    ap.add_argument(
        "--scale", type=float, default=1.0, help="size relative to the issue's (0.1 for a quick look)"
    )
    ap.add_argument("--profile", action="store_true", help="print cProfile's top functions per shape")
    args = ap.parse_args(argv)
    pipeline = Pipeline()
    _ = pipeline.resources.nlp  # load the model before timing
    failed = 0
    for name in args.shape:
        text = SHAPES[name](args.scale)
        base = bare_spacy(pipeline, text)
        wall, cpu, per_stage = run_pipeline(pipeline, text)
        verdict = "ok" if cpu < LIMIT_CPU_S * args.scale else "OVER"  # the bound scales with the size
        failed += verdict == "OVER"
        stages = " ".join(f"{k}={v:.2f}" for k, v in sorted(per_stage.items(), key=lambda kv: -kv[1]))
        print(f"{name:10} {len(text):>9,} chars  cpu {cpu:6.2f}s  wall {wall:6.2f}s  [{verdict}]  {stages}")
        print(f"{'':10} baseline: bare spaCy on the same text, cpu {base:6.2f}s")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(run_pipeline, pipeline, text)
            pstats.Stats(profile).sort_stats("tottime").print_stats(12)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
