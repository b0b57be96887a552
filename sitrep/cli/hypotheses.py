"""``sitrep hypotheses``: load a hypothesis set, and the analyst's edits to its matrix (all audited)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SitrepError
from . import app
from .common import db_option, fail, open_db, parse_date

hyp_app = typer.Typer(help="Hypothesis sets (ACH): load them, edit their matrices.", no_args_is_help=True)
app.add_typer(hyp_app, name="hypotheses")

ROW_HELP = "Row id as `sitrep ach NAME` shows it (r-1a2b3c4d), a unique prefix, or the row's key."


def _run(db: str | None, action):
    """One transaction; a user error (bad file, unknown row) exits 2 with its message."""
    store = open_db(db)
    try:
        with store.transaction() as session:
            return action(session)
    except SitrepError as exc:
        raise fail(exc) from None


@hyp_app.command("init")
def init(
    name: str = typer.Argument(..., help="Name of the set (what `sitrep ach NAME` takes)."),
    file: Path = typer.Option(..., "--file", "-f", help="The hypothesis set, YAML (docs/hypotheses.md)."),
    replace: bool = typer.Option(False, "--replace", help="Load the file over a stored set of that name."),
    db: str = db_option(),
) -> None:
    """Check a hypothesis file and store it; a bad file is refused whole, with the line at fault."""
    from ..hypotheses import init_set

    spec = _run(db, lambda s: init_set(s, name, file, replace=replace))
    typer.echo(f"{name}: {len(spec.hypotheses)} hypotheses, {len(spec.indicators)} indicators")


@hyp_app.command("list")
def list_sets(db: str = db_option()) -> None:
    """The stored hypothesis sets."""
    from ..hypotheses import get_set, set_names

    def show(session):
        for n in set_names(session):
            spec = get_set(session, n)
            typer.echo(
                f"{n}\t{len(spec.hypotheses)} hypotheses\t{len(spec.indicators)} indicators\t{spec.question}"
            )

    _run(db, show)


@hyp_app.command("cell")
def cell(
    name: str,
    row: str = typer.Argument(..., help=ROW_HELP),
    hypothesis: str = typer.Argument(..., help="Hypothesis id, e.g. H2."),
    code: str = typer.Argument(..., help="CC, C, N, I or II."),
    note: str = typer.Option(None, "--note", help="Why (kept with the audit)."),
    db: str = db_option(),
) -> None:
    """Change one cell of a row."""
    from ..hypotheses import edit

    _run(db, lambda s: edit(s, name, row, "cell", hypothesis=hypothesis, value={"code": code}, note=note))
    typer.echo(f"{name} {row}: {hypothesis} = {code.upper()}")


@hyp_app.command("weight")
def weight(
    name: str,
    row: str = typer.Argument(..., help=ROW_HELP),
    relevance: str = typer.Option(None, "--relevance", help="high, medium or low."),
    credibility: str = typer.Option(None, "--credibility", help="high, medium or low (overrides the grade)."),
    note: str = typer.Option(None, "--note"),
    db: str = db_option(),
) -> None:
    """Reweight a row: its relevance and/or credibility."""
    from ..hypotheses import edit

    value = {k: v for k, v in (("relevance", relevance), ("credibility", credibility)) if v}
    if not value:
        typer.echo("sitrep: error: give --relevance and/or --credibility", err=True)
        raise typer.Exit(2)
    _run(db, lambda s: edit(s, name, row, "weight", value=value, note=note))
    typer.echo(f"{name} {row}: " + ", ".join(f"{k} {v}" for k, v in value.items()))


@hyp_app.command("dismiss")
def dismiss(
    name: str,
    row: str = typer.Argument(..., help=ROW_HELP),
    note: str = typer.Option(None, "--note"),
    db: str = db_option(),
) -> None:
    """Leave a row out of the scores (it stays listed, marked dismissed)."""
    from ..hypotheses import edit

    _run(db, lambda s: edit(s, name, row, "dismiss", note=note))
    typer.echo(f"{name} {row}: dismissed")


@hyp_app.command("restore")
def restore(
    name: str,
    row: str = typer.Argument(..., help=ROW_HELP),
    note: str = typer.Option(None, "--note"),
    db: str = db_option(),
) -> None:
    """Count a dismissed row again."""
    from ..hypotheses import edit

    _run(db, lambda s: edit(s, name, row, "restore", note=note))
    typer.echo(f"{name} {row}: restored")


@hyp_app.command("add-row")
def add_row(
    name: str,
    text: str = typer.Argument(..., help="What the evidence is."),
    cells: list[str] = typer.Option(..., "--cell", help="H=CODE, once per hypothesis (others are N)."),
    on: str = typer.Option(None, "--date", help="Publication date YYYY-MM-DD (for --as-of)."),
    source: str = typer.Option(None, "--source"),
    sentence: str = typer.Option(None, "--sentence"),
    relevance: str = typer.Option("medium", "--relevance"),
    credibility: str = typer.Option("medium", "--credibility"),
    note: str = typer.Option(None, "--note"),
    db: str = db_option(),
) -> None:
    """Add evidence by hand: a row sitrep did not find."""
    from ..hypotheses import add_row as add

    pairs = dict(c.partition("=")[::2] for c in cells)
    day = parse_date(on, "--date")
    key = _run(
        db,
        lambda s: add(
            s,
            name,
            text,
            pairs,
            day=day,
            source=source,
            sentence=sentence,
            relevance=relevance,
            credibility=credibility,
            note=note,
        ),
    )
    typer.echo(f"{name}: added {key}")
