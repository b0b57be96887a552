"""Opening a store: one URL, SQLite or PostgreSQL, at the schema's head revision.

A new (empty) database is created at head on first use; an existing one at an older revision is
refused with a message to run ``sitrep db upgrade``, so nobody migrates a shared database by accident.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from .errors import StoreError

DEFAULT_DATABASE = "sitrep.db"
ENV_URL = "SITREP_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(value: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, ``$SITREP_DATABASE_URL`` or the default ``sitrep.db``.

    A bare path means a SQLite file, so ``--db news.db`` works as a user expects.
    """
    value = value or os.environ.get(ENV_URL) or DEFAULT_DATABASE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL: readers never block the writer; a killed writer leaves the last committed state.
    # synchronous=NORMAL is durable against process crashes in WAL mode (not against power loss).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@dataclass
class Store:
    """An open database: its engine and a session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def connect(url: str | None = None) -> Store:
    """The store at ``url`` without any schema check (for migrations)."""
    url = database_url(url)
    engine = make_engine(url)
    return Store(url, engine, sessionmaker(engine, expire_on_commit=False))


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open the database at ``url``; create it at head when it is new, refuse it when it is behind."""
    store = connect(url)
    url = store.url
    current, head = revisions(store)
    if current is None:
        if _has_tables(store.engine):
            raise StoreError(
                f"{safe_url(url)} holds tables but no sitrep schema version; point --db at a sitrep database"
            )
        if not create:
            raise StoreError(f"{safe_url(url)} has no sitrep schema; run `sitrep db upgrade` to create it")
        upgrade(store)
    elif current != head:
        raise StoreError(
            f"{safe_url(url)} is at schema revision {current}, this sitrep needs {head}: "
            "run `sitrep db upgrade` (back up the database first)"
        )
    return store


def _alembic_config(store: Store):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return config


def revisions(store: Store) -> tuple[str | None, str]:
    """The database's current revision (None when unversioned) and the code's head revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(store)).get_current_head()
    with store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head or ""


def upgrade(store: Store, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on the store's connection."""
    from alembic import command

    config = _alembic_config(store)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
