"""``sitrep reanalyze``: the stored articles through the current pipeline again; reviews are kept."""

from __future__ import annotations

import typer

from . import app
from .common import db_option, open_db


@app.command()
def reanalyze(
    db: str = db_option(),
    outdated: bool = typer.Option(
        False, "--outdated", help="Only documents analysed by another pipeline version."
    ),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes running the pipeline."),
    model: str = typer.Option(None, "--model", help="spaCy model name or path."),
) -> None:
    """Replace every document's machine facts with the current pipeline's; analysts' reviews stay."""
    from .. import Config
    from ..store import count_documents
    from ..store import reanalyze as run
    from .ingest import _progress, report

    store = open_db(db)
    total = count_documents(store)
    config = Config(model=model) if model else Config()
    with _progress(total, False) as notify:
        stats = run(store, config=config, workers=workers, outdated_only=outdated, progress=notify)
    report(stats, "re-analysed")
