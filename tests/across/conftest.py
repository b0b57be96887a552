"""The across-reports corpus: a dozen and more short reports by fictional outlets, ingested once with the
real pipeline into a SQLite file; ``truth.yaml`` says what a careful reader finds in them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from sitrep.store import ingest, open_store
from sitrep.store.sources import read
from sitrep.store.tables import DocumentRow

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="session")
def truth() -> dict:
    return yaml.safe_load((CORPUS / "truth.yaml").read_text("utf-8"))


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, pipeline) -> Path:
    """A database holding the corpus, built once per session; tests copy it before writing."""
    path = tmp_path_factory.mktemp("across") / "corpus.db"
    store = open_store(str(path))
    stats = ingest(store, read(sorted(CORPUS.glob("*.txt"))), pipeline=pipeline)
    assert stats.stored == len(list(CORPUS.glob("*.txt"))) and not stats.failures
    store.close()
    return path


@pytest.fixture
def corpus(corpus_db, tmp_path):
    """A private copy of the corpus database, open."""
    path = tmp_path / "corpus.db"
    shutil.copy(corpus_db, path)
    store = open_store(str(path))
    yield store
    store.close()


@pytest.fixture(scope="session")
def stems(corpus_db) -> dict[str, str]:
    """Document key -> file stem, to compare with the truth."""
    store = open_store(str(corpus_db))
    with store.sessions() as session:
        rows = session.execute(select(DocumentRow.key, DocumentRow.origin)).all()
    store.close()
    return {key: Path(origin.split(":")[0]).stem for key, origin in rows}
