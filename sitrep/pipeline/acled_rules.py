"""ACLED's codebook as sitrep applies it: the rules of ``knowledge/data/acled.yaml``, parsed and checked.

A rule holds when all its conditions hold for an event's facts (:class:`EventFacts`); the first
rule that holds gives the ACLED event type and sub-event type, or none.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..errors import KnowledgeBaseError
from ..knowledge import load_data
from ..model import ACTOR_KINDS, PLOVER_TYPES, Event

ACLED_FILE = "acled.yaml"


def _words(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    return frozenset(str(v).lower() for v in ([value] if isinstance(value, str) else value))


@dataclass(frozen=True)
class Rule:
    then: tuple[str, str] | None
    types: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    triggers: tuple[frozenset[str], ...] = ()  # each: the lemmas of one trigger phrase, all needed
    cue: frozenset[str] = frozenset()
    not_cue: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()
    not_items: frozenset[str] = frozenset()
    actor: frozenset[str] = frozenset()
    not_actor: frozenset[str] = frozenset()
    recipient: frozenset[str] = frozenset()
    not_recipient: frozenset[str] = frozenset()
    territory: str | None = None  # own | foreign
    placed: bool | None = None


@dataclass
class EventFacts:
    """What the rules read about one event."""

    event: Event
    trigger: frozenset[str]  # lemmas and lower-cased words of the trigger
    sentence: frozenset[str]  # lemmas and lower-cased words of its sentence
    items: frozenset[str]  # words of its items, objects and recipients, plurals folded
    territory: str | None = None  # own | foreign | None (unknown)
    topic: bool = False  # the event is the topic of another act ("protesting against the war")
    sentence_index: int = 0
    intervener: Event | None = None  # the event in which forces broke up this protest
    attempt: bool = False  # the trigger is what someone tried to do ("trying to disperse")
    governor: int | None = None  # trigger offset of the predicate this one elaborates
    placed: bool = False  # it has a place: its location, or a place among its recipients
    campaign: bool = False  # a plural event noun without a date ("Russia's attacks on civilians")
    age_days: int | None = None  # how long before its report it happened
    actor_country: str | None = None
    country: str | None = None  # where the event happened (ISO3), or the document's country
    language: str | None = None  # the document's language (actor phrases in Russian or Ukrainian)

    @property
    def modes(self) -> set[str]:
        return {m.strip() for m in (self.event.mode or "").replace(";", ",").split(",") if m.strip()}


@dataclass(frozen=True)
class Intervention:
    within_sentences: int
    triggers: tuple[frozenset[str], ...]
    forces: frozenset[str]
    excessive: frozenset[str]
    excessive_not: frozenset[str]
    unnamed_force: tuple[frozenset[str], ...] = ()
    attempt: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AcledRules:
    event_types: dict[str, tuple[str, ...]]
    disorder: dict[tuple[str, str], str]
    rules: tuple[Rule, ...]
    modalities: frozenset[str]
    relevances: frozenset[str]
    max_age_days: int | None
    armed: frozenset[str]
    topic_governors: frozenset[str]
    intervention: Intervention
    same_event_within: int
    plural_nouns_need_a_date: bool
    inter_codes: dict[str, int]
    actor_names: dict[str, str]
    named_kinds: frozenset[str]
    regime_periods: dict[str, int]
    country_names: dict[str, str] = field(default_factory=dict)

    def sub_event_type(self, name: str) -> tuple[str, str | None] | None:
        """(event type, sub-event type or None) for a user's name of either, case-insensitive."""
        wanted = name.strip().casefold()
        for event_type, subs in self.event_types.items():
            if event_type.casefold() == wanted:
                return event_type, None
            for sub in subs:
                if sub.casefold() == wanted:
                    return event_type, sub
        return None


def _phrases(value: Any) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(str(v).lower().split()) for v in value or ())


