"""bench/score_seed.py: matching by meaning on small hand-made outputs (no pipeline run)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "score_seed.py"
_spec = importlib.util.spec_from_file_location("score_seed", _PATH)
score_seed = importlib.util.module_from_spec(_spec)
sys.modules["score_seed"] = score_seed
_spec.loader.exec_module(score_seed)

GOLD = {
    "publication": {"earliest": "2022-11-03", "latest": "2022-11-08"},
    "entities": [
        {"name": "Vladimir Putin", "aliases": ["Putin"], "type": "PERSON", "country": "RUS"},
        {"name": "Alexander Lukashenko", "aliases": ["Lukashenko"], "type": "PERSON", "country": "BLR"},
        {"name": "Oleksii Hromov", "type": "PERSON", "country": "UKR"},
        {"name": "Russia", "type": "GPE", "iso3": "RUS"},
        {"name": "Belarus", "type": "GPE", "iso3": "BLR"},
        {"name": "Kyiv", "type": "GPE", "country": "UKR", "lat": 50.45, "lon": 30.52},
        {"name": "T-72A", "type": "EQUIPMENT"},
        {"name": "Ural-4320", "aliases": ["Ural trucks"], "type": "EQUIPMENT"},
    ],
    "events": [
        {
            "id": "meeting",
            "plover": "CONSULT",
            "actors": ["Vladimir Putin", "Alexander Lukashenko"],
            "start": "2022-09-26",
            "end": "2022-09-27",
        },
        {
            "id": "jets",
            "plover": "MOBILIZE",
            "actors": ["Russia"],
            "items": ["jets", "drones"],
            "start": "2022-10-01",
            "end": "2022-10-31",
        },
        {
            "id": "tanks",
            "plover": "AID",
            "actors": ["Belarus"],
            "items": ["T-72A"],
            "quantity": {"min": 94, "qualifier": "at least"},
            "start": "2022-10-01",
            "end": "2022-10-31",
        },
        {
            "id": "trucks",
            "plover": "AID",
            "actors": ["Belarus"],
            "items": ["Ural-4320"],
            "quantity": {"min": 36, "max": 44},
            "start": "2022-10-01",
            "end": "2022-10-31",
        },
    ],
    "statements": [
        {"id": "hromov", "speaker": "Oleksii Hromov", "date": "2022-11-03", "venue": "press conference"},
        {"id": "un", "speaker": "UN representative for Poland", "start": "2022-10-24", "end": "2022-11-06"},
    ],
    "forecasts": [
        {
            "id": "groups",
            "by": "Oleksii Hromov",
            "window_start": "2023-01-03",
            "window_end": "2023-02-03",
            "modality": "hedged",
        },
        {"id": "north", "by": "Oleksii Hromov", "modality": "hedged"},
    ],
}


def _entity(id_, name, type_, country=None, aliases=(), lat=None, lon=None, mentions=()):
    return {
        "id": id_,
        "name": name,
        "type": type_,
        "country": country,
        "aliases": list(aliases),
        "lat": lat,
        "lon": lon,
        "mentions": [{"text": t, "start": 0, "end": 0} for t in mentions],
    }


def _event(
    type_, actors=(), recipients=(), time=None, items=(), item_texts=(), quantities=(), actor_texts=()
):
    return {
        "type": type_,
        "actors": list(actors),
        "recipients": list(recipients),
        "actor_texts": list(actor_texts),
        "recipient_texts": [],
        "items": list(items),
        "item_texts": list(item_texts),
        "quantity": None,
        "quantities": list(quantities),
        "time": time,
    }


def _time(start, end):
    return {"start": start, "end": end}


ENTITIES = [
    _entity("putin", "Putin", "PERSON", "RUS"),
    _entity("luka", "Alexander Lukashenko", "PERSON", "BLR"),
    _entity("hromov", "Oleksii Hromov", "PERSON", "UKR"),
    _entity("kremlin", "the Kremlin", "ORG", "RUS"),
    _entity("blr", "Belarus", "GPE", "BLR"),
    _entity("kyiv", "Kyiv", "GPE", "UKR", lat=50.4501, lon=30.5234),
    _entity("t72", "T-72A", "EQUIPMENT"),
    _entity("ural", "Ural", "EQUIPMENT", aliases=["Ural-4320"]),
]


@pytest.fixture
def gold():
    return score_seed.Gold(GOLD)


def test_names_match_by_any_alias_case_and_quotes(gold):
    assert score_seed.norm("  The  KREMLIN’s ") == "kremlin's"
    assert score_seed.refers_to(gold, "Vladimir Putin", _entity("x", "putin", "PERSON"))
    assert score_seed.refers_to(gold, "Putin", None, "Vladimir Putin")
    assert not score_seed.refers_to(gold, "Vladimir Putin", _entity("x", "Lukashenko", "PERSON"))
    both = "Putin and Belarusian leader Alexander Lukashenko"
    assert score_seed.refers_to(gold, "Putin", None, both)
    assert score_seed.refers_to(gold, "Alexander Lukashenko", None, both)
    assert not score_seed.refers_to(gold, "Russia", None, "Russian")  # whole words only


def test_a_country_actor_matches_its_organs(gold):
    kremlin = _entity("k", "Kremlin", "ORG", "RUS")
    assert score_seed.refers_to(gold, "Russia", kremlin)
    assert not score_seed.refers_to(gold, "Belarus", kremlin)
    # The rule runs one way: a gold person is not matched by an organ of their country.
    assert not score_seed.refers_to(gold, "Vladimir Putin", kremlin)


def test_intervals_overlap_closed_and_open():
    d = date.fromisoformat
    assert score_seed.overlaps(d("2022-10-01"), d("2022-10-31"), d("2022-10-31"), d("2022-11-02"))
    assert not score_seed.overlaps(d("2022-10-01"), d("2022-10-30"), d("2022-10-31"), d("2022-11-02"))
    assert score_seed.overlaps(d("2022-10-01"), None, d("2023-01-01"), d("2023-01-02"))
    assert not score_seed.overlaps(None, None, d("2023-01-01"), d("2023-01-02"))


def test_entities_type_country_and_coordinates(gold):
    output = {
        "entities": [
            _entity("p", "Vladimir Putin", "PERSON", "RUS"),
            _entity("l", "Lukashenko", "ORG", "BLR"),  # wrong type
            _entity("r", "Russia", "GPE", None),  # no country
            _entity("k", "Kyiv", "GPE", "UKR", lat=51.5, lon=30.52),  # 1.05° off
            _entity("b", "Belarusian territory", "GPE", "BLR", mentions=["Belarus"]),  # found by mention text
            _entity("t", "t-72a", "EQUIPMENT"),
            _entity("u", "Ural trucks", "EQUIPMENT"),
        ]
    }
    section = score_seed.score_entities(gold, output)
    assert section.found == ["Vladimir Putin", "Belarus", "T-72A", "Ural-4320"]
    assert section.misses == [
        ("Alexander Lukashenko", "type ORG (gold PERSON)"),
        ("Oleksii Hromov", "not found"),
        ("Russia", "country None (gold RUS)"),
        ("Kyiv", "coordinates off by 1.05°"),
    ]
    names_only = score_seed.score_entities(gold, output, names_only=True)
    assert (len(names_only.found), names_only.total) == (6, 8)


def test_events_type_actor_dates_items_quantity(gold):
    output = {
        "entities": ENTITIES,
        "events": [
            # The meeting: Putin acts, Lukashenko is the recipient; both are there.
            _event("CONSULT", ["putin"], ["luka"], _time("2022-09-26", "2022-09-27")),
            # Russia acting through the Kremlin; items from free texts, plural-insensitive.
            _event(
                "MOBILIZE", ["kremlin"], time=_time("2022-10-01", "2022-10-31"), item_texts=["jet", "drones"]
            ),
            # One clause, two quantities: one extracted event stands for one gold event only.
            _event(
                "AID",
                ["blr"],
                time=_time("2022-10-01", "2022-10-31"),
                items=["t72", "ural"],
                quantities=[
                    {
                        "min": 94,
                        "max": None,
                        "value": None,
                        "qualifier": "at least",
                        "unit": "tanks",
                        "text": "94 tanks",
                    },
                    {
                        "min": 36,
                        "max": 44,
                        "value": None,
                        "qualifier": "range",
                        "unit": "trucks",
                        "text": "36–44 trucks",
                    },
                ],
            ),
        ],
    }
    section = score_seed.score_events(gold, output)
    assert section.found == ["meeting", "jets", "tanks"]
    assert section.misses == [("trucks", "its matching output facts already stand for other gold facts")]


def test_event_misses_name_the_closest_reason(gold):
    output = {
        "entities": ENTITIES,
        "events": [
            _event("CONSULT", ["putin"], [], _time("2022-09-26", "2022-09-27")),
            _event("MOBILIZE", ["blr"], time=_time("2022-10-01", "2022-10-31")),
            _event(
                "MOBILIZE", ["kremlin"], time=_time("2022-11-01", "2022-11-05"), item_texts=["jets", "drones"]
            ),
            _event(
                "AID",
                ["blr"],
                time=_time("2022-10-01", "2022-10-31"),
                items=["t72"],
                quantities=[{"value": 94, "min": None, "max": None, "qualifier": None, "text": "94 tanks"}],
            ),
        ],
    }
    section = score_seed.score_events(gold, output)
    assert section.found == []
    assert dict(section.misses) == {
        "meeting": "participant(s) ['Alexander Lukashenko'] missing",
        "jets": "dates 2022-11-01..2022-11-05 do not overlap gold 2022-10-01..2022-10-31",
        "tanks": "quantity {'min': 94, 'qualifier': 'at least'} not among ['94 tanks']",
        "trucks": "item(s) ['Ural-4320'] missing",
    }


def test_events_without_dates_fail_dated_gold(gold):
    output = {"entities": ENTITIES, "events": [_event("CONSULT", ["putin"], ["luka"], None)]}
    section = score_seed.score_events(gold, output)
    assert section.misses[0] == ("meeting", "no date (gold 2022-09-26..2022-09-27)")


def _statement(id_, speaker, text, time=None, venue=None, role=None):
    return {"id": id_, "speaker": speaker, "speaker_text": text, "time": time, "venue": venue, "role": role}


def test_statements_speaker_date_and_venue(gold):
    output = {
        "entities": ENTITIES,
        "statements": [
            _statement(
                "s1", "hromov", "Oleksii Hromov", _time("2022-11-03", "2022-11-03"), "a press conference"
            ),
            _statement("s2", None, "the UN representative for Poland", _time("2022-10-31", "2022-11-06")),
        ],
    }
    section = score_seed.score_statements(gold, output)
    assert section.found == ["hromov", "un"]

    output["statements"][0]["venue"] = "an interview"
    output["statements"][1]["time"] = None
    section = score_seed.score_statements(gold, output)
    assert section.misses == [
        ("hromov", "venue 'an interview' (gold 'press conference')"),
        ("un", "no date (gold 2022-10-24..2022-11-06)"),
    ]


def test_forecasts_speaker_through_statement_window_and_modality(gold):
    output = {
        "entities": ENTITIES,
        "statements": [_statement("s1", "hromov", "Oleksii Hromov")],
        "forecasts": [
            {
                "by": None,
                "statement": "s1",
                "window": {"start": "2023-01-03", "end": "2023-02-03"},
                "modality": "hedged",
            },
            {"by": "hromov", "statement": None, "window": None, "modality": "predicted"},
        ],
    }
    section = score_seed.score_forecasts(gold, output)
    # The first could satisfy both gold forecasts (the second has no window), but one output forecast
    # stands for one gold forecast; the second output has the wrong modality for either.
    assert section.found == ["groups"]
    assert section.misses == [("north", "its matching output facts already stand for other gold facts")]
    output["forecasts"][0]["modality"] = "asserted"
    section = score_seed.score_forecasts(gold, output)
    assert section.misses == [("groups", "modality asserted"), ("north", "modality asserted")]


TRAP_TEXT = (
    "Belarus shipped 65,089 munitions in 1940 wagons. Kyiv and Kherson. AS-24 Killjoy missiles. "
    "Ryanair Flight FR4978. He said: “Today they are spinning this idea.”"
)


def test_traps_need_no_wrong_reading_and_the_right_one():
    today = TRAP_TEXT.index("Today")
    good = {
        "document": {
            "published": None,
            "published_range": {"earliest": "2022-11-03", "latest": "2022-11-08"},
        },
        "entities": [
            _entity("b", "Belarus", "GPE", "BLR"),
            _entity("k", "Kyiv", "GPE"),
            _entity("h", "Kherson", "GPE"),
            _entity("m", "Kh-47M2 Kinzhal", "EQUIPMENT", aliases=["AS-24 Killjoy"]),
        ],
        "quantities": [{"value": 1940, "unit": "wagons"}],
        "times": [
            {
                "text": "Today",
                "span": {"start": today, "end": today + 5},
                "value": "2022-W44",
                "start": "2022-10-31",
                "end": "2022-11-06",
                "anchor": "speech",
            }
        ],
    }
    section = score_seed.check_traps(TRAP_TEXT, good)
    assert (len(section.found), section.misses) == (7, [])

    wagons = TRAP_TEXT.index("1940")
    bad = {
        "document": {"published": "2022-11-05", "published_range": None},
        "entities": [
            _entity("b", "Belarus", "ORG"),
            _entity("k", "Kyiv", "PERSON"),
            _entity("f", "Ryanair Flight FR4978", "ORG"),
        ],
        "quantities": [],
        "times": [
            {"text": "1940", "span": {"start": wagons, "end": wagons + 4}, "value": "1940"},
            {
                "text": "Today",
                "span": {"start": today, "end": today + 5},
                "value": "2022-11-05",
                "start": "2022-11-05",
                "end": "2022-11-05",
                "anchor": None,
            },
        ],
    }
    section = score_seed.check_traps(TRAP_TEXT, bad)
    assert section.found == []
    assert dict(section.misses) == {
        "'1940 wagons' is a count": "read as [\"time '1940'\"]",
        "Kyiv is a place, not PERSON": "read as ['Kyiv PERSON']",
        "Kherson is a place, not PERSON": "not read at all",
        "AS-24 Killjoy is a missile, not PERSON": "not read at all",
        "Belarus is a country, not ORG": "read as ['Belarus ORG']",
        "Ryanair Flight FR4978 not ORG": "read as ['Ryanair Flight FR4978 ORG']",
        "quoted 'Today' is not the publication day": "read as ['resolved to the publication day 2022-11-05']",
    }


def test_publication_distance_is_the_larger_endpoint_gap():
    ours = {
        "document": {"published": None, "published_range": {"earliest": "2022-11-01", "latest": "2022-11-08"}}
    }
    assert score_seed.publication_distance(GOLD, ours)[0] == 2
    assert score_seed.publication_distance(GOLD, {"document": {"published": "2022-11-05"}})[0] == 3
    assert score_seed.publication_distance(GOLD, {"document": {}}) == (None, "no publication date inferred")


def test_baseline_groups_ner_and_keeps_dates_as_times():
    class Ent:
        def __init__(self, text, label, start):
            self.text, self.label_, self.start_char, self.end_char = text, label, start, start + len(text)

    class Doc:
        ents = [
            Ent("Kyiv", "PERSON", 0),
            Ent("kyiv", "PERSON", 10),
            Ent("1940", "DATE", 20),
            Ent("S-300", "PRODUCT", 30),
        ]

    out = score_seed.baseline_output("", lambda text: Doc())
    assert [(e["name"], e["type"], len(e["mentions"])) for e in out["entities"]] == [
        ("Kyiv", "PERSON", 2),
        ("S-300", "EQUIPMENT", 1),
    ]
    assert [t["text"] for t in out["times"]] == ["1940"]
    assert out["events"] == out["statements"] == out["forecasts"] == []


def test_thresholds_and_ratio():
    section = score_seed.Section("events", found=["a"], misses=[("b", "x")])
    result = {"sections": {"events": section}, "publication": {"distance_days": 5}}
    assert score_seed.failures(result, {"events": 0.9}, 3) == [
        "events 50% < 90%",
        "publication distance 5 > 3 days",
    ]
    assert score_seed.failures(result, {"events": 0.5}, None) == []
    assert (score_seed.ratio(0.5, 0.25), score_seed.ratio(0.5, 0), score_seed.ratio(0, 0)) == (
        "2.00",
        "inf",
        "-",
    )


def test_default_paths_follow_sitrep_shared(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_SHARED", str(tmp_path))
    args = score_seed._parse_args([])
    assert args.gold == tmp_path / "corpus" / "seed" / "gold.json"
    assert args.article == tmp_path / "corpus" / "seed" / "belarus-trapped-in-putins-plans.txt"


def test_one_output_event_stands_for_one_gold_event():
    """Two gold AID facts and one extracted AID event: one recovered, not two."""
    gold = {
        "entities": [{"name": "Belarus", "type": "GPE", "iso3": "BLR"}],
        "events": [
            {"id": "tanks", "plover": "AID", "actors": ["Belarus"]},
            {"id": "trucks", "plover": "AID", "actors": ["Belarus"]},
        ],
    }
    output = {
        "entities": [
            {"id": "country:BLR", "name": "Belarus", "type": "GPE", "aliases": [], "country": "BLR"}
        ],
        "events": [{"id": "ev1", "type": "AID", "actors": ["country:BLR"], "modality": "asserted"}],
    }
    section = score_seed.score_events(score_seed.Gold(gold), output)
    assert (len(section.found), section.total) == (1, 2)


def test_hedged_event_does_not_match_a_fact():
    gold = {"entities": [], "events": [{"id": "e", "plover": "MOBILIZE", "actors": []}]}
    output = {
        "entities": [],
        "events": [{"id": "ev1", "type": "MOBILIZE", "actors": [], "modality": "hedged"}],
    }
    section = score_seed.score_events(score_seed.Gold(gold), output)
    assert section.found == [] and "modality hedged" in section.misses[0][1]
