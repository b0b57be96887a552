"""``sitrep search TEXT``: full text over articles and facts."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .db import Format, db_option, emit, iso, open_db

COLUMNS = (
    ("kind", lambda h: h.kind),
    ("snippet", lambda h: h.snippet),
    ("published", lambda h: iso(h.source.published)),
    ("source", lambda h: h.source.source or h.source.title or h.source.document),
    ("ref", lambda h: h.ref),
)


@app.command()
def search(
    text: str = typer.Argument(..., help='Words to find (all of them), e.g. "Tor-M2".'),
    limit: int = typer.Option(50, "--limit", help="At most N hits."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Articles, events, statements and forecasts that contain the words, best match first."""
    from ..store.queries import search as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, text, limit=max(1, limit))
    emit(found, fmt, COLUMNS, f"search {text!r}")
