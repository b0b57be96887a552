"""A few hundred generated reports with exact facts, for browser tests and screenshots at real volume.

The sentences are written here (no news text is copied); each document says, in three sentences, that an
actor shelled a city, that a country sent aid to another, and what an official said about talks in a
capital. The facts the pipeline would be asked to find come with the text (a fake pipeline hands them
over), so every count a page shows is known exactly:

- ``n`` documents, ``3 n`` events (ASSAULT at a city with coordinates, AID between countries, CONSULT
  located at a country, i.e. drawn at its capital), ``n`` statements, ``n // 10`` forecasts;
- every 50th report dates its strike to October 1962 (a history lesson): outliers for the timeline;
- 2 n located events, all drawn: n at cities, n at capitals.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from store.conftest import FakePipeline

from sitrep.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Forecast,
    Mention,
    Quantity,
    Statement,
    TimeExpression,
)
from sitrep.sources import Article
from sitrep.sources.reader import make_document
from sitrep.store import ingest, open_store

COUNTRIES = [
    ("RUS", "Russia"),
    ("UKR", "Ukraine"),
    ("BLR", "Belarus"),
    ("POL", "Poland"),
    ("USA", "United States"),
    ("DEU", "Germany"),
    ("FRA", "France"),
    ("TUR", "Turkey"),
    ("IRN", "Iran"),
    ("CHN", "China"),
    ("GBR", "United Kingdom"),
    ("MDA", "Moldova"),
    ("LTU", "Lithuania"),
    ("KAZ", "Kazakhstan"),
]
CITIES = [
    ("kyiv", "Kyiv", 50.45, 30.52),
    ("kharkiv", "Kharkiv", 49.99, 36.23),
    ("odesa", "Odesa", 46.48, 30.72),
    ("lviv", "Lviv", 49.84, 24.03),
    ("dnipro", "Dnipro", 48.46, 35.04),
    ("kherson", "Kherson", 46.64, 32.61),
    ("mykolaiv", "Mykolaiv", 46.97, 31.99),
    ("zaporizhzhia", "Zaporizhzhia", 47.84, 35.14),
    ("sumy", "Sumy", 50.91, 34.80),
    ("chernihiv", "Chernihiv", 51.49, 31.29),
    ("bakhmut", "Bakhmut", 48.59, 38.00),
    ("izium", "Izium", 49.21, 37.26),
]
OFFICIALS = [
    "Minister Arlen Vost",
    "Spokesman Ilya Teren",
    "General Mara Dovic",
    "Envoy Pavel Rusk",
    "Adviser Lena Korr",
    "Minister Tomas Halp",
    "Governor Oleh Marr",
    "Ambassador Ivo Stren",
]
START = date(2022, 2, 24)


def documents(n: int = 300, seed: int = 7) -> list[tuple[Document, dict]]:
    """``n`` reports with what each says (the plan its facts are built from)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = START + timedelta(days=rng.randrange(300))
        attacker = rng.choice(COUNTRIES[:3])
        city = rng.choice(CITIES)
        giver, taker = rng.sample(COUNTRIES, 2)
        speaker = rng.choice(OFFICIALS)
        host = rng.choice(COUNTRIES)
        struck = date(1962, 10, 16) if i % 50 == 49 else day - timedelta(days=1)
        trucks = rng.randrange(2, 90)
        text = (
            f"{attacker[1]} shelled {city[1]} on {struck:%B} {struck.day}, {struck.year}, local officials said.\n\n"
            f"{giver[1]} sent {trucks} trucks of aid to {taker[1]} on {day:%B} {day.day}, {day.year}.\n\n"
            f"{speaker} said talks would be held in {host[1]}."
        )
        if i % 10 == 0:
            text += f"\n\nObservers expect a new round of talks in {host[1]} by the end of the year."
        doc = make_document(
            text, title=f"Report {i + 1}: {attacker[1]} shells {city[1]}", source=f"Outlet {i % 7}"
        )
        doc.published = day
        plan = {
            "attacker": attacker,
            "city": city,
            "struck": struck,
            "giver": giver,
            "taker": taker,
            "trucks": trucks,
            "speaker": speaker,
            "host": host,
            "day": day,
            "forecast": i % 10 == 0,
        }
        out.append((doc, plan))
    return out


