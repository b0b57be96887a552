"""Relevance: whether an event concerns armed conflict, politics, or neither, so analysts can hide the rest.

Force and military posture are conflict; so are military modes and contexts, and events whose
participants are armed forces or weapons. Events with a state, organisation, unit, official or named
group among their participants are politics, and so are political acts with no named participant in
an article about the war or politics. The rest ("a dancer's wife asked her followers to pray") is
other. The lists are data (``event_relevance.yaml``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ...knowledge import load_data
from ...knowledge.lexicon import EventLexicon
from ...model import Document, Event
from ..actor_kinds import head_word

CONFLICT, POLITICS, OTHER = "conflict", "politics", "other"


@functools.cache
def _rules() -> dict[str, Any]:
    data = load_data("event_relevance.yaml")
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}


def mark_relevance(document: Document, lexicon: EventLexicon) -> None:
    """Set ``relevance`` on every event of the document."""
    rules = _rules()
    about = _about_conflict_or_politics(document, rules)
    for event in document.events:
        event.relevance = _relevance(event, document, lexicon, rules, about)


def _about_conflict_or_politics(document: Document, rules: dict[str, Any]) -> bool:
    start = document.body_start
    lead = f"{document.title or ''} {document.text[start : start + int(rules['subject_chars'])]}"
    words = set(re.findall(r"[a-z]+", lead.lower()))
    return bool(words & rules["subject_words"])


def _relevance(event: Event, document: Document, lexicon: EventLexicon, rules: dict, about: bool) -> str:
    modes = rules["conflict_modes"]
    if event.type in rules["conflict_types"] or event.mode in modes or f"{event.type}/{event.mode}" in modes:
        return CONFLICT
    if set(event.context) & rules["conflict_contexts"] or event.items:
        return CONFLICT
    heads = [head_word(text) for text in (*event.actor_texts, *event.recipient_texts, *event.item_texts)]
    heads = [h for h in heads if h]
    classes = {c for head in heads for c in lexicon.classes_of(head)}
    if classes & rules["armed_classes"]:
        return CONFLICT
    if event.type in rules["always_political_types"]:
        return POLITICS
    entities = [document.entity(i) for i in (*event.actors, *event.recipients)]
    if any(e is not None and (e.type in rules["political_entity_types"] or e.role) for e in entities):
        return POLITICS
    if any(e is not None and e.type == "PERSON" and e.kb_id for e in entities):
        return POLITICS  # a person the knowledge base knows is an official
    if classes & rules["political_classes"]:
        return POLITICS
    if about and event.type in rules["political_types"] and not any(entities) and not heads:
        return POLITICS
    return OTHER
