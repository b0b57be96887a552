"""The across-reports corpus: a dozen and more short reports by fictional outlets, ingested once per
back end with the real pipeline; ``truth.yaml`` says what a careful reader finds in them.

Every test that takes ``corpus`` runs on SQLite and on PostgreSQL (the store tests' server and
``postgres_base`` fixture: skipped with the reason without a server, failing under
``SITREP_REQUIRE_POSTGRES=1``). Each test gets a private copy: a copied file on SQLite, a fresh
schema filled from the session's ingested schema on PostgreSQL, so ingest runs once per back end.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select, text
from store.conftest import _postgres_schema, postgres_base  # noqa: F401 - the store tests' fixture, shared

from sitrep.sources import read
from sitrep.store import Store, ingest, open_store
from sitrep.store.tables import Base, DocumentRow

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="session")
def truth() -> dict:
    return yaml.safe_load((CORPUS / "truth.yaml").read_text("utf-8"))


def _ingest(url: str, pipeline) -> None:
    store = open_store(url)
    files = sorted(CORPUS.glob("*.txt"))
    stats = ingest(store, read(files), pipeline=pipeline)
    assert stats.stored == len(files) and not stats.failures
    store.close()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, pipeline) -> Path:
    """A SQLite file holding the corpus, built once per session; tests copy it before writing."""
    path = tmp_path_factory.mktemp("across") / "corpus.db"
    _ingest(str(path), pipeline)
    return path


@pytest.fixture(scope="session")
def corpus_pg(request, pipeline) -> Iterator[str]:
    """A PostgreSQL schema holding the corpus, built once per session; tests clone it."""
    for url in _postgres_schema(request.getfixturevalue("postgres_base")):
        _ingest(url, pipeline)
        yield url


def _schema(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[1]


def _clone_pg(template: str, url: str) -> Store:
    """Open a fresh schema at ``url`` and copy every row of ``template`` into it, sequences moved on.

    Columns are named from the tables' metadata, so generated ones (the search tsvector) are rebuilt
    rather than copied; tables go parents first so foreign keys hold.
    """
    store = open_store(url)
    src, dst = _schema(template), _schema(url)
    with store.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            cols = ", ".join(f'"{c.name}"' for c in table.columns)
            conn.execute(
                text(f'INSERT INTO {dst}."{table.name}" ({cols}) SELECT {cols} FROM {src}."{table.name}"')
            )
            (*pk,) = table.primary_key.columns
            if len(pk) == 1 and pk[0].type.python_type is int:  # a serial id: continue after the copied rows
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{dst}.\"{table.name}\"', '{pk[0].name}'), "
                        f'COALESCE(MAX("{pk[0].name}"), 0) + 1, false) FROM {dst}."{table.name}"'
                    )
                )
    return store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def corpus(request, tmp_path) -> Iterator[Store]:
    """A private, open copy of the corpus database on each back end."""
    if request.param == "sqlite":
        path = tmp_path / "corpus.db"
        shutil.copy(request.getfixturevalue("corpus_db"), path)
        store = open_store(str(path))
        yield store
        store.close()
        return
    template = request.getfixturevalue("corpus_pg")
    for url in _postgres_schema(request.getfixturevalue("postgres_base")):
        store = _clone_pg(template, url)
        yield store
        store.close()


@pytest.fixture
def stems(corpus) -> dict[str, str]:
    """Document key -> file stem, to compare with the truth (read from the test's own copy)."""
    with corpus.sessions() as session:
        rows = session.execute(select(DocumentRow.key, DocumentRow.origin)).all()
    return {key: Path(origin.split(":")[0]).stem for key, origin in rows}
