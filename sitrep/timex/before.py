"""The same words placed on the calendar again, no later than a bound.

The tagger chooses the year of 'February' or the week of 'Friday' from the tense around it;
when a later stage knows the event was told in the past ('Russia invaded on February 24',
read in an article of May), the reading must lie before the article. Only the part of the value
the tagger chose (the year of a yearless date, the week of a weekday) may move; an explicit
year, or words that count from the article ('next week', 'tomorrow'), cannot.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ..model import TimeExpression
from .grammar import HOLIDAY, MONTH, SEASON, WEEKDAY

_YEAR = re.compile(r"\b(?:1\d|20)\d\d\b|'\d\d\b")
_WEEKDAY = re.compile(rf"\b{WEEKDAY}\b", re.I)
_YEARLESS = re.compile(rf"\b(?:{MONTH}|{SEASON}|{HOLIDAY})", re.I)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_RELATIVE = re.compile(r"\b(?:next|coming|following|tomorrow|later|this)\b", re.I)


def latest_before(expr: TimeExpression, bound: date) -> TimeExpression | None:
    """``expr`` moved back by whole years (a yearless date) or weeks (a weekday) to end by ``bound``.

    None when the words fix the value ('2024', 'next week', 'tomorrow'): then the expression
    cannot date something that happened before ``bound``.
    """
    if expr.start is None or expr.anchor == "absolute" or _YEAR.search(expr.text):
        return None
    if _RELATIVE.search(expr.text):
        return None
    if _WEEKDAY.search(expr.text) and _DAY_VALUE.match(expr.value) and not _YEARLESS.search(expr.text):
        return _shifted(expr, bound, lambda d, n: d - timedelta(days=7 * n))
    if _YEARLESS.search(expr.text) and expr.value[:4].isdigit():
        return _shifted(expr, bound, _years_back)
    return None


def _shifted(expr: TimeExpression, bound: date, back) -> TimeExpression | None:
    start, end = expr.start, expr.end or expr.start
    assert start is not None and end is not None
    for n in (1, 2):
        new_start, new_end = back(start, n), back(end, n)
        if new_start is None or new_end is None:
            return None
        if new_end <= bound:
            value = _revalue(expr.value, start, new_start)
            return replace(expr, value=value, start=new_start, end=new_end if expr.end else None)
    return None


def _years_back(d: date, n: int) -> date | None:
    try:
        return d.replace(year=d.year - n)
    except ValueError:  # 29 February
        return d.replace(year=d.year - n, day=28)


def _revalue(value: str, old: date, new: date) -> str:
    """The TIMEX3 value with the moved date written in: '2023-02-24' -> '2022-02-24', '2023-WI' -> '2022-WI'."""
    if _DAY_VALUE.match(value):
        return new.isoformat() + value[10:]
    return f"{int(value[:4]) - (old.year - new.year):04d}{value[4:]}"
