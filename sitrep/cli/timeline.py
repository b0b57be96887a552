"""``sitrep timeline``: events and statements in date order."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .db import Format, db_option, emit, iso, open_db, parse_date

COLUMNS = (
    ("date", lambda t: iso(t.date)),
    ("kind", lambda t: t.kind),
    ("what", lambda t: t.label),
    ("summary", lambda t: t.summary),
    ("source", lambda t: t.source.source or t.source.title or t.source.document),
)


@app.command()
def timeline(
    actor: str = typer.Option(None, "--actor", help="Name, alias or id: its events and statements."),
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    limit: int = typer.Option(200, "--limit", help="The latest N entries."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """The latest events and statements, oldest first."""
    from ..store.queries import timeline as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(
            session,
            actor=actor,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            limit=max(1, limit),
        )
    emit(found, fmt, COLUMNS, "timeline")
