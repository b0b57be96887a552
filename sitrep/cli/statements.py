"""``sitrep statements``: who said what, when, with what force."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .db import Format, db_option, emit, iso, open_db, parse_date

COLUMNS = (
    ("date", lambda s: iso(s.date_start)),
    ("speaker", lambda s: s.speaker),
    ("role", lambda s: s.role),
    ("act", lambda s: s.act),
    ("modality", lambda s: s.modality),
    ("content", lambda s: s.content),
    ("source", lambda s: s.source.source or s.source.title or s.source.document),
    ("key", lambda s: s.key),
)


@app.command()
def statements(
    speaker: str = typer.Option(None, "--speaker", help="Name, alias or id of the speaker."),
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    limit: int = typer.Option(1000, "--limit", help="The newest N statements (0: all)."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Statements, newest first."""
    from ..store.queries import statements as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(
            session,
            speaker=speaker,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            limit=limit or None,
        )
    emit(found, fmt, COLUMNS, "statements")
