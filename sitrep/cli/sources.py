"""``sitrep sources`` lists outlets (and speakers) with their Admiralty grades; ``sitrep source grade`` sets one."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import SitrepError
from . import app
from .common import Column, Format, db_option, emit, fail, open_db, page_options, paged, wide_option

source_app = typer.Typer(help="One outlet or speaker: grade it.", no_args_is_help=True)
app.add_typer(source_app, name="source")

COLUMNS = (
    Column("kind", lambda s: s.kind),
    Column("name", lambda s: s.name, width=28),
    Column("grade", lambda s: str(s.grade)),
    Column("meaning", lambda s: s.grade.meaning, wide_only=True),
    Column("facts", lambda s: s.facts),
    Column("graded by", lambda s: s.graded_by, width=14),
    Column("note", lambda s: s.note),
)


@app.command()
def sources(
    speakers: bool = typer.Option(False, "--speakers", help="List speakers as well as outlets."),
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    wide: bool = wide_option(),
    limit: int = page_options()[0],
    offset: int = page_options()[1],
    db: str = db_option(),
) -> None:
    """Outlets with their Admiralty grade (reliability A-F, credibility 1-6; F6 until an analyst grades)."""
    from ..across.reliability import sources as query

    store = open_db(db)
    with store.sessions() as session:
        found = query(session, speakers=speakers)
    emit(paged(found, limit, offset), fmt, COLUMNS, "sources", wide=wide, total=len(found), offset=offset)


@source_app.command("grade")
def grade(
    name: str = typer.Argument(..., help="Outlet name (as in documents' source) or speaker name/alias/id."),
    reliability: str = typer.Option(
        None, "--reliability", "-r", help="A-F: A completely reliable ... F unknown."
    ),
    credibility: int = typer.Option(
        None, "--credibility", "-c", help="1-6: 1 confirmed ... 6 cannot be judged."
    ),
    speaker: bool = typer.Option(False, "--speaker", help="NAME is a speaker, not an outlet."),
    note: str = typer.Option(None, "--note", help="Why (kept with the grade and in the audit)."),
    by: str = typer.Option(None, "--by", help="Analyst name (default: your login)."),
    db: str = db_option(),
) -> None:
    """Set the Admiralty grade of an outlet or speaker (audited)."""
    from ..across.reliability import set_grade

    if reliability is None and credibility is None:
        typer.echo("sitrep: error: give --reliability and/or --credibility", err=True)
        raise typer.Exit(2)
    store = open_db(db)
    try:
        with store.transaction() as session:
            got = set_grade(
                session,
                name,
                reliability=reliability,
                credibility=credibility,
                by=by,
                kind="speaker" if speaker else None,
                note=note,
            )
    except SitrepError as exc:
        raise fail(exc) from None
    typer.echo(f"{name}: {got} ({got.meaning})")