def _at(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def _evidence(text: str, phrase: str) -> Evidence:
    start, end = _at(text, phrase)
    s_start = text.rfind("\n\n", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = text.find("\n\n", end)
    s_end = len(text) if s_end < 0 else s_end
    return Evidence(start, end, text[s_start:s_end], s_start)


def _entity(eid: str, name: str, type_: str, text: str, **kw) -> Entity:
    mentions, pos = [], text.find(name)
    while pos >= 0:
        mentions.append(Mention(pos, pos + len(name), name))
        pos = text.find(name, pos + 1)
    return Entity(eid, name, type_, mentions=mentions, **kw)


def _time(text: str, day: date) -> TimeExpression:
    words = f"{day:%B} {day.day}, {day.year}"
    start, end = _at(text, words)
    return TimeExpression(words, start, end, "DATE", day.isoformat(), day, day, anchor="absolute")


def facts_for(plans: dict[str, dict]):
    """The fake pipeline's facts: each document's plan, found by its text."""

    def facts(document: Document) -> Document:
        p, t = plans[document.text], document.text
        countries = {code: name for code, name in (p["attacker"], p["giver"], p["taker"], p["host"])}
        ents = [_entity(f"country:{c}", name, "GPE", t, country=c) for c, name in countries.items()]
        cid, cname, lat, lon = p["city"]
        ents.append(_entity(f"place:{cid}", cname, "GPE", t, country="UKR", lat=lat, lon=lon))
        ents.append(_entity(f"person:{p['speaker'].split()[-1].lower()}", p["speaker"], "PERSON", t))
        document.entities = ents
        struck, sent = _time(t, p["struck"]), _time(t, p["day"])
        document.times = [struck, sent]
        q_start, q_end = _at(t, f"{p['trucks']} trucks")
        trucks = Quantity(f"{p['trucks']} trucks", q_start, q_end, p["trucks"], unit="trucks")
        document.quantities = [trucks]
        speaker_id = ents[-1].id
        talks = _evidence(t, " said talks")
        document.statements = [
            Statement("s1", speaker_id, p["speaker"], "said", f"talks would be held in {p['host'][1]}", talks)
        ]
        document.events = [
            Event(
                "e1",
                "ASSAULT",
                _evidence(t, "shelled"),
                trigger="shelled",
                actors=[f"country:{p['attacker'][0]}"],
                recipients=[f"place:{cid}"],
                actor_texts=[p["attacker"][1]],
                recipient_texts=[cname],
                location=f"place:{cid}",
                time=struck,
                modality="reported",
            ),
            Event(
                "e2",
                "AID",
                _evidence(t, "sent"),
                trigger="sent",
                actors=[f"country:{p['giver'][0]}"],
                recipients=[f"country:{p['taker'][0]}"],
                actor_texts=[p["giver"][1]],
                recipient_texts=[p["taker"][1]],
                quantity=trucks,
                quantities=[trucks],
                time=sent,
            ),
            Event(
                "e3",
                "CONSULT",
                _evidence(t, "talks would be held"),
                trigger="talks",
                actors=[speaker_id],
                actor_texts=[p["speaker"]],
                location=f"country:{p['host'][0]}",
                modality="predicted",
                statement="s1",
            ),
        ]
        document.forecasts = []
        if p["forecast"]:
            document.forecasts = [
                Forecast(
                    "f1",
                    f"a new round of talks in {p['host'][1]}",
                    _evidence(t, "expect a new round"),
                    window_start=p["day"],
                    window_end=date(p["day"].year, 12, 31),
                    made=p["day"],
                    modality="predicted",
                )
            ]
        return document

    return facts


def build(url: str, n: int = 300, seed: int = 7) -> dict[str, int]:
    """Store ``n`` generated reports at ``url``; returns the counts the pages must show."""
    made = documents(n, seed)
    pipeline = FakePipeline(facts_for({doc.text: plan for doc, plan in made}))
    store = open_store(url)
    stats = ingest(
        store, [Article(f"generated:{i}", doc) for i, (doc, _) in enumerate(made)], pipeline=pipeline
    )
    store.close()
    assert stats.stored == n, stats.failures
    outliers = sum(1 for _, p in made if p["struck"].year == 1962)
    return {
        "documents": n,
        "events": 3 * n,
        "statements": n,
        "forecasts": sum(1 for _, p in made if p["forecast"]),
        "located": 2 * n,
        "outliers": outliers,
    }
