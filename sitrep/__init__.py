"""sitrep: conflict-intelligence workbench. Articles in; sourced, dated, typed facts out."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .config import VERSION, Config
from .errors import SitrepError
from .model import Document, Entity, Event, Forecast, Quantity, Statement, TimeExpression

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = [
    "Config",
    "Document",
    "Entity",
    "Event",
    "Forecast",
    "Pipeline",
    "Quantity",
    "SitrepError",
    "Statement",
    "TimeExpression",
    "analyze",
    "get_pipeline",
]

__version__ = VERSION

_default_pipeline: Pipeline | None = None


def __getattr__(name: str) -> Any:
    """``sitrep.Pipeline`` on first use: importing sitrep (every CLI command) must not load spaCy."""
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")


def get_pipeline() -> Pipeline:
    """The process-wide default pipeline (model and knowledge base loaded once)."""
    from .pipeline import Pipeline

    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline(Config())
    return _default_pipeline


def analyze(
    text: str,
    *,
    published: date | None = None,
    title: str | None = None,
    source: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one article's text and return the enriched Document."""
    from .sources.reader import make_document

    document = make_document(text, title=title, published=published, source=source)
    return (pipeline or get_pipeline())(document)
