"""Dating an undated article from its own words.

Clues, each a constraint on the publication day: a weekday named with its date ('last Tuesday,
November 1') fixes the year; 'last Tuesday' puts publication one to seven days later; a date
reported in the past tense ('made this statement on November 3') happened before publication;
a year named in the past ('in 2021') is over. The earliest year that satisfies every clue, and is
not in the future, wins; the answer is the range of days the clues leave open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..model import TimeExpression
from .anchoring import tense
from .readings import Reading
from .tagger import read


def infer_publication_range(
    text: str, spacy_doc: Any = None, times: list[TimeExpression] | None = None, *, today: date | None = None
) -> tuple[date, date] | None:
    """The earliest and latest publication day the text allows, or None when it says nothing datable.

    ``times`` (expressions already tagged) limits the clues to those spans; ``today`` bounds the answer.
    """
    today = today or date.today()
    readings = read(text)
    if times is not None:
        spans = {(t.span_start, t.span_end) for t in times}
        readings = [r for r in readings if (r.start, r.end) in spans] or readings
    clues = [(r, tense(spacy_doc, r.start, r.end)) for r in readings if r.facts]
    min_year = _min_year(clues)
    pairs = [
        (r.facts["month"], r.facts["day"], r.facts["weekday"])
        for r, _ in clues
        if r.facts.get("weekday") and r.facts.get("day") and not r.facts.get("year")
    ]
    years = _candidate_years(pairs, min_year, today)
    for y in years:
        rng = _range_in(y, clues, today)
        if rng is not None:
            return rng
    return None


def _min_year(clues: list[tuple[Reading, str | None]]) -> int | None:
    """The first year publication can fall in: after every year named as past, not before any dated past event."""
    found: list[int] = []
    for r, t in clues:
        y = r.facts.get("year")
        if not y or t == "future":
            continue
        found.append(y + 1 if r.facts.get("bare_year") and t == "past" else y)
    return max(found) if found else None


def _candidate_years(pairs: list[tuple[int, int, int]], min_year: int | None, today: date) -> list[int]:
    if pairs:
        lo = min_year if min_year is not None else today.year - 40
        fits = [y for y in range(lo, today.year + 1) if all(_weekday(y, m, d) == wd for m, d, wd in pairs)]
        if fits:
            return fits if min_year is not None else sorted(fits, reverse=True)
    if min_year is not None and min_year <= today.year:
        return [min_year]
    return []


def _weekday(y: int, m: int, d: int) -> int | None:
    try:
        return date(y, m, d).isoweekday()
    except ValueError:
        return None


def _range_in(y: int, clues: list[tuple[Reading, str | None]], today: date) -> tuple[date, date] | None:
    lo, hi = date(y, 1, 1), min(date(y, 12, 31), today)
    for r, t in clues:
        f = r.facts
        if not (f.get("month") and f.get("day")):
            continue
        try:
            d = date(f.get("year") or y, f["month"], f["day"])
        except ValueError:
            continue
        if f.get("weekday") and f.get("rel") in ("last", "this past"):
            lo, hi = max(lo, d + timedelta(days=1)), min(hi, d + timedelta(days=7))
        elif t == "past" and d.year == y:
            lo = max(lo, d)
        elif t == "past" and d.year < y:
            continue
    return (lo, hi) if lo <= hi else None
