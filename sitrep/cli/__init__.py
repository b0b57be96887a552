"""The ``sitrep`` command line (Typer + Rich). One file per command."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="sitrep",
    help="Conflict-intelligence workbench: sourced, dated, typed facts from war reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Conflict-intelligence workbench: sourced, dated, typed facts from war reporting."""


def _register() -> None:
    from . import analyze, report  # noqa: F401  (modules register their commands on `app`)
    from .db import STORE_COMMANDS  # noqa: F401  (the store's commands: db, ingest, events, export ...)


def main() -> None:
    _register()
    app()
