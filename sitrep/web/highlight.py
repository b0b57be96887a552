"""The article as escaped text segments with entity mentions, dates, quantities and triggers marked.

Segments are plain data (text, kind, label, offsets); the template escapes every text, so article
text can never become markup. Overlapping marks are resolved by priority (event triggers first,
then times, quantities, entities); plain runs are also split at fact sentence boundaries so a
click on a fact can light up exactly its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRIORITY = {"trigger": 0, "time": 1, "quantity": 2, "entity": 3}


@dataclass
class Segment:
    text: str
    start: int
    end: int
    kind: str | None = None  # trigger | time | quantity | entity | None (plain text)
    label: str | None = None  # entity type, PLOVER type, TIMEX3 value ...
    ref: str | None = None  # fact or entity id the mark belongs to


def marks(doc: dict[str, Any]) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, kind, label, ref) of everything worth marking in a document's JSON contract."""
    out = []
    for e in doc["events"]:
        ev = e["evidence"]
        out.append((ev["start"], ev["end"], "trigger", e["type"], e["id"]))
    for t in doc["times"]:
        out.append((t["span"]["start"], t["span"]["end"], "time", t["value"], None))
    for q in doc["quantities"]:
        out.append((q["span"]["start"], q["span"]["end"], "quantity", q.get("unit") or "quantity", None))
    for ent in doc["entities"]:
        for m in ent["mentions"]:
            out.append((m["start"], m["end"], "entity", ent["type"], ent["id"]))
    return out


def segments(text: str, doc: dict[str, Any], start: int = 0) -> list[Segment]:
    """The text from ``start`` cut into marked and plain segments covering it exactly once."""
    chosen: list[tuple[int, int, str, str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(marks(doc), key=lambda m: (PRIORITY[m[2]], m[0], -(m[1] - m[0]))):
        s, e = max(m[0], start), min(m[1], len(text))
        if s >= e or any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append((s, e, *m[2:]))
    cuts = sorted({start, len(text)} | _sentence_bounds(doc, start, len(text)))
    out: list[Segment] = []
    pos = start
    for s, e, kind, label, ref in sorted(chosen):
        out += _plain(text, pos, s, cuts)
        out.append(Segment(text[s:e], s, e, kind, label, ref))
        pos = e
    out += _plain(text, pos, len(text), cuts)
    return out


def _sentence_bounds(doc: dict[str, Any], lo: int, hi: int) -> set[int]:
    bounds = set()
    for name in ("events", "statements", "forecasts"):
        for f in doc[name]:
            ev = f["evidence"]
            for b in (ev["sentence_start"], ev["sentence_start"] + len(ev["sentence"])):
                if lo < b < hi:
                    bounds.add(b)
    return bounds


def _plain(text: str, s: int, e: int, cuts: list[int]) -> list[Segment]:
    points = [s, *(c for c in cuts if s < c < e), e]
    return [Segment(text[a:b], a, b) for a, b in zip(points, points[1:], strict=False) if a < b]
