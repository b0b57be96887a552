"""``sitrep ingest PATH...``: articles into the database, each exactly once, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app
from .db import db_option, open_db


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .md .html .jsonl .csv (rows).")],
    db: str = db_option(),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes running the pipeline."),
    model: str = typer.Option(None, "--model", help="spaCy model name or path."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar; the summary only."),
) -> None:
    """Analyse and store articles. Already stored ones (same text or URL) are skipped; bad files are reported."""
    from .. import Config
    from ..store import ingest as run_ingest
    from ..store import sources

    store = open_db(db)
    config = Config(model=model) if model else Config()
    with _progress(sources.count(paths), quiet) as notify:
        stats = run_ingest(store, sources.read(paths, config.max_bytes), config=config, workers=workers,
                           progress=notify)  # fmt: skip
    report(stats, "stored")
    if stats.failures and not stats.stored and not stats.duplicates:
        raise typer.Exit(1)


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


class _progress:
    """A Rich progress bar with articles/s, fed by the ingest's per-article callback."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.quiet = total, quiet

    def __enter__(self):
        if self.quiet:
            return lambda outcome, origin: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} articles/s"), TimeRemainingColumn(), transient=False,
        )  # fmt: skip
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
