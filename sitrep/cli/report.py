"""``sitrep report [PATHS...]``: one situation report across many articles.

With no paths it analyses the bundled samples, so a fresh install shows what sitrep does.
A file that cannot be read costs one line on stderr; the others are still analysed.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
from rich.table import Table
from rich.text import Text

from ..errors import SitrepError
from ..model import Document
from . import app
from .common import Format, parse_date
from .render import cell, clean, entity_name, forecaster, interval, new_table, when

if TYPE_CHECKING:
    from ..pipeline import Pipeline


@dataclass
class Source:
    """An article still to be read: a label for the report and how to get its text."""

    label: str
    read: Callable[[], str]


@app.command()
def report(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files, or folders of .txt files (default: the samples)."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table: the report; json: a list of document analyses.")
    ] = Format.table,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model name or path.")] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="YYYY-MM-DD that decides which forecasts are open (default: latest article)."
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many entities to list.")] = 15,
) -> None:
    """Analyse many articles and print a situation report: timeline, statements, forecasts, entities.

    Exit status: 0 when every article was analysed, 1 when some were skipped, 2 when none could be.
    """
    from .. import Config, Pipeline

    err = Console(stderr=True)
    reference = parse_date(as_of, "--as-of")
    try:
        pipeline = Pipeline(Config(model=model) if model else Config())
        with err.status("Loading the language model…"):
            pipeline.resources.nlp  # noqa: B018  (load now, so the rate below measures analysis only)
    except SitrepError as exc:
        typer.echo(f"sitrep: error: {exc}", err=True)
        raise typer.Exit(2) from None

    sources = bundled_sources() if not paths else path_sources(paths)
    started = time.perf_counter()
    analysed, skipped = analyse(pipeline, sources, err)
    elapsed = time.perf_counter() - started
    if not analysed:
        typer.echo(f"sitrep: error: none of the {len(sources)} article(s) could be analysed", err=True)
        raise typer.Exit(2)
    rate = len(analysed) / elapsed if elapsed else 0.0
    err.print(
        Text(
            f"{len(analysed)} article(s) analysed in {elapsed:.1f} s ({rate:.1f} articles/s)"
            + (f"; {skipped} skipped" if skipped else ""),
            style="dim",
        ),
        soft_wrap=True,
    )

    if fmt is Format.csv:
        typer.echo("sitrep: error: --format csv is for lists; use table or json", err=True)
        raise typer.Exit(2)
    if fmt is Format.json:
        json.dump([d.to_dict() for _, d in analysed], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_report(analysed, Console(), as_of=reference, top=top)
    if skipped:
        raise typer.Exit(1)


# -- reading -------------------------------------------------------------------------


def bundled_sources() -> list[Source]:
    from ..samples import sample_files
    from ..sources.reader import decode

    return [
        Source(f"samples/{f.name}", lambda f=f: decode(f.read_bytes(), f"samples/{f.name}"))
        for f in sample_files()
    ]


def path_sources(paths: list[Path]) -> list[Source]:
    """Files as given (whatever their suffix), folders expanded to their ``.txt`` files."""
    from ..sources.reader import read_text

    files: list[Path] = []
    for p in paths:
        files.extend(sorted(q for q in p.rglob("*.txt") if q.is_file()) if p.is_dir() else [p])
    return [Source(str(f), lambda f=f: read_text(f)) for f in files]


def analyse(
    pipeline: Pipeline, sources: list[Source], err: Console
) -> tuple[list[tuple[str, Document]], int]:
    """Run the batched pipeline over ``sources`` with a progress bar; skip (and say) what cannot be read."""
    from ..sources.reader import make_document

    labels: deque[str] = deque()  # Pipeline.pipe keeps order, so labels leave in the order they came
    skipped = 0
    analysed: list[tuple[str, Document]] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("Analysing", total=len(sources))

        def documents() -> Iterator[Document]:
            nonlocal skipped
            for source in sources:
                try:
                    document = make_document(source.read())
                except SitrepError as exc:
                    skipped += 1
                    progress.console.print(Text(skip_line(source.label, exc)), soft_wrap=True)
                    progress.advance(task)
                    continue
                labels.append(source.label)
                yield document

        for document in pipeline.pipe(documents()):
            analysed.append((labels.popleft(), document))
            progress.advance(task)
    return analysed, skipped


def skip_line(label: str, exc: SitrepError) -> str:
    """``sitrep: skipped: [E001] path: reason``, naming the path once."""
    message = exc.message if exc.message.startswith(label) else f"{label}: {exc.message}"
    return f"sitrep: skipped: [{exc.code}] {clean(message)}"


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="progress.data.speed")


# -- the report ----------------------------------------------------------------------

_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}


def render_report(
    analysed: list[tuple[str, Document]], console: Console, *, as_of: date | None = None, top: int = 15
) -> None:
    """Articles, timeline, statements by speaker, open forecasts and top entities across all articles.

    Rows name their article by number (``#2``) so the tables stay narrow; the first table is the key.
    """
    days = [r for _, d in analysed if (r := d.published_range)]
    as_of = as_of or (max(r[1] for r in days) if days else date.today())
    span = f", published {min(r[0] for r in days)} – {max(r[1] for r in days)}" if days else ""
    console.print(Text(f"Situation report: {len(analysed)} article(s){span}", style="bold"))
    numbered = [(f"#{n}", d) for n, (_, d) in enumerate(analysed, 1)]
    for table in (
        _articles(analysed),
        _timeline(numbered),
        _statements(numbered),
        _forecasts(numbered, as_of),
        _entities(numbered, top),
    ):
        if table.row_count:
            console.print(table)
        else:
            console.print(
                Text(f"{table.title}: none" + (f" ({table.caption})" if table.caption else ""), style="dim")
            )


def _articles(analysed: list[tuple[str, Document]]) -> Table:
    table = new_table("Articles", ("#", "published", "article"))
    _no_wrap(table, "#", "published")
    for n, (label, d) in enumerate(analysed, 1):
        rng = d.published_range
        published = "" if not rng else interval(*rng) + ("" if d.published else " (inferred)")
        article = cell(d.title or d.id, 100, style="bold")
        found = f"{len(d.events)} events, {len(d.statements)} statements, {len(d.forecasts)} forecasts"
        article.append("\n" + clean(f"{label} · {found}"), style="dim")
        table.add_row(f"#{n}", published, article)
    return table


def _timeline(numbered: list[tuple[str, Document]]) -> Table:
    rows = []
    for ref, d in numbered:
        published = d.published_range[1] if d.published_range else None
        for e in d.events:
            t = e.time
            start = (t.start or t.end) if t else None
            if start:
                shown = Text(interval(t.start, t.end))
            else:  # a reported event happened on or before the day it was reported
                shown = Text(f"≤{published}" if published else "undated", style="dim")
            rows.append((start or published or date.max, shown, d, e, ref))
    table = new_table("Timeline", ("date", "event", "summary", "#", "evidence"))
    _no_wrap(table, "date", "event", "#")
    for _, shown, d, e, ref in sorted(rows, key=lambda r: (r[0], r[1].plain)):
        kind = cell(e.type, style="bold")
        if e.modality != "asserted":  # the force of the claim, under its type: hedged, negated ...
            kind.append("\n" + clean(e.modality), style="italic")
        table.add_row(shown, kind, cell(e.summary(d)), ref, cell(e.evidence.sentence, 140))
    return table


def _statements(numbered: list[tuple[str, Document]]) -> Table:
    groups: dict[str, list] = defaultdict(list)
    for ref, d in numbered:
        for s in d.statements:
            entity = d.entity(s.speaker)
            key = ((entity.kb_id or entity.name) if entity else clean(s.speaker_text)).lower()
            if key in _PRONOUNS:  # an unresolved "he" is someone else in every article
                key = f"{ref} {key}"
            groups[key].append((d, s, ref))
    table = new_table("Statements by speaker", ("speaker", "date", "act", "content", "#"))
    _no_wrap(table, "#")
    for items in sorted(groups.values(), key=lambda g: -len(g)):
        for n, (d, s, ref) in enumerate(items):
            entity = d.entity(s.speaker)
            speaker = Text("")
            if n == 0:
                speaker = cell(entity_name(d, s.speaker, s.speaker_text), style="bold")
                role = s.role or (entity.role if entity else None)
                if role:
                    speaker.append("\n" + clean(role), style="dim")
            act = s.act if s.modality == "asserted" else f"{s.act} ({s.modality})"
            table.add_row(
                speaker,
                cell(when(s.time)),
                cell(act),
                cell(s.content, 160),
                ref,
                end_section=n == len(items) - 1,
            )
    return table


def _forecasts(numbered: list[tuple[str, Document]], as_of: date) -> Table:
    open_, lapsed, unwindowed = [], 0, 0
    for ref, d in numbered:
        for f in d.forecasts:
            if not (f.window_start or f.window_end):
                unwindowed += 1
            elif f.window_end and f.window_end < as_of:
                lapsed += 1
            else:
                open_.append((f.window_end or date.max, d, f, ref))
    table = new_table("Open forecasts", ("window", "by", "claim", "modality", "#"))
    table.caption = f"as of {as_of}; not shown: {lapsed} lapsed, {unwindowed} without a window"
    _no_wrap(table, "#")
    for _, d, f, ref in sorted(open_, key=lambda r: r[0]):
        table.add_row(
            cell(interval(f.window_start, f.window_end)),
            cell(forecaster(d, f)),
            cell(f.claim, 160),
            cell(f.modality),
            ref,
        )
    return table


def _entities(numbered: list[tuple[str, Document]], top: int) -> Table:
    mentions: dict[tuple[str, str], int] = defaultdict(int)
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    first = {}
    for ref, d in numbered:
        for e in d.entities:
            key = (e.kb_id or e.name.lower(), e.type)
            mentions[key] += len(e.mentions)
            articles[key].add(ref)
            first.setdefault(key, e)
    table = new_table(f"Top {top} entities", ("name", "type", "country", "role", "mentions", "articles"))
    for key in sorted(mentions, key=lambda k: (-mentions[k], -len(articles[k]), k))[:top]:
        e = first[key]
        table.add_row(
            cell(e.name, style="bold"),
            cell(e.type),
            cell(e.country),
            cell(e.role),
            str(mentions[key]),
            str(len(articles[key])),
        )
    return table


def _no_wrap(table: Table, *names: str) -> None:
    for column in table.columns:
        if column.header in names:
            column.no_wrap = True
