"""Chart geometry the templates draw as SVG: the timeline of real data and the ACH history.

Plain functions of plain data (no store, no request), so each can be tested with exact numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

FENCE = 3.0  # a fact further than this many interquartile ranges from the middle half is an outlier
MIN_DAYS = 14  # the default range spans at least two weeks


@dataclass
class Range:
    start: date
    end: date

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days + 1)  # since after until: an empty range, one day wide


def core_range(days: Counter) -> Range | None:
    """Where the facts are: the days between Tukey's far fences (``FENCE`` × IQR around the quartiles,
    weighted by facts per day), cut to the first and last fact inside them. A fact dated decades off
    (a misread year, a history lesson) is clipped and counted instead of squeezing the rest to a sliver."""
    if not days:
        return None
    ordered = sorted(days.items())
    total = sum(days.values())

    def quantile(q: float) -> date:
        seen = 0
        for day, n in ordered:
            seen += n
            if seen >= q * total:
                return day
        return ordered[-1][0]

    q1, q3 = quantile(0.25), quantile(0.75)
    spread = max((q3 - q1).days, MIN_DAYS)
    lo, hi = q1 - timedelta(days=FENCE * spread), q3 + timedelta(days=FENCE * spread)
    inside = [d for d, _ in ordered if lo <= d <= hi]
    start, end = inside[0], inside[-1]
    if (end - start).days < MIN_DAYS:
        middle = start + (end - start) / 2
        start, end = middle - timedelta(days=MIN_DAYS // 2), middle + timedelta(days=MIN_DAYS // 2)
    return Range(start, end)


def bucket_of(span: Range) -> str:
    """Cells small enough to see the rhythm of a range: days for two months, weeks for two years."""
    if span.days <= 62:
        return "day"
    return "week" if span.days <= 731 else "month"


def bucket_start(day: date, bucket: str) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def bucket_end(start: date, bucket: str) -> date:
    if bucket == "week":
        return start + timedelta(days=6)
    if bucket == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return start


def zoom(span: Range, factor: float) -> Range:
    """The range ``factor`` times as long around the same middle (0.5 zooms in, 2 out)."""
    half = max(1, round(span.days * factor / 2))
    middle = span.start + timedelta(days=span.days // 2)
    return Range(middle - timedelta(days=half), middle + timedelta(days=half - 1))


@dataclass
class Axis:
    """Dates to x in a plot of ``width`` pixels after a left margin for lane labels."""

    span: Range
    left: int = 190
    width: int = 1000
    right: int = 12

    def x(self, day: date) -> float:
        plot = self.width - self.left - self.right
        return round(self.left + (day - self.span.start).days / self.span.days * plot, 1)

    def w(self, start: date, end: date) -> float:
        plot = self.width - self.left - self.right
        return round(max(3.0, ((end - start).days + 1) / self.span.days * plot), 1)

    def ticks(self, n: int = 6) -> list[dict[str, Any]]:
        step = max(1, self.span.days // n)
        days = [self.span.start + timedelta(days=i * step) for i in range(n + 1)]
        return [{"x": self.x(d), "label": d.isoformat()} for d in days if d <= self.span.end]


LANE = 24  # pixels per lane
TOP = 30  # the axis sits on top


def lanes_chart(
    axis: Axis, lanes: list[dict[str, Any]], cells: list[dict[str, Any]], bars: list[dict[str, Any]]
) -> dict[str, Any]:
    """SVG geometry: lane labels, density cells (count per lane and period) or one bar per fact."""
    most = max((c["count"] for c in cells), default=1)
    drawn_cells = [
        {
            **c,
            "x": axis.x(date.fromisoformat(c["start"])),
            "w": axis.w(date.fromisoformat(c["start"]), date.fromisoformat(c["end"])),
            "y": TOP + c["lane"] * LANE + 3,
            "opacity": round(0.15 + 0.85 * math.sqrt(c["count"] / most), 2),
        }
        for c in cells
    ]
    drawn_bars = []
    for b in bars:
        start = date.fromisoformat(b["date_start"])
        end = date.fromisoformat(b["date_end"] or b["date_start"])
        start, end = max(start, axis.span.start), min(end, axis.span.end)
        drawn_bars.append(
            {**b, "x": axis.x(start), "w": axis.w(start, end), "y": TOP + b["lane"] * LANE + 4 + b["row"] * 5}
        )
    height = TOP + max(1, len(lanes)) * LANE + 8
    return {
        "width": axis.width,
        "height": height,
        "left": axis.left,
        "ticks": axis.ticks(),
        "lanes": [
            {**lane, "y": TOP + i * LANE + 16, "label": _short(lane["name"])} for i, lane in enumerate(lanes)
        ],
        "cells": drawn_cells,
        "bars": drawn_bars,
    }


def _short(name: str, limit: int = 26) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def history_chart(
    points: list[dict[str, Any]], ids: list[str], measure: str, width: int = 760, height: int = 240
) -> dict[str, Any]:
    """Polylines for the ACH history: x by week, y by posterior (0-1) or weighted inconsistency."""
    left, right, top, bottom = 48, 16, 12, 28
    w, h = width - left - right, height - top - bottom
    if not points:
        return {"width": width, "height": height, "series": [], "ticks": [], "yticks": []}
    hi = 1.0 if measure == "posterior" else max(1.0, max(max(p[measure].values()) for p in points))
    n = len(points)

    def x(i: int) -> float:
        return round(left + (i / (n - 1) if n > 1 else 0.5) * w, 1)

    def y(v: float) -> float:
        return round(top + h - v / hi * h, 1)

    series = []
    for k, hid in enumerate(ids):
        dots = [
            {"x": x(i), "y": y(p[measure][hid]), "date": p["date"], "value": p[measure][hid]}
            for i, p in enumerate(points)
        ]
        points_attr = " ".join(f"{d['x']},{d['y']}" for d in dots)
        series.append({"id": hid, "cls": f"s{k % 6}", "points": points_attr, "dots": dots})
    step = max(1, math.ceil(n / 8))
    ticks = [{"x": x(i), "label": p["date"][5:]} for i, p in enumerate(points) if i % step == 0]
    yticks = [
        {"y": y(hi * f), "label": f"{hi * f:.0%}" if measure == "posterior" else f"{hi * f:.1f}"}
        for f in (0, 0.25, 0.5, 0.75, 1.0)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": top + h,
        "series": series,
        "ticks": ticks,
        "yticks": yticks,
    }
