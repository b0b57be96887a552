"""Tag the time expressions of a text and place them on the calendar.

Reading order matters: 'the following day' means the day after the date last mentioned,
and 'Today' inside a quote is the day the speaker spoke, so expressions are resolved in
document order with a running reference, and quoted ones after the reporting clause.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime, timedelta
from typing import Any

from ..model import TimeExpression
from . import calendar as cal
from . import normalise, relative
from .anchoring import Quotes, Sentences, direction, is_narrative, span_of_past, tense
from .calendar import Value
from .grammar import PRIORITY, scan
from .normalise import join_range
from .readings import Reading

Anchor = date | tuple[date, date] | None

_READERS = {
    "month_day": normalise.read_month_day,
    "day_month": normalise.read_day_month,
    "month_year": normalise.read_month_year,
    "month": normalise.read_month,
    "year_bc": normalise.read_year_bc,
    "decade": normalise.read_decade,
    "century": normalise.read_century,
    "year": normalise.read_year,
    "quarter": normalise.read_quarter,
    "quarter_ref": normalise.read_quarter_ref,
    "holiday": normalise.read_holiday,
    "season": normalise.read_season,
    "weekday": normalise.read_weekday,
    "deictic": relative.read_deictic,
    "part_of_day": relative.read_part_of_day,
    "relative": relative.read_relative,
    "unit_end": relative.read_unit_end,
    "the_year": relative.read_the_year,
    "spelled_year": relative.read_spelled_year,
    "all_unit": relative.read_all_unit,
    "ago": relative.read_ago,
    "duration": relative.read_duration,
    "clock": relative.read_clock,
    "vague": relative.read_vague,
    "vague_adj": relative.read_vague_adj,
    "set": relative.read_set,
}
_RANGE_OPEN = re.compile(r"\b(between|from)\s+$", re.I)
_RANGE_SEP = re.compile(r"\s*(?:(and|to|through|thru|until|till|into)\s+|[-–—]\s*)$", re.I)
_SINCE = re.compile(r"\b(?:since|ever\s+since)\s+$", re.I)
# A deadline or a starting point can lie on either side of a past-tense verb ('extended to Nov. 20').
_OPEN_PREP = re.compile(r"\b(?:until|till|through|by|to|from|before|after|effective|payable)\s+$", re.I)
_CLOCK_JOIN = re.compile(r"\s*(?:,|\s|on|of)\s*$", re.I)
_DAY_RULES = ("weekday", "month_day", "day_month", "deictic")
_TRUE_DEICTIC = ("deictic", "vague", "vague_adj", "ago", "duration", "part_of_day")


def read(text: str, *, merge_ranges: bool = True) -> list[Reading]:
    """The readings of ``text`` in order: one per expression, overlaps resolved, ranges joined."""
    candidates = []
    for mt in scan(text):
        r = _READERS[mt.rule](mt, text)
        if r is not None:
            r.rule = r.rule or mt.rule
            candidates.append(r)
    candidates.sort(key=lambda r: (-(r.end - r.start), PRIORITY.get(r.rule, 99), r.start))
    taken: list[Reading] = []
    occupied = bytearray(len(text))  # characters already in a taken reading: one look per character
    for r in candidates:
        if occupied.find(1, r.start, r.end) == -1:
            taken.append(r)
            occupied[r.start : r.end] = b"\x01" * (r.end - r.start)
    taken.sort(key=lambda r: r.start)
    return _join_clock(_join_ranges(taken, text, merge_ranges), text)


def _join_ranges(rs: list[Reading], text: str, merge: bool) -> list[Reading]:
    out: list[Reading] = []
    for r in rs:
        prev = out[-1] if out else None
        if prev is not None and prev.calendar and r.calendar and r.type == prev.type == "DATE":
            gap = text[prev.end : r.start]
            sep = _RANGE_SEP.fullmatch(gap) if len(gap) < 12 else None
            opener = _RANGE_OPEN.search(text[max(0, prev.start - 10) : prev.start])
            if sep and (opener or not sep.group(1)) and merge:
                start = prev.start - len(opener.group(0)) if opener else prev.start
                out[-1] = join_range(prev, r, start, r.end)
                continue
        if merge:
            out.append(r)
        else:
            out.extend(r.parts or [r])
    return out


def _join_clock(rs: list[Reading], text: str) -> list[Reading]:
    """'10 p.m. Wednesday', '5 p.m. EST, Nov. 9': a clock time and its day are one TIME."""
    out: list[Reading] = []
    for r in rs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.rule == "clock"
            and r.rule in _DAY_RULES
            and r.type == "DATE"
            and _CLOCK_JOIN.fullmatch(text[prev.end : r.start])
            and "clock" in prev.facts
        ):
            out[-1] = _with_clock(r, prev.facts["clock"], prev.start, prev.mod)
            continue
        out.append(r)
    return out


def _with_clock(day: Reading, suffix: str, start: int, mod: str | None) -> Reading:
    def resolve(ref: date, policy: str) -> Value | None:
        v = day.resolve(ref, policy)
        return Value(v.value + suffix, v.start, v.end) if v else None

    return Reading(
        start,
        day.end,
        "TIME",
        day.mode,
        resolve,
        day.unresolved + suffix,
        mod or day.mod,
        rule=day.rule,
        facts=day.facts,
    )


def tag_times(
    text: str, anchor: Anchor, *, spacy_doc: Any = None, merge_ranges: bool = True
) -> list[TimeExpression]:
    """The time expressions of ``text``, resolved on ``anchor`` (the publication date or its bounds).

    ``merge_ranges=False`` keeps 'between March and September' as two expressions, as TimeML does.
    """
    return _Resolver(text, _anchor_range(anchor), spacy_doc).run(read(text, merge_ranges=merge_ranges))


def _anchor_range(anchor: Anchor) -> tuple[date, date] | None:
    if anchor is None:
        return None
    if isinstance(anchor, tuple):
        lo, hi = anchor
        return (_as_date(lo), _as_date(hi))
    return (_as_date(anchor), _as_date(anchor))


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


class _Resolver:
    def __init__(self, text: str, anchor: tuple[date, date] | None, spacy_doc: Any) -> None:
        self.text, self.anchor, self.doc = text, anchor, spacy_doc
        self.quotes = Quotes(text)
        self.sentences = Sentences(text, spacy_doc)
        self.prev: Value | None = None
        self.prev_day: tuple[Value, int] | None = None  # the last day-level date and where it ended
        self.quarter: Value | None = None

    def run(self, readings: list[Reading]) -> list[TimeExpression]:
        years = [r.facts["year"] for r in readings if r.mode == "absolute" and r.facts.get("year")]
        # News talks about its own week ('yesterday', 'last week', 'on Friday'); a history does not.
        deictic = sum(
            1
            for r in readings
            if r.rule == "weekday"
            or (r.mode == "deictic" and r.rule in ("deictic", "relative", "part_of_day"))
        )
        self.narrative = is_narrative(years, self.anchor[0].year if self.anchor else None, deictic)
        out: list[tuple[Reading, TimeExpression]] = []
        deferred: list[Reading] = []
        for r in readings:
            if r.mode in ("deictic", "contextual") and self.quotes.at(r.start):
                deferred.append(r)
                continue
            te = self.resolve(r)
            out.append((r, te))
            if not (self.narrative and te.anchor == "publication"):
                self.remember(r, te)
        told = [te for _, te in out if self._tells_time(te)]  # in text order
        told_starts = [te.span_start for te in told]
        for r in deferred:
            ref = self.speech_time(r, told, told_starts)
            if ref is not None:
                out.append((r, self.expression(r, self.apply(r, ref, self.policy(r)), "speech")))
            else:
                out.append((r, self.resolve(r)))
        return sorted((te for _, te in out), key=lambda t: t.span_start)

    # -- reference choice ------------------------------------------------------------------------
    def resolve(self, r: Reading) -> TimeExpression:
        mode, policy = r.mode, self.policy(r)
        if mode == "absolute":
            return self.expression(r, r.resolve(date(2000, 1, 1), policy), "absolute")
        if mode == "deictic" and self.narrative and self.prev is not None and r.rule not in _TRUE_DEICTIC:
            mode = "previous"  # in a history 'the end of the month' is the month being told
        if mode == "contextual" and self.narrative and self.prev is not None and r.rule != "weekday":
            day = self.prev.start
            return self.expression(r, self.apply(r, (day, day), "same"), "previous")  # type: ignore[arg-type]
        if mode == "previous" and self.prev is not None:
            return self.expression(r, self.apply(r, self.prev_range(r), policy), "previous")
        if mode == "previous_day" and self.prev is not None and len(self.prev.value) == 10:
            return self.expression(r, self.apply(r, self.prev_range(), policy), "previous")
        if mode == "quarter":
            if self.quarter is not None and "latest" not in self.text[r.start : r.end].lower():
                return self.expression(
                    r, self.apply(r, (self.quarter.start, self.quarter.start), policy), "previous"
                )
            if self.anchor:
                back = tuple(d - timedelta(days=92) for d in self.anchor)
                return self.expression(r, self.apply(r, back, policy), "publication")  # type: ignore[arg-type]
        if mode in ("year_ago", "year_earlier"):
            if self.quarter is not None and self.prev is not None and self.prev.value == self.quarter.value:
                q = self.quarter
                return self.expression(
                    r,
                    Value(
                        q.value.replace(q.value[:4], str(int(q.value[:4]) - 1)),
                        q.start and cal.add_months(q.start, -12),
                        q.end and cal.add_months(q.end, -12),
                    ),
                    "previous",
                )
            if mode == "year_earlier" and self.prev is not None:
                return self.expression(r, self.apply(r, self.prev_range(), policy, gran="Y"), "previous")
        if self.anchor is None:
            return self.expression(r, Value(r.unresolved), None)
        return self.expression(r, self.apply(r, self.anchor, policy), "publication")

    def policy(self, r: Reading) -> str:
        if r.facts.get("tensed"):  # 'in two weeks': ahead, a length, or a span of the past
            return (
                "past_span"
                if span_of_past(self.doc, self.text, r.start)
                else tense(self.doc, r.start, r.end) or ""
            )
        if r.mode != "contextual":
            return "nearest"
        before = self.text[max(0, r.start - 12) : r.start]
        if _SINCE.search(before):
            return "past"
        if _OPEN_PREP.search(before):
            return "nearest_even"
        return direction(self.doc, r.start, r.end) or "nearest"

    def prev_range(self, r: Reading | None = None) -> tuple[date, date]:
        """The date last mentioned; for 'the following day' the last day named nearby, over a year named since."""
        prev = self.prev
        assert prev is not None and prev.start is not None and prev.end is not None
        if r is not None and len(r.unresolved) >= 10 and len(prev.value) < 10 and self.prev_day is not None:
            day, where = self.prev_day
            if r.start - where < 800 and day.start and day.end:
                return (day.start, day.end)
        return (prev.start, prev.end)

    def apply(self, r: Reading, ref: tuple[date, date], policy: str, gran: str | None = None) -> Value:
        lo, hi = ref
        a = r.resolve(lo, policy)
        b = a if hi == lo else r.resolve(hi, policy)
        if a is None or b is None:
            return Value(r.unresolved)
        v = cal.merge(a, b)
        if gran and v.start:
            v = cal.unit_value(v.start, gran)
        return v

    def speech_time(
        self, r: Reading, told: list[TimeExpression], starts: list[int]
    ) -> tuple[date, date] | None:
        """The time of the reporting clause around the quote holding ``r``: 'As he underlined last week: “Today …'.

        The latest date of the sentence before the quote, else the first after it in the same sentence.
        """
        q = self.quotes.at(r.start)
        if q is None:
            return None
        sent_start = self.sentences.start_of(q[0])
        i = bisect.bisect_left(starts, q[0]) - 1
        if i >= 0 and starts[i] >= sent_start:
            best = told[i]
        else:
            j = bisect.bisect_left(starts, q[1])
            same = j < len(told) and self.sentences.index(starts[j]) == self.sentences.index(q[1])
            best = told[j] if same else None
        return (best.start, best.end) if best else None  # type: ignore[return-value]

    def _tells_time(self, te: TimeExpression) -> bool:
        """A date outside quotes that can date the speech a quote was spoken in."""
        return (
            te.type in ("DATE", "TIME")
            and te.start is not None
            and te.end is not None
            and not self.quotes.at(te.span_start)
        )

    def remember(self, r: Reading, te: TimeExpression) -> None:
        if (
            te.type in ("DATE", "TIME")
            and te.start
            and te.end
            and len(te.value) >= 4
            and te.value[0].isdigit()
        ):
            if "/" not in te.value:
                self.prev = Value(te.value, te.start, te.end)
                if len(te.value) >= 10:
                    self.prev_day = (self.prev, te.span_end)
            if re.fullmatch(r"\d{4}-Q\d", te.value) and r.rule in ("quarter", "relative"):
                self.quarter = Value(te.value, te.start, te.end)

    def expression(self, r: Reading, v: Value | None, anchor: str | None) -> TimeExpression:
        if v is None:
            v, anchor = Value(r.unresolved), None
        start, end = v.start, v.end
        if r.type == "DATE" and start and _SINCE.search(self.text[max(0, r.start - 12) : r.start]):
            end = self.anchor[1] if self.anchor else None  # 'since April': April until now
        return TimeExpression(
            text=self.text[r.start : r.end],
            span_start=r.start,
            span_end=r.end,
            type=r.type,
            value=v.value,
            start=start,
            end=end,
            mod=r.mod,
            anchor=anchor,
        )
