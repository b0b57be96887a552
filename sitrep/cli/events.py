"""``sitrep events``: events by actor, type, date and place, with their evidence."""

from __future__ import annotations

import typer

from . import app
from .common import (
    Column,
    Format,
    db_option,
    emit,
    error,
    format_option,
    iso,
    open_db,
    parse_date,
    source_name,
    wide_option,
)


def columns(page) -> tuple[Column, ...]:
    from ..model import name_of, names_of

    return (
        Column("date", lambda e: iso(e.stored.date_start)),
        Column("dated by", lambda e: e.stored.dated_by, wide_only=True),
        Column("type", lambda e: e.type),
        Column("actors", lambda e: ", ".join(names_of(page, e.actors, e.actor_texts)), width=18),
        Column("recipients", lambda e: ", ".join(names_of(page, e.recipients, e.recipient_texts)), width=18),
        Column("location", lambda e: name_of(page, e.location) if e.location else "", width=14),
        Column("modality", lambda e: e.modality, wide_only=True),
        Column("acled", lambda e: e.acled_sub_event_type or "", wide_only=True),
        Column("trigger", lambda e: e.trigger, wide_only=True),
        Column("sentence", lambda e: e.evidence.sentence, flex=True),
        Column("source", source_name, wide_only=True),
        Column("key", lambda e: e.stored.key, wide_only=True),
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
        100, "--limit", help="The newest N events (default 100; 0: all, e.g. for csv)."
    ),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the newest N (the next page)."),
    rejected: bool = typer.Option(False, "--rejected", help="Also events an analyst rejected."),
    fmt: Format = format_option(),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Events, newest first, with analysts' reviews applied."""
    from ..pipeline.acled_rules import acled_rules
    from ..store import facts

    if acled_type and acled_rules().sub_event_type(acled_type) is None:
        raise error(f"--acled-type {acled_type!r} is no ACLED event or sub-event type")
    flt = facts.EventFilter(
        actor,
        recipient,
        type,
        parse_date(since, "--since"),
        parse_date(until, "--until"),
        near,
        km,
        acled_type=acled_type,
    )
    store = open_db(db)
    with store.sessions() as session:
        page = facts.events(
            session,
            flt,
            limit=limit or None,
            offset=offset,
            include_rejected=rejected,
            count=fmt is Format.table,
        )
    emit(page.items, fmt, columns(page), "events", wide=wide, total=page.total, offset=offset)
