"""Russian and Ukrainian events: the same types, roles, identities and modality as the English pipeline."""

from __future__ import annotations

from datetime import date

import pytest

PUB = date(2022, 11, 7)


def only(document, kind="ASSAULT"):
    events = [e for e in document.events if e.type == kind]
    assert len(events) == 1, [(e.type, e.trigger) for e in document.events]
    return events[0]


def test_issue_example_russian_moves_tanks_to_belarus(analyze):
    doc = analyze("3 ноября Россия перебросила в Белоруссию 20 танков.", published=PUB)
    event = only(doc, "MOBILIZE")
    assert doc.language == "ru"
    assert (event.mode, event.actors, event.location) == ("weapons", ["country:RUS"], "country:BLR")
    assert (event.quantity.value, event.quantity.unit) == (20, "танки")
    assert (event.time.value, event.modality) == ("2022-11-03", "asserted")
    assert event.evidence.sentence == "3 ноября Россия перебросила в Белоруссию 20 танков."


def test_issue_example_ukrainian_shelling_of_kherson(analyze):
    doc = analyze("У вівторок, 1 листопада, російські війська обстріляли Херсон.", published=PUB)
    event = only(doc)
    assert doc.language == "uk"
    assert (event.actors, event.recipients, event.location) == (
        ["country:RUS"],
        ["place:kherson"],
        "place:kherson",
    )
    assert event.actor_texts == ["російські війська"]
    assert (event.time.value, event.modality, event.trigger) == ("2022-11-01", "asserted", "обстріляли")


def test_kherson_is_one_place_in_ukrainian_russian_and_english(analyze):
    uk = only(analyze("У вівторок російські війська обстріляли Херсон.", published=PUB))
    ru = only(analyze("Во вторник российские войска обстреляли Херсон.", published=PUB))
    en = only(analyze("On Tuesday Russian troops shelled Kherson.", published=PUB))
    assert uk.location == ru.location == en.location == "place:kherson"
    assert uk.actors == ru.actors == en.actors == ["country:RUS"]


def test_aid_to_a_country_in_the_dative(analyze):
    doc = analyze("Між березнем і вереснем Білорусь передала Росії 65 089 боєприпасів.", published=PUB)
    event = only(doc, "AID")
    assert (event.actors, event.recipients, event.mode) == (["country:BLR"], ["country:RUS"], "military")
    assert event.quantity.value == 65089
    assert (event.time.start, event.time.end) == (date(2022, 3, 1), date(2022, 9, 30))


def test_named_equipment_is_the_item(analyze):
    doc = analyze("Белоруссия передала России зенитные ракетные комплексы «Тор-М2».", published=PUB)
    event = only(doc, "AID")
    assert event.items == ["equipment:tor-m2"]


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Россия может перебросить в Белоруссию новые войска.", "hedged"),
        ("Росія може перекинути до Білорусі нові війська.", "hedged"),
        ("Россия вероятно перебросит в Белоруссию новые войска.", "hedged"),
        ("Якщо Росія перекине війська до Білорусі, Польща закриє кордон.", "hedged"),
        ("Россия не перебросила войска в Белоруссию.", "negated"),
        ("Росія не перекидала війська до Білорусі.", "negated"),
        ("Россия перебросит в Белоруссию новые войска.", "predicted"),
        ("Росія планує перекинути до Білорусі нові війська.", "predicted"),
        ("Россия намерена перебросить в Белоруссию новые войска.", "predicted"),
    ],
)
def test_modality_from_russian_and_ukrainian_markers(analyze, text, modality):
    assert only(analyze(text, published=PUB), "MOBILIZE").modality == modality


def test_a_denied_clause_is_negated_and_linked_to_the_statement(analyze):
    doc = analyze("Лукашенко заперечив, що білоруська армія вступить у війну.", published=PUB)
    entered = next(e for e in doc.events if e.type == "ASSAULT")
    assert entered.actors == ["country:BLR"]
    assert entered.modality == "negated"
    assert entered.statement == doc.statements[0].id
    assert doc.statements[0].speaker == "person:alexander-lukashenko"


