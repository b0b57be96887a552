"""The pipeline: a list of named stages, each ``Document -> Document``.

Stages register a factory under a name (as spaCy components do); the factory
receives the shared :class:`Resources` once and returns the callable that runs
per document. ``Pipeline.pipe`` batches the spaCy parse, then runs our stages. Each document goes
through the stages of its language (``Config.language_stages``; English: ``Config.stages``); one in a
language without a front end is marked "not analysed: language xx" and gets no facts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language

from ..config import Config
from ..errors import UnknownStage
from ..model import Document
from ..nlp import load_model
from ..sources.language import DEFAULT, detect_language, normalise_language, not_read_status
from .long_sentences import SENTENCE_CAP_COMPONENT, blank_blobs

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
        nlp = load_model(self.config.model_candidates(), self.config.memo_rules)
        if "parser" in nlp.pipe_names and SENTENCE_CAP_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(SENTENCE_CAP_COMPONENT, before="parser")  # after the paragraph rule
        # The input limit is ours (Config.max_bytes); long texts stay linear through the cap.
        nlp.max_length = max(nlp.max_length, self.config.max_bytes)
        return nlp

    @functools.cached_property
    def kb(self):  # -> KnowledgeBase; imported lazily to keep start-up fast
        from ..knowledge import load_knowledge_base

        return load_knowledge_base()


class Pipeline:
    def __init__(self, config: Config | None = None) -> None:
        _import_stages()
        self.config = config or Config()
        self.resources = Resources(self.config)
        every = [*self.config.stages, *(s for ss in self.config.language_stages.values() for s in ss)]
        unknown = [s for s in every if s not in _REGISTRY]
        if unknown:
            raise UnknownStage(f"unknown pipeline stage(s) {unknown}; known: {sorted(_REGISTRY)}")
        self.stage_names = tuple(s for s in self.config.stages if s != "parse")
        self.stages: list[Stage] = [_REGISTRY[s](self.resources) for s in self.stage_names]
        self._language_stages: dict[str, list[Stage]] = {}  # built when a document first needs them

    def __call__(self, document: Document) -> Document:
        return next(iter(self.pipe([document])))

    def pipe(self, documents: Iterable[Document]) -> Iterator[Document]:
        """Analyse many documents in input order, batching the spaCy parse of the English ones.

        The model reads each text with blobs blanked and sentences capped in length
        (:mod:`.long_sentences`), so no input makes a stage quadratic.
        """
        stream = iter(documents)
        while chunk := list(islice(stream, self.config.batch_size)):
            for document in chunk:
                self._set_language(document)
            english = iter(self._english([d for d in chunk if d.language == DEFAULT]))
            for document in chunk:
                if document.language == DEFAULT:
                    yield next(english)
                elif document.language in self.config.language_stages:
                    yield self._other(document)
                else:
                    document.analysis_status = not_read_status(document.language or "unknown")
                    yield document

    def _set_language(self, document: Document) -> None:
        """The configured language overrides; an unknown one is detected; a read one clears the status."""
        forced = normalise_language(self.config.language)
        if forced:
            document.language = forced
        elif not document.language:
            document.language = detect_language(document.analysis_text[document.body_start :])
        document.analysis_status = None

    def _english(self, documents: list[Document]) -> Iterator[Document]:
        nlp = self.resources.nlp
        pairs = ((blank_blobs(d.analysis_text), d) for d in documents)
        for parsed, document in nlp.pipe(pairs, as_tuples=True, batch_size=self.config.batch_size):
            document.spacy_doc = parsed
            for run in self.stages:
                document = run(document)
            yield document

    def _other(self, document: Document) -> Document:
        language = document.language or ""
        if language not in self._language_stages:
            names = self.config.language_stages[language]
            self._language_stages[language] = [_REGISTRY[s](self.resources) for s in names]
        for run in self._language_stages[language]:
            document = run(document)
        return document


def _import_stages() -> None:
    # Importing the modules runs their @stage decorators.
    from . import acled, dating, entities, events, forecasts, places, quantities, slavic, statements, times  # noqa: F401


@stage("parse")
def _parse(resources: Resources) -> Stage:
    # The parse itself runs batched in Pipeline.pipe; the name keeps it visible in the config.
    return lambda document: document
