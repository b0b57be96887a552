"""``sitrep ingest PATH... | --url URL | --feed URL``: articles into the database, each exactly once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import db_option, fail, open_db


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders: .txt .md .html .jsonl .csv (rows).")
    ] = None,
    url: list[str] = typer.Option(None, "--url", help="A web page to fetch and store (repeatable)."),
    feed: list[str] = typer.Option(
        None, "--feed", help="An RSS/Atom feed: store every new item (repeatable)."
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Let --url/--feed fetch from loopback and private addresses."
    ),
    db: str = db_option(),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes running the pipeline."),
    dask: str = typer.Option(
        None, "--dask", help="Run the pipeline on Dask: 'local' (a LocalCluster) or tcp://scheduler:8786."
    ),
    model: str = typer.Option(None, "--model", help="spaCy model name or path."),
    lang: str = typer.Option(
        None, "--lang", help="Read every article as this language (en, ru, uk) instead of the detected one."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar; the summary only."),
) -> None:
    """Analyse and store articles. Already stored ones (same text or URL) are skipped; bad files are reported."""
    from .. import Config, sources
    from ..errors import SitrepError
    from ..store import ingest as run_ingest

    paths, urls, feeds = paths or [], url or [], feed or []
    if not (paths or urls or feeds):
        typer.echo("sitrep: error: give files or folders, --url URL or --feed URL", err=True)
        raise typer.Exit(2)
    store = open_db(db)
    config = Config(model=model, language=lang) if model else Config(language=lang)
    items = _items(store, paths, urls, feeds, allow_private, config.max_bytes)
    total = sources.count(paths) + len(urls) if not feeds else 0
    try:
        with _progress(total, quiet) as notify:
            stats = run_ingest(store, items, config=config, workers=workers, dask=dask, progress=notify)
    except SitrepError as exc:
        raise fail(exc) from None
    report(stats, "stored")
    if stats.failures and not stats.stored and not stats.duplicates:
        raise typer.Exit(1)


def _items(store, paths: list[Path], urls: list[str], feeds: list[str], allow_private: bool, max_bytes: int):
    """Files first, then pages, then feed items: one stream, so one summary covers them all."""
    from .. import sources
    from ..store.ingest import url_stored

    if paths:
        yield from sources.read(paths, max_bytes)
    if urls:
        from ..sources.fetch import read_urls

        yield from read_urls(urls, allow_private=allow_private)
    for address in feeds:
        from ..sources.feeds import read_feed

        yield from read_feed(address, allow_private=allow_private, seen=lambda link: url_stored(store, link))


def report(stats, verb: str) -> None:
    """The summary a user reads after a run: counts, rate, and every failure with its reason."""
    from rich.console import Console

    from .render import clean

    console = Console(stderr=True, highlight=False, soft_wrap=True)  # paths stay on one line, greppable
    for f in stats.failures:
        console.print(f"[red]skipped[/] {clean(f.origin)}: {clean(f.reason)}", markup=True)
    console.print(
        f"{stats.stored} {verb} ({stats.near_duplicates} near-duplicates linked), "
        f"{stats.duplicates} already stored, {len(stats.failures)} failed "
        f"in {stats.seconds:.1f}s ({stats.rate:.1f} articles/s)"
    )
    triggers = stats.hooks.get("sitrep.hypotheses.watch:record_triggers")
    if triggers:
        console.print(f"{triggers} new indicator trigger(s); see `sitrep watch`")


class _progress:
    """A Rich progress bar with articles/s, fed by the ingest's per-article callback."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.quiet = total, quiet

    def __enter__(self):
        if self.quiet:
            return lambda outcome, origin: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} articles/s"),
            TimeRemainingColumn(),
            transient=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("ingest", total=self.total or None, rate=0.0)
        return self._advance

    def _advance(self, outcome: str, origin: str) -> None:
        self.bar.advance(self.task)
        task = self.bar.tasks[0]
        self.bar.update(self.task, rate=(task.completed / task.elapsed) if task.elapsed else 0.0)

    def __exit__(self, *exc) -> None:
        if not self.quiet:
            self.bar.stop()
