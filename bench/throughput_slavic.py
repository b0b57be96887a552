"""Throughput of the Russian pipeline against natasha alone, in one run, on the same texts.

    .venv/bin/python bench/throughput_slavic.py [--language ru|uk] [--repeat N] [--rounds R]

natasha alone is what the Russian front end cannot do without: its segmenter, morphology tagger,
syntax parser and NER over each text (models loaded once, before timing). The sitrep side is the whole
Russian pipeline (``slavic.*`` stages) through ``Pipeline.pipe``, gazetteer and word lists loaded before
timing. Target: sitrep >= 0.8x natasha's speed. There is no real Russian news in ``../shared``: the
texts are the reports of ``bench/data/slavic_facts*.yaml`` (written for sitrep), grouped eight to an
article and repeated. With ``--language uk`` the Ukrainian pipeline is timed on the Ukrainian texts
against the same natasha baseline on the Russian ones (no Ukrainian model exists to compare with).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep import Config, Pipeline  # noqa: E402
from sitrep.pipeline.slavic.parse import natasha_models  # noqa: E402
from sitrep.sources.reader import make_document  # noqa: E402

SETS = ("slavic_facts.yaml", "slavic_facts_holdout.yaml")
TARGET_RATIO = 0.8


def articles(language: str, repeat: int) -> list[str]:
    sentences = []
    for name in SETS:
        items = yaml.safe_load((ROOT / "bench" / "data" / name).read_text("utf-8"))["items"]
        sentences += [item[language] for item in items]
    grouped = [" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)]
    return grouped * repeat


def natasha_alone(texts: list[str]) -> float:
    from natasha import Doc, Segmenter

    models, segmenter = natasha_models(), Segmenter()
    started = time.perf_counter()
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(models["morph"])
        doc.parse_syntax(models["syntax"])
        doc.tag_ner(models["ner"])
    return time.perf_counter() - started


def timed_stages(pipeline: Pipeline, language: str, totals: dict[str, float]) -> None:
    pipeline(make_document("Тест.", language=language))  # builds the language's stages
    names = pipeline.config.language_stages[language]
    stages = pipeline._language_stages[language]
    for n, (name, run) in enumerate(zip(names, stages, strict=True)):

        def timed(document, run=run, name=name):
            started = time.perf_counter()
            out = run(document)
            totals[name] += time.perf_counter() - started
            return out

        stages[n] = timed


def sitrep_pipeline(pipeline: Pipeline, texts: list[str], language: str) -> float:
    documents = [make_document(t, language=language, published=date(2022, 11, 7)) for t in texts]
    started = time.perf_counter()
    for _ in pipeline.pipe(documents):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("ru", "uk"), default="ru")
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    russian = articles("ru", args.repeat)
    texts = articles(args.language, args.repeat)
    words = sum(len(t.split()) for t in texts)
    pipeline = Pipeline(Config(language=args.language))
    natasha_alone(russian[:2])
    sitrep_pipeline(pipeline, texts[:2], args.language)  # loads the gazetteer and every word list
    totals: dict[str, float] = defaultdict(float)
    timed_stages(pipeline, args.language, totals)
    base, ours = [], []
    for _ in range(args.rounds):  # interleaved, so load on a shared machine hits both sides alike
        base.append(natasha_alone(russian))
        ours.append(sitrep_pipeline(pipeline, texts, args.language))
    base_s, ours_s = min(base), min(ours)
    print(f"{len(texts)} articles, {words} words; best of {args.rounds} rounds")
    print(f"natasha alone (ru): {len(russian) / base_s:6.1f} articles/s  {words / base_s:8.0f} words/s")
    print(
        f"sitrep {args.language}:          {len(texts) / ours_s:6.1f} articles/s  {words / ours_s:8.0f} words/s"
    )
    ratio = base_s / ours_s
    print(f"ratio sitrep/natasha: {ratio:.2f} (target >= {TARGET_RATIO})")
    total = sum(totals.values())
    for name, seconds in totals.items():
        print(f"  {name:20} {100 * seconds / total:5.1f}% of the pipeline")


if __name__ == "__main__":
    main()
