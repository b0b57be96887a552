"""``sitrep forecast evidence|resolve ID``: what may settle a forecast, and the analyst's verdict."""

from __future__ import annotations

import json
from enum import Enum

import typer

from ..errors import SitrepError
from . import app
from .db import db_option, fail, iso, open_db

forecast_app = typer.Typer(help="One forecast: proposed evidence, resolution.", no_args_is_help=True)
app.add_typer(forecast_app, name="forecast")


class Outcome(str, Enum):
    true = "true"
    false = "false"
    partial = "partial"


@forecast_app.command("evidence")
def evidence(
    key: str = typer.Argument(..., help="Forecast key (see `sitrep forecasts`)."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of lines."),
    db: str = db_option(),
) -> None:
    """Later events that match the predicted event (type, actors, place, window), best first."""
    from ..across.forecasting import proposals

    store = open_db(db)
    try:
        with store.sessions() as session:
            found = proposals(session, key)
    except SitrepError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "event": e.key,
                        "document": e.document,
                        "source": e.source,
                        "date": iso(e.start),
                        "sentence": e.sentence,
                        "agreed": agreed,
                    }
                    for e, agreed in found
                ],
                indent=2,
            )
        )
        return
    if not found:
        typer.echo("no matching events (or the forecast names no typed event)")
    for e, agreed in found:
        typer.echo(
            f"{iso(e.start)}  {e.source or ''}  {e.sentence}  [agreed: {', '.join(agreed)}]  document {e.document}"
        )


@forecast_app.command("resolve")
def resolve(
    key: str = typer.Argument(..., help="Forecast key (see `sitrep forecasts`)."),
    outcome: Outcome = typer.Option(..., "--outcome", help="Did it come true?"),
    evidence_doc: str = typer.Option(None, "--evidence", help="Key of the document that shows it."),
    event: str = typer.Option(None, "--event", help="Key of the event that shows it."),
    note: str = typer.Option(None, "--note"),
    by: str = typer.Option(None, "--by", help="Analyst name (default: your login)."),
    db: str = db_option(),
) -> None:
    """Record how a forecast turned out (audited; a new verdict supersedes the old)."""
    from ..across.forecasting import resolve as record

    store = open_db(db)
    try:
        with store.transaction() as session:
            got = record(session, key, outcome.value, evidence=evidence_doc, event=event, note=note, by=by)
    except SitrepError as exc:
        raise fail(exc) from None
    typer.echo(f"{key}: {got.outcome} (by {got.resolved_by})")
