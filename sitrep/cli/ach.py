"""``sitrep ach NAME``: the matrix of a hypothesis set over the stored evidence, scored, or its history."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated

import typer

from ..errors import SitrepError
from . import app
from .common import db_option, fail, open_db, parse_date, wide_option


class AchFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class History(str, Enum):
    weekly = "weekly"


@app.command()
def ach(
    name: str = typer.Argument(..., help="Hypothesis set (see `sitrep hypotheses list`)."),
    as_of: str = typer.Option(None, "--as-of", help="Only evidence published by this day, YYYY-MM-DD."),
    fmt: Annotated[AchFormat, typer.Option("--format", "-f")] = AchFormat.table,
    history: History = typer.Option(None, "--history", help="The scores at the end of every week instead."),
    wide: bool = wide_option(),
    db: str = db_option(),
) -> None:
    """Analysis of Competing Hypotheses: evidence rows, weighted inconsistency, likelihood ratios."""
    from .. import hypotheses as H

    day = parse_date(as_of, "--as-of")
    store = open_db(db)
    try:
        with store.sessions() as session:
            if history:
                _history(H.series(session, name, day), H.get_set(session, name).ids, fmt, wide)
                return
            m = H.matrix(session, name, day)
    except SitrepError as exc:
        raise fail(exc) from None
    if fmt is AchFormat.json:
        json.dump(m.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt is AchFormat.csv:
        sys.stdout.write(H.to_csv(m))
    elif fmt is AchFormat.md:
        sys.stdout.write(H.brief(m))
    else:
        _table(m, wide)


def _table(m, wide: bool = False) -> None:
    """The matrix in 80 columns: row, evidence (cut), a code per hypothesis and the weight; ``wide``
    adds the source, date and sentence of each row's evidence."""
    from rich.console import Console
    from rich.text import Text

    from .render import cell, fitted_table, print_table

    colour = {"CC": "bold green", "C": "green", "N": "dim", "I": "red", "II": "bold red"}
    when = f" as of {m.as_of}" if m.as_of else ""
    headers = ["row", "evidence", *m.ids, "wt"] + (["source", "date", "sentence"] if wide else [])
    rows = []
    for r in m.rows:
        style = "strike dim" if r.dismissed else ""
        e = r.citation()
        row = [
            cell(r.id, style=style),
            cell(r.text + ("" if r.diagnostic else " (nd)"), None, style),
            *(cell(r.cells[h], style=style or colour[r.cells[h]]) for h in m.ids),
            cell(f"{r.weight:.2f}"),
        ]
        if wide:
            src = (e["source"] or e["title"] or "") if e else ""
            date_ = r.date.isoformat() if r.date else ""
            row += [cell(src), cell(date_), cell(e["sentence"] if e else "")]
        rows.append(row)
    blank = [Text("")] * (len(headers) - 2 - len(m.ids))
    rows.append(
        [Text(""), Text("weighted inconsistency", style="bold")]
        + [Text(f"{m.scores.inconsistency[h]:.2f}", style="bold") for h in m.ids]
        + blank
    )
    rows.append(
        [Text(""), Text("posterior (equal priors)", style="bold")]
        + [Text(f"{m.scores.posterior[h]:.0%}", style="bold") for h in m.ids]
        + blank
    )
    flexible = [h in ("evidence", "sentence") for h in headers]
    table = fitted_table(f"{m.name}{when}: {m.question}", headers, rows, flexible=flexible, wide=wide)
    print_table(table, wide)
    console = Console()
    text = dict(m.hypotheses)
    console.print(f"Leading: {m.leading} — {text[m.leading]}", markup=False, highlight=False)
    sensitive = [r.id for r in m.rows if r.key in m.sensitive]
    console.print(
        f"The lead hangs on: {', '.join(sensitive) or 'no single row'}; (nd) = non-diagnostic",
        markup=False,
        highlight=False,
    )


def _history(points, ids: list[str], fmt: AchFormat, wide: bool = False) -> None:
    if fmt is AchFormat.json:
        json.dump([p.to_dict() for p in points], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if fmt in (AchFormat.csv, AchFormat.md):
        sep = "," if fmt is AchFormat.csv else " | "
        head = [
            "week_ending",
            "leading",
            "rows",
            *(f"inconsistency_{h}" for h in ids),
            *(f"posterior_{h}" for h in ids),
        ]
        lines = [sep.join(head)]
        if fmt is AchFormat.md:
            lines.append(sep.join("---" for _ in head))
        for p in points:
            lines.append(
                sep.join(
                    [
                        p.date.isoformat(),
                        p.leading,
                        str(p.rows),
                        *(f"{p.inconsistency[h]:.4f}" for h in ids),
                        *(f"{p.posterior[h]:.4f}" for h in ids),
                    ]
                )
            )
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    from .render import fitted_table, print_table

    headers = ["week ending", "leading", "rows", *(f"inc {h}" for h in ids), *(f"P {h}" for h in ids)]
    rows = [
        [
            Text(p.date.isoformat()),
            Text(p.leading),
            Text(str(p.rows)),
            *(Text(f"{p.inconsistency[h]:.2f}") for h in ids),
            *(Text(f"{p.posterior[h]:.0%}") for h in ids),
        ]
        for p in points
    ]
    print_table(fitted_table("weekly", headers, rows, flexible=[False] * len(headers), wide=wide), wide)
