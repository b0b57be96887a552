"""Stage ``forecasts``: claims about the future become checkable predictions with a window.

A forecast is a clause whose verb carries a future or hedging modal ("will",
"would", "might", "may", "could", "is going to") or an intention ("plans to",
"is preparing to"). Its window comes from a time expression in the clause,
resolved again against the day the forecast was made (the statement's date, else
publication): "in two to three months" said on 2022-11-03 is 2023-01-03 .. 2023-02-03.
Present-tense assessments ("could be an attempt") are no forecasts: copular
clauses under a hedge are skipped; nor are claims about no one and nothing ("it will be
considered for publication"): the claim needs an agent, an event or a place as its subject, or
an event of the conflict or politics inside it.

Who predicts: the speaker of the sentence's own reporting verb first (a spokesman quoted in
this sentence, never the speaker of the sentence before), else the statement the claim sits in,
else the article itself (``by_text`` is then its outlet). A forecast without a window says why
(``window_note``). The word lists are data (``forecasts`` in ``event_modality.yaml``).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from datetime import date

from spacy.tokens import Span, Token

from ..knowledge import load_data
from ..knowledge.lexicon import load_event_lexicon
from ..model import Document, Forecast, Statement, TimeExpression
from ..timex import tag_times
from . import Resources, Stage, stage
from .events.agency import AGENT, INSTRUMENT, agency
from .events.context import Context

_CLAUSE_SPLIT_DEPS = {"conj", "cc"}


@functools.cache
def _words(name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_data("event_modality.yaml")["forecasts"][name])


@functools.cache
def _future_modals() -> dict[str, str]:
    return dict(load_data("event_modality.yaml")["forecasts"]["future_modals"])


@stage("forecasts")
def make_forecasts(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        doc = document.spacy_doc
        if doc is None:
            return document
        forecasts: list[Forecast] = []
        ctx = Context(document, load_event_lexicon())
        relevant = sorted(
            e.evidence.start for e in document.events if e.relevance in ("conflict", "politics")
        )
        for token in doc:
            modality = _future_modality(token)
            if modality is None:
                continue
            claim = _claim_span(token)
            if claim is None or any(f.evidence.start <= claim.start_char < f.evidence.end for f in forecasts):
                continue
            if not _about_something(ctx, token, claim, relevant):
                continue
            statement = _speaker_statement(document, claim)
            if statement is not None and statement.modality == "negated":
                continue  # what a speaker denies is no prediction of theirs
            forecasts.append(_forecast(document, token, claim, modality, statement, len(forecasts) + 1))
        document.forecasts = forecasts
        return document

    return run


def _future_modality(verb: Token) -> str | None:
    """predicted / hedged / negated when ``verb`` heads a claim about the future, else None."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
        return None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modals = _future_modals()
    modality = next((modals[a.lower_] for a in aux if a.lower_ in modals), None)
    going_to = any(a.lower_ == "going" for a in aux) or (
        verb.dep_ == "xcomp" and verb.head.lower_ == "going" and verb.head.head is not None
    )
    if modality is None and going_to:
        modality = "predicted"
    intention = verb.dep_ == "xcomp" and verb.head.lemma_ in _words("intention_verbs")
    if modality is None and intention and _future_modality(verb.head) is None:
        modality = "predicted"  # "Russia is preparing to attack": the intention's complement
    if modality is None:
        return None
    if verb.lemma_ == "be" and modality != "predicted" and not any(c.dep_ == "xcomp" for c in verb.children):
        return None  # "could be an attempt": an assessment of the present
    if any(c.lower_ in _words("hedge_adverbs") for c in verb.children):
        modality = "hedged"
    if any(c.dep_ == "neg" for c in verb.children):
        modality = "negated"
    return modality


