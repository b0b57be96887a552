"""``sitrep clusters``: happenings told by several reports, merged, with sources; ``sitrep cluster merge|split``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import SitrepError
from . import app
from .common import Format, db_option, emit, fail, iso, open_db, parse_date

cluster_app = typer.Typer(
    help="Correct event merging: two events are, or are not, one happening.", no_args_is_help=True
)
app.add_typer(cluster_app, name="cluster")

COLUMNS = (
    ("date", lambda c: iso(c.start) + (f"..{iso(c.end)}" if c.end and c.end != c.start else "")),
    ("type", lambda c: c.type),
    ("reports", lambda c: len(c.documents)),
    ("independent", lambda c: c.independent),
    ("grade", lambda c: c.grade),
    ("sources", lambda c: ", ".join(c.sources)),
    ("evidence", lambda c: c.events[0].evidence.sentence.strip()),
    ("agreed", lambda c: "; ".join(sorted({a for k in c.links for a in k.agreed}))),
    ("differs", lambda c: "; ".join(sorted({a for k in c.links for a in k.differs}))),
    ("id", lambda c: c.id),
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
    emit(found.items, fmt, COLUMNS, "clusters", total=found.total, offset=offset)


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
