"""Actor kinds from the phrase that names an actor, its entity and its event."""

from __future__ import annotations

import pytest

from sitrep.errors import KnowledgeBaseError
from sitrep.model import Document, Entity, Event, Evidence, Mention
from sitrep.pipeline.acled_rules import _rule, acled_rules
from sitrep.pipeline.actor_kinds import head_word, is_police, kind_lexicon, own_kind, set_actor_kinds


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("dozens of protesters organized by a party", "protester"),
        ("at least 300 protesters", "protester"),
        ("residents, including veterans", "resident"),
        ("four relatives of men arrested for preparing attacks on security forces", "relative"),
        ("a group of unknown people in Moscow", "people"),
        ("militias", "militia"),
        ("Riot police", "police"),
    ],
)
def test_head_word(phrase: str, head: str) -> None:
    assert head_word(phrase) == head


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("riot police", "state_forces"),
        ("Ukrainian troops", "state_forces"),
        ("armed men in masks", "political_militia"),
        ("separatists", "rebels"),
        ("an angry mob", "rioters"),
        ("about 40 protesters", "protesters"),
        ("local residents", "civilians"),
        ("three journalists", "civilians"),
        ("the regional governor", "officials"),
        ("the government", "state"),
        ("four relatives of men arrested for attacks on security forces", "civilians"),
        ("something", "unknown"),
    ],
)
def test_kind_from_words(phrase: str, kind: str) -> None:
    assert own_kind(phrase, None, kind_lexicon()) == kind


def _document(text: str, *entities: Entity) -> Document:
    return Document(text, entities=list(entities))


def test_entity_decides_unless_the_phrase_has_a_head_of_its_own() -> None:
    lexicon = kind_lexicon()
    russia = Entity("country:RUS", "Russia", "GPE", country="RUS")
    ministry = Entity("org:defence-ministry-rus", "Ministry of Defence of Russia", "ORG", country="RUS")
    wagner = Entity("org:wagner-group", "Wagner Group", "ORG", country="RUS")
    assert own_kind("Russia", russia, lexicon) == "state"
    assert own_kind("Russian forces", russia, lexicon) == "state_forces"
    assert own_kind("the Russian Defence Ministry", ministry, lexicon) == "state"
    assert own_kind("Wagner mercenaries", wagner, lexicon) == "external"


def test_the_event_decides_the_kind_it_needs() -> None:
    text = "Residents protested in Tomsk. Russia attacked Kharkiv."
    russia = Entity("country:RUS", "Russia", "GPE", country="RUS", mentions=[Mention(30, 36, "Russia")])
    kharkiv = Entity(
        "place:kharkiv",
        "Kharkiv",
        "GPE",
        country="UKR",
        lat=50.0,
        lon=36.2,
        mentions=[Mention(46, 53, "Kharkiv")],
    )
    protest = Event(
        "e1", "PROTEST", Evidence(10, 19, "Residents protested in Tomsk.", 0), actor_texts=["Residents"]
    )
    attack = Event(
        "e2",
        "ASSAULT",
        Evidence(37, 45, "Russia attacked Kharkiv.", 30),
        actors=["country:RUS"],
        recipients=["place:kharkiv"],
        actor_texts=["Russia"],
        recipient_texts=["Kharkiv"],
    )
    document = _document(text, russia, kharkiv)
    for event in (protest, attack):
        set_actor_kinds(document, event)
    assert protest.actor_kinds == ["protesters"]  # residents who protest are protesters
    assert (attack.actor_kinds, attack.recipient_kinds) == (["state_forces"], ["civilians"])


def test_police_are_named_apart_from_the_military() -> None:
    lexicon = kind_lexicon()
    assert is_police("riot police officers", None, lexicon)
    assert is_police("OMON", None, lexicon)
    assert not is_police("Ukrainian troops", None, lexicon)


def test_a_malformed_rule_names_itself() -> None:
    types = acled_rules().event_types
    with pytest.raises(KnowledgeBaseError, match="rule 3"):
        _rule({"when": {"type": "ASSAULT"}, "then": ["Battles", "Shelling"]}, 2, types)
    with pytest.raises(KnowledgeBaseError, match="unknown PLOVER type or actor kind"):
        _rule({"when": {"type": "ASSAULT", "actor": ["soldiers"]}, "then": None}, 0, types)


def test_acled_names_resolve_in_any_case() -> None:
    rules = acled_rules()
    assert rules.sub_event_type("protest with intervention") == ("Protests", "Protest with intervention")
    assert rules.sub_event_type("BATTLES") == ("Battles", None)
    assert rules.sub_event_type("picnic") is None
