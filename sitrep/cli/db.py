"""``sitrep db``: the database's schema revision, and upgrading it. Also the options every store command shares."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from typing import Any

import typer

from ..errors import SitrepError
from . import app

db_app = typer.Typer(help="The database: schema revision and migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DB_HELP = "Database: a SQLite file or a URL such as postgresql+psycopg://user@host/db (default: sitrep.db)."


def db_option() -> Any:
    return typer.Option(None, "--db", envvar="SITREP_DATABASE_URL", help=DB_HELP, show_envvar=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(exc: SitrepError) -> typer.Exit:
    typer.echo(f"sitrep: error: {exc}", err=True)
    return typer.Exit(2)


def open_db(url: str | None, create: bool = True):
    from ..store import open_store

    try:
        return open_store(url, create=create)
    except SitrepError as exc:
        raise fail(exc) from None
    except Exception as exc:  # noqa: BLE001 - a driver error (server down, bad URL) is a user error here
        typer.echo(f"sitrep: error: cannot open the database: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None


def parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"sitrep: error: {option} {value!r} is not a date in YYYY-MM-DD form", err=True)
        raise typer.Exit(2) from None


def emit(
    records: Sequence[Any], fmt: Format, columns: Sequence[tuple[str, Callable[[Any], Any]]], title: str
) -> None:
    """Records as a Rich table, JSON (their ``to_dict``) or CSV with the table's columns."""
    if fmt is Format.json:
        json.dump([r.to_dict() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([name for name, _ in columns])
        for r in records:
            writer.writerow(["" if (v := get(r)) is None else v for _, get in columns])
        return
    from rich.console import Console
    from rich.table import Table

    from .render import cell

    table = Table(title=f"{title} ({len(records)})", title_justify="left", show_lines=False)
    for name, _ in columns:
        table.add_column(name)
    for r in records:
        table.add_row(*(cell(get(r), 80) for _, get in columns))
    Console().print(table)


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


@db_app.command("upgrade")
def upgrade(
    db: str = db_option(),
    revision: str = typer.Option("head", "--revision", help="Target revision (default: the newest)."),
) -> None:
    """Create the database or migrate it to the newest schema (back it up first)."""
    from ..store import engine

    store = engine.connect(db)
    try:
        before, head = engine.revisions(store)
        engine.upgrade(store, revision)
        after, _ = engine.revisions(store)
    except Exception as exc:  # noqa: BLE001
        typer.echo(f"sitrep: error: cannot upgrade the database: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"schema revision {before or '(none)'} -> {after} (head {head})")


@db_app.command("current")
def current(db: str = db_option()) -> None:
    """Show the database's schema revision and the one this sitrep needs."""
    from ..store import revisions
    from ..store.engine import safe_url

    store = open_db(db, create=False)
    now, head = revisions(store)
    typer.echo(f"{safe_url(store.url)}: revision {now} (head {head})")
