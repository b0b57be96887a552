"""``sitrep events``: events by actor, type, date and place, with their evidence."""

from __future__ import annotations

from typing import Annotated

import typer

from . import app
from .db import Format, db_option, emit, iso, open_db, parse_date

COLUMNS = (
    ("date", lambda e: iso(e.date_start)),
    ("type", lambda e: e.type),
    ("actors", lambda e: ", ".join(e.actors)),
    ("recipients", lambda e: ", ".join(e.recipients)),
    ("location", lambda e: e.location),
    ("modality", lambda e: e.modality),
    ("trigger", lambda e: e.trigger),
    ("sentence", lambda e: e.sentence),
    ("source", lambda e: e.source.source or e.source.title or e.source.document),
    ("key", lambda e: e.key),
)


@app.command()
def events(
    actor: str = typer.Option(None, "--actor", help="Name, alias or id of the acting entity."),
    recipient: str = typer.Option(None, "--recipient", help="Name, alias or id of the entity acted upon."),
    type: str = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT, AID, MOBILIZE."),
    acled_type: str = typer.Option(
        None, "--acled-type", help="ACLED event or sub-event type, e.g. Protests, 'Armed clash'."
    ),
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD (compares the event's start)."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    near: str = typer.Option(None, "--near", help="A place name or 'lat,lon'."),
    km: float = typer.Option(50.0, "--km", help="Radius around --near in kilometres."),
    limit: int = typer.Option(
        100, "--limit", help="The newest N events (default 100, a screenful; 0: all, e.g. for --format csv)."
    ),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Events, newest first."""
    from ..store.queries import EventFilter, acled_type_names
    from ..store.queries import events as query

    if acled_type and acled_type_names(acled_type) is None:
        typer.echo(
            f"sitrep: error: --acled-type {acled_type!r} is no ACLED event or sub-event type", err=True
        )
        raise typer.Exit(2)
    flt = EventFilter(
        actor,
        recipient,
        type,
        parse_date(since, "--since"),
        parse_date(until, "--until"),
        near,
        km,
        acled_type,
    )
    store = open_db(db)
    with store.sessions() as session:
        found = query(session, flt, limit or None)
    emit(found, fmt, COLUMNS, "events")
