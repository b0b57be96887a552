"""The article as escaped text segments with entity mentions, dates, quantities and triggers marked.

Segments are plain data (text, kind, label, offsets); the template escapes every text, so article
text can never become markup. Overlapping marks are resolved by priority (event triggers first,
then times, quantities, entities); plain runs are also split at fact sentence boundaries so a
click on a fact can light up exactly its sentence.

Segments come in paragraphs: the source's own (a blank line), or, for text that arrives as one block
(news feeds often strip them), about every three sentences, so a long article stays readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Document

PRIORITY = {"trigger": 0, "time": 1, "quantity": 2, "entity": 3}
# A sentence end inside one block of text: end punctuation (and a closing quote), space, a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
PARAGRAPH_CHARS = 450  # a paragraph made for a text without any is at least this long


@dataclass
class Segment:
    text: str
    start: int
    end: int
    kind: str | None = None  # trigger | time | quantity | entity | None (plain text)
    label: str | None = None  # entity type, PLOVER type, TIMEX3 value ...
    ref: str | None = None  # fact key or entity id the mark belongs to
    name: str | None = None  # the entity's name, for an entity mark


@dataclass
class Paragraph:
    segments: list[Segment] = field(default_factory=list)


def marks(doc: Document) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """(start, end, kind, label, ref, name) of everything worth marking in a document."""
    out = []
    for e in doc.events:
        ref = e.stored.key if e.stored else e.id
        out.append((e.evidence.start, e.evidence.end, "trigger", e.type, ref, None))
    for t in doc.times:
        out.append((t.span_start, t.span_end, "time", t.value, None, None))
    for q in doc.quantities:
        out.append((q.start, q.end, "quantity", q.unit or "quantity", None, None))
    for ent in doc.entities:
        for m in ent.mentions:
            out.append((m.start, m.end, "entity", ent.type, ent.id, ent.name))
    return out


def segments(text: str, doc: Document, start: int = 0, cuts: set[int] | None = None) -> list[Segment]:
    """The text from ``start`` cut into marked and plain segments covering it exactly once."""
    chosen: list[tuple] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(marks(doc), key=lambda m: (PRIORITY[m[2]], m[0], -(m[1] - m[0]))):
        s, e = max(m[0], start), min(m[1], len(text))
        if s >= e or any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append((s, e, *m[2:]))
    bounds = sorted({start, len(text)} | _sentence_bounds(doc, start, len(text)) | (cuts or set()))
    out: list[Segment] = []
    pos = start
    for s, e, kind, label, ref, name in sorted(chosen):
        out += _plain(text, pos, s, bounds)
        out.append(Segment(text[s:e], s, e, kind, label, ref, name))
        pos = e
    out += _plain(text, pos, len(text), bounds)
    return out


def paragraph_starts(text: str, start: int = 0) -> list[int]:
    """Where paragraphs begin: after each blank line, else (one block of text) every few sentences."""
    body = text[start:]
    found = [start + m.end() for m in _BLANK_LINE.finditer(body)]
    if found:
        return [start, *found]
    out, last = [start], start
    for m in _SENTENCE_END.finditer(body):
        at = start + m.end()
        if at - last >= PARAGRAPH_CHARS and len(text) - at >= PARAGRAPH_CHARS // 3:
            out.append(at)
            last = at
    return out


def paragraphs(text: str, doc: Document, start: int = 0) -> list[Paragraph]:
    """The article's segments grouped into paragraphs (a mark is never split)."""
    starts = paragraph_starts(text, start)
    out = [Paragraph() for _ in starts]
    n = 0
    for seg in segments(text, doc, start, set(starts)):
        while n + 1 < len(starts) and seg.start >= starts[n + 1]:
            n += 1
        out[n].segments.append(seg)
    return [p for p in out if p.segments]


def _sentence_bounds(doc: Document, lo: int, hi: int) -> set[int]:
    bounds = set()
    for f in (*doc.events, *doc.statements, *doc.forecasts):
        ev = f.evidence
        for b in (ev.sentence_start, ev.sentence_start + len(ev.sentence)):
            if lo < b < hi:
                bounds.add(b)
    return bounds


def _plain(text: str, s: int, e: int, cuts: list[int]) -> list[Segment]:
    points = [s, *(c for c in cuts if s < c < e), e]
    return [Segment(text[a:b], a, b) for a, b in zip(points, points[1:], strict=False) if a < b]
