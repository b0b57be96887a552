"""Fixtures: the test corpus ingested once with the real pipeline, copied fresh for tests that edit."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.sources import read
from sitrep.store import ingest, open_store

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SET_FILE = HERE / "belarus-front.yaml"
PG_URL = "postgresql://{user}@127.0.0.1:5432/test"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, pipeline) -> Path:
    """A SQLite file with the corpus ingested and the set loaded; tests copy it, never change it."""
    from sitrep.hypotheses import init_set

    path = tmp_path_factory.mktemp("ach") / "corpus.db"
    store = open_store(str(path))
    stats = ingest(store, read(corpus_files()), pipeline=pipeline)
    assert (stats.stored, stats.failures) == (len(corpus_files()), [])
    with store.transaction() as session:
        init_set(session, "belarus-front", SET_FILE)
    store.close()
    return path


@pytest.fixture
def store(corpus_db, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(corpus_db, path)
    s = open_store(str(path))
    yield s
    s.close()


def _postgres_base() -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    for user in ("postgres", "root"):
        url = PG_URL.format(user=user)
        try:
            psycopg.connect(url, connect_timeout=3).close()
        except psycopg.Error:
            continue
        return url
    return None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL server, dropped afterwards."""
    base = _postgres_base()
    if base is None:
        reason = "PostgreSQL not reachable at 127.0.0.1:5432 (database 'test')"
        if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} and SITREP_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    import psycopg

    schema = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield base.replace("postgresql://", "postgresql+psycopg://") + f"?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