def _rule(raw: Any, n: int, event_types: dict[str, tuple[str, ...]]) -> Rule:
    where = f"{ACLED_FILE}: rule {n + 1}"
    if not isinstance(raw, dict) or "then" not in raw or not isinstance(raw.get("when"), dict):
        raise KnowledgeBaseError(
            f"{where} needs `when: {{...}}` and `then: [type, sub-type]` or `then: null`"
        )
    when, then = raw["when"], raw["then"]
    if then is not None:
        if not (isinstance(then, list) and len(then) == 2 and then[1] in event_types.get(then[0], ())):
            raise KnowledgeBaseError(f"{where}: {then!r} is no ACLED event type and sub-event type")
        then = (str(then[0]), str(then[1]))
    types = frozenset(str(t).upper() for t in _words(when.get("type")))
    kinds = {k: _words(when.get(k)) for k in ("actor", "not_actor", "recipient", "not_recipient")}
    bad = (types - set(PLOVER_TYPES)) | (frozenset().union(*kinds.values()) - set(ACTOR_KINDS))
    if bad:
        raise KnowledgeBaseError(f"{where}: unknown PLOVER type or actor kind {sorted(bad)}")
    return Rule(
        then=then,
        types=types,
        modes=_words(when.get("mode")),
        triggers=_phrases(when.get("trigger")),
        cue=_words(when.get("cue")),
        not_cue=_words(when.get("not_cue")),
        items=_words(when.get("items")),
        not_items=_words(when.get("not_items")),
        territory=when.get("territory"),
        placed=when.get("placed"),
        **kinds,
    )


@functools.lru_cache(maxsize=1)
def acled_rules() -> AcledRules:
    """The rules of ``acled.yaml``, read once per process; a malformed rule names itself."""
    data = load_data(ACLED_FILE)
    event_types: dict[str, tuple[str, ...]] = {}
    disorder: dict[tuple[str, str], str] = {}
    for name, spec in (data.get("event_types") or {}).items():
        subs = tuple(spec.get("sub_event_types") or ())
        event_types[name] = subs
        overrides = spec.get("disorder_by_sub_event_type") or {}
        for sub in subs:
            disorder[(name, sub)] = overrides.get(sub, spec.get("disorder", ""))
    rules = tuple(_rule(r, n, event_types) for n, r in enumerate(data.get("rules") or ()))
    iv = data.get("intervention") or {}
    return AcledRules(
        event_types=event_types,
        disorder=disorder,
        rules=rules,
        modalities=_words(data.get("modalities")),
        relevances=_words(data.get("relevances")),
        max_age_days=data.get("max_age_days"),
        armed=_words(data.get("armed_kinds")),
        topic_governors=_words(data.get("topic_governors")),
        intervention=Intervention(
            within_sentences=int(iv.get("within_sentences", 0)),
            triggers=_phrases(iv.get("triggers")),
            forces=_words(iv.get("forces")),
            excessive=_words(iv.get("excessive")),
            excessive_not=_words(iv.get("excessive_not")),
            unnamed_force=_phrases(iv.get("unnamed_force")),
            attempt=_words(iv.get("attempt")),
        ),
        same_event_within=int(data.get("same_event_within_sentences", 0)),
        plural_nouns_need_a_date=bool(data.get("plural_nouns_need_a_date", False)),
        inter_codes={str(k): int(v) for k, v in (data.get("inter_codes") or {}).items()},
        actor_names={str(k): str(v) for k, v in (data.get("actor_names") or {}).items()},
        named_kinds=_words(data.get("named_kinds")),
        regime_periods={str(k): int(v) for k, v in (data.get("regime_periods") or {}).items()},
        country_names={str(k): str(v) for k, v in (data.get("country_names") or {}).items()},
    )


def holds(rule: Rule, facts: EventFacts) -> bool:
    """Whether every condition of ``rule`` holds for the event."""
    event = facts.event
    actors, recipients = set(event.actor_kinds), set(event.recipient_kinds)
    checks = (
        not rule.types or event.type in rule.types,
        not rule.modes or bool(rule.modes & facts.modes),
        not rule.triggers or any(phrase <= facts.trigger for phrase in rule.triggers),
        not rule.cue or bool(rule.cue & facts.sentence),
        not rule.not_cue or not rule.not_cue & facts.sentence,
        not rule.items or bool(rule.items & facts.items),
        not rule.not_items or not rule.not_items & facts.items,
        not rule.actor or bool(rule.actor & actors),
        not rule.not_actor or not rule.not_actor & actors,
        not rule.recipient or bool(rule.recipient & recipients),
        not rule.not_recipient or not rule.not_recipient & recipients,
        rule.territory is None or rule.territory == (facts.territory or "foreign"),
        rule.placed is None or rule.placed == facts.placed,
    )
    return all(checks)


def classify(facts: EventFacts, rules: AcledRules) -> tuple[str, str] | None:
    """The ACLED (event type, sub-event type) the first holding rule gives; None when ACLED would not code it."""
    event = facts.event
    if event.modality not in rules.modalities or facts.topic or facts.campaign:
        return None
    if event.relevance and event.relevance not in rules.relevances:
        return None
    if rules.max_age_days is not None and (facts.age_days or 0) > rules.max_age_days:
        return None
    for rule in rules.rules:
        if holds(rule, facts):
            return rule.then
    return None
