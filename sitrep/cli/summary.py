"""``sitrep summary --actor X``: a dated, sourced digest of one actor's situation."""

from __future__ import annotations

import json

import typer

from . import app
from .common import db_option, open_db, parse_date


@app.command()
def summary(
    actor: str = typer.Option(..., "--actor", help="Name, alias or id of the actor."),
    since: str = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of text."),
    db: str = db_option(),
) -> None:
    """Key events by week (with sources and grades), statements by speaker, open forecasts, contradictions."""
    from ..across.summary import summary as build

    store = open_db(db)
    with store.sessions() as session:
        digest = build(session, actor, since=parse_date(since, "--since"), until=parse_date(until, "--until"))
    if as_json:
        typer.echo(json.dumps(digest.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(digest.text(), nl=False)
