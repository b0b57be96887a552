"""The one reader of stored facts: exact rows on both back ends, analysts' decisions applied."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sitrep.sources import read
from sitrep.store import facts, ingest, reviews
from sitrep.store.facts import EventFilter

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


def _types(page) -> list[str]:
    return [e.type for e in page]


def _key(session, type_: str) -> str:
    [e] = facts.events(session, EventFilter(type=type_)).items
    return e.stored.key


def _review(store, kind: str, key: str, **what) -> dict:
    def current(session, kind_, key_):
        found = facts.event(session, key_) if kind_ == "event" else None
        return found.items[0].to_dict() if found else {}

    return reviews.record(store, kind, key, reviews.ReviewIn(**what), "alice", current)


def test_events_by_actor_resolve_names_and_aliases(filled):
    assert _types(facts.events(filled, EventFilter(actor="Russia"))) == ["ASSAULT"]
    assert _types(facts.events(filled, EventFilter(actor="russian federation"))) == ["ASSAULT"]
    assert _types(facts.events(filled, EventFilter(actor="Byelorussia"))) == ["SUPPORT", "AID"]
    assert facts.events(filled, EventFilter(actor="Atlantis")).items == []


def test_events_by_recipient_type_and_dates(filled):
    assert _types(facts.events(filled, EventFilter(recipient="Russia"))) == ["AID"]
    assert _types(facts.events(filled, EventFilter(type="aid"))) == ["AID"]
    # e3 has no time of its own: the store dates it by its article, 2022-10-14
    assert _types(facts.events(filled, EventFilter(since=date(2022, 10, 11)))) == ["SUPPORT", "AID"]
    assert _types(facts.events(filled, EventFilter(until=date(2022, 10, 11)))) == ["ASSAULT"]
    flt = EventFilter(actor="Belarus", since=date(2022, 10, 12), until=date(2022, 10, 12))
    assert _types(facts.events(filled, flt)) == ["AID"]


def test_events_by_acled_type_or_sub_event_type(filled):
    assert _types(facts.events(filled, EventFilter(acled_type="Explosions/Remote violence"))) == ["ASSAULT"]
    assert _types(facts.events(filled, EventFilter(acled_type="shelling/artillery/missile attack"))) == [
        "ASSAULT"
    ]
    assert facts.events(filled, EventFilter(acled_type="Air/drone strike")).items == []
    assert facts.events(filled, EventFilter(actor="Belarus", acled_type="Protests")).items == []
    flt = EventFilter(actor="Russia", acled_type="Explosions/Remote violence")
    assert _types(facts.events(filled, flt)) == ["ASSAULT"]


def test_events_near_a_place(filled):
    assert _types(facts.events(filled, EventFilter(near="Kiev", km=50))) == ["ASSAULT"]
    assert _types(facts.events(filled, EventFilter(near="50.0,30.52", km=60))) == ["ASSAULT"]
    assert facts.events(filled, EventFilter(near="50.0,30.52", km=40)).items == []


def test_pages_count_and_continue(filled):
    first = facts.events(filled, limit=2, count=True)
    assert (_types(first), first.total, first.has_next) == (["SUPPORT", "AID"], 3, True)
    second = facts.events(filled, limit=2, offset=2, count=True)
    assert (_types(second), second.total, second.has_next) == (["ASSAULT"], 3, False)
    assert facts.events(filled, limit=2, offset=3).items == []


def test_an_event_is_the_analysis_contract_plus_key_source_and_review(filled):
    page = facts.events(filled, EventFilter(type="ASSAULT"))
    [e] = page.items
    data = e.to_dict()
    assert data["key"] == e.stored.key and data["key"].startswith("event:")
    assert (data["date_start"], data["date_end"], data["review"]) == ("2022-10-10", "2022-10-10", None)
    assert data["source"] == {
        "document": e.stored.document,
        "title": "Strikes on Kyiv",
        "source": "Wire",
        "url": "https://example.org/strikes",
        "published": "2022-10-14",
        "grade": None,
        "copy_of": None,
    }
    assert (data["actors"], data["recipients"], data["location"]) == (
        ["country:RUS"],
        ["place:kyiv"],
        "place:kyiv",
    )
    assert data["quantity"]["value"] == 12 and data["quantity"]["text"] == "12 missiles"
    assert data["time"] == {
        "text": "October 10",
        "value": "2022-10-10",
        "start": "2022-10-10",
        "end": "2022-10-10",
    }
    assert e.summary(page) == "Russia struck → Kyiv"
    assert (page.entity("place:kyiv").lat, page.entity("place:kyiv").lon) == (50.45, 30.52)


def test_an_event_without_a_time_of_its_own_is_dated_by_its_article(filled):
    [e] = facts.events(filled, EventFilter(type="SUPPORT")).items
    assert e.time is None
    assert (e.stored.date_start, e.stored.date_end) == (date(2022, 10, 14), date(2022, 10, 14))
    assert (e.stored.dated_by, e.to_dict()["dated_by"]) == ("article", "article")
    [assault] = facts.events(filled, EventFilter(type="ASSAULT")).items
    assert assault.stored.dated_by == "text"


def test_a_rejected_event_is_gone_until_asked_for(store, filled):
    key = _key(filled, "AID")
    assert _review(store, "event", key, decision="reject")["decision"] == "reject"
    with store.sessions() as session:
        page = facts.events(session, count=True)
        assert (_types(page), page.total) == (["SUPPORT", "ASSAULT"], 2)
        assert facts.events(session, EventFilter(actor="Belarus")).items[0].type == "SUPPORT"
        everything = facts.events(session, include_rejected=True)
        [aid] = [e for e in everything if e.type == "AID"]
        assert aid.stored.review.status == "rejected" and aid.stored.rejected
        assert [t.label for t in facts.timeline(session, actor="Belarus")] == ["SUPPORT"]
        assert all(h.ref != key for h in facts.search(session, "trucks"))
    # accepting it again brings it back
    _review(store, "event", key, decision="accept")
    with store.sessions() as session:
        assert _types(facts.events(session)) == ["SUPPORT", "AID", "ASSAULT"]


def test_an_edited_event_shows_its_edit(store, filled):
    key = _key(filled, "AID")
    _review(
        store,
        "event",
        key,
        changes={
            "actors": ["Russia"],
            "recipients": "Ukraine; Atlantis",
            "date_start": "2022-10-11",
            "quantity": 25,
        },
    )
    with store.sessions() as session:
        page = facts.event(session, key)
        [e] = page.items
        assert (e.actors, e.actor_texts) == (["country:RUS"], ["Russia"])
        assert (e.recipients, e.recipient_texts) == (["country:UKR"], ["Ukraine", "Atlantis"])
        assert (e.time.start, e.time.end, e.stored.date_start) == (
            date(2022, 10, 11),
            date(2022, 10, 12),
            date(2022, 10, 11),
        )
        assert e.quantity.value == 25
        assert e.stored.review.status == "edited" and e.stored.review.changes["quantity"] == 25
        assert e.summary(page) == "Russia sent → Ukraine"


def test_a_type_edit_moves_the_event_out_of_its_old_type(store, filled):
    key = _key(filled, "AID")
    _review(store, "event", key, changes={"type": "SUPPORT"})
    with store.sessions() as session:
        assert facts.events(session, EventFilter(type="AID")).items == []
        assert facts.event(session, key).items[0].type == "SUPPORT"


def test_an_edit_ending_before_the_start_is_refused(store, filled):
    key = _key(filled, "AID")
    with pytest.raises(
        reviews.ReviewError, match="date_end 2022-10-01 would be before date_start 2022-10-12"
    ):
        _review(store, "event", key, changes={"date_end": "2022-10-01"})
    with pytest.raises(reviews.ReviewError, match="is before date_start"):
        _review(store, "event", key, changes={"date_start": "2022-10-12", "date_end": "2022-10-01"})


def test_merged_entities_show_as_one_and_a_name_finds_both(store, filled):
    reviews.record_merge(store, "country:BLR", "country:RUS", "same side", "alice")
    with store.sessions() as session:
        page = facts.events(session, EventFilter(type="AID"))
        [aid] = page.items
        assert (aid.actors, aid.recipients) == (["country:RUS"], ["country:RUS"])
        assert _types(facts.events(session, EventFilter(actor="Belarus"))) == ["SUPPORT", "AID", "ASSAULT"]
        blr = facts.entity(session, "country:BLR")
        assert (blr.stored.merged_into, facts.entity(session, "country:RUS").stored.merged_from) == (
            "country:RUS",
            ["country:BLR"],
        )


def test_statements_by_speaker(filled):
    page = facts.statements(filled, speaker="Alexander Lukashenko")
    [s] = page.items
    assert (s.speaker, s.role, s.act, s.content, s.modality, s.stored.date_start) == (
        "person:lukashenko",
        "President",
        "said",
        "Belarus would not join the war",
        "negated",
        date(2022, 10, 14),
    )
    assert s.summary(page) == "Lukashenko: Belarus would not join the war"
    assert facts.statements(filled, speaker="Zelensky").items == []


def test_forecasts_open_and_due(filled):
    [f] = facts.forecasts(filled, status="open", today=date(2023, 1, 1)).items
    assert (f.claim, f.window_end, facts.forecast_status(f, date(2023, 1, 1))) == (
        "a new offensive by spring",
        date(2023, 5, 31),
        "open",
    )
    assert facts.forecasts(filled, status="open", today=date(2023, 6, 1)).items == []
    [due] = facts.forecasts(filled, status="due", today=date(2023, 6, 1)).items
    assert facts.forecast_status(due, date(2023, 6, 1)) == "due"


def test_entities_by_type_with_counts(filled):
    page = facts.entities(filled, type="gpe", count=True)
    got = [(e.id, e.stored.documents, e.stored.mentions) for e in page]
    assert got == [("country:BLR", 2, 3), ("place:kyiv", 1, 1), ("country:RUS", 1, 2), ("country:UKR", 1, 1)]
    assert page.total == 4
    [luk] = facts.entities(filled, type="PERSON").items
    assert luk.aliases == ["Alexander Lukashenko"]


def test_timeline_is_chronological(filled):
    got = [
        (t.date_start.isoformat(), t.kind, t.label, t.summary)
        for t in facts.timeline(filled, actor="Belarus")
    ]
    assert got == [
        ("2022-10-12", "event", "AID", "Belarus sent → Russia"),
        ("2022-10-14", "event", "SUPPORT", "Belarus not join"),
    ]
    everything = facts.timeline(filled)
    assert [t.kind for t in everything] == ["event", "event", "event", "statement"]
    assert facts.timeline(filled, limit=2)[-1].kind == "statement"


def test_a_document_carries_keys_and_reviews(store, filled):
    key = _key(filled, "AID")
    _review(store, "event", key, decision="reject")
    [doc_key] = [e.stored.document for e in facts.events(filled, EventFilter(type="ASSAULT"))]
    with store.sessions() as session:
        doc = facts.document(session, doc_key)
        assert [e.type for e in doc.events] == ["ASSAULT", "SUPPORT"]
        assert all(e.stored and e.stored.key for e in doc.events)
        everything = facts.document(session, doc_key, include_rejected=True)
        assert [e.type for e in everything.events] == ["ASSAULT", "AID", "SUPPORT"]
        assert facts.document(session, "no-such-document") is None


def test_search_articles_and_facts(filled):
    hits = facts.search(filled, "Tor-M2")
    assert [(h.kind, h.published) for h in hits] == [("document", date(2022, 11, 2))]
    assert "[Tor]" in hits[0].snippet or "[Tor-M2]" in hits[0].snippet
    kinds = sorted(h.kind for h in facts.search(filled, "Lukashenko"))
    assert kinds == ["document", "event", "event", "event", "statement"]
    assert facts.search(filled, 'drills" OR "x') == []  # quotes are text, not query syntax


def test_search_treats_control_characters_as_blanks(store):
    with store.sessions() as session:
        assert facts.search(session, "\x00") == []
        assert facts.search(session, "Tor-M2\x00") == facts.search(session, "Tor-M2")
