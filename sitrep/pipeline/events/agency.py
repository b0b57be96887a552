"""Whether the one acting is an agent: a trigger is no event when its acting subject cannot act.

"Flames exploded", "a historic heat wave hit Europe", "good cooperation allows us to ..." use event
words, but no state, organisation, group or person does anything. The classes and pronouns that decide
are data (``agency`` in ``event_grammar.yaml``, ``agents`` and ``non_agents`` in ``event_nouns.yaml``).
"""

from __future__ import annotations

from spacy.tokens import Token

from .actors import antecedent, subject_heads
from .context import ACTOR_TYPES, Candidate, Context

AGENT, INSTRUMENT, DOCUMENT, NON_AGENT, UNKNOWN = "agent", "instrument", "document", "non-agent", "unknown"


def agency(ctx: Context, head: Token) -> str:
    """What the head of a subject phrase is, as the one acting."""
    rules, word = ctx.grammar.agency, head.lower_
    if head.pos_ == "PRON":
        if word in rules["agent_pronouns"]:
            return AGENT
        if word in rules["situation_pronouns"]:
            return NON_AGENT
        if word in rules["neuter_pronouns"]:
            return AGENT if antecedent(ctx, head) is not None else UNKNOWN
        return UNKNOWN
    entity = ctx.entity(head)
    own = ctx.lex.classes_of(head.lemma_) | ctx.lex.classes_of(head.lower_)
    if entity is not None:
        if entity.type == "EQUIPMENT":
            return INSTRUMENT
        if entity.kb_id is None and own & rules["non_agent_classes"]:
            return NON_AGENT  # the tagger's "Flames" (ORG) is still fire
        return AGENT if entity.type in (*ACTOR_TYPES, "LOC") else UNKNOWN
    if head.ent_type_ in ACTOR_TYPES:
        return AGENT
    if own & rules["agent_classes"]:
        return AGENT
    if own & rules["instrument_classes"]:
        return AGENT if owner_entity(ctx, head) else INSTRUMENT  # "U.N. helicopters evacuated": the U.N.
    if head.lemma_.lower() in ctx.grammar.document_nouns:
        return DOCUMENT
    if own & rules["non_agent_classes"] or head.like_num or head.pos_ == "NUM":
        return NON_AGENT  # weather, markets, abstractions, a count of victims
    if owner_entity(ctx, head):
        return AGENT  # "the Russian side", "Kyiv's negotiators"
    return UNKNOWN


def owner_entity(ctx: Context, head: Token) -> str | None:
    """The actor entity named before the head in its phrase: "US Predator attacks" -> the US."""
    for t in head.subtree:
        if t.i >= head.i:
            break
        entity = ctx.entity(t)
        if entity is not None and entity.type in ACTOR_TYPES:
            return entity.id
    return None


def admissible(ctx: Context, candidate: Candidate) -> bool:
    """Whether the trigger's acting subject can do what its type says; nominal triggers always can."""
    if candidate.nominal is candidate.token:
        return True
    subjects, _ = subject_heads(ctx, candidate.token)
    subjects = [
        s for s in subjects if candidate.nominal is None or s.i != candidate.nominal.i
    ]  # "the rally took place"
    if not subjects:
        return True
    rules, kind = ctx.grammar.agency, candidate.sense.type
    verdict = agency(ctx, subjects[0])
    if verdict == NON_AGENT:
        return False
    if verdict == INSTRUMENT:
        return kind in rules["instrument_types"]
    if verdict == DOCUMENT:
        return kind in rules["document_types"]
    return True
