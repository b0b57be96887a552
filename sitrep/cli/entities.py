"""``sitrep entities``: who and what the articles name, the most named first."""

from __future__ import annotations

import typer

from . import app
from .common import Column, Format, db_option, emit, format_option, open_db, wide_option

COLUMNS = (
    Column("id", lambda e: e.id, width=24),
    Column("name", lambda e: e.name, width=24),
    Column("type", lambda e: e.type),
    Column("country", lambda e: e.country),
    Column("documents", lambda e: e.stored.documents),
    Column("mentions", lambda e: e.stored.mentions, wide_only=True),
    Column("merged into", lambda e: e.stored.merged_into, wide_only=True),
    Column("aliases", lambda e: ", ".join(e.aliases), wide_only=True),
)


@app.command()
def entities(
    type: str = typer.Option(None, "--type", help="PERSON ORG GPE LOC NORP EQUIPMENT UNIT EVENT."),
    name: str = typer.Option(None, "--name", help="Part of the name."),
    limit: int = typer.Option(100, "--limit", help="At most N entities (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the first N (the next page)."),
    fmt: Format = format_option(),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Entities with how many documents name them."""
    from ..store import facts

    store = open_db(db)
    with store.sessions() as session:
        page = facts.entities(session, type=type, name=name, limit=limit or None, offset=offset, count=True)
    emit(page.items, fmt, COLUMNS, "entities", wide=wide, total=page.total, offset=offset)
