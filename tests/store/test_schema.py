"""The schema: created at head on first use, migrations in step with the tables, WAL on SQLite."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from sitrep.store import StoreError, open_store, revisions
from sitrep.store.tables import Base, include_object


def test_new_database_is_created_at_head(store):
    current, head = revisions(store)
    assert current == head == "0008"


def test_migrations_match_the_tables(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_uses_wal(tmp_path):
    store = open_store(str(tmp_path / "x.db"))
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_database_behind_head_is_refused(tmp_path):
    store = open_store(str(tmp_path / "old.db"))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(StoreError, match="sitrep db upgrade"):
        open_store(str(tmp_path / "old.db"))


def test_foreign_tables_are_refused(tmp_path):
    import sqlite3

    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="no sitrep schema version"):
        open_store(str(tmp_path / "other.db"))
