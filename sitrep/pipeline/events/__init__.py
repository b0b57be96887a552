"""Stage `events`: PLOVER events from the dependency parse and the verb lexicons.

A trigger is a verb (with its particle: "pull back", "call for") or a noun naming an event
("talks", "airstrikes"). The lexicon (``knowledge/data/event_*.yaml``) maps it to a PLOVER type
and mode, choosing by the class of its object: "send troops" is MOBILIZE, "send tanks to X" is
AID. Roles come from the parse: the subject (or passive agent) is the actor, the indirect object
or "to X" the recipient or the location depending on the type. Modality comes from
:mod:`sitrep.pipeline.modality`, because the field's known failure is coding hedged, negated
and hypothetical events as facts.

The stage in files, in the order an article passes through them:

- ``extract``: the driver (triggers per sentence, pruning, emission, roles carried over);
- ``triggers``: which words name an event and with which sense; nested triggers pruned;
- ``actors`` and ``roles``: who acted, on whom and where, from the parse;
- ``timing``: the time the predicate governs, or one relative to an earlier event;
- ``emit``: the Event itself, with items, quantity, modality and announced intentions;
- ``agency``: whether the one acting can act ("flames exploded" is no event);
- ``relevance``: conflict, politics or other, so analysts can hide the rest;
- ``context``: the document, parse and lexicons every part reads.

The function words and groups roles are read through are data (``event_grammar.yaml``).
"""

from __future__ import annotations

from ...knowledge.lexicon import load_event_lexicon
from ...model import Document, Entity
from .. import Resources, Stage, stage
from .extract import extract_events
from .relevance import mark_relevance


@stage("events")
def make_events(resources: Resources) -> Stage:
    lexicon = load_event_lexicon()  # parsed once, shared by every document

    def run(document: Document) -> Document:
        if document.spacy_doc is not None:
            document.events = extract_events(document, lexicon)
            _countries_for_demonyms(document, resources)
            mark_relevance(document, lexicon)
        return document

    return run


def _countries_for_demonyms(document: Document, resources: Resources) -> None:
    """ "Russian troops" act for Russia: one identity in networks and queries, not norp:RUS beside country:RUS.

    The NORP entity stays for the mention itself; the event points to the country, which is added
    (without mentions: the text names only the demonym) when the document lacks it.
    """
    known = {e.id: e for e in document.entities}

    def country_id(entity_id: str | None) -> str | None:
        entity = known.get(entity_id or "")
        if entity is None or entity.type != "NORP" or not entity.country:
            return entity_id
        key = f"country:{entity.country}"
        if key not in known:
            entry = resources.kb.country(entity.country)
            if entry is None:
                return entity_id
            known[key] = Entity(
                id=entry.key,
                name=entry.name,
                type=entry.type,
                country=entry.country,
                aliases=[a for a in entry.aliases if a != entry.name],
                kb_id=entry.key,
                lat=entry.lat,
                lon=entry.lon,
            )
            document.entities.append(known[key])
        return key

    for event in document.events:
        event.actors = _unique([country_id(i) for i in event.actors])
        event.recipients = _unique([country_id(i) for i in event.recipients])
        event.location = country_id(event.location) if event.location in known else event.location


def _unique(ids: list[str | None]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return out
