"""``sitrep db``: the database's schema revision, and upgrading it."""

from __future__ import annotations

import typer

from . import app
from .common import db_option, open_db

db_app = typer.Typer(help="The database: schema revision and migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


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
