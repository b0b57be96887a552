"""``sitrep entities``: who and what the articles name, the most named first."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .db import Format, db_option, emit, open_db

COLUMNS = (
    ("id", lambda e: e.id),
    ("name", lambda e: e.name),
    ("type", lambda e: e.type),
    ("country", lambda e: e.country),
    ("documents", lambda e: e.documents),
    ("mentions", lambda e: e.mentions),
    ("aliases", lambda e: ", ".join(e.aliases)),
)


@app.command()
def entities(
    type: str = typer.Option(None, "--type", help="PERSON ORG GPE LOC NORP EQUIPMENT UNIT EVENT."),
    name: str = typer.Option(None, "--name", help="Part of the name."),
    limit: int = typer.Option(1000, "--limit", help="At most N entities (0: all)."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Entities with how many documents name them."""
    from ..store.queries import entities as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, type=type, name=name, limit=limit or None)
    emit(found, fmt, COLUMNS, "entities")
