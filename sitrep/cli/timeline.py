"""``sitrep timeline``: events and statements in date order."""

from __future__ import annotations

import typer

from . import app
from .common import (
    Column,
    Format,
    db_option,
    emit,
    format_option,
    iso,
    open_db,
    parse_date,
    source_name,
    wide_option,
)

COLUMNS = (
    Column("date", lambda t: iso(t.date_start)),
    Column("kind", lambda t: t.kind, wide_only=True),
    Column("what", lambda t: t.label),
    Column("summary", lambda t: t.summary, flex=True),
    Column("source", lambda t: source_name(t.fact), width=16),
)


@app.command()
def timeline(
    actor: str = typer.Option(None, "--actor", help="Name, alias or id: its events and statements."),
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    limit: int = typer.Option(200, "--limit", help="The latest N entries."),
    fmt: Format = format_option(),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """The latest events and statements, oldest first, with analysts' reviews applied."""
    from ..store import facts

    store = open_db(db)
    with store.sessions() as session:
        found = facts.timeline(
            session,
            actor=actor,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            limit=max(1, limit),
        )
    emit(found, fmt, COLUMNS, "timeline", wide=wide)
