"""Stage `places` and the place linking of stage `entities`: where events happened, people never places."""

from __future__ import annotations

import pytest

from sitrep.config import DEFAULT_STAGES
from sitrep.model import Entity, Mention


def located(document, trigger=None):
    """(event type, location id, lat, lon) of each event, or of the one with ``trigger``."""
    out = []
    for event in document.events:
        if trigger and event.trigger != trigger:
            continue
        place = document.entity(event.location)
        out.append((event.type, event.location, place.lat if place else None, place.lon if place else None))
    return out


def test_stage_runs_after_events():
    assert DEFAULT_STAGES.index("places") == DEFAULT_STAGES.index("events") + 1


def test_unknown_village_in_a_named_oblast_stands_in_the_oblast(analyze):
    d = analyze("Shelling was reported in Kamyanka, Kharkiv Oblast.")
    ((kind, location, lat, lon),) = located(d)
    village = d.entity(location)
    assert (kind, location) == ("ASSAULT", "place:kamyanka-in-kharkiv-oblast")
    assert (village.attributes["admin1"], village.attributes["precision"]) == ("Kharkiv Oblast", "admin1")
    assert (lat, lon) == pytest.approx(
        (49.98, 36.25), abs=0.05
    )  # the oblast's centre, not Kamyanka, Cherkasy


def test_known_village_in_its_oblast_by_transliteration(analyze):
    d = analyze("Russian forces shelled Kurakhovka, Donetsk Oblast, on Monday.")
    ((kind, location, lat, lon),) = located(d)
    assert location == "place:kurakhivka"
    assert d.entity(location).attributes["admin1"] == "Donetsk Oblast"
    assert (lat, lon) == pytest.approx((48.03, 37.37), abs=0.02)


def test_place_split_by_the_tokenizer_and_tagged_org_by_ner(analyze):
    d = analyze("Shelling was reported in Svyatohirs'k, Donetsk Oblast.")
    assert [loc for _, loc, _, _ in located(d)] == ["place:svyatohirsk"]
    d = analyze("Shelling was reported in Bucha, Kyiv Oblast.")
    assert [loc for _, loc, _, _ in located(d)] == ["place:bucha"]


def test_city_as_large_as_kherson_always_has_coordinates(analyze):
    d = analyze("Explosions were heard in Kherson on Friday night, the city's mayor said.")
    kherson = d.entity("place:kherson")
    assert (kherson.country, kherson.attributes["admin1"]) == ("UKR", "Kherson Oblast")
    assert (kherson.lat, kherson.lon) == pytest.approx((46.64, 32.61), abs=0.05)


def test_famous_places_in_an_american_story(analyze):
    d = analyze(
        "US officials said talks with Moscow would resume in Geneva. Secretary Blinken will fly from "
        "Washington to Paris first, and American diplomats briefed the Senate in Washington on Tuesday."
    )
    countries = {e.name: e.country for e in d.entities if e.type == "GPE"}
    assert (countries["Moscow"], countries["Geneva"], countries["Paris"]) == ("RUS", "CHE", "FRA")


def test_separatists_in_donetsk_are_in_ukraine(analyze):
    d = analyze("Separatist officials in Donetsk said the city had been shelled overnight.")
    assert d.entity("place:donetsk").country == "UKR"


def test_a_person_is_never_a_place(analyze):
    d = analyze("Rep. Boone said the vote would go ahead. Boone added that his party was ready.")
    assert not [e for e in d.entities if e.type in ("GPE", "LOC")]
    d = analyze(
        "Vladimir Putin spoke for an hour. Trump told him: 'Vladimir, you should not attack Ukraine.'"
    )
    assert d.entity("place:vladimir") is None


def test_a_city_after_in_is_still_a_city(analyze):
    d = analyze("Vladimir Putin visited a factory in Vladimir on Monday.")
    assert d.entity("place:vladimir").country == "RUS"


def test_dateline_locates_a_short_report(analyze):
    d = analyze(
        "KHERSON, Ukraine (AP) — Russian artillery shelled the city overnight, officials said. "
        "Two people were killed."
    )
    assert {loc for _, loc, _, _ in located(d)} == {"place:kherson"}


def test_headline_locates_a_short_report(analyze):
    d = analyze(
        "Explosions rock Melitopol\n\nRussian forces shelled the railway station overnight, residents said."
    )
    assert located(d, "shelled")[0][1] == "place:melitopol"


def test_a_report_naming_other_places_is_not_located_by_its_headline(analyze):
    d = analyze(
        "Explosions rock Melitopol\n\nRussian forces shelled the railway station overnight, residents said. "
        "In Kharkiv, the governor reported calm."
    )
    assert located(d, "shelled")[0][1] is None


def test_person_location_is_dropped(pipeline, analyze):
    d = analyze("Russian forces shelled Kramatorsk on Sunday.")
    event = d.events[0]
    person = Entity(id="person:someone", name="Someone", type="PERSON", mentions=[Mention(0, 7, "Russian")])
    d.entities.append(person)
    event.location = person.id
    places = pipeline.stages[pipeline.stage_names.index("places")]
    places(d)
    assert event.location == "place:kramatorsk"  # the place of the sentence, not the person


def test_country_location_keeps_the_country_at_its_capital(analyze):
    d = analyze("Protests were held in Belarus on Sunday.")
    ((kind, location, lat, lon),) = located(d)
    assert (kind, location) == ("PROTEST", "country:BLR")
    assert (lat, lon) == pytest.approx((53.90, 27.57), abs=0.05)  # Minsk, not the middle of the outline


def test_one_long_sentence_is_linear_in_entities_and_places():
    """100,000 characters without a full stop, a thousand events in it: seconds, not minutes."""
    import re
    import time

    import sitrep
    from sitrep.config import Config
    from sitrep.model import Event, Evidence
    from sitrep.sources.reader import make_document

    unit = "shelling was reported in Kurakhovka, Donetsk Oblast, and "
    text = unit * (100_000 // len(unit)) + "in Kherson."
    pipe = sitrep.Pipeline(Config(stages=("parse", "entities", "places")))
    document = make_document(text)
    document.spacy_doc = pipe.resources.nlp(document.analysis_text)
    start = time.perf_counter()
    document = pipe.stages[0](document)
    document.events = [
        Event(id=f"e{i}", type="ASSAULT", evidence=Evidence(m.start(), m.end(), ""))
        for i, m in enumerate(re.finditer("shelling", text))
    ]
    document = pipe.stages[1](document)
    assert time.perf_counter() - start < 10
    assert {e.location for e in document.events} == {"place:kurakhivka"}