def _claim_span(verb: Token) -> Span | None:
    """The verb's clause with its subject, without coordinated clauses or a leading 'that'."""
    doc = verb.doc
    children = [
        c
        for c in verb.children
        if (c.dep_ not in _CLAUSE_SPLIT_DEPS or c.i < verb.i) and c.lower_ not in _words("connectives")
    ]
    start = min([verb.i] + [c.left_edge.i for c in children])
    end = max([verb.i] + [c.right_edge.i for c in children]) + 1
    while start < end and (doc[start].dep_ == "mark" or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - start < 2:
        return None
    return doc[start:end]


def _forecast(
    document: Document, verb: Token, claim: Span, modality: str, statement: Statement | None, number: int
) -> Forecast:
    made = _made(document, statement)
    window, note = _window(document, claim, made)
    return Forecast(
        id=f"f{number}",
        claim=claim.text,
        evidence=document.evidence(claim.start_char, claim.end_char),
        by=statement.speaker if statement else None,
        by_text=statement.speaker_text if statement else (document.source or "the article"),
        window_note=note,
        statement=statement.id if statement else None,
        event=_predicted_event(document, claim),
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
        made=made,
        modality=modality,
    )


def _made(document: Document, statement: Statement | None) -> date | None:
    if statement is not None and statement.time is not None and statement.time.start is not None:
        return statement.time.start
    return document.published or document.published_earliest


def _about_something(ctx: Context, verb: Token, claim: Span, relevant: list[int]) -> bool:
    """A forecast is about an actor, an event or a place, or holds an event of the conflict or politics.

    "It will be considered for publication", "the video will be shown" predict nothing an analyst tracks.
    ``relevant``: the sorted starts of the document's conflict and politics events.
    """
    at = bisect_left(relevant, claim.start_char)
    if at < len(relevant) and relevant[at] < claim.end_char:
        return True
    if verb.lemma_.lower() in _words("procedural_verbs"):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subject is None:
        return verb.dep_ == "xcomp"  # "plans to attack": the subject is the intending one's
    lemma = subject.lemma_.lower()
    return agency(ctx, subject) in (AGENT, INSTRUMENT) or lemma in ctx.lex.nominals or ctx.is_place(subject)


def _speaker_statement(document: Document, claim: Span) -> Statement | None:
    """The statement whose words the claim is: this sentence's own reporting verb before an earlier one."""
    covering = document.statement_at(claim.start_char)
    sentence_start = document.evidence(claim.start_char, claim.end_char).sentence_start
    own = [s for s in document.statements if s.evidence.sentence_start == sentence_start]
    if covering is not None and (not own or covering in own):
        return covering
    return own[0] if own else covering


def _window(
    document: Document, claim: Span, made: date | None
) -> tuple[tuple[date | None, date | None] | None, str | None]:
    """The window of the first time expression inside the claim, resolved on the day it was made.

    "by the end of the year" runs from the day it was said; "within three months" counts from it.
    Without a window, the reason why.
    """
    inside = [t for t in document.times if claim.start_char <= t.span_start < claim.end_char]
    if not inside:
        return None, "no time in the claim"
    for expr in inside:
        before = _word_before(document.text, expr.span_start)
        resolved = _resolve_on(document, expr, made, before) if made else expr
        if resolved.start is None and resolved.end is None:
            continue
        if made is not None and resolved.end is not None and resolved.end < made:
            resolved = _next_year(resolved, made)
        if made is not None and resolved.end is not None and resolved.end < made:
            continue  # a past date inside the clause dates a premise, not the prediction
        start = made if before in _words("open_start_preps") and made else resolved.start
        return (start, resolved.end), None
    if made is None:
        return None, "the day it was made is unknown"
    return None, "the claim's times are past or not on the calendar"


def _next_year(expr: TimeExpression, made: date) -> TimeExpression:
    """ "will attack in the spring", said in November: the next spring, not the one gone by.

    Only a month or season without a year of its own moves; an explicit year is a premise's.
    """
    if any(ch.isdigit() for ch in expr.text) or expr.start is None or expr.end is None:
        return expr
    if (expr.end - expr.start).days > 366 or expr.end.year != made.year:
        return expr
    try:
        start, end = expr.start.replace(year=expr.start.year + 1), expr.end.replace(year=expr.end.year + 1)
    except ValueError:  # 29 February
        return expr
    year = str(expr.start.year)
    value = str(start.year) + expr.value[4:] if expr.value.startswith(year) else expr.value
    return TimeExpression(expr.text, expr.span_start, expr.span_end, expr.type, value, start, end, expr.mod)


def _word_before(text: str, offset: int) -> str:
    words = text[max(0, offset - 12) : offset].split()
    return words[-1].lower() if words else ""


def _resolve_on(document: Document, expr: TimeExpression, made: date, before: str) -> TimeExpression:
    if expr.anchor == "absolute":
        return expr
    phrase = expr.text
    if (
        expr.type == "DURATION"
        and before in _words("duration_preps")
        and not phrase.lower().startswith(before)
    ):
        phrase = f"{before} {phrase}"  # "within three months" counts from the day it was said
    again = tag_times(phrase, made)
    return again[0] if again else expr


def _predicted_event(document: Document, claim: Span) -> str | None:
    for event in document.events:
        if claim.start_char <= event.evidence.start < claim.end_char and event.modality in (
            "hedged",
            "predicted",
            "negated",
        ):
            return event.id
    return None
