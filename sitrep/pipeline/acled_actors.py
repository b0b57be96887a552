"""ACLED's actor columns of an event: actor1, inter1, actor2, inter2, in ACLED's naming.

State actors are named by force and country with the regime period ("Military Forces of Russia
(2000-)", "Police Forces of Russia (2000-)"), crowds by kind and country ("Protesters (Russia)",
"Civilians (Ukraine)"), named armed groups by their name. Protests and riots list the crowd first
and the forces that broke it up second, as ACLED does; violence against civilians always has its
civilians. Names and codes: ``knowledge/data/acled.yaml``.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Entity, Event
from .acled_rules import AcledRules, EventFacts
from .actor_kinds import country_of, is_police, kind_lexicon, phrase_entity

_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def actor_columns(document: Document, facts: EventFacts, rules: AcledRules, kb) -> dict[str, Any]:
    event = facts.event
    etype, sub = event.acled_event_type, event.acled_sub_event_type
    if etype in ("Protests", "Riots") and sub != "Mob violence":
        crowd_kind = "rioters" if etype == "Riots" else "protesters"
        if event.type == "PROTEST":
            crowd = _side(document, event, "actor", kb)
            force = _side(document, facts.intervener, "actor", kb) if facts.intervener else None
        else:  # the forces' own event: "Police detained 20 protesters"
            crowd = _side(document, event, "recipient", kb)
            force = _side(document, event, "actor", kb)
        if force is None and (facts.intervener is not None or event.type != "PROTEST"):
            force = _Actor("state_forces", "police", None, None)  # "All were arrested": by the police
        first = _Actor(
            crowd_kind, crowd.text if crowd else "", crowd.entity if crowd else None, crowd and crowd.country
        )
        return _columns(first, force, facts, rules, etype)
    first = _side(document, event, "actor", kb)
    second = _side(document, event, "recipient", kb)
    if sub == "Mob violence":
        first = _Actor("rioters", first.text if first else "", None, first.country if first else None)
    if etype == "Violence against civilians" and (second is None or second.kind not in ("civilians",)):
        second = _Actor("civilians", second.text if second else "", None, second.country if second else None)
    return _columns(first, second, facts, rules, etype)


class _Actor:
    __slots__ = ("kind", "text", "entity", "country")

    def __init__(self, kind: str, text: str, entity: Entity | None, country: str | None) -> None:
        self.kind, self.text, self.entity, self.country = kind, text, entity, country


def _side(document: Document, event: Event | None, role: str, kb) -> _Actor | None:
    """The first actor (or recipient) of an event with its kind, entity and own country."""
    if event is None:
        return None
    texts, ids, kinds = (
        (event.actor_texts, event.actors, event.actor_kinds)
        if role == "actor"
        else (event.recipient_texts, event.recipients, event.recipient_kinds)
    )
    if not texts:
        return None
    entity = phrase_entity(document, event, texts[0], ids)
    kind = kinds[0] if kinds else "unknown"
    return _Actor(kind, texts[0], entity, country_of(entity, texts[0], kb))


def _columns(
    first: _Actor | None, second: _Actor | None, facts: EventFacts, rules: AcledRules, etype: str
) -> dict:
    actor1, inter1 = _name(first, facts, rules, etype)
    actor2, inter2 = _name(second, facts, rules, etype)
    if not actor1 and actor2:  # ACLED's actor1 is never empty when there is an actor2
        actor1, inter1, actor2, inter2 = actor2, inter2, "", 0
    return {"actor1": actor1, "inter1": inter1, "actor2": actor2, "inter2": inter2}


def _name(actor: _Actor | None, facts: EventFacts, rules: AcledRules, etype: str) -> tuple[str, int]:
    if actor is None:
        return "", 0
    kind = actor.kind
    if kind in ("unknown", "organisation") and etype in _VIOLENT:
        kind = "unknown_armed"
    if kind in rules.named_kinds and actor.entity is not None and actor.entity.type in ("ORG", "UNIT"):
        return actor.entity.name, rules.inter_codes.get(kind, 0)
    if kind == "organisation" and actor.entity is not None:
        return actor.entity.name, rules.inter_codes.get(kind, 0)
    if kind == "state_forces":
        kind_name = (
            "police" if is_police(actor.text, actor.entity, kind_lexicon(), facts.language) else "military"
        )
    else:
        kind_name = kind
    template = rules.actor_names.get(kind_name)
    if template is None:
        return "", 0
    country = actor.country if kind in ("state_forces", "state", "officials", "protesters") else None
    country = country or facts.country or actor.country
    if not country:  # "Protesters", "Military Forces": ACLED's name without its country
        template = template.split(" of {country}")[0].split(" ({country})")[0]
    name = template.format(country=_country_name(country, rules), period=_period(country, rules))
    return name, rules.inter_codes.get("political_militia" if kind == "unknown_armed" else kind, 0)


def _period(country: str | None, rules: AcledRules) -> str:
    year = rules.regime_periods.get(country or "")
    return f" ({year}-)" if year else ""


def _country_name(alpha3: str | None, rules: AcledRules) -> str:
    if not alpha3:
        return ""
    if alpha3 in rules.country_names:
        return rules.country_names[alpha3]
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha3)
    return getattr(country, "common_name", None) or (country.name if country else alpha3)
