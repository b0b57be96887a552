"""Queries return exactly the expected rows, on both back ends."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sitrep.sources import read
from sitrep.store import ingest, queries
from sitrep.store.queries import EventFilter

from .conftest import STRIKE_TEXT


@pytest.fixture
def filled(store, fake_pipeline, tmp_path):
    rows = [
        {
            "text": STRIKE_TEXT,
            "title": "Strikes on Kyiv",
            "published": "2022-10-14",
            "source": "Wire",
            "url": "https://example.org/strikes",
        },
        {"text": "Belarus and Russia began joint drills near the Tor-M2 site.", "published": "2022-11-02"},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert ingest(store, read([path]), pipeline=fake_pipeline).stored == 2
    with store.sessions() as session:
        yield session


def _keys(records) -> list[str]:
    return [r.type for r in records]


def test_events_by_actor_resolve_names_and_aliases(filled):
    assert _keys(queries.events(filled, EventFilter(actor="Russia"))) == ["ASSAULT"]
    assert _keys(queries.events(filled, EventFilter(actor="russian federation"))) == ["ASSAULT"]
    assert _keys(queries.events(filled, EventFilter(actor="Byelorussia"))) == ["SUPPORT", "AID"]
    assert queries.events(filled, EventFilter(actor="Atlantis")) == []


def test_events_by_recipient_type_and_dates(filled):
    assert _keys(queries.events(filled, EventFilter(recipient="Russia"))) == ["AID"]
    assert _keys(queries.events(filled, EventFilter(type="aid"))) == ["AID"]
    # e3 has no time of its own: it takes the publication date, 2022-10-14
    assert _keys(queries.events(filled, EventFilter(since=date(2022, 10, 11)))) == ["SUPPORT", "AID"]
    assert _keys(queries.events(filled, EventFilter(until=date(2022, 10, 11)))) == ["ASSAULT"]
    flt = EventFilter(actor="Belarus", since=date(2022, 10, 12), until=date(2022, 10, 12))
    assert _keys(queries.events(filled, flt)) == ["AID"]


def test_events_by_acled_type_or_sub_event_type(filled):
    assert _keys(queries.events(filled, EventFilter(acled_type="Explosions/Remote violence"))) == ["ASSAULT"]
    assert _keys(queries.events(filled, EventFilter(acled_type="shelling/artillery/missile attack"))) == [
        "ASSAULT"
    ]
    assert queries.events(filled, EventFilter(acled_type="Air/drone strike")) == []
    assert queries.events(filled, EventFilter(actor="Belarus", acled_type="Protests")) == []
    assert _keys(
        queries.events(filled, EventFilter(actor="Russia", acled_type="Explosions/Remote violence"))
    ) == ["ASSAULT"]
    assert queries.events(filled, EventFilter(acled_type="no such type")) == []


def test_events_near_a_place(filled):
    assert _keys(queries.events(filled, EventFilter(near="Kiev", km=50))) == ["ASSAULT"]
    assert _keys(queries.events(filled, EventFilter(near="50.0,30.52", km=60))) == ["ASSAULT"]
    assert queries.events(filled, EventFilter(near="50.0,30.52", km=40)) == []


def test_event_record_carries_names_place_and_source(filled):
    [e] = queries.events(filled, EventFilter(type="ASSAULT"))
    assert e.to_dict() == {
        "key": e.key,
        "date_start": "2022-10-10",
        "date_end": "2022-10-10",
        "type": "ASSAULT",
        "mode": "heavy-weapons",
        "actors": ["Russia"],
        "recipients": ["Kyiv"],
        "location": "Kyiv",
        "latitude": 50.45,
        "longitude": 30.52,
        "country": "UKR",
        "modality": "reported",
        "trigger": "struck",
        "sentence": STRIKE_TEXT,
        "actor_ids": ["country:RUS"],
        "recipient_ids": ["place:kyiv"],
        "acled_event_type": "Explosions/Remote violence",
        "acled_sub_event_type": "Shelling/artillery/missile attack",
        "acled_actors": {
            "actor1": "Military Forces of Russia (2000-)",
            "inter1": 1,
            "actor2": "Civilians (Ukraine)",
            "inter2": 7,
        },
        "source": {
            "document": e.source.document,
            "title": "Strikes on Kyiv",
            "source": "Wire",
            "url": "https://example.org/strikes",
            "published": "2022-10-14",
        },
    }


def test_statements_by_speaker(filled):
    [s] = queries.statements(filled, speaker="Alexander Lukashenko")
    assert (s.speaker, s.role, s.act, s.content, s.modality, s.date_start) == (
        "Lukashenko",
        "President",
        "said",
        "Belarus would not join the war",
        "negated",
        date(2022, 10, 14),
    )
    assert queries.statements(filled, speaker="Zelensky") == []


def test_forecasts_open_and_due(filled):
    [f] = queries.forecasts(filled, open_only=True, today=date(2023, 1, 1))
    assert (f.claim, f.window_end, f.status) == ("a new offensive by spring", date(2023, 5, 31), "open")
    assert queries.forecasts(filled, open_only=True, today=date(2023, 6, 1)) == []
    assert queries.forecasts(filled, today=date(2023, 6, 1))[0].status == "due"


def test_entities_by_type_with_counts(filled):
    got = [(e.id, e.documents, e.mentions) for e in queries.entities(filled, type="gpe")]
    assert got == [("country:BLR", 2, 3), ("place:kyiv", 1, 1), ("country:RUS", 1, 2), ("country:UKR", 1, 1)]
    [luk] = queries.entities(filled, type="PERSON")
    assert luk.aliases == ["Alexander Lukashenko"]


def test_timeline_is_chronological(filled):
    got = [
        (t.date.isoformat(), t.kind, t.label, t.summary) for t in queries.timeline(filled, actor="Belarus")
    ]
    assert got == [
        ("2022-10-12", "event", "AID", "Belarus sent Russia"),
        ("2022-10-14", "event", "SUPPORT", "Belarus not join"),
    ]
    everything = queries.timeline(filled)
    assert [t.kind for t in everything] == ["event", "event", "event", "statement"]
    assert queries.timeline(filled, limit=2)[-1].kind == "statement"


def test_search_articles_and_facts(filled):
    hits = queries.search(filled, "Tor-M2")
    assert [(h.kind, h.source.published) for h in hits] == [("document", date(2022, 11, 2))]
    assert "[Tor]" in hits[0].snippet or "[Tor-M2]" in hits[0].snippet
    kinds = sorted(h.kind for h in queries.search(filled, "Lukashenko"))
    assert kinds == ["document", "event", "event", "event", "statement"]
    assert queries.search(filled, 'drills" OR "x') == []  # quotes are text, not query syntax


def test_search_treats_control_characters_as_blanks(store):
    from sitrep.store import queries

    with store.sessions() as session:
        assert queries.search(session, "\x00") == []
        assert queries.search(session, "Tor-M2\x00") == queries.search(session, "Tor-M2")
