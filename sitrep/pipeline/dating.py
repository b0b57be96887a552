"""Stage `dating`: the dates of events and statements checked against what cannot be.

Runs after `events` and `forecasts`, when every fact has the time its clause governs:

- An event told by a noun takes the date the noun itself governs when its verb's clause has
  none ('captured in the early days of the invasion, which began in February').
- An event asserted or reported in the past tense, or a statement made in it, happened
  before its article: a time after the article's date is either a yearless date read on the
  wrong side ('the invasion on 24 February' in an article of December read as next February),
  which moves back, or a time of something else in the sentence ('agreed to an embargo
  starting later this year'), which is no time of this fact and is dropped.
- The date that opens an article ('On 3 March 2022, Russian forces ...') governs the past
  events of the sentences after it that name no date of their own, until one names another.

A fact left without a time has ``time: None``: the article's date bounds it, it does not date it.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Document, Event, Statement, TimeExpression
from ..timex.anchoring import tense
from ..timex.before import latest_before
from . import Resources, Stage, stage
from .attach import noun_time

_TOLD = ("asserted", "reported")
# What may come before an opening date: 'On 3 March 2022, ...', 'KYIV, March 3 (Reuters) - ...'.
_OPENING = re.compile(r"\s*(?:(?i:on|in)\s+|[A-Z][A-Z.' -]{1,30},\s*)?")


@stage("dating")
def make_dating(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        bound = document.published or document.published_latest
        if bound is None or document.spacy_doc is None:
            return document
        for event in document.events:
            if event.time is None:
                event.time = _nominal_time(document, event)
        for fact in [*document.events, *document.statements]:
            if _told_in_the_past(document, fact) and fact.time is not None:
                fact.time = _not_after(fact.time, bound)
        _lead_governs(document, bound)
        return document

    return run


def _nominal_time(document: Document, event: Event) -> TimeExpression | None:
    """An event told by a noun ('the invasion, which began in February') dated by what the noun governs."""
    span = document.spacy_doc.char_span(event.evidence.start, event.evidence.end, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("NOUN", "PROPN"):
        return None
    return noun_time(span.root, document.times)


def _told_in_the_past(document: Document, fact: Event | Statement) -> bool:
    if isinstance(fact, Event) and fact.modality not in _TOLD:
        return False
    return tense(document.spacy_doc, fact.evidence.start, fact.evidence.end) == "past"


def _not_after(time: TimeExpression, bound: date) -> TimeExpression | None:
    """``time`` if it starts by ``bound``; else the same words read before it, or nothing."""
    start = time.start or time.end
    if start is None or start <= bound:
        return time
    return latest_before(time, bound)


def _lead_governs(document: Document, bound: date) -> None:
    """Past events after an opening date take it until a sentence names a date of its own."""
    lead = _lead_date(document, bound)
    if lead is None:
        return
    dated_sentences = {_sentence_start(document, t.span_start) for t in document.times if _dates(t)}
    lead_sentence = _sentence_start(document, lead.span_start)
    for event in sorted(document.events, key=lambda e: e.evidence.start):
        sentence = event.evidence.sentence_start
        if sentence <= lead_sentence:
            continue
        if sentence in dated_sentences:
            return  # a sentence names another date: the lead governs no further
        if event.time is None and _told_in_the_past(document, event):
            event.time = lead


def _lead_date(document: Document, bound: date) -> TimeExpression | None:
    """A day named at the very start of the article's first sentence ('On 3 March 2022, ...')."""
    body = document.text[document.body_start :]
    if not body.strip():
        return None
    first_sentence = _sentence_start(document, document.body_start + len(body) - len(body.lstrip()))
    first = next((t for t in document.times if t.span_start >= first_sentence), None)
    if first is None or not _dates(first) or len(first.value) < 10 or first.start > bound:  # type: ignore[operator]
        return None
    if _sentence_start(document, first.span_start) != first_sentence:
        return None
    return first if _OPENING.fullmatch(document.text[first_sentence : first.span_start]) else None


def _dates(t: TimeExpression) -> bool:
    return t.type in ("DATE", "TIME") and t.start is not None


def _sentence_start(document: Document, offset: int) -> int:
    return document.evidence(offset, offset).sentence_start
