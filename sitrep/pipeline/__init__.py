"""The pipeline: a list of named stages, each ``Document -> Document``.

Stages register a factory under a name (as spaCy components do); the factory
receives the shared :class:`Resources` once and returns the callable that runs
per document. ``Pipeline.pipe`` batches the spaCy parse, then runs our stages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from ..config import Config
from ..errors import UnknownStage
from ..model import Document
from ..nlp import load_model

Stage = Callable[[Document], Document]
StageFactory = Callable[["Resources"], Stage]

_REGISTRY: dict[str, StageFactory] = {}


def stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name``."""

    def register(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = factory
        return factory

    return register


@dataclass
class Resources:
    """What stages share, loaded once per process: the config, the model, the knowledge base."""

    config: Config

    @functools.cached_property
    def nlp(self) -> Language:
        return load_model(self.config.model_candidates())

    @functools.cached_property
    def kb(self):  # -> KnowledgeBase; imported lazily to keep start-up fast
        from ..knowledge import load_knowledge_base

        return load_knowledge_base()


class Pipeline:
    def __init__(self, config: Config | None = None) -> None:
        _import_stages()
        self.config = config or Config()
        self.resources = Resources(self.config)
        unknown = [s for s in self.config.stages if s not in _REGISTRY]
        if unknown:
            raise UnknownStage(f"unknown pipeline stage(s) {unknown}; known: {sorted(_REGISTRY)}")
        self.stage_names = tuple(s for s in self.config.stages if s != "parse")
        self.stages: list[Stage] = [_REGISTRY[s](self.resources) for s in self.stage_names]

    def __call__(self, document: Document) -> Document:
        return next(iter(self.pipe([document])))

    def pipe(self, documents: Iterable[Document]) -> Iterator[Document]:
        """Analyse many documents, batching the spaCy parse."""
        nlp = self.resources.nlp
        pairs = ((d.analysis_text, d) for d in documents)
        for parsed, document in nlp.pipe(pairs, as_tuples=True, batch_size=self.config.batch_size):
            document.spacy_doc = parsed
            for run in self.stages:
                document = run(document)
            yield document


def _import_stages() -> None:
    # Importing the modules runs their @stage decorators.
    from . import entities, events, forecasts, places, quantities, statements, times  # noqa: F401


@stage("parse")
def _parse(resources: Resources) -> Stage:
    # The parse itself runs batched in Pipeline.pipe; the name keeps it visible in the config.
    return lambda document: document
