"""The store: sitrep's database, SQLite by default and PostgreSQL for teams, through the same code.

The few names a caller needs are here; the CLI and the API are thin faces over them.
"""

from __future__ import annotations

from .engine import Store, database_url, open_store, revisions, upgrade
from .errors import StoreError
from .ingest import Stats, count_documents, ingest, reanalyze

__all__ = [
    "Stats",
    "Store",
    "StoreError",
    "count_documents",
    "database_url",
    "ingest",
    "open_store",
    "reanalyze",
    "revisions",
    "upgrade",
]
