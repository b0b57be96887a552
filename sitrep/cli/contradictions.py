"""``sitrep contradictions``: facts that disagree across reports, side by side with their evidence."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .common import Format, db_option, emit, iso, open_db, parse_date

COLUMNS = (
    ("kind", lambda c: c.kind),
    ("detail", lambda c: c.detail),
    ("date", lambda c: iso(c.date)),
    ("one report", lambda c: f"{c.a.sentence} [{c.a.source or c.a.document}]"),
    ("the other", lambda c: f"{c.b.sentence} [{c.b.source or c.b.document}]"),
    ("denied by", lambda c: c.speaker),
    ("cluster", lambda c: c.cluster),
)


@app.command()
def contradictions(
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Different quantities or dates for one happening, and assertions against denials."""
    from ..across.contradictions import contradictions as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, since=parse_date(since, "--since"), until=parse_date(until, "--until"))
    emit(found, fmt, COLUMNS, "contradictions")
