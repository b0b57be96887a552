"""Store fixtures: a fresh database per test on SQLite and on PostgreSQL, and hand-built documents.

PostgreSQL tests run against 127.0.0.1:5432 (trust auth, database ``test``), each in a schema of its
own that is dropped afterwards. Without a server they are skipped with the reason, unless
``SITREP_REQUIRE_POSTGRES=1`` (as in CI), where an unreachable server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import date

import pytest

from sitrep.config import Config
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
from sitrep.store import open_store

PG_HOST = os.environ.get("SITREP_PG_HOST", "127.0.0.1:5432")
PG_USERS = ("postgres", "root")


def _postgres_base() -> str | None:
    """A URL of the test database for the first user that can connect, or None."""
    try:
        import psycopg
    except ImportError:
        return None
    for user in PG_USERS:
        url = f"postgresql://{user}@{PG_HOST}/test"
        try:
            psycopg.connect(url, connect_timeout=3).close()
        except psycopg.Error:
            continue
        return url
    return None


@pytest.fixture(scope="session")
def postgres_base() -> str:
    url = _postgres_base()
    if url is None:
        reason = f"PostgreSQL not reachable at {PG_HOST} (database 'test', users {PG_USERS})"
        if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} and SITREP_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    return url


def _postgres_schema(base: str) -> Iterator[str]:
    import psycopg

    schema = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        dsn = base.replace("postgresql://", "postgresql+psycopg://")
        yield f"{dsn}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL on each back end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}"
    else:
        yield from _postgres_schema(request.getfixturevalue("postgres_base"))


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


class FakePipeline:
    """Stands in for the pipeline where a test needs exact facts, not the model's opinion.

    ``facts(document)`` fills the document; ``pipe``/``__call__`` match :class:`sitrep.Pipeline`.
    """

    def __init__(self, facts, version: str = "fake 1") -> None:
        self.facts = facts
        self.config = Config(stages=("parse",))
        self.version = version

        class _Nlp:
            meta = {"lang": "xx", "name": "fake", "version": version}

        class _Resources:
            nlp = _Nlp()

        self.resources = _Resources()

    def __call__(self, document: Document) -> Document:
        return self.facts(document)

    def pipe(self, documents: Iterable[Document]) -> Iterator[Document]:
        for d in documents:
            yield self.facts(d)


def ev(text: str, phrase: str, occurrence: int = 0) -> Evidence:
    """Evidence for the n-th occurrence of ``phrase`` in ``text``, the whole text as its sentence."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Evidence(start, start + len(phrase), text, 0)


STRIKE_TEXT = (
    "Russia struck Kyiv with 12 missiles on October 10, Ukraine said. "
    "Belarus sent 20 trucks of aid to Russia on October 12. "
    "Lukashenko said Belarus would not join the war. "
    "Analysts expect a new offensive by spring."
)


def entity(
    eid: str, name: str, type_: str, text: str, *aliases: str, lat=None, lon=None, country=None
) -> Entity:
    mentions = []
    pos = text.find(name)
    while pos >= 0:
        mentions.append(Mention(pos, pos + len(name), name))
        pos = text.find(name, pos + 1)
    return Entity(eid, name, type_, list(aliases), country=country, lat=lat, lon=lon, mentions=mentions)


def strike_facts(document: Document) -> Document:
    """Exact facts for STRIKE_TEXT (and a Belarus-only subset for any other text)."""
    t = document.text
    rus = entity("country:RUS", "Russia", "GPE", t, "Russian Federation", country="RUS", lat=61.5, lon=105.3)
    ukr = entity("country:UKR", "Ukraine", "GPE", t, country="UKR", lat=49.0, lon=32.0)
    blr = entity("country:BLR", "Belarus", "GPE", t, "Byelorussia", country="BLR", lat=53.7, lon=27.9)
    kyiv = entity("place:kyiv", "Kyiv", "GPE", t, "Kiev", country="UKR", lat=50.45, lon=30.52)
    luk = entity("person:lukashenko", "Lukashenko", "PERSON", t, "Alexander Lukashenko", country="BLR")
    if "Kyiv" not in t:
        document.entities = [blr]
        return document
    missiles = Quantity(
        "12 missiles", t.index("12 missiles"), t.index("12 missiles") + 11, 12, unit="missiles"
    )
    trucks = Quantity("20 trucks", t.index("20 trucks"), t.index("20 trucks") + 9, 20, unit="trucks")
    oct10 = TimeExpression(
        "October 10",
        t.index("October 10"),
        t.index("October 10") + 10,
        "DATE",
        "2022-10-10",
        date(2022, 10, 10),
        date(2022, 10, 10),
        anchor="publication",
    )
    oct12 = TimeExpression(
        "October 12",
        t.index("October 12"),
        t.index("October 12") + 10,
        "DATE",
        "2022-10-12",
        date(2022, 10, 12),
        date(2022, 10, 12),
        anchor="publication",
    )
    document.entities = [rus, ukr, blr, kyiv, luk]
    document.times = [oct10, oct12]
    document.quantities = [missiles, trucks]
    said = Statement(
        "s1",
        "person:lukashenko",
        "Lukashenko",
        "said",
        "Belarus would not join the war",
        ev(t, "Lukashenko said Belarus would not join the war"),
        role="President",
        content_start=t.index("Belarus would"),
        content_end=t.index(" the war.") + 8,
        modality="negated",
    )
    document.statements = [said]
    document.events = [
        Event(
            "e1",
            "ASSAULT",
            ev(t, "struck"),
            trigger="struck",
            mode="heavy-weapons",
            actors=["country:RUS"],
            recipients=["place:kyiv"],
            actor_texts=["Russia"],
            recipient_texts=["Kyiv"],
            location="place:kyiv",
            quantity=missiles,
            quantities=[missiles],
            time=oct10,
            modality="reported",
            actor_kinds=["state_forces"],
            recipient_kinds=["civilians"],
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Shelling/artillery/missile attack",
            acled_actors={
                "actor1": "Military Forces of Russia (2000-)",
                "inter1": 1,
                "actor2": "Civilians (Ukraine)",
                "inter2": 7,
            },
        ),
        Event(
            "e2",
            "AID",
            ev(t, "sent"),
            trigger="sent",
            actors=["country:BLR"],
            recipients=["country:RUS"],
            actor_texts=["Belarus"],
            recipient_texts=["Russia"],
            item_texts=["trucks"],
            quantity=trucks,
            quantities=[trucks],
            time=oct12,
        ),
        Event(
            "e3",
            "SUPPORT",
            ev(t, "join"),
            trigger="join",
            actors=["country:BLR"],
            actor_texts=["Belarus"],
            modality="negated",
            statement="s1",
        ),
    ]
    document.forecasts = [
        Forecast(
            "f1",
            "a new offensive by spring",
            ev(t, "expect a new offensive by spring"),
            window_start=date(2023, 3, 1),
            window_end=date(2023, 5, 31),
            made=date(2022, 10, 14),
            modality="predicted",
        ),
    ]
    return document


@pytest.fixture
def fake_pipeline() -> FakePipeline:
    return FakePipeline(strike_facts)


def stored_documents(url: str) -> list[dict]:
    """Every stored document as the JSON of ``analyze``, in a stable order (ids derive from content)."""
    import io
    import json

    from sitrep.store.export import export

    store = open_store(url)
    out = io.StringIO()
    with store.sessions() as s:
        export(s, "jsonl", out)
    store.close()
    return sorted(
        (json.loads(line) for line in out.getvalue().splitlines()), key=lambda d: d["document"]["id"]
    )
