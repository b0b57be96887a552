"""Stage ``forecasts``: claims about the future become checkable predictions with a window.

A forecast is a clause whose verb carries a future or hedging modal ("will",
"would", "might", "may", "could", "is going to") or an intention ("plans to",
"is preparing to"). Its window comes from a time expression in the clause,
resolved again against the day the forecast was made (the statement's date, else
publication): "in two to three months" said on 2022-11-03 is 2023-01-03 .. 2023-02-03.
Present-tense assessments ("could be an attempt") are no forecasts: copular
clauses under a hedge are skipped.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from ..model import Document, Forecast, Statement, TimeExpression
from ..timex import tag_times
from . import Resources, Stage, stage

_FUTURE_MODALS = {
    "will": "predicted",
    "'ll": "predicted",
    "shall": "predicted",
    "would": "predicted",
    "might": "hedged",
    "may": "hedged",
    "could": "hedged",
}
_INTENTION_VERBS = {"plan", "intend", "prepare", "aim", "expect", "threaten", "vow", "promise"}
_HEDGE_ADVERBS = {"likely", "possibly", "probably", "perhaps", "maybe", "reportedly"}
_CLAUSE_SPLIT_DEPS = {"conj", "cc"}
# Sentence connectives that belong to the discourse, not to the predicted claim.
_CONNECTIVES = {
    "however",
    "additionally",
    "moreover",
    "meanwhile",
    "thus",
    "hence",
    "therefore",
    "also",
    "furthermore",
    "still",
    "yet",
    "so",
    "but",
    "and",
}


@stage("forecasts")
def make_forecasts(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        doc = document.spacy_doc
        if doc is None:
            return document
        forecasts: list[Forecast] = []
        for token in doc:
            modality = _future_modality(token)
            if modality is None:
                continue
            claim = _claim_span(token)
            if claim is None or any(f.evidence.start <= claim.start_char < f.evidence.end for f in forecasts):
                continue
            statement = document.statement_at(claim.start_char)
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
    modality = next((_FUTURE_MODALS[a.lower_] for a in aux if a.lower_ in _FUTURE_MODALS), None)
    going_to = any(a.lower_ == "going" for a in aux) or (
        verb.dep_ == "xcomp" and verb.head.lower_ == "going" and verb.head.head is not None
    )
    if modality is None and going_to:
        modality = "predicted"
    intention = verb.dep_ == "xcomp" and verb.head.lemma_ in _INTENTION_VERBS
    if modality is None and intention and _future_modality(verb.head) is None:
        modality = "predicted"  # "Russia is preparing to attack": the intention's complement
    if modality is None:
        return None
    if verb.lemma_ == "be" and modality != "predicted" and not any(c.dep_ == "xcomp" for c in verb.children):
        return None  # "could be an attempt": an assessment of the present
    if any(c.lower_ in _HEDGE_ADVERBS for c in verb.children):
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
        if (c.dep_ not in _CLAUSE_SPLIT_DEPS or c.i < verb.i) and c.lower_ not in _CONNECTIVES
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
    window = _window(document, claim, made)
    return Forecast(
        id=f"f{number}",
        claim=claim.text,
        evidence=document.evidence(claim.start_char, claim.end_char),
        by=statement.speaker if statement else None,
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


_OPEN_START_PREPOSITIONS = {"by", "before", "until", "till"}
_DURATION_PREPOSITIONS = {"in", "within"}


def _window(document: Document, claim: Span, made: date | None) -> tuple[date | None, date | None] | None:
    """The window of the first time expression inside the claim, resolved on the day it was made.

    "by the end of the year" runs from the day it was said; "within three months" counts from it.
    """
    inside = [t for t in document.times if claim.start_char <= t.span_start < claim.end_char]
    for expr in inside:
        before = _word_before(document.text, expr.span_start)
        resolved = _resolve_on(document, expr, made, before) if made else expr
        if resolved.start is None and resolved.end is None:
            continue
        if made is not None and resolved.end is not None and resolved.end < made:
            continue  # a past date inside the clause dates a premise, not the prediction
        start = made if before in _OPEN_START_PREPOSITIONS and made else resolved.start
        return start, resolved.end
    return None


def _word_before(text: str, offset: int) -> str:
    words = text[max(0, offset - 12) : offset].split()
    return words[-1].lower() if words else ""


def _resolve_on(document: Document, expr: TimeExpression, made: date, before: str) -> TimeExpression:
    if expr.anchor == "absolute":
        return expr
    phrase = expr.text
    if expr.type == "DURATION" and before in _DURATION_PREPOSITIONS and not phrase.lower().startswith(before):
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
