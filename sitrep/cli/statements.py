"""``sitrep statements``: who said what, when, with what force."""

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


def columns(page) -> tuple[Column, ...]:
    from ..model import name_of

    return (
        Column("date", lambda s: iso(s.stored.date_start)),
        Column("speaker", lambda s: name_of(page, s.speaker, s.speaker_text), width=20),
        Column("role", lambda s: s.role, wide_only=True),
        Column("act", lambda s: s.act if s.modality == "asserted" else f"{s.act} ({s.modality})", width=16),
        Column("content", lambda s: s.content, flex=True),
        Column("source", source_name, wide_only=True),
        Column("key", lambda s: s.stored.key, wide_only=True),
    )


@app.command()
def statements(
    speaker: str = typer.Option(None, "--speaker", help="Name, alias or id of the speaker."),
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    limit: int = typer.Option(100, "--limit", help="The newest N statements (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the newest N (the next page)."),
    rejected: bool = typer.Option(False, "--rejected", help="Also statements an analyst rejected."),
    fmt: Format = format_option(),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Statements, newest first, with analysts' reviews applied."""
    from ..store import facts

    store = open_db(db)
    with store.sessions() as session:
        page = facts.statements(
            session,
            speaker=speaker,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            limit=limit or None,
            offset=offset,
            include_rejected=rejected,
            count=fmt is Format.table,
        )
    emit(page.items, fmt, columns(page), "statements", wide=wide, total=page.total, offset=offset)
