"""Attaching time expressions to the predicate they modify.

A sentence often holds several dates: "Putin arrived in Minsk on Monday, his first
visit since 2019". The one that dates the arrival is the one nearest the verb in
the dependency tree, not the nearest in characters; an expression that cannot be
placed on the calendar (a bare duration) dates nothing.

A date belongs to the clause it sits in. It does not date a verb above a complement clause
("agreed to embargo oil later this year": the year is the embargo's, not the agreement's), nor
a verb inside a clause of its own ("Zelensky said on Monday that when Russia invaded ...": the
invasion is not Monday's). It does reach verbs of the same frame: a coordinated verb
("shelled the town on Monday and captured it"), a participle ("struck on Friday, killing
five") or a gerund complement ("began shelling on Monday"). A predicate no date reaches has no
time of its own; the article's date is only a bound on it, never its time.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Token

from ..knowledge import load_data
from ..model import TimeExpression
from .syntax import sentence

_MAX_HOPS = 12
# Dependencies that open a clause with a time of its own.
_OWN_CLAUSE = {"ccomp", "relcl", "csubj", "csubjpass", "parataxis", "pcomp"}


def tree_distance(token: Token, predicate: Token) -> int | None:
    """Head hops from ``token`` up to ``predicate`` within its clause; None when it does not govern it."""
    hops = 0
    while hops <= _MAX_HOPS:
        if token.i == predicate.i:
            return hops
        if token.head.i == token.i or _opens_clause(token):
            return None
        token, hops = token.head, hops + 1
    return None


def noun_time(noun: Token, times: Iterable[TimeExpression]) -> TimeExpression | None:
    """The date an event noun governs: 'the invasion on 24 February', 'the invasion, which began in February'.

    A relative clause on an event noun tells of the event itself, so its date is the noun's.
    """
    doc = noun.doc
    sent = sentence(noun)
    ranked = []
    for expr in _within(times, sent.start_char, sent.end_char):
        if expr.start is None and expr.end is None:
            continue
        span = doc.char_span(expr.span_start, expr.span_end, alignment_mode="expand")
        if span is None:
            continue
        token, hops = span.root, 0
        while hops <= _MAX_HOPS and token.i != noun.i and token.head.i != token.i:
            if _opens_clause(token) and not (token.dep_ in ("relcl", "acl") and token.head.i == noun.i):
                break
            token, hops = token.head, hops + 1
        if token.i == noun.i:
            ranked.append((hops, abs(expr.span_start - noun.idx), expr))
    return min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


def frame(predicate: Token) -> list[Token]:
    """The predicate and the verbs above it that share its time, nearest first.

    A relative clause in the present ('a resolution, posted on October 22, that calls for ...')
    says what its noun says: it takes the time of the verb the noun hangs from.
    """
    found = [predicate]
    token = predicate
    while len(found) <= _MAX_HOPS and token.head.i != token.i:
        if _shares_time(token):
            token = token.head
        elif _when_clause(token):  # 'late February, when Moscow sent troops': the date's own clause
            found.append(token.head)
            break
        elif _states_its_noun(token):
            token = token.head.head
        else:
            break
        found.append(token)
    return found


def _states_its_noun(token: Token) -> bool:
    noun = token.head
    return (
        token.dep_ == "relcl"
        and token.tag_ in ("VBZ", "VBP")
        and noun.pos_ in ("NOUN", "PROPN")
        and noun.head.pos_ in ("VERB", "AUX")
        and noun.head.i != noun.i
    )


def attached_time(
    predicate: Token, times: Iterable[TimeExpression], *, allow_sentence: bool = True
) -> TimeExpression | None:
    """The dated expression the predicate's frame governs most closely.

    ``allow_sentence`` also takes, failing that, the nearest date that hangs from no verb at
    all (a dateline, a heading). ``times`` come in text order, as the times stage leaves them.
    """
    doc = predicate.doc
    sent = sentence(predicate)
    verbs = {t.i: up for up, t in enumerate(frame(predicate))}
    ranked = []
    fallback = []
    for expr in _within(times, sent.start_char, sent.end_char):
        if expr.start is None and expr.end is None:
            continue
        span = doc.char_span(expr.span_start, expr.span_end, alignment_mode="expand")
        if span is None:
            continue
        char_gap = abs(expr.span_start - predicate.idx)
        placed = _governor(span.root, verbs)
        if placed is not None:
            ranked.append((placed, char_gap, expr))
        elif allow_sentence and _verbless(span.root):
            fallback.append((char_gap, expr))
    if ranked:
        return min(ranked, key=lambda r: (r[0], r[1]))[2]
    if fallback:
        return min(fallback, key=lambda r: r[0])[1]
    return None


def _governor(token: Token, verbs: dict[int, int]) -> int | None:
    """Hops from ``token`` to the nearest verb of the frame within its clause, plus that verb's rise."""
    hops = 0
    while hops <= _MAX_HOPS:
        if token.i in verbs:
            return hops + verbs[token.i]
        if token.head.i == token.i or _opens_clause(token):
            return None
        token, hops = token.head, hops + 1
    return None


def _opens_clause(token: Token) -> bool:
    """Whether ``token`` heads a clause whose time is its own, not its head's."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.dep_ in _OWN_CLAUSE:
        return True
    if token.dep_ == "conj":  # '... but rotations could take place this month': a clause with its own subject
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    if token.dep_ == "xcomp":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)  # 'agreed to embargo'
    if token.dep_ == "advcl":  # 'when Russia invaded', 'after troops withdrew', 'if it attacks'
        return any(c.dep_ == "mark" or c.dep_ == "advmod" and c.tag_ == "WRB" for c in token.children)
    return False


def _shares_time(token: Token) -> bool:
    """Whether ``token``'s head is a verb of the same frame.

    'shelled ... and captured', 'began shelling', 'struck, killing five', 'fighting broke out on
    Tuesday' (a gerund subject is what its verb tells of), 'came up last week, when Putin signed'.
    """
    if token.head.pos_ not in ("VERB", "AUX"):
        return False
    if token.dep_ == "conj":
        return not _opens_clause(token)
    if _when_clause(token):
        return True
    if token.dep_ in ("nsubj", "nsubjpass"):
        return token.tag_ == "VBG"
    if token.dep_ in ("xcomp", "advcl"):
        return not _opens_clause(token)
    return False


def _when_clause(token: Token) -> bool:
    """'when Moscow sent troops': a clause that happens at the time of what it hangs from."""
    return token.dep_ in ("advcl", "relcl") and any(
        c.dep_ == "advmod" and c.lower_ in _same_time_words() for c in token.children
    )


@functools.cache
def _same_time_words() -> frozenset[str]:
    return frozenset(load_data("time_words.yaml")["same_time_subordinators"])


def _verbless(token: Token) -> bool:
    for _ in range(_MAX_HOPS):
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.head.i == token.i:
            return True
        token = token.head
    return False


def _within(times: Iterable[TimeExpression], start: int, end: int) -> Iterable[TimeExpression]:
    """The expressions starting in ``[start, end)``; a list in text order is searched, not scanned."""
    if not isinstance(times, list):
        return [t for t in times if start <= t.span_start < end]
    lo = bisect_left(times, start, key=_span_start)
    hi = bisect_left(times, end, lo=lo, key=_span_start)
    return times[lo:hi]


def _span_start(t: TimeExpression) -> int:
    return t.span_start
