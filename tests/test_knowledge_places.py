"""The place gazetteer: GeoNames places and divisions, spellings that meet, famous referents, the cache."""

from __future__ import annotations

import os
import pickle

import pytest

from sitrep.knowledge import _cache, load_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def resolved(kb, name, region=None, **context):
    found = kb.resolve_place(name, region, **context)
    return (found.entry.key, found.entry.country, found.how) if found else None


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kiev", "place:kyiv"),
        ("Kharkov", "place:kharkiv"),
        ("Nikolaev", "place:mykolaiv"),
        ("Zaporozhye", "place:zaporizhzhia"),
        ("Gorlovka", "place:horlivka"),  # g/h and -ovka/-ivka
        ("Kurakhovka", "place:kurakhivka"),
        ("Kryviy Rih", "place:kryvyi-rih"),  # -iy/-yi, by transliteration only
        ("Svyatohirs'k", "place:svyatohirsk"),  # soft-sign apostrophe
        ("Sviatohirsk", "place:svyatohirsk"),
        ("Харьков", "place:kharkiv"),  # Cyrillic, Russian
        ("Харків", "place:kharkiv"),  # Cyrillic, Ukrainian
    ],
)
def test_transliteration_variants_meet(kb, written, key):
    assert kb.resolve_place(written).entry.key == key


@pytest.mark.parametrize(
    ("name", "country"),
    [("Moscow", "RUS"), ("Donetsk", "UKR"), ("Paris", "FRA"), ("Geneva", "CHE"), ("Odessa", "UKR")],
)
def test_famous_referent_wins_even_in_an_american_article(kb, name, country):
    assert kb.resolve_place(name).entry.country == country
    assert kb.resolve_place(name, article={"USA": 0.8, "RUS": 0.2}).entry.country == country


def test_the_text_can_say_otherwise(kb):
    assert resolved(kb, "Moscow", "Idaho") == ("place:moscow-usa", "USA", "name")
    assert resolved(kb, "Paris", "Texas") == ("place:paris-usa", "USA", "name")
    assert kb.resolve_place("Brest", local=["FRA"], article={"FRA": 1.0}).entry.country == "FRA"
    assert kb.resolve_place("Brest").entry.country == "BLR"


def test_place_in_its_region(kb):
    # a village GeoNames knows, in the oblast the text names
    found = kb.resolve_place("Mala Rohan", "Kharkiv Oblast")
    assert (found.entry.key, found.entry.attributes["admin1_code"]) == ("place:mala-rohan", "UA.07")
    # a village it does not know: the oblast, never a same-named village elsewhere
    for region in ("Kharkiv Oblast", "Kharkiv", "Kharkivs'ka oblast", "Charkov Oblast", "Kharkiv region"):
        assert resolved(kb, "Kamyanka", region) == ("place:kharkiv-oblast", "UKR", "division")
    # a typo inside the region
    assert kb.resolve_place("Melitropol", "Zaporizhzhia Oblast").entry.key == "place:melitopol"
    # a big town the writer put in the neighbouring oblast
    assert kb.resolve_place("Rubizhne", "Donetsk Oblast").entry.attributes["admin1_code"] == "UA.14"


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Kharkiv Oblast", "UA.07"),
        ("Kharkivs'ka oblast", "UA.07"),
        ("Харьковская область", "UA.07"),
        ("Belgorod", "RU.09"),
        ("Belogorod", "RU.09"),
        ("Gomel Region", "BY.02"),
        ("Zaporizhia Oblast", "UA.26"),
        ("Kiyv Oblast", "UA.13"),
        ("Krasnodar Krai", "RU.38"),
        ("Crimea", "UA.11"),
        ("Texas", "US.TX"),
    ],
)
def test_first_level_divisions(kb, phrase, code):
    assert code in kb.region(phrase).codes


def test_divisions_are_places_with_a_centre(kb):
    oblast = kb.get("place:kharkiv-oblast")
    assert (oblast.name, oblast.country, oblast.attributes["precision"]) == (
        "Kharkiv Oblast",
        "UKR",
        "admin1",
    )
    assert oblast.lat == pytest.approx(49.98, abs=0.05)  # Kharkiv, its centre
    assert kb.division_of(kb.place("Kupiansk")).key == "place:kharkiv-oblast"
    assert kb.division_of(kb.place("Belgorod")).name == "Belgorod Oblast"
    assert kb.division_of(kb.place("Kyiv")).key == "place:kyiv"  # a city that is a division of its own


def test_every_populated_place_of_the_theatre(kb):
    small = kb.resolve_place("Kurakhivka")  # 2,600 inhabitants: not in the 15,000+ list of the old gazetteer
    assert (small.entry.country, small.entry.attributes["admin1_code"]) == ("UKR", "UA.05")
    assert kb.place("Kherson").lat == pytest.approx(46.64, abs=0.05)


def test_country_stands_at_its_capital(kb):
    ukraine = kb.country("Ukraine")
    assert (ukraine.lat, ukraine.lon) == (kb.place("Kyiv").lat, kb.place("Kyiv").lon)
    assert ukraine.attributes["precision"] == "country"


@pytest.mark.parametrize(
    ("lemma", "key"),
    [
        ("харків", "place:kharkiv"),
        ("київ", "place:kyiv"),
        ("одесса", "place:odesa"),
        ("москва", "place:moscow"),
    ],
)
def test_place_by_lemma(kb, lemma, key):
    assert kb.place_by_lemma(lemma).key == key


def test_a_person_title_and_a_small_place_are_not_well_known(kb):
    assert kb.person_titles >= {"mr", "rep", "sen"}
    assert not kb.well_known(kb.resolve_place("Boone").entry)
    assert kb.well_known(kb.place("Kherson"))


# -- the compiled cache ------------------------------------------------------------------------------------


def test_cache_builds_once_then_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    assert _cache.load_or_build(build) == {"built": 1}
    assert _cache.load_or_build(build) == {"built": 1}  # loaded, not rebuilt
    assert len(calls) == 1
    files = list(tmp_path.glob("knowledge-*.pickle"))
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"


def test_cache_invalidated_when_its_inputs_change(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_cache, "fingerprint", lambda: "one")
    _cache.load_or_build(lambda: "old")
    monkeypatch.setattr(_cache, "fingerprint", lambda: "two")
    assert _cache.load_or_build(lambda: "new") == "new"
    assert [p.name for p in tmp_path.glob("knowledge-*.pickle")] == [
        "knowledge-two.pickle"
    ]  # the old one is gone


def test_fingerprint_follows_the_data_files():
    assert _cache.fingerprint() == _cache.fingerprint()
    assert len(_cache.fingerprint()) == 24


def test_unwritable_cache_falls_back_to_building(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SITREP_CACHE_DIR", str(blocker / "sub"))
    assert _cache.load_or_build(lambda: 42) == 42


def test_cache_off_and_untrusted_or_broken_files_are_not_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", "off")
    assert _cache.cache_dir() is None
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_cache, "fingerprint", lambda: "fp")
    path = tmp_path / "knowledge-fp.pickle"
    path.write_bytes(pickle.dumps("planted"))
    os.chmod(path, 0o666)  # anyone may write it: never unpickled
    assert _cache.load_or_build(lambda: "built") == "built"
    path.write_bytes(b"truncated")
    os.chmod(path, 0o600)
    assert _cache.load_or_build(lambda: "rebuilt") == "rebuilt"
