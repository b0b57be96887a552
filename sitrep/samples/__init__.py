"""The sample articles that ship with sitrep, so a fresh install has something to analyse."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc is 3.11+; only the annotation needs it
    from importlib.resources.abc import Traversable


def sample_files() -> list[Traversable]:
    """Every bundled ``.txt`` article, sorted by name (stable order for reports and benchmarks)."""
    return sorted((f for f in files(__name__).iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
