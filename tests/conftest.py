"""Shared fixtures: one pipeline per test session (the model loads once)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import sitrep
from sitrep.model import Document
from sitrep.sources.reader import make_document

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
SEED = SHARED / "corpus" / "seed" / "belarus-trapped-in-putins-plans.txt"


def seed_text() -> str:
    """The seed article from ../shared; tests that need it skip with the reason when it is absent."""
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (set SITREP_SHARED to the shared folder)")
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def pipeline() -> sitrep.Pipeline:
    return sitrep.get_pipeline()


@pytest.fixture(scope="session")
def analyze(pipeline):
    """Analyse a text with the full pipeline: ``analyze(text, published=date(...))``."""

    def run(text: str, published: date | None = None) -> Document:
        return pipeline(make_document(text, published=published))

    return run


@pytest.fixture(scope="session")
def seed_document(pipeline) -> Document:
    return pipeline(make_document(seed_text()))
