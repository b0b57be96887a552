"""``sitrep export``: the store as JSON Lines, CSV, ACLED-shaped CSV, GeoJSON or Parquet."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import SitrepError
from . import app
from .common import db_option, fail, open_db

FORMAT_HELP = (
    "jsonl: one document per line (the JSON of `analyze`); csv, parquet: events; "
    "acled: events in ACLED's columns; geojson: located events."
)


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    acled = "acled"
    geojson = "geojson"
    parquet = "parquet"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help=FORMAT_HELP)],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")
    ] = None,
    db: str = db_option(),
) -> None:
    """Export the store for other tools (QGIS, pandas, ACLED workflows)."""
    from ..store.export import export as run

    store = open_db(db)
    try:
        with store.sessions() as session:
            if fmt is ExportFormat.parquet:
                n = run(session, fmt.value, str(out) if out else sys.stdout)
            elif out:
                with out.open("w", encoding="utf-8", newline="") as fh:
                    n = run(session, fmt.value, fh)
            else:
                n = run(session, fmt.value, sys.stdout)
    except SitrepError as exc:
        raise fail(exc) from None
    typer.echo(f"{n} rows exported" + (f" to {out}" if out else ""), err=True)
