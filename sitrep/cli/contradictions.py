"""``sitrep contradictions``: facts that disagree across reports, side by side with their evidence."""

from __future__ import annotations

from enum import Enum
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
    parse_date,
    wide_option,
)


def _side(e, others: list[str]) -> str:
    if e is None:
        return ""
    s = e.stored
    grade = f", {s.grade}" if s.grade else ""
    more = f" (+{len(others)} more)" if others else ""
    return f"{e.evidence.sentence.strip()} [{s.source or s.document}{grade}]{more}"


COLUMNS = (
    Column("date", lambda c: iso(c.date)),
    Column("kind", lambda c: c.kind),
    Column("detail", lambda c: c.detail, width=22),
    Column("one report", lambda c: _side(c.event_a, c.others_a), flex=True),
    Column("the other", lambda c: _side(c.event_b, c.others_b), flex=True),
    Column("denied by", lambda c: c.speaker, wide_only=True),
    Column("cluster", lambda c: c.cluster, wide_only=True),
)


class Kind(str, Enum):
    count = "count"
    denial = "denial"
    date = "date"
    place = "place"
    actor = "actor"


@app.command()
def contradictions(
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    kind: Kind = typer.Option(None, "--kind", help="Only this kind."),
    limit: int = typer.Option(100, "--limit", help="The first N, most important first (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the first N (the next page)."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Reports of one happening that disagree (counts of casualties and forces first, then denials,
    dates, places, perpetrators), both sentences with their outlets and grades."""
    from ..across.contradictions import contradictions as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(
            session,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            kind=kind.value if kind else None,
            limit=limit or None,
            offset=offset,
        )
    emit(found.items, fmt, COLUMNS, "contradictions", wide=wide, total=found.total, offset=offset)
