"""Rich rendering of a Document for the terminal.

Article text is untrusted. Every cell built from it goes through :func:`cell`, which drops
control characters (a stray ESC could restyle the user's terminal) and wraps the result in a
``rich.text.Text``, which Rich never parses for markup or ``:emoji:`` codes; the effect of
``rich.markup.escape`` and more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Document, Event, Forecast, Quantity, TimeExpression, name_of, names_of

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(value: object, limit: int | None = None) -> str:
    """One line of printable text, shortened to ``limit`` characters with an ellipsis."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def cell(value: object, limit: int | None = None, style: str = "") -> Text:
    """A table cell that shows untrusted text literally."""
    return Text("" if value is None else clean(value, limit), style=style)


def entity_name(document: Document, entity_id: str | None, fallback: str = "") -> str:
    """The display name for an entity id; ids mean nothing to a reader."""
    return name_of(document, entity_id, fallback)


def names(document: Document, ids: list[str], texts: list[str]) -> str:
    """Entity names for ``ids``, falling back to the surface texts when an id is unknown or absent."""
    return ", ".join(names_of(document, ids, texts))


def participants(document: Document, event: Event) -> str:
    """``actors → recipients`` with names, the way an analyst reads an event."""
    actors = names(document, event.actors, event.actor_texts) or "?"
    recipients = names(document, event.recipients, event.recipient_texts)
    return f"{actors} → {recipients}" if recipients else actors


def forecaster(document: Document, forecast: Forecast) -> str:
    """Who made a forecast: its own ``by``, else the speaker of the statement it was read from."""
    if forecast.by:
        return entity_name(document, forecast.by)
    statement = next((s for s in document.statements if s.id == forecast.statement), None)
    return entity_name(document, statement.speaker, statement.speaker_text) if statement else ""


def interval(start: date | None, end: date | None) -> str:
    if start is not None and start == end:
        return start.isoformat()
    if not start and not end:
        return ""
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


def when(time: TimeExpression | None) -> str:
    """Calendar interval of a time expression, with its wording: ``2022-10-10 (on Monday)``."""
    if time is None:
        return ""
    span = interval(time.start, time.end) or time.value
    return f"{span} ({clean(time.text)})" if time.text and time.text != span else span


def quantity_text(quantity: Quantity | None) -> str:
    """The quantity as written, plus its bounds when they are not a single value."""
    if quantity is None:
        return ""
    text = quantity.text
    lo, hi = quantity.min, quantity.max
    if (lo is not None or hi is not None) and lo != hi:
        text += f" [{_number(lo) if lo is not None else '…'}–{_number(hi) if hi is not None else '…'}]"
    return text


def items_text(document: Document, event: Event) -> str:
    found = [entity_name(document, i) for i in event.items] + list(event.item_texts)
    return ", ".join(dict.fromkeys(n for n in found if n))


def published_text(document: Document) -> str:
    if document.published:
        return f"published {document.published.isoformat()}"
    rng = document.published_range
    if rng:
        return f"published between {rng[0].isoformat()} and {rng[1].isoformat()} (inferred)"
    return "publication date unknown"


def render_document(document: Document, console: Console | None = None) -> None:
    """Everything sitrep found in one article, as tables (``sitrep analyze --format table``)."""
    console = console or Console()
    console.print(cell(document.title or document.id, style="bold"))
    meta = [published_text(document)] + [x for x in (document.source, document.url) if x]
    meta += [f"language {document.language}"] if document.language else []
    console.print(cell(" · ".join(meta), style="dim"))
    if document.analysis_status:
        console.print(cell(document.analysis_status, style="bold yellow"))
        return
    _print(console, _events_table(document), "events")
    _print(console, _statements_table(document), "statements")
    _print(console, _forecasts_table(document), "forecasts")
    _print(console, _entities_table(document), "entities")


def _print(console: Console, table: Table, what: str) -> None:
    if table.row_count:
        console.print(table)
    else:
        console.print(Text(f"No {what} found.", style="dim"))


def new_table(title: str, columns: Iterable[str]) -> Table:
    """A titled table whose columns fold long words instead of cutting them."""
    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _events_table(document: Document) -> Table:
    table = new_table(
        "Events",
        ("type", "mode", "actors → recipients", "where", "items", "quantity", "time", "modality", "evidence"),
    )
    for e in document.events:
        table.add_row(
            cell(e.type, style="bold"),
            cell(e.mode),
            cell(participants(document, e)),
            cell(entity_name(document, e.location) if e.location else ""),
            cell(items_text(document, e)),
            cell(quantity_text(e.quantity)),
            cell(when(e.time)),
            cell(e.modality),
            cell(e.evidence.sentence, 160),
        )
    return table


