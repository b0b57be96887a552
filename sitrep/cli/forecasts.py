"""``sitrep forecasts``: predictions with their windows; ``--open`` for those not yet due."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .db import Format, db_option, emit, iso, open_db

COLUMNS = (
    ("made", lambda f: iso(f.made)),
    (
        "window",
        lambda f: f"{iso(f.window_start)}..{iso(f.window_end)}" if f.window_end or f.window_start else "",
    ),
    ("status", lambda f: f.status),
    ("by", lambda f: f.by),
    ("modality", lambda f: f.modality),
    ("claim", lambda f: f.claim),
    ("source", lambda f: f.source.source or f.source.title or f.source.document),
    ("key", lambda f: f.key),
)


@app.command()
def forecasts(
    open_: bool = typer.Option(False, "--open", help="Only forecasts whose window has not ended."),
    due: bool = typer.Option(False, "--due", help="Only unresolved forecasts whose window has passed."),
    resolved: bool = typer.Option(False, "--resolved", help="Only forecasts an analyst resolved."),
    by: str = typer.Option(None, "--by", help="Name, alias or id of who made the forecast."),
    limit: int = typer.Option(1000, "--limit", help="The newest N forecasts (0: all)."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Forecasts, newest first; 'due' ones have a window that has passed: time to check what happened."""
    from ..across.forecasting import with_state
    from ..store.queries import forecasts as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, open_only=open_, by=by, limit=limit or None)
        found = with_state(session, found, due=due, resolved=resolved)
    emit(found, fmt, COLUMNS, "forecasts")
