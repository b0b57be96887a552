"""Attaching time expressions to the predicate they modify.

A sentence often holds several dates: "Putin arrived in Minsk on Monday, his first
visit since 2019". The one that dates the arrival is the one nearest the verb in
the dependency tree, not the nearest in characters; an expression that cannot be
placed on the calendar (a bare duration) dates nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Token

from ..model import TimeExpression
from .syntax import sentence

_MAX_HOPS = 12


def tree_distance(token: Token, predicate: Token) -> int | None:
    """Head hops from ``token`` up to ``predicate``; None when ``predicate`` does not govern it."""
    hops = 0
    while hops <= _MAX_HOPS:
        if token.i == predicate.i:
            return hops
        if token.head.i == token.i:
            return None
        token, hops = token.head, hops + 1
    return None


def attached_time(
    predicate: Token, times: Iterable[TimeExpression], *, allow_sentence: bool = True
) -> TimeExpression | None:
    """The dated expression the predicate governs most closely, else (optionally) the sentence's nearest.

    ``times`` come in text order, as the times stage leaves them.
    """
    doc = predicate.doc
    sent = sentence(predicate)
    ranked = []
    fallback = []
    for expr in _within(times, sent.start_char, sent.end_char):
        if expr.start is None and expr.end is None:
            continue
        span = doc.char_span(expr.span_start, expr.span_end, alignment_mode="expand")
        if span is None:
            continue
        distance = tree_distance(span.root, predicate)
        char_gap = abs(expr.span_start - predicate.idx)
        if distance is not None:
            ranked.append((distance, char_gap, expr))
        else:
            fallback.append((char_gap, expr))
    if ranked:
        return min(ranked, key=lambda r: (r[0], r[1]))[2]
    if allow_sentence and fallback:
        return min(fallback, key=lambda r: r[0])[1]
    return None


def _within(times: Iterable[TimeExpression], start: int, end: int) -> Iterable[TimeExpression]:
    """The expressions starting in ``[start, end)``; a list in text order is searched, not scanned."""
    if not isinstance(times, list):
        return [t for t in times if start <= t.span_start < end]
    lo = bisect_left(times, start, key=_span_start)
    hi = bisect_left(times, end, lo=lo, key=_span_start)
    return times[lo:hi]


def _span_start(t: TimeExpression) -> int:
    return t.span_start
