"""``sitrep scores``: Brier score and calibration of resolved forecasts, per speaker or per outlet."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from . import app
from .common import Format, db_option, emit, open_db


class By(str, Enum):
    speaker = "speaker"
    source = "source"


COLUMNS = (
    ("name", lambda s: s.name),
    ("forecasts", lambda s: s.forecasts),
    ("brier", lambda s: f"{s.brier:.3f}"),
    (
        "calibration (p: n, observed)",
        lambda s: "; ".join(f"{p:.1f}: {n}, {o:.2f}" for p, n, o in s.calibration),
    ),
)


@app.command()
def scores(
    by: By = typer.Option(By.speaker, "--by", help="Score speakers or outlets."),
    decided: bool = typer.Option(
        False,
        "--decided",
        help="Only forecasts an analyst resolved (not those a reported happening settled).",
    ),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: str = db_option(),
) -> None:
    """Brier scores (0 perfect, 0.25 a coin) over settled forecasts; predicted = 0.8, hedged = 0.5.

    A forecast is settled by an analyst's verdict, else by a reported happening inside its window that
    matches it (see `sitrep forecasts`, column "settled by")."""
    from ..across.forecasting import scores as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, by=by.value, linked=not decided)
    emit(found, fmt, COLUMNS, f"scores by {by.value}")