def _statements_table(document: Document) -> Table:
    table = new_table("Statements", ("speaker", "role", "act", "date", "venue", "content"))
    for s in document.statements:
        act = s.act if s.modality == "asserted" else f"{s.act} ({s.modality})"
        table.add_row(
            cell(entity_name(document, s.speaker, s.speaker_text), style="bold"),
            cell(s.role),
            cell(act),
            cell(when(s.time)),
            cell(s.venue),
            cell(s.content, 200),
        )
    return table


def _forecasts_table(document: Document) -> Table:
    table = new_table("Forecasts", ("by", "claim", "window", "modality"))
    for f in document.forecasts:
        table.add_row(
            cell(forecaster(document, f), style="bold"),
            cell(f.claim, 200),
            cell(interval(f.window_start, f.window_end)),
            cell(f.modality),
        )
    return table


def _entities_table(document: Document) -> Table:
    table = new_table("Entities", ("name", "type", "country", "role", "coordinates", "mentions"))
    for e in sorted(document.entities, key=lambda e: (-len(e.mentions), e.name)):
        where = f"{e.lat:.2f}, {e.lon:.2f}" if e.lat is not None and e.lon is not None else ""
        table.add_row(
            cell(e.name, style="bold"),
            cell(e.type),
            cell(e.country),
            cell(e.role),
            cell(where),
            cell(len(e.mentions)),
        )
    return table


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


# -- tables that fit the terminal ------------------------------------------------------------------------

FLEX_MIN = 16  # a long-text column keeps at least this many characters before others give way
WIDE_CELL = 100  # with --wide, a column is this wide at most; longer text folds inside it


def fit_widths(naturals: list[int], headers: list[str], flexible: list[bool], available: int) -> list[int]:
    """Column widths summing to at most ``available``: long-text (flexible) columns give way first, down
    to ``FLEX_MIN``, then the others down to their heading, then the flexible ones down to theirs.
    The largest column shrinks first, so the table keeps its shape."""
    widths = [max(n, 1) for n in naturals]
    floors = [
        [
            min(w, max(len(h), FLEX_MIN)) if f else w
            for w, h, f in zip(widths, headers, flexible, strict=True)
        ],
        [
            min(w, max(len(h), FLEX_MIN)) if f else min(w, max(len(h), 4))
            for w, h, f in zip(widths, headers, flexible, strict=True)
        ],
        [min(w, max(len(h), 3)) for w, h in zip(widths, headers, strict=True)],
    ]
    for floor in floors:
        while sum(widths) > available:
            room = [i for i, w in enumerate(widths) if w > floor[i]]
            if not room:
                break
            i = max(room, key=lambda i: (widths[i], flexible[i]))
            widths[i] -= 1
    return widths


def fitted_table(
    title: str,
    headers: list[str],
    rows: list[list[Text]],
    *,
    flexible: list[bool],
    caps: list[int | None] | None = None,
    wide: bool = False,
    width: int | None = None,
) -> Table:
    """A table one line per row that fits ``width`` (the console's; 80 when piped): columns cut with an
    ellipsis, long text first. ``wide``: every cell whole, folded over lines, however wide it gets."""
    from rich import box

    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
    )
    caps = caps or [None] * len(headers)
    if wide:
        widths = [
            min(max([len(h), *(r[i].cell_len for r in rows)]), WIDE_CELL) for i, h in enumerate(headers)
        ]
        for h, w in zip(headers, widths, strict=True):
            table.add_column(h, overflow="fold", min_width=w)
        table.width_needed = sum(widths) + 3 * (len(headers) - 1)  # for print_table
    else:
        naturals = [
            min(max([len(h), *(r[i].cell_len for r in rows)]), caps[i] or 10_000)
            for i, h in enumerate(headers)
        ]
        available = (width or Console().width) - 3 * (len(headers) - 1)  # a space and its padding
        for h, w in zip(headers, fit_widths(naturals, headers, flexible, available), strict=True):
            table.add_column(h, width=w, min_width=w, max_width=w, no_wrap=True, overflow="ellipsis")
    for r in rows:
        table.add_row(*r)
    return table


def print_table(table: Table, wide: bool = False) -> None:
    """Print a table; a ``--wide`` one gets the width it needs, so no column is squeezed to fit."""
    console = Console()
    if wide:
        console = Console(width=max(console.width, getattr(table, "width_needed", 0)))
    console.print(table)
