"""The memo over spaCy's rule components (``sitrep.nlp``) against the model as shipped, on real news.

    .venv/bin/python bench/check_memo.py [--articles 300]

Both models parse the same news-dev articles in interleaved chunks; every token's tag, part of speech,
morphology, lemma, dependency, head and entity tag must be the same (the memo is exact by design: it asks
spaCy's own components once per kind of token). Prints the count of articles whose annotations differ
(0 is the only acceptable answer), the tokens compared, and the time of each model: the plain model is
the baseline, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from sitrep.config import Config
from sitrep.nlp import load_model

SHARED = Path(os.environ.get("SITREP_SHARED", Path(__file__).resolve().parents[2] / "shared"))
NEWS = SHARED / "data" / "news-dev" / "news-dev.jsonl"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300, help="first N news-dev articles (default 300)")
    parser.add_argument("--chunk", type=int, default=50, help="articles per interleaved chunk")
    args = parser.parse_args(argv)
    if not NEWS.exists():
        print(f"no news-dev corpus at {NEWS}", file=sys.stderr)
        return 2
    with NEWS.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line, _ in zip(fh, range(args.articles), strict=False)]
    candidates = Config().model_candidates()
    plain, memo = load_model(candidates, False), load_model(candidates, True)
    seconds = {"plain": 0.0, "memo": 0.0}
    differing, tokens = [], 0
    for at in range(0, len(texts), args.chunk):
        chunk = texts[at : at + args.chunk]
        parsed = {}
        for label, nlp in (
            (("plain", plain), ("memo", memo))
            if (at // args.chunk) % 2 == 0
            else (
                ("memo", memo),
                ("plain", plain),
            )
        ):
            started = time.perf_counter()
            parsed[label] = list(nlp.pipe(chunk))
            seconds[label] += time.perf_counter() - started
        for n, (a, b) in enumerate(zip(parsed["plain"], parsed["memo"], strict=True)):
            tokens += len(a)
            if a.to_array(COLUMNS).tolist() != b.to_array(COLUMNS).tolist():
                differing.append(at + n)
    print(f"{len(texts)} news-dev articles, {tokens:,} tokens; {os.cpu_count()} CPU(s)")
    print(f"articles whose annotations differ: {len(differing)} {differing[:10] if differing else ''}")
    print(f"{'':34}{'s':>8}{'ratio':>8}")
    print(f"{'spaCy as shipped (baseline)':34}{seconds['plain']:8.1f}{1.0:8.2f}")
    print(f"{'spaCy with sitrep memo':34}{seconds['memo']:8.1f}{seconds['plain'] / seconds['memo']:8.2f}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
