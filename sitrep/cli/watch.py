"""``sitrep watch``: facts that newly matched an indicator of a hypothesis set."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from . import app
from .common import Column, Format, db_option, emit, iso, open_db, parse_date

COLUMNS = (
    Column("detected", lambda t: t.detected_at.strftime("%Y-%m-%d %H:%M")),
    Column("set", lambda t: t.set_name, width=14),
    Column("indicator", lambda t: t.indicator_text or t.indicator, width=24),
    Column("published", lambda t: iso(t.published), wide_only=True),
    Column("source", lambda t: t.source, wide_only=True),
    Column("sentence", lambda t: t.sentence),
)


@app.command()
def watch(
    since: str = typer.Option(
        None, "--since", help="Only triggers recorded on or after this day, YYYY-MM-DD."
    ),
    name: list[str] = typer.Option(None, "--set", help="Only these hypothesis sets."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Stored facts that newly matched an indicator (recorded when they were ingested), newest first."""
    from ..hypotheses import triggers

    day = parse_date(since, "--since")
    store = open_db(db)
    with store.sessions() as session:
        found = triggers(session, day, names=name or None)
    if fmt is Format.json:
        json.dump([t.to_dict() for t in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    emit(found, fmt, COLUMNS, "triggers")
