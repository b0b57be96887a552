"""Stage `events` (placeholder: filled in by its own change)."""

from __future__ import annotations

from ..model import Document
from . import Resources, Stage, stage


@stage("events")
def make_events(resources: Resources) -> Stage:
    def run(document: Document) -> Document:
        return document

    return run
