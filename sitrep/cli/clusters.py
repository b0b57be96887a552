"""``sitrep clusters``: happenings told by several reports, merged, with sources; ``sitrep cluster merge|split``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import SitrepError
from . import app
from .common import (
    Column,
    Format,
    db_option,
    emit,
    fail,
    iso,
    open_db,
    parse_date,
    wide_option,
)

cluster_app = typer.Typer(
    help="Correct event merging: two events are, or are not, one happening.", no_args_is_help=True
)
app.add_typer(cluster_app, name="cluster")

COLUMNS = (
    Column("date", lambda c: iso(c.start) + (f"..{iso(c.end)}" if c.end and c.end != c.start else "")),
    Column("type", lambda c: c.type),
    Column("reports", lambda c: len(c.documents)),
    Column("independent", lambda c: c.independent, wide_only=True),
    Column("grade", lambda c: c.grade),
    Column("sources", lambda c: ", ".join(c.sources), width=18),
    Column("evidence", lambda c: c.events[0].evidence.sentence.strip(), flex=True),
    Column("agreed", lambda c: "; ".join(sorted({a for k in c.links for a in k.agreed})), wide_only=True),
    Column("differs", lambda c: "; ".join(sorted({a for k in c.links for a in k.differs})), wide_only=True),
    Column("id", lambda c: c.id, wide_only=True),
)


@app.command()
def clusters(
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    all_: bool = typer.Option(False, "--all", help="Also happenings told by one report only."),
    limit: int = typer.Option(50, "--limit", help="The newest N clusters (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the newest N (the next page)."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Cluster every stored event anew first."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Happenings told by several independent reports, newest first: which fields agreed, which differ."""
    from ..across.clustering import clusters as query
    from ..across.state import rebuild as recompute

    store = open_db(db)
    if rebuild:
        with store.transaction() as session:
            n = recompute(session)
        typer.echo(f"{n:,} clusters rebuilt", err=True)
    with store.sessions() as session:
        found = query(
            session,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            min_reports=1 if all_ else 2,
            limit=limit or None,
            offset=offset,
        )
    emit(found.items, fmt, COLUMNS, "clusters", wide=wide, total=found.total, offset=offset)


def _decide(decision: str, a: str, b: str, note: str | None, by: str | None, db: str | None) -> None:
    from ..across.clustering import override

    store = open_db(db)
    try:
        with store.transaction() as session:
            override(session, a, b, decision, note=note, by=by)
    except SitrepError as exc:
        raise fail(exc) from None
    typer.echo(f"{decision}: {a} {b}")


@cluster_app.command("merge")
def merge(
    event_a: str = typer.Argument(..., help="Event key (see `sitrep events --format json`)."),
    event_b: str = typer.Argument(..., help="Event key."),
    note: str = typer.Option(None, "--note"),
    by: str = typer.Option(None, "--by", help="Analyst name (default: your login)."),
    db: str = db_option(),
) -> None:
    """Two events are one happening, whatever the machine thinks (audited)."""
    _decide("merge", event_a, event_b, note, by, db)


@cluster_app.command("split")
def split(
    event_a: str = typer.Argument(..., help="Event key."),
    event_b: str = typer.Argument(..., help="Event key."),
    note: str = typer.Option(None, "--note"),
    by: str = typer.Option(None, "--by", help="Analyst name (default: your login)."),
    db: str = db_option(),
) -> None:
    """Two events are different happenings: never merge them (audited)."""
    _decide("split", event_a, event_b, note, by, db)
