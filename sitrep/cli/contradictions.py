"""``sitrep contradictions``: facts that disagree across reports, side by side with their evidence."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .common import (
    Column,
    Format,
    db_option,
    emit,
    iso,
    open_db,
    page_options,
    paged,
    parse_date,
    wide_option,
)

COLUMNS = (
    Column("date", lambda c: iso(c.date)),
    Column("kind", lambda c: c.kind),
    Column("detail", lambda c: c.detail, width=22),
    Column("one report", lambda c: f"{c.a.sentence} [{c.a.source or c.a.document}]"),
    Column("the other", lambda c: f"{c.b.sentence} [{c.b.source or c.b.document}]"),
    Column("denied by", lambda c: c.speaker, wide_only=True),
    Column("cluster", lambda c: c.cluster, wide_only=True),
)


@app.command()
def contradictions(
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    wide: bool = wide_option(),
    limit: int = page_options()[0],
    offset: int = page_options()[1],
    db: str = db_option(),
) -> None:
    """Different quantities or dates for one happening, and assertions against denials."""
    from ..across.contradictions import contradictions as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, since=parse_date(since, "--since"), until=parse_date(until, "--until"))
    emit(
        paged(found, limit, offset),
        fmt,
        COLUMNS,
        "contradictions",
        wide=wide,
        total=len(found),
        offset=offset,
    )
