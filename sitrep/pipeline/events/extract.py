"""The events of one document: find triggers sentence by sentence, prune nested ones, emit an event
per trigger and object group, then let elided roles carry over from the event before."""

from __future__ import annotations

from spacy.tokens import Span

from ...knowledge.lexicon import EventLexicon
from ...model import Document, Event
from .agency import admissible
from .context import Candidate, Context
from .emit import Emitter
from .triggers import Triggers, drop_nested, object_groups

_STOPS = (".", "!", "?", '"', "\u201d", "'", "\u2019")  # what ends a sentence rather than a heading


def extract_events(document: Document, lexicon: EventLexicon) -> list[Event]:
    ctx = Context(document, lexicon)
    candidates = drop_nested([c for c in _candidates(ctx) if admissible(ctx, c)])
    emitter = Emitter(ctx)
    for candidate in candidates:
        for group in object_groups(ctx, candidate):
            emitter.emit(candidate, group)
    _inherit_roles(emitter.events)
    return emitter.events


def _candidates(ctx: Context) -> list[Candidate]:
    """Every trigger of the body: verbs and predicate adjectives first, then event nouns on their own."""
    triggers = Triggers(ctx)
    document = ctx.document
    candidates: list[Candidate] = []
    title_end = document.body_start if document.title else 0
    for sent in ctx.doc.sents:
        if _is_heading(sent) or sent.end_char <= title_end:
            continue  # headings and the title summarise what the body reports
        for token in sent:
            if token.dep_ == "amod":
                continue  # "visiting Russians", "detained journalists": a description, not the act told
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                candidates.extend(triggers.verb(token))
            elif token.pos_ == "ADJ" and token.lemma_.lower() in ctx.lex.adjectives:
                candidates.extend(triggers.adjective(token))
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN"):
                candidate = triggers.standalone(token)
                if candidate:
                    candidates.append(candidate)
    return candidates


def _is_heading(sent: Span) -> bool:
    """A section heading ("Russian military deployment in Belarus"): no verb, no final stop.

    It names a topic the paragraphs below report on; coding it as an undated event of its own
    would count every reported event twice.
    """
    words = [t for t in sent if not t.is_space]
    if not words or words[-1].text in _STOPS:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in words)


def _inherit_roles(events: list[Event]) -> None:
    """Elided roles carry over: "Belarus has sent Russia equipment. Belarus provided 94 tanks".

    An AID without recipient, or a MOBILIZE without location, takes it from the previous event
    of the same type and actor within the two sentences before.
    """
    for i, event in enumerate(events):
        if event.type not in ("AID", "MOBILIZE", "RETREAT") or not (event.actors or event.actor_texts):
            continue
        if event.recipients or event.recipient_texts if event.type == "AID" else event.location:
            continue
        # A withdrawal undoes the deployment before it: "raised its presence along the border, then
        # reduced that deployment" withdraws from the border.
        source = "MOBILIZE" if event.type == "RETREAT" else event.type
        for prior in reversed(events[:i]):
            if event.evidence.sentence_start - prior.evidence.sentence_start > 600:
                break
            same = (prior.actors and prior.actors == event.actors) or prior.actor_texts == event.actor_texts
            same_sentence = prior.evidence.sentence_start == event.evidence.sentence_start
            if prior.type != source or not same or (same_sentence and source == event.type):
                continue
            if event.type == "AID" and (prior.recipients or prior.recipient_texts):
                event.recipients, event.recipient_texts = list(prior.recipients), list(prior.recipient_texts)
                break
            if event.type in ("MOBILIZE", "RETREAT") and prior.location:
                event.location = prior.location
                break
