"""Stage `entities`: NER corrected by the knowledge base, one identity per entity, roles from the parse."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

import sitrep
from sitrep.sources.reader import make_document

SEED = SHARED / "corpus" / "seed"
SEED_TEXT = SEED / "belarus-trapped-in-putins-plans.txt"


@pytest.fixture(scope="module")
def pipeline():
    return sitrep.Pipeline(sitrep.Config(stages=("parse", "entities")))


def analyse(pipeline, text):
    return pipeline(make_document(text))


def by_name(document, name):
    found = [e for e in document.entities if e.name == name or name in e.aliases]
    assert found, f"{name!r} not among {[e.name for e in document.entities]}"
    return found[0]


# -- the seed article ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(pipeline):
    if not SEED_TEXT.exists():
        pytest.skip("seed corpus not available")
    return analyse(pipeline, SEED_TEXT.read_text(encoding="utf-8")), json.loads(
        (SEED / "gold.json").read_text()
    )


def test_seed_every_gold_entity_found_with_type_country_and_coordinates(seed):
    document, gold = seed
    for g in gold["entities"]:
        names = [g["name"], *g.get("aliases", [])]
        found = [e for e in document.entities if {e.name, *e.aliases} & set(names)]
        assert found, g["name"]
        entity = found[0]
        assert entity.type == g["type"], g["name"]
        if "country" in g or "iso3" in g:
            assert entity.country == g.get("country", g.get("iso3")), g["name"]
        if "lat" in g:
            assert entity.lat == pytest.approx(g["lat"], abs=0.1) and entity.lon == pytest.approx(
                g["lon"], abs=0.1
            )
        if "class" in g:
            assert entity.attributes["class"] == g["class"], g["name"]
        if "origin" in g:
            assert entity.attributes["origin"] == g["origin"], g["name"]


def test_seed_identities_and_mentions(seed):
    document, _ = seed
    ids = {e.id for e in document.entities}
    assert {
        "country:BLR",
        "country:RUS",
        "country:UKR",
        "country:POL",
        "place:kherson",
        "place:kyiv",
        "person:alexander-lukashenko",
        "person:vladimir-putin",
        "person:ivan-tertel",
        "person:oleksii-hromov",
        "org:kgb-belarus",
        "org:nato",
        "org:kremlin",
        "org:verkhovna-rada",
        "org:un-security-council",
        "equipment:mig-31k",
        "equipment:kh-47m2-kinzhal",
        "equipment:t-72a",
        "equipment:ural-4320",
        "equipment:bmp-2",
        "equipment:tor-m2",
    } <= ids
    assert len(ids) == len(document.entities)  # one entity per identity
    lukashenko = document.entity("person:alexander-lukashenko")
    assert len(lukashenko.mentions) == 11 and "Lukashenko" in lukashenko.aliases
    assert len(document.entity("org:kgb-belarus").mentions) == 2
    assert len(document.entity("org:kremlin").mentions) == 3
    mig = document.entity("equipment:mig-31k")
    assert [m.text for m in mig.mentions] == ["MiG-31k Foxhound"]
    assert mig.attributes["nato_name"] == "Foxhound"
    for entity in document.entities:  # offsets index the text
        for m in entity.mentions:
            assert document.text[m.start : m.end] == m.text


def test_seed_roles_from_the_text(seed):
    document, _ = seed
    roles = {e.name: (e.role, e.country) for e in document.entities if e.type == "PERSON"}
    assert roles["Oleksii Hromov"] == (
        "deputy chief of the Main Operational Department of the General Staff of the Ukrainian Armed Forces",
        "UKR",
    )
    assert roles["Kyrylo Budanov"] == ("head of intelligence at the Ukrainian Ministry of Defense", "UKR")
    assert roles["Ivan Tertel"] == ("chief of Belarus’ security service KGB", "BLR")
    assert roles["Viktor Khrenin"] == ("Belarus’ minister of defense", "BLR")
    assert roles["Alexander Lukashenko"] == ("Belarusian leader", "BLR")


def test_seed_traps_avoided(seed):
    document, _ = seed
    text, doc = document.text, document.spacy_doc
    kinds = {e.name: e.type for e in document.entities}
    assert kinds["Kherson"] == kinds["Kyiv"] == "GPE"
    assert kinds["Kh-47M2 Kinzhal"] == "EQUIPMENT"
    assert kinds["Belarus"] == "GPE"
    flight = by_name(document, "Ryanair Flight FR4978")
    assert (flight.type, flight.id) == ("EVENT", "event:ryanair-flight-fr4978")
    assert all(e.type != "ORG" or "Ryanair" not in e.name for e in document.entities)
    wagons = text.index("1940 wagons")
    labels = {(e.start_char, e.text): e.label_ for e in doc.ents}
    assert labels[(wagons, "1940")] == "CARDINAL"  # written back to the parse for later stages


# -- sentences written for these tests ------------------------------------------------------------


def test_place_tagged_person_and_governor_role(pipeline):
    d = analyse(pipeline, "Russian forces shelled Kharkiv on Monday, the governor Oleh Syniehubov said.")
    kharkiv = d.entity("place:kharkiv")
    assert (kharkiv.type, kharkiv.country) == ("GPE", "UKR")
    assert (kharkiv.lat, kharkiv.lon) == pytest.approx((49.98, 36.25), abs=0.01)
    governor = d.entity("person:oleh-syniehubov")
    assert (governor.name, governor.role, governor.kb_id) == ("Oleh Syniehubov", "governor", None)
    assert d.entity("norp:RUS").country == "RUS"


def test_aircraft_and_institution_by_country(pipeline):
    d = analyse(
        pipeline,
        "Two Su-25 jets and a Ka-52 helicopter were shot down near Bakhmut, "
        "the Ukrainian General Staff said on Tuesday.",
    )
    su25 = d.entity("equipment:su-25")
    assert (su25.type, su25.attributes["class"], su25.attributes["origin"], su25.attributes["nato_name"]) == (
        "EQUIPMENT",
        "combat aircraft",
        "SUN",
        "Frogfoot",
    )
    assert d.entity("equipment:ka-52").attributes["class"] == "attack helicopter"
    assert d.entity("place:bakhmut").country == "UKR"
    staff = d.entity("org:general-staff-ukr")
    assert (staff.name, staff.country) == ("General Staff of the Armed Forces of Ukraine", "UKR")


def test_kremlin_metonym_and_capital(pipeline):
    d = analyse(
        pipeline,
        "The Kremlin said Moscow would respond. Dmitry Peskov told reporters "
        "that the Kremlin had no such plans.",
    )
    kremlin = d.entity("org:kremlin")
    assert (kremlin.type, kremlin.country, len(kremlin.mentions)) == ("ORG", "RUS", 2)
    assert kremlin.attributes["metonym_for"] == "government of Russia"
    moscow = d.entity("place:moscow")
    assert (moscow.type, moscow.country, moscow.attributes["capital_of"]) == ("GPE", "RUS", "RUS")
    assert d.entity("person:dmitry-peskov").role == "Press Secretary of the President of Russia"


def test_title_before_name_and_surname_after(pipeline):
    d = analyse(
        pipeline,
        "Defence Minister Oleksii Reznikov said the Leopard 2 tanks and HIMARS launchers "
        "had arrived. Reznikov thanked Nato.",
    )
    reznikov = d.entity("person:oleksii-reznikov")
    assert (reznikov.role, reznikov.country, len(reznikov.mentions)) == ("Defence Minister", "UKR", 2)
    assert d.entity("equipment:leopard-2").attributes["origin"] == "DEU"
    assert d.entity("equipment:m142-himars").name == "M142 HIMARS"
    assert d.entity("org:nato").name == "NATO"


def test_unknown_person_surname_merges_and_kgb_follows_belarus(pipeline):
    d = analyse(
        pipeline,
        "Ivan Tertel, the chief of Belarus' KGB, spoke on Tuesday. Tertel said the KGB "
        "had detained two saboteurs.",
    )
    tertel = d.entity("person:ivan-tertel")
    assert [m.text for m in tertel.mentions] == ["Ivan Tertel", "Tertel"]
    assert (tertel.role, tertel.country) == ("chief of Belarus' KGB", "BLR")
    assert len(d.entity("org:kgb-belarus").mentions) == 2


def test_soviet_kgb_is_another_identity(pipeline):
    d = analyse(pipeline, "Putin served in the Soviet KGB in Dresden. The KGB posted him there in 1985.")
    kgb = d.entity("org:kgb-ussr")
    assert (len(kgb.mentions), kgb.country) == (2, "SUN")
    assert d.entity("org:kgb-belarus") is None


def test_aliases_merge_into_one_system(pipeline):
    d = analyse(
        pipeline, "Russia launched Kalibr cruise missiles and Shahed-136 drones, which Moscow calls Geran-2."
    )
    shahed = d.entity("equipment:shahed-136")
    assert [m.text for m in shahed.mentions] == ["Shahed-136", "Geran-2"]
    assert shahed.attributes["origin"] == "IRN"
    assert d.entity("equipment:kalibr").attributes["class"] == "cruise missile"


def test_unknown_designator_takes_its_family(pipeline):
    d = analyse(pipeline, "Ukrainian troops captured a T-64BV2 tank and two BMP-1AK vehicles near Izium.")
    t64 = d.entity("equipment:t-64bv2")
    assert (t64.kb_id, t64.attributes["class"], t64.attributes["family"]) == (
        None,
        "main battle tank",
        "equipment:t-64bv",
    )
    assert d.entity("equipment:bmp-1ak").attributes["class"] == "infantry fighting vehicle"
    assert d.entity("place:izium").lat == pytest.approx(49.21, abs=0.01)


def test_place_disambiguated_by_the_countries_around(pipeline):
    d = analyse(pipeline, "Troops gathered near Brest, in western Belarus.")
    assert d.entity("place:brest").country == "BLR"
    d = analyse(pipeline, "France moved a submarine from Brest. The French navy said Brest was ready.")
    brest = d.entity("place:brest-fra")
    assert (brest.country, len(brest.mentions)) == ("FRA", 2)


def test_a_country_inside_a_persons_name_stays_a_name(pipeline):
    d = analyse(pipeline, "Michael Jordan visited Chicago.")
    assert d.entity("country:JOR") is None
    assert d.entity("person:michael-jordan").type == "PERSON"


def test_flights_units_and_regions(pipeline):
    d = analyse(
        pipeline,
        "Malaysia Airlines Flight MH17 was shot down over Donbas in 2014. "
        "The 93rd Mechanized Brigade later fought near Bakhmut.",
    )
    assert d.entity("event:malaysia-airlines-flight-mh17").type == "EVENT"
    donbas = d.entity("place:donbas")
    assert (donbas.type, donbas.country) == ("LOC", "UKR")
    assert d.entity("unit:93rd-mechanized-brigade").type == "UNIT"
    years = {e.text: e.label_ for e in d.spacy_doc.ents}
    assert years.get("2014") == "DATE"  # a year stays a year


def test_plain_word_alias_needs_a_cue(pipeline):
    assert analyse(pipeline, "A Patriot fan waved a flag.").entity("equipment:mim-104-patriot") is None
    d = analyse(pipeline, "Two Patriot batteries arrived. The Patriot shot down a Kinzhal.")
    patriot = d.entity("equipment:mim-104-patriot")
    assert [(m.start, m.text) for m in patriot.mentions] == [(4, "Patriot"), (35, "Patriot")]


def test_stage_without_parse_leaves_document_alone(pipeline):
    run = pipeline.stages[0]
    document = make_document("Kyiv")
    assert run(document).entities == []
