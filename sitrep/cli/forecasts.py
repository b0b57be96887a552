"""``sitrep forecasts``: predictions with their windows, what may settle them, and the analyst's verdict.

``sitrep forecasts [--open|--due|--resolved]`` lists them; ``sitrep forecasts evidence KEY`` proposes
later events that may settle one; ``sitrep forecasts resolve KEY --outcome ...`` records the verdict.
"""

from __future__ import annotations

import json
from enum import Enum

import typer

from ..errors import SitrepError
from . import app
from .common import (
    Column,
    Format,
    db_option,
    emit,
    error,
    fail,
    format_option,
    iso,
    open_db,
    source_name,
    wide_option,
)

forecasts_app = typer.Typer(help="Forecasts: list, proposed evidence, resolution.")
app.add_typer(forecasts_app, name="forecasts")


class Outcome(str, Enum):
    true = "true"
    false = "false"
    partial = "partial"


class _Listed:
    """A forecast as listed: the fact, its names, and its state (open, due, or resolved: outcome)."""

    def __init__(self, forecast, page, state: str, settled_by: dict | None = None) -> None:
        self.forecast, self.page, self.state, self.settled_by = forecast, page, state, settled_by

    def to_dict(self) -> dict:
        return {**self.forecast.to_dict(), "status": self.state, "settled_by": self.settled_by}


def _settled(item: _Listed) -> str:
    s = item.settled_by
    return (
        f"{s['date'] or '?'} {s['source'] or ''} ({s['reports']} report(s), cluster {s['cluster']})"
        if s
        else ""
    )


def _by(item: _Listed) -> str:
    from ..model import name_of

    return name_of(item.page, item.forecast.by)


COLUMNS = (
    Column("made", lambda x: iso(x.forecast.made)),
    Column(
        "window",
        lambda x: (
            f"{iso(x.forecast.window_start)}..{iso(x.forecast.window_end)}"
            if x.forecast.window_end or x.forecast.window_start
            else ""
        ),
    ),
    Column("status", lambda x: x.state),
    Column("by", _by, width=18),
    Column("modality", lambda x: x.forecast.modality, wide_only=True),
    Column("claim", lambda x: x.forecast.claim, flex=True),
    Column("settled by", _settled, width=14),
    Column("source", lambda x: source_name(x.forecast), wide_only=True),
    Column("key", lambda x: x.forecast.stored.key, wide_only=True),
)


@forecasts_app.callback(invoke_without_command=True)
def forecasts(
    ctx: typer.Context,
    open_: bool = typer.Option(False, "--open", help="Only forecasts whose window has not ended."),
    due: bool = typer.Option(False, "--due", help="Only unresolved forecasts whose window has passed."),
    resolved: bool = typer.Option(False, "--resolved", help="Only forecasts an analyst resolved."),
    by: str = typer.Option(None, "--by", help="Name, alias or id of who made the forecast."),
    limit: int = typer.Option(100, "--limit", help="The newest N forecasts (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip the newest N (the next page)."),
    fmt: Format = format_option(),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Forecasts, newest first; 'due' ones have a window that has passed: time to check what happened."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import date

    from ..across.forecasting import settling, states
    from ..store import facts

    if open_ + due + resolved > 1:
        raise error("give at most one of --open, --due, --resolved")
    store = open_db(db)
    today = date.today()
    status = "open" if open_ else "due" if due else None
    with store.sessions() as session:
        page = facts.forecasts(
            session, status=status, by=by, today=today, limit=limit or None, offset=offset, count=True
        )
        state = states(session, page.items, today)
        links = settling(session, [f.stored.key for f in page.items])
    listed = []
    for f in page.items:
        settled = state[f.stored.key].startswith("resolved")
        if (due and settled) or (resolved and not settled):
            continue
        best = links.get(f.stored.key)
        listed.append(_Listed(f, page, state[f.stored.key], best[0].to_dict() if best else None))
    total = None if due or resolved else page.total
    emit(listed, fmt, COLUMNS, "forecasts", wide=wide, total=total, offset=offset)


@forecasts_app.command("evidence")
def evidence(
    key: str = typer.Argument(..., help="Forecast key (see `sitrep forecasts --wide`)."),
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
        typer.echo(json.dumps([p.to_dict() for p in found], indent=2))
        return
    if not found:
        typer.echo("no reported happening matches it yet (or the forecast names no typed event)")
    for p in found:
        d = p.to_dict()
        typer.echo(
            f"{d['date'] or ''}  {d['source'] or ''}  {d['sentence']}  [agreed: {', '.join(p.agreed)}; "
            f"{p.reports} report(s), cluster {p.cluster}]  document {d['document']}"
        )


@forecasts_app.command("resolve")
def resolve(
    key: str = typer.Argument(..., help="Forecast key (see `sitrep forecasts --wide`)."),
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
