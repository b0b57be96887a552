"""The ``sitrep`` command line (Typer + Rich). One file per command."""

from __future__ import annotations

import importlib

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


# One module per command; each registers itself on `app` when imported.
COMMAND_MODULES = (
    # one article, many articles
    "analyze",
    "report",
    # the store
    "db",
    "ingest",
    "reanalyze",
    "events",
    "statements",
    "forecasts",
    "entities",
    "timeline",
    "search",
    "export",
    # across reports
    "sources",
    "clusters",
    "contradictions",
    "scores",
    "summary",
    # competing hypotheses
    "hypotheses",
    "ach",
    "watch",
    # the web face
    "serve",
    "token",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")


def main() -> None:
    _register()
    app()
