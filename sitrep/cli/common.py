"""What every command shares: the database option, one date parser, one output format, one list printer.

Lists come from :mod:`sitrep.store.facts` as pages: a table fits an 80-column terminal (the columns
that matter, long text cut with an ellipsis; ``--wide`` for all of them), JSON is each fact's contract
(``to_dict``), CSV has the table's columns. Article text is untrusted: cells go through
:func:`.render.cell`, which never lets it restyle the terminal.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

import typer

from ..errors import InputError, SitrepError

DB_HELP = "Database: a SQLite file or a URL such as postgresql+psycopg://user@host/db (default: sitrep.db)."


def db_option() -> Any:
    return typer.Option(None, "--db", envvar="SITREP_DATABASE_URL", help=DB_HELP, show_envvar=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def format_option(
    help: str = "table: for reading; json: each fact's contract; csv: the table's columns.",
) -> Any:
    return typer.Option(Format.table, "--format", "-f", help=help)


def wide_option() -> Any:
    return typer.Option(False, "--wide", help="Every column, text uncut (wider than 80 columns).")


def page_options(limit: int = 50) -> tuple[Any, Any]:
    """``--limit`` and ``--offset`` for a list computed whole (across-report analyses)."""
    return (
        typer.Option(limit, "--limit", min=0, help=f"At most N (default {limit}; 0: all)."),
        typer.Option(0, "--offset", min=0, help="Skip the first N (the next page)."),
    )


def paged(found: Sequence[Any], limit: int, offset: int) -> list[Any]:
    """One page (``limit`` from ``offset``; 0: all) of a list computed whole."""
    return list(found[offset : offset + limit] if limit else found[offset:])


def fail(exc: SitrepError) -> typer.Exit:
    typer.echo(f"sitrep: error: {exc}", err=True)
    return typer.Exit(2)


def error(message: str) -> typer.Exit:
    typer.echo(f"sitrep: error: {message}", err=True)
    return typer.Exit(2)


def open_db(url: str | None, create: bool = True):
    from ..store import open_store

    try:
        return open_store(url, create=create)
    except SitrepError as exc:
        raise fail(exc) from None
    except Exception as exc:  # noqa: BLE001 - a driver error (server down, bad URL) is a user error here
        raise error(f"cannot open the database: {type(exc).__name__}: {exc}") from None


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option, or exit 2 naming the option."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(InputError(f"{option} {value!r} is not a date in YYYY-MM-DD form")) from None


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


@dataclass(frozen=True)
class Column:
    """A column of a list: its heading, how to read it off a record, and how it fits 80 columns."""

    name: str
    get: Callable[[Any], Any]
    wide_only: bool = False  # shown with --wide only
    width: int | None = None  # at most this many characters in the narrow table (None: its share)
    flex: bool = False  # the long text (a sentence): gives way first, takes what the others leave


def emit(
    records: Sequence[Any],
    fmt: Format | str,
    columns: Sequence[Column | tuple[str, Callable[[Any], Any]]],
    title: str,
    *,
    wide: bool = False,
    total: int | None = None,
    offset: int = 0,
) -> None:
    """Records as a table, JSON (their ``to_dict``) or CSV; the table says how many there are in all."""
    fmt = Format(fmt)
    columns = [c if isinstance(c, Column) else Column(*c) for c in columns]
    if fmt is Format.json:
        json.dump([r.to_dict() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        for r in records:
            writer.writerow(["" if (v := c.get(r)) is None else v for c in columns])
        return
    _table(records, [c for c in columns if wide or not c.wide_only], title, wide, total, offset)


def _table(records, columns: list[Column], title: str, wide: bool, total: int | None, offset: int) -> None:
    from .render import cell, fitted_table, print_table

    shown = f"{offset + 1}-{offset + len(records)}" if records else "0"
    counted = f" of {total:,}" if total is not None else ""
    more = ""
    if total is not None and offset + len(records) < total:
        more = f"; --offset {offset + len(records)} for more"
    rows = [[cell(c.get(r), None if wide else 300) for c in columns] for r in records]
    naturals = [max([len(c.name), *(row[i].cell_len for row in rows)]) for i, c in enumerate(columns)]
    table = fitted_table(
        f"{title} ({shown}{counted}{more})",
        [c.name for c in columns],
        rows,
        # long text gives way first: a column with no cap whose text runs long (sentence, claim, content)
        flexible=[c.flex or (c.width is None and n > 24) for c, n in zip(columns, naturals, strict=True)],
        caps=[c.width for c in columns],
        wide=wide,
    )
    print_table(table, wide)


def source_name(fact: Any) -> str:
    """The outlet of a stored fact, else its article's title or key."""
    s = fact.stored
    return (s.source or s.title or s.document) if s else ""
