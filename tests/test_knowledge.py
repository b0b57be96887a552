"""The knowledge base: its data files load, and lookups give exact answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.knowledge import load_knowledge_base

DATA = Path(__file__).resolve().parent.parent / "sitrep" / "knowledge" / "data"
OWN_FILES = [
    "countries.csv",
    "places.yaml",
    "equipment.yaml",
    "organisations.yaml",
    "people.yaml",
    "roles.yaml",
]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.mark.parametrize("name", OWN_FILES)
def test_data_files_state_sources_and_licence_and_are_listed(name):
    text = (DATA / name).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines()[:15] if line.startswith("#"))
    assert "ource" in header and "icence" in header
    assert f"`{name}`" in (DATA / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Belarusian", "BLR"),
        ("Ukrainian", "UKR"),
        ("Russian", "RUS"),
        ("Polish", "POL"),
        ("Hungarian", "HUN"),
        ("Poles", "POL"),
        ("Filipino", "PHL"),
        ("Ivorian", "CIV"),
        ("Emirati", "ARE"),
        ("Soviet", "SUN"),
        ("Kosovar", "XKX"),
        ("Azeri", "AZE"),
    ],
)
def test_demonyms(kb, word, iso3):
    assert kb.demonym_country(word) == iso3


def test_demonym_table_covers_the_world(kb):
    with_demonym = [k for k in kb.entries if k.startswith("norp:")]
    assert len(with_demonym) >= 180


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Britain", "GBR"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("South Korea", "KOR"),
        ("Russian Federation", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Czechia", "CZE"),
        ("Burma", "MMR"),
        ("BLR", "BLR"),
    ],
)
def test_country_names(kb, name, iso3):
    assert kb.country(name).key == f"country:{iso3}"


def test_country_of_phrases(kb):
    assert kb.country_of("chief of Belarus’ security service KGB") == "BLR"
    assert kb.country_of("the deputy chief of the General Staff of the Ukrainian Armed Forces") == "UKR"
    assert kb.country_of("Kharkiv regional governor") == "UKR"  # by a place when no country word
    assert kb.country_of("told us on Monday") is None  # "us" is not the US
    assert kb.countries_in("talks between Russia, Belarus and the US") == ["RUS", "BLR", "USA"]


def test_places_with_coordinates(kb):
    kherson = kb.place("Kherson")
    assert (kherson.key, kherson.country) == ("place:kherson", "UKR")
    assert kherson.lat == pytest.approx(46.64, abs=0.1) and kherson.lon == pytest.approx(32.61, abs=0.1)
    assert kb.place("Kiev").key == "place:kyiv" == kb.place("Kyiv").key
    assert kb.place("Kyiv").attributes["capital_of"] == "UKR"
    assert kb.place("Gomel").key == "place:homel" == kb.place("Homel").key
    assert kb.place("Zaporozhye").key == "place:zaporizhzhia"
    assert kb.place("Mariupol").lat == pytest.approx(47.10, abs=0.1)
    assert kb.place("Kharkov").key == "place:kharkiv"  # a GeoNames alternate name reaches the curated entry


def test_place_prefers_context_then_curated_then_population(kb):
    assert kb.place("Brest").country == "BLR"
    assert kb.place("Brest", prefer=["FRA"]).country == "FRA"
    assert kb.place("Odessa").country == "UKR"  # not Odessa, Texas
    assert kb.place("Washington").key == "place:washington"
    assert kb.place("Washington").country == "USA"


@pytest.mark.parametrize(
    ("name", "key", "cls", "origin", "nato"),
    [
        ("MiG-31k", "equipment:mig-31k", "combat aircraft", "RUS", "Foxhound"),
        (
            "AS-24 Killjoy",
            "equipment:kh-47m2-kinzhal",
            "air-launched ballistic missile",
            "RUS",
            "AS-24 Killjoy",
        ),
        ("Kinzhal", "equipment:kh-47m2-kinzhal", "air-launched ballistic missile", "RUS", "AS-24 Killjoy"),
        ("T-72As", "equipment:t-72a", "main battle tank", "SUN", None),
        ("Ural trucks", "equipment:ural-4320", "military truck", "SUN", None),
        ("Tor M2", "equipment:tor-m2", "surface-to-air missile system", "RUS", "SA-15 Gauntlet"),
        ("SS-26 Stone", "equipment:iskander-m", "short-range ballistic missile", "RUS", "SS-26 Stone"),
        ("Geran-2", "equipment:shahed-136", "one-way attack drone", "IRN", None),
        ("BTR-82A", "equipment:btr-82a", "armoured personnel carrier", "RUS", None),
        ("HIMARS", "equipment:m142-himars", "multiple launch rocket system", "USA", None),
        ("NLAW", "equipment:nlaw", "anti-tank guided missile", "SWE", None),
    ],
)
def test_equipment(kb, name, key, cls, origin, nato):
    entry = kb.equipment(name)
    assert entry.key == key
    assert (entry.attributes["class"], entry.attributes["origin"], entry.attributes["nato_name"]) == (
        cls,
        origin,
        nato,
    )


def test_equipment_list_is_broad(kb):
    systems = [e for e in kb.entries.values() if e.type == "EQUIPMENT"]
    assert len(systems) >= 150
    for name in [
        "T-80",
        "T-90",
        "BMP-1",
        "BMP-3",
        "S-300",
        "S-400",
        "Kalibr",
        "Bayraktar TB2",
        "Javelin",
        "Su-34",
        "Su-35",
        "Orlan-10",
        "Lancet",
        "Leopard 2",
        "Abrams",
        "Patriot",
        "IRIS-T",
        "NASAMS",
    ]:
        assert kb.equipment(name) is not None, name


def test_unknown_variant_finds_its_family(kb):
    assert kb.equipment("T-64BV2") is None
    assert kb.equipment_family("T-64BV2").key == "equipment:t-64bv"
    assert kb.equipment_family("T-720") is None  # 720 is not a variant of 72
    assert kb.designator_class("BMP-5") == "infantry fighting vehicle"


def test_organisations_and_institutions(kb):
    assert kb.organisation("Nato").key == "org:nato"
    assert kb.organisation("the Kremlin").country == "RUS"
    assert kb.organisation("KGB").key == "org:kgb-belarus"
    assert kb.organisation("the Ukrainian Ministry of Defense").key == "org:defence-ministry-ukr"
    hungary = kb.organisation("the Hungarian Foreign Ministry")
    assert (hungary.key, hungary.name, hungary.country) == (
        "org:foreign-ministry-hun",
        "Ministry of Foreign Affairs of Hungary",
        "HUN",
    )
    assert kb.organisation("Ukraine's General Staff").key == "org:general-staff-ukr"
    assert kb.organisation("General Staff of the Ukrainian Armed Forces").key == "org:general-staff-ukr"
    assert kb.organisation("Defense Ministry of the United States").key == "org:pentagon"
    assert (
        kb.organisation("Ministry of Defence of the United States").name
        == "United States Department of Defense"
    )
    assert kb.organisation("the Czech Defence Ministry").name == "Ministry of Defence of the Czech Republic"


def test_people(kb):
    assert kb.person("Lukashenko").key == "person:alexander-lukashenko"
    assert kb.person("Zelenskyy").country == "UKR"
    assert kb.person("Blaszczak").key == kb.person("Błaszczak").key == "person:mariusz-blaszczak"
    assert kb.person("Austin") is None  # a surname that is also a city links only after the full name
    assert kb.person("Lloyd Austin").role == "Secretary of Defense of the United States"