def test_a_passive_takes_its_agent_from_the_instrumental(analyze):
    doc = analyze("Херсон был обстрелян российскими войсками.", published=PUB)
    event = only(doc)
    assert (event.actors, event.recipients) == (["country:RUS"], ["place:kherson"])


def test_a_strike_noun_with_a_target_is_an_event(analyze):
    doc = analyze("Российский удар по Киеву повредил электростанцию.", published=PUB)
    event = only(doc)
    assert (event.actors, event.recipients) == (["country:RUS"], ["place:kyiv"])


def test_a_reported_fact_is_reported(analyze):
    doc = analyze("По данным Генштаба ВСУ, российские войска обстреляли Бахмут.", published=PUB)
    event = only(doc)
    assert (event.modality, event.location) == ("reported", "place:bakhmut")


# -- the same fact, the same ACLED row, in three languages ----------------------------------------


def _row(event) -> tuple:
    return (event.acled_event_type, event.acled_sub_event_type, tuple(event.actor_kinds), event.acled_actors)


@pytest.mark.parametrize(
    ("texts", "sub_event_type", "actor1", "actor2"),
    [
        (
            (
                "Во вторник, 1 ноября, российская артиллерия обстреляла Николаев.",
                "У вівторок, 1 листопада, російська артилерія обстріляла Миколаїв.",
                "On Tuesday, 1 November, Russian artillery shelled Mykolaiv.",
            ),
            "Shelling/artillery/missile attack",
            "Military Forces of Russia (2000-)",
            "Civilians (Ukraine)",
        ),
        (
            (
                "6 мая полиция задержала 15 протестующих в Самаре.",
                "6 травня поліція затримала 15 протестувальників у Харкові.",
                "On 6 May police detained 15 protesters in Samara.",
            ),
            "Protest with intervention",
            None,  # the crowd's country is where it protested
            None,
        ),
        (
            (
                "14 ноября украинские военные освободили Снигиревку.",
                "14 листопада українські військові звільнили Снігурівку.",
                "On 14 November Ukrainian soldiers liberated Snihurivka.",
            ),
            "Government regains territory",
            "Military Forces of Ukraine (2019-)",
            None,
        ),
    ],
)
def test_one_fact_one_acled_row_in_three_languages(analyze, texts, sub_event_type, actor1, actor2) -> None:
    rows = []
    for text in texts:
        coded = [e for e in analyze(text, published=PUB).events if e.acled_event_type]
        assert len(coded) == 1, (text, [(e.type, e.trigger, e.acled_sub_event_type) for e in coded])
        rows.append(coded[0])
    assert [e.acled_sub_event_type for e in rows] == [sub_event_type] * 3
    assert rows[0].acled_actors["inter1"] == rows[1].acled_actors["inter1"] == rows[2].acled_actors["inter1"]
    if actor1:
        assert [e.acled_actors["actor1"] for e in rows] == [actor1] * 3
    if actor2:
        assert [e.acled_actors["actor2"] for e in rows] == [actor2] * 3


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("5 мая мирные жители вышли на митинг в Томске.", ["protesters"]),  # civilians who protest
        ("5 травня мешканці Одеси вийшли на мітинг.", ["protesters"]),
        ("7 ноября Россия обстреляла Харьков.", ["state_forces"]),  # a state that attacks: its forces
        ("7 листопада російські військові обстріляли Харків.", ["state_forces"]),
    ],
)
def test_actor_kinds_read_russian_and_ukrainian_lemmas(analyze, text, kinds) -> None:
    event = next(e for e in analyze(text, published=PUB).events if e.actor_texts)
    assert event.actor_kinds == kinds


def test_a_protest_that_took_place(analyze) -> None:
    event = only(analyze("5 мая в Перми прошла акция протеста.", published=PUB), "PROTEST")
    assert (event.location, event.time.value) == ("place:perm", "2022-05-05")
    assert event.acled_sub_event_type == "Peaceful protest"
