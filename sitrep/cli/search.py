"""``sitrep search TEXT``: full text over articles and facts."""

from __future__ import annotations

import typer

from . import app
from .common import Column, Format, db_option, emit, format_option, iso, open_db, wide_option

COLUMNS = (
    Column("kind", lambda h: h.kind),
    Column("snippet", lambda h: h.snippet, flex=True),
    Column("published", lambda h: iso(h.published)),
    Column("source", lambda h: h.source or h.title or h.document, width=16),
    Column("ref", lambda h: h.ref, wide_only=True),
)


@app.command()
def search(
    text: str = typer.Argument(..., help='Words to find (all of them), e.g. "Tor-M2".'),
    limit: int = typer.Option(50, "--limit", help="At most N hits."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the best N (the next page)."),
    fmt: Format = format_option(),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Articles, events, statements and forecasts that contain the words, best match first."""
    from ..store import facts

    store = open_db(db)
    with store.sessions() as session:
        found = facts.search(session, text, limit=max(1, limit), offset=offset)
    emit(found, fmt, COLUMNS, f"search {text!r}", wide=wide, offset=offset)
