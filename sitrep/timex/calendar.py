"""Calendar arithmetic on TIMEX3 values: every value comes with the interval it covers.

A :class:`Value` pairs the TIMEX3 string with inclusive ``start``/``end`` days, so the
grammar never computes one without the other and they cannot drift apart.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# How a mod narrows an interval: START and END keep the first and last third.
_THIRDS = {"START": (0, 1), "EARLY": (0, 1), "MID": (1, 2), "END": (2, 3), "LATE": (2, 3)}


class Value(NamedTuple):
    value: str
    start: date | None = None
    end: date | None = None


def day(d: date) -> Value:
    return Value(d.isoformat(), d, d)


def month(y: int, m: int) -> Value:
    return Value(f"{_year(y)}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def year(y: int) -> Value:
    return Value(_year(y), date(y, 1, 1), date(y, 12, 31))


def quarter(y: int, q: int) -> Value:
    first = month(y, 3 * q - 2)
    return Value(f"{_year(y)}-Q{q}", first.start, month(y, 3 * q).end)


def half(y: int, h: int) -> Value:
    return Value(f"{_year(y)}-H{h}", date(y, 6 * h - 5, 1), month(y, 6 * h).end)


def season(y: int, s: str) -> Value:
    first, last = SEASON_MONTHS[s]
    if s == "WI":  # winter 1994 runs from December 1994 into 1995
        return Value(f"{_year(y)}-WI", date(y, 12, 1), month(y + 1, 2).end)
    return Value(f"{_year(y)}-{s}", date(y, first, 1), month(y, last).end)


def week(d: date) -> Value:
    iso_year, iso_week, weekday = d.isocalendar()
    monday = d - timedelta(days=weekday - 1)
    return Value(f"{iso_year}-W{iso_week:02d}", monday, monday + timedelta(days=6))


def weekend(d: date) -> Value:
    w = week(d)
    assert w.start is not None
    return Value(w.value + "-WE", w.start + timedelta(days=5), w.start + timedelta(days=6))


def weekday_before(d: date, weekday: int) -> date:
    """The latest day on or before ``d`` with ISO ``weekday``."""
    return d - timedelta(days=(d.isoweekday() - weekday) % 7)


def decade(y: int) -> Value:
    first = y - y % 10
    return Value(str(first // 10), date(max(first, 1), 1, 1), date(first + 9, 12, 31))


def century(c: int) -> Value:
    """``c`` counts from 0: century(19) is 1900-1999, the '20th century'."""
    return Value(f"{c:02d}", date(max(c * 100, 1), 1, 1), date(c * 100 + 99, 12, 31))


def unit_value(d: date, unit: str) -> Value:
    """The calendar unit (D, W, M, Q, Y, 10Y ...) that contains ``d``."""
    if unit == "D":
        return day(d)
    if unit == "W":
        return week(d)
    if unit == "WE":
        return weekend(d)
    if unit == "M":
        return month(d.year, d.month)
    if unit == "Q":
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if unit == "H":
        return half(d.year, 1 if d.month <= 6 else 2)
    if unit == "10Y":
        return decade(d.year)
    if unit == "100Y":
        return century(d.year // 100)
    return year(d.year)


def shift(d: date, unit: str, n: float) -> date:
    """``d`` moved by ``n`` units; months clip to the month's last day."""
    if unit in ("D", "TH", "TM", "TS"):
        hours = {"D": 24, "TH": 1, "TM": 1 / 60, "TS": 1 / 3600}[unit]
        return d + timedelta(days=round(n * hours / 24))
    if unit in ("W", "WE"):
        return d + timedelta(days=round(7 * n))
    if unit == "2W":
        return d + timedelta(days=round(14 * n))
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "10Y": 120, "100Y": 1200, "1000Y": 12000}.get(unit, 12)
    return add_months(d, round(n * months))


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    y = min(max(y, 1), 9999)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def narrow(v: Value, mod: str | None) -> Value:
    """Keep the part of the interval a mod names (early October: 1-10, late October: 21-31)."""
    if mod not in _THIRDS or v.start is None or v.end is None:
        return v
    days = (v.end - v.start).days + 1
    lo, hi = _THIRDS[mod]
    if v.value[-3:-2] == "-" and len(v.value) == 7:  # a month: split at the 10th and 20th
        cuts = [0, 10, 20, days]
        return Value(v.value, v.start + timedelta(days=cuts[lo]), v.start + timedelta(days=cuts[hi] - 1))
    start = v.start + timedelta(days=days * lo // 3)
    end = v.start + timedelta(days=days * hi // 3 - 1)
    return Value(v.value, start, end)


def merge(a: Value, b: Value) -> Value:
    """The union of two readings (anchor ranges): differing value digits become X."""
    if a.value == b.value:
        value = a.value
    elif len(a.value) == len(b.value):
        value = "".join(
            x if x == y or not (x.isdigit() and y.isdigit()) else "X"
            for x, y in zip(a.value, b.value, strict=True)
        )
        value = _tidy_x(value)
    else:
        value = a.value
    starts = [d for d in (a.start, b.start) if d]
    ends = [d for d in (a.end, b.end) if d]
    return Value(value, min(starts) if starts else None, max(ends) if ends else None)


def _tidy_x(value: str) -> str:
    # 2022-10-2X reads worse than 2022-10-XX: an X spreads to the rest of its field.
    fields = []
    for part in value.split("-"):
        if "X" in part:
            part = "W" + "X" * (len(part) - 1) if part.startswith("W") else "X" * len(part)
        fields.append(part)
    return "-".join(fields)


def _year(y: int) -> str:
    return f"{y:04d}"
