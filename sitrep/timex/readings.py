"""What the grammar understood of one expression, before it is placed on the calendar.

A :class:`Reading` carries a ``resolve(reference_day, policy)`` function instead of a value:
the same words ('in February', 'last week') mean different days depending on what they are
anchored on, and the anchor is only known once the whole document has been read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .calendar import Value

# How a reading finds its reference day:
#   absolute    needs none ('September 1, 1939')
#   deictic     the publication date, or the speech date inside a quote ('yesterday', 'last week')
#   contextual  the publication date, choosing the year by tense ('in February', 'Friday')
#   previous    the date last mentioned ('the following day', 'two days later')
#   quarter     the fiscal quarter last mentioned ('the year-ago quarter')
MODES = ("absolute", "deictic", "contextual", "previous", "quarter")

Resolver = Callable[[date, str], "Value | None"]


@dataclass
class Reading:
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    mode: str
    resolve: Resolver
    unresolved: str  # the value when nothing anchors it ('XXXX-11-03', 'XXXX-WXX')
    mod: str | None = None
    rule: str = ""
    calendar: bool = False  # a point on the calendar that may join a range ('March' in 'March to May')
    facts: dict[str, Any] = field(default_factory=dict)  # what publication inference reads
    parts: list[Reading] = field(default_factory=list)  # the ends of a range


# How much nearer a future reading must be to win over a past one: 'nearest' (news reports more than
# it forecasts) is 3 for years and 2 for weekdays; 'nearest_even' weighs both sides alike;
# 'nearest_past' is for a date on a noun under a past verb ('the invasion on 24 February changed ...').
_NEAREST_BIAS = {"nearest_even": 1.0, "nearest_past": 6.0}


def fixed(v: Value) -> Resolver:
    """A resolver for a value that needs no reference."""
    return lambda ref, policy: v


def pick_year(ref: date, policy: str, make: Callable[[int], Value], bias: float = 3.0) -> Value | None:
    """The reading of a yearless date ('February', 'November 3') that the policy prefers.

    past: the latest on or before ``ref``; future: the earliest on or after; same: ``ref``'s year;
    nearest: the closest, but a future reading must be ``bias`` times closer to win, since news
    reports far more than it forecasts.
    """
    if policy == "same":
        return _make(make, ref.year)
    if policy in _NEAREST_BIAS:
        policy, bias = "nearest", _NEAREST_BIAS[policy]
    cands = [v for y in (ref.year - 1, ref.year, ref.year + 1) if (v := _make(make, y)) is not None]
    return choose(ref, policy, cands, bias)


def choose(ref: date, policy: str, cands: list[Value], bias: float) -> Value | None:
    if policy in _NEAREST_BIAS:
        policy, bias = "nearest", _NEAREST_BIAS[policy]
    cands = [c for c in cands if c.start and c.end]
    if not cands:
        return None
    containing = [c for c in cands if c.start <= ref <= c.end]  # type: ignore[operator]
    past = [c for c in cands if c.end < ref]  # type: ignore[operator]
    future = [c for c in cands if c.start > ref]  # type: ignore[operator]
    if policy == "past":
        return containing[0] if containing else (max(past, key=lambda c: c.end) if past else None)
    if policy == "future":
        return containing[0] if containing else (min(future, key=lambda c: c.start) if future else None)
    if containing:
        return containing[0]
    best_past = max(past, key=lambda c: c.end) if past else None
    best_future = min(future, key=lambda c: c.start) if future else None
    if best_past is None or best_future is None:
        return best_past or best_future
    past_gap = (ref - best_past.end).days  # type: ignore[operator]
    future_gap = (best_future.start - ref).days  # type: ignore[operator]
    return best_future if future_gap * bias < past_gap else best_past


def weekday_near(ref: date, weekday: int, policy: str) -> date:
    """The day with ISO ``weekday`` that the policy picks around ``ref`` (ref itself counts)."""
    back = (ref.isoweekday() - weekday) % 7
    forward = (weekday - ref.isoweekday()) % 7
    if policy in _NEAREST_BIAS:  # a day ahead wins only when it is ``bias`` times nearer
        ahead = forward * _NEAREST_BIAS[policy] < back
        return ref + timedelta(days=forward) if ahead else ref - timedelta(days=back)
    if policy == "past" or back == 0:
        return ref - timedelta(days=back)
    if policy == "future":
        return ref + timedelta(days=forward)
    return ref + timedelta(days=forward) if forward * 2 < back else ref - timedelta(days=back)


def _make(make: Callable[[int], Value], y: int) -> Value | None:
    try:
        return make(y)
    except ValueError:  # 29 February in a common year
        return None
