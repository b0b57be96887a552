"""Stage `statements` (placeholder: filled in by its own change)."""

from __future__ import annotations

from ..model import Document
from . import Resources, Stage, stage


@stage("statements")
def make_statements(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        return document

    return run
