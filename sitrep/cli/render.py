"""Rich rendering of a Document for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..model import Document


def render_document(document: Document, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]{document.title or document.id}[/bold]")
    table = Table(title="Events")
    for col in ("type", "actors", "time", "modality", "evidence"):
        table.add_column(col)
    for e in document.events:
        table.add_row(e.type, ", ".join(e.actors), e.time.text if e.time else "", e.modality, e.evidence.sentence)
    console.print(table)
